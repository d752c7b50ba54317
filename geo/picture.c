/* Pictures (pm_picture.h): a PNG through GDAL's PNG driver only, expanded
 * from grey, grey + alpha, a palette, RGB or RGBA to Cairo's premultiplied
 * ARGB32. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo_internal.h"
#include "pm_guard.h"
#include "pm_picture.h"

/* One pixel from its bytes: r, g, b, a (0–255), premultiplied. */
static uint32_t argb(unsigned r, unsigned g, unsigned b, unsigned a)
{
    return (uint32_t)a << 24 | (r * a + 127) / 255 << 16 | (g * a + 127) / 255 << 8 | (b * a + 127) / 255;
}

/* Bands 1..n (n ≤ 4) of the whole picture, band after band. */
static int read_bands(GDALDatasetH ds, int w, int h, int n, unsigned char *buf)
{
    int map[4] = {1, 2, 3, 4};
    return GDALDatasetRasterIO(ds, GF_Read, 0, 0, w, h, buf, w, h, GDT_Byte, n, map, 0, 0, 0) == CE_None;
}

static void expand(GDALDatasetH ds, int n, const unsigned char *buf, size_t px, uint32_t *out)
{
    GDALColorTableH ct = n == 1 ? GDALGetRasterColorTable(GDALGetRasterBand(ds, 1)) : NULL;
    for (size_t i = 0; i < px; i++) {
        const unsigned char *b = buf + i;
        if (ct) {
            const GDALColorEntry *e = GDALGetColorEntry(ct, b[0]);
            out[i] = e ? argb((unsigned)e->c1, (unsigned)e->c2, (unsigned)e->c3, (unsigned)e->c4) : 0;
        } else if (n <= 2) {
            out[i] = argb(b[0], b[0], b[0], n == 2 ? b[px] : 255);
        } else {
            out[i] = argb(b[0], b[px], b[2 * px], n == 4 ? b[3 * px] : 255);
        }
    }
}

static pm_status decode(GDALDatasetH ds, pm_picture *out, pm_error *err)
{
    int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds), n = GDALGetRasterCount(ds);
    if (n < 1 || n > 4)
        return pm_error_set(err, PM_ERR_DATA, "a PNG of %d bands", n);
    if (w < 1 || h < 1 || w > PM_PICTURE_MAX_SIDE || h > PM_PICTURE_MAX_SIDE)
        return pm_error_set(err, PM_ERR_DATA, "%d × %d pixels: too large for a picture on a map "
                            "(at most %d a side)", w, h, PM_PICTURE_MAX_SIDE);
    size_t px = (size_t)w * (size_t)h;
    unsigned char *buf = malloc(px * (size_t)n);
    uint32_t *pixels = malloc(px * sizeof *pixels);
    pm_status st = PM_OK;
    CPLErrorReset();
    if (!buf || !pixels)
        st = pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    else if (!read_bands(ds, w, h, n, buf))
        st = pm_error_set(err, PM_ERR_DATA, "damaged PNG (%s)", pm_geo_gdal_reason("cannot read its pixels"));
    if (st == PM_OK) {
        expand(ds, n, buf, px, pixels);
        *out = (pm_picture){.pixels = pixels, .width = w, .height = h};
        pixels = NULL;
    }
    free(buf);
    free(pixels);
    return st;
}

pm_status pm_picture_read(const char *path, pm_picture *out, pm_error *err)
{
    memset(out, 0, sizeof *out);
    pm_geo_init();   /* the PNG driver is not among the lean ones */
    struct stat st;
    if (stat(path, &st) != 0 || access(path, R_OK) != 0)
        return pm_error_set(err, PM_ERR_IO, "cannot read: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return pm_error_set(err, PM_ERR_IO, "a folder, not a picture");
    if (pm_check_source(path, err) != PM_OK)
        return err ? err->status : PM_ERR_IO;
    static const char *const png[] = {"PNG", NULL};
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, png, NULL, NULL);
    if (!ds)
        return pm_error_set(err, PM_ERR_DATA, "not a PNG image (pictures are PNG files; "
                            "planmap reads no SVG or JPEG pictures)");
    pm_geo_note_inputs(ds, path);
    pm_status status = decode(ds, out, err);   /* all or nothing in *out */
    GDALClose(ds);
    return status;
}

void pm_picture_free(pm_picture *p)
{
    if (!p)
        return;
    free(p->pixels);
    memset(p, 0, sizeof *p);
}
