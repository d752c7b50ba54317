/* Drawing the data: polygons (even-odd fill, then outline), lines (width,
 * dash, caps, arrow heads on axes) and point markers, layer by layer in spec
 * order, clipped to the map frame. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "theme_internal.h"

void pm_set_color(cairo_t *cr, pm_color c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * alpha);
}

static void star_path(cairo_t *cr, double cx, double cy, double r)
{
    for (int i = 0; i < 10; i++) {
        double a = -PM_PI / 2 + i * PM_PI / 5;
        double rr = (i % 2) ? 0.42 * r : r;
        double x = cx + rr * cos(a), y = cy + rr * sin(a);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

void pm_marker_path(cairo_t *cr, pm_marker_shape shape, double cx, double cy, double size)
{
    double r = 0.5 * size;
    cairo_new_sub_path(cr);
    switch (shape) {
    case PM_MARKER_SQUARE:
        cairo_rectangle(cr, cx - 0.85 * r, cy - 0.85 * r, 1.7 * r, 1.7 * r);
        break;
    case PM_MARKER_TRIANGLE:
        cairo_move_to(cr, cx, cy - r);
        cairo_line_to(cr, cx + 0.866 * r, cy + 0.5 * r);
        cairo_line_to(cr, cx - 0.866 * r, cy + 0.5 * r);
        cairo_close_path(cr);
        break;
    case PM_MARKER_DIAMOND:
        cairo_move_to(cr, cx, cy - r);
        cairo_line_to(cr, cx + r, cy);
        cairo_line_to(cr, cx, cy + r);
        cairo_line_to(cr, cx - r, cy);
        cairo_close_path(cr);
        break;
    case PM_MARKER_STAR:
        star_path(cr, cx, cy, r);
        break;
    case PM_MARKER_CIRCLE:
    case PM_MARKER_NONE:
    default:
        cairo_arc(cr, cx, cy, r, 0, 2 * PM_PI);
        cairo_close_path(cr);
        break;
    }
}

static void apply_dash(cairo_t *cr, const pm_style *s)
{
    double dash[PM_MAX_DASH];
    int n = s->n_dash < PM_MAX_DASH ? s->n_dash : PM_MAX_DASH;
    for (int i = 0; i < n; i++)
        dash[i] = s->dash[i];
    cairo_set_dash(cr, dash, n, 0);
}

void pm_draw_marker(cairo_t *cr, const pm_style *s, double cx, double cy, double size)
{
    if (s->marker == PM_MARKER_NONE)
        return;
    cairo_new_path(cr);
    pm_marker_path(cr, s->marker, cx, cy, size);
    pm_set_color(cr, s->fill, 1);
    cairo_fill_preserve(cr);
    if (s->width > 0 && s->stroke.a > 0) {
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_width(cr, s->width);
        pm_set_color(cr, s->stroke, 1);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

/* Arrow head at the end of a line, along its last segment: the axis's
 * direction as the plan states it (from→to). */
static void arrow_head(cairo_t *cr, const double *pts, int n, double width)
{
    int k = n - 2;
    while (k >= 0 && pts[2 * k] == pts[2 * n - 2] && pts[2 * k + 1] == pts[2 * n - 1])
        k--;
    if (k < 0)
        return;
    double ex = pts[2 * n - 2], ey = pts[2 * n - 1];
    double dx = ex - pts[2 * k], dy = ey - pts[2 * k + 1];
    double len = hypot(dx, dy);
    dx /= len;
    dy /= len;
    double hl = 2.2 * width + 4, hw = 1.4 * width + 2.5;
    double bx = ex - dx * hl, by = ey - dy * hl;
    cairo_new_path(cr);
    cairo_move_to(cr, ex, ey);
    cairo_line_to(cr, bx - dy * hw, by + dx * hw);
    cairo_line_to(cr, bx + dy * hw, by - dx * hw);
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* The line is drawn in opaque colour and the alpha applied to the whole
 * (group), so the arrow head and self-overlaps do not darken. */
void pm_draw_arrow_line(cairo_t *cr, const double *pts, int n, const pm_style *s, int arrow)
{
    if (n < 2 || s->width <= 0 || s->stroke.a <= 0)
        return;
    double alpha = s->stroke.a;
    cairo_push_group(cr);
    pm_color opaque = s->stroke;
    opaque.a = 1;
    pm_set_color(cr, opaque, 1);
    cairo_new_path(cr);
    double end_cut = arrow ? 1.1 * s->width + 2 : 0;
    for (int i = 0; i < n; i++) {
        double x = pts[2 * i], y = pts[2 * i + 1];
        if (i == n - 1 && end_cut > 0) {
            /* Stop short of the tip so the round cap stays inside the head. */
            double dx = x - pts[2 * i - 2], dy = y - pts[2 * i - 1], l = hypot(dx, dy);
            if (l > end_cut) {
                x -= dx / l * end_cut;
                y -= dy / l * end_cut;
            }
        }
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_set_line_width(cr, s->width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, s->n_dash ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    apply_dash(cr, s);
    cairo_stroke(cr);
    if (arrow)
        arrow_head(cr, pts, n, s->width);
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, alpha);
}

/* Page coordinates of one part of a feature; returns a pointer into `buf`
 * (grown as needed), NULL if out of memory. */
static double *part_points(const pm_rctx *rc, const pm_feature *f, int first, int len,
                           double **buf, int *cap)
{
    if (len > *cap) {
        double *grown = realloc(*buf, (size_t)len * 2 * sizeof **buf);
        if (!grown)
            return NULL;
        *buf = grown;
        *cap = len;
    }
    for (int i = 0; i < len; i++)
        pm_to_page(rc, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1],
                   &(*buf)[2 * i], &(*buf)[2 * i + 1]);
    return *buf;
}

static void draw_polygon(pm_rctx *rc, const pm_feature *f, const pm_style *s)
{
    cairo_t *cr = rc->cr;
    cairo_new_path(cr);
    int first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        for (int i = 0; i < f->part_len[p]; i++) {
            double x, y;
            pm_to_page(rc, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x, &y);
            if (i == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_close_path(cr);
        first += f->part_len[p];
    }
    /* Even-odd: holes punch through whatever their winding. */
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (s->fill.a > 0) {
        pm_set_color(cr, s->fill, 1);
        cairo_fill_preserve(cr);
    }
    if (s->width > 0 && s->stroke.a > 0) {
        cairo_set_line_width(cr, s->width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        apply_dash(cr, s);
        pm_set_color(cr, s->stroke, 1);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

static void draw_lines(pm_rctx *rc, const pm_feature *f, const pm_style *s, int arrow)
{
    double *buf = NULL;
    int cap = 0, first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        double *pts = part_points(rc, f, first, f->part_len[p], &buf, &cap);
        if (pts)
            pm_draw_arrow_line(rc->cr, pts, f->part_len[p], s, arrow);
        else
            rc->nomem = 1;
        first += f->part_len[p];
    }
    free(buf);
}

static int inside(const pm_rect *r, double x, double y)
{
    return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

/* Markers occupy the collision index, so no label covers a symbol. */
static void draw_points(pm_rctx *rc, const pm_layer *data, const pm_feature *f, const pm_style *s)
{
    const char *name = pm_feature_value(data, f, "name");
    for (int p = 0; p < f->n_parts; p++) {
        double x, y;
        pm_to_page(rc, f->xy[2 * p], f->xy[2 * p + 1], &x, &y);
        pm_draw_marker(rc->cr, s, x, y, s->marker_size);
        if (rc->ink_pass || s->marker == PM_MARKER_NONE || !inside(&rc->lay.frame, x, y))
            continue;
        double half = 0.5 * s->marker_size + 0.5 * s->width;
        pm_rect box = {x - half, y - half, 2 * half, 2 * half};
        if (pm_grid_add(&rc->grid, box) != 0)
            rc->nomem = 1;
        pm_rctx_box(rc, "marker", name ? name : "", box);
    }
}

pm_style pm_feature_draw_style(const pm_map *map, int layer, int feature, int *arrow)
{
    const pm_map_layer *ml = &map->layers[layer];
    const char *kind = pm_feature_value(ml->data, &ml->data->features[feature], "kind");
    if (arrow)
        *arrow = pm_theme_kind_has_arrow(kind);
    return pm_map_feature_style(map, layer, feature);
}

static void draw_feature(pm_rctx *rc, int l, int i)
{
    const pm_layer *data = rc->map->layers[l].data;
    const pm_feature *f = &data->features[i];
    int arrow = 0;
    pm_style s = pm_feature_draw_style(rc->map, l, i, &arrow);
    if (s.opacity <= 0)
        return;
    int group = s.opacity < 1;
    if (group)
        cairo_push_group(rc->cr);
    if (f->kind == PM_GEOM_POLYGON)
        draw_polygon(rc, f, &s);
    else if (f->kind == PM_GEOM_LINE)
        draw_lines(rc, f, &s, arrow);
    else if (f->kind == PM_GEOM_POINT && !rc->map->layers[l].spec->projects)
        draw_points(rc, data, f, &s);   /* project points become badges (projects.c) */
    if (group) {
        cairo_pop_group_to_source(rc->cr);
        cairo_paint_with_alpha(rc->cr, s.opacity);
    }
}

void pm_draw_layers(pm_rctx *rc)
{
    cairo_t *cr = rc->cr;
    const pm_rect *fr = &rc->lay.frame;
    cairo_save(cr);
    cairo_rectangle(cr, fr->x, fr->y, fr->w, fr->h);
    cairo_clip(cr);
    for (int l = 0; l < rc->map->n_layers; l++) {
        const pm_map_layer *ml = &rc->map->layers[l];
        for (int i = 0; i < ml->data->n_features; i++) {
            if (ml->rule_of[i] == PM_FEATURE_HIDDEN || ml->data->features[i].kind == PM_GEOM_NONE)
                continue;
            draw_feature(rc, l, i);
        }
    }
    cairo_restore(cr);
}
