/* Text through Pango: one context per render, in point units, with hinting
 * off so a label measures the same in PNG, SVG and PDF (placement, and so the
 * picture, does not change with the output format). */
#include "render_internal.h"
#include "svg_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_text.h"
#include "pm_theme.h"

PangoContext *pm_text_context(void)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *pc = pango_font_map_create_context(fm);
    if (!pc)
        return NULL;
    /* 72 dpi: one Pango point is one user unit (a page point). */
    pango_cairo_context_set_resolution(pc, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(pc, pango_language_from_string("zh-cn"));
    return pc;
}

void pm_text_set(PangoLayout *layout, const char *text)
{
    /* Everything reaches Pango here. Spec and data text was checked against
     * the bound when read (a clear error); generated text (joined notes, a
     * library caller's strings) is cut to it, so no text shapes for long. */
    int nomem = 0;
    char *bounded = text ? pm_text_bounded(text, &nomem) : NULL;
    pango_layout_set_text(layout, nomem || !text ? "" : bounded ? bounded : text, -1);
    free(bounded);
}

PangoLayout *pm_text_layout(PangoContext *pc, const char *text, const char *font,
                            double size, double wrap_width)
{
    PangoLayout *layout = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string(font && *font ? font : PM_THEME_FONT);
    pango_font_description_set_absolute_size(fd, (size > 0 ? size : 9) * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pm_text_set(layout, text);
    if (wrap_width > 0) {
        /* Breaks only where the text allows one: between two Chinese
         * characters (keeping the no-break rules for 、）。), and in Latin
         * script at spaces and hyphens, never inside a word; a word wider
         * than the width stays whole and the block grows. Pango (≥ 1.44)
         * would put a hyphen at a break inside a word: none is made. */
        pango_layout_set_width(layout, (int)(wrap_width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    }
    return layout;
}

void pm_text_scale_second(PangoLayout *layout, double scale)
{
    const char *text = pango_layout_get_text(layout);
    const char *nl = text ? strchr(text, '\n') : NULL;
    if (!nl || !nl[1])
        return;
    PangoAttrList *old = pango_layout_get_attributes(layout);
    PangoAttrList *attrs = old ? pango_attr_list_copy(old) : pango_attr_list_new();
    PangoAttribute *a = pango_attr_scale_new(scale);
    a->start_index = (guint)(nl + 1 - text);
    a->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
    pango_attr_list_insert(attrs, a);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
}

void pm_text_balance(PangoLayout *layout)
{
    int width = pango_layout_get_width(layout), lines = pango_layout_get_line_count(layout);
    if (width <= 0 || lines < 2)
        return;
    /* The narrowest width (to a quarter point) that keeps the line count:
     * "Chengdu Supercomputing / Center" rather than a long line and a word. */
    int lo = width / (2 * lines), hi = width;
    while (hi - lo > PANGO_SCALE / 4) {
        int mid = lo + (hi - lo) / 2;
        pango_layout_set_width(layout, mid);
        if (pango_layout_get_line_count(layout) <= lines)
            hi = mid;
        else
            lo = mid;
    }
    pango_layout_set_width(layout, hi);
}

/* Logical box of the text; a wrapped, centred layout can start its lines to
 * the right of x = 0, so the box is taken from the lines themselves. */
static PangoRectangle logical_box(PangoLayout *layout)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    return logical;
}

void pm_text_size(PangoLayout *layout, double *w, double *h)
{
    PangoRectangle r = logical_box(layout);
    *w = (double)r.width / PANGO_SCALE;
    *h = (double)r.height / PANGO_SCALE;
}

/* ---- halos on images ------------------------------------------------------ */

/* The device-pixel box of the layout's ink drawn at (x, y), grown by `grow`
 * user units and a pixel. 0, or -1 if it is empty or absurdly large. */
static int ink_box(cairo_t *cr, PangoLayout *layout, double x, double y, double grow, int box[4])
{
    PangoRectangle ink;
    pango_layout_get_extents(layout, &ink, NULL);
    if (ink.width <= 0 || ink.height <= 0)
        return -1;
    double ux0 = x + (double)ink.x / PANGO_SCALE - grow, uy0 = y + (double)ink.y / PANGO_SCALE - grow;
    double ux1 = ux0 + (double)ink.width / PANGO_SCALE + 2 * grow;
    double uy1 = uy0 + (double)ink.height / PANGO_SCALE + 2 * grow;
    double c[4][2] = {{ux0, uy0}, {ux1, uy0}, {ux0, uy1}, {ux1, uy1}};
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int k = 0; k < 4; k++) {
        cairo_user_to_device(cr, &c[k][0], &c[k][1]);
        for (int i = 0; i < 2; i++) {
            lo[i] = fmin(lo[i], c[k][i]);
            hi[i] = fmax(hi[i], c[k][i]);
        }
    }
    if (!(hi[0] - lo[0] < 4096 && hi[1] - lo[1] < 4096))
        return -1;
    box[0] = (int)floor(lo[0]) - 1;
    box[1] = (int)floor(lo[1]) - 1;
    box[2] = (int)ceil(hi[0]) + 1 - box[0];
    box[3] = (int)ceil(hi[1]) + 1 - box[1];
    return 0;
}

/* The halo on an image: the glyphs' own coverage, spread by the halo's
 * width, as a mask at device box (box[0], box[1]). Under the text it is the
 * band a stroke of the outlines would give, without Cairo tessellating
 * every outline (half of the label time of a map of many labels), at any
 * width (halo.c). NULL where it does not apply: vector output (SVG and PDF
 * keep the stroke), a group. */
static cairo_surface_t *halo_mask(cairo_t *cr, PangoLayout *layout, double x, double y,
                                  double halo_width, int box[4])
{
    cairo_surface_t *target = cairo_get_target(cr);
    if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE || cairo_get_group_target(cr) != target)
        return NULL;
    double rx = halo_width, ry = 0;
    cairo_user_to_device_distance(cr, &rx, &ry);
    double r = hypot(rx, ry);
    if (!(r > 0) || ink_box(cr, layout, x, y, halo_width, box) != 0)
        return NULL;
    cairo_surface_t *glyphs = cairo_image_surface_create(CAIRO_FORMAT_A8, box[2], box[3]);
    cairo_surface_t *spread = cairo_image_surface_create(CAIRO_FORMAT_A8, box[2], box[3]);
    int ok = cairo_surface_status(glyphs) == CAIRO_STATUS_SUCCESS &&
             cairo_surface_status(spread) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        cairo_t *g = cairo_create(glyphs);
        cairo_matrix_t m;
        cairo_get_matrix(cr, &m);
        m.x0 -= box[0];
        m.y0 -= box[1];
        cairo_set_matrix(g, &m);
        cairo_move_to(g, x, y);
        pango_cairo_show_layout(g, layout);
        ok = cairo_status(g) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(g);
        cairo_surface_flush(glyphs);
        cairo_surface_flush(spread);
    }
    if (ok) {
        ok = pm_halo_spread(cairo_image_surface_get_data(glyphs), cairo_image_surface_get_stride(glyphs),
                            box[2], box[3], r, cairo_image_surface_get_data(spread),
                            cairo_image_surface_get_stride(spread)) == 0;
        cairo_surface_mark_dirty(spread);
    }
    cairo_surface_destroy(glyphs);
    if (!ok) {
        cairo_surface_destroy(spread);
        return NULL;
    }
    return spread;
}

/* Where pm_text_draw puts the layout's origin for its top-left at x, y. */
static void text_origin(PangoLayout *layout, double *x, double *y)
{
    PangoRectangle r = logical_box(layout);
    *x -= (double)r.x / PANGO_SCALE;
    *y -= (double)r.y / PANGO_SCALE;
}

pm_text_halo pm_text_halo_of(cairo_t *cr, PangoLayout *layout, double x, double y, pm_color halo,
                             double halo_width)
{
    pm_text_halo h = {NULL, {0, 0, 0, 0}};
    text_origin(layout, &x, &y);
    if (halo_width > 0 && halo.a > 0)
        h.mask = halo_mask(cr, layout, x, y, halo_width, h.box);
    return h;
}

void pm_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y,
                  pm_color text, pm_color halo, double halo_width)
{
    pm_text_draw_halo(cr, layout, x, y, text, halo, halo_width, NULL);
}

void pm_text_draw_halo(cairo_t *cr, PangoLayout *layout, double x, double y, pm_color text,
                       pm_color halo, double halo_width, const pm_text_halo *made)
{
    text_origin(layout, &x, &y);
    if (pm_svg_text(cr, layout, x, y, text, halo, halo_width) == 0)
        return;   /* editable SVG: the words as <text> */
    if (halo_width > 0 && halo.a > 0) {
        pm_text_halo h = made ? *made : (pm_text_halo){NULL, {0, 0, 0, 0}};
        if (!h.mask)
            h.mask = halo_mask(cr, layout, x, y, halo_width, h.box);
        if (h.mask) {
            cairo_save(cr);
            cairo_identity_matrix(cr);
            cairo_set_source_rgba(cr, halo.r, halo.g, halo.b, halo.a);
            cairo_mask_surface(cr, h.mask, h.box[0], h.box[1]);
            cairo_restore(cr);
            halo_width = 0;
            if (!made || h.mask != made->mask)
                cairo_surface_destroy(h.mask);
        }
    }
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (halo_width > 0 && halo.a > 0) {
        pango_cairo_layout_path(cr, layout);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_width(cr, 2 * halo_width);
        cairo_set_source_rgba(cr, halo.r, halo.g, halo.b, halo.a);
        cairo_stroke(cr);
        cairo_move_to(cr, x, y);
    }
    /* A transparent fill draws the halo alone (curved labels: halos first);
     * PDF and SVG would otherwise carry the text twice. */
    if (text.a > 0) {
        cairo_set_source_rgba(cr, text.r, text.g, text.b, text.a);
        pango_cairo_show_layout(cr, layout);
    }
    cairo_restore(cr);
}

int pm_text_font_known(PangoContext *pc, const char *font)
{
    PangoFontDescription *fd = pango_font_description_from_string(font);
    const char *family = pango_font_description_get_family(fd);
    int known = 0;
    PangoFontFamily **families = NULL;
    int n = 0;
    pango_font_map_list_families(pango_context_get_font_map(pc), &families, &n);
    for (int i = 0; family && i < n && !known; i++)
        known = g_ascii_strcasecmp(pango_font_family_get_name(families[i]), family) == 0;
    g_free(families);
    pango_font_description_free(fd);
    return known;
}
