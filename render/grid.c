/* The collision index labels, badges and furniture are placed with: a
 * uniform grid of boxes over the page, and a bitmap for the markers of
 * crowded maps (render_internal.h, pm_grid). */
#include "render_internal.h"
#include "pm_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- grid index -------------------------------------------------------- */

/* Points a side of a cell of the bitmap of covered space (a power of two:
 * cell edges and the divisions by it are exact). */
#define FULL_CELL 2.0
/* Levels of row ORs kept above the bitmap of covered space: level k holds,
 * per row y, the OR of rows y … y + 2^k − 1, so a box of up to 2^(k+1) − 1
 * rows is answered by two rows of one level. 3: a label one or two lines
 * high (up to 30 pt) in two rows. */
#define FULL_LEVELS 3

int pm_grid_init(pm_grid *g, double page_w, double page_h, double cell)
{
    memset(g, 0, sizeof *g);
    g->cell = cell;
    g->page_w = page_w;
    g->page_h = page_h;
    g->cols = (int)ceil(page_w / cell) + 1;
    g->rows = (int)ceil(page_h / cell) + 1;
    size_t n = (size_t)g->cols * (size_t)g->rows;
    g->cell_items = calloc(n, sizeof *g->cell_items);
    g->cell_box = calloc(n, sizeof *g->cell_box);
    g->cell_n = calloc(n, sizeof *g->cell_n);
    g->cell_cap = calloc(n, sizeof *g->cell_cap);
    g->full_w = (int)ceil(page_w / FULL_CELL) + 1;
    g->full_h = (int)ceil(page_h / FULL_CELL) + 1;
    g->full_words = (g->full_w + 63) / 64;
    g->full = calloc((size_t)(FULL_LEVELS + 1) * (size_t)g->full_words * (size_t)g->full_h,
                     sizeof *g->full);
    if (!g->cell_items || !g->cell_box || !g->cell_n || !g->cell_cap || !g->full) {
        pm_grid_free(g);
        return -1;
    }
    return 0;
}

void pm_grid_free(pm_grid *g)
{
    for (int i = 0; i < g->cols * g->rows; i++) {
        if (g->cell_items)
            free(g->cell_items[i]);
        if (g->cell_box)
            free(g->cell_box[i]);
    }
    PM_FREE_ALL(g->cell_items, g->cell_box, g->cell_n, g->cell_cap, g->boxes, g->is_text,
                g->marks, g->blocks, g->full);
    memset(g, 0, sizeof *g);
}

/* The cell of page coordinate v, clamped to [0, n - 1]: floor without a
 * call to the C library (hundreds of millions of them on a crowded map). */
static int cell_of(double v, double cell, int n)
{
    double c = v / cell;
    if (!(c >= 0))   /* negative or NaN */
        return 0;
    if (c >= n - 1)
        return n - 1;
    return (int)c;
}

/* Cells covered by r: [c0, c1] × [r0, r1]. */
static void cell_span(const pm_grid *g, pm_rect r, int *c0, int *r0, int *c1, int *r1)
{
    *c0 = cell_of(r.x, g->cell, g->cols);
    *c1 = cell_of(r.x + r.w, g->cell, g->cols);
    *r0 = cell_of(r.y, g->cell, g->rows);
    *r1 = cell_of(r.y + r.h, g->cell, g->rows);
}

/* ---- markers as bits ------------------------------------------------------ */

/* Markers kept as boxes before the bitmap is made: a map with a few
 * hundred points pays no bitmap. */
#define MARK_BOXES 4096
/* Bits a point. */
#define MARK_RES 2.0

/* The bits [*b0, *b1) × [*r0, *r1) a box reaches into, clamped to the page;
 * 0 if none. Floors and ceilings by casts of clamped values (no calls: a
 * crowded map asks millions of times). */
static int mark_span(const pm_grid *g, pm_rect r, int *b0, int *r0, int *b1, int *r1)
{
    double x0 = r.x * MARK_RES, x1 = (r.x + r.w) * MARK_RES;
    double y0 = r.y * MARK_RES, y1 = (r.y + r.h) * MARK_RES;
    if (!(x1 > 0 && y1 > 0 && x0 < g->mark_w && y0 < g->mark_h))
        return 0;   /* off the page, or NaN */
    *b0 = x0 < 0 ? 0 : (int)x0;
    *r0 = y0 < 0 ? 0 : (int)y0;
    *b1 = x1 >= g->mark_w ? g->mark_w : (int)x1 + ((double)(int)x1 < x1);
    *r1 = y1 >= g->mark_h ? g->mark_h : (int)y1 + ((double)(int)y1 < y1);
    return *b0 < *b1 && *r0 < *r1;
}

/* Bits a block of the summary covers each way: a bit of it says some
 * marker reaches into its 8 × 8 bits (4 × 4 points). */
#define BLOCK 8

/* Bits [b0, b1) of a row as a mask per word. */
static uint64_t word_mask(int w, int b0, int b1)
{
    int lo = b0 > 64 * w ? b0 - 64 * w : 0, hi = b1 < 64 * (w + 1) ? b1 - 64 * w : 64;
    uint64_t upper = hi == 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1;
    return upper & ~(((uint64_t)1 << lo) - 1);
}

/* 1 if a bit of [b0, b1) × [r0, r1) is set in rows of `words` words. */
static int any_in(const uint64_t *bits, int words, int b0, int r0, int b1, int r1)
{
    for (int y = r0; y < r1; y++) {
        const uint64_t *row = bits + (size_t)y * (size_t)words;
        for (int w = b0 / 64; w <= (b1 - 1) / 64; w++)
            if (row[w] & word_mask(w, b0, b1))
                return 1;
    }
    return 0;
}

static void set_in(uint64_t *bits, int words, int b0, int r0, int b1, int r1)
{
    for (int y = r0; y < r1; y++) {
        uint64_t *row = bits + (size_t)y * (size_t)words;
        for (int w = b0 / 64; w <= (b1 - 1) / 64; w++)
            row[w] |= word_mask(w, b0, b1);
    }
}

/* 1 if a block of the summary over bits [b0, b1) × [r0, r1) is set. */
static int blocks_hit(const pm_grid *g, int b0, int r0, int b1, int r1)
{
    return any_in(g->blocks, g->block_words, b0 / BLOCK, r0 / BLOCK, (b1 - 1) / BLOCK + 1,
                  (r1 - 1) / BLOCK + 1);
}

/* The summary first: most of a label's candidates far from markers are
 * cleared by a word or two. */
static int marks_hit(const pm_grid *g, pm_rect r)
{
    int b0, r0, b1, r1;
    if (!g->marks || !mark_span(g, r, &b0, &r0, &b1, &r1) || !blocks_hit(g, b0, r0, b1, r1))
        return 0;
    return any_in(g->marks, g->mark_words, b0, r0, b1, r1);
}

static int marks_make(pm_grid *g)
{
    g->mark_w = (int)ceil(g->page_w * MARK_RES) + 1;
    g->mark_h = (int)ceil(g->page_h * MARK_RES) + 1;
    g->mark_words = (g->mark_w + 63) / 64;
    g->block_words = ((g->mark_w + BLOCK - 1) / BLOCK + 63) / 64;
    g->marks = calloc((size_t)g->mark_words * (size_t)g->mark_h, sizeof *g->marks);
    g->blocks = calloc((size_t)g->block_words * (size_t)((g->mark_h + BLOCK - 1) / BLOCK),
                       sizeof *g->blocks);
    return g->marks && g->blocks ? 0 : -1;
}

int pm_grid_add_marker(pm_grid *g, pm_rect r)
{
    if (g->n_marks++ < MARK_BOXES)
        return pm_grid_add(g, r);
    if (!g->marks && marks_make(g) != 0)
        return -1;
    int b0, r0, b1, r1;
    if (!mark_span(g, r, &b0, &r0, &b1, &r1))
        return 0;
    set_in(g->marks, g->mark_words, b0, r0, b1, r1);
    set_in(g->blocks, g->block_words, b0 / BLOCK, r0 / BLOCK, (b1 - 1) / BLOCK + 1,
           (r1 - 1) / BLOCK + 1);
    return 0;
}

/* A segment against the bitmap: its points half a bit apart, each bit they
 * fall in (a line through a marker's box falls in one of its bits). */
static int marks_hit_segment(const pm_grid *g, double x0, double y0, double x1, double y1)
{
    pm_rect span = {fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0)};
    int b0, r0, b1, r1;
    if (!g->marks || !mark_span(g, span, &b0, &r0, &b1, &r1) || !blocks_hit(g, b0, r0, b1, r1))
        return 0;
    double len = hypot(x1 - x0, y1 - y0) * MARK_RES;
    int n = (int)ceil(2 * len) + 1;
    if (!(n > 0 && n < 1 << 24))
        return 0;
    for (int i = 0; i <= n; i++) {
        double t = (double)i / n;
        double bx = (x0 + (x1 - x0) * t) * MARK_RES, by = (y0 + (y1 - y0) * t) * MARK_RES;
        if (!(bx >= 0 && by >= 0 && bx < g->mark_w && by < g->mark_h))
            continue;
        int x = (int)bx, y = (int)by;
        if (g->marks[(size_t)y * (size_t)g->mark_words + (size_t)(x / 64)] >> (x % 64) & 1)
            return 1;
    }
    return 0;
}

/* ---- covered space as bits -------------------------------------------- */

/* Where a crowded map is full, most candidates land on space some placed
 * box covers whole: a cell of the bitmap lying wholly inside a box answers
 * for it. A box that overlaps such a cell (with some area) overlaps the box
 * around it, so a bit refuses a candidate exactly as the boxes would, in a
 * few words instead of the boxes of several cells. */

/* v / FULL_CELL clamped to [0, n] (NaN: 0); `up` rounds up, else down.
 * Written without early returns: the compiler's selects cost less. */
static int full_index(double v, int n, int up)
{
    double c = v * (1 / FULL_CELL);
    c = c > 0 ? c : 0;
    c = c < n ? c : n;
    int i = (int)c;
    return up ? i + ((double)i < c) : i;
}

/* Mark the cells wholly inside r: [ceil(x0), floor(x1)) each way; and in
 * each level of ORs, the rows whose span meets those rows. */
static void full_add(pm_grid *g, pm_rect r)
{
    int b0 = full_index(r.x, g->full_w, 1), b1 = full_index(r.x + r.w, g->full_w, 0);
    int r0 = full_index(r.y, g->full_h, 1), r1 = full_index(r.y + r.h, g->full_h, 0);
    if (!(b0 < b1 && r0 < r1))
        return;
    size_t level = (size_t)g->full_words * (size_t)g->full_h;
    for (int k = 0; k <= FULL_LEVELS; k++) {
        int from = r0 - (1 << k) + 1;
        set_in(g->full + k * level, g->full_words, b0, from > 0 ? from : 0, b1, r1);
    }
}

/* Rows [r0, r1) of the covered space, r0 < r1, as a few rows of one level:
 * of the level whose span is the largest power of two not above r1 − r0,
 * the row from r0 and the row ending at r1 (they overlap, which an OR does
 * not mind); a span more than twice the top level's also takes the top
 * level's rows between, a span apart. */
typedef struct {
    const uint64_t *lo, *hi;
    size_t step;   /* words from a row of the level to the next one used between */
    int between;   /* rows used between lo and hi */
} row_span;

static inline __attribute__((always_inline)) row_span rows_of(const pm_grid *g, int r0, int r1)
{
    unsigned n = (unsigned)(r1 - r0), k = 31 - (unsigned)__builtin_clz(n);
    if (k > FULL_LEVELS)
        k = FULL_LEVELS;
    size_t words = (size_t)g->full_words;
    const uint64_t *lv = g->full + k * words * (size_t)g->full_h;
    row_span s = {lv + (size_t)r0 * words, lv + (size_t)(r1 - (1 << k)) * words, words << k, 0};
    if (n > 2u << k)
        s.between = (int)((n - 1) >> k) - 1;
    return s;
}

/* Word w of the OR of the rows. */
static inline __attribute__((always_inline)) uint64_t span_or(row_span s, unsigned w)
{
    uint64_t a = s.lo[w] | s.hi[w];
    const uint64_t *row = s.lo;
    for (int i = 0; i < s.between; i++)
        a |= (row += s.step)[w];
    return a;
}

/* 1 if r overlaps (with area) a covered cell: [floor(x0), ceil(x1)). The
 * ends are those pm_rect_overlap computes. */
/* Inlined where it is called: the callers pass boxes in registers, and
 * millions of candidates ask (a search beside an area, up to 112 boxes of
 * 6 to 9 rows a label: a few loads each, no loop a branch mispredicts). */
static inline __attribute__((always_inline)) int full_hit(const pm_grid *g, pm_rect r)
{
    int b0 = full_index(r.x, g->full_w, 0), b1 = full_index(r.x + r.w, g->full_w, 1);
    int r0 = full_index(r.y, g->full_h, 0), r1 = full_index(r.y + r.h, g->full_h, 1);
    if (!(b0 < b1 && r0 < r1))
        return 0;
    /* A label's box spans a word or two of a row. */
    unsigned w0 = (unsigned)b0 / 64, w1 = (unsigned)(b1 - 1) / 64;
    uint64_t m0 = ~(uint64_t)0 << ((unsigned)b0 % 64);
    uint64_t m1 = ~(uint64_t)0 >> (63 - (unsigned)(b1 - 1) % 64);
    row_span s = rows_of(g, r0, r1);
    if (w1 - w0 <= 1) {
        uint64_t a0 = span_or(s, w0), a1 = span_or(s, w1);
        return w0 == w1 ? (a0 & m0 & m1) != 0 : ((a0 & m0) | (a1 & m1)) != 0;
    }
    uint64_t a = (span_or(s, w0) & m0) | (span_or(s, w1) & m1);
    for (unsigned w = w0 + 1; w < w1; w++)
        a |= span_or(s, w);
    return a != 0;
}

/* The reach of a search (labels.c): the boxes of the look-ups answered
 * "free" since the last one answered "taken". A search tries places in a
 * fixed order and takes the first free one, so what it took depends on
 * those look-ups alone (an answer depends on the boxes that meet the box
 * looked up, and on nothing else); a place refused stays refused when more
 * is placed. Returns hit. */
static int noted(const pm_grid *g, pm_rect r, int hit)
{
    pm_rect *a = g->reach;
    if (!a)
        return hit;
    if (hit || !(a->w >= 0)) {
        *a = hit ? (pm_rect){0, 0, -1, -1} : r;
        return hit;
    }
    double x1 = fmax(a->x + a->w, r.x + r.w), y1 = fmax(a->y + a->h, r.y + r.h);
    a->x = fmin(a->x, r.x);
    a->y = fmin(a->y, r.y);
    a->w = x1 - a->x;
    a->h = y1 - a->y;
    return hit;
}

int pm_grid_covered(const pm_grid *g, pm_rect r)
{
    return noted(g, r, full_hit(g, r));
}

int pm_grid_first_uncovered(const pm_grid *g, const double *cx, const double *cy, int from, int n,
                            double hw, double hh)
{
    int i = from, hit = 0;
    for (; i < n; i++) {
        pm_rect r = {cx[i] - hw, cy[i] - hh, 2 * hw, 2 * hh};
        if (!full_hit(g, r))
            break;
        hit = 1;
    }
    /* The reach as the calls one by one leave it: emptied by a refusal,
     * then grown by the free box. */
    if (hit)
        noted(g, (pm_rect){0, 0, -1, -1}, 1);
    if (i < n)
        noted(g, (pm_rect){cx[i] - hw, cy[i] - hh, 2 * hw, 2 * hh}, 0);
    return i;
}

static int grid_hits(const pm_grid *g, pm_rect r)
{
    if (full_hit(g, r))
        return 1;
    /* Where markers outnumber the boxes (a crowd of points) they are what
     * a candidate most likely meets: ask the bitmap first. */
    int marks_first = g->n_marks - MARK_BOXES > 2 * g->n_boxes;
    if (marks_first && marks_hit(g, r))
        return 1;
    int c0, r0, c1, r1;
    cell_span(g, r, &c0, &r0, &c1, &r1);
    double x1 = r.x + r.w, y1 = r.y + r.h;
    for (int row = r0; row <= r1; row++)
        for (int col = c0; col <= c1; col++) {
            int cell = row * g->cols + col;
            const float *b = g->cell_box[cell];
            for (int k = 0; k < g->cell_n[cell]; k++, b += 4)
                /* The float box holds the exact one: missing it is missing
                 * the box; touching it is checked exactly. */
                if (r.x < b[2] && b[0] < x1 && r.y < b[3] && b[1] < y1 &&
                    pm_rect_overlap(r, g->boxes[g->cell_items[cell][k]]))
                    return 1;
        }
    return !marks_first && marks_hit(g, r);
}

int pm_grid_hits(const pm_grid *g, pm_rect r)
{
    return noted(g, r, grid_hits(g, r));
}

static float below(double v)
{
    float f = (float)v;
    return (double)f > v ? nextafterf(f, -INFINITY) : f;
}

static float above(double v)
{
    float f = (float)v;
    return (double)f < v ? nextafterf(f, INFINITY) : f;
}

static int cell_push(pm_grid *g, int cell, int item)
{
    if (g->cell_n[cell] == g->cell_cap[cell]) {
        int cap = pm_array_next_cap(g->cell_cap[cell], 4);
        if (pm_array_resize(&g->cell_items[cell], (size_t)cap, sizeof(int)) != 0 ||
            pm_array_resize(&g->cell_box[cell], (size_t)cap * 4, sizeof(float)) != 0)
            return -1;
        g->cell_cap[cell] = cap;
    }
    const pm_rect *r = &g->boxes[item];
    float *b = g->cell_box[cell] + 4 * g->cell_n[cell];
    b[0] = below(r->x);
    b[1] = below(r->y);
    b[2] = above(r->x + r->w);
    b[3] = above(r->y + r->h);
    g->cell_items[cell][g->cell_n[cell]++] = item;
    return 0;
}

static int grid_add(pm_grid *g, pm_rect r, int text)
{
    if (g->n_boxes == g->cap_boxes) {
        int cap = pm_array_next_cap(g->cap_boxes, 64);
        if (pm_array_resize(&g->boxes, (size_t)cap, sizeof(pm_rect)) != 0 ||
            pm_array_resize(&g->is_text, (size_t)cap, 1) != 0)
            return -1;
        g->cap_boxes = cap;
    }
    int item = g->n_boxes++;
    g->boxes[item] = r;
    g->is_text[item] = (unsigned char)text;
    full_add(g, r);
    int c0, r0, c1, r1;
    cell_span(g, r, &c0, &r0, &c1, &r1);
    for (int row = r0; row <= r1; row++)
        for (int col = c0; col <= c1; col++)
            if (cell_push(g, row * g->cols + col, item) != 0)
                return -1;
    return 0;
}

int pm_grid_add(pm_grid *g, pm_rect r)
{
    return grid_add(g, r, 0);
}

int pm_grid_add_text(pm_grid *g, pm_rect r)
{
    return grid_add(g, r, 1);
}

/* The copy's fields are set only here, each array its own: a reader of
 * the copy never meets g's memory. */
static int copy_marks(pm_grid *copy, const pm_grid *g)
{
    copy->n_marks = g->n_marks;
    if (!g->marks)
        return 0;
    if (!copy->marks && marks_make(copy) != 0)
        return -1;
    memcpy(copy->marks, g->marks, (size_t)g->mark_words * (size_t)g->mark_h * sizeof *g->marks);
    memcpy(copy->blocks, g->blocks,
           (size_t)g->block_words * (size_t)((g->mark_h + BLOCK - 1) / BLOCK) * sizeof *g->blocks);
    return 0;
}

int pm_grid_follow(pm_grid *copy, const pm_grid *g)
{
    if (!copy->full && pm_grid_init(copy, g->page_w, g->page_h, g->cell) != 0)
        return -1;
    if (copy->n_marks != g->n_marks && copy_marks(copy, g) != 0)
        return -1;
    /* Boxes are only ever added: g's past the copy's are added in order,
     * so the copy's cells and covered space are g's. */
    for (int i = copy->n_boxes; i < g->n_boxes; i++)
        if (grid_add(copy, g->boxes[i], g->is_text[i]) != 0)
            return -1;
    return 0;
}

/* Liang–Barsky: 1 if the segment enters the open box r. */
static int segment_hits_rect(double x0, double y0, double x1, double y1, pm_rect r)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - r.x, r.x + r.w - x0, y0 - r.y, r.y + r.h - y0};
    for (int k = 0; k < 4; k++) {
        if (fabs(p[k]) < 1e-12) {
            if (q[k] <= 0)
                return 0;
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
        if (t0 >= t1)
            return 0;
    }
    return 1;
}

static pm_rect span_of(double x0, double y0, double x1, double y1)
{
    return (pm_rect){fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0)};
}

static int hits_segment(const pm_grid *g, double x0, double y0, double x1, double y1, int text_only)
{
    int c0, r0, c1, r1;
    cell_span(g, span_of(x0, y0, x1, y1), &c0, &r0, &c1, &r1);
    for (int row = r0; row <= r1; row++)
        for (int col = c0; col <= c1; col++) {
            int cell = row * g->cols + col;
            for (int k = 0; k < g->cell_n[cell]; k++)
                if ((!text_only || g->is_text[g->cell_items[cell][k]]) &&
                    segment_hits_rect(x0, y0, x1, y1, g->boxes[g->cell_items[cell][k]]))
                    return 1;
        }
    return 0;
}

int pm_grid_hits_segment(const pm_grid *g, double x0, double y0, double x1, double y1)
{
    return noted(g, span_of(x0, y0, x1, y1),
                 marks_hit_segment(g, x0, y0, x1, y1) || hits_segment(g, x0, y0, x1, y1, 0));
}

int pm_grid_hits_segment_text(const pm_grid *g, double x0, double y0, double x1, double y1)
{
    return noted(g, span_of(x0, y0, x1, y1), hits_segment(g, x0, y0, x1, y1, 1));
}

int pm_grid_add_segment(pm_grid *g, double x0, double y0, double x1, double y1)
{
    /* Short pieces, each its own small box, so the strip stays thin when the
     * line runs diagonally. */
    const double step = 3, half = 0.75;
    double len = hypot(x1 - x0, y1 - y0);
    int n = (int)ceil(len / step);
    for (int i = 0; i < n; i++) {
        double ax = x0 + (x1 - x0) * i / n, ay = y0 + (y1 - y0) * i / n;
        double bx = x0 + (x1 - x0) * (i + 1) / n, by = y0 + (y1 - y0) * (i + 1) / n;
        pm_rect r = {fmin(ax, bx) - half, fmin(ay, by) - half, fabs(bx - ax) + 2 * half,
                     fabs(by - ay) + 2 * half};
        if (pm_grid_add_text(g, r) != 0)
            return -1;
    }
    return 0;
}
