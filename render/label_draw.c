/* Drawing a placed label (labels.c commits it): its text and halo, turned
 * with it, or glyph by glyph along a curved line, and its leader line. */
#include "label_internal.h"
#include "svg_internal.h"

#include <stdio.h>

void pm_label_draw(pm_rctx *rc, PangoLayout *layout, const pm_label_geom *g, const pm_style *s)
{
    cairo_t *cr = rc->draw.cr;
    cairo_save(cr);
    cairo_translate(cr, g->cx, g->cy);
    cairo_rotate(cr, g->angle);
    pm_text_draw(cr, layout, -0.5 * g->w, -0.5 * g->h, s->text_color, s->halo, s->halo_width);
    cairo_restore(cr);
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
