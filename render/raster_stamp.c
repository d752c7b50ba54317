/* Small markers by stamp (raster_internal.h). */
#include "raster_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
#define STAMP_SIDE 32          /* masks up to 32 × 32 pixels; larger markers are drawn as shapes */
#define STAMP_STYLES 16
/* What a raster's stamps may take, every phase of every style made: sixteen
 * styles of markers up to 15 pixels across with outlines, or four of 31
 * (an A4 300 dpi map's 3-point dots are 19). */
#define STAMP_BUDGET ((size_t)16 << 20)

typedef struct stamp_set {
    pm_marker_shape shape;     /* the key: what the coverage depends on */
    double size, width, ppt;
    int side, reach;           /* mask side; the centre's pixel within it */
    uint16_t **phase;          /* per sub-pixel position: fill then outline, side² each */
} stamp_set;

void pm_raster_stamps_free(pm_raster *r)
{
    for (int i = 0; i < r->n_stamps; i++) {
        for (int k = 0; k < STAMP_PHASES * STAMP_PHASES; k++)
            free(r->stamps[i].phase[k]);
        free(r->stamps[i].phase);
    }
    free(r->stamps);
    r->stamps = NULL;
    r->n_stamps = 0;
    r->stamp_bytes = 0;
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
    if (!r->acc || (side > r->span_cap && pm_raster_grow_span(r, side) != 0)) {
        r->nomem = 1;
        return;
    }
    const double *v = r->shape;
    for (int k = 0; k < r->n_rings; k++) {
        int n = r->ring_len[k];
        double sg = pm_raster_ring_dir(r, k, v, n);
        for (int i = 0, j = n - 1; i < n; j = i++)
            pm_raster_edge(r->acc, r->span, side, side, v[2 * j], v[2 * j + 1], v[2 * i], v[2 * i + 1], sg);
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
    pm_raster_shape_reset(r);
    pm_raster_ring_open(r, 1);
    for (int i = 0; i < n; i++) {
        double x, y;
        pm_raster_to_device(r, ring[2 * i], ring[2 * i + 1], &x, &y);
        pm_raster_shape_point(r, x, y);
    }
    shape_coverage(r, st->side, m);
    pm_raster_shape_reset(r);
    if (st->width > 0) {
        pm_raster_stroke_part(r, ring, n, 1, 0.5 * st->width * fabs(r->xx));
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
    size_t side = 2 * (size_t)reach + 1;
    size_t bytes = STAMP_PHASES * STAMP_PHASES * side * side * (width > 0 ? 2 : 1) * sizeof(uint16_t);
    if (side > STAMP_SIDE || r->n_stamps == STAMP_STYLES || r->xx != r->yy ||
        r->stamp_bytes + bytes > STAMP_BUDGET)
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
    r->stamp_bytes += bytes;
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
    uint32_t solid = pm_raster_solid_px(r, c);
    /* Each row is another cache line of a page-sized image, seldom cached:
     * ask for them all first, so that their loads overlap. */
    for (int y = y0; y < y1; y++)
        pm_raster_prefetch(r, oy + y, ox + x0, ox + x1 - 1);
    for (int y = y0; y < y1; y++) {
        unsigned char *line = r->data + (size_t)(oy + y) * (size_t)r->stride;
        for (int x = x0; x < x1; x++) {
            unsigned v = m[y * side + x];
            if (v == 65535 && solid)
                ((uint32_t *)line)[ox + x] = solid;
            else if (v >= 128)   /* 1/512, as blend_band */
                pm_raster_blend_px(r, line, ox + x, v / 65535.0, c);
        }
    }
}

void pm_raster_marker_at(pm_raster *r, pm_marker_shape shape, double x, double y, double size,
                         double px_per_pt, pm_color fill, pm_color stroke, double width)
{
    double w = stroke.a > 0 ? width : 0;
    stamp_set *st = r->nomem ? NULL : stamp_for(r, shape, size, w, px_per_pt);
    double dx, dy;
    pm_raster_to_device(r, x, y, &dx, &dy);
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
