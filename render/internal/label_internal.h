/* Label placement (labels.c, label_line.c, label_leader.c, label_curve.c):
 * the geometry of labels on the page and the steps that share it. Private
 * to render/. */
#ifndef PM_LABEL_INTERNAL_H
#define PM_LABEL_INTERNAL_H

#include "render_internal.h"
#include "pm_keymap.h"

/* ---- label geometry (label_curve.c, label_leader.c) ---------------------- */

/* A line in page points, smoothed, with the distance along it at each vertex. */
typedef struct pm_path {
    double *x, *y, *s;
    int n;
} pm_path;

/* From n points (x, y pairs); 0 on success, -1 out of memory or < 2 points. */
int pm_path_init(pm_path *p, const double *xy, int n);
void pm_path_free(pm_path *p);
double pm_path_length(const pm_path *p);
void pm_path_at(const pm_path *p, double s, double *x, double *y);
/* Farthest the path strays from its chord between distances s0 and s1. */
double pm_path_bend(const pm_path *p, double s0, double s1);

/* One glyph (Pango cluster) of a label set along a curve. */
typedef struct pm_glyph {
    int start, len;             /* its bytes in the label text */
    double w;                   /* advance (points) */
    double cx, cy, angle;       /* centre on the page and direction (radians) */
    pm_rect box;                /* rotated extents, halo included */
} pm_glyph;

/* Set the glyphs (advances in g[i].w) centred at distance `mid` along the
 * path, `offset` below it (reading normal); upright, each glyph turned to the
 * line. 0 when the label runs off the path or the line bends too sharply for
 * the glyphs to sit side by side without overlapping. */
int pm_curve_fit(const pm_path *p, double mid, double offset, pm_glyph *g, int n, double h,
                 double pad);
/* Axis-aligned extents of a w × h box centred at cx, cy and turned by angle. */
pm_rect pm_rotated_extents(double cx, double cy, double w, double h, double angle);
/* 1 if two turned boxes (centre, size, angle) overlap. */
int pm_obb_overlap(double ax, double ay, double aw, double ah, double aa, double bx, double by,
                   double bw, double bh, double ba);

/* A label's text box and where it went. */
typedef struct pm_label_geom {
    double w, h;                /* text size */
    double pad;                 /* halo around it */
    double cx, cy;              /* chosen centre */
    double angle;               /* radians, page orientation */
    pm_rect box;                /* axis-aligned box, halo included */
    int leader;                 /* tied to its feature by a leader line */
    double lx0, ly0, lx1, ly1;  /* leader: feature end, label end (on the box) */
} pm_label_geom;

/* Label placement off the feature (label_leader.c, labels.c). */
/* Off its point: rings of positions further out, the label tied back by a
 * leader from the marker's edge (radius r) that crosses nothing placed. */
int pm_label_ring(const pm_rctx *rc, pm_label_geom *g, double x, double y, double r);
/* Beside a polygon (page-point rings, n vertices each) seen from an inner
 * point ax, ay: just outside its edge, with a leader from inside the edge. */
int pm_label_beside(const pm_rctx *rc, pm_label_geom *g, const double *xy, const int *ring_len,
                    int n_rings, double ax, double ay);
/* The ways out of a polygon from an inner point: the directions in which
 * its edge is crossed, nearest edge first. They depend on the area alone,
 * so a label's looks (its size, then smaller) share them: rc->place.ways
 * keeps the last area's (f, x, y say whose). */
typedef struct pm_label_way {
    double ux, uy, t;           /* direction, and how far out the area ends */
} pm_label_way;
typedef struct pm_label_ways {
    const void *f;
    double x, y;
    int n;
    pm_label_way way[16];
} pm_label_ways;
void pm_label_ways_of(pm_label_ways *w, const double *xy, const int *ring_len, int n_rings,
                      double ax, double ay);
int pm_label_beside_ways(const pm_rctx *rc, pm_label_geom *g, const pm_label_ways *w);
/* 1 if the box lies inside the frame and touches nothing placed. */
int pm_label_spot_free(const pm_rctx *rc, pm_rect r);

/* Where the map's lines are drawn (label_lines.c), for the page of rc as
 * it is while labels are placed: NULL when the map holds no drawn line (or
 * out of memory; labels then do not look). */
typedef struct pm_line_mask pm_line_mask;
pm_line_mask *pm_line_mask_new(const pm_rctx *rc);
void pm_line_mask_free(pm_line_mask *m);
/* 1 if a drawn line runs through page box r. */
int pm_line_mask_hits(pm_line_mask *m, pm_rect r);

/* labels.c */
/* Font size factor of the one smaller step a label may take before it is dropped. */
#define PM_LABEL_SHRINK 0.85
/* An angle (radians) turned into (-π/2, π/2]: text on it is upright. */
double pm_upright_angle(double angle);

/* ---- a label's look and size (label_size.c) ------------------------------ */

/* Wrap width of the narrower block a zh+en label may take, of the usual. */
#define PM_LABEL_NARROW 0.6

/* A label's style at some times its size, its wrap width, and whether the
 * English is set as a smaller gloss under the Chinese. */
typedef struct pm_label_look {
    pm_style s;
    double wrap;
    int gloss;
} pm_label_look;

/* An entry of the table of sizes (a pm_keymap keyed by pm_label_size_key). */
typedef struct pm_label_size {
    double w, h;
    int known;
} pm_label_size;

pm_label_look pm_label_look_of(const pm_rctx *rc, int layer, int feature, double k, double narrow);
PangoLayout *pm_label_layout(PangoContext *pc, const char *text, const pm_style *s, double wrap, int gloss);
int pm_label_size_key(char *key, size_t n, const char *text, const pm_label_look *lk);
/* Measures label texts on one thread through one Pango context, keeping
 * the layout of each of the last few looks to lay the next text of that
 * look out in (a layout made afresh per text, its font description parsed
 * and its attributes built, cost a quarter of measuring a crowded map),
 * with what it learnt of the look's ideographs (label_size.c). */
#define PM_SIZER_LOOKS 4
typedef struct pm_label_sizer_look {
    PangoLayout *layout;        /* NULL: unused */
    const char *font;
    double size, wrap;
    struct pm_label_han *han;   /* NULL: not asked yet */
} pm_label_sizer_look;

typedef struct pm_label_sizer {
    PangoContext *pc;
    pm_label_sizer_look look[PM_SIZER_LOOKS];
    int next;                   /* the entry a new look takes */
} pm_label_sizer;

void pm_label_sizer_init(pm_label_sizer *z, PangoContext *pc);
void pm_label_sizer_size(pm_label_sizer *z, const char *text, const pm_label_look *lk, double *w, double *h);
void pm_label_sizer_free(pm_label_sizer *z);
void pm_label_measure(pm_label_sizer *z, pm_keymap *sizes, int add, const char *text, const pm_label_look *lk,
                      double *w, double *h);

/* ---- lines (label_line.c) ------------------------------------------------ */

/* Anchors of area labels still to be placed (page points). */
typedef struct pm_label_keep {
    const double *xy;
    int n;
} pm_label_keep;

/* A line's label: one turned block, or glyph by glyph along the line. */
typedef struct pm_line_label {
    pm_glyph *glyphs;
    int n_glyphs;
    int curved;                 /* placed glyph by glyph */
    const pm_label_keep *keep;  /* first pass: leave these points free */
} pm_line_label;

/* The label centred at cx, cy and turned by angle, if that spot is free
 * (g->box and the centre set); 0 if not. */
int pm_label_try_at(const pm_rctx *rc, pm_label_geom *g, double cx, double cy, double angle);
/* label_place.c: a point's label around its marker (radius r), then on a
 * leader; an area's near its anchor, inside it, then beside it on a
 * leader. 1 when placed (g set); they only read the collision index. */
int pm_label_place_point(const pm_rctx *rc, pm_label_geom *g, double x, double y, double r);
int pm_label_place_area(const pm_rctx *rc, pm_label_geom *g, const pm_feature *f, double x, double y);
/* label_draw.c: a placed label's text (halo under it) in its box, a line's
 * label glyph by glyph (all halos first), the leader line (with a dot on
 * an area). */
void pm_label_draw(pm_rctx *rc, PangoLayout *layout, const pm_label_geom *g, const pm_style *s);
void pm_label_draw_curved(pm_rctx *rc, const char *text, const pm_line_label *ll, const pm_style *s,
                          double size);
void pm_label_draw_leader(pm_rctx *rc, const pm_label_geom *g, const pm_style *s, int dot);
/* Placed labels drawn later (an image page: NULL for others, which draw
 * at once): added in placing order (the text kept by the caller until
 * drawn); those waiting are handed out together, their halos made on any
 * thread (pc: that thread's) while more are added, then drawn in order on
 * the page: draw_out those handed out, draw all; free draws what still
 * waits. */
typedef struct pm_label_inks pm_label_inks;
pm_label_inks *pm_label_inks_new(const pm_rctx *rc);
int pm_label_inks_add(pm_label_inks *q, const pm_label_geom *g, const pm_label_look *lk, const char *text,
                      int dot);
int pm_label_inks_hand_out(pm_label_inks *q);
void pm_label_inks_halo(pm_label_inks *q, int i, PangoContext *pc);
void pm_label_inks_draw_out(pm_rctx *rc, pm_label_inks *q);
void pm_label_inks_draw(pm_rctx *rc, pm_label_inks *q);
void pm_label_inks_free(pm_rctx *rc, pm_label_inks *q);
/* label_threads.c: workers for the label searches, kept while labels are
 * placed; a run calls fn(ctx, worker, i) for each i in [lo, hi), each on
 * whichever worker takes it first (worker 0 is the caller), and returns
 * when all are done. NULL out of memory; fewer threads if some cannot start. */
typedef struct pm_label_pool pm_label_pool;
pm_label_pool *pm_label_pool_new(int threads);
int pm_label_pool_threads(const pm_label_pool *p);
void pm_label_pool_run(pm_label_pool *p, int lo, int hi, void (*fn)(void *ctx, int worker, int i),
                       void *ctx);
/* The same run on the workers alone (none if there are none), while the
 * caller goes on; pm_label_pool_wait returns when it is done. */
void pm_label_pool_start(pm_label_pool *p, int lo, int hi, void (*fn)(void *ctx, int worker, int i),
                         void *ctx);
void pm_label_pool_wait(pm_label_pool *p);
void pm_label_pool_free(pm_label_pool *p);
/* ---- placing (labels.c) and the searches ahead (label_ahead.c) ---------- */

/* A label to place: its feature, and its class's rank (lower first). */
typedef struct pm_label_req {
    int layer, feature, priority;
} pm_label_req;

/* One search for a place at a look; 1 if the label found one (in t, for
 * pm_label_commit). It reads the collision index and writes nothing shared
 * but rc->place.avoid_lines, so threads search at once, each with its own
 * rctx. pc may be NULL where every size asked for is in `sizes`; `add`:
 * sizes not in the table are entered (else it is only read). */
typedef struct pm_label_try {
    pm_label_look lk;
    pm_label_geom g;
    pm_line_label ll;
    PangoLayout *layout;        /* a line's label only, until placed */
} pm_label_try;
int pm_label_search(pm_rctx *rc, pm_label_sizer *z, pm_keymap *sizes, int add, const pm_label_req *q,
                    const char *text, const pm_label_look *lk, const pm_label_keep *keep, pm_label_try *t);
void pm_label_try_free(pm_label_try *t);
/* How many looks a label tries (its size, smaller, narrower), and look i. */
int pm_label_looks(const pm_rctx *rc, const char *text);
pm_label_look pm_label_look_at(const pm_rctx *rc, const pm_label_req *q, int i);
/* Searches out on other threads while the caller places (label_ahead.c);
 * NULL: placing on one thread. */
typedef struct pm_label_ahead pm_label_ahead;
/* Occupy the place found and draw the label (or queue it to be drawn). */
void pm_label_commit(pm_rctx *rc, pm_label_ahead *a, const pm_label_req *q, const char *text,
                     pm_label_try *t);
/* The label at the first look that finds a place; 1 when placed. */
int pm_label_place_one(pm_rctx *rc, pm_label_ahead *a, pm_keymap *sizes, const pm_label_req *q,
                       const char *text, const pm_label_keep *keep);
/* Why a label found no place, under --verbose. */
void pm_label_log_dropped(const pm_rctx *rc, const pm_label_req *q, const char *text);
/* The n labels (in placing order; anchors and after as pm_label_keep's)
 * placed with searches ahead on the map's threads: 0, or -1 when they were
 * not (one thread, few labels, out of memory) and are still to place. */
int pm_label_place_ahead(pm_rctx *rc, pm_keymap *sizes, const pm_label_req *reqs, int n,
                         const double *anchors, const int *after);
/* Before a label is drawn at once: the labels placed before it and handed
 * to the searches' threads for their halos are drawn first. */
void pm_label_ahead_drawn(pm_label_ahead *a);

/* Along the line, from its middle outwards; on the line, then just beside
 * it, then off it on a leader; 1 when placed. */
int pm_place_line(const pm_rctx *rc, pm_label_geom *g, const pm_feature *f, PangoLayout *layout,
                  pm_line_label *ll);

#endif
