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
    return pm_writer_write(out->w, data, length) == 0 ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

/* The file through the one atomic writer (core/pm_write.h): a temporary
 * renamed over the target, a device or pipe written in place, a folder
 * refused before any drawing. Not `write`: only the surface (a GeoTIFF's
 * pixels, handed to GDAL); `path` then only names it in messages. */
static pm_status open_file(pm_output *out, const char *path, int write, pm_error *err)
{
    out->target = strdup(path);
    if (!out->target)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (!write)
        return PM_OK;
    out->w = pm_writer_open(path, 0, err);
    return out->w ? PM_OK : (err && err->status ? err->status : PM_ERR_IO);
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

pm_status pm_output_open(pm_output *out, const char *path, int write, pm_format format,
                         double page_w, double page_h, int px_w, int px_h, pm_error *err)
{
    memset(out, 0, sizeof *out);
    out->format = format;
    /* The render's DPI as pixels per metre (the page is in points, 1/72 in). */
    if (format == PM_FORMAT_PNG && page_w > 0)
        out->ppm = (unsigned)lround(px_w / page_w * 72 / 0.0254);
    pm_status st = open_file(out, path, write, err);
    if (st != PM_OK)
        return st;
    out->surface = make_surface(out, page_w, page_h, px_w, px_h);
    cairo_status_t cs = out->surface ? cairo_surface_status(out->surface) : CAIRO_STATUS_NO_MEMORY;
    /* SVG: words as <text> and layer groups (svg_internal.h). */
    if (cs == CAIRO_STATUS_SUCCESS && format == PM_FORMAT_SVG && !(out->svg = pm_svg_new(out->surface)))
        cs = CAIRO_STATUS_NO_MEMORY;
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, PM_ERR_RENDER, "%s: cannot create the %dx%d drawing surface: %s",
                            path, px_w, px_h, cairo_status_to_string(cs));
    return PM_OK;
}

/* The written file: flushed, synced, closed and renamed over the target. */
static pm_status close_and_rename(pm_output *out, pm_error *err)
{
    pm_status st = pm_writer_commit(out->w, err);
    out->w = NULL;
    if (st != PM_OK)
        return st;
    free(out->target);
    out->target = NULL;
    free(out->buf);
    out->buf = NULL;
    return PM_OK;
}

pm_status pm_output_commit(pm_output *out, pm_error *err)
{
    if (out->format == PM_FORMAT_PNG) {
        pm_status st = pm_png_write(out->surface, out->w, out->ppm, out->context, out->target, err);
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
    if (cs == CAIRO_STATUS_WRITE_ERROR && pm_writer_error(out->w))
        return close_and_rename(out, err);
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, cs == CAIRO_STATUS_WRITE_ERROR ? PM_ERR_IO : PM_ERR_RENDER,
                            "%s: writing failed: %s", out->target, cairo_status_to_string(cs));
    if (out->nomem || (out->format == PM_FORMAT_SVG && pm_svg_failed(out->svg)))
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", out->target);
    if (out->format == PM_FORMAT_SVG && pm_svg_write(out->svg, out->buf, out->len, out->w, &out->nomem) != 0 &&
        out->nomem)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", out->target);
    if (out->format == PM_FORMAT_PDF) {
        pm_status st = out->pdf_viewport
                           ? pm_pdf_geo_append(out->buf, out->len, out->pdf_viewport, out->w, out->target, err)
                           : (pm_writer_write(out->w, out->buf, out->len), PM_OK);
        if (st != PM_OK)
            return st;
    }
    /* Another failure is the writer's, reported by the commit. */
    return close_and_rename(out, err);
}

void pm_output_abort(pm_output *out)
{
    if (out->surface) {
        cairo_surface_finish(out->surface);
        cairo_surface_destroy(out->surface);
    }
    pm_writer_abort(out->w);
    PM_FREE_ALL(out->buf, out->target);
    pm_svg_free(out->svg);
    free(out->pdf_viewport);
    memset(out, 0, sizeof *out);
}
