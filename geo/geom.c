/* OGR geometry → pm_feature: flat parts in WGS84 lon/lat, bbox and label anchor.
 *
 * Two walks over the geometry: the first counts parts and vertices, notes
 * which dimensions occur (a GeometryCollection is accepted when all its
 * members have one dimension) and picks the part the label goes on; the
 * second copies the vertices. Checks and the transformation then run on the
 * flat array, so an error can name the exact vertex. */
#include <cpl_error.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"

enum { DIM_POINT = 1, DIM_LINE = 2, DIM_POLY = 4 };

typedef struct walk {
    pm_feature *f;       /* NULL on the counting walk */
    int parts, points, polys;
    unsigned dims;
    OGRGeometryH best;   /* longest line / largest polygon: carries the label */
    double best_size;    /* NAN until a second candidate needs comparing */
    int best_part;       /* its first part (outer ring) in the flat arrays */
    int best_poly;       /* polygons: its number in part_poly */
    int flat;            /* made from flat parts (pm_geo_read_flat): `best`
                            is built only where a size or a line's middle needs it */
} walk;

static void leaf(walk *w, OGRGeometryH g, int poly)
{
    int n = OGR_G_GetPointCount(g);
    if (n <= 0)
        return;
    if (w->f) {
        w->f->part_len[w->parts] = n;
        if (w->f->part_poly)
            w->f->part_poly[w->parts] = poly;
        double *xy = w->f->xy + 2 * (size_t)w->points;
        OGR_G_GetPoints(g, xy, 2 * sizeof(double), xy + 1, 2 * sizeof(double), NULL, 0);
    }
    w->parts++;
    w->points += n;
}

static double size_of(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    return t == wkbPolygon || t == wkbTriangle ? OGR_G_Area(g) : OGR_G_Length(g);
}

/* The largest candidate carries the label. Sizes are measured only once
 * there is a choice: most features are one line or one polygon. */
static void consider(walk *w, OGRGeometryH g, int first_part)
{
    if (w->f)
        return;
    if (w->best) {
        if (isnan(w->best_size))
            w->best_size = size_of(w->best);
        double size = size_of(g);
        if (!(size > w->best_size))
            return;
        w->best_size = size;
    } else {
        w->best_size = NAN;
    }
    w->best = g;
    w->best_part = first_part;
    w->best_poly = w->polys;
}

static void polygon(walk *w, OGRGeometryH g)
{
    OGRGeometryH outer = OGR_G_GetGeometryRef(g, 0);
    if (!outer || OGR_G_GetPointCount(outer) == 0)
        return;
    int first = w->parts;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
        leaf(w, OGR_G_GetGeometryRef(g, i), w->polys);
    consider(w, g, first);
    w->polys++;
    w->dims |= DIM_POLY;
}

static pm_status visit(walk *w, OGRGeometryH g, pm_error *err)
{
    if (OGR_G_IsEmpty(g))
        return PM_OK;
    OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
    switch (type) {
    case wkbPoint:
        leaf(w, g, -1);
        w->dims |= DIM_POINT;
        return PM_OK;
    case wkbLineString:
    case wkbLinearRing:
        consider(w, g, w->parts);
        leaf(w, g, -1);
        w->dims |= DIM_LINE;
        return PM_OK;
    case wkbPolygon:
    case wkbTriangle:
        polygon(w, g);
        return PM_OK;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbPolyhedralSurface:
    case wkbTIN:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            pm_status st = visit(w, OGR_G_GetGeometryRef(g, i), err);
            if (st != PM_OK)
                return st;
        }
        return PM_OK;
    default:
        return pm_error_set(err, PM_ERR_DATA, "unsupported geometry type %s",
                            OGRGeometryTypeToName(type));
    }
}

static pm_geom_kind kind_of(unsigned dims)
{
    switch (dims) {
    case DIM_POINT: return PM_GEOM_POINT;
    case DIM_LINE: return PM_GEOM_LINE;
    case DIM_POLY: return PM_GEOM_POLYGON;
    default: return PM_GEOM_NONE;
    }
}

static pm_status check_finite(const pm_feature *f, int n, const char *what, pm_error *err)
{
    for (int i = 0; i < n; i++) {
        double x = f->xy[2 * i], y = f->xy[2 * i + 1];
        if (!isfinite(x) || !isfinite(y))
            return pm_error_set(err, PM_ERR_DATA, "coordinate %d is not finite (%s %g %g)",
                                i, what, x, y);
    }
    return PM_OK;
}

static int point_xy(OGRGeometryH pt, double out[2])
{
    if (!pt || OGR_G_IsEmpty(pt))
        return 0;
    out[0] = OGR_G_GetX(pt, 0);
    out[1] = OGR_G_GetY(pt, 0);
    return isfinite(out[0]) && isfinite(out[1]);
}

static OGRGeometryH flat_candidate(const pm_feature *f, int p, size_t first_vertex);

/* Index in f->xy of the first vertex of part p. */
static size_t part_start(const pm_feature *f, int p)
{
    size_t first = 0;
    for (int q = 0; q < p; q++)
        first += (size_t)f->part_len[q];
    return first;
}

/* GEOS' point on the surface of `poly` through GDAL; the centroid where
 * GEOS gives none. */
static int geos_anchor(OGRGeometryH poly, double out[2])
{
    OGRGeometryH pt = OGR_G_PointOnSurface(poly);
    if (!point_xy(pt, out)) {
        OGR_G_DestroyGeometry(pt);
        pt = OGR_G_CreateGeometry(wkbPoint);
        if (pt && OGR_G_Centroid(poly, pt) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(pt);
            pt = NULL;
        }
    }
    int ok = point_xy(pt, out);
    OGR_G_DestroyGeometry(pt);
    return ok;
}

/* The label's polygon's anchor from the flat arrays (anchor.c), as GEOS
 * would give it; GEOS itself only where it refuses a ring or the numbers
 * overflow, so that its error or its fallback stays what it was. */
static int polygon_anchor(const walk *w, const pm_feature *f, double out[2])
{
    int p = w->best_part, rings = 0;
    size_t first = part_start(f, p);
    while (p + rings < f->n_parts && f->part_poly[p + rings] == w->best_poly)
        rings++;
    if (pm_polygon_anchor(f->xy + 2 * first, f->part_len + p, rings, out))
        return 1;
    OGRGeometryH built = w->best ? NULL : flat_candidate(f, p, first);
    int ok = (w->best || built) && geos_anchor(w->best ? w->best : built, out);
    OGR_G_DestroyGeometry(built);
    return ok;
}

/* Label anchor in the source CRS: first point, middle of the longest line by
 * length, or GEOS' point on the surface of the largest polygon (worked out
 * by anchor.c as GEOS would, to the bit). Lengths are
 * those of the source's coordinates (degrees for lon/lat data: an east-west
 * leg counts a little long, fine for placing a label). Invalid polygons can
 * make GEOS fail; the centroid, then the first vertex, stand in. */
static void source_anchor(const walk *w, pm_feature *f, double out[2])
{
    int ok = 0;
    if (f->kind == PM_GEOM_POLYGON && (w->best || w->flat)) {
        ok = polygon_anchor(w, f, out);
    } else if (f->kind == PM_GEOM_LINE && w->best) {
        OGRGeometryH pt = OGR_G_Value(w->best, OGR_G_Length(w->best) / 2);
        ok = point_xy(pt, out);
        OGR_G_DestroyGeometry(pt);
    }
    if (!ok) {
        out[0] = f->xy[0];
        out[1] = f->xy[1];
    }
}

/* Rings GEOS would refuse. The full anchor hands a label's polygon with
 * such a ring to GEOS, whose refusal reaches the loader through GDAL's error
 * handler; a cheap anchor raises the same error in the same words, so a
 * layer is refused alike whether or not it is labelled. The rules are those
 * of GDAL 3.6 with GEOS 3.11: one point; not closed; closed with 2 points
 * (GDAL pads a closed 3-point ring to 4); tests/unit/test_geo_errors.c
 * checks them against GEOS itself. */
static void check_rings(const pm_feature *f, int best_poly)
{
    const double *v = f->xy;
    for (int p = 0; p < f->n_parts; v += 2 * f->part_len[p], p++) {
        int n = f->part_len[p];
        if (f->part_poly[p] != best_poly)
            continue;
        const double *last = v + 2 * (n - 1);
        if (n == 1)
            CPLError(CE_Failure, CPLE_AppDefined,
                     "IllegalArgumentException: point array must contain 0 or >1 elements\n");
        else if (v[0] != last[0] || v[1] != last[1])
            CPLError(CE_Failure, CPLE_AppDefined,
                     "IllegalArgumentException: Points of LinearRing do not form a closed linestring");
        else if (n == 2)
            CPLError(CE_Failure, CPLE_AppDefined,
                     "IllegalArgumentException: Invalid number of points in LinearRing found 2 - must be 0 or >= 4");
        else
            continue;
        return;
    }
}

/* A cheap anchor for a feature nothing labels, from the flat arrays: the
 * centre of the box of the largest polygon's outer ring, or the middle vertex
 * of the longest line. It is never drawn; it only has to be a sane point. */
static void cheap_anchor(const walk *w, const pm_feature *f, double out[2])
{
    out[0] = f->xy[0];
    out[1] = f->xy[1];
    if (f->kind == PM_GEOM_POINT || (!w->best && !w->flat))
        return;
    const double *v = f->xy + 2 * part_start(f, w->best_part);
    int n = f->part_len[w->best_part];
    if (f->kind == PM_GEOM_LINE) {
        out[0] = v[2 * (n / 2)];
        out[1] = v[2 * (n / 2) + 1];
        return;
    }
    check_rings(f, w->best_poly);
    double box[4];
    pm_points_extent(v, (size_t)n, box);
    out[0] = 0.5 * (box[0] + box[2]);
    out[1] = 0.5 * (box[1] + box[3]);
}

/* x/y scratch for n points, kept in the reader: one allocation per layer
 * rather than three per feature. */
static int reserve(pm_geo_reader *r, size_t n)
{
    if (n <= r->cap)
        return 1;
    size_t cap = n > 2 * r->cap ? n : 2 * r->cap;
    double *x = realloc(r->x, cap * sizeof *x);
    if (x)
        r->x = x;
    double *y = realloc(r->y, cap * sizeof *y);
    if (y)
        r->y = y;
    int *ok = realloc(r->ok, cap * sizeof *ok);
    if (ok)
        r->ok = ok;
    if (!x || !y || !ok)
        return 0;
    r->cap = cap;
    return 1;
}

void pm_geo_reader_release(pm_geo_reader *r)
{
    free(r->x);
    free(r->y);
    free(r->ok);
    r->x = r->y = NULL;
    r->ok = NULL;
    r->cap = 0;
}

/* Transform the n vertices and the anchor together (the anchor as point n). */
static pm_status to_wgs84(pm_geo_reader *r, pm_feature *f, int n, pm_error *err)
{
    if (!reserve(r, (size_t)n + 1))
        return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    double *x = r->x, *y = r->y;
    int *ok = r->ok;
    for (int i = 0; i < n; i++) {
        x[i] = f->xy[2 * i];
        y[i] = f->xy[2 * i + 1];
    }
    x[n] = f->anchor[0];
    y[n] = f->anchor[1];
    CPLErrorReset();
    int all = OCTTransformEx(r->ct, n + 1, x, y, NULL, ok);
    for (int i = 0; i <= n; i++) {
        if (ok[i] && isfinite(x[i]) && isfinite(y[i]))
            continue;
        const double *src = i == n ? f->anchor : &f->xy[2 * i];
        return pm_error_set(err, PM_ERR_CRS, "%s %d (%g %g) could not be transformed to WGS84 lon/lat (%s)",
                            i == n ? "label anchor" : "coordinate", i == n ? 0 : i, src[0], src[1],
                            pm_geo_gdal_reason("outside the projection's domain"));
    }
    if (!all)
        return pm_error_set(err, PM_ERR_CRS, "transformation to WGS84 failed (%s)",
                            pm_geo_gdal_reason("unknown reason"));
    for (int i = 0; i < n; i++) {
        f->xy[2 * i] = x[i];
        f->xy[2 * i + 1] = y[i];
    }
    f->anchor[0] = x[n];
    f->anchor[1] = y[n];
    return PM_OK;
}

/* Beyond this, a "degree" is most likely a metre of a projected CRS the
 * source does not name (a Shapefile without its .prj). */
#define PROJECTED_LIKE 1000.0

/* 1e-9° (~0.1 mm) of slack for values a transformation rounds past ±180/±90. */
static pm_status check_range(const pm_feature *f, int n, pm_error *err)
{
    for (int i = 0; i < n; i++) {
        double lon = f->xy[2 * i], lat = f->xy[2 * i + 1];
        int lat_out = fabs(lat) > 90 + 1e-9, lon_out = fabs(lon) > 180 + 1e-9;
        if (!lat_out && !lon_out)
            continue;
        double v = lat_out ? lat : lon;
        const char *hint = fabs(v) > PROJECTED_LIKE && fabs(v) < 1e12
                               ? " (projected coordinates? name the source's CRS in the layer's \"crs\")"
                               : "";
        return pm_error_set(err, PM_ERR_DATA, "coordinate %d (%g %g): %s %g is beyond %s in WGS84%s", i,
                            lon, lat, lat_out ? "latitude" : "longitude", v, lat_out ? "±90" : "±180",
                            hint);
    }
    return PM_OK;
}

static pm_status allocate(pm_arena *a, pm_feature *f, const walk *count, pm_error *err)
{
    size_t parts = (size_t)count->parts;
    f->xy = pm_arena_alloc(a, 2 * sizeof(double) * (size_t)count->points, sizeof(double));
    f->part_len = pm_arena_alloc(a, sizeof(int) * parts, sizeof(int));
    if (f->kind == PM_GEOM_POLYGON)
        f->part_poly = pm_arena_alloc(a, sizeof(int) * parts, sizeof(int));
    if (!f->part_len || !f->xy || (f->kind == PM_GEOM_POLYGON && !f->part_poly))
        return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    return PM_OK;
}

/* The anchor, the transformation to WGS84, the checks and the box of a
 * feature whose n vertices are in place, `w` having picked its label's part. */
static pm_status finish(const walk *w, pm_geo_reader *r, pm_feature *f, int n, pm_error *err)
{
    pm_status st = check_finite(f, n, r->ct ? "source x/y" : "lon/lat", err);
    if (st != PM_OK)
        return st;
    if (r->cheap_anchor)
        cheap_anchor(w, f, f->anchor);
    else
        source_anchor(w, f, f->anchor);
    if (r->ct && (st = to_wgs84(r, f, n, err)) != PM_OK)
        return st;
    if ((st = check_range(f, n, err)) != PM_OK)
        return st;
    pm_points_extent(f->xy, (size_t)n, f->bbox);
    return PM_OK;
}

static pm_status convert(OGRGeometryH g, pm_geo_reader *r, pm_feature *f, pm_error *err)
{
    walk count = {0};
    pm_status st = visit(&count, g, err);
    if (st != PM_OK || count.points == 0)
        return st;
    if (count.dims != DIM_POINT && count.dims != DIM_LINE && count.dims != DIM_POLY)
        return pm_error_set(err, PM_ERR_DATA,
                            "%s mixes points, lines and polygons; split it into one feature per kind",
                            OGR_G_GetGeometryName(g));
    f->kind = kind_of(count.dims);
    if ((st = allocate(r->arena, f, &count, err)) != PM_OK)
        return st;
    walk fill = {.f = f};
    visit(&fill, g, err);
    f->n_parts = count.parts;
    return finish(&count, r, f, count.points, err);
}

pm_status pm_geo_read_geometry(OGRGeometryH geom, pm_geo_reader *r, pm_feature *f, pm_error *err)
{
    f->kind = PM_GEOM_NONE;
    f->n_parts = 0;
    for (int i = 0; i < 4; i++)
        f->bbox[i] = NAN;
    f->anchor[0] = f->anchor[1] = NAN;
    if (!geom || OGR_G_IsEmpty(geom))
        return PM_OK;
    /* Arcs (CircularString, CurvePolygon…) become line segments first. */
    OGRGeometryH linear = NULL;
    if (OGR_G_HasCurveGeometry(geom, FALSE)) {
        linear = OGR_G_GetLinearGeometry(geom, 0, NULL);
        if (!linear)
            return pm_error_set(err, PM_ERR_DATA, "cannot turn curved %s into lines (%s)",
                                OGR_G_GetGeometryName(geom), pm_geo_gdal_reason("GDAL failed"));
    }
    pm_status st = convert(linear ? linear : geom, r, f, err);
    OGR_G_DestroyGeometry(linear);
    if (st != PM_OK) {
        f->kind = PM_GEOM_NONE;
        f->n_parts = 0;
        f->anchor[0] = f->anchor[1] = NAN;
    }
    return st;
}

/* ---- flat parts (geo/geojson.c) -------------------------------------- */

/* The OGR geometry of the line (part p) or the polygon (its rings from
 * part p on) that walk() would have handed to consider(). */
static OGRGeometryH flat_candidate(const pm_feature *f, int p, size_t first_vertex)
{
    const double *v = f->xy + 2 * first_vertex;
    if (f->kind == PM_GEOM_LINE) {
        OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
        if (line)
            OGR_G_SetPoints(line, f->part_len[p], v, 2 * sizeof(double), v + 1, 2 * sizeof(double),
                            NULL, 0);
        return line;
    }
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    for (int q = p; poly && q < f->n_parts && f->part_poly[q] == f->part_poly[p]; q++) {
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        if (!ring) {
            OGR_G_DestroyGeometry(poly);
            return NULL;
        }
        OGR_G_SetPoints(ring, f->part_len[q], v, 2 * sizeof(double), v + 1, 2 * sizeof(double),
                        NULL, 0);
        OGR_G_AddGeometryDirectly(poly, ring);
        v += 2 * (size_t)f->part_len[q];
    }
    return poly;
}

/* The label's part as consider() picks it: the first candidate unless a
 * later one is larger, sizes measured by OGR as for a GDAL geometry.
 * Returns the built geometry of the pick when `keep` (a line's middle is
 * measured on it), else NULL. */
static OGRGeometryH flat_pick(walk *w, const pm_feature *f, int keep)
{
    OGRGeometryH best = NULL;
    int candidates = 0;
    size_t vertex = 0, best_vertex = 0;
    for (int p = 0; p < f->n_parts; vertex += (size_t)f->part_len[p], p++) {
        if (f->kind == PM_GEOM_POLYGON && p > 0 && f->part_poly[p] == f->part_poly[p - 1])
            continue;   /* a hole */
        if (candidates++ == 0) {
            w->best_part = p, best_vertex = vertex;
            continue;
        }
        if (!best)
            best = flat_candidate(f, w->best_part, best_vertex);
        if (isnan(w->best_size) && best)
            w->best_size = size_of(best);
        OGRGeometryH g = flat_candidate(f, p, vertex);
        double size = g ? size_of(g) : NAN;
        if (size > w->best_size) {
            OGR_G_DestroyGeometry(best);
            best = g, w->best_size = size, w->best_part = p, best_vertex = vertex;
        } else {
            OGR_G_DestroyGeometry(g);
        }
    }
    if (f->kind == PM_GEOM_POLYGON)
        w->best_poly = f->part_poly[w->best_part];
    if (keep && !best)
        best = flat_candidate(f, w->best_part, best_vertex);
    if (!keep) {
        OGR_G_DestroyGeometry(best);
        best = NULL;
    }
    return best;
}

pm_status pm_geo_read_flat(pm_geo_reader *r, pm_feature *f, pm_error *err)
{
    for (int i = 0; i < 4; i++)
        f->bbox[i] = NAN;
    f->anchor[0] = f->anchor[1] = NAN;
    int n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += f->part_len[p];
    if (f->kind == PM_GEOM_NONE || n == 0)
        return PM_OK;
    walk w = {.flat = 1, .best_size = NAN};
    if (f->kind != PM_GEOM_POINT)
        w.best = flat_pick(&w, f, !r->cheap_anchor && f->kind == PM_GEOM_LINE);
    pm_status st = finish(&w, r, f, n, err);
    OGR_G_DestroyGeometry(w.best);
    return st;
}
