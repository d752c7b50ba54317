/* The layers of a QGIS project export: the GeoPackage (pm_export_spec_layers,
 * in the map's CRS) and a <maplayer> element per table, carrying the same
 * QML style the GeoPackage stores as its default (qml.c). */
#include "export_internal.h"
#include "pm_export_qgis.h"
#include "pm_alloc.h"
#include "pm_values.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

/* QGIS reads the WKT of a <spatialrefsys> first (an authority code alone it
 * does not read); the PROJ string and code are for a reader's eyes. */
void pm_qgis_srs(pm_sbuf *b, const char *definition)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char *wkt = NULL, *proj = NULL;
    const char *wkt_opts[] = {"FORMAT=WKT2_2019", NULL};
    if (OSRSetFromUserInput(srs, definition) == OGRERR_NONE) {
        if (OSRExportToWktEx(srs, &wkt, wkt_opts) != OGRERR_NONE) {
            CPLFree(wkt);
            wkt = NULL;
        }
        if (OSRExportToProj4(srs, &proj) != OGRERR_NONE) {
            CPLFree(proj);
            proj = NULL;
        }
    }
    pm_sbuf_add(b, "<spatialrefsys><wkt>");
    pm_sbuf_xml(b, wkt ? wkt : definition);
    pm_sbuf_add(b, "</wkt>");
    if (proj) {
        pm_sbuf_add(b, "<proj4>");
        pm_sbuf_xml(b, proj);
        pm_sbuf_add(b, "</proj4>");
    }
    if (strncmp(definition, "EPSG:", 5) == 0 || strncmp(definition, "ESRI:", 5) == 0) {
        pm_sbuf_add(b, "<authid>");
        pm_sbuf_xml(b, definition);
        pm_sbuf_add(b, "</authid>");
    }
    pm_sbuf_add(b, "</spatialrefsys>");
    CPLFree(wkt);
    CPLFree(proj);
    OSRDestroySpatialReference(srs);
}

void pm_qgis_maplayer_open(pm_sbuf *b, const char *attrs, const char *id, const char *datasource,
                           const char *layername, const char *name, const char *crs)
{
    pm_sbuf_addf(b, "  <maplayer %s styleCategories=\"AllStyleCategories\" "
                    "hasScaleBasedVisibilityFlag=\"0\">\n    <id>", attrs);
    pm_sbuf_xml(b, id);
    pm_sbuf_add(b, "</id>\n    <datasource>");
    pm_sbuf_xml(b, datasource);
    if (layername) {   /* a table of a GeoPackage */
        pm_sbuf_add(b, "|layername=");
        pm_sbuf_xml(b, layername);
    }
    pm_sbuf_add(b, "</datasource>\n    <layername>");
    pm_sbuf_xml(b, name);
    pm_sbuf_add(b, "</layername>\n    <srs>");
    pm_qgis_srs(b, crs);
    pm_sbuf_add(b, "</srs>\n");
}

static const char *geometry_name(int geom_kind)
{
    return geom_kind == PM_GEOM_POLYGON ? "Polygon" : geom_kind == PM_GEOM_LINE ? "Line" : "Point";
}

static char *maplayer_xml(const pm_export_layer *el, const char *id, const char *gpkg_ref,
                          const char *crs)
{
    pm_sbuf b = {0};
    char attrs[160];
    snprintf(attrs, sizeof attrs, "type=\"vector\" geometry=\"%s\" labelsEnabled=\"%d\" readOnly=\"0\"",
             geometry_name(el->geom_kind), pm_qml_has_labels(el));
    pm_qgis_maplayer_open(&b, attrs, id, gpkg_ref, el->name, el->name, crs);
    pm_sbuf_add(&b, "    <provider encoding=\"UTF-8\">ogr</provider>\n");
    pm_qml_style(&b, el);
    pm_sbuf_add(&b, "  </maplayer>\n");
    return pm_sbuf_take(&b);
}

/* What planmap's legend calls the layer: the legend text of its one class
 * (in the map's language), else its name; NULL for "legend": false. */
static char *legend_title(const pm_spec *spec, int l, const pm_export_layer *el)
{
    if (l < 0 || !spec->layers[l].legend)
        return NULL;
    const pm_layer_spec *ls = &spec->layers[l];
    const pm_rule *r = el->n_classes == 1 && el->classes[0].rule >= 0
                           ? &ls->rules[el->classes[0].rule] : NULL;
    char buf[1024];
    const char *t = r && r->legend ? pm_lang_pick(el->lang, r->legend, r->legend_en, buf, sizeof buf)
                                   : ls->name;
    return strdup(t);
}

/* The classes a layout's legend lists, as planmap's legend does: a rule with
 * no legend text gives no entry, and a text already listed is not listed
 * again. NULL: all (also for classify classes, nested rules QGIS numbers
 * otherwise); "" : none. */
static char *legend_nodes(const pm_export_layer *el)
{
    const pm_map_classes *mc = el->map_classes;
    if (mc && (el->classify || mc->n_refs > 0)) {
        /* QGIS lists each rule, then its nested classes and ELSE: planmap
         * lists the classes once (the first rule's), or the sizes as one
         * entry (the first rule's, its text the sizes'). */
        pm_sbuf b = {0};
        for (int k = 0; el->classify && k < mc->n; k++)
            pm_sbuf_addf(&b, "%s%d", k ? "," : "", 1 + k);
        if (!el->classify)
            pm_sbuf_add(&b, "0");
        return b.len ? pm_sbuf_take(&b) : (free(pm_sbuf_take(&b)), strdup(""));
    }
    if (!el->spec || el->classify || el->n_classes < 2)
        return NULL;
    pm_sbuf b = {0};
    int left_out = 0;
    for (int i = 0; i < el->n_classes; i++) {
        const pm_style_class *c = &el->classes[i];
        int listed = c->rule < 0 || el->spec->rules[c->rule].legend;
        for (int j = 0; listed && j < i; j++)
            listed = !c->label || !el->classes[j].label || strcmp(c->label, el->classes[j].label);
        if (listed)
            pm_sbuf_addf(&b, "%s%d", b.len ? "," : "", i);
        left_out |= !listed;
    }
    if (!left_out) {
        free(pm_sbuf_take(&b));
        return NULL;
    }
    return b.len ? pm_sbuf_take(&b) : (free(pm_sbuf_take(&b)), strdup(""));
}

/* The text of a size_by layer's one entry: its sizes' values, one a line,
 * as planmap's legend has them; NULL for other layers. */
static char *legend_sizes(const pm_export_layer *el)
{
    const pm_map_classes *mc = el->map_classes;
    if (!mc || el->classify || mc->n_refs == 0 || !mc->refs_legend)
        return NULL;
    char buf[1024];
    return strdup(pm_lang_pick(el->lang, mc->refs_legend, mc->refs_legend_en, buf, sizeof buf));
}

static pm_status describe_table(const pm_spec *spec, const pm_export_layer *el, int l,
                                const char *gpkg_ref, const char *crs, pm_qgis_layers *out,
                                pm_error *err)
{
    pm_qgis_layer *q = &out->v[out->n++];
    char id[64];
    snprintf(id, sizeof id, "planmap_layer_%d", out->n);
    q->id = strdup(id);
    q->name = strdup(el->name);
    q->spec_layer = l;
    q->xml = maplayer_xml(el, id, gpkg_ref, crs);
    q->badges = l >= 0 && spec->layers[l].projects && el->geom_kind == PM_GEOM_POINT;
    q->legend = q->badges ? NULL : legend_title(spec, l, el);
    q->legend_classes = el->n_classes > 1 ||
                        (el->map_classes && (el->classify || el->map_classes->n_refs > 0));
    q->legend_nodes = legend_nodes(el);
    q->legend_label = legend_sizes(el);
    if (!q->id || !q->name || !q->xml)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    return PM_OK;
}

/* The project's layers in the spec's order: each vector layer's table, each
 * raster layer's file, then the inset's table. */
static pm_status describe(const pm_spec *spec, const pm_export_layer *els, int n,
                          const char *gpkg_path, const char *gpkg_ref, const char *crs,
                          pm_qgis_layers *out, pm_error *err)
{
    int rasters = 0;
    for (int l = 0; l < spec->n_layers; l++)
        rasters += pm_qgis_raster_parts(&spec->layers[l]);
    char *dir = strdup(gpkg_path);
    out->v = calloc((size_t)(n + rasters) + 1, sizeof *out->v);
    if (!out->v || !dir) {
        free(dir);
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    }
    pm_status st = PM_OK;
    const char *project_dir = dirname(dir);   /* the GeoPackage is beside the project */
    int table = 0;
    for (int l = 0; st == PM_OK && l < spec->n_layers; l++)
        st = spec->layers[l].raster ? pm_qgis_raster_layers(spec, l, project_dir, crs, out, err)
             : table < n ? describe_table(spec, &els[table++], l, gpkg_ref, crs, out, err) : PM_OK;
    while (st == PM_OK && table < n)   /* the inset */
        st = describe_table(spec, &els[table++], -1, gpkg_ref, crs, out, err);
    free(dir);
    return st;
}

pm_status pm_qgis_layers_export(const pm_map *map, const char *gpkg_path, const char *gpkg_ref,
                                const pm_export_options *opts, pm_qgis_layers *out,
                                pm_error *err)
{
    const pm_spec *spec = map->spec;
    memset(out, 0, sizeof *out);
    pm_export_layer *els = NULL;
    int n = 0;
    pm_status st = pm_export_spec_layers(spec, gpkg_path, opts, map, &els, &n, err);
    if (st == PM_OK)
        st = describe(spec, els, n, gpkg_path, gpkg_ref, opts->crs, out, err);
    for (int i = 0; i < n; i++)
        pm_export_layer_free(&els[i]);
    free(els);
    if (st != PM_OK)
        pm_qgis_layers_free(out);
    return st;
}

void pm_qgis_layers_free(pm_qgis_layers *layers)
{
    for (int i = 0; layers->v && i < layers->n; i++) {
        pm_qgis_layer *l = &layers->v[i];
        PM_FREE_ALL(l->id, l->name, l->xml, l->legend, l->legend_nodes, l->legend_label);
    }
    free(layers->v);
    memset(layers, 0, sizeof *layers);
}
