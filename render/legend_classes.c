/* Legend entries of a classified layer (`classify`: one per class, then
 * "no data" for drawn features without a value) and of a proportional one
 * (`size_by`: its reference sizes as nested symbols, largest at the back on
 * one baseline, each value beside the top of its symbol on a tick, as QGIS
 * and ArcGIS draw them). The classes and their texts come resolved from
 * layers/ (pm_classes.h). */
#include "render_internal.h"

#include <math.h>

#include "pm_classes.h"
#include "pm_theme.h"

#define SIZE_MARGIN 1.0
#define SIZE_TICK 5.0     /* from the largest symbol's side to its values */
#define SIZE_TEXT 8.0

/* A drawn feature of the layer in class `cls` (-1: without a class), or -1. */
static int feature_in(const pm_map_layer *ml, int cls)
{
    for (int i = 0; i < ml->data->n_features; i++)
        if (ml->rule_of[i] != PM_FEATURE_HIDDEN && ml->data->features[i].kind != PM_GEOM_NONE &&
            (cls == -2 || ml->classes->class_of[i] == cls))
            return i;
    return -1;
}

int pm_legend_add_classes(pm_rctx *rc, int layer, int *cap)
{
    const pm_map_layer *ml = &rc->map->layers[layer];
    const pm_map_classes *c = ml->classes;
    int any = c ? feature_in(ml, -2) : -1;
    if (any < 0)
        return 0;
    for (int k = 0; k < c->n; k++) {
        int f = c->cls[k].first >= 0 ? c->cls[k].first : any;
        if (pm_legend_push(rc, cap, (pm_legend_entry){layer, -1, f, c->cls[k].legend,
                                                      c->cls[k].legend_en, k, -1}) != 0)
            return -1;
    }
    if (ml->spec->classify && c->n_missing > 0 &&
        pm_legend_push(rc, cap, (pm_legend_entry){layer, -1, feature_in(ml, -1), c->missing,
                                                  c->missing_en, -1, -1}) != 0)
        return -1;
    if (c->n_refs > 0 &&
        pm_legend_push(rc, cap, (pm_legend_entry){layer, -1, any, c->refs_legend, c->refs_legend_en,
                                                  -1, PM_LEGEND_SIZES}) != 0)
        return -1;
    return 0;
}

/* Where the nested symbols and their values go, from the block's top left:
 * the symbols' centre line and baseline, each value's centre height, the
 * values' left edge and the block's size. */
typedef struct sizes_geom {
    double cx, base, x_text, w, h;
    double y_text[3];
} sizes_geom;

static PangoLayout *value_layout(const pm_rctx *rc, const pm_size_ref *ref)
{
    char buf[512];
    PangoLayout *t = pm_text_layout(rc->draw.pango, pm_lang_text(rc, ref->legend, ref->legend_en, buf, sizeof buf),
                                    PM_THEME_FONT, SIZE_TEXT, 0);
    pango_layout_set_alignment(t, PANGO_ALIGN_LEFT);
    return t;
}

static void sizes_layout(const pm_rctx *rc, const pm_legend_entry *e, sizes_geom *g)
{
    const pm_map_classes *c = rc->map->layers[e->layer].classes;
    double d = c->refs[0].size, text_w = 0, text_h[3] = {0};
    for (int r = 0; r < c->n_refs; r++) {
        PangoLayout *t = value_layout(rc, &c->refs[r]);
        double w;
        pm_text_size(t, &w, &text_h[r]);
        text_w = fmax(text_w, w);
        g_object_unref(t);
    }
    /* Each value is centred on its symbol's top (heights from the baseline,
     * negative upwards); values that would touch are pushed down, then the
     * stack moves back up by its mean push, so it stays centred on the tops
     * and no tick runs far. */
    double y[3], push = 0, last = -INFINITY;
    for (int r = 0; r < c->n_refs; r++) {
        y[r] = fmax(-c->refs[r].size, last + 0.5 * text_h[r] + 1);
        push += y[r] + c->refs[r].size;
        last = y[r] + 0.5 * text_h[r];
    }
    double up = push / c->n_refs, top = -d, bottom = 0;
    for (int r = 0; r < c->n_refs; r++) {
        y[r] -= up;
        top = fmin(top, y[r] - 0.5 * text_h[r]);
        bottom = fmax(bottom, y[r] + 0.5 * text_h[r]);
    }
    g->base = SIZE_MARGIN - top;
    for (int r = 0; r < c->n_refs; r++)
        g->y_text[r] = g->base + y[r];
    g->cx = SIZE_MARGIN + 0.5 * d;
    g->x_text = SIZE_MARGIN + d + SIZE_TICK;
    g->h = g->base + bottom + SIZE_MARGIN;
    g->w = g->x_text + text_w + SIZE_MARGIN;
}

void pm_legend_sizes_size(const pm_rctx *rc, const pm_legend_entry *e, double *w, double *h)
{
    sizes_geom g;
    sizes_layout(rc, e, &g);
    *w = g.w;
    *h = g.h;
}

/* A symbol with no outline of its own gets a thin one, so the nested
 * symbols stay apart where their fills meet. */
static void draw_size_symbol(cairo_t *cr, pm_style *s, double cx, double base, double d)
{
    if (!(s->width > 0 && s->stroke.a > 0)) {
        s->stroke = (pm_color){0.25, 0.25, 0.25, 1};
        s->width = 0.6;
    }
    s->marker_size = d;
    pm_draw_marker(cr, s, cx, base - 0.5 * d, d);
}

void pm_legend_sizes_draw(pm_rctx *rc, const pm_legend_entry *e, double x, double y)
{
    const pm_map_layer *ml = &rc->map->layers[e->layer];
    const pm_map_classes *c = ml->classes;
    cairo_t *cr = rc->draw.cr;
    sizes_geom g;
    sizes_layout(rc, e, &g);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    for (int r = 0; r < c->n_refs; r++) {   /* largest first: at the back */
        pm_style s = pm_map_class_style(ml, -1, r);
        if (s.opacity < 1)
            cairo_push_group(cr);
        draw_size_symbol(cr, &s, g.cx, g.base, c->refs[r].size);
        if (s.opacity < 1) {
            cairo_pop_group_to_source(cr);
            cairo_paint_with_alpha(cr, s.opacity);
        }
    }
    for (int r = 0; r < c->n_refs; r++) {
        /* The tick: from the symbol's top across to its value. */
        double top = g.base - c->refs[r].size;
        cairo_new_path(cr);
        cairo_move_to(cr, g.cx, top);
        cairo_line_to(cr, g.x_text - 2, top);
        cairo_line_to(cr, g.x_text - 1, g.y_text[r]);
        cairo_set_line_width(cr, 0.5);
        cairo_set_dash(cr, NULL, 0, 0);
        pm_set_color(cr, PM_INK, 0.7);
        cairo_stroke(cr);
        PangoLayout *t = value_layout(rc, &c->refs[r]);
        double w, h;
        pm_text_size(t, &w, &h);
        pm_text_draw(cr, t, g.x_text, g.y_text[r] - 0.5 * h, PM_INK, PM_NO_HALO, 0);
        g_object_unref(t);
    }
    cairo_restore(cr);
}
