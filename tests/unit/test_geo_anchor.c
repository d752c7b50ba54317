/* A labelled polygon's anchor (geo/anchor.c) is GEOS' point on the surface,
 * asked of GDAL as OGR_G_PointOnSurface, to the last bit: on thousands of
 * random polygons and on the shapes where the scan line meets vertices and
 * edges; and a feature read by the loader carries that same anchor. */
#include "pm_test.h"

#include <cpl_error.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"

enum { MAX_RINGS = 8, MAX_POINTS = 4096 };

/* One polygon as the loader holds it: rings one after another. */
typedef struct poly {
    int n_rings;
    int ring_len[MAX_RINGS];
    double xy[2 * MAX_POINTS];
    int n;   /* points in all rings */
} poly;

static uint64_t seed = 0x9e3779b97f4a7c15u;

static double rnd(void)   /* [0, 1), xorshift64* */
{
    seed ^= seed >> 12, seed ^= seed << 25, seed ^= seed >> 27;
    return (double)((seed * 2685821657736338717u) >> 11) / 9007199254740992.0;
}

static int rnd_int(int n)
{
    return (int)(rnd() * n);
}

static void ring_begin(poly *p)
{
    p->ring_len[p->n_rings++] = 0;
}

static void add(poly *p, double x, double y)
{
    assert_true(p->n < MAX_POINTS);
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    p->ring_len[p->n_rings - 1]++;
}

/* Repeat the current ring's first point at its end. */
static void ring_close(poly *p)
{
    int first = p->n - p->ring_len[p->n_rings - 1];
    add(p, p->xy[2 * first], p->xy[2 * first + 1]);
}

static OGRGeometryH to_ogr(const poly *p)
{
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPolygon);
    const double *v = p->xy;
    for (int r = 0; r < p->n_rings; v += 2 * p->ring_len[r], r++) {
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        OGR_G_SetPoints(ring, p->ring_len[r], v, 2 * sizeof(double), v + 1, 2 * sizeof(double),
                        NULL, 0);
        OGR_G_AddGeometryDirectly(g, ring);
    }
    return g;
}

/* GEOS' answer through GDAL; 0 when it gives none. */
static int geos_point(OGRGeometryH g, double out[2])
{
    OGRGeometryH pt = OGR_G_PointOnSurface(g);
    int ok = pt && !OGR_G_IsEmpty(pt);
    if (ok) {
        out[0] = OGR_G_GetX(pt, 0);
        out[1] = OGR_G_GetY(pt, 0);
    }
    OGR_G_DestroyGeometry(pt);
    return ok;
}

/* Ours and GEOS' are the same bits. */
static void expect_same(const poly *p, const char *what, int index)
{
    OGRGeometryH g = to_ogr(p);
    double want[2], got[2];
    int geos_ok = geos_point(g, want);
    OGR_G_DestroyGeometry(g);
    if (!pm_polygon_anchor(p->xy, p->ring_len, p->n_rings, got))
        fail_msg("%s %d: left to GEOS, which gives %s", what, index, geos_ok ? "a point" : "none");
    if (!geos_ok)
        fail_msg("%s %d: GEOS gives no point, planmap (%.17g %.17g)", what, index, got[0], got[1]);
    if (memcmp(want, got, sizeof want) != 0)
        fail_msg("%s %d: GEOS (%.17g %.17g), planmap (%.17g %.17g)", what, index, want[0], want[1],
                 got[0], got[1]);
}

/* GDAL's messages about the refused rings are expected: not printed. */
static void quiet(void)
{
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

/* A star around (cx, cy): n vertices at increasing angles, radii between
 * r/4 and r; clockwise when `cw`. */
static void star(poly *p, double cx, double cy, double r, int n, int cw)
{
    ring_begin(p);
    double a = rnd() * 6.283185307179586;
    for (int i = 0; i < n; i++) {
        double t = a + (cw ? -1 : 1) * 6.283185307179586 * (i + rnd() * 0.9) / n;
        double rad = r * (0.25 + 0.75 * rnd());
        add(p, cx + rad * cos(t), cy + rad * sin(t));
    }
    ring_close(p);
}

/* Where and how large: lon/lat, projected metres, 1e-9 wide, and near 0. */
static void place(int kind, double *cx, double *cy, double *r)
{
    switch (kind) {
    case 0: *cx = 100 + 20 * rnd(), *cy = 20 + 20 * rnd(), *r = 0.5 * rnd() + 1e-4; return;
    case 1: *cx = 5e5 + 1e7 * rnd(), *cy = 1e7 * rnd() - 5e6, *r = 1e7 * rnd() + 1; return;
    case 2: *cx = 106 + rnd(), *cy = 30 + rnd(), *r = 1e-9; return;
    default: *cx = rnd() - 0.5, *cy = rnd() - 0.5, *r = 1e-9 + rnd(); return;
    }
}

static void test_random_stars(void **state)
{
    (void)state;
    quiet();
    poly p;
    for (int i = 0; i < 4000; i++) {
        memset(&p, 0, sizeof p.ring_len), p.n_rings = p.n = 0;
        double cx, cy, r;
        place(i % 4, &cx, &cy, &r);
        star(&p, cx, cy, r, 3 + rnd_int(i % 10 == 0 ? 400 : 30), rnd_int(2));
        for (int h = rnd_int(4); h > 0; h--)   /* holes, anywhere near the middle */
            star(&p, cx + r * 0.3 * (rnd() - 0.5), cy + r * 0.3 * (rnd() - 0.5), r * 0.2,
                 3 + rnd_int(12), rnd_int(2));
        expect_same(&p, "star", i);
    }
}

/* Vertices on a small grid in any order: bow ties, spikes, repeated
 * vertices, horizontal and vertical edges, collinear runs, holes outside
 * their shell. Some rows are a ulp apart, so that the scan line, which lies
 * halfway between two rows, falls on one of them. */
static double grid_y(int k, double base)
{
    static const double rows[] = {0, 1, 1, 2, 3};
    double y = base + rows[k];
    return k == 2 ? nextafter(y, INFINITY) : y;
}

static void test_random_grid(void **state)
{
    (void)state;
    quiet();
    poly p;
    static const double bases[] = {0, 1e7, -3, 106.25};
    for (int i = 0; i < 6000; i++) {
        p.n_rings = p.n = 0;
        double base = bases[i % 4];
        for (int r = 0, rings = 1 + (i % 5 == 0) * rnd_int(3); r < rings; r++) {
            ring_begin(&p);
            for (int k = 0, n = 3 + rnd_int(10); k < n; k++) {
                add(&p, base + rnd_int(5), grid_y(rnd_int(5), base));
                if (rnd() < 0.1)   /* the same vertex twice */
                    add(&p, p.xy[2 * p.n - 2], p.xy[2 * p.n - 1]);
            }
            ring_close(&p);
        }
        expect_same(&p, "grid", i);
    }
}

typedef struct shape {
    const char *name;
    const double *xy;
    int n;
} shape;

#define SHAPE(name, ...) {name, (const double[]){__VA_ARGS__}, \
                          sizeof((const double[]){__VA_ARGS__}) / sizeof(double) / 2}

/* Named cases, each given both ways round. */
static void test_edge_cases(void **state)
{
    (void)state;
    quiet();
    double u = nextafter(1.0, 2.0);
    const shape shapes[] = {
        SHAPE("square", 0, 0, 2, 0, 2, 2, 0, 2, 0, 0),
        SHAPE("vertex on the line", 0, 0, 2, 0, 2, u, 2, 2, 0, 2, 0, 1, 0, 0),
        SHAPE("horizontal edge on the line", 0, 0, 3, 0, 3, 1, 2, 1, 2, u, 3, u, 3, 2, 0, 2, 0, 0),
        SHAPE("horizontal edges off the line", 0, 0, 1, 0, 1, 1, 2, 1, 2, 0, 3, 0, 3, 3, 0, 3, 0, 0),
        SHAPE("spike", 0, 0, 2, 0, 2, 1, 5, 1, 2, 1, 2, 2, 0, 2, 0, 0),
        SHAPE("spike on the line", 0, 0, 2, 0, 2, 1, 5, u, 2, 1, 2, 2, 0, 2, 0, 0),
        SHAPE("duplicates", 0, 0, 0, 0, 2, 0, 2, 0, 2, 2, 2, 2, 0, 2, 0, 0, 0, 0),
        SHAPE("bow tie", 0, 0, 2, 2, 2, 0, 0, 2, 0, 0),
        SHAPE("bow tie crossing on the line", 0, 0, 2, 2, 2, 0, 1, 1, 0, 2, 0, 0),
        SHAPE("flat", 0, 1, 2, 1, 3, 1, 0, 1),
        SHAPE("vertical line", 1, 0, 1, 2, 1, 3, 1, 0),
        SHAPE("a point four times", 1, 1, 1, 1, 1, 1, 1, 1),
        SHAPE("triangle", 0, 0, 4, 0, 0, 3, 0, 0),
        SHAPE("tiny", 106.5, 30.5, 106.5 + 1e-9, 30.5, 106.5 + 1e-9, 30.5 + 1e-9, 106.5, 30.5),
        SHAPE("large", -2e7, -1e7, 2e7, -1e7, 2e7, 1e7, -2e7, 1e7, -2e7, -1e7),
        SHAPE("lon/lat", 106.3, 29.6, 106.4, 29.6, 106.4, 29.7, 106.35, 29.65, 106.3, 29.7, 106.3, 29.6),
        SHAPE("nearly flat", 0, 0, 1e7, 1e-300, 0, 2e-300, 0, 0),
        SHAPE("steep", 0, 0, 1e-300, 1e7, 0, 1e7, 0, 0),
    };
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        for (int way = 0; way < 2; way++) {
            poly p = {0};
            ring_begin(&p);
            for (int i = 0; i < shapes[s].n; i++) {
                int k = way ? shapes[s].n - 1 - i : i;
                add(&p, shapes[s].xy[2 * k], shapes[s].xy[2 * k + 1]);
            }
            expect_same(&p, shapes[s].name, way);
        }
    }
    /* a hole whose vertices narrow the scan line's interval, one on it */
    poly p = {0};
    ring_begin(&p);
    add(&p, 0, 0), add(&p, 4, 0), add(&p, 4, 4), add(&p, 0, 4), add(&p, 0, 0);
    ring_begin(&p);
    add(&p, 1, 1.9), add(&p, 2, 2.1), add(&p, 3, 1.9), add(&p, 2, 1.95), add(&p, 1, 1.9);
    expect_same(&p, "hole across the middle", 0);
    p.xy[2 * 6 + 1] = nextafter(1.9, 2);
    expect_same(&p, "hole vertex a ulp from another", 0);
}

/* Rings GEOS refuses or GDAL pads are left to GEOS (the loader reports its
 * error, or takes its fallback); every other ring is computed here. */
static void test_left_to_geos(void **state)
{
    (void)state;
    quiet();
    const shape refused[] = {
        SHAPE("unclosed", 0, 0, 2, 0, 2, 2, 0, 2),
        SHAPE("one point", 0, 0),
        SHAPE("two points", 0, 0, 1, 1),
        SHAPE("closed two", 0, 0, 0, 0),
        SHAPE("closed three", 0, 0, 1, 0, 0, 0),
    };
    double out[2];
    for (size_t s = 0; s < sizeof refused / sizeof *refused; s++) {
        poly p = {0};
        ring_begin(&p);
        for (int i = 0; i < refused[s].n; i++)
            add(&p, refused[s].xy[2 * i], refused[s].xy[2 * i + 1]);
        if (pm_polygon_anchor(p.xy, p.ring_len, p.n_rings, out))
            fail_msg("%s: computed, not left to GEOS", refused[s].name);
        /* as the only hole of a good shell, too */
        poly q = {0};
        ring_begin(&q);
        add(&q, -5, -5), add(&q, 5, -5), add(&q, 5, 5), add(&q, -5, 5), add(&q, -5, -5);
        ring_begin(&q);
        for (int i = 0; i < refused[s].n; i++)
            add(&q, refused[s].xy[2 * i], refused[s].xy[2 * i + 1]);
        if (pm_polygon_anchor(q.xy, q.ring_len, q.n_rings, out))
            fail_msg("hole %s: computed, not left to GEOS", refused[s].name);
    }
}

/* The loader's anchor, through both of its ways in (an OGR geometry, flat
 * parts), is GEOS' point on the largest polygon of a multipolygon. */
static void test_loader_anchor(void **state)
{
    (void)state;
    quiet();
    pm_arena *arena = pm_arena_create();
    assert_non_null(arena);
    pm_geo_reader reader = {.arena = arena};
    for (int i = 0; i < 500; i++) {
        OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon);
        OGRGeometryH largest = NULL;
        double largest_area = -1;
        for (int k = 0, n = 1 + rnd_int(3); k < n; k++) {
            poly p = {0};
            star(&p, 100 + 20 * rnd(), 20 + 20 * rnd(), 0.5 * rnd() + 1e-4, 3 + rnd_int(20), rnd_int(2));
            OGRGeometryH g = to_ogr(&p);
            if (OGR_G_Area(g) > largest_area)
                largest_area = OGR_G_Area(g), largest = g;
            OGR_G_AddGeometryDirectly(multi, g);
        }
        double want[2];
        assert_true(geos_point(largest, want));
        pm_feature f = {0};
        pm_error err = {0};
        assert_int_equal(pm_geo_read_geometry(multi, &reader, &f, &err), PM_OK);
        if (memcmp(f.anchor, want, sizeof want) != 0)
            fail_msg("feature %d: GEOS (%.17g %.17g), loader (%.17g %.17g)", i, want[0], want[1],
                     f.anchor[0], f.anchor[1]);
        f.anchor[0] = f.anchor[1] = 0;
        assert_int_equal(pm_geo_read_flat(&reader, &f, &err), PM_OK);
        if (memcmp(f.anchor, want, sizeof want) != 0)
            fail_msg("flat feature %d: GEOS (%.17g %.17g), loader (%.17g %.17g)", i, want[0],
                     want[1], f.anchor[0], f.anchor[1]);
        OGR_G_DestroyGeometry(multi);
    }
    pm_geo_reader_release(&reader);
    pm_arena_destroy(arena);
}

PM_TEST_MAIN(test_random_stars, test_random_grid, test_edge_cases, test_left_to_geos,
             test_loader_anchor)
