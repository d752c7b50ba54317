/* The report's map pages, drawn by the worker that rendered the maps: each
 * worker keeps one PDF, "<report stem>.parts/pages-K-W.pdf" (share K, worker
 * W), and adds its maps' pages to it in the order it draws them, so they
 * share their font subsets. Each map gets a record NNNNNN.json (NNNNNN its
 * number in batch order) of what the contents page needs: the title, which
 * page of which PDF, or why the map could not be drawn; with report_png also
 * the page's PNG. A share of a cluster run writes only its own maps' parts, so
 * shares never touch each other's files; report.c joins them after the
 * workers, or later with --merge. Every file goes through the atomic writer. */
#include "batch_internal.h"
#include "pm_alloc.h"
#include "pm_render_cairo.h"
#include "pm_strings.h"
#include "pm_write.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>

#define RECORD_MAX (1 << 20)

static char *with_suffix(const char *report, const char *suffix)
{
    size_t n = strlen(report);
    if (n > 4 && strcmp(report + n - 4, ".pdf") == 0)
        n -= 4;
    size_t len = n + strlen(suffix) + 1;
    char *d = malloc(len);
    if (d)
        snprintf(d, len, "%.*s%s", (int)n, report, suffix);
    return d;
}

char *pm_batch_parts_dir(const char *report)
{
    return report ? with_suffix(report, ".parts") : NULL;
}

char *pm_batch_pages_dir(const char *report)
{
    return with_suffix(report, "-pages");
}

void pm_batch_part_path(char *buf, size_t size, const char *parts, int job, const char *ext)
{
    snprintf(buf, size, "%s/%06d.%s", parts, job, ext);
}

/* The worker PDFs of share `share` (0: of every share). */
static void remove_pdfs(const char *parts, int share)
{
    DIR *d = opendir(parts);
    struct dirent *de;
    char path[4096];
    while (d && (de = readdir(d))) {
        int k, w, end = 0;
        if (sscanf(de->d_name, "pages-%d-%d.pdf%n", &k, &w, &end) == 2 &&
            de->d_name[end] == '\0' && end > 0 && (share == 0 || k == share)) {
            snprintf(path, sizeof path, "%s/%s", parts, de->d_name);
            unlink(path);
        }
    }
    if (d)
        closedir(d);
}

void pm_batch_parts_clear(const char *parts, const int *jobs, int n, int share)
{
    static const char *const exts[] = {"json", "png"};
    char path[4096];
    for (int k = 0; k < n; k++)
        for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
            pm_batch_part_path(path, sizeof path, parts, jobs[k], exts[e]);
            unlink(path);
        }
    remove_pdfs(parts, share);
}

void pm_batch_parts_remove(const char *parts, const int *jobs, int n)
{
    pm_batch_parts_clear(parts, jobs, n, 0);
    rmdir(parts);   /* kept when it holds anything else */
}

/* ---- a worker's page ----------------------------------------------------------- */

static cairo_status_t to_writer(void *closure, const unsigned char *data, unsigned int len)
{
    return pm_writer_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                                    : CAIRO_STATUS_WRITE_ERROR;
}

cairo_surface_t *pm_report_pdf_surface(pm_writer *w, double width, double height,
                                       const char *title)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_writer, w, width, height);
    /* Same input, same bytes: no creation date. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "planmap");
    if (title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    return s;
}

struct pm_batch_part_pdf {
    const pm_batch *b;
    char *parts;
    char name[64];          /* "pages-K-W.pdf", in the parts folder */
    pm_writer *wr;          /* NULL until the first page */
    cairo_surface_t *pdf;
    int share, of;          /* the run's share, for the records */
    int pages;              /* pages shown so far */
    pm_batch_part_rec *recs;
    int n_recs, cap_recs;
};

pm_batch_part_pdf *pm_batch_part_pdf_create(const pm_batch *b, const char *parts, int share,
                                            int of, int worker)
{
    pm_batch_part_pdf *w = calloc(1, sizeof *w);
    if (w && !(w->parts = strdup(parts))) {
        free(w);
        return NULL;
    }
    if (w) {
        w->b = b;
        w->share = share;
        w->of = of;
        snprintf(w->name, sizeof w->name, "pages-%d-%d.pdf", share, worker + 1);
    }
    return w;
}

/* The worker's PDF, opened at its first page (sized like that page). */
static pm_status open_pdf(pm_batch_part_pdf *w, double width, double height, pm_error *err)
{
    cairo_status_t cs = w->pdf ? cairo_surface_status(w->pdf) : CAIRO_STATUS_SUCCESS;
    if (w->pdf && pm_writer_error(w->wr))   /* the writer's reason (full disk) */
        return pm_error_set(err, PM_ERR_IO, "%s/%s: cannot write: %s", w->parts, w->name,
                            strerror(pm_writer_error(w->wr)));
    if (w->pdf)
        return cs == CAIRO_STATUS_SUCCESS ? PM_OK
                   : pm_error_set(err, PM_ERR_RENDER, "%s/%s: drawing failed: %s", w->parts,
                                  w->name, cairo_status_to_string(cs));
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", w->parts, w->name);
    if (!(w->wr = pm_writer_open(path, 0, err)))
        return err->status ? err->status : PM_ERR_IO;
    w->pdf = pm_report_pdf_surface(w->wr, width, height, NULL);
    return PM_OK;
}

/* The map's page, the next of the worker's PDF (and its PNG). A page that
 * fails to draw is still shown, so the pages keep their numbers; its record
 * says why and the joiner leaves it out. */
static pm_status draw_part(pm_batch_part_pdf *w, const pm_batch_job *job, pm_map_page *page,
                           const char *png, pm_error *err)
{
    pm_render_options o = pm_batch_job_options(job);
    o.max_pixels = w->b->max_pixels;
    double pw, ph;
    pm_status st = pm_render_page_size(&page->map, &o, &pw, &ph, err);
    if (st == PM_OK)
        st = open_pdf(w, pw, ph, err);
    if (st != PM_OK)
        return st;
    pm_report_page pg = {.b = w->b, .pdf = w->pdf, .err = err};
    st = pm_render_surface(&page->map, pm_report_page_begin(&pg, pw, ph, png != NULL), &o, NULL,
                           err);
    if (st == PM_OK)
        st = pm_report_page_end(&pg, png);
    else
        pm_report_page_end(&pg, NULL);
    w->pages++;
    return st;
}

pm_status pm_batch_report_part(pm_batch_part_pdf *w, int job_no, pm_batch_maps *maps,
                               const pm_batch_result *res, pm_error *err)
{
    const pm_batch *b = w->b;
    const pm_batch_job *job = &b->jobs[job_no];
    if (pm_array_grow(&w->recs, w->n_recs, &w->cap_recs, sizeof *w->recs, 16) != 0)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", w->parts);
    pm_batch_part_rec *r = &w->recs[w->n_recs++];
    *r = (pm_batch_part_rec){.job = job_no, .status = res->status, .files = res->files};
    r->message = res->status != PM_OK ? strdup(res->message) : NULL;
    char png[4096];
    pm_batch_part_path(png, sizeof png, w->parts, job_no, "png");
    pm_error page_err = {0};
    pm_map_page page;
    int ok = !job->error && pm_batch_page(maps, job, &page, &page_err) == PM_OK;
    r->title = pm_batch_job_title(b, job, ok ? &page : NULL);
    pm_status st = r->title && (res->status == PM_OK || r->message)
                       ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", w->parts);
    if (st == PM_OK && ok) {
        st = draw_part(w, job, &page, b->report_png ? png : NULL, err);
        r->page = w->pages;
    }
    /* A page that cannot be drawn is the map's failure in the contents. */
    if (!ok || st != PM_OK)
        r->error = strdup(job->error ? job->error : !ok ? page_err.msg : err->msg);
    return st;
}

/* Map r's record: its title, how the map went, its page of the worker's
 * PDF or why it has none. */
static pm_status write_record(const pm_batch_part_pdf *w, const pm_batch_part_rec *r,
                              pm_error *err)
{
    const pm_batch_job *job = &w->b->jobs[r->job];
    char rec[4096];
    pm_batch_part_path(rec, sizeof rec, w->parts, r->job, "json");
    pm_sbuf s = {0};
    pm_sbuf_addf(&s, "{\"jobs\": %d, \"share\": %d, \"of\": %d, \"status\": %d, \"files\": %d,\n"
                     " \"name\": ", w->b->n_jobs, w->share, w->of, (int)r->status, r->files);
    pm_sbuf_json(&s, job->name);
    pm_sbuf_add(&s, ",\n \"title\": ");
    pm_sbuf_json(&s, r->title ? r->title : job->name);
    if (r->message) {
        pm_sbuf_add(&s, ",\n \"message\": ");
        pm_sbuf_json(&s, r->message);
    }
    if (r->error || !r->page) {
        pm_sbuf_add(&s, ",\n \"error\": ");
        pm_sbuf_json(&s, r->error ? r->error : "out of memory");
    } else {
        pm_sbuf_add(&s, ",\n \"pdf\": ");
        pm_sbuf_json(&s, w->name);
        pm_sbuf_addf(&s, ", \"page\": %d", r->page);
    }
    pm_sbuf_add(&s, "}\n");
    char *text = pm_sbuf_take(&s);
    pm_status st = text ? pm_write_file(rec, text, strlen(text), NULL, err)
                        : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", rec);
    free(text);
    return st;
}

/* The worker's PDF finished and committed: its status (a failure then
 * becomes every drawn page's error). */
static pm_status finish_pdf(pm_batch_part_pdf *w, pm_error *err)
{
    if (!w->pdf)
        return PM_OK;
    cairo_surface_finish(w->pdf);
    cairo_status_t cs = cairo_surface_status(w->pdf);
    cairo_surface_destroy(w->pdf);
    w->pdf = NULL;
    pm_writer *wr = w->wr;
    w->wr = NULL;
    if (pm_writer_error(wr))
        return pm_writer_commit(wr, err);   /* the writer's reason (full disk) */
    if (cs != CAIRO_STATUS_SUCCESS) {
        pm_writer_abort(wr);
        return pm_error_set(err, PM_ERR_RENDER, "%s/%s: drawing failed: %s", w->parts, w->name,
                            cairo_status_to_string(cs));
    }
    return pm_writer_commit(wr, err);
}

pm_status pm_batch_part_pdf_close(pm_batch_part_pdf *w, pm_error *err)
{
    if (!w)
        return PM_OK;
    /* The records only once the PDF is there: a worker that dies leaves its
     * maps without a record, which the join reports as missing. */
    pm_status st = finish_pdf(w, err);
    for (int k = 0; k < w->n_recs; k++) {
        pm_batch_part_rec *r = &w->recs[k];
        if (st != PM_OK && r->page && !r->error)
            r->error = strdup(err->msg);
        pm_error rerr = {0};
        pm_status rst = write_record(w, r, &rerr);
        if (rst != PM_OK && st == PM_OK) {
            *err = rerr;
            st = rst;
        }
        PM_FREE_ALL(r->title, r->error, r->message);
    }
    free(w->recs);
    free(w->parts);
    free(w);
    return st;
}

/* ---- reading the records ---------------------------------------------------- */

/* A record as written above. */
typedef struct record {
    char *name, *title, *error, *message, *pdf;
    int jobs, of, status, files, page;
} record;

static const pm_json_field record_fields[] = {
    PM_JSON_FIELD(record, name, pm_json_name_value),
    PM_JSON_FIELD(record, title, pm_json_name_value),
    PM_JSON_FIELD(record, error, pm_json_name_value),
    PM_JSON_FIELD(record, message, pm_json_name_value),
    PM_JSON_FIELD(record, pdf, pm_json_name_value),
    PM_JSON_INT_FIELD(record, page, 1, INT_MAX),
    PM_JSON_INT_FIELD(record, jobs, 1, INT_MAX),
    PM_JSON_INT_FIELD(record, of, 1, INT_MAX),
    PM_JSON_INT_FIELD(record, status, 0, 255),
    PM_JSON_INT_FIELD(record, files, 0, INT_MAX),
    PM_JSON_END};

/* Job `job_no`'s record: 0 read, 1 missing, -1 wrong (err set). */
int pm_batch_part_read(const pm_batch *b, const char *parts, int job_no, pm_batch_part *out,
                       pm_error *err)
{
    char rec[4096];
    pm_batch_part_path(rec, sizeof rec, parts, job_no, "json");
    memset(out, 0, sizeof *out);
    if (access(rec, F_OK) != 0 && errno == ENOENT)
        return 1;
    pm_json_reader r = {.file = rec, .err = err};
    json_object *o = pm_json_load(&r, RECORD_MAX, "page record");
    record v = {0};
    if (o && pm_json_read_fields(&r, o, record_fields, &v) == PM_OK &&
        pm_json_require(&r, o, "title") == PM_OK && pm_json_require(&r, o, "jobs") == PM_OK &&
        (v.jobs != b->n_jobs || !v.name || strcmp(v.name, b->jobs[job_no].name) != 0))
        pm_json_fail(&r, PM_ERR_IO, "made for another batch (map '%s' of %d, here '%s' of %d)",
                     v.name ? v.name : "", v.jobs, b->jobs[job_no].name, b->n_jobs);
    /* A page is in a worker PDF of the folder, named as the workers name them. */
    else if (o && r.status == PM_OK && !v.error &&
             (!v.pdf || !v.page || strncmp(v.pdf, "pages-", 6) != 0 || strchr(v.pdf, '/')))
        pm_json_fail(&r, PM_ERR_IO, "no \"error\" and no worker PDF and page");
    else if (!o && r.status == PM_OK)
        pm_json_fail(&r, PM_ERR_IO, "not a page record of planmap batch");
    json_object_put(o);
    *out = (pm_batch_part){v.title, v.error, v.message, v.pdf, v.page, (pm_status)v.status,
                           v.files, v.of, 0};
    free(v.name);
    return r.status == PM_OK ? 0 : -1;
}

void pm_batch_part_free(pm_batch_part *p)
{
    PM_FREE_ALL(p->title, p->error, p->message, p->pdf);
}
