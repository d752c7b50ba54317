/* planmap batch FILE: many maps (a list and/or an atlas) on every core. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pm_batch.h"
#include "pm_init.h"

static const char batch_usage[] =
    "usage: planmap batch FILE [-o DIR] [--lang LANG] [--shard K/N | --shard auto\n"
    "                     [--shard-count N] | --merge] [--jobs N] [-q | -v]\n"
    "\n"
    "Render every map of a batch file (see docs/batch.md): a list of maps with\n"
    "overrides and/or an atlas (one map per feature of a coverage layer), into\n"
    "individual files and one multi-page PDF report with a contents page.\n"
    "\n"
    "  -o, --output-dir DIR  where outputs go (overrides the file's output_dir)\n"
    "      --lang LANG       zh, en or zh+en: every map, contents and table (overrides\n"
    "                        the file's \"lang\")\n"
    "      --shard K/N       render only the K-th of N shares (maps K, K+N, K+2N, ...)\n"
    "                        and leave its report pages for --merge\n"
    "      --shard auto      the share from a Slurm job array (SLURM_ARRAY_TASK_ID) or\n"
    "                        a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)\n"
    "      --shard-count N   the shares of an Indexed Job (or PLANMAP_SHARD_COUNT)\n"
    "      --merge           write the report from the pages the shares left\n"
    "  -j, --jobs N          worker processes (default: one per core)\n"
    "      --max-pixels N    raster budget of each map in pixels (default 150000000,\n"
    "                        about 600 MB per worker): larger pages fail that map\n"
    "  -q, --quiet           errors only: no progress, a summary only when a map\n"
    "                        failed (progress: a line rewritten on a terminal, else\n"
    "                        one line per map)\n"
    "  -v, --verbose         also the files read and how long the batch file took, a\n"
    "                        line per map as it is reported (no progress line), and\n"
    "                        how long the maps took\n"
    PM_CLI_NETWORK_HELP
    "  -h, --help            show this help\n"
    "\n"
    "A failing map is reported on one line and the others go on; the exit code is\n"
    "that of the first failure (0 when every map was written).\n";

typedef struct batch_args {
    const char *file;
    const char *out_dir;
    pm_lang lang;           /* PM_LANG_DEFAULT: the file's */
    pm_batch_options opts;
    long long max_pixels;   /* 0: the default budget */
    int quiet;
    int show_progress;      /* progress on stderr (no --quiet) */
    int shard_auto;         /* --shard auto */
    int shard_count;        /* --shard-count, 0: none */
    int merge;              /* --merge */
} batch_args;

/* The progress line on a terminal is rewritten in place after each map
 * ("\r", erase the line); a message while it is up erases it first, and it
 * is erased when the run is over. Static: the context's log keeps it. */
static int progress_up;

/* When the maps began: -v gives the time since then of each map reported
 * (they are drawn side by side: the gaps are not a map's own time). */
static double run_start;

/* Not on a terminal (a scheduler's log), or with -v: one line per map. */
static void log_progress(void *user, int done, int total, const char *name)
{
    (void)user;
    if (name && pm_cli_verbose())
        pm_print_line(stderr, "planmap: batch: [%d/%d] %s reported at %.2f s", done, total, name,
                      pm_cli_seconds() - run_start);
    else if (name)
        pm_print_line(stderr, "planmap: batch: [%d/%d] %s", done, total, name);
}

static void show_progress(void *user, int done, int total, const char *name)
{
    if (!name) {
        progress_up = 0;
        fprintf(stderr, "\r\033[K");
        return;
    }
    char shown[1024];
    pm_text_escape(shown, sizeof shown, name);
    fprintf(stderr, "\r\033[Kplanmap: batch: [%d/%d] %s", done, total, shown);
    fflush(stderr);
}

/* The library's messages during the run, as cli/context.c prints them. */
static void print_message(void *user, int level, const char *line)
{
    if (progress_up)
        fprintf(stderr, "\r\033[K");
    fprintf(stderr, "planmap: %s\n", line);
}

static int parse_shard(const char *text, pm_batch_options *o)
{
    char *end = NULL;
    errno = 0;
    long k = strtol(text, &end, 10);
    if (errno || end == text || *end != '/')
        return -1;
    const char *rest = end + 1;
    long n = strtol(rest, &end, 10);
    if (errno || end == rest || *end || n < 1 || n > 100000 || k < 1 || k > n)
        return -1;
    o->shard_k = (int)k;
    o->shard_n = (int)n;
    return 0;
}

/* `field` is the whole batch_args: "auto" is read from the environment
 * once every option is known (check_shard). */
static int set_shard(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    batch_args *a = field;
    (void)o;
    if (strcmp(value, "auto") == 0) {
        a->shard_auto = 1;
        return 0;
    }
    if (parse_shard(value, &a->opts) == 0)
        return 0;
    pm_cli_fail("%s: --shard: expected K/N with 1 <= K <= N or auto, got '%s'", command, value);
    return 2;
}

static int set_shard_count(const char *command, const pm_cli_option *o, const char *value,
                           void *field)
{
    double n;
    int rc = pm_cli_number(command, o, value, 1, 100000, &n);
    if (rc == 0)
        *(int *)field = (int)n;
    return rc;
}

/* --shard auto read from the environment; --merge alone. */
static int check_shard(batch_args *a)
{
    if (a->merge && (a->opts.shard_n || a->shard_auto || a->shard_count)) {
        pm_cli_fail("batch: --merge: give no --shard or --shard-count with it");
        return 2;
    }
    if (a->shard_count && !a->shard_auto) {
        pm_cli_fail("batch: --shard-count: only with --shard auto");
        return 2;
    }
    if (a->shard_auto && pm_cli_shard_auto(a->shard_count, &a->opts.shard_k, &a->opts.shard_n) != 0)
        return 2;
    return 0;
}

static int set_jobs(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    char *end;
    long n = strtol(value, &end, 10);
    (void)o;
    if (*end || n < 1 || n > 32) {
        pm_cli_fail("%s: --jobs: expected a number from 1 to 32, got '%s'", command, value);
        return 2;
    }
    *(int *)field = (int)n;
    return 0;
}

static const pm_cli_option batch_options[] = {
    /* "" would put every output in the current folder's root */
    {"output-dir", 'o', "an output folder", offsetof(batch_args, out_dir), pm_cli_set_name},
    {"lang", 0, "a language", offsetof(batch_args, lang), pm_cli_set_lang},
    {"shard", 0, "K/N", 0, set_shard},
    {"shard-count", 0, "a number", offsetof(batch_args, shard_count), set_shard_count},
    {"merge", 0, NULL, offsetof(batch_args, merge), pm_cli_set_flag},
    {"max-pixels", 0, "a number", offsetof(batch_args, max_pixels), pm_cli_set_max_pixels},
    {"jobs", 'j', "a number", offsetof(batch_args, opts.workers), set_jobs},
    {NULL, 0, NULL, 0, NULL}};


static void print_summary(const pm_batch *b, const batch_args *a, const pm_batch_summary *s)
{
    char shard[64] = "";
    if (a->opts.shard_n > 1)
        snprintf(shard, sizeof shard, " (share %d of %d)", a->opts.shard_k, a->opts.shard_n);
    else if (a->merge)
        snprintf(shard, sizeof shard, " (merged)");
    char report[PATH_MAX + 64] = "";
    if (b->report && a->opts.shard_n > 1) {
        char *parts = pm_batch_parts_dir(b->report);
        snprintf(report, sizeof report, "; report pages in %s (for --merge)",
                 parts ? parts : b->report);
        free(parts);
    } else if (b->report && s->selected > 0 && !s->report_failed) {
        char tables[64] = "";
        if (s->report_table_pages > 0)
            snprintf(tables, sizeof tables, ", %d table pages", s->report_table_pages);
        snprintf(report, sizeof report, "; report %s (%d map pages%s)%s", b->report,
                 s->report_pages, tables, b->report_png ? ", a PNG of each page beside it" : "");
    }
    pm_print_line(stderr, "planmap: batch: %d maps%s: %d written, %d failed; %d files in %s%s",
                  s->selected, shard, s->ok, s->failed, s->files, b->out_dir, report);
}

/* A line per map where a scheduler's log or -v reads it; one line rewritten
 * on a terminal. */
static void choose_progress(batch_args *a)
{
    if (pm_cli_verbose() || (a->show_progress && !isatty(STDERR_FILENO))) {
        a->opts.progress = log_progress;
    } else if (a->show_progress) {
        /* Up from the first map on: a failure reported before the first
         * progress line erases the line it is on too. */
        progress_up = 1;
        a->opts.progress = show_progress;
        pm_context_set_log(pm_cli_context(), print_message, NULL);
    }
}

static int run_batch(void *args)
{
    batch_args *a = args;
    int rc = check_shard(a);
    if (rc)
        return rc;
    a->quiet = pm_cli_quiet();
    a->show_progress = !a->quiet;
    pm_error err = {0};
    pm_geo_init_lean();
    double t0 = pm_cli_seconds();
    pm_batch *b = pm_batch_load(a->file, a->out_dir, a->lang, pm_cli_context(), &err);
    if (!b)
        return pm_cli_error(&err, err.status);
    pm_cli_inputs_read("batch");
    pm_cli_stage("batch", t0, "%s read: %d maps", a->file, b->n_jobs);
    b->max_pixels = a->max_pixels;
    a->opts.context = pm_cli_context();
    choose_progress(a);
    pm_batch_summary s;
    run_start = pm_cli_seconds();
    pm_status st = a->merge ? pm_batch_merge(b, &a->opts, &s, &err)
                           : pm_batch_run(b, &a->opts, &s, &err);
    if (st == PM_OK)
        pm_cli_stage("batch", run_start, "%d maps %s", s.selected,
                     a->merge ? "merged" : "drawn and written");
    if (st != PM_OK) {
        rc = pm_cli_error(&err, st);
    } else {
        /* With --quiet a failed map still gets its summary: how many failed
         * and where the others went is part of reporting the failure. */
        if (!a->quiet || s.first_failure != PM_OK)
            print_summary(b, a, &s);
        rc = s.first_failure != PM_OK ? pm_status_exit_code(s.first_failure) : 0;
    }
    pm_batch_destroy(b);
    return rc;
}

PM_CLI_COMMAND(batch, batch_args, file, .operand = "batch FILE");
