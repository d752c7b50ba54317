/* Class breaks over sorted values (quantile, equal intervals, Fisher-Jenks
 * natural breaks) and how a legend writes a number. Which features and
 * values a layer classifies is map_classes.c. */
#include "pm_classes.h"
#include "pm_values.h"
#include "pm_alloc.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pm_class_index(const double *up, int k, double v)
{
    for (int i = 0; i + 1 < k; i++)
        if (v <= up[i])
            return i;
    return k - 1;
}

/* Drop repeated bounds (ties make empty classes); the last is the maximum. */
static int unique_bounds(double *up, int k, double max)
{
    int m = 0;
    for (int i = 0; i < k; i++)
        if (up[i] < max && (m == 0 || up[i] > up[m - 1]))
            up[m++] = up[i];
    up[m++] = max;
    return m;
}

/* Class i ends at the value that closes the first (i+1)/k of the features. */
static int quantile(const double *v, int n, int k, double *up)
{
    for (int i = 0; i < k; i++) {
        long at = (long)ceil((double)(i + 1) * n / k) - 1;
        up[i] = v[at < 0 ? 0 : at];
    }
    return unique_bounds(up, k, v[n - 1]);
}

static int equal(const double *v, int n, int k, double *up)
{
    double lo = v[0], hi = v[n - 1];
    for (int i = 0; i < k; i++)
        up[i] = i + 1 == k ? hi : lo + (hi - lo) * (i + 1) / k;
    return unique_bounds(up, k, hi);
}

int pm_class_breaks(pm_class_method method, const double *sorted, int n, int k, double *up)
{
    if (n < 1 || k < 1)
        return 0;
    switch (method) {
    case PM_CLASS_QUANTILE:
        return quantile(sorted, n, k, up);
    case PM_CLASS_EQUAL:
        return equal(sorted, n, k, up);
    case PM_CLASS_JENKS:
        return pm_jenks_breaks(sorted, n, k, up);
    default:
        return 0;
    }
}

/* ---- Fisher-Jenks --------------------------------------------------------- */

/* Distinct values with their counts; above PM_JENKS_MAX_VALUES, adjacent
 * values are merged into groups of about equal counts, each standing for
 * its members by its weighted mean and closing at its largest value. */
typedef struct group {
    double mean, top, w;
} group;

static int make_groups(const double *v, int n, group **out)
{
    int distinct = 0;
    for (int i = 0; i < n; i++)
        distinct += i == 0 || v[i] != v[i - 1];
    int m = distinct < PM_JENKS_MAX_VALUES ? distinct : PM_JENKS_MAX_VALUES;
    group *g = calloc((size_t)m, sizeof *g);
    if (!g)
        return -1;
    int at = -1;
    double per = (double)n / m;
    for (int i = 0; i < n; i++) {
        int fresh = i == 0 || (v[i] != v[i - 1] && (distinct <= m || i >= (at + 1) * per));
        if (fresh && at + 1 < m)
            at++;
        g[at].mean += v[i];
        g[at].w += 1;
        g[at].top = v[i];
    }
    for (int i = 0; i <= at; i++)
        g[i].mean /= g[i].w;
    *out = g;
    return at + 1;
}

/* Sum of squared deviations of groups a..b (inclusive) from prefix sums. */
static double ssd(const double *sw, const double *swx, const double *swx2, int a, int b)
{
    double w = sw[b + 1] - sw[a], s = swx[b + 1] - swx[a], s2 = swx2[b + 1] - swx2[a];
    double d = s2 - s * s / w;
    return d > 0 ? d : 0;
}

/* Exact dynamic programme, O(k m^2): cost[c][j] is the least sum for the
 * first j+1 groups in c+1 classes, from[c][j] where its last class starts. */
static int fisher(const group *g, int m, int k, double *up)
{
    double *sw = calloc((size_t)m + 1, sizeof *sw), *swx = calloc((size_t)m + 1, sizeof *swx);
    double *swx2 = calloc((size_t)m + 1, sizeof *swx2);
    double *cost = malloc((size_t)k * m * sizeof *cost);
    int *from = malloc((size_t)k * m * sizeof *from);
    int ok = sw && swx && swx2 && cost && from;
    for (int i = 0; ok && i < m; i++) {
        /* Centred on the first mean so large values keep their precision. */
        double x = g[i].mean - g[0].mean;
        sw[i + 1] = sw[i] + g[i].w;
        swx[i + 1] = swx[i] + g[i].w * x;
        swx2[i + 1] = swx2[i] + g[i].w * x * x;
    }
    for (int j = 0; ok && j < m; j++) {
        cost[j] = ssd(sw, swx, swx2, 0, j);
        from[j] = 0;
    }
    for (int c = 1; ok && c < k; c++) {
        for (int j = 0; j < m; j++) {
            double best = DBL_MAX;
            int arg = j;
            for (int s = c; s <= j; s++) {
                double t = cost[(c - 1) * m + s - 1] + ssd(sw, swx, swx2, s, j);
                if (t < best) {
                    best = t;
                    arg = s;
                }
            }
            cost[c * m + j] = best;
            from[c * m + j] = arg;
        }
    }
    int j = m - 1;
    for (int c = k - 1; ok && c >= 0; c--) {
        up[c] = g[j].top;
        j = from[c * m + j] - 1;
    }
    PM_FREE_ALL(sw, swx, swx2, cost, from);
    return ok ? k : -1;
}

int pm_jenks_breaks(const double *sorted, int n, int k, double *up)
{
    group *g = NULL;
    int m = make_groups(sorted, n, &g);
    if (m < 0)
        return -1;
    int got = fisher(g, m, k < m ? k : m, up);
    free(g);
    return got;
}

/* ---- numbers -------------------------------------------------------------- */

/* Decimals, at most two, that `v` needs once trailing zeros are cut. */
static int decimals_of(double v)
{
    char t[64];
    snprintf(t, sizeof t, "%.2f", fabs(v));
    int d = 2;
    while (d > 0 && t[strlen(t) - 1 - (size_t)(2 - d)] == '0')
        d--;
    return d;
}

int pm_number_decimals(const double *v, int n)
{
    int d = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && decimals_of(v[i]) > d)
            d = decimals_of(v[i]);
    return d;
}

void pm_format_number(double v, int digits, char *buf, size_t n)
{
    if (v == 0 || fabs(v) < 0.5 * pow(10, -(digits >= 0 ? digits : 2)))
        v = 0;   /* no "-0" */
    char plain[352];
    snprintf(plain, sizeof plain, "%.*f", digits >= 0 ? digits : decimals_of(v), v);
    pm_sbuf b = {0};
    pm_number_add_grouped(&b, plain);
    char *grouped = pm_sbuf_take(&b);
    snprintf(buf, n, "%s", grouped ? grouped : plain);
    free(grouped);
}
