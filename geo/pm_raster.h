/* pm_raster — raster sources through GDAL: what a raster covers, and its
 * pixels warped to a map's CRS over a box at a given size. A map's raster
 * layer (layers/map_raster.c) reads them; render draws what it is handed.
 *
 * Any raster GDAL reads offline: GeoTIFF (imagery or a DEM), a GeoPackage
 * raster table, MBTiles. Network names are refused as for vector sources
 * (pm_check_source), and every file GDAL reads is noted as an input.
 */
#ifndef PM_RASTER_H
#define PM_RASTER_H

#include "pm_error.h"

/* Points on each side of a raster's footprint (pm_raster_probe). */
#define PM_RASTER_RING_SIDE 16
#define PM_RASTER_RING (4 * PM_RASTER_RING_SIDE)

/* Open `path` as a raster and describe it: its band count and its
 * footprint, the outline of its pixels (PM_RASTER_RING points, densified
 * sides) in WGS84 lon/lat, `ring` holding 2 * PM_RASTER_RING doubles.
 * IO error for a missing file; DATA error naming the file when GDAL cannot
 * read it as a georeferenced raster. */
pm_status pm_raster_probe(const char *path, int *n_bands, double *ring, pm_error *err);

/* What to read: the pixels of `bands` (1-based; n_bands 0: every band but an
 * alpha band, at most 4) warped to the CRS `crs` (a PROJ string, authority
 * code or WKT) over `box` (minx, miny, maxx, maxy in that CRS, the outer
 * edges of the pixels) at width × height, resampled by GDAL's `resampling`
 * ("near", "bilinear", "cubic"). Only the
 * window needed is read, from the overview closest to that resolution. */
typedef struct pm_raster_request {
    const char *path;
    const char *crs;
    double box[4];
    int width, height;
    int bands[4];
    int n_bands;
    int as_float;                /* 1: values as float (elevations), 0: bytes */
    const char *resampling;
} pm_raster_request;

/* Warped pixels, rows top down. `values` holds n_bands planes of width ×
 * height, floats or bytes as asked; `valid` is 0 where nothing is (nodata,
 * transparent, outside the raster), 255 where the source is opaque. */
typedef struct pm_raster_pixels {
    int width, height, n_bands;
    void *values;
    unsigned char *valid;
} pm_raster_pixels;

pm_status pm_raster_warp(const pm_raster_request *rq, pm_raster_pixels *out, pm_error *err);
void pm_raster_pixels_free(pm_raster_pixels *px);

#endif
