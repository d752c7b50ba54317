/* libFuzzer harness: the batch file reader (pm_batch_load). The input is
 * written to a file in a private temporary folder, as pm_batch_load reads a
 * path; relative specs and coverage sources resolve inside that folder, so
 * only the reader (and atlas expansion on whatever happens to exist) runs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pm_inputs.h"
#include "pm_batch.h"
#include "pm_init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char dir[64] = "/tmp/pm_fuzz_batch.XXXXXX";
static char path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pm_geo_init();
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/batch.json", dir);
    /* A coverage layer for atlas entries to expand over ("c.geojson"). */
    char cov[128];
    snprintf(cov, sizeof cov, "%s/c.geojson", dir);
    FILE *f = fopen(cov, "wb");
    if (!f)
        abort();
    fputs("{\"type\": \"FeatureCollection\", \"features\": ["
          "{\"type\": \"Feature\", \"properties\": {\"id\": \"a/../b\", \"name\": \"区\", \"kind\": \"zone\"},"
          " \"geometry\": {\"type\": \"Point\", \"coordinates\": [104, 30]}},"
          "{\"type\": \"Feature\", \"properties\": {\"id\": \"..\", \"kind\": \"zone\"},"
          " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[104, 30], [104.1, 30], [104.1, 30.1], [104, 30]]]}},"
          "{\"type\": \"Feature\", \"properties\": {\"id\": null}, \"geometry\": null}]}\n", f);
    fclose(f);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each input is a job of its own: inputs of earlier ones (whose files
     * are gone, their inodes and names reused) are not this one's. */
    pm_inputs_reset();
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    size_t wrote = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || wrote != size)
        return 0;
    pm_error err = {0};
    pm_batch *b = pm_batch_load(path, NULL, PM_LANG_DEFAULT, NULL, &err);
    if (b) {
        /* What the reader accepts is whole: a folder, a report title, and for
         * every job a spec, outputs and a name that stays inside the output
         * folder or an error. */
        if (!b->out_dir || !*b->out_dir || !b->report_title || !*b->report_title || b->n_jobs < 0)
            __builtin_trap();
        for (int i = 0; i < b->n_jobs; i++) {
            const pm_batch_job *j = &b->jobs[i];
            if (!j->spec || !*j->spec || !j->name || !j->outputs)
                __builtin_trap();
            if (!j->error && pm_batch_name_ok(j->name) != 0)
                __builtin_trap();
        }
        pm_batch_destroy(b);
    } else if (err.status == PM_OK || !err.msg[0]) {
        __builtin_trap();
    }
    return 0;
}
