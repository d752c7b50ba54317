/* pm_map — a spec resolved against its data: every layer loaded once,
 * projected to the map CRS, each feature matched to its rule, and the extent
 * to show. This is the "style" step between loading and rendering.
 */
#ifndef PM_MAP_H
#define PM_MAP_H

#include "pm_crs.h"
#include "pm_source.h"
#include "pm_spec.h"

/* Properties always kept when present: they drive the theme, labels and the
 * source note. */
#define PM_STANDARD_FIELDS "id", "name", "name_en", "kind", "plan", "precision", "category", "role", "column"

enum { PM_FEATURE_HIDDEN = -2, PM_FEATURE_NO_RULE = -1 };

typedef struct pm_map_layer {
    const pm_layer_spec *spec;   /* not owned */
    pm_layer *data;              /* projected to the map CRS; layers drawing
                                    from the same source share one */
    int shared;                  /* data belongs to an earlier layer */
    int *rule_of;                /* per feature: rule index, PM_FEATURE_NO_RULE
                                    (layer style only) or PM_FEATURE_HIDDEN */
    int *rule_count;             /* per rule: features drawn with it */
    int no_rule_count;           /* features drawn with the layer style only */
} pm_map_layer;

typedef struct pm_map {
    const pm_spec *spec;         /* not owned */
    pm_crs *crs;
    pm_map_layer *layers;
    int n_layers;
    double extent[4];            /* map x/y to show, margin included */
    double center_lonlat[2];
    char **plans;                /* distinct `plan` values of drawn features */
    int n_plans;
    int has_schematic;           /* a drawn feature has precision=schematic */
} pm_map;

pm_map *pm_map_create(const pm_spec *spec, pm_error *err);
void pm_map_destroy(pm_map *map);

/* Full style of one feature: theme default for its `kind`, then the layer
 * style, then its rule. Strings point into the spec (or static theme data). */
pm_style pm_map_feature_style(const pm_map *map, int layer, int feature);

/* The built-in planning theme's style for a feature kind (zone, core, axis…);
 * unknown or NULL kinds get a neutral default. */
pm_style pm_theme_style(const char *kind, int geom_kind);

#endif
