/* pm_source_info — what `planmap info SOURCE` shows: per layer its name,
 * feature count, geometry types, CRS, extent (source CRS and lon/lat) and
 * fields. Plain text in a fixed order so it can be diffed, built in memory
 * for the caller to print. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "geojson_read.h"
#include "pm_guard.h"
#include "pm_raster.h"

/* One line with names from the data in it, escaped as every message. */
static void put_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_line(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pm_text_vprint(out, fmt, ap);
    va_end(ap);
}

static void count_type(pm_info_types *tc, OGRGeometryH g)
{
    if (!g || OGR_G_IsEmpty(g)) {
        tc->none++;
        return;
    }
    const char *name = OGRGeometryTypeToName(OGR_G_GetGeometryType(g));
    for (int i = 0; i < tc->n; i++)
        if (strcmp(tc->names[i], name) == 0) {
            tc->counts[i]++;
            return;
        }
    if (tc->n == PM_INFO_MAX_TYPES) {
        tc->other++;
        return;
    }
    tc->names[tc->n] = name;  /* static strings in GDAL */
    tc->counts[tc->n++] = 1;
}

void pm_info_count_types(OGRLayerH layer, pm_info_types *tc)
{
    memset(tc, 0, sizeof *tc);
    OGR_L_ResetReading(layer);
    OGRFeatureH feat;
    while ((feat = OGR_L_GetNextFeature(layer))) {
        count_type(tc, OGR_F_GetGeometryRef(feat));
        OGR_F_Destroy(feat);
    }
}

static void print_geometry(FILE *out, OGRLayerH layer)
{
    pm_info_types tc;
    pm_info_count_types(layer, &tc);
    fprintf(out, "  geometry: %s declared;", OGRGeometryTypeToName(OGR_L_GetGeomType(layer)));
    for (int i = 0; i < tc.n; i++)
        fprintf(out, "%s %s x%d", i ? "," : "", tc.names[i], tc.counts[i]);
    if (tc.none)
        fprintf(out, "%s none x%d", tc.n ? "," : "", tc.none);
    if (tc.other)
        fprintf(out, ", other x%d", tc.other);
    if (!tc.n && !tc.none)
        fprintf(out, " no features");
    fputc('\n', out);
}

/* `open_error`: what GDAL reported while opening, e.g. a GeoJSON "crs"
 * member PROJ does not know; GDAL then reports WGS 84 all the same, but
 * planmap render refuses the layer, so say so rather than print WGS 84. */
static void print_crs(FILE *out, OGRSpatialReferenceH srs, const char *open_error)
{
    if (open_error) {
        put_line(out, "  crs: not recognised (%s); planmap render refuses this layer", open_error);
        return;
    }
    if (!srs) {
        fprintf(out, "  crs: none (read as WGS 84 lon/lat)\n");
        return;
    }
    const char *name = OSRGetName(srs);
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    char id[256] = "";
    if (auth && code)
        snprintf(id, sizeof id, " (%s:%s)", auth, code);
    put_line(out, "  crs: %s%s%s", name ? name : "unnamed", id,
                  OSRIsGeographic(srs) ? ", geographic" : OSRIsProjected(srs) ? ", projected" : "");
}

/* The same, the layer read from `ix` (NULL: from the file). */
static pm_status lonlat_extent(const char *path, const char *layer, const char *encoding,
                               const pm_source_index *ix, double e[4], pm_error *err)
{
    const char *none[1] = {NULL};   /* no properties needed */
    pm_load_options opts = {.layer_name = layer, .fields = none, .n_fields = 0, .encoding = encoding,
                            .index = ix};
    /* Only the extent: no label anchors (a cheap anchor refuses the same
     * rings GEOS would, so problems still show). */
    pm_load_lean lean = {.cheap_anchors = 1};
    pm_layer *l = pm_layer_load_lean(path, &opts, &lean, err);
    if (!l)
        return err->status;
    memcpy(e, l->extent, 4 * sizeof *e);
    pm_layer_destroy(l);
    return PM_OK;
}

pm_status pm_info_lonlat_extent(const char *path, const char *layer, const char *encoding, double e[4],
                                pm_error *err)
{
    return lonlat_extent(path, layer, encoding, NULL, e, err);
}

static void print_lonlat(FILE *out, const char *path, const char *name, const char *encoding,
                         const pm_source_index *ix)
{
    pm_error err = {0};
    double e[4];
    if (lonlat_extent(path, name, encoding, ix, e, &err) != PM_OK)
        fprintf(out, "  extent (lon/lat): unavailable: %s\n", err.msg);
    else
        fprintf(out, "  extent (lon/lat): %.6f %.6f, %.6f %.6f\n", e[0], e[1], e[2], e[3]);
}

static void print_extent(FILE *out, const char *path, const char *encoding, OGRLayerH layer)
{
    OGREnvelope env;
    if (OGR_L_GetExtent(layer, &env, TRUE) != OGRERR_NONE) {
        fprintf(out, "  extent: none\n");
        return;
    }
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs) {
        const char *fmt = OSRIsGeographic(srs) ? "  extent (source CRS): %.6f %.6f, %.6f %.6f\n"
                                               : "  extent (source CRS): %.3f %.3f, %.3f %.3f\n";
        fprintf(out, fmt, env.MinX, env.MinY, env.MaxX, env.MaxY);
    }
    print_lonlat(out, path, OGR_L_GetName(layer), encoding, NULL);
}

static void print_fields(FILE *out, OGRLayerH layer, pm_recoder *r)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int n = OGR_FD_GetFieldCount(defn);
    fprintf(out, "  fields: %d\n", n);
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        OGRFieldSubType sub = OGR_Fld_GetSubType(fd);
        char name[1024], *utf8 = pm_geo_field_name(OGR_Fld_GetNameRef(fd), r);
        pm_text_escape(name, sizeof name, utf8 ? utf8 : "");   /* names come from the data */
        free(utf8);
        fprintf(out, "    %s: %s", name, OGR_GetFieldTypeName(OGR_Fld_GetType(fd)));
        if (sub != OFSTNone)
            fprintf(out, " (%s)", OGR_GetFieldSubTypeName(sub));
        fputc('\n', out);
    }
}

static void CPL_STDCALL note_open_error(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    char *first = CPLGetErrorHandlerUserData();
    if (first && cls >= CE_Failure && !*first)
        snprintf(first, 512, "%s", msg ? msg : "GDAL failed");
}

pm_status pm_info_raster_lonlat(const char *path, double e[4], pm_error *err)
{
    int bands;
    double ring[2 * PM_RASTER_RING];
    if (pm_raster_probe(path, &bands, ring, err) != PM_OK)
        return err->status;
    e[0] = e[1] = INFINITY, e[2] = e[3] = -INFINITY;
    for (int i = 0; i < PM_RASTER_RING; i++) {
        e[0] = fmin(e[0], ring[2 * i]), e[2] = fmax(e[2], ring[2 * i]);
        e[1] = fmin(e[1], ring[2 * i + 1]), e[3] = fmax(e[3], ring[2 * i + 1]);
    }
    return PM_OK;
}

void pm_info_raster_extent(GDALDatasetH ds, double e[4])
{
    int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
    double gt[6];
    GDALGetGeoTransform(ds, gt);
    double x[2] = {gt[0], gt[0] + w * gt[1] + h * gt[2]}, y[2] = {gt[3], gt[3] + w * gt[4] + h * gt[5]};
    e[0] = fmin(x[0], x[1]), e[1] = fmin(y[0], y[1]), e[2] = fmax(x[0], x[1]), e[3] = fmax(y[0], y[1]);
}

/* A raster: its size, bands (type, colour, nodata, overviews), CRS and
 * extent, in the source's CRS and in lon/lat. */
static pm_status describe_raster(const char *path, GDALDatasetH ds, FILE *out)
{
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds), n = GDALGetRasterCount(ds);
    put_line(out, "source: %s", path);
    fprintf(out, "format: %s\nraster: %d x %d pixels, %d band%s\n", drv ? GDALGetDriverShortName(drv) : "?",
            w, h, n, n == 1 ? "" : "s");
    for (int b = 1; b <= n; b++) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b);
        int has = 0;
        double nodata = GDALGetRasterNoDataValue(band, &has);
        fprintf(out, "band %d: %s, %s", b, GDALGetDataTypeName(GDALGetRasterDataType(band)),
                GDALGetColorInterpretationName(GDALGetRasterColorInterpretation(band)));
        if (has)
            fprintf(out, ", nodata %.10g", nodata);
        fprintf(out, ", %d overview%s\n", GDALGetOverviewCount(band),
                GDALGetOverviewCount(band) == 1 ? "" : "s");
    }
    print_crs(out, GDALGetSpatialRef(ds), NULL);
    double gt[6];
    GDALGetGeoTransform(ds, gt);
    fprintf(out, "  pixel size (source CRS): %.10g x %.10g\n", fabs(gt[1]), fabs(gt[5]));
    double e[4];
    pm_info_raster_extent(ds, e);
    fprintf(out, "  extent (source CRS): %.6f %.6f, %.6f %.6f\n", e[0], e[1], e[2], e[3]);
    pm_error local = {0};
    if (pm_info_raster_lonlat(path, e, &local) != PM_OK) {
        put_line(out, "  extent (lon/lat): unavailable: %s", local.msg);
        return PM_OK;
    }
    fprintf(out, "  extent (lon/lat): %.6f %.6f, %.6f %.6f\n", e[0], e[1], e[2], e[3]);
    return PM_OK;
}

GDALDatasetH pm_info_open(const char *path, const char *encoding, char *open_error, int *raster,
                          pm_error *err)
{
    *raster = 0;
    *open_error = '\0';
    /* GDAL clears the error state once a driver has opened the file: catch
     * failures as they are raised. */
    CPLPushErrorHandlerEx(note_open_error, open_error);
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
            *raster = 1;
            return pm_geo_open_raster(path, err);
        }
    }
    return ds;
}

/* GDAL's geometry line for a GeoJSON: the one type every geometry has
 * declared (else none), each type counted in the order met. */
static void print_gj_geometry(FILE *out, const pm_gj_facts *f)
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
    fprintf(out, "  geometry: %s declared;", OGRGeometryTypeToName(m == 1 ? wkb[order[0]] : wkbUnknown));
    for (int i = 0; i < m; i++)
        fprintf(out, "%s %s x%lld", i ? "," : "", OGRGeometryTypeToName(wkb[order[i]]), f->count[order[i]]);
    if (f->count[PM_GJT_NONE])
        fprintf(out, "%s none x%lld", m ? "," : "", f->count[PM_GJT_NONE]);
    fputc('\n', out);
}

static void print_gj_fields(FILE *out, const pm_gj_schema *sc)
{
    fprintf(out, "  fields: %d\n", sc->n);
    for (int k = 0; k < sc->n; k++) {
        int type, sub;
        pm_gj_field_type(sc, k, &type, &sub);
        char name[1024];
        pm_text_escape(name, sizeof name, sc->names[k]);   /* names come from the data */
        fprintf(out, "    %s: %s", name, OGR_GetFieldTypeName((OGRFieldType)type));
        if (sub != OFSTNone)
            fprintf(out, " (%s)", OGR_GetFieldSubTypeName((OGRFieldSubType)sub));
        fputc('\n', out);
    }
}

/* A GeoJSON planmap's reader takes, described from its one pass over the
 * file as GDAL's driver would describe it: 1; 0: GDAL's to describe. */
static int describe_geojson(const char *path, const char *encoding, FILE *out)
{
    pm_source_index *ix = pm_gj_index_info(path, encoding);
    const pm_gj_facts *f = ix ? &ix->facts : NULL;
    if (!f || isnan(f->extent[0])) {
        pm_source_index_close(ix);
        return 0;
    }
    long long n = (long long)ix->first[ix->split.n];
    put_line(out, "source: %s", path);
    fprintf(out, "format: GeoJSON\nlayers: 1\n");
    put_line(out, "layer 1: %s, %lld feature%s", ix->name, n, n == 1 ? "" : "s");
    print_gj_geometry(out, f);
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(NULL);
    if (wgs84)
        OSRSetWellKnownGeogCS(wgs84, "WGS84");   /* the driver's for a file without "crs" */
    print_crs(out, wgs84, NULL);
    OSRDestroySpatialReference(wgs84);
    const double *e = f->extent;
    fprintf(out, "  extent (source CRS): %.6f %.6f, %.6f %.6f\n", e[0], e[1], e[2], e[3]);
    print_lonlat(out, path, ix->name, encoding, ix);
    print_gj_fields(out, &ix->sc);
    pm_source_index_close(ix);
    return 1;
}

static pm_status describe(const char *path, const char *encoding, FILE *out, pm_error *err)
{
    if (describe_geojson(path, encoding, out))
        return PM_OK;
    char open_error[512];
    int raster = 0;
    GDALDatasetH ds = pm_info_open(path, encoding, open_error, &raster, err);
    if (!ds)
        return err->status;
    pm_recoder *r = NULL;
    if (!raster && pm_geo_recoder(ds, encoding, &r, err) != PM_OK) {
        GDALClose(ds);
        return err->status;
    }
    if (raster) {
        pm_status st = describe_raster(path, ds, out);
        GDALClose(ds);
        return st;
    }
    int n = GDALDatasetGetLayerCount(ds);
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    put_line(out, "source: %s", path);
    fprintf(out, "format: %s\nlayers: %d\n", drv ? GDALGetDriverShortName(drv) : "?", n);
    for (int i = 0; i < n; i++) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, i);
        long long count = (long long)OGR_L_GetFeatureCount(layer, TRUE);
        put_line(out, "layer %d: %s, %lld feature%s", i + 1, OGR_L_GetName(layer), count,
                      count == 1 ? "" : "s");
        print_geometry(out, layer);
        print_crs(out, OGR_L_GetSpatialRef(layer), *open_error ? open_error : NULL);
        print_extent(out, path, encoding, layer);
        print_fields(out, layer, r);
    }
    pm_recoder_close(r);
    GDALClose(ds);
    return PM_OK;
}

pm_status pm_source_info(const char *path, char **text, pm_error *err)
{
    return pm_source_info_as(path, NULL, text, err);
}

pm_status pm_source_info_as(const char *path, const char *encoding, char **text, pm_error *err)
{
    if (!text)
        return pm_error_set(err, PM_ERR_USAGE, "pm_source_info: no place for the text");
    *text = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    pm_status st = describe(path, encoding, out, err);
    if (fclose(out) != 0 && st == PM_OK)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (st != PM_OK) {
        free(buf);
        return st;
    }
    *text = buf;
    return PM_OK;
}

/* One line per kind: the short names of GDAL's drivers that can open it. */
static void list_drivers(pm_sbuf *b, const char *kind, const char *cap)
{
    pm_sbuf_addf(b, "  %s:", kind);
    int n = 0;
    for (int i = 0; i < GDALGetDriverCount(); i++) {
        GDALDriverH d = GDALGetDriver(i);
        if (GDALGetMetadataItem(d, cap, NULL) && GDALGetMetadataItem(d, GDAL_DCAP_OPEN, NULL))
            pm_sbuf_addf(b, "%s %s", n++ ? "," : "", GDALGetDriverShortName(d));
    }
    pm_sbuf_addf(b, "\n  (%d %s drivers)\n", n, kind);
}

pm_status pm_geo_formats(char **text, pm_error *err)
{
    pm_sbuf b = {0};
    pm_sbuf_addf(&b, "reads (GDAL %s drivers built in here, as SPEC sources, batch coverages "
                 "and info SOURCE):\n", GDALVersionInfo("RELEASE_NAME"));
    list_drivers(&b, "vector", GDAL_DCAP_VECTOR);
    list_drivers(&b, "raster", GDAL_DCAP_RASTER);
    pm_sbuf_add(&b, "writes:\n"
                    "  render: PNG (.png), SVG (.svg), PDF (.pdf, a GeoPDF), GeoTIFF (.tif, .tiff);\n"
                    "          world file (.pgw, .prj, .png.aux.xml) with --world-file;\n"
                    "          labels JSON with --labels-json; - for standard output\n"
                    "  export: GeoPackage (.gpkg) with QGIS styles (QML, SLD); QGIS project\n"
                    "          (.qgz, .qgs) with MAP.gpkg beside it\n"
                    "  batch:  the maps above and a PDF report (PNG pages beside it on request)\n");
    *text = pm_sbuf_take(&b);
    return *text ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "--formats: out of memory");
}
