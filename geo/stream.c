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

#include "geojson_read.h"
#include "shapefile.h"

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
    pm_gj_stream *gj;           /* a GeoJSON read from its index (opts.index);
                                   NULL: GDAL reads, through `ds` */
    pm_shp_stream *shp;         /* a Shapefile read by planmap's reader (the
                                   same); NULL: GDAL reads */
};

/* The layer's extent in lon/lat, as far as the driver knows it without
 * reading; NANs if it does not. */
static void extent_lonlat(OGRLayerH layer, OGRCoordinateTransformationH ct, double ll[4])
{
    OGREnvelope e = {0};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int known = OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE;
    CPLPopErrorHandler();
    double box[4] = {e.MinX, e.MinY, e.MaxX, e.MaxY};
    pm_load_extent_lonlat(known ? box : NULL, ct, ll);
}

/* The extent `e` within the lon/lat box `w` (NULL: all of it). */
static void clip_extent(double e[4], const double *w)
{
    if (w && !isnan(e[0])) {
        e[0] = fmax(e[0], w[0]), e[1] = fmax(e[1], w[1]);
        e[2] = fmin(e[2], w[2]), e[3] = fmin(e[3], w[3]);
        if (!(e[2] >= e[0] && e[3] >= e[1]))
            e[0] = e[1] = e[2] = e[3] = NAN;
    }
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
    if (pm_geo_layer_to_wgs84(layer, s->opts.crs, &ct, NULL) != PM_OK)
        return;
    s->lonlat = ct == NULL;
    extent_lonlat(layer, ct, s->extent);
    const double *w = s->opts.within;
    if (w && !pm_load_filter_box(s->ds, layer, s->opts.crs, ct, w, box))
        s->opts.within = NULL;
    clip_extent(s->extent, w);
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
    pm_gj_stream_close(s->gj);
    pm_shp_stream_close(s->shp);
    free(s->path);
    free(s);
}

/* The source through GDAL, read from feature s->next on. 0, or -1 with
 * *err set. */
static int open_dataset(pm_layer_stream *s, pm_error *err)
{
    s->ds = pm_geo_open_as(s->path, s->opts.encoding, err);
    OGRLayerH layer = s->ds ? pm_geo_pick_layer(s->ds, s->path, s->opts.layer_name, err) : NULL;
    if (!layer)
        return -1;
    stream_bounds(s, layer);
    return 0;
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
    const pm_source_index *ix = s->opts.index;
    if (ix && ix->shp && !(s->opts.where && s->opts.where[0]) &&
        (s->shp = pm_shp_stream_open(ix->shp, &s->opts, &s->lean, s->chunk, s->extent, err))) {
        clip_extent(s->extent, s->opts.within);
        return s;
    }
    if (ix && !ix->shp && !(s->opts.where && s->opts.where[0])) {
        memcpy(s->extent, ix->facts.extent, sizeof s->extent);
        clip_extent(s->extent, s->opts.within);
        if (!(s->gj = pm_gj_stream_open(ix, &s->opts, &s->lean, s->chunk, err))) {
            pm_layer_stream_close(s);
            return NULL;
        }
        return s;
    }
    if (open_dataset(s, err) != 0) {
        pm_layer_stream_close(s);
        return NULL;
    }
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
    if (s->shp)
        return pm_shp_stream_count(s->shp);
    if (s->gj)
        return s->opts.within ? -1 : (long long)s->opts.index->first[s->opts.index->split.n];
    return pm_load_fast_count(s->ds, s->path, &s->opts);
}

void pm_layer_stream_set_chunk(pm_layer_stream *s, int chunk)
{
    s->chunk = chunk > 0 ? chunk : 1;
    if (s->shp)
        pm_shp_stream_set_chunk(s->shp, s->chunk);
    if (s->gj)
        pm_gj_stream_set_chunk(s->gj, s->chunk);
}

/* The next chunk from planmap's GeoJSON or Shapefile reader: 1, *c the
 * chunk (NULL: the end, or an error). 0 where it meets a feature GDAL
 * reads its own way: GDAL is to read the rest, from that feature on and
 * unfiltered (the drawing leaves out what is not in view), or for a
 * Shapefile under a filter, filtered as the reader did. */
static int next_own(pm_layer_stream *s, pm_layer **c, pm_error *err)
{
    long long resume = -1;
    *c = s->gj ? pm_gj_stream_next(s->gj, &resume, err) : pm_shp_stream_next(s->shp, &resume, err);
    if (resume == -1)
        return 1;
    pm_gj_stream_close(s->gj);
    pm_shp_stream_close(s->shp);
    s->gj = NULL;
    s->shp = NULL;
    s->opts.index = NULL;
    if (resume == PM_SHP_RESUME_FILTERED)
        return 0;   /* GDAL filters as the reader did: it goes on after s->next features */
    s->opts.within = NULL;
    s->next = resume;
    return 0;
}

pm_layer *pm_layer_stream_next(pm_layer_stream *s, pm_error *err)
{
    if (err)
        err->status = PM_OK;
    pm_layer *c = NULL;
    if ((s->gj || s->shp) && next_own(s, &c, err)) {
        if (c)
            s->next += c->n_features;
        return c;
    }
    pm_gdal_failure gdal = {0};
    CPLPushErrorHandlerEx(pm_load_note_failure, &gdal);
    /* GDAL parses a GeoJSON when it opens it: what it finds is the read's. */
    if (s->ds || open_dataset(s, err) == 0)
        c = read_next(s, &gdal, err);
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
