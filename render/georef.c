/* World files and GeoTIFF from a render's map→page transform. */
#include "pm_georef.h"
#include "pm_geotiff.h"
#include "pm_write.h"
#include "render_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int pm_georef_geotransform(const pm_render_result *r, double gt[6])
{
    double sx = r->map_to_page[0], tx = r->map_to_page[1];
    double sy = r->map_to_page[2], ty = r->map_to_page[3];
    if (!(fabs(sx) > 0) || !(fabs(sy) > 0) || !isfinite(sx) || !isfinite(sy))
        return -1;
    /* page x = sx * X + tx  ⇒  X = (page x - tx) / sx, at page pixel edge 0. */
    gt[0] = -tx / sx;
    gt[1] = 1 / sx;
    gt[2] = 0;
    gt[3] = -ty / sy;
    gt[4] = 0;
    gt[5] = 1 / sy;
    return 0;
}

int pm_georef_is_tiff(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return (n > 4 && strcasecmp(path + n - 4, ".tif") == 0) ||
           (n > 5 && strcasecmp(path + n - 5, ".tiff") == 0);
}

/* "<folder>/<stem><ext>" for "<folder>/<stem>.png". */
static char *sibling(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    size_t stem = dot ? (size_t)(dot - path) : strlen(path);
    char *s = malloc(stem + strlen(ext) + 1);
    if (s)
        snprintf(s, stem + strlen(ext) + 1, "%.*s%s", (int)stem, path, ext);
    return s;
}

int pm_georef_world_names(const char *png_path, char *names[3])
{
    names[0] = sibling(png_path, ".pgw");
    names[1] = sibling(png_path, ".prj");
    names[2] = malloc(strlen(png_path) + 9);
    if (names[2])
        sprintf(names[2], "%s.aux.xml", png_path);
    if (names[0] && names[1] && names[2])
        return 0;
    for (int i = 0; i < 3; i++)
        free(names[i]), names[i] = NULL;
    return -1;
}

static pm_status write_atomic(const char *path, const char *text, pm_error *err)
{
    return pm_write_file(path, text, strlen(text), NULL, err);
}

static pm_status write_aux(const char *path, const char *wkt, pm_error *err)
{
    size_t n = 2 * strlen(wkt) + 256;
    char *xml = malloc(n);
    if (!xml)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    size_t used = (size_t)snprintf(xml, n, "<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping=\"1,2\">");
    for (const char *p = wkt; *p && used + 8 < n; p++)
        used += (size_t)snprintf(xml + used, n - used, "%s", *p == '"' ? "&quot;" : *p == '&' ? "&amp;"
                                 : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : (char[]){*p, 0});
    snprintf(xml + used, n - used, "</SRS>\n</PAMDataset>\n");
    pm_status st = write_atomic(path, xml, err);
    free(xml);
    return st;
}

pm_status pm_georef_write_world(const char *png_path, const pm_render_result *r,
                                const pm_crs *crs, pm_error *err)
{
    double gt[6];
    if (pm_georef_geotransform(r, gt) != 0)
        return pm_error_set(err, PM_ERR_RENDER, "%s: no map frame to georeference", png_path);
    const char *wkt = pm_crs_wkt(crs);
    if (!wkt)
        return pm_error_set(err, PM_ERR_CRS, "%s: the map CRS has no WKT1 form for a .prj file",
                            png_path);
    /* A world file names the centre of the top-left pixel. */
    char text[512];
    snprintf(text, sizeof text, "%.10f\n0.0\n0.0\n%.10f\n%.10f\n%.10f\n", gt[1], gt[5],
             gt[0] + 0.5 * gt[1], gt[3] + 0.5 * gt[5]);
    char *pgw = sibling(png_path, ".pgw"), *prj = sibling(png_path, ".prj");
    char *aux = malloc(strlen(png_path) + 9);
    pm_status st = pgw && prj && aux ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", png_path);
    if (st == PM_OK)
        st = write_atomic(pgw, text, err);
    if (st == PM_OK)
        st = write_atomic(prj, wkt, err);
    if (st == PM_OK) {
        /* GDAL (and so QGIS) reads a PNG's CRS from its .aux.xml, not the .prj. */
        sprintf(aux, "%s.aux.xml", png_path);
        st = write_aux(aux, wkt, err);
    }
    free(pgw);
    free(prj);
    free(aux);
    return st;
}

/* ---- GeoTIFF ------------------------------------------------------------- */

/* The drawn pixels, as they lie in Cairo's image, to GDAL (geo/). */
pm_status pm_georef_write_tiff(cairo_surface_t *img, const char *tif_path,
                               const pm_render_result *r, const pm_crs *crs, pm_error *err)
{
    double gt[6];
    if (pm_georef_geotransform(r, gt) != 0)
        return pm_error_set(err, PM_ERR_RENDER, "%s: no map frame to georeference", tif_path);
    /* WKT2 keeps the CRS's EPSG code, which GDAL writes as the GeoTIFF's key;
     * the geotransform is in easting/northing order whatever the CRS's axis
     * order (GeoTIFF's convention, GDAL's for the file). */
    const char *wkt = pm_crs_wkt2(crs);
    if (!wkt && !(wkt = pm_crs_wkt(crs)))
        return pm_error_set(err, PM_ERR_CRS, "%s: the map CRS has no WKT form", tif_path);
    cairo_surface_flush(img);
    return pm_geotiff_write(tif_path, cairo_image_surface_get_data(img),
                            cairo_image_surface_get_width(img), cairo_image_surface_get_height(img),
                            cairo_image_surface_get_stride(img), gt, wkt, err);
}

/* GDAL writes the GeoTIFF to a temporary renamed over the target: a device
 * cannot take that. */
pm_status pm_georef_tiff_probe(const char *tif_path, pm_error *err)
{
    pm_writer *probe = pm_writer_open(tif_path, PM_WRITE_BY_NAME | PM_WRITE_REGULAR, err);
    if (!probe)
        return err && err->status ? err->status : PM_ERR_IO;
    pm_writer_abort(probe);
    return PM_OK;
}

pm_status pm_render_geotiff(const pm_map *map, const char *tif_path,
                            const pm_render_options *opts, pm_render_result *result,
                            pm_error *err)
{
    pm_status st = pm_georef_tiff_probe(tif_path, err);
    if (st != PM_OK)
        return st;
    pm_render_result r = {0};
    cairo_surface_t *img = NULL;
    st = pm_render_raster(map, tif_path, opts, &r, &img, NULL, err);
    if (st == PM_OK)
        st = pm_georef_write_tiff(img, tif_path, &r, map->crs, err);
    if (img)
        cairo_surface_destroy(img);
    if (st == PM_OK && result)
        *result = r;
    else
        pm_render_result_free(&r);
    return st;
}
