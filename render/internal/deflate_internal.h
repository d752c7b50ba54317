/* Raw deflate (no zlib header or trailer) for the PNG writer's bands,
 * through Intel's ISA-L igzip where planmap was built with it, else zlib.
 *
 * Both give a 32 KiB window, a preset dictionary (the band before) and a
 * sync flush that ends a band byte-aligned and not final, so bands joined
 * make one stream either way. Not shared between threads. */
#ifndef PM_DEFLATE_INTERNAL_H
#define PM_DEFLATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pm_context.h"

/* zlib's level (and ISA-L's, where built in): see render/png.c. */
#define PM_DEFLATE_LEVEL 2

typedef enum pm_deflate_flush {
    PM_DEFLATE_MORE,    /* more input follows */
    PM_DEFLATE_SYNC,    /* end of a band that others follow */
    PM_DEFLATE_FINISH   /* end of the stream */
} pm_deflate_flush;

typedef struct pm_deflater pm_deflater;

/* `fast`: ISA-L if built in (1 if it is used), else zlib at level 2. NULL
 * when out of memory. */
pm_deflater *pm_deflater_create(int fast);
void pm_deflater_destroy(pm_deflater *d);
/* 1 if this one deflates through ISA-L. */
int pm_deflater_is_fast(const pm_deflater *d);
/* 1 if PNGs are deflated through ISA-L: planmap was built with it and the
 * context does not ask for zlib (NULL: the default). */
int pm_deflate_fast(const pm_context *ctx);
/* The zlib stream's checksum (Adler-32) grown by buf[0..len); 1 to start.
 * ISA-L's where built in, else zlib's: the same number. */
uint32_t pm_deflate_adler32(uint32_t adler, const unsigned char *buf, size_t len);
/* The bytes the decoder has already seen, for matches to refer back to. */
int pm_deflater_set_dict(pm_deflater *d, const unsigned char *dict, size_t len);

/* Deflate from in/in_len into out/out_len (both advanced). Returns 1 when
 * the input is taken in and, for SYNC or FINISH, all of it flushed; 0 when
 * the output ran out first (give more room and call again with the rest);
 * -1 on an error. */
int pm_deflater_run(pm_deflater *d, const unsigned char **in, size_t *in_len, unsigned char **out,
                    size_t *out_len, pm_deflate_flush flush);

#endif
