/* A polygon record of several rings made as GDAL's Shapefile driver makes
 * it (shapefile.h): each ring a polygon of its own, then
 * OGRGeometryFactory::organizePolygons with METHOD=ONLY_CCW, which decides
 * which rings are holes of which shells and the order of the polygons. The
 * same library call, so the same geometry to the last vertex. */
#include <new>

#include <ogr_api.h>
#include <ogr_geometry.h>

/* Declared for C in shapefile.h. */
extern "C" OGRGeometryH pm_shp_polygon(const double *xy, const int *start, int n_rings, int n_points);

extern "C" OGRGeometryH pm_shp_polygon(const double *xy, const int *start, int n_rings, int n_points)
{
    OGRGeometry **rings = new (std::nothrow) OGRGeometry *[n_rings];
    if (!rings)
        return nullptr;
    int made = 0;
    try {
        for (; made < n_rings; made++) {
            int end = made + 1 < n_rings ? start[made + 1] : n_points;
            OGRLinearRing *ring = new OGRLinearRing();
            OGRPolygon *poly = new OGRPolygon();
            rings[made] = poly;
            ring->setNumPoints(end - start[made], FALSE);
            for (int i = start[made]; i < end; i++)
                ring->setPoint(i - start[made], xy[2 * i], xy[2 * i + 1]);
            poly->addRingDirectly(ring);
        }
        int valid = FALSE;
        const char *options[] = {"METHOD=ONLY_CCW", nullptr};
        OGRGeometry *g = OGRGeometryFactory::organizePolygons(rings, n_rings, &valid, options);
        delete[] rings;
        return OGRGeometry::ToHandle(g);
    } catch (const std::bad_alloc &) {
        for (int i = 0; i < made; i++)
            delete rings[i];
        delete[] rings;
        return nullptr;
    }
}

