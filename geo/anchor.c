/* A labelled polygon's anchor without the round trip through GEOS.
 *
 * The anchor has always been GEOS' point on the surface (InteriorPointArea,
 * GEOS 3.11), and maps were drawn with it; handing each polygon to GEOS
 * through GDAL copied it twice for a few comparisons. This is the same
 * algorithm on the feature's own vertices, with the same arithmetic in the
 * same order, so the anchor is the same double to the last bit
 * (tests/unit/test_geo_anchor.c compares it with OGR_G_PointOnSurface).
 *
 * A horizontal scan line is put between the two vertex Ys nearest the middle
 * of the outer ring's Y extent, so that no vertex lies on it when the
 * polygon has area; every ring's crossings with it are sorted, and the
 * middle of the widest section between a crossing pair is the anchor. */
#include <math.h>
#include <stdlib.h>

#include "geo_internal.h"

/* GEOS' average: the sum halved, not a + (b - a) / 2. */
static double avg(double a, double b)
{
    return (a + b) / 2.0;
}

/* The scan line's Y: the interval between the vertex Ys around the middle
 * of the outer ring's Y extent is narrowed by the vertices of every ring,
 * holes included; its middle is the line. */
static double scan_line_y(const double *xy, const int *ring_len, int n_rings)
{
    double lo = xy[1], hi = xy[1];
    for (int i = 1; i < ring_len[0]; i++) {
        double y = xy[2 * i + 1];
        lo = y < lo ? y : lo;
        hi = y > hi ? y : hi;
    }
    double centre = avg(lo, hi);
    const double *v = xy;
    for (int r = 0; r < n_rings; v += 2 * (size_t)ring_len[r], r++) {
        for (int i = 0; i < ring_len[r]; i++) {
            double y = v[2 * i + 1];
            if (y <= centre) {
                if (y > lo)
                    lo = y;
            } else if (y < hi) {
                hi = y;
            }
        }
    }
    return avg(hi, lo);
}

/* Whether the edge p→q counts as crossing the line at y. Horizontal edges
 * never do; a vertex on the line belongs to only one of its two edges (the
 * downward edge leaving it, the upward edge arriving at it do not count),
 * so a ring that touches the line without crossing adds an even number. */
static int crosses(const double *p, const double *q, double y)
{
    if ((p[1] > y && q[1] > y) || (p[1] < y && q[1] < y))
        return 0;
    if (p[1] == q[1])
        return 0;
    if (p[1] == y && q[1] < y)
        return 0;
    if (q[1] == y && p[1] < y)
        return 0;
    return 1;
}

/* X where p→q meets the line at y, through the slope as GEOS computes it
 * (not the shorter x0 + dx * t: the last bit would differ). */
static double crossing_x(const double *p, const double *q, double y)
{
    if (p[0] == q[0])
        return p[0];
    double m = (q[1] - p[1]) / (q[0] - p[0]);
    return p[0] + (y - p[1]) / m;
}

/* Append ring's crossings with the line at y to xs; a ring whose Y range
 * misses the line is skipped, as GEOS skips it by its envelope. */
static int ring_crossings(const double *v, int n, double y, double *xs, int k)
{
    double lo = v[1], hi = v[1];
    for (int i = 1; i < n; i++) {
        lo = v[2 * i + 1] < lo ? v[2 * i + 1] : lo;
        hi = v[2 * i + 1] > hi ? v[2 * i + 1] : hi;
    }
    if (y < lo || y > hi)
        return k;
    for (int i = 1; i < n; i++)
        if (crosses(v + 2 * (i - 1), v + 2 * i, y))
            xs[k++] = crossing_x(v + 2 * (i - 1), v + 2 * i, y);
    return k;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Rings GEOS refuses (not closed, 1 to 3 points: GDAL pads some, GEOS
 * rejects the rest with an error the loader reports) are left to GEOS. */
static int rings_plain(const double *xy, const int *ring_len, int n_rings, size_t *n_points)
{
    size_t total = 0;
    const double *v = xy;
    for (int r = 0; r < n_rings; v += 2 * (size_t)ring_len[r], r++) {
        int n = ring_len[r];
        if (n < 4 || v[0] != v[2 * (n - 1)] || v[1] != v[2 * (n - 1) + 1])
            return 0;
        total += (size_t)n;
    }
    *n_points = total;
    return 1;
}

/* The widest section between the sorted crossing pairs, its middle on the
 * line; the outer ring's first vertex when every section is empty (a
 * polygon without area), as GEOS answers. */
static void widest_section(double *xs, int k, double y, const double *first, double out[2])
{
    out[0] = first[0];
    out[1] = first[1];
    qsort(xs, (size_t)k, sizeof *xs, by_value);
    double widest = 0.0;
    for (int i = 0; i + 1 < k; i += 2) {
        double width = xs[i + 1] - xs[i];
        if (width > widest) {
            widest = width;
            out[0] = avg(xs[i], xs[i + 1]);
            out[1] = y;
        }
    }
}

int pm_polygon_anchor(const double *xy, const int *ring_len, int n_rings, double out[2])
{
    size_t n_points;
    if (n_rings < 1 || !rings_plain(xy, ring_len, n_rings, &n_points))
        return 0;
    double y = scan_line_y(xy, ring_len, n_rings);
    double stack[256];
    double *xs = n_points <= sizeof stack / sizeof *stack ? stack : malloc(n_points * sizeof *xs);
    if (!xs)
        return 0;
    int k = 0;
    const double *v = xy;
    for (int r = 0; r < n_rings; v += 2 * (size_t)ring_len[r], r++)
        k = ring_crossings(v, ring_len[r], y, xs, k);
    /* An odd count would have GEOS read past its list, and a slope that
     * overflows gives no number: neither is reproduced, GEOS is asked. */
    int ok = isfinite(y) && k % 2 == 0;
    for (int i = 0; ok && i < k; i++)
        ok = isfinite(xs[i]);
    if (ok)
        widest_section(xs, k, y, xy, out);
    if (xs != stack)
        free(xs);
    return ok;
}
