/* Running a batch: the selected jobs are split over forked worker processes
 * (Cairo, Pango, fontconfig and GDAL state stay private to each process).
 * A worker renders a map's files, then its page of the report onto the one
 * PDF it keeps for the run (report_part.c), and reports the map on a pipe as
 * one line; the parent hands progress and failures to the caller's
 * callbacks, sums up and joins the report's pages
 * (report.c), or leaves them for --merge when it runs one share of many.
 * Every file goes through a temporary and a rename, so finished outputs
 * survive a crash or a failure elsewhere. */
#include "batch_internal.h"
#include "pm_georef.h"
#include "pm_cleanup.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_MAX_LEN 1024

void pm_batch_send(int fd, const char *fmt, ...)
{
    char line[LINE_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    for (int i = 0; i < n; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[n++] = '\n';
    /* Under PIPE_BUF: one write, never interleaved with another worker's. */
    while (write(fd, line, (size_t)n) < 0 && errno == EINTR)
        ;
}

/* mkdir -p of the folder part of `path`. */
static int make_parents(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        struct stat sb;
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        /* Something already there must be a folder: a file in the way fails
         * here, once, not for every map. */
        if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
        *p = '/';
    }
    return 0;
}

static int make_dir(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/", dir);
    return make_parents(buf);
}

/* ---- one job ------------------------------------------------------------- */

/* A cut-off path would write the map under another name: refuse it instead. */
static pm_status name_too_long(const char *path, pm_error *err)
{
    return pm_error_set(err, PM_ERR_IO, "%.200s...: cannot write: %s", path, strerror(ENAMETOOLONG));
}

static pm_status render_output(const pm_map *map, const char *base, unsigned bit,
                               const pm_render_options *o, int *files, pm_error *err)
{
    static const struct { unsigned bit; const char *ext; pm_format f; } outs[] = {
        {PM_OUT_PNG, ".png", PM_FORMAT_PNG}, {PM_OUT_SVG, ".svg", PM_FORMAT_SVG},
        {PM_OUT_PDF, ".pdf", PM_FORMAT_PDF}, {PM_OUT_TIFF, ".tif", PM_FORMAT_PNG}};
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++) {
        if (!(bit & outs[i].bit))
            continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s%s", base, outs[i].ext) >= (int)sizeof path)
            return name_too_long(base, err);
        pm_render_options oo = *o;
        oo.format = outs[i].f;
        oo.lean_result = 1;   /* only the frame and transform are used */
        pm_render_result r = {0};
        pm_status st = outs[i].bit == PM_OUT_TIFF ? pm_render_geotiff(map, path, &oo, &r, err)
                                                  : pm_render_file(map, path, &oo, &r, err);
        if (st == PM_OK && outs[i].bit == PM_OUT_PNG && (bit & PM_OUT_WORLD))
            st = pm_georef_write_world(path, &r, map->crs, err);
        pm_render_result_free(&r);
        if (st != PM_OK)
            return st;
        *files += 1;
    }
    return PM_OK;
}

static pm_status run_job(const pm_batch *b, const pm_batch_job *job, pm_batch_maps *maps,
                         int *files, pm_error *err)
{
    if (job->error)
        return pm_error_set(err, PM_ERR_SPEC, "%s", job->error);
    char base[4096];
    if (snprintf(base, sizeof base, "%s/%s", b->out_dir, job->name) >= (int)sizeof base)
        return name_too_long(b->out_dir, err);
    if (make_parents(base) != 0)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot make the folder: %s", base, strerror(errno));
    pm_map_page page;
    pm_status st = pm_batch_page(maps, job, &page, err);
    if (st != PM_OK)
        return st;
    pm_render_options o = pm_batch_job_options(job);
    o.max_pixels = b->max_pixels;
    for (unsigned bit = 1; st == PM_OK && bit <= PM_OUT_TIFF; bit <<= 1)
        if (job->outputs & bit)
            st = render_output(&page.map, base, bit | (job->outputs & PM_OUT_WORLD), &o, files, err);
    return st;
}

typedef struct run {
    const pm_batch *b;
    const pm_batch_options *o;
    pm_batch_summary *s;
    const char *parts;     /* the report's parts folder, NULL: no report */
    int shard_k, shard_n;
    int done, total;
    pm_status first_fail;
    pm_status report_status;    /* the first page that failed */
    char report_msg[LINE_MAX_LEN];
} run;

/* A worker: jobs sel[w], sel[w + n], ... Sends "R <job> <status> <files> <msg>",
 * and "P <job> <status> <msg>" when the report's page of a map fails. */
static void map_worker(const run *r, const pm_context *ctx, const int *sel, int n_sel, int w,
                       int n, pm_batch_maps *maps, int fd)
{
    pm_geo_init_lean();
    if (!maps)
        maps = pm_batch_maps_create(ctx);
    pm_batch_part_pdf *part = maps && r->parts
                                  ? pm_batch_part_pdf_create(r->b, r->parts, r->shard_k,
                                                             r->shard_n, w) : NULL;
    for (int k = w; k < n_sel; k += n) {
        pm_error err = {0};
        int files = 0;
        pm_status st = maps ? run_job(r->b, &r->b->jobs[sel[k]], maps, &files, &err)
                             : pm_error_set(&err, PM_ERR_NOMEM, "out of memory");
        pm_batch_send(fd, "R %d %d %d %s", sel[k], (int)st, files, st == PM_OK ? "" : err.msg);
        /* The map's page of the report: its failure is the report's. */
        pm_batch_result res = {st, files, st == PM_OK ? "" : err.msg};
        pm_error perr = {0};
        if (part && pm_batch_report_part(part, sel[k], maps, &res, &perr) != PM_OK)
            pm_batch_send(fd, "P %d %d %s", sel[k], (int)perr.status, perr.msg);
    }
    pm_error perr = {0};
    if (r->parts && !part)
        pm_batch_send(fd, "P %d %d %s: out of memory", sel[w], (int)PM_ERR_NOMEM, r->parts);
    else if (pm_batch_part_pdf_close(part, &perr) != PM_OK)
        pm_batch_send(fd, "P %d %d %s", sel[w], (int)perr.status, perr.msg);
    pm_batch_maps_destroy(maps);
}

/* ---- the parent ---------------------------------------------------------- */

typedef struct worker {
    pid_t pid;
    int slot;          /* pm_cleanup's record of it, for a signal to the parent */
    int fd;
    char buf[4 * LINE_MAX_LEN];
    size_t len;
} worker;

static void progress(run *r, const char *name)
{
    if (r->o->progress)
        r->o->progress(r->o->progress_user, r->done, r->total, name);
}

static void handle_line(run *r, char *line)
{
    int job = -1, st = 0, files = 0, n = 0;
    if (sscanf(line, "R %d %d %d %n", &job, &st, &files, &n) >= 3 && job >= 0 && job < r->b->n_jobs) {
        r->done++;
        r->s->files += files;
        if (st == PM_OK) {
            r->s->ok++;
        } else {
            r->s->failed++;
            if (r->first_fail == PM_OK)
                r->first_fail = (pm_status)st;
            pm_context_log(r->o->context, PM_LOG_ERROR, "batch: %s: %s", r->b->jobs[job].name, line + n);
        }
        progress(r, r->b->jobs[job].name);
    } else if (sscanf(line, "P %d %d %n", &job, &st, &n) >= 2 && r->report_status == PM_OK) {
        r->report_status = st != PM_OK ? (pm_status)st : PM_ERR_RENDER;
        snprintf(r->report_msg, sizeof r->report_msg, "%s", line + n);
    }
}

static void drain(run *r, worker *w)
{
    ssize_t got = read(w->fd, w->buf + w->len, sizeof w->buf - w->len - 1);
    if (got <= 0) {
        if (got < 0 && errno == EINTR)
            return;
        close(w->fd);
        w->fd = -1;
        return;
    }
    w->len += (size_t)got;
    w->buf[w->len] = '\0';
    char *start = w->buf, *nl;
    while ((nl = strchr(start, '\n'))) {
        *nl = '\0';
        handle_line(r, start);
        start = nl + 1;
    }
    w->len = strlen(start);
    memmove(w->buf, start, w->len);
}

static void collect(run *r, worker *ws, int n)
{
    struct pollfd pf[64];
    for (;;) {
        int m = 0;
        for (int i = 0; i < n; i++)
            if (ws[i].fd >= 0)
                pf[m++] = (struct pollfd){ws[i].fd, POLLIN, 0};
        if (m == 0)
            break;
        if (poll(pf, (nfds_t)m, -1) < 0 && errno != EINTR)
            break;
        for (int k = 0; k < m; k++)
            for (int i = 0; i < n; i++)
                if (ws[i].fd == pf[k].fd && (pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
                    drain(r, &ws[i]);
    }
    for (int i = 0; i < n; i++) {
        int status;
        while (waitpid(ws[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
        pm_cleanup_drop_child(ws[i].slot);
    }
}

/* In a new worker: it dies with the parent (SIGTERM, which the CLI's
 * handler turns into removing the worker's temporaries), also when the
 * parent was killed outright (SIGKILL from a scheduler) and could not stop
 * it. A parent gone before the request took effect is seen by getppid(). */
static void worker_setup(pid_t parent, const sigset_t *mask)
{
    pm_cleanup_forget_all();   /* the parent's workers are not this one's */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
        _exit(1);
    pthread_sigmask(SIG_SETMASK, mask, NULL);
}

static _Noreturn void worker_main(const run *r, pm_context *ctx, const int *sel, int n_sel, int k,
                                  int n, pm_batch_maps *shared, int fd)
{
    /* The cores are shared out among the workers: each map's own
     * threads would only contend with the other workers'. The context is
     * this process's copy (after the fork), the shared maps' one too. */
    int per = pm_context_threads(ctx) / n;
    if (ctx)
        pm_context_set_threads(ctx, per > 1 ? per : 1);
    map_worker(r, ctx, sel, n_sel, k, n, shared, fd);
    close(fd);
    /* exit, not _exit: stdio was flushed before the fork, and the leak
     * checker of sanitizer builds then looks at the workers too. */
    exit(0);
}

static int spawn(worker *w, const run *r, const int *sel, int n_sel, int k, int n,
                 pm_batch_maps *shared)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    fflush(NULL);
    /* Held off from the fork until the worker is recorded, so a signal to
     * the parent always finds every worker it has to stop. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t parent = getpid();
    w->pid = fork();
    if (w->pid == 0) {
        close(p[0]);
        worker_setup(parent, &old);
        worker_main(r, r->o->context, sel, n_sel, k, n, shared, p[1]);
    }
    int e = errno;
    w->slot = w->pid > 0 ? pm_cleanup_add_child(w->pid) : -1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(p[1]);
    if (w->pid < 0) {
        close(p[0]);
        errno = e;
        return -1;
    }
    w->fd = p[0];
    w->len = 0;
    return 0;
}

/* Whether another process than job k's (worker k % n) renders job k's spec
 * too, and k is that spec's first job. */
static int spec_shared(const pm_batch *b, const int *sel, int n_sel, int k, int n)
{
    const char *spec = b->jobs[sel[k]].spec;
    for (int i = 0; i < k; i++)
        if (!b->jobs[sel[i]].error && strcmp(b->jobs[sel[i]].spec, spec) == 0)
            return 0;
    for (int i = k + 1; i < n_sel; i++)
        if (i % n != k % n && !b->jobs[sel[i]].error && strcmp(b->jobs[sel[i]].spec, spec) == 0)
            return 1;
    return 0;
}

/* Specs more than one process renders are loaded here, once and on every
 * core, before the fork: the workers then share those pages instead of
 * each reading the sources again on its share of the cores. */
static pm_batch_maps *warm_shared(const pm_batch *b, const pm_context *ctx, const int *sel, int n_sel,
                                 int n)
{
    pm_batch_maps *c = NULL;
    for (int k = 0; k < n_sel; k++) {
        if (b->jobs[sel[k]].error || !spec_shared(b, sel, n_sel, k, n))
            continue;
        if (!c && !(c = pm_batch_maps_create(ctx)))
            return NULL;   /* the workers load for themselves */
        pm_batch_maps_warm(c, b->jobs[sel[k]].spec);
    }
    return c;
}

static pm_status start_all(run *r, const int *sel, int n_sel, pm_error *err)
{
    int n = r->o->workers > 0 ? r->o->workers : pm_context_threads(r->o->context);
    n = n > n_sel ? n_sel : n;
    n = n > 32 ? 32 : n < 1 ? 1 : n;
    pm_batch_maps *shared = warm_shared(r->b, r->o->context, sel, n_sel, n);
    worker ws[32];
    int started = 0;
    pm_status st = PM_OK;
    for (int w = 0; w < n; w++) {
        if (spawn(&ws[started], r, sel, n_sel, w, n, shared) != 0) {
            st = pm_error_set(err, PM_ERR_RENDER, "%s: cannot start a worker: %s", r->b->path,
                              strerror(errno));
            break;
        }
        started++;
    }
    collect(r, ws, started);
    pm_batch_maps_destroy(shared);
    return st;
}

/* The output folder and the report's parts folder, the selected maps' old
 * parts removed (a map whose worker dies is then missing, not stale). */
static pm_status make_folders(const run *r, const int *sel, int n_sel, pm_error *err)
{
    const pm_batch *b = r->b;
    if (make_dir(b->out_dir) != 0)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot make the output folder: %s", b->out_dir,
                            strerror(errno));
    if (b->report && (!r->parts || make_dir(r->parts) != 0))
        return pm_error_set(err, PM_ERR_IO, "%s: cannot make its folder %s: %s", b->report,
                            r->parts ? r->parts : "", r->parts ? strerror(errno) : "out of memory");
    if (r->parts)
        pm_batch_parts_clear(r->parts, sel, n_sel, r->shard_k);
    return PM_OK;
}

/* After the last map: the report from its parts in an unsharded run (the
 * parts then go, whatever happened), or a share's failed page. */
static void finish_report(run *r, const int *sel, int n_sel, pm_batch_summary *summary)
{
    pm_error err = {0};
    if (r->report_status != PM_OK)
        pm_error_set(&err, r->report_status, "%s", r->report_msg);
    else if (r->shard_n == 1)
        pm_batch_report_join(r->b, r->o->context, 0, summary, &err);
    if (r->shard_n == 1)
        pm_batch_parts_remove(r->parts, sel, n_sel);
    if (err.status == PM_OK)
        return;
    pm_context_log(r->o->context, PM_LOG_ERROR, "batch: report: %s", err.msg);
    summary->report_failed = 1;
    if (r->first_fail == PM_OK)
        r->first_fail = err.status;
}

pm_status pm_batch_run(const pm_batch *b, const pm_batch_options *opts,
                       pm_batch_summary *summary, pm_error *err)
{
    memset(summary, 0, sizeof *summary);
    int k = opts->shard_n > 1 ? opts->shard_k : 1, n = opts->shard_n > 1 ? opts->shard_n : 1;
    int *sel = calloc((size_t)b->n_jobs + 1, sizeof *sel);
    char *parts = pm_batch_parts_dir(b->report);
    if (!sel || (b->report && !parts)) {
        free(sel);
        free(parts);
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", b->path);
    }
    int n_sel = 0;
    for (int i = 0; i < b->n_jobs; i++)
        if (i % n == k - 1)
            sel[n_sel++] = i;
    summary->selected = n_sel;
    run r = {b, opts, summary, parts, k, n, 0, n_sel, PM_OK, PM_OK, ""};
    pm_status st = make_folders(&r, sel, n_sel, err);
    if (st == PM_OK && n_sel > 0)
        st = start_all(&r, sel, n_sel, err);
    if (n_sel > 0)
        progress(&r, NULL);   /* over */
    if (st == PM_OK && r.done < n_sel) {
        summary->failed += n_sel - r.done;   /* a worker died before reporting */
        pm_context_log(opts->context, PM_LOG_ERROR, "batch: %d maps were not reported by their worker",
                       n_sel - r.done);
        if (r.first_fail == PM_OK)
            r.first_fail = PM_ERR_RENDER;
    }
    if (st == PM_OK && parts)
        finish_report(&r, sel, n_sel, summary);
    summary->first_failure = r.first_fail;
    free(parts);
    free(sel);
    return st;
}

pm_status pm_batch_merge(const pm_batch *b, const pm_batch_options *opts,
                         pm_batch_summary *summary, pm_error *err)
{
    memset(summary, 0, sizeof *summary);
    if (!b->report)
        return pm_error_set(err, PM_ERR_SPEC, "%s: --merge: the batch file has no \"report\"",
                            b->path);
    return pm_batch_report_join(b, opts->context, 1, summary, err);
}
