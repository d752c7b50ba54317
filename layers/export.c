/* pm_export_spec / pm_export_dir: copy layers into one GeoPackage through
 * GDAL (all properties, WGS84), then store each layer's style as its QGIS
 * default in `layer_styles`. The GeoPackage is built under a temporary name
 * beside the target and renamed into place only when complete. */
#include "export_internal.h"
#include "export_text.h"
#include "pm_gdal_open.h"
#include "pm_write.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_string.h>
#include <gdal.h>
#include <json-c/json.h>
#include <ogr_srs_api.h>


/* Features of one source layer, copied with the geometry transformed to
 * WGS84 lon/lat and promoted to the layer's multi type. */
typedef struct copy_job {
    const char *source;     /* file, for messages */
    OGRLayerH src;
    OGRLayerH dst;
    OGRCoordinateTransformationH ct;  /* NULL when already WGS84 */
    OGRwkbGeometryType gtype;
    const int *keep;        /* NULL: all */
    int n_keep;
    pm_export_text text;    /* the source's text converted, or as it is */
} copy_job;

static OGRwkbGeometryType geometry_type(const pm_layer *data, int geom_kind)
{
    if (geom_kind == PM_GEOM_POLYGON)
        return wkbMultiPolygon;
    if (geom_kind == PM_GEOM_LINE)
        return wkbMultiLineString;
    for (int i = 0; i < data->n_features; i++)
        if (data->features[i].kind == PM_GEOM_POINT && data->features[i].n_parts > 1)
            return wkbMultiPoint;
    return wkbPoint;
}

static OGRGeometryH promote(OGRGeometryH g, OGRwkbGeometryType t)
{
    if (t == wkbMultiPolygon)
        return OGR_G_ForceToMultiPolygon(g);
    if (t == wkbMultiLineString)
        return OGR_G_ForceToMultiLineString(g);
    if (t == wkbMultiPoint)
        return OGR_G_ForceToMultiPoint(g);
    return g;
}

static int is_list(OGRFieldType t)
{
    return t == OFTStringList || t == OFTIntegerList || t == OFTInteger64List || t == OFTRealList;
}

/* GeoPackage has no list type: lists (aliases, functions) become JSON
 * arrays in a text column of subtype JSON, which QGIS shows as lists. */
static pm_status copy_fields(copy_job *job, pm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(job->src);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        const char *name = pm_export_text_name(&job->text, fd, i);
        OGRFieldDefnH made = NULL;
        if (is_list(OGR_Fld_GetType(fd))) {
            made = OGR_Fld_Create(name, OFTString);
            OGR_Fld_SetSubType(made, OFSTJSON);
        } else if (job->text.recode) {   /* its width was counted in the source's bytes */
            made = OGR_Fld_Create(name, OGR_Fld_GetType(fd));
            OGR_Fld_SetSubType(made, OGR_Fld_GetSubType(fd));
        }
        OGRErr e = OGR_L_CreateField(job->dst, made ? made : fd, TRUE);
        if (made)
            OGR_Fld_Destroy(made);
        if (e != OGRERR_NONE)
            return pm_error_set(err, PM_ERR_IO, "%s: field %s: cannot create it in the GeoPackage: %s",
                                job->source, name, CPLGetLastErrorMsg());
    }
    pm_export_text_map(&job->text, job->dst);
    return PM_OK;
}

static json_object *list_json(OGRFeatureH in, int i, OGRFieldType t)
{
    json_object *a = json_object_new_array();
    int n = 0;
    if (t == OFTStringList) {
        char **v = OGR_F_GetFieldAsStringList(in, i);
        for (; v && v[n]; n++)
            json_object_array_add(a, json_object_new_string(v[n]));
    } else if (t == OFTIntegerList || t == OFTInteger64List) {
        const GIntBig *v = OGR_F_GetFieldAsInteger64List(in, i, &n);
        for (int k = 0; k < n; k++)
            json_object_array_add(a, json_object_new_int64(v[k]));
    } else {
        const double *v = OGR_F_GetFieldAsDoubleList(in, i, &n);
        for (int k = 0; k < n; k++)
            json_object_array_add(a, json_object_new_double(v[k]));
    }
    return a;
}

static void copy_lists(const copy_job *job, OGRFeatureH in, OGRFeatureH out)
{
    OGRFeatureDefnH defn = OGR_F_GetDefnRef(in);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        int o = pm_export_text_index(&job->text, out, fd, i);
        if (!is_list(OGR_Fld_GetType(fd)) || o < 0 || !OGR_F_IsFieldSetAndNotNull(in, i))
            continue;
        json_object *a = list_json(in, i, OGR_Fld_GetType(fd));
        OGR_F_SetFieldString(out, o, json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN |
                                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(a);
    }
}

static pm_status copy_feature(copy_job *job, OGRFeatureH in, long index, pm_error *err)
{
    OGRFeatureH out = OGR_F_Create(OGR_L_GetLayerDefn(job->dst));
    pm_status st = pm_export_text_copy(&job->text, in, out, index, err);
    copy_lists(job, in, out);
    OGRGeometryH g = OGR_F_StealGeometry(out);
    if (st == PM_OK && g && job->ct && OGR_G_Transform(g, job->ct) != OGRERR_NONE)
        st = pm_error_set(err, PM_ERR_CRS, "%s: feature %ld: cannot transform it to the export's CRS",
                          job->source, index);
    if (g)
        OGR_F_SetGeometryDirectly(out, promote(g, job->gtype));
    OGR_F_SetFID(out, OGRNullFID);
    if (st == PM_OK && OGR_L_CreateFeature(job->dst, out) != OGRERR_NONE)
        st = pm_error_set(err, PM_ERR_IO, "%s: feature %ld: cannot write it: %s", job->source,
                          index, CPLGetLastErrorMsg());
    OGR_F_Destroy(out);
    return st;
}

static pm_status copy_features(copy_job *job, pm_error *err)
{
    pm_status st = copy_fields(job, err);
    if (st != PM_OK)
        return st;
    OGR_L_ResetReading(job->src);
    if (OGR_L_StartTransaction(job->dst) != OGRERR_NONE)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", job->source, CPLGetLastErrorMsg());
    OGRFeatureH f;
    for (long i = 0; st == PM_OK && (f = OGR_L_GetNextFeature(job->src)); i++) {
        /* Features come in the order pm_layer_load read them, so `keep`
         * (from the classification) lines up by index. */
        if (!job->keep || (i < job->n_keep && job->keep[i]))
            st = copy_feature(job, f, i, err);
        OGR_F_Destroy(f);
    }
    if (OGR_L_CommitTransaction(job->dst) != OGRERR_NONE && st == PM_OK)
        st = pm_error_set(err, PM_ERR_IO, "%s: cannot write it: %s", job->source,
                          CPLGetLastErrorMsg());
    return st;
}

static OGRCoordinateTransformationH to_target(OGRSpatialReferenceH srs, OGRSpatialReferenceH target)
{
    if (!srs || OSRIsSame(srs, target))
        return NULL;
    OGRSpatialReferenceH s = OSRClone(srs);
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(s, target);
    OSRDestroySpatialReference(s);
    return ct;
}

/* The CRS a table is written in: `crs`, the source's own ("source": `own`,
 * the layer's; WGS84 for a source without one), or WGS84 (NULL). NULL for
 * a CRS GDAL cannot read. */
static OGRSpatialReferenceH target_srs(OGRSpatialReferenceH own, const char *crs)
{
    int keep = crs && strcmp(crs, "source") == 0;
    OGRSpatialReferenceH t = keep && own ? OSRClone(own) : OSRNewSpatialReference(NULL);
    if (!(keep && own) && (crs && !keep ? OSRSetFromUserInput(t, crs) : OSRImportFromEPSG(t, 4326)) !=
                              OGRERR_NONE) {
        OSRDestroySpatialReference(t);
        return NULL;
    }
    OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
    return t;
}

static OGRLayerH open_source_layer(GDALDatasetH ds, const char *layer)
{
    if (layer)
        return GDALDatasetGetLayerByName(ds, layer);
    return GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
}

/* Where a table comes from. */
typedef struct layer_source {
    const char *path;          /* the file */
    const char *layer;         /* its layer, NULL: the first */
    const pm_layer_spec *spec; /* NULL for a folder export */
    const char *table;         /* the table name (clean and unique) */
    const char *description;   /* for gpkg_contents and the notes: the source */
} layer_source;

/* Copy one source layer into `out` under `el->name`. */
static pm_status copy_layer(GDALDatasetH out, const layer_source *ls, const pm_layer *data,
                            const int *keep, const pm_export_layer *el, const char *crs,
                            pm_error *err)
{
    const char *source = ls->path, *encoding = ls->spec ? ls->spec->encoding : NULL;
    GDALDatasetH in = pm_geo_open_as(source, encoding, NULL);
    OGRLayerH src = in ? open_source_layer(in, ls->layer) : NULL;
    if (!src) {
        if (in)
            GDALClose(in);
        return pm_error_set(err, PM_ERR_IO, "%s: cannot open it as a vector source", source);
    }
    OGRSpatialReferenceH own = NULL;
    if (pm_geo_layer_srs(src, ls->spec ? ls->spec->crs : NULL, &own, err) != PM_OK) {
        GDALClose(in);
        return pm_error_prefix(err, "%s", source);
    }
    OGRSpatialReferenceH target = target_srs(own, crs);
    if (!target) {
        if (own)
            OSRRelease(own);
        GDALClose(in);
        return pm_error_set(err, PM_ERR_CRS, "%s: unknown CRS", crs);
    }
    copy_job job = {source, src, NULL, to_target(own, target), geometry_type(data, el->geom_kind),
                    keep, data->n_features, {0}};
    if (own)
        OSRRelease(own);
    pm_status st = pm_export_text_open(&job.text, in, src, encoding, source, err);
    char **opts = CSLSetNameValue(NULL, "GEOMETRY_NAME", "geom");
    opts = CSLSetNameValue(opts, "SPATIAL_INDEX", "YES");
    opts = CSLSetNameValue(opts, "DESCRIPTION", ls->description);
    job.dst = st == PM_OK ? GDALDatasetCreateLayer(out, el->name, target, job.gtype, opts) : NULL;
    CSLDestroy(opts);
    if (st == PM_OK)
        st = job.dst ? copy_features(&job, err)
                     : pm_error_set(err, PM_ERR_IO, "%s: cannot create layer %s: %s", source,
                                    el->name, CPLGetLastErrorMsg());
    pm_export_text_close(&job.text);
    if (job.ct)
        OCTDestroyCoordinateTransformation(job.ct);
    OSRDestroySpatialReference(target);
    GDALClose(in);
    return st;
}

/* ---- one export --------------------------------------------------------- */

typedef struct pm_export {
    const char *target;
    pm_writer *w;      /* the GeoPackage is written under its temporary */
    GDALDatasetH ds;
    pm_export_layer *layers;
    int n_layers;
    const pm_export_options *opts;
    pm_lang lang;      /* the labels' language */
} pm_export;

static pm_status export_begin(pm_export *ex, const char *target, const pm_export_options *opts,
                              pm_error *err)
{
    memset(ex, 0, sizeof *ex);
    ex->target = target;
    ex->opts = opts;
    ex->lang = opts && opts->lang != PM_LANG_DEFAULT ? opts->lang : PM_LANG_ZH;
    /* GDAL writes the temporary the writer names, renamed over the target
     * at the end: a device (/dev/full) cannot be renamed over, and SQLite
     * cannot write a pipe, so anything but a regular file is refused. */
    ex->w = pm_writer_open(target, PM_WRITE_BY_NAME | PM_WRITE_REGULAR | PM_WRITE_SQLITE, err);
    if (!ex->w)
        return err && err->status ? err->status : PM_ERR_IO;
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    ex->ds = drv ? GDALCreate(drv, pm_writer_temp(ex->w), 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!ex->ds && pm_writer_full(ex->w))
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", target,
                            strerror(pm_writer_full(ex->w)));
    if (!ex->ds) {
        char why[PM_ERROR_MAX];
        pm_writer_unname(ex->w, CPLGetLastErrorMsg(), why, sizeof why);
        return pm_error_set(err, PM_ERR_IO, "%s: cannot create the GeoPackage: %s", target, why);
    }
    return PM_OK;
}

/* A failed export whose GeoPackage hit a full disk or the file-size limit
 * says so (GDAL would give SQLite's "disk I/O error" and its statement). */
static pm_status io_reason(const pm_export *ex, pm_status st, pm_error *err)
{
    int e = st != PM_OK && ex->w ? pm_writer_full(ex->w) : 0;
    return e ? pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", ex->target, strerror(e)) : st;
}

static pm_status export_commit(pm_export *ex, pm_error *err)
{
    pm_status st = pm_gpkg_write_styles(ex->ds, ex->layers, ex->n_layers, err);
    CPLErrorReset();
    GDALClose(ex->ds);   /* SQLite's last writes: a full disk shows here */
    ex->ds = NULL;
    if (st == PM_OK && CPLGetLastErrorType() >= CE_Failure) {
        char why[PM_ERROR_MAX];
        pm_writer_unname(ex->w, CPLGetLastErrorMsg(), why, sizeof why);
        st = pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", ex->target, why);
    }
    st = io_reason(ex, st, err);
    if (st == PM_OK)
        st = pm_writer_commit(ex->w, err);
    else
        pm_writer_abort(ex->w);
    ex->w = NULL;
    return st;
}

static pm_status export_end(pm_export *ex, pm_status st, pm_error *err)
{
    if (ex->ds)
        GDALClose(ex->ds);
    st = io_reason(ex, st, err);
    pm_writer_abort(ex->w);   /* NULL after a commit */
    for (int i = 0; i < ex->n_layers; i++)
        pm_export_layer_free(&ex->layers[i]);
    free(ex->layers);
    return st;
}

static void note(const pm_export *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(const pm_export *ex, const char *fmt, ...)
{
    if (!ex->opts || !ex->opts->verbose)
        return;
    char line[PM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* The log escapes it: table and file names come from the data. */
    pm_context_log(ex->opts->context, PM_LOG_VERBOSE, "export: %s", line);
}

/* Load, classify and copy one layer; keep its classes for the styles. */
static pm_status export_layer(pm_export *ex, const layer_source *ls, pm_error *err)
{
    pm_load_options lo = {.layer_name = ls->layer, .encoding = ls->spec ? ls->spec->encoding : NULL,
                          .crs = ls->spec ? ls->spec->crs : NULL};
    lo.context = ex->opts ? ex->opts->context : NULL;
    pm_layer *data = pm_layer_load(ls->path, &lo, err);
    if (!data)
        return err ? err->status : PM_ERR_IO;
    int *keep = calloc((size_t)data->n_features + 1, sizeof *keep);
    pm_export_layer *grown = realloc(ex->layers, (size_t)(ex->n_layers + 1) * sizeof *grown);
    pm_status st = keep && grown ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ls->path);
    if (grown)
        ex->layers = grown;
    pm_export_layer *el = st == PM_OK ? &ex->layers[ex->n_layers] : NULL;
    if (st == PM_OK && (st = pm_export_classify(data, ls->spec, ls->table, keep, el, err)) == PM_OK) {
        el->lang = ex->lang;
        ex->n_layers++;
    }
    else if (el)
        pm_export_layer_free(el);
    if (st == PM_OK)
        st = copy_layer(ex->ds, ls, data, keep, el, ex->opts ? ex->opts->crs : NULL, err);
    if (st == PM_OK)
        note(ex, "%s: %d features, %d style classes, from %s", ls->table, el->n_features,
             el->n_classes, ls->description);
    free(keep);
    pm_layer_destroy(data);
    return st;
}

/* The spec's layer names as table names (clean, unique without case), and
 * after them "inset" for the locator layer (a name of its own). */
static char **spec_tables(const pm_spec *spec)
{
    int n = spec->n_layers + 1;
    char **names = calloc((size_t)n, sizeof *names);
    int ok = names != NULL;
    for (int l = 0; ok && l < spec->n_layers; l++)
        ok = (names[l] = pm_table_name_clean(spec->layers[l].name)) != NULL;
    if (ok && (names[n - 1] = strdup("inset")) && pm_table_names_unique(names, n) == 0)
        return names;
    pm_strv_free(names, n);
    return NULL;
}

/* The spec's inset source (its `where` applied) as one more table, styled
 * as planmap draws the locator: pale land, grey outlines, no labels. */
static pm_status export_inset(pm_export *ex, const pm_spec *spec, const char *table,
                              pm_error *err)
{
    pm_layer_spec ls = {.name = (char *)table, .source = spec->inset_source,
                        .where = spec->inset_where, .n_where = spec->n_inset_where,
                        .encoding = spec->inset_encoding, .crs = spec->inset_crs};
    layer_source src = {spec->inset_source, NULL, &ls, table, spec->inset_source};
    pm_status st = export_layer(ex, &src, err);
    if (st != PM_OK)
        return st;
    pm_export_layer *el = &ex->layers[ex->n_layers - 1];
    el->spec = NULL;   /* it points at `ls`, gone on return */
    for (int i = 0; i < el->n_classes; i++) {
        pm_style *s = &el->classes[i].style;
        s->fill = (pm_color){0.93, 0.92, 0.89, 1};
        s->stroke = (pm_color){0.55, 0.55, 0.55, 1};
        s->width = 0.5;
        s->n_dash = 0;
        s->opacity = 1;
        s->label = NULL;
    }
    return PM_OK;
}

static pm_status export_spec_layer(pm_export *ex, const pm_spec *spec, int l, const char *table,
                                   pm_error *err)
{
    const pm_layer_spec *ls = &spec->layers[l];
    size_t n = strlen(spec->path) + strlen(ls->name) + strlen(ls->source) + 40;
    char *desc = malloc(n);
    if (!desc)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    snprintf(desc, n, "%s: layers[%d] (%s): %s", spec->path, l, ls->name, ls->source);
    layer_source src = {ls->source, ls->layer, ls, table, desc};
    pm_status st = export_layer(ex, &src, err);
    free(desc);
    return st;
}

/* The spec goes into the GeoPackage's metadata: `planmap render` reads it. A
 * spec whose text cannot be read again (made in memory) is left out. */
static void embed_spec(pm_export *ex, const pm_spec *spec, char *const *tables,
                       const char *gpkg_path)
{
    pm_error ignored = {0};
    char *text = pm_export_embedded_spec(spec, tables, gpkg_path, &ignored);
    if (text)
        GDALSetMetadataItem(ex->ds, PM_GPKG_SPEC_KEY, text, NULL);
    else
        note(ex, "%s: the spec is not stored in the GeoPackage: %s", spec->path,
             ignored.status ? ignored.msg : "it cannot be read again");
    free(text);
}

pm_status pm_export_spec_layers(const pm_spec *spec, const char *gpkg_path,
                                const pm_export_options *opts, const pm_map *map,
                                pm_export_layer **layers, int *n_layers, pm_error *err)
{
    pm_export ex;
    pm_status st = export_begin(&ex, gpkg_path, opts, err);
    if (!(opts && opts->lang != PM_LANG_DEFAULT) && spec->lang != PM_LANG_DEFAULT)
        ex.lang = spec->lang;
    char **tables = st == PM_OK ? spec_tables(spec) : NULL;
    if (st == PM_OK && !tables)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    for (int l = 0; st == PM_OK && l < spec->n_layers; l++) {
        if (spec->layers[l].raster)
            continue;   /* pixels, not features: the source is the export */
        st = export_spec_layer(&ex, spec, l, tables[l], err);
        if (st != PM_OK)
            pm_layer_error_prefix(err, spec, l);
        else if (map && l < map->n_layers && map->layers[l].classes) {
            /* The map's classes, as drawn: a project shows the same. */
            pm_export_layer *el = &ex.layers[ex.n_layers - 1];
            el->map_classes = map->layers[l].classes;
            el->classify = spec->layers[l].classify;
            el->size_by = spec->layers[l].size_by;
        }
    }
    if (st == PM_OK && map && spec->inset_source &&
        (st = export_inset(&ex, spec, tables[spec->n_layers], err)) != PM_OK)
        pm_error_prefix(err, "%s: inset", spec->path);
    if (st == PM_OK)
        embed_spec(&ex, spec, tables, gpkg_path);
    if (st == PM_OK)
        st = export_commit(&ex, err);
    if (st == PM_OK && layers) {
        /* The caller keeps the classes (a QGIS project writes them again). */
        *layers = ex.layers;
        *n_layers = ex.n_layers;
        ex.layers = NULL;
        ex.n_layers = 0;
    }
    st = export_end(&ex, st, err);
    pm_strv_free(tables, spec->n_layers + 1);
    return st;
}

pm_status pm_export_spec(const pm_spec *spec, const char *gpkg_path,
                         const pm_export_options *opts, pm_error *err)
{
    return pm_export_spec_layers(spec, gpkg_path, opts, NULL, NULL, NULL, err);
}

/* ---- folders ------------------------------------------------------------- */

static pm_status write_sidecar(const char *source, const pm_export_layer *el, pm_error *err)
{
    char *qml = pm_export_qml(el);
    size_t n = strlen(source);
    const char *dot = strrchr(source, '.');
    size_t stem = dot && !strchr(dot, '/') ? (size_t)(dot - source) : n;
    char *path = malloc(stem + 8);
    pm_status st = qml && path ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", source);
    if (st == PM_OK) {
        snprintf(path, stem + 8, "%.*s.qml", (int)stem, source);
        st = pm_write_file(path, qml, strlen(qml), NULL, err);
    }
    free(qml);
    free(path);
    return st;
}

/* QGIS reads <file>.qml beside a file of one layer; a GeoPackage keeps its
 * styles inside (layer_styles), and a .qml beside it does nothing. */
static int reads_sidecar(const char *path)
{
    size_t n = strlen(path);
    return !(n > 5 && strcasecmp(path + n - 5, ".gpkg") == 0);
}

static pm_status export_file(pm_export *ex, const char *path, const char *layer,
                             const char *table, pm_error *err)
{
    layer_source src = {path, layer, NULL, table, path};
    pm_status st = export_layer(ex, &src, err);
    if (st != PM_OK || !ex->opts || !ex->opts->sidecars)
        return st;
    if (reads_sidecar(path) && !layer)
        return write_sidecar(path, &ex->layers[ex->n_layers - 1], err);
    note(ex, "%s: no .qml sidecar: QGIS reads a GeoPackage's styles from inside it", path);
    return PM_OK;
}

/* The file being replaced and the temporary being written: a folder export
 * into its own folder must not read them back. */
static int own_files(const pm_export *ex, pm_file_id ids[2])
{
    int n = 0;
    struct stat sb;
    if (stat(ex->target, &sb) == 0)
        ids[n++] = (pm_file_id){sb.st_dev, sb.st_ino};
    const char *tmp = pm_writer_temp(ex->w);
    if (tmp && stat(tmp, &sb) == 0)
        ids[n++] = (pm_file_id){sb.st_dev, sb.st_ino};
    return n;
}

pm_status pm_export_dir(const char *dir, const char *gpkg_path,
                        const pm_export_options *opts, pm_error *err)
{
    pm_export ex;
    pm_export_files files = {0};
    pm_file_id own[2];
    pm_status st = export_begin(&ex, gpkg_path, opts, err);
    if (st == PM_OK)
        st = pm_export_files_list(dir, own, own_files(&ex, own), opts, &files, err);
    if (st == PM_OK && files.n == 0)
        st = pm_error_set(err, PM_ERR_IO, "%s: no vector files found", dir);
    for (int i = 0; st == PM_OK && i < files.n; i++)
        st = export_file(&ex, files.paths[i], files.layers[i], files.tables[i], err);
    if (st == PM_OK)
        st = export_commit(&ex, err);
    st = export_end(&ex, st, err);
    pm_export_files_free(&files);
    return st;
}
