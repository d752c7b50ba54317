/* pm_map — the "style" step: load every layer of a spec once (map_load.c),
 * resolve each feature's rule, choose the extent (map_extent.c) and CRS, and
 * project the data. */
#include "pm_map_data.h"
#include "map_internal.h"
#include "pm_classes.h"
#include "pm_theme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
/* rule_of / rule_count for one layer: the layer `where` hides, then the first
 * matching rule wins. */
pm_status pm_map_resolve_rules(pm_map_layer *ml, pm_error *err)
{
    const pm_layer_spec *ls = ml->spec;
    int n = ml->data->n_features;
    ml->rule_of = calloc((size_t)n + 1, sizeof *ml->rule_of);
    ml->rule_count = calloc((size_t)ls->n_rules + 1, sizeof *ml->rule_count);
    if (!ml->rule_of || !ml->rule_count)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory resolving rules", ls->name);
    for (int i = 0; i < n; i++) {
        pm_feature_ref ref = {ml->data, &ml->data->features[i]};
        if (!pm_conditions_match(ls->where, ls->n_where, pm_feature_ref_value, &ref)) {
            ml->rule_of[i] = PM_FEATURE_HIDDEN;
            continue;
        }
        int r = pm_layer_spec_match(ls, pm_feature_ref_value, &ref);
        ml->rule_of[i] = r >= 0 ? r : PM_FEATURE_NO_RULE;
        if (!pm_map_feature_drawn(ml, i))
            continue;
        if (r >= 0)
            ml->rule_count[r]++;
        else
            ml->no_rule_count++;
    }
    return PM_OK;
}

static pm_status add_plan(pm_map *map, const char *plan)
{
    for (int i = 0; i < map->n_plans; i++)
        if (strcmp(map->plans[i], plan) == 0)
            return PM_OK;
    char **grown = realloc(map->plans, (size_t)(map->n_plans + 1) * sizeof *grown);
    if (!grown)
        return PM_ERR_NOMEM;
    map->plans = grown;
    map->plans[map->n_plans] = strdup(plan);
    if (!map->plans[map->n_plans])
        return PM_ERR_NOMEM;
    map->n_plans++;
    return PM_OK;
}

/* Plans (in first-seen order) and schematic flag, from drawn features only:
 * the source note speaks for what is on the map. */
static pm_status collect_sources(pm_map *map, pm_error *err)
{
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        for (int i = 0; i < ml->data->n_features; i++) {
            if (!pm_map_feature_drawn(ml, i))
                continue;
            const pm_feature *f = &ml->data->features[i];
            const char *plan = pm_feature_value(ml->data, f, "plan");
            if (plan && *plan && add_plan(map, plan) != PM_OK)
                return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", map->spec->path);
            const char *precision = pm_feature_value(ml->data, f, "precision");
            if (precision && strcmp(precision, "schematic") == 0)
                map->has_schematic = 1;
        }
    }
    return PM_OK;
}

static pm_status project_all(pm_map *map, pm_error *err)
{
    for (int l = 0; l < map->n_layers; l++) {
        if (map->layers[l].shared)
            continue;
        if (map->layers[l].raster_ring) {
            pm_status st = pm_map_raster_project(map, l, err);
            if (st != PM_OK)
                return st;
            continue;
        }
        pm_status st = pm_layer_project(map->layers[l].data, map->crs, err);
        if (st != PM_OK)
            return pm_layer_error_prefix(err, map->spec, l);
    }
    return PM_OK;
}

static pm_status build(pm_map *map, int lean, pm_error *err)
{
    const pm_spec *spec = map->spec;
    pm_status st = pm_map_check_fit_names(spec, err);
    if (st == PM_OK)
        st = pm_map_load_layers(map, lean, err);
    double ll[4];
    if (st == PM_OK)
        st = pm_map_fit_box(map, ll, err);
    if (st != PM_OK)
        return st;
    map->center_lonlat[0] = spec->has_center ? spec->center[0] : 0.5 * (ll[0] + ll[2]);
    map->center_lonlat[1] = spec->has_center ? spec->center[1] : 0.5 * (ll[1] + ll[3]);
    map->crs = pm_crs_create_for_box(spec->crs, ll, err);
    if (!map->crs)
        return pm_error_prefix(err, "%s: crs", spec->path);
    map->ground_per_unit = pm_crs_ground_per_unit(map->crs, map->center_lonlat[0],
                                                  map->center_lonlat[1]);
    st = project_all(map, err);
    if (st == PM_OK)
        st = pm_map_make_extent(map, ll, err);
    if (st == PM_OK)
        st = collect_sources(map, err);
    return st;
}

static pm_map *create(const pm_spec *spec, const pm_context *ctx, int lean, pm_error *err)
{
    if (!spec)
        return pm_error_set(err, PM_ERR_USAGE, "pm_map_create: no spec"), NULL;
    pm_map *map = calloc(1, sizeof *map);
    if (map)
        map->layers = calloc((size_t)spec->n_layers + 1, sizeof *map->layers);
    if (!map || !map->layers) {
        free(map);
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
        return NULL;
    }
    map->spec = spec;
    map->context = ctx;
    if (build(map, lean, err) != PM_OK || pm_map_load_inset(map, err) != PM_OK ||
        pm_map_load_images(map, err) != PM_OK) {
        pm_map_destroy(map);
        return NULL;
    }
    return map;
}

pm_map *pm_map_create(const pm_spec *spec, const pm_context *ctx, pm_error *err)
{
    return create(spec, ctx, 0, err);
}

pm_map *pm_map_create_lean(const pm_spec *spec, const pm_context *ctx, pm_error *err)
{
    return create(spec, ctx, 1, err);
}

void pm_map_destroy(pm_map *map)
{
    if (!map)
        return;
    for (int l = 0; l < map->n_layers; l++) {
        if (!map->layers[l].shared)
            pm_layer_destroy(map->layers[l].data);
        free(map->layers[l].rule_of);
        free(map->layers[l].rule_count);
        pm_map_classes_free(map->layers[l].classes);
        pm_map_styles_free(&map->layers[l]);
        pm_map_source_free(map->layers[l].streamed);
        free(map->layers[l].raster_ring);
    }
    free(map->layers);
    pm_strv_free(map->plans, map->n_plans);
    pm_crs_destroy(map->crs);
    pm_layer_destroy(map->inset);
    pm_map_images_free(map);
    free(map);
}

pm_style pm_map_feature_style(const pm_map *map, int layer, int feature)
{
    return pm_map_layer_style(&map->layers[layer], feature);
}
