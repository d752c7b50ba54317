/* The drawer (draw.c) that draws the data layer by layer, shared with the
 * drawing of streamed layers chunk by chunk (draw_stream.c). Private to
 * render/. */
#ifndef PM_DRAW_INTERNAL_H
#define PM_DRAW_INTERNAL_H

#include "render_internal.h"

typedef struct pm_backend pm_backend;

typedef struct pm_drawer {
    pm_rctx *rc;
    pm_backend *out;            /* where the features go (draw_backend.h) */
    pm_rect frame;
    double tol2;                /* squared distance below which a vertex is dropped */
    double *buf;                /* a feature's parts in page points */
    int cap;
    int *lens;                  /* points in each part */
    char *exterior;             /* per part: it begins a polygon */
    int lens_cap;
    int marks;                  /* puts markers in the label grid (one thread does) */
    long n_shown;               /* features drawn in the frame, counted by the
                                   drawer that marks (outside the ink pass) */
    int nomem;
} pm_drawer;

void pm_drawer_begin(pm_drawer *d, pm_rctx *rc);
void pm_drawer_end(pm_drawer *d);
/* Layer l of rc->map (on two threads for a large one); a streamed layer
 * chunk by chunk. */
void pm_draw_layer(pm_drawer *d, int l);
/* A chunk of a streamed layer (pm_features.h), drawn as a whole layer
 * would be but on two threads whatever its size, the bands kept for the
 * next chunk until pm_drawer_end_chunks. */
void pm_draw_chunk(pm_drawer *d, const pm_map_layer *chunk);
void pm_drawer_end_chunks(pm_drawer *d);
/* A streamed layer, chunk by chunk as its feature source gives them
 * (draw_stream.c). */
void pm_draw_streamed_layer(pm_drawer *d, int l);
/* A raster layer's pixels over the frame (draw_image.c). */
void pm_draw_raster_layer(pm_drawer *d, int l);

#endif
