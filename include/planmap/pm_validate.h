/* pm_validate — check encoded plan data against the data rules (data/README.md).
 *
 * A layer file: opens with GDAL; RFC 7946 (WGS84 lon/lat in range, exterior
 * rings counter-clockwise, holes clockwise, valid geometry); properties
 * (required keys, allowed values, unique ids in the plan); each `source` cites
 * lines inside its seed file that contain the feature's name or an alias.
 * A plan folder's relations.json: every stated relative layout holds.
 * A map spec: parses, and every layer source opens. A batch file (a JSON
 * object with "maps" or "atlas" and no "layers") is handed to the caller's
 * check_batch, as the library's lower modules cannot read one.
 */
#ifndef PM_VALIDATE_H
#define PM_VALIDATE_H

#include "pm_api.h"

#include "pm_context.h"
#include "pm_error.h"

typedef struct pm_validate_options {
    const char *seeds_dir;   /* folder with the plan texts (NNN_*.txt); NULL:
                                the context's (pm_context_set_seeds; planmap
                                sets $PLANMAP_SEEDS there), else a
                                shared/seeds found next to an ancestor of the
                                path; none: not checked */
    const pm_context *context;  /* threads to load with, seeds; NULL: the defaults */
    /* Checks a batch file (pm_batch_load), err set on a problem; NULL:
       batch files are skipped. */
    pm_status (*check_batch)(const char *path, pm_error *err);
} pm_validate_options;

/* Called once per problem with a one-line message "file: place: reason". */
typedef void (*pm_problem_fn)(void *user, const char *problem);

typedef struct pm_validate_report {
    int files;               /* layer, relation and spec files checked */
    int features;
    int relations;
    int problems;
    int sources_checked;     /* 0 when no seeds folder was found */
    int specs;               /* map specs among the files */
    int layers;              /* their layers, each source opened and its fields checked */
} pm_validate_report;

/* Validate a file or a folder (recursively). Problems go to `report_fn`;
 * returns PM_OK when the check ran (look at report->problems), or an error
 * if PATH itself cannot be read. */
PM_API pm_status pm_validate_path(const char *path, const pm_validate_options *opts,
                           pm_problem_fn report_fn, void *user,
                           pm_validate_report *report, pm_error *err);

#endif
