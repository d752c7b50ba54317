/* GeoTIFF from a drawn page's pixels (pm_geotiff.h). */
#include "pm_geotiff.h"
#include "pm_source.h"
#include "pm_write.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>
#include <gdal.h>

/* A 3-band GDAL MEM dataset reading R, G and B where they lie in the
 * 32-bit pixels: each band a byte of the word, 4 bytes apart. */
static GDALDatasetH pixels_to_mem(const unsigned char *px, int w, int h, int stride)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    static const int offset[3] = {1, 2, 3};   /* R, G, B */
#else
    static const int offset[3] = {2, 1, 0};
#endif
    GDALDriverH drv = GDALGetDriverByName("MEM");
    GDALDatasetH mem = drv && px ? GDALCreate(drv, "", w, h, 0, GDT_Byte, NULL) : NULL;
    for (int b = 0; mem && b < 3; b++) {
        char ptr[64], pix[32], line[32];
        char *opts[] = {ptr, pix, line, NULL};
        /* CPLPrintPointer does not end the string: the zeros do. */
        char addr[48] = {0};
        /* GDAL reads the buffer only: the dataset is never written to. */
        CPLPrintPointer(addr, (void *)(uintptr_t)(px + offset[b]), sizeof addr - 1);
        snprintf(ptr, sizeof ptr, "DATAPOINTER=%s", addr);
        snprintf(pix, sizeof pix, "PIXELOFFSET=4");
        snprintf(line, sizeof line, "LINEOFFSET=%d", stride);
        if (GDALAddBand(mem, GDT_Byte, opts) != CE_None) {
            GDALClose(mem);
            mem = NULL;
        }
    }
    return mem;
}

/* The georeferenced pixels to the writer's temporary, through GDAL. GDAL's
 * messages name the temporary: they are told with the target's name. */
static pm_status mem_to_tiff(GDALDatasetH mem, pm_writer *w, const char *target, pm_error *err)
{
    GDALDriverH tif_drv = GDALGetDriverByName("GTiff");
    char *opts[] = {"COMPRESS=DEFLATE", "PHOTOMETRIC=RGB", NULL};
    /* All in the one file: GDAL's .aux.xml beside it (what a failed write
     * leaves, or what keys cannot hold) would be named after the temporary
     * and left behind. On this thread only, as it was after. */
    const char *pam = CPLGetThreadLocalConfigOption("GDAL_PAM_ENABLED", NULL);
    char *saved = pam ? CPLStrdup(pam) : NULL;
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
    CPLErrorReset();
    GDALDatasetH out = tif_drv ? GDALCreateCopy(tif_drv, pm_writer_temp(w), mem, FALSE, opts,
                                                NULL, NULL)
                               : NULL;
    if (out)
        GDALClose(out);
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", saved);
    CPLFree(saved);
    if (out && CPLGetLastErrorType() < CE_Failure)
        return PM_OK;
    if (pm_writer_full(w))
        return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", target,
                            strerror(pm_writer_full(w)));
    char why[PM_ERROR_MAX];
    pm_writer_unname(w, CPLGetLastErrorMsg(), why, sizeof why);
    return pm_error_set(err, PM_ERR_IO, "%s: cannot write: %s", target,
                        why[0] ? why : "GDAL could not write the GeoTIFF");
}

pm_status pm_geotiff_write(const char *path, const unsigned char *pixels, int width, int height,
                           int stride, const double gt[6], const char *wkt, pm_error *err)
{
    pm_geo_init();   /* MEM and GTiff: not among a lean process's drivers */
    GDALDatasetH mem = pixels_to_mem(pixels, width, height, stride);
    if (!mem)
        return pm_error_set(err, PM_ERR_RENDER, "%s: cannot hand the drawn raster to GDAL: %s",
                            path, CPLGetLastErrorMsg());
    pm_status st = PM_OK;
    pm_geo_sqlite_heap_cap(0);   /* PROJ's lookup must not sort through a file */
    if (GDALSetGeoTransform(mem, (double *)gt) != CE_None || GDALSetProjection(mem, wkt) != CE_None)
        st = pm_error_set(err, PM_ERR_CRS, "%s: cannot set the CRS: %s", path, CPLGetLastErrorMsg());
    pm_geo_sqlite_heap_cap(1);
    pm_writer *w = st == PM_OK ? pm_writer_open(path, PM_WRITE_BY_NAME | PM_WRITE_REGULAR, err)
                               : NULL;
    if (st == PM_OK && !w)
        st = err && err->status ? err->status : PM_ERR_IO;
    if (st == PM_OK)
        st = mem_to_tiff(mem, w, path, err);
    if (st == PM_OK)
        st = pm_writer_commit(w, err);
    else
        pm_writer_abort(w);
    GDALClose(mem);
    return st;
}
