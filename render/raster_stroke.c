/* The scan converter's strokes (raster_internal.h): a stroke is tiled by
 * pieces that add up to its area, a quadrilateral per segment, a pie slice
 * on the outer side of each turn less the kite where neighbouring segments
 * overlap, half discs at the ends; and what draw_raster.c asks for:
 * polygons, lines and markers. */
#include "raster_internal.h"

#include <math.h>

/* Facets per radian for an arc of this radius: none strays from the circle
 * by more than a tenth of a pixel. */
static double arc_steps(double radius)
{
    return radius < 0.6 ? 1 : 1 / acos(fmax(0, 1 - 0.1 / radius));
}

/* The pie slice around (cx, cy) from the point (cx + ux, cy + uy) on its
 * rim over `sweep` radians; the rim's points by rotation, not by trigonometry
 * per point. */
static void sector(pm_raster *r, double cx, double cy, double ux, double uy, double radius,
                   double sweep)
{
    int n = (int)ceil(fabs(sweep) * arc_steps(radius));
    n = n < 1 ? 1 : n > 64 ? 64 : n;
    double c = cos(sweep / n), sn = sin(sweep / n);
    pm_raster_ring_open(r, 1);
    pm_raster_shape_point(r, cx, cy);
    for (int i = 0; i <= n; i++) {
        pm_raster_shape_point(r, cx + ux, cy + uy);
        double t = ux * c - uy * sn;
        uy = ux * sn + uy * c;
        ux = t;
    }
}

static void quad(pm_raster *r, double ax, double ay, double bx, double by, double hw)
{
    double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
    double nx = -dy / len * hw, ny = dx / len * hw;
    pm_raster_ring_open(r, 1);
    pm_raster_shape_point(r, ax - nx, ay - ny);
    pm_raster_shape_point(r, bx - nx, by - ny);
    pm_raster_shape_point(r, bx + nx, by + ny);
    pm_raster_shape_point(r, ax + nx, ay + ny);
}

/* The join at b between segments a→b and b→c, so that the pieces add up to
 * the stroke's area without counting any of it twice: a pie slice fills the
 * gap on the outer side of the turn (a round join), and the kite where the
 * two segments overlap on the inner side is taken away again. */
static void join(pm_raster *r, double ax, double ay, double bx, double by, double cx, double cy,
                 double hw)
{
    double ux = bx - ax, uy = by - ay, la = hypot(ux, uy);
    double vx = cx - bx, vy = cy - by, lb = hypot(vx, vy);
    ux /= la, uy /= la, vx /= lb, vy /= lb;
    double cross = ux * vy - uy * vx, dot = ux * vx + uy * vy;
    /* A slight turn (20 degrees for a 2-pixel stroke, less for wider): the
     * slice and the kite are each under a fifth of a pixel in area and
     * nearly cancel; leave both out. */
    if (dot > 0 && fabs(cross) < 0.34 / (hw > 1 ? hw * hw : 1))
        return;
    double turn = atan2(cross, dot);
    /* Left normals (-uy, ux); the outer side is the one the turn leaves. */
    double side = turn > 0 ? -1 : 1;
    sector(r, bx, by, side * -uy * hw, side * ux * hw, hw, turn);
    double half = 0.5 * fabs(turn), reach = hw * tan(half);
    if (half >= 0.5 * PM_PI - 1e-6 || reach > la || reach > lb)
        return;   /* a hairpin: the overlap reaches past a segment; count it twice */
    double mx = -uy - vy, my = ux + vx, ml = hypot(mx, my);
    double d = hw / cos(half);
    pm_raster_ring_open(r, -1);
    pm_raster_shape_point(r, bx, by);
    pm_raster_shape_point(r, bx + side * hw * uy, by - side * hw * ux);   /* inner side: -side */
    pm_raster_shape_point(r, bx - side * mx / ml * d, by - side * my / ml * d);
    pm_raster_shape_point(r, bx + side * hw * vy, by - side * hw * vx);
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

/* Outline of one part with round joins and caps, as pieces that tile it: a
 * quadrilateral per segment, joins (join), and half discs at open ends. */
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
        sector(r, v[0], v[1], hw, 0, hw, 2 * PM_PI);
    } else if (n > 1) {
        int segs = closed && n > 2 ? n : n - 1;
        for (int i = 0; i < segs; i++) {
            int j = (i + 1) % n;
            quad(r, v[2 * i], v[2 * i + 1], v[2 * j], v[2 * j + 1], hw);
        }
        /* Under a pixel wide, a join's slice and kite are a few hundredths
         * of a pixel each and nearly cancel: leave them out. */
        for (int i = closed && n > 2 ? 0 : 1; hw >= 0.5 && i < (closed && n > 2 ? n : n - 1); i++) {
            int h = (i + n - 1) % n, j = (i + 1) % n;
            join(r, v[2 * h], v[2 * h + 1], v[2 * i], v[2 * i + 1], v[2 * j], v[2 * j + 1], hw);
        }
        if (!(closed && n > 2)) {
            /* Half discs from the left normal round the back of each end. */
            double dx = v[2] - v[0], dy = v[3] - v[1], l = hypot(dx, dy);
            sector(r, v[0], v[1], -dy / l * hw, dx / l * hw, hw, PM_PI);
            dx = v[2 * n - 2] - v[2 * n - 4], dy = v[2 * n - 1] - v[2 * n - 3], l = hypot(dx, dy);
            sector(r, v[2 * n - 2], v[2 * n - 1], dy / l * hw, -dx / l * hw, hw, PM_PI);
        }
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

