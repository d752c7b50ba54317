/* pm_layer_project — move a loaded layer from WGS84 lon/lat to map x/y. */
#include <math.h>

#include "pm_source.h"

/* Bounding boxes are recomputed from the projected vertices: projecting two
 * corners would miss the curvature of a box's edges under the projection. */
static void bbox_of(pm_feature *f)
{
    int n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += f->part_len[p];
    if (n == 0)
        return;
    f->bbox[0] = f->bbox[2] = f->xy[0];
    f->bbox[1] = f->bbox[3] = f->xy[1];
    for (int i = 1; i < n; i++) {
        f->bbox[0] = fmin(f->bbox[0], f->xy[2 * i]);
        f->bbox[1] = fmin(f->bbox[1], f->xy[2 * i + 1]);
        f->bbox[2] = fmax(f->bbox[2], f->xy[2 * i]);
        f->bbox[3] = fmax(f->bbox[3], f->xy[2 * i + 1]);
    }
}

static pm_status project_feature(const pm_layer *layer, int index, pm_feature *f, const pm_crs *crs,
                                 pm_error *err)
{
    if (f->kind == PM_GEOM_NONE)
        return PM_OK;
    size_t n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += (size_t)f->part_len[p];
    pm_status st = pm_crs_forward(crs, f->xy, n, err);
    if (st == PM_OK && (st = pm_crs_forward(crs, f->anchor, 1, err)) != PM_OK)
        pm_error_prefix(err, "label anchor");
    if (st != PM_OK) {
        const char *id = pm_feature_value(layer, f, "id");
        if (id)
            pm_error_prefix(err, "%s: feature %d (id=%s)", layer->source, index, id);
        else
            pm_error_prefix(err, "%s: feature %d", layer->source, index);
        return st;
    }
    bbox_of(f);
    return PM_OK;
}

/* On failure the layer is partly projected: callers destroy it. */
pm_status pm_layer_project(pm_layer *layer, const pm_crs *crs, pm_error *err)
{
    if (!layer || !crs)
        return pm_error_set(err, PM_ERR_USAGE, "pm_layer_project: NULL layer or CRS");
    if (layer->projected)
        return pm_error_set(err, PM_ERR_USAGE, "%s: layer '%s' is already projected", layer->source,
                            layer->name);
    for (int i = 0; i < 4; i++)
        layer->extent[i] = NAN;
    for (int i = 0; i < layer->n_features; i++) {
        pm_status st = project_feature(layer, i, &layer->features[i], crs, err);
        if (st != PM_OK)
            return st;
        pm_extent_union(layer->extent, layer->features[i].bbox);
    }
    layer->projected = 1;
    return PM_OK;
}
