/* Output: one Cairo surface per format, written to a temporary file in the
 * target's folder and renamed over the target only when everything worked,
 * so a failed render never leaves a half-written map behind. */
#include "render_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

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

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    pm_output *out = closure;
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

static pm_status open_temp(pm_output *out, const char *path, pm_error *err)
{
    out->target = strdup(path);
    out->tmp_path = temp_template(path);
    if (!out->target || !out->tmp_path)
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

static pm_status write_error(pm_output *out, const char *what, pm_error *err)
{
    return pm_error_set(err, PM_ERR_IO, "%s: %s: %s", out->target, what, strerror(errno));
}

pm_status pm_output_commit(pm_output *out, pm_error *err)
{
    cairo_status_t cs;
    if (out->format == PM_FORMAT_PNG) {
        cairo_surface_flush(out->surface);
        cs = cairo_surface_write_to_png_stream(out->surface, write_stream, out);
    } else {
        cairo_surface_finish(out->surface);
        cs = cairo_surface_status(out->surface);
    }
    cairo_surface_destroy(out->surface);
    out->surface = NULL;
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, cs == CAIRO_STATUS_WRITE_ERROR ? PM_ERR_IO : PM_ERR_RENDER,
                            "%s: writing failed: %s", out->target, cairo_status_to_string(cs));
    int bad = fflush(out->file) != 0 || ferror(out->file);
    bad |= fclose(out->file) != 0;
    out->file = NULL;
    if (bad)
        return write_error(out, "cannot write", err);
    if (rename(out->tmp_path, out->target) != 0)
        return write_error(out, "cannot replace", err);
    free(out->tmp_path);
    out->tmp_path = NULL;
    free(out->target);
    out->target = NULL;
    return PM_OK;
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
    free(out->tmp_path);
    free(out->target);
    memset(out, 0, sizeof *out);
}
