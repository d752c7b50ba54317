/* Where the map's lines are drawn, for labels to keep off them: a coarse
 * mask over the frame of the cells the line features (rivers, roads, rails,
 * axes) cover at their drawn width, summed so that whether a box covers
 * any of it is four look-ups.
 *
 * A cell counts when its centre lies within the stroke's half width and a
 * sixth of a cell of the line: where a straight stroke covers at least a
 * third of it (the antialiased fringe of a line does not count, nor does a
 * line thinner than a third of a cell). The cells are marked row by row from
 * each segment's round-capped outline, with no drawing: stroking twenty
 * thousand lines a second time (Cairo, into an image) took as long as the
 * whole data pass.
 *
 * A cost, not a ban: point and area labels first try only their near
 * places that cross no line, then every place as before (labels.c), so a
 * name still goes on a line when nothing nearby is free. Line labels sit on
 * their own line and do not look. Streamed layers (not held in memory) are
 * not in the mask. */
#include "label_internal.h"
#include "pm_alloc.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A point a cell, coarser on pages so large that the sums would pass this
 * many cells. */
#define LINE_MASK_MAX_CELLS (4u << 20)

struct pm_line_mask {
    const pm_rctx *rc;          /* the map and page it is made from */
    pm_rect frame;
    double scale;               /* cells per point */
    int w, h;
    uint32_t *sum;              /* (w + 1) × (h + 1): inked cells above and left */
    atomic_int made;            /* 1 once the cells are marked, -1 if memory ran out */
    pthread_mutex_t lock;       /* labels are searched on several threads: one makes it */
};

/* Without SSE4.1 the C library's fmin and fmax are calls; these loops run
 * for every row of every segment (arguments finite or infinite, not NaN). */
static inline double lo2(double a, double b) { return a < b ? a : b; }
static inline double hi2(double a, double b) { return a > b ? a : b; }

/* The first cell (of 0 … n) whose centre is at or past v: ceil(v - 0.5),
 * clamped, by casts (a call to ceil costs as much as the rest). */
static inline int first_centre(double v, int n)
{
    double c = v - 0.5;
    if (!(c > 0))
        return 0;
    if (c >= n)
        return n;
    int i = (int)c;
    return i + (i < c);
}

/* The x of row y within radius r of point (px, py), added to [*lo, *hi]. */
static inline void add_disc(double px, double py, double r, double y, double *lo, double *hi)
{
    double dy = y - py;
    if (dy * dy > r * r)
        return;
    double dx = sqrt(r * r - dy * dy);
    *lo = lo2(*lo, px - dx);
    *hi = hi2(*hi, px + dx);
}

/* The x where a + k x lies in [0, top], intersected with [*lo, *hi]. */
static inline void clip_linear(double a, double k, double top, double *lo, double *hi)
{
    if (k == 0) {
        if (a < 0 || a > top)
            *hi = -INFINITY;
        return;
    }
    double x0 = -a / k, x1 = (top - a) / k;
    *lo = hi2(*lo, lo2(x0, x1));
    *hi = lo2(*hi, hi2(x0, x1));
}

/* The cells whose centres lie within r of segment a-b (cell units): the
 * outline is convex, so each row's cells are one run, the hull of what the
 * end discs and the band along the segment give. */
static void mark_segment(unsigned char *ink, int w, int h, double ax, double ay, double bx, double by,
                         double r)
{
    double dx = bx - ax, dy = by - ay, len = sqrt(dx * dx + dy * dy);
    double ux = len > 0 ? dx / len : 1, uy = len > 0 ? dy / len : 0;
    int y0 = first_centre(lo2(ay, by) - r, h), y1 = first_centre(hi2(ay, by) + r, h);
    for (int y = y0; y < y1; y++) {
        double cy = y + 0.5, xl = INFINITY, xh = -INFINITY;
        add_disc(ax, ay, r, cy, &xl, &xh);
        add_disc(bx, by, r, cy, &xl, &xh);
        /* along: (p - a)·u in [0, len]; across: (p - a)·n + r in [0, 2r] */
        double bl = -INFINITY, bh = INFINITY;
        clip_linear(-ax * ux + (cy - ay) * uy, ux, len, &bl, &bh);
        clip_linear(ax * uy + (cy - ay) * ux + r, -uy, 2 * r, &bl, &bh);
        if (bl <= bh) {
            xl = lo2(xl, bl);
            xh = hi2(xh, bh);
        }
        int x0 = first_centre(xl, w), x1 = first_centre(xh, w);
        if (x0 < x1)
            memset(ink + (size_t)y * (size_t)w + x0, 1, (size_t)(x1 - x0));
    }
}

/* A feature's parts at half width hw (points) into the cells. */
static void mark_feature(const pm_line_mask *m, unsigned char *ink, const pm_feature *f, double hw)
{
    double r = hw * m->scale + 1.0 / 6;
    if (2 * hw * m->scale < 1.0 / 3)
        return;   /* too thin to cover a third of a cell */
    int first = 0;
    for (int p = 0; p < f->n_parts; first += f->part_len[p], p++) {
        double px = 0, py = 0;
        for (int i = 0; i < f->part_len[p]; i++) {
            double x, y;
            pm_to_page(&m->rc->page, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x, &y);
            x = (x - m->frame.x) * m->scale;
            y = (y - m->frame.y) * m->scale;
            if (i > 0 || f->part_len[p] == 1)
                mark_segment(ink, m->w, m->h, i > 0 ? px : x, i > 0 ? py : y, x, y, r);
            px = x;
            py = y;
        }
    }
}

/* Every drawn line of the map held in memory into the cells; 1 if any. */
static int mark_lines(const pm_line_mask *m, unsigned char *ink)
{
    int any = 0;
    for (int l = 0; l < m->rc->map->n_layers; l++) {
        const pm_map_layer *ml = &m->rc->map->layers[l];
        if (ml->streamed)
            continue;
        pm_style_memo memo;
        pm_style_memo_init(&memo, ml->data);
        for (int i = 0; i < ml->data->n_features; i++) {
            const pm_feature *f = &ml->data->features[i];
            if (ml->rule_of[i] == PM_FEATURE_HIDDEN || f->kind != PM_GEOM_LINE)
                continue;
            const pm_style *s = pm_style_memo_get(&memo, ml, i, NULL);
            if (s->opacity <= 0 || s->width <= 0 || s->stroke.a <= 0)
                continue;
            mark_feature(m, ink, f, 0.5 * s->width + fmax(0, s->casing.width));
            any = 1;
        }
    }
    return any;
}

/* The summed table of the marked cells. */
static void sum_cells(pm_line_mask *m, const unsigned char *ink)
{
    size_t W = (size_t)m->w + 1;
    for (int y = 0; y < m->h; y++) {
        uint32_t row = 0;
        for (int x = 0; x < m->w; x++) {
            row += ink[(size_t)y * (size_t)m->w + (size_t)x];
            m->sum[(size_t)(y + 1) * W + (size_t)x + 1] = m->sum[(size_t)y * W + (size_t)x + 1] + row;
        }
    }
}

/* 1 if a layer held in memory has a line feature that is drawn. */
static int has_lines(const pm_rctx *rc)
{
    for (int l = 0; l < rc->map->n_layers; l++) {
        const pm_map_layer *ml = &rc->map->layers[l];
        for (int i = 0; !ml->streamed && i < ml->data->n_features; i++)
            if (ml->data->features[i].kind == PM_GEOM_LINE && ml->rule_of[i] != PM_FEATURE_HIDDEN)
                return 1;
    }
    return 0;
}

pm_line_mask *pm_line_mask_new(const pm_rctx *rc)
{
    if (!has_lines(rc))
        return NULL;
    pm_line_mask *m = calloc(1, sizeof *m);
    if (m && pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        return NULL;
    }
    if (m)
        m->rc = rc;
    return m;
}

/* The cells, marked when a label first asks: a map whose labels all
 * collide before that (a crowd of markers) never pays for them. */
static int make(pm_line_mask *m)
{
    pm_rect fr = m->rc->page.lay.frame;
    double scale = fmin(1, sqrt(LINE_MASK_MAX_CELLS / fmax(1, (fr.w + 1) * (fr.h + 1))));
    int w = (int)ceil(fr.w * scale) + 1, h = (int)ceil(fr.h * scale) + 1;
    uint32_t *sum = calloc((size_t)(w + 1) * (size_t)(h + 1), sizeof *sum);
    unsigned char *ink = calloc((size_t)w * (size_t)h, 1);
    if (!sum || !ink) {
        PM_FREE_ALL(sum, ink);
        return -1;
    }
    m->frame = fr;
    m->scale = scale;
    m->w = w;
    m->h = h;
    m->sum = sum;
    if (mark_lines(m, ink))
        sum_cells(m, ink);
    free(ink);
    return 1;
}

void pm_line_mask_free(pm_line_mask *m)
{
    if (m) {
        free(m->sum);
        pthread_mutex_destroy(&m->lock);
    }
    free(m);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int pm_line_mask_hits(pm_line_mask *m, pm_rect r)
{
    if (m && !atomic_load_explicit(&m->made, memory_order_acquire)) {
        pthread_mutex_lock(&m->lock);
        if (!atomic_load_explicit(&m->made, memory_order_relaxed))
            atomic_store_explicit(&m->made, make(m), memory_order_release);
        pthread_mutex_unlock(&m->lock);
    }
    if (!m || atomic_load_explicit(&m->made, memory_order_relaxed) < 0)
        return 0;   /* out of memory: labels do not look */
    int x0 = clamp((int)floor((r.x - m->frame.x) * m->scale), 0, m->w);
    int y0 = clamp((int)floor((r.y - m->frame.y) * m->scale), 0, m->h);
    int x1 = clamp((int)ceil((r.x + r.w - m->frame.x) * m->scale), 0, m->w);
    int y1 = clamp((int)ceil((r.y + r.h - m->frame.y) * m->scale), 0, m->h);
    if (x1 <= x0 || y1 <= y0)
        return 0;
    size_t W = (size_t)m->w + 1;
    uint32_t n = m->sum[(size_t)y1 * W + (size_t)x1] - m->sum[(size_t)y0 * W + (size_t)x1] -
                 m->sum[(size_t)y1 * W + (size_t)x0] + m->sum[(size_t)y0 * W + (size_t)x0];
    return n > 0;
}
