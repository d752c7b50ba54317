/* Output: one Cairo surface per format, written to a temporary file in the
 * target's folder and renamed over the target only when everything worked,
 * so a failed render never leaves a half-written map behind. */
#include "render_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>

pm_format pm_format_from_name(const char *name)
{
    if (!name)
        return PM_FORMAT_AUTO;
    if (strcasecmp(name, "png") == 0)
        return PM_FORMAT_PNG;
    if (strcasecmp(name, "svg") == 0)
        return PM_FORMAT_SVG;
    if (strcasecmp(name, "pdf") == 0)
        return PM_FORMAT_PDF;
    return PM_FORMAT_AUTO;
}

pm_format pm_format_from_path(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dot = path ? strrchr(slash ? slash : path, '.') : NULL;
    return dot ? pm_format_from_name(dot + 1) : PM_FORMAT_AUTO;
}

static cairo_status_t keep_in_memory(pm_output *out, const unsigned char *data, size_t length)
{
    if (out->len + length > out->cap) {
        size_t cap = out->cap ? out->cap : 1 << 16;
        while (cap < out->len + length)
            cap *= 2;
        unsigned char *grown = realloc(out->buf, cap);
        if (!grown) {
            out->nomem = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        out->buf = grown;
        out->cap = cap;
    }
    memcpy(out->buf + out->len, data, length);
    out->len += length;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    pm_output *out = closure;
    if (out->format == PM_FORMAT_SVG)
        return keep_in_memory(out, data, length);
    return fwrite(data, 1, length, out->file) == length ? CAIRO_STATUS_SUCCESS
                                                        : CAIRO_STATUS_WRITE_ERROR;
}

/* "<folder>/.<name>.XXXXXX" beside the target, so rename() stays on one
 * file system and is atomic. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = dir_len + strlen(base) + 16;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    return t;
}

/* An existing target that is not a regular file: a folder is refused before
 * any drawing; a device or pipe (/dev/stdout, a FIFO) is written in place,
 * since renaming a temporary over it would replace the device node itself. */
static int open_special(pm_output *out, const char *path, pm_status *st, pm_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || S_ISREG(sb.st_mode))
        return 0;
    if (S_ISDIR(sb.st_mode))
        *st = pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", path, strerror(EISDIR));
    else if (!(out->file = fopen(path, "wb")))
        *st = pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    else
        *st = PM_OK;
    return 1;
}

/* The file a rename must replace: through a symbolic link (including
 * /dev/stdout redirected to a file) the linked file, not the link itself. */
static char *rename_target(const char *path)
{
    struct stat sb;
    char *real = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : NULL;
    return real ? real : strdup(path);
}

static pm_status open_temp(pm_output *out, const char *path, pm_error *err)
{
    out->target = rename_target(path);
    if (!out->target)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    pm_status special;
    if (open_special(out, path, &special, err))
        return special;
    out->tmp_path = temp_template(out->target);
    if (!out->tmp_path)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    int fd = mkstemp(out->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(out->tmp_path);
        out->tmp_path = NULL;
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    }
    /* mkstemp makes the file private; a map is an ordinary document. */
    if (fchmod(fd, 0644) != 0) {
        /* Not fatal: the file is still written, only with narrower permissions. */
    }
    out->file = fdopen(fd, "wb");
    if (!out->file) {
        close(fd);
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    }
    return PM_OK;
}

static cairo_surface_t *make_surface(pm_output *out, double page_w, double page_h,
                                     int px_w, int px_h)
{
    cairo_surface_t *s = NULL;
    switch (out->format) {
    case PM_FORMAT_PNG:
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px_w, px_h);
        break;
    case PM_FORMAT_SVG:
        s = cairo_svg_surface_create_for_stream(write_stream, out, page_w, page_h);
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        break;
    case PM_FORMAT_PDF:
        s = cairo_pdf_surface_create_for_stream(write_stream, out, page_w, page_h);
        /* Same input, same bytes: no creation date in the document info. */
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "planmap");
        break;
    case PM_FORMAT_AUTO:
        break;
    }
    return s;
}

pm_status pm_output_open(pm_output *out, const char *path, pm_format format,
                         double page_w, double page_h, int px_w, int px_h, pm_error *err)
{
    memset(out, 0, sizeof *out);
    out->format = format;
    /* The render's DPI as pixels per metre (the page is in points, 1/72 in). */
    if (format == PM_FORMAT_PNG && page_w > 0)
        out->ppm = (unsigned)lround(px_w / page_w * 72 / 0.0254);
    pm_status st = open_temp(out, path, err);
    if (st != PM_OK)
        return st;
    out->surface = make_surface(out, page_w, page_h, px_w, px_h);
    cairo_status_t cs = out->surface ? cairo_surface_status(out->surface) : CAIRO_STATUS_NO_MEMORY;
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, PM_ERR_RENDER, "%s: cannot create the %dx%d drawing surface: %s",
                            path, px_w, px_h, cairo_status_to_string(cs));
    return PM_OK;
}

/* Cairo names SVG groups "surface<N>" from a process-wide counter, so a
 * second render in the same process would differ. Renumber them in order of
 * first appearance (ids and their #references alike). */
typedef struct id_map {
    long *old;
    int n, cap;
} id_map;

static long new_id(id_map *m, long old)
{
    for (int i = 0; i < m->n; i++)
        if (m->old[i] == old)
            return i + 1;
    if (m->n == m->cap) {
        int cap = m->cap ? 2 * m->cap : 64;
        long *grown = realloc(m->old, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        m->old = grown;
        m->cap = cap;
    }
    m->old[m->n++] = old;
    return m->n;
}

/* "surface<digit>" right after a quote or '#': an id or a reference to one. */
static int surface_id_at(const unsigned char *buf, size_t len, size_t i)
{
    static const char word[] = "surface";
    const size_t wl = sizeof word - 1;
    return i > 0 && (buf[i - 1] == '"' || buf[i - 1] == '#') && i + wl < len &&
           memcmp(buf + i, word, wl) == 0 && buf[i + wl] >= '0' && buf[i + wl] <= '9';
}

static int write_svg(pm_output *out)
{
    const size_t wl = sizeof "surface" - 1;
    id_map ids = {0};
    size_t done = 0;
    int ok = 1;
    for (size_t i = 0; ok && i < out->len; i++) {
        if (!surface_id_at(out->buf, out->len, i))
            continue;
        size_t digits = i + wl, q = digits;
        long old = 0;
        while (q < out->len && out->buf[q] >= '0' && out->buf[q] <= '9')
            old = old * 10 + (out->buf[q++] - '0');
        long id = new_id(&ids, old);
        ok = id > 0 && fwrite(out->buf + done, 1, digits - done, out->file) == digits - done &&
             fprintf(out->file, "%ld", id) > 0;
        done = q;
        i = q - 1;
    }
    if (ok)
        ok = fwrite(out->buf + done, 1, out->len - done, out->file) == out->len - done;
    free(ids.old);
    return ok;
}

static pm_status write_error(pm_output *out, const char *what, pm_error *err)
{
    return pm_error_set(err, PM_ERR_IO, "%s: %s: %s", out->target, what, strerror(errno));
}

/* ---- PNG ----------------------------------------------------------------
 * Written with libpng rather than cairo_surface_write_to_png_stream, whose
 * zlib level 6 and adaptive filters took 10-30 % of a render. Encoding time
 * (CPU time, best of 9, libpng 1.6.39, zlib 1.2.13, one core of a shared
 * 2-core machine) and size of 2000x1500 RGB maps: a bundled map and
 * bench/'s 100 000 polygons, 200 000 points and everything at once.
 *
 *                        Cairo       level 1     level 2     level 3     level 6
 *                    (6, adaptive)    none        none        none        none
 *   004-chongqing-layout  123 ms      30 ms       36 ms       33 ms       73 ms
 *                        404 KB      403 KB      398 KB      392 KB      359 KB
 *   bench polygons        329 ms     102 ms       97 ms      150 ms      221 ms
 *                        4.09 MB     2.72 MB     2.67 MB     2.62 MB     2.88 MB
 *   bench points          501 ms     107 ms      113 ms      184 ms      305 ms
 *                        4.88 MB     3.11 MB     3.07 MB     3.03 MB     3.05 MB
 *   bench all             348 ms     168 ms      177 ms      219 ms      349 ms
 *                        6.55 MB     5.50 MB     5.47 MB     5.43 MB     5.57 MB
 *
 * Filters only cost here: at each level SUB, UP, PAETH and adaptive made
 * files 7-62 % bigger than NONE and none was faster beyond noise (adaptive
 * at level 2: 83 / 248 / 249 / 285 ms, 426 KB / 3.77 / 4.13 / 6.55 MB).
 * Flat fills and repeated symbols repeat whole byte runs, which deflate finds
 * as they are and a filter breaks up. Level 2 with no filter is 2-4.4x
 * faster than Cairo's writer and 1.5-37 % smaller; level 3 saves another
 * 0.6-1.7 % for up to 60 % more time. */
#define PM_PNG_LEVEL 2
#define PM_PNG_FILTER PNG_FILTER_NONE

typedef struct png_sink {
    FILE *file;
    int write_errno;    /* a failed fwrite's reason, kept across libpng's longjmp */
    char msg[200];      /* libpng's own complaint */
} png_sink;

static void png_put(png_structp png, png_bytep data, size_t len)
{
    png_sink *sink = png_get_io_ptr(png);
    errno = 0;
    if (fwrite(data, 1, len, sink->file) != len) {
        sink->write_errno = errno ? errno : EIO;
        png_error(png, "write error");
    }
}

/* pm_output_commit flushes and checks the stream once at the end. */
static void png_no_flush(png_structp png)
{
    (void)png;
}

/* libpng's own handler prints to stderr; keep the message for one line of
 * our own instead and unwind to encode_png's setjmp. */
static void png_fail(png_structp png, png_const_charp msg)
{
    png_sink *sink = png_get_error_ptr(png);
    snprintf(sink->msg, sizeof sink->msg, "%s", msg);
    png_longjmp(png, 1);
}

/* Nothing planmap sets can warn; stay quiet rather than print to stderr. */
static void png_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
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

static void png_header(png_structp png, png_infop info, cairo_surface_t *s, int alpha, unsigned ppm)
{
    png_set_IHDR(png, info, (png_uint_32)cairo_image_surface_get_width(s),
                 (png_uint_32)cairo_image_surface_get_height(s), 8,
                 alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    /* A white background for viewers, as Cairo's writer gave. */
    png_color_16 white = {0, 255, 255, 255, 255};
    png_set_bKGD(png, info, &white);
    if (ppm)
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_set_compression_level(png, PM_PNG_LEVEL);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PM_PNG_FILTER);
    /* No tIME or text chunks: the same map gives the same bytes. */
}

static void png_body(png_structp png, png_infop info, cairo_surface_t *s, int alpha,
                     unsigned char *row)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        (alpha ? row_rgba : row_rgb)(pixel_row(s, y), w, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
}

/* Only arguments live across the setjmp, none changed after it, so nothing
 * needs to be volatile; the caller frees png, info and row either way. */
static int encode_png(png_structp png, png_infop info, cairo_surface_t *s, int alpha,
                      unsigned ppm, unsigned char *row)
{
    if (setjmp(png_jmpbuf(png)))
        return 0;
    png_header(png, info, s, alpha, ppm);
    png_body(png, info, s, alpha, row);
    return 1;
}

static pm_status write_png(pm_output *out, pm_error *err)
{
    cairo_surface_t *s = out->surface;
    cairo_surface_flush(s);
    cairo_status_t cs = cairo_surface_status(s);
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, PM_ERR_RENDER, "%s: writing failed: %s", out->target,
                            cairo_status_to_string(cs));
    cairo_format_t f = cairo_image_surface_get_format(s);
    if (f != CAIRO_FORMAT_RGB24 && f != CAIRO_FORMAT_ARGB32)
        return pm_error_set(err, PM_ERR_RENDER, "%s: writing failed: not an RGB image", out->target);
    int alpha = needs_alpha(s);
    png_sink sink = {out->file, 0, ""};
    unsigned char *row = malloc((size_t)cairo_image_surface_get_width(s) * 4);
    png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, png_fail,
                                                    png_quiet) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int made = info != NULL, ok = 0;
    if (made) {
        png_set_write_fn(png, &sink, png_put, png_no_flush);
        ok = encode_png(png, info, s, alpha, out->ppm, row);
    }
    png_destroy_write_struct(&png, &info);   /* NULLs both */
    free(row);
    if (!made)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", out->target);
    if (sink.write_errno)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", out->target,
                            strerror(sink.write_errno));
    if (!ok)
        return pm_error_set(err, PM_ERR_RENDER, "%s: writing failed: %s", out->target, sink.msg);
    return PM_OK;
}

/* The written file: flushed, closed and renamed over the target. */
static pm_status close_and_rename(pm_output *out, pm_error *err)
{
    int bad = fflush(out->file) != 0 || ferror(out->file);
    bad |= fclose(out->file) != 0;
    out->file = NULL;
    if (bad)
        return write_error(out, "cannot write", err);
    if (out->tmp_path && rename(out->tmp_path, out->target) != 0)
        return write_error(out, "cannot replace", err);
    free(out->tmp_path);
    out->tmp_path = NULL;
    free(out->target);
    out->target = NULL;
    free(out->buf);
    out->buf = NULL;
    return PM_OK;
}

pm_status pm_output_commit(pm_output *out, pm_error *err)
{
    if (out->format == PM_FORMAT_PNG) {
        pm_status st = write_png(out, err);
        cairo_surface_destroy(out->surface);
        out->surface = NULL;
        return st == PM_OK ? close_and_rename(out, err) : st;
    }
    errno = 0;   /* a failed fwrite leaves the reason here; Cairo keeps only WRITE_ERROR */
    cairo_surface_finish(out->surface);
    cairo_status_t cs = cairo_surface_status(out->surface);
    cairo_surface_destroy(out->surface);
    out->surface = NULL;
    if (cs == CAIRO_STATUS_WRITE_ERROR && errno)
        return write_error(out, "cannot write", err);
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, cs == CAIRO_STATUS_WRITE_ERROR ? PM_ERR_IO : PM_ERR_RENDER,
                            "%s: writing failed: %s", out->target, cairo_status_to_string(cs));
    if (out->format == PM_FORMAT_SVG && (out->nomem || !write_svg(out)))
        return write_error(out, "cannot write", err);
    return close_and_rename(out, err);
}

void pm_output_abort(pm_output *out)
{
    if (out->surface) {
        cairo_surface_finish(out->surface);
        cairo_surface_destroy(out->surface);
    }
    if (out->file)
        fclose(out->file);
    if (out->tmp_path)
        unlink(out->tmp_path);
    free(out->buf);
    free(out->tmp_path);
    free(out->target);
    memset(out, 0, sizeof *out);
}
