/* Label placement: every label goes through a grid index over the page and
 * is placed only where it overlaps no placed label, marker or furniture
 * plate. Labels are processed by priority (core > zone > cluster > axis >
 * other > project), so when space runs out the minor ones are dropped. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- grid index -------------------------------------------------------- */

int pm_grid_init(pm_grid *g, double page_w, double page_h, double cell)
{
    memset(g, 0, sizeof *g);
    g->cell = cell;
    g->cols = (int)ceil(page_w / cell) + 1;
    g->rows = (int)ceil(page_h / cell) + 1;
    size_t n = (size_t)g->cols * (size_t)g->rows;
    g->cell_items = calloc(n, sizeof *g->cell_items);
    g->cell_n = calloc(n, sizeof *g->cell_n);
    g->cell_cap = calloc(n, sizeof *g->cell_cap);
    if (!g->cell_items || !g->cell_n || !g->cell_cap) {
        pm_grid_free(g);
        return -1;
    }
    return 0;
}

void pm_grid_free(pm_grid *g)
{
    if (g->cell_items)
        for (int i = 0; i < g->cols * g->rows; i++)
            free(g->cell_items[i]);
    free(g->cell_items);
    free(g->cell_n);
    free(g->cell_cap);
    free(g->boxes);
    memset(g, 0, sizeof *g);
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Cells covered by r: [c0, c1] × [r0, r1]. */
static void cell_span(const pm_grid *g, pm_rect r, int *c0, int *r0, int *c1, int *r1)
{
    *c0 = clampi((int)floor(r.x / g->cell), 0, g->cols - 1);
    *c1 = clampi((int)floor((r.x + r.w) / g->cell), 0, g->cols - 1);
    *r0 = clampi((int)floor(r.y / g->cell), 0, g->rows - 1);
    *r1 = clampi((int)floor((r.y + r.h) / g->cell), 0, g->rows - 1);
}

static int overlap(pm_rect a, pm_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

int pm_grid_hits(const pm_grid *g, pm_rect r)
{
    int c0, r0, c1, r1;
    cell_span(g, r, &c0, &r0, &c1, &r1);
    for (int row = r0; row <= r1; row++)
        for (int col = c0; col <= c1; col++) {
            int cell = row * g->cols + col;
            for (int k = 0; k < g->cell_n[cell]; k++)
                if (overlap(r, g->boxes[g->cell_items[cell][k]]))
                    return 1;
        }
    return 0;
}

static int cell_push(pm_grid *g, int cell, int item)
{
    if (g->cell_n[cell] == g->cell_cap[cell]) {
        int cap = g->cell_cap[cell] ? 2 * g->cell_cap[cell] : 4;
        int *grown = realloc(g->cell_items[cell], (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        g->cell_items[cell] = grown;
        g->cell_cap[cell] = cap;
    }
    g->cell_items[cell][g->cell_n[cell]++] = item;
    return 0;
}

int pm_grid_add(pm_grid *g, pm_rect r)
{
    if (g->n_boxes == g->cap_boxes) {
        int cap = g->cap_boxes ? 2 * g->cap_boxes : 64;
        pm_rect *grown = realloc(g->boxes, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        g->boxes = grown;
        g->cap_boxes = cap;
    }
    int item = g->n_boxes++;
    g->boxes[item] = r;
    int c0, r0, c1, r1;
    cell_span(g, r, &c0, &r0, &c1, &r1);
    for (int row = r0; row <= r1; row++)
        for (int col = c0; col <= c1; col++)
            if (cell_push(g, row * g->cols + col, item) != 0)
                return -1;
    return 0;
}

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
    if (a->priority != b->priority)
        return a->priority - b->priority;
    if (a->layer != b->layer)
        return a->layer - b->layer;
    return a->feature - b->feature;
}

static int within(pm_rect inner, pm_rect outer)
{
    return inner.x >= outer.x && inner.y >= outer.y &&
           inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/* A candidate is free if it stays inside the frame and touches nothing placed. */
static int free_spot(const pm_rctx *rc, pm_rect r)
{
    return within(r, rc->lay.frame) && !pm_grid_hits(&rc->grid, r);
}

typedef struct label_geom {
    double w, h;       /* text size */
    double pad;        /* halo around it */
    double cx, cy;     /* chosen centre */
    double angle;      /* radians, page orientation */
    pm_rect box;       /* axis-aligned box, halo included */
} label_geom;

static pm_rect centred_box(const label_geom *g, double cx, double cy, double angle)
{
    double w = g->w + 2 * g->pad, h = g->h + 2 * g->pad;
    double c = fabs(cos(angle)), s = fabs(sin(angle));
    double bw = w * c + h * s, bh = w * s + h * c;
    pm_rect r = {cx - 0.5 * bw, cy - 0.5 * bh, bw, bh};
    return r;
}

static int try_at(const pm_rctx *rc, label_geom *g, double cx, double cy, double angle)
{
    pm_rect r = centred_box(g, cx, cy, angle);
    if (!free_spot(rc, r))
        return 0;
    g->cx = cx;
    g->cy = cy;
    g->angle = angle;
    g->box = r;
    return 1;
}

/* Eight positions around a marker of radius r, in the cartographic order of
 * preference: right, upper right, lower right, left, upper left, lower left,
 * above, below. */
static int place_point(const pm_rctx *rc, label_geom *g, double x, double y, double r)
{
    double hw = 0.5 * g->w + g->pad, hh = 0.5 * g->h + g->pad, d = 0.75 * r;
    const double pos[8][2] = {
        {x + r + hw, y},          {x + d + hw, y - d - hh}, {x + d + hw, y + d + hh},
        {x - r - hw, y},          {x - d - hw, y - d - hh}, {x - d - hw, y + d + hh},
        {x, y - r - hh},          {x, y + r + hh},
    };
    for (int i = 0; i < 8; i++)
        if (try_at(rc, g, pos[i][0], pos[i][1], 0))
            return 1;
    return 0;
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

typedef struct spot {
    double x, y, d;
} spot;

static int spot_cmp(const void *pa, const void *pb)
{
    const spot *a = pa, *b = pb;
    return (a->d > b->d) - (a->d < b->d);
}

/* When the anchor is taken (or off the frame, for an area the map shows only
 * in part): points of a grid over the visible part of the area that lie
 * inside it, nearest the anchor first. */
static int place_inside(const pm_rctx *rc, label_geom *g, const pm_feature *f, double ax, double ay,
                        double x0, double y0, double x1, double y1)
{
    enum { N = 12 };
    const pm_rect fr = rc->lay.frame;
    double lx = fmax(fmin(x0, x1), fr.x), hx = fmin(fmax(x0, x1), fr.x + fr.w);
    double ly = fmax(fmin(y0, y1), fr.y), hy = fmin(fmax(y0, y1), fr.y + fr.h);
    if (!(hx > lx) || !(hy > ly))
        return 0;
    /* No anchor on the page: aim at the middle of the visible part. */
    if (ax < fr.x || ax > fr.x + fr.w || ay < fr.y || ay > fr.y + fr.h) {
        ax = 0.5 * (lx + hx);
        ay = 0.5 * (ly + hy);
    }
    spot spots[N * N];
    int n = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double px = lx + (i + 0.5) * (hx - lx) / N, py = ly + (j + 0.5) * (hy - ly) / N;
            if (inside_polygon(f, (px - rc->tx) / rc->sx, (py - rc->ty) / rc->sy))
                spots[n++] = (spot){px, py, hypot(px - ax, py - ay)};
        }
    qsort(spots, (size_t)n, sizeof *spots, spot_cmp);
    for (int k = 0; k < n; k++)
        if (try_at(rc, g, spots[k].x, spots[k].y, 0))
            return 1;
    return 0;
}

static int place_area(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    /* The anchor lies on the surface; shifts around it keep the label near
     * it, and its centre stays within the feature's box. */
    double s = 0.9 * g->h, hw = 0.5 * g->w;
    const double off[7][2] = {{0, 0}, {0, -s}, {0, s}, {-hw, 0}, {hw, 0}, {0, -2 * s}, {0, 2 * s}};
    double x0, y0, x1, y1;
    pm_to_page(rc, f->bbox[0], f->bbox[1], &x0, &y0);
    pm_to_page(rc, f->bbox[2], f->bbox[3], &x1, &y1);
    for (int i = 0; i < 7; i++) {
        double cx = x + off[i][0], cy = y + off[i][1];
        int in_box = cx >= fmin(x0, x1) && cx <= fmax(x0, x1) && cy >= fmin(y0, y1) && cy <= fmax(y0, y1);
        if ((i == 0 || in_box) && try_at(rc, g, cx, cy, 0))
            return 1;
    }
    return place_inside(rc, g, f, x, y, x0, y0, x1, y1);
}

/* Direction of the segment of a line nearest its anchor, kept upright. */
static double line_angle(const pm_rctx *rc, const pm_feature *f, double ax, double ay)
{
    double best = INFINITY, angle = 0;
    int first = 0;
    for (int p = 0; p < f->n_parts; p++) {
        for (int i = 0; i + 1 < f->part_len[p]; i++) {
            double x0, y0, x1, y1;
            pm_to_page(rc, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x0, &y0);
            pm_to_page(rc, f->xy[2 * (first + i + 1)], f->xy[2 * (first + i + 1) + 1], &x1, &y1);
            double dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
            if (l2 <= 0)
                continue;
            double t = ((ax - x0) * dx + (ay - y0) * dy) / l2;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double d = hypot(x0 + t * dx - ax, y0 + t * dy - ay);
            if (d < best) {
                best = d;
                angle = atan2(dy, dx);
            }
        }
        first += f->part_len[p];
    }
    return pm_upright_angle(angle);
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

/* Point at fraction t of the length of the longest part of a line. */
static int line_point(const pm_rctx *rc, const pm_feature *f, double t, double *px, double *py)
{
    int best = -1, first = 0, best_first = 0;
    double best_len = -1;
    for (int p = 0; p < f->n_parts; p++) {
        double len = 0;
        for (int i = first; i + 1 < first + f->part_len[p]; i++)
            len += hypot(f->xy[2 * i + 2] - f->xy[2 * i], f->xy[2 * i + 3] - f->xy[2 * i + 1]);
        if (len > best_len) {
            best_len = len;
            best = p;
            best_first = first;
        }
        first += f->part_len[p];
    }
    if (best < 0 || best_len <= 0)
        return 0;
    double want = t * best_len, run = 0;
    for (int i = best_first; i + 1 < best_first + f->part_len[best]; i++) {
        double seg = hypot(f->xy[2 * i + 2] - f->xy[2 * i], f->xy[2 * i + 3] - f->xy[2 * i + 1]);
        if (run + seg >= want && seg > 0) {
            double u = (want - run) / seg;
            pm_to_page(rc, f->xy[2 * i] + u * (f->xy[2 * i + 2] - f->xy[2 * i]),
                       f->xy[2 * i + 1] + u * (f->xy[2 * i + 3] - f->xy[2 * i + 1]), px, py);
            return 1;
        }
        run += seg;
    }
    return 0;
}

static int place_line_at(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    double a = line_angle(rc, f, x, y);
    /* On the line first, then just beside it (normal to the segment). */
    double off = 0.5 * g->h + g->pad + 2, nx = -sin(a) * off, ny = cos(a) * off;
    return try_at(rc, g, x, y, a) || try_at(rc, g, x - nx, y - ny, a) ||
           try_at(rc, g, x + nx, y + ny, a);
}

static int place_line(const pm_rctx *rc, label_geom *g, const pm_feature *f, double x, double y)
{
    /* The middle anchor first, then further along the line either way. */
    static const double along[] = {0.35, 0.65, 0.2, 0.8};
    if (place_line_at(rc, g, f, x, y))
        return 1;
    for (int i = 0; i < 4; i++) {
        double px, py;
        if (line_point(rc, f, along[i], &px, &py) && place_line_at(rc, g, f, px, py))
            return 1;
    }
    return 0;
}

static double marker_radius(const pm_style *s)
{
    if (s->marker == PM_MARKER_NONE)
        return 1;
    return 0.5 * s->marker_size + 0.5 * s->width + 1.5;
}

static void draw_label(pm_rctx *rc, PangoLayout *layout, const label_geom *g, const pm_style *s)
{
    cairo_t *cr = rc->cr;
    cairo_save(cr);
    cairo_translate(cr, g->cx, g->cy);
    cairo_rotate(cr, g->angle);
    pm_text_draw(cr, layout, -0.5 * g->w, -0.5 * g->h, s->text_color, s->halo, s->halo_width);
    cairo_restore(cr);
}

static int place_one(pm_rctx *rc, const label_req *q, const char *text)
{
    const pm_map_layer *ml = &rc->map->layers[q->layer];
    const pm_feature *f = &ml->data->features[q->feature];
    pm_style s = pm_map_feature_style(rc->map, q->layer, q->feature);
    /* Long names wrap into a block instead of running across the map. */
    double wrap = f->kind == PM_GEOM_LINE ? 0 : fmin(7.5 * s.font_size, 0.3 * rc->lay.frame.w);
    PangoLayout *layout = pm_text_layout(rc->pango, text, s.font, s.font_size, wrap);
    label_geom g = {0};
    pm_text_size(layout, &g.w, &g.h);
    g.pad = s.halo_width > 0 ? s.halo_width : 0.5;
    double x, y;
    pm_to_page(rc, f->anchor[0], f->anchor[1], &x, &y);
    int ok = f->kind == PM_GEOM_POINT ? place_point(rc, &g, x, y, marker_radius(&s))
           : f->kind == PM_GEOM_LINE  ? place_line(rc, &g, f, x, y)
                                      : place_area(rc, &g, f, x, y);
    if (ok) {
        if (pm_grid_add(&rc->grid, g.box) != 0)
            rc->nomem = 1;
        pm_rctx_box(rc, "label", text, g.box);
        draw_label(rc, layout, &g, &s);
    }
    g_object_unref(layout);
    return ok;
}

/* Chinese, English (Chinese when there is none) or both on two lines. */
const char *pm_lang_text(const pm_rctx *rc, const char *zh, const char *en, char *buf, size_t n)
{
    int has_en = en && *en, has_zh = zh && *zh;
    switch (rc->lang) {
    case PM_LANG_EN:
        return has_en ? en : zh;
    case PM_LANG_ZH_EN:
        if (has_en && has_zh && strcmp(zh, en) != 0) {
            snprintf(buf, n, "%s\n%s", zh, en);
            return buf;
        }
        return has_zh ? zh : en;
    default:
        return zh;
    }
}

/* The label a feature shows: its style's label field, switched to name_en
 * by --lang when the field is "name". Project badges carry numbers instead. */
const char *pm_feature_label(const pm_rctx *rc, int l, int i, char *buf, size_t n)
{
    const pm_map_layer *ml = &rc->map->layers[l];
    const pm_feature *f = &ml->data->features[i];
    pm_style s = pm_map_feature_style(rc->map, l, i);
    if (!s.label || s.opacity <= 0 || (ml->spec->projects && f->kind == PM_GEOM_POINT))
        return NULL;
    const char *text = pm_feature_value(ml->data, f, s.label);
    if (text && strcmp(s.label, "name") == 0)
        text = pm_lang_text(rc, text, pm_feature_value(ml->data, f, "name_en"), buf, n);
    return text && *text ? text : NULL;
}



static int collect(const pm_rctx *rc, label_req **out)
{
    int n = 0, cap = 0;
    label_req *reqs = NULL;
    for (int l = 0; l < rc->map->n_layers; l++) {
        const pm_map_layer *ml = &rc->map->layers[l];
        for (int i = 0; i < ml->data->n_features; i++) {
            char buf[1024];
            if (ml->rule_of[i] == PM_FEATURE_HIDDEN || ml->data->features[i].kind == PM_GEOM_NONE ||
                !pm_feature_label(rc, l, i, buf, sizeof buf))
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 32;
                label_req *grown = realloc(reqs, (size_t)cap * sizeof *grown);
                if (!grown) {
                    free(reqs);
                    return -1;
                }
                reqs = grown;
            }
            const char *kind = pm_feature_value(ml->data, &ml->data->features[i], "kind");
            reqs[n++] = (label_req){l, i, kind_priority(kind)};
        }
    }
    *out = reqs;
    return n;
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
    for (int k = 0; k < n; k++) {
        char buf[1024];
        const char *text = pm_feature_label(rc, reqs[k].layer, reqs[k].feature, buf, sizeof buf);
        if (!place_one(rc, &reqs[k], text) && rc->verbose)
            fprintf(stderr, "planmap: %s: layer %s: label \"%s\" dropped (no free place)\n",
                    rc->spec->path, rc->map->layers[reqs[k].layer].spec->name, text);
    }
    free(reqs);
}
