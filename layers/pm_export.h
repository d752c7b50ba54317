/* pm_export — QGIS-ready export: every layer of a map spec (as drawn) or of a
 * data folder into one GeoPackage (WGS84), with planmap's symbology embedded
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

#include "pm_source.h"
#include "pm_spec.h"

/* A condition tree: the filter of one style class, written both as a QGIS
 * expression (QML) and as an OGC filter (SLD). */
typedef enum pm_filter_op { PM_FILTER_IN, PM_FILTER_AND, PM_FILTER_NOT } pm_filter_op;

typedef struct pm_filter {
    pm_filter_op op;
    /* PM_FILTER_IN: field equals one of values (a NULL value: field is null). */
    const char *field;
    const char *const *values;
    int n_values;
    /* PM_FILTER_AND / PM_FILTER_NOT: children (NOT has one). */
    struct pm_filter *kids;
    int n_kids;
} pm_filter;

typedef struct pm_style_class {
    char *kind;          /* feature kind, NULL = none */
    char *role;          /* zones only: the role value (drives the fill) */
    int rule;            /* first matching rule, -1 = layer style only */
    char *label;         /* legend label */
    pm_style style;      /* fully resolved; strings point into spec/theme */
    int count;           /* exported features of this class */
    pm_filter filter;    /* which features (owned tree) */
} pm_style_class;

/* One layer as exported: its name in the GeoPackage and its classes. */
typedef struct pm_export_layer {
    char *name;
    int geom_kind;               /* PM_GEOM_POINT/LINE/POLYGON */
    int has_kind, has_role;      /* the layer has these fields */
    const pm_layer_spec *spec;   /* NULL for a folder export (theme only) */
    pm_style_class *classes;
    int n_classes;
    int n_features;
} pm_export_layer;

typedef struct pm_export_options {
    int sidecars;        /* folder export: write <file>.qml beside each GeoJSON */
    int verbose;         /* one note per exported layer (table, counts, source)
                            and per file or folder a folder export skipped */
    /* Where notes go (the library never prints); NULL: nowhere. */
    void (*note)(void *user, const char *line);
    void *note_user;
} pm_export_options;

/* Export every layer of the spec, filtered by its `where`, named by the
 * layer name (made a valid table name, unique without regard to case:
 * `zones` and `ZONES` become `zones` and `ZONES_2`). Each table's
 * gpkg_contents description names its spec layer and source file. */
pm_status pm_export_spec(const pm_spec *spec, const char *gpkg_path,
                         const pm_export_options *opts, pm_error *err);
/* Export every vector file under `dir` (recursively, see
 * pm_export_files_list), named "<folder>_<file>" (e.g.
 * 004-chongqing-htz_areas, basemap_provinces), with more folders where two
 * would share a name; each table's gpkg_contents description is its
 * source path. The GeoPackage being written (and the one it replaces, when
 * it lies inside `dir`) is never read. */
pm_status pm_export_dir(const char *dir, const char *gpkg_path,
                        const pm_export_options *opts, pm_error *err);

/* Classes of a loaded layer (lon/lat or projected, any fields kept).
 * `spec` may be NULL (theme only). Features failing the spec's `where` are
 * marked 0 in `keep` (may be NULL). Caller frees with pm_export_layer_free. */
pm_status pm_export_classify(const pm_layer *data, const pm_layer_spec *spec,
                             const char *name, int *keep, pm_export_layer *out,
                             pm_error *err);
void pm_export_layer_free(pm_export_layer *el);

/* The style documents (malloc'd, NUL-terminated), NULL when out of memory. */
char *pm_export_qml(const pm_export_layer *el);
char *pm_export_sld(const pm_export_layer *el);
/* QGIS expression of a filter (malloc'd). */
char *pm_filter_expression(const pm_filter *f);

#endif
