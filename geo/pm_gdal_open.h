/* pm_gdal_open — a vector source opened through GDAL for the code above
 * geo/ that reads it with OGR itself (export copies features as they are),
 * in the character set its layer names (a spec's "encoding"), its
 * coordinates in the CRS the layer names (a spec's "crs").
 */
#ifndef PM_GDAL_OPEN_H
#define PM_GDAL_OPEN_H

#include <gdal.h>
#include <ogr_api.h>

#include "pm_encoding.h"
#include "pm_error.h"

/* Open a vector source read-only (open.c), after the input checks
 * (pm_check_source), its files noted as inputs; its text in `encoding`
 * (NULL: as the source says), handed to a driver that reads it (a
 * Shapefile's ENCODING). IO error naming the file when it cannot be read. */
GDALDatasetH pm_geo_open_as(const char *path, const char *encoding, pm_error *err);

/* In *out, a converter of the strings ds gives to UTF-8 when they are in
 * `encoding` and its driver left them so (encoding.c); NULL when nothing is
 * to convert (no encoding, UTF-8, or the driver converted them itself). */
pm_status pm_geo_recoder(GDALDatasetH ds, const char *encoding, pm_recoder **out, pm_error *err);

/* The CRS of `layer`'s coordinates (open.c): the one `crs` names (a spec
 * layer's "crs", pm_load_options.crs) where given, else the layer's own;
 * *srs NULL for none (WGS84 lon/lat), else a reference the caller releases
 * (OSRRelease). A CRS error naming `crs` when it is unknown or a file. */
pm_status pm_geo_layer_srs(OGRLayerH layer, const char *crs, OGRSpatialReferenceH *srs, pm_error *err);

#endif
