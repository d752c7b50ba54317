/* The batch report: one PDF with a contents page (map titles and their page
 * numbers, and the maps that failed) followed by one page per map, each page
 * sized like that map's own PDF, then the tables. The map pages are drawn by
 * the workers (report_part.c), each worker's into one PDF; this joins those
 * PDFs' pages in the report's order after the contents and before the table
 * pages (pdf_join.c), after a run or with --merge, and writes the
 * result through the one atomic writer. */
#include "batch_internal.h"
#include "pm_file.h"
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
#include <glib.h>
#include <pango/pangocairo.h>

#define CONTENTS_W 595.0     /* A4 portrait, points */
#define CONTENTS_H 842.0
#define CONTENTS_MARGIN 56.0
#define CONTENTS_PER_PAGE 32
#define PNG_MAX_PIXELS 40e6  /* a page PNG larger than this is drawn at a lower dpi */
#define PART_MAX ((size_t)1 << 34)   /* a map page's PDF: 16 GiB, no real bound */

typedef struct entry {
    int job;            /* the map's job, or -1 for a table */
    const pm_batch_table *table;
    pm_batch_part part; /* a map's record: its title, or why it failed */
    int page;           /* its first page, counting from 1 */
    int n_pages;        /* a table's pages, split at starts[] */
    int at;             /* a map's page among the joined ones */
    int *starts;
} entry;

/* A contents line or outline entry: the map's or table's title. */
static const char *title_of(const entry *e)
{
    return e->table ? e->table->title : e->part.title;
}

char *pm_batch_job_title(const pm_batch *b, const pm_batch_job *job, const pm_map_page *page)
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

/* How many pages each table takes; page numbers follow the contents pages.
 * Returns -1 when out of memory. */
static int plan_pages(const pm_batch *b, entry *e)
{
    for (int i = 0; i < b->n_tables; i++) {
        entry *t = &e[b->n_jobs + i];
        t->job = -1;
        t->table = &b->tables[i];
        if ((t->n_pages = pm_report_table_paginate(t->table, b->lang, &t->starts)) < 0)
            return -1;
    }
    int page = contents_pages(b->n_jobs + b->n_tables) + 1;
    for (int k = 0; k < b->n_jobs + b->n_tables; k++)
        if (!e[k].part.error) {
            e[k].page = page;
            page += e[k].table ? e[k].n_pages : 1;
        }
    return page - 1;
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

cairo_surface_t *pm_report_page_begin(pm_report_page *p, double w, double h, int record)
{
    p->w = w;
    p->h = h;
    cairo_pdf_surface_set_size(p->pdf, w, h);
    if (!record)
        return p->pdf;
    cairo_rectangle_t box = {0, 0, w, h};
    p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
    return p->rec;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return pm_writer_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                                    : CAIRO_STATUS_WRITE_ERROR;
}

/* The recorded page as PNG `path` on white, at the report's dpi. */
static pm_status write_png(pm_report_page *p, const char *path)
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

pm_status pm_report_page_end(pm_report_page *p, const char *png)
{
    pm_status st = PM_OK;
    if (p->rec) {
        cairo_t *cr = cairo_create(p->pdf);
        cairo_set_source_surface(cr, p->rec, 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
        if (png)
            st = write_png(p, png);
        cairo_surface_destroy(p->rec);
        p->rec = NULL;
    }
    cairo_surface_show_page(p->pdf);
    return st;
}

/* ---- contents and tables ------------------------------------------------------ */

/* The page PNG of page `page_no`, or NULL without report_png. */
static const char *png_of(const char *pages_dir, int page_no, char *buf, size_t size)
{
    if (!pages_dir)
        return NULL;
    snprintf(buf, size, "%s/%03d.png", pages_dir, page_no);
    return buf;
}

/* Contents pages: title, then one line per map or table with its page. */
static pm_status draw_contents(pm_report_page *p, const entry *e, int n, const char *pages_dir)
{
    const pm_batch *b = p->b;
    double w = CONTENTS_W - 2 * CONTENTS_MARGIN, y = 0;
    cairo_t *cr = NULL;
    pm_status st = PM_OK;
    int page_no = 0;
    char png[4096];
    for (int k = 0; k <= n && st == PM_OK; k++) {
        if (k == 0 || contents_break_before(k) || k == n) {
            if (cr) {
                cairo_destroy(cr);
                st = pm_report_page_end(p, png_of(pages_dir, page_no, png, sizeof png));
            }
            if (k == n && k > 0)
                break;
            page_no++;
            cr = cairo_create(pm_report_page_begin(p, CONTENTS_W, CONTENTS_H, pages_dir != NULL));
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            text_at(cr, b->report_title, 18, CONTENTS_MARGIN, CONTENTS_MARGIN, w - 90, 0);
            text_at(cr, b->lang == PM_LANG_EN ? "Contents"
                        : b->lang == PM_LANG_ZH_EN ? "目录 Contents" : "目录",
                    11, CONTENTS_MARGIN + w - 90, CONTENTS_MARGIN + 6, 90, 1);
            y = CONTENTS_MARGIN + 40;
            if (k == n)
                continue;   /* no entries: the page with the title only */
        }
        const char *error = e[k].part.error;
        char line[600], num[32];
        snprintf(line, sizeof line, "%d. %s%s%s", k + 1, title_of(&e[k]) ? title_of(&e[k]) : "?",
                 error ? " — failed: " : "", error ? error : "");
        if (error)
            snprintf(num, sizeof num, "–");
        else
            snprintf(num, sizeof num, "%d", e[k].page);
        text_at(cr, line, 10, CONTENTS_MARGIN, y, w - 40, 0);
        text_at(cr, num, 10, CONTENTS_MARGIN + w - 40, y, 40, 1);
        y += 22;
    }
    return st;
}

/* A table's pages. */
static pm_status draw_table(pm_report_page *p, const entry *e, const char *pages_dir)
{
    pm_status st = PM_OK;
    char png[4096];
    for (int k = 0; k < e->n_pages && st == PM_OK; k++) {
        cairo_t *cr = cairo_create(
            pm_report_page_begin(p, PM_TABLE_PAGE_W, PM_TABLE_PAGE_H, pages_dir != NULL));
        pm_report_table_draw(cr, e->table, p->b->lang, e->starts, k, e->page + k);
        cairo_destroy(cr);
        st = pm_report_page_end(p, png_of(pages_dir, e->page + k, png, sizeof png));
    }
    return st;
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The pages the report's own process draws, contents then tables, as one
 * PDF in memory: they share their fonts. */
static pm_status draw_front(const pm_batch *b, entry *e, int n, const char *pages_dir,
                            GByteArray *pdf, pm_error *err)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, pdf, CONTENTS_W, CONTENTS_H);
    pm_report_page p = {.b = b, .pdf = s, .err = err};
    pm_status st = draw_contents(&p, e, n, pages_dir);
    for (int k = 0; k < n && st == PM_OK; k++)
        if (e[k].table)
            st = draw_table(&p, &e[k], pages_dir);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st == PM_OK && cs != CAIRO_STATUS_SUCCESS)
        st = pm_error_set(err, PM_ERR_RENDER, "%s: drawing failed: %s", b->report,
                          cairo_status_to_string(cs));
    return st;
}

/* ---- joining ---------------------------------------------------------------- */

/* The page order (contents, maps, tables: indexes into the joined pages,
 * the front's first) and the outline: an entry per map and table, a child
 * per table group. */
static int plan_join(const entry *e, int n, int front, int *order, pm_pdf_outline *o)
{
    int contents = contents_pages(n), maps = 0, n_o = 0;
    for (int k = 0; k < contents; k++)
        order[k] = k;
    for (int k = 0; k < n; k++)
        if (!e[k].table && !e[k].part.error)
            order[contents + maps++] = e[k].at;
    for (int k = contents; k < front; k++)
        order[maps + k] = k;
    for (int k = 0; k < n; k++) {
        if (e[k].part.error)
            continue;
        int parent = n_o;
        o[n_o++] = (pm_pdf_outline){title_of(&e[k]), e[k].page - 1, -1};
        for (int pg = 0; e[k].table && pg < e[k].n_pages; pg++)
            for (int r = e[k].starts[pg]; r < e[k].starts[pg + 1]; r++)
                if (pm_report_table_starts_group(e[k].table, r))
                    o[n_o++] = (pm_pdf_outline){e[k].table->groups[r], e[k].page - 1 + pg, parent};
    }
    return n_o;
}

static int outline_entries(const pm_batch *b)
{
    int n = b->n_jobs;
    for (int i = 0; i < b->n_tables; i++)
        n += 1 + b->tables[i].n_rows;
    return n;
}

/* A worker PDF joined: its pages start at joined page `first`. */
typedef struct joined {
    const char *name;
    int first, pages;
} joined;

/* Worker PDF `name`, read whole and joined, once: its entry in `done`. */
static const joined *join_pdf(pm_pdf_join *j, const char *parts, const char *name, joined *done,
                              int *n_done, int *n_pages, pm_error *err)
{
    for (int i = 0; i < *n_done; i++)
        if (strcmp(done[i].name, name) == 0)
            return &done[i];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", parts, name);
    FILE *f = pm_fopen_input(path, err);
    size_t len = 0;
    char *pdf = f ? pm_read_stream(f, path, PART_MAX, "page", &len, err) : NULL;
    if (f)
        fclose(f);
    int got = pdf ? pm_pdf_join_add(j, pdf, len, path, err) : -1;
    free(pdf);
    if (got < 0)
        return NULL;
    done[*n_done] = (joined){name, *n_pages, got};
    *n_pages += got;
    return &done[(*n_done)++];
}

/* The map pages from the worker PDFs, each PDF joined once after the front
 * pages: e[k].at is the map's joined page. */
static pm_status join_maps(pm_pdf_join *j, const char *parts, entry *e, int n, int n_front,
                           pm_error *err)
{
    joined *done = calloc((size_t)n + 1, sizeof *done);
    int n_done = 0, n_pages = n_front;
    pm_status st = done ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", parts);
    for (int k = 0; k < n && st == PM_OK; k++) {
        if (e[k].table || e[k].part.error)
            continue;
        const joined *p = join_pdf(j, parts, e[k].part.pdf, done, &n_done, &n_pages, err);
        if (!p)
            st = err->status ? err->status : PM_ERR_IO;
        else if (e[k].part.page > p->pages)
            st = pm_error_set(err, PM_ERR_RENDER, "%s/%s: no page %d (of %d) for map %s", parts,
                              p->name, e[k].part.page, p->pages, e[k].part.title);
        else
            e[k].at = p->first + e[k].part.page - 1;
    }
    free(done);
    return st;
}

static pm_status write_joined(const pm_batch *b, const char *parts, entry *e, int n,
                              int total, const GByteArray *front, pm_error *err)
{
    int *order = calloc((size_t)total + 1, sizeof *order);
    pm_pdf_outline *o = calloc((size_t)outline_entries(b) + 1, sizeof *o);
    pm_writer *w = order && o ? pm_writer_open(b->report, 0, err) : NULL;
    pm_pdf_join *j = w ? pm_pdf_join_open(w, b->report) : NULL;
    pm_status st = j ? PM_OK : err->status ? err->status
                             : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", b->report);
    int n_front = st == PM_OK ? pm_pdf_join_add(j, (const char *)front->data, front->len,
                                                b->report, err) : -1;
    if (st == PM_OK && n_front < 0)
        st = err->status ? err->status : PM_ERR_RENDER;
    if (st == PM_OK)
        st = join_maps(j, parts, e, n, n_front, err);
    if (st == PM_OK) {
        int n_o = plan_join(e, n, n_front, order, o);
        st = pm_pdf_join_finish(j, order, total, o, n_o, b->report_title, err);
    }
    pm_pdf_join_free(j);
    if (w && st == PM_OK)
        st = pm_writer_commit(w, err);   /* a failed write: the writer's reason */
    else if (w && pm_writer_error(w))
        st = pm_writer_commit(w, err);
    else if (w)
        pm_writer_abort(w);
    free(order);
    free(o);
    return st;
}

/* ---- the parts ----------------------------------------------------------------- */

/* The missing records as one line: how many, the first names, the shares. */
static pm_status missing_parts(const pm_batch *b, const char *parts, const entry *e, int shard_n,
                               pm_error *err)
{
    char names[400] = "", shares[200] = "";
    int missing = 0;
    for (int k = 0; k < b->n_jobs; k++) {
        if (!e[k].part.missing)
            continue;
        size_t at = strlen(names);
        if (missing++ < 3)
            snprintf(names + at, sizeof names - at, "%s%s", missing > 1 ? ", " : "",
                     b->jobs[k].name);
        if (shard_n > 1) {
            char one[24];
            snprintf(one, sizeof one, " %d,", k % shard_n + 1);
            if (!strstr(shares, one) && strlen(shares) + strlen(one) < sizeof shares)
                strcat(shares, one);
        }
    }
    size_t sl = strlen(shares);
    if (sl)
        shares[sl - 1] = '\0';
    return pm_error_set(err, PM_ERR_IO, "%s: no page of %d of %d maps (%s%s)%s%s%s", parts, missing,
                        b->n_jobs, names, missing > 3 ? ", …" : "",
                        sl ? ": share" : "", sl ? shares : "", sl ? " not finished" : "");
}

/* Every map's record into e[0..n_jobs): -1 with err set when one cannot be
 * read or is missing. The shares' count goes to *shard_n. */
static int read_parts(const pm_batch *b, const char *parts, entry *e, pm_error *err)
{
    int shard_n = 1, missing = 0;
    for (int k = 0; k < b->n_jobs; k++) {
        e[k].job = k;
        int rc = pm_batch_part_read(b, parts, k, &e[k].part, err);
        if (rc < 0)
            return -1;
        e[k].part.missing = rc == 1;
        missing += rc == 1;
        if (rc == 0 && e[k].part.shard_n > shard_n)
            shard_n = e[k].part.shard_n;
    }
    if (missing) {
        missing_parts(b, parts, e, shard_n, err);
        return -1;
    }
    return 0;
}

/* The map pages' PNGs to their page numbers, then the parts removed (once
 * the report is written: a failed --merge can be run again). */
static pm_status finish_parts(const pm_batch *b, const char *parts, const entry *e, int total,
                              const char *pages_dir, pm_error *err)
{
    pm_status st = PM_OK;
    char from[4096], to[4096];
    for (int k = 0; pages_dir && k < b->n_jobs; k++) {
        if (e[k].part.error)
            continue;
        pm_batch_part_path(from, sizeof from, parts, k, "png");
        snprintf(to, sizeof to, "%s/%03d.png", pages_dir, e[k].page);
        if (rename(from, to) != 0 && st == PM_OK)
            st = pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", to, strerror(errno));
    }
    for (int k = total + 1; pages_dir; k++) {   /* pages a longer report had */
        snprintf(to, sizeof to, "%s/%03d.png", pages_dir, k);
        if (unlink(to) != 0)
            break;
    }
    int *all = malloc(((size_t)b->n_jobs + 1) * sizeof *all);
    for (int k = 0; all && k < b->n_jobs; k++)
        all[k] = k;
    if (all)
        pm_batch_parts_remove(parts, all, b->n_jobs);
    free(all);
    return st;
}

static void free_entries(entry *e, int n)
{
    for (int k = 0; e && k < n; k++) {
        pm_batch_part_free(&e[k].part);
        free(e[k].starts);
    }
    free(e);
}

/* The summary's map counts from the records, each failure logged as the
 * shares logged it. */
static void count_maps(const pm_batch *b, const pm_context *ctx, const entry *e,
                       pm_batch_summary *s)
{
    s->selected = b->n_jobs;
    for (int k = 0; k < b->n_jobs; k++) {
        s->files += e[k].part.files > 0 ? e[k].part.files : 0;
        if (e[k].part.status == PM_OK) {
            s->ok++;
            continue;
        }
        s->failed++;
        if (s->first_failure == PM_OK)
            s->first_failure = e[k].part.status;
        pm_context_log(ctx, PM_LOG_ERROR, "batch: %s: %s", b->jobs[k].name,
                       e[k].part.message ? e[k].part.message : "failed");
    }
}

pm_status pm_batch_report_join(const pm_batch *b, const pm_context *ctx, int merge,
                               pm_batch_summary *s, pm_error *err)
{
    int n = b->n_jobs + b->n_tables;
    entry *e = calloc((size_t)n + 1, sizeof *e);
    char *parts = pm_batch_parts_dir(b->report);
    char *pages_dir = b->report_png ? pm_batch_pages_dir(b->report) : NULL;
    GByteArray *front = g_byte_array_new();
    pm_status st = e && parts && (!b->report_png || pages_dir)
                       ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", b->report);
    int total = 0;
    if (st == PM_OK && read_parts(b, parts, e, err) != 0)
        st = err->status ? err->status : PM_ERR_IO;
    if (st == PM_OK && merge)
        count_maps(b, ctx, e, s);
    if (st == PM_OK && (total = plan_pages(b, e)) < 0)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", b->report);
    if (st == PM_OK && pages_dir && mkdir(pages_dir, 0755) != 0 && errno != EEXIST)
        st = pm_error_set(err, PM_ERR_IO, "%s: cannot make the folder: %s", pages_dir,
                          strerror(errno));
    if (st == PM_OK)
        st = draw_front(b, e, n, pages_dir, front, err);
    if (st == PM_OK)
        st = write_joined(b, parts, e, n, total, front, err);
    if (st == PM_OK)
        st = finish_parts(b, parts, e, total, pages_dir, err);
    if (st == PM_OK) {
        s->report_table_pages = 0;
        s->report_pages = 0;
        for (int k = 0; k < n; k++)
            if (!e[k].part.error) {
                s->report_pages += !e[k].table;
                s->report_table_pages += e[k].table ? e[k].n_pages : 0;
            }
    }
    g_byte_array_unref(front);
    free_entries(e, n);
    free(parts);
    free(pages_dir);
    return st;
}
