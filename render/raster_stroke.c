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
 * `sweep` radians, both ends included; its points by rotation, not by
 * trigonometry per point. */
static void arc(pm_raster *r, double cx, double cy, double ux, double uy, double radius, double sweep)
{
    int n = (int)ceil(fabs(sweep) * arc_steps(radius));
    n = n < 1 ? 1 : n > 64 ? 64 : n;
    double c = cos(sweep / n), sn = sin(sweep / n);
    for (int i = 0; i <= n; i++) {
        pm_raster_shape_point(r, cx + ux, cy + uy);
        double t = ux * c - uy * sn;
        uy = ux * sn + uy * c;
        ux = t;
    }
}

/* The outline's points at vertex b, between segments a→b and b→c, on side
 * s of the line: -1 is the side of b - n (n the left normal, (-uy, ux)
 * times the half width), walked from a to c; +1 the other, walked back.
 * On the outer side of a turn a round join (an arc), on the inner side the
 * point where the two edges meet. A slight turn (20 degrees for a 2-pixel
 * stroke, less for wider; any under a pixel wide), whose arc and overlap
 * are under a fifth of a pixel in area and nearly cancel, and a hairpin,
 * whose overlap reaches past a segment, go through b itself instead: the
 * two segments' ends, each counted whole. */
static void join_side(pm_raster *r, const double *a, const double *b, const double *c, double hw,
                      double s)
{
    double ux = b[0] - a[0], uy = b[1] - a[1], la = hypot(ux, uy);
    double vx = c[0] - b[0], vy = c[1] - b[1], lb = hypot(vx, vy);
    ux /= la, uy /= la, vx /= lb, vy /= lb;
    double cross = ux * vy - uy * vx, dot = ux * vx + uy * vy;
    /* The offsets at b, in walking order: first, last. */
    double fx = -uy * hw, fy = ux * hw, lx = -vy * hw, ly = vx * hw;
    if (s > 0) {
        double t = fx; fx = lx; lx = t;
        t = fy; fy = ly; ly = t;
    }
    double turn = atan2(cross, dot), half = 0.5 * fabs(turn);
    double side = turn > 0 ? -1 : 1;   /* the outer side: the one the turn leaves */
    int slight = hw < 0.5 || (dot > 0 && fabs(cross) < 0.34 / (hw > 1 ? hw * hw : 1));
    if (!slight && side == s) {
        arc(r, b[0], b[1], s * fx, s * fy, hw, s < 0 ? turn : -turn);
        return;
    }
    double reach = hw * tan(half);
    if (slight || half >= 0.5 * PM_PI - 1e-6 || reach > la || reach > lb) {
        pm_raster_shape_point(r, b[0] + s * fx, b[1] + s * fy);
        pm_raster_shape_point(r, b[0], b[1]);
        pm_raster_shape_point(r, b[0] + s * lx, b[1] + s * ly);
        return;
    }
    double mx = -uy - vy, my = ux + vx, ml = hypot(mx, my), d = hw / cos(half);
    pm_raster_shape_point(r, b[0] - side * mx / ml * d, b[1] - side * my / ml * d);
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

/* Outline of one part with round joins and caps, as rings wound as built
 * (PM_RING_AS_BUILT): an open part is one ring, along one side, round the
 * end, back along the other side and round the start; a closed one is two,
 * one a side, the inner taking away from the outer. Where the line crosses
 * itself the coverage adds up (and is clamped when filled). */
void pm_raster_stroke_part(pm_raster *r, const double *pts, int n, int closed, double hw)
{
    if (pm_raster_grow((void **)&r->dev, &r->dev_cap, 2 * (n > 0 ? n : 1), sizeof *r->dev) != 0) {
        r->nomem = 1;
        return;
    }
    double *v = r->dev;
    n = device_part(r, pts, n, v);
    if (closed && n > 1 && v[0] == v[2 * n - 2] && v[1] == v[2 * n - 1])
        n--;
    if (n == 1) {
        pm_raster_ring_open(r, PM_RING_AS_BUILT);
        arc(r, v[0], v[1], hw, 0, hw, 2 * PM_PI);
    } else if (closed && n > 2) {
        for (int s = -1; s <= 1; s += 2) {
            pm_raster_ring_open(r, PM_RING_AS_BUILT);
            for (int k = 0; k < n; k++) {
                int i = s < 0 ? k : n - 1 - k;
                join_side(r, &v[2 * ((i + n - 1) % n)], &v[2 * i], &v[2 * ((i + 1) % n)], hw, s);
            }
        }
    } else if (n > 1) {
        pm_raster_ring_open(r, PM_RING_AS_BUILT);
        for (int i = 1; i < n - 1; i++)
            join_side(r, &v[2 * i - 2], &v[2 * i], &v[2 * i + 2], hw, -1);
        /* Half discs from one side round the front of the end, then from
         * the other round the back of the start. */
        double dx = v[2 * n - 2] - v[2 * n - 4], dy = v[2 * n - 1] - v[2 * n - 3], l = hypot(dx, dy);
        arc(r, v[2 * n - 2], v[2 * n - 1], dy / l * hw, -dx / l * hw, hw, PM_PI);
        for (int i = n - 2; i > 0; i--)
            join_side(r, &v[2 * i - 2], &v[2 * i], &v[2 * i + 2], hw, 1);
        dx = v[2] - v[0], dy = v[3] - v[1], l = hypot(dx, dy);
        arc(r, v[0], v[1], -dy / l * hw, dx / l * hw, hw, PM_PI);
    }
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

