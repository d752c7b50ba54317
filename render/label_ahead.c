/* Labels placed with searches ahead on other threads (labels.c hands them
 * over when the map has threads to spare and labels to place).
 *
 * On a crowded map nearly every label is refused after a long search
 * (inside its area, then beside it on leaders). A search reads only what is
 * placed, and a place refused stays refused when more is placed. So while
 * the placing thread places labels in turn, the workers search the labels a
 * little further on in a copy of the collision index as it was when they
 * began (pm_grid_follow): a run's labels are taken from both ends, the
 * placing thread placing from the front and the workers searching from the
 * back, until they meet. The placing thread then settles the workers'
 * labels in order: one whose search found nothing is dropped, as one thread
 * would drop it; one whose search found a place takes it if nothing placed
 * since meets the look-ups that let it take that place (pm_grid's reach:
 * the places before it stay refused, and it stays free); else it is searched
 * again, in turn. The placing thread never does more than it would alone,
 * and the map is the same on any number of threads. Line labels, which lay
 * out their glyphs while searching, are placed in turn. */
#include "label_internal.h"
#include "pm_alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define AHEAD_RUN 64     /* labels in one run */
#define AHEAD_WINDOW 256 /* how far past the next label to place a run reaches */
#define AHEAD_MIN 256    /* fewer labels are placed on one thread */
#define AHEAD_LOOKS 3    /* the most looks a label tries (pm_label_looks) */

enum { UNSEARCHED, REFUSED, FOUND };

struct pm_label_ahead {
    pm_rctx *rc;
    pm_label_pool *pool;
    int threads;
    pm_rctx *local;             /* per worker: rc searching the copy */
    pm_grid copy;               /* the index as it was when the run went out */
    pm_keymap *sizes;           /* only read while a run is out */
    const pm_label_req *reqs;
    char **texts;
    char **keys;                /* per label, AHEAD_LOOKS of its sizes' keys (NULL: none) */
    atomic_int short_of_memory; /* a text could not be kept */
    const double *anchors;
    const int *after;
    signed char *in_turn;       /* per label: placed in turn (a line's) */
    signed char *state;         /* per label: searched ahead, */
    pm_label_geom *found;       /* the place found, */
    signed char *look;          /* at which look, */
    pm_rect *reach;             /* what its search looked up, */
    int *since;                 /* and the boxes placed before it */
    int *run;                   /* the labels of the run out */
    atomic_uint ends;           /* its untaken ones: places [low 16 bits, high 16 bits) */
    atomic_int halo_next;       /* the next handed-out label whose halo to make */
    int n_halos;                /* placed labels handed out with the run */
    int out;                    /* a run is out */
    PangoContext **pango;       /* per worker, made on its thread (0: rc's) */
    pm_label_sizer *sizers;     /* per worker, measuring with its context (0: rc's) */
    pm_label_ways *ways;        /* per worker: the last area's ways out */
    struct measure_job *jobs;   /* the sizes measured before the searches */
};

typedef pm_label_ahead ahead;

static int is_line(const ahead *a, int k)
{
    return a->rc->map->layers[a->reqs[k].layer].data->features[a->reqs[k].feature].kind == PM_GEOM_LINE;
}

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

/* ---- sizes --------------------------------------------------------------- */

/* A distinct text and look whose size is not yet in the table. */
typedef struct measure_job {
    int k, look;
    double w, h;                /* w < 0: not measured (no Pango context) */
} measure_job;

/* Worker w's measuring, made on its thread with its context (NULL: none). */
static pm_label_sizer *worker_sizer(ahead *a, int worker)
{
    if (worker == 0)
        return a->rc->place.sizer;
    pm_label_sizer *z = &a->sizers[worker];
    if (!z->pc)
        pm_label_sizer_init(z, worker_context(a, worker));
    return z->pc ? z : NULL;
}

static void measure_one(void *ctx, int worker, int j)
{
    ahead *a = ctx;
    measure_job *m = &a->jobs[j];
    pm_label_sizer *z = worker_sizer(a, worker);
    m->w = -1;
    if (!z)
        return;
    pm_label_look lk = pm_label_look_at(a->rc, &a->reqs[m->k], m->look);
    pm_label_sizer_size(z, a->texts[m->k], &lk, &m->w, &m->h);
}

/* The entry of label k's look i in the table of sizes, by the key kept for
 * it (NULL: none). Found again each time: entering keys moves the entries. */
static pm_label_size *kept_size(const ahead *a, int k, int i)
{
    const char *key = a->keys[AHEAD_LOOKS * k + i];
    return key ? pm_keymap_find(a->sizes, key) : NULL;
}

/* Label k's text, whether it is placed in turn, and its sizes' keys, made
 * on every thread before the sizes are measured (one after another they
 * were a tenth of a crowded map's placing). */
static void prepare_one(void *ctx, int worker, int k)
{
    ahead *a = ctx;
    (void)worker;
    char buf[1024];
    const char *text = pm_feature_label(a->rc, a->reqs[k].layer, a->reqs[k].feature, buf, sizeof buf);
    if (!(a->texts[k] = strdup(text ? text : ""))) {
        atomic_store(&a->short_of_memory, 1);
        return;
    }
    a->in_turn[k] = is_line(a, k);
    int looks = pm_label_looks(a->rc, a->texts[k]);
    for (int i = 0; i < looks && !a->in_turn[k]; i++) {
        char key[1400];
        pm_label_look lk = pm_label_look_at(a->rc, &a->reqs[k], i);
        /* A size without a key, or one not kept, is measured in turn. */
        a->in_turn[k] = !pm_label_size_key(key, sizeof key, a->texts[k], &lk) ||
                        !(a->keys[AHEAD_LOOKS * k + i] = strdup(key));
    }
}

/* Every size the point and area labels may ask for, into the table of
 * sizes, before the searches (which only read it). The distinct texts
 * and looks are measured on every thread (measuring with Pango is a
 * sixth of a crowded map's run), then entered in turn. A label whose size
 * has no key is placed in turn. */
static void measure_all(ahead *a, int n)
{
    int n_jobs = 0, cap = 0, short_of_memory = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < AHEAD_LOOKS && !a->in_turn[k]; i++) {
            int added = 0;
            const char *key = a->keys[AHEAD_LOOKS * k + i];
            if (!key)
                continue;
            if (!pm_keymap_get(a->sizes, key, &added) ||
                (added && pm_array_grow(&a->jobs, n_jobs, &cap, sizeof *a->jobs, 64) != 0)) {
                short_of_memory = 1;
                continue;
            }
            if (added)
                a->jobs[n_jobs++] = (measure_job){k, i, -1, 0};
        }
    pm_label_pool_run(a->pool, 0, n_jobs, measure_one, a);
    for (int j = 0; j < n_jobs; j++) {
        const measure_job *m = &a->jobs[j];
        pm_label_size *t = kept_size(a, m->k, m->look);
        if (t && m->w >= 0) {
            *t = (pm_label_size){m->w, m->h, 1};
        } else {
            pm_label_look lk = pm_label_look_at(a->rc, &a->reqs[m->k], m->look);
            double w, h;
            pm_label_measure(a->rc->place.sizer, a->sizes, 1, a->texts[m->k], &lk, &w, &h);
        }
    }
    /* Out of memory above: a label whose size is not in the table is
     * placed in turn (the searches ahead have no Pango context). */
    for (int k = 0; short_of_memory && k < n; k++)
        for (int i = 0; i < AHEAD_LOOKS && a->keys[AHEAD_LOOKS * k + i] && !a->in_turn[k]; i++) {
            const pm_label_size *t = kept_size(a, k, i);
            a->in_turn[k] = !t || !t->known;
        }
}

/* ---- a run --------------------------------------------------------------- */

/* The run's first untaken label (the placing thread's) or its last (a
 * worker's): its place in the run, or -1 when all are taken. */
static int take(ahead *a, int last)
{
    unsigned v = atomic_load(&a->ends);
    for (;;) {
        unsigned lo = v & 0xffffu, hi = v >> 16;
        if (lo >= hi)
            return -1;
        unsigned to = last ? lo | (hi - 1) << 16 : (lo + 1) | hi << 16;
        if (atomic_compare_exchange_weak(&a->ends, &v, to))
            return (int)(last ? hi - 1 : lo);
    }
}

static void search_ahead(ahead *a, int worker, int k)
{
    int looks = pm_label_looks(a->rc, a->texts[k]), ok = 0;
    pm_label_keep keep = {a->anchors, a->after[k]};
    pm_rctx *rc = &a->local[worker];
    a->reach[k] = (pm_rect){0, 0, -1, -1};
    a->since[k] = rc->place.grid.n_boxes;
    rc->place.grid.reach = &a->reach[k];
    for (int i = 0; i < looks && !ok; i++) {
        pm_label_try t;
        pm_label_look lk = pm_label_look_at(a->rc, &a->reqs[k], i);
        ok = pm_label_search(rc, NULL, a->sizes, 0, &a->reqs[k], a->texts[k], &lk, &keep, &t);
        a->found[k] = t.g;
        a->look[k] = (signed char)i;
        pm_label_try_free(&t);
    }
    rc->place.grid.reach = NULL;
    a->state[k] = ok ? FOUND : REFUSED;
}

/* A worker's part of a run: the halos of the labels handed out with it,
 * then searches from the back. */
static void work_run(void *ctx, int worker, int unused)
{
    ahead *a = ctx;
    (void)unused;
    for (int i; (i = atomic_fetch_add(&a->halo_next, 1)) < a->n_halos;)
        pm_label_inks_halo(a->rc->place.inks, i, worker_context(a, worker));
    for (int j; (j = take(a, 1)) >= 0;)
        search_ahead(a, worker, a->run[j]);
}

/* Send out a run: the next labels not searched yet (not past the window),
 * the labels placed since the last run for their halos, and the index as
 * it is now. The number of labels in it. */
static int run_out(ahead *a, int next, int n)
{
    int m = 0;
    for (int k = next; k < n && k < next + AHEAD_WINDOW && m < AHEAD_RUN; k++)
        if (a->state[k] == UNSEARCHED && !a->in_turn[k])
            a->run[m++] = k;
    /* A copy that could not follow would hide boxes placed before a
     * search: then every label is placed in turn. */
    if (m > 0 && pm_grid_follow(&a->copy, &a->rc->place.grid) != 0) {
        a->rc->nomem = 1;
        memset(a->in_turn, 1, (size_t)n);
        m = 0;
    }
    for (int w = 1; m > 0 && w < a->threads; w++) {
        a->local[w] = *a->rc;
        a->local[w].place.grid = a->copy;
        a->local[w].place.ways = &a->ways[w];
    }
    a->n_halos = pm_label_inks_hand_out(a->rc->place.inks);
    atomic_store(&a->halo_next, 0);
    atomic_store(&a->ends, (unsigned)m << 16);
    a->out = m > 0 || a->n_halos > 0;
    if (a->out)
        pm_label_pool_start(a->pool, 0, a->threads - 1, work_run, a);
    return m;
}

/* Wait for the run out, and draw the labels whose halos it made. The
 * halos still to make are made here too rather than waited for. */
static void run_in(ahead *a)
{
    if (!a->out)
        return;
    for (int i; (i = atomic_fetch_add(&a->halo_next, 1)) < a->n_halos;)
        pm_label_inks_halo(a->rc->place.inks, i, a->rc->draw.pango);
    pm_label_pool_wait(a->pool);
    pm_label_inks_draw_out(a->rc, a->rc->place.inks);
    a->out = 0;
    a->n_halos = 0;
}

void pm_label_ahead_drawn(pm_label_ahead *a)
{
    if (a && a->n_halos > 0)
        run_in(a);
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

/* Label k placed in turn, or as its search ahead says: dropped, placed
 * where it found a place, or (something placed since may change that)
 * searched again now. */
static void settle(ahead *a, int k, int in_turn)
{
    pm_rctx *rc = a->rc;
    pm_label_keep keep = {a->anchors, a->after[k]};
    if (!in_turn && a->state[k] == FOUND && placed_near(&rc->place.grid, a->since[k], a->reach[k]))
        in_turn = 1;
    if (in_turn) {
        if (!pm_label_place_one(rc, a, a->sizes, &a->reqs[k], a->texts[k], &keep))
            pm_label_log_dropped(rc, &a->reqs[k], a->texts[k]);
    } else if (a->state[k] == REFUSED) {
        pm_label_log_dropped(rc, &a->reqs[k], a->texts[k]);
    } else {
        pm_label_try t = {.lk = pm_label_look_at(rc, &a->reqs[k], a->look[k]), .g = a->found[k],
                          .ll = {.keep = &keep}};
        pm_label_commit(rc, a, &a->reqs[k], a->texts[k], &t);
        pm_label_try_free(&t);
    }
}

static void place_all(ahead *a, int n)
{
    for (int next = 0; next < n;) {
        int m = run_out(a, next, n), pos = 0;
        while (next < n) {
            if (pos < m && a->run[pos] == next) {
                if (take(a, 0) != pos)
                    break;   /* met the workers */
                pos++;
                settle(a, next++, 1);
            } else if (a->in_turn[next] || a->state[next] != UNSEARCHED) {
                settle(a, next, a->in_turn[next]);
                next++;
            } else {
                break;       /* for the next run */
            }
        }
        run_in(a);
    }
}

/* ---- set-up ---------------------------------------------------------------- */

static int ahead_alloc(ahead *a, int n)
{
    a->local = calloc((size_t)a->threads, sizeof(pm_rctx));
    a->in_turn = calloc((size_t)n, 1);
    a->texts = calloc((size_t)n, sizeof(char *));
    a->state = calloc((size_t)n, 1);
    a->found = calloc((size_t)n, sizeof(pm_label_geom));
    a->look = calloc((size_t)n, 1);
    a->reach = calloc((size_t)n, sizeof(pm_rect));
    a->since = calloc((size_t)n, sizeof(int));
    a->run = calloc(AHEAD_RUN, sizeof(int));
    a->pango = calloc((size_t)a->threads, sizeof(PangoContext *));
    a->sizers = calloc((size_t)a->threads, sizeof(pm_label_sizer));
    a->ways = calloc((size_t)a->threads, sizeof(pm_label_ways));
    int ok = a->local && a->in_turn && a->texts && a->state && a->found && a->look && a->reach &&
             a->since && a->run && a->pango && a->sizers && a->ways;
    ok = ok && (a->keys = calloc((size_t)n * AHEAD_LOOKS, sizeof(char *))) != NULL;
    if (ok)
        pm_label_pool_run(a->pool, 0, n, prepare_one, a);
    return ok && !atomic_load(&a->short_of_memory) ? 0 : -1;
}

static void ahead_free(ahead *a, int n)
{
    for (int k = 0; a->texts && k < n; k++)
        free(a->texts[k]);
    for (size_t i = 0; a->keys && i < (size_t)n * AHEAD_LOOKS; i++)
        free(a->keys[i]);
    free(a->keys);
    pm_label_pool_free(a->pool);
    /* A worker's layout before its context. */
    for (int w = 1; a->sizers && w < a->threads; w++)
        pm_label_sizer_free(&a->sizers[w]);
    for (int w = 1; a->pango && w < a->threads; w++)
        if (a->pango[w])
            g_object_unref(a->pango[w]);
    pm_grid_free(&a->copy);
    PM_FREE_ALL(a->local, a->in_turn, a->texts, a->state, a->found, a->look, a->reach, a->since,
                a->run, a->pango, a->sizers, a->jobs, a->ways);
}

int pm_label_place_ahead(pm_rctx *rc, pm_keymap *sizes, const pm_label_req *reqs, int n,
                         const double *anchors, const int *after)
{
    int threads = pm_context_threads(rc->map->context);
    if (threads < 2 || n < AHEAD_MIN)
        return -1;
    ahead a = {.rc = rc, .sizes = sizes, .reqs = reqs, .anchors = anchors, .after = after,
               .pool = pm_label_pool_new(threads)};
    a.threads = pm_label_pool_threads(a.pool);
    int ok = a.threads > 1 && ahead_alloc(&a, n) == 0;
    if (ok) {
        measure_all(&a, n);
        rc->place.inks = pm_label_inks_new(rc);
        place_all(&a, n);
        run_in(&a);
        pm_label_inks_free(rc, rc->place.inks);
        rc->place.inks = NULL;
    }
    ahead_free(&a, n);
    return ok ? 0 : -1;
}
