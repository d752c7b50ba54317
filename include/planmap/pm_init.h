/* pm_init — set up the data libraries once per process, before any thread
 * starts and before the first spec is opened. */
#ifndef PM_INIT_H
#define PM_INIT_H

#include "pm_api.h"

/* GDAL/OGR is registered once, process wide, before any thread starts:
 * every driver, so callers may use GDAL directly afterwards. */
PM_API void pm_geo_init(void);
/* For processes that only load through planmap (render, batch): the
 * common vector drivers (Shapefile, CSV, GeoJSON and its kin, GeoPackage,
 * FlatGeobuf) now, all the others the first time a source needs them.
 * Saves 7 MB of resident memory a process. */
PM_API void pm_geo_init_lean(void);

#endif
