/* Output: one Cairo surface per format, written to a temporary file in the
 * target's folder and renamed over the target only when everything worked,
 * so a failed render never leaves a half-written map behind. SVG and PDF
 * are kept in memory until Cairo has finished: SVG is written by
 * svg_write.c, PDF with its georeferencing by pdf_geo.c; PNG is encoded by
 * png.c. */
#include "render_internal.h"
#include "svg_internal.h"
#include "pm_alloc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

/* The names of PM_FORMAT_PNG and on, in order, in any ASCII case. */
static const char *const FORMAT_NAMES[] = {"png", "svg", "pdf", NULL};

pm_format pm_format_from_name(const char *name)
{
    int i = pm_name_index(name, FORMAT_NAMES, 1);
    return i < 0 ? PM_FORMAT_AUTO : (pm_format)(PM_FORMAT_PNG + i);
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
    if (out->format == PM_FORMAT_SVG || out->format == PM_FORMAT_PDF)
        return keep_in_memory(out, data, length);
    return pm_writer_write(out->w[0], data, length) == 0 ? CAIRO_STATUS_SUCCESS
                                                         : CAIRO_STATUS_WRITE_ERROR;
}

/* The files through the one atomic writer (core/pm_write.h): a temporary
 * renamed over each target, a device or pipe written in place, a folder
 * refused before any drawing. No paths: only the surface (a GeoTIFF's or a
 * run's PNG pixels); `name` then only names it in messages. */
static pm_status open_files(pm_output *out, const char *name, const char *const *paths, int n,
                            pm_error *err)
{
    out->target = strdup(name);
    if (!out->target)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", name);
    if (n > PM_OUTPUT_MAX)
        return pm_error_set(err, PM_ERR_USAGE, "%s: at most %d files of one drawing, got %d",
                            name, PM_OUTPUT_MAX, n);
    for (out->n_w = 0; out->n_w < n; out->n_w++)
        if (!(out->w[out->n_w] = pm_writer_open(paths[out->n_w], 0, err)))
            return err && err->status ? err->status : PM_ERR_IO;
    return PM_OK;
}

/* The pages of an image surface made by image_surface, handed back with it. */
typedef struct {
    void *data;
    size_t size;
} surface_pages;

static const cairo_user_data_key_t PAGES_KEY;

static void pages_release(void *p)
{
    surface_pages *pages = p;
    pm_pages_free(pages->data, pages->size);
    free(pages);
}

/* An image surface on huge pages where the kernel gives them: the data pass
 * draws features in their order, here and there on a page of tens of
 * megabytes, and with 4 KiB pages every row it touches is a TLB miss. */
static cairo_surface_t *image_surface(cairo_format_t format, int w, int h)
{
    int stride = cairo_format_stride_for_width(format, w);
    surface_pages *pages = stride > 0 && h > 0 ? malloc(sizeof *pages) : NULL;
    if (!pages)
        return cairo_image_surface_create(format, w, h);
    pages->size = (size_t)stride * (size_t)h;
    pages->data = pm_pages_alloc(pages->size);
    cairo_surface_t *s = pages->data ? cairo_image_surface_create_for_data(pages->data, format, w, h, stride)
                                     : NULL;
    if (!s || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_set_user_data(s, &PAGES_KEY, pages, pages_release) != CAIRO_STATUS_SUCCESS) {
        if (s)
            cairo_surface_destroy(s);
        pages_release(pages);
        return cairo_image_surface_create(format, w, h);
    }
    return s;
}

static cairo_surface_t *make_surface(pm_output *out, double page_w, double page_h,
                                     int px_w, int px_h)
{
    cairo_surface_t *s = NULL;
    switch (out->format) {
    case PM_FORMAT_PNG:
        s = image_surface(CAIRO_FORMAT_RGB24, px_w, px_h);
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

pm_status pm_output_open(pm_output *out, const char *path, const char *const *paths, int n,
                         pm_format format, double page_w, double page_h, int px_w, int px_h,
                         pm_error *err)
{
    memset(out, 0, sizeof *out);
    out->format = format;
    /* The render's DPI as pixels per metre (the page is in points, 1/72 in). */
    if (format == PM_FORMAT_PNG && page_w > 0)
        out->ppm = (unsigned)lround(px_w / page_w * 72 / 0.0254);
    pm_status st = open_files(out, path, paths, n, err);
    if (st != PM_OK)
        return st;
    out->surface = make_surface(out, page_w, page_h, px_w, px_h);
    cairo_status_t cs = out->surface ? cairo_surface_status(out->surface) : CAIRO_STATUS_NO_MEMORY;
    /* SVG: words as <text> and layer groups (svg_internal.h); PDF: the
     * same parts as optional content groups (pdf_layers.c). */
    if (cs == CAIRO_STATUS_SUCCESS && format == PM_FORMAT_SVG && !(out->svg = pm_svg_new(out->surface)))
        cs = CAIRO_STATUS_NO_MEMORY;
    if (cs == CAIRO_STATUS_SUCCESS && format == PM_FORMAT_PDF) {
        if ((out->pdf_parts = calloc(1, sizeof *out->pdf_parts)))
            pm_pdf_parts_attach(out->surface, out->pdf_parts);
        else
            cs = CAIRO_STATUS_NO_MEMORY;
    }
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, PM_ERR_RENDER, "%s: cannot create the %dx%d drawing surface: %s",
                            path, px_w, px_h, cairo_status_to_string(cs));
    return PM_OK;
}

/* The written files: flushed, synced, closed and renamed over the targets
 * (or held for the run's release, pm_write_hold). */
static pm_status close_and_rename(pm_output *out, pm_error *err)
{
    pm_status st = PM_OK;
    for (int i = 0; i < out->n_w; i++) {
        pm_status one = st == PM_OK ? pm_writer_commit(out->w[i], err) : PM_OK;
        if (st != PM_OK)
            pm_writer_abort(out->w[i]);
        out->w[i] = NULL;
        st = one != PM_OK ? one : st;
    }
    out->n_w = 0;
    if (st != PM_OK)
        return st;
    PM_FREE_ALL(out->target, out->buf);
    out->target = NULL;
    out->buf = NULL;
    return PM_OK;
}

/* The finished SVG or PDF document (out->buf) to one writer. */
static pm_status write_document(pm_output *out, pm_writer *w, pm_error *err)
{
    if (out->format == PM_FORMAT_SVG) {
        if (pm_svg_write(out->svg, out->buf, out->len, w, &out->nomem) != 0 && out->nomem)
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", out->target);
        return PM_OK;
    }
    if (out->pdf_viewport)
        return pm_pdf_geo_append(out->buf, out->len, out->pdf_viewport, out->pdf_parts, w,
                                 out->target, err);
    pm_writer_write(w, out->buf, out->len);
    return PM_OK;
}

pm_status pm_output_commit(pm_output *out, pm_error *err)
{
    pm_status st = PM_OK;
    if (out->format == PM_FORMAT_PNG) {
        for (int i = 0; i < out->n_w && st == PM_OK; i++)
            st = pm_png_write(out->surface, out->w[i], out->ppm, out->context, out->target, err);
        cairo_surface_destroy(out->surface);
        out->surface = NULL;
        return st == PM_OK ? close_and_rename(out, err) : st;
    }
    cairo_surface_finish(out->surface);
    cairo_status_t cs = cairo_surface_status(out->surface);
    cairo_surface_destroy(out->surface);
    out->surface = NULL;
    /* A failed write: the writer kept its reason (Cairo keeps only
     * WRITE_ERROR) and the commit reports it, removing the temporary. */
    if (cs == CAIRO_STATUS_WRITE_ERROR && pm_writer_error(out->w[0]))
        return close_and_rename(out, err);
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, cs == CAIRO_STATUS_WRITE_ERROR ? PM_ERR_IO : PM_ERR_RENDER,
                            "%s: writing failed: %s", out->target, cairo_status_to_string(cs));
    if (out->nomem || (out->format == PM_FORMAT_SVG && pm_svg_failed(out->svg)))
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", out->target);
    /* One document, written to each file in turn. */
    for (int i = 0; i < out->n_w && st == PM_OK; i++)
        st = write_document(out, out->w[i], err);
    /* Another failure is the writer's, reported by the commit. */
    return st == PM_OK ? close_and_rename(out, err) : st;
}

pm_status pm_output_png(cairo_surface_t *image, const char *path, unsigned ppm,
                        const pm_context *ctx, pm_error *err)
{
    pm_writer *w = pm_writer_open(path, 0, err);
    if (!w)
        return err && err->status ? err->status : PM_ERR_IO;
    cairo_surface_flush(image);
    pm_status st = pm_png_write(image, w, ppm, ctx, path, err);
    if (st != PM_OK) {
        pm_writer_abort(w);
        return st;
    }
    return pm_writer_commit(w, err);
}

void pm_output_abort(pm_output *out)
{
    if (out->surface) {
        cairo_surface_finish(out->surface);
        cairo_surface_destroy(out->surface);
    }
    for (int i = 0; i < out->n_w; i++)
        pm_writer_abort(out->w[i]);
    PM_FREE_ALL(out->buf, out->target);
    pm_svg_free(out->svg);
    pm_pdf_parts_free(out->pdf_parts);
    free(out->pdf_viewport);
    memset(out, 0, sizeof *out);
}
