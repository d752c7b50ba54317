/* The drawer (draw.c) that draws the data layer by layer, shared with the
 * drawing of streamed layers chunk by chunk (draw_stream.c). Private to
 * render/. */
#ifndef PM_DRAW_INTERNAL_H
#define PM_DRAW_INTERNAL_H

#include "render_internal.h"

/* A run: features of one style gathered into one Cairo path (draw.c). */
typedef struct run {
    int open;
    pm_geom_kind kind;
    pm_style s;
    int exclusive;              /* its features may not touch one another */
    int n;                      /* features in it */
    double box[4];              /* page extents of what the path holds */
} run;

typedef struct drawer {
    pm_rctx *rc;
    cairo_t *cr;
    run r;
    unsigned *stamp;            /* per cell: the run that last covered it */
    unsigned now;
    int cols, rows;
    double cell;
    pm_rect frame;
    double tol2;                /* squared distance below which a vertex is dropped */
    double *buf;                /* one part (or all rings) in page points */
    int cap;
    int *lens;                  /* rings gathered for the rasteriser */
    char *exterior;
    int lens_cap;
    pm_raster *ras;             /* NULL: everything through Cairo */
    int ras_on;                 /* the rasteriser holds the pixels */
    int banded;                 /* draws only what touches `band` (one of two threads) */
    pm_rect band;
    int marks;                  /* puts markers in the label grid (one thread does) */
    pm_raster *half[2];         /* the bands of a layer drawn on two threads */
    int keep_halves;            /* a streamed layer: kept from chunk to chunk */
    int nomem;
} drawer;

void pm_drawer_begin(drawer *d, pm_rctx *rc);
void pm_drawer_end(drawer *d);
/* Layer l of rc->map, through the rasteriser (on two threads for a large
 * one) or Cairo; a streamed layer chunk by chunk. */
void pm_drawer_layer(drawer *d, int l);
/* A layer, or a chunk of a streamed one (pm_features.h), the same way. */
void pm_drawer_chunk(drawer *d, const pm_map_layer *ml);
/* Free the two bands a layer was drawn in. */
void pm_drawer_drop_halves(drawer *d);
/* A streamed layer, chunk by chunk as its feature source gives them
 * (draw_stream.c). */
void pm_drawer_streamed(drawer *d, int l);

#endif
