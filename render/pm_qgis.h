/* pm_qgis — a map as a QGIS project (.qgs, or .qgz: the same zipped): its
 * layers in a GeoPackage beside it, in the map's CRS, with planmap's styles
 * and labels, the map's extent and layer order, and a print layout of the
 * page as planmap lays it out (qgis_project.c, qgis_layout.c, zip.c).
 */
#ifndef PM_QGIS_H
#define PM_QGIS_H

#include "pm_export.h"
#include "pm_map.h"

/* The GeoPackage a project at `project` keeps its layers in: the same name
 * with ".gpkg" ("plans/map.qgz" → "plans/map.gpkg"). Malloc'd; NULL when
 * out of memory. */
char *pm_qgis_gpkg_path(const char *project);

/* Write `map` as the project `path` (.qgs or .qgz) and its GeoPackage
 * (pm_qgis_gpkg_path). opts->crs is ignored: the layers keep the map's. */
pm_status pm_qgis_project_write(const pm_map *map, const char *path,
                                const pm_export_options *opts, pm_error *err);

#endif
