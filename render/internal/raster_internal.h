/* The scan converter's state, shared by its files (raster.c: surfaces and
 * scan conversion; raster_stroke.c: shapes of strokes; raster_stamp.c:
 * small markers by stamp). Private to render/; pm_raster's interface is in
 * render_internal.h. */
#ifndef PM_RASTER_INTERNAL_H
#define PM_RASTER_INTERNAL_H

#include "render_internal.h"

#include <stdint.h>

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
    signed char *ring_sign;      /* +1: the ring adds coverage, -1: removes it, whatever
                                  * its winding; PM_RING_AS_BUILT: see there */
    int shape_cap, ring_cap, n_shape, n_rings;
    double *dev;                 /* one part in device pixels, for stroke_part */
    int dev_cap;
    struct stamp_set *stamps;    /* small markers' coverage by sub-pixel position */
    int n_stamps;
    size_t stamp_bytes;          /* what they may take, every phase made */
    pm_color full_for;           /* the colour `full` is pm_raster_full_cover of (alpha 0: none) */
    double full;
    int nomem;
};

/* ---- building a shape (raster.c) ----------------------------------------- */

/* Room for `need` items of `size` bytes in *p (capacity *cap); 0 or -1. */
int pm_raster_grow(void **p, int *cap, int need, size_t size);

static inline void pm_raster_shape_reset(pm_raster *r)
{
    r->n_shape = 0;
    r->n_rings = 0;
}

/* Start a ring that adds (sign 1) or removes (-1) coverage whatever its
 * winding, or (PM_RING_AS_BUILT) adds where it winds as a stroke's piece
 * (a, b, then b and a offset to the left: counter-clockwise with y up) and
 * takes away where it winds the other way, so that one ring can be the
 * outline of a whole stroke; vertices follow with pm_raster_shape_point. */
#define PM_RING_AS_BUILT 2
void pm_raster_ring_open(pm_raster *r, int sign);
/* The sign each edge of ring k (n vertices at v) adds its area with. */
double pm_raster_ring_dir(const pm_raster *r, int k, const double *v, int n);

static inline void pm_raster_shape_point(pm_raster *r, double x, double y)
{
    if (r->n_rings == 0 || (2 * (r->n_shape + 1) > r->shape_cap &&
                            pm_raster_grow((void **)&r->shape, &r->shape_cap, 2 * (r->n_shape + 1),
                                           sizeof *r->shape) != 0)) {
        r->nomem = 1;
        return;
    }
    r->shape[2 * r->n_shape] = x;
    r->shape[2 * r->n_shape + 1] = y;
    r->n_shape++;
    r->ring_len[r->n_rings - 1]++;
}

/* The signed area of a ring of n device vertices (< 0: the winding whose
 * inside sums to +1). */
double pm_raster_ring_area(const double *v, int n);

static inline void pm_raster_to_device(const pm_raster *r, double x, double y, double *dx, double *dy)
{
    *dx = r->xx * x + r->x0;
    *dy = r->yy * y + r->y0;
}

/* ---- scan conversion (raster.c) ------------------------------------------- */

/* Add the signed area of an edge to the cells it crosses (see raster.c). */
void pm_raster_edge(float *acc, int *span, int w, int h, double x0, double y0, double x1, double y1,
                    double sign);
/* Room for `rows` rows of touched-cell spans, all empty; 0 or -1. */
int pm_raster_grow_span(pm_raster *r, int rows);
/* Fill the shape built in r->shape with colour c. */
void pm_raster_fill(pm_raster *r, pm_color c);

static inline uint32_t pm_raster_blend_argb(uint32_t dst, double cov, pm_color c)
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
static inline void pm_raster_blend_px(const pm_raster *r, unsigned char *line, int x, double cov, pm_color c)
{
    if (r->format != CAIRO_FORMAT_A8) {
        uint32_t *px = (uint32_t *)line + x;
        *px = pm_raster_blend_argb(*px | (r->format == CAIRO_FORMAT_RGB24 ? 0xFF000000u : 0), cov, c);
    } else {
        double a = cov * c.a;
        line[x] = (unsigned char)(a * 255 + line[x] * (1 - a) + 0.5);
    }
}

/* Ask for the pixels x0..x1 of image row y ahead of blending them (their
 * first and last cache lines: a marker's or a stroke's run in a row). */
static inline void pm_raster_prefetch(const pm_raster *r, int y, int x0, int x1)
{
    size_t px = r->format == CAIRO_FORMAT_A8 ? 1 : 4;
    const unsigned char *line = r->data + (size_t)y * (size_t)r->stride;
    __builtin_prefetch(line + px * (size_t)x0, 1);
    __builtin_prefetch(line + px * (size_t)x1, 1);
}

/* What a pixel fully covered by an opaque colour becomes, whatever it was:
 * blend_argb keeps nothing of the old pixel then, so this is its own answer,
 * bit for bit. 0 (no such pixel has alpha 0) for a translucent colour or an
 * A8 target. Inside fills and markers most pixels are such. */
static inline uint32_t pm_raster_solid_px(const pm_raster *r, pm_color c)
{
    return r->format != CAIRO_FORMAT_A8 && c.a == 1 ? pm_raster_blend_argb(0, 1, c) : 0;
}

/* The least coverage at which colour c's blend (pm_raster_blend_px) is
 * pm_raster_solid_px whatever the pixel was: at most 1 for an opaque colour
 * on a colour image, infinite where there is no solid pixel. */
double pm_raster_full_cover(const pm_raster *r, pm_color c);

/* ---- strokes (raster_stroke.c), stamps (raster_stamp.c) ------------------- */

/* Outline of one part (page points) with round joins and caps, half width
 * hw device pixels, added to the shape being built. */
void pm_raster_stroke_part(pm_raster *r, const double *pts, int n, int closed, double hw);
void pm_raster_stamps_free(pm_raster *r);

#endif
