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

/* A batch atlas as a QGIS layout atlas: one of the map's spec layers is the
 * coverage (hidden in the map and the legend), the map item follows each
 * feature with QGIS's automatic scale and `margin` (the fraction of the
 * feature's box added on each side), and the page name and title are QGIS
 * expressions and label texts ([% ... %]) made from planmap's templates.
 * Given `pages` (what planmap batch draws each page with, in coverage
 * order), each page is laid out as planmap lays it out, and the map item's
 * place, size and extent, the scale bar's and the north arrow's places are
 * those of planmap's page, page by page (QGIS data-defined properties). */
typedef struct pm_qgis_atlas {
    int coverage_layer;      /* index in the spec's layers */
    const char *layout;      /* the print layout's name */
    const char *page_name;   /* QGIS expression */
    const char *title;       /* label text of the title; NULL: the spec's */
    const char *subtitle;    /* the same for the subtitle */
    double margin;
    double dpi;              /* the export resolution; 0: the spec's */
    int width_px, height_px; /* > 0: the exported page's size, over dpi */
    const struct pm_map_overrides *pages;   /* NULL: QGIS's own scale and places */
    int n_pages;
} pm_qgis_atlas;

/* pm_qgis_project_write with a print layout per atlas of `atlases` (none
 * when n_atlases is 0: a plain project). */
pm_status pm_qgis_project_write_atlas(const pm_map *map, const char *path,
                                      const pm_export_options *opts,
                                      const pm_qgis_atlas *atlases, int n_atlases, pm_error *err);

#endif
