/* Private to layers/: what the map (map.c), its loading (map_load.c), its
 * extent (map_extent.c) and its streamed layers (map_stream.c) share. */
#ifndef PM_MAP_INTERNAL_H
#define PM_MAP_INTERNAL_H

#include "pm_map_data.h"

/* How a source is read: the fields and label fields a map needs, and the
 * loader's options pointing to them; kept by a streamed layer, which is read
 * again at each render. */
struct pm_map_source {
    char **fields;
    int n_fields;
    char **labels;              /* the label fields (pm_load_lean) */
    int n_labels;
    pm_load_options opts;
    pm_load_lean lean;
    int chunk;                  /* streamed: features per chunk */
    pm_source_index *index;     /* the source read once (opts.index), for a
                                   GeoJSON streamed from planmap's reader */
};

void pm_map_source_free(struct pm_map_source *src);

/* A feature is drawn unless the layer's `where` hides it or it has no
 * geometry (inline: asked for every feature). */
static inline int pm_map_feature_drawn(const pm_map_layer *ml, int i)
{
    return ml->rule_of[i] != PM_FEATURE_HIDDEN &&
           ml->data->features[i].kind != PM_GEOM_NONE;
}

/* Every layer of the spec into map->layers (a layer on the source of an
 * earlier one shares its features), rules resolved and texts checked;
 * `lean`: only-drawn layers may be streamed. */
pm_status pm_map_load_layers(pm_map *map, int lean, pm_error *err);

/* 1 if the layer named `name` is one the extent fits (all are by default). */
int pm_map_layer_fitted(const pm_spec *spec, const char *name);
/* PM_ERR_SPEC naming an extent.fit entry that names no layer. */
pm_status pm_map_check_fit_names(const pm_spec *spec, pm_error *err);
/* The lon/lat box the map shows: the spec's box, or the drawn features'. */
pm_status pm_map_fit_box(const pm_map *map, double ll[4], pm_error *err);
/* PM_ERR_DATA saying why no fitted layer has a feature to draw: each
 * layer's count, what its `where` matched, missing geometry (map_empty.c). */
pm_status pm_map_empty_error(const pm_map *map, pm_error *err);
/* map->extent in map coordinates from that box (data extents get the
 * margin; degenerate ones an area). */
pm_status pm_map_make_extent(pm_map *map, const double ll[4], pm_error *err);

/* Raster layers (map_raster.c): open the source of raster layer `li` into
 * `ml` (its footprint, no features); 1 if the extent fits it (named in
 * extent.fit, or no layer of the map is a vector layer); its footprint to
 * map x/y when fitted. */
pm_status pm_map_raster_open(const pm_map *map, int li, pm_map_layer *ml, pm_error *err);
int pm_map_raster_fitted(const pm_spec *spec, int li);
pm_status pm_map_raster_project(const pm_map *map, int li, pm_error *err);

/* The spec's inset source as map->inset (map_inset.c); errors as a
 * layer's, prefixed "SPEC: inset". */
pm_status pm_map_load_inset(pm_map *map, pm_error *err);

/* The spec's pictures as map->pictures (map_images.c); an error names the
 * spec, the JSON path and the reason ("SPEC: images[0].path: logo.png: …"). */
pm_status pm_map_load_images(pm_map *map, pm_error *err);
/* Picture i of the spec into `out`, the error as pm_map_load_images says it. */
pm_status pm_map_read_picture(const pm_spec *spec, int i, pm_picture *out, pm_error *err);
void pm_map_images_free(pm_map *map);

/* Each field layer `li` of `spec` reads (pm_layer_spec_fields) that the
 * source loaded as `data` lacks (map_fields.c): a PM_ERR_SPEC problem naming
 * the JSON path, the source's fields and the nearest one, handed to `report`
 * (may be NULL) and the first also put in `err`. Returns the number of
 * problems, -1 out of memory (err set). */
typedef void (*pm_field_problem)(void *ud, const pm_error *problem);
int pm_map_check_fields(const pm_spec *spec, int li, const pm_layer *data,
                        pm_field_problem report, void *ud, pm_error *err);
/* The same for the inset's `where` against its source. */
int pm_map_check_inset_fields(const pm_spec *spec, const pm_layer *inset,
                              pm_field_problem report, void *ud, pm_error *err);

/* rule_of / rule_count for one layer of the map. */
pm_status pm_map_resolve_rules(pm_map_layer *ml, pm_error *err);
/* style_of / styles for one layer, rules and classes resolved (features.c):
 * each drawn feature's style worked out once per distinct set of the
 * values it depends on, so a renderer walking the layer (every page of an
 * atlas) looks it up instead. */
pm_status pm_map_resolve_styles(pm_map_layer *ml, pm_error *err);
/* Frees what pm_map_resolve_styles made. */
void pm_map_styles_free(pm_map_layer *ml);

/* Every text the map's drawn features show (labels, project table cells,
 * plans) within the bound on shaped text (pm_text.h); else PM_ERR_DATA
 * naming the feature and property. */
pm_status pm_map_check_text(const pm_map *map, pm_error *err);

#endif
