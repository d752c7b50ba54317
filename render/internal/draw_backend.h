/* Drawing back ends: where the features of the data layers go once the
 * drawer (draw.c) has put them in page points. Private to render/.
 *
 * The drawer culls, simplifies and walks the features; a back end turns
 * each one into pixels or vector paths. Three implementations, in the
 * manner of Cairo's surface back ends (a table of operations behind one
 * handle):
 *   - Cairo (draw_cairo.c): any style, any surface (PNG, SVG, PDF); same-style
 *     features are gathered into one path and painted at once.
 *   - the scan converter (draw_raster.c over raster.c): plain fills and solid
 *     strokes straight into an image surface's pixels.
 *   - bands (draw_raster.c): a wrapper that passes on only what touches its
 *     band of the page, so two threads draw one layer into two bands.
 * The page back end (draw_raster.c) puts each feature through the scan
 * converter when it draws it exactly as Cairo would, else through Cairo,
 * and hands the pixels from one to the other in between. */
#ifndef PM_DRAW_BACKEND_H
#define PM_DRAW_BACKEND_H

#include "render_internal.h"

/* A feature's parts in page points. */
typedef struct pm_shape {
    const double *xy;           /* every part's points, one part after another */
    const int *len;             /* points in each part */
    const char *exterior;       /* polygons: 1 where a part begins a polygon (else a hole) */
    int n;                      /* parts */
    int arrow;                  /* its kind carries an arrow head on lines */
    double box[4];              /* page extents, with what the symbol reaches */
} pm_shape;

typedef struct pm_backend pm_backend;

/* An operation a back end leaves NULL does what the pm_backend_* call
 * below says for that case (as Cairo's back ends leave out what they
 * cannot do). */
typedef struct pm_backend_ops {
    /* 1 if anything inside page box b would be drawn: the drawer skips
     * the feature otherwise, before it works out its points. */
    int (*covers)(const pm_backend *b, const double box[4]);
    /* 1 if features of this style can be drawn from two threads at once
     * into the back ends split() makes. */
    int (*parallel)(const pm_backend *b, const pm_style *s, int arrow);
    /* Polygons: even-odd fill, then the outline. */
    void (*fill)(pm_backend *b, const pm_shape *g, const pm_style *s);
    /* Lines: the stroke, with an arrow head when g->arrow. */
    void (*stroke)(pm_backend *b, const pm_shape *g, const pm_style *s);
    /* A marker symbol centred at page x, y (box: its extents). */
    void (*marker)(pm_backend *b, double x, double y, const pm_style *s, const double box[4]);
    /* Draw what is gathered but not drawn yet (the end of a layer). */
    void (*flush)(pm_backend *b);
    /* Flush, and give the target back to direct Cairo drawing. */
    void (*release)(pm_backend *b);
    /* Two back ends for the part of the page above and below page y `at`
     * (moved to a pixel row: *split), each drawing only there, to be used
     * from two threads at once for styles parallel() accepts. They stay
     * until join(), and a second split() reuses their buffers. 0, or -1
     * when this back end cannot (or memory ran out). */
    int (*split)(pm_backend *b, double at, pm_backend *band[2], double *split);
    /* Free the back ends split() made. */
    void (*join)(pm_backend *b);
    /* 1 if memory ran out while drawing (the picture misses something). */
    int (*failed)(const pm_backend *b);
    /* Release and free. */
    void (*destroy)(pm_backend *b);
} pm_backend_ops;

struct pm_backend {
    const pm_backend_ops *ops;
};

/* Cairo drawing into cr, clipped to the frame until destroyed; px_per_pt
 * sets how finely it tells features apart. NULL out of memory. */
pm_backend *pm_backend_cairo(cairo_t *cr, pm_rect frame, double px_per_pt);
/* The scan converter into cr's image surface within the frame; NULL when
 * the target cannot take it (vector output, a turned transform) or out of
 * memory. */
pm_backend *pm_backend_raster(cairo_t *cr, pm_rect frame, double px_per_pt);
/* The scan converter for what it draws as Cairo would, Cairo for the rest;
 * NULL out of memory. */
pm_backend *pm_backend_page(cairo_t *cr, pm_rect frame, double px_per_pt);

/* NULL covers: everything. */
static inline int pm_backend_covers(const pm_backend *b, const double box[4])
{
    return !b->ops->covers || b->ops->covers(b, box);
}

/* NULL parallel: one thread only. */
static inline int pm_backend_parallel(const pm_backend *b, const pm_style *s, int arrow)
{
    return b->ops->parallel && b->ops->parallel(b, s, arrow);
}

static inline void pm_backend_fill(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    b->ops->fill(b, g, s);
}

static inline void pm_backend_stroke(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    b->ops->stroke(b, g, s);
}

static inline void pm_backend_marker(pm_backend *b, double x, double y, const pm_style *s,
                                     const double box[4])
{
    b->ops->marker(b, x, y, s, box);
}

/* NULL flush: nothing is ever pending. */
static inline void pm_backend_flush(pm_backend *b)
{
    if (b->ops->flush)
        b->ops->flush(b);
}

/* NULL release: nothing to hand back but what flush draws. */
static inline void pm_backend_release(pm_backend *b)
{
    if (b->ops->release)
        b->ops->release(b);
    else
        pm_backend_flush(b);
}

/* NULL split: -1, no bands. */
static inline int pm_backend_split(pm_backend *b, double at, pm_backend *band[2], double *split)
{
    return b->ops->split ? b->ops->split(b, at, band, split) : -1;
}

static inline void pm_backend_join(pm_backend *b)
{
    if (b->ops->join)
        b->ops->join(b);
}

/* NULL failed: never (Cairo keeps its own status, which the render checks). */
static inline int pm_backend_failed(const pm_backend *b)
{
    return b->ops->failed && b->ops->failed(b);
}

/* NULL destroy: owned by another back end (a band). */
static inline void pm_backend_destroy(pm_backend *b)
{
    if (b && b->ops->destroy)
        b->ops->destroy(b);
}

#endif
