/* Where the map's lines are drawn, for labels to keep off them: the line
 * features (rivers, roads, rails, axes) stroked at their drawn width into a
 * coarse mask over the frame, summed so that whether a box covers any of
 * it is four look-ups.
 *
 * A cost, not a ban: point and area labels first try only their near
 * places that cross no line, then every place as before (labels.c), so a
 * name still goes on a line when nothing nearby is free. Line labels sit on
 * their own line and do not look. Streamed layers (not held in memory) are
 * not in the mask. */
#include "label_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* A point a cell, coarser on pages so large that the sums would pass this
 * many cells. */
#define LINE_MASK_MAX_CELLS (4u << 20)

struct pm_line_mask {
    pm_rect frame;
    double scale;               /* cells per point */
    int w, h;
    uint32_t *sum;              /* (w + 1) × (h + 1): inked cells above and left */
};

static void stroke_feature(cairo_t *cr, const pm_rctx *rc, const pm_feature *f)
{
    int first = 0;
    cairo_new_path(cr);
    for (int p = 0; p < f->n_parts; first += f->part_len[p], p++)
        for (int i = 0; i < f->part_len[p]; i++) {
            double x, y;
            pm_to_page(&rc->page, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x, &y);
            if (i == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
    cairo_stroke(cr);
}

/* Every drawn line of the map into cr (page points). */
static int stroke_lines(cairo_t *cr, const pm_rctx *rc)
{
    int any = 0;
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int l = 0; l < rc->map->n_layers; l++) {
        const pm_map_layer *ml = &rc->map->layers[l];
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
            cairo_set_line_width(cr, s->width + 2 * fmax(0, s->casing.width));
            stroke_feature(cr, rc, f);
            any = 1;
        }
    }
    return any;
}

/* The summed table of an A8 image's inked cells (coverage of at least a
 * third: the antialiased fringe of a hairline does not count). */
static void sum_cells(pm_line_mask *m, cairo_surface_t *img)
{
    cairo_surface_flush(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < m->h; y++) {
        uint32_t row = 0;
        for (int x = 0; x < m->w; x++) {
            row += px[(size_t)y * (size_t)stride + (size_t)x] >= 85;
            m->sum[(size_t)(y + 1) * (size_t)(m->w + 1) + (size_t)x + 1] =
                m->sum[(size_t)y * (size_t)(m->w + 1) + (size_t)x + 1] + row;
        }
    }
}

pm_line_mask *pm_line_mask_build(const pm_rctx *rc)
{
    pm_rect fr = rc->page.lay.frame;
    double scale = fmin(1, sqrt(LINE_MASK_MAX_CELLS / fmax(1, (fr.w + 1) * (fr.h + 1))));
    int w = (int)ceil(fr.w * scale) + 1, h = (int)ceil(fr.h * scale) + 1;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    pm_line_mask *m = calloc(1, sizeof *m);
    uint32_t *sum = calloc((size_t)(w + 1) * (size_t)(h + 1), sizeof *sum);
    if (!m || !sum || cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        free(m);
        free(sum);
        cairo_surface_destroy(img);
        return NULL;
    }
    *m = (pm_line_mask){fr, scale, w, h, sum};
    cairo_t *cr = cairo_create(img);
    cairo_scale(cr, scale, scale);
    cairo_translate(cr, -fr.x, -fr.y);
    int any = stroke_lines(cr, rc);
    cairo_destroy(cr);
    if (any)
        sum_cells(m, img);
    cairo_surface_destroy(img);
    return m;
}

void pm_line_mask_free(pm_line_mask *m)
{
    if (m)
        free(m->sum);
    free(m);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int pm_line_mask_hits(const pm_line_mask *m, pm_rect r)
{
    if (!m)
        return 0;
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
