/* Loading a layer, shared by the whole load (source.c) and the chunk by
 * chunk stream (stream.c); private to geo/. */
#ifndef PM_LOAD_INTERNAL_H
#define PM_LOAD_INTERNAL_H

#include "geo_internal.h"

/* The first failure GDAL reports while a layer loads. Drivers that read
 * the whole file first (GeoJSON) report a coordinate given as a string or
 * an unknown "crs" member there and carry on without it; the data would be
 * drawn incomplete or in the wrong place, so the load is refused instead. */
typedef struct pm_gdal_failure {
    int failed;
    char msg[512];
} pm_gdal_failure;

/* Which features a load reads, and what the caller knows of the layer. */
typedef struct pm_span {
    long long first;     /* index of the first feature read */
    long long limit;     /* features to read; -1: to the end */
    int resume;          /* go on from where the layer's reading stands */
    int lonlat;          /* its CRS is WGS84 lon/lat (asked once, on one
                            dataset: asking is PROJ parsing WKT against its
                            database, a tenth of a points render when every
                            range of every chunk asked) */
} pm_span;

/* The CPL error handler that notes the first failure (user data: a
 * pm_gdal_failure). */
void CPL_STDCALL pm_load_note_failure(CPLErr cls, CPLErrorNum num, const char *msg);
/* A layer read while GDAL reported a failure is refused with that failure. */
pm_layer *pm_load_refuse_failed(pm_layer *layer, const char *path, const pm_gdal_failure *gdal,
                                pm_error *err);
/* The span `sp` of the source through `ds`. NULL with *err set on failure. */
pm_layer *pm_load_span(GDALDatasetH ds, const char *path, const pm_load_options *opts,
                       const pm_load_lean *lean, pm_span sp, pm_gdal_failure *gdal, pm_error *err);
/* Features the layer has, if the driver knows without reading and nothing
 * filters; else -1. */
long long pm_load_fast_count(GDALDatasetH ds, const char *path, const pm_load_options *opts);
/* How a box is asked of a driver so the features still come in their
 * order in the source: a spatial filter (Shapefile, FlatGeobuf), the FIDs
 * a GeoPackage's R-tree has for it, whose boxes are floats rounded outwards
 * (the reader is to check each feature's box), or not at all. */
enum { PM_FILTER_NONE, PM_FILTER_SPATIAL, PM_FILTER_RTREE };
/* How reading only features whose box meets the lon/lat box `ll` can be
 * asked of the driver, where that leaves some out; `box` is then `ll` in
 * the layer's coordinates (in the CRS `crs` names, NULL: the layer's; `ct`
 * takes them to WGS84, NULL: none). PM_FILTER_NONE where a filter would
 * only cost checks (the box takes in the layer's extent), or cannot be had
 * in the layer's coordinates or in the source's order. */
int pm_load_filter_box(GDALDatasetH ds, OGRLayerH layer, const char *crs,
                       OGRCoordinateTransformationH ct, const double ll[4], double box[4]);
/* Only the features of `box` read from `layer` as pm_load_filter_box's
 * `kind` says, and only those meeting `where` (an attribute filter the
 * layer has, or NULL): `kind`, or PM_FILTER_NONE if it could not be set. */
int pm_load_set_filter(OGRLayerH layer, int kind, const char *where, const double box[4]);
/* The lon/lat box `ll` in the coordinates of `layer` (as above): 0 if that
 * cannot be had. */
int pm_load_view_box(OGRLayerH layer, const char *crs, OGRCoordinateTransformationH ct,
                     const double ll[4], double box[4]);
/* pm_load_filter_box's test for a layer in `srs` whose extent (minx, miny,
 * maxx, maxy in its coordinates) is `extent` (NULL: not known), read in
 * source order by planmap's Shapefile reader: 1 if the box leaves out some
 * of it, `box` set. */
int pm_load_filter_srs(OGRSpatialReferenceH srs, OGRCoordinateTransformationH ct,
                       const double *extent, const double ll[4], double box[4]);
/* A layer's extent `e` (NULL: not known) in lon/lat through `ct` (NULL:
 * it is lon/lat); NANs where it cannot be had. */
void pm_load_extent_lonlat(const double *e, OGRCoordinateTransformationH ct, double ll[4]);

/* The ranges joined in order into the first: their features, storage and
 * extents. 0, or -1 if they do not fit together — a driver whose index
 * and feature order disagree (a Shapefile with deleted records): with
 * `ordered`, each range's ids must follow the last one's; all of them add
 * up to the count. */
int pm_load_join(pm_layer **part, int n, long long count, int ordered);
/* An empty chunk of a stream: the name, fields and schema of `shape`, no
 * features but room for `chunk`, its own arena; NULL: out of memory. */
pm_layer *pm_layer_chunk_like(const pm_layer *shape, int chunk);
/* An integer property's text, the digits OGR gives ("%lld"), in the arena. */
char *pm_load_integer_text(pm_arena *a, long long v);

/* pm_layer_load_lean through GDAL alone. */
pm_layer *pm_load_gdal(const char *path, const pm_load_options *opts, const pm_load_lean *lean,
                       pm_error *err);
/* The same through planmap's own GeoJSON reader (geojson.c): 1 when it
 * answered (*out the layer, or NULL with *err set: out of memory), 0 when
 * it declined the file (text in another encoding, coordinates in another
 * CRS than WGS84 lon/lat, a file it does not take), which GDAL is then to
 * read. */
int pm_geojson_load(const char *path, const pm_load_options *opts, const pm_load_lean *lean,
                    pm_layer **out, pm_error *err);
/* The same for GeoJSON text[0, len) named `path` (a byte-order mark may
 * start it). */
int pm_geojson_read_text(const char *path, const char *text, size_t len,
                         const pm_load_options *opts, const pm_load_lean *lean, pm_layer **out,
                         pm_error *err);

#endif
