/* pm_geotiff — a drawn page written as a GeoTIFF through GDAL. The renderer
 * hands over its pixels and the georeferencing numbers; GDAL reads the
 * pixels where they lie (no copy, no file in between) and writes the TIFF
 * through the atomic writer (pm_write.h), so a failed write leaves nothing
 * behind and an existing file stays as it was. */
#ifndef PM_GEOTIFF_H
#define PM_GEOTIFF_H

#include "pm_error.h"

/* `pixels`: `height` rows of `stride` bytes, each pixel a native-endian
 * 32-bit word 0xXXRRGGBB (Cairo's RGB24; the top byte is ignored).
 * `gt`: the GDAL geotransform of the top-left pixel corner; `wkt`: the CRS.
 * Written as 3-band RGB, deflate-compressed, to `path` (a regular file or
 * a new name; a device is refused). Errors name `path`, never a temporary:
 * PM_ERR_IO for the file, PM_ERR_CRS when GDAL refuses the CRS. */
pm_status pm_geotiff_write(const char *path, const unsigned char *pixels, int width, int height,
                           int stride, const double gt[6], const char *wkt, pm_error *err);

#endif
