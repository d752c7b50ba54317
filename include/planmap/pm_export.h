/* pm_export — QGIS-ready export: every layer of a map spec (as drawn) or of a
 * data folder into one GeoPackage (pm_export_options.crs), with planmap's symbology embedded
 * as the default style of each layer (QGIS `layer_styles` table, QML + SLD),
 * and optional `.qml` sidecars next to GeoJSON files.
 *
 * The symbology is expressed as one class per distinct style planmap draws:
 * (feature kind, zone role, first matching rule). Each class becomes a QGIS
 * rule with a filter expression on the layer's own attributes, so the same
 * QML works on the GeoPackage table and on the original GeoJSON.
 */
#ifndef PM_EXPORT_H
#define PM_EXPORT_H

#include "pm_api.h"
#include "pm_context.h"
#include "pm_error.h"
#include "pm_spec.h"

typedef struct pm_export_options {
    int sidecars;        /* folder export: write <file>.qml beside each GeoJSON */
    int verbose;         /* one note per exported layer (table, counts, source)
                            and per file or folder a folder export skipped,
                            "export: ..." to the context's log (PM_LOG_VERBOSE) */
    const pm_context *context;  /* threads to load with and the log notes go
                                   to (NULL: the defaults, no notes) */
    const char *crs;     /* the CRS the tables are written in: an authority
                            code, PROJ string or WKT; "source": each
                            source's own (NULL: WGS84) */
    pm_lang lang;        /* the language labels show (PM_LANG_DEFAULT: the
                            spec's; Chinese for a folder) */
} pm_export_options;

/* Export every layer of the spec, filtered by its `where`, named by the
 * layer name (made a valid table name, unique without regard to case:
 * `zones` and `ZONES` become `zones` and `ZONES_2`). Each table's
 * gpkg_contents description names its spec layer and source file. */
PM_API pm_status pm_export_spec(const pm_spec *spec, const char *gpkg_path,
                                const pm_export_options *opts, pm_error *err);
/* Export every layer of every vector file under `dir` (recursively, see
 * pm_export_files_list), named "<folder>_<file>" ("<folder>_<file>_<layer>"
 * for a file of several layers) (e.g.
 * 004-chongqing-htz_areas, basemap_provinces), with more folders where two
 * would share a name; each table's gpkg_contents description is its
 * source path. The GeoPackage being written (and the one it replaces, when
 * it lies inside `dir`) is never read. */
PM_API pm_status pm_export_dir(const char *dir, const char *gpkg_path,
                               const pm_export_options *opts, pm_error *err);

#endif
