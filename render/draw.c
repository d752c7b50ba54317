/* Drawing the data: polygons (even-odd fill, then outline), lines (width,
 * dash, caps, casing, arrow heads) and point markers, layer by layer in spec
 * order, clipped to the map frame.
 *
 * The drawer walks each layer's features, skips those off the frame (or off
 * the ink windows), puts the others in page points without vertices closer
 * than half a pixel to the last one kept, and hands them to a back end
 * (draw_backend.h) that draws them. A large layer whose every style the
 * back end can draw from two threads is drawn in two bands at once. */
#include "render_internal.h"
#include "svg_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "draw_backend.h"
#include "draw_internal.h"
#include "pm_classes.h"

/* ---- features ---------------------------------------------------------- */

/* Page coordinates of one part, appended to d->buf after `at` points,
 * without vertices closer than the tolerance to the last one kept (the last
 * vertex always stays); the count kept. */
static int part_points(pm_drawer *d, const pm_feature *f, int first, int len, int at)
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
        pm_to_page(&d->rc->page, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x, &y);
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
static int shown(const pm_drawer *d, const double box[4])
{
    const pm_rctx *rc = d->rc;
    if (!touches(box, &d->frame))
        return 0;
    for (int i = 0; i < rc->draw.n_windows; i++)
        if (touches(box, &rc->draw.windows[i]))
            return 1;
    return rc->draw.n_windows == 0;
}

/* A feature shown in the frame, counted once whatever draws it: by the
 * drawer that marks, whichever band it draws, not in the ink pass. */
static void tally(pm_drawer *d)
{
    if (d->marks && !d->rc->draw.ink_pass)
        d->n_shown++;
}

/* The feature's page box grown by m; 0 if it is not to be drawn (visible). */
static int page_box(pm_drawer *d, const pm_feature *f, double m, double box[4])
{
    double x0, y0, x1, y1;
    pm_to_page(&d->rc->page, f->bbox[0], f->bbox[1], &x0, &y0);
    pm_to_page(&d->rc->page, f->bbox[2], f->bbox[3], &x1, &y1);
    box[0] = fmin(x0, x1) - m;
    box[1] = fmin(y0, y1) - m;
    box[2] = fmax(x0, x1) + m;
    box[3] = fmax(y0, y1) + m;
    if (!shown(d, box))
        return 0;
    tally(d);
    return pm_backend_covers(d->out, box);
}

/* All parts of the feature in page points, d->lens and (for polygons)
 * d->exterior set; 0, or -1 out of memory. */
static int gather(pm_drawer *d, const pm_feature *f, pm_shape *g)
{
    if (f->n_parts > d->lens_cap) {
        int cap = 2 * f->n_parts;
        int *lens = realloc(d->lens, (size_t)cap * sizeof *lens);
        char *ext = lens ? realloc(d->exterior, (size_t)cap) : NULL;
        if (lens)
            d->lens = lens;
        if (!lens || !ext) {
            d->nomem = 1;
            return -1;
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
    g->xy = d->buf;
    g->len = d->lens;
    g->exterior = d->exterior;
    g->n = f->n_parts;
    return 0;
}

static int inside(const pm_rect *r, double x, double y)
{
    return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

/* Markers occupy the collision index, so no label covers a symbol. */
static void draw_points(pm_drawer *d, const pm_layer *data, const pm_feature *f, const pm_style *s)
{
    pm_rctx *rc = d->rc;
    double half = 0.5 * s->marker_size + 0.5 * s->width;
    int counted = 0;
    for (int p = 0; p < f->n_parts; p++) {
        double x, y;
        pm_to_page(&rc->page, f->xy[2 * p], f->xy[2 * p + 1], &x, &y);
        double box[4] = {x - half - 1, y - half - 1, x + half + 1, y + half + 1};
        if (!shown(d, box))
            continue;
        if (!counted++)
            tally(d);
        if (pm_backend_covers(d->out, box))
            pm_backend_marker(d->out, x, y, s, box);
        if (!d->marks || rc->draw.ink_pass || !inside(&rc->page.lay.frame, x, y))
            continue;
        pm_rect r = {x - half, y - half, 2 * half, 2 * half};
        if (rc->place.mark_grid && pm_grid_add_marker(&rc->place.grid, r) != 0)
            rc->nomem = 1;
        if (rc->place.marker_boxes) {
            const char *name = pm_feature_value(data, f, "name");
            pm_rctx_box(rc, "marker", name ? name : "", r);
        }
    }
}

/* ---- styles ------------------------------------------------------------ */

/* Arrow heads are a style key (the theme gives axes one at their end). */
static pm_style draw_style(const pm_map_layer *ml, int feature, int *arrow)
{
    pm_style s = pm_map_layer_style(ml, feature);
    if (arrow)
        *arrow = s.arrow;
    return s;
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
    const pm_style *resolved = pm_map_layer_style_at(ml, i);
    if (resolved) {
        if (arrow)
            *arrow = resolved->arrow;
        return resolved;
    }
    const pm_feature *f = &ml->data->features[i];
    const char *kind = value_at(f, m->kind_i), *role = value_at(f, m->role_i);
    const pm_map_classes *c = ml->classes;
    int cls = c ? c->class_of[i] : -1;
    double size = c && c->size_of ? c->size_of[i] : 0;
    if (!m->valid || m->rule != ml->rule_of[i] || m->geom != f->kind || !same_text(m->kind, kind) ||
        !same_text(m->role, role) || m->cls != cls || m->size != size) {
        m->s = draw_style(ml, i, &m->arrow);
        m->valid = 1;
        m->cls = cls;
        m->size = size;
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

static void draw_feature(pm_drawer *d, const pm_map_layer *ml, const pm_feature *f,
                         const pm_style *s, int arrow)
{
    pm_shape g = {.arrow = arrow};
    if (f->kind == PM_GEOM_POLYGON) {
        if (page_box(d, f, 0.5 * s->width + 1, g.box) && gather(d, f, &g) == 0)
            pm_backend_fill(d->out, &g, s);
    } else if (f->kind == PM_GEOM_LINE) {
        if (s->width > 0 && s->stroke.a > 0 &&
            page_box(d, f, pm_style_line_reach(s) + 1, g.box) &&
            gather(d, f, &g) == 0)
            pm_backend_stroke(d->out, &g, s);
    } else if (f->kind == PM_GEOM_POINT && !ml->spec->projects && s->marker != PM_MARKER_NONE) {
        draw_points(d, ml->data, f, s);   /* project points become badges (projects.c) */
    }
}

static void draw_features(pm_drawer *d, const pm_map_layer *ml)
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

/* Markers at least this many pixels across are worth two bands. */
#define BAND_MARKER_PX 8

/* Whether the back end can draw every feature of the layer from two
 * threads, and whether that pays: a layer of small points alone is drawn
 * on one. Markers of a few pixels each make the walk over its features
 * (each put on the page and tested against the frame), which every band
 * repeats, most of the work: two threads took 1.09-1.16 times the CPU of
 * one for no less wall time. Larger markers (an A4 300 dpi map's 3-point
 * dots are 12 pixels) are bound by their pixels, which the bands share. */
static int layer_parallel(const pm_drawer *d, const pm_map_layer *ml)
{
    pm_style_memo memo;
    pm_style_memo_init(&memo, ml->data);
    int shapes = 0;
    for (int i = 0; i < ml->data->n_features; i++) {
        int kind = ml->data->features[i].kind;
        if (ml->rule_of[i] == PM_FEATURE_HIDDEN || kind == PM_GEOM_NONE)
            continue;
        int arrow = 0;
        const pm_style *s = pm_style_memo_get(&memo, ml, i, &arrow);
        if (s->opacity > 0 && !pm_backend_parallel(d->out, s, arrow))
            return 0;
        shapes |= kind != PM_GEOM_POINT ||
                  (s->marker_size + s->width) * d->rc->draw.px_per_pt >= BAND_MARKER_PX;
    }
    return shapes;
}

/* The page y that splits the layer's drawing work in two: a histogram of
 * vertices by the middle of their feature's box, so a layer crowded into
 * one part of the map is still shared fairly. */
static double work_split(const pm_drawer *d, const pm_map_layer *ml)
{
    enum { BINS = 256 };
    double count[BINS] = {0}, total = 0;
    double y0 = d->frame.y, h = d->frame.h;
    for (int i = 0; i < ml->data->n_features; i++) {
        const pm_feature *f = &ml->data->features[i];
        if (ml->rule_of[i] == PM_FEATURE_HIDDEN || f->kind == PM_GEOM_NONE)
            continue;
        double x, ya, yb;
        pm_to_page(&d->rc->page, f->bbox[0], f->bbox[1], &x, &ya);
        pm_to_page(&d->rc->page, f->bbox[2], f->bbox[3], &x, &yb);
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
    pm_drawer d;
    const pm_map_layer *layer;
} band_job;

static void *draw_band(void *arg)
{
    band_job *job = arg;
    draw_features(&job->d, job->layer);
    return NULL;
}

/* Draw the layer as two bands of the image, the lower one on a second
 * thread; 0 if it was drawn, -1 if it has to be drawn the usual way. A
 * chunk of a streamed layer keeps the bands (their buffers and marker
 * stamps) for the next chunk, and is large by its vertices whatever its
 * feature count. */
static int draw_layer_banded(pm_drawer *d, const pm_map_layer *ml, int chunk)
{
    if (d->rc->draw.ink_pass || (ml->data->n_features < BAND_MIN_FEATURES && !chunk) ||
        pm_context_threads(d->rc->map->context) < 2 || !layer_parallel(d, ml))
        return -1;
    pm_backend *page = d->out, *band[2];
    double split;
    if (pm_backend_split(page, work_split(d, ml), band, &split) != 0)
        return -1;
    /* The helper: its own buffers, no markers in the grid. */
    band_job job = {.layer = ml};
    job.d = (pm_drawer){.rc = d->rc, .out = band[1], .frame = d->frame, .tol2 = d->tol2};
    pthread_t t;
    if (pthread_create(&t, NULL, draw_band, &job) != 0) {
        pm_backend_join(page);
        return -1;
    }
    d->out = band[0];
    draw_features(d, ml);
    d->out = page;
    pthread_join(t, NULL);
    if (job.d.nomem || pm_backend_failed(band[0]) || pm_backend_failed(band[1]))
        d->nomem = 1;
    if (!chunk)
        pm_backend_join(page);
    free(job.d.buf);
    free(job.d.lens);
    free(job.d.exterior);
    return 0;
}

static void draw_layer(pm_drawer *d, const pm_map_layer *ml, int chunk)
{
    if (draw_layer_banded(d, ml, chunk) != 0)
        draw_features(d, ml);
    pm_backend_flush(d->out);
}

void pm_draw_layer(pm_drawer *d, int l)
{
    if (!d->out)
        return;
    const pm_map_layer *ml = &d->rc->map->layers[l];
    char id[96];
    snprintf(id, sizeof id, "layer-%d-%s", l + 1, ml->spec->name ? ml->spec->name : "");
    pm_svg_group(d->rc->draw.cr, id, ml->spec->name ? ml->spec->name : id);
    if (ml->raster_ring) {
        pm_draw_raster_layer(d, l);
        return;
    }
    if (ml->streamed) {
        /* The ink pass finds it inked with the page. */
        if (!d->rc->draw.ink_pass && !d->rc->data_err.status)
            pm_draw_streamed_layer(d, l);
        return;
    }
    draw_layer(d, ml, 0);
}

void pm_draw_chunk(pm_drawer *d, const pm_map_layer *chunk)
{
    if (d->out)
        draw_layer(d, chunk, 1);
}

void pm_drawer_end_chunks(pm_drawer *d)
{
    if (d->out)
        pm_backend_join(d->out);
}

void pm_drawer_begin(pm_drawer *d, pm_rctx *rc)
{
    memset(d, 0, sizeof *d);
    d->rc = rc;
    d->frame = rc->page.lay.frame;
    double ppt = rc->draw.px_per_pt > 0 ? rc->draw.px_per_pt : 1;
    d->tol2 = (0.5 / ppt) * (0.5 / ppt);
    d->out = pm_backend_page(rc->draw.cr, d->frame, rc->draw.px_per_pt);
    d->nomem = d->out == NULL;
    d->marks = 1;
}

void pm_drawer_end(pm_drawer *d)
{
    if (d->nomem || (d->out && pm_backend_failed(d->out)))
        d->rc->nomem = 1;
    d->rc->n_shown += d->n_shown;
    pm_backend_destroy(d->out);
    free(d->lens);
    free(d->exterior);
    free(d->buf);
}

void pm_draw_layers(pm_rctx *rc)
{
    pm_drawer d;
    pm_drawer_begin(&d, rc);
    for (int l = 0; l < rc->map->n_layers; l++)
        pm_draw_layer(&d, l);
    pm_drawer_end(&d);
}
