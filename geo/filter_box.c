/* Reading only the features of a view: the lon/lat box of the view in a
 * layer's coordinates, and whether a spatial filter by it pays (the loader,
 * source.c, and streamed layers, stream.c, ask). */
#include <cpl_error.h>
#include <math.h>
#include <string.h>

#include "geo_internal.h"
#include "load_internal.h"

/* The lon/lat box in the coordinates of a layer in `srs` (`ct` takes them
 * to WGS84; NULL: they are lon/lat), its edges densified as they curve once
 * transformed. 0 if that cannot be had. */
static int box_in_layer(OGRSpatialReferenceH srs, OGRCoordinateTransformationH ct, const double ll[4],
                        double box[4])
{
    memcpy(box, ll, 4 * sizeof *box);
    if (!ct)
        return 1;
    OGRSpatialReferenceH wgs = pm_geo_wgs84();
    OGRSpatialReferenceH src = OSRClone(srs);
    int ok = 0;
    if (wgs && src) {
        OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
        OGRCoordinateTransformationH back = OCTNewCoordinateTransformation(wgs, src);
        ok = back && OCTTransformBounds(back, ll[0], ll[1], ll[2], ll[3], &box[0], &box[1],
                                        &box[2], &box[3], 21);
        OCTDestroyCoordinateTransformation(back);   /* a delete: NULL is fine */
    }
    if (src)
        OSRRelease(src);
    if (wgs)
        OSRRelease(wgs);
    CPLErrorReset();
    return ok;
}

/* Drivers that give the features a spatial filter keeps in their order in
 * the source (the order they are drawn in): a Shapefile's .qix lists them
 * by record, FlatGeobuf's index by offset. A GeoPackage gives them in its
 * R-tree's order. */
static int filter_keeps_order(GDALDatasetH ds)
{
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    const char *name = drv ? GDALGetDriverShortName(drv) : "";
    return strcmp(name, "ESRI Shapefile") == 0 || strcmp(name, "FlatGeobuf") == 0;
}

int pm_load_filter_srs(OGRSpatialReferenceH srs, OGRCoordinateTransformationH ct,
                       const double *extent, const double ll[4], double box[4])
{
    if (!box_in_layer(srs, ct, ll, box))
        return 0;
    const double *e = extent;
    return !e || box[0] > e[0] || box[1] > e[1] || box[2] < e[2] || box[3] < e[3];
}

/* 1 if reading only the features whose box meets the lon/lat box `ll`
 * leaves some out, with that box in the layer's coordinates; 0 where a
 * filter would only cost checks (the box takes in the layer's extent), or
 * cannot be had in the layer's coordinates or in the source's order. */
int pm_load_filter_box(GDALDatasetH ds, OGRLayerH layer, const char *crs,
                       OGRCoordinateTransformationH ct, const double ll[4], double box[4])
{
    OGRSpatialReferenceH srs = NULL;
    if (!filter_keeps_order(ds) || (ct && pm_geo_layer_srs(layer, crs, &srs, NULL) != PM_OK))
        return 0;
    OGREnvelope e = {0};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int known = OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE;
    CPLPopErrorHandler();
    CPLErrorReset();
    double extent[4] = {e.MinX, e.MinY, e.MaxX, e.MaxY};
    int some = pm_load_filter_srs(srs, ct, known ? extent : NULL, ll, box);
    if (srs)
        OSRRelease(srs);
    return some;
}

void pm_load_extent_lonlat(const double *e, OGRCoordinateTransformationH ct, double ll[4])
{
    int known = e != NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (known && ct)
        known = OCTTransformBounds(ct, e[0], e[1], e[2], e[3], &ll[0], &ll[1], &ll[2], &ll[3], 21);
    else if (known)
        memcpy(ll, e, 4 * sizeof *ll);
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!known || !(ll[2] >= ll[0]) || !(ll[3] >= ll[1]))
        ll[0] = ll[1] = ll[2] = ll[3] = NAN;
}
