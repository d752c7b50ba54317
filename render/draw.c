/* Drawing the data: polygons (even-odd fill, then outline), lines (width,
 * dash, caps, arrow heads on axes) and point markers, layer by layer in spec
 * order, clipped to the map frame.
 *
 * Cairo's cost on maps of many small shapes is per call (tessellation and
 * compositor set-up), not per pixel, so features of one style are gathered
 * into one path and filled or stroked once (a "run"). A run looks exactly as
 * drawing its features one after another would, because a feature that
 * could look different drawn together with the run (a fill over an earlier
 * outline, translucent overlaps, even-odd holes between features) ends it
 * when its box touches the run's: a coarse grid of stamps tells. Features
 * off the frame are skipped and vertices closer than half a pixel to the
 * last one kept are dropped before Cairo sees them. */
#include "render_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "draw_internal.h"
#include "pm_theme.h"

void pm_set_color(cairo_t *cr, pm_color c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * alpha);
}

void pm_marker_path(cairo_t *cr, pm_marker_shape shape, double cx, double cy, double size)
{
    cairo_new_sub_path(cr);
    if (shape == PM_MARKER_CIRCLE || shape == PM_MARKER_NONE || shape > PM_MARKER_STAR) {
        /* A true arc: vector output keeps it round at any zoom. */
        cairo_arc(cr, cx, cy, 0.5 * size, 0, 2 * PM_PI);
        cairo_close_path(cr);
        return;
    }
    double ring[2 * PM_MARKER_RING];
    int n = pm_marker_ring(shape, cx, cy, size, 1, ring);
    cairo_move_to(cr, ring[0], ring[1]);
    for (int i = 1; i < n; i++)
        cairo_line_to(cr, ring[2 * i], ring[2 * i + 1]);
    cairo_close_path(cr);
}

/* The outlines of pm_marker_path as vertices (polygons, and circles with
 * enough of them to stay round at the output's resolution). */
int pm_marker_ring(pm_marker_shape shape, double cx, double cy, double size, double px_per_pt,
                   double *ring)
{
    double r = 0.5 * size;
    static const double tri[] = {0, -1, 0.866, 0.5, -0.866, 0.5};
    static const double dia[] = {0, -1, 1, 0, 0, 1, -1, 0};
    static const double sq[] = {-0.85, -0.85, 0.85, -0.85, 0.85, 0.85, -0.85, 0.85};
    const double *unit = NULL;
    int n = 0;
    switch (shape) {
    case PM_MARKER_SQUARE: unit = sq; n = 4; break;
    case PM_MARKER_TRIANGLE: unit = tri; n = 3; break;
    case PM_MARKER_DIAMOND: unit = dia; n = 4; break;
    case PM_MARKER_STAR:
        for (int i = 0; i < 10; i++) {
            double a = -PM_PI / 2 + i * PM_PI / 5, rr = (i % 2) ? 0.42 * r : r;
            ring[2 * i] = cx + rr * cos(a);
            ring[2 * i + 1] = cy + rr * sin(a);
        }
        return 10;
    default: {
        double rd = r * px_per_pt;
        n = rd < 0.6 ? 6 : (int)ceil(PM_PI / acos(fmax(0, 1 - 0.1 / rd)));
        n = n < 6 ? 6 : n > PM_MARKER_RING ? PM_MARKER_RING : n;
        /* By rotation: one sine and cosine per marker, not per vertex. */
        double c = cos(2 * PM_PI / n), sn = sin(2 * PM_PI / n), ux = r, uy = 0;
        for (int i = 0; i < n; i++) {
            ring[2 * i] = cx + ux;
            ring[2 * i + 1] = cy + uy;
            double t = ux * c - uy * sn;
            uy = ux * sn + uy * c;
            ux = t;
        }
        return n;
    }
    }
    for (int i = 0; i < n; i++) {
        ring[2 * i] = cx + r * unit[2 * i];
        ring[2 * i + 1] = cy + r * unit[2 * i + 1];
    }
    return n;
}

static void apply_dash(cairo_t *cr, const pm_style *s)
{
    double dash[PM_MAX_DASH];
    int n = s->n_dash < PM_MAX_DASH ? s->n_dash : PM_MAX_DASH;
    for (int i = 0; i < n; i++)
        dash[i] = s->dash[i];
    cairo_set_dash(cr, dash, n, 0);
}

/* Fill the marker outlines in the current path, then outline them; the
 * path stays. */
static void paint_markers(cairo_t *cr, const pm_style *s)
{
    pm_set_color(cr, s->fill, 1);
    cairo_fill_preserve(cr);
    if (s->width > 0 && s->stroke.a > 0) {
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_width(cr, s->width);
        pm_set_color(cr, s->stroke, 1);
        cairo_stroke_preserve(cr);
    }
}

void pm_draw_marker(cairo_t *cr, const pm_style *s, double cx, double cy, double size)
{
    if (s->marker == PM_MARKER_NONE)
        return;
    cairo_new_path(cr);
    pm_marker_path(cr, s->marker, cx, cy, size);
    paint_markers(cr, s);
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


static void line_path(cairo_t *cr, const double *pts, int n, double end_cut)
{
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
}

static void set_line_style(cairo_t *cr, const pm_style *s)
{
    cairo_set_line_width(cr, s->width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, s->n_dash ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    apply_dash(cr, s);
}

/* A translucent line is drawn opaque into a group the size of the line
 * (not of the page) and composited with its alpha, so the arrow head and
 * self-overlaps do not darken. */
void pm_draw_arrow_line(cairo_t *cr, const double *pts, int n, const pm_style *s, int arrow)
{
    if (n < 2 || s->width <= 0 || s->stroke.a <= 0)
        return;
    double alpha = s->stroke.a;
    int group = alpha < 1;
    if (group) {
        double b[4];
        pm_points_extent(pts, (size_t)n, b);
        double m = 3 * s->width + 6;    /* caps, joins and the arrow head */
        cairo_save(cr);
        cairo_new_path(cr);
        cairo_rectangle(cr, b[0] - m, b[1] - m, b[2] - b[0] + 2 * m, b[3] - b[1] + 2 * m);
        cairo_clip(cr);
        cairo_push_group(cr);
    }
    pm_color opaque = s->stroke;
    opaque.a = 1;
    pm_set_color(cr, opaque, 1);
    cairo_new_path(cr);
    line_path(cr, pts, n, arrow ? 1.1 * s->width + 2 : 0);
    set_line_style(cr, s);
    cairo_stroke(cr);
    if (arrow)
        arrow_head(cr, pts, n, s->width);
    if (group) {
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, alpha);
        cairo_restore(cr);
    }
}

/* ---- runs of same-style features ------------------------------------------ */

/* Past a few hundred shapes a longer path saves no more calls, but Cairo's
 * memory for it (and for the edges it tessellates) keeps growing. */
#define RUN_MAX 512

/* Hand the pixels to Cairo or to the rasteriser, whichever draws next. */
static void use_cairo(drawer *d)
{
    if (d->ras_on) {
        pm_raster_end(d->ras);
        d->ras_on = 0;
    }
}

static void run_flush(drawer *d)
{
    run *r = &d->r;
    if (!r->open)
        return;
    use_cairo(d);
    cairo_t *cr = d->cr;
    const pm_style *s = &r->s;
    int group = s->opacity < 1;
    cairo_path_t *path = NULL;
    if (group) {
        /* A group as large as the run, not the page: clip first (which
         * consumes the path, so keep a copy). */
        path = cairo_copy_path(cr);
        double m = 2 * s->width + 2;
        cairo_save(cr);
        cairo_new_path(cr);
        cairo_rectangle(cr, r->box[0] - m, r->box[1] - m, r->box[2] - r->box[0] + 2 * m,
                        r->box[3] - r->box[1] + 2 * m);
        cairo_clip(cr);
        cairo_push_group(cr);
        cairo_append_path(cr, path);
    }
    if (r->kind == PM_GEOM_POLYGON) {
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
    } else if (r->kind == PM_GEOM_LINE) {
        set_line_style(cr, s);
        pm_set_color(cr, s->stroke, 1);
        cairo_stroke_preserve(cr);
    } else {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
        paint_markers(cr, s);
    }
    cairo_new_path(cr);
    if (group) {
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, s->opacity);
        cairo_restore(cr);
        cairo_path_destroy(path);
    }
    r->open = 0;
    d->now++;
}

static int same_color(pm_color a, pm_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* Only what run_flush uses counts. */
static int same_look(const pm_style *a, const pm_style *b)
{
    if (!same_color(a->fill, b->fill) || !same_color(a->stroke, b->stroke) ||
        a->width != b->width || a->opacity != b->opacity || a->n_dash != b->n_dash ||
        a->marker != b->marker || a->marker_size != b->marker_size)
        return 0;
    for (int i = 0; i < a->n_dash && i < PM_MAX_DASH; i++)
        if (a->dash[i] != b->dash[i])
            return 0;
    return 1;
}

/* Whether features of this style must not overlap within a run to look as
 * they would one by one. Opaque lines, and opaque markers without an
 * outline, cover the same pixels either way. */
static int needs_exclusive(pm_geom_kind kind, const pm_style *s)
{
    if (s->opacity < 1)
        return 1;
    if (kind == PM_GEOM_POLYGON)
        return s->fill.a > 0 || s->stroke.a < 1;
    if (kind == PM_GEOM_LINE)
        return s->stroke.a < 1;
    return s->fill.a < 1 || (s->width > 0 && s->stroke.a > 0);
}

/* Mark the cells under box b (page points) for the open run; 1 if one was
 * already marked, that is the feature touches the run. */
static int cover(drawer *d, const double b[4], int mark)
{
    int c0 = (int)floor((b[0] - d->frame.x) / d->cell), c1 = (int)floor((b[2] - d->frame.x) / d->cell);
    int r0 = (int)floor((b[1] - d->frame.y) / d->cell), r1 = (int)floor((b[3] - d->frame.y) / d->cell);
    c0 = c0 < 0 ? 0 : c0;
    r0 = r0 < 0 ? 0 : r0;
    c1 = c1 >= d->cols ? d->cols - 1 : c1;
    r1 = r1 >= d->rows ? d->rows - 1 : r1;
    for (int y = r0; y <= r1; y++)
        for (int x = c0; x <= c1; x++) {
            unsigned *c = &d->stamp[(size_t)y * (size_t)d->cols + (size_t)x];
            if (!mark && *c == d->now)
                return 1;
            if (mark)
                *c = d->now;
        }
    return 0;
}

/* Make the open run the one for this feature: same look, and not touching
 * it when that matters. */
static void run_join(drawer *d, pm_geom_kind kind, const pm_style *s, const double box[4])
{
    run *r = &d->r;
    if (r->open && (r->kind != kind || !same_look(&r->s, s)))
        run_flush(d);
    if (r->open && (r->n >= RUN_MAX || (r->exclusive && (!d->stamp || cover(d, box, 0)))))
        run_flush(d);
    if (!r->open) {
        use_cairo(d);
        r->open = 1;
        r->kind = kind;
        r->s = *s;
        r->exclusive = needs_exclusive(kind, s);
        r->n = 0;
        memcpy(r->box, box, sizeof r->box);
        cairo_new_path(d->cr);
    }
    r->n++;
    r->box[0] = fmin(r->box[0], box[0]);
    r->box[1] = fmin(r->box[1], box[1]);
    r->box[2] = fmax(r->box[2], box[2]);
    r->box[3] = fmax(r->box[3], box[3]);
    if (r->exclusive && d->stamp)
        cover(d, box, 1);
}

/* What the rasteriser draws exactly as Cairo would: no dashes, no arrow
 * heads, no group opacity. */
static int rasterable(const drawer *d, const pm_style *s, int arrow)
{
    return d->ras && s->opacity >= 1 && !arrow && (s->n_dash == 0 || s->width <= 0);
}

static void use_raster(drawer *d)
{
    run_flush(d);
    if (!d->ras_on) {
        pm_raster_begin(d->ras);
        d->ras_on = 1;
    }
}

/* ---- features ---------------------------------------------------------- */

/* Page coordinates of one part, appended to d->buf after `at` points,
 * without vertices closer than the tolerance to the last one kept (the last
 * vertex always stays); the count kept. */
static int part_points(drawer *d, const pm_feature *f, int first, int len, int at)
{
    if (at + len > d->cap) {
        int cap = 2 * (at + len);
        double *grown = realloc(d->buf, (size_t)cap * 2 * sizeof *grown);
        if (!grown) {
            d->nomem = 1;
            return 0;
        }
        d->buf = grown;
        d->cap = cap;
    }
    double *out = d->buf + 2 * at;
    int k = 0;
    for (int i = 0; i < len; i++) {
        double x, y;
        pm_to_page(d->rc, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x, &y);
        if (k > 0 && i < len - 1) {
            double dx = x - out[2 * k - 2], dy = y - out[2 * k - 1];
            if (dx * dx + dy * dy < d->tol2)
                continue;
        }
        out[2 * k] = x;
        out[2 * k + 1] = y;
        k++;
    }
    return k;
}

static int touches(const double box[4], const pm_rect *r)
{
    return box[2] >= r->x && box[0] <= r->x + r->w && box[3] >= r->y && box[1] <= r->y + r->h;
}

/* 1 if a page box touches the frame (and one of the ink windows, in the ink
 * pass). */
static int shown(const drawer *d, const double box[4])
{
    const pm_rctx *rc = d->rc;
    if (!touches(box, &d->frame))
        return 0;
    for (int i = 0; i < rc->n_windows; i++)
        if (touches(box, &rc->windows[i]))
            return 1;
    return rc->n_windows == 0;
}

/* Shown, and in this thread's band of the image. */
static int visible(const drawer *d, const double box[4])
{
    return shown(d, box) && (!d->banded || touches(box, &d->band));
}

/* The feature's page box grown by m; 0 if it is not to be drawn (visible). */
static int page_box(const drawer *d, const pm_feature *f, double m, double box[4])
{
    double x0, y0, x1, y1;
    pm_to_page(d->rc, f->bbox[0], f->bbox[1], &x0, &y0);
    pm_to_page(d->rc, f->bbox[2], f->bbox[3], &x1, &y1);
    box[0] = fmin(x0, x1) - m;
    box[1] = fmin(y0, y1) - m;
    box[2] = fmax(x0, x1) + m;
    box[3] = fmax(y0, y1) + m;
    return visible(d, box);
}

static void draw_polygon(drawer *d, const pm_feature *f, const pm_style *s, const double box[4])
{
    run_join(d, PM_GEOM_POLYGON, s, box);
    int first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        int n = part_points(d, f, first, f->part_len[p], 0);
        if (n > 0) {
            line_path(d->cr, d->buf, n, 0);
            cairo_close_path(d->cr);
        }
        first += f->part_len[p];
    }
}

static void draw_lines(drawer *d, const pm_feature *f, const pm_style *s, int arrow,
                       const double box[4])
{
    if (s->width <= 0 || s->stroke.a <= 0)
        return;
    if (!arrow) {
        run_join(d, PM_GEOM_LINE, s, box);
    } else {
        run_flush(d);
        use_cairo(d);
    }
    int first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        int n = part_points(d, f, first, f->part_len[p], 0);
        if (n >= 2 && arrow) {
            pm_style one = *s;
            one.stroke.a *= s->opacity;  /* the group of one line carries both */
            pm_draw_arrow_line(d->cr, d->buf, n, &one, 1);
        } else if (n >= 2) {
            line_path(d->cr, d->buf, n, 0);
        }
        first += f->part_len[p];
    }
}

static int inside(const pm_rect *r, double x, double y)
{
    return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

/* Markers occupy the collision index, so no label covers a symbol. */
static void draw_points(drawer *d, const pm_layer *data, const pm_feature *f, const pm_style *s)
{
    pm_rctx *rc = d->rc;
    double half = 0.5 * s->marker_size + 0.5 * s->width;
    for (int p = 0; p < f->n_parts; p++) {
        double x, y;
        pm_to_page(rc, f->xy[2 * p], f->xy[2 * p + 1], &x, &y);
        double box[4] = {x - half - 1, y - half - 1, x + half + 1, y + half + 1};
        if (!shown(d, box))
            continue;
        if (d->banded && !touches(box, &d->band)) {
            /* the other thread draws it */
        } else if (rasterable(d, s, 0)) {
            use_raster(d);
            pm_raster_marker_at(d->ras, s->marker, x, y, s->marker_size, d->rc->px_per_pt, s->fill,
                                s->stroke, s->width);
        } else {
            run_join(d, PM_GEOM_POINT, s, box);
            pm_marker_path(d->cr, s->marker, x, y, s->marker_size);
        }
        if (!d->marks || rc->ink_pass || !inside(&rc->lay.frame, x, y))
            continue;
        pm_rect r = {x - half, y - half, 2 * half, 2 * half};
        if (rc->mark_grid && pm_grid_add_marker(&rc->grid, r) != 0)
            rc->nomem = 1;
        if (rc->marker_boxes) {
            const char *name = pm_feature_value(data, f, "name");
            pm_rctx_box(rc, "marker", name ? name : "", r);
        }
    }
}

/* ---- features through the rasteriser ------------------------------------- */

static void raster_polygon(drawer *d, const pm_feature *f, const pm_style *s)
{
    if (f->n_parts > d->lens_cap) {
        int cap = 2 * f->n_parts;
        int *lens = realloc(d->lens, (size_t)cap * sizeof *lens);
        char *ext = lens ? realloc(d->exterior, (size_t)cap) : NULL;
        if (lens)
            d->lens = lens;
        if (!lens || !ext) {
            d->nomem = 1;
            return;
        }
        d->exterior = ext;
        d->lens_cap = cap;
    }
    int first = 0, at = 0;
    for (int p = 0; p < f->n_parts; p++) {
        d->lens[p] = part_points(d, f, first, f->part_len[p], at);
        d->exterior[p] = p == 0 || !f->part_poly || f->part_poly[p] != f->part_poly[p - 1];
        at += d->lens[p];
        first += f->part_len[p];
    }
    use_raster(d);
    pm_raster_polygon(d->ras, d->buf, d->lens, d->exterior, f->n_parts, s->fill, s->stroke,
                      s->width);
}

static void raster_lines(drawer *d, const pm_feature *f, const pm_style *s)
{
    if (s->width <= 0 || s->stroke.a <= 0)
        return;
    use_raster(d);
    int first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        int n = part_points(d, f, first, f->part_len[p], 0);
        pm_raster_line(d->ras, d->buf, n, s->stroke, s->width);
        first += f->part_len[p];
    }
}

/* ---- styles ------------------------------------------------------------ */

static pm_style draw_style(const pm_map_layer *ml, int feature, int *arrow)
{
    const char *kind = pm_feature_value(ml->data, &ml->data->features[feature], "kind");
    if (arrow)
        *arrow = pm_theme_kind_has_arrow(kind);
    return pm_map_layer_style(ml, feature);
}

pm_style pm_feature_draw_style(const pm_map *map, int layer, int feature, int *arrow)
{
    return draw_style(&map->layers[layer], feature, arrow);
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *value_at(const pm_feature *f, int i)
{
    return i >= 0 && f->values ? f->values[i] : NULL;
}

void pm_style_memo_init(pm_style_memo *m, const pm_layer *data)
{
    memset(m, 0, sizeof *m);
    m->kind_i = pm_layer_field_index(data, "kind");
    m->role_i = pm_layer_field_index(data, "role");
}

const pm_style *pm_style_memo_get(pm_style_memo *m, const pm_map_layer *ml, int i, int *arrow)
{
    const pm_feature *f = &ml->data->features[i];
    const char *kind = value_at(f, m->kind_i), *role = value_at(f, m->role_i);
    if (!m->valid || m->rule != ml->rule_of[i] || m->geom != f->kind || !same_text(m->kind, kind) ||
        !same_text(m->role, role)) {
        m->s = draw_style(ml, i, &m->arrow);
        m->valid = 1;
        m->rule = ml->rule_of[i];
        m->geom = f->kind;
        m->kind = kind;
        m->role = role;
    }
    if (arrow)
        *arrow = m->arrow;
    return &m->s;
}

/* ---- layers ------------------------------------------------------------ */

static void draw_feature(drawer *d, const pm_map_layer *ml, const pm_feature *f,
                         const pm_style *s, int arrow)
{
    double box[4];
    int ras = rasterable(d, s, arrow);
    if (f->kind == PM_GEOM_POLYGON) {
        if (!page_box(d, f, 0.5 * s->width + 1, box))
            return;
        if (ras)
            raster_polygon(d, f, s);
        else
            draw_polygon(d, f, s, box);
    } else if (f->kind == PM_GEOM_LINE) {
        if (!page_box(d, f, 0.5 * s->width + (arrow ? 3 * s->width + 6 : 0) + 1, box))
            return;
        if (ras)
            raster_lines(d, f, s);
        else
            draw_lines(d, f, s, arrow, box);
    } else if (f->kind == PM_GEOM_POINT && !ml->spec->projects && s->marker != PM_MARKER_NONE) {
        draw_points(d, ml->data, f, s);   /* project points become badges (projects.c) */
    }
}

static void draw_features(drawer *d, const pm_map_layer *ml)
{
    pm_style_memo memo;
    pm_style_memo_init(&memo, ml->data);
    for (int i = 0; i < ml->data->n_features; i++) {
        const pm_feature *f = &ml->data->features[i];
        if (ml->rule_of[i] == PM_FEATURE_HIDDEN || f->kind == PM_GEOM_NONE)
            continue;
        int arrow = 0;
        const pm_style *s = pm_style_memo_get(&memo, ml, i, &arrow);
        if (s->opacity > 0)
            draw_feature(d, ml, f, s, arrow);
    }
}

/* ---- a layer on two threads ---------------------------------------------- */

/* Below this many features a second thread costs more than it saves. */
#define BAND_MIN_FEATURES 2000

/* Whether the rasteriser draws every feature of the layer: only then can
 * its two halves be drawn at once, Cairo being out of the picture. */
static int layer_rasterable(const drawer *d, const pm_map_layer *ml)
{
    pm_style_memo memo;
    pm_style_memo_init(&memo, ml->data);
    for (int i = 0; i < ml->data->n_features; i++) {
        if (ml->rule_of[i] == PM_FEATURE_HIDDEN || ml->data->features[i].kind == PM_GEOM_NONE)
            continue;
        int arrow = 0;
        const pm_style *s = pm_style_memo_get(&memo, ml, i, &arrow);
        if (s->opacity > 0 && !rasterable(d, s, arrow))
            return 0;
    }
    return 1;
}

/* The page y that splits the layer's drawing work in two: a histogram of
 * vertices by the middle of their feature's box, so a layer crowded into
 * one part of the map is still shared fairly. */
static double work_split(const drawer *d, const pm_map_layer *ml)
{
    enum { BINS = 256 };
    double count[BINS] = {0}, total = 0;
    double y0 = d->frame.y, h = d->frame.h;
    for (int i = 0; i < ml->data->n_features; i++) {
        const pm_feature *f = &ml->data->features[i];
        if (ml->rule_of[i] == PM_FEATURE_HIDDEN || f->kind == PM_GEOM_NONE)
            continue;
        double x, ya, yb;
        pm_to_page(d->rc, f->bbox[0], f->bbox[1], &x, &ya);
        pm_to_page(d->rc, f->bbox[2], f->bbox[3], &x, &yb);
        double t = (0.5 * (ya + yb) - y0) / h;
        if (!(t >= 0 && t < 1))
            continue;
        int nv = 0;
        for (int p = 0; p < f->n_parts; p++)
            nv += f->part_len[p];
        count[(int)(t * BINS)] += 4 + nv;
        total += 4 + nv;
    }
    double acc = 0;
    for (int b = 0; b < BINS; b++) {
        acc += count[b];
        if (acc >= 0.5 * total)
            return y0 + h * (b + 1) / BINS;
    }
    return y0 + 0.5 * h;
}

typedef struct band_job {
    drawer d;
    const pm_map_layer *layer;
} band_job;

static void *draw_band(void *arg)
{
    band_job *job = arg;
    draw_features(&job->d, job->layer);
    return NULL;
}

/* A helper drawer for the lower band: the rasteriser only, no markers in the
 * grid, its own buffers. */
static void band_drawer(drawer *b, const drawer *d, pm_raster *ras, pm_rect band)
{
    memset(b, 0, sizeof *b);
    b->rc = d->rc;
    b->frame = d->frame;
    b->tol2 = d->tol2;
    b->ras = ras;
    b->ras_on = 1;
    b->banded = 1;
    b->band = band;
}

void pm_drawer_drop_halves(drawer *d)
{
    pm_raster_destroy(d->half[0]);
    pm_raster_destroy(d->half[1]);
    d->half[0] = d->half[1] = NULL;
}

/* Draw the layer as two bands of the image, the lower one on a second
 * thread; 0 if it was drawn, -1 if it has to be drawn the usual way. */
static int draw_layer_banded(drawer *d, const pm_map_layer *ml)
{
    /* A streamed layer's chunks are large by their vertices, whatever
     * their feature count. */
    if (!d->ras || d->rc->ink_pass || (ml->data->n_features < BAND_MIN_FEATURES && !d->keep_halves) ||
        pm_context_threads(d->rc->map->context) < 2 || !layer_rasterable(d, ml))
        return -1;
    use_raster(d);
    pm_raster **half = d->half;
    double split;
    if (pm_raster_split(d->ras, work_split(d, ml), half, &split) != 0)
        return -1;
    /* A pixel's margin each way: a box reaching a band's edge by less than
     * that draws nothing there, and the clip keeps each band to its rows. */
    double m = 1 / (d->rc->px_per_pt > 0 ? d->rc->px_per_pt : 1);
    pm_rect fr = d->frame;
    band_job job = {.layer = ml};
    band_drawer(&job.d, d, half[1], (pm_rect){fr.x, split - m, fr.w, fr.y + fr.h - split + m});
    pthread_t t;
    if (pthread_create(&t, NULL, draw_band, &job) != 0) {
        pm_drawer_drop_halves(d);
        return -1;
    }
    pm_raster *whole = d->ras;
    d->ras = half[0];
    d->banded = 1;
    d->band = (pm_rect){fr.x, fr.y, fr.w, split - fr.y + m};
    draw_features(d, ml);
    d->banded = 0;
    d->ras = whole;
    pthread_join(t, NULL);
    if (job.d.nomem || pm_raster_failed(half[0]) || pm_raster_failed(half[1]))
        d->nomem = 1;
    if (!d->keep_halves)
        pm_drawer_drop_halves(d);
    free(job.d.buf);
    free(job.d.lens);
    free(job.d.exterior);
    return 0;
}

void pm_drawer_chunk(drawer *d, const pm_map_layer *ml)
{
    if (draw_layer_banded(d, ml) != 0)
        draw_features(d, ml);
    run_flush(d);
}

void pm_drawer_layer(drawer *d, int l)
{
    const pm_map_layer *ml = &d->rc->map->layers[l];
    if (ml->streamed) {
        /* The ink pass finds it inked with the page. */
        if (!d->rc->ink_pass && !d->rc->data_err.status)
            pm_drawer_streamed(d, l);
        return;
    }
    pm_drawer_chunk(d, ml);
}

/* Cells of about 4 pixels: finer finds fewer false contacts but costs more
 * marking per feature. */
static void drawer_init(drawer *d, pm_rctx *rc)
{
    memset(d, 0, sizeof *d);
    d->rc = rc;
    d->cr = rc->cr;
    d->frame = rc->lay.frame;
    double ppt = rc->px_per_pt > 0 ? rc->px_per_pt : 1;
    d->tol2 = (0.5 / ppt) * (0.5 / ppt);
    d->cell = fmax(4 / ppt, fmax(d->frame.w, d->frame.h) / 1024);
    d->cols = (int)ceil(d->frame.w / d->cell) + 1;
    d->rows = (int)ceil(d->frame.h / d->cell) + 1;
    d->stamp = calloc((size_t)d->cols * (size_t)d->rows, sizeof *d->stamp);
    /* Without it every feature of an exclusive style is its own run:
     * slower, same picture. */
    d->now = 1;
    d->ras = pm_raster_create(rc->cr, d->frame);
    d->marks = 1;
}

void pm_drawer_begin(drawer *d, pm_rctx *rc)
{
    drawer_init(d, rc);
    const pm_rect *fr = &rc->lay.frame;
    cairo_save(d->cr);
    cairo_rectangle(d->cr, fr->x, fr->y, fr->w, fr->h);
    cairo_clip(d->cr);
}

void pm_drawer_end(drawer *d)
{
    use_cairo(d);
    if (d->nomem || pm_raster_failed(d->ras))
        d->rc->nomem = 1;
    pm_raster_destroy(d->ras);
    free(d->lens);
    free(d->exterior);
    cairo_restore(d->cr);
    free(d->stamp);
    free(d->buf);
}

void pm_draw_layers(pm_rctx *rc)
{
    drawer d;
    pm_drawer_begin(&d, rc);
    for (int l = 0; l < rc->map->n_layers; l++)
        pm_drawer_layer(&d, l);
    pm_drawer_end(&d);
}
