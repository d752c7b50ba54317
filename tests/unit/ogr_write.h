/* Test data written through OGR: WGS84 layers with text fields, and the
 * shapes the large-map tests crowd into the plans' region. */
#ifndef PM_OGR_WRITE_H
#define PM_OGR_WRITE_H

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* A WGS84 layer of `type` with the text fields named in `fields` (NULL-ended). */
static inline OGRLayerH ogr_new_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType type,
                               const char *const *fields)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, name, srs, type, NULL);
    OSRRelease(srs);
    assert_non_null(layer);
    for (int i = 0; fields[i]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], OFTString);
        OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    return layer;
}

/* A feature of geometry `g` (taken) with one value per field (NULL: unset). */
static inline void ogr_add(OGRLayerH layer, OGRGeometryH g, const char *const *values)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    for (int i = 0; i < OGR_F_GetFieldCount(f); i++)
        if (values[i])
            OGR_F_SetFieldString(f, i, values[i]);
    OGR_F_SetGeometryDirectly(f, g);
    assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
    OGR_F_Destroy(f);
}

/* Place i in the map, spread over it by two coprime strides; all but every
 * `every`-th shrunk by `crowd` towards its north-west corner. */
static inline void ogr_spot(int i, int every, double crowd, double *x, double *y)
{
    double u = ((long long)i * 7919 % 10007) / 10007.0, v = ((long long)i * 104729 % 10009) / 10009.0;
    double k = i % every ? crowd : 1;
    *x = 103.55 + u * 1.0 * k;
    *y = 30.95 - v * 0.7 * k;
}

/* A hexagon about 800 × 600 m around (x, y), with a triangular hole if
 * asked; `broken`: its fourth vertex has a y that is not a number. */
static inline OGRGeometryH ogr_hexagon(double x, double y, int hole, int broken)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    for (int k = 0; k <= 6; k++)
        OGR_G_AddPoint_2D(ring, x + 0.004 * cos(k % 6 * M_PI / 3),
                          broken && k == 3 ? NAN : y + 0.003 * sin(k % 6 * M_PI / 3));
    OGR_G_AddGeometryDirectly(poly, ring);
    if (hole) {
        OGRGeometryH h = OGR_G_CreateGeometry(wkbLinearRing);
        OGR_G_AddPoint_2D(h, x - 0.001, y - 0.001);
        OGR_G_AddPoint_2D(h, x + 0.001, y - 0.001);
        OGR_G_AddPoint_2D(h, x, y + 0.001);
        OGR_G_AddPoint_2D(h, x - 0.001, y - 0.001);
        OGR_G_AddGeometryDirectly(poly, h);
    }
    return poly;
}

/* A wavy line of 8 vertices eastwards from (x, y), its phase set by i. */
static inline OGRGeometryH ogr_wave(double x, double y, int i)
{
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    for (int k = 0; k < 8; k++)
        OGR_G_AddPoint_2D(line, x + 0.003 * k, y + 0.004 * sin(k + i));
    return line;
}

static inline OGRGeometryH ogr_point(double x, double y)
{
    OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(pt, 0, x, y);
    return pt;
}

#endif
