/* Direct drawing into an image surface: the data pass of a PNG map.
 *
 * A map of 100 000 small polygons spends its time in Cairo's per-shape
 * set-up (tessellation, a scan converter sized to the path, compositor
 * choice), not in pixels. For plain fills and solid strokes this module does
 * the same job with an exact-area scan converter: each edge adds its signed
 * area to the cells it crosses, a running sum along each row gives the
 * coverage of every pixel (the method of libart and font-rs), and the colour
 * is blended in where the coverage is not zero. Cost follows the pixels a
 * shape touches, so a 3-pixel marker costs a few dozen operations.
 *
 * Every ring carries a sign, so a polygon's holes take away from its
 * exterior whatever their winding. A stroke is the outline of its area as
 * one ring (two for a closed ring), wound as built: round joins on the outer
 * side of each turn, the edges' meeting point on the inner side, half discs
 * at the ends (the area of Cairo's round-join, round-cap stroke). The sum is
 * clamped to full coverage where a line crosses itself. Anything else (dashes, group
 * opacity, arrow heads, vector output) stays with Cairo (draw_cairo.c). */
#include "raster_internal.h"
#include "pm_alloc.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Without SSE4.1 the C library's floor, ceil, fmin and fmax are calls; the
 * scan converter's inner loops use these (arguments finite). */
static inline double lo(double a, double b) { return a < b ? a : b; }
static inline double hi(double a, double b) { return a > b ? a : b; }
static inline int floor_nonneg(double x) { return (int)x; }
static inline int ceil_nonneg(double x) { int i = (int)x; return i + (i < x); }

/* Rows rasterised at a time, bounding the buffer for page-sized shapes. */
#define BAND_CELLS (1 << 18)

pm_raster *pm_raster_create(cairo_t *cr, pm_rect clip)
{
    cairo_surface_t *s = cairo_get_target(cr);
    if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE)
        return NULL;
    cairo_format_t f = cairo_image_surface_get_format(s);
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if ((f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24 && f != CAIRO_FORMAT_A8) || m.xy != 0 || m.yx != 0 ||
        cairo_get_antialias(cr) == CAIRO_ANTIALIAS_NONE)
        return NULL;
    pm_raster *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->surface = s;
    r->format = f;
    r->stride = cairo_image_surface_get_stride(s);
    r->xx = m.xx;
    r->x0 = m.x0;
    r->yy = m.yy;
    r->y0 = m.y0;
    double ax = m.xx * clip.x + m.x0, bx = m.xx * (clip.x + clip.w) + m.x0;
    double ay = m.yy * clip.y + m.y0, by = m.yy * (clip.y + clip.h) + m.y0;
    r->cx0 = (int)fmax(0, lround(fmin(ax, bx)));
    r->cx1 = (int)fmin(cairo_image_surface_get_width(s), lround(fmax(ax, bx)));
    r->cy0 = (int)fmax(0, lround(fmin(ay, by)));
    r->cy1 = (int)fmin(cairo_image_surface_get_height(s), lround(fmax(ay, by)));
    return r;
}

void pm_raster_destroy(pm_raster *r)
{
    if (!r)
        return;
    pm_raster_stamps_free(r);
    PM_FREE_ALL(r->acc, r->span, r->shape, r->ring_len, r->ring_sign, r->dev, r);
}

int pm_raster_failed(const pm_raster *r)
{
    return r && r->nomem;
}

/* Hand the pixels over: Cairo must flush its own drawing before they are
 * touched, and learn afterwards that they changed. */
void pm_raster_begin(pm_raster *r)
{
    cairo_surface_flush(r->surface);
    r->data = cairo_image_surface_get_data(r->surface);
}

void pm_raster_end(pm_raster *r)
{
    cairo_surface_mark_dirty(r->surface);
}

int pm_raster_split(const pm_raster *r, double at, pm_raster *half[2], double *split)
{
    int row = (int)lround(r->yy * at + r->y0);
    row = row < r->cy0 ? r->cy0 : row > r->cy1 ? r->cy1 : row;
    for (int k = 0; k < 2; k++) {
        if (half[k])
            continue;
        half[k] = calloc(1, sizeof *half[k]);
        if (!half[k]) {
            pm_raster_destroy(half[0]);
            pm_raster_destroy(half[1]);
            half[0] = half[1] = NULL;
            return -1;
        }
        /* Same surface, pixels and transform; no buffers yet. */
        half[k]->surface = r->surface;
        half[k]->data = r->data;
        half[k]->stride = r->stride;
        half[k]->format = r->format;
        half[k]->xx = r->xx;
        half[k]->x0 = r->x0;
        half[k]->yy = r->yy;
        half[k]->y0 = r->y0;
        half[k]->cx0 = r->cx0;
        half[k]->cx1 = r->cx1;
    }
    half[0]->cy0 = r->cy0;
    half[0]->cy1 = row;
    half[1]->cy0 = row;
    half[1]->cy1 = r->cy1;
    *split = (row - r->y0) / r->yy;
    return 0;
}

/* ---- building a shape ---------------------------------------------------- */

int pm_raster_grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return 0;
    int cap2 = *cap ? *cap : 256;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(*p, (size_t)cap2 * size);
    if (!q)
        return -1;
    *p = q;
    *cap = cap2;
    return 0;
}

/* Start a ring that adds (sign 1) or removes (-1) coverage whatever its
 * winding; vertices follow with shape_point. */
void pm_raster_ring_open(pm_raster *r, int sign)
{
    int cap = r->ring_cap;
    if (pm_raster_grow((void **)&r->ring_len, &cap, r->n_rings + 1, sizeof *r->ring_len) != 0 ||
        pm_raster_grow((void **)&r->ring_sign, &r->ring_cap, r->n_rings + 1, sizeof *r->ring_sign) != 0) {
        r->nomem = 1;
        return;
    }
    r->ring_sign[r->n_rings] = (signed char)sign;
    r->ring_len[r->n_rings++] = 0;
}

double pm_raster_ring_area(const double *v, int n)
{
    double a = 0;
    for (int i = 0, j = n - 1; i < n; j = i++)
        a += (v[2 * j] - v[2 * i]) * (v[2 * j + 1] + v[2 * i + 1]);
    return 0.5 * a;
}

double pm_raster_ring_dir(const pm_raster *r, int k, const double *v, int n)
{
    /* ring_area < 0 is the winding whose inside sums to +1; a stroke's
     * piece, as built, has area > 0. */
    if (r->ring_sign[k] == PM_RING_AS_BUILT)
        return -1;
    return r->ring_sign[k] * (pm_raster_ring_area(v, n) < 0 ? 1 : -1);
}

/* ---- scan conversion ----------------------------------------------------- */

/* Add the signed area of the edge (device pixels, band-relative y) to the
 * cells of rows [0, h); x is clamped into [0, w], which keeps the winding
 * of parts left of the band and drops those right of it. */
void pm_raster_edge(float *acc, int *span, int w, int h, double x0, double y0, double x1, double y1,
                 double sign)
{
    if (y0 == y1)
        return;
    double dir = sign;
    if (y0 > y1) {
        double t = x0; x0 = x1; x1 = t;
        t = y0; y0 = y1; y1 = t;
        dir = -dir;
    }
    if (y1 <= 0 || y0 >= h)
        return;
    double dxdy = (x1 - x0) / (y1 - y0);
    double x = x0;
    if (y0 < 0)
        x -= y0 * dxdy;
    int ystart = y0 < 0 ? 0 : (int)y0, yend = y1 > h ? h : ceil_nonneg(y1);
    size_t row_w = (size_t)w + 2;
    for (int y = ystart; y < yend; y++) {
        float *row = acc + (size_t)y * row_w;
        double dy = lo(y + 1, y1) - hi(y, y0);
        double xnext = x + dxdy * dy;
        double d = dy * dir;
        double xa = lo(hi(lo(x, xnext), 0), w), xb = lo(hi(hi(x, xnext), 0), w);
        int ia = floor_nonneg(xa), ib = ceil_nonneg(xb);
        double xa_floor = ia;
        if (ia < span[2 * y])
            span[2 * y] = ia;
        if (ib + 1 > span[2 * y + 1])
            span[2 * y + 1] = ib + 1;
        if (ib <= ia + 1) {
            double xmf = 0.5 * (xa + xb) - xa_floor;
            row[ia] += (float)(d - d * xmf);
            row[ia + 1] += (float)(d * xmf);
        } else {
            double s = 1 / (xb - xa);
            double xaf = xa - xa_floor;
            double a0 = 0.5 * s * (1 - xaf) * (1 - xaf);
            double xbf = xb - ib + 1;
            double am = 0.5 * s * xbf * xbf;
            row[ia] += (float)(d * a0);
            if (ib == ia + 2) {
                row[ia + 1] += (float)(d * (1 - a0 - am));
            } else {
                double a1 = s * (1.5 - xaf);
                row[ia + 1] += (float)(d * (a1 - a0));
                for (int i = ia + 2; i < ib - 1; i++)
                    row[i] += (float)(d * s);
                double a2 = a1 + (ib - ia - 3) * s;
                row[ib - 1] += (float)(d * (1 - a2 - am));
            }
            row[ib] += (float)(d * am);
        }
        x = xnext;
    }
}

/* A shape's inside sums its edges' float shares to 1 within a few 1e-8:
 * such pixels blended were a fifth of a filled map's, each through the
 * double arithmetic of pm_raster_blend_argb for the solid bytes. At coverage
 * 1 - e (the colour opaque: a = 1 - e, k = e) each channel's
 * `ch * a * 255 + d * k + 0.5` is within 255 e of its solid value S (d at
 * most 255) plus rounding, so it truncates to the same integer while
 * 510 e stays under S's distance to the integers either side (0.5 for
 * alpha; about 0.5 for any #rrggbb colour, whose channels are n / 255). */
double pm_raster_full_cover(const pm_raster *r, pm_color c)
{
    if (!pm_raster_solid_px(r, c))
        return INFINITY;
    const double ch[3] = {c.r, c.g, c.b};
    double margin = 0.5;
    for (int i = 0; i < 3; i++) {
        if (!(ch[i] >= 0 && ch[i] <= 1))
            return 1;
        double v = ch[i] * 1.0 * 255 + 0.5, f = v - floor(v);
        margin = lo(margin, lo(f, 1 - f));
    }
    double e = (margin - 1e-9) / 510;
    return e > 0 ? 1 - e : 1;
}

/* 1 if the 8 cells from c are all +0: the coverage does not change along
 * them (a cell left at -0 takes the cell-by-cell way, which adds it alike). */
static inline int empty8(const float *c)
{
    uint64_t q[4];
    memcpy(q, c, sizeof q);
    return (q[0] | q[1] | q[2] | q[3]) == 0;
}

/* Cells [x, e) of a row at coverage cov, unchanged along them. */
static void blend_run(const pm_raster *r, unsigned char *line, int bx, int x, int e, double cov,
                      pm_color c, uint32_t solid, double full)
{
    if (cov >= full) {
        uint32_t *px = (uint32_t *)line + bx;
        for (; x < e; x++)
            px[x] = solid;
    } else if (cov >= 1.0 / 512) {
        for (; x < e; x++)
            pm_raster_blend_px(r, line, bx + x, cov > 1 ? 1 : cov, c);
    }
}

/* A shape's edge pixels, blended, wait for their image rows (a quarter of
 * the blending, a fifth of an A4 map of lines, when features come in no
 * spatial order): the first and last pixel of a band row are asked for
 * this many rows ahead. */
#define PREFETCH_ROWS 4

/* Running sums along each row of the band give the coverage; blend, and
 * clear the cells for the next band. Cells no edge touched (inside a fill,
 * between a stroke's sides) are taken eight at a time. */
static void blend_band(pm_raster *r, int bx, int by, int w, int h, pm_color c)
{
    size_t row_w = (size_t)w + 2;
    uint32_t solid = pm_raster_solid_px(r, c);
    /* Worked out once a colour (a layer of small polygons fills 200 000
     * times in two colours). */
    if (memcmp(&c, &r->full_for, sizeof c) != 0) {
        r->full = pm_raster_full_cover(r, c);
        r->full_for = c;
    }
    double full = r->full;
    for (int y = 0; y < h; y++) {
        /* Here, not in a helper: GCC drops a call that only prefetches. */
        int ahead = y + PREFETCH_ROWS;
        if (ahead < h && r->span[2 * ahead + 1] >= 0)
            pm_raster_prefetch(r, by + ahead, bx + r->span[2 * ahead], bx + r->span[2 * ahead + 1] - 1);
        /* Only the cells an edge touched, and those between, can be
         * covered: a thin diagonal line touches a few per row of its box. */
        int x = r->span[2 * y], x1 = r->span[2 * y + 1];
        r->span[2 * y] = INT_MAX;
        r->span[2 * y + 1] = -1;
        if (x1 < 0)
            continue;
        x1 = x1 < w ? x1 : w;
        float *row = r->acc + (size_t)y * row_w;
        unsigned char *line = r->data + (size_t)(by + y) * (size_t)r->stride;
        double sum = 0;
        while (x < x1) {
            int e = x + 8;
            if (e <= x1 && empty8(row + x)) {
                while (e + 8 <= x1 && empty8(row + e))
                    e += 8;
                blend_run(r, line, bx, x, e, sum, c, solid, full);
                x = e;
                continue;
            }
            for (e = e < x1 ? e : x1; x < e; x++) {
                sum += row[x];
                row[x] = 0;
                double cov = sum;   /* more than 1: a line crossing itself, say */
                if (cov >= full)
                    ((uint32_t *)line)[bx + x] = solid;
                else if (cov >= 1.0 / 512)
                    pm_raster_blend_px(r, line, bx + x, cov > 1 ? 1 : cov, c);
            }
        }
        row[w] = row[w + 1] = 0;
    }
}

/* Room for `rows` rows of touched-cell spans, all empty. */
int pm_raster_grow_span(pm_raster *r, int rows)
{
    int *span = realloc(r->span, 2 * sizeof *span * (size_t)rows);
    if (!span)
        return -1;
    for (int i = r->span_cap; i < rows; i++) {
        span[2 * i] = INT_MAX;
        span[2 * i + 1] = -1;
    }
    r->span = span;
    r->span_cap = rows;
    return 0;
}

/* Fill the shape built in r->shape: each ring adds or removes coverage as
 * its sign says, whatever its winding; the sum is clamped to [0, 1]. */
void pm_raster_fill(pm_raster *r, pm_color c)
{
    if (r->n_shape == 0 || r->nomem || c.a <= 0)
        return;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < r->n_shape; i++) {
        x0 = lo(x0, r->shape[2 * i]);
        x1 = hi(x1, r->shape[2 * i]);
        y0 = lo(y0, r->shape[2 * i + 1]);
        y1 = hi(y1, r->shape[2 * i + 1]);
    }
    int bx0 = (int)fmax(r->cx0, floor(x0)), bx1 = (int)fmin(r->cx1, ceil(x1) + 1);
    int by0 = (int)fmax(r->cy0, floor(y0)), by1 = (int)fmin(r->cy1, ceil(y1) + 1);
    if (bx0 >= bx1 || by0 >= by1)
        return;
    int w = bx1 - bx0;
    int band = (int)fmax(1, fmin(by1 - by0, BAND_CELLS / (w + 2)));
    size_t need = (size_t)(w + 2) * (size_t)band;
    if (need > r->acc_cap) {
        free(r->acc);
        r->acc = calloc(need, sizeof *r->acc);
        r->acc_cap = r->acc ? need : 0;
        if (!r->acc) {
            r->nomem = 1;
            return;
        }
    }
    if (band > r->span_cap && pm_raster_grow_span(r, band) != 0) {
        r->nomem = 1;
        return;
    }
    /* The image rows of the shape's first band rows are asked for before
     * its edges are added up, which takes longer than they take to come:
     * a shape of a few pixels is all first rows (blend_band asks for the
     * rest, a few rows ahead). */
    for (int y = by0; y < by1 && y < by0 + PREFETCH_ROWS; y++)
        pm_raster_prefetch(r, y, bx0, bx1 - 1);
    for (int top = by0; top < by1; top += band) {
        int h = by1 - top < band ? by1 - top : band;
        const double *v = r->shape;
        for (int k = 0; k < r->n_rings; k++) {
            int n = r->ring_len[k];
            double sg = pm_raster_ring_dir(r, k, v, n);
            for (int i = 0, j = n - 1; i < n; j = i++)
                pm_raster_edge(r->acc, r->span, w, h, v[2 * j] - bx0, v[2 * j + 1] - top, v[2 * i] - bx0,
                     v[2 * i + 1] - top, sg);
            v += 2 * n;
        }
        blend_band(r, bx0, top, w, h, c);
    }
}

