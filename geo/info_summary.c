/* pm_info_summarise — the facts `planmap info` prints, as text (info.c) or
 * as JSON (info_json.c), found once per source: per layer its name,
 * feature count, declared and counted geometry types, CRS, extents and
 * fields. A GeoJSON FeatureCollection planmap's reader takes is summed up
 * from that reader's one pass over it (no GDAL open), as GDAL's driver
 * would describe it; any other source (or a GeoJSON the reader leaves to
 * GDAL) from GDAL's dataset, which the summary keeps open. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "geojson_read.h"
#include "pm_guard.h"

static void count_type(pm_info_types *tc, const char *name, long long n)
{
    for (int i = 0; i < tc->n; i++)
        if (strcmp(tc->names[i], name) == 0) {
            tc->counts[i] += n;
            return;
        }
    if (tc->n == PM_INFO_MAX_TYPES) {
        tc->other += n;
        return;
    }
    tc->names[tc->n] = name;   /* static strings in GDAL */
    tc->counts[tc->n++] = n;
}

/* Every feature's geometry type, counted in the order met. */
static void count_types(OGRLayerH layer, pm_info_types *tc)
{
    memset(tc, 0, sizeof *tc);
    OGR_L_ResetReading(layer);
    OGRFeatureH feat;
    while ((feat = OGR_L_GetNextFeature(layer))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        if (!g || OGR_G_IsEmpty(g))
            tc->none++;
        else
            count_type(tc, OGRGeometryTypeToName(OGR_G_GetGeometryType(g)), 1);
        OGR_F_Destroy(feat);
    }
}

/* Features a chunk of a stream holds: memory flat whatever the file's size. */
#define LONLAT_CHUNK 4096

/* The layer's lon/lat extent from its vertices as a map loads them, read
 * chunk by chunk (through `ix`, planmap's reader's, or else GDAL's): memory
 * flat however large the layer (loaded whole, 200 000 points took 40 MB
 * more than 20 000). Only the extent: no label anchors (a cheap anchor
 * refuses the same rings GEOS would, so problems still show). */
static void lonlat_extent(const char *path, const char *encoding, const pm_source_index *ix,
                          pm_info_layer *out)
{
    const char *none[1] = {NULL};   /* no properties needed */
    pm_load_options opts = {.layer_name = out->name, .fields = none, .n_fields = 0,
                            .encoding = encoding, .index = ix};
    pm_load_lean lean = {.cheap_anchors = 1};
    double *e = out->extent_lonlat;
    e[0] = e[1] = e[2] = e[3] = NAN;
    out->lonlat = (pm_error){0};
    pm_layer_stream *s = pm_layer_stream_open(path, &opts, &lean, LONLAT_CHUNK, &out->lonlat);
    pm_layer *c;
    while (s && (c = pm_layer_stream_next(s, &out->lonlat))) {
        pm_extent_union(e, c->extent);
        pm_layer_destroy(c);
    }
    pm_layer_stream_close(s);
}

static int add_field(pm_info_layer *out, const char *name, int type, int subtype, int width,
                     int precision)
{
    pm_info_field *f = &out->fields[out->n_fields];
    *f = (pm_info_field){.type = type, .subtype = subtype, .width = width, .precision = precision};
    if (!(f->name = strdup(name)))
        return -1;
    out->n_fields++;
    return 0;
}

static pm_status gdal_fields(OGRLayerH layer, pm_recoder *r, pm_info_layer *out, pm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int n = OGR_FD_GetFieldCount(defn);
    if (!(out->fields = calloc((size_t)n + 1, sizeof *out->fields)))
        return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        char *name = pm_geo_field_name(OGR_Fld_GetNameRef(fd), r);
        int st = name ? add_field(out, name, OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd),
                                  OGR_Fld_GetWidth(fd), OGR_Fld_GetPrecision(fd)) : -1;
        free(name);
        if (st != 0)
            return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    }
    return PM_OK;
}

/* `refused`: what GDAL reported opening the source (render refuses its
 * layers then, so they have no lon/lat extent), or "". */
static pm_status gdal_layer(const char *path, const char *encoding, const char *refused,
                            OGRLayerH layer, pm_recoder *r, pm_info_layer *out, pm_error *err)
{
    if (!(out->name = strdup(OGR_L_GetName(layer))))
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    out->features = (long long)OGR_L_GetFeatureCount(layer, TRUE);
    out->declared = OGR_L_GetGeomType(layer);
    count_types(layer, &out->types);
    out->srs = OGR_L_GetSpatialRef(layer);
    OGREnvelope env;
    out->has_extent = OGR_L_GetExtent(layer, &env, TRUE) == OGRERR_NONE;
    if (out->has_extent) {
        out->extent[0] = env.MinX, out->extent[1] = env.MinY;
        out->extent[2] = env.MaxX, out->extent[3] = env.MaxY;
        if (*refused)
            pm_error_set(&out->lonlat, PM_ERR_CRS, "%s", refused);
        else
            lonlat_extent(path, encoding, NULL, out);
    }
    return gdal_fields(layer, r, out, err);
}

static void CPL_STDCALL note_open_error(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    char *first = CPLGetErrorHandlerUserData();
    if (first && cls >= CE_Failure && !*first)
        snprintf(first, 512, "%s", msg ? msg : "GDAL failed");
}

/* The source opened as vectors, or as a raster when it holds no vector
 * layer (s->raster set); s->open_error what GDAL reported while opening
 * vectors. */
static GDALDatasetH open_source(const char *path, const char *encoding, pm_info_summary *s, pm_error *err)
{
    /* GDAL clears the error state once a driver has opened the file: catch
     * failures as they are raised. */
    CPLPushErrorHandlerEx(note_open_error, s->open_error);
    GDALDatasetH ds = pm_geo_open_as(path, encoding, err);
    CPLPopErrorHandler();
    int n = ds ? GDALDatasetGetLayerCount(ds) : 0;
    if (n == 0 && (ds || err->status == PM_ERR_IO)) {
        /* Not vectors: a raster (GeoTIFF, a GeoPackage or MBTiles of tiles)? */
        /* Only a source the guard lets through: GDAL would wait forever on
         * a FIFO the vector open refused. */
        pm_error refused = {0};
        GDALDatasetH r = pm_check_source(path, &refused) == PM_OK
                             ? GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL)
                             : NULL;
        if (r) {
            GDALClose(r);
            if (ds)
                GDALClose(ds);
            s->raster = 1;
            return pm_geo_open_raster(path, err);
        }
    }
    return ds;
}

static pm_status summarise_gdal(const char *path, const char *encoding, pm_info_summary *s, pm_error *err)
{
    if (!(s->ds = open_source(path, encoding, s, err)))
        return err->status;
    GDALDriverH drv = GDALGetDatasetDriver(s->ds);
    s->driver = drv ? GDALGetDriverShortName(drv) : NULL;
    if (s->raster)
        return PM_OK;
    pm_recoder *r = NULL;
    if (pm_geo_recoder(s->ds, encoding, &r, err) != PM_OK)
        return err->status;
    int n = GDALDatasetGetLayerCount(s->ds);
    pm_status st = (s->layers = calloc((size_t)n + 1, sizeof *s->layers))
                       ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    for (int i = 0; st == PM_OK && i < n; i++, s->n_layers++)
        st = gdal_layer(path, encoding, s->open_error, GDALDatasetGetLayer(s->ds, i), r, &s->layers[i], err);
    pm_recoder_close(r);
    return st;
}

/* GDAL's declared type and counts from the reader's facts: the one type
 * every geometry has (else Unknown), each type in the order met. */
static void geojson_types(const pm_gj_facts *f, pm_info_layer *out)
{
    static const OGRwkbGeometryType wkb[PM_GJT_N] = {
        wkbNone, wkbPoint, wkbLineString, wkbPolygon, wkbMultiPoint, wkbMultiLineString,
        wkbMultiPolygon, wkbGeometryCollection};
    int order[PM_GJT_N], m = 0;
    for (int t = 1; t < PM_GJT_N; t++)
        if (f->count[t])
            order[m++] = t;
    for (int a = 1; a < m; a++)
        for (int b = a; b > 0 && f->first[order[b]] < f->first[order[b - 1]]; b--) {
            int x = order[b];
            order[b] = order[b - 1], order[b - 1] = x;
        }
    out->declared = m == 1 ? wkb[order[0]] : wkbUnknown;
    for (int i = 0; i < m; i++)
        count_type(&out->types, OGRGeometryTypeToName(wkb[order[i]]), f->count[order[i]]);
    out->types.none = f->count[PM_GJT_NONE];
}

/* A GeoJSON planmap's reader takes, summed up from its one pass over the
 * file as GDAL's driver would: 1 (or -1 with *err set: out of memory);
 * 0: GDAL's to describe. */
static int summarise_geojson(const char *path, const char *encoding, pm_info_summary *s, pm_error *err)
{
    pm_source_index *ix = pm_gj_index_info(path, encoding);
    const pm_gj_facts *f = ix ? &ix->facts : NULL;
    if (!f || isnan(f->extent[0])) {   /* no geometry at all: GDAL's extent and type */
        pm_source_index_close(ix);
        return 0;
    }
    s->driver = "GeoJSON";
    /* The driver's for a file without "crs". */
    if ((s->own_srs = OSRNewSpatialReference(NULL)))
        OSRSetWellKnownGeogCS(s->own_srs, "WGS84");
    pm_info_layer *l = s->layers = calloc(1, sizeof *s->layers);
    s->n_layers = l ? 1 : 0;
    int ok = l && s->own_srs && (l->name = strdup(ix->name)) &&
             (l->fields = calloc((size_t)ix->sc.n + 1, sizeof *l->fields));
    if (ok) {
        l->features = (long long)ix->first[ix->split.n];
        geojson_types(f, l);
        l->srs = s->own_srs;
        l->has_extent = 1;
        memcpy(l->extent, f->extent, sizeof l->extent);
        lonlat_extent(path, encoding, ix, l);
    }
    for (int k = 0; ok && k < ix->sc.n; k++) {
        int type, sub, width;
        pm_gj_field_type(&ix->sc, k, &type, &sub, &width);
        ok = add_field(l, ix->sc.names[k], type, sub, width, 0) == 0;
    }
    pm_source_index_close(ix);
    if (!ok)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    return ok ? 1 : -1;
}

pm_status pm_info_summarise(const char *path, const char *encoding, pm_info_summary *s, pm_error *err)
{
    memset(s, 0, sizeof *s);
    int own = summarise_geojson(path, encoding, s, err);
    if (own != 0)
        return own > 0 ? PM_OK : err->status;
    return summarise_gdal(path, encoding, s, err);
}

void pm_info_summary_free(pm_info_summary *s)
{
    for (int i = 0; s->layers && i < s->n_layers; i++) {
        for (int k = 0; k < s->layers[i].n_fields; k++)
            free(s->layers[i].fields[k].name);
        free(s->layers[i].fields);
        free(s->layers[i].name);
    }
    free(s->layers);
    OSRDestroySpatialReference(s->own_srs);
    if (s->ds)
        GDALClose(s->ds);
    memset(s, 0, sizeof *s);
}
