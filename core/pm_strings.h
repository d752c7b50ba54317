/* pm_strings — copies of strings, string vectors and a growing text buffer,
 * shared by every module above core. */
#ifndef PM_STRINGS_H
#define PM_STRINGS_H

#include <stdarg.h>
#include <stddef.h>

/* malloc'd copy of s, NULL when out of memory. */
char *pm_strdup(const char *s);
/* Free the first n strings of v and v itself (v may be NULL). */
void pm_strv_free(char **v, int n);
/* 1 when UTF-8 text s holds a Chinese (Han) character, e.g. a name_en that
 * is not English. */
int pm_utf8_has_han(const char *s);
/* 1 when the code point is a Chinese (Han) character. */
int pm_utf8_is_han(unsigned cp);
/* Where `name` stands in the NULL-terminated list `names` (compared without
 * ASCII case when `fold_ascii`), or -1: not there, or name is NULL. The one
 * lookup from a name to an enum or a table row. */
int pm_name_index(const char *name, const char *const *names, int fold_ascii);
/* 1 when the name `path` ends in `ext` (".gpkg"; ASCII case ignored) after
 * at least one byte of its own; 0 for NULL. */
int pm_has_ext(const char *path, const char *ext);
/* Bytes of the longest prefix of s, at most max bytes, that ends between two
 * characters: where a short form of a text is cut, no character is split. */
size_t pm_utf8_prefix(const char *s, size_t max);
/* Bytes (2-4) of the well-formed multi-byte UTF-8 character at s, its code
 * point in *cp; 0 when s does not start one (error.c). */
int pm_utf8_length(const unsigned char *s, unsigned *cp);
/* Ends the line that starts at p where it ends (LF, CRLF or a bare CR, as
 * old Mac texts write it: all three are one line break) and returns where
 * the next line starts, or NULL at the text's end. A plan text's lines are
 * numbered by this one rule wherever they are cited or checked. */
char *pm_line_cut(char *p);

/* Edit distance (insert, delete, replace, swap two neighbours) between two
 * UTF-8 texts, counted in code points ("类别"/"类型" is 1); PM_FAR for texts
 * of more than 63 code points (nearest.c). */
#define PM_FAR 1000
int pm_utf8_distance(const char *a, const char *b);
/* The name in `names` nearest to `word` if it is plausibly a typo of it
 * (one edit for words under four code points, two for longer ones, never a
 * whole-word replacement), else NULL. `n` names, or n < 0: the list ends
 * with NULL. The first of equally near names wins. */
const char *pm_nearest_name(const char *word, const char *const *names, int n);

/* Append-only text (sbuf.c). A failed allocation is remembered (nomem), so
 * a writer checks once, at pm_sbuf_take, instead of after every line. Start
 * from {0}. */
typedef struct pm_sbuf {
    char *s;
    size_t len, cap;
    int nomem;        /* sticky: any failed append poisons the buffer */
} pm_sbuf;

void pm_sbuf_add(pm_sbuf *b, const char *text);
/* Append n bytes, which may hold NULs (a PDF stream). */
void pm_sbuf_addn(pm_sbuf *b, const char *data, size_t n);
void pm_sbuf_addf(pm_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pm_sbuf_vaddf(pm_sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* printf-style text of any length in a malloc'd string (caller frees), or
 * NULL when out of memory: a variadic function's message kept whole. */
char *pm_vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Append with XML escaping (&, <, >, ", '). */
void pm_sbuf_xml(pm_sbuf *b, const char *text);
/* Append as a JSON string, quotes included: '"', '\\' and control
 * characters escaped; a byte that is not UTF-8 becomes U+FFFD, so the
 * document stays valid whatever the data holds. */
void pm_sbuf_json(pm_sbuf *b, const char *text);
/* The text (caller frees), or NULL after an allocation failure. */
char *pm_sbuf_take(pm_sbuf *b);

#endif
