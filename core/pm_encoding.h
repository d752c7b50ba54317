/* pm_encoding — the character sets data text comes in (a layer's
 * "encoding": GBK, BIG5, LATIN1, any name iconv knows) and its conversion
 * to UTF-8, the one text planmap draws and writes (encoding.c). */
#ifndef PM_ENCODING_H
#define PM_ENCODING_H

#include <stddef.h>

/* 1 when iconv can read text in `name` into UTF-8 (names are compared
 * without case: "gbk" is "GBK"). */
int pm_encoding_known(const char *name);
/* 1 when `name` is UTF-8 under one of its spellings ("UTF-8", "utf8"):
 * text that needs no conversion. */
int pm_encoding_is_utf8(const char *name);
/* The common encoding name nearest to an unknown `name` (a typo: "GBKK"),
 * or NULL: for "did you mean". */
const char *pm_encoding_nearest(const char *name);
/* 1 when the n bytes at s are well-formed UTF-8 (no overlong forms, no
 * surrogates). */
int pm_utf8_valid(const char *s, size_t n);

/* A converter from one encoding to UTF-8, for the many values of a source.
 * Not shared between threads (iconv keeps state). */
typedef struct pm_recoder pm_recoder;
/* NULL when the encoding is unknown or memory is short. */
pm_recoder *pm_recoder_open(const char *from);
/* The n bytes at s as UTF-8 in a malloc'd NUL-terminated string (its
 * length in *out_len when out_len is not NULL), or NULL when they are not
 * valid text in the recoder's encoding or memory is short. */
char *pm_recoder_run(pm_recoder *r, const char *s, size_t n, size_t *out_len);
void pm_recoder_close(pm_recoder *r);
/* One text through a recoder of its own. */
char *pm_recode(const char *s, size_t n, const char *from, size_t *out_len);

#endif
