/* pm_source — load one span of a layer of a vector source (see open.c) as
 * flat WGS84 lon/lat features with the properties asked for; load.c reads a
 * whole layer in spans on several threads. */
#include "pm_source.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "load_internal.h"
#include "pm_alloc.h"
#include "pm_encoding.h"

/* ---- loading ---------------------------------------------------------- */

typedef struct loader {
    const char *path;
    GDALDatasetH ds;
    pm_gdal_failure *gdal;  /* failures GDAL (or GEOS through it) reported so far */
    OGRLayerH layer;
    pm_geo_reader geom;  /* transformation to WGS84, storage, scratch */
    int *ogr_index;      /* per kept field: OGR field index, -1 if absent */
    unsigned char *form;     /* per kept field: how its text is made (value_form) */
    int *label_index;    /* OGR indices of the label fields present */
    int n_label;
    int cheap_anchors;   /* pm_load_lean.cheap_anchors */
    pm_layer *out;
    int capacity;
    long long first;     /* index of the first feature read (a range's start) */
    long long limit;     /* features to read; -1: to the end */
    int resume;          /* go on from where the layer's reading stands */
    int filtered;        /* a spatial filter is set: features are named by FID */
    int lonlat;          /* the caller knows the layer is in WGS84 lon/lat */
    pm_recoder *recode;  /* the source's text to UTF-8, or NULL (pm_geo_recoder) */
    const char *encoding;
    const char *crs;     /* pm_load_options.crs */
    int check_box;       /* only features whose box meets `box` (a GeoPackage's R-tree filter) */
    double box[4];
    char **names;        /* with `recode`: each OGR field's name in UTF-8 */
    int n_names;
} loader;

/* Field i's name as a spec names it: in UTF-8. */
static const char *field_name(const loader *ld, OGRFeatureDefnH defn, int i)
{
    return ld->names ? ld->names[i] : OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
}

/* The OGR index of the field a spec calls `name`, or -1. */
static int field_index(const loader *ld, OGRFeatureDefnH defn, const char *name)
{
    if (!ld->names)
        return OGR_FD_GetFieldIndex(defn, name);
    for (int i = 0; i < ld->n_names; i++)
        if (ld->names[i] && strcmp(ld->names[i], name) == 0)
            return i;
    return -1;
}

/* Text in another encoding is mostly a Shapefile whose .cpg is missing. */
#define ENCODING_HINT " (a Shapefile names its encoding in a .cpg file beside it, e.g. GBK; " \
                      "or say it in the layer: \"encoding\": \"GBK\")"

/* The field names in UTF-8, when the source's text is converted here. A
 * name that is not text in the source's encoding stays unconverted, and
 * note_schema refuses it. */
static pm_status recode_names(loader *ld, pm_error *err)
{
    if (!ld->recode)
        return PM_OK;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ld->layer);
    int n = OGR_FD_GetFieldCount(defn);
    if (!(ld->names = calloc((size_t)n + 1, sizeof *ld->names)))
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    ld->n_names = n;
    for (int i = 0; i < n; i++) {
        ld->names[i] = pm_geo_field_name(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), ld->recode);
        if (!ld->names[i])
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    }
    return PM_OK;
}

static int already_kept(const pm_layer *l, const char *name)
{
    for (int i = 0; i < l->n_fields; i++)
        if (strcmp(l->fields[i], name) == 0)
            return 1;
    return 0;
}

/* How a field's value becomes text: OGR's text, a list joined by ", ", or an
 * integer written here — the same digits OGR would give ("%d"), without its
 * printf and its copy per call (ids in every feature of a large layer). */
enum { FORM_OGR, FORM_LIST, FORM_INTEGER };

static unsigned char value_form(OGRFieldDefnH fd)
{
    OGRFieldType type = OGR_Fld_GetType(fd);
    if (type == OFTStringList || type == OFTIntegerList || type == OFTInteger64List || type == OFTRealList)
        return FORM_LIST;
    if ((type == OFTInteger || type == OFTInteger64) && OGR_Fld_GetSubType(fd) == OFSTNone)
        return FORM_INTEGER;
    return FORM_OGR;
}

/* Kept fields: all of the layer's, or those asked for (duplicates dropped;
 * a field the layer lacks is kept with NULL values unless `drop_absent`). */
static pm_status choose_fields(loader *ld, const pm_load_options *opts, int drop_absent, pm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ld->layer);
    int all = !opts || !opts->fields;
    int n = all ? OGR_FD_GetFieldCount(defn) : (opts->n_fields > 0 ? opts->n_fields : 0);
    pm_layer *l = ld->out;
    l->fields = calloc((size_t)n + 1, sizeof *l->fields);
    ld->ogr_index = calloc((size_t)n + 1, sizeof *ld->ogr_index);
    ld->form = calloc((size_t)n + 1, sizeof *ld->form);
    if (!l->fields || !ld->ogr_index || !ld->form)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    for (int i = 0; i < n; i++) {
        const char *name = all ? field_name(ld, defn, i) : opts->fields[i];
        if (!name || already_kept(l, name))
            continue;
        int idx = all ? i : field_index(ld, defn, name);
        if (idx < 0 && drop_absent)
            continue;
        if (!(l->fields[l->n_fields] = pm_strdup(name)))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
        ld->form[l->n_fields] = idx >= 0 ? value_form(OGR_FD_GetFieldDefn(defn, idx)) : FORM_OGR;
        ld->ogr_index[l->n_fields++] = idx;
    }
    return PM_OK;
}

/* Every field of the source, kept or not: a spec naming one it lacks is
 * told which it has. */
static pm_status note_schema(loader *ld, pm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ld->layer);
    int n = OGR_FD_GetFieldCount(defn);
    pm_layer *l = ld->out;
    l->schema = calloc((size_t)n + 1, sizeof *l->schema);
    if (!l->schema)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    for (int i = 0; i < n; i++) {
        const char *name = field_name(ld, defn, i);
        /* Told as a missing field, a GBK name would read as a typo. */
        if (name && !CPLIsUTF8(name, -1))
            return pm_error_set(err, PM_ERR_DATA, "%s: the name of field %d is not valid UTF-8%s",
                                ld->path, i + 1, ENCODING_HINT);
        if (!(l->schema[l->n_schema++] = pm_strdup(name ? name : "")))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    }
    return PM_OK;
}

/* The label fields the layer has: a feature with a value in one of them may
 * be labelled and needs its full anchor. */
static pm_status choose_label_fields(loader *ld, const pm_load_lean *lean, pm_error *err)
{
    ld->cheap_anchors = lean && lean->cheap_anchors;
    if (!ld->cheap_anchors || lean->n_label_fields <= 0 || !lean->label_fields)
        return PM_OK;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ld->layer);
    ld->label_index = calloc((size_t)lean->n_label_fields, sizeof *ld->label_index);
    if (!ld->label_index)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    for (int i = 0; i < lean->n_label_fields; i++) {
        int idx = lean->label_fields[i] ? field_index(ld, defn, lean->label_fields[i]) : -1;
        if (idx >= 0)
            ld->label_index[ld->n_label++] = idx;
    }
    return PM_OK;
}

static int needed(const loader *ld, int idx)
{
    for (int i = 0; i < ld->out->n_fields; i++)
        if (ld->ogr_index[i] == idx)
            return 1;
    for (int i = 0; i < ld->n_label; i++)
        if (ld->label_index[i] == idx)
            return 1;
    return 0;
}

/* Fields nothing reads are not parsed (Shapefile, GeoPackage… skip them).
 * Not with a `where` filter: OGR would test it against the missing values. */
static void ignore_unread_fields(loader *ld, const pm_load_options *opts)
{
    if (!opts || !opts->fields || (opts->where && opts->where[0]) ||
        !OGR_L_TestCapability(ld->layer, OLCIgnoreFields))
        return;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ld->layer);
    int n = OGR_FD_GetFieldCount(defn), k = 0;
    const char **names = calloc((size_t)n + 2, sizeof *names);
    if (!names)
        return;   /* only an optimisation */
    for (int i = 0; i < n; i++)
        if (!needed(ld, i))
            names[k++] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    names[k++] = "OGR_STYLE";
    OGR_L_SetIgnoredFields(ld->layer, names);
    free(names);
}

static void append(char *buf, size_t size, size_t *used, const char *s)
{
    int n = snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", s);
    if (n > 0)
        *used = *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

/* What text_value gives for bytes that are not text in the source's
 * encoding (NULL is out of memory). */
static char not_text[1];

/* A value's text in the layer's arena, in UTF-8. */
static char *text_value(const loader *ld, const char *s)
{
    if (!ld->recode)
        return pm_arena_strdup(ld->out->arena, s);
    size_t n = 0;
    char *u = pm_recoder_run(ld->recode, s, strlen(s), &n);
    if (!u)
        return not_text;
    char *kept = pm_arena_alloc(ld->out->arena, n + 1, 1);
    if (kept)
        memcpy(kept, u, n + 1);
    free(u);
    return kept;
}

/* Lists read as "a, b, c" rather than OGR's "(3:a,b,c)". */
static char *list_value(const loader *ld, OGRFeatureH feat, int idx, OGRFieldType type)
{
    char buf[4096], item[64];
    size_t used = 0;
    int n = 0;
    buf[0] = '\0';
    if (type == OFTStringList) {
        char **v = OGR_F_GetFieldAsStringList(feat, idx);
        for (; v && v[n]; n++)
            append(buf, sizeof buf, &used, v[n]);
    } else if (type == OFTIntegerList) {
        const int *v = OGR_F_GetFieldAsIntegerList(feat, idx, &n);
        for (int i = 0; i < n; i++, append(buf, sizeof buf, &used, item))
            snprintf(item, sizeof item, "%d", v[i]);
    } else if (type == OFTInteger64List) {
        const GIntBig *v = OGR_F_GetFieldAsInteger64List(feat, idx, &n);
        for (int i = 0; i < n; i++, append(buf, sizeof buf, &used, item))
            snprintf(item, sizeof item, "%lld", (long long)v[i]);
    } else {
        const double *v = OGR_F_GetFieldAsDoubleList(feat, idx, &n);
        for (int i = 0; i < n; i++, append(buf, sizeof buf, &used, item))
            snprintf(item, sizeof item, "%.15g", v[i]);
    }
    return text_value(ld, buf);
}

char *pm_load_integer_text(pm_arena *a, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    return pm_arena_strdup(a, p);
}

/* Kept field i of a feature that has it set. */
static char *field_value(const loader *ld, OGRFeatureH feat, int i)
{
    int idx = ld->ogr_index[i];
    switch (ld->form[i]) {
    case FORM_LIST:
        return list_value(ld, feat, idx, OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feat, idx)));
    case FORM_INTEGER:
        return pm_load_integer_text(ld->out->arena, (long long)OGR_F_GetFieldAsInteger64(feat, idx));
    default:
        return text_value(ld, OGR_F_GetFieldAsString(feat, idx));
    }
}

static pm_status read_values(loader *ld, OGRFeatureH feat, pm_feature *f, pm_error *err)
{
    int n = ld->out->n_fields;
    if (n == 0)
        return PM_OK;
    f->values = pm_arena_alloc(ld->out->arena, (size_t)n * sizeof *f->values, sizeof *f->values);
    if (!f->values)
        return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        int idx = ld->ogr_index[i];
        f->values[i] = NULL;
        if (idx >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx) && !(f->values[i] = field_value(ld, feat, i)))
            return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
        if (f->values[i] == not_text)
            return pm_error_set(err, PM_ERR_DATA, "property '%s' is not %s text (the layer's \"encoding\")",
                                ld->out->fields[i], ld->encoding);
        /* Labels, legends and exports all need text; Pango would print a
         * warning and draw garbage, so bad bytes are refused here. */
        if (f->values[i] && !CPLIsUTF8(f->values[i], -1))
            return pm_error_set(err, PM_ERR_DATA, "property '%s' is not valid UTF-8%s",
                                ld->out->fields[i], ENCODING_HINT);
    }
    return PM_OK;
}

/* The "id" property of feature `fid`, read again through a dataset of its
 * own: a load that keeps no "id" does not parse it for every feature only
 * to name the one that fails. NULL if there is none. */
static char *id_again(const loader *ld, GIntBig fid)
{
    char *id = NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = pm_geo_open(ld->path, NULL);
    OGRLayerH layer = ds ? GDALDatasetGetLayerByName(ds, OGR_L_GetName(ld->layer)) : NULL;
    OGRFeatureH feat = layer ? OGR_L_GetFeature(layer, fid) : NULL;
    int i = feat ? OGR_F_GetFieldIndex(feat, "id") : -1;
    if (i >= 0 && OGR_F_IsFieldSetAndNotNull(feat, i))
        id = pm_strdup(OGR_F_GetFieldAsString(feat, i));
    OGR_F_Destroy(feat);   /* a delete: NULL is fine */
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return id;
}

/* The feature's error named by its place (or FID) and id (pm_geo_name_feature). */
static pm_status name_feature(const loader *ld, OGRFeatureH feat, int index, pm_status st, pm_error *err)
{
    int i = OGR_F_GetFieldIndex(feat, "id");
    char *id = NULL;
    if (i >= 0 && OGR_F_IsFieldSetAndNotNull(feat, i))
        id = pm_strdup(OGR_F_GetFieldAsString(feat, i));
    else if (i >= 0 && OGR_F_GetFID(feat) != OGRNullFID)
        id = id_again(ld, OGR_F_GetFID(feat));   /* ignored while loading */
    pm_geo_name_feature(err, ld->path, ld->filtered ? -1 : index, OGR_F_GetFID(feat), id);
    free(id);
    return st;
}

static pm_feature *next_slot(loader *ld)
{
    pm_layer *l = ld->out;
    if (pm_array_grow(&l->features, l->n_features, &ld->capacity, sizeof *l->features, 64) != 0)
        return NULL;
    pm_feature *f = &l->features[l->n_features++];
    memset(f, 0, sizeof *f);
    return f;
}

/* A feature with no value in any label field shows no label. */
static int may_be_labelled(const loader *ld, OGRFeatureH feat)
{
    for (int i = 0; i < ld->n_label; i++)
        if (OGR_F_IsFieldSetAndNotNull(feat, ld->label_index[i]))
            return 1;
    return 0;
}

static pm_status read_feature(loader *ld, OGRFeatureH feat, pm_error *err)
{
    int index = (int)(ld->first + ld->out->n_features);
    pm_feature *f = next_slot(ld);
    if (!f)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    f->fid = (long)OGR_F_GetFID(feat);
    pm_status st = read_values(ld, feat, f, err);
    int failed_before = ld->gdal->failed;
    ld->geom.cheap_anchor = ld->cheap_anchors && !may_be_labelled(ld, feat);
    if (st == PM_OK)
        st = pm_geo_read_geometry(OGR_F_GetGeometryRef(feat), &ld->geom, f, err);
    /* GEOS refusing this geometry (an unclosed ring) is this feature's fault. */
    if (st == PM_OK && !failed_before && ld->gdal->failed)
        st = pm_error_set(err, PM_ERR_DATA, "%s", ld->gdal->msg);
    if (st != PM_OK)
        return name_feature(ld, feat, index, st, err);
    pm_extent_union(ld->out->extent, f->bbox);
    return PM_OK;
}

/* The array exactly as long as the features read (a filter keeps fewer
 * than the count reserved). */
static void shrink_features(loader *ld)
{
    pm_layer *l = ld->out;
    if (l->n_features == ld->capacity)
        return;
    if (l->n_features == 0) {
        free(l->features);
        l->features = NULL;
    } else {
        pm_feature *fit = realloc(l->features, sizeof *fit * (size_t)l->n_features);
        if (fit)
            l->features = fit;
    }
    ld->capacity = l->n_features;
}

/* What GDAL's spatial filter would keep by the boxes alone. */
static int box_meets(const loader *ld, OGRFeatureH feat)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(feat);
    if (!g || OGR_G_IsEmpty(g))
        return 0;
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    return e.MinX <= ld->box[2] && e.MaxX >= ld->box[0] && e.MinY <= ld->box[3] && e.MaxY >= ld->box[1];
}

static pm_status read_features(loader *ld, pm_error *err)
{
    if (!ld->resume)
        OGR_L_ResetReading(ld->layer);
    if (!ld->resume && ld->first > 0 && OGR_L_SetNextByIndex(ld->layer, ld->first) != OGRERR_NONE)
        return pm_error_set(err, PM_ERR_DATA, "%s: feature %lld: cannot be read (%s)", ld->path,
                            ld->first, pm_geo_gdal_reason("GDAL failed"));
    while (ld->limit < 0 || ld->out->n_features < ld->limit) {
        CPLErrorReset();
        OGRFeatureH feat = OGR_L_GetNextFeature(ld->layer);
        if (!feat)
            break;
        if (ld->check_box && !box_meets(ld, feat)) {
            OGR_F_Destroy(feat);
            continue;
        }
        pm_status st = read_feature(ld, feat, err);
        OGR_F_Destroy(feat);
        if (st != PM_OK)
            return st;
    }
    if (CPLGetLastErrorType() >= CE_Failure)
        return pm_error_set(err, PM_ERR_DATA, "%s: feature %lld: cannot be read (%s)", ld->path,
                            ld->first + ld->out->n_features, pm_geo_gdal_reason("GDAL failed"));
    shrink_features(ld);
    return PM_OK;
}

/* Room for the features the driver says it has, when it knows cheaply:
 * one allocation instead of a dozen doublings. Only a hint (a `where`
 * filter or a damaged file may give fewer), so it is capped, and what GDAL
 * says while counting is not the load's failure. */
static pm_status reserve_features(loader *ld, pm_error *err)
{
    GIntBig n = ld->limit;
    if (n < 0) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        n = OGR_L_GetFeatureCount(ld->layer, FALSE);
        CPLPopErrorHandler();
        CPLErrorReset();
    }
    if (n <= 0)
        return PM_OK;
    int cap = n < (1 << 20) ? (int)n : 1 << 20;
    ld->out->features = malloc(sizeof *ld->out->features * (size_t)cap);
    if (!ld->out->features)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    ld->capacity = cap;
    return PM_OK;
}

/* Fields left unread and the attribute filter, on the OGR layer. */
static pm_status filter_layer(loader *ld, const pm_load_options *opts, pm_error *err)
{
    ignore_unread_fields(ld, opts);
    if (opts && opts->where && opts->where[0]) {
        CPLErrorReset();
        if (OGR_L_SetAttributeFilter(ld->layer, opts->where) != OGRERR_NONE)
            return pm_error_set(err, PM_ERR_SPEC, "%s: layer '%s': bad filter \"%s\" (%s)", ld->path,
                                ld->out->name, opts->where, pm_geo_gdal_reason("OGR SQL error"));
    }
    return PM_OK;
}

/* The filter of pm_load_options.within on the layer (a spatial filter, or
 * a GeoPackage's R-tree as an attribute filter with the `where`). A reader
 * going on has it from its first read. 1 if one holds. */
static int filter_to(loader *ld, const pm_load_options *opts)
{
    /* The stream keeps `within` only where the first read set a filter:
     * a spatial one, or else the R-tree's. */
    if (ld->resume) {
        ld->check_box = !OGR_L_GetSpatialFilter(ld->layer) &&
                        pm_load_view_box(ld->layer, ld->crs, ld->geom.ct, opts->within, ld->box);
        return 1;
    }
    int kind = pm_load_filter_box(ld->ds, ld->layer, ld->crs, ld->geom.ct, opts->within, ld->box);
    kind = pm_load_set_filter(ld->layer, kind, opts->where, ld->box);
    ld->check_box = kind == PM_FILTER_RTREE;
    return kind != PM_FILTER_NONE;
}

static pm_status prepare(loader *ld, const pm_load_options *opts, const pm_load_lean *lean,
                         pm_error *err)
{
    pm_layer *l = ld->out;
    for (int i = 0; i < 4; i++)
        l->extent[i] = NAN;
    l->source = pm_strdup(ld->path);
    l->name = pm_strdup(OGR_L_GetName(ld->layer));
    l->arena = pm_arena_create();
    ld->geom.arena = l->arena;
    if (!l->source || !l->name || !l->arena)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ld->path);
    ld->encoding = opts ? opts->encoding : NULL;
    ld->crs = opts ? opts->crs : NULL;
    pm_status st = pm_geo_recoder(ld->ds, ld->encoding, &ld->recode, err);
    if (st == PM_OK)
        st = recode_names(ld, err);
    if (st == PM_OK)
        st = choose_fields(ld, opts, lean && lean->drop_absent_fields, err);
    if (st == PM_OK)
        st = note_schema(ld, err);
    if (st == PM_OK)
        st = choose_label_fields(ld, lean, err);
    if (st == PM_OK)
        st = reserve_features(ld, err);
    if (st != PM_OK)
        return st;
    /* Both restart the reading (GeoPackage): a reader going on has them. */
    if (!ld->resume && (st = filter_layer(ld, opts, err)) != PM_OK)
        return st;
    if (!ld->lonlat &&
        (st = pm_geo_layer_to_wgs84(ld->layer, opts ? opts->crs : NULL, &ld->geom.ct, err)) != PM_OK)
        return pm_error_prefix(err, "%s: layer '%s'", ld->path, l->name);
    ld->filtered = opts && opts->within && filter_to(ld, opts);
    l->first = ld->filtered ? -1 : ld->first;
    return PM_OK;
}

void CPL_STDCALL pm_load_note_failure(CPLErr cls, CPLErrorNum num, const char *msg)
{
    pm_gdal_failure *f = CPLGetErrorHandlerUserData();
    if (f && cls >= CE_Failure && !f->failed) {
        f->failed = 1;
        snprintf(f->msg, sizeof f->msg, "%s", msg ? msg : "GDAL failed");
    }
}

/* Features [first, first + limit) of the source (limit -1: all of them)
 * through `ds`; with `resume`, the next `limit` from where its reading
 * stands, `first` being their index. NULL with *err set on failure. */
pm_layer *pm_load_span(GDALDatasetH ds, const char *path, const pm_load_options *opts,
                       const pm_load_lean *lean, pm_span sp, pm_gdal_failure *gdal, pm_error *err)
{
    loader ld = {.path = path, .ds = ds, .gdal = gdal, .first = sp.first, .limit = sp.limit,
                 .resume = sp.resume, .lonlat = sp.lonlat};
    pm_status st = PM_ERR_NOMEM;
    ld.layer = pm_geo_pick_layer(ds, path, opts ? opts->layer_name : NULL, err);
    ld.out = ld.layer ? calloc(1, sizeof *ld.out) : NULL;
    if (ld.layer && !ld.out)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (ld.out)
        ld.out->context = opts ? opts->context : NULL;
    if (ld.out && (st = prepare(&ld, opts, lean, err)) == PM_OK)
        st = read_features(&ld, err);
    if (ld.geom.ct)
        OCTDestroyCoordinateTransformation(ld.geom.ct);
    pm_geo_reader_release(&ld.geom);
    free(ld.ogr_index);
    free(ld.form);
    free(ld.label_index);
    pm_recoder_close(ld.recode);
    pm_strv_free(ld.names, ld.n_names);
    if (st != PM_OK) {
        pm_layer_destroy(ld.out);
        return NULL;
    }
    return ld.out;
}

/* A layer read while GDAL reported a failure is refused with that failure. */
pm_layer *pm_load_refuse_failed(pm_layer *layer, const char *path, const pm_gdal_failure *gdal,
                                pm_error *err)
{
    if (layer && gdal->failed) {
        pm_error_set(err, PM_ERR_DATA, "%s: %s", path, gdal->msg);
        pm_layer_destroy(layer);
        layer = NULL;
    }
    return layer;
}
