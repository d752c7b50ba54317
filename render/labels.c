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

/* Occupy the label's place and record its boxes. */
static void occupy(pm_rctx *rc, const label_geom *g, const pm_line_label *ll, const char *text)
{
    int bad = 0;
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

/* One search for a place at a look; 1 if the label found one (in t, for
 * commit). It reads the collision index and writes nothing shared but
 * rc->place.avoid_lines, so threads search at once, each with its own rctx. */
typedef struct label_try {
    pm_label_look lk;
    label_geom g;
    pm_line_label ll;
    PangoLayout *layout;        /* a line's label only, until placed */
} label_try;

static int search(pm_rctx *rc, PangoContext *pc, pm_keymap *sizes, int add, const label_req *q,
                  const char *text, const pm_label_look *lk, const pm_label_keep *keep, label_try *t)
{
    const pm_feature *f = &rc->map->layers[q->layer].data->features[q->feature];
    *t = (label_try){.lk = *lk, .ll = {.keep = keep}};
    /* A line's label is set glyph by glyph from its layout; a point's or
     * area's needs only its size until it is placed. */
    if (f->kind == PM_GEOM_LINE) {
        t->layout = pm_label_layout(pc, text, &lk->s, lk->wrap, lk->gloss);
        pm_text_size(t->layout, &t->g.w, &t->g.h);
    } else {
        pm_label_measure(pc, sizes, add, text, lk, &t->g.w, &t->g.h);
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

static void try_free(label_try *t)
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

static int looks_of(const pm_rctx *rc, const char *text)
{
    int longer = (rc->lang == PM_LANG_ZH_EN && strchr(text, '\n')) ||
                 (rc->lang == PM_LANG_EN && strchr(text, ' '));
    return longer ? 3 : 2;
}

static pm_label_look look_at(const pm_rctx *rc, const label_req *q, int i)
{
    return pm_label_look_of(rc, q->layer, q->feature, LOOK_SIZE[i], LOOK_WRAP[i]);
}

/* Occupy the place a search found and draw the label there: later when
 * labels are drawn later (a point's or area's; a line's, laid out while
 * searching, now, after those waiting). */
static void commit_try(pm_rctx *rc, const label_req *q, const char *text, label_try *t)
{
    const pm_feature *f = &rc->map->layers[q->layer].data->features[q->feature];
    int dot = f->kind == PM_GEOM_POLYGON;
    occupy(rc, &t->g, &t->ll, text);
    if (!t->layout && pm_label_inks_add(rc->place.inks, &t->g, &t->lk, text, dot) == 0)
        return;
    pm_label_inks_draw(rc, rc->place.inks);
    if (!t->layout)
        t->layout = pm_label_layout(rc->draw.pango, text, &t->lk.s, t->lk.wrap, t->lk.gloss);
    draw(rc, t->layout, &t->g, &t->ll, &t->lk.s, text, dot);
}

/* Place the label at the first look that finds a place, and draw it. */
static int place_one(pm_rctx *rc, pm_keymap *sizes, const label_req *q, const char *text,
                     const pm_label_keep *keep)
{
    int n = looks_of(rc, text);
    for (int i = 0; i < n; i++) {
        label_try t;
        pm_label_look lk = look_at(rc, q, i);
        int ok = search(rc, rc->draw.pango, sizes, 1, q, text, &lk, keep, &t);
        if (ok)
            commit_try(rc, q, text, &t);
        try_free(&t);
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
static void log_dropped(const pm_rctx *rc, const label_req *q, const char *text)
{
    if (rc->verbose)
        pm_context_log(rc->map->context, PM_LOG_VERBOSE, "%s: layer %s: label \"%s\" dropped (%s)",
                       rc->spec->path, rc->map->layers[q->layer].spec->name, text,
                       point_off_map(rc, q) ? "its point is outside the map" : "no free place");
}

/* ---- several threads ------------------------------------------------------ */

/* On a crowded map nearly every label is refused after a long search
 * (inside its area, then beside it on leaders). A search reads only what is
 * placed, and a place refused stays refused when more is placed: so labels
 * ahead of the one being placed are searched at once, on every thread,
 * against what is placed so far, and then settled in order. A label whose
 * search found nothing is dropped, as one thread would drop it. One whose
 * search found a place takes it if nothing placed since that search meets
 * the look-ups that let it take that place (pm_grid's reach: the places
 * before it stay refused, and it stays free); else it is searched again, in
 * turn. The map is the same on any number of
 * threads. Line labels, which lay out their glyphs while searching, are
 * placed in turn. */
#define AHEAD_RUN 24     /* labels searched in one run */
#define AHEAD_WINDOW 256 /* how far past the next label to place a run reaches */
#define AHEAD_MIN 256    /* fewer labels are placed on one thread */
/* A search ahead whose place was taken meanwhile is done twice, once on the
 * placing thread, which also does its share of the searches ahead: past a
 * quarter of them the placing thread does about as much as alone, for more
 * CPU (neighbours placed in a row, as a FlatGeobuf's Hilbert order gives).
 * Counted over the first AHEAD_PROBE labels searched, then every label is
 * placed in turn: the map is the same either way. */
#define AHEAD_PROBE 1024
#define AHEAD_STALE 4    /* stop when more than 1 in AHEAD_STALE is stale */
/* Placed labels drawn later: their halos are made in the next run, beside
 * the searches, then they are drawn in order (label_draw.c). At most this
 * many wait (placed in turn, a run may not come for long). */
#define INKS_WAITING 256

enum { UNSEARCHED, REFUSED, FOUND };

typedef struct ahead {
    pm_rctx *rc;
    pm_rctx *local;             /* per worker: rc as it was when the run began */
    pm_keymap *sizes;           /* only read during a run */
    const label_req *reqs;
    char **texts;
    const double *anchors;
    const int *after;
    signed char *state;         /* per label */
    label_geom *found;          /* per label: the place found, */
    signed char *look;          /* at which look, */
    pm_rect *reach;             /* what its search looked up, */
    int *since;                 /* and the boxes placed before it */
    int *run;                   /* the labels of the current run */
    int searched, stale;        /* settled from a search ahead; searched again */
    int n_run;                  /* searches in the current run (then halos to make) */
    signed char *in_turn;       /* per label: placed in turn (a line's) */
    PangoContext **pango;       /* per worker, made on its thread (0: rc's) */
    pm_label_ways *ways;        /* per worker: the last area's ways out */
    struct measure_job *jobs;   /* the sizes measured before the searches */
} ahead;

static int is_line(const ahead *a, int k)
{
    return a->rc->map->layers[a->reqs[k].layer].data->features[a->reqs[k].feature].kind == PM_GEOM_LINE;
}

/* A distinct text and look whose size is not yet in the table. */
typedef struct measure_job {
    int k, look;
    double w, h;                /* w < 0: not measured (no Pango context) */
} measure_job;

/* A worker's own Pango context, made on its thread: Pango's objects are
 * not shared between threads, and pango_cairo_font_map_get_default gives
 * each thread its own font map (the same fonts, options and sizes). */
static PangoContext *worker_context(ahead *a, int worker)
{
    if (worker == 0)
        return a->rc->draw.pango;
    if (!a->pango[worker])
        a->pango[worker] = pm_text_context();
    return a->pango[worker];
}

static void measure_one(void *ctx, int worker, int j)
{
    ahead *a = ctx;
    measure_job *m = &a->jobs[j];
    PangoContext *pc = worker_context(a, worker);
    m->w = -1;
    if (!pc)
        return;
    pm_label_look lk = look_at(a->rc, &a->reqs[m->k], m->look);
    PangoLayout *layout = pm_label_layout(pc, a->texts[m->k], &lk.s, lk.wrap, lk.gloss);
    pm_text_size(layout, &m->w, &m->h);
    g_object_unref(layout);
}

/* Every size the point and area labels may ask for, into the table of
 * sizes, before the searches (which only read it). The distinct texts
 * and looks are measured on every thread (measuring with Pango is a
 * sixth of a crowded map's run), then entered in turn. A label whose size
 * has no key is placed in turn. */
static void measure_all(ahead *a, pm_label_pool *pool, int n)
{
    int n_jobs = 0, cap = 0;
    for (int k = 0; k < n; k++) {
        int looks = looks_of(a->rc, a->texts[k]);
        a->in_turn[k] = is_line(a, k);
        for (int i = 0; i < looks && !a->in_turn[k]; i++) {
            char key[1400];
            int added = 0;
            pm_label_look lk = look_at(a->rc, &a->reqs[k], i);
            a->in_turn[k] = !pm_label_size_key(key, sizeof key, a->texts[k], &lk);
            if (a->in_turn[k] || !pm_keymap_get(a->sizes, key, &added) || !added)
                continue;
            if (pm_array_grow(&a->jobs, n_jobs, &cap, sizeof *a->jobs, 64) != 0)
                break;   /* out of memory: the searches measure it */
            a->jobs[n_jobs++] = (measure_job){k, i, -1, 0};
        }
    }
    pm_label_pool_run(pool, 0, n_jobs, measure_one, a);
    for (int j = 0; j < n_jobs; j++) {
        const measure_job *m = &a->jobs[j];
        char key[1400];
        pm_label_look lk = look_at(a->rc, &a->reqs[m->k], m->look);
        pm_label_size *t = pm_label_size_key(key, sizeof key, a->texts[m->k], &lk) ? pm_keymap_find(a->sizes, key) : NULL;
        double w, h;
        if (t && m->w >= 0)
            *t = (pm_label_size){m->w, m->h, 1};
        else
            pm_label_measure(a->rc->draw.pango, a->sizes, 1, a->texts[m->k], &lk, &w, &h);
    }
}

static void search_ahead(void *ctx, int worker, int j)
{
    ahead *a = ctx;
    int k = a->run[j], looks = looks_of(a->rc, a->texts[k]), ok = 0;
    pm_label_keep keep = {a->anchors, a->after[k]};
    pm_rctx *rc = &a->local[worker];
    a->reach[k] = (pm_rect){0, 0, -1, -1};
    a->since[k] = rc->place.grid.n_boxes;
    rc->place.grid.reach = &a->reach[k];
    for (int i = 0; i < looks && !ok; i++) {
        label_try t;
        pm_label_look lk = look_at(a->rc, &a->reqs[k], i);
        ok = search(rc, NULL, a->sizes, 0, &a->reqs[k], a->texts[k], &lk, &keep, &t);
        a->found[k] = t.g;
        a->look[k] = (signed char)i;
        try_free(&t);
    }
    rc->place.grid.reach = NULL;
    a->state[k] = ok ? FOUND : REFUSED;
}

/* A run's search ahead, or past them a placed label's halo. */
static void search_or_halo(void *ctx, int worker, int j)
{
    ahead *a = ctx;
    if (j < a->n_run)
        search_ahead(ctx, worker, j);
    else
        pm_label_inks_halo(a->rc->place.inks, j - a->n_run, worker_context(a, worker));
}

/* 1 if a box placed since box `since` meets r (grown by the covered
 * bitmap's cell and more, so no rounding of a look-up can matter). */
static int placed_near(const pm_grid *g, int since, pm_rect r)
{
    const double m = 4;
    for (int i = since; i < g->n_boxes; i++) {
        pm_rect b = g->boxes[i];
        if (b.x <= r.x + r.w + m && r.x - m <= b.x + b.w && b.y <= r.y + r.h + m && r.y - m <= b.y + b.h)
            return 1;
    }
    return 0;
}

/* Settle label k if it was searched: dropped, placed where its search
 * found a place, or (something placed since may change that) searched
 * again now. 0 if not searched yet. */
static int settle(ahead *a, int k)
{
    pm_rctx *rc = a->rc;
    pm_label_keep keep = {a->anchors, a->after[k]};
    int stale = a->state[k] == FOUND && placed_near(&rc->place.grid, a->since[k], a->reach[k]);
    a->searched += a->state[k] != UNSEARCHED && !a->in_turn[k];
    a->stale += stale;
    if (a->in_turn[k] || stale) {
        if (!place_one(rc, a->sizes, &a->reqs[k], a->texts[k], &keep))
            log_dropped(rc, &a->reqs[k], a->texts[k]);
    } else if (a->state[k] == REFUSED) {
        log_dropped(rc, &a->reqs[k], a->texts[k]);
    } else if (a->state[k] == FOUND) {
        label_try t = {.lk = look_at(rc, &a->reqs[k], a->look[k]), .g = a->found[k], .ll = {.keep = &keep}};
        commit_try(rc, &a->reqs[k], a->texts[k], &t);
        try_free(&t);
    }
    return a->in_turn[k] || a->state[k] != UNSEARCHED;
}

static void place_ahead(ahead *a, pm_label_pool *pool, int n)
{
    int threads = pm_label_pool_threads(pool);
    for (int next = 0; next < n;) {
        pm_label_inks *inks = a->rc->place.inks;
        while (next < n && pm_label_inks_waiting(inks) < INKS_WAITING && settle(a, next))
            next++;
        if (a->searched >= AHEAD_PROBE && a->stale * AHEAD_STALE > a->searched)
            for (int k = next; k < n; k++)   /* the searches ahead do not pay */
                a->in_turn[k] |= a->state[k] == UNSEARCHED;
        int m = 0;
        for (int k = next; k < n && k < next + AHEAD_WINDOW && m < AHEAD_RUN; k++)
            if (a->state[k] == UNSEARCHED && !a->in_turn[k])
                a->run[m++] = k;
        for (int w = 0; m > 0 && w < threads; w++) {
            a->local[w] = *a->rc;
            a->local[w].place.ways = &a->ways[w];
        }
        a->n_run = m;
        pm_label_pool_run(pool, 0, m + pm_label_inks_waiting(inks), search_or_halo, a);
        pm_label_inks_draw(a->rc, inks);
    }
}

/* 0 when the labels were placed on several threads, -1 if not (one thread,
 * few labels, out of memory): then they are placed in turn. */
static int place_threaded(pm_rctx *rc, pm_keymap *sizes, const label_req *reqs, int n,
                          const double *anchors, const int *after)
{
    int threads = pm_context_threads(rc->map->context);
    if (threads < 2 || n < AHEAD_MIN)
        return -1;
    pm_label_pool *pool = pm_label_pool_new(threads);
    threads = pm_label_pool_threads(pool);
    ahead a = {.rc = rc, .local = calloc((size_t)threads, sizeof(pm_rctx)),
               .in_turn = calloc((size_t)n, 1), .sizes = sizes, .reqs = reqs,
               .texts = calloc((size_t)n, sizeof(char *)), .anchors = anchors, .after = after,
               .state = calloc((size_t)n, 1), .found = calloc((size_t)n, sizeof(label_geom)),
               .look = calloc((size_t)n, 1), .reach = calloc((size_t)n, sizeof(pm_rect)),
               .since = calloc((size_t)n, sizeof(int)), .run = calloc(AHEAD_RUN, sizeof(int)),
               .pango = calloc((size_t)threads, sizeof(PangoContext *)),
               .ways = calloc((size_t)threads, sizeof(pm_label_ways))};
    int ok = threads > 1 && a.local && a.in_turn && a.texts && a.state && a.found && a.look && a.reach &&
             a.since && a.run && a.pango && a.ways;
    for (int k = 0; ok && k < n; k++) {
        char buf[1024];
        const char *text = pm_feature_label(rc, reqs[k].layer, reqs[k].feature, buf, sizeof buf);
        ok = (a.texts[k] = strdup(text ? text : "")) != NULL;
    }
    if (ok) {
        measure_all(&a, pool, n);
        rc->place.inks = pm_label_inks_new(rc);
        place_ahead(&a, pool, n);
        pm_label_inks_free(rc, rc->place.inks);
        rc->place.inks = NULL;
    }
    for (int k = 0; a.texts && k < n; k++)
        free(a.texts[k]);
    pm_label_pool_free(pool);
    for (int w = 1; a.pango && w < threads; w++)
        if (a.pango[w])
            g_object_unref(a.pango[w]);
    PM_FREE_ALL(a.local, a.in_turn, a.texts, a.state, a.found, a.look, a.reach, a.since, a.run,
                a.pango, a.jobs, a.ways);
    return ok ? 0 : -1;
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
    int in_turn = place_threaded(rc, &sizes, reqs, n, anchors, after) != 0;
    for (int k = 0; in_turn && k < n; k++) {
        char buf[1024];
        const char *text = pm_feature_label(rc, reqs[k].layer, reqs[k].feature, buf, sizeof buf);
        /* anchors were collected back to front: the first after[k] are k's */
        pm_label_keep keep = {anchors, after[k]};
        if (!place_one(rc, &sizes, &reqs[k], text, &keep))
            log_dropped(rc, &reqs[k], text);
    }
    pm_keymap_free(&sizes, NULL);
    rc->place.ways = NULL;
    pm_line_mask_free(rc->place.lines);
    rc->place.lines = NULL;
    free(anchors);
    free(after);
    free(reqs);
}
