/* Text through Pango: one context per render, in point units, with hinting
 * off so a label measures the same in PNG, SVG and PDF (placement, and so the
 * picture, does not change with the output format). */
#include "render_internal.h"

#include <string.h>

#include "theme_internal.h"

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

PangoLayout *pm_text_layout(PangoContext *pc, const char *text, const char *font,
                            double size, double wrap_width)
{
    PangoLayout *layout = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string(font && *font ? font : PM_THEME_FONT);
    pango_font_description_set_absolute_size(fd, (size > 0 ? size : 9) * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, text ? text : "", -1);
    if (wrap_width > 0) {
        /* Chinese names break between any two characters; WORD_CHAR also keeps
         * English words whole and honours the no-break rules for 、）。 */
        pango_layout_set_width(layout, (int)(wrap_width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    }
    return layout;
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

void pm_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y,
                  pm_color text, pm_color halo, double halo_width)
{
    PangoRectangle r = logical_box(layout);
    x -= (double)r.x / PANGO_SCALE;
    y -= (double)r.y / PANGO_SCALE;
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
