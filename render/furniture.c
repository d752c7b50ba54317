/* Map furniture: neat line, scale bar and north arrow (on white plates inside
 * the frame), legend panel (right of the frame), title band and source note.
 * Everything here sits outside the data or on its own plate. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "theme_internal.h"

#define LEGEND_PAD 8.0
#define LEGEND_SYMBOL_W 26.0
#define LEGEND_SYMBOL_H 14.0
#define LEGEND_GAP 6.0
#define LEGEND_TEXT_SIZE 8.5
#define LEGEND_TEXT_WRAP 120.0
#define LEGEND_TITLE_SIZE 10.0
#define PLATE_INSET 8.0

static const pm_color BLACK = {0.13, 0.13, 0.13, 1};
static const pm_color WHITE = {1, 1, 1, 1};
static const pm_color NO_HALO = {0, 0, 0, 0};

static const char *legend_title(const pm_spec *spec)
{
    return spec->legend_title && *spec->legend_title ? spec->legend_title : "图例";
}

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
    for (int k = 0; k < rc->n_legend; k++)
        if (rc->legend[k].layer == layer && strcmp(rc->legend[k].text, text) == 0)
            return 1;
    return 0;
}

/* One entry per rule with a legend text that drew at least one feature,
 * grouped by layer in draw order. */
int pm_legend_collect(pm_rctx *rc)
{
    const pm_map *map = rc->map;
    rc->n_legend = 0;
    if (!rc->spec->legend)
        return 0;
    int cap = 0;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (!ml->spec->legend)
            continue;
        for (int r = 0; r < ml->spec->n_rules; r++) {
            const char *text = ml->spec->rules[r].legend;
            int f = first_feature_of(ml, r);
            if (!text || !*text || ml->rule_count[r] <= 0 || f < 0 || listed(rc, l, text))
                continue;
            if (rc->n_legend == cap) {
                cap = cap ? 2 * cap : 16;
                pm_legend_entry *grown = realloc(rc->legend, (size_t)cap * sizeof *grown);
                if (!grown)
                    return -1;
                rc->legend = grown;
            }
            rc->legend[rc->n_legend++] = (pm_legend_entry){l, r, f, text};
        }
    }
    return rc->n_legend;
}

static double entry_height(pm_rctx *rc, const pm_legend_entry *e, double *text_w)
{
    PangoLayout *t = pm_text_layout(rc->pango, e->text, PM_THEME_FONT, LEGEND_TEXT_SIZE,
                                    LEGEND_TEXT_WRAP);
    double w, h;
    pm_text_size(t, &w, &h);
    g_object_unref(t);
    if (text_w)
        *text_w = w;
    return fmax(h, LEGEND_SYMBOL_H) + 4;
}

static double group_gap(const pm_rctx *rc, int k)
{
    return k > 0 && rc->legend[k].layer != rc->legend[k - 1].layer ? 4 : 0;
}

void pm_legend_size(pm_rctx *rc, double *w, double *h)
{
    PangoLayout *t = pm_text_layout(rc->pango, legend_title(rc->spec), PM_THEME_FONT " Bold",
                                    LEGEND_TITLE_SIZE, 0);
    double tw, th;
    pm_text_size(t, &tw, &th);
    g_object_unref(t);
    double width = tw, height = th + 6;
    for (int k = 0; k < rc->n_legend; k++) {
        double text_w;
        height += entry_height(rc, &rc->legend[k], &text_w) + group_gap(rc, k);
        width = fmax(width, LEGEND_SYMBOL_W + LEGEND_GAP + text_w);
    }
    *w = width + 2 * LEGEND_PAD;
    *h = height + 2 * LEGEND_PAD - 4;
}

/* The legend symbol uses the real style of the first feature drawn with the
 * rule; widths and sizes are capped so a broad axis still fits its patch. */
static void legend_symbol(pm_rctx *rc, const pm_legend_entry *e, double x, double y)
{
    cairo_t *cr = rc->cr;
    int arrow = 0;
    pm_style s = pm_feature_draw_style(rc->map, e->layer, e->feature, &arrow);
    pm_geom_kind kind = rc->map->layers[e->layer].data->features[e->feature].kind;
    double cx = x + 0.5 * LEGEND_SYMBOL_W, cy = y + 0.5 * LEGEND_SYMBOL_H;
    cairo_save(cr);
    if (s.opacity < 1)
        cairo_push_group(cr);
    if (kind == PM_GEOM_POLYGON) {
        cairo_rectangle(cr, x + 1, y + 1, LEGEND_SYMBOL_W - 2, LEGEND_SYMBOL_H - 2);
        if (s.fill.a > 0) {
            pm_set_color(cr, s.fill, 1);
            cairo_fill_preserve(cr);
        }
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
        pm_draw_marker(cr, &s, cx, cy, fmin(s.marker_size, LEGEND_SYMBOL_H));
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

static void draw_legend(pm_rctx *rc)
{
    pm_rect panel = rc->lay.legend;
    if (panel.w <= 0)
        return;
    cairo_t *cr = rc->cr;
    draw_plate(cr, panel, 1);
    pm_rctx_box(rc, "legend", legend_title(rc->spec), panel);
    PangoLayout *t = pm_text_layout(rc->pango, legend_title(rc->spec), PM_THEME_FONT " Bold",
                                    LEGEND_TITLE_SIZE, 0);
    double tw, th;
    pm_text_size(t, &tw, &th);
    double x = panel.x + LEGEND_PAD, y = panel.y + LEGEND_PAD;
    pm_text_draw(cr, t, x, y, BLACK, NO_HALO, 0);
    g_object_unref(t);
    y += th + 6;
    for (int k = 0; k < rc->n_legend; k++) {
        const pm_legend_entry *e = &rc->legend[k];
        y += group_gap(rc, k);
        double text_w, row = entry_height(rc, e, &text_w);
        legend_symbol(rc, e, x, y + 0.5 * (row - 4 - LEGEND_SYMBOL_H));
        PangoLayout *lt = pm_text_layout(rc->pango, e->text, PM_THEME_FONT, LEGEND_TEXT_SIZE,
                                         LEGEND_TEXT_WRAP);
        pango_layout_set_alignment(lt, PANGO_ALIGN_LEFT);
        double lw, lh;
        pm_text_size(lt, &lw, &lh);
        double tx = x + LEGEND_SYMBOL_W + LEGEND_GAP;
        pm_text_draw(cr, lt, tx, y + 0.5 * (row - 4 - lh), BLACK, NO_HALO, 0);
        g_object_unref(lt);
        pm_rect item = {x, y, LEGEND_SYMBOL_W + LEGEND_GAP + lw, row - 4};
        pm_rctx_box(rc, "legend-item", e->text, item);
        y += row;
    }
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

static PangoLayout *scalebar_label(pm_rctx *rc, double metres)
{
    char text[32];
    format_length(metres, text, sizeof text);
    return pm_text_layout(rc->pango, text, PM_THEME_FONT, 8, 0);
}

/* Choose the length (true at the map centre) and reserve the plate, before
 * labels are placed so none lands on it. */
void pm_scalebar_plan(pm_rctx *rc)
{
    rc->scalebar_m = 0;
    memset(&rc->lay.scalebar, 0, sizeof rc->lay.scalebar);
    memset(&rc->lay.north, 0, sizeof rc->lay.north);
    const pm_rect fr = rc->lay.frame;
    const double *c = rc->map->center_lonlat;
    if (rc->spec->north_arrow) {
        double side = 34;
        rc->lay.north = (pm_rect){fr.x + fr.w - PLATE_INSET - side, fr.y + PLATE_INSET, side, side + 4};
        pm_grid_add(&rc->grid, rc->lay.north);
    }
    if (!rc->spec->scale_bar)
        return;
    double mpu = pm_crs_metres_per_unit(rc->map->crs, c[0], c[1]);
    if (!(mpu > 0) || !(rc->sx > 0))
        return;
    double metres_per_pt = mpu / rc->sx;
    rc->scalebar_m = round_125(0.22 * fr.w * metres_per_pt);
    rc->scalebar_pt = rc->scalebar_m / metres_per_pt;
    PangoLayout *t = scalebar_label(rc, rc->scalebar_m);
    double tw, th;
    pm_text_size(t, &tw, &th);
    g_object_unref(t);
    double w = rc->scalebar_pt + 12 + 0.5 * tw, h = 5 + 4 + 2 + th + 5;
    rc->lay.scalebar = (pm_rect){fr.x + PLATE_INSET, fr.y + fr.h - PLATE_INSET - h, w, h};
    pm_grid_add(&rc->grid, rc->lay.scalebar);
}

static void draw_scalebar(pm_rctx *rc)
{
    pm_rect p = rc->lay.scalebar;
    if (rc->scalebar_m <= 0 || p.w <= 0)
        return;
    cairo_t *cr = rc->cr;
    draw_plate(cr, p, 0.9);
    double x = p.x + 6, y = p.y + 5, bar_h = 4, half = 0.5 * rc->scalebar_pt;
    for (int k = 0; k < 2; k++) {
        cairo_rectangle(cr, x + k * half, y, half, bar_h);
        pm_set_color(cr, k ? WHITE : BLACK, 1);
        cairo_fill_preserve(cr);
        pm_set_color(cr, BLACK, 1);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
    PangoLayout *zero = pm_text_layout(rc->pango, "0", PM_THEME_FONT, 8, 0);
    PangoLayout *len = scalebar_label(rc, rc->scalebar_m);
    double zw, zh, lw, lh;
    pm_text_size(zero, &zw, &zh);
    pm_text_size(len, &lw, &lh);
    pm_text_draw(cr, zero, x - 0.5 * zw, y + bar_h + 2, BLACK, NO_HALO, 0);
    pm_text_draw(cr, len, x + rc->scalebar_pt - 0.5 * lw, y + bar_h + 2, BLACK, NO_HALO, 0);
    g_object_unref(zero);
    g_object_unref(len);
    char text[32];
    format_length(rc->scalebar_m, text, sizeof text);
    pm_rctx_box(rc, "scalebar", text, p);
}

/* ---- north arrow -------------------------------------------------------- */

static void draw_north(pm_rctx *rc)
{
    pm_rect p = rc->lay.north;
    if (p.w <= 0)
        return;
    cairo_t *cr = rc->cr;
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
    pm_set_color(cr, BLACK, 1);
    cairo_fill(cr);
    cairo_move_to(cr, 0, tip);
    cairo_line_to(cr, hw, base);
    cairo_line_to(cr, 0, base - 4);
    cairo_close_path(cr);
    pm_set_color(cr, WHITE, 1);
    cairo_fill_preserve(cr);
    pm_set_color(cr, BLACK, 1);
    cairo_set_line_width(cr, 0.7);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    PangoLayout *n = pm_text_layout(rc->pango, "N", PM_THEME_FONT " Bold", 8, 0);
    double nw, nh;
    pm_text_size(n, &nw, &nh);
    pm_text_draw(cr, n, -0.5 * nw, tip - nh + 1, BLACK, NO_HALO, 0);
    g_object_unref(n);
    cairo_restore(cr);
    pm_rctx_box(rc, "northarrow", "N", p);
}

/* ---- title, note, neat line ---------------------------------------------- */

char *pm_source_note(const pm_map *map)
{
    const pm_spec *spec = map->spec;
    static const char schematic[] = "示意图 — 依据规划文本示意，非测绘成果 (schematic, not surveyed)";
    size_t n = sizeof schematic + 64;
    for (int i = 0; i < map->n_plans; i++)
        n += strlen(map->plans[i]) + 4;
    for (int i = 0; i < spec->n_notes; i++)
        n += strlen(spec->notes[i]) + 2;
    char *s = calloc(1, n);
    if (!s)
        return NULL;
    if (map->n_plans) {
        strcat(s, "资料来源：");
        for (int i = 0; i < map->n_plans; i++) {
            if (i)
                strcat(s, "；");
            strcat(s, map->plans[i]);
        }
    }
    for (int i = 0; i < spec->n_notes; i++) {
        if (*s)
            strcat(s, "\n");
        strcat(s, spec->notes[i]);
    }
    if (map->has_schematic) {
        if (*s)
            strcat(s, "\n");
        strcat(s, schematic);
    }
    return s;
}

static void draw_title(pm_rctx *rc)
{
    const pm_spec *spec = rc->spec;
    pm_rect band = rc->lay.title;
    if (band.h <= 0)
        return;
    double size = pm_title_font_size(rc->lay.page_w, rc->lay.page_h);
    double y = band.y;
    const char *texts[2] = {spec->title, spec->subtitle};
    const char *fonts[2] = {PM_THEME_FONT " Bold", PM_THEME_FONT};
    const char *kinds[2] = {"title", "subtitle"};
    const double sizes[2] = {size, 0.6 * size};
    const pm_color colors[2] = {BLACK, {0.35, 0.35, 0.35, 1}};
    for (int k = 0; k < 2; k++) {
        if (!texts[k] || !*texts[k])
            continue;
        PangoLayout *t = pm_text_layout(rc->pango, texts[k], fonts[k], sizes[k], band.w);
        double w, h;
        pm_text_size(t, &w, &h);
        pm_rect r = {band.x + 0.5 * (band.w - w), y, w, h};
        pm_text_draw(rc->cr, t, r.x, r.y, colors[k], NO_HALO, 0);
        g_object_unref(t);
        pm_rctx_box(rc, kinds[k], texts[k], r);
        y += h + 2;
    }
}

static void draw_note(pm_rctx *rc)
{
    pm_rect f = rc->lay.footer;
    if (!rc->note || !*rc->note || f.h <= 0)
        return;
    PangoLayout *t = pm_text_layout(rc->pango, rc->note, PM_THEME_FONT, PM_NOTE_FONT_SIZE, f.w);
    pango_layout_set_alignment(t, PANGO_ALIGN_LEFT);
    double w, h;
    pm_text_size(t, &w, &h);
    pm_text_draw(rc->cr, t, f.x, f.y, (pm_color){0.3, 0.3, 0.3, 1}, NO_HALO, 0);
    g_object_unref(t);
    pm_rctx_box(rc, "note", rc->note, (pm_rect){f.x, f.y, w, h});
}

static void draw_neatline(pm_rctx *rc)
{
    pm_rect fr = rc->lay.frame;
    cairo_rectangle(rc->cr, fr.x, fr.y, fr.w, fr.h);
    cairo_set_line_width(rc->cr, 0.8);
    cairo_set_dash(rc->cr, NULL, 0, 0);
    pm_set_color(rc->cr, BLACK, 1);
    cairo_stroke(rc->cr);
}

void pm_draw_furniture(pm_rctx *rc)
{
    draw_neatline(rc);
    draw_scalebar(rc);
    draw_north(rc);
    draw_legend(rc);
    draw_title(rc);
    draw_note(rc);
}
