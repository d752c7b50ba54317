/* pm_source_info — what `planmap info SOURCE` shows: per layer its name,
 * feature count, geometry types, CRS, extent (source CRS and lon/lat) and
 * fields, from the source's summary (info_summary.c, which the JSON prints
 * too). Plain text in a fixed order so it can be diffed, built in memory
 * for the caller to print. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
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

static void print_geometry(FILE *out, const pm_info_layer *l)
{
    const pm_info_types *tc = &l->types;
    fprintf(out, "  geometry: %s declared;", OGRGeometryTypeToName((OGRwkbGeometryType)l->declared));
    for (int i = 0; i < tc->n; i++)
        fprintf(out, "%s %s x%lld", i ? "," : "", tc->names[i], tc->counts[i]);
    if (tc->none)
        fprintf(out, "%s none x%lld", tc->n ? "," : "", tc->none);
    if (tc->other)
        fprintf(out, ", other x%lld", tc->other);
    if (!tc->n && !tc->none)
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

static void print_extent(FILE *out, const pm_info_layer *l)
{
    if (!l->has_extent) {
        fprintf(out, "  extent: none\n");
        return;
    }
    const double *e = l->extent;
    if (l->srs) {
        const char *fmt = OSRIsGeographic(l->srs) ? "  extent (source CRS): %.6f %.6f, %.6f %.6f\n"
                                                  : "  extent (source CRS): %.3f %.3f, %.3f %.3f\n";
        fprintf(out, fmt, e[0], e[1], e[2], e[3]);
    }
    e = l->extent_lonlat;
    if (l->lonlat.status != PM_OK)
        fprintf(out, "  extent (lon/lat): unavailable: %s\n", l->lonlat.msg);
    else
        fprintf(out, "  extent (lon/lat): %.6f %.6f, %.6f %.6f\n", e[0], e[1], e[2], e[3]);
}

static void print_fields(FILE *out, const pm_info_layer *l)
{
    fprintf(out, "  fields: %d\n", l->n_fields);
    for (int i = 0; i < l->n_fields; i++) {
        const pm_info_field *f = &l->fields[i];
        char name[1024];
        pm_text_escape(name, sizeof name, f->name);   /* names come from the data */
        fprintf(out, "    %s: %s", name, OGR_GetFieldTypeName((OGRFieldType)f->type));
        if (f->subtype != OFSTNone)
            fprintf(out, " (%s)", OGR_GetFieldSubTypeName((OGRFieldSubType)f->subtype));
        fputc('\n', out);
    }
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

static pm_status describe(const char *path, const char *encoding, FILE *out, pm_error *err)
{
    pm_info_summary s;
    if (pm_info_summarise(path, encoding, &s, err) != PM_OK) {
        pm_info_summary_free(&s);
        return err->status;
    }
    pm_status st = PM_OK;
    if (s.raster) {
        st = describe_raster(path, s.ds, out);
        pm_info_summary_free(&s);
        return st;
    }
    put_line(out, "source: %s", path);
    fprintf(out, "format: %s\nlayers: %d\n", s.driver ? s.driver : "?", s.n_layers);
    for (int i = 0; i < s.n_layers; i++) {
        const pm_info_layer *l = &s.layers[i];
        put_line(out, "layer %d: %s, %lld feature%s", i + 1, l->name, l->features,
                 l->features == 1 ? "" : "s");
        print_geometry(out, l);
        print_crs(out, l->srs, *s.open_error ? s.open_error : NULL);
        print_extent(out, l);
        print_fields(out, l);
    }
    pm_info_summary_free(&s);
    return st;
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
