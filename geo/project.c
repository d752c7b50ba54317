/* pm_layer_project — move a loaded layer from WGS84 lon/lat to map x/y.
 *
 * The vertices and anchors of many features are copied into one buffer and
 * projected with one PROJ call, then copied back: two calls per feature cost
 * more in PROJ's per-call set-up than the copies do. A batch that fails is
 * projected again feature by feature, so the error names the feature. A
 * large layer is projected in ranges on every core, through an
 * interpolation grid checked against PROJ (pm_crs_grid). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "pm_source.h"

/* Points per PROJ call (256 KiB of coordinates). */
#define BATCH_POINTS ((size_t)1 << 14)

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
        long long at = layer->first < 0 ? -1 : layer->first + index;
        pm_geo_name_feature(err, layer->source, at, f->fid, pm_feature_value(layer, f, "id"));
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
static pm_status project_batch(pm_layer *layer, int first, int end, const pm_crs *crs,
                               const pm_crs_grid *grid, double *buf, pm_error *err)
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
    if ((!grid || pm_crs_grid_forward(grid, buf, n) != 0) && pm_crs_forward(crs, buf, n, NULL) != PM_OK)
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

/* A feature with more points than a batch holds, in place: through the
 * grid when they all lie in it (its anchor with them), else through PROJ. */
static pm_status project_large(pm_layer *layer, int i, const pm_crs *crs, const pm_crs_grid *grid,
                               pm_error *err)
{
    pm_feature *f = &layer->features[i];
    size_t n = vertex_count(f);
    double a[2] = {f->anchor[0], f->anchor[1]};
    if (grid && f->kind != PM_GEOM_NONE && pm_crs_grid_forward(grid, a, 1) == 0 &&
        pm_crs_grid_forward(grid, f->xy, n) == 0) {
        memcpy(f->anchor, own_anchor(f) ? a : f->xy, sizeof a);
        bbox_of(f);
        return PM_OK;
    }
    return project_feature(layer, i, f, crs, err);
}

/* Features [from, to) in batches through buf. */
static pm_status project_features(pm_layer *layer, int from, int to, const pm_crs *crs,
                                  const pm_crs_grid *grid, double *buf, pm_error *err)
{
    int first = from;
    size_t queued = 0;
    for (int i = from; i < to; i++) {
        size_t need = batch_points(&layer->features[i]);
        pm_status st = PM_OK;
        if (queued + need > BATCH_POINTS) {
            st = project_batch(layer, first, i, crs, grid, buf, err);
            first = i;
            queued = 0;
        }
        if (st == PM_OK && need > BATCH_POINTS) {
            /* Too big for the buffer: in place, on its own. */
            st = project_large(layer, i, crs, grid, err);
            first = i + 1;
            need = 0;
        }
        if (st != PM_OK)
            return st;
        queued += need;
    }
    return project_batch(layer, first, to, crs, grid, buf, err);
}

static pm_status project_range(pm_layer *layer, int from, int to, const pm_crs *crs,
                               const pm_crs_grid *grid, pm_error *err)
{
    /* Numbers that stay as they are are checked where they lie: a batch
     * buffer would only copy them there and back (a quarter MiB more in
     * memory per chunk in flight). */
    if (pm_crs_is_identity(crs))
        return project_each(layer, from, to, crs, err);
    double *buf = malloc(2 * BATCH_POINTS * sizeof *buf);
    pm_status st = buf ? project_features(layer, from, to, crs, grid, buf, err)
                       : project_each(layer, from, to, crs, err);
    free(buf);
    return st;
}

/* ---- on several threads -------------------------------------------------- */

/* Below this many points a second thread and PROJ context cost more than
 * they save. */
#define SPLIT_MIN_POINTS 100000
#define MAX_RANGES 4

typedef struct range_job {
    pm_layer *layer;
    int from, to;
    pm_crs *crs;        /* this thread's copy */
    const pm_crs_grid *grid;
    pm_status st;
    pm_error err;
} range_job;

static void *project_job(void *arg)
{
    range_job *j = arg;
    j->st = project_range(j->layer, j->from, j->to, j->crs, j->grid, &j->err);
    return NULL;
}

/* Range ends that share the layer's points about evenly: end[k] for range k. */
static void split_points(const pm_layer *layer, size_t total, int n, int *end)
{
    size_t seen = 0;
    int k = 0;
    for (int i = 0; i < layer->n_features && k < n - 1; i++) {
        seen += batch_points(&layer->features[i]);
        while (k < n - 1 && seen >= total * (size_t)(k + 1) / (size_t)n)
            end[k++] = i + 1;
    }
    while (k < n)
        end[k++] = layer->n_features;
}

/* The layer in n ranges, the first on this thread, the others each with a
 * copy of the CRS (PROJ wants a context per thread); the first range that
 * fails gives the error, as one pass would. */
static pm_status project_split(pm_layer *layer, const pm_crs *crs, const pm_crs_grid *grid,
                               size_t total, int n, pm_error *err)
{
    range_job job[MAX_RANGES];
    pthread_t tid[MAX_RANGES];
    int end[MAX_RANGES], started[MAX_RANGES] = {0};
    memset(job, 0, sizeof job);
    split_points(layer, total, n, end);
    for (int k = 1; k < n; k++) {
        job[k] = (range_job){.layer = layer, .from = end[k - 1], .to = end[k], .grid = grid, .st = PM_OK};
        job[k].crs = pm_crs_clone(crs, NULL);
        started[k] = job[k].crs && pthread_create(&tid[k], NULL, project_job, &job[k]) == 0;
    }
    /* A range without its thread is done here, after the first. */
    pm_status st = project_range(layer, 0, end[0], crs, grid, err);
    for (int k = 1; k < n; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            job[k].st = project_range(layer, job[k].from, job[k].to, crs, grid, &job[k].err);
        pm_crs_destroy(job[k].crs);
        if (st == PM_OK && job[k].st != PM_OK) {
            st = job[k].st;
            if (err)
                *err = job[k].err;
        }
    }
    return st;
}

/* ---- by interpolation ---------------------------------------------------- */

/* Below this many points the grid's own nodes are not worth it. */
#define GRID_MIN_POINTS 20000
#define GRID_SAMPLE 1024
/* Interpolation error allowed, as a share of the layer's projected size:
 * a millimetre for a layer 100 km across, far below a pixel or the
 * precision of any plan's positions. */
#define GRID_TOLERANCE 1e-8

/* A layer's own vertices a grid made for a larger box is checked at
 * before it projects them (a stream's, for each chunk). */
#define GRID_RECHECK 128

/* Every so many vertices of the layer, at most `most`, for the grid to be
 * checked at. */
static size_t sample_vertices(const pm_layer *layer, size_t total, double *sample, size_t most)
{
    size_t step = total / most + 1, seen = 0, n = 0;
    for (int i = 0; i < layer->n_features && n < most; i++) {
        const pm_feature *f = &layer->features[i];
        size_t nv = f->kind == PM_GEOM_NONE ? 0 : vertex_count(f);
        for (size_t v = (step - seen % step) % step; v < nv && n < most; v += step, n++) {
            sample[2 * n] = f->xy[2 * v];
            sample[2 * n + 1] = f->xy[2 * v + 1];
        }
        seen += nv;
    }
    return n;
}

/* The interpolation error allowed over a lon/lat box; -1 if PROJ cannot
 * take its corners. */
static double box_tolerance(const pm_crs *crs, const double e[4])
{
    double corners[8] = {e[0], e[1], e[2], e[1], e[0], e[3], e[2], e[3]}, size[4];
    if (pm_crs_forward(crs, corners, 4, NULL) != PM_OK)
        return -1;
    pm_points_extent(corners, 4, size);
    return GRID_TOLERANCE * fmax(size[2] - size[0], size[3] - size[1]);
}

static pm_crs_grid *layer_grid(const pm_layer *layer, const pm_crs *crs, size_t total)
{
    const double *e = layer->extent;
    if (total < GRID_MIN_POINTS || isnan(e[0]))
        return NULL;
    double tol = box_tolerance(crs, e);
    double *sample = tol > 0 ? malloc(2 * GRID_SAMPLE * sizeof *sample) : NULL;
    if (!sample)
        return NULL;
    size_t n = sample_vertices(layer, total, sample, GRID_SAMPLE);
    pm_crs_grid *g = pm_crs_grid_create(crs, e, sample, n, tol);
    free(sample);
    return g;
}

pm_crs_grid *pm_layer_box_grid(const pm_crs *crs, const double ll[4])
{
    double tol = crs && ll && !isnan(ll[0]) ? box_tolerance(crs, ll) : -1;
    return tol > 0 ? pm_crs_grid_create(crs, ll, NULL, 0, tol) : NULL;
}

/* A grid made for a larger box holds for this layer where it gives some
 * of its vertices as PROJ does. */
static int shared_grid_holds(const pm_layer *layer, const pm_crs *crs, const pm_crs_grid *grid,
                             size_t total)
{
    double sample[2 * GRID_RECHECK];
    size_t n = sample_vertices(layer, total, sample, GRID_RECHECK);
    return pm_crs_grid_holds(grid, crs, sample, n);
}

static pm_status project_all(pm_layer *layer, const pm_crs *crs, const pm_crs_grid *shared,
                             pm_error *err)
{
    size_t total = 0;
    for (int i = 0; i < layer->n_features; i++)
        total += batch_points(&layer->features[i]);
    /* One grid for the whole layer, whatever the ranges: the same numbers
     * on any number of threads. */
    pm_crs_grid *own = NULL;
    const pm_crs_grid *grid = shared;
    if (!grid || !shared_grid_holds(layer, crs, grid, total))
        grid = own = layer_grid(layer, crs, total);
    /* Interpolating costs less than a second PROJ context (a copy of the
     * operation, a look in PROJ's database): a layer with a grid, or whose
     * numbers stay as they are, takes one thread. */
    int n = total < SPLIT_MIN_POINTS || grid || pm_crs_is_identity(crs) ? 1
                                                                        : pm_context_threads(layer->context);
    n = n > MAX_RANGES ? MAX_RANGES : n;
    pm_status st = n > 1 ? project_split(layer, crs, grid, total, n, err)
                         : project_range(layer, 0, layer->n_features, crs, grid, err);
    pm_crs_grid_destroy(own);
    return st;
}

pm_status pm_layer_project(pm_layer *layer, const pm_crs *crs, pm_error *err)
{
    return pm_layer_project_grid(layer, crs, NULL, err);
}

/* On failure the layer is partly projected: callers destroy it. */
pm_status pm_layer_project_grid(pm_layer *layer, const pm_crs *crs, const pm_crs_grid *grid,
                                pm_error *err)
{
    if (!layer || !crs)
        return pm_error_set(err, PM_ERR_USAGE, "pm_layer_project: NULL layer or CRS");
    if (layer->projected)
        return pm_error_set(err, PM_ERR_USAGE, "%s: layer '%s' is already projected", layer->source,
                            layer->name);
    pm_status st = project_all(layer, crs, grid, err);
    if (st != PM_OK)
        return st;
    for (int i = 0; i < 4; i++)
        layer->extent[i] = NAN;
    for (int i = 0; i < layer->n_features; i++)
        pm_extent_union(layer->extent, layer->features[i].bbox);
    layer->projected = 1;
    return PM_OK;
}
