/* The report's map pages, drawn by the worker that rendered the map: each
 * into "<report stem>.parts/NNNNNN.pdf" (NNNNNN the map's number in batch
 * order), with a record NNNNNN.json of what the contents page needs (the
 * title, or why the map could not be drawn) and, with report_png, the page's
 * PNG. A share of a cluster run writes only its own maps' parts, so shares
 * never touch each other's files; report.c joins them after the workers, or
 * later with --merge. Every file goes through the atomic writer. */
#include "batch_internal.h"
#include "pm_alloc.h"
#include "pm_render_cairo.h"
#include "pm_strings.h"
#include "pm_write.h"

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

void pm_batch_parts_clear(const char *parts, const int *jobs, int n)
{
    static const char *const exts[] = {"json", "pdf", "png"};
    char path[4096];
    for (int k = 0; k < n; k++)
        for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
            pm_batch_part_path(path, sizeof path, parts, jobs[k], exts[e]);
            unlink(path);
        }
}

void pm_batch_parts_remove(const char *parts, const int *jobs, int n)
{
    pm_batch_parts_clear(parts, jobs, n);
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

/* The map's page as a one-page PDF (and its PNG), through the writer. */
static pm_status draw_part(const pm_batch *b, const pm_batch_job *job, pm_map_page *page,
                           const char *pdf, const char *png, pm_error *err)
{
    pm_render_options o = pm_batch_job_options(job);
    o.max_pixels = b->max_pixels;
    double w, h;
    pm_status st = pm_render_page_size(&page->map, &o, &w, &h, err);
    if (st != PM_OK)
        return st;
    pm_writer *wr = pm_writer_open(pdf, 0, err);
    if (!wr)
        return err->status ? err->status : PM_ERR_IO;
    cairo_surface_t *s = pm_report_pdf_surface(wr, w, h, NULL);
    pm_report_page pg = {.b = b, .pdf = s, .err = err};
    st = pm_render_surface(&page->map, pm_report_page_begin(&pg, w, h, png != NULL), &o, NULL,
                           err);
    if (st == PM_OK)
        st = pm_report_page_end(&pg, png);
    else
        pm_report_page_end(&pg, NULL);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (pm_writer_error(wr))
        return pm_writer_commit(wr, err);   /* the writer's reason (full disk) */
    if (st == PM_OK && cs != CAIRO_STATUS_SUCCESS)
        st = pm_error_set(err, PM_ERR_RENDER, "%s: drawing failed: %s", pdf,
                          cairo_status_to_string(cs));
    if (st != PM_OK) {
        pm_writer_abort(wr);
        return st;
    }
    return pm_writer_commit(wr, err);
}

pm_status pm_batch_report_part(const pm_batch *b, int job_no, const char *parts,
                               pm_batch_maps *maps, const pm_batch_result *res, pm_error *err)
{
    const pm_batch_job *job = &b->jobs[job_no];
    char pdf[4096], png[4096], rec[4096];
    pm_batch_part_path(pdf, sizeof pdf, parts, job_no, "pdf");
    pm_batch_part_path(png, sizeof png, parts, job_no, "png");
    pm_batch_part_path(rec, sizeof rec, parts, job_no, "json");
    pm_error page_err = {0};
    pm_map_page page;
    int ok = !job->error && pm_batch_page(maps, job, &page, &page_err) == PM_OK;
    char *title = pm_batch_job_title(b, job, ok ? &page : NULL);
    pm_status st = title ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", rec);
    if (st == PM_OK && ok)
        st = draw_part(b, job, &page, pdf, b->report_png ? png : NULL, err);
    pm_sbuf s = {0};
    pm_sbuf_addf(&s, "{\"jobs\": %d, \"share\": %d, \"of\": %d, \"status\": %d, \"files\": %d,\n"
                     " \"name\": ", b->n_jobs, res->shard_k, res->shard_n, (int)res->status, res->files);
    pm_sbuf_json(&s, job->name);
    pm_sbuf_add(&s, ",\n \"title\": ");
    pm_sbuf_json(&s, title ? title : job->name);
    if (res->status != PM_OK) {
        pm_sbuf_add(&s, ",\n \"message\": ");
        pm_sbuf_json(&s, res->message);
    }
    /* A page that cannot be drawn is the map's failure in the contents. */
    if (!ok || st != PM_OK) {
        pm_sbuf_add(&s, ",\n \"error\": ");
        pm_sbuf_json(&s, job->error ? job->error : !ok ? page_err.msg : err->msg);
    }
    pm_sbuf_add(&s, "}\n");
    char *text = pm_sbuf_take(&s);
    pm_error werr = {0};
    pm_status wst = text ? pm_write_file(rec, text, strlen(text), NULL, &werr)
                         : pm_error_set(&werr, PM_ERR_NOMEM, "%s: out of memory", rec);
    if (wst != PM_OK && st == PM_OK) {
        *err = werr;
        st = wst;
    }
    free(text);
    free(title);
    return st;
}

/* ---- reading the records ---------------------------------------------------- */

/* A record as written above. */
typedef struct record {
    char *name, *title, *error, *message;
    int jobs, of, status, files;
} record;

static const pm_json_field record_fields[] = {
    PM_JSON_FIELD(record, name, pm_json_name_value),
    PM_JSON_FIELD(record, title, pm_json_name_value),
    PM_JSON_FIELD(record, error, pm_json_name_value),
    PM_JSON_FIELD(record, message, pm_json_name_value),
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
    else if (!o && r.status == PM_OK)
        pm_json_fail(&r, PM_ERR_IO, "not a page record of planmap batch");
    json_object_put(o);
    *out = (pm_batch_part){v.title, v.error, v.message, (pm_status)v.status, v.files, v.of, 0};
    free(v.name);
    return r.status == PM_OK ? 0 : -1;
}

void pm_batch_part_free(pm_batch_part *p)
{
    PM_FREE_ALL(p->title, p->error, p->message);
}
