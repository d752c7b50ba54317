/* The QGIS `layer_styles` table, the folder walk of a data export and atomic
 * small-file writes. */
#include "export_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>

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
    char **files, **names;
    int n, cap;
    int nomem;
} file_list;

static int has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), k = strlen(ext);
    return n > k && strcasecmp(name + n - k, ext) == 0;
}

static int is_vector_name(const char *name)
{
    static const char *const exts[] = {".geojson", ".gpkg", ".shp", ".fgb", ".kml", ".gml"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (has_ext(name, exts[i]))
            return 1;
    return 0;
}

static void list_add(file_list *l, const char *path, const char *folder, const char *file)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        char **f = realloc(l->files, (size_t)(cap + 1) * sizeof *f);
        if (f)
            l->files = f;
        char **m = realloc(l->names, (size_t)(cap + 1) * sizeof *m);
        if (m)
            l->names = m;
        if (!f || !m) {
            l->nomem = 1;
            return;
        }
        l->cap = cap;
    }
    const char *dot = strrchr(file, '.');
    char name[512];
    snprintf(name, sizeof name, "%s_%.*s", folder, (int)(dot - file), file);
    /* Same folder and stem twice (areas.geojson, areas.gpkg): number it. */
    for (int i = 0, k = 2; i < l->n; i++)
        if (strcmp(l->names[i], name) == 0) {
            snprintf(name + strlen(name), 16, "_%d", k++);
            i = -1;
        }
    l->files[l->n] = strdup(path);
    l->names[l->n] = strdup(name);
    if (!l->files[l->n] || !l->names[l->n])
        l->nomem = 1;
    l->n++;
}

static int walk(file_list *l, const char *dir, pm_error *err)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0)
    {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read the folder: %s", dir, strerror(errno));
        return -1;
    }
    const char *slash = strrchr(dir, '/');
    while (slash && slash[1] == '\0' && slash > dir) /* "data/plans/" */
        for (slash--; slash > dir && *slash != '/'; slash--)
            ;
    char folder[256];
    snprintf(folder, sizeof folder, "%s", slash && slash[1] ? slash + 1 : dir);
    folder[strcspn(folder, "/")] = '\0';
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *e = ents[i]->d_name;
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, e);
        if (rc == 0 && e[0] != '.' && stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                rc = walk(l, path, err);
            else if (is_vector_name(e))
                list_add(l, path, folder, e);
        }
        free(ents[i]);
    }
    free(ents);
    return rc;
}

int pm_vector_files(const char *dir, char ***files, char ***names, pm_error *err)
{
    file_list l = {0};
    int rc = walk(&l, dir, err);
    if (rc == 0 && l.nomem) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", dir);
        rc = -1;
    }
    if (rc != 0) {
        pm_strv_free(l.files, l.n);
        pm_strv_free(l.names, l.n);
        return -1;
    }
    *files = l.files;
    *names = l.names;
    return l.n;
}
