/* The batch report: one PDF with a contents page (map titles and their page
 * numbers, and the maps that failed) followed by one page per map, each page
 * sized like that map's own PDF. Written through the one atomic writer. */
#include "batch_internal.h"
#include "pm_render_cairo.h"
#include "pm_render_text.h"
#include "pm_write.h"

#include <errno.h>
#include <math.h>
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
#define PNG_MAX_PIXELS 40e6  /* a page PNG larger than this is drawn at a lower dpi */

typedef struct entry {
    int job;            /* the map's job, or -1 for a table */
    const pm_batch_table *table;
    char *title;
    char *error;        /* NULL: rendered from page `page` on */
    int page;
    int n_pages;        /* a table's pages, split at starts[] */
    int *starts;
} entry;

/* Where the pages go: the PDF, and with report_png each page is recorded
 * first and played back onto the PDF and onto a PNG of its own. */
typedef struct pages {
    const pm_batch *b;
    cairo_surface_t *pdf;
    cairo_surface_t *rec;   /* the page being recorded, or NULL */
    char *png_dir;          /* NULL: no PNGs */
    double w, h;
    int done;               /* pages shown */
    pm_error *err;
} pages;

/* The contents line of a map: its page's title in the report's language
 * (a title of the batch file is the page's in every language already). */
static char *job_title(const pm_batch *b, const pm_batch_job *job, const pm_map_page *page)
{
    if (page && page->spec.title)
        return pm_batch_both(page->spec.title, page->spec.title_en, b->lang);
    return strdup(job->title ? job->title : job->name);
}

/* The contents list every map of the run, failed ones too, and every table,
 * CONTENTS_PER_PAGE to a page: both the page breaks and the page numbers
 * come from here. */
static int contents_pages(int n_entries)
{
    return n_entries <= 0 ? 1 : (n_entries + CONTENTS_PER_PAGE - 1) / CONTENTS_PER_PAGE;
}

static int contents_break_before(int k)
{
    return k > 0 && k % CONTENTS_PER_PAGE == 0;
}

/* Pass 1: which maps load, how many pages each table takes; page numbers
 * follow the contents pages. Returns -1 when out of memory. */
static int plan_pages(const pm_batch *b, const int *sel, int n_sel, pm_batch_maps *maps, entry *e)
{
    for (int k = 0; k < n_sel; k++) {
        const pm_batch_job *job = &b->jobs[sel[k]];
        pm_error err = {0};
        pm_map_page page;
        int ok = !job->error && pm_batch_page(maps, job, &page, &err) == PM_OK;
        e[k].job = sel[k];
        e[k].title = job_title(b, job, ok ? &page : NULL);
        e[k].n_pages = 1;
        if (!ok)
            e[k].error = strdup(job->error ? job->error : err.msg);
    }
    for (int i = 0; i < b->n_tables; i++) {
        entry *t = &e[n_sel + i];
        t->job = -1;
        t->table = &b->tables[i];
        t->title = strdup(t->table->title);
        if ((t->n_pages = pm_report_table_paginate(t->table, b->lang, &t->starts)) < 0)
            return -1;
    }
    int page = contents_pages(n_sel + b->n_tables) + 1;
    for (int k = 0; k < n_sel + b->n_tables; k++)
        if (!e[k].error) {
            e[k].page = page;
            page += e[k].n_pages;
        }
    return 0;
}

static void text_at(cairo_t *cr, const char *text, double size, double x, double y, double w,
                    int right)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    char font[64];
    snprintf(font, sizeof font, PM_REPORT_FONT " %g", size);
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

/* ---- pages ---------------------------------------------------------------- */

static cairo_surface_t *page_begin(pages *p, double w, double h)
{
    p->w = w;
    p->h = h;
    cairo_pdf_surface_set_size(p->pdf, w, h);
    if (!p->png_dir)
        return p->pdf;
    cairo_rectangle_t box = {0, 0, w, h};
    p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
    return p->rec;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len);

/* The recorded page as "<png_dir>/NNN.png" on white, at the report's dpi. */
static pm_status write_png(pages *p, int page_no)
{
    double scale = p->b->report_dpi / 72.0;
    if (p->w * p->h * scale * scale > PNG_MAX_PIXELS)
        scale = sqrt(PNG_MAX_PIXELS / (p->w * p->h));
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(p->w * scale),
                                                      (int)ceil(p->h * scale));
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, p->rec, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    char path[4096];
    snprintf(path, sizeof path, "%s/%03d.png", p->png_dir, page_no);
    pm_writer *w = pm_writer_open(path, 0, p->err);
    pm_status st = w ? PM_OK : p->err && p->err->status ? p->err->status : PM_ERR_IO;
    if (w && cairo_surface_write_to_png_stream(img, to_file, w) != CAIRO_STATUS_SUCCESS &&
        !pm_writer_error(w)) {
        pm_writer_abort(w);
        st = pm_error_set(p->err, PM_ERR_RENDER, "%s: drawing failed", path);
    } else if (w) {
        st = pm_writer_commit(w, p->err);
    }
    cairo_surface_destroy(img);
    return st;
}

static pm_status page_end(pages *p)
{
    pm_status st = PM_OK;
    p->done++;
    if (p->rec) {
        cairo_t *cr = cairo_create(p->pdf);
        cairo_set_source_surface(cr, p->rec, 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
        st = write_png(p, p->done);
        cairo_surface_destroy(p->rec);
        p->rec = NULL;
    }
    cairo_surface_show_page(p->pdf);
    return st;
}

static void outline(pages *p, int parent, const char *title, int page, int *id)
{
    char dest[32];
    snprintf(dest, sizeof dest, "page=%d", page);
    int got = cairo_pdf_surface_add_outline(p->pdf, parent, title, dest, 0);
    if (id)
        *id = got;
}

/* ---- contents, maps, tables ------------------------------------------------- */

/* Contents pages: title, then one line per map or table with its page. */
static pm_status draw_contents(pages *p, const entry *e, int n)
{
    const pm_batch *b = p->b;
    double w = CONTENTS_W - 2 * CONTENTS_MARGIN, y = 0;
    cairo_t *cr = NULL;
    pm_status st = PM_OK;
    for (int k = 0; k <= n && st == PM_OK; k++) {
        if (k == 0 || contents_break_before(k) || k == n) {
            if (cr) {
                cairo_destroy(cr);
                st = page_end(p);
            }
            if (k == n && k > 0)
                break;
            cr = cairo_create(page_begin(p, CONTENTS_W, CONTENTS_H));
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            text_at(cr, b->report_title, 18, CONTENTS_MARGIN, CONTENTS_MARGIN, w - 90, 0);
            text_at(cr, b->lang == PM_LANG_EN ? "Contents"
                        : b->lang == PM_LANG_ZH_EN ? "目录 Contents" : "目录",
                    11, CONTENTS_MARGIN + w - 90, CONTENTS_MARGIN + 6, 90, 1);
            y = CONTENTS_MARGIN + 40;
            if (k == n)
                continue;   /* no entries: the page with the title only */
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
    return st;
}

static pm_status draw_map(pages *p, const entry *e, pm_batch_maps *maps, pm_error *err)
{
    const pm_batch_job *job = &p->b->jobs[e->job];
    pm_render_options o = pm_batch_job_options(job);
    o.max_pixels = p->b->max_pixels;
    double w, h;
    pm_map_page page;
    pm_status st = pm_batch_page(maps, job, &page, err);
    if (st == PM_OK)
        st = pm_render_page_size(&page.map, &o, &w, &h, err);
    if (st == PM_OK)
        st = pm_render_surface(&page.map, page_begin(p, w, h), &o, NULL, err);
    if (st != PM_OK)
        return st;
    outline(p, CAIRO_PDF_OUTLINE_ROOT, e->title, e->page, NULL);
    return page_end(p);
}

/* A table's pages; its outline entry has one child per group. */
static pm_status draw_table(pages *p, const entry *e)
{
    const pm_batch_table *t = e->table;
    int id = 0;
    outline(p, CAIRO_PDF_OUTLINE_ROOT, e->title, e->page, &id);
    pm_status st = PM_OK;
    for (int k = 0; k < e->n_pages && st == PM_OK; k++) {
        cairo_t *cr = cairo_create(page_begin(p, PM_TABLE_PAGE_W, PM_TABLE_PAGE_H));
        pm_report_table_draw(cr, t, p->b->lang, e->starts, k, e->page + k);
        cairo_destroy(cr);
        for (int r = e->starts[k]; r < e->starts[k + 1]; r++)
            if (pm_report_table_starts_group(t, r))
                outline(p, id, t->groups[r], e->page + k, NULL);
        st = page_end(p);
    }
    return st;
}

/* Pass 2: the pages of every map that loaded, then the tables. Returns the
 * map pages drawn, -1 on a failure. */
static int draw_pages(pages *p, entry *e, int n, pm_batch_maps *maps, int *table_pages,
                      pm_error *err)
{
    int map_pages = 0;
    *table_pages = 0;
    for (int k = 0; k < n; k++) {
        if (e[k].error)
            continue;
        pm_status st = e[k].table ? draw_table(p, &e[k]) : draw_map(p, &e[k], maps, err);
        if (st != PM_OK)
            return -1;
        if (e[k].table)
            *table_pages += e[k].n_pages;
        else
            map_pages++;
    }
    return map_pages;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return pm_writer_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                                    : CAIRO_STATUS_WRITE_ERROR;
}

/* "<report without .pdf>-pages": the folder of the page PNGs. */
static char *png_dir_of(const char *path)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".pdf") == 0)
        n -= 4;
    char *d = malloc(n + 8);
    if (d)
        snprintf(d, n + 8, "%.*s-pages", (int)n, path);
    return d;
}

/* PNGs of pages a longer earlier report had. */
static void remove_stale_pngs(const char *dir, int kept)
{
    char png[4096];
    for (int k = kept + 1;; k++) {
        snprintf(png, sizeof png, "%s/%03d.png", dir, k);
        if (unlink(png) != 0)
            break;
    }
}

/* Through the one writer (core/pm_write.h). A failed write (full disk,
 * file-size limit) is the writer's error 3 whatever the drawing then says:
 * Cairo's surface only knows "write error" and stops drawing. */
static pm_status write_report(pages *p, entry *e, int n, pm_batch_maps *maps, const char *path,
                              int *map_pages, int *table_pages, pm_error *err)
{
    const pm_batch *b = p->b;
    if (p->png_dir && mkdir(p->png_dir, 0755) != 0 && errno != EEXIST)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot make the folder: %s", p->png_dir,
                            strerror(errno));
    pm_writer *w = pm_writer_open(path, 0, err);
    if (!w)
        return err->status ? err->status : PM_ERR_IO;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, w, CONTENTS_W, CONTENTS_H);
    p->pdf = s;
    /* Same input, same bytes: no creation date. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "planmap");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, b->report_title);
    pm_status st = draw_contents(p, e, n);
    *map_pages = st != PM_OK ? -1 : pm_writer_error(w) ? 0
                                  : draw_pages(p, e, n, maps, table_pages, err);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (pm_writer_error(w))
        return pm_writer_commit(w, err);   /* reports the reason, keeps the old report */
    st = *map_pages < 0 ? (err->status ? err->status : PM_ERR_RENDER)
       : cs != CAIRO_STATUS_SUCCESS
           ? pm_error_set(err, PM_ERR_RENDER, "%s: drawing failed: %s", path,
                          cairo_status_to_string(cs))
           : PM_OK;
    if (st != PM_OK) {
        pm_writer_abort(w);
        return st;
    }
    if (p->png_dir)
        remove_stale_pngs(p->png_dir, p->done);
    return pm_writer_commit(w, err);
}

static void free_entries(entry *e, int n)
{
    for (int k = 0; e && k < n; k++) {
        free(e[k].title);
        free(e[k].error);
        free(e[k].starts);
    }
    free(e);
}

void pm_batch_report_worker(const pm_batch *b, const pm_context *ctx, const int *sel, int n_sel,
                            const char *path, pm_batch_maps *maps, int fd)
{
    pm_geo_init_lean();
    pm_error err = {0};
    if (!maps)
        maps = pm_batch_maps_create(ctx);
    int n = n_sel + b->n_tables;
    entry *e = calloc((size_t)n + 1, sizeof *e);
    pages p = {.b = b, .err = &err, .png_dir = b->report_png ? png_dir_of(path) : NULL};
    int map_pages = 0, table_pages = 0;
    pm_status st = maps && e && (!b->report_png || p.png_dir)
                       ? PM_OK : pm_error_set(&err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (st == PM_OK && plan_pages(b, sel, n_sel, maps, e) != 0)
        st = pm_error_set(&err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (st == PM_OK)
        st = write_report(&p, e, n, maps, path, &map_pages, &table_pages, &err);
    if (st == PM_OK)
        pm_batch_send(fd, "T %d", table_pages);
    pm_batch_send(fd, "D %d %d %s", st == PM_OK ? map_pages : 0, (int)st,
                  st == PM_OK ? "" : err.msg);
    free_entries(e, n);
    free(p.png_dir);
    pm_batch_maps_destroy(maps);
}
