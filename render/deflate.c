/* pm_deflater — raw deflate for the PNG bands (deflate_internal.h).
 *
 * ISA-L's igzip at its level 2 deflates a 2000 × 1500 map 4-6 times faster
 * than zlib at level 2 (bench points 18 ms instead of 87, a zoomed batch map
 * 10 instead of 51, everything at once 28 instead of 169, one core) for
 * files 5-20 % larger; it is what a map's encoding costs then, not deflate. */
#include "deflate_internal.h"
#include "pm_render.h"
#include "pm_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#ifdef PM_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

struct pm_deflater {
    int fast;
    z_stream z;
#ifdef PM_HAVE_ISAL
    struct isal_zstream *isal;
    unsigned char *level_buf;
#endif
};

pm_deflater *pm_deflater_create(int fast)
{
    pm_deflater *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
#ifdef PM_HAVE_ISAL
    if (fast) {
        /* Zeroed, so that nothing igzip's state holds before it writes it
         * depends on what the heap held: the same map gives the same file.
         * (One render in some hundred of a bundled map once deflated to a
         * different, equally valid, stream; not seen again since.) */
        d->isal = calloc(1, sizeof *d->isal);
        d->level_buf = calloc(1, ISAL_DEF_LVL2_DEFAULT);
        if (!d->isal || !d->level_buf) {
            pm_deflater_destroy(d);
            return NULL;
        }
        isal_deflate_init(d->isal);
        d->isal->level = PM_DEFLATE_LEVEL;
        d->isal->level_buf = d->level_buf;
        d->isal->level_buf_size = ISAL_DEF_LVL2_DEFAULT;
        d->isal->gzip_flag = IGZIP_DEFLATE;
        d->fast = 1;
        return d;
    }
#else
    (void)fast;
#endif
    if (deflateInit2(&d->z, PM_DEFLATE_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(d);
        return NULL;
    }
    return d;
}

void pm_deflater_destroy(pm_deflater *d)
{
    if (!d)
        return;
#ifdef PM_HAVE_ISAL
    PM_FREE_ALL(d->isal, d->level_buf);
#endif
    if (!d->fast)
        deflateEnd(&d->z);
    free(d);
}

int pm_deflater_is_fast(const pm_deflater *d)
{
    return d->fast;
}

int pm_deflate_fast(const pm_context *ctx)
{
#ifdef PM_HAVE_ISAL
    /* zlib: smaller files for more time. */
    return pm_context_png_deflate(ctx) != PM_PNG_DEFLATE_ZLIB;
#else
    (void)ctx;
    return 0;
#endif
}

uint32_t pm_deflate_adler32(uint32_t adler, const unsigned char *buf, size_t len)
{
#ifdef PM_HAVE_ISAL
    /* Vectorised: zlib's took 1.5 % of a batch's time. */
    return isal_adler32(adler, buf, len);
#else
    while (len > 0) {
        uInt n = len > (1u << 30) ? 1u << 30 : (uInt)len;
        adler = (uint32_t)adler32(adler, buf, n);
        buf += n;
        len -= n;
    }
    return adler;
#endif
}

int pm_deflater_set_dict(pm_deflater *d, const unsigned char *dict, size_t len)
{
#ifdef PM_HAVE_ISAL
    if (d->fast)
        return isal_deflate_set_dict(d->isal, (uint8_t *)dict, (uint32_t)len) == COMP_OK;
#endif
    return deflateSetDictionary(&d->z, dict, (uInt)len) == Z_OK;
}

#ifdef PM_HAVE_ISAL
static int run_isal(struct isal_zstream *s, const unsigned char **in, size_t *in_len,
                    unsigned char **out, size_t *out_len, pm_deflate_flush flush)
{
    s->next_in = (uint8_t *)*in;
    s->avail_in = (uint32_t)*in_len;
    s->next_out = *out;
    s->avail_out = (uint32_t)*out_len;
    s->flush = flush == PM_DEFLATE_SYNC ? SYNC_FLUSH : NO_FLUSH;
    s->end_of_stream = flush == PM_DEFLATE_FINISH;
    int err = isal_deflate(s);
    *in = s->next_in;
    *in_len = s->avail_in;
    *out = s->next_out;
    *out_len = s->avail_out;
    if (err != COMP_OK)
        return -1;
    /* A flush is done once the output is not full (ISA-L's own rule). */
    if (flush == PM_DEFLATE_FINISH)
        return s->internal_state.state == ZSTATE_END;
    return s->avail_in == 0 && s->avail_out > 0;
}
#endif

int pm_deflater_run(pm_deflater *d, const unsigned char **in, size_t *in_len, unsigned char **out,
                    size_t *out_len, pm_deflate_flush flush)
{
#ifdef PM_HAVE_ISAL
    if (d->fast)
        return run_isal(d->isal, in, in_len, out, out_len, flush);
#endif
    z_stream *z = &d->z;
    z->next_in = (Bytef *)*in;
    z->avail_in = (uInt)*in_len;
    z->next_out = *out;
    z->avail_out = (uInt)*out_len;
    int mode = flush == PM_DEFLATE_FINISH ? Z_FINISH : flush == PM_DEFLATE_SYNC ? Z_SYNC_FLUSH
                                                                               : Z_NO_FLUSH;
    int err = deflate(z, mode);
    *in = z->next_in;
    *in_len = z->avail_in;
    *out = z->next_out;
    *out_len = z->avail_out;
    if (err != Z_OK && err != Z_STREAM_END && err != Z_BUF_ERROR)
        return -1;
    if (flush == PM_DEFLATE_FINISH)
        return err == Z_STREAM_END;
    return z->avail_in == 0 && z->avail_out > 0;
}
