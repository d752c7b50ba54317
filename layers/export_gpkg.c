/* The QGIS `layer_styles` table, the folder walk of a data export and atomic
 * small-file writes. */
#include "export_internal.h"
#include "pm_alloc.h"
#include "pm_strings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>
#include <glib.h>

/* The columns QGIS creates (QgsOgrProvider, GeoPackage): names, types and
 * widths as QGIS writes them, so QGIS reads and updates our rows. */
static const struct {
    const char *name;
    OGRFieldType type;
    int width;
} style_columns[] = {
    {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
    {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
    {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
    {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
    {"description", OFTString, 0},       {"owner", OFTString, 30},
    {"ui", OFTString, 30},               {"update_time", OFTDateTime, 0},
};

static OGRLayerH create_style_table(GDALDatasetH ds)
{
    /* QGIS names the key column "id". */
    char *opts[] = {"FID=id", NULL};
    OGRLayerH t = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, opts);
    for (size_t i = 0; t && i < sizeof style_columns / sizeof style_columns[0]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(style_columns[i].name, style_columns[i].type);
        OGR_Fld_SetWidth(fd, style_columns[i].width);
        if (style_columns[i].type == OFTInteger)
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        if (style_columns[i].type == OFTDateTime)
            OGR_Fld_SetDefault(fd, "CURRENT_TIMESTAMP");
        OGRErr e = OGR_L_CreateField(t, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return NULL;
    }
    return t;
}

static pm_status style_row(OGRLayerH t, const pm_export_layer *el, pm_error *err)
{
    char *qml = pm_export_qml(el), *sld = pm_export_sld(el);
    pm_status st = qml && sld ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", el->name);
    if (st == PM_OK) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(t));
        OGR_F_SetFieldString(f, 0, "");
        OGR_F_SetFieldString(f, 1, "");
        OGR_F_SetFieldString(f, 2, el->name);
        OGR_F_SetFieldString(f, 3, "geom");
        OGR_F_SetFieldString(f, 4, el->name);
        OGR_F_SetFieldString(f, 5, qml);
        OGR_F_SetFieldString(f, 6, sld);
        OGR_F_SetFieldInteger(f, 7, 1);
        OGR_F_SetFieldString(f, 8, "planmap style: theme per kind, layer style, rules");
        OGR_F_SetFieldString(f, 9, "");
        OGR_F_FillUnsetWithDefault(f, FALSE, NULL);
        if (OGR_L_CreateFeature(t, f) != OGRERR_NONE)
            st = pm_error_set(err, PM_ERR_IO, "layer_styles: cannot store the style of %s: %s",
                              el->name, CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
    }
    free(qml);
    free(sld);
    return st;
}

pm_status pm_gpkg_write_styles(void *ds, const pm_export_layer *layers, int n, pm_error *err)
{
    OGRLayerH t = create_style_table(ds);
    if (!t)
        return pm_error_set(err, PM_ERR_IO, "layer_styles: cannot create the table: %s",
                            CPLGetLastErrorMsg());
    if (OGR_L_StartTransaction(t) != OGRERR_NONE)
        return pm_error_set(err, PM_ERR_IO, "layer_styles: cannot write: %s", CPLGetLastErrorMsg());
    pm_status st = PM_OK;
    for (int i = 0; st == PM_OK && i < n; i++)
        st = style_row(t, &layers[i], err);
    if (OGR_L_CommitTransaction(t) != OGRERR_NONE && st == PM_OK)
        st = pm_error_set(err, PM_ERR_IO, "layer_styles: cannot write: %s", CPLGetLastErrorMsg());
    return st;
}

/* ---- folder walk --------------------------------------------------------- */

typedef struct file_list {
    pm_export_files *out;
    char **rels;
    int cap;
    const pm_export_options *opts;
} file_list;


static int is_vector_name(const char *name)
{
    static const char *const exts[] = {".geojson", ".gpkg", ".shp", ".fgb", ".kml", ".gml"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (pm_has_ext(name, exts[i]))
            return 1;
    return 0;
}

static pm_status add_file(file_list *l, const pm_walk_file *f, pm_error *err)
{
    pm_export_files *o = l->out;
    if (o->n == l->cap) {
        int cap = pm_array_next_cap(l->cap, 16);
        if (pm_array_resize(&o->paths, (size_t)cap, sizeof *o->paths) != 0 ||
            pm_array_resize(&l->rels, (size_t)cap, sizeof *l->rels) != 0)
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", f->path);
        l->cap = cap;
    }
    o->paths[o->n] = strdup(f->path);
    l->rels[o->n] = strdup(f->rel);
    o->n++;
    if (!o->paths[o->n - 1] || !l->rels[o->n - 1])
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", f->path);
    return PM_OK;
}

static pm_status on_dir(void *user, const pm_walk_dir *dir, pm_error *err)
{
    pm_status st = PM_OK;
    for (int i = 0; st == PM_OK && i < dir->n_files; i++)
        st = add_file(user, &dir->files[i], err);
    return st;
}

/* A loop or a second way to the same folder or file loses nothing: the
 * files are read once. What cannot be read at all fails the export, as an
 * unreadable file does: the GeoPackage would silently lack it. */
static pm_status on_issue(void *user, pm_walk_issue issue, const char *message, pm_error *err)
{
    const file_list *l = user;
    if (issue == PM_WALK_LOOP || issue == PM_WALK_REPEAT || issue == PM_WALK_EXCLUDED) {
        if (l->opts && l->opts->verbose)
            pm_context_log(l->opts->context, PM_LOG_VERBOSE, "export: %s", message);
        return PM_OK;
    }
    return pm_error_set(err, PM_ERR_IO, "%s", message);
}

/* The names of a file's layers when it has more than one (NULL: one, or
 * it cannot be opened: the export then says why). */
static char **layer_names(const char *path, int *n)
{
    char **names = NULL;
    *n = pm_source_layer_names(path, &names, NULL);
    if (*n > 1)
        return names;
    pm_strv_free(names, *n > 0 ? *n : 0);
    *n = 0;
    return NULL;
}

/* One entry per layer: a file of several (a GeoPackage of areas and lines)
 * gives "<file's table>_<layer>" for each; a file of one keeps its table.
 * Names are then made unique again. -1: out of memory. */
static int grow_entry(pm_export_files *out, int *cap, char *path, char *layer, char *table)
{
    if (out->n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        char **p = realloc(out->paths, (size_t)*cap * sizeof *p);
        if (p)
            out->paths = p;
        char **l = realloc(out->layers, (size_t)*cap * sizeof *l);
        if (l)
            out->layers = l;
        char **t = realloc(out->tables, (size_t)*cap * sizeof *t);
        if (t)
            out->tables = t;
        if (!p || !l || !t)
            return -1;
    }
    out->paths[out->n] = path;
    out->layers[out->n] = layer;
    out->tables[out->n] = table;
    out->n++;
    return path && table ? 0 : -1;
}

static int expand_layers(pm_export_files *f)
{
    pm_export_files out = {0};
    int cap = 0, bad = 0;
    for (int i = 0; i < f->n && !bad; i++) {
        int n;
        char **names = layer_names(f->paths[i], &n);
        for (int k = 0; k < n && !bad; k++) {
            char *joined = g_strdup_printf("%s_%s", f->tables[i], names[k]);
            char *table = joined ? pm_table_name_clean(joined) : NULL;
            g_free(joined);
            bad = grow_entry(&out, &cap, strdup(f->paths[i]), names[k], table) != 0;
            names[k] = NULL;
        }
        pm_strv_free(names, n);
        if (!names && !bad) {
            bad = grow_entry(&out, &cap, f->paths[i], NULL, f->tables[i]) != 0;
            f->paths[i] = f->tables[i] = NULL;
        }
    }
    bad = bad || pm_table_names_unique(out.tables, out.n) != 0;
    pm_export_files_free(f);
    *f = out;
    return bad ? -1 : 0;
}

pm_status pm_export_files_list(const char *dir, const pm_file_id *exclude, int n_exclude,
                               const pm_export_options *opts, pm_export_files *out,
                               pm_error *err)
{
    memset(out, 0, sizeof *out);
    file_list l = {.out = out, .opts = opts};
    pm_walk_options wo = {is_vector_name, exclude, n_exclude, on_dir, on_issue, &l};
    pm_status st = pm_walk(dir, &wo, err);
    char *root = st == PM_OK ? pm_walk_root_name(dir) : NULL;
    if (st == PM_OK && !(root && (out->tables = pm_table_names_for_files(root, l.rels, out->n))))
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", dir);
    free(root);
    pm_strv_free(l.rels, out->n);
    if (st == PM_OK && expand_layers(out) != 0)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", dir);
    if (st != PM_OK)
        pm_export_files_free(out);
    return st;
}

void pm_export_files_free(pm_export_files *f)
{
    pm_strv_free(f->paths, f->n);
    pm_strv_free(f->layers, f->n);
    pm_strv_free(f->tables, f->n);
    memset(f, 0, sizeof *f);
}
