/* Every way a source can be wrong gives one line naming the file, the
 * feature (index and id) and the reason, with the right status. */
#include "pm_test.h"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo_assert.h"
#include "pm_source.h"
#include "pm_guard.h"
#include "pm_inputs.h"

static const char *collection(const char *name, const char *features)
{
    char text[4096];
    snprintf(text, sizeof text, "{\"type\": \"FeatureCollection\", \"features\": [%s]}", features);
    return pm_test_write(name, text);
}

/* Loading `path` fails with `status`; the message is one line holding every
 * `parts` string. */
static void expect_load_error(const char *path, const pm_load_options *opts, pm_status status,
                              const char *const *parts)
{
    pm_error err = {0};
    pm_layer *l = pm_layer_load(path, opts, &err);
    if (l) {
        pm_layer_destroy(l);
        fail_msg("%s loaded although it is bad", path);
    }
    if (err.status != status)
        fail_msg("%s: status %s, expected %s (%s)", path, pm_status_name(err.status),
                 pm_status_name(status), err.msg);
    assert_null(strchr(err.msg, '\n'));
    for (; *parts; parts++)
        assert_contains(err.msg, *parts);
}

#define PARTS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_missing_and_unreadable(void **state)
{
    const char *missing = pm_test_tmp("nowhere.geojson");
    expect_load_error(missing, NULL, PM_ERR_IO, PARTS(missing, "No such file"));
    const char *text = pm_test_write("notes.txt", "not a vector file\n");
    expect_load_error(text, NULL, PM_ERR_IO, PARTS(text, "not a vector source"));
    const char *broken = pm_test_write("broken.geojson", "{\"type\": \"FeatureCollection\", \"features\": [");
    expect_load_error(broken, NULL, PM_ERR_IO, PARTS("broken.geojson", "not a vector source"));
    const char *dir = pm_test_tmp("emptydir");
    mkdir(dir, 0755);
    expect_load_error(dir, NULL, PM_ERR_IO, PARTS("emptydir"));
    expect_load_error("", NULL, PM_ERR_USAGE, PARTS("no source path"));
}

static void test_unreadable(void **state)
{
    if (geteuid() == 0)
        skip();   /* root reads every file: the check needs an ordinary user */
    const char *path = pm_test_write("locked.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}");
    chmod(path, 0);
    expect_load_error(path, NULL, PM_ERR_IO, PARTS("locked.geojson: cannot read: Permission denied"));
}

static void test_unknown_layer(void **state)
{
    pm_load_options opts = {.layer_name = "nope"};
    expect_load_error(pm_test_src("tests/data/geo/zones.geojson"), &opts, PM_ERR_DATA,
                      PARTS("zones.geojson: no layer named 'nope'", "(layers: 'zones')"));
}

static void test_bad_filter(void **state)
{
    pm_load_options opts = {.where = "kind = = 'zone'"};
    expect_load_error(pm_test_src("tests/data/geo/zones.geojson"), &opts, PM_ERR_SPEC,
                      PARTS("zones.geojson: layer 'zones': bad filter", "kind = = 'zone'"));
}

static void test_non_finite_coordinate(void **state)
{
    /* 1e400 is valid JSON but no double: it reads as infinity. */
    const char *path = collection("nonfinite.geojson",
        "{\"type\": \"Feature\", \"properties\": {\"id\": \"fine\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [104, 30]}},"
        "{\"type\": \"Feature\", \"properties\": {\"id\": \"bad\"}, \"geometry\": {\"type\": \"LineString\", "
        "\"coordinates\": [[104, 30], [104.1, 30], [1e400, 30]]}}");
    expect_load_error(path, NULL, PM_ERR_DATA,
                      PARTS("nonfinite.geojson: feature 1 (id=bad): coordinate 2 is not finite"));
}

static void test_out_of_range(void **state)
{
    const char *north = collection("north.geojson",
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"x\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [104, 95]}}");
    expect_load_error(north, NULL, PM_ERR_DATA,
                      PARTS("north.geojson: feature 0: coordinate 0 (104 95): latitude 95 is beyond ±90"));
    const char *east = collection("east.geojson",
        "{\"type\": \"Feature\", \"properties\": {\"id\": \"a\"}, \"geometry\": null},"
        "{\"type\": \"Feature\", \"properties\": {\"id\": \"far\"}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[[170, 30], [190, 30], [190, 31], [170, 30]]]}}");
    expect_load_error(east, NULL, PM_ERR_DATA,
                      PARTS("east.geojson: feature 1 (id=far): coordinate 1 (190 30): longitude 190 is beyond ±180"));

    /* `planmap info` still describes the layer and says what is wrong. */
    char *text = NULL;
    pm_error err = {0};
    assert_int_equal(pm_source_info(east, &text, &err), PM_OK);
    assert_contains(text, "layer 1: east, 2 features\n");
    assert_contains(text, "extent (lon/lat): unavailable: ");
    assert_contains(text, "feature 1 (id=far): coordinate 1 (190 30): longitude 190 is beyond ±180 in WGS84\n");
    free(text);
}

static void test_mixed_collection(void **state)
{
    const char *path = collection("mixed.geojson",
        "{\"type\": \"Feature\", \"properties\": {\"id\": \"mix\"}, \"geometry\": {\"type\": \"GeometryCollection\", \"geometries\": ["
        "{\"type\": \"Point\", \"coordinates\": [104, 30]},"
        "{\"type\": \"LineString\", \"coordinates\": [[104, 30], [105, 31]]}]}}");
    expect_load_error(path, NULL, PM_ERR_DATA,
                      PARTS("mixed.geojson: feature 0 (id=mix): GEOMETRYCOLLECTION mixes points, lines and polygons"));
}

/* A GeoPackage layer in `proj` with one point feature per (id, x, y). */
static const char *gpkg_points(const char *name, const char *proj, int n, const char *const *ids,
                               const double *xy)
{
    const char *path = pm_test_tmp(name);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRSetFromUserInput(srs, proj), OGRERR_NONE);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "points", srs, wkbPoint, NULL);
    OSRRelease(srs);
    OGRFieldDefnH fd = OGR_Fld_Create("id", OFTString);
    OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    for (int i = 0; i < n; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldString(f, 0, ids[i]);
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, xy[2 * i], xy[2 * i + 1]);
        OGR_F_SetGeometryDirectly(f, pt);
        assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return path;
}

static void test_failed_transformation(void **state)
{
    /* 100 000 km from the centre of an orthographic view is off the globe. */
    const char *ids[] = {"centre", "outside"};
    const double xy[] = {0, 0, 1e8, 0};
    const char *path = gpkg_points("ortho.gpkg", "+proj=ortho +lat_0=30 +lon_0=104 +ellps=WGS84", 2, ids, xy);
    expect_load_error(path, NULL, PM_ERR_CRS,
                      PARTS("ortho.gpkg: feature 1 (id=outside): coordinate 0 (1e+08 0) could not be transformed to WGS84"));
}

static void test_project_failure(void **state)
{
    pm_error err = {0};
    pm_layer *l = pm_layer_load(pm_test_src("tests/data/geo/zones.geojson"), NULL, &err);
    assert_non_null(l);
    /* Seen from above the Atlantic, Chengdu is on the hidden side. */
    pm_crs *crs = pm_crs_create("+proj=ortho +lat_0=-30 +lon_0=-76 +ellps=WGS84", 0, 0, &err);
    assert_non_null(crs);
    assert_int_equal(pm_layer_project(l, crs, &err), PM_ERR_CRS);
    assert_contains(err.msg, "zones.geojson: feature 0 (id=ring-zone): point 0 cannot be projected");
    pm_crs_destroy(crs);
    pm_layer_destroy(l);

    l = pm_layer_load(pm_test_src("tests/data/geo/zones.geojson"), NULL, &err);
    assert_int_equal(pm_layer_project(l, NULL, &err), PM_ERR_USAGE);
    pm_layer_destroy(l);
}

/* A cheap anchor (geom.c check_rings) refuses the rings GEOS refuses when it
 * puts a full anchor on the polygon, in the same words: an unlabelled layer
 * fails or loads exactly as a labelled one. */
static void test_cheap_anchor_rings(void **state)
{
    static const char *const cases[] = {
        "[[[106.3,29.6],[106.34,29.6],[106.34,29.64],[106.3,29.64]]]",          /* unclosed */
        "[[[106.3,29.6],[106.34,29.6]]]",                                       /* two points */
        "[[[106.3,29.6]]]",                                                     /* one point */
        "[[[106.3,29.6],[106.3,29.6]]]",                                        /* closed, two */
        "[[[106.3,29.6],[106.34,29.6],[106.3,29.6]]]",                          /* closed, three */
        "[[[106.3,29.6],[106.34,29.6],[106.34,29.6],[106.3,29.6]]]",            /* no area */
        "[[[106.3,29.6],[106.34,29.64],[106.34,29.6],[106.3,29.64],[106.3,29.6]]]",  /* bow tie */
        "[[[106.3,29.6],[106.4,29.6],[106.4,29.7],[106.3,29.7],[106.3,29.6]],"
        " [[106.32,29.62],[106.33,29.62],[106.33,29.63]]]",                     /* open hole */
        "[[[106.3,29.6],[106.4,29.6],[106.4,29.7],[106.3,29.7],[106.3,29.6]], [[106.32,29.62]]]",
        "[[[106.3,29.6],[106.4,29.6],[106.4,29.7],[106.3,29.7],[106.3,29.6]], []]",
    };
    static const char *const multi[] = {
        /* only the larger polygon carries the label, and only it is checked */
        "[[[[106.3,29.6],[106.4,29.6],[106.4,29.7],[106.3,29.7],[106.3,29.6]]],"
        " [[[106.5,29.6],[106.51,29.6],[106.51,29.61]]]]",
        "[[[[106.3,29.6],[106.4,29.6],[106.4,29.7],[106.3,29.7]]],"
        " [[[106.5,29.6],[106.51,29.6],[106.51,29.61],[106.5,29.6]]]]",
    };
    pm_load_lean cheap = {.cheap_anchors = 1};
    int n_failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases + sizeof multi / sizeof *multi; i++) {
        int is_multi = i >= sizeof cases / sizeof *cases;
        char feature[1024];
        snprintf(feature, sizeof feature,
                 "{\"type\": \"Feature\", \"properties\": {\"id\": \"r\"}, "
                 "\"geometry\": {\"type\": \"%s\", \"coordinates\": %s}}",
                 is_multi ? "MultiPolygon" : "Polygon",
                 is_multi ? multi[i - sizeof cases / sizeof *cases] : cases[i]);
        const char *path = collection("ring.geojson", feature);
        pm_error full_err = {0}, cheap_err = {0};
        pm_layer *full = pm_layer_load(path, NULL, &full_err);
        pm_layer *l = pm_layer_load_lean(path, NULL, &cheap, &cheap_err);
        if (!full != !l || full_err.status != cheap_err.status || strcmp(full_err.msg, cheap_err.msg) != 0)
            fail_msg("case %zu: GEOS: \"%s\", cheap anchor: \"%s\"", i, full_err.msg, cheap_err.msg);
        n_failed += !full;
        pm_layer_destroy(full);
        pm_layer_destroy(l);
    }
    assert_int_equal(n_failed, 7);   /* every rule is exercised */
}

/* Control characters from the data are shown as escapes in every message;
 * Chinese stays as it is, bytes that are not UTF-8 become \xNN, and a
 * message escaped twice is the same. */
static void test_escaped_messages(void **state)
{
    (void)state;
    char out[256];
    pm_text_escape(out, sizeof out, "a\x1b[31mb\nc\rd\te\x7f");
    assert_string_equal(out, "a\\x1b[31mb\\nc\\rd\\te\\x7f");
    pm_text_escape(out, sizeof out, "北研发\xc2\x9b" "2J\xe2\x80\xa8" "x");
    assert_string_equal(out, "北研发\\u009b2J\\u2028x");
    pm_text_escape(out, sizeof out, "bad\xff\xc0\xaf\xed\xa0\x80 tail\xe5\x8c");
    assert_string_equal(out, "bad\\xff\\xc0\\xaf\\xed\\xa0\\x80 tail\\xe5\\x8c");
    char twice[256];
    pm_text_escape(twice, sizeof twice, out);
    assert_string_equal(twice, out);
    /* cut where an escape or a character would not fit whole */
    assert_int_equal(pm_text_escape(out, 4, "ab\ncd"), 2);
    assert_string_equal(out, "ab");
    assert_int_equal(pm_text_escape(out, 5, "ab北"), 2);

    pm_error err = {0};
    pm_error_set(&err, PM_ERR_DATA, "feature 0 (id=%s): bad", "x\nplanmap: forged\x1b]0;t\x07");
    assert_string_equal(err.msg, "feature 0 (id=x\\nplanmap: forged\\x1b]0;t\\x07): bad");
    pm_error_prefix(&err, "%s", "lay\ner");
    assert_string_equal(err.msg, "lay\\ner: feature 0 (id=x\\nplanmap: forged\\x1b]0;t\\x07): bad");
    /* a long message cut inside a character loses that character only */
    char longer[PM_ERROR_MAX + 8];
    memset(longer, 'a', sizeof longer);
    memcpy(longer + PM_ERROR_MAX - 3, "北", 3);
    longer[sizeof longer - 1] = '\0';
    pm_error_set(&err, PM_ERR_DATA, "%s", longer);
    assert_int_equal(strlen(err.msg), PM_ERROR_MAX - 3);
    assert_null(strchr(err.msg, '\\'));
}

/* Which source names reach the network: URLs, every network /vsi file
 * system (chained too), connection strings of drivers that talk to a host;
 * local files, /vsimem/ and /vsizip/ of a local file do not. Once GDAL is
 * set up with the network off, it cannot be allowed any more. */
static void test_network_names(void **state)
{
    (void)state;
    static const char *const remote[] = {
        "http://127.0.0.1/x.geojson", "https://h/x", "ftp://h/x", "s3://b/k",
        "/vsicurl/http://h/x", "/vsicurl?url=http://h/x", "/vsicurl_streaming/http://h/x",
        "/vsis3/b/k", "/vsis3_streaming/b/k", "/vsigs/b/k", "/vsiaz/c/k", "/vsiadls/c/k",
        "/vsioss/b/k", "/vsiswift/c/k", "/vsiwebhdfs/http://h/x", "/vsihdfs/hdfs:x",
        "/vsizip//vsicurl/http://h/a.zip/x", "/vsizip/{/vsigs/b/a.zip}/x",
        "/vsigzip//vsis3/b/x.gz", "/vsisubfile/0_10,/vsicurl/http://h/x", "/vsitar//vsiaz/c/a.tar/x",
        "PG:host=h dbname=d", "pg:dbname=d", "MySQL:d,host=h", "WFS:http://h/wfs", "WMS:http://h",
        "OAPIF:http://h", "ES:http://h", "MongoDBv3:mongodb://h", "ODBC:d", "MSSQL:server=h",
        "/vsiunknownfs/x"};
    for (size_t i = 0; i < sizeof remote / sizeof remote[0]; i++)
        if (!pm_path_reaches_network(remote[i]))
            fail_msg("%s should count as reaching the network", remote[i]);
    static const char *const local[] = {"roads.shp", "data/vsicurl/x.geojson", "/vsimem/x.json",
                                        "/vsizip/a.zip/x.shp", "/vsizip//vsigzip/a.gz",
                                        "/vsitar/{/vsimem/a.tar}/x", "GPKG:a.gpkg:t", "a:b.geojson"};
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
        if (pm_path_reaches_network(local[i]))
            fail_msg("%s is local", local[i]);
    pm_error err = {0};
    assert_int_equal(pm_check_network("/vsis3/b/k", &err), PM_ERR_IO);
    assert_non_null(strstr(err.msg, "/vsis3/b/k: reading it needs the network"));
    pm_geo_init_lean();
    assert_int_equal(pm_allow_network(1), -1);
    assert_int_equal(pm_network_allowed(), 0);
    /* GDAL's own /vsicurl/ is gone: nothing is opened, no connection made */
    CPLErrorReset();
    assert_null(VSIFOpenL("/vsicurl/http://127.0.0.1:9/x", "rb"));
    assert_non_null(strstr(CPLGetLastErrorMsg(), "network access is off"));
}

/* One spelling per path: "." and ".." parts, repeated slashes and linked
 * folders give the same key; two outputs that are one file are found. */
static void test_output_keys(void **state)
{
    (void)state;
    char cwd[4096], want[4200];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char *real = realpath(cwd, NULL);
    mkdir("keys-real", 0755);
    unlink("keys-alias");
    assert_int_equal(symlink("keys-real", "keys-alias"), 0);
    snprintf(want, sizeof want, "%s/keys-real/new/x.png", real);
    const char *same[] = {"keys-real/new/x.png", "./keys-real//new/./x.png",
                          "keys-alias/new/x.png", "keys-real/new/../new/x.png"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *key = pm_path_key(same[i]);
        assert_non_null(key);
        if (strcmp(key, want) != 0)
            fail_msg("%s: key %s, expected %s", same[i], key, want);
        free(key);
    }
    pm_outset *set = pm_outset_new();
    assert_int_equal(pm_outset_add(set, "keys-real/a.png", 0), -1);
    assert_int_equal(pm_outset_add(set, "keys-real/b.png", 1), -1);
    assert_int_equal(pm_outset_add(set, "./keys-alias/a.png", 2), 0);
    assert_int_equal(pm_outset_add(set, "/dev/null", 3), -1);   /* written in place */
    assert_int_equal(pm_outset_add(set, "/dev/null", 4), -1);
    for (int i = 0; i < 200; i++) {   /* grows */
        char name[64];
        snprintf(name, sizeof name, "keys-real/m%d.png", i);
        assert_int_equal(pm_outset_add(set, name, 10 + i), -1);
    }
    assert_int_equal(pm_outset_add(set, "keys-alias/m7.png", 999), 17);
    pm_outset_free(set);
    unlink("keys-alias");
    rmdir("keys-real");
    free(real);
}

int main(void)
{
    pm_geo_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_and_unreadable),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_unknown_layer),
        cmocka_unit_test(test_bad_filter),
        cmocka_unit_test(test_non_finite_coordinate),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_mixed_collection),
        cmocka_unit_test(test_failed_transformation),
        cmocka_unit_test(test_project_failure),
        cmocka_unit_test(test_cheap_anchor_rings),
        cmocka_unit_test(test_escaped_messages),
        cmocka_unit_test(test_network_names),
        cmocka_unit_test(test_output_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
