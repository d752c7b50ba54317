/* A PNG written with zlib directly rather than cairo_surface_write_to_png_stream,
 * whose level 6 and adaptive filters took 10-30 % of a render: level 2 and
 * no filter, faster and smaller on maps, where flat fills and repeated
 * symbols repeat whole byte runs that deflate finds as they are and a
 * filter breaks up; where planmap is built with Intel's ISA-L its igzip
 * deflates instead (deflate.c). The measurements: bench/notes.md.
 *
 * Deflate runs on one core, so a large image is cut into bands of rows of
 * a size the image alone decides (band_count) and each band deflated on
 * its own, as pigz does: every band but the last ends on a sync flush
 * (byte-aligned, not final), so the raw streams joined make one zlib stream;
 * each starts a fresh deflater with the end of the one before as its
 * dictionary, so the cut costs next to nothing in size, and the Adler-32s are
 * combined. The cuts depend on the image alone, never on the threads that
 * deflate the bands: the same map gives the same bytes on one core or
 * four. The map's threads take a run of bands each; the first run goes
 * straight to the file, the others keep their compressed bytes until their
 * turn. */
#include "deflate_internal.h"
#include "render_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define PM_PNG_WINDOW 32768         /* how far back deflate can refer */
#define PM_PNG_IDAT (1 << 18)       /* compressed bytes per IDAT chunk */
#define PM_PNG_BLOCK (1 << 18)      /* a held strip's output grows by this */
#define PM_PNG_STRIP (1 << 20)      /* scanline bytes per band (zlib) ... */
#define PM_PNG_MAX_BANDS 8          /* ... up to this many: each costs a deflater's set-up */
#define PM_PNG_MAX_THREADS 4
#define PM_PNG_PAD 64                /* zeroed bytes after the scanline buffer */
/* Below this, threads cost about what they save (bench/notes.md). */
#define PM_PNG_MIN_ROWS 64
#define PM_PNG_MIN_PIXELS (1 << 17)

/* Cairo's pixels as PNG scanlines: a filter byte (0, none) and RGB or RGBA. */
typedef struct png_rows {
    const unsigned char *data;
    size_t stride;
    int width, height, alpha;
    size_t bytes;               /* one scanline */
    int threads;                /* the map's budget (its context) */
    int fast;                   /* deflate with ISA-L (the context's choice) */
} png_rows;

/* The file being written; its IDAT data is gathered into full chunks. */
typedef struct png_file {
    pm_writer *w;
    int write_errno;            /* the first failed write's reason */
    unsigned char *idat;        /* PM_PNG_IDAT bytes */
    size_t idat_len;
} png_file;

typedef struct png_band {
    const png_rows *rows;
    int y0, y1, last;
    png_file *stream;           /* the first run's: deflated into the file's chunks */
    unsigned char **blocks;     /* the others': compressed bytes, held */
    size_t n_blocks, tail;      /* bytes used in the last block */
    uLong adler;                /* of this band's scanlines */
    int zerr;                   /* Z_OK, Z_MEM_ERROR, Z_ERRNO (write failed) */
} png_band;

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* After a failed write nothing more is written: the caller reports it. */
static int png_chunk(png_file *f, const char *type, const unsigned char *data, size_t len)
{
    unsigned char head[8], crc[4];
    if (f->write_errno)
        return 0;
    put32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    uLong c = crc32(crc32(0, NULL, 0), head + 4, 4);
    /* crc32() takes no data as a request for its initial value. */
    put32(crc, (uint32_t)(len ? crc32(c, data, (uInt)len) : c));
    if (pm_writer_write(f->w, head, 8) != 0 || pm_writer_write(f->w, data, len) != 0 ||
        pm_writer_write(f->w, crc, 4) != 0) {
        f->write_errno = errno;
        return 0;
    }
    return 1;
}

static int idat_flush(png_file *f)
{
    int ok = f->idat_len == 0 || png_chunk(f, "IDAT", f->idat, f->idat_len);
    f->idat_len = 0;
    return ok;
}

static int idat_put(png_file *f, const unsigned char *data, size_t len)
{
    while (len > 0) {
        size_t n = PM_PNG_IDAT - f->idat_len < len ? PM_PNG_IDAT - f->idat_len : len;
        memcpy(f->idat + f->idat_len, data, n);
        f->idat_len += n;
        data += n;
        len -= n;
        if (f->idat_len == PM_PNG_IDAT && !idat_flush(f))
            return 0;
    }
    return 1;
}

/* Signature, IHDR, a white bKGD for viewers (as Cairo's writer gave) and the
 * DPI; no tIME or text chunks: the same map gives the same bytes. */
static int png_header(png_file *f, const png_rows *r, unsigned ppm)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char white[6] = {0, 255, 0, 255, 0, 255};
    unsigned char ihdr[13] = {0}, phys[9];
    put32(ihdr, (uint32_t)r->width);
    put32(ihdr + 4, (uint32_t)r->height);
    ihdr[8] = 8;
    ihdr[9] = r->alpha ? 6 : 2;   /* RGBA : RGB */
    put32(phys, ppm);
    put32(phys + 4, ppm);
    phys[8] = 1;                  /* per metre */
    if (pm_writer_write(f->w, sig, sizeof sig) != 0) {
        f->write_errno = errno;
        return 0;
    }
    return png_chunk(f, "IHDR", ihdr, sizeof ihdr) && png_chunk(f, "bKGD", white, sizeof white) &&
           (!ppm || png_chunk(f, "pHYs", phys, sizeof phys));
}

/* The zlib header deflate itself would write: 32 KiB window, FLEVEL from
 * the level as zlib's deflate.c sets it ("fast", as ISA-L's is too),
 * FCHECK to a multiple of 31. */
static int zlib_header(png_file *f)
{
    int flevel = PM_DEFLATE_LEVEL < 2 ? 0 : PM_DEFLATE_LEVEL < 6 ? 1 : PM_DEFLATE_LEVEL == 6 ? 2 : 3;
    unsigned h = 0x78u << 8 | (unsigned)flevel << 6;
    h += 31 - h % 31;
    unsigned char b[2] = {(unsigned char)(h >> 8), (unsigned char)h};
    return idat_put(f, b, 2);
}

/* Cairo's pixels are native-endian uint32 0xAARRGGBB, colour premultiplied
 * by alpha (RGB24: alpha byte unused). */
static const uint32_t *pixel_row(cairo_surface_t *s, int y)
{
    const unsigned char *data = cairo_image_surface_get_data(s);
    return (const uint32_t *)(data + (size_t)y * (size_t)cairo_image_surface_get_stride(s));
}

/* An ARGB32 map is usually fully opaque: then RGB saves a quarter of the
 * bytes and of the time, as Cairo's own writer did. */
static int needs_alpha(cairo_surface_t *s)
{
    if (cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32)
        return 0;
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = pixel_row(s, y);
        for (int x = 0; x < w; x++)
            if (px[x] < 0xff000000u)
                return 1;
    }
    return 0;
}

static void row_rgb(const uint32_t *px, int w, unsigned char *dst)
{
    for (int x = 0; x < w; x++, dst += 3) {
        dst[0] = (unsigned char)(px[x] >> 16);
        dst[1] = (unsigned char)(px[x] >> 8);
        dst[2] = (unsigned char)px[x];
    }
}

/* Un-premultiplied with Cairo's own rounding (unpremultiply_data in
 * cairo-png.c), so a PNG reads back to the same pixels as before. */
static void row_rgba(const uint32_t *px, int w, unsigned char *dst)
{
    for (int x = 0; x < w; x++, dst += 4) {
        uint32_t a = px[x] >> 24;
        if (a == 0) {
            memset(dst, 0, 4);
            continue;
        }
        dst[0] = (unsigned char)((((px[x] >> 16) & 0xff) * 255 + a / 2) / a);
        dst[1] = (unsigned char)((((px[x] >> 8) & 0xff) * 255 + a / 2) / a);
        dst[2] = (unsigned char)(((px[x] & 0xff) * 255 + a / 2) / a);
        dst[3] = (unsigned char)a;
    }
}

/* Rows y .. y+n-1 as scanlines into dst. */
static void scanlines(const png_rows *r, int y, int n, unsigned char *dst)
{
    for (int i = 0; i < n; i++, dst += r->bytes) {
        const uint32_t *px = (const uint32_t *)(r->data + (size_t)(y + i) * r->stride);
        dst[0] = 0;
        (r->alpha ? row_rgba : row_rgb)(px, r->width, dst + 1);
    }
}

/* Rows converted and deflated at a time: a window's worth, which is also
 * what the next band's dictionary needs. */
static int band_batch(const png_rows *r)
{
    return (int)((PM_PNG_WINDOW + r->bytes - 1) / r->bytes);
}

/* Where a band's compressed bytes go next. */
typedef struct band_out {
    unsigned char *next;
    size_t room;
} band_out;

/* Room for more output: the first band hands a full buffer to the file as an
 * IDAT chunk, a held band starts another block. */
static int band_room(png_band *b, band_out *o)
{
    if (b->stream) {
        b->stream->idat_len = PM_PNG_IDAT;
        if (!idat_flush(b->stream)) {
            b->zerr = Z_ERRNO;
            return 0;
        }
        o->next = b->stream->idat;
        o->room = PM_PNG_IDAT;
        return 1;
    }
    unsigned char **grown = realloc(b->blocks, (b->n_blocks + 1) * sizeof *grown);
    if (grown)
        b->blocks = grown;
    unsigned char *block = grown ? malloc(PM_PNG_BLOCK) : NULL;
    if (!block) {
        b->zerr = Z_MEM_ERROR;
        return 0;
    }
    b->blocks[b->n_blocks++] = block;
    o->next = block;
    o->room = PM_PNG_BLOCK;
    return 1;
}

static int band_deflate(png_band *b, pm_deflater *d, const unsigned char *in, size_t len,
                        band_out *o, pm_deflate_flush flush)
{
    for (;;) {
        if (o->room == 0 && !band_room(b, o))
            return 0;
        int done = pm_deflater_run(d, &in, &len, &o->next, &o->room, flush);
        if (done < 0) {
            b->zerr = Z_STREAM_ERROR;
            return 0;
        }
        if (done)
            return 1;
    }
}

/* The decoder still has the previous band's last window of bytes when this
 * band starts, so deflate may refer back to them, as pigz does. */
static int band_prime(png_band *b, pm_deflater *d, unsigned char *buf)
{
    const png_rows *r = b->rows;
    int n = band_batch(r) < b->y0 ? band_batch(r) : b->y0;
    size_t len = (size_t)n * r->bytes, use = len < PM_PNG_WINDOW ? len : PM_PNG_WINDOW;
    scanlines(r, b->y0 - n, n, buf);
    if (pm_deflater_set_dict(d, buf + len - use, use))
        return 1;
    b->zerr = Z_STREAM_ERROR;
    return 0;
}

static void band_compress(png_band *b, pm_deflater *d, unsigned char *buf)
{
    const png_rows *r = b->rows;
    int batch = band_batch(r);
    if (b->y0 > 0 && !band_prime(b, d, buf))
        return;
    band_out o = {NULL, 0};
    if (b->stream) {
        o.next = b->stream->idat + b->stream->idat_len;
        o.room = PM_PNG_IDAT - b->stream->idat_len;
    }
    for (int y = b->y0; y < b->y1; y += batch) {
        int n = b->y1 - y < batch ? b->y1 - y : batch;
        size_t len = (size_t)n * r->bytes;
        scanlines(r, y, n, buf);
        b->adler = pm_deflate_adler32(b->adler, buf, len);
        if (!band_deflate(b, d, buf, len, &o, PM_DEFLATE_MORE))
            return;
    }
    if (!band_deflate(b, d, buf, 0, &o, b->last ? PM_DEFLATE_FINISH : PM_DEFLATE_SYNC))
        return;
    if (b->stream)
        b->stream->idat_len = PM_PNG_IDAT - o.room;
    else
        b->tail = PM_PNG_BLOCK - o.room;
}

/* One band as a raw deflate stream (no zlib header or trailer: the bands
 * are joined into one), its scanlines converted a batch at a time rather
 * than the image copied whole. */
static void *band_run(void *arg)
{
    png_band *b = arg;
    /* Zeroed past its end: a deflater's wide loads may read a few bytes
     * beyond the input, which then never depend on what the heap holds. */
    unsigned char *buf = calloc((size_t)band_batch(b->rows) * b->rows->bytes + PM_PNG_PAD, 1);
    pm_deflater *d = buf ? pm_deflater_create(b->rows->fast) : NULL;
    b->zerr = d ? Z_OK : Z_MEM_ERROR;
    if (d)
        band_compress(b, d, buf);
    pm_deflater_destroy(d);
    free(buf);
    return NULL;
}

/* A held band's bytes to the file, unless something already failed; its
 * blocks are freed either way. */
static void band_put(png_file *f, png_band *b, int ok)
{
    for (size_t i = 0; i < b->n_blocks; i++) {
        if (ok)
            ok = idat_put(f, b->blocks[i], i + 1 < b->n_blocks ? PM_PNG_BLOCK : b->tail);
        free(b->blocks[i]);
    }
    free(b->blocks);
    b->blocks = NULL;
    b->n_blocks = 0;
}

/* Bands of PM_PNG_STRIP bytes of scanlines, fewer and larger for a large
 * image (up to PM_PNG_MAX_BANDS: a 2000 x 1500 map's 9 MB in 8, halves and
 * quarters of the work for 2 and 4 threads), cut where the image alone says
 * (so the bytes never depend on the threads): one for a small image,
 * and one where ISA-L deflates: it takes 5-10 ms for half a large map, and a
 * band after the first holds its compressed bytes until the ones before are
 * written (1-2 MB for a large map). */
static int band_count(const png_rows *r)
{
    if (r->height < PM_PNG_MIN_ROWS || (double)r->width * r->height < PM_PNG_MIN_PIXELS || r->fast)
        return 1;
    size_t n = ((size_t)r->height * r->bytes + PM_PNG_STRIP - 1) / PM_PNG_STRIP;
    size_t most = (size_t)r->height / PM_PNG_MIN_ROWS;
    most = most < PM_PNG_MAX_BANDS ? most : PM_PNG_MAX_BANDS;
    return (int)(n < most ? n : most);
}

/* A thread's run of consecutive bands; the first run's go to the file. */
typedef struct png_run {
    png_band *bands;
    int first, count;
    int threaded;
    pthread_t thread;
} png_run;

/* Up to the first band that fails: the ones after it are never written. */
static void *run_bands(void *arg)
{
    png_run *run = arg;
    for (int k = run->first; k < run->first + run->count; k++) {
        band_run(&run->bands[k]);
        if (run->bands[k].zerr != Z_OK)
            break;
    }
    return NULL;
}

/* The map's threads (its context's: a batch worker gets its share of the
 * cores, not all of them), up to PM_PNG_MAX_THREADS and one a band. */
static int run_count(const png_rows *r, int n)
{
    int t = r->threads < PM_PNG_MAX_THREADS ? r->threads : PM_PNG_MAX_THREADS;
    return t < 1 ? 1 : t > n ? n : t;
}

static void bands_start(png_band *bands, int n, png_run *runs, int t, const png_rows *r,
                        png_file *f)
{
    for (int k = 0; k < n; k++) {
        bands[k].rows = r;
        bands[k].y0 = (int)((long)r->height * k / n);
        bands[k].y1 = (int)((long)r->height * (k + 1) / n);
        bands[k].last = k == n - 1;
        bands[k].adler = adler32(0, NULL, 0);
    }
    for (int j = 0; j < t; j++)
        runs[j] = (png_run){bands, n * j / t, n * (j + 1) / t - n * j / t, 0, 0};
    for (int k = 0; k < runs[0].count; k++)
        bands[k].stream = f;
    /* A run without a thread of its own runs later on this one. */
    for (int j = 1; j < t; j++)
        runs[j].threaded = pthread_create(&runs[j].thread, NULL, run_bands, &runs[j]) == 0;
}

/* The image data: zlib header, the bands in order, the combined Adler-32.
 * Returns the first zlib error in band order (Z_ERRNO: see f->write_errno). */
static int png_data(png_file *f, const png_rows *r)
{
    int n = band_count(r), t = run_count(r, n);
    png_band *bands = calloc((size_t)n, sizeof *bands);
    png_run runs[PM_PNG_MAX_THREADS];
    if (!bands)
        return Z_MEM_ERROR;
    if (!zlib_header(f)) {
        free(bands);
        return Z_ERRNO;
    }
    bands_start(bands, n, runs, t, r, f);
    run_bands(&runs[0]);
    int failed = 0;
    for (int k = 0; k < runs[0].count; k++)
        failed |= bands[k].zerr != Z_OK;
    for (int j = 1; j < t; j++) {
        if (runs[j].threaded)
            pthread_join(runs[j].thread, NULL);
        else if (!failed)
            run_bands(&runs[j]);
    }
    uLong adler = bands[0].adler;
    int zerr = Z_OK;
    for (int k = 0; k < n; k++) {
        if (zerr == Z_OK)
            zerr = bands[k].zerr;
        band_put(f, &bands[k], zerr == Z_OK);
        if (k > 0)
            adler = adler32_combine(adler, bands[k].adler,
                                    (z_off_t)(bands[k].y1 - bands[k].y0) * (z_off_t)r->bytes);
    }
    free(bands);
    unsigned char trailer[4];
    put32(trailer, (uint32_t)adler);
    if (zerr == Z_OK && !(idat_put(f, trailer, 4) && idat_flush(f)))
        zerr = Z_ERRNO;
    return zerr == Z_OK && f->write_errno ? Z_ERRNO : zerr;
}

static int encode_png(png_file *f, const png_rows *r, unsigned ppm)
{
    if (!png_header(f, r, ppm))
        return Z_ERRNO;
    int zerr = png_data(f, r);
    if (zerr == Z_OK && !png_chunk(f, "IEND", NULL, 0))
        zerr = Z_ERRNO;
    return zerr;
}

pm_status pm_png_write(cairo_surface_t *s, pm_writer *w, unsigned ppm, const pm_context *ctx,
                       const char *target, pm_error *err)
{
    cairo_surface_flush(s);
    cairo_status_t cs = cairo_surface_status(s);
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, PM_ERR_RENDER, "%s: writing failed: %s", target,
                            cairo_status_to_string(cs));
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
        return pm_error_set(err, PM_ERR_RENDER, "%s: writing failed: not an RGB image", target);
    png_rows r = {cairo_image_surface_get_data(s), (size_t)cairo_image_surface_get_stride(s),
                  cairo_image_surface_get_width(s), cairo_image_surface_get_height(s),
                  needs_alpha(s), 0, pm_context_threads(ctx),
                  pm_deflate_fast(ctx)};
    r.bytes = 1 + (size_t)r.width * (r.alpha ? 4 : 3);
    png_file f = {w, 0, malloc(PM_PNG_IDAT), 0};
    int zerr = f.idat ? encode_png(&f, &r, ppm) : Z_MEM_ERROR;
    free(f.idat);
    if (zerr == Z_ERRNO)
        return PM_OK;   /* a failed write: the commit reports the writer's reason */
    if (zerr == Z_MEM_ERROR)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", target);
    if (zerr != Z_OK)
        return pm_error_set(err, PM_ERR_RENDER, "%s: writing failed: %s", target,
                            zError(zerr));
    return PM_OK;
}
