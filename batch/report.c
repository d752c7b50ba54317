/* The batch report: one PDF with a contents page (map titles and their page
 * numbers, and the maps that failed) followed by one page per map, each page
 * sized like that map's own PDF. Written through the one atomic writer. */
#include "batch_internal.h"
#include "pm_render_cairo.h"
#include "pm_render_text.h"
#include "pm_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define CONTENTS_W 595.0     /* A4 portrait, points */
#define CONTENTS_H 842.0
#define CONTENTS_MARGIN 56.0
#define CONTENTS_PER_PAGE 32
#define CONTENTS_FONT "Noto Sans CJK SC"

typedef struct entry {
    int job;
    char *title;
    char *error;        /* NULL: rendered on page `page` */
    int page;
} entry;

static char *job_title(const pm_batch_job *job, const pm_map_page *page)
{
    const char *t = page && page->spec.title ? page->spec.title : job->title ? job->title : job->name;
    return strdup(t);
}

/* The contents list every map of the run, failed ones too, CONTENTS_PER_PAGE
 * to a page: both the page breaks and the page numbers come from here. */
static int contents_pages(int n_entries)
{
    return n_entries <= 0 ? 1 : (n_entries + CONTENTS_PER_PAGE - 1) / CONTENTS_PER_PAGE;
}

static int contents_break_before(int k)
{
    return k > 0 && k % CONTENTS_PER_PAGE == 0;
}

/* Pass 1: which maps load (their page numbers follow the contents pages). */
static void plan_pages(const pm_batch *b, const int *sel, int n_sel, pm_batch_maps *maps, entry *e)
{
    for (int k = 0; k < n_sel; k++) {
        const pm_batch_job *job = &b->jobs[sel[k]];
        pm_error err = {0};
        pm_map_page page;
        int ok = !job->error && pm_batch_page(maps, job, &page, &err) == PM_OK;
        e[k].job = sel[k];
        e[k].title = job_title(job, ok ? &page : NULL);
        if (!ok)
            e[k].error = strdup(job->error ? job->error : err.msg);
    }
    int page = contents_pages(n_sel);
    for (int k = 0; k < n_sel; k++)
        if (!e[k].error)
            e[k].page = ++page;
}

static void text_at(cairo_t *cr, const char *text, double size, double x, double y, double w,
                    int right)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    char font[64];
    snprintf(font, sizeof font, CONTENTS_FONT " %g", size);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pm_text_set(l, text);   /* error messages and titles: bounded */
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* Contents pages: title, then one line per map with its page number. */
static void draw_contents(cairo_surface_t *s, const pm_batch *b, const entry *e, int n)
{
    cairo_pdf_surface_set_size(s, CONTENTS_W, CONTENTS_H);
    cairo_t *cr = cairo_create(s);
    double w = CONTENTS_W - 2 * CONTENTS_MARGIN, y = CONTENTS_MARGIN;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, b->report_title, 18, CONTENTS_MARGIN, y, w, 0);
    y += 40;
    for (int k = 0; k < n; k++) {
        if (contents_break_before(k)) {
            cairo_show_page(cr);
            y = CONTENTS_MARGIN;
        }
        char line[600], num[32];
        snprintf(line, sizeof line, "%d. %s%s%s", k + 1, e[k].title ? e[k].title : "?",
                 e[k].error ? " — failed: " : "", e[k].error ? e[k].error : "");
        if (e[k].error)
            snprintf(num, sizeof num, "–");
        else
            snprintf(num, sizeof num, "%d", e[k].page);
        text_at(cr, line, 10, CONTENTS_MARGIN, y, w - 40, 0);
        text_at(cr, num, 10, CONTENTS_MARGIN + w - 40, y, 40, 1);
        y += 22;
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
}

/* Pass 2: one page per map that loaded. Returns the pages drawn. */
static int draw_maps(cairo_surface_t *s, const pm_batch *b, entry *e, int n, pm_batch_maps *maps,
                     pm_error *err)
{
    int pages = 0;
    for (int k = 0; k < n; k++) {
        if (e[k].error)
            continue;
        const pm_batch_job *job = &b->jobs[e[k].job];
        pm_render_options o = pm_batch_job_options(job);
        o.max_pixels = b->max_pixels;
        double w, h;
        pm_map_page page;
        pm_status st = pm_batch_page(maps, job, &page, err);
        if (st == PM_OK)
            st = pm_render_page_size(&page.map, &o, &w, &h, err);
        if (st == PM_OK) {
            cairo_pdf_surface_set_size(s, w, h);
            st = pm_render_surface(&page.map, s, &o, NULL, err);
        }
        if (st != PM_OK)
            return -1;
        char dest[32];
        snprintf(dest, sizeof dest, "page=%d", e[k].page);
        cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, e[k].title, dest, 0);
        cairo_surface_show_page(s);
        pages++;
    }
    return pages;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return pm_writer_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                                    : CAIRO_STATUS_WRITE_ERROR;
}

/* Through the one writer (core/pm_write.h). A failed write (full disk,
 * file-size limit) is the writer's error 3 whatever the drawing then says:
 * Cairo's surface only knows "write error" and stops drawing. */
static pm_status write_report(const pm_batch *b, entry *e, int n, pm_batch_maps *maps,
                              const char *path, int *pages, pm_error *err)
{
    pm_writer *w = pm_writer_open(path, 0, err);
    if (!w)
        return err->status ? err->status : PM_ERR_IO;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, w, CONTENTS_W, CONTENTS_H);
    /* Same input, same bytes: no creation date. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "planmap");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, b->report_title);
    draw_contents(s, b, e, n);
    *pages = pm_writer_error(w) ? 0 : draw_maps(s, b, e, n, maps, err);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (pm_writer_error(w))
        return pm_writer_commit(w, err);   /* reports the reason, keeps the old report */
    pm_status st = *pages < 0 ? (err->status ? err->status : PM_ERR_RENDER)
                 : cs != CAIRO_STATUS_SUCCESS
                     ? pm_error_set(err, PM_ERR_RENDER, "%s: drawing failed: %s", path,
                                    cairo_status_to_string(cs))
                     : PM_OK;
    if (st != PM_OK) {
        pm_writer_abort(w);
        return st;
    }
    return pm_writer_commit(w, err);
}

void pm_batch_report_worker(const pm_batch *b, const pm_context *ctx, const int *sel, int n_sel,
                            const char *path, pm_batch_maps *maps, int fd)
{
    pm_geo_init_lean();
    pm_error err = {0};
    if (!maps)
        maps = pm_batch_maps_create(ctx);
    entry *e = calloc((size_t)n_sel + 1, sizeof *e);
    int pages = 0;
    pm_status st = maps && e ? PM_OK : pm_error_set(&err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (st == PM_OK) {
        plan_pages(b, sel, n_sel, maps, e);
        st = write_report(b, e, n_sel, maps, path, &pages, &err);
    }
    pm_batch_send(fd, "D %d %d %s", st == PM_OK ? pages : 0, (int)st, st == PM_OK ? "" : err.msg);
    for (int k = 0; e && k < n_sel; k++) {
        free(e[k].title);
        free(e[k].error);
    }
    free(e);
    pm_batch_maps_destroy(maps);
}
