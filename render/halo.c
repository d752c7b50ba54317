/* A label's halo on an image, from the glyphs' own coverage (text.c draws
 * it): each pixel of coverage c lights every pixel within r + 1 of it, a
 * pixel at distance d by r + c - d, clamped to [0, 1] (the coverage puts the
 * glyph's edge about c - 1/2 pixel beyond the pixel's centre, so this is
 * the antialiased edge of a band r wide round the glyph); each pixel takes
 * the largest such value.
 *
 * Taken literally that is a disc of offsets per inked pixel, which grows
 * with r². Here it costs the same at any radius: an exact Euclidean distance
 * transform (Felzenszwalb and Huttenlocher) gives each pixel the distance D
 * to the nearest inked pixel. Within r - 1 of ink the value is at least
 * 1 + c: the pixel is full. Beyond r + 1 nothing reaches it. Between, only
 * inked pixels at distances in [D, D + 1) can give the largest value (one
 * further off gives at most r + 1 - (D + 1), less than the nearest's
 * r + c - D), so a ring of offsets is searched, for the few pixels of that
 * band. The result is the literal definition's, byte for byte. Narrow halos
 * (a disc of a few dozen offsets) are spread literally: there the transform
 * over the whole box costs more than the discs. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>

/* No ink within reach (squared distances are exact integers below this). */
#define FAR 1e30

/* Squared distance to the nearest zero of f along one line of n values
 * (stride `step`), in place: the lower envelope of parabolas. v, z and d are
 * scratch of n, n + 1 and n. */
static void edt_line(double *f, int n, int step, int *v, double *z, double *d)
{
    int k = -1;
    for (int q = 0; q < n; q++) {
        double fq = f[q * step];
        if (fq >= FAR)
            continue;
        double s = -FAR;
        while (k >= 0) {
            int p = v[k];
            s = ((fq + (double)q * q) - (f[p * step] + (double)p * p)) / (2.0 * (q - p));
            if (s > z[k])
                break;
            k--;
        }
        v[++k] = q;
        z[k] = k == 0 ? -FAR : s;
        z[k + 1] = FAR;
    }
    for (int q = 0, j = 0; q < n; q++) {
        if (k < 0) {
            d[q] = FAR;
            continue;
        }
        while (j < k && z[j + 1] < q)
            j++;
        double dx = q - v[j];
        d[q] = dx * dx + f[v[j] * step];
    }
    for (int q = 0; q < n; q++)
        f[q * step] = d[q];
}

/* Squared distance along each column to its nearest inked pixel (FAR:
 * none), into dist (w × h): the transform's first pass, which on ink or
 * no ink is two sweeps of whole steps (the envelope of parabolas is for
 * the second pass, over these). `near` is scratch of w. */
static void column_distances(const unsigned char *in, int s, int w, int h, double *dist, int *near)
{
    for (int x = 0; x < w; x++)
        near[x] = -1;   /* the row of the last ink above, none yet */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (in[y * s + x])
                near[x] = y;
            dist[y * w + x] = near[x] < 0 ? FAR : (double)(y - near[x]) * (y - near[x]);
        }
    for (int x = 0; x < w; x++)
        near[x] = -1;   /* the row of the next ink below */
    for (int y = h - 1; y >= 0; y--)
        for (int x = 0; x < w; x++) {
            if (in[y * s + x])
                near[x] = y;
            double below = near[x] < 0 ? FAR : (double)(near[x] - y) * (near[x] - y);
            if (below < dist[y * w + x])
                dist[y * w + x] = below;
        }
}

typedef struct offset {
    int dx, dy, d2;
    double d;
} offset;

static int by_d2(const void *a, const void *b)
{
    const offset *p = a, *q = b;
    return (p->d2 > q->d2) - (p->d2 < q->d2);
}

/* The value r + c - d of the inked pixels at distances [sqrt(d2), +1) from
 * (x, y), the largest, as a byte (0 if none is positive). */
static unsigned char ring_max(const unsigned char *in, int s, int w, int h, double r, int x, int y,
                              int d2, const offset *off, int n_off, const int *first)
{
    double dmax = sqrt((double)d2) + 1, best = 0;
    for (int k = first[d2]; k < n_off && off[k].d < dmax && off[k].d < r + 1; k++) {
        int qx = x + off[k].dx, qy = y + off[k].dy;
        if (qx < 0 || qy < 0 || qx >= w || qy >= h || !in[qy * s + qx])
            continue;
        double v = r + in[qy * s + qx] / 255.0 - off[k].d;
        if (v >= 1)
            return 255;   /* full: no other offset can change that */
        if (v > best)
            best = v;
    }
    return (unsigned char)(best >= 1 ? 255 : best > 0 ? best * 255 + 0.5 : 0);
}

/* The offsets within r + 2 sorted by distance, and for each squared
 * distance the first offset at or beyond it. */
static int ring_table(double r, offset **off_out, int *n_out, int **first_out)
{
    int reach = (int)ceil(r + 2), side = 2 * reach + 1, max_d2 = 2 * reach * reach;
    offset *off = malloc((size_t)side * side * sizeof *off);
    int *first = malloc(((size_t)max_d2 + 2) * sizeof *first);
    if (!off || !first) {
        free(off);
        free(first);
        return -1;
    }
    int n = 0;
    for (int j = -reach; j <= reach; j++)
        for (int i = -reach; i <= reach; i++)
            off[n++] = (offset){i, j, i * i + j * j, sqrt((double)(i * i + j * j))};
    qsort(off, (size_t)n, sizeof *off, by_d2);
    for (int d2 = max_d2 + 1, k = n; d2 >= 0; d2--) {
        while (k > 0 && off[k - 1].d2 >= d2)
            k--;
        first[d2] = k;
    }
    *off_out = off;
    *n_out = n;
    *first_out = first;
    return 0;
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

int pm_halo_spread(const unsigned char *in, int s, int w, int h, double r, unsigned char *out, int so)
{
    if (!(r > 0) || w <= 0 || h <= 0)
        return -1;
    if (r < PM_HALO_LITERAL_BELOW) {
        spread_literal(in, s, w, h, r, out, so);
        return 0;
    }
    int m = w > h ? w : h;
    double *dist = malloc((size_t)w * h * sizeof *dist), *z = malloc(((size_t)m + 1) * sizeof *z);
    double *d = malloc((size_t)m * sizeof *d);
    int *v = malloc((size_t)m * sizeof *v), *first = NULL, n_off = 0;
    offset *off = NULL;
    int ok = dist && z && d && v && ring_table(r, &off, &n_off, &first) == 0;
    if (ok) {
        column_distances(in, s, w, h, dist, v);
        for (int y = 0; y < h; y++)
            edt_line(dist + (size_t)y * w, w, 1, v, z, d);
        double full = r - 1;
        /* The squared distances are whole numbers: the least whose square
         * root reaches r + 1 (the ring's own test) is found once, not a
         * root taken per pixel. */
        double out_d2 = fmax(floor((r + 1) * (r + 1)) - 2, 0);
        while (sqrt(out_d2) < r + 1)
            out_d2++;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double d2 = dist[y * w + x];
                unsigned char b = d2 >= out_d2 ? 0
                                : full >= 0 && d2 <= full * full
                                    ? 255
                                    : ring_max(in, s, w, h, r, x, y, (int)d2, off, n_off, first);
                if (b > out[y * so + x])
                    out[y * so + x] = b;
            }
    }
    free(dist);
    free(z);
    free(d);
    free(v);
    free(off);
    free(first);
    return ok ? 0 : -1;
}
