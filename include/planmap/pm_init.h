/* pm_init — set up the data libraries once per process, before any thread
 * starts and before the first spec is opened. */
#ifndef PM_INIT_H
#define PM_INIT_H

#include "pm_api.h"
#include "pm_context.h"

/* GDAL/OGR is registered once, process wide, before any thread starts:
 * every driver, so callers may use GDAL directly afterwards. */
PM_API void pm_geo_init(void);
/* For processes that only load through planmap (render, batch): the
 * common vector drivers (Shapefile, CSV, GeoJSON and its kin, GeoPackage,
 * FlatGeobuf) now, all the others the first time a source needs them.
 * Saves 7 MB of resident memory a process. */
PM_API void pm_geo_init_lean(void);

/* The process-wide settings GDAL, PROJ and SQLite keep, from `ctx` (NULL:
 * the defaults): network access for sources, CRS links and PROJ grids (on
 * only when asked before the first source is opened: GDAL's network
 * handlers are then replaced by refusals for good), SQLite's soft heap
 * limit, and GDAL's error handler of last resort made quiet (planmap's
 * messages carry GDAL's reasons). The library never sets these by itself;
 * a program calls this once at start, before any thread, and again if its
 * network policy changes before the first source. Returns 0, or -1 when
 * network access was asked for too late. */
PM_API int pm_geo_apply_context(const pm_context *ctx);

#endif
