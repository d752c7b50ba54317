/* Labels on leader lines: when every place next to a point, or inside a
 * polygon, is taken, the label moves further out and a thin line ties it back
 * to its feature. The line runs from the marker's edge (or from just inside
 * the polygon's edge) to the nearest side of the label box, and must cross no
 * label, marker, badge or plate already placed; the caller then occupies it
 * in the index so later labels do not cross it either. */
#include "label_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

/* Points from the feature within which a leader may pass over other symbols
 * (a cluster of project points a few points apart has no other way out). */
#define NEAR_CLUSTER 10.0

/* Distance from a box's centre to its edge in direction (ux, uy). */
static double edge_distance(double hw, double hh, double ux, double uy)
{
    double ex = fabs(ux) > 1e-12 ? hw / fabs(ux) : INFINITY;
    double ey = fabs(uy) > 1e-12 ? hh / fabs(uy) : INFINITY;
    return fmin(ex, ey);
}

/* The label `dist` beyond the origin in the direction of the unit vector
 * (ux, uy); the leader from `from` (its start, along the same direction) and
 * checked beyond `clear`. */
static int try_out(const pm_rctx *rc, pm_label_geom *g, double ox, double oy, double ux, double uy,
                   double from, double clear, double dist)
{
    double hw = 0.5 * g->w + g->pad, hh = 0.5 * g->h + g->pad;
    double e = edge_distance(hw, hh, ux, uy);
    double cx = ox + ux * (dist + e), cy = oy + uy * (dist + e);
    pm_rect box = {cx - hw, cy - hh, 2 * hw, 2 * hh};
    if (!pm_label_spot_free(rc, box))
        return 0;
    double ex = cx - ux * e, ey = cy - uy * e;
    /* The open line (its ends touch the feature and the label itself) must
     * cross no label or leader over its whole length, from where it starts
     * (inside a polygon's edge, at a marker's edge); beyond the first few
     * points, where it leaves a tight cluster of symbols, no symbol either
     * (`clear` keeps the marker's own corners out of that test). */
    double sx = ox + ux * from, sy = oy + uy * from, tx = ex - ux * 0.5, ty = ey - uy * 0.5;
    double near = clear + NEAR_CLUSTER;
    if (dist - from > 0.5 && pm_grid_hits_segment_text(&rc->place.grid, sx, sy, tx, ty))
        return 0;
    if (dist - near > 0.5 &&
        pm_grid_hits_segment(&rc->place.grid, ox + ux * near, oy + uy * near, tx, ty))
        return 0;
    g->cx = cx;
    g->cy = cy;
    g->angle = 0;
    g->box = box;
    g->leader = 1;
    g->lx0 = ox + ux * from;
    g->ly0 = oy + uy * from;
    g->lx1 = ex;
    g->ly1 = ey;
    return 1;
}

/* Right, upper right, lower right, left, … as for the eight near places,
 * then the directions between them. */
static const double DIRS[16] = {0, -45, 45, 180, -135, 135, -90, 90,
                                -22.5, 22.5, 157.5, -157.5, -67.5, 67.5, -112.5, 112.5};

/* The unit vectors of DIRS, then of DIRS turned by 11.25° (the narrow ways
 * far out from a point), computed once: a crowded map looks in every
 * direction for tens of thousands of labels. */
static double dir_u[32][2];
/* The DIRS index of the ray k × 22.5° round from +x (k = 0 … 15). */
static int dir_round[16];
static pthread_once_t dir_once = PTHREAD_ONCE_INIT;

static void dir_make(void)
{
    for (int d = 0; d < 32; d++) {
        double a = (DIRS[d % 16] + (d < 16 ? 0 : 11.25)) * PM_PI / 180;
        dir_u[d][0] = cos(a);
        dir_u[d][1] = sin(a);
    }
    for (int d = 0; d < 16; d++)
        dir_round[((int)lround(DIRS[d] / 22.5) + 16) % 16] = d;
}

static const double (*directions(void))[2]
{
    pthread_once(&dir_once, dir_make);
    return (const double (*)[2])dir_u;
}

int pm_label_ring(const pm_rctx *rc, pm_label_geom *g, double x, double y, double r)
{
    static const double gaps[] = {5, 10, 16, 24, 34, 46, 60, 76, 96, 120};
    /* A leader to a point off the map would lead nowhere visible. */
    const pm_rect fr = rc->page.lay.frame;
    if (x < fr.x || x > fr.x + fr.w || y < fr.y || y > fr.y + fr.h)
        return 0;
    /* The marker's box is square: its corners reach 1.42 × its half side. */
    double half = fmax(r - 1.5, 0), clear = fmax(r, 1.42 * half + 0.5);
    const double (*u)[2] = directions();
    for (size_t k = 0; k < sizeof gaps / sizeof gaps[0]; k++) {
        for (int d = 0; d < 16; d++)
            if (try_out(rc, g, x, y, u[d][0], u[d][1], r, clear, r + gaps[k]))
                return 1;
        /* Far out, a narrow way between placed labels may be the only one. */
        for (int d = 16; gaps[k] >= 34 && d < 32; d++)
            if (try_out(rc, g, x, y, u[d][0], u[d][1], r, clear, r + gaps[k]))
                return 1;
    }
    return 0;
}

static double cross(double ax, double ay, double bx, double by)
{
    return ax * by - ay * bx;
}

typedef pm_label_way way;

/* Nearest edge first, equals in DIRS order (a stable insertion sort: at
 * most 16, and qsort's calls cost more than the sort). */
static void sort_ways(way *w, int n)
{
    for (int i = 1; i < n; i++) {
        way x = w[i];
        int j = i;
        for (; j > 0 && w[j - 1].t > x.t; j--)
            w[j] = w[j - 1];
        w[j] = x;
    }
}

/* The 22.5° sector (0 … 15, round from +x) a vector from the inner point
 * points into, from a pseudo-angle: monotonic in the angle, no atan2. Its
 * rounding can put a vector just past a ray into the sector before it:
 * the caller widens what it takes by a ray each side. -1: the vertex is
 * the point itself. */
static int sector(double dx, double dy)
{
    double p;
    if (dx == 0 && dy == 0)
        return -1;
    if (dy >= 0)
        p = dx >= 0 ? dy / (dx + dy) : 1 - dx / (dy - dx);
    else
        p = dx < 0 ? 2 - dy / (-dx - dy) : 3 + dx / (dx - dy);
    int q = (int)p;
    double f = p - q;
    /* Where 22.5°, 45° and 67.5° fall in a quadrant of the pseudo-angle:
     * tan / (1 + tan) of each. */
    return (4 * q + (f >= 0.29289321881345248) + (f >= 0.5) + (f >= 0.70710678118654752)) & 15;
}

/* Where ray d crosses the edge from p along q, if beyond the inner point:
 * the arithmetic of one ray against one edge, the same whichever edges a
 * ray is asked about. */
static void cross_edge(double *best, const double u[2], double px, double py, double qx,
                       double qy, double ax, double ay)
{
    double den = cross(u[0], u[1], qx, qy);
    if (fabs(den) < 1e-12)
        return;
    /* Where along the edge first: most edges are missed, and their second
     * division is saved. */
    double s = cross(px - ax, py - ay, u[0], u[1]) / den;
    if (!(s >= 0 && s <= 1))
        return;
    double t = cross(px - ax, py - ay, qx, qy) / den;
    if (t > 0)
        *best = fmax(*best, t);
}

/* 1 if the edge from p (relative to the inner point) along q passes so
 * near the point that rounding can make a ray meet it anywhere round the
 * circle: such an edge is asked of every ray. */
static int through(double px, double py, double qx, double qy)
{
    double m = fabs(px) + fabs(py) + fabs(qx) + fabs(qy);
    return fabs(cross(px, py, qx, qy)) <= 1e-9 * m * m;
}

/* For each of the 16 rays, the farthest crossing with the rings' edges
 * (where the ray leaves the polygon for good; -1: never crosses). An edge
 * is asked only of the rays between its ends as seen from the inner point
 * (and one more each side); an edge seen across half the circle or more,
 * or from one of its ends, of all sixteen. */
static void exits(double best[16], const double *xy, const int *ring_len, int n_rings, double ax,
                  double ay, const double (*u)[2])
{
    for (int d = 0; d < 16; d++)
        best[d] = -1;
    int first = 0;
    for (int r = 0; r < n_rings; r++) {
        const double *v = xy + 2 * first;
        int n = ring_len[r];
        int sj = n > 0 ? sector(v[2 * (n - 1)] - ax, v[2 * (n - 1) + 1] - ay) : 0;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double px = v[2 * j], py = v[2 * j + 1], qx = v[2 * i] - px, qy = v[2 * i + 1] - py;
            int si = sector(v[2 * i] - ax, v[2 * i + 1] - ay), lo = 0, span = 16;
            if (si >= 0 && sj >= 0 && !through(px - ax, py - ay, qx, qy)) {
                int up = (si - sj + 16) % 16;
                lo = up <= 8 ? sj : si;
                span = (up <= 8 ? up : 16 - up) + 3;   /* rays lo - 1 … lo + span - 2 */
                lo = (lo + 15) % 16;
            }
            if (span >= 11)
                lo = 0, span = 16;
            for (int k = 0; k < span; k++) {
                int d = dir_round[(lo + k) % 16];
                cross_edge(&best[d], u[d], px, py, qx, qy, ax, ay);
            }
            sj = si;
        }
        first += n;
    }
}

void pm_label_ways_of(pm_label_ways *w, const double *xy, const int *ring_len, int n_rings,
                      double ax, double ay)
{
    const double (*u)[2] = directions();
    double t[16];
    exits(t, xy, ring_len, n_rings, ax, ay, u);
    w->x = ax;
    w->y = ay;
    w->n = 0;
    for (int d = 0; d < 16; d++)
        if (t[d] > 0)
            w->way[w->n++] = (way){u[d][0], u[d][1], t[d]};
    sort_ways(w->way, w->n);
}

int pm_label_beside(const pm_rctx *rc, pm_label_geom *g, const double *xy, const int *ring_len,
                    int n_rings, double ax, double ay)
{
    pm_label_ways w;
    pm_label_ways_of(&w, xy, ring_len, n_rings, ax, ay);
    return pm_label_beside_ways(rc, g, &w);
}

int pm_label_beside_ways(const pm_rctx *rc, pm_label_geom *g, const pm_label_ways *w)
{
    static const double gaps[] = {4, 9, 16, 26, 38, 52, 68};
    /* The shortest ways out first: the leader stays short. */
    const way *ways = w->way;
    int n = w->n;
    double ax = w->x, ay = w->y;
    /* Each way's edge and the label's reach beyond it, once: on a crowded
     * map nearly all of the boxes land on covered space, and are refused
     * there before the full test (try_out, which places the same box). */
    double hw = 0.5 * g->w + g->pad, hh = 0.5 * g->h + g->pad, ox[16], oy[16], e[16];
    for (int d = 0; d < n; d++) {
        ox[d] = ax + ways[d].ux * ways[d].t;
        oy[d] = ay + ways[d].uy * ways[d].t;
        e[d] = edge_distance(hw, hh, ways[d].ux, ways[d].uy);
    }
    enum { GAPS = sizeof gaps / sizeof gaps[0] };
    double cx[GAPS * 16], cy[GAPS * 16];
    for (int k = 0; k < GAPS; k++)
        for (int d = 0; d < n; d++) {
            cx[k * n + d] = ox[d] + ways[d].ux * (gaps[k] + e[d]);
            cy[k * n + d] = oy[d] + ways[d].uy * (gaps[k] + e[d]);
        }
    for (int i = 0; (i = pm_grid_first_uncovered(&rc->place.grid, cx, cy, i, GAPS * n, hw, hh)) < GAPS * n;
         i++) {
        int k = i / n, d = i % n;
        /* Start a little inside the edge so the line visibly ends in the area. */
        double in = fmin(4, 0.5 * ways[d].t);
        if (try_out(rc, g, ox[d], oy[d], ways[d].ux, ways[d].uy, -in, 0.5, gaps[k]))
            return 1;
    }
    return 0;
}
