/* pm_layer_project — move a loaded layer from WGS84 lon/lat to map x/y.
 *
 * The vertices and anchors of many features are copied into one buffer and
 * projected with one PROJ call, then copied back: two calls per feature cost
 * more in PROJ's per-call set-up than the copies do. A batch that fails is
 * projected again feature by feature, so the error names the feature. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_source.h"

/* Points per PROJ call (1 MiB of coordinates). */
#define BATCH_POINTS ((size_t)1 << 16)

static size_t vertex_count(const pm_feature *f)
{
    size_t n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += (size_t)f->part_len[p];
    return n;
}

/* Bounding boxes are recomputed from the projected vertices: projecting two
 * corners would miss the curvature of a box's edges under the projection. */
static void bbox_of(pm_feature *f)
{
    size_t n = vertex_count(f);
    if (n > 0)
        pm_points_extent(f->xy, n, f->bbox);
}

/* A point's anchor is its first vertex (geom.c): it takes the projected
 * vertex rather than a second transformation to the same numbers. */
static int own_anchor(const pm_feature *f)
{
    return f->kind != PM_GEOM_POINT;
}

/* Points one feature adds to a batch. */
static size_t batch_points(const pm_feature *f)
{
    return f->kind == PM_GEOM_NONE ? 0 : vertex_count(f) + (size_t)own_anchor(f);
}

static pm_status project_feature(const pm_layer *layer, int index, pm_feature *f, const pm_crs *crs,
                                 pm_error *err)
{
    if (f->kind == PM_GEOM_NONE)
        return PM_OK;
    pm_status st = pm_crs_forward(crs, f->xy, vertex_count(f), err);
    if (st == PM_OK && own_anchor(f) && (st = pm_crs_forward(crs, f->anchor, 1, err)) != PM_OK)
        pm_error_prefix(err, "label anchor");
    if (st != PM_OK) {
        const char *id = pm_feature_value(layer, f, "id");
        if (id)
            pm_error_prefix(err, "%s: feature %d (id=%s)", layer->source, index, id);
        else
            pm_error_prefix(err, "%s: feature %d", layer->source, index);
        return st;
    }
    if (!own_anchor(f))
        memcpy(f->anchor, f->xy, sizeof f->anchor);
    bbox_of(f);
    return PM_OK;
}

/* Features [first, end) one by one: finds the one a batch failed on. */
static pm_status project_each(pm_layer *layer, int first, int end, const pm_crs *crs, pm_error *err)
{
    for (int i = first; i < end; i++) {
        pm_status st = project_feature(layer, i, &layer->features[i], crs, err);
        if (st != PM_OK)
            return st;
    }
    return PM_OK;
}

/* Features [first, end), whose points fit in buf, in one PROJ call. */
static pm_status project_batch(pm_layer *layer, int first, int end, const pm_crs *crs, double *buf,
                               pm_error *err)
{
    size_t n = 0;
    for (int i = first; i < end; i++) {
        const pm_feature *f = &layer->features[i];
        if (f->kind == PM_GEOM_NONE)
            continue;
        size_t nv = vertex_count(f);
        memcpy(buf + 2 * n, f->xy, 2 * nv * sizeof *buf);
        n += nv;
        if (own_anchor(f)) {
            memcpy(buf + 2 * n, f->anchor, sizeof f->anchor);
            n++;
        }
    }
    if (pm_crs_forward(crs, buf, n, NULL) != PM_OK)
        return project_each(layer, first, end, crs, err);
    n = 0;
    for (int i = first; i < end; i++) {
        pm_feature *f = &layer->features[i];
        if (f->kind == PM_GEOM_NONE)
            continue;
        size_t nv = vertex_count(f);
        memcpy(f->xy, buf + 2 * n, 2 * nv * sizeof *buf);
        n += nv;
        memcpy(f->anchor, own_anchor(f) ? buf + 2 * n++ : f->xy, sizeof f->anchor);
        bbox_of(f);
    }
    return PM_OK;
}

static pm_status project_features(pm_layer *layer, const pm_crs *crs, double *buf, pm_error *err)
{
    int first = 0;
    size_t queued = 0;
    for (int i = 0; i < layer->n_features; i++) {
        size_t need = batch_points(&layer->features[i]);
        pm_status st = PM_OK;
        if (queued + need > BATCH_POINTS) {
            st = project_batch(layer, first, i, crs, buf, err);
            first = i;
            queued = 0;
        }
        if (st == PM_OK && need > BATCH_POINTS) {
            /* Too big for the buffer: in place, on its own. */
            st = project_feature(layer, i, &layer->features[i], crs, err);
            first = i + 1;
            need = 0;
        }
        if (st != PM_OK)
            return st;
        queued += need;
    }
    return project_batch(layer, first, layer->n_features, crs, buf, err);
}

/* On failure the layer is partly projected: callers destroy it. */
pm_status pm_layer_project(pm_layer *layer, const pm_crs *crs, pm_error *err)
{
    if (!layer || !crs)
        return pm_error_set(err, PM_ERR_USAGE, "pm_layer_project: NULL layer or CRS");
    if (layer->projected)
        return pm_error_set(err, PM_ERR_USAGE, "%s: layer '%s' is already projected", layer->source,
                            layer->name);
    double *buf = malloc(2 * BATCH_POINTS * sizeof *buf);
    pm_status st = buf ? project_features(layer, crs, buf, err)
                       : project_each(layer, 0, layer->n_features, crs, err);
    free(buf);
    if (st != PM_OK)
        return st;
    for (int i = 0; i < 4; i++)
        layer->extent[i] = NAN;
    for (int i = 0; i < layer->n_features; i++)
        pm_extent_union(layer->extent, layer->features[i].bbox);
    layer->projected = 1;
    return PM_OK;
}
