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

pm_status pm_output_commit(pm_output *out, pm_error *err)
{
    cairo_status_t cs;
    errno = 0;   /* a failed fwrite leaves the reason here; Cairo keeps only WRITE_ERROR */
    if (out->format == PM_FORMAT_PNG) {
        cairo_surface_flush(out->surface);
        cs = cairo_surface_write_to_png_stream(out->surface, write_stream, out);
    } else {
        cairo_surface_finish(out->surface);
        cs = cairo_surface_status(out->surface);
    }
    cairo_surface_destroy(out->surface);
    out->surface = NULL;
    if (cs == CAIRO_STATUS_WRITE_ERROR && errno)
        return write_error(out, "cannot write", err);
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, cs == CAIRO_STATUS_WRITE_ERROR ? PM_ERR_IO : PM_ERR_RENDER,
                            "%s: writing failed: %s", out->target, cairo_status_to_string(cs));
    if (out->format == PM_FORMAT_SVG && (out->nomem || !write_svg(out)))
        return write_error(out, "cannot write", err);
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
