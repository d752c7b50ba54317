/* Fill patterns (hatching, cross-hatching, dots) and line decorations
 * (casing, arrow heads), drawn with Cairo for every output: the map's
 * features (draw_cairo.c) and the legend's swatches (furniture.c) share
 * them, so a swatch shows what the map shows.
 *
 * On images patterns are geometry, not tiles: lines and dots at
 * page-anchored places (a hatch line where x·n = k·spacing for the line's
 * normal n), clipped to the polygon, so a PNG has no tile seams at any
 * angle or resolution. In SVG and PDF the same marks at the same places are
 * a repeating tile filling the polygon (paint_tiled): one shape with a
 * pattern fill in a drawing program. Either way neighbouring polygons'
 * hatching lines up. */
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

/* ---- vector output: one tiling pattern a fill ------------------------------ */

/* Fill the current path (even-odd, the path stays) with `tile`, spacing
 * points square, repeated over the page through `m` (page → tile). */
static void fill_tiled(cairo_t *cr, cairo_surface_t *tile, const cairo_matrix_t *m)
{
    cairo_pattern_t *p = cairo_pattern_create_for_surface(tile);
    cairo_pattern_set_extend(p, CAIRO_EXTEND_REPEAT);
    cairo_pattern_set_matrix(p, m);
    cairo_save(cr);
    cairo_set_source(cr, p);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_fill_preserve(cr);
    cairo_restore(cr);
    cairo_pattern_destroy(p);
}

/* A tile `size` points square to draw marks in with colour c. */
static cairo_t *tile_begin(double size, pm_color c)
{
    cairo_rectangle_t ext = {0, 0, size, size};
    cairo_surface_t *t = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *tc = cairo_create(t);
    cairo_surface_destroy(t);   /* tc holds it */
    pm_set_color(tc, c, 1);
    return tc;
}

static void tile_end(cairo_t *cr, cairo_t *tc, const cairo_matrix_t *m)
{
    cairo_fill(tc);
    if (cairo_status(tc) == CAIRO_STATUS_SUCCESS)
        fill_tiled(cr, cairo_get_target(tc), m);
    cairo_destroy(tc);
}

/* Hatching at `deg` (and, when `cross`, at right angles to it) as a tile in
 * the hatching's own frame (u along the lines, v across them), so a line
 * lies where x·n = k·spacing, as the geometry draws it on images. */
static void hatch_tiled(cairo_t *cr, const pm_style *s, double deg, int cross)
{
    double sp = s->hatch.spacing, w = s->hatch.width, a = deg * PM_PI / 180;
    double dx = cos(a), dy = -sin(a), nx = -dy, ny = dx;
    cairo_t *tc = tile_begin(sp, mark_color(s->hatch.color, s));
    for (int k = 0; k < 2; k++) {   /* both edges: a line's halves wrap */
        cairo_rectangle(tc, 0, k * sp - 0.5 * w, sp, w);
        if (cross)
            cairo_rectangle(tc, k * sp - 0.5 * w, 0, w, sp);
    }
    cairo_matrix_t m;
    cairo_matrix_init(&m, dx, nx, dy, ny, 0, 0);
    tile_end(cr, tc, &m);
}

static void dots_tiled(cairo_t *cr, const pm_style *s)
{
    double sp = s->dots.spacing, r = 0.5 * s->dots.size;
    cairo_t *tc = tile_begin(sp, mark_color(s->dots.color, s));
    for (int k = 0; k < 4; k++) {   /* a dot at every corner: each quarter */
        cairo_new_sub_path(tc);
        cairo_arc(tc, (k & 1) * sp, (k >> 1) * sp, r, 0, 2 * PM_PI);
        cairo_close_path(tc);
    }
    cairo_matrix_t m;
    cairo_matrix_init_identity(&m);
    tile_end(cr, tc, &m);
}

/* SVG and PDF: each pattern is one fill of the shape with a repeating tile
 * (an SVG <pattern>, a PDF tiling pattern), which a drawing program shows
 * as one shape with a pattern fill. */
static void paint_tiled(cairo_t *cr, const pm_style *s)
{
    int n = s->hatch.n_angles < 2 ? s->hatch.n_angles : 2;
    int right = n == 2 && fabs(fmod(fabs(s->hatch.angle[1] - s->hatch.angle[0]), 180) - 90) < 1e-9;
    for (int i = 0; i < n && s->hatch.spacing > 0; i += right ? 2 : 1)
        hatch_tiled(cr, s, s->hatch.angle[i], right);
    if (s->dots.spacing > 0)
        dots_tiled(cr, s);
}

void pm_paint_patterns(cairo_t *cr, const pm_style *s)
{
    if (!pm_style_has_pattern(s))
        return;
    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE) {
        paint_tiled(cr, s);
        return;
    }
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
