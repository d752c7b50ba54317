/* Label placement: every label goes through the collision index (grid.c) and
 * is placed only where it overlaps no placed label, marker or furniture
 * plate. Labels are processed by priority (core > zone > cluster > axis >
 * other > project), so when space runs out the minor ones are dropped.
 * Point and area labels prefer places that cross no drawn line
 * (label_lines.c): a first pass tries only their near places off the
 * lines, the second every place. With threads to spare, the labels ahead
 * are searched on them (label_ahead.c). */
#include "label_internal.h"
#include "pm_alloc.h"
#include "pm_keymap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- placement --------------------------------------------------------- */

typedef pm_label_req label_req;

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

typedef pm_label_geom label_geom;

static double marker_radius(const pm_style *s)
{
    if (s->marker == PM_MARKER_NONE)
        return 1;
    return 0.5 * s->marker_size + 0.5 * s->width + 1.5;
}

/* Occupy the label's place and record its boxes. A label shows its
 * feature even where no symbol does (a text-only layer). */
static void occupy(pm_rctx *rc, const label_geom *g, const pm_line_label *ll, const char *text)
{
    int bad = 0;
    rc->n_shown++;
    if (g->leader) {
        bad |= pm_grid_add_segment(&rc->place.grid, g->lx0, g->ly0, g->lx1, g->ly1);
        pm_rctx_box(rc, "leader", text,
                    (pm_rect){fmin(g->lx0, g->lx1), fmin(g->ly0, g->ly1), fabs(g->lx1 - g->lx0),
                              fabs(g->ly1 - g->ly0)});
    }
    if (ll->curved) {
        for (int i = 0; i < ll->n_glyphs; i++) {
            bad |= pm_grid_add_text(&rc->place.grid, ll->glyphs[i].box);
            pm_rctx_box(rc, "label-glyph", text, ll->glyphs[i].box);
        }
    } else {
        bad |= pm_grid_add_text(&rc->place.grid, g->box);
        pm_rctx_box(rc, "label", text, g->box);
    }
    if (bad)
        rc->nomem = 1;
}

/* Draw it: its leader, then its text. */
static void draw(pm_rctx *rc, PangoLayout *layout, const label_geom *g, const pm_line_label *ll,
                 const pm_style *s, const char *text, int dot)
{
    if (g->leader)
        pm_label_draw_leader(rc, g, s, dot);
    if (ll->curved)
        pm_label_draw_curved(rc, text, ll, s, s->font_size);
    else
        pm_label_draw(rc, layout, g, s);
}

/* One search for a place at a look (label_internal.h). */
typedef pm_label_try label_try;

int pm_label_search(pm_rctx *rc, pm_label_sizer *z, pm_keymap *sizes, int add, const label_req *q,
                    const char *text, const pm_label_look *lk, const pm_label_keep *keep, label_try *t)
{
    const pm_feature *f = &rc->map->layers[q->layer].data->features[q->feature];
    *t = (label_try){.lk = *lk, .ll = {.keep = keep}};
    /* A line's label is set glyph by glyph from its layout; a point's or
     * area's needs only its size until it is placed. */
    if (f->kind == PM_GEOM_LINE) {
        t->layout = pm_label_layout(z->pc, text, &lk->s, lk->wrap, lk->gloss);
        pm_text_size(t->layout, &t->g.w, &t->g.h);
    } else {
        pm_label_measure(z, sizes, add, text, lk, &t->g.w, &t->g.h);
    }
    t->g.pad = lk->s.halo_width > 0 ? lk->s.halo_width : 0.5;
    double x, y;
    pm_to_page(&rc->page, f->anchor[0], f->anchor[1], &x, &y);
    int ok = 0;
    for (int pass = f->kind == PM_GEOM_LINE || !rc->place.lines; pass < 2 && !ok; pass++) {
        rc->place.avoid_lines = pass == 0;
        ok = f->kind == PM_GEOM_POINT ? pm_label_place_point(rc, &t->g, x, y, marker_radius(&lk->s))
           : f->kind == PM_GEOM_LINE  ? pm_place_line(rc, &t->g, f, t->layout, &t->ll)
                                      : pm_label_place_area(rc, &t->g, f, x, y);
    }
    rc->place.avoid_lines = 0;
    return ok;
}

void pm_label_try_free(label_try *t)
{
    free(t->ll.glyphs);
    if (t->layout)
        g_object_unref(t->layout);
}

/* The looks a label tries in turn: the style's size, else one step smaller
 * (a slightly smaller name reads better than a missing one); an English or
 * two-language label, longer than its Chinese, then also as a narrower
 * block of more lines (it fits where a wide one does not: between roads,
 * beside a marker in a row of others); else it is dropped. */
static const double LOOK_SIZE[3] = {1, PM_LABEL_SHRINK, PM_LABEL_SHRINK}, LOOK_WRAP[3] = {1, 1, PM_LABEL_NARROW};

int pm_label_looks(const pm_rctx *rc, const char *text)
{
    int longer = (rc->lang == PM_LANG_ZH_EN && strchr(text, '\n')) ||
                 (rc->lang == PM_LANG_EN && strchr(text, ' '));
    return longer ? 3 : 2;
}

pm_label_look pm_label_look_at(const pm_rctx *rc, const label_req *q, int i)
{
    return pm_label_look_of(rc, q->layer, q->feature, LOOK_SIZE[i], LOOK_WRAP[i]);
}

/* Occupy the place a search found and draw the label there: later when
 * labels are drawn later (a point's or area's; a line's, laid out while
 * searching, now, after those placed before it). */
void pm_label_commit(pm_rctx *rc, pm_label_ahead *a, const label_req *q, const char *text, label_try *t)
{
    const pm_feature *f = &rc->map->layers[q->layer].data->features[q->feature];
    int dot = f->kind == PM_GEOM_POLYGON;
    occupy(rc, &t->g, &t->ll, text);
    if (!t->layout && pm_label_inks_add(rc->place.inks, &t->g, &t->lk, text, dot) == 0)
        return;
    pm_label_ahead_drawn(a);
    pm_label_inks_draw(rc, rc->place.inks);
    if (!t->layout)
        t->layout = pm_label_layout(rc->draw.pango, text, &t->lk.s, t->lk.wrap, t->lk.gloss);
    draw(rc, t->layout, &t->g, &t->ll, &t->lk.s, text, dot);
}

/* Place the label at the first look that finds a place, and draw it. */
int pm_label_place_one(pm_rctx *rc, pm_label_ahead *a, pm_keymap *sizes, const label_req *q,
                       const char *text, const pm_label_keep *keep)
{
    int n = pm_label_looks(rc, text);
    for (int i = 0; i < n; i++) {
        label_try t;
        pm_label_look lk = pm_label_look_at(rc, q, i);
        /* With searches out on other threads the table of sizes is only read. */
        int ok = pm_label_search(rc, rc->place.sizer, sizes, !a, q, text, &lk, keep, &t);
        if (ok)
            pm_label_commit(rc, a, q, text, &t);
        pm_label_try_free(&t);
        if (ok)
            return 1;
    }
    return 0;
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

/* Why a label found no place, under --verbose. */
void pm_label_log_dropped(const pm_rctx *rc, const label_req *q, const char *text)
{
    if (rc->verbose)
        pm_context_log(rc->map->context, PM_LOG_VERBOSE, "%s: layer %s: label \"%s\" dropped (%s)",
                       rc->spec->path, rc->map->layers[q->layer].spec->name, text,
                       point_off_map(rc, q) ? "its point is outside the map" : "no free place");
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
    pm_keymap sizes = pm_keymap_make(sizeof(pm_label_size), 0);
    pm_label_sizer sizer;
    pm_label_sizer_init(&sizer, rc->draw.pango);
    rc->place.sizer = &sizer;
    pm_label_ways ways = {0};
    rc->place.ways = &ways;
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
    int in_turn = pm_label_place_ahead(rc, &sizes, reqs, n, anchors, after) != 0;
    for (int k = 0; in_turn && k < n; k++) {
        char buf[1024];
        const char *text = pm_feature_label(rc, reqs[k].layer, reqs[k].feature, buf, sizeof buf);
        /* anchors were collected back to front: the first after[k] are k's */
        pm_label_keep keep = {anchors, after[k]};
        if (!pm_label_place_one(rc, NULL, &sizes, &reqs[k], text, &keep))
            pm_label_log_dropped(rc, &reqs[k], text);
    }
    pm_keymap_free(&sizes, NULL);
    pm_label_sizer_free(&sizer);
    rc->place.sizer = NULL;
    rc->place.ways = NULL;
    pm_line_mask_free(rc->place.lines);
    rc->place.lines = NULL;
    free(anchors);
    free(after);
    free(reqs);
}
