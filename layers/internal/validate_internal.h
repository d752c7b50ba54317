/* Shared between the validate checks (validate.c, validate_checks.c, relations.c). */
#ifndef PM_VALIDATE_INTERNAL_H
#define PM_VALIDATE_INTERNAL_H

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <limits.h>
#include <ogr_api.h>

#include "pm_validate.h"

#define PM_MAX_SEEDS 1000

typedef struct pm_seed {
    char *text;          /* whole file */
    char **lines;        /* pointers into text, 1-based: lines[1] */
    int n_lines;
    int missing;         /* looked up and not found */
} pm_seed;

typedef struct pm_vctx {
    const pm_validate_options *opts;
    pm_problem_fn fn;
    void *user;
    pm_validate_report *report;
    char seeds[PATH_MAX];
    int have_seeds;
    pm_seed *seed_cache[PM_MAX_SEEDS];
} pm_vctx;

typedef struct pm_vfeature {
    char *id, *name, *file;
    OGRGeometryH geom;   /* lon/lat, may be NULL */
} pm_vfeature;

typedef struct pm_vplan {
    pm_vfeature *f;
    int n, cap;
} pm_vplan;

void pm_vproblem(pm_vctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pm_vcheck_geometry(pm_vctx *ctx, const char *where, OGRGeometryH g);
void pm_vcheck_source(pm_vctx *ctx, const char *where, const char *source,
                      const char *name, char **aliases);
void pm_vseeds_free(pm_vctx *ctx);
void pm_vcheck_relations(pm_vctx *ctx, const pm_vplan *plan, const char *path);
/* A map spec (or a batch file) and everything it names (validate_spec.c). */
void pm_vcheck_spec(pm_vctx *ctx, const char *path);

#endif
