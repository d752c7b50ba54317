/* pm_source_info_json — what `planmap info --json` prints: the same facts as
 * the text (info.c) for a program to read: per layer its name, feature
 * count, geometry types, CRS (name, authority, WKT), extent in the source
 * CRS and in lon/lat, and fields with their types; a raster's size, bands,
 * CRS and extent. One JSON document, in a fixed key order. */
#include <cpl_conv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "pm_raster.h"

static void put_string(pm_sbuf *b, const char *text)
{
    if (text)
        pm_sbuf_json(b, text);
    else
        pm_sbuf_add(b, "null");
}

static void put_box(pm_sbuf *b, const double e[4])
{
    if (!e || !isfinite(e[0]) || !isfinite(e[2])) {
        pm_sbuf_add(b, "null");
        return;
    }
    pm_sbuf_addf(b, "[%.10g, %.10g, %.10g, %.10g]", e[0], e[1], e[2], e[3]);
}

/* {"name", "authority", "wkt", "kind"}, or null for a source without one. */
static void put_crs(pm_sbuf *b, OGRSpatialReferenceH srs)
{
    if (!srs) {
        pm_sbuf_add(b, "null");
        return;
    }
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    char *wkt = NULL;
    const char *const opts[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", NULL};
    if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE) {
        CPLFree(wkt);
        wkt = NULL;
    }
    pm_sbuf_add(b, "{\"name\": ");
    put_string(b, OSRGetName(srs));
    pm_sbuf_add(b, ", \"authority\": ");
    if (auth && code)
        pm_sbuf_addf(b, "\"%s:%s\"", auth, code);   /* "EPSG:4326": no quote in either */
    else
        pm_sbuf_add(b, "null");
    pm_sbuf_addf(b, ", \"kind\": \"%s\", \"wkt\": ",
                 OSRIsGeographic(srs) ? "geographic" : OSRIsProjected(srs) ? "projected" : "other");
    put_string(b, wkt);
    pm_sbuf_add(b, "}");
    CPLFree(wkt);
}

static void put_fields(pm_sbuf *b, OGRLayerH layer, pm_recoder *r)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int n = OGR_FD_GetFieldCount(defn);
    pm_sbuf_add(b, "[");
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        OGRFieldSubType sub = OGR_Fld_GetSubType(fd);
        pm_sbuf_add(b, i ? ", {\"name\": " : "{\"name\": ");
        char *name = pm_geo_field_name(OGR_Fld_GetNameRef(fd), r);
        put_string(b, name);   /* NULL (out of memory) is null */
        free(name);
        pm_sbuf_addf(b, ", \"type\": \"%s\", \"subtype\": ", OGR_GetFieldTypeName(OGR_Fld_GetType(fd)));
        if (sub != OFSTNone)
            pm_sbuf_addf(b, "\"%s\"", OGR_GetFieldSubTypeName(sub));
        else
            pm_sbuf_add(b, "null");
        pm_sbuf_addf(b, ", \"width\": %d, \"precision\": %d}", OGR_Fld_GetWidth(fd),
                     OGR_Fld_GetPrecision(fd));
    }
    pm_sbuf_add(b, "]");
}

/* Where a layer comes from: its file, read in `encoding` (NULL: as it
 * says), its field names converted through `recode` (NULL: none). */
typedef struct info_source {
    const char *path;
    const char *encoding;
    pm_recoder *recode;
} info_source;

static void put_layer(pm_sbuf *b, const info_source *in, OGRLayerH layer, const char *open_error)
{
    pm_info_types tc;
    pm_info_count_types(layer, &tc);
    pm_sbuf_add(b, "{\"name\": ");
    put_string(b, OGR_L_GetName(layer));
    pm_sbuf_addf(b, ", \"features\": %lld, \"geometry_type\": \"%s\", \"geometries\": {",
                 (long long)OGR_L_GetFeatureCount(layer, TRUE),
                 OGRGeometryTypeToName(OGR_L_GetGeomType(layer)));
    for (int i = 0; i < tc.n; i++)
        pm_sbuf_addf(b, "%s\"%s\": %d", i ? ", " : "", tc.names[i], tc.counts[i]);
    pm_sbuf_addf(b, "}, \"empty_geometries\": %d, \"crs\": ", tc.none);
    put_crs(b, open_error ? NULL : OGR_L_GetSpatialRef(layer));
    pm_sbuf_add(b, ", \"crs_error\": ");
    put_string(b, open_error);
    OGREnvelope env;
    double src[4] = {NAN, NAN, NAN, NAN}, ll[4] = {NAN, NAN, NAN, NAN};
    if (OGR_L_GetExtent(layer, &env, TRUE) == OGRERR_NONE) {
        src[0] = env.MinX, src[1] = env.MinY, src[2] = env.MaxX, src[3] = env.MaxY;
        pm_error local = {0};
        pm_info_lonlat_extent(in->path, OGR_L_GetName(layer), in->encoding, ll, &local);
    }
    pm_sbuf_add(b, ", \"extent\": ");
    put_box(b, src);
    pm_sbuf_add(b, ", \"extent_lonlat\": ");
    put_box(b, ll);
    pm_sbuf_add(b, ", \"fields\": ");
    put_fields(b, layer, in->recode);
    pm_sbuf_add(b, "}");
}

static void put_raster(pm_sbuf *b, const char *path, GDALDatasetH ds)
{
    int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds), n = GDALGetRasterCount(ds);
    pm_sbuf_addf(b, "\"kind\": \"raster\", \"width\": %d, \"height\": %d, \"bands\": [", w, h);
    for (int i = 1; i <= n; i++) {
        GDALRasterBandH band = GDALGetRasterBand(ds, i);
        int has = 0;
        double nodata = GDALGetRasterNoDataValue(band, &has);
        pm_sbuf_addf(b, "%s{\"type\": \"%s\", \"color\": \"%s\", \"nodata\": ", i > 1 ? ", " : "",
                     GDALGetDataTypeName(GDALGetRasterDataType(band)),
                     GDALGetColorInterpretationName(GDALGetRasterColorInterpretation(band)));
        if (has && isfinite(nodata))
            pm_sbuf_addf(b, "%.10g}", nodata);
        else
            pm_sbuf_add(b, "null}");
    }
    pm_sbuf_add(b, "], \"crs\": ");
    put_crs(b, GDALGetSpatialRef(ds));
    double e[4], ll[4] = {NAN, NAN, NAN, NAN};
    pm_info_raster_extent(ds, e);
    pm_error local = {0};
    pm_info_raster_lonlat(path, ll, &local);
    pm_sbuf_add(b, ", \"extent\": ");
    put_box(b, e);
    pm_sbuf_add(b, ", \"extent_lonlat\": ");
    put_box(b, ll);
}

pm_status pm_source_info_json(const char *path, const char *encoding, char **text, pm_error *err)
{
    if (!text)
        return pm_error_set(err, PM_ERR_USAGE, "pm_source_info_json: no place for the text");
    *text = NULL;
    char open_error[512] = "";
    int raster = 0;
    GDALDatasetH ds = pm_info_open(path, encoding, open_error, &raster, err);
    if (!ds)
        return err->status;
    info_source in = {path, encoding, NULL};
    if (!raster && pm_geo_recoder(ds, encoding, &in.recode, err) != PM_OK) {
        GDALClose(ds);
        return err->status;
    }
    pm_sbuf b = {0};
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    pm_sbuf_add(&b, "{\"source\": ");
    put_string(&b, path);
    pm_sbuf_add(&b, ", \"driver\": ");
    put_string(&b, drv ? GDALGetDriverShortName(drv) : NULL);
    pm_sbuf_add(&b, ", ");
    if (raster) {
        put_raster(&b, path, ds);
    } else {
        int n = GDALDatasetGetLayerCount(ds);
        pm_sbuf_add(&b, "\"kind\": \"vector\", \"layers\": [");
        for (int i = 0; i < n; i++) {
            pm_sbuf_add(&b, i ? ",\n  " : "\n  ");
            put_layer(&b, &in, GDALDatasetGetLayer(ds, i), *open_error ? open_error : NULL);
        }
        pm_sbuf_add(&b, n ? "\n]" : "]");
    }
    pm_sbuf_add(&b, "}\n");
    pm_recoder_close(in.recode);
    GDALClose(ds);
    *text = pm_sbuf_take(&b);
    return *text ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
}
