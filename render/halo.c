/* A label's halo on an image, from the glyphs' own coverage (text.c draws
 * it): each pixel of coverage c lights every pixel within r + 1 of it, a
 * pixel at distance d by r + c - d, clamped to [0, 1] (the coverage puts the
 * glyph's edge about c - 1/2 pixel beyond the pixel's centre, so this is
 * the antialiased edge of a band r wide round the glyph); each pixel takes
 * the largest such value.
 *
 * Taken literally that is a disc of offsets per inked pixel, which grows
 * with r². Narrow halos (a disc of a few dozen offsets) are spread so. From
 * PM_HALO_LITERAL_BELOW on, most pixels are settled by masks, one bit a
 * pixel, each the ink dilated by a disc (a row widened by shifts, ORed over
 * the disc's rows: a few word operations a row): ink within the squared
 * distance at which even the faintest coverage gives 255, or fully inked
 * pixels within theirs, make the pixel full (three quarters of a label's
 * box); nothing within reach of r + 1 leaves it as it is. Only the band
 * between is searched, pixel by pixel, through the offsets sorted by
 * distance, from the nearest distance the ink can be at (masks at a few
 * distances between split the band) to the nearest ink, then on while an
 * ink pixel further off could still give more. Every threshold is found
 * with the literal's own arithmetic, so the result is the literal
 * definition's, byte for byte (tests/unit/test_render_halo.c compares them
 * on random coverage). */
#include "render_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"

/* Beyond this radius the offsets' count would overflow an int. */
#define MAX_RADIUS 20000.0
/* The band searched is split by up to this many masks, each holding some
 * BAND_OFFSETS offsets: a pixel's search starts at its part's inner edge.
 * Each mask costs a dilation; at 1.5 pt and 300 dpi (r 6.25) parts of
 * about 20 offsets (four) beat none by some 6 % and parts of 8 by 10 %. */
#define MAX_BANDS 16
#define BAND_OFFSETS 20
/* The search past the nearest ink takes offsets UNROLL at a time, their
 * maximum before the running one (one comparison's latency in the chain
 * instead of UNROLL): offsets past where it could stop give no more than
 * the best, so the few extra ones change nothing. */
#define UNROLL 4

typedef uint64_t word;

/* The largest whole k with sqrt(k) < r + 1: squared distances within reach,
 * by the literal's test. */
static int last_reached(double r)
{
    int k = (int)floor((r + 1) * (r + 1)) + 1;
    while (k > 0 && !(sqrt((double)k) < r + 1))
        k--;
    while (sqrt((double)k + 1) < r + 1)
        k++;
    return k;
}

/* The largest squared distance at which ink of value rc (r + c, as the
 * literal adds them) gives 255, up to k_reach; -1 if none. The value only
 * falls as k grows, so this is where it stops reaching 1. */
static int last_full(double rc, int k_reach)
{
    int k = rc > 1 ? (int)fmin(floor((rc - 1) * (rc - 1)), k_reach) : -1;
    while (k >= 0 && !(rc - sqrt((double)k) >= 1))
        k--;
    while (k < k_reach && rc - sqrt((double)k + 1) >= 1)
        k++;
    return k;
}

/* The offsets within reach (squared distance ≤ k_reach) sorted by distance
 * (counted, not compared: there are few distinct squared distances), then
 * UNROLL offsets at an infinite distance, which end any search. */
typedef struct ring {
    int n;
    int *d2;       /* squared distance, */
    double *d;     /* its root, */
    int *step;     /* index step in the padded coverage (stride ps) */
    int *start;    /* [k]: the first offset at squared distance k or more */
} ring;

static void ring_free(ring *g)
{
    PM_FREE_ALL(g->d2, g->d, g->step, g->start);
}

static int ring_make(int k_reach, int reach, int ps, ring *g)
{
    size_t all = (2 * (size_t)reach + 1) * (2 * (size_t)reach + 1) + UNROLL, kn = (size_t)k_reach + 2;
    *g = (ring){0, malloc(all * sizeof(int)), malloc(all * sizeof(double)), malloc(all * sizeof(int)),
                calloc(kn, sizeof(int))};
    int *next = malloc(kn * sizeof(int));   /* where each distance's next offset goes */
    int ok = g->d2 && g->d && g->step && g->start && next;
    for (int j = -reach; ok && j <= reach; j++)
        for (int i = -reach; i <= reach; i++)
            if (i * i + j * j <= k_reach)
                g->start[i * i + j * j + 1]++;
    for (int k = 1; ok && k <= k_reach + 1; k++)
        g->start[k] += g->start[k - 1];
    if (ok) {
        g->n = g->start[k_reach + 1];
        memcpy(next, g->start, kn * sizeof(int));
    }
    for (int j = -reach; ok && j <= reach; j++)
        for (int i = -reach; i <= reach; i++) {
            int k2 = i * i + j * j;
            if (k2 > k_reach)
                continue;
            int at = next[k2]++;
            g->d2[at] = k2;
            g->d[at] = sqrt((double)k2);
            g->step[at] = j * ps + i;
        }
    for (int at = g->n; ok && at < g->n + UNROLL; at++) {
        g->d2[at] = k_reach + 1;
        g->d[at] = HUGE_VAL;
        g->step[at] = 0;
    }
    free(next);
    return ok ? 0 : -1;
}

/* The largest value r + c - d of the ink round the pixel at p (padded
 * coverage), as a byte, searching from offset k: the nearest ink, then on
 * while full coverage that far off would still give more than the best
 * (the values only fall with the distance, in the literal's arithmetic
 * too, so nothing further can). rc: r + c by coverage byte, rc[0] -inf. */
static unsigned char ring_value(const unsigned char *p, const ring *g, int k, const double *rc)
{
    while (k < g->n && !p[g->step[k]])
        k++;
    double best = 0;
    for (; rc[255] - g->d[k] > best; k += UNROLL) {
        double v = rc[p[g->step[k]]] - g->d[k];   /* no ink: -inf */
        for (int i = 1; i < UNROLL; i++) {
            double u = rc[p[g->step[k + i]]] - g->d[k + i];
            v = u > v ? u : v;
        }
        if (v >= 1)
            return 255;   /* full: no other offset can change that */
        best = v > best ? v : best;
    }
    return (unsigned char)(best > 0 ? best * 255 + 0.5 : 0);
}

/* One bit a pixel, W words a row, h rows a mask. */
typedef struct masks {
    int W, reach, n_bands;
    word *any, *solid;   /* inked; inked at 255 */
    word *full;          /* given 255 */
    word *bands;         /* band b: ink within squared distance band_k[b] */
    int band_k[MAX_BANDS + 1];
    word *wide;          /* scratch: a row widened by 0 ... reach pixels */
    int *hw;             /* scratch: each disc's half widths by row */
} masks;

/* Bit i of the result: byte i of the eight in x is not zero. */
static word nonzero8(uint64_t x)
{
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7full, high = 0x8080808080808080ull;
    uint64_t t = (((x & low7) + low7) | x) & high;   /* each byte's top bit: any bit set */
    return (word)(((t >> 7) * 0x0102040810204080ull) >> 56);
}

/* The coverage as bits, eight bytes at a time (a label's box is a few
 * thousand pixels, so this is a fifth of the masks' cost done bytewise). */
static void to_bits(const unsigned char *in, int s, int w, int h, masks *m)
{
    for (int y = 0; y < h; y++)
        for (int j = 0; j * 64 < w; j++) {
            const unsigned char *row = in + (size_t)y * s + j * 64;
            int n = w - j * 64 < 64 ? w - j * 64 : 64, i = 0;
            word a = 0, f = 0;
            for (; i + 8 <= n; i += 8) {
                uint64_t x = 0;
                for (int b = 7; b >= 0; b--)   /* byte b at bits 8b, any byte order */
                    x = x << 8 | row[i + b];
                a |= nonzero8(x) << i;
                f |= (~nonzero8(~x) & 0xff) << i;
            }
            for (; i < n; i++) {
                a |= (word)(row[i] != 0) << i;
                f |= (word)(row[i] == 255) << i;
            }
            m->any[(size_t)y * m->W + j] = a;
            m->solid[(size_t)y * m->W + j] = f;
        }
}

/* m->wide row t: the row a widened by t pixels each way, t = 0 ... n. */
static void widen(const word *a, int W, int n, word *wide)
{
    memcpy(wide, a, (size_t)W * sizeof *wide);
    for (int t = 1; t <= n; t++) {
        const word *p = wide + (size_t)(t - 1) * W;
        word *q = wide + (size_t)t * W;
        for (int j = 0; j < W; j++)
            q[j] = p[j] | p[j] << 1 | p[j] >> 1 | (j > 0 ? p[j - 1] >> 63 : 0) |
                   (j + 1 < W ? p[j + 1] << 63 : 0);
    }
}

/* The half widths of the disc of squared radius k by row, its row count
 * each way returned (-1: empty disc). */
static int half_widths(int k, int *hw)
{
    int n = -1;
    while ((n + 1) * (n + 1) <= k)
        n++;
    for (int dy = 0, x = n; dy <= n; dy++) {
        while (x * x + dy * dy > k)
            x--;
        hw[dy] = x;
    }
    return n;
}

/* dst[i] |= src dilated by the disc of squared radius k[i], i < n: each
 * inked row widened once for all the discs. */
static void dilate(const word *src, int h, int n, const int *k, word *const *dst, masks *m)
{
    int W = m->W, rows[MAX_BANDS + 2], top = 0;
    size_t hs = (size_t)m->reach + 1;
    for (int i = 0; i < n; i++) {
        rows[i] = half_widths(k[i], m->hw + i * hs);
        top = rows[i] > top ? rows[i] : top;
    }
    for (int y = 0; y < h; y++) {
        const word *a = src + (size_t)y * W;
        word ink = 0;
        for (int j = 0; j < W; j++)
            ink |= a[j];
        if (!ink)
            continue;
        widen(a, W, top, m->wide);
        for (int i = 0; i < n; i++)
            for (int dy = -rows[i]; dy <= rows[i]; dy++) {
                if (y + dy < 0 || y + dy >= h)
                    continue;
                const word *row = m->wide + (size_t)m->hw[i * hs + (dy < 0 ? -dy : dy)] * W;
                word *o = dst[i] + (size_t)(y + dy) * W;
                for (int j = 0; j < W; j++)
                    o[j] |= row[j];
            }
    }
}

/* The band's split: squared distances after k_any, each part ending at a
 * distance boundary after some BAND_OFFSETS offsets, the last at k_reach. */
static void split_band(const ring *g, int k_any, int k_reach, masks *m)
{
    int from = g->start[k_any + 1], per = (g->n - from) / MAX_BANDS + 1;
    per = per > BAND_OFFSETS ? per : BAND_OFFSETS;
    m->band_k[0] = k_any;
    m->n_bands = 0;
    for (int at = from + per; at < g->n && m->n_bands < MAX_BANDS - 1; at += per) {
        int k = g->d2[at - 1];
        if (k > m->band_k[m->n_bands])
            m->band_k[++m->n_bands] = k;
    }
    if (m->band_k[m->n_bands] < k_reach)
        m->band_k[++m->n_bands] = k_reach;
}

static void spread_literal(const unsigned char *in, int s, int w, int h, double r, unsigned char *out,
                           int so)
{
    int reach = (int)ceil(r + 1), n = 0;
    enum { SIDE = 2 * (int)PM_HALO_LITERAL_BELOW + 5 };
    int dx[SIDE * SIDE], dy[SIDE * SIDE];
    double dist[SIDE * SIDE];
    for (int j = -reach; j <= reach; j++)
        for (int i = -reach; i <= reach; i++) {
            double d = sqrt((double)(i * i + j * j));
            if (d < r + 1) {
                dx[n] = i;
                dy[n] = j;
                dist[n++] = d;
            }
        }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double c = in[y * s + x] / 255.0;
            for (int k = 0; c > 0 && k < n; k++) {
                int qx = x + dx[k], qy = y + dy[k];
                double v = r + c - dist[k];
                if (v <= 0 || qx < 0 || qy < 0 || qx >= w || qy >= h)
                    continue;
                unsigned char b = (unsigned char)(v >= 1 ? 255 : v * 255 + 0.5);
                if (b > out[qy * so + qx])
                    out[qy * so + qx] = b;
            }
        }
}


/* Set out's bytes under the bits of f (one word's pixels) to 255, a run at
 * a time. */
static void fill_full(word f, unsigned char *o)
{
    while (f) {
        int i = __builtin_ctzll(f);
        word rest = ~(f >> i);
        int len = rest ? __builtin_ctzll(rest) : 64 - i;
        memset(o + i, 255, (size_t)len);
        f = i + len >= 64 ? 0 : f & (~(word)0 << (i + len));
    }
}

/* The masks' pixels into out: full ones 255, those within reach searched
 * from their band part's inner edge. */
static void settle(const masks *m, const unsigned char *pad, int ps, int w, int h, const ring *g,
                   const double *rc, unsigned char *out, int so)
{
    size_t plane = (size_t)h * m->W;
    for (int y = 0; y < h; y++)
        for (int j = 0; j * 64 < w; j++) {
            size_t at = (size_t)y * m->W + j;
            word valid = w - j * 64 >= 64 ? ~(word)0 : ((word)1 << (w - j * 64)) - 1;
            word f = m->full[at] & valid, inner = f;
            unsigned char *o = out + (size_t)y * so + j * 64;
            const unsigned char *p = pad + (size_t)(y + m->reach) * ps + m->reach + j * 64;
            fill_full(f, o);
            for (int b = 1; b <= m->n_bands; b++) {
                word part = m->bands[(b - 1) * plane + at] & valid & ~inner;
                inner |= part;
                for (int k = g->start[m->band_k[b - 1] + 1]; part; part &= part - 1) {
                    int i = __builtin_ctzll(part);
                    unsigned char v = ring_value(p + i, g, k, rc);
                    if (v > o[i])
                        o[i] = v;
                }
            }
        }
}

/* The masks of the coverage: full, and the band's parts. */
static void make_masks(const unsigned char *in, int s, int w, int h, int k_any, int k_solid, masks *m)
{
    word *dst[MAX_BANDS + 1] = {m->full};
    int k[MAX_BANDS + 1] = {k_any};
    for (int b = 1; b <= m->n_bands; b++) {
        dst[b] = m->bands + (size_t)(b - 1) * h * m->W;
        k[b] = m->band_k[b];
    }
    to_bits(in, s, w, h, m);
    dilate(m->any, h, m->n_bands + 1, k, dst, m);
    dilate(m->solid, h, 1, &k_solid, dst, m);
}

static int spread_masked(const unsigned char *in, int s, int w, int h, double r, unsigned char *out,
                         int so)
{
    double rc[256];
    for (int c = 0; c < 256; c++)
        rc[c] = r + c / 255.0;
    /* No ink gives nothing: the search takes its maximum without a branch on
     * each offset's ink, which glyph edges make unpredictable (-9 % a halo). */
    rc[0] = -HUGE_VAL;
    int k_reach = last_reached(r), k_any = last_full(rc[1], k_reach), k_solid = last_full(rc[255], k_reach);
    int reach = (int)floor(sqrt((double)k_reach)), W = (w + 63) / 64, ps = w + 2 * reach;
    size_t plane = (size_t)h * W;
    masks m = {W, reach, 0, calloc(plane, sizeof(word)), calloc(plane, sizeof(word)),
               calloc(plane, sizeof(word)), NULL, {0}, malloc(((size_t)reach + 1) * W * sizeof(word)),
               malloc(((size_t)reach + 1) * (MAX_BANDS + 1) * sizeof(int))};
    unsigned char *pad = calloc((size_t)ps * (h + 2 * reach), 1);
    ring g;
    int ok = ring_make(k_reach, reach, ps, &g) == 0 && m.any && m.solid && m.full && m.wide && m.hw && pad;
    if (ok) {
        split_band(&g, k_any, k_reach, &m);
        ok = (m.bands = calloc(plane * m.n_bands, sizeof(word))) != NULL;
    }
    if (ok) {
        for (int y = 0; y < h; y++)
            memcpy(pad + (size_t)(y + reach) * ps + reach, in + (size_t)y * s, (size_t)w);
        make_masks(in, s, w, h, k_any, k_solid, &m);
        settle(&m, pad, ps, w, h, &g, rc, out, so);
    }
    ring_free(&g);
    PM_FREE_ALL(m.any, m.solid, m.full, m.bands, m.wide, m.hw, pad);
    return ok ? 0 : -1;
}

int pm_halo_spread(const unsigned char *in, int s, int w, int h, double r, unsigned char *out, int so)
{
    if (!(r > 0) || !(r < MAX_RADIUS) || w <= 0 || h <= 0)
        return -1;
    if (r < PM_HALO_LITERAL_BELOW) {
        spread_literal(in, s, w, h, r, out, so);
        return 0;
    }
    return spread_masked(in, s, w, h, r, out, so);
}
