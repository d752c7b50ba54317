/* pm_layer_stream — a layer read chunk by chunk (pm_source.h) by one reader
 * going on, only where a lon/lat box shows, where asked. One dataset: a
 * second one for reading a chunk in ranges held its own copy of the
 * source's index (a Shapefile's .shx: 8 bytes a feature), more than the
 * chunks themselves; the caller reads ahead instead (pm_map_stream). */
#include "pm_source.h"

#include <cpl_error.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"

struct pm_layer_stream {
    char *path;
    pm_load_options opts;
    pm_load_lean lean;
    int chunk;                  /* features per chunk */
    GDALDatasetH ds;
    long long next;             /* features handed out so far */
    int reading;                /* the reader has started */
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
    if (w && !pm_load_filter_box(s->ds, layer, ct, w, box))
        s->opts.within = NULL;
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
    if (s->ds)
        GDALClose(s->ds);
    free(s->path);
    free(s);
}

pm_layer_stream *pm_layer_stream_open(const char *path, const pm_load_options *opts,
                                      const pm_load_lean *lean, int chunk, pm_error *err)
{
    pm_layer_stream *s = calloc(1, sizeof *s);
    if (!s || !(s->path = pm_strdup(path))) {
        free(s);
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (opts)
        s->opts = *opts;
    if (lean)
        s->lean = *lean;
    s->chunk = chunk > 0 ? chunk : 1;
    s->ds = pm_geo_open_as(path, s->opts.encoding, err);
    OGRLayerH layer = s->ds ? pm_geo_pick_layer(s->ds, path, s->opts.layer_name, err) : NULL;
    if (!layer) {
        pm_layer_stream_close(s);
        return NULL;
    }
    stream_bounds(s, layer);
    return s;
}

/* The first chunk sets the layer's filters and starts the reading; the
 * others go on from where it stands. */
static pm_layer *read_next(pm_layer_stream *s, pm_gdal_failure *gdal, pm_error *err)
{
    pm_span more = {s->next, s->chunk, s->reading, s->lonlat};
    pm_layer *c = pm_load_span(s->ds, s->path, &s->opts, &s->lean, more, gdal, err);
    s->reading = 1;
    return c;
}

long long pm_layer_stream_count(const pm_layer_stream *s)
{
    return pm_load_fast_count(s->ds, s->path, &s->opts);
}

pm_layer *pm_layer_stream_next(pm_layer_stream *s, pm_error *err)
{
    if (err)
        err->status = PM_OK;
    pm_gdal_failure gdal = {0};
    CPLPushErrorHandlerEx(pm_load_note_failure, &gdal);
    pm_layer *c = read_next(s, &gdal, err);
    CPLPopErrorHandler();
    c = pm_load_refuse_failed(c, s->path, &gdal, err);
    if (c && c->n_features == 0) {
        pm_layer_destroy(c);
        return NULL;   /* the end */
    }
    if (c)
        s->next += c->n_features;
    return c;
}
