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
 * exterior whatever their winding, and a stroke is tiled by pieces that add
 * up to its area: a quadrilateral per segment, a pie slice on the outer side
 * of each turn less the kite where neighbouring segments overlap, half discs
 * at the ends (the area of Cairo's round-join, round-cap stroke). The sum is
 * clamped to full coverage where a line crosses itself. Anything else (dashes, group
 * opacity, arrow heads, vector output) stays with Cairo (draw.c). */
#include "render_internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
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

struct pm_raster {
    cairo_surface_t *surface;
    unsigned char *data;
    int stride, format;          /* CAIRO_FORMAT_ARGB32, _RGB24 (opaque) or _A8 */
    double xx, x0, yy, y0;       /* page points → device pixels */
    int cx0, cy0, cx1, cy1;      /* clip, device pixels [x0, x1) */
    float *acc;                  /* band of (w + 2) × rows cells */
    size_t acc_cap;
    int *span;                   /* per band row: first and last cell touched */
    int span_cap;
    double *shape;               /* device vertices of the shape being drawn */
    int *ring_len;
    signed char *ring_sign;      /* +1: the ring adds coverage, -1: removes it */
    int shape_cap, ring_cap, n_shape, n_rings;
    double *dev;                 /* one part in device pixels, for stroke_part */
    int dev_cap;
    struct stamp_set *stamps;    /* small markers' coverage by sub-pixel position */
    int n_stamps;
    int nomem;
};

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

static void stamps_free(pm_raster *r);

void pm_raster_destroy(pm_raster *r)
{
    if (!r)
        return;
    stamps_free(r);
    free(r->acc);
    free(r->span);
    free(r->shape);
    free(r->ring_len);
    free(r->ring_sign);
    free(r->dev);
    free(r);
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

static int grow(void **p, int *cap, int need, size_t size)
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

static void shape_reset(pm_raster *r)
{
    r->n_shape = 0;
    r->n_rings = 0;
}

/* Start a ring that adds (sign 1) or removes (-1) coverage whatever its
 * winding; vertices follow with shape_point. */
static void ring_open(pm_raster *r, int sign)
{
    int cap = r->ring_cap;
    if (grow((void **)&r->ring_len, &cap, r->n_rings + 1, sizeof *r->ring_len) != 0 ||
        grow((void **)&r->ring_sign, &r->ring_cap, r->n_rings + 1, sizeof *r->ring_sign) != 0) {
        r->nomem = 1;
        return;
    }
    r->ring_sign[r->n_rings] = (signed char)sign;
    r->ring_len[r->n_rings++] = 0;
}

static void shape_point(pm_raster *r, double x, double y)
{
    if (r->n_rings == 0 || grow((void **)&r->shape, &r->shape_cap, 2 * (r->n_shape + 1),
                                sizeof *r->shape) != 0) {
        r->nomem = 1;
        return;
    }
    r->shape[2 * r->n_shape] = x;
    r->shape[2 * r->n_shape + 1] = y;
    r->n_shape++;
    r->ring_len[r->n_rings - 1]++;
}

static double ring_area(const double *v, int n)
{
    double a = 0;
    for (int i = 0, j = n - 1; i < n; j = i++)
        a += (v[2 * j] - v[2 * i]) * (v[2 * j + 1] + v[2 * i + 1]);
    return 0.5 * a;
}

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
    ring_open(r, 1);
    shape_point(r, cx, cy);
    for (int i = 0; i <= n; i++) {
        shape_point(r, cx + ux, cy + uy);
        double t = ux * c - uy * sn;
        uy = ux * sn + uy * c;
        ux = t;
    }
}

static void quad(pm_raster *r, double ax, double ay, double bx, double by, double hw)
{
    double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
    double nx = -dy / len * hw, ny = dx / len * hw;
    ring_open(r, 1);
    shape_point(r, ax - nx, ay - ny);
    shape_point(r, bx - nx, by - ny);
    shape_point(r, bx + nx, by + ny);
    shape_point(r, ax + nx, ay + ny);
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
    ring_open(r, -1);
    shape_point(r, bx, by);
    shape_point(r, bx + side * hw * uy, by - side * hw * ux);   /* inner side: -side */
    shape_point(r, bx - side * mx / ml * d, by - side * my / ml * d);
    shape_point(r, bx + side * hw * vy, by - side * hw * vx);
}

/* ---- scan conversion ----------------------------------------------------- */

/* Add the signed area of the edge (device pixels, band-relative y) to the
 * cells of rows [0, h); x is clamped into [0, w], which keeps the winding
 * of parts left of the band and drops those right of it. */
static void edge(float *acc, int *span, int w, int h, double x0, double y0, double x1, double y1,
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

static inline uint32_t blend_argb(uint32_t dst, double cov, pm_color c)
{
    double a = cov * c.a, k = 1 - a;
    unsigned da = dst >> 24, dr = (dst >> 16) & 255, dg = (dst >> 8) & 255, db = dst & 255;
    unsigned oa = (unsigned)(a * 255 + da * k + 0.5);
    unsigned orr = (unsigned)(c.r * a * 255 + dr * k + 0.5);
    unsigned og = (unsigned)(c.g * a * 255 + dg * k + 0.5);
    unsigned ob = (unsigned)(c.b * a * 255 + db * k + 0.5);
    return (uint32_t)oa << 24 | (uint32_t)orr << 16 | (uint32_t)og << 8 | ob;
}

/* One pixel of a row: colour c at coverage cov (0, 1]. RGB24 has no alpha:
 * its unused byte reads as opaque. */
static inline void blend_px(const pm_raster *r, unsigned char *line, int x, double cov, pm_color c)
{
    if (r->format != CAIRO_FORMAT_A8) {
        uint32_t *px = (uint32_t *)line + x;
        *px = blend_argb(*px | (r->format == CAIRO_FORMAT_RGB24 ? 0xFF000000u : 0), cov, c);
    } else {
        double a = cov * c.a;
        line[x] = (unsigned char)(a * 255 + line[x] * (1 - a) + 0.5);
    }
}

/* What a pixel fully covered by an opaque colour becomes, whatever it was:
 * blend_argb keeps nothing of the old pixel then, so this is its own answer,
 * bit for bit. 0 (no such pixel has alpha 0) for a translucent colour or an
 * A8 target. Inside fills and markers most pixels are such. */
static uint32_t solid_px(const pm_raster *r, pm_color c)
{
    return r->format != CAIRO_FORMAT_A8 && c.a == 1 ? blend_argb(0, 1, c) : 0;
}

/* Running sums along each row of the band give the coverage; blend, and
 * clear the cells for the next band. */
static void blend_band(pm_raster *r, int bx, int by, int w, int h, pm_color c)
{
    size_t row_w = (size_t)w + 2;
    uint32_t solid = solid_px(r, c);
    for (int y = 0; y < h; y++) {
        /* Only the cells an edge touched, and those between, can be
         * covered: a thin diagonal line touches a few per row of its box. */
        int x0 = r->span[2 * y], x1 = r->span[2 * y + 1];
        r->span[2 * y] = INT_MAX;
        r->span[2 * y + 1] = -1;
        if (x1 < 0)
            continue;
        float *row = r->acc + (size_t)y * row_w;
        unsigned char *line = r->data + (size_t)(by + y) * (size_t)r->stride;
        double sum = 0;
        for (int x = x0; x < x1 && x < w; x++) {
            sum += row[x];
            row[x] = 0;
            double cov = sum;
            if (cov < 1.0 / 512)
                continue;
            if (cov >= 1 && solid)   /* more than 1: a line crossing itself, say */
                ((uint32_t *)line)[bx + x] = solid;
            else
                blend_px(r, line, bx + x, cov > 1 ? 1 : cov, c);
        }
        row[w] = row[w + 1] = 0;
    }
}

/* Room for `rows` rows of touched-cell spans, all empty. */
static int grow_span(pm_raster *r, int rows)
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
static void fill_shape(pm_raster *r, pm_color c)
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
    if (band > r->span_cap && grow_span(r, band) != 0) {
        r->nomem = 1;
        return;
    }
    for (int top = by0; top < by1; top += band) {
        int h = by1 - top < band ? by1 - top : band;
        const double *v = r->shape;
        for (int k = 0; k < r->n_rings; k++) {
            int n = r->ring_len[k];
            /* ring_area < 0 is the winding whose inside sums to +1. */
            double sg = r->ring_sign[k] * (ring_area(v, n) < 0 ? 1 : -1);
            for (int i = 0, j = n - 1; i < n; j = i++)
                edge(r->acc, r->span, w, h, v[2 * j] - bx0, v[2 * j + 1] - top, v[2 * i] - bx0,
                     v[2 * i + 1] - top, sg);
            v += 2 * n;
        }
        blend_band(r, bx0, top, w, h, c);
    }
}

/* ---- what draw.c asks for ---------------------------------------------- */

static void to_device(const pm_raster *r, double x, double y, double *dx, double *dy)
{
    *dx = r->xx * x + r->x0;
    *dy = r->yy * y + r->y0;
}

/* Device points of one part without repeats (a zero-length segment has no
 * direction); their count. */
static int device_part(pm_raster *r, const double *pts, int n, double *out)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        to_device(r, pts[2 * i], pts[2 * i + 1], &out[2 * k], &out[2 * k + 1]);
        if (k == 0 || out[2 * k] != out[2 * k - 2] || out[2 * k + 1] != out[2 * k - 1])
            k++;
    }
    return k;
}

/* Outline of one part with round joins and caps, as pieces that tile it: a
 * quadrilateral per segment, joins (join), and half discs at open ends. */
static void stroke_part(pm_raster *r, const double *pts, int n, int closed, double hw)
{
    if (grow((void **)&r->dev, &r->dev_cap, 2 * (n > 0 ? n : 1), sizeof *r->dev) != 0) {
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
 * (width in points), as draw.c's Cairo path does. */
void pm_raster_polygon(pm_raster *r, const double *xy, const int *ring_len, const char *exterior,
                       int n_rings, pm_color fill, pm_color stroke, double width)
{
    shape_reset(r);
    const double *v = xy;
    for (int k = 0; k < n_rings; k++) {
        ring_open(r, exterior[k] ? 1 : -1);   /* holes take away */
        for (int i = 0; i < ring_len[k]; i++) {
            double x, y;
            to_device(r, v[2 * i], v[2 * i + 1], &x, &y);
            shape_point(r, x, y);
        }
        v += 2 * ring_len[k];
    }
    fill_shape(r, fill);
    if (width > 0 && stroke.a > 0) {
        double hw = 0.5 * width * fabs(r->xx);
        shape_reset(r);
        v = xy;
        for (int k = 0; k < n_rings; k++) {
            stroke_part(r, v, ring_len[k], 1, hw);
            v += 2 * ring_len[k];
        }
        fill_shape(r, stroke);
    }
}

/* A line part (page points) with round joins and caps. */
void pm_raster_line(pm_raster *r, const double *pts, int n, pm_color color, double width)
{
    if (n < 2 || width <= 0 || color.a <= 0)
        return;
    shape_reset(r);
    stroke_part(r, pts, n, 0, 0.5 * width * fabs(r->xx));
    fill_shape(r, color);
}

/* A marker: its outline (pm_marker_ring) is a polygon of one ring. */
void pm_raster_marker(pm_raster *r, const double *ring, int n, pm_color fill, pm_color stroke,
                      double width)
{
    static const char exterior[1] = {1};
    pm_raster_polygon(r, ring, &n, exterior, 1, fill, stroke, width);
}

/* ---- small markers by stamp ------------------------------------------------ *
 *
 * A map of 200 000 points draws one small shape 200 000 times: its coverage
 * depends only on where the centre falls inside a pixel. Each marker style
 * keeps the coverage of its fill and of its outline for 32 × 32 sub-pixel
 * positions, made on first use by the scan converter above; a marker is
 * then a blend of a few dozen pixels. Positions are rounded to 1/32 pixel,
 * which moves an edge pixel's coverage by at most about two percent (the
 * bench points: 0.2 of a level on average against 1/64, for a quarter of
 * the 1.3 MB each band's stamps took). */

#define STAMP_PHASES 32
#define STAMP_SIDE 16          /* masks up to 16 × 16 pixels; larger markers are drawn as shapes */
#define STAMP_STYLES 16

typedef struct stamp_set {
    pm_marker_shape shape;     /* the key: what the coverage depends on */
    double size, width, ppt;
    int side, reach;           /* mask side; the centre's pixel within it */
    uint16_t **phase;          /* per sub-pixel position: fill then outline, side² each */
} stamp_set;

static void stamps_free(pm_raster *r)
{
    for (int i = 0; i < r->n_stamps; i++) {
        for (int k = 0; k < STAMP_PHASES * STAMP_PHASES; k++)
            free(r->stamps[i].phase[k]);
        free(r->stamps[i].phase);
    }
    free(r->stamps);
    r->stamps = NULL;
    r->n_stamps = 0;
}

/* Coverage of the shape built (in mask pixels) into out[side²], 0..65535. */
static void shape_coverage(pm_raster *r, int side, uint16_t *out)
{
    size_t need = (size_t)(side + 2) * (size_t)side;
    memset(out, 0, sizeof *out * (size_t)side * (size_t)side);
    if (r->n_shape == 0 || r->nomem)
        return;
    if (need > r->acc_cap) {
        free(r->acc);
        r->acc = calloc(need, sizeof *r->acc);
        r->acc_cap = r->acc ? need : 0;
    }
    if (!r->acc || (side > r->span_cap && grow_span(r, side) != 0)) {
        r->nomem = 1;
        return;
    }
    const double *v = r->shape;
    for (int k = 0; k < r->n_rings; k++) {
        int n = r->ring_len[k];
        double sg = r->ring_sign[k] * (ring_area(v, n) < 0 ? 1 : -1);
        for (int i = 0, j = n - 1; i < n; j = i++)
            edge(r->acc, r->span, side, side, v[2 * j], v[2 * j + 1], v[2 * i], v[2 * i + 1], sg);
        v += 2 * n;
    }
    size_t row_w = (size_t)side + 2;
    for (int y = 0; y < side; y++) {
        float *row = r->acc + (size_t)y * row_w;
        double sum = 0;
        for (int x = 0; x < side + 2; x++) {
            sum += row[x];
            row[x] = 0;
            double cov = sum < 0 ? 0 : sum > 1 ? 1 : sum;
            if (x < side)
                out[y * side + x] = (uint16_t)(cov * 65535 + 0.5);
        }
        r->span[2 * y] = INT_MAX;
        r->span[2 * y + 1] = -1;
    }
}

/* Fill and outline coverage of a marker centred at (reach + qx, reach + qy)
 * mask pixels: pm_marker_ring's outline, as pm_raster_marker draws it. */
static uint16_t *make_phase(pm_raster *r, const stamp_set *st, double qx, double qy)
{
    size_t area = (size_t)st->side * (size_t)st->side;
    /* The outline's coverage only when there is an outline. */
    uint16_t *m = malloc((st->width > 0 ? 2 : 1) * area * sizeof *m);
    if (!m) {
        r->nomem = 1;
        return NULL;
    }
    double ring[2 * PM_MARKER_RING];
    int n = pm_marker_ring(st->shape, 0, 0, st->size, st->ppt, ring);
    /* Page offsets from the centre to mask pixels: the linear part of the
     * transform, then the centre's place in the mask. */
    double x0 = r->x0, y0 = r->y0;
    r->x0 = st->reach + qx;
    r->y0 = st->reach + qy;
    shape_reset(r);
    ring_open(r, 1);
    for (int i = 0; i < n; i++) {
        double x, y;
        to_device(r, ring[2 * i], ring[2 * i + 1], &x, &y);
        shape_point(r, x, y);
    }
    shape_coverage(r, st->side, m);
    shape_reset(r);
    if (st->width > 0) {
        stroke_part(r, ring, n, 1, 0.5 * st->width * fabs(r->xx));
        shape_coverage(r, st->side, m + area);
    }
    r->x0 = x0;
    r->y0 = y0;
    return m;
}

static stamp_set *stamp_for(pm_raster *r, pm_marker_shape shape, double size, double width, double ppt)
{
    for (int i = 0; i < r->n_stamps; i++) {
        stamp_set *st = &r->stamps[i];
        if (st->shape == shape && st->size == size && st->width == width && st->ppt == ppt)
            return st;
    }
    /* Half the marker and outline, a pixel of antialiasing and one of
     * rounding, each way. */
    int reach = (int)ceil((0.5 * size + 0.5 * width) * fmax(fabs(r->xx), fabs(r->yy))) + 2;
    if (2 * reach + 1 > STAMP_SIDE || r->n_stamps == STAMP_STYLES || r->xx != r->yy)
        return NULL;
    if (!r->stamps && !(r->stamps = calloc(STAMP_STYLES, sizeof *r->stamps)))
        return NULL;
    stamp_set *st = &r->stamps[r->n_stamps];
    st->phase = calloc(STAMP_PHASES * STAMP_PHASES, sizeof *st->phase);
    if (!st->phase)
        return NULL;
    st->shape = shape;
    st->size = size;
    st->width = width;
    st->ppt = ppt;
    st->reach = reach;
    st->side = 2 * reach + 1;
    r->n_stamps++;
    return st;
}

/* Blend a mask whose pixel (0, 0) is device pixel (ox, oy), inside the clip. */
static void blend_mask(pm_raster *r, const uint16_t *m, int side, int ox, int oy, pm_color c)
{
    if (c.a <= 0)
        return;
    int x0 = ox < r->cx0 ? r->cx0 - ox : 0, x1 = ox + side > r->cx1 ? r->cx1 - ox : side;
    int y0 = oy < r->cy0 ? r->cy0 - oy : 0, y1 = oy + side > r->cy1 ? r->cy1 - oy : side;
    uint32_t solid = solid_px(r, c);
    for (int y = y0; y < y1; y++) {
        unsigned char *line = r->data + (size_t)(oy + y) * (size_t)r->stride;
        for (int x = x0; x < x1; x++) {
            unsigned v = m[y * side + x];
            if (v == 65535 && solid)
                ((uint32_t *)line)[ox + x] = solid;
            else if (v >= 128)   /* 1/512, as blend_band */
                blend_px(r, line, ox + x, v / 65535.0, c);
        }
    }
}

void pm_raster_marker_at(pm_raster *r, pm_marker_shape shape, double x, double y, double size,
                         double px_per_pt, pm_color fill, pm_color stroke, double width)
{
    double w = stroke.a > 0 ? width : 0;
    stamp_set *st = r->nomem ? NULL : stamp_for(r, shape, size, w, px_per_pt);
    double dx, dy;
    to_device(r, x, y, &dx, &dy);
    if (!st || !(fabs(dx) < 1e9 && fabs(dy) < 1e9)) {
        double ring[2 * PM_MARKER_RING];
        int n = pm_marker_ring(shape, x, y, size, px_per_pt, ring);
        pm_raster_marker(r, ring, n, fill, stroke, width);
        return;
    }
    int ix = (int)floor(dx), iy = (int)floor(dy);
    int qx = (int)lround((dx - ix) * STAMP_PHASES), qy = (int)lround((dy - iy) * STAMP_PHASES);
    ix += qx / STAMP_PHASES;
    iy += qy / STAMP_PHASES;
    qx %= STAMP_PHASES;
    qy %= STAMP_PHASES;
    int ox = ix - st->reach, oy = iy - st->reach;
    if (ox >= r->cx1 || oy >= r->cy1 || ox + st->side <= r->cx0 || oy + st->side <= r->cy0)
        return;
    uint16_t **slot = &st->phase[qy * STAMP_PHASES + qx];
    if (!*slot && !(*slot = make_phase(r, st, (double)qx / STAMP_PHASES, (double)qy / STAMP_PHASES)))
        return;
    blend_mask(r, *slot, st->side, ox, oy, fill);
    if (w > 0)
        blend_mask(r, *slot + (size_t)st->side * (size_t)st->side, st->side, ox, oy, stroke);
}
