/* Where a point's or an area's label may go (labels.c asks, in its order
 * of labels): around a marker, at an area's anchor or inside it, else
 * beside it on a leader (label_leader.c). Every place is tried through the
 * collision index (grid.c), which these only read: labels.c searches for
 * several labels at once on several threads. */
#include "label_internal.h"

#include <math.h>
#include <stdlib.h>

static int within(pm_rect inner, pm_rect outer)
{
    return inner.x >= outer.x && inner.y >= outer.y &&
           inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/* A line that only grazes the halo does not count. */
#define LINE_GRAZE 1.0

/* A candidate is free if it stays inside the frame and touches nothing
 * placed (nor, in the first pass, a drawn line). */
int pm_label_spot_free(const pm_rctx *rc, pm_rect r)
{
    if (!within(r, rc->page.lay.frame) || pm_grid_hits(&rc->place.grid, r))
        return 0;
    pm_rect core = {r.x + LINE_GRAZE, r.y + LINE_GRAZE, r.w - 2 * LINE_GRAZE, r.h - 2 * LINE_GRAZE};
    return !rc->place.avoid_lines || !pm_line_mask_hits(rc->place.lines, core);
}

typedef pm_label_geom label_geom;

static pm_rect centred_box(const label_geom *g, double cx, double cy, double angle)
{
    return pm_rotated_extents(cx, cy, g->w + 2 * g->pad, g->h + 2 * g->pad, angle);
}

int pm_label_try_at(const pm_rctx *rc, label_geom *g, double cx, double cy, double angle)
{
    pm_rect r = centred_box(g, cx, cy, angle);
    if (!pm_label_spot_free(rc, r))
        return 0;
    g->cx = cx;
    g->cy = cy;
    g->angle = angle;
    g->box = r;
    g->leader = 0;
    return 1;
}

/* Eight positions around a marker of radius r, in the cartographic order of
 * preference: right, upper right, lower right, left, upper left, lower left,
 * above, below; then further out on a leader line. */
int pm_label_place_point(const pm_rctx *rc, label_geom *g, double x, double y, double r)
{
    double hw = 0.5 * g->w + g->pad, hh = 0.5 * g->h + g->pad, d = 0.75 * r;
    const double pos[8][2] = {
        {x + r + hw, y},          {x + d + hw, y - d - hh}, {x + d + hw, y + d + hh},
        {x - r - hw, y},          {x - d - hw, y - d - hh}, {x - d - hw, y + d + hh},
        {x, y - r - hh},          {x, y + r + hh},
    };
    for (int i = 0; i < 8; i++)
        if (pm_label_try_at(rc, g, pos[i][0], pos[i][1], 0))
            return 1;
    return !rc->place.avoid_lines && pm_label_ring(rc, g, x, y, r);
}

/* Even-odd point in polygon, over every ring of the feature (map units). */
static int inside_polygon(const pm_feature *f, double px, double py)
{
    int in = 0, first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        const double *v = f->xy + 2 * first;
        int n = f->part_len[p];
        for (int i = 0, j = n - 1; i < n; j = i++)
            if ((v[2 * i + 1] > py) != (v[2 * j + 1] > py) &&
                px < (v[2 * j] - v[2 * i]) * (py - v[2 * i + 1]) / (v[2 * j + 1] - v[2 * i + 1]) + v[2 * i])
                in = !in;
        first += n;
    }
    return in;
}

/* When the anchor is taken (or off the frame, for an area the map shows only
 * in part): points of a grid over the visible part of the area that lie
 * inside it, nearest the anchor first (the first of equals in grid order).
 * The nearest free one is found in one sweep, no sort: only a point nearer
 * than the best so far is tested. */
static int place_inside(const pm_rctx *rc, label_geom *g, const pm_feature *f, double ax, double ay,
                        double x0, double y0, double x1, double y1)
{
    enum { N = 12 };
    const pm_rect fr = rc->page.lay.frame;
    double lx = fmax(fmin(x0, x1), fr.x), hx = fmin(fmax(x0, x1), fr.x + fr.w);
    double ly = fmax(fmin(y0, y1), fr.y), hy = fmin(fmax(y0, y1), fr.y + fr.h);
    if (!(hx > lx) || !(hy > ly))
        return 0;
    /* No anchor on the page: aim at the middle of the visible part. */
    if (ax < fr.x || ax > fr.x + fr.w || ay < fr.y || ay > fr.y + fr.h) {
        ax = 0.5 * (lx + hx);
        ay = 0.5 * (ly + hy);
    }
    double best = INFINITY, bx = 0, by = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double px = lx + (i + 0.5) * (hx - lx) / N, py = ly + (j + 0.5) * (hy - ly) / N, x, y;
            double d = hypot(px - ax, py - ay);
            if (!(d < best))
                continue;
            pm_from_page(&rc->page, px, py, &x, &y);
            if (inside_polygon(f, x, y) && pm_label_spot_free(rc, centred_box(g, px, py, 0))) {
                best = d;
                bx = px;
                by = py;
            }
        }
    return best < INFINITY && pm_label_try_at(rc, g, bx, by, 0);
}

/* Beside the area on a leader, when nothing inside is free (or it is too
 * small for its name); the rings in page points. The ways out are the
 * last area's when this is its next look (rc->place.ways, if kept). */
static int place_beside(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    const pm_rect fr = rc->page.lay.frame;
    int n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += f->part_len[p];
    if (x < fr.x || x > fr.x + fr.w || y < fr.y || y > fr.y + fr.h || n < 3)
        return 0;
    pm_label_ways *w = rc->place.ways, own;
    if (w && w->f == f && w->x == x && w->y == y)
        return pm_label_beside_ways(rc, g, w);
    if (!w)
        w = &own;
    double *xy = malloc(2 * (size_t)n * sizeof *xy);
    if (!xy)
        return 0;
    for (int i = 0; i < n; i++)
        pm_to_page(&rc->page, f->xy[2 * i], f->xy[2 * i + 1], &xy[2 * i], &xy[2 * i + 1]);
    pm_label_ways_of(w, xy, f->part_len, f->n_parts, x, y);
    w->f = f;
    free(xy);
    return pm_label_beside_ways(rc, g, w);
}

/* The places near the anchor and inside the area all centre the label in
 * the hull of the feature's page box and its anchor. When the label is
 * wider and taller than that hull, every one of its boxes holds the core
 * they share; if something placed covers part of the core, none of them is
 * free. On a crowded map that is one look-up instead of a hundred and fifty
 * (the places themselves are tried only when the core is clear). */
static int core_taken(const pm_rctx *rc, const label_geom *g, double x, double y, double x0,
                      double y0, double x1, double y1)
{
    const double eps = 1e-6;   /* the core stays inside each box, whatever the rounding */
    double lx = fmin(x, fmin(x0, x1)), hx = fmax(x, fmax(x0, x1));
    double ly = fmin(y, fmin(y0, y1)), hy = fmax(y, fmax(y0, y1));
    double bw = g->w + 2 * g->pad, bh = g->h + 2 * g->pad;
    pm_rect core = {hx - 0.5 * bw + eps, hy - 0.5 * bh + eps, lx - hx + bw - 2 * eps,
                    ly - hy + bh - 2 * eps};
    return core.w > 0 && core.h > 0 && pm_grid_hits(&rc->place.grid, core);
}

int pm_label_place_area(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    /* The anchor lies on the surface; shifts around it keep the label near
     * it, and its centre stays within the feature's box. */
    double s = 0.9 * g->h, hw = 0.5 * g->w;
    const double off[7][2] = {{0, 0}, {0, -s}, {0, s}, {-hw, 0}, {hw, 0}, {0, -2 * s}, {0, 2 * s}};
    double x0, y0, x1, y1;
    pm_to_page(&rc->page, f->bbox[0], f->bbox[1], &x0, &y0);
    pm_to_page(&rc->page, f->bbox[2], f->bbox[3], &x1, &y1);
    if (core_taken(rc, g, x, y, x0, y0, x1, y1))
        return !rc->place.avoid_lines && place_beside(rc, g, f, x, y);
    for (int i = 0; i < 7; i++) {
        double cx = x + off[i][0], cy = y + off[i][1];
        int in_box = cx >= fmin(x0, x1) && cx <= fmax(x0, x1) && cy >= fmin(y0, y1) && cy <= fmax(y0, y1);
        if ((i == 0 || in_box) && pm_label_try_at(rc, g, cx, cy, 0))
            return 1;
    }
    return place_inside(rc, g, f, x, y, x0, y0, x1, y1) ||
           (!rc->place.avoid_lines && place_beside(rc, g, f, x, y));
}
