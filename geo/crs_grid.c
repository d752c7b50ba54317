/* pm_crs_grid — the forward transformation of a large layer by
 * interpolation between nodes PROJ computes, as GDAL's approximate
 * transformer does for warping.
 *
 * PROJ's exact transverse Mercator costs a few hundred nanoseconds a
 * point: a fifth of drawing 100 000 polygons. Over a layer's box the
 * transformation is smooth, so a grid of a few thousand exact nodes and
 * quadratic interpolation between them gives every vertex to well under a
 * millimetre for a 100 km layer. The grid is refined until the error at
 * every cell's centre (where the interpolation strays most) and at a
 * sample of the data's own points is within the tolerance; where it cannot
 * be (near a projection's edge, a failing node), there is no grid and the
 * caller uses pm_crs_forward. */
#include "pm_crs.h"

#include <math.h>
#include <stdlib.h>

#define FIRST_CELLS 16
#define MAX_CELLS 512

struct pm_crs_grid {
    double x0, y0, dx, dy;   /* lon/lat of node (0, 0) and cell size */
    int cells;               /* per side */
    double *node;            /* (cells + 1)² projected x, y, row by row */
    double tol;              /* the error it was made within */
};

void pm_crs_grid_destroy(pm_crs_grid *g)
{
    if (!g)
        return;
    free(g->node);
    free(g);
}

/* Quadratic weights at u (in node spacings from the middle node). */
static void weights(double u, double w[3])
{
    w[0] = 0.5 * u * (u - 1);
    w[1] = 1 - u * u;
    w[2] = 0.5 * u * (u + 1);
}

/* Biquadratic interpolation at lon/lat (x, y) inside the box, from the 3 × 3
 * nodes around the nearest one: its error falls with the cube of the cell
 * size where a bilinear one falls with the square (half a metre at 16
 * cells over the plans' region, for the curvature of the parallels). */
static void interpolate(const pm_crs_grid *g, double x, double y, double *out)
{
    double fx = (x - g->x0) / g->dx, fy = (y - g->y0) / g->dy;
    int i = (int)lround(fx), j = (int)lround(fy);
    i = i < 1 ? 1 : i > g->cells - 1 ? g->cells - 1 : i;
    j = j < 1 ? 1 : j > g->cells - 1 ? g->cells - 1 : j;
    double wx[3], wy[3];
    weights(fx - i, wx);
    weights(fy - j, wy);
    size_t row = (size_t)g->cells + 1;
    double sx = 0, sy = 0;
    for (int b = 0; b < 3; b++) {
        const double *n = g->node + 2 * ((size_t)(j - 1 + b) * row + (size_t)(i - 1));
        double rx = wx[0] * n[0] + wx[1] * n[2] + wx[2] * n[4];
        double ry = wx[0] * n[1] + wx[1] * n[3] + wx[2] * n[5];
        sx += wy[b] * rx;
        sy += wy[b] * ry;
    }
    out[0] = sx;
    out[1] = sy;
}

static int fill_nodes(pm_crs_grid *g, const pm_crs *crs)
{
    size_t row = (size_t)g->cells + 1;
    for (size_t j = 0; j < row; j++)
        for (size_t i = 0; i < row; i++) {
            g->node[2 * (j * row + i)] = g->x0 + (double)i * g->dx;
            g->node[2 * (j * row + i) + 1] = g->y0 + (double)j * g->dy;
        }
    return pm_crs_forward(crs, g->node, row * row, NULL) == PM_OK ? 0 : -1;
}

/* Worst difference between interpolation and PROJ over the cell centres
 * and the sample; -1 if PROJ fails at one of them. */
static double worst_error(const pm_crs_grid *g, const pm_crs *crs, const double *sample, size_t n_sample,
                          int centres)
{
    int cells = centres ? g->cells : 0;
    size_t n = (size_t)cells * (size_t)cells + n_sample;
    double *p = malloc(2 * n * sizeof *p);
    if (!p)
        return -1;
    size_t k = 0;
    for (int j = 0; j < cells; j++)
        for (int i = 0; i < cells; i++, k++) {
            p[2 * k] = g->x0 + (i + 0.5) * g->dx;
            p[2 * k + 1] = g->y0 + (j + 0.5) * g->dy;
        }
    for (size_t s = 0; s < n_sample; s++, k++) {
        p[2 * k] = sample[2 * s];
        p[2 * k + 1] = sample[2 * s + 1];
    }
    double worst = -1;
    if (pm_crs_forward(crs, p, n, NULL) == PM_OK) {
        worst = 0;
        k = 0;
        for (int j = 0; j < cells; j++)
            for (int i = 0; i < cells; i++, k++) {
                double q[2];
                interpolate(g, g->x0 + (i + 0.5) * g->dx, g->y0 + (j + 0.5) * g->dy, q);
                worst = fmax(worst, fmax(fabs(q[0] - p[2 * k]), fabs(q[1] - p[2 * k + 1])));
            }
        for (size_t s = 0; s < n_sample; s++, k++) {
            double q[2];
            interpolate(g, sample[2 * s], sample[2 * s + 1], q);
            worst = fmax(worst, fmax(fabs(q[0] - p[2 * k]), fabs(q[1] - p[2 * k + 1])));
        }
    }
    free(p);
    return worst;
}

pm_crs_grid *pm_crs_grid_create(const pm_crs *crs, const double box[4], const double *sample,
                                size_t n_sample, double tol)
{
    if (!crs || pm_crs_is_identity(crs) || !(box[2] > box[0]) || !(box[3] > box[1]) || !isfinite(box[2] - box[0]) ||
        !isfinite(box[3] - box[1]) || !(tol > 0))
        return NULL;
    for (int cells = FIRST_CELLS; cells <= MAX_CELLS; cells *= 2) {
        pm_crs_grid *g = calloc(1, sizeof *g);
        size_t row = (size_t)cells + 1;
        if (g)
            g->node = malloc(2 * row * row * sizeof *g->node);
        if (!g || !g->node) {
            pm_crs_grid_destroy(g);
            return NULL;
        }
        g->cells = cells;
        g->x0 = box[0];
        g->y0 = box[1];
        g->dx = (box[2] - box[0]) / cells;
        g->dy = (box[3] - box[1]) / cells;
        if (fill_nodes(g, crs) != 0) {
            pm_crs_grid_destroy(g);
            return NULL;
        }
        double worst = worst_error(g, crs, sample, n_sample, 1);
        g->tol = tol;
        if (worst >= 0 && worst <= tol)
            return g;
        pm_crs_grid_destroy(g);
        if (worst < 0)
            return NULL;
    }
    return NULL;
}

static int inside(const pm_crs_grid *g, const double *xy, size_t n)
{
    double x1 = g->x0 + g->cells * g->dx, y1 = g->y0 + g->cells * g->dy;
    for (size_t i = 0; i < n; i++)
        if (!(xy[2 * i] >= g->x0 && xy[2 * i] <= x1 && xy[2 * i + 1] >= g->y0 && xy[2 * i + 1] <= y1))
            return 0;
    return 1;
}

int pm_crs_grid_holds(const pm_crs_grid *g, const pm_crs *crs, const double *sample, size_t n)
{
    if (!inside(g, sample, n))
        return 0;
    /* The cell centres were checked when it was made. */
    double worst = worst_error(g, crs, sample, n, 0);
    return worst >= 0 && worst <= g->tol;
}

int pm_crs_grid_forward(const pm_crs_grid *g, double *xy, size_t n)
{
    if (!inside(g, xy, n))
        return -1;
    for (size_t i = 0; i < n; i++)
        interpolate(g, xy[2 * i], xy[2 * i + 1], xy + 2 * i);
    return 0;
}
