/* pm_crs against coordinates computed independently with PROJ's command-line
 * tools when the test was written:
 *   echo "30.6595 104.0657" | cs2cs -f %.4f EPSG:4326 EPSG:32648
 *       → 410488.7922 3392239.1529
 *   echo "30.6595 104.0657" | cs2cs -f %.4f EPSG:4326 EPSG:4547   (northing first)
 *       → 3435684.1975 -454424.5311
 *   echo "104.0657 30.6595" | proj -f %.4f +proj=tmerc +lat_0=30 +lon_0=104 +k=1
 *       +x_0=0 +y_0=0 +ellps=WGS84 +units=m → 6296.8149 73112.7082
 *   echo "107.9 30" | proj -V +proj=utm +zone=48 +ellps=WGS84
 *       → Parallel scale (k) 1.00056572, Convergence 1.45094341°
 *   echo "102.1 30" | proj -V ... → Convergence -1.45094341°
 */
#include "pm_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <proj.h>

#include "geo_assert.h"
#include "pm_crs.h"

static double deg(double d)
{
    return d * acos(-1.0) / 180.0;
}

static pm_crs *create_ok(const char *def, double lon0, double lat0)
{
    pm_error err = {0};
    pm_crs *crs = pm_crs_create(def, lon0, lat0, &err);
    if (!crs)
        fail_msg("pm_crs_create(%s) failed: %s", def ? def : "NULL", err.msg);
    return crs;
}

static void forward_ok(const pm_crs *crs, double *xy, size_t n)
{
    pm_error err = {0};
    if (pm_crs_forward(crs, xy, n, &err) != PM_OK)
        fail_msg("forward failed: %s", err.msg);
}

/* The CRS `def` (centred on lon0, lat0 where it is "auto") maps the point
 * (lon, lat) to within `tol` of (x, y). */
static void assert_maps(const char *def, double lon0, double lat0, double lon, double lat,
                        double x, double y, double tol)
{
    pm_crs *crs = create_ok(def, lon0, lat0);
    double xy[2] = {lon, lat};
    forward_ok(crs, xy, 1);
    assert_near(xy[0], x, tol);
    assert_near(xy[1], y, tol);
    pm_crs_destroy(crs);
}

static void test_utm_forward_and_back(void **state)
{
    pm_crs *crs = create_ok("EPSG:32648", 0, 0);
    double xy[4] = {104.0657, 30.6595, 104.0657, 30.6595};
    forward_ok(crs, xy, 2);
    assert_near(xy[0], 410488.7922, 0.01);
    assert_near(xy[1], 3392239.1529, 0.01);
    assert_near(xy[2], 410488.7922, 0.01);
    pm_error err = {0};
    assert_int_equal(pm_crs_inverse(crs, xy, 2, &err), PM_OK);
    assert_near(xy[0], 104.0657, 1e-9);
    assert_near(xy[1], 30.6595, 1e-9);
    assert_false(pm_crs_is_geographic(crs));
    assert_string_equal(pm_crs_definition(crs), "EPSG:32648");
    pm_crs_destroy(crs);
}

/* EPSG:4547 declares northing first; the map still gets easting, northing. */
static void test_axis_order_normalised(void **state)
{
    assert_maps("EPSG:4547", 0, 0, 104.0657, 30.6595, -454424.5311, 3435684.1975, 0.01);
    pm_crs *crs = create_ok("EPSG:4326", 0, 0);   /* lat/lon by definition, lon/lat here */
    assert_true(pm_crs_is_geographic(crs));
    pm_crs_destroy(crs);
    assert_maps("EPSG:4326", 0, 0, 104.0657, 30.6595, 104.0657, 30.6595, 1e-12);
}

static void test_auto_tmerc(void **state)
{
    pm_crs *crs = create_ok("auto", 104, 30);
    const char *def = pm_crs_definition(crs);
    assert_non_null(strstr(def, "+proj=tmerc"));
    assert_non_null(strstr(def, "+lon_0=104 "));
    assert_non_null(strstr(def, "+lat_0=30 "));
    double xy[4] = {104, 30, 104.0657, 30.6595};
    forward_ok(crs, xy, 2);
    assert_near(xy[0], 0, 1e-6);          /* the centre maps to the origin */
    assert_near(xy[1], 0, 1e-6);
    assert_near(xy[2], 6296.8149, 0.01);
    assert_near(xy[3], 73112.7082, 0.01);
    /* True scale and north up at the centre. */
    assert_near(pm_crs_metres_per_unit(crs, 104, 30), 1.0, 1e-6);
    assert_near(pm_crs_north_angle(crs, 104, 30), 0.0, 1e-9);
    pm_crs_destroy(crs);

    assert_maps(NULL, 104.0657, 30.6595, 104.0657, 30.6595, 0, 0, 1e-6);   /* NULL means auto too */
}

static void test_scale_and_north_at_zone_edge(void **state)
{
    pm_crs *crs = create_ok("EPSG:32648", 0, 0);
    /* UTM 48N's central meridian is 105°E: east of it true north leans to
     * map west (counter-clockwise, positive), west of it the other way. */
    assert_near(pm_crs_north_angle(crs, 107.9, 30), deg(1.45094341), 1e-6);
    assert_near(pm_crs_north_angle(crs, 102.1, 30), -deg(1.45094341), 1e-6);
    assert_near(pm_crs_north_angle(crs, 105, 30), 0, 1e-9);
    assert_near(pm_crs_metres_per_unit(crs, 107.9, 30), 1 / 1.00056572, 1e-7);
    pm_crs_destroy(crs);

    /* Geographic map: one unit is one degree of longitude. */
    crs = create_ok("EPSG:4326", 0, 0);
    assert_near(pm_crs_metres_per_unit(crs, 0, 0), 111319.49, 0.01);
    pm_crs_destroy(crs);
}

/* The ground per map unit along the parallel at a point: Web Mercator
 * stretches by 1/cos(lat) (on the ellipsoid, a little more), a transverse
 * Mercator is true on its central meridian and grows away from it, a CRS in
 * feet counts its unit in metres, a CRS in northing/easting order is no
 * different, and a geographic CRS measures a degree of
 * longitude there. */
static void test_ground_per_unit(void **state)
{
    (void)state;
    pm_crs *crs = create_ok("EPSG:3857", 0, 0);
    double lat = 30.66, phi = lat * 3.14159265358979323846 / 180, e2 = 0.00669437999014;
    /* k = sec(φ)·sqrt(1 − e² sin²φ) on the ellipsoid. */
    double k = sqrt(1 - e2 * sin(phi) * sin(phi)) / cos(phi);
    assert_near(pm_crs_ground_per_unit(crs, 104.07, lat), 1 / k, 1e-9);
    assert_near(pm_crs_ground_per_unit(crs, 104.07, lat), pm_crs_metres_per_unit(crs, 104.07, lat), 1e-6);
    pm_crs_destroy(crs);

    crs = create_ok("auto", 104.07, 30.66);
    assert_near(pm_crs_ground_per_unit(crs, 104.07, 30.66), 1.0, 1e-9);
    pm_crs_destroy(crs);

    crs = create_ok("EPSG:32648", 0, 0);   /* UTM: k0 = 0.9996 on 105°E */
    assert_near(pm_crs_ground_per_unit(crs, 105, 30), 1 / 0.9996, 1e-9);
    assert_near(pm_crs_ground_per_unit(crs, 107.9, 30), 1 / 1.00056572, 1e-7);
    pm_crs_destroy(crs);

    /* CGCS2000 / 3-degree Gauss-Krüger CM 114E, northing before easting:
     * k = 1.01124296 at 104.07°E 30.66°N (PROJ's factors of its conversion). */
    crs = create_ok("EPSG:4547", 0, 0);
    assert_near(pm_crs_ground_per_unit(crs, 104.07, 30.66), 1 / 1.0112429585204812, 1e-9);
    assert_near(pm_crs_ground_per_unit(crs, 104.07, 30.66), pm_crs_metres_per_unit(crs, 104.07, 30.66), 1e-8);
    pm_crs_destroy(crs);

    crs = create_ok("EPSG:2227", 0, 0);    /* California zone 3 (Lambert), US survey feet */
    double ft = 1200.0 / 3937.0, g = pm_crs_ground_per_unit(crs, -122, 37.5);
    assert_true(g > 0.99 * ft && g < 1.01 * ft);
    assert_near(g, pm_crs_metres_per_unit(crs, -122, 37.5), 1e-8 * ft);
    pm_crs_destroy(crs);

    crs = create_ok("EPSG:4490", 0, 0);    /* CGCS2000 lon/lat */
    assert_near(pm_crs_ground_per_unit(crs, 104, 30), pm_crs_metres_per_unit(crs, 104, 30), 1e-9);
    assert_near(pm_crs_ground_per_unit(crs, 104, 30), 96486.2, 1);
    assert_true(pm_crs_ground_per_unit(crs, 104, 90) <= 0);
    pm_crs_destroy(crs);
}

static void test_proj_string_and_wkt(void **state)
{
    pm_crs *a = create_ok("+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs", 0, 0);
    double xy[2] = {104.0657, 30.6595};
    forward_ok(a, xy, 1);
    assert_near(xy[0], 410488.7922, 0.01);
    const char *wkt = pm_crs_wkt(a);
    assert_non_null(wkt);
    assert_non_null(strstr(wkt, "PROJCS["));
    pm_crs_destroy(a);

    pm_crs *utm = create_ok("EPSG:32648", 0, 0);
    assert_non_null(strstr(pm_crs_wkt(utm), "PROJCS[\"WGS_1984_UTM_Zone_48N\""));
    /* The ESRI WKT is itself a definition PROJ reads back to the same CRS. */
    pm_crs *again = create_ok(pm_crs_wkt(utm), 0, 0);
    double p[2] = {104.0657, 30.6595};
    forward_ok(again, p, 1);
    assert_near(p[0], 410488.7922, 0.01);
    assert_near(p[1], 3392239.1529, 0.01);
    pm_crs_destroy(again);
    pm_crs_destroy(utm);
}

static void expect_crs_error(const char *def, const char *part)
{
    pm_error err = {0};
    pm_crs *crs = pm_crs_create(def, 104, 30, &err);
    if (crs)
        fail_msg("'%s' was accepted as a map CRS", def);
    assert_int_equal(err.status, PM_ERR_CRS);
    assert_contains(err.msg, part);
    assert_null(strchr(err.msg, '\n'));
}

static void test_bad_definitions(void **state)
{
    expect_crs_error("EPSG:999999", "unknown CRS 'EPSG:999999'");
    expect_crs_error("not a crs at all", "'not a crs at all'");
    expect_crs_error("", "empty definition");
    expect_crs_error("EPSG:4978", "'EPSG:4978' is a geocentric CRS; a map needs a 2-D");
    expect_crs_error("EPSG:4979", "'EPSG:4979' is a 3-D geographic CRS");
    expect_crs_error("EPSG:5773", "is a vertical CRS");
    expect_crs_error("EPSG:9518", "is a compound (3-D) CRS");     /* WGS 84 + EGM2008 height */
    expect_crs_error("urn:ogc:def:coordinateOperation:EPSG::1671", "a coordinate operation, not a CRS");
    pm_error err = {0};
    assert_null(pm_crs_create("auto", 200, 30, &err));
    assert_int_equal(err.status, PM_ERR_CRS);
    assert_contains(err.msg, "lon=200");
}

static void test_transform_failure(void **state)
{
    /* The far side of the globe has no place on an orthographic map. */
    pm_crs *crs = create_ok("+proj=ortho +lat_0=30 +lon_0=104 +ellps=WGS84", 0, 0);
    double xy[4] = {104, 30, -76, -30};
    pm_error err = {0};
    assert_int_equal(pm_crs_forward(crs, xy, 2, &err), PM_ERR_CRS);
    assert_contains(err.msg, "point 1 cannot be projected");
    assert_contains(err.msg, "+proj=ortho");
    double far[2] = {1e8, 1e8};
    assert_int_equal(pm_crs_inverse(crs, far, 1, &err), PM_ERR_CRS);
    assert_contains(err.msg, "point 0 cannot be unprojected");
    assert_true(pm_crs_metres_per_unit(crs, -76, -30) <= 0);
    pm_crs_destroy(crs);
    pm_crs_destroy(NULL);
}

/* What PROJ's own search for an operation gives, for comparison. */
static void slow_forward(const char *def, double *xy, int n)
{
    PJ_CONTEXT *ctx = proj_context_create();
    char full[600];
    snprintf(full, sizeof full, "%s +type=crs", def);
    PJ *a = proj_create(ctx, "EPSG:4326"), *b = proj_create(ctx, full);
    PJ *op = proj_create_crs_to_crs_from_pj(ctx, a, b, NULL, NULL);
    PJ *norm = proj_normalize_for_visualization(ctx, op);
    assert_non_null(norm);
    proj_trans_generic(norm, PJ_FWD, xy, 2 * sizeof *xy, (size_t)n, xy + 1, 2 * sizeof *xy, (size_t)n,
                       NULL, 0, 0, NULL, 0, 0);
    proj_destroy(norm);
    proj_destroy(op);
    proj_destroy(a);
    proj_destroy(b);
    proj_context_destroy(ctx);
}

/* PROJ strings on WGS84 take the direct operation (no database search);
 * the numbers are those PROJ's search gives, forward and back, and strings
 * with a datum shift still get the search. */
static void test_direct_operation(void **state)
{
    (void)state;
    const char *defs[] = {
        "+proj=tmerc +lat_0=30.6 +lon_0=104.05 +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs",
        "+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs",
        "+proj=tmerc +lat_0=30 +lon_0=104 +k=0.9996 +x_0=500000 +y_0=0 +ellps=WGS84 +units=km",
        "+proj=lcc +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=WGS84 +type=crs",
        "+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0 +ellps=krass "
        "+towgs84=15.8,-154.4,-82.3,0,0,0,0 +units=m",
    };
    for (size_t d = 0; d < sizeof defs / sizeof defs[0]; d++) {
        pm_error err = {0};
        pm_crs *crs = pm_crs_create(defs[d], 0, 0, &err);
        if (!crs)
            fail_msg("%s: %s", defs[d], err.msg);
        double xy[40], want[40], back[40];
        for (int i = 0; i < 20; i++) {
            xy[2 * i] = want[2 * i] = 103.3 + 0.07 * i;
            xy[2 * i + 1] = want[2 * i + 1] = 29.9 + 0.06 * i;
        }
        memcpy(back, xy, sizeof xy);
        assert_int_equal(pm_crs_forward(crs, xy, 20, &err), PM_OK);
        char plain[512];
        snprintf(plain, sizeof plain, "%s", defs[d]);
        char *type = strstr(plain, " +type=crs");
        if (type)
            *type = '\0';
        slow_forward(plain, want, 20);
        for (int i = 0; i < 40; i++)
            assert_near(xy[i], want[i], 1e-9 * fmax(1, fabs(want[i])));
        assert_int_equal(pm_crs_inverse(crs, xy, 20, &err), PM_OK);
        for (int i = 0; i < 40; i++)
            assert_near(xy[i], back[i], 1e-8);   /* a millimetre: the Helmert shift goes back approximately */
        assert_non_null(pm_crs_wkt(crs));
        pm_crs_destroy(crs);
    }
}

/* The interpolation grid over a region the size of the plans' (120 km by
 * 90 km) agrees with PROJ at 20 000 scattered points to the tolerance it
 * was asked for; a box reaching the edge of an orthographic projection's
 * hemisphere gets no grid; neither does an empty box. */
static void test_interpolation_grid(void **state)
{
    (void)state;
    pm_error err = {0};
    pm_crs *crs = pm_crs_create(NULL, 104.05, 30.6, &err);
    assert_non_null(crs);
    const double box[4] = {103.4, 30.2, 104.65, 31.0};
    pm_crs_grid *g = pm_crs_grid_create(crs, box, NULL, 0, 1e-3);
    assert_non_null(g);
    enum { N = 20000 };
    static double grid_xy[2 * N], exact[2 * N];
    for (int i = 0; i < N; i++) {
        grid_xy[2 * i] = exact[2 * i] = box[0] + (box[2] - box[0]) * ((i * 7919) % 10007) / 10006.0;
        grid_xy[2 * i + 1] = exact[2 * i + 1] = box[1] + (box[3] - box[1]) * ((i * 104729) % 10009) / 10008.0;
    }
    assert_int_equal(pm_crs_grid_forward(g, grid_xy, N), 0);
    assert_int_equal(pm_crs_forward(crs, exact, N, &err), PM_OK);
    double worst = 0;
    for (int i = 0; i < 2 * N; i++)
        worst = fmax(worst, fabs(grid_xy[i] - exact[i]));
    if (worst > 1e-3)
        fail_msg("grid strays %.6f m from PROJ", worst);
    /* A point outside the box leaves everything as it was. */
    double outside[4] = {104, 30.5, 110, 30.5};
    assert_int_equal(pm_crs_grid_forward(g, outside, 2), -1);
    assert_near(outside[0], 104, 0);
    pm_crs_grid_destroy(g);

    const double flat[4] = {104, 30, 104, 31};
    assert_null(pm_crs_grid_create(crs, flat, NULL, 0, 1e-3));
    pm_crs_destroy(crs);

    pm_crs *ortho = pm_crs_create("+proj=ortho +lat_0=30 +lon_0=104 +ellps=WGS84", 0, 0, &err);
    assert_non_null(ortho);
    const double horizon[4] = {150, 20, 200, 40};
    assert_null(pm_crs_grid_create(ortho, horizon, NULL, 0, 1e-3));
    pm_crs_destroy(ortho);
}

/* A map in WGS84 lon/lat takes the numbers as they are, bit for bit, and
 * still refuses a point that is not a number; it needs no grid. A
 * projection is no identity. */
static void test_lonlat_identity(void **state)
{
    (void)state;
    const char *same[] = {"EPSG:4326", "epsg:4326", "OGC:CRS84", "+proj=longlat +datum=WGS84 +no_defs"};
    for (int i = 0; i < 4; i++) {
        pm_error err = {0};
        pm_crs *crs = pm_crs_create(same[i], 0, 0, &err);
        assert_non_null(crs);
        assert_true(pm_crs_is_identity(crs));
        double xy[4] = {104.0657, 30.6595, -179.999999999, 89.123456789012345}, in[4];
        memcpy(in, xy, sizeof xy);
        assert_int_equal(pm_crs_forward(crs, xy, 2, &err), PM_OK);
        assert_memory_equal(xy, in, sizeof xy);
        assert_int_equal(pm_crs_inverse(crs, xy, 2, &err), PM_OK);
        assert_memory_equal(xy, in, sizeof xy);
        double bad[2] = {104, NAN};
        assert_int_equal(pm_crs_forward(crs, bad, 1, &err), PM_ERR_CRS);
        const double box[4] = {103.4, 30.2, 104.65, 31.0};
        assert_null(pm_crs_grid_create(crs, box, NULL, 0, 1e-9));
        pm_crs *copy = pm_crs_clone(crs, &err);
        assert_non_null(copy);
        assert_true(pm_crs_is_identity(copy));
        pm_crs_destroy(copy);
        pm_crs_destroy(crs);
    }
    const char *other[] = {"EPSG:3857", "EPSG:32648"};
    for (int i = 0; i < 2; i++) {
        pm_error err = {0};
        pm_crs *crs = pm_crs_create(other[i], 0, 0, &err);
        assert_non_null(crs);
        assert_false(pm_crs_is_identity(crs));
        pm_crs_destroy(crs);
    }
    pm_error err = {0};
    pm_crs *tm = pm_crs_create(NULL, 104.05, 30.6, &err);
    assert_non_null(tm);
    assert_false(pm_crs_is_identity(tm));
    pm_crs_destroy(tm);
}

PM_TEST_MAIN(test_utm_forward_and_back,
             test_axis_order_normalised,
             test_auto_tmerc,
             test_scale_and_north_at_zone_edge,
             test_ground_per_unit,
             test_proj_string_and_wkt,
             test_bad_definitions,
             test_transform_failure,
             test_interpolation_grid,
             test_lonlat_identity,
             test_direct_operation)
