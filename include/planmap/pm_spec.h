/* pm_spec — the map spec: a JSON document (json-c) describing one map.
 *
 * Parsing is strict: every mistake is reported with its JSON path and the
 * reason, "map.json: layers[2].rules[0].stroke: expected a colour, got 12",
 * and unknown keys are errors. docs/spec.md documents every key.
 *
 * A pm_spec is a handle, as a cairo_t or PJ is: a caller loads it, asks it
 * the few things below, hands it to pm_map_create and destroys it. What is
 * inside (styles, rules, page) is the library's own (layers/pm_spec_data.h).
 */
#ifndef PM_SPEC_H
#define PM_SPEC_H

#include <stddef.h>
#include <stdio.h>

#include "pm_api.h"

#include "pm_error.h"

/* ---- colours ---------------------------------------------------------- */

typedef struct pm_color {
    double r, g, b, a;   /* 0..1 */
} pm_color;

/* "#rgb", "#rrggbb", "#rrggbbaa", "rgb(r,g,b)", "rgba(r,g,b,a)" or a CSS
 * colour name ("none"/"transparent" = fully transparent). Returns 0 on success. */
PM_API int pm_color_parse(const char *text, pm_color *out);

/* ---- the map spec ----------------------------------------------------- */

/* Which names labels, legend and title use. */
typedef enum pm_lang {
    PM_LANG_DEFAULT = 0,   /* render options: the spec's; spec: Chinese */
    PM_LANG_ZH,
    PM_LANG_EN,
    PM_LANG_ZH_EN
} pm_lang;

/* "zh", "en", "zh+en"; PM_LANG_DEFAULT if unknown. */
PM_API pm_lang pm_lang_from_name(const char *name);

/* A parsed map spec (opaque). */
typedef struct pm_spec pm_spec;

/* Read and parse a spec file. */
PM_API pm_spec *pm_spec_load(const char *path, pm_error *err);
/* Parse spec text; `path` names it in messages and anchors relative sources. */
PM_API pm_spec *pm_spec_parse(const char *text, size_t len, const char *path, pm_error *err);
/* The same for spec text that is no file (a program's own, a spec on
 * stdin): `name` names it in messages (NULL: "<spec>") and relative sources
 * are resolved against `base_dir` (NULL or "": the name's folder, "." for a
 * bare name). */
PM_API pm_spec *pm_spec_parse_in(const char *text, size_t len, const char *name,
                                 const char *base_dir, pm_error *err);
/* Read a whole spec from `f` (standard input, a pipe) within the size a
 * spec file may have (64 MiB) and parse it as pm_spec_parse_in does. */
PM_API pm_spec *pm_spec_read(FILE *f, const char *name, const char *base_dir, pm_error *err);
PM_API void pm_spec_destroy(pm_spec *spec);

/* What a spec says, for a caller that shows or checks it. Strings belong to
 * the spec; a missing one is NULL. `i` counts from 0 in draw order; out of
 * range gives NULL. */
PM_API const char *pm_spec_path(const pm_spec *spec);
PM_API const char *pm_spec_title(const pm_spec *spec);
PM_API const char *pm_spec_subtitle(const pm_spec *spec);
PM_API int pm_spec_layer_count(const pm_spec *spec);
PM_API const char *pm_spec_layer_name(const pm_spec *spec, int i);
/* The layer's data file, resolved against the spec's folder. */
PM_API const char *pm_spec_layer_source(const pm_spec *spec, int i);
/* The locator map's data file, or NULL without an inset. */
PM_API const char *pm_spec_inset_source(const pm_spec *spec);

#endif
