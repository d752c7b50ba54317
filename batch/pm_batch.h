/* pm_batch — many maps in one run: a list of maps (a spec with overrides
 * each) and/or an atlas (one map per feature of a coverage layer), rendered
 * by parallel worker processes into individual files plus one multi-page PDF
 * report with a contents page. docs/batch.md describes the file format.
 */
#ifndef PM_BATCH_H
#define PM_BATCH_H

#include "pm_context.h"
#include "pm_qgis.h"
#include "pm_render.h"
#include "pm_spec.h"

enum {
    PM_OUT_PNG = 1u << 0, PM_OUT_SVG = 1u << 1, PM_OUT_PDF = 1u << 2,
    PM_OUT_TIFF = 1u << 3, PM_OUT_WORLD = 1u << 4   /* .pgw/.prj beside the PNG */
};

typedef struct pm_batch_job {
    char *name;          /* output path without extension, relative to out_dir */
    char *spec;          /* spec file */
    char *title;         /* overrides (NULL: the spec's) */
    char *subtitle;
    char *title_en;      /* English overrides, folded into title/subtitle by */
    char *subtitle_en;   /* `lang` when the entry is read (NULL afterwards) */
    int has_extent;
    double extent[4];    /* lon/lat box */
    double margin;       /* fraction added around the box on each side */
    double dpi;          /* > 0 overrides */
    int width_px, height_px;
    pm_lang lang;
    unsigned outputs;    /* PM_OUT_* */
    char *error;         /* set when the entry itself is wrong: the map fails */
    int atlas_page;      /* 1, 2, ...: the page of an atlas, in coverage order;
                            0: a map of the list */
    int name_dup;        /* k > 1: the name took "-k", an earlier page's name
                            came out the same; 0: as the template made it */
} pm_batch_job;

/* A table of the report (a "tables" entry): the rows of a vector layer,
 * read when the batch file is, its texts already in the batch's language. */
typedef struct pm_batch_table {
    char *title;         /* heading, contents line and outline entry */
    int n_cols;
    char **headings;     /* n_cols */
    double *widths;      /* n_cols, fractions of the table's width (sum 1) */
    int n_rows;
    char **cells;        /* n_rows * n_cols, row by row; NULL: empty */
    char **groups;       /* n_rows group values ("group_by"), or NULL for none */
} pm_batch_table;

typedef struct pm_batch {
    char *path;          /* the batch file, for messages */
    char *out_dir;       /* where outputs go */
    char *report;        /* multi-page PDF (path), NULL for none */
    char *report_title;
    pm_lang lang;        /* of the report's own pages (contents, tables) */
    int report_png;      /* also a PNG of every report page */
    double report_dpi;   /* their resolution */
    pm_batch_job *jobs;
    int n_jobs, cap_jobs;
    pm_batch_table *tables;   /* report pages after the maps */
    int n_tables;
    long long max_pixels;  /* raster budget of each map (pm_render_options); 0: default */
} pm_batch;

/* Read a batch file; atlas entries are expanded into one job per coverage
 * feature, the coverage read with `ctx`'s threads (NULL: the defaults).
 * `out_dir` (may be NULL) overrides the file's "output_dir", `lang`
 * (PM_LANG_DEFAULT: the file's) every "lang" of the file. */
pm_batch *pm_batch_load(const char *path, const char *out_dir, pm_lang lang,
                        const pm_context *ctx, pm_error *err);
void pm_batch_destroy(pm_batch *batch);

/* 0 if `name` stays inside the output folder (relative, no ".." part). */
int pm_batch_name_ok(const char *name);

/* Called in the parent after each map is reported (`done` of `total`,
 * `name` the map's), and once more with `name` NULL when the run is over. */
typedef void (*pm_batch_progress_fn)(void *user, int done, int total, const char *name);

typedef struct pm_batch_options {
    int workers;         /* <= 0: one per core */
    int shard_k, shard_n;/* render job i only if i % shard_n == shard_k - 1 */
    pm_context *context; /* the maps' (NULL: the defaults); each worker
                            process sets its share of the threads on its
                            own copy of it. Its log callback gets the run's
                            messages. */
    pm_batch_progress_fn progress;  /* NULL: none */
    void *progress_user;
} pm_batch_options;

typedef struct pm_batch_summary {
    int selected;        /* maps in this shard */
    int ok, failed;
    int files;           /* output files written */
    int report_pages;    /* maps in the report (0: no report) */
    int report_table_pages;  /* table pages in the report */
    int report_failed;
    pm_status first_failure;  /* status of the first failed map (PM_OK: none) */
} pm_batch_summary;

/* Render the selected jobs, and each one's page of the report into "<report
 * stem>.parts"; an unsharded run then joins them into the report and removes
 * the parts, a share leaves them for pm_batch_merge. Each failure is one message to the context's log
 * (PM_LOG_ERROR, "batch: <name>: <reason>") and counted; the run goes on.
 * Returns PM_OK even when maps failed (see summary), an error only when
 * nothing could be run (e.g. the output folder cannot be made).
 *
 * The workers are forked processes: they inherit the caller's signal
 * dispositions (the batch sets none; a program printing to a pipe should
 * ignore SIGPIPE, as planmap does) and report to the parent on a pipe, so
 * every message and every progress call is made in the parent, on the
 * calling thread. */
pm_status pm_batch_run(const pm_batch *batch, const pm_batch_options *opts,
                       pm_batch_summary *summary, pm_error *err);

/* "<report stem>.parts": where the maps' report pages wait to be joined
 * (malloc'd; NULL for no report). */
char *pm_batch_parts_dir(const char *report);

/* The report from the pages every share of a run left in "<report
 * stem>.parts" (the same report as one unsharded run). Map failures the
 * shares recorded are logged and counted in `summary`; a map without its
 * page is an error (PM_ERR_IO) naming them and their shares. */
pm_status pm_batch_merge(const pm_batch *b, const pm_batch_options *opts,
                         pm_batch_summary *summary, pm_error *err);

/* A batch file's (first) atlas as a QGIS layout atlas (batch_qgis.c): its
 * spec with the coverage layer added as one more layer ("atlas_coverage",
 * the atlas's `where` applied, kept out of the legend), and the atlas the
 * project writer needs, its expressions made from the atlas's templates. */
typedef struct pm_batch_qgis {
    pm_spec *spec;
    pm_qgis_atlas *atlases;   /* one a layout; their strings are owned here */
    int n_atlases;
    int pages;             /* the pages `planmap batch` draws of them all */
    pm_lang lang;          /* the first atlas's language (PM_LANG_DEFAULT: the spec's) */
} pm_batch_qgis;

/* What `path` looks like (a JSON object without a spec's "layers"): 1 a
 * batch file with an "atlas", 2 one with "maps" only, 0 no batch file. */
int pm_batch_file_kind(const char *path);
/* Read batch file `path` (checked as pm_batch_load does) into `out`. */
pm_status pm_batch_qgis_load(const char *path, const pm_context *ctx, pm_batch_qgis *out,
                             pm_error *err);
void pm_batch_qgis_free(pm_batch_qgis *q);

#endif
