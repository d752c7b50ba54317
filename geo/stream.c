/* pm_layer_stream — a layer read chunk by chunk (pm_source.h): each chunk
 * in ranges on every core where the driver can start anywhere cheaply, else
 * by one reader going on; only where a lon/lat box shows, where asked. */
#include "pm_source.h"

#include <cpl_error.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"

/* A chunk is read in ranges from twice this many features. */
#define CHUNK_SPLIT_MIN 2000

struct pm_layer_stream {
    char *path;
    pm_load_options opts;
    pm_load_trim trim;
    int chunk;                  /* features per chunk */
    int n;                      /* ranges per chunk; 1: one reader going on */
    GDALDatasetH ds[PM_LOAD_MAX_RANGES];
    long long count;            /* features the driver says it has (ranges) */
    long long next;             /* features handed out so far */
    long last_fid;              /* of the last one (ranges must go on from it) */
    int reading;                /* the one reader is positioned at `next` */
    double extent[4];           /* lon/lat; NAN: not known */
    int lonlat;                 /* the layer is in WGS84 lon/lat (span.lonlat) */
};

/* The layer's extent in lon/lat, as far as the driver knows it without
 * reading; NANs if it does not. */
static void extent_lonlat(OGRLayerH layer, OGRCoordinateTransformationH ct, double ll[4])
{
    OGREnvelope e = {0};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int known = OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE;
    if (known && ct)
        known = OCTTransformBounds(ct, e.MinX, e.MinY, e.MaxX, e.MaxY, &ll[0], &ll[1], &ll[2], &ll[3],
                                   21);
    else if (known)
        ll[0] = e.MinX, ll[1] = e.MinY, ll[2] = e.MaxX, ll[3] = e.MaxY;
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!known || !(ll[2] >= ll[0]) || !(ll[3] >= ll[1]))
        ll[0] = ll[1] = ll[2] = ll[3] = NAN;
}

/* Where a stream's features lie (extent_lonlat within its box), and
 * whether its box leaves out any of the layer (pm_load_filter_box: if not, the
 * stream reads without a filter). A CRS the layer cannot be read in is
 * left for its first chunk to report. */
static void stream_bounds(pm_layer_stream *s, OGRLayerH layer)
{
    OGRCoordinateTransformationH ct = NULL;
    double box[4];
    for (int i = 0; i < 4; i++)
        s->extent[i] = NAN;
    if (pm_geo_to_wgs84(OGR_L_GetSpatialRef(layer), &ct, NULL) != PM_OK)
        return;
    s->lonlat = ct == NULL;
    extent_lonlat(layer, ct, s->extent);
    const double *w = s->opts.within;
    if (w && !pm_load_filter_box(s->ds[0], layer, ct, w, box))
        s->opts.within = NULL;   /* and the ranges may read it on every core */
    if (w && !isnan(s->extent[0])) {
        double *e = s->extent;
        e[0] = fmax(e[0], w[0]), e[1] = fmax(e[1], w[1]);
        e[2] = fmin(e[2], w[2]), e[3] = fmin(e[3], w[3]);
        if (!(e[2] >= e[0] && e[3] >= e[1]))
            e[0] = e[1] = e[2] = e[3] = NAN;
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
}

int pm_layer_stream_extent(const pm_layer_stream *s, double ll[4])
{
    memcpy(ll, s->extent, sizeof s->extent);
    return !isnan(ll[0]);
}


void pm_layer_stream_close(pm_layer_stream *s)
{
    if (!s)
        return;
    for (int k = 0; k < PM_LOAD_MAX_RANGES; k++)
        if (s->ds[k])
            GDALClose(s->ds[k]);
    free(s->path);
    free(s);
}

pm_layer_stream *pm_layer_stream_open(const char *path, const pm_load_options *opts,
                                      const pm_load_trim *trim, int chunk, pm_error *err)
{
    pm_layer_stream *s = calloc(1, sizeof *s);
    if (!s || !(s->path = pm_geo_strdup(path))) {
        free(s);
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (opts)
        s->opts = *opts;
    if (trim)
        s->trim = *trim;
    s->chunk = chunk > 0 ? chunk : 1;
    s->last_fid = LONG_MIN;
    s->ds[0] = pm_geo_open(path, err);
    OGRLayerH layer = s->ds[0] ? pm_geo_pick_layer(s->ds[0], path, s->opts.layer_name, err) : NULL;
    if (!layer) {
        pm_layer_stream_close(s);
        return NULL;
    }
    stream_bounds(s, layer);
    s->n = pm_load_ranges(s->ds[0], path, &s->opts, &s->count);
    return s;
}

/* The other ranges' datasets, opened when a chunk is first read in ranges
 * (opening one can mean parsing the file). */
static int open_ranges(pm_layer_stream *s)
{
    for (int k = 1; k < s->n; k++)
        if (!s->ds[k] && !(s->ds[k] = pm_geo_open(s->path, NULL)))
            return -1;
    return 0;
}

/* Ranges that do not fit together (see join_ranges), or a chunk whose first
 * id does not follow the last one's: one reader from here on. */
static int chunk_follows(const pm_layer_stream *s, const pm_layer *c)
{
    return c->n_features == 0 || c->features[0].fid > s->last_fid;
}

static pm_layer *next_in_ranges(pm_layer_stream *s, pm_gdal_failure *gdal, pm_error *err)
{
    long long left = s->count - s->next;
    long long count = left < s->chunk ? left : s->chunk;
    int n = count >= 2 * CHUNK_SPLIT_MIN ? s->n : 1, fallback = 0;
    if (n > 1 && open_ranges(s) != 0)
        n = 1;
    pm_span sp = {s->next, count, 0, s->lonlat};
    pm_layer *c = pm_load_split(s->ds, s->n, s->path, &s->opts, &s->trim, n, sp, gdal, err, &fallback);
    if (c && !gdal->failed && !chunk_follows(s, c))
        fallback = 1;
    if (fallback) {
        pm_layer_destroy(c);
        s->n = 1;
        *gdal = (pm_gdal_failure){0};
        return NULL;
    }
    return c;
}

/* The one reader: positioned once (after `next` features, if the ranges
 * gave way), then going on. */
static pm_layer *next_in_turn(pm_layer_stream *s, pm_gdal_failure *gdal, pm_error *err)
{
    OGRLayerH layer = pm_geo_pick_layer(s->ds[0], s->path, s->opts.layer_name, err);
    if (!layer)
        return NULL;
    if (!s->reading) {
        /* Reading nothing sets the layer's filters, then it starts over. */
        pm_span nothing = {0, 0, 0, s->lonlat};
        pm_layer *none = pm_load_span(s->ds[0], s->path, &s->opts, &s->trim, nothing, gdal, err);
        if (!none)
            return NULL;
        pm_layer_destroy(none);
        OGR_L_ResetReading(layer);
        for (long long i = 0; i < s->next; i++)
            OGR_F_Destroy(OGR_L_GetNextFeature(layer));
        s->reading = 1;
    }
    pm_span more = {s->next, s->chunk, 1, s->lonlat};
    return pm_load_span(s->ds[0], s->path, &s->opts, &s->trim, more, gdal, err);
}

long long pm_layer_stream_count(const pm_layer_stream *s)
{
    return pm_load_fast_count(s->ds[0], s->path, &s->opts);
}

pm_layer *pm_layer_stream_next(pm_layer_stream *s, pm_error *err)
{
    if (err)
        err->status = PM_OK;
    if (s->n > 1 && s->next >= s->count)
        return NULL;
    pm_gdal_failure gdal = {0};
    CPLPushErrorHandlerEx(pm_load_note_failure, &gdal);
    pm_layer *c = NULL;
    int failed = 0;
    if (s->n > 1) {
        c = next_in_ranges(s, &gdal, err);
        failed = !c && s->n > 1;   /* else the ranges gave way to one reader */
    }
    if (!c && !failed)
        c = next_in_turn(s, &gdal, err);
    CPLPopErrorHandler();
    c = pm_load_refuse_failed(c, s->path, &gdal, err);
    if (c && c->n_features == 0) {
        pm_layer_destroy(c);
        return NULL;   /* the end */
    }
    if (c) {
        s->next += c->n_features;
        s->last_fid = c->features[c->n_features - 1].fid;
    }
    return c;
}
