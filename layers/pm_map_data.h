/* pm_map_data — inside a resolved map (include/planmap/pm_map.h), for the
 * modules above layers/ that draw it: the layers with their loaded data and
 * rules, the CRS and extent, streamed layers read chunk by chunk, and the
 * inset's locator layer. A renderer draws it and loads nothing.
 *
 * Three types have "layer" in their name, one for each step:
 * - pm_layer_spec (pm_spec.h): a layer entry of a map spec as written — its
 *   source, style, rules and filters; no data.
 * - pm_layer (geo/pm_source.h): features loaded from a source — geometry and
 *   the properties kept; knows nothing of specs or styles.
 * - pm_map_layer (here): a layer of a resolved map — a pm_layer_spec with its
 *   pm_layer (`data`, shared by layers on one source) and each feature's rule.
 * A lean map (pm_map_create_lean) leaves a layer that is only drawn without
 * features; each render reads them chunk by chunk with a lean load
 * (pm_load_lean: only what drawing reads).
 */
#ifndef PM_MAP_DATA_H
#define PM_MAP_DATA_H

#include <stdint.h>

#include "pm_crs.h"
#include "pm_map.h"
#include "pm_picture.h"
#include "pm_source.h"
#include "pm_spec_data.h"
#include "pm_values.h"

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
    struct pm_map_source *streamed;  /* set: `data` keeps no features; each
                                        render reads them chunk by chunk */
    double *raster_ring;         /* a raster layer (spec->raster; `data` has
                                    no features): its footprint, lon/lat,
                                    then map x/y once raster_projected */
    int raster_projected;        /* the extent fits it (map_raster.c) */
    int raster_bands;            /* its colour bands */
    struct pm_map_classes *classes;  /* `classify` and `size_by` resolved
                                        (pm_classes.h), or NULL */
    int *style_of;               /* per feature: its style in `styles`, -1
                                    for one not drawn; NULL: not resolved
                                    (pm_map_layer_style_at) */
    pm_style *styles;            /* one per distinct set of what a style
                                    reads (pm_map_layer_style) */
    int n_styles;
} pm_map_layer;

struct pm_map {
    const pm_spec *spec;         /* not owned */
    pm_crs *crs;
    pm_map_layer *layers;
    int n_layers;
    double extent[4];            /* map x/y to show, margin included */
    double center_lonlat[2];
    double ground_per_unit;      /* pm_crs_ground_per_unit at center_lonlat,
                                    worked out once (PROJ's factors cost ~10 ms,
                                    and every page of an atlas asks); 0: not */
    char **plans;                /* distinct `plan` values of drawn features */
    int n_plans;
    int has_schematic;           /* a drawn feature has precision=schematic */
    const pm_context *context;   /* the one the map was made with: its layers
                                    load with it, and everything drawn from
                                    the map follows it (threads, deflater,
                                    messages); not owned */
    pm_layer *inset;             /* the inset's locator layer (spec "inset"),
                                    lon/lat, every field; NULL: no inset */
    pm_picture *pictures;        /* one for each of spec->images (map_images.c) */
};

/* Reading a streamed layer (pm_map_layer.streamed) again; a renderer asks
 * for it through the layer's feature source (pm_features.h). Each chunk comes
 * as a layer of the map of its own: projected, its rules resolved. Errors
 * read as pm_map_create's would for the same feature. With `view` (a map
 * x/y box; NULL: all), only features whose box meets it are read where
 * the format allows (pm_load_options.within): features elsewhere are not
 * read at all, and errors name a feature by its FID. With two or more
 * threads (the map's context) the next chunk is read on a thread of its own
 * (with a copy of the map's CRS) while the caller works on this one; on one,
 * chunks twice as large are read as they are asked for. */
typedef struct pm_map_stream pm_map_stream;
pm_map_stream *pm_map_stream_open(const pm_map *map, int layer, const double view[4], pm_error *err);
/* 1: `chunk` holds the next chunk (free it with pm_map_chunk_free); 0: the
 * end; -1: an error. */
int pm_map_stream_next(pm_map_stream *s, pm_map_layer *chunk, pm_error *err);
void pm_map_stream_close(pm_map_stream *s);
void pm_map_chunk_free(pm_map_layer *chunk);

/* A map for one page of a batch or an atlas (layers/map_page.c): a loaded
 * map with the page's title and extent. The page's map and spec are copies
 * of the loaded ones' top level; layers, data and CRS are shared read-only,
 * so the loaded map and spec are never changed and serve every page. The
 * page borrows from `base` and from the strings of the overrides: it must
 * not outlive them, and is not destroyed (it owns nothing). */
typedef struct pm_map_overrides {
    const char *title;       /* NULL: the spec's; else the title in every language */
    const char *subtitle;    /* likewise */
    const double *bbox;      /* lon/lat box to show (NULL: the map's extent) */
    double margin;           /* with bbox: fraction added on each side */
} pm_map_overrides;

typedef struct pm_map_page {
    pm_map map;              /* draw this one: &page.map */
    pm_spec spec;            /* page.map.spec points here */
} pm_map_page;

pm_status pm_map_page_init(pm_map_page *page, const pm_map *base, const pm_map_overrides *o,
                           pm_error *err);

/* A raster layer's pixels over the map x/y `box` (the frame: outer edges of
 * the pixels) at w × h, for a renderer to draw: warped from the source
 * there and then, shaded or coloured as its spec says (pm_raster_spec),
 * as w × h ARGB32 premultiplied pixels (Cairo's format, rows top down,
 * w * 4 bytes a row; free() them), transparent where the raster has
 * nothing. The layer's opacity is left to the renderer. DATA error naming
 * the layer and the file when it cannot be read. */
pm_status pm_map_raster_image(const pm_map *map, int layer, const double box[4], int w, int h,
                              uint32_t **argb, pm_error *err);

/* Full style of one feature: theme default for its `kind`, then the layer
 * style, then its rule. Strings point into the spec (or static theme data). */
pm_style pm_map_feature_style(const pm_map *map, int layer, int feature);
/* The same for feature `feature` of a layer or a chunk of one (pm_features.h). */
pm_style pm_map_layer_style(const pm_map_layer *ml, int feature);
/* The same, resolved when the layer (or chunk) was: a pointer into the
 * layer's styles, or NULL when they were not resolved (too many distinct
 * ones) and pm_map_layer_style is the way. */
const pm_style *pm_map_layer_style_at(const pm_map_layer *ml, int feature);

#endif
