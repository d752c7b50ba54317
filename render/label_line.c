/* Labels along lines (label_internal.h): on the line's longest part in the
 * frame, from its middle outwards, as one turned block where the line is
 * straight enough, else glyph by glyph along its bends. */
#include "label_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The longest part of a line, in page points. */
static int longest_path(const pm_rctx *rc, const pm_feature *f, pm_path *path)
{
    int best = -1, first = 0, best_first = 0;
    double best_len = -1;
    for (int p = 0; p < f->n_parts; p++) {
        double len = 0;
        for (int i = first; i + 1 < first + f->part_len[p]; i++)
            len += hypot(f->xy[2 * i + 2] - f->xy[2 * i], f->xy[2 * i + 3] - f->xy[2 * i + 1]);
        if (len > best_len) {
            best_len = len;
            best = p;
            best_first = first;
        }
        first += f->part_len[p];
    }
    if (best < 0 || f->part_len[best] < 2)
        return -1;
    int n = f->part_len[best];
    double *xy = malloc(2 * (size_t)n * sizeof *xy);
    if (!xy)
        return -1;
    for (int i = 0; i < n; i++)
        pm_to_page(&rc->page, f->xy[2 * (best_first + i)], f->xy[2 * (best_first + i) + 1], &xy[2 * i],
                   &xy[2 * i + 1]);
    int st = pm_path_init(path, xy, n);
    free(xy);
    return st;
}

/* The clusters of a one-line label with their advances. */
static int layout_glyphs(PangoLayout *layout, pm_glyph **out)
{
    const char *text = pango_layout_get_text(layout);
    int cap = (int)strlen(text) + 1, n = 0;
    pm_glyph *g = calloc((size_t)cap, sizeof *g);
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    if (!g || !it) {
        free(g);
        if (it)
            pango_layout_iter_free(it);
        return -1;
    }
    do {
        PangoRectangle logical;
        pango_layout_iter_get_cluster_extents(it, NULL, &logical);
        int start = pango_layout_iter_get_index(it);
        if (n > 0)
            g[n - 1].len = start - g[n - 1].start;
        if (n < cap)
            g[n++] = (pm_glyph){.start = start, .w = (double)logical.width / PANGO_SCALE};
    } while (pango_layout_iter_next_cluster(it));
    pango_layout_iter_free(it);
    if (n > 0)
        g[n - 1].len = (int)strlen(text) - g[n - 1].start;
    *out = g;
    return n;
}

static int covers_keep(const pm_label_keep *k, pm_rect r)
{
    for (int i = 0; k && i < k->n; i++)
        if (k->xy[2 * i] > r.x && k->xy[2 * i] < r.x + r.w && k->xy[2 * i + 1] > r.y &&
            k->xy[2 * i + 1] < r.y + r.h)
            return 1;
    return 0;
}

/* Straight: one label turned to the chord of the line under it. */
static int straight_at(const pm_rctx *rc, pm_label_geom *g, const pm_path *path, double s0,
                       double s1, double offset)
{
    double ax, ay, bx, by, x, y;
    pm_path_at(path, s0, &ax, &ay);
    pm_path_at(path, s1, &bx, &by);
    pm_path_at(path, 0.5 * (s0 + s1), &x, &y);
    double a = pm_upright_angle(atan2(by - ay, bx - ax));
    return pm_label_try_at(rc, g, x - sin(a) * offset, y + cos(a) * offset, a);
}

/* In line with an end of the line, just past it: where an axis is crowded
 * along its length, its name continues it (the arrow's head or tail). */
static int beyond_end(const pm_rctx *rc, pm_label_geom *g, const pm_path *path, int tail)
{
    double len = pm_path_length(path), ex, ey, ix, iy;
    double back = fmin(20, 0.5 * len), gap = 10 + 0.5 * g->w + g->pad;
    pm_path_at(path, tail ? len : 0, &ex, &ey);
    pm_path_at(path, tail ? len - back : back, &ix, &iy);
    double d = hypot(ex - ix, ey - iy);
    if (!(d > 0))
        return 0;
    double ux = (ex - ix) / d, uy = (ey - iy) / d;
    return pm_label_try_at(rc, g, ex + ux * gap, ey + uy * gap, pm_upright_angle(atan2(uy, ux)));
}

static int curved_at(const pm_rctx *rc, const pm_label_geom *g, const pm_path *path, double mid,
                     double offset, pm_line_label *ll)
{
    if (!pm_curve_fit(path, mid, offset, ll->glyphs, ll->n_glyphs, g->h, g->pad))
        return 0;
    for (int i = 0; i < ll->n_glyphs; i++)
        if (!pm_label_spot_free(rc, ll->glyphs[i].box) || covers_keep(ll->keep, ll->glyphs[i].box))
            return 0;
    return 1;
}

static int in_frame(const pm_rctx *rc, double x, double y)
{
    const pm_rect fr = rc->page.lay.frame;
    return x >= fr.x && x <= fr.x + fr.w && y >= fr.y && y <= fr.y + fr.h;
}

/* The longest run of the path's vertices inside the frame, as distances along it. */
static void visible_stretch(const pm_rctx *rc, const pm_path *p, double *lo, double *hi)
{
    double best = -1;
    int start = -1;
    for (int i = 0; i <= p->n; i++) {
        int in = i < p->n && in_frame(rc, p->x[i], p->y[i]);
        if (in && start < 0)
            start = i;
        if (!in && start >= 0) {
            if (p->s[i - 1] - p->s[start] > best) {
                best = p->s[i - 1] - p->s[start];
                *lo = p->s[start];
                *hi = p->s[i - 1];
            }
            start = -1;
        }
    }
}

/* Along the line, from its middle outwards; on the line, then just beside
 * it. Where the line under the label is straight enough the label is one
 * turned block, else it follows the bends glyph by glyph (one-line labels). */
int pm_place_line(const pm_rctx *rc, pm_label_geom *g, const pm_feature *f, PangoLayout *layout,
                  pm_line_label *ll)
{
    /* From the middle outwards in twentieths of the length. */
    static const double along[] = {0.5,  0.45, 0.55, 0.4,  0.6,  0.35, 0.65, 0.3, 0.7,
                                   0.25, 0.75, 0.2,  0.8,  0.15, 0.85, 0.1,  0.9};
    pm_path path;
    if (longest_path(rc, f, &path) != 0)
        return 0;
    int one_line = pango_layout_get_line_count(layout) == 1;
    if (one_line && (ll->n_glyphs = layout_glyphs(layout, &ll->glyphs)) < 0)
        ll->n_glyphs = 0;
    double len = pm_path_length(&path), half = 0.5 * g->w;
    double off = 0.5 * g->h + g->pad + 2;
    /* Beside it, further out as a last resort: a broad axis carries markers
     * whose labels can fill both near sides. */
    const double offs[5] = {0, -off, off, -2 * off, 2 * off};
    /* Candidates spread over the longest stretch the map shows, so a river
     * that mostly runs off the map is named where it is seen. */
    double lo = 0, hi = len;
    visible_stretch(rc, &path, &lo, &hi);
    int ok = 0;
    /* First where the label leaves room for the names of areas still to come
     * (a line can slide along, an area's name cannot), then anywhere. */
    const pm_label_keep *keep = ll->keep;
    for (int pass = keep ? 0 : 1; !ok && pass < 2; pass++) {
        ll->keep = pass == 0 ? keep : NULL;
        for (size_t k = 0; !ok && k < sizeof along / sizeof along[0]; k++) {
            double mid = lo + along[k] * (hi - lo);
            if (mid - half < 0 || mid + half > len)
                continue;
            int straight = pm_path_bend(&path, mid - half, mid + half) <= 0.15 * g->h;
            for (int o = 0; !ok && o < 5; o++) {
                if (straight || !one_line || ll->n_glyphs == 0)
                    ok = straight_at(rc, g, &path, mid - half, mid + half, offs[o]) &&
                         !covers_keep(ll->keep, g->box);
                else
                    ok = ll->curved = curved_at(rc, g, &path, mid, offs[o], ll);
            }
        }
    }
    ll->keep = NULL;
    for (int tail = 0; !ok && tail < 2; tail++)
        ok = beyond_end(rc, g, &path, tail);
    /* Off the line on a leader, from its middle or either side of it. */
    static const double tie[] = {0.5, 0.3, 0.7};
    for (size_t k = 0; !ok && k < sizeof tie / sizeof tie[0]; k++) {
        double x, y;
        pm_path_at(&path, tie[k] * len, &x, &y);
        ok = pm_label_ring(rc, g, x, y, 2);
    }
    /* A line shorter than its name: the name across its middle. */
    if (!ok && g->w > len)
        for (int o = 0; !ok && o < 3; o++)
            ok = straight_at(rc, g, &path, 0, len, offs[o]);
    pm_path_free(&path);
    return ok;
}

