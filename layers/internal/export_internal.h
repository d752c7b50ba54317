/* Private to the export modules: the style classes of an exported layer,
 * how styles are spelled in the QML and SLD documents (written with core's
 * pm_sbuf), GeoPackage styles and files. */
#ifndef PM_EXPORT_INTERNAL_H
#define PM_EXPORT_INTERNAL_H

#include <stddef.h>

#include "pm_classes.h"
#include "pm_export.h"
#include "pm_map_data.h"
#include "pm_source.h"
#include "pm_spec_data.h"
#include "pm_strings.h"
#include "pm_walk.h"

/* A condition tree: the filter of one style class, written both as a QGIS
 * expression (QML) and as an OGC filter (SLD). */
typedef enum pm_filter_op {
    PM_FILTER_IN, PM_FILTER_AND, PM_FILTER_NOT, PM_FILTER_OR, PM_FILTER_TEST
} pm_filter_op;

typedef struct pm_filter {
    pm_filter_op op;
    /* PM_FILTER_IN: field equals one of values (a NULL value: field is null). */
    const char *field;
    const char *const *values;
    int n_values;
    /* PM_FILTER_AND / PM_FILTER_OR / PM_FILTER_NOT: children (NOT has one). */
    struct pm_filter *kids;
    int n_kids;
    /* PM_FILTER_TEST: a numeric or LIKE condition of the spec, not negated
     * (a negation is a NOT around it); points into the spec. */
    const pm_condition *test;
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
    pm_lang lang;                /* the language labels show */
    /* A QGIS project's layer: the map's `classify` classes and `size_by`
     * sizes (pm_classes.h), or NULL. */
    const pm_map_classes *map_classes;
    const pm_classify *classify;
    const pm_size_by *size_by;
    pm_style_class *classes;
    int n_classes;
    int n_features;
} pm_export_layer;

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
/* QML <prop> elements: text, a number, a colour. */
void pm_qml_prop(pm_sbuf *b, const char *k, const char *v);
void pm_qml_prop_num(pm_sbuf *b, const char *k, double v);
void pm_qml_prop_color(pm_sbuf *b, const char *k, pm_color c);
/* A SimpleLine symbol layer of the style's stroke, width and dashes. */
void pm_qml_line_layer(pm_sbuf *b, const pm_style *s);
/* The symbol layers QGIS has for planmap's extras (qml_symbols.c): a
 * polygon's hatching and dots (line and point pattern fills), a line's
 * casing (a wider line under it) and arrow heads (markers at its ends), and
 * a marker's size from `size_by` (a data-defined size). */
void pm_qml_patterns(pm_sbuf *b, const pm_style *s);
void pm_qml_casing(pm_sbuf *b, const pm_style *s);
void pm_qml_arrows(pm_sbuf *b, const pm_style *s);
void pm_qml_size_by(pm_sbuf *b, const pm_export_layer *el, const pm_style *s);
/* ` filter="…"` of an expression (taken and freed; NULL: out of memory). */
void pm_qml_filter_attr(pm_sbuf *b, char *expr);
/* ` filter="…"`: the features of `classify` class k (el->map_classes). */
void pm_qml_class_filter(pm_sbuf *b, const pm_export_layer *el, int k);

/* The style elements of a QML document or a project's <maplayer> (renderer,
 * labelling, blending, geometry type), and whether the layer has labels. */
void pm_qml_style(pm_sbuf *b, const pm_export_layer *el);
int pm_qml_has_labels(const pm_export_layer *el);
/* QGIS expression of a filter (malloc'd). */
char *pm_filter_expression(const pm_filter *f);

/* How a filter language writes the parts of a filter tree. */
typedef struct pm_filter_syntax {
    void (*in)(pm_sbuf *b, const pm_filter *f);   /* a PM_FILTER_IN */
    void (*test)(pm_sbuf *b, const pm_filter *f); /* a PM_FILTER_TEST */
    const char *not_open, *not_close;   /* around the child of a NOT */
    const char *all;                    /* an AND of no children */
    /* Around the children of an AND of two or more, between them, and
     * around a child that is itself such an AND. */
    const char *and_open, *and_between, *and_close, *nested_open, *nested_close;
    const char *or_open, *or_between, *or_close;   /* around an OR, always */
} pm_filter_syntax;
/* The one walk of a filter tree: QGIS expressions and OGC filters (SLD). */
void pm_filter_write(pm_sbuf *b, const pm_filter *f, const pm_filter_syntax *syntax);

/* `s` in quotes `q`, a quote inside doubled (QGIS expressions). */
void pm_sbuf_quoted(pm_sbuf *b, const char *s, char q);
/* A number in filters, round-tripping, with a "." whatever the locale. */
void pm_sbuf_number(pm_sbuf *b, double v);
/* "r,g,b,a" with 0..255 channels, as QGIS writes colours. */
void pm_sbuf_qcolor(pm_sbuf *b, pm_color c);
/* "#rrggbb" for SLD. */
void pm_sbuf_hex(pm_sbuf *b, pm_color c);

/* QGIS SimpleMarker / SLD WellKnownName of a marker shape. */
const char *pm_marker_qgis_name(pm_marker_shape shape);
const char *pm_marker_sld_name(pm_marker_shape shape);

/* Font family without a trailing " Bold"; *bold set when it had one. */
void pm_font_family(const char *font, char *family, size_t size, int *bold);

/* pm_export_spec, handing back the exported layers and their classes
 * (`*layers` freed by the caller with pm_export_layer_free and free). With
 * `map` (the spec resolved; a QGIS project), each layer keeps the map's
 * `classify` and `size_by` classes, and the spec's inset source is the last
 * table. */
pm_status pm_export_spec_layers(const pm_spec *spec, const char *gpkg_path,
                                const pm_export_options *opts, const pm_map *map,
                                pm_export_layer **layers, int *n_layers, pm_error *err);

/* The spec the GeoPackage carries (export_meta.c): the spec's own text with
 * each vector layer reading its table (tables[l]) of the GeoPackage at
 * `gpkg_path`, other files by absolute path. Malloc'd; NULL when the spec's
 * text cannot be had again (err may be set; the export goes on without). */
char *pm_export_embedded_spec(const pm_spec *spec, char *const *tables, const char *gpkg_path,
                              pm_error *err);

/* ---- GeoPackage and files (export_gpkg.c) ---- */

/* Create the QGIS `layer_styles` table in `ds` (a GDALDatasetH) and store each
 * layer's QML and SLD as its default style. */
pm_status pm_gpkg_write_styles(void *ds, const pm_export_layer *layers, int n, pm_error *err);

/* The vector files under `dir` (pm_walk: sorted, hidden files skipped,
 * links followed once) and their table names. Files in `exclude` (the
 * GeoPackage being written) are skipped; a folder loop or a folder or file
 * reached twice is skipped with a note (opts->note, when verbose); anything
 * else the walk cannot read (a FIFO, socket or device with a vector name, an
 * unreadable folder, a dangling link, folders nested too deep) fails. */
typedef struct pm_export_files {
    char **paths;        /* as walked: dir/sub/areas.geojson */
    char **layers;       /* the layer, NULL: the file's only one */
    char **tables;       /* pm_table_names_for_files; for a file of several
                            layers one table each, "<file's table>_<layer>" */
    int n;
} pm_export_files;

pm_status pm_export_files_list(const char *dir, const pm_file_id *exclude, int n_exclude,
                               const pm_export_options *opts, pm_export_files *out,
                               pm_error *err);
void pm_export_files_free(pm_export_files *f);

/* ---- table names (export_names.c) ---- */

#define PM_TABLE_NAME_MAX 120

/* `name` as a table name GeoPackage, SQLite and GDAL accept (reserved
 * prefixes, control characters, quotes, bytes that are not UTF-8, length).
 * Malloc'd; NULL when out of memory. */
char *pm_table_name_clean(const char *name);
/* Make clean names unique without regard to ASCII case, as SQLite compares
 * them: a later name already taken becomes "<name>_2", "_3", ... (each
 * names[i] is malloc'd and may be replaced). 0, or -1 when out of memory. */
int pm_table_names_unique(char **names, int n);
/* Table names for the files of a folder export, given their paths relative
 * to the folder named `root`: "<parent folder>_<stem>"; where files of
 * different folders would share a name, more of their folders are added
 * ("city001_2020_areas"); what is still shared (areas.geojson and
 * areas.gpkg, Areas and areas) is numbered. Malloc'd; NULL: out of memory. */
char **pm_table_names_for_files(const char *root, char *const *rel, int n);

#endif
