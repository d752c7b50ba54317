/* pm_source_info_json — what `planmap info --json` prints: the same facts as
 * the text (info.c) for a program to read: per layer its name, feature
 * count, geometry types, CRS (name, authority, WKT), extent in the source
 * CRS and in lon/lat, and fields with their types, from the one summary
 * of the source (info_summary.c); a raster's size, bands, CRS and extent.
 * One JSON document, in a fixed key order. */
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

static void put_fields(pm_sbuf *b, const pm_info_layer *l)
{
    pm_sbuf_add(b, "[");
    for (int i = 0; i < l->n_fields; i++) {
        const pm_info_field *f = &l->fields[i];
        pm_sbuf_add(b, i ? ", {\"name\": " : "{\"name\": ");
        put_string(b, f->name);
        pm_sbuf_addf(b, ", \"type\": \"%s\", \"subtype\": ", OGR_GetFieldTypeName((OGRFieldType)f->type));
        if (f->subtype != OFSTNone)
            pm_sbuf_addf(b, "\"%s\"", OGR_GetFieldSubTypeName((OGRFieldSubType)f->subtype));
        else
            pm_sbuf_add(b, "null");
        pm_sbuf_addf(b, ", \"width\": %d, \"precision\": %d}", f->width, f->precision);
    }
    pm_sbuf_add(b, "]");
}

static void put_layer(pm_sbuf *b, const pm_info_layer *l, const char *open_error)
{
    const pm_info_types *tc = &l->types;
    pm_sbuf_add(b, "{\"name\": ");
    put_string(b, l->name);
    pm_sbuf_addf(b, ", \"features\": %lld, \"geometry_type\": \"%s\", \"geometries\": {", l->features,
                 OGRGeometryTypeToName((OGRwkbGeometryType)l->declared));
    for (int i = 0; i < tc->n; i++)
        pm_sbuf_addf(b, "%s\"%s\": %lld", i ? ", " : "", tc->names[i], tc->counts[i]);
    pm_sbuf_addf(b, "}, \"empty_geometries\": %lld, \"crs\": ", tc->none);
    put_crs(b, open_error ? NULL : l->srs);
    pm_sbuf_add(b, ", \"crs_error\": ");
    put_string(b, open_error);
    pm_sbuf_add(b, ", \"extent\": ");
    put_box(b, l->has_extent ? l->extent : NULL);
    pm_sbuf_add(b, ", \"extent_lonlat\": ");
    put_box(b, l->has_extent && l->lonlat.status == PM_OK ? l->extent_lonlat : NULL);
    pm_sbuf_add(b, ", \"fields\": ");
    put_fields(b, l);
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
    pm_info_summary s;
    if (pm_info_summarise(path, encoding, &s, err) != PM_OK) {
        pm_info_summary_free(&s);
        return err->status;
    }
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "{\"source\": ");
    put_string(&b, path);
    pm_sbuf_add(&b, ", \"driver\": ");
    put_string(&b, s.driver);
    pm_sbuf_add(&b, ", ");
    if (s.raster) {
        put_raster(&b, path, s.ds);
    } else {
        pm_sbuf_add(&b, "\"kind\": \"vector\", \"layers\": [");
        for (int i = 0; i < s.n_layers; i++) {
            pm_sbuf_add(&b, i ? ",\n  " : "\n  ");
            put_layer(&b, &s.layers[i], *s.open_error ? s.open_error : NULL);
        }
        pm_sbuf_add(&b, s.n_layers ? "\n]" : "]");
    }
    pm_sbuf_add(&b, "}\n");
    pm_info_summary_free(&s);
    *text = pm_sbuf_take(&b);
    return *text ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
}
