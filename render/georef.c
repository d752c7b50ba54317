/* World files and GeoTIFF from a render's map→page transform. */
#include "pm_georef.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>

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

static pm_status write_atomic(const char *path, const char *text, pm_error *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    int ok = fd >= 0;
    if (ok) {
        fchmod(fd, 0644);
        size_t len = strlen(text);
        ok = write(fd, text, len) == (ssize_t)len;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            unlink(tmp);
    }
    int e = errno;
    free(tmp);
    return ok ? PM_OK : pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", path, strerror(e));
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

static char *temp_name(const char *target, const char *suffix, pm_error *err)
{
    const char *slash = strrchr(target, '/');
    int dir_len = slash ? (int)(slash - target) + 1 : 0;
    size_t n = strlen(target) + strlen(suffix) + 16;
    char *t = malloc(n);
    if (!t) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", target);
        return NULL;
    }
    snprintf(t, n, "%.*s.%s.XXXXXX%s", dir_len, target, target + dir_len, suffix);
    int fd = mkstemps(t, (int)strlen(suffix));
    if (fd < 0) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", target, strerror(errno));
        free(t);
        return NULL;
    }
    /* mkstemp makes the file private; a map is an ordinary document. */
    if (fchmod(fd, 0644) != 0) {
        /* Not fatal: the file is still written, only with narrower permissions. */
    }
    close(fd);
    return t;
}

/* PNG raster → GTiff with CRS and geotransform, written under `tmp_tif`. */
static pm_status png_to_tiff(const char *png, const char *tmp_tif, const char *target,
                             const double gt[6], const char *wkt, pm_error *err)
{
    pm_geo_init();   /* PNG, MEM and GTiff: not among a lean process's drivers */
    GDALDatasetH src = GDALOpen(png, GA_ReadOnly);
    GDALDriverH mem_drv = GDALGetDriverByName("MEM"), tif_drv = GDALGetDriverByName("GTiff");
    GDALDatasetH mem = src && mem_drv ? GDALCreateCopy(mem_drv, "", src, FALSE, NULL, NULL, NULL) : NULL;
    pm_status st = mem && tif_drv ? PM_OK
                                  : pm_error_set(err, PM_ERR_RENDER, "%s: cannot read the rendered raster: %s",
                                                 target, CPLGetLastErrorMsg());
    if (st == PM_OK && (GDALSetGeoTransform(mem, (double *)gt) != CE_None ||
                        GDALSetProjection(mem, wkt) != CE_None))
        st = pm_error_set(err, PM_ERR_CRS, "%s: cannot set the CRS: %s", target, CPLGetLastErrorMsg());
    if (st == PM_OK) {
        char *opts[] = {"COMPRESS=DEFLATE", "PHOTOMETRIC=RGB", NULL};
        CPLErrorReset();
        GDALDatasetH out = GDALCreateCopy(tif_drv, tmp_tif, mem, FALSE, opts, NULL, NULL);
        if (out)
            GDALClose(out);
        if (!out || CPLGetLastErrorType() >= CE_Failure)
            st = pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", target, CPLGetLastErrorMsg());
    }
    if (mem)
        GDALClose(mem);
    if (src)
        GDALClose(src);
    return st;
}

pm_status pm_render_geotiff(const pm_map *map, const char *tif_path,
                            const pm_render_options *opts, pm_render_result *result,
                            pm_error *err)
{
    /* GDAL writes the GeoTIFF to a temporary that is renamed over the target:
     * over a device (/dev/full) that would replace the device node. */
    struct stat sb;
    if (stat(tif_path, &sb) == 0 && !S_ISREG(sb.st_mode))
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", tif_path,
                            S_ISDIR(sb.st_mode) ? strerror(EISDIR)
                                                : "not a regular file (a GeoTIFF must be one)");
    pm_render_options o = {0};
    if (opts)
        o = *opts;
    o.format = PM_FORMAT_PNG;
    pm_render_result r = {0};
    char *png = temp_name(tif_path, ".png", err);
    char *tif = png ? temp_name(tif_path, ".tif", err) : NULL;
    pm_status st = png && tif ? pm_render_file(map, png, &o, &r, err) : (err ? err->status : PM_ERR_IO);
    double gt[6];
    if (st == PM_OK && pm_georef_geotransform(&r, gt) != 0)
        st = pm_error_set(err, PM_ERR_RENDER, "%s: no map frame to georeference", tif_path);
    const char *wkt = pm_crs_wkt(map->crs);
    if (st == PM_OK && !wkt)
        st = pm_error_set(err, PM_ERR_CRS, "%s: the map CRS has no WKT1 form", tif_path);
    if (st == PM_OK)
        st = png_to_tiff(png, tif, tif_path, gt, wkt, err);
    if (st == PM_OK && rename(tif, tif_path) != 0)
        st = pm_error_set(err, PM_ERR_IO, "%s: cannot replace: %s", tif_path, strerror(errno));
    if (png)
        unlink(png);
    if (tif && st != PM_OK)
        unlink(tif);
    free(png);
    free(tif);
    if (st == PM_OK && result)
        *result = r;
    else
        pm_render_result_free(&r);
    return st;
}
