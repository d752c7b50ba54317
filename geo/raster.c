/* Raster sources (pm_raster.h): opened as vector sources are (the network
 * and FIFO checks, inputs noted), described by their footprint in lon/lat,
 * and warped by GDAL's warper into a MEM dataset of exactly the box and
 * size asked for. The warper reads the window it needs from the overview
 * nearest that resolution, so a huge raster is never read whole. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal_utils.h>

#include "geo_internal.h"
#include "pm_guard.h"
#include "pm_raster.h"
#include "pm_alloc.h"

static pm_status data_error(pm_error *err, const char *path, const char *what)
{
    return pm_error_set(err, PM_ERR_DATA, "%s: %s (%s)", path, what,
                        pm_geo_gdal_reason("no driver recognises it"));
}

GDALDatasetH pm_geo_open_raster(const char *path, pm_error *err)
{
    pm_geo_init();   /* every raster driver, and MEM for the warp */
    struct stat st;
    int plain = strncmp(path, "/vsi", 4) != 0 && !strchr(path, ':');
    if (plain && (stat(path, &st) != 0 || access(path, R_OK) != 0))
        return pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno)), NULL;
    if (pm_check_source(path, err) != PM_OK)
        return NULL;
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return data_error(err, path, "not a raster GDAL can read"), NULL;
    double gt[6];
    if (GDALGetRasterCount(ds) < 1 || GDALGetGeoTransform(ds, gt) != CE_None ||
        !GDALGetSpatialRef(ds)) {
        pm_error_set(err, PM_ERR_DATA, "%s: a raster without %s", path,
                     GDALGetRasterCount(ds) < 1 ? "bands" : "georeferencing (a CRS and a geotransform)");
        GDALClose(ds);
        return NULL;
    }
    pm_geo_note_inputs(ds, path);
    return ds;
}

/* The outline of the pixels in the dataset's CRS, PM_RASTER_RING points. */
static void footprint(GDALDatasetH ds, double *ring)
{
    double gt[6];
    GDALGetGeoTransform(ds, gt);
    double w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
    const double corner[5][2] = {{0, 0}, {w, 0}, {w, h}, {0, h}, {0, 0}};
    for (int s = 0; s < 4; s++)
        for (int k = 0; k < PM_RASTER_RING_SIDE; k++) {
            double t = (double)k / PM_RASTER_RING_SIDE;
            double px = corner[s][0] + t * (corner[s + 1][0] - corner[s][0]);
            double py = corner[s][1] + t * (corner[s + 1][1] - corner[s][1]);
            double *p = ring + 2 * (s * PM_RASTER_RING_SIDE + k);
            p[0] = gt[0] + px * gt[1] + py * gt[2];
            p[1] = gt[3] + px * gt[4] + py * gt[5];
        }
}

/* Transform the ring's points in place; returns how many transformed. */
static int transform_ring(OGRCoordinateTransformationH ct, double *ring)
{
    if (!ct)
        return PM_RASTER_RING;
    double x[PM_RASTER_RING], y[PM_RASTER_RING];
    int ok[PM_RASTER_RING];
    for (int i = 0; i < PM_RASTER_RING; i++)
        x[i] = ring[2 * i], y[i] = ring[2 * i + 1];
    OCTTransformEx(ct, PM_RASTER_RING, x, y, NULL, ok);
    int n = 0;
    for (int i = 0; i < PM_RASTER_RING; i++)
        if (ok[i] && isfinite(x[i]) && isfinite(y[i])) {
            ring[2 * n] = x[i], ring[2 * n + 1] = y[i];
            n++;
        }
    return n;
}

/* Colour bands: every band but a last alpha band. */
static int colour_bands(GDALDatasetH ds, int *alpha)
{
    int n = GDALGetRasterCount(ds);
    *alpha = n > 1 && GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, n)) == GCI_AlphaBand ? n : 0;
    return *alpha ? n - 1 : n;
}

pm_status pm_raster_probe(const char *path, int *n_bands, double *ring, pm_error *err)
{
    GDALDatasetH ds = pm_geo_open_raster(path, err);
    if (!ds)
        return err ? err->status : PM_ERR_DATA;
    int alpha;
    *n_bands = colour_bands(ds, &alpha);
    footprint(ds, ring);
    OGRCoordinateTransformationH ct = NULL;
    pm_status st = pm_geo_to_wgs84(GDALGetSpatialRef(ds), &ct, err);
    if (st == PM_OK && transform_ring(ct, ring) != PM_RASTER_RING)
        st = pm_error_set(err, PM_ERR_CRS, "%s: the raster's corners do not transform to lon/lat", path);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    GDALClose(ds);
    return st;
}

/* ---- warping ------------------------------------------------------------ */

/* 1 if the raster's footprint, taken to the target CRS, meets the box. */
static int overlaps(GDALDatasetH ds, OGRSpatialReferenceH dst, const double box[4])
{
    double ring[2 * PM_RASTER_RING];
    footprint(ds, ring);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(GDALGetSpatialRef(ds), dst);
    int n = ct ? transform_ring(ct, ring) : 0;
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (n == 0)
        return 1;   /* cannot tell: let the warper decide */
    double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int i = 0; i < n; i++) {
        e[0] = fmin(e[0], ring[2 * i]), e[2] = fmax(e[2], ring[2 * i]);
        e[1] = fmin(e[1], ring[2 * i + 1]), e[3] = fmax(e[3], ring[2 * i + 1]);
    }
    return e[0] < box[2] && e[2] > box[0] && e[1] < box[3] && e[3] > box[1];
}

/* The bands to warp as a dataset of their own (an in-memory VRT keeping the
 * alpha band last), or the source itself when they are its colour bands in
 * order. */
static GDALDatasetH select_bands(GDALDatasetH ds, const pm_raster_request *rq, int *n, pm_error *err)
{
    int alpha, colour = colour_bands(ds, &alpha);
    int want[4], k = rq->n_bands;
    for (int i = 0; i < k; i++)
        want[i] = rq->bands[i];
    if (k == 0) {
        k = colour >= 3 ? 3 : 1;
        for (int i = 0; i < k; i++)
            want[i] = i + 1;
    }
    *n = k;
    int natural = k == colour;
    for (int i = 0; i < k; i++) {
        if (want[i] < 1 || want[i] > colour)
            return pm_error_set(err, PM_ERR_DATA, "%s: no band %d (the raster has %d)", rq->path,
                                want[i], colour), NULL;
        natural = natural && want[i] == i + 1;
    }
    if (natural)
        return ds;
    char num[6][12];
    const char *argv[16] = {"-of", "VRT"};
    int a = 2;
    for (int i = 0; i <= k; i++) {
        int b = i < k ? want[i] : alpha;
        if (!b)
            break;
        snprintf(num[i], sizeof num[i], "%d", b);
        argv[a++] = "-b";
        argv[a++] = num[i];
    }
    argv[a] = NULL;
    GDALTranslateOptions *o = GDALTranslateOptionsNew((char **)argv, NULL);
    GDALDatasetH vrt = o ? GDALTranslate("", ds, o, NULL) : NULL;
    GDALTranslateOptionsFree(o);
    if (!vrt)
        data_error(err, rq->path, "cannot select its bands");
    return vrt;
}

/* A MEM dataset of the box and size, n colour bands and an alpha band. */
static GDALDatasetH make_target(const pm_raster_request *rq, int n, OGRSpatialReferenceH srs)
{
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH dst = mem ? GDALCreate(mem, "", rq->width, rq->height, n + 1,
                                        rq->as_float ? GDT_Float32 : GDT_Byte, NULL)
                           : NULL;
    if (!dst)
        return NULL;
    double gt[6] = {rq->box[0], (rq->box[2] - rq->box[0]) / rq->width, 0,
                    rq->box[3], 0, -(rq->box[3] - rq->box[1]) / rq->height};
    GDALSetGeoTransform(dst, gt);
    GDALSetSpatialRef(dst, srs);
    GDALSetRasterColorInterpretation(GDALGetRasterBand(dst, n + 1), GCI_AlphaBand);
    return dst;
}

static pm_status warp_into(GDALDatasetH src, GDALDatasetH dst, const pm_raster_request *rq,
                           pm_error *err)
{
    const char *argv[] = {"-r", rq->resampling ? rq->resampling : "bilinear", "-dstalpha", "-wo", "INIT_DEST=0",
                          "-wo", "DST_ALPHA_MAX=255", NULL};
    GDALWarpAppOptions *o = GDALWarpAppOptionsNew((char **)argv, NULL);
    int usage = 0;
    GDALDatasetH out = o ? GDALWarp(NULL, dst, 1, &src, o, &usage) : NULL;
    GDALWarpAppOptionsFree(o);
    if (!out)
        return data_error(err, rq->path, "cannot warp it to the map");
    return PM_OK;
}

void pm_raster_pixels_free(pm_raster_pixels *px)
{
    if (!px)
        return;
    PM_FREE_ALL(px->values, px->valid);
    px->values = NULL;
    px->valid = NULL;
}

static pm_status read_pixels(GDALDatasetH dst, int n, const pm_raster_request *rq,
                             pm_raster_pixels *out, pm_error *err)
{
    size_t plane = (size_t)rq->width * rq->height;
    size_t size = rq->as_float ? sizeof(float) : 1;
    out->values = calloc(plane * n, size);
    out->valid = calloc(plane, 1);
    if (!out->values || !out->valid)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory warping it", rq->path);
    if (!dst)
        return PM_OK;   /* outside the box: nothing there */
    GDALDataType t = rq->as_float ? GDT_Float32 : GDT_Byte;
    int bands[5] = {1, 2, 3, 4, 5};
    if (GDALDatasetRasterIO(dst, GF_Read, 0, 0, rq->width, rq->height, out->values, rq->width,
                            rq->height, t, n, bands, 0, 0, 0) != CE_None ||
        GDALRasterIO(GDALGetRasterBand(dst, n + 1), GF_Read, 0, 0, rq->width, rq->height,
                     out->valid, rq->width, rq->height, GDT_Byte, 0, 0) != CE_None)
        return data_error(err, rq->path, "cannot read the warped pixels");
    return PM_OK;
}

/* The warp's datasets: the file, its chosen bands (`src`, the file itself
 * when all are drawn) and the target in the map's CRS. */
static void close_warp(GDALDatasetH ds, GDALDatasetH src, GDALDatasetH dst,
                       OGRSpatialReferenceH srs)
{
    if (dst)
        GDALClose(dst);
    if (src && src != ds)
        GDALClose(src);
    GDALClose(ds);
    OSRRelease(srs);
}

pm_status pm_raster_warp(const pm_raster_request *rq, pm_raster_pixels *out, pm_error *err)
{
    memset(out, 0, sizeof *out);
    if (rq->width < 1 || rq->height < 1 || rq->n_bands < 0 || rq->n_bands > 4)
        return pm_error_set(err, PM_ERR_USAGE, "%s: no pixels asked for", rq->path);
    GDALDatasetH ds = pm_geo_open_raster(rq->path, err);
    if (!ds)
        return err ? err->status : PM_ERR_DATA;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    pm_status st = PM_OK;
    if (!srs || OSRSetFromUserInput(srs, rq->crs) != OGRERR_NONE)
        st = pm_error_set(err, PM_ERR_CRS, "%s: the map's CRS is not one GDAL knows", rq->path);
    if (srs)
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    int n = 0;
    GDALDatasetH src = st == PM_OK ? select_bands(ds, rq, &n, err) : NULL;
    if (st == PM_OK && !src)
        st = err ? err->status : PM_ERR_DATA;
    GDALDatasetH dst = NULL;
    if (st == PM_OK && overlaps(src, srs, rq->box)) {
        dst = make_target(rq, n, srs);
        st = dst ? warp_into(src, dst, rq, err)
                 : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory warping it", rq->path);
    }
    out->width = rq->width;
    out->height = rq->height;
    out->n_bands = n;
    if (st == PM_OK)
        st = read_pixels(dst, n, rq, out, err);
    close_warp(ds, src, dst, srs);
    if (st != PM_OK)
        pm_raster_pixels_free(out);
    return st;
}
