/* The scan converter's strokes (raster_internal.h): a stroke is the
 * outline of its area, round joins on the outer side of each turn and the
 * meeting point of the edges on the inner side, half discs at the ends;
 * and what draw_raster.c asks for: polygons, lines and markers. */
#include "raster_internal.h"

#include <math.h>

/* Facets per radian for an arc of this radius: none strays from the circle
 * by more than a tenth of a pixel. */
static double arc_steps(double radius)
{
    return radius < 0.6 ? 1 : 1 / acos(fmax(0, 1 - 0.1 / radius));
}

/* The rim of an arc around (cx, cy) from the point (cx + ux, cy + uy) over
 * `sweep` radians in facets of at most 1/steps radian, both ends included;
 * its points by rotation, not by trigonometry per point. */
static void arc(pm_raster *r, double cx, double cy, double ux, double uy, double steps, double sweep)
{
    int n = (int)ceil(fabs(sweep) * steps);
    n = n < 1 ? 1 : n > 64 ? 64 : n;
    double c = cos(sweep / n), sn = sin(sweep / n);
    for (int i = 0; i <= n; i++) {
        pm_raster_shape_point(r, cx + ux, cy + uy);
        double t = ux * c - uy * sn;
        uy = ux * sn + uy * c;
        ux = t;
    }
}

/* One part of a stroke in device pixels: its points, and each segment's
 * unit direction and length (segment i from point i to the next). */
typedef struct stroke_part {
    const double *v, *u, *len;
    double hw;
    double steps, one_facet;   /* facets per radian; the cosine of a turn one facet takes */
} stroke_part;

/* The outline's points at point i, between the segments before (h) and
 * after it (i), on side s of the line: -1 is the side of the point minus
 * the left normal ((-uy, ux) times the half width), walked forward; +1 the
 * other, walked back. On the outer side of a turn a round join (an arc), on
 * the inner side the point where the two edges meet. A slight turn (20
 * degrees for a 2-pixel stroke, less for wider; any under a pixel wide),
 * whose arc and overlap are under a fifth of a pixel in area and nearly
 * cancel, and a hairpin, whose overlap reaches past a segment, go through
 * the point itself instead: the two segments' ends, each counted whole.
 * The turn's angle is worked out only for an arc of more than one facet:
 * its cosine and sine are the dot and cross products of the directions. */
static void join_side(pm_raster *r, const stroke_part *p, int h, int i, double s)
{
    const double *b = &p->v[2 * i];
    double hw = p->hw, la = p->len[h], lb = p->len[i];
    double ux = p->u[2 * h], uy = p->u[2 * h + 1], vx = p->u[2 * i], vy = p->u[2 * i + 1];
    double cross = ux * vy - uy * vx, dot = ux * vx + uy * vy;
    /* The offsets at b, in walking order: first, last. */
    double fx = -uy * hw, fy = ux * hw, lx = -vy * hw, ly = vx * hw;
    if (s > 0) {
        double t = fx; fx = lx; lx = t;
        t = fy; fy = ly; ly = t;
    }
    /* The outer side, the one the turn leaves: as atan2(cross, dot) > 0 says. */
    double side = cross > 0 || (cross == 0 && dot < 0 && !signbit(cross)) ? -1 : 1;
    int slight = hw < 0.5 || (dot > 0 && fabs(cross) < 0.34 / (hw > 1 ? hw * hw : 1));
    if (!slight && side == s) {
        if (dot >= p->one_facet) {
            pm_raster_shape_point(r, b[0] + s * fx, b[1] + s * fy);
            pm_raster_shape_point(r, b[0] + s * lx, b[1] + s * ly);
        } else {
            double turn = atan2(cross, dot);
            arc(r, b[0], b[1], s * fx, s * fy, p->steps, s < 0 ? turn : -turn);
        }
        return;
    }
    /* tan and cos of half the turn from its cosine and sine */
    double reach = 1 + dot > 0 ? hw * fabs(cross) / (1 + dot) : INFINITY;
    if (slight || 1 + dot <= 2e-12 || reach > la || reach > lb) {
        pm_raster_shape_point(r, b[0] + s * fx, b[1] + s * fy);
        pm_raster_shape_point(r, b[0], b[1]);
        pm_raster_shape_point(r, b[0] + s * lx, b[1] + s * ly);
        return;
    }
    /* Along the sum of the normals, hw / cos(half the turn) from b. */
    double k = hw / (1 + dot);
    pm_raster_shape_point(r, b[0] - side * (-uy - vy) * k, b[1] - side * (ux + vx) * k);
}

/* Device points of one part without repeats (a zero-length segment has no
 * direction); their count. */
static int device_part(pm_raster *r, const double *pts, int n, double *out)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        pm_raster_to_device(r, pts[2 * i], pts[2 * i + 1], &out[2 * k], &out[2 * k + 1]);
        if (k == 0 || out[2 * k] != out[2 * k - 2] || out[2 * k + 1] != out[2 * k - 1])
            k++;
    }
    return k;
}

/* Each segment's direction and length, once for both sides. */
static void directions(double *v, int n, int segs, double *u, double *len)
{
    for (int i = 0; i < segs; i++) {
        int j = (i + 1) % n;
        double dx = v[2 * j] - v[2 * i], dy = v[2 * j + 1] - v[2 * i + 1], l = hypot(dx, dy);
        u[2 * i] = dx / l;
        u[2 * i + 1] = dy / l;
        len[i] = l;
    }
}

/* Under a pixel wide a stroke has no joins (join_side's slight turns): a
 * quadrilateral a segment, and half discs at an open part's ends, each
 * wound as built. Four edges a segment, where the outline through each
 * point takes six (the hairlines of 100 000 polygons: 5 % of their CPU). */
static void hairline(pm_raster *r, const stroke_part *p, int n, int segs)
{
    for (int i = 0; i < segs; i++) {
        const double *a = &p->v[2 * i], *b = &p->v[2 * ((i + 1) % n)];
        double nx = -p->u[2 * i + 1] * p->hw, ny = p->u[2 * i] * p->hw;
        pm_raster_ring_open(r, PM_RING_AS_BUILT);
        pm_raster_shape_point(r, a[0] - nx, a[1] - ny);
        pm_raster_shape_point(r, b[0] - nx, b[1] - ny);
        pm_raster_shape_point(r, b[0] + nx, b[1] + ny);
        pm_raster_shape_point(r, a[0] + nx, a[1] + ny);
    }
    if (segs == n)
        return;
    const double *us = p->u, *ue = &p->u[2 * (n - 2)], *e = &p->v[2 * n - 2];
    pm_raster_ring_open(r, PM_RING_AS_BUILT);
    pm_raster_shape_point(r, p->v[0], p->v[1]);
    arc(r, p->v[0], p->v[1], -us[1] * p->hw, us[0] * p->hw, p->steps, PM_PI);
    pm_raster_ring_open(r, PM_RING_AS_BUILT);
    pm_raster_shape_point(r, e[0], e[1]);
    arc(r, e[0], e[1], ue[1] * p->hw, -ue[0] * p->hw, p->steps, PM_PI);
}

/* Outline of one part with round joins and caps, as rings wound as built
 * (PM_RING_AS_BUILT): an open part is one ring, along one side, round the
 * end, back along the other side and round the start; a closed one is two,
 * one a side, the inner taking away from the outer. Where the line crosses
 * itself the coverage adds up (and is clamped when filled). */
void pm_raster_stroke_part(pm_raster *r, const double *pts, int n, int closed, double hw)
{
    if (pm_raster_grow((void **)&r->dev, &r->dev_cap, 5 * (n > 0 ? n : 1), sizeof *r->dev) != 0) {
        r->nomem = 1;
        return;
    }
    double *v = r->dev;
    n = device_part(r, pts, n, v);
    if (closed && n > 1 && v[0] == v[2 * n - 2] && v[1] == v[2 * n - 1])
        n--;
    double steps = arc_steps(hw);
    if (n == 1) {
        pm_raster_ring_open(r, PM_RING_AS_BUILT);
        arc(r, v[0], v[1], hw, 0, steps, 2 * PM_PI);
        return;
    }
    if (n < 1)
        return;
    int ring = closed && n > 2, segs = ring ? n : n - 1;
    stroke_part p = {.v = v, .u = v + 2 * n, .len = v + 4 * n, .hw = hw, .steps = steps,
                     .one_facet = cos(1 / steps)};
    directions(v, n, segs, v + 2 * n, v + 4 * n);
    if (hw < 0.5) {
        hairline(r, &p, n, segs);
        return;
    }
    if (ring) {
        for (int s = -1; s <= 1; s += 2) {
            pm_raster_ring_open(r, PM_RING_AS_BUILT);
            for (int k = 0; k < n; k++) {
                int i = s < 0 ? k : n - 1 - k;
                join_side(r, &p, (i + n - 1) % n, i, s);
            }
        }
        return;
    }
    pm_raster_ring_open(r, PM_RING_AS_BUILT);
    for (int i = 1; i < n - 1; i++)
        join_side(r, &p, i - 1, i, -1);
    /* Half discs from one side round the front of the end, then from the
     * other round the back of the start. */
    const double *ue = &p.u[2 * (n - 2)], *us = p.u;
    arc(r, v[2 * n - 2], v[2 * n - 1], ue[1] * hw, -ue[0] * hw, steps, PM_PI);
    for (int i = n - 2; i > 0; i--)
        join_side(r, &p, i - 1, i, 1);
    arc(r, v[0], v[1], -us[1] * hw, us[0] * hw, steps, PM_PI);
}

/* Polygons: rings in page points (ring_len[k] vertices each); exterior[k]
 * is 1 for a polygon's outer ring, 0 for its holes. Fill, then outline
 * (width in points), as the Cairo back end (draw_cairo.c) does. */
void pm_raster_polygon(pm_raster *r, const double *xy, const int *ring_len, const char *exterior,
                       int n_rings, pm_color fill, pm_color stroke, double width)
{
    pm_raster_shape_reset(r);
    const double *v = xy;
    for (int k = 0; k < n_rings; k++) {
        pm_raster_ring_open(r, exterior[k] ? 1 : -1);   /* holes take away */
        for (int i = 0; i < ring_len[k]; i++) {
            double x, y;
            pm_raster_to_device(r, v[2 * i], v[2 * i + 1], &x, &y);
            pm_raster_shape_point(r, x, y);
        }
        v += 2 * ring_len[k];
    }
    pm_raster_fill(r, fill);
    if (width > 0 && stroke.a > 0) {
        double hw = 0.5 * width * fabs(r->xx);
        pm_raster_shape_reset(r);
        v = xy;
        for (int k = 0; k < n_rings; k++) {
            pm_raster_stroke_part(r, v, ring_len[k], 1, hw);
            v += 2 * ring_len[k];
        }
        pm_raster_fill(r, stroke);
    }
}

/* A line part (page points) with round joins and caps. */
void pm_raster_line(pm_raster *r, const double *pts, int n, pm_color color, double width)
{
    if (n < 2 || width <= 0 || color.a <= 0)
        return;
    pm_raster_shape_reset(r);
    pm_raster_stroke_part(r, pts, n, 0, 0.5 * width * fabs(r->xx));
    pm_raster_fill(r, color);
}

/* A marker: its outline (pm_marker_ring) is a polygon of one ring. */
void pm_raster_marker(pm_raster *r, const double *ring, int n, pm_color fill, pm_color stroke,
                      double width)
{
    static const char exterior[1] = {1};
    pm_raster_polygon(r, ring, &n, exterior, 1, fill, stroke, width);
}

