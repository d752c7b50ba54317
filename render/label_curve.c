/* Labels that follow a curved line (rivers, bent axes): the text is cut into
 * Pango clusters and each cluster is set on its own, centred on the smoothed
 * line at its distance along it and turned to the line's direction there.
 * The label reads left to right (the line is walked backwards when it runs
 * right to left); a bend too sharp for the glyphs to sit side by side without
 * overlapping rejects the position. */
#include "label_internal.h"
#include "pm_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest turn between neighbouring glyphs, and over the whole label. */
#define MAX_STEP_TURN (PM_PI / 7)
#define MAX_TOTAL_TURN (PM_PI * 0.45)
/* How far past vertical a glyph may lean before the text reads upside down. */
#define UPRIGHT_SLACK 0.3

/* ---- smoothed path -------------------------------------------------------- */

static int path_push(pm_path *p, double x, double y, int *cap)
{
    if (p->n == *cap) {
        int next = pm_array_next_cap(*cap, 64);
        if (pm_array_resize(&p->x, (size_t)next, sizeof(double)) != 0 ||
            pm_array_resize(&p->y, (size_t)next, sizeof(double)) != 0)
            return -1;
        *cap = next;
    }
    if (p->n > 0 && hypot(x - p->x[p->n - 1], y - p->y[p->n - 1]) < 1e-9)
        return 0;
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->n++;
    return 0;
}

/* Chaikin's corner cutting, twice: digitised plan lines have kinks that
 * would turn single glyphs sharply; the smoothed line keeps the course. */
static int chaikin(const double *xy, int n, pm_path *out)
{
    int cap = 0;
    memset(out, 0, sizeof *out);
    if (path_push(out, xy[0], xy[1], &cap) != 0)
        return -1;
    for (int i = 0; i + 1 < n; i++) {
        double x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
        if ((i > 0 && path_push(out, 0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1, &cap) != 0) ||
            (i + 2 < n && path_push(out, 0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1, &cap) != 0))
            return -1;
    }
    return path_push(out, xy[2 * n - 2], xy[2 * n - 1], &cap);
}

int pm_path_init(pm_path *p, const double *xy, int n)
{
    memset(p, 0, sizeof *p);
    if (n < 2)
        return -1;
    pm_path a, b;
    if (chaikin(xy, n, &a) != 0) {
        pm_path_free(&a);
        return -1;
    }
    double *flat = malloc(2 * (size_t)a.n * sizeof *flat);
    if (!flat) {
        pm_path_free(&a);
        return -1;
    }
    for (int i = 0; i < a.n; i++) {
        flat[2 * i] = a.x[i];
        flat[2 * i + 1] = a.y[i];
    }
    int st = chaikin(flat, a.n, &b);
    free(flat);
    pm_path_free(&a);
    if (st != 0 || b.n < 2 || !(b.s = malloc((size_t)b.n * sizeof *b.s))) {
        pm_path_free(&b);
        return -1;
    }
    b.s[0] = 0;
    for (int i = 1; i < b.n; i++)
        b.s[i] = b.s[i - 1] + hypot(b.x[i] - b.x[i - 1], b.y[i] - b.y[i - 1]);
    *p = b;
    return 0;
}

void pm_path_free(pm_path *p)
{
    free(p->x);
    free(p->y);
    free(p->s);
    memset(p, 0, sizeof *p);
}

double pm_path_length(const pm_path *p)
{
    return p->n > 0 ? p->s[p->n - 1] : 0;
}

/* The point at distance s along the path (clamped to its ends). */
void pm_path_at(const pm_path *p, double s, double *x, double *y)
{
    if (s <= 0) {
        *x = p->x[0];
        *y = p->y[0];
        return;
    }
    int lo = 0, hi = p->n - 1;
    if (s >= p->s[hi]) {
        *x = p->x[hi];
        *y = p->y[hi];
        return;
    }
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (p->s[mid] <= s)
            lo = mid;
        else
            hi = mid;
    }
    double seg = p->s[hi] - p->s[lo], u = seg > 0 ? (s - p->s[lo]) / seg : 0;
    *x = p->x[lo] + u * (p->x[hi] - p->x[lo]);
    *y = p->y[lo] + u * (p->y[hi] - p->y[lo]);
}

/* Farthest the path strays from the chord between s0 and s1. */
double pm_path_bend(const pm_path *p, double s0, double s1)
{
    double ax, ay, bx, by;
    pm_path_at(p, s0, &ax, &ay);
    pm_path_at(p, s1, &bx, &by);
    double dx = bx - ax, dy = by - ay, len = hypot(dx, dy), worst = 0;
    for (int i = 0; i < p->n; i++) {
        if (p->s[i] <= s0 || p->s[i] >= s1)
            continue;
        double d = len > 0 ? fabs((p->x[i] - ax) * dy - (p->y[i] - ay) * dx) / len
                           : hypot(p->x[i] - ax, p->y[i] - ay);
        worst = fmax(worst, d);
    }
    return worst;
}

/* ---- rotated boxes ---------------------------------------------------------- */

pm_rect pm_rotated_extents(double cx, double cy, double w, double h, double angle)
{
    /* Most boxes are level: no trigonometry for them (the same numbers). */
    double c = angle == 0 ? 1 : fabs(cos(angle)), s = angle == 0 ? 0 : fabs(sin(angle));
    double bw = w * c + h * s, bh = w * s + h * c;
    return (pm_rect){cx - 0.5 * bw, cy - 0.5 * bh, bw, bh};
}

/* Half-extent of a w × h box turned by `a`, projected on the unit axis (ux, uy). */
static double project(double w, double h, double a, double ux, double uy)
{
    double c = cos(a), s = sin(a);
    return 0.5 * w * fabs(c * ux + s * uy) + 0.5 * h * fabs(-s * ux + c * uy);
}

int pm_obb_overlap(double ax, double ay, double aw, double ah, double aa, double bx, double by,
                   double bw, double bh, double ba)
{
    /* Separating axes: the two sides of each box. */
    const double axes[4] = {aa, aa + PM_PI / 2, ba, ba + PM_PI / 2};
    for (int k = 0; k < 4; k++) {
        double ux = cos(axes[k]), uy = sin(axes[k]);
        double d = fabs((bx - ax) * ux + (by - ay) * uy);
        if (d >= project(aw, ah, aa, ux, uy) + project(bw, bh, ba, ux, uy) - 1e-9)
            return 0;
    }
    return 1;
}

/* ---- fitting -------------------------------------------------------------- */

static double wrap_angle(double a)
{
    while (a > PM_PI)
        a -= 2 * PM_PI;
    while (a <= -PM_PI)
        a += 2 * PM_PI;
    return a;
}

/* The glyphs set with `track` extra space between them; 0 if a glyph would
 * lean upside down or the line turns too sharply. */
static int set_glyphs(const pm_path *p, double mid, double offset, pm_glyph *g, int n, double h,
                      double track, int reversed)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += g[i].w + (i ? track : 0);
    double s0 = mid - 0.5 * total, run = 0, lo = INFINITY, hi = -INFINITY;
    if (s0 < 0 || s0 + total > pm_path_length(p))
        return 0;
    for (int i = 0; i < n; i++) {
        double along = run + 0.5 * g[i].w;
        run += g[i].w + track;
        double sc = reversed ? s0 + total - along : s0 + along;
        /* Direction over the glyph's own width, so a kink under one glyph
         * does not tip it. */
        double half = fmax(0.5 * g[i].w, 0.25 * h), x0, y0, x1, y1, x, y;
        pm_path_at(p, sc - half, &x0, &y0);
        pm_path_at(p, sc + half, &x1, &y1);
        pm_path_at(p, sc, &x, &y);
        double a = atan2(y1 - y0, x1 - x0);
        if (reversed)
            a = wrap_angle(a + PM_PI);
        if (fabs(a) > PM_PI / 2 + UPRIGHT_SLACK)
            return 0;
        if (i > 0 && fabs(wrap_angle(a - g[i - 1].angle)) > MAX_STEP_TURN)
            return 0;
        lo = fmin(lo, a);
        hi = fmax(hi, a);
        /* Offset along the reading normal: positive is below the text. */
        g[i].cx = x - sin(a) * offset;
        g[i].cy = y + cos(a) * offset;
        g[i].angle = a;
    }
    return hi - lo <= MAX_TOTAL_TURN;
}

static int glyphs_overlap(const pm_glyph *g, int n, double h)
{
    for (int i = 1; i < n; i++)
        if (pm_obb_overlap(g[i - 1].cx, g[i - 1].cy, g[i - 1].w, h, g[i - 1].angle, g[i].cx,
                           g[i].cy, g[i].w, h, g[i].angle))
            return 1;
    return 0;
}

int pm_curve_fit(const pm_path *p, double mid, double offset, pm_glyph *g, int n, double h,
                 double pad)
{
    if (n < 1 || p->n < 2)
        return 0;
    double total = 0;
    for (int i = 0; i < n; i++)
        total += g[i].w;
    /* Read left to right: walk the line backwards when its chord under the
     * label runs right to left (or straight down, as rotated text reads up). */
    double ax, ay, bx, by;
    pm_path_at(p, mid - 0.5 * total, &ax, &ay);
    pm_path_at(p, mid + 0.5 * total, &bx, &by);
    double chord = atan2(by - ay, bx - ax);
    int reversed = fabs(pm_upright_angle(chord) - chord) > 1e-9;
    /* On a bend the glyphs fan out on the outside and crowd on the inside:
     * open the spacing a little before giving up. */
    static const double tracks[] = {0, 0.08, 0.16, 0.25};
    for (size_t t = 0; t < sizeof tracks / sizeof tracks[0]; t++) {
        if (!set_glyphs(p, mid, offset, g, n, h, tracks[t] * h, reversed))
            return 0;
        if (!glyphs_overlap(g, n, h)) {
            for (int i = 0; i < n; i++)
                g[i].box = pm_rotated_extents(g[i].cx, g[i].cy, g[i].w + 2 * pad, h + 2 * pad,
                                              g[i].angle);
            return 1;
        }
    }
    return 0;
}
