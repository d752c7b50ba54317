/* pm_export_qgis — a spec's layers as a QGIS project holds them (the project
 * itself, with its print layout, is written by render/qgis_project.c): the
 * GeoPackage beside the project, in the map's CRS, and one <maplayer>
 * element per table with its planmap style (renderer and labels, as in the
 * GeoPackage's own layer_styles).
 */
#ifndef PM_EXPORT_QGIS_H
#define PM_EXPORT_QGIS_H

#include "pm_export.h"
#include "pm_map.h"
#include "pm_spec_data.h"
#include "pm_strings.h"

typedef struct pm_qgis_layer {
    char *id;        /* the layer's id in the project */
    char *name;      /* its table and its name in the layer tree */
    int spec_layer;  /* its index in the spec's layers; -1: the inset */
    int raster;      /* 1: a raster file (provider gdal), else a table (ogr) */
    int badges;      /* 1: points planmap draws as numbered project badges
                        (the layout's badges show them, not the layer) */
    int coverage;    /* 1: an atlas's coverage (set by the project writer) */
    char *xml;       /* the <maplayer> element */
    char *legend;    /* its title in the layout's legend (a single class's
                        legend text, else the name); NULL: not in the legend */
    int legend_classes;  /* the legend lists its classes under no title, as
                            planmap's does (more than one class, classify
                            classes or size_by sizes) */
    char *legend_nodes;  /* the classes it lists ("0,2,3"), when planmap's
                            legend leaves some out; NULL: all of them */
    char *legend_label;  /* the text of its first listed class (a size_by
                            layer's sizes); NULL: the class's own */
} pm_qgis_layer;

typedef struct pm_qgis_layers {
    pm_qgis_layer *v;   /* in the spec's order (drawn first, first), a raster
                           layer as one or two (a ramp, then its shade), then
                           the spec's inset locator when it has one */
    int n;
} pm_qgis_layers;

/* Export the map's vector layers to `gpkg_path` in `opts->crs` (which must
 * be set), with the map's `classify` and `size_by` classes, and describe
 * each as a project layer whose data source is `gpkg_ref` (the GeoPackage
 * as the project names it, relative to it). */
pm_status pm_qgis_layers_export(const pm_map *map, const char *gpkg_path, const char *gpkg_ref,
                                const pm_export_options *opts, pm_qgis_layers *out,
                                pm_error *err);
void pm_qgis_layers_free(pm_qgis_layers *layers);

/* How many project layers the spec layer `ls` makes as a raster (0 for a
 * vector layer; 2 for a ramp with hillshade). */
int pm_qgis_raster_parts(const pm_layer_spec *ls);
/* Append raster layer `l` of `spec` to `out` (room for its parts): its file
 * named relative to `project_dir`, drawn as planmap draws it on a map in
 * `map_crs` (export_qgis_raster.c). */
pm_status pm_qgis_raster_layers(const pm_spec *spec, int l, const char *project_dir,
                                const char *map_crs, pm_qgis_layers *out, pm_error *err);

/* The <spatialrefsys> element QGIS reads for a CRS `definition` (an
 * authority code, a PROJ string or WKT). */
void pm_qgis_srs(pm_sbuf *b, const char *definition);

/* The head every <maplayer> has: `attrs` (its type and flags), then its id,
 * datasource, name and CRS; the caller goes on with the provider. */
void pm_qgis_maplayer_open(pm_sbuf *b, const char *attrs, const char *id, const char *datasource,
                           const char *layername, const char *name, const char *crs);

#endif
