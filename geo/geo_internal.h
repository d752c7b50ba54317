/* Private helpers shared by the geo/ sources (not installed, not for callers). */
#ifndef PM_GEO_INTERNAL_H
#define PM_GEO_INTERNAL_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "pm_source.h"

/* malloc'd copy of s, NULL when out of memory. */
char *pm_geo_strdup(const char *s);

/* Open a vector source read-only. IO error for a missing/unreadable file,
 * DATA error when GDAL cannot read it as vectors; messages start with path. */
GDALDatasetH pm_geo_open(const char *path, pm_error *err);

/* The layer called `name`, or the first when name is NULL. An unknown name
 * gives an error listing the layers the source has. */
OGRLayerH pm_geo_pick_layer(GDALDatasetH ds, const char *path, const char *name, pm_error *err);

/* GDAL's last error message, or `fallback` if GDAL said nothing. */
const char *pm_geo_gdal_reason(const char *fallback);

/* A new WGS84 SRS in lon/lat order; release with OSRRelease. */
OGRSpatialReferenceH pm_geo_wgs84(void);

/* Transformation from `srs` (not owned; NULL = WGS84) to WGS84 lon/lat.
 * *ct is NULL when no transformation is needed. */
pm_status pm_geo_to_wgs84(OGRSpatialReferenceH srs, OGRCoordinateTransformationH *ct, pm_error *err);

/* Fill f's kind, parts, vertices, bbox and anchor from `geom` (may be NULL),
 * transformed with `ct` (may be NULL). On failure err holds the reason only
 * (the caller prefixes file and feature) and f owns whatever was allocated. */
pm_status pm_geo_read_geometry(OGRGeometryH geom, OGRCoordinateTransformationH ct,
                               pm_feature *f, pm_error *err);

#endif
