/* Map furniture: neat line, scale bar and north arrow (on white plates inside
 * the frame), legend panel (right of the frame), title band and source note.
 * Everything here sits outside the data or on its own plate. */
#include "render_internal.h"
#include "svg_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_classes.h"
#include "pm_theme.h"
#include "pm_alloc.h"

#define LEGEND_SYMBOL_W 26.0
#define LEGEND_SYMBOL_H 14.0

static const pm_color WHITE = {1, 1, 1, 1};

/* ---- legend ------------------------------------------------------------- */

static int first_feature_of(const pm_map_layer *ml, int rule)
{
    for (int i = 0; i < ml->data->n_features; i++)
        if (ml->rule_of[i] == rule && ml->data->features[i].kind != PM_GEOM_NONE)
            return i;
    return -1;
}

/* Rules of one layer that share a legend text share one entry. */
static int listed(const pm_rctx *rc, int layer, const char *text)
{
    for (int k = 0; k < rc->page.n_legend; k++)
        if (rc->page.legend[k].layer == layer && strcmp(rc->page.legend[k].text, text) == 0)
            return 1;
    return 0;
}

int pm_legend_push(pm_rctx *rc, int *cap, pm_legend_entry e)
{
    if (pm_array_grow(&rc->page.legend, rc->page.n_legend, cap, sizeof e, 16) != 0)
        return -1;
    rc->page.legend[rc->page.n_legend++] = e;
    return 0;
}

/* One entry per class and size reference of a classified layer
 * (legend_classes.c), then per rule with a legend text that drew at least
 * one feature, grouped by layer in draw order. */
int pm_legend_collect(pm_rctx *rc)
{
    const pm_map *map = rc->map;
    rc->page.n_legend = 0;
    if (!rc->spec->legend)
        return 0;
    int cap = 0;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        /* A projects layer is explained by the project table, whose category
         * headings carry the badge colours; its marker symbols are not drawn. */
        if (!ml->spec->legend || ml->spec->projects)
            continue;
        if (pm_legend_add_classes(rc, l, &cap) != 0)
            return -1;
        for (int r = 0; r < ml->spec->n_rules; r++) {
            const char *text = ml->spec->rules[r].legend;
            int f = first_feature_of(ml, r);
            if (!text || !*text || ml->rule_count[r] <= 0 || f < 0 || listed(rc, l, text))
                continue;
            if (pm_legend_push(rc, &cap, (pm_legend_entry){l, r, f, text, ml->spec->rules[r].legend_en,
                                                           -1, -1}) != 0)
                return -1;
        }
    }
    return rc->page.n_legend;
}

const char *pm_legend_text(const pm_rctx *rc, const pm_legend_entry *e, char *buf, size_t n)
{
    return pm_lang_text(rc, e->text, e->text_en, buf, n);
}

void pm_legend_symbol_size(const pm_rctx *rc, const pm_legend_entry *e, double *w, double *h)
{
    if (e->ref == PM_LEGEND_SIZES) {
        pm_legend_sizes_size(rc, e, w, h);
        return;
    }
    double d = e->ref >= 0 ? rc->map->layers[e->layer].classes->refs[e->ref].size : 0;
    *w = fmax(LEGEND_SYMBOL_W, d + 2);
    *h = fmax(LEGEND_SYMBOL_H, d + 2);
}

/* The legend symbol uses the real style of the first feature drawn with the
 * rule (or the class's style); widths and sizes are capped so a broad axis
 * still fits its patch, but a size reference shows its true size. */
void pm_legend_symbol(pm_rctx *rc, const pm_legend_entry *e, double x, double y)
{
    if (e->ref == PM_LEGEND_SIZES) {
        pm_legend_sizes_draw(rc, e, x, y);
        return;
    }
    cairo_t *cr = rc->draw.cr;
    int arrow = 0;
    const pm_map_layer *ml = &rc->map->layers[e->layer];
    pm_style s = e->rule >= 0 ? pm_feature_draw_style(rc->map, e->layer, e->feature, &arrow)
                              : pm_map_class_style(ml, e->cls, e->ref);
    pm_geom_kind kind = e->ref >= 0 ? PM_GEOM_POINT : ml->data->features[e->feature].kind;
    double sw, sh;
    pm_legend_symbol_size(rc, e, &sw, &sh);
    double cx = x + 0.5 * sw, cy = y + 0.5 * sh;
    cairo_save(cr);
    if (s.opacity < 1)
        cairo_push_group(cr);
    if (kind == PM_GEOM_POLYGON) {
        cairo_rectangle(cr, x + 1, y + 1, LEGEND_SYMBOL_W - 2, LEGEND_SYMBOL_H - 2);
        if (s.fill.a > 0) {
            pm_set_color(cr, s.fill, 1);
            cairo_fill_preserve(cr);
        }
        pm_paint_patterns(cr, &s);
        if (s.width > 0 && s.stroke.a > 0) {
            double dash[PM_MAX_DASH];
            for (int i = 0; i < s.n_dash && i < PM_MAX_DASH; i++)
                dash[i] = s.dash[i];
            cairo_set_dash(cr, dash, s.n_dash < PM_MAX_DASH ? s.n_dash : PM_MAX_DASH, 0);
            cairo_set_line_width(cr, fmin(s.width, 2.5));
            pm_set_color(cr, s.stroke, 1);
            cairo_stroke(cr);
        }
        cairo_new_path(cr);
    } else if (kind == PM_GEOM_LINE) {
        s.width = fmin(s.width, arrow ? 5 : 8);
        double pts[4] = {x + 1, cy, x + LEGEND_SYMBOL_W - 1, cy};
        pm_draw_arrow_line(cr, pts, 2, &s, arrow);
    } else {
        pm_draw_marker(cr, &s, cx, cy, e->ref >= 0 ? s.marker_size : fmin(s.marker_size, LEGEND_SYMBOL_H));
    }
    if (s.opacity < 1) {
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, s.opacity);
    }
    cairo_restore(cr);
}

static void draw_plate(cairo_t *cr, pm_rect r, double alpha)
{
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_set_source_rgba(cr, 1, 1, 1, alpha);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgba(cr, 0.55, 0.55, 0.55, 1);
    cairo_stroke(cr);
}

/* ---- scale bar ---------------------------------------------------------- */

/* Largest 1-2-5 × 10^k not above v. */
static double round_125(double v)
{
    double p = pow(10, floor(log10(v)));
    double m = v / p;
    return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

static void format_length(double metres, char *buf, size_t n)
{
    if (metres >= 1000)
        snprintf(buf, n, "%g km", metres / 1000);
    else
        snprintf(buf, n, "%g m", metres);
}

/* "1:50 000": the denominator in groups of three, as maps print it. */
static void format_ratio(double n, char *buf, size_t len)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", n);
    size_t nd = strlen(digits), o = (size_t)snprintf(buf, len, "1:");
    for (size_t i = 0; i < nd && o + 2 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            buf[o++] = ' ';
        buf[o++] = digits[i];
    }
    buf[o < len ? o : len - 1] = '\0';
}

/* The ratio over the bar, for a map at a fixed scale (else NULL). */
static PangoLayout *scalebar_ratio(pm_rctx *rc)
{
    if (!(rc->spec->scale > 0) || !(rc->page.scale > 0))
        return NULL;
    char text[48];
    format_ratio(rc->page.scale, text, sizeof text);
    return pm_text_layout(rc->draw.pango, text, PM_THEME_FONT, 8, 0);
}

static PangoLayout *scalebar_label(pm_rctx *rc, double metres)
{
    char text[32];
    format_length(metres, text, sizeof text);
    return pm_text_layout(rc->draw.pango, text, PM_THEME_FONT, 8, 0);
}

/* Choose the length (true at the map centre, at most about a fifth of the
 * frame) and the plate sizes; where the plates go is decided once the data is
 * drawn (pm_furniture_place). */
void pm_furniture_measure(pm_rctx *rc, double *w, double *h)
{
    rc->page.scalebar_m = 0;
    memset(&rc->page.lay.scalebar, 0, sizeof rc->page.lay.scalebar);
    memset(&rc->page.lay.north, 0, sizeof rc->page.lay.north);
    const pm_rect fr = rc->page.lay.frame;
    const double *c = rc->map->center_lonlat;
    if (rc->spec->north_arrow)
        rc->page.lay.north = (pm_rect){0, 0, 34, 38};
    double mpu = rc->spec->scale_bar ? pm_crs_metres_per_unit(rc->map->crs, c[0], c[1]) : 0;
    if (mpu > 0 && rc->page.sx > 0) {
        double metres_per_pt = mpu / rc->page.sx;
        rc->page.scalebar_m = round_125(fmin(0.22 * fr.w, 110) * metres_per_pt);
        double tw, th;
        /* The bar is at least as long as its two end labels need, so "0" and
         * "200 m" never overlap, however narrow the frame. */
        for (int step = 0;; step++) {
            rc->page.scalebar_pt = rc->page.scalebar_m / metres_per_pt;
            PangoLayout *t = scalebar_label(rc, rc->page.scalebar_m);
            pm_text_size(t, &tw, &th);
            g_object_unref(t);
            if (rc->page.scalebar_pt >= 0.5 * tw + 8 || step >= 12)
                break;
            rc->page.scalebar_m = round_125(2.5 * rc->page.scalebar_m);
        }
        rc->page.lay.scalebar = (pm_rect){0, 0, rc->page.scalebar_pt + 12 + 0.5 * tw, 5 + 4 + 2 + th + 5};
        PangoLayout *ratio = scalebar_ratio(rc);
        if (ratio) {
            pm_text_size(ratio, &tw, &th);
            g_object_unref(ratio);
            rc->page.lay.scalebar.w = fmax(rc->page.lay.scalebar.w, tw + 12);
            rc->page.lay.scalebar.h += th + 2;
        }
    }
    *w = rc->page.lay.scalebar.w + rc->page.lay.north.w + (rc->page.lay.scalebar.w > 0 && rc->page.lay.north.w > 0 ? 6 : 0);
    *h = fmax(rc->page.lay.scalebar.h, rc->page.lay.north.h);
}

static void draw_scalebar(pm_rctx *rc)
{
    pm_rect p = rc->page.lay.scalebar;
    if (rc->page.scalebar_m <= 0 || p.w <= 0)
        return;
    cairo_t *cr = rc->draw.cr;
    draw_plate(cr, p, 0.9);
    double x = p.x + 6, y = p.y + 5, bar_h = 4, half = 0.5 * rc->page.scalebar_pt;
    PangoLayout *ratio = scalebar_ratio(rc);
    if (ratio) {
        double rw, rh;
        pm_text_size(ratio, &rw, &rh);
        pm_text_draw(cr, ratio, x, y - 2, PM_INK, PM_NO_HALO, 0);
        g_object_unref(ratio);
        y += rh;
    }
    for (int k = 0; k < 2; k++) {
        cairo_rectangle(cr, x + k * half, y, half, bar_h);
        pm_set_color(cr, k ? WHITE : PM_INK, 1);
        cairo_fill_preserve(cr);
        pm_set_color(cr, PM_INK, 1);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
    PangoLayout *zero = pm_text_layout(rc->draw.pango, "0", PM_THEME_FONT, 8, 0);
    PangoLayout *len = scalebar_label(rc, rc->page.scalebar_m);
    double zw, zh, lw, lh;
    pm_text_size(zero, &zw, &zh);
    pm_text_size(len, &lw, &lh);
    pm_text_draw(cr, zero, x - 0.5 * zw, y + bar_h + 2, PM_INK, PM_NO_HALO, 0);
    pm_text_draw(cr, len, x + rc->page.scalebar_pt - 0.5 * lw, y + bar_h + 2, PM_INK, PM_NO_HALO, 0);
    g_object_unref(zero);
    g_object_unref(len);
    char text[96], ratio_text[48] = "";
    format_length(rc->page.scalebar_m, text, 32);
    if (rc->spec->scale > 0 && rc->page.scale > 0) {
        format_ratio(rc->page.scale, ratio_text, sizeof ratio_text);
        snprintf(text + strlen(text), sizeof text - strlen(text), " %s", ratio_text);
    }
    pm_rctx_box(rc, "scalebar", text, p);
}

/* ---- north arrow -------------------------------------------------------- */

static void draw_north(pm_rctx *rc)
{
    pm_rect p = rc->page.lay.north;
    if (p.w <= 0)
        return;
    cairo_t *cr = rc->draw.cr;
    const double *c = rc->map->center_lonlat;
    double angle = pm_crs_north_angle(rc->map->crs, c[0], c[1]);
    if (!isfinite(angle))
        angle = 0;
    draw_plate(cr, p, 0.9);
    cairo_save(cr);
    cairo_translate(cr, p.x + 0.5 * p.w, p.y + 0.5 * p.h + 2);
    /* Counter-clockwise on the map is counter-clockwise on the page, where
     * y points down: a negative cairo rotation. */
    cairo_rotate(cr, -angle);
    double tip = -11, base = 9, hw = 5.5;
    cairo_move_to(cr, 0, tip);
    cairo_line_to(cr, -hw, base);
    cairo_line_to(cr, 0, base - 4);
    cairo_close_path(cr);
    pm_set_color(cr, PM_INK, 1);
    cairo_fill(cr);
    cairo_move_to(cr, 0, tip);
    cairo_line_to(cr, hw, base);
    cairo_line_to(cr, 0, base - 4);
    cairo_close_path(cr);
    pm_set_color(cr, WHITE, 1);
    cairo_fill_preserve(cr);
    pm_set_color(cr, PM_INK, 1);
    cairo_set_line_width(cr, 0.7);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    PangoLayout *n = pm_text_layout(rc->draw.pango, "N", PM_THEME_FONT " Bold", 8, 0);
    double nw, nh;
    pm_text_size(n, &nw, &nh);
    pm_text_draw(cr, n, -0.5 * nw, tip - nh + 1, PM_INK, PM_NO_HALO, 0);
    g_object_unref(n);
    cairo_restore(cr);
    pm_rctx_box(rc, "northarrow", "N", p);
}

/* ---- title, note, neat line ---------------------------------------------- */

/* A plan title's English gloss from the spec's plan_titles_en, or NULL. */
static const char *plan_gloss(const pm_spec *spec, const char *plan)
{
    for (int i = 0; i < spec->n_plan_titles; i++)
        if (strcmp(spec->plan_titles[i], plan) == 0)
            return spec->plan_titles_en[i];
    return NULL;
}

/* Note i in the map's language: notes_en in English, both lines in zh+en
 * (one when they are the same, e.g. an attribution written in English). */
static void add_note(pm_sbuf *b, const pm_spec *spec, int i, pm_lang lang)
{
    const char *zh = spec->notes[i], *en = spec->notes_en ? spec->notes_en[i] : NULL;
    pm_sbuf_add(b, lang == PM_LANG_EN && en ? en : zh);
    if (lang == PM_LANG_ZH_EN && en && strcmp(zh, en) != 0) {
        pm_sbuf_add(b, "\n");
        pm_sbuf_add(b, en);
    }
}

/* The note speaks the map's language: in English the prefix and the
 * schematic sentence are English only; plan titles stay as the plans name
 * themselves (they have no official English title), followed in English
 * and zh+en by the spec's gloss. */
char *pm_source_note(const pm_map *map, pm_lang lang)
{
    const pm_spec *spec = map->spec;
    int en = lang == PM_LANG_EN, both = lang == PM_LANG_ZH_EN;
    const char *schematic = en ? "Schematic — drawn from the plan texts, not surveyed"
                               : "示意图 — 依据规划文本示意，非测绘成果 (schematic, not surveyed)";
    const char *prefix = en ? "Sources: " : both ? "资料来源 Sources：" : "资料来源：";
    const char *sep = en ? "; " : "；";
    pm_sbuf b = {0};
    for (int i = 0; i < map->n_plans; i++) {
        pm_sbuf_add(&b, i ? sep : prefix);
        pm_sbuf_add(&b, map->plans[i]);
        const char *gloss = en || both ? plan_gloss(spec, map->plans[i]) : NULL;
        if (gloss)
            pm_sbuf_addf(&b, " (%s)", gloss);
    }
    for (int i = 0; i < spec->n_notes; i++) {
        if (b.len)
            pm_sbuf_add(&b, "\n");
        add_note(&b, spec, i, lang);
    }
    if (map->has_schematic) {
        if (b.len)
            pm_sbuf_add(&b, "\n");
        pm_sbuf_add(&b, schematic);
    }
    return pm_sbuf_take(&b);
}

static void draw_title(pm_rctx *rc)
{
    pm_rect band = rc->page.lay.title;
    if (band.h <= 0)
        return;
    double y = band.y;
    char texts[2][1024];
    const char *kinds[2] = {"title", "subtitle"};
    const pm_color colors[2] = {PM_INK, {0.35, 0.35, 0.35, 1}};
    for (int k = 0; k < 2; k++) {
        PangoLayout *t = pm_title_layout(rc, k, band.w, texts[k], sizeof texts[k]);
        if (!t)
            continue;
        double w, h;
        pm_text_size(t, &w, &h);
        pm_rect r = {band.x + 0.5 * (band.w - w), y, w, h};
        pm_text_draw(rc->draw.cr, t, r.x, r.y, colors[k], PM_NO_HALO, 0);
        pm_rctx_box(rc, kinds[k], pango_layout_get_text(t), r);
        g_object_unref(t);
        y += h + 2;
    }
}

static void draw_note(pm_rctx *rc)
{
    pm_rect f = rc->page.lay.footer;
    if (!rc->page.note || !*rc->page.note || f.h <= 0)
        return;
    double wrap = f.w - (rc->page.lay.spare.w > 0 ? rc->page.lay.spare.w + 10 : 0);
    PangoLayout *t = pm_text_layout(rc->draw.pango, rc->page.note, PM_THEME_FONT, PM_NOTE_FONT_SIZE,
                                    wrap > 60 ? wrap : 60);
    pango_layout_set_alignment(t, PANGO_ALIGN_LEFT);
    double w, h;
    pm_text_size(t, &w, &h);
    pm_text_draw(rc->draw.cr, t, f.x, f.y, (pm_color){0.3, 0.3, 0.3, 1}, PM_NO_HALO, 0);
    g_object_unref(t);
    pm_rctx_box(rc, "note", rc->page.note, (pm_rect){f.x, f.y, w, h});
}

static void draw_neatline(pm_rctx *rc)
{
    pm_rect fr = rc->page.lay.frame;
    cairo_rectangle(rc->draw.cr, fr.x, fr.y, fr.w, fr.h);
    cairo_set_line_width(rc->draw.cr, 0.8);
    cairo_set_dash(rc->draw.cr, NULL, 0, 0);
    pm_set_color(rc->draw.cr, PM_INK, 1);
    cairo_stroke(rc->draw.cr);
}

void pm_draw_furniture(pm_rctx *rc)
{
    pm_svg_group(rc->draw.cr, "frame", "Map frame");
    draw_neatline(rc);
    if (rc->page.n_boxes > 0)
        pm_svg_group(rc->draw.cr, "frame-boxes", "Legend, inset, pictures and title block in the frame");
    pm_draw_frame_boxes(rc);
    pm_svg_group(rc->draw.cr, "furniture", "Scale bar and north arrow");
    draw_scalebar(rc);
    draw_north(rc);
    pm_draw_panel(rc);
    pm_svg_group(rc->draw.cr, "title", "Title");
    draw_title(rc);
    pm_svg_group(rc->draw.cr, "notes", "Notes");
    draw_note(rc);
}
