/* Before any map of a batch is drawn: every output of the run (each map's
 * files in each format, its world files, the report) is a file of its own,
 * and none is a file a map reads. Two maps named x and ./x, or a map "book"
 * with a PDF beside "report": "book.pdf", would otherwise write one file
 * twice while the summary counts both. */
#include "batch_internal.h"
#include "pm_georef.h"
#include "pm_guard.h"
#include "pm_inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every spec a job draws, and every source it names, is an input. */
static void note_spec_inputs(const char *spec_path)
{
    char key[4096];
    snprintf(key, sizeof key, "spec:%s", spec_path);
    if (!pm_inputs_note_source(key))
        return;
    pm_spec *spec = pm_spec_load(spec_path, NULL);   /* its errors come with the map */
    for (int i = 0; spec && i < spec->n_layers; i++)
        pm_inputs_add_source(spec->layers[i].source);
    if (spec)
        pm_inputs_add_source(spec->inset_source);
    pm_spec_destroy(spec);
}

/* The files a job writes: base + each format's extension, and the PNG's
 * world files. Returns how many were put in `out` (malloc'd each). */
static int job_outputs(const pm_batch *b, const pm_batch_job *job, char *out[8])
{
    static const struct { unsigned bit; const char *ext; } outs[] = {
        {PM_OUT_PNG, ".png"}, {PM_OUT_SVG, ".svg"}, {PM_OUT_PDF, ".pdf"}, {PM_OUT_TIFF, ".tif"}};
    int n = 0;
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++) {
        if (!(job->outputs & outs[i].bit))
            continue;
        size_t len = strlen(b->out_dir) + strlen(job->name) + 8;
        char *p = malloc(len);
        if (!p)
            continue;
        snprintf(p, len, "%s/%s%s", b->out_dir, job->name, outs[i].ext);
        out[n++] = p;
        if (outs[i].bit == PM_OUT_PNG && (job->outputs & PM_OUT_WORLD) &&
            pm_georef_world_names(p, out + n) == 0)
            n += 3;
    }
    return n;
}

/* The first problem with one output of job `i`: an input it would replace,
 * or an output of an earlier map (or the report, owner n_jobs). */
static void check_one(pm_batch *b, int i, const char *path, pm_outset *set)
{
    pm_batch_job *job = &b->jobs[i];
    pm_error e = {0};
    if (pm_inputs_check_output(path, &e) != PM_OK) {
        pm_batch_job_fail(job, "%s", e.msg);
        return;
    }
    int first = pm_outset_add(set, path, i);
    if (first == b->n_jobs)
        pm_batch_job_fail(job, "%s: is also the report (\"report\" in %s)", path, b->path);
    else if (first >= 0 && first != i)
        pm_batch_job_fail(job, "%s: is also an output of map %d (%s)", path, first + 1,
                          b->jobs[first].name);
}

pm_status pm_batch_check_outputs(pm_batch *b, pm_error *err)
{
    pm_outset *set = pm_outset_new();
    if (!set)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", b->path);
    for (int i = 0; i < b->n_jobs; i++)
        if (!b->jobs[i].error)
            note_spec_inputs(b->jobs[i].spec);
    pm_status st = PM_OK;
    if (b->report) {
        st = pm_inputs_check_output(b->report, err);
        pm_outset_add(set, b->report, b->n_jobs);
    }
    for (int i = 0; st == PM_OK && i < b->n_jobs; i++) {
        char *out[8];
        int n = b->jobs[i].error ? 0 : job_outputs(b, &b->jobs[i], out);
        for (int k = 0; k < n; k++) {
            if (!b->jobs[i].error)
                check_one(b, i, out[k], set);
            free(out[k]);
        }
    }
    pm_outset_free(set);
    return st;
}
