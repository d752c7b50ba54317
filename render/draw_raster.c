/* The scan converter's back ends (draw_backend.h): the scan converter
 * itself (raster.c) for what it draws exactly as Cairo would, bands of it
 * for two threads, and the page back end that puts each feature through
 * the scan converter or Cairo. */
#include "render_internal.h"

#include <stdlib.h>

#include "draw_backend.h"

static int touches(const double box[4], const pm_rect *r)
{
    return box[2] >= r->x && box[0] <= r->x + r->w && box[3] >= r->y && box[1] <= r->y + r->h;
}

/* ---- bands: a wrapper passing on what touches its part of the page -------- */

/* Nothing to flush or release: the scan converter's halves write their
 * pixels as they draw, and the whole hands them back to Cairo. */
typedef struct band_backend {
    pm_backend base;
    pm_backend *inner;
    pm_rect band;
} band_backend;

static int band_covers(const pm_backend *b, const double box[4])
{
    const band_backend *t = (const band_backend *)b;
    return touches(box, &t->band) && pm_backend_covers(t->inner, box);
}

static void band_fill(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    band_backend *t = (band_backend *)b;
    if (touches(g->box, &t->band))
        pm_backend_fill(t->inner, g, s);
}

static void band_stroke(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    band_backend *t = (band_backend *)b;
    if (touches(g->box, &t->band))
        pm_backend_stroke(t->inner, g, s);
}

static void band_marker(pm_backend *b, double x, double y, const pm_style *s, const double box[4])
{
    band_backend *t = (band_backend *)b;
    if (touches(box, &t->band))
        pm_backend_marker(t->inner, x, y, s, box);
}

static int band_failed(const pm_backend *b)
{
    const band_backend *t = (const band_backend *)b;
    return pm_backend_failed(t->inner);
}

static const pm_backend_ops band_ops = {
    .covers = band_covers, .fill = band_fill, .stroke = band_stroke, .marker = band_marker,
    .failed = band_failed,
};

/* ---- the scan converter ---------------------------------------------------- */

typedef struct raster_backend {
    pm_backend base;
    pm_raster *ras;
    int on;                     /* holds the pixels (between begin and end) */
    double px_per_pt;
    pm_rect frame;
    struct raster_backend *half[2];   /* split: over the two bands' pixels */
    band_backend band[2];
} raster_backend;

/* What the scan converter draws exactly as Cairo would: no dashes, no arrow
 * heads, no group opacity. The one place that sends the rest to Cairo:
 * fill patterns and casings too (draw_pattern.c draws them for every
 * output, so a PNG shows what an SVG or PDF shows). */
static int raster_takes(const pm_style *s, int arrow)
{
    return s->opacity >= 1 && !arrow && (s->n_dash == 0 || s->width <= 0) &&
           !pm_style_has_pattern(s) && s->casing.width <= 0;
}

/* Take the pixels over from Cairo. */
static pm_raster *raster_use(raster_backend *r)
{
    if (!r->on) {
        pm_raster_begin(r->ras);
        r->on = 1;
    }
    return r->ras;
}

static int raster_parallel(const pm_backend *b, const pm_style *s, int arrow)
{
    (void)b;
    return raster_takes(s, arrow);
}

static void raster_fill(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    pm_raster_polygon(raster_use((raster_backend *)b), g->xy, g->len, g->exterior, g->n, s->fill,
                      s->stroke, s->width);
}

static void raster_stroke(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    pm_raster *ras = raster_use((raster_backend *)b);
    const double *xy = g->xy;
    for (int p = 0; p < g->n; xy += 2 * g->len[p], p++)
        pm_raster_line(ras, xy, g->len[p], s->stroke, s->width);
}

static void raster_marker(pm_backend *b, double x, double y, const pm_style *s, const double box[4])
{
    raster_backend *r = (raster_backend *)b;
    (void)box;
    pm_raster_marker_at(raster_use(r), s->marker, x, y, s->marker_size, r->px_per_pt, s->fill,
                        s->stroke, s->width);
}

/* Cairo learns that the pixels changed. */
static void raster_release(pm_backend *b)
{
    raster_backend *r = (raster_backend *)b;
    if (r->on) {
        pm_raster_end(r->ras);
        r->on = 0;
    }
}

static void raster_join(pm_backend *b)
{
    raster_backend *r = (raster_backend *)b;
    for (int k = 0; k < 2; k++) {
        if (r->half[k])
            pm_raster_destroy(r->half[k]->ras);
        free(r->half[k]);
        r->half[k] = NULL;
    }
}

/* A back end over one band's pixels (set by raster_split), drawing from the
 * moment it is made: the pixels are the whole's, already taken from Cairo. */
static raster_backend *raster_half(const raster_backend *whole)
{
    raster_backend *h = calloc(1, sizeof *h);
    if (h)
        *h = (raster_backend){.base = whole->base, .on = 1, .px_per_pt = whole->px_per_pt,
                              .frame = whole->frame};
    return h;
}

static int raster_split(pm_backend *b, double at, pm_backend *band[2], double *split)
{
    raster_backend *r = (raster_backend *)b;
    raster_use(r);
    for (int k = 0; k < 2; k++)
        if (!r->half[k] && !(r->half[k] = raster_half(r))) {
            raster_join(b);
            return -1;
        }
    pm_raster *half[2] = {r->half[0]->ras, r->half[1]->ras};
    int made = pm_raster_split(r->ras, at, half, split);
    /* On failure pm_raster_split has destroyed the halves (NULL). */
    r->half[0]->ras = half[0];
    r->half[1]->ras = half[1];
    if (made != 0) {
        raster_join(b);
        return -1;
    }
    /* A pixel's margin each way: a box reaching a band's edge by less than
     * that draws nothing there, and the clip keeps each band to its rows. */
    double m = 1 / (r->px_per_pt > 0 ? r->px_per_pt : 1);
    pm_rect fr = r->frame;
    pm_rect rows[2] = {{fr.x, fr.y, fr.w, *split - fr.y + m},
                       {fr.x, *split - m, fr.w, fr.y + fr.h - *split + m}};
    for (int k = 0; k < 2; k++) {
        r->band[k] = (band_backend){.base = {&band_ops}, .inner = &r->half[k]->base, .band = rows[k]};
        band[k] = &r->band[k].base;
    }
    return 0;
}

static int raster_failed(const pm_backend *b)
{
    return pm_raster_failed(((const raster_backend *)b)->ras);
}

static void raster_destroy(pm_backend *b)
{
    raster_backend *r = (raster_backend *)b;
    raster_release(b);
    raster_join(b);
    pm_raster_destroy(r->ras);
    free(r);
}

static const pm_backend_ops raster_ops = {
    .parallel = raster_parallel, .fill = raster_fill, .stroke = raster_stroke,
    .marker = raster_marker, .release = raster_release, .split = raster_split,
    .join = raster_join, .failed = raster_failed, .destroy = raster_destroy,
};

pm_backend *pm_backend_raster(cairo_t *cr, pm_rect frame, double px_per_pt)
{
    raster_backend *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ras = pm_raster_create(cr, frame);
    if (!r->ras) {
        free(r);
        return NULL;
    }
    r->base.ops = &raster_ops;
    r->px_per_pt = px_per_pt;
    r->frame = frame;
    return &r->base;
}

/* ---- the page: the scan converter where it can, Cairo for the rest -------- */

typedef struct page_backend {
    pm_backend base;
    pm_backend *raster;         /* NULL: everything through Cairo */
    pm_backend *cairo;
    pm_backend *current;        /* the one that drew last */
} page_backend;

/* The one to draw with next; the other hands the pixels over first. */
static pm_backend *page_use(page_backend *p, pm_backend *to)
{
    if (to != p->current) {
        pm_backend_release(p->current);
        p->current = to;
    }
    return to;
}

static pm_backend *page_pick(page_backend *p, const pm_style *s, int arrow)
{
    return page_use(p, p->raster && raster_takes(s, arrow) ? p->raster : p->cairo);
}

static int page_parallel(const pm_backend *b, const pm_style *s, int arrow)
{
    const page_backend *p = (const page_backend *)b;
    return p->raster && pm_backend_parallel(p->raster, s, arrow);
}

static void page_fill(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    pm_backend *to = page_pick((page_backend *)b, s, g->arrow);
    pm_backend_fill(to, g, s);
}

static void page_stroke(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    pm_backend *to = page_pick((page_backend *)b, s, g->arrow);
    pm_backend_stroke(to, g, s);
}

static void page_marker(pm_backend *b, double x, double y, const pm_style *s, const double box[4])
{
    pm_backend *to = page_pick((page_backend *)b, s, 0);
    pm_backend_marker(to, x, y, s, box);
}

/* The scan converter keeps the pixels from layer to layer. */
static void page_flush(pm_backend *b)
{
    page_backend *p = (page_backend *)b;
    pm_backend_flush(p->cairo);
}

static void page_release(pm_backend *b)
{
    page_backend *p = (page_backend *)b;
    pm_backend_release(p->current);
}

static int page_split(pm_backend *b, double at, pm_backend *band[2], double *split)
{
    page_backend *p = (page_backend *)b;
    if (!p->raster)
        return -1;
    pm_backend *to = page_use(p, p->raster);
    return pm_backend_split(to, at, band, split);
}

static void page_join(pm_backend *b)
{
    page_backend *p = (page_backend *)b;
    if (p->raster)
        pm_backend_join(p->raster);
}

static int page_failed(const pm_backend *b)
{
    const page_backend *p = (const page_backend *)b;
    return p->raster && pm_backend_failed(p->raster);
}

/* The scan converter first: Cairo's back end then removes the frame's clip. */
static void page_destroy(pm_backend *b)
{
    page_backend *p = (page_backend *)b;
    pm_backend_release(p->current);
    pm_backend *order[] = {p->raster, p->cairo};
    for (int k = 0; k < 2; k++)
        pm_backend_destroy(order[k]);
    free(p);
}

static const pm_backend_ops page_ops = {
    .parallel = page_parallel, .fill = page_fill, .stroke = page_stroke, .marker = page_marker,
    .flush = page_flush, .release = page_release, .split = page_split, .join = page_join,
    .failed = page_failed, .destroy = page_destroy,
};

/* Without the scan converter (vector output; or out of memory) Cairo draws
 * everything: slower, same picture. */
pm_backend *pm_backend_page(cairo_t *cr, pm_rect frame, double px_per_pt)
{
    page_backend *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->base.ops = &page_ops;
    p->raster = pm_backend_raster(cr, frame, px_per_pt);
    p->cairo = pm_backend_cairo(cr, frame, px_per_pt);
    if (!p->cairo) {
        pm_backend_destroy(p->raster);
        free(p);
        return NULL;
    }
    p->current = p->cairo;
    return &p->base;
}
