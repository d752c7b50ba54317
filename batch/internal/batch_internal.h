/* Private to the batch module (batch/batch_*.c, batch/report.c). */
#ifndef PM_BATCH_INTERNAL_H
#define PM_BATCH_INTERNAL_H

#include "pm_batch.h"
#include "pm_map_data.h"
#include "pm_json.h"
#include "pm_write.h"

#include <cairo.h>

/* Mark a job as failing with a one-line reason (the first one wins). */
void pm_batch_job_fail(pm_batch_job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Values of a batch file (batch_parse.c): a non-empty drawn text; a file
 * against the batch file's folder. `r` is the batch file's reader. */
pm_status pm_batch_read_title(pm_json_reader *r, json_object *v, void *out);
pm_status pm_batch_read_path(pm_json_reader *r, json_object *v, void *out);

/* "a", "b" or "a\nb" for zh+en (either may be missing): the text of `lang`
 * (malloc'd; NULL when both are NULL or out of memory). */
char *pm_batch_both(const char *zh, const char *en, pm_lang lang);
/* The job's English overrides folded into its title and subtitle by its
 * language (and freed). -1 when out of memory. */
int pm_batch_job_fold_lang(pm_batch_job *j);
/* Append job `j` to b->jobs, which takes its strings; -1 when out of
 * memory, `j`'s strings then freed. */
int pm_batch_add_job(pm_batch *b, pm_batch_job *j);
/* Free a job's strings. */
void pm_batch_job_free(pm_batch_job *j);

/* "tables": one table entry or a list, read into b->tables with their rows
 * in b->lang (batch_tables.c); `out` is the pm_batch. */
pm_status pm_batch_read_tables(pm_json_reader *r, json_object *v, void *out);
void pm_batch_table_free(pm_batch_table *t);

/* One atlas entry as read from the batch file (batch_parse.c). */
typedef struct pm_batch_atlas {
    const char *at;         /* its JSON path ("atlas", "atlas[1]"), for messages */
    char *spec;             /* the map spec, against the batch file's folder */
    char *source;           /* the coverage layer's file */
    char *layer;            /* a layer of it, or NULL for the first */
    char *encoding;         /* its text's character set, or NULL (as it says) */
    char *crs;              /* its coordinates' CRS, or NULL (as it says) */
    char *name;             /* output name template */
    pm_condition *where;    /* which coverage features get a page */
    int n_where;
} pm_batch_atlas;

/* Load the coverage layer with `ctx`'s threads and append one job per
 * feature (batch_atlas.c). */
pm_status pm_batch_expand_atlas(const char *file, const pm_batch_atlas *a,
                                const pm_batch_job *defaults, pm_batch *b,
                                const pm_context *ctx, pm_error *err);

/* Before any map (batch_check.c): a map whose output would replace a file a
 * map reads, or that another map (or the report) also writes, fails naming
 * both; a report that would replace an input is an error for the whole run. */
pm_status pm_batch_check_outputs(pm_batch *b, pm_error *err);

/* A worker's loaded maps: each spec file loaded and styled once, then
 * drawn as a page of its own for each job on it (batch_maps.c). */
typedef struct pm_batch_maps pm_batch_maps;
/* Maps made with `ctx` (not owned; NULL: the defaults). */
pm_batch_maps *pm_batch_maps_create(const pm_context *ctx);
void pm_batch_maps_destroy(pm_batch_maps *c);

/* The job's page: the spec's loaded map with the job's title and extent
 * (layers/pm_map_data.h); it borrows from `c` and `job`. */
pm_status pm_batch_page(pm_batch_maps *c, const pm_batch_job *job, pm_map_page *page,
                        pm_error *err);
/* Load a spec into the cache now (a failure is kept for the jobs on it). */
void pm_batch_maps_warm(pm_batch_maps *c, const char *spec_path);

/* Render options of a job. */
pm_render_options pm_batch_job_options(const pm_batch_job *job);

/* One line per message to `fd`, written whole (shorter than PIPE_BUF). */
void pm_batch_send(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the report (report.c, report_table.c) ---- */

#define PM_REPORT_FONT "Noto Sans CJK SC"
#define PM_TABLE_PAGE_W 842.0   /* table pages: A4 landscape, points */
#define PM_TABLE_PAGE_H 595.0

/* Split table `t` into pages: (*starts)[k] is the first row of page k, and
 * (*starts)[pages] = t->n_rows (malloc'd). Returns the pages (at least 1;
 * -1 when out of memory). */
int pm_report_table_paginate(const pm_batch_table *t, pm_lang lang, int **starts);
/* Draw page `page` of the table, numbered `page_no` in the report. */
void pm_report_table_draw(cairo_t *cr, const pm_batch_table *t, pm_lang lang, const int *starts,
                          int page, int page_no);
/* 1 if row r is the first of its group (a group's heading goes before it). */
int pm_report_table_starts_group(const pm_batch_table *t, int r);

/* One page of the report: drawn onto the PDF surface, or recorded first
 * when a PNG of it is wanted, then played back onto the PDF and the PNG. */
typedef struct pm_report_page {
    const pm_batch *b;
    cairo_surface_t *pdf;
    cairo_surface_t *rec;   /* the page being recorded, or NULL */
    double w, h;
    pm_error *err;
} pm_report_page;
/* The surface to draw the next page on (`record`: a recording surface). */
cairo_surface_t *pm_report_page_begin(pm_report_page *p, double w, double h, int record);
/* The page shown; a recorded one is also written as PNG `png` (NULL: not). */
pm_status pm_report_page_end(pm_report_page *p, const char *png);

/* A PDF surface writing through `w` with planmap's metadata (no date, so the
 * same input gives the same bytes). */
cairo_surface_t *pm_report_pdf_surface(pm_writer *w, double width, double height,
                                       const char *title);

/* The contents line of a map: its page's title in the report's language
 * (NULL `page`: the job's title or name). malloc'd. */
char *pm_batch_job_title(const pm_batch *b, const pm_batch_job *job, const pm_map_page *page);

/* "<report stem>-pages" (malloc'd). */
char *pm_batch_pages_dir(const char *report);
/* "<parts>/NNNNNN.<ext>" of map `job`. */
void pm_batch_part_path(char *buf, size_t size, const char *parts, int job, const char *ext);
/* Remove the parts of `n` maps and the worker PDFs of share `share` (0: of
 * every share): what an earlier run left of them. */
void pm_batch_parts_clear(const char *parts, const int *jobs, int n, int share);
/* The same for every share, then the folder when nothing else is left in it. */
void pm_batch_parts_remove(const char *parts, const int *jobs, int n);

/* How a worker's map went, for its record. */
typedef struct pm_batch_result {
    pm_status status;
    int files;
    const char *message;     /* the failure, "" when none */
} pm_batch_result;

/* A worker's part of the report: one PDF with the pages of every map it
 * draws (so they share their fonts) and the maps' records, written when it
 * is closed. */
typedef struct pm_batch_part_pdf pm_batch_part_pdf;
/* A map's record while its worker runs. */
typedef struct pm_batch_part_rec {
    int job, page;           /* page: of the worker's PDF, from 1; 0 none */
    char *title, *error, *message;
    pm_status status;
    int files;
} pm_batch_part_rec;
/* Worker `worker` (from 0) of share `share` of `of`, into folder `parts`. */
pm_batch_part_pdf *pm_batch_part_pdf_create(const pm_batch *b, const char *parts, int share,
                                            int of, int worker);
/* In the worker, after map `job`: its page onto the worker's PDF. */
pm_status pm_batch_report_part(pm_batch_part_pdf *w, int job, pm_batch_maps *maps,
                               const pm_batch_result *res, pm_error *err);
/* The PDF written, then every map's record (a page lost with a PDF that could
 * not be written says why); `w` is freed. */
pm_status pm_batch_part_pdf_close(pm_batch_part_pdf *w, pm_error *err);

/* A map's record as read back. */
typedef struct pm_batch_part {
    char *title;
    char *error;             /* why it has no page (NULL: it has one) */
    char *message;           /* why the map failed (NULL: it did not) */
    char *pdf;               /* the worker PDF with its page (a name in the folder) */
    int page;                /* which page of it, from 1 */
    pm_status status;
    int files, shard_n;
    int missing;             /* no record yet */
} pm_batch_part;
/* Map `job`'s record: 0 read, 1 missing, -1 unreadable or of another batch
 * (err set). */
int pm_batch_part_read(const pm_batch *b, const char *parts, int job, pm_batch_part *out,
                       pm_error *err);
void pm_batch_part_free(pm_batch_part *p);

/* ---- joining Cairo's PDFs (pdf_join.c) ---- */
typedef struct pm_pdf_join pm_pdf_join;
typedef struct pm_pdf_outline {
    const char *title;
    int page;                /* its page: an index into the joined order */
    int parent;              /* the entry it is under, -1 at the top */
} pm_pdf_outline;
/* Start a document written through `w` (`path` names it in messages). */
pm_pdf_join *pm_pdf_join_open(pm_writer *w, const char *path);
/* Copy the pages of `pdf` (a PDF Cairo wrote; `name` for messages): their
 * count, or -1 with err set. */
int pm_pdf_join_add(pm_pdf_join *j, const char *pdf, size_t len, const char *name, pm_error *err);
/* The page tree (`order`: indexes of the pages in the order added), the
 * outline and the catalogue; the writer is then the caller's to commit. */
pm_status pm_pdf_join_finish(pm_pdf_join *j, const int *order, int n_order,
                             const pm_pdf_outline *outline, int n_outline, const char *title,
                             pm_error *err);
void pm_pdf_join_free(pm_pdf_join *j);

/* The report from every map's part (after a run, or with --merge): the
 * contents and table pages drawn, the map pages joined between them, the
 * parts removed. With `merge` the summary's map counts come from the
 * records and each failed map is logged. */
pm_status pm_batch_report_join(const pm_batch *b, const pm_context *ctx, int merge,
                               pm_batch_summary *s, pm_error *err);

#endif
