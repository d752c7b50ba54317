/* Drawing a placed label (labels.c commits it): its text and halo, turned
 * with it, or glyph by glyph along a curved line, and its leader line; on
 * an image page while labels are placed on several threads, later, its
 * halo made on the workers. */
#include "label_internal.h"
#include "svg_internal.h"
#include "pm_alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void draw_at(cairo_t *cr, PangoLayout *layout, const pm_label_geom *g, const pm_style *s,
                    const pm_text_halo *halo)
{
    cairo_save(cr);
    cairo_translate(cr, g->cx, g->cy);
    cairo_rotate(cr, g->angle);
    pm_text_draw_halo(cr, layout, -0.5 * g->w, -0.5 * g->h, s->text_color, s->halo, s->halo_width, halo);
    cairo_restore(cr);
}

void pm_label_draw(pm_rctx *rc, PangoLayout *layout, const pm_label_geom *g, const pm_style *s)
{
    draw_at(rc->draw.cr, layout, g, s, NULL);
}

/* ---- drawn later, halos made on the workers ------------------------------ */

/* A placed label waiting to be drawn: its place is final, and nothing
 * placed after it reads the page, so it can wait; its halo (the glyphs'
 * coverage spread, most of drawing a label) is made on any thread, then
 * drawn in placing order (leader, halo, text: the same operations on the
 * page as drawing it at once, so the same bytes). */
typedef struct label_ink {
    pm_label_geom g;
    pm_label_look lk;
    const char *text;           /* the caller's, kept until drawn */
    int dot;
    pm_text_halo halo;
} label_ink;

struct pm_label_inks {
    cairo_matrix_t page;        /* the page's matrix while labels are drawn */
    label_ink *ink;             /* waiting */
    int n, cap;
    label_ink *out;             /* handed out, placed before those waiting */
    int n_out, cap_out;
};

pm_label_inks *pm_label_inks_new(const pm_rctx *rc)
{
    cairo_t *cr = rc->draw.cr;
    cairo_surface_t *target = cairo_get_target(cr);
    if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE || cairo_get_group_target(cr) != target ||
        pm_svg_of(cr))
        return NULL;   /* vector pages stroke their halos: drawn at once */
    pm_label_inks *q = calloc(1, sizeof *q);
    if (q)
        cairo_get_matrix(cr, &q->page);
    return q;
}

int pm_label_inks_add(pm_label_inks *q, const pm_label_geom *g, const pm_label_look *lk, const char *text,
                      int dot)
{
    /* Narrow halos too: spreading one costs less than laying the text out
     * again on a worker, but the placing thread is the one every other
     * waits for (a map at 2000 x 1500 px places thousands). */
    if (!q || !(lk->s.halo.a > 0) ||
        pm_array_grow(&q->ink, q->n, &q->cap, sizeof *q->ink, 64) != 0)
        return -1;
    q->ink[q->n++] = (label_ink){.g = *g, .lk = *lk, .text = text, .dot = dot};
    return 0;
}

/* The arrays trade places: the one handed out is read by other threads
 * while the other takes the labels placed meanwhile. */
int pm_label_inks_hand_out(pm_label_inks *q)
{
    if (!q || q->n_out > 0)
        return 0;
    label_ink *ink = q->out;
    int cap = q->cap_out;
    q->out = q->ink;
    q->cap_out = q->cap;
    q->n_out = q->n;
    q->ink = ink;
    q->cap = cap;
    q->n = 0;
    return q->n_out;
}

/* On a scratch context with the page's matrix, turned as the label is. */
void pm_label_inks_halo(pm_label_inks *q, int i, PangoContext *pc)
{
    label_ink *k = &q->out[i];
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    PangoLayout *layout = pc ? pm_label_layout(pc, k->text, &k->lk.s, k->lk.wrap, k->lk.gloss) : NULL;
    if (layout && cairo_status(cr) == CAIRO_STATUS_SUCCESS) {
        cairo_set_matrix(cr, &q->page);
        cairo_translate(cr, k->g.cx, k->g.cy);
        cairo_rotate(cr, k->g.angle);
        k->halo = pm_text_halo_of(cr, layout, -0.5 * k->g.w, -0.5 * k->g.h, k->lk.s.halo,
                                  k->lk.s.halo_width);
    }
    if (layout)
        g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
}

/* Leader, halo (made on a worker or, if not, now), text. */
static void draw_inks(pm_rctx *rc, label_ink *ink, int n)
{
    for (int i = 0; i < n; i++) {
        label_ink *k = &ink[i];
        if (k->g.leader)
            pm_label_draw_leader(rc, &k->g, &k->lk.s, k->dot);
        PangoLayout *layout = pm_label_layout(rc->draw.pango, k->text, &k->lk.s, k->lk.wrap, k->lk.gloss);
        draw_at(rc->draw.cr, layout, &k->g, &k->lk.s, &k->halo);
        g_object_unref(layout);
        if (k->halo.mask)
            cairo_surface_destroy(k->halo.mask);
    }
}

void pm_label_inks_draw_out(pm_rctx *rc, pm_label_inks *q)
{
    if (!q)
        return;
    draw_inks(rc, q->out, q->n_out);
    q->n_out = 0;
}

void pm_label_inks_draw(pm_rctx *rc, pm_label_inks *q)
{
    if (!q)
        return;
    pm_label_inks_draw_out(rc, q);
    draw_inks(rc, q->ink, q->n);
    q->n = 0;
}

void pm_label_inks_free(pm_rctx *rc, pm_label_inks *q)
{
    pm_label_inks_draw(rc, q);
    if (q) {
        free(q->ink);
        free(q->out);
    }
    free(q);
}

static void draw_glyphs(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                        double size, pm_color fill, double halo_width, pm_svg *svg);

/* Each glyph on its own, centred at its place on the line and turned to it;
 * all halos first, so no glyph's halo eats into its neighbour's ink. In an
 * editable SVG the glyphs are one <text>, its halo painted first. */
void pm_label_draw_curved(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                        double size)
{
    const pm_color none = {0, 0, 0, 0};
    pm_svg *svg = pm_svg_of(rc->draw.cr);
    if (svg) {
        PangoLayout *font = pm_text_layout(rc->draw.pango, "", s->font, size, 0);
        pm_svg_curved_begin(svg, font, s->text_color, s->halo, s->halo_width);
        g_object_unref(font);
        draw_glyphs(rc, text, ll, s, size, s->text_color, s->halo_width, svg);
        pm_svg_curved_end(svg, rc->draw.cr);
        return;
    }
    for (int pass = 0; pass < 2; pass++)
        draw_glyphs(rc, text, ll, s, size, pass == 0 ? none : s->text_color,
                    pass == 0 ? s->halo_width : 0, NULL);
}

static void draw_glyphs(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                        double size, pm_color fill, double halo_width, pm_svg *svg)
{
    cairo_t *cr = rc->draw.cr;
    for (int i = 0; i < ll->n_glyphs; i++) {
        const pm_glyph *gl = &ll->glyphs[i];
        char piece[64];
        snprintf(piece, sizeof piece, "%.*s", gl->len < 63 ? gl->len : 63, text + gl->start);
        PangoLayout *t = pm_text_layout(rc->draw.pango, piece, s->font, size, 0);
        double w, h;
        pm_text_size(t, &w, &h);
        cairo_save(cr);
        cairo_translate(cr, gl->cx, gl->cy);
        cairo_rotate(cr, gl->angle);
        if (svg)
            pm_svg_curved_glyph(svg, cr, t, -0.5 * w, -0.5 * h);
        else
            pm_text_draw(cr, t, -0.5 * w, -0.5 * h, fill, s->halo, halo_width);
        cairo_restore(cr);
        g_object_unref(t);
    }
}

/* A thin line from the feature to the label, under the label's halo. */
void pm_label_draw_leader(pm_rctx *rc, const pm_label_geom *g, const pm_style *s, int dot)
{
    cairo_t *cr = rc->draw.cr;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, g->lx0, g->ly0);
    cairo_line_to(cr, g->lx1, g->ly1);
    cairo_set_line_width(cr, 0.6);
    cairo_set_dash(cr, NULL, 0, 0);
    pm_set_color(cr, s->text_color, 0.8);
    cairo_stroke(cr);
    if (dot) {
        cairo_arc(cr, g->lx0, g->ly0, 1.3, 0, 2 * PM_PI);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}
