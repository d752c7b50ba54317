/* Fill patterns (hatching, cross-hatching, dots) and line decorations
 * (casing, arrow heads), drawn with Cairo for every output: the map's
 * features (draw_cairo.c) and the legend's swatches (furniture.c) share
 * them, so a swatch shows what the map shows.
 *
 * Patterns are geometry, not tiles: lines and dots at page-anchored places
 * (a hatch line where x·n = k·spacing for the line's normal n), clipped to
 * the polygon. Neighbouring polygons' hatching lines up, a PNG has no tile
 * seams at any angle or resolution, and SVG and PDF keep them as vector
 * paths under the polygon's clip path. */
#include "render_internal.h"

#include <math.h>

/* A mark's colour: its own, or (a < 0) the outline's, or dark grey when
 * the outline is not drawn. */
static pm_color mark_color(pm_color c, const pm_style *s)
{
    if (c.a >= 0)
        return c;
    if (s->stroke.a > 0)
        return s->stroke;
    return (pm_color){0.27, 0.27, 0.27, 1};
}

/* One set of parallel lines at `deg` over box b (page points). */
static void hatch_lines(cairo_t *cr, double deg, double spacing, const double b[4])
{
    double a = deg * PM_PI / 180;
    double dx = cos(a), dy = -sin(a);   /* along the line; page y grows down */
    double nx = -dy, ny = dx;           /* across it */
    double lo = INFINITY, hi = -INFINITY, tlo = INFINITY, thi = -INFINITY;
    for (int i = 0; i < 4; i++) {
        double x = b[(i & 1) ? 2 : 0], y = b[(i & 2) ? 3 : 1];
        lo = fmin(lo, x * nx + y * ny);
        hi = fmax(hi, x * nx + y * ny);
        tlo = fmin(tlo, x * dx + y * dy);
        thi = fmax(thi, x * dx + y * dy);
    }
    for (double k = ceil(lo / spacing); k * spacing <= hi; k++) {
        double c = k * spacing;
        cairo_move_to(cr, c * nx + tlo * dx, c * ny + tlo * dy);
        cairo_line_to(cr, c * nx + thi * dx, c * ny + thi * dy);
    }
}

static void dot_grid(cairo_t *cr, const pm_dots *d, const double b[4])
{
    double s = d->spacing, r = 0.5 * d->size;
    for (double y = ceil((b[1] - r) / s) * s; y <= b[3] + r; y += s)
        for (double x = ceil((b[0] - r) / s) * s; x <= b[2] + r; x += s) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * PM_PI);
            cairo_close_path(cr);
        }
}

int pm_style_has_pattern(const pm_style *s)
{
    return s->hatch.n_angles > 0 || s->dots.spacing > 0;
}

void pm_paint_patterns(cairo_t *cr, const pm_style *s)
{
    if (!pm_style_has_pattern(s))
        return;
    cairo_path_t *area = cairo_copy_path(cr);
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_clip(cr);
    double b[4];
    cairo_clip_extents(cr, &b[0], &b[1], &b[2], &b[3]);
    if (s->hatch.n_angles > 0 && b[2] > b[0]) {
        cairo_new_path(cr);
        for (int i = 0; i < s->hatch.n_angles && i < 2; i++)
            hatch_lines(cr, s->hatch.angle[i], s->hatch.spacing, b);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_line_width(cr, s->hatch.width);
        pm_set_color(cr, mark_color(s->hatch.color, s), 1);
        cairo_stroke(cr);
    }
    if (s->dots.spacing > 0 && b[2] > b[0]) {
        cairo_new_path(cr);
        dot_grid(cr, &s->dots, b);
        pm_set_color(cr, mark_color(s->dots.color, s), 1);
        cairo_fill(cr);
    }
    cairo_restore(cr);
    cairo_new_path(cr);
    cairo_append_path(cr, area);
    cairo_path_destroy(area);
}

void pm_stroke_casing(cairo_t *cr, const pm_style *s)
{
    if (s->casing.width <= 0 || s->casing.color.a <= 0)
        return;
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);   /* a dashed line keeps a whole casing */
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, s->n_dash ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    cairo_set_line_width(cr, s->width + 2 * s->casing.width);
    pm_set_color(cr, s->casing.color, 1);
    cairo_stroke_preserve(cr);
    cairo_restore(cr);
}

double pm_style_line_reach(const pm_style *s)
{
    return 0.5 * s->width + fmax(0, s->casing.width) + (s->arrow ? 3 * s->width + 6 : 0);
}
