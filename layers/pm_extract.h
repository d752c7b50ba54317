/* pm_extract — from a plan text to a cited draft plan folder (`planmap
 * extract`), and placing a draft's features from a gazetteer (`planmap
 * place`). See docs/extract.md. */
#ifndef PM_EXTRACT_H
#define PM_EXTRACT_H

#include "pm_context.h"
#include "pm_error.h"

typedef struct pm_extract_summary {
    int structures, components, boxes, box_projects, text_projects, unsplit, lines;
    int was_gbk;
} pm_extract_summary;

/* Read the plan text `path` (UTF-8, or GBK converted) and write the draft
 * folder `dir` (which must exist). `plan_id` is the 3-digit number sources
 * cite (NULL: the digits the file's name starts with). */
pm_status pm_extract_plan(const char *path, const char *dir, const char *plan_id,
                          pm_extract_summary *sum, pm_error *err);

typedef struct pm_place_options {
    const pm_context *context;
    void (*report)(void *user, const char *line);   /* one line per placed feature */
    void *user;
} pm_place_options;

typedef struct pm_place_summary {
    int features, exact, approximate, unplaced;
} pm_place_summary;

/* Place the draft folder `dir`'s unplaced features from the named features
 * of the `gazetteers` (each any GDAL source of points, lines or polygons
 * with a name field; the first that names a feature wins): its name or an
 * alias equal to a gazetteer name → that geometry (confidence high); its
 * place, or a place its name holds, equal to one → a point on it
 * (approximate, confidence medium); nothing else is placed. The folder's
 * layers are rewritten all together or not at all; nothing else is
 * touched. */
pm_status pm_place_plan(const char *dir, const char *const *gazetteers, int n_gazetteers,
                        const pm_place_options *opts, pm_place_summary *sum, pm_error *err);

#endif
