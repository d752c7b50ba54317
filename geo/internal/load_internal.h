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
/* 1 if reading only features whose box meets the lon/lat box `ll` leaves
 * some out and the driver keeps source order under a filter; `box` is then
 * `ll` in the layer's coordinates (`ct` takes them to WGS84, NULL: none). */
int pm_load_filter_box(GDALDatasetH ds, OGRLayerH layer, OGRCoordinateTransformationH ct,
                       const double ll[4], double box[4]);

#endif
