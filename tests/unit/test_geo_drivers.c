/* A lean process (planmap render, batch) registers the common vector
 * drivers only; a source of any other kind still opens, through every
 * driver registered on first need. Runs in its own process: nothing may
 * register drivers before the first test. */
#include "pm_test.h"

#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "pm_init.h"
#include "pm_source.h"

static const char *const KML =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Folder><name>sites</name>\n"
    "<Placemark><name>天府国际生物城</name><Point><coordinates>104.017,30.369</coordinates></Point></Placemark>\n"
    "<Placemark><name>新经济活力区</name><Point><coordinates>104.066,30.55</coordinates></Point></Placemark>\n"
    "<Placemark><name>骨干线</name><LineString><coordinates>104.0,30.5 104.1,30.6</coordinates></LineString></Placemark>\n"
    "</Folder></Document></kml>\n";

static const char *const GEOJSON =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"核心区\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[104.06,30.57]}}]}";

static int registered;   /* drivers after the lean start */

static pm_layer *load_ok(const char *path)
{
    pm_error err = {0};
    pm_layer *l = pm_layer_load(path, NULL, &err);
    if (!l)
        fail_msg("%s: %s", path, err.msg);
    return l;
}

static void test_lean_start(void **state)
{
    (void)state;
    assert_int_equal(GDALGetDriverCount(), 0);
    /* The library sets no process-wide state until the program applies a
     * context; then SQLite's heap is the context's budget. */
    long long before = sqlite3_soft_heap_limit64(-1);
    pm_geo_init_lean();
    assert_true(sqlite3_soft_heap_limit64(-1) == before);
    pm_context *ctx = pm_context_create();
    assert_int_equal(pm_geo_apply_context(ctx), 0);
    pm_context_destroy(ctx);
    registered = GDALGetDriverCount();
    assert_in_range(registered, 5, 10);
    assert_non_null(GDALGetDriverByName("ESRI Shapefile"));
    assert_non_null(GDALGetDriverByName("GPKG"));
    assert_null(GDALGetDriverByName("KML"));
    /* SQLite (PROJ's database, GeoPackages) recycles its pages past 1 MB. */
    assert_true(sqlite3_soft_heap_limit64(-1) == 1024 * 1024);
}

/* GeoJSON and a Shapefile written with the registered driver open without
 * registering more. */
static void test_common_formats_stay_lean(void **state)
{
    (void)state;
    pm_layer *l = load_ok(pm_test_write("core.geojson", GEOJSON));
    assert_int_equal(l->n_features, 1);
    pm_layer_destroy(l);

    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("ESRI Shapefile"), pm_test_tmp("pts.shp"), 0, 0, 0,
                                 GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "pts", NULL, wkbPoint, NULL);
    for (int i = 0; i < 3; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(p, 0, 104 + 0.01 * i, 30.6);
        OGR_F_SetGeometryDirectly(f, p);
        assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    l = load_ok(pm_test_tmp("pts.shp"));
    assert_int_equal(l->n_features, 3);
    pm_layer_destroy(l);
    assert_int_equal(GDALGetDriverCount(), registered);
}

/* KML is none of the common formats: its source registers every driver and
 * loads as it would in a process that had them all from the start. */
static void test_other_format_registers_the_rest(void **state)
{
    (void)state;
    pm_layer *l = load_ok(pm_test_write("sites.kml", KML));
    assert_true(GDALGetDriverCount() > 4 * registered);
    assert_int_equal(l->n_features, 3);
    assert_string_equal(pm_feature_value(l, &l->features[0], "Name"), "天府国际生物城");
    assert_int_equal(l->features[2].kind, PM_GEOM_LINE);
    pm_layer_destroy(l);
    /* The common drivers stay first and keep their files. */
    l = load_ok(pm_test_tmp("core.geojson"));
    assert_int_equal(l->n_features, 1);
    pm_layer_destroy(l);
}

/* A missing file of another kind fails as before, naming it. */
static void test_missing_other_format(void **state)
{
    (void)state;
    pm_error err = {0};
    assert_null(pm_layer_load(pm_test_tmp("absent.kml"), NULL, &err));
    assert_non_null(strstr(err.msg, "absent.kml: cannot read"));
}

PM_TEST_MAIN(test_lean_start,
             test_common_formats_stay_lean,
             test_other_format_registers_the_rest,
             test_missing_other_format)
