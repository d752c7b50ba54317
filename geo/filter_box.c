/* Reading only the features of a view: the lon/lat box of the view in a
 * layer's coordinates, and whether a spatial filter by it pays (the loader,
 * source.c, and streamed layers, stream.c, ask). */
#include <cpl_error.h>
#include <math.h>
#include <stdlib.h>
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

/* SQL: `s` between quotes `q`, those in it doubled. */
static void add_quoted(pm_sbuf *b, const char *s, char q)
{
    pm_sbuf_addn(b, &q, 1);
    for (const char *c = s ? s : ""; *c; c++) {
        if (*c == q)
            pm_sbuf_addn(b, &q, 1);
        pm_sbuf_addn(b, c, 1);
    }
    pm_sbuf_addn(b, &q, 1);
}

/* 1 if the GeoPackage table behind `layer` has its R-tree (the spatial
 * index gpkg_extensions lists). */
static int has_rtree(GDALDatasetH ds, OGRLayerH layer)
{
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "SELECT 1 FROM gpkg_extensions WHERE lower(table_name) = lower(");
    add_quoted(&b, OGR_L_GetName(layer), '\'');
    pm_sbuf_add(&b, ") AND lower(column_name) = lower(");
    add_quoted(&b, OGR_L_GetGeometryColumn(layer), '\'');
    pm_sbuf_add(&b, ") AND extension_name = 'gpkg_rtree_index'");
    char *sql = pm_sbuf_take(&b);
    int yes = 0;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRLayerH r = sql ? GDALDatasetExecuteSQL(ds, sql, NULL, NULL) : NULL;
    if (r) {
        OGRFeatureH f = OGR_L_GetNextFeature(r);
        yes = f != NULL;
        OGR_F_Destroy(f);
        GDALDatasetReleaseResultSet(ds, r);
    }
    CPLPopErrorHandler();
    CPLErrorReset();
    free(sql);
    return yes;
}

/* How a box is asked of the driver so the features come in their order in
 * the source (the order they are drawn in): a spatial filter where a
 * Shapefile's .qix lists them by record and FlatGeobuf's index by offset;
 * for a GeoPackage, whose spatial filter joins its R-tree and gives them in
 * the R-tree's order, the FIDs the R-tree has for the box, asked as an
 * attribute filter (pm_load_set_filter). PM_FILTER_NONE: neither. */
static int filter_kind(GDALDatasetH ds, OGRLayerH layer)
{
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    const char *name = drv ? GDALGetDriverShortName(drv) : "";
    if (strcmp(name, "ESRI Shapefile") == 0 || strcmp(name, "FlatGeobuf") == 0)
        return PM_FILTER_SPATIAL;
    const char *fid = OGR_L_GetFIDColumn(layer), *geom = OGR_L_GetGeometryColumn(layer);
    if (strcmp(name, "GPKG") == 0 && fid && fid[0] && geom && geom[0] && has_rtree(ds, layer))
        return PM_FILTER_RTREE;
    return PM_FILTER_NONE;
}

/* SQLite walks `fid IN (SELECT ...)` in the order of the FIDs, each read
 * by its key: only the box's features, in the table's order. The R-tree's
 * boxes are rounded outwards to floats, so the reader checks each
 * feature's own box (PM_FILTER_RTREE). */
static char *rtree_filter(OGRLayerH layer, const char *where, const double b[4])
{
    pm_sbuf s = {0};
    if (where)
        pm_sbuf_addf(&s, "(%s) AND ", where);
    add_quoted(&s, OGR_L_GetFIDColumn(layer), '"');
    pm_sbuf_add(&s, " IN (SELECT id FROM ");
    pm_sbuf name = {0};
    pm_sbuf_addf(&name, "rtree_%s_%s", OGR_L_GetName(layer), OGR_L_GetGeometryColumn(layer));
    char *rtree = pm_sbuf_take(&name);
    add_quoted(&s, rtree, '"');
    s.nomem |= rtree == NULL;
    free(rtree);
    pm_sbuf_addf(&s, " WHERE maxx >= %.17g AND minx <= %.17g AND maxy >= %.17g AND miny <= %.17g)",
                 b[0], b[2], b[1], b[3]);
    return pm_sbuf_take(&s);
}

int pm_load_set_filter(OGRLayerH layer, int kind, const char *where, const double box[4])
{
    if (kind == PM_FILTER_SPATIAL) {
        OGR_L_SetSpatialFilterRect(layer, box[0], box[1], box[2], box[3]);
        return kind;
    }
    char *sql = kind == PM_FILTER_RTREE ? rtree_filter(layer, where && where[0] ? where : NULL, box) : NULL;
    int set = sql && OGR_L_SetAttributeFilter(layer, sql) == OGRERR_NONE;
    free(sql);
    CPLErrorReset();
    return set ? kind : PM_FILTER_NONE;
}

int pm_load_view_box(OGRLayerH layer, const char *crs, OGRCoordinateTransformationH ct,
                     const double ll[4], double box[4])
{
    OGRSpatialReferenceH srs = NULL;
    if (ct && pm_geo_layer_srs(layer, crs, &srs, NULL) != PM_OK)
        return 0;
    int ok = box_in_layer(srs, ct, ll, box);
    if (srs)
        OSRRelease(srs);
    return ok;
}

/* 1 if `box` leaves out some of `extent` (NULL: not known). */
static int leaves_out(const double *e, const double box[4])
{
    return !e || box[0] > e[0] || box[1] > e[1] || box[2] < e[2] || box[3] < e[3];
}

int pm_load_filter_srs(OGRSpatialReferenceH srs, OGRCoordinateTransformationH ct,
                       const double *extent, const double ll[4], double box[4])
{
    return box_in_layer(srs, ct, ll, box) && leaves_out(extent, box);
}

int pm_load_filter_box(GDALDatasetH ds, OGRLayerH layer, const char *crs,
                       OGRCoordinateTransformationH ct, const double ll[4], double box[4])
{
    int kind = filter_kind(ds, layer);
    if (kind == PM_FILTER_NONE || !pm_load_view_box(layer, crs, ct, ll, box))
        return PM_FILTER_NONE;
    OGREnvelope e = {0};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int known = OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE;
    CPLPopErrorHandler();
    CPLErrorReset();
    double extent[4] = {e.MinX, e.MinY, e.MaxX, e.MaxY};
    return leaves_out(known ? extent : NULL, box) ? kind : PM_FILTER_NONE;
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
