/* Label placement: every label goes through the collision index (grid.c) and
 * is placed only where it overlaps no placed label, marker or furniture
 * plate. Labels are processed by priority (core > zone > cluster > axis >
 * other > project), so when space runs out the minor ones are dropped.
 * Point and area labels prefer places that cross no drawn line
 * (label_lines.c): a first pass tries only their near places off the
 * lines, the second every place. */
#include "label_internal.h"
#include "svg_internal.h"
#include "pm_alloc.h"
#include "pm_keymap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- placement --------------------------------------------------------- */

typedef struct label_req {
    int layer, feature, priority;
} label_req;

static int kind_priority(const char *kind)
{
    static const char *const order[] = {"core", "zone", "cluster", "axis"};
    if (kind && strcmp(kind, "project") == 0)
        return 5;
    for (int i = 0; i < 4; i++)
        if (kind && strcmp(kind, order[i]) == 0)
            return i;
    return 4;
}

static int req_cmp(const void *pa, const void *pb)
{
    const label_req *a = pa, *b = pb;
    return pm_rank_order(a->priority, b->priority, a->layer, b->layer, a->feature, b->feature);
}

static int within(pm_rect inner, pm_rect outer)
{
    return inner.x >= outer.x && inner.y >= outer.y &&
           inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/* A line that only grazes the halo does not count. */
#define LINE_GRAZE 1.0

/* A candidate is free if it stays inside the frame and touches nothing
 * placed (nor, in the first pass, a drawn line). */
int pm_label_spot_free(const pm_rctx *rc, pm_rect r)
{
    if (!within(r, rc->page.lay.frame) || pm_grid_hits(&rc->place.grid, r))
        return 0;
    pm_rect core = {r.x + LINE_GRAZE, r.y + LINE_GRAZE, r.w - 2 * LINE_GRAZE, r.h - 2 * LINE_GRAZE};
    return !rc->place.avoid_lines || !pm_line_mask_hits(rc->place.lines, core);
}

typedef pm_label_geom label_geom;

static pm_rect centred_box(const label_geom *g, double cx, double cy, double angle)
{
    return pm_rotated_extents(cx, cy, g->w + 2 * g->pad, g->h + 2 * g->pad, angle);
}

int pm_label_try_at(const pm_rctx *rc, label_geom *g, double cx, double cy, double angle)
{
    pm_rect r = centred_box(g, cx, cy, angle);
    if (!pm_label_spot_free(rc, r))
        return 0;
    g->cx = cx;
    g->cy = cy;
    g->angle = angle;
    g->box = r;
    g->leader = 0;
    return 1;
}

/* Eight positions around a marker of radius r, in the cartographic order of
 * preference: right, upper right, lower right, left, upper left, lower left,
 * above, below; then further out on a leader line. */
static int place_point(const pm_rctx *rc, label_geom *g, double x, double y, double r)
{
    double hw = 0.5 * g->w + g->pad, hh = 0.5 * g->h + g->pad, d = 0.75 * r;
    const double pos[8][2] = {
        {x + r + hw, y},          {x + d + hw, y - d - hh}, {x + d + hw, y + d + hh},
        {x - r - hw, y},          {x - d - hw, y - d - hh}, {x - d - hw, y + d + hh},
        {x, y - r - hh},          {x, y + r + hh},
    };
    for (int i = 0; i < 8; i++)
        if (pm_label_try_at(rc, g, pos[i][0], pos[i][1], 0))
            return 1;
    return !rc->place.avoid_lines && pm_label_ring(rc, g, x, y, r);
}

/* Even-odd point in polygon, over every ring of the feature (map units). */
static int inside_polygon(const pm_feature *f, double px, double py)
{
    int in = 0, first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        const double *v = f->xy + 2 * first;
        int n = f->part_len[p];
        for (int i = 0, j = n - 1; i < n; j = i++)
            if ((v[2 * i + 1] > py) != (v[2 * j + 1] > py) &&
                px < (v[2 * j] - v[2 * i]) * (py - v[2 * i + 1]) / (v[2 * j + 1] - v[2 * i + 1]) + v[2 * i])
                in = !in;
        first += n;
    }
    return in;
}

/* When the anchor is taken (or off the frame, for an area the map shows only
 * in part): points of a grid over the visible part of the area that lie
 * inside it, nearest the anchor first (the first of equals in grid order).
 * The nearest free one is found in one sweep, no sort: only a point nearer
 * than the best so far is tested. */
static int place_inside(const pm_rctx *rc, label_geom *g, const pm_feature *f, double ax, double ay,
                        double x0, double y0, double x1, double y1)
{
    enum { N = 12 };
    const pm_rect fr = rc->page.lay.frame;
    double lx = fmax(fmin(x0, x1), fr.x), hx = fmin(fmax(x0, x1), fr.x + fr.w);
    double ly = fmax(fmin(y0, y1), fr.y), hy = fmin(fmax(y0, y1), fr.y + fr.h);
    if (!(hx > lx) || !(hy > ly))
        return 0;
    /* No anchor on the page: aim at the middle of the visible part. */
    if (ax < fr.x || ax > fr.x + fr.w || ay < fr.y || ay > fr.y + fr.h) {
        ax = 0.5 * (lx + hx);
        ay = 0.5 * (ly + hy);
    }
    double best = INFINITY, bx = 0, by = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double px = lx + (i + 0.5) * (hx - lx) / N, py = ly + (j + 0.5) * (hy - ly) / N, x, y;
            double d = hypot(px - ax, py - ay);
            if (!(d < best))
                continue;
            pm_from_page(&rc->page, px, py, &x, &y);
            if (inside_polygon(f, x, y) && pm_label_spot_free(rc, centred_box(g, px, py, 0))) {
                best = d;
                bx = px;
                by = py;
            }
        }
    return best < INFINITY && pm_label_try_at(rc, g, bx, by, 0);
}

/* Beside the area on a leader, when nothing inside is free (or it is too
 * small for its name); the rings in page points. */
static int place_beside(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    const pm_rect fr = rc->page.lay.frame;
    int n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += f->part_len[p];
    if (x < fr.x || x > fr.x + fr.w || y < fr.y || y > fr.y + fr.h || n < 3)
        return 0;
    double *xy = malloc(2 * (size_t)n * sizeof *xy);
    if (!xy)
        return 0;
    for (int i = 0; i < n; i++)
        pm_to_page(&rc->page, f->xy[2 * i], f->xy[2 * i + 1], &xy[2 * i], &xy[2 * i + 1]);
    int ok = pm_label_beside(rc, g, xy, f->part_len, f->n_parts, x, y);
    free(xy);
    return ok;
}

/* The places near the anchor and inside the area all centre the label in
 * the hull of the feature's page box and its anchor. When the label is
 * wider and taller than that hull, every one of its boxes holds the core
 * they share; if something placed covers part of the core, none of them is
 * free. On a crowded map that is one look-up instead of a hundred and fifty
 * (the places themselves are tried only when the core is clear). */
static int core_taken(const pm_rctx *rc, const label_geom *g, double x, double y, double x0,
                      double y0, double x1, double y1)
{
    const double eps = 1e-6;   /* the core stays inside each box, whatever the rounding */
    double lx = fmin(x, fmin(x0, x1)), hx = fmax(x, fmax(x0, x1));
    double ly = fmin(y, fmin(y0, y1)), hy = fmax(y, fmax(y0, y1));
    double bw = g->w + 2 * g->pad, bh = g->h + 2 * g->pad;
    pm_rect core = {hx - 0.5 * bw + eps, hy - 0.5 * bh + eps, lx - hx + bw - 2 * eps,
                    ly - hy + bh - 2 * eps};
    return core.w > 0 && core.h > 0 && pm_grid_hits(&rc->place.grid, core);
}

static int place_area(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    /* The anchor lies on the surface; shifts around it keep the label near
     * it, and its centre stays within the feature's box. */
    double s = 0.9 * g->h, hw = 0.5 * g->w;
    const double off[7][2] = {{0, 0}, {0, -s}, {0, s}, {-hw, 0}, {hw, 0}, {0, -2 * s}, {0, 2 * s}};
    double x0, y0, x1, y1;
    pm_to_page(&rc->page, f->bbox[0], f->bbox[1], &x0, &y0);
    pm_to_page(&rc->page, f->bbox[2], f->bbox[3], &x1, &y1);
    if (core_taken(rc, g, x, y, x0, y0, x1, y1))
        return !rc->place.avoid_lines && place_beside(rc, g, f, x, y);
    for (int i = 0; i < 7; i++) {
        double cx = x + off[i][0], cy = y + off[i][1];
        int in_box = cx >= fmin(x0, x1) && cx <= fmax(x0, x1) && cy >= fmin(y0, y1) && cy <= fmax(y0, y1);
        if ((i == 0 || in_box) && pm_label_try_at(rc, g, cx, cy, 0))
            return 1;
    }
    return place_inside(rc, g, f, x, y, x0, y0, x1, y1) ||
           (!rc->place.avoid_lines && place_beside(rc, g, f, x, y));
}

/* Text along a line reads left to right: turn it half round when the line
 * runs right to left, so it is never upside down. */
double pm_upright_angle(double angle)
{
    while (angle > PM_PI)
        angle -= 2 * PM_PI;
    while (angle <= -PM_PI)
        angle += 2 * PM_PI;
    if (angle > PM_PI / 2)
        angle -= PM_PI;
    else if (angle < -PM_PI / 2)
        angle += PM_PI;
    return angle;
}

static double marker_radius(const pm_style *s)
{
    if (s->marker == PM_MARKER_NONE)
        return 1;
    return 0.5 * s->marker_size + 0.5 * s->width + 1.5;
}

static void draw_label(pm_rctx *rc, PangoLayout *layout, const label_geom *g, const pm_style *s)
{
    cairo_t *cr = rc->draw.cr;
    cairo_save(cr);
    cairo_translate(cr, g->cx, g->cy);
    cairo_rotate(cr, g->angle);
    pm_text_draw(cr, layout, -0.5 * g->w, -0.5 * g->h, s->text_color, s->halo, s->halo_width);
    cairo_restore(cr);
}

static void draw_glyphs(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                        double size, pm_color fill, double halo_width, pm_svg *svg);

/* Each glyph on its own, centred at its place on the line and turned to it;
 * all halos first, so no glyph's halo eats into its neighbour's ink. In an
 * editable SVG the glyphs are one <text>, its halo painted first. */
static void draw_curved(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                        double size)
{
    const pm_color none = {0, 0, 0, 0};
    pm_svg *svg = pm_svg_of(rc->draw.cr);
    if (svg) {
        PangoLayout *font = pm_text_layout(rc->draw.pango, "", s->font, size, 0);
        pm_svg_curved_begin(svg, font, s->text_color, s->halo, s->halo_width);
        g_object_unref(font);
        draw_glyphs(rc, text, ll, s, size, s->text_color, s->halo_width, svg);
        pm_svg_curved_end(svg, rc->draw.cr);
        return;
    }
    for (int pass = 0; pass < 2; pass++)
        draw_glyphs(rc, text, ll, s, size, pass == 0 ? none : s->text_color,
                    pass == 0 ? s->halo_width : 0, NULL);
}

static void draw_glyphs(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                        double size, pm_color fill, double halo_width, pm_svg *svg)
{
    cairo_t *cr = rc->draw.cr;
    for (int i = 0; i < ll->n_glyphs; i++) {
        const pm_glyph *gl = &ll->glyphs[i];
        char piece[64];
        snprintf(piece, sizeof piece, "%.*s", gl->len < 63 ? gl->len : 63, text + gl->start);
        PangoLayout *t = pm_text_layout(rc->draw.pango, piece, s->font, size, 0);
        double w, h;
        pm_text_size(t, &w, &h);
        cairo_save(cr);
        cairo_translate(cr, gl->cx, gl->cy);
        cairo_rotate(cr, gl->angle);
        if (svg)
            pm_svg_curved_glyph(svg, cr, t, -0.5 * w, -0.5 * h);
        else
            pm_text_draw(cr, t, -0.5 * w, -0.5 * h, fill, s->halo, halo_width);
        cairo_restore(cr);
        g_object_unref(t);
    }
}

/* A thin line from the feature to the label, under the label's halo. */
static void draw_leader(pm_rctx *rc, const label_geom *g, const pm_style *s, int dot)
{
    cairo_t *cr = rc->draw.cr;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, g->lx0, g->ly0);
    cairo_line_to(cr, g->lx1, g->ly1);
    cairo_set_line_width(cr, 0.6);
    cairo_set_dash(cr, NULL, 0, 0);
    pm_set_color(cr, s->text_color, 0.8);
    cairo_stroke(cr);
    if (dot) {
        cairo_arc(cr, g->lx0, g->ly0, 1.3, 0, 2 * PM_PI);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

/* Occupy the label's place, record its boxes and draw it. */
static void commit(pm_rctx *rc, PangoLayout *layout, const label_geom *g, const pm_line_label *ll,
                   const pm_style *s, const char *text, int dot)
{
    int bad = 0;
    if (g->leader) {
        bad |= pm_grid_add_segment(&rc->place.grid, g->lx0, g->ly0, g->lx1, g->ly1);
        pm_rctx_box(rc, "leader", text,
                    (pm_rect){fmin(g->lx0, g->lx1), fmin(g->ly0, g->ly1), fabs(g->lx1 - g->lx0),
                              fabs(g->ly1 - g->ly0)});
        draw_leader(rc, g, s, dot);
    }
    if (ll->curved) {
        for (int i = 0; i < ll->n_glyphs; i++) {
            bad |= pm_grid_add_text(&rc->place.grid, ll->glyphs[i].box);
            pm_rctx_box(rc, "label-glyph", text, ll->glyphs[i].box);
        }
        draw_curved(rc, text, ll, s, s->font_size);
    } else {
        bad |= pm_grid_add_text(&rc->place.grid, g->box);
        pm_rctx_box(rc, "label", text, g->box);
        draw_label(rc, layout, g, s);
    }
    if (bad)
        rc->nomem = 1;
}

/* Wrap width of the narrower block a zh+en label may take, of the usual. */
#define NARROW 0.6

/* A label's text block: long names wrap into a block instead of running
 * across the map (`wrap` wide, 0: one line); in zh+en the English under the
 * Chinese a size smaller, as a gloss (it takes less room, so more labels
 * find a place); lines balanced. */
static PangoLayout *label_layout(const pm_rctx *rc, const char *text, const pm_style *s,
                                 double wrap, int gloss)
{
    PangoLayout *layout = pm_text_layout(rc->draw.pango, text, s->font, s->font_size, wrap);
    if (gloss)
        pm_text_scale_second(layout, PM_ZH_EN_GLOSS);
    pm_text_balance(layout);
    return layout;
}

typedef struct text_size {
    double w, h;
    int known;
} text_size;

/* The size of a label's block. A crowded map has tens of thousands of
 * labels, most of them never placed, and many sharing a name: each text is
 * laid out once per font, size and wrap here, and drawn only when placed. */
static void label_measure(const pm_rctx *rc, pm_keymap *sizes, const char *text, const pm_style *s,
                          double wrap, int gloss, double *w, double *h)
{
    char key[1400];
    int n = snprintf(key, sizeof key, "%a %a %d %s\x1f%s", s->font_size, wrap, gloss,
                     s->font ? s->font : "", text);
    text_size *known = n > 0 && (size_t)n < sizeof key ? pm_keymap_get(sizes, key, NULL) : NULL;
    if (known && known->known) {
        *w = known->w;
        *h = known->h;
        return;
    }
    PangoLayout *layout = label_layout(rc, text, s, wrap, gloss);
    pm_text_size(layout, w, h);
    g_object_unref(layout);
    if (known)
        *known = (text_size){*w, *h, 1};
}

/* One try at a font size and wrap width (`narrow` times the usual): 1 if
 * the label found a place. */
static int place_sized(pm_rctx *rc, pm_keymap *sizes, const label_req *q, const char *text,
                       double k, double narrow, const pm_label_keep *keep)
{
    const pm_map_layer *ml = &rc->map->layers[q->layer];
    const pm_feature *f = &ml->data->features[q->feature];
    pm_style s = pm_map_feature_style(rc->map, q->layer, q->feature);
    s.font_size = (s.font_size > 0 ? s.font_size : 9) * k;
    double wrap = f->kind == PM_GEOM_LINE ? 0 : narrow * fmin(7.5 * s.font_size, 0.3 * rc->page.lay.frame.w);
    int gloss = rc->lang == PM_LANG_ZH_EN && f->kind != PM_GEOM_LINE;
    label_geom g = {0};
    pm_line_label ll = {.keep = keep};
    /* A line's label is set glyph by glyph from its layout; a point's or
     * area's needs only its size until it is placed. */
    PangoLayout *layout = f->kind == PM_GEOM_LINE ? label_layout(rc, text, &s, wrap, gloss) : NULL;
    if (layout)
        pm_text_size(layout, &g.w, &g.h);
    else
        label_measure(rc, sizes, text, &s, wrap, gloss, &g.w, &g.h);
    g.pad = s.halo_width > 0 ? s.halo_width : 0.5;
    double x, y;
    pm_to_page(&rc->page, f->anchor[0], f->anchor[1], &x, &y);
    int ok = 0;
    for (int pass = f->kind == PM_GEOM_LINE || !rc->place.lines; pass < 2 && !ok; pass++) {
        rc->place.avoid_lines = pass == 0;
        ok = f->kind == PM_GEOM_POINT ? place_point(rc, &g, x, y, marker_radius(&s))
           : f->kind == PM_GEOM_LINE  ? pm_place_line(rc, &g, f, layout, &ll)
                                      : place_area(rc, &g, f, x, y);
    }
    rc->place.avoid_lines = 0;
    if (ok) {
        if (!layout)
            layout = label_layout(rc, text, &s, wrap, gloss);
        commit(rc, layout, &g, &ll, &s, text, f->kind == PM_GEOM_POLYGON);
    }
    free(ll.glyphs);
    if (layout)
        g_object_unref(layout);
    return ok;
}

/* At the style's size, else one step smaller (a slightly smaller name reads
 * better than a missing one); an English or two-language label, longer than
 * its Chinese, then also as a narrower block of more lines (it fits where a wide one
 * does not: between roads, beside a marker in a row of others); else
 * dropped. */
static int place_one(pm_rctx *rc, pm_keymap *sizes, const label_req *q, const char *text,
                     const pm_label_keep *keep)
{
    int longer = (rc->lang == PM_LANG_ZH_EN && strchr(text, '\n')) ||
                 (rc->lang == PM_LANG_EN && strchr(text, ' '));
    return place_sized(rc, sizes, q, text, 1, 1, keep) ||
           place_sized(rc, sizes, q, text, PM_LABEL_SHRINK, 1, keep) ||
           (longer && place_sized(rc, sizes, q, text, PM_LABEL_SHRINK, NARROW, keep));
}


/* Chinese, English (Chinese when there is none) or both on two lines. */
const char *pm_lang_text(const pm_rctx *rc, const char *zh, const char *en, char *buf, size_t n)
{
    return pm_lang_pick(rc->lang, zh, en, buf, n);
}

/* The label a feature shows (pm_label_text: its style's label field or
 * template, in the map's language). Project badges carry numbers instead. */
static const char *label_with(const pm_rctx *rc, int l, int i, const pm_style *s, char *buf,
                              size_t n)
{
    const pm_map_layer *ml = &rc->map->layers[l];
    const pm_feature *f = &ml->data->features[i];
    if (!s->label || s->opacity <= 0 || (ml->spec->projects && f->kind == PM_GEOM_POINT))
        return NULL;
    pm_feature_ref ref = {ml->data, f};
    return pm_label_text(s->label, rc->lang, pm_feature_ref_value, &ref, buf, n);
}

const char *pm_feature_label(const pm_rctx *rc, int l, int i, char *buf, size_t n)
{
    pm_style s = pm_map_feature_style(rc->map, l, i);
    return label_with(rc, l, i, &s, buf, n);
}

/* A label stays inside the frame, so a feature wholly off it has none. */
static int off_frame(const pm_rctx *rc, const pm_feature *f)
{
    double x0, y0, x1, y1;
    pm_to_page(&rc->page, f->bbox[0], f->bbox[1], &x0, &y0);
    pm_to_page(&rc->page, f->bbox[2], f->bbox[3], &x1, &y1);
    const pm_rect fr = rc->page.lay.frame;
    return fmax(x0, x1) < fr.x || fmin(x0, x1) > fr.x + fr.w || fmax(y0, y1) < fr.y ||
           fmin(y0, y1) > fr.y + fr.h;
}



static int collect(const pm_rctx *rc, label_req **out)
{
    int n = 0, cap = 0;
    label_req *reqs = NULL;
    for (int l = 0; l < rc->map->n_layers; l++) {
        const pm_map_layer *ml = &rc->map->layers[l];
        pm_style_memo memo;
        pm_style_memo_init(&memo, ml->data);
        for (int i = 0; i < ml->data->n_features; i++) {
            char buf[1024];
            const pm_feature *f = &ml->data->features[i];
            if (ml->rule_of[i] == PM_FEATURE_HIDDEN || f->kind == PM_GEOM_NONE)
                continue;
            const pm_style *s = pm_style_memo_get(&memo, ml, i, NULL);
            if (!s->label || off_frame(rc, f) || !label_with(rc, l, i, s, buf, sizeof buf))
                continue;
            if (pm_array_grow(&reqs, n, &cap, sizeof *reqs, 32) != 0) {
                free(reqs);
                return -1;
            }
            const char *kind = pm_feature_value(ml->data, &ml->data->features[i], "kind");
            reqs[n++] = (label_req){l, i, kind_priority(kind)};
        }
    }
    *out = reqs;
    return n;
}

/* A point feature off the frame has no marker to label (only its text was in range). */
static int point_off_map(const pm_rctx *rc, const label_req *q)
{
    const pm_feature *f = &rc->map->layers[q->layer].data->features[q->feature];
    double x, y;
    pm_to_page(&rc->page, f->anchor[0], f->anchor[1], &x, &y);
    const pm_rect fr = rc->page.lay.frame;
    return f->kind == PM_GEOM_POINT && (x < fr.x || x > fr.x + fr.w || y < fr.y || y > fr.y + fr.h);
}

void pm_place_labels(pm_rctx *rc)
{
    label_req *reqs = NULL;
    int n = collect(rc, &reqs);
    if (n < 0) {
        rc->nomem = 1;
        return;
    }
    if (n > 1)   /* with no labels reqs is NULL, which qsort must not get */
        qsort(reqs, (size_t)n, sizeof *reqs, req_cmp);
    /* Anchors of the area labels, in placing order; label k keeps clear of
     * those after it. */
    double *anchors = malloc(2 * (size_t)(n > 0 ? n : 1) * sizeof *anchors);
    int *after = malloc((size_t)(n > 0 ? n : 1) * sizeof *after);
    if (!anchors || !after) {
        free(anchors);
        free(after);
        free(reqs);
        rc->nomem = 1;
        return;
    }
    rc->place.lines = n > 0 ? pm_line_mask_new(rc) : NULL;
    pm_keymap sizes = pm_keymap_make(sizeof(text_size), 0);
    int n_anchors = 0;
    for (int k = n - 1; k >= 0; k--) {
        after[k] = n_anchors;   /* area anchors behind k, counted from the end */
        const pm_feature *f = &rc->map->layers[reqs[k].layer].data->features[reqs[k].feature];
        if (f->kind == PM_GEOM_POLYGON) {
            pm_to_page(&rc->page, f->anchor[0], f->anchor[1], &anchors[2 * n_anchors],
                       &anchors[2 * n_anchors + 1]);
            n_anchors++;
        }
    }
    for (int k = 0; k < n; k++) {
        char buf[1024];
        const char *text = pm_feature_label(rc, reqs[k].layer, reqs[k].feature, buf, sizeof buf);
        /* anchors were collected back to front: the first after[k] are k's */
        pm_label_keep keep = {anchors, after[k]};
        if (!place_one(rc, &sizes, &reqs[k], text, &keep) && rc->verbose)
            pm_context_log(rc->map->context, PM_LOG_VERBOSE,
                           "%s: layer %s: label \"%s\" dropped (%s)", rc->spec->path,
                           rc->map->layers[reqs[k].layer].spec->name, text,
                           point_off_map(rc, &reqs[k]) ? "its point is outside the map"
                                                       : "no free place");
    }
    pm_keymap_free(&sizes, NULL);
    pm_line_mask_free(rc->place.lines);
    rc->place.lines = NULL;
    free(anchors);
    free(after);
    free(reqs);
}
