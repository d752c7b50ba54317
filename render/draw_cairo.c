/* The Cairo back end (draw_backend.h), and the Cairo drawing of symbols
 * that the furniture, legend and badges share with it.
 *
 * Cairo's cost on maps of many small shapes is per call (tessellation and
 * compositor set-up), not per pixel, so features of one style are gathered
 * into one path and filled or stroked once (a "run"). A run looks exactly as
 * drawing its features one after another would, because a feature that
 * could look different drawn together with the run (a fill over an earlier
 * outline, translucent overlaps, even-odd holes between features) ends it
 * when its box touches the run's: a coarse grid of stamps tells. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "draw_backend.h"

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

/* Arrow head at the end of a line (pts[0] the tip, pts[step] onwards the
 * way back along it): the direction as the plan states it (from→to). */
static void arrow_head(cairo_t *cr, const double *pts, int n, int step, double width)
{
    int k = 1;
    while (k < n && pts[2 * k * step] == pts[0] && pts[2 * k * step + 1] == pts[1])
        k++;
    if (k >= n)
        return;
    double ex = pts[0], ey = pts[1];
    double dx = ex - pts[2 * k * step], dy = ey - pts[2 * k * step + 1];
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

/* Point i of the line, moved back along its segment by `cut` when it is an
 * end with a head (so the round cap stays inside the head). */
static void cut_point(const double *pts, int i, int j, double cut, double *x, double *y)
{
    *x = pts[2 * i];
    *y = pts[2 * i + 1];
    double dx = *x - pts[2 * j], dy = *y - pts[2 * j + 1], l = hypot(dx, dy);
    if (cut > 0 && l > cut) {
        *x -= dx / l * cut;
        *y -= dy / l * cut;
    }
}

static void line_path_cut(cairo_t *cr, const double *pts, int n, double start_cut, double end_cut)
{
    for (int i = 0; i < n; i++) {
        double x = pts[2 * i], y = pts[2 * i + 1];
        if (i == n - 1 && end_cut > 0)
            cut_point(pts, i, i - 1, end_cut, &x, &y);
        else if (i == 0 && start_cut > 0 && n > 1)
            cut_point(pts, 0, 1, start_cut, &x, &y);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
}

static void line_path(cairo_t *cr, const double *pts, int n, double end_cut)
{
    line_path_cut(cr, pts, n, 0, end_cut);
}

static void set_line_style(cairo_t *cr, const pm_style *s)
{
    cairo_set_line_width(cr, s->width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, s->n_dash ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    apply_dash(cr, s);
}

/* A translucent line is drawn opaque into a group the size of the line
 * (not of the page) and composited with its alpha, so the arrow heads and
 * self-overlaps do not darken. The casing goes under it, with its own
 * colour. */
void pm_draw_arrow_line(cairo_t *cr, const double *pts, int n, const pm_style *s, int arrow)
{
    if (n < 2 || s->width <= 0 || s->stroke.a <= 0)
        return;
    double cut = 1.1 * s->width + 2;
    double start_cut = (arrow & PM_ARROW_START) ? cut : 0, end_cut = (arrow & PM_ARROW_END) ? cut : 0;
    if (s->casing.width > 0) {
        cairo_save(cr);
        cairo_new_path(cr);
        line_path_cut(cr, pts, n, start_cut, end_cut);
        set_line_style(cr, s);
        pm_stroke_casing(cr, s);
        cairo_new_path(cr);
        cairo_restore(cr);
    }
    double alpha = s->stroke.a;
    int group = alpha < 1;
    if (group) {
        double b[4];
        pm_points_extent(pts, (size_t)n, b);
        double m = 3 * s->width + 6;    /* caps, joins and the arrow heads */
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
    line_path_cut(cr, pts, n, start_cut, end_cut);
    set_line_style(cr, s);
    cairo_stroke(cr);
    if (arrow & PM_ARROW_END)
        arrow_head(cr, pts + 2 * (n - 1), n, -1, s->width);   /* walked backwards */
    if (arrow & PM_ARROW_START)
        arrow_head(cr, pts, n, 1, s->width);
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

/* Features of one style gathered into one Cairo path. */
typedef struct pm_run {
    int open;
    pm_geom_kind kind;
    pm_style s;
    int exclusive;              /* its features may not touch one another */
    int n;                      /* features in it */
    double box[4];              /* page extents of what the path holds */
} pm_run;

typedef struct cairo_backend {
    pm_backend base;
    cairo_t *cr;
    pm_run r;
    unsigned *stamp;            /* per cell: the run that last covered it */
    unsigned now;
    int cols, rows;
    double cell;
    pm_rect frame;
} cairo_backend;

static void run_flush(cairo_backend *d)
{
    pm_run *r = &d->r;
    if (!r->open)
        return;
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
        pm_paint_patterns(cr, s);
        if (s->width > 0 && s->stroke.a > 0) {
            cairo_set_line_width(cr, s->width);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            apply_dash(cr, s);
            pm_set_color(cr, s->stroke, 1);
            cairo_stroke_preserve(cr);
        }
    } else if (r->kind == PM_GEOM_LINE) {
        set_line_style(cr, s);
        pm_stroke_casing(cr, s);   /* every casing of the run under every line */
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

static int same_decoration(const pm_style *a, const pm_style *b)
{
    const pm_hatch *h = &a->hatch, *k = &b->hatch;
    if (h->n_angles != k->n_angles || (h->n_angles > 0 &&
        (h->angle[0] != k->angle[0] || h->angle[1] != k->angle[1] ||
         h->spacing != k->spacing || h->width != k->width || !same_color(h->color, k->color))))
        return 0;
    if (a->dots.spacing != b->dots.spacing || (a->dots.spacing > 0 &&
        (a->dots.size != b->dots.size || !same_color(a->dots.color, b->dots.color))))
        return 0;
    return a->casing.width == b->casing.width &&
           (a->casing.width <= 0 || same_color(a->casing.color, b->casing.color));
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
    return same_decoration(a, b);
}

/* Whether features of this style must not overlap within a run to look as
 * they would one by one. Opaque lines, and opaque markers without an
 * outline, cover the same pixels either way. */
static int needs_exclusive(pm_geom_kind kind, const pm_style *s)
{
    if (s->opacity < 1)
        return 1;
    if (kind == PM_GEOM_POLYGON)   /* a pattern clips to the run's even-odd path */
        return s->fill.a > 0 || s->stroke.a < 1 || pm_style_has_pattern(s);
    if (kind == PM_GEOM_LINE)      /* a casing would cover an earlier line */
        return s->stroke.a < 1 || s->casing.width > 0;
    return s->fill.a < 1 || (s->width > 0 && s->stroke.a > 0);
}

/* Mark the cells under box b (page points) for the open run; 1 if one was
 * already marked, that is the feature touches the run. */
static int cover(cairo_backend *d, const double b[4], int mark)
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
static void run_join(cairo_backend *d, pm_geom_kind kind, const pm_style *s, const double box[4])
{
    pm_run *r = &d->r;
    if (r->open && (r->kind != kind || !same_look(&r->s, s)))
        run_flush(d);
    if (r->open && (r->n >= RUN_MAX || (r->exclusive && (!d->stamp || cover(d, box, 0)))))
        run_flush(d);
    if (!r->open) {
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

/* ---- the back end ---------------------------------------------------------- */

static void cb_fill(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    cairo_backend *d = (cairo_backend *)b;
    run_join(d, PM_GEOM_POLYGON, s, g->box);
    const double *xy = g->xy;
    for (int p = 0; p < g->n; xy += 2 * g->len[p], p++)
        if (g->len[p] > 0) {
            line_path(d->cr, xy, g->len[p], 0);
            cairo_close_path(d->cr);
        }
}

/* A line with an arrow head is drawn on its own (pm_draw_arrow_line). */
static void cb_stroke(pm_backend *b, const pm_shape *g, const pm_style *s)
{
    cairo_backend *d = (cairo_backend *)b;
    if (g->arrow)
        run_flush(d);
    else
        run_join(d, PM_GEOM_LINE, s, g->box);
    const double *xy = g->xy;
    for (int p = 0; p < g->n; xy += 2 * g->len[p], p++) {
        if (g->len[p] < 2)
            continue;
        if (g->arrow) {
            pm_style one = *s;
            one.stroke.a *= s->opacity;  /* the group of one line carries both */
            one.casing.color.a *= s->opacity;
            pm_draw_arrow_line(d->cr, xy, g->len[p], &one, g->arrow);
        } else {
            line_path(d->cr, xy, g->len[p], 0);
        }
    }
}

static void cb_marker(pm_backend *b, double x, double y, const pm_style *s, const double box[4])
{
    cairo_backend *d = (cairo_backend *)b;
    run_join(d, PM_GEOM_POINT, s, box);
    pm_marker_path(d->cr, s->marker, x, y, s->marker_size);
}

static void cb_flush(pm_backend *b)
{
    run_flush((cairo_backend *)b);
}

static void cb_destroy(pm_backend *b)
{
    cairo_backend *d = (cairo_backend *)b;
    run_flush(d);
    cairo_restore(d->cr);
    free(d->stamp);
    free(d);
}

static const pm_backend_ops cairo_ops = {
    .fill = cb_fill, .stroke = cb_stroke, .marker = cb_marker, .flush = cb_flush,
    .destroy = cb_destroy,
};

/* Cells of about 4 pixels: finer finds fewer false contacts but costs more
 * marking per feature. */
pm_backend *pm_backend_cairo(cairo_t *cr, pm_rect frame, double px_per_pt)
{
    cairo_backend *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->base.ops = &cairo_ops;
    d->cr = cr;
    d->frame = frame;
    double ppt = px_per_pt > 0 ? px_per_pt : 1;
    d->cell = fmax(4 / ppt, fmax(frame.w, frame.h) / 1024);
    d->cols = (int)ceil(frame.w / d->cell) + 1;
    d->rows = (int)ceil(frame.h / d->cell) + 1;
    /* Without it every feature of an exclusive style is its own run:
     * slower, same picture. */
    d->stamp = calloc((size_t)d->cols * (size_t)d->rows, sizeof *d->stamp);
    d->now = 1;
    cairo_save(cr);
    cairo_rectangle(cr, frame.x, frame.y, frame.w, frame.h);
    cairo_clip(cr);
    return &d->base;
}
