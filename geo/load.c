/* pm_layer_load — a whole layer, read in ranges on several threads when
 * the driver can start at any feature cheaply (source.c reads each range). */
#include "pm_source.h"

#include <cpl_error.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "load_internal.h"

/* The same with a dataset handle of its own. */
static pm_layer *load_range(const char *path, const pm_load_options *opts, const pm_load_lean *lean,
                            pm_span sp, pm_gdal_failure *gdal, pm_error *err)
{
    GDALDatasetH ds = pm_geo_open_as(path, opts ? opts->encoding : NULL, err);
    if (!ds)
        return NULL;
    pm_layer *layer = pm_load_span(ds, path, opts, lean, sp, gdal, err);
    GDALClose(ds);
    return layer;
}

/* 1 if the layer is in WGS84 lon/lat: no transformation to make per load. */
static int layer_lonlat(OGRLayerH layer, const char *crs)
{
    OGRCoordinateTransformationH ct = NULL;
    if (!layer || pm_geo_layer_to_wgs84(layer, crs, &ct, NULL) != PM_OK)
        return 0;
    if (!ct)
        return 1;
    OCTDestroyCoordinateTransformation(ct);
    return 0;
}

/* One range of a layer read on its own thread, through a dataset and with
 * a GDAL error handler of its own (they are per thread). */
typedef struct range_job {
    const char *path;
    const pm_load_options *opts;
    const pm_load_lean *lean;
    pm_span sp;
    pm_gdal_failure gdal;
    pm_error err;
    pm_layer *out;
} range_job;

static void *read_range(void *arg)
{
    range_job *j = arg;
    CPLPushErrorHandlerEx(pm_load_note_failure, &j->gdal);
    j->out = load_range(j->path, j->opts, j->lean, j->sp, &j->gdal, &j->err);
    CPLPopErrorHandler();
    j->out = pm_load_refuse_failed(j->out, j->path, &j->gdal, &j->err);
    return NULL;
}

/* Below this many features one thread reads as fast as two. */
#define SPLIT_MIN_FEATURES 20000
/* Ranges a layer is read in at most (one thread each). */
#define MAX_RANGES 4

/* The features the layer has, if the driver can tell without reading and
 * nothing filters; else -1. An unknown layer is reported by the read itself;
 * what GDAL says while counting is not the load's failure. */
long long pm_load_fast_count(GDALDatasetH ds, const char *path, const pm_load_options *opts)
{
    if (opts && ((opts->where && opts->where[0]) || opts->within))
        return -1;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayerH layer = pm_geo_pick_layer(ds, path, opts ? opts->layer_name : NULL, NULL);
    long long n = layer && OGR_L_TestCapability(layer, OLCFastFeatureCount)
                      ? OGR_L_GetFeatureCount(layer, FALSE) : -1;
    CPLPopErrorHandler();
    CPLErrorReset();
    return n;
}

/* How many ranges to read the layer in, and its feature count: 1 unless the
 * driver can start reading at any index cheaply, reads features from the file
 * as they are asked for, and nothing filters. A driver that holds the whole
 * source in memory from the open (GeoJSON through GDAL) starts at any index
 * too, but each range's own open would parse the file again: with two
 * threads that cost 1.5 times the CPU of one and more wall time. */
static int load_ranges(GDALDatasetH ds, const char *path, const pm_load_options *opts, long long *count)
{
    int threads = pm_context_threads(opts ? opts->context : NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayerH layer = threads < 2 ? NULL : pm_geo_pick_layer(ds, path, opts ? opts->layer_name : NULL, NULL);
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!layer || !pm_geo_reads_on_demand(ds) || !OGR_L_TestCapability(layer, OLCFastSetNextByIndex))
        return 1;
    *count = pm_load_fast_count(ds, path, opts);
    if (*count < SPLIT_MIN_FEATURES || *count >= INT_MAX)
        return 1;
    return threads < MAX_RANGES ? threads : MAX_RANGES;
}

int pm_load_join(pm_layer **part, int n, long long count, int ordered)
{
    long long total = 0;
    for (int k = 0; k < n; k++) {
        total += part[k]->n_features;
        if (ordered && k > 0 && part[k]->n_features > 0 && part[k - 1]->n_features > 0 &&
            part[k]->features[0].fid <= part[k - 1]->features[part[k - 1]->n_features - 1].fid)
            return -1;
    }
    if (total != count)
        return -1;
    pm_layer *all = part[0];
    pm_feature *grown = realloc(all->features, sizeof *grown * (size_t)(total ? total : 1));
    if (!grown)
        return -1;
    all->features = grown;
    for (int k = 1; k < n; k++) {
        if (part[k]->n_features > 0)
            memcpy(all->features + all->n_features, part[k]->features,
                   sizeof *grown * (size_t)part[k]->n_features);
        all->n_features += part[k]->n_features;
        pm_extent_union(all->extent, part[k]->extent);
        pm_arena_adopt(all->arena, part[k]->arena);
        part[k]->arena = NULL;
    }
    return 0;
}

/* Features [first, first + count) read in n ranges, one thread each (the
 * first on this one, through ds; the others through datasets of their
 * own): OGR's parsing and the coordinate copies are most of a load. NULL
 * with *fallback set when the ranges did not fit together. */
static pm_layer *load_split(GDALDatasetH ds, const char *path, const pm_load_options *opts,
                            const pm_load_lean *lean, int n, pm_span whole,
                            pm_gdal_failure *gdal, pm_error *err, int *fallback)
{
    range_job job[MAX_RANGES];
    pthread_t tid[MAX_RANGES];
    int started[MAX_RANGES] = {0};
    long long first = whole.first, count = whole.limit;
    for (int k = 0; k < n; k++) {
        pm_span sp = {first + count * k / n, count * (k + 1) / n - count * k / n, 0, whole.lonlat};
        job[k] = (range_job){.path = path, .opts = opts, .lean = lean, .sp = sp};
        if (k > 0)
            started[k] = pthread_create(&tid[k], NULL, read_range, &job[k]) == 0;
    }
    pm_layer *part[MAX_RANGES];
    part[0] = pm_load_span(ds, path, opts, lean, job[0].sp, gdal, err);
    for (int k = 1; k < n; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        part[k] = started[k] ? job[k].out : NULL;
    }
    /* The first range that failed speaks, as a single read would fail there
     * first; a range that never started means reading it all again. */
    int bad = -1, missing = 0;
    for (int k = 0; k < n; k++) {
        if (k > 0 && !started[k]) {
            missing = 1;
            break;
        }
        if (k == 0 ? !part[0] || gdal->failed : !part[k]) {
            bad = k;
            break;
        }
    }
    if (bad > 0 && err)
        *err = job[bad].err;
    *fallback = bad < 0 && (missing || pm_load_join(part, n, count, 1) != 0);
    /* The first range is the answer when it failed itself or took in the
     * others; the other ranges go either way (their storage is adopted). */
    int keep = bad == 0 || (bad < 0 && !*fallback);
    for (int k = keep ? 1 : 0; k < n; k++)
        pm_layer_destroy(part[k]);
    return keep ? part[0] : NULL;
}

static pm_layer *load_layer(const char *path, const pm_load_options *opts,
                            const pm_load_lean *lean, pm_gdal_failure *gdal, pm_error *err)
{
    GDALDatasetH ds = pm_geo_open_as(path, opts ? opts->encoding : NULL, err);
    if (!ds)
        return NULL;
    if (opts && !opts->encoding)
        pm_geo_encoding_hint(ds, opts->context);
    long long count = 0;
    int n = load_ranges(ds, path, opts, &count), fallback = 0;
    pm_layer *layer = NULL;
    if (n > 1) {
        /* Asked once here rather than by every range. */
        int lonlat = layer_lonlat(pm_geo_pick_layer(ds, path, opts ? opts->layer_name : NULL, NULL),
                                  opts ? opts->crs : NULL);
        pm_span all = {0, count, 0, lonlat};
        layer = load_split(ds, path, opts, lean, n, all, gdal, err, &fallback);
        if (fallback)
            *gdal = (pm_gdal_failure){0};
    }
    if (n == 1 || fallback)
        layer = pm_load_span(ds, path, opts, lean, (pm_span){0, -1, 0, 0}, gdal, err);
    GDALClose(ds);
    return layer;
}

pm_layer *pm_layer_load(const char *path, const pm_load_options *opts, pm_error *err)
{
    return pm_layer_load_lean(path, opts, NULL, err);
}

pm_layer *pm_layer_load_lean(const char *path, const pm_load_options *opts,
                             const pm_load_lean *lean, pm_error *err)
{
    pm_layer *own = NULL;
    if (pm_geojson_load(path, opts, lean, &own, err))
        return own;
    return pm_load_gdal(path, opts, lean, err);
}

pm_layer *pm_load_gdal(const char *path, const pm_load_options *opts, const pm_load_lean *lean,
                       pm_error *err)
{
    pm_gdal_failure failure = {0};
    CPLPushErrorHandlerEx(pm_load_note_failure, &failure);
    pm_layer *layer = load_layer(path, opts, lean, &failure, err);
    CPLPopErrorHandler();
    return pm_load_refuse_failed(layer, path, &failure, err);
}
