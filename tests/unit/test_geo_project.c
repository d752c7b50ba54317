/* Sources in projected CRSs come back as WGS84 lon/lat, and pm_layer_project
 * moves a layer to map x/y. Expected UTM 48N values from
 *   echo "30.6595 104.0657" | cs2cs -f %.4f EPSG:4326 EPSG:32648
 *       → 410488.7922 3392239.1529
 */
#include "pm_test.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

#include "geo_assert.h"
#include "pm_source.h"

/* 1 cm is about 1e-7° of latitude (and a little more of longitude here). */
#define CM_DEG 1e-7

static pm_layer *load_ok(const char *path)
{
    pm_error err = {0};
    pm_layer *l = pm_layer_load(path, NULL, &err);
    if (!l)
        fail_msg("loading %s failed: %s", path, err.msg);
    return l;
}

static const char *zones(void)
{
    return pm_test_src("tests/data/geo/zones.geojson");
}

static void test_geojson_in_utm(void **state)
{
    const char *path = pm_test_write("utm.geojson",
        "{\"type\": \"FeatureCollection\","
        " \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::32648\"}},"
        " \"features\": [{\"type\": \"Feature\", \"properties\": {\"id\": \"core\"},"
        " \"geometry\": {\"type\": \"Point\", \"coordinates\": [410488.7922, 3392239.1529]}}]}");
    pm_layer *l = load_ok(path);
    assert_int_equal(l->n_features, 1);
    assert_near(l->features[0].xy[0], 104.0657, CM_DEG);
    assert_near(l->features[0].xy[1], 30.6595, CM_DEG);
    assert_near(l->features[0].anchor[0], 104.0657, CM_DEG);
    assert_near(l->extent[3], 30.6595, CM_DEG);
    pm_layer_destroy(l);
}

static void translate(const char *dest, const char *const *extra)
{
    char *argv[16] = {"-f", "GPKG"};
    int n = 2;
    for (; extra[n - 2]; n++)
        argv[n] = (char *)extra[n - 2];
    argv[n] = NULL;
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH src = GDALOpenEx(zones(), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(o);
    assert_non_null(src);
    GDALDatasetH out = GDALVectorTranslate(dest, NULL, 1, &src, o, NULL);
    if (!out)
        fail_msg("ogr2ogr to %s failed: %s", dest, CPLGetLastErrorMsg());
    GDALClose(out);
    GDALClose(src);
    GDALVectorTranslateOptionsFree(o);
}

/* GDAL reprojects every geometry to UTM; loading reprojects back: all
 * vertices return within a centimetre, anchors stay inside. */
static void test_round_trip_through_utm(void **state)
{
    const char *path = pm_test_tmp("zones-utm.gpkg");
    translate(path, (const char *const[]){"-t_srs", "EPSG:32648", NULL});
    pm_layer *a = load_ok(zones());
    pm_layer *b = load_ok(path);
    assert_int_equal(a->n_features, b->n_features);
    for (int i = 0; i < a->n_features; i++) {
        const pm_feature *fa = &a->features[i], *fb = &b->features[i];
        assert_int_equal(fa->kind, fb->kind);
        assert_int_equal(fa->n_parts, fb->n_parts);
        int n = 0;
        for (int p = 0; p < fa->n_parts; p++)
            n += fa->part_len[p];
        for (int k = 0; k < 2 * n; k++)
            assert_near(fb->xy[k], fa->xy[k], CM_DEG);
        for (int k = 0; k < 4 && fa->kind != PM_GEOM_NONE; k++)
            assert_near(fb->bbox[k], fa->bbox[k], CM_DEG);
    }
    /* Line anchors are measured along the source's own coordinates: metres
     * in UTM (the 0.3° east leg is 28.9 km, the 0.1° north leg 11.1 km, so
     * half way is ~20 km = 0.208° east), degrees in the GeoJSON (0.2°). */
    assert_near(b->features[4].anchor[1], 30.0, 0.001);
    assert_near(b->features[4].anchor[0], 104.208, 0.001);
    pm_layer_destroy(a);
    pm_layer_destroy(b);
}

/* A GeoPackage in EPSG:4326 (latitude-first by EPSG) still reads lon/lat. */
static void test_epsg4326_axis_order(void **state)
{
    const char *path = pm_test_tmp("zones-4326.gpkg");
    translate(path, (const char *const[]){"-a_srs", "EPSG:4326", NULL});
    pm_layer *l = load_ok(path);
    assert_near(l->features[3].xy[0], 104.0657, 1e-12);
    assert_near(l->features[3].xy[1], 30.6595, 1e-12);
    pm_layer_destroy(l);
}

static void test_project_layer(void **state)
{
    pm_layer *l = load_ok(zones());
    pm_error err = {0};
    pm_crs *crs = pm_crs_create("EPSG:32648", 0, 0, &err);
    assert_non_null(crs);
    assert_int_equal(pm_layer_project(l, crs, &err), PM_OK);
    assert_int_equal(l->projected, 1);
    const pm_feature *core = &l->features[3];
    assert_near(core->xy[0], 410488.7922, 0.01);
    assert_near(core->xy[1], 3392239.1529, 0.01);
    assert_near(core->anchor[0], 410488.7922, 0.01);
    assert_near(core->bbox[0], 410488.7922, 0.01);
    assert_near(core->bbox[3], 3392239.1529, 0.01);
    /* Boxes are of the projected vertices, the extent holds every box. */
    const pm_feature *ring = &l->features[0];
    double minx = INFINITY, maxy = -INFINITY;
    for (int i = 0; i < ring->part_len[0]; i++) {
        minx = fmin(minx, ring->xy[2 * i]);
        maxy = fmax(maxy, ring->xy[2 * i + 1]);
    }
    assert_near(ring->bbox[0], minx, 1e-6);
    assert_near(ring->bbox[3], maxy, 1e-6);
    for (int i = 0; i < l->n_features; i++) {
        const pm_feature *f = &l->features[i];
        if (f->kind == PM_GEOM_NONE) {
            assert_true(isnan(f->anchor[0]));
            continue;
        }
        assert_true(f->bbox[0] >= l->extent[0] && f->bbox[2] <= l->extent[2]);
        assert_true(f->bbox[1] >= l->extent[1] && f->bbox[3] <= l->extent[3]);
        assert_true(f->anchor[0] >= f->bbox[0] - 1e-6 && f->anchor[0] <= f->bbox[2] + 1e-6);
    }
    /* A second projection would double-transform. */
    assert_int_equal(pm_layer_project(l, crs, &err), PM_ERR_USAGE);
    assert_contains(err.msg, "already projected");
    pm_crs_destroy(crs);
    pm_layer_destroy(l);
}

/* A GeoJSON layer bigger than one PROJ batch of pm_layer_project: lines of
 * 40 vertices, points, a null geometry, and a line of 70 000 vertices that is
 * projected on its own; feature `far` (if >= 0) lies across the globe. */
static const char *big_layer(const char *name, int far)
{
    size_t cap = 8u << 20, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "{\"type\": \"FeatureCollection\", \"features\": [");
    for (int i = 0; i < 3000; i++) {
        int n = i == 2000 ? 70000 : i >= 1000 && i < 2000 ? 1 : 40;
        double x0 = i == far ? -76 : 103.5 + (i % 100) * 0.01, y0 = 30.2 + (i / 100) * 0.02;
        len += (size_t)snprintf(text + len, cap - len,
                                "%s{\"type\": \"Feature\", \"properties\": {\"id\": \"f%d\"}, \"geometry\": ",
                                i ? ", " : "", i);
        if (i == 1500) {
            len += (size_t)snprintf(text + len, cap - len, "null}");
            continue;
        }
        len += (size_t)snprintf(text + len, cap - len, n == 1 ? "{\"type\": \"Point\", \"coordinates\": "
                                                               : "{\"type\": \"LineString\", \"coordinates\": [");
        for (int k = 0; k < n; k++)
            len += (size_t)snprintf(text + len, cap - len, "%s[%.6f, %.6f]", k ? ", " : "",
                                    x0 + k * 1e-5, y0 + (k % 7) * 1e-4);
        len += (size_t)snprintf(text + len, cap - len, n == 1 ? "}}" : "]}}");
        assert_true(len < cap - 4096);
    }
    snprintf(text + len, cap - len, "]}");
    const char *path = pm_test_write(name, text);
    free(text);
    return path;
}

/* Batched projection of a large layer (through the interpolation grid)
 * gives every vertex and anchor what projecting it alone with PROJ gives,
 * to the grid's tolerance (1e-8 of the layer's 120 km: 1.2 mm); a point's
 * anchor is its projected point. */
static void test_project_in_batches(void **state)
{
    const char *path = big_layer("big.geojson", -1);
    pm_layer *l = load_ok(path), *orig = load_ok(path);
    pm_error err = {0};
    pm_crs *crs = pm_crs_create("auto", 104.0, 30.5, &err);
    assert_non_null(crs);
    assert_int_equal(pm_layer_project(l, crs, &err), PM_OK);
    for (int i = 0; i < l->n_features; i++) {
        const pm_feature *f = &l->features[i], *o = &orig->features[i];
        if (f->kind == PM_GEOM_NONE) {
            assert_true(isnan(f->anchor[0]));
            continue;
        }
        int n = 0;
        for (int p = 0; p < f->n_parts; p++)
            n += f->part_len[p];
        for (int k = 0; k < n; k++) {
            double xy[2] = {o->xy[2 * k], o->xy[2 * k + 1]};
            assert_int_equal(pm_crs_forward(crs, xy, 1, &err), PM_OK);
            assert_near(f->xy[2 * k], xy[0], 1.2e-3);
            assert_near(f->xy[2 * k + 1], xy[1], 1.2e-3);
        }
        double a[2] = {o->anchor[0], o->anchor[1]};
        assert_int_equal(pm_crs_forward(crs, a, 1, &err), PM_OK);
        assert_near(f->anchor[0], a[0], 1.2e-3);
        assert_near(f->anchor[1], a[1], 1.2e-3);
        if (f->kind == PM_GEOM_POINT)
            assert_memory_equal(f->anchor, f->xy, sizeof a);
        assert_true(f->bbox[0] >= l->extent[0] && f->bbox[3] <= l->extent[3]);
    }
    pm_layer_destroy(l);
    pm_layer_destroy(orig);

    /* A failure in a later batch still names its feature. */
    l = load_ok(big_layer("far.geojson", 2500));
    pm_crs *ortho = pm_crs_create("+proj=ortho +lat_0=30 +lon_0=104 +ellps=WGS84", 0, 0, &err);
    assert_non_null(ortho);
    assert_int_equal(pm_layer_project(l, ortho, &err), PM_ERR_CRS);
    assert_contains(err.msg, "far.geojson: feature 2500 (id=f2500): point 0 cannot be projected");
    pm_crs_destroy(ortho);
    pm_crs_destroy(crs);
    pm_layer_destroy(l);
}

/* A grid made once for a box (a stream's) projects every layer inside the
 * box through it, to PROJ's numbers within 1e-8 of the box; a layer it
 * does not cover is projected as pm_layer_project does. */
static void test_shared_grid(void **state)
{
    (void)state;
    const char *path = big_layer("big.geojson", -1);
    pm_layer *l = load_ok(path), *orig = load_ok(path);
    pm_error err = {0};
    pm_crs *crs = pm_crs_create("auto", 104.0, 30.5, &err);
    assert_non_null(crs);
    const double box[4] = {103.4, 30.1, 104.6, 31.0};
    pm_crs_grid *grid = pm_layer_box_grid(crs, box);
    assert_non_null(grid);
    assert_int_equal(pm_layer_project_grid(l, crs, grid, &err), PM_OK);
    int from_grid = 0;
    for (int i = 0; i < l->n_features; i++) {
        const pm_feature *f = &l->features[i], *o = &orig->features[i];
        int n = 0;
        for (int p = 0; p < f->n_parts; p++)
            n += f->part_len[p];
        for (int k = 0; k < n; k++) {
            double g[2] = {o->xy[2 * k], o->xy[2 * k + 1]}, xy[2] = {g[0], g[1]};
            assert_int_equal(pm_crs_grid_forward(grid, g, 1), 0);
            assert_int_equal(pm_crs_forward(crs, xy, 1, &err), PM_OK);
            from_grid += f->xy[2 * k] == g[0] && f->xy[2 * k + 1] == g[1];
            assert_near(f->xy[2 * k], xy[0], 1.2e-3);
            assert_near(f->xy[2 * k + 1], xy[1], 1.2e-3);
        }
    }
    assert_true(from_grid > 100000);
    /* A box west of the layer: checked at the layer's vertices, it does not
     * hold, and the layer is projected as ever. */
    const double west[4] = {102.0, 30.1, 103.0, 31.0};
    pm_crs_grid *elsewhere = pm_layer_box_grid(crs, west);
    assert_non_null(elsewhere);
    pm_layer *again = load_ok(path), *plain = load_ok(path);
    assert_int_equal(pm_layer_project_grid(again, crs, elsewhere, &err), PM_OK);
    assert_int_equal(pm_layer_project(plain, crs, &err), PM_OK);
    for (int i = 0; i < again->n_features; i++) {
        const pm_feature *a = &again->features[i], *b = &plain->features[i];
        int n = 0;
        for (int p = 0; p < a->n_parts; p++)
            n += a->part_len[p];
        assert_memory_equal(a->xy, b->xy, 2 * sizeof *a->xy * (size_t)n);
    }
    pm_crs_grid_destroy(elsewhere);
    pm_crs_grid_destroy(grid);
    pm_crs_destroy(crs);
    pm_layer_destroy(again);
    pm_layer_destroy(plain);
    pm_layer_destroy(l);
    pm_layer_destroy(orig);
}

static void test_info(void **state)
{
    const char *utm = pm_test_tmp("info-utm.gpkg");
    translate(utm, (const char *const[]){"-t_srs", "EPSG:32648", "-nln", "zones_utm", NULL});
    char *one = NULL, *two = NULL;
    pm_error err = {0};
    assert_int_equal(pm_source_info(zones(), &one, &err), PM_OK);
    assert_int_equal(pm_source_info(utm, &two, &err), PM_OK);
    char *text = malloc(strlen(one) + strlen(two) + 1);
    assert_non_null(text);
    strcat(strcpy(text, one), two);
    free(one);
    free(two);
    assert_contains(text, "layer 1: zones, 9 features\n");
    /* The empty point counts with the null geometry as "none". */
    assert_contains(text, "geometry: Unknown (any) declared; Polygon x1, Multi Polygon x1, Point x1, "
                          "Line String x1, Multi Line String x1, Multi Point x1, Geometry Collection x1, "
                          "none x2\n");
    assert_contains(text, "crs: WGS 84 (EPSG:4326), geographic\n");
    assert_contains(text, "extent (lon/lat): 103.000000 30.000000, 104.700000 31.100000\n");
    assert_contains(text, "    functions: StringList\n");
    assert_contains(text, "    rank: Integer\n");
    assert_contains(text, "layer 1: zones_utm, 9 features\n");
    assert_contains(text, "crs: WGS 84 / UTM zone 48N (EPSG:32648), projected\n");
    /* cs2cs: (103°E, 30°N) is 307084.895 3320469.286 in UTM 48N. */
    assert_contains(text, "extent (source CRS): 307084.895 ");
    assert_contains(text, "extent (lon/lat): 103.000000 30.000000, 104.700000 31.100000\n");
    free(text);

    assert_int_equal(pm_source_info(pm_test_tmp("missing.gpkg"), &text, &err), PM_ERR_IO);
    assert_null(text);
    assert_contains(err.msg, "missing.gpkg: cannot read");
}

int main(void)
{
    pm_geo_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson_in_utm),
        cmocka_unit_test(test_round_trip_through_utm),
        cmocka_unit_test(test_epsg4326_axis_order),
        cmocka_unit_test(test_project_layer),
        cmocka_unit_test(test_project_in_batches),
        cmocka_unit_test(test_shared_grid),
        cmocka_unit_test(test_info),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
