/* A large layer is read and projected in ranges on several threads: the
 * result must be the one a single pass gives, feature for feature and bit
 * for bit, in every format, and an error in a later range must name the
 * same feature a single pass names. Data are written through OGR here. */
#include "pm_test.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo_assert.h"
#include "pm_source.h"

#define N_FEATURES 30000

/* N_FEATURES small squares (with a hole in every seventh) in the plans'
 * region, with a text id and a name; feature `bad` (or none) gets a vertex
 * that is not a number, feature `far` (or none) lies on the other side of
 * the globe. */
static void write_layer_in(const char *path, const char *driver, int bad, int far, int epsg)
{
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName(driver);
    assert_non_null(drv);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL), wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    /* Squares made in lon/lat, written in the layer's CRS. */
    OGRCoordinateTransformationH to = epsg == 4326 ? NULL : OCTNewCoordinateTransformation(wgs, srs);
    OSRRelease(wgs);
    char *utf8[] = {"ENCODING=UTF-8", NULL};
    int shp = strcmp(driver, "ESRI Shapefile") == 0;
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "squares", srs, wkbPolygon, shp ? utf8 : NULL);
    OSRRelease(srs);
    assert_non_null(layer);
    OGRFieldDefnH fid = OGR_Fld_Create("id", OFTString), fname = OGR_Fld_Create("name", OFTString);
    OGR_L_CreateField(layer, fid, TRUE);
    OGR_L_CreateField(layer, fname, TRUE);
    OGR_Fld_Destroy(fid);
    OGR_Fld_Destroy(fname);
    GDALDatasetStartTransaction(ds, FALSE);
    for (int i = 0; i < N_FEATURES; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        char id[32];
        snprintf(id, sizeof id, "sq-%d", i);
        OGR_F_SetFieldString(f, 0, id);
        if (i % 3)
            OGR_F_SetFieldString(f, 1, i % 2 ? "青龙镇" : "石桥社区");
        double x = 103.5 + (i % 173) * 0.0061 + i * 1e-7, y = 30.2 + (i / 173) * 0.0046;
        if (i == far)
            x -= 180;
        double d = 0.002;
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        OGR_G_AddPoint_2D(ring, x, y);
        OGR_G_AddPoint_2D(ring, x + d, y);
        /* A Shapefile takes no NaN: a latitude beyond 90 there. */
        OGR_G_AddPoint_2D(ring, x + d, i == bad ? (shp ? 1e30 : NAN) : y + d);
        OGR_G_AddPoint_2D(ring, x, y + d);
        OGR_G_AddPoint_2D(ring, x, y);
        OGR_G_AddGeometryDirectly(poly, ring);
        if (i % 7 == 0) {
            OGRGeometryH hole = OGR_G_CreateGeometry(wkbLinearRing);
            OGR_G_AddPoint_2D(hole, x + 0.0005, y + 0.0005);
            OGR_G_AddPoint_2D(hole, x + 0.0005, y + 0.0015);
            OGR_G_AddPoint_2D(hole, x + 0.0015, y + 0.0015);
            OGR_G_AddPoint_2D(hole, x + 0.0005, y + 0.0005);
            OGR_G_AddGeometryDirectly(poly, hole);
        }
        if (to)
            assert_int_equal(OGR_G_Transform(poly, to), OGRERR_NONE);
        OGR_F_SetGeometryDirectly(f, poly);
        assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
    if (to)
        OCTDestroyCoordinateTransformation(to);
}

static void write_layer(const char *path, const char *driver, int bad, int far)
{
    write_layer_in(path, driver, bad, far, 4326);
}

static pm_layer *load_with(const char *path, int threads, pm_error *err)
{
    const char *fields[] = {"id", "name"};
    pm_load_options opts = {.fields = fields, .n_fields = 2, .context = pm_test_context(threads)};
    const char *labels[] = {"name"};
    pm_load_lean lean = {.cheap_anchors = 1, .label_fields = labels, .n_label_fields = 1};
    return pm_layer_load_lean(path, &opts, &lean, err);
}

static int vertices(const pm_feature *f)
{
    int n = 0;
    for (int p = 0; p < f->n_parts; p++)
        n += f->part_len[p];
    return n;
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Bit for bit, fields of layers with the same fields included. */
static void assert_same_feature(const pm_feature *fa, const pm_feature *fb, int n_fields)
{
    assert_int_equal(fa->fid, fb->fid);
    assert_int_equal(fa->kind, fb->kind);
    assert_int_equal(fa->n_parts, fb->n_parts);
    assert_memory_equal(fa->part_len, fb->part_len, sizeof *fa->part_len * (size_t)fa->n_parts);
    assert_memory_equal(fa->xy, fb->xy, 2 * sizeof *fa->xy * (size_t)vertices(fa));
    assert_memory_equal(fa->bbox, fb->bbox, sizeof fa->bbox);
    assert_memory_equal(fa->anchor, fb->anchor, sizeof fa->anchor);
    for (int k = 0; k < n_fields; k++)
        assert_true(same_text(fa->values[k], fb->values[k]));
}

/* Bit for bit: the same features in the same order. */
static void assert_same_layer(const pm_layer *a, const pm_layer *b)
{
    assert_int_equal(a->n_features, b->n_features);
    assert_int_equal(a->n_fields, b->n_fields);
    assert_memory_equal(a->extent, b->extent, sizeof a->extent);
    for (int i = 0; i < a->n_features; i++)
        assert_same_feature(&a->features[i], &b->features[i], a->n_fields);
}

static void check_ranges(const char *path)
{
    pm_error err = {0};
    pm_layer *one = load_with(path, 1, &err);
    assert_non_null(one);
    assert_int_equal(one->n_features, N_FEATURES);
    for (int threads = 2; threads <= 4; threads++) {
        pm_layer *many = load_with(path, threads, &err);
        if (!many)
            fail_msg("%s with %d threads: %s", path, threads, err.msg);
        assert_same_layer(one, many);
        pm_layer_destroy(many);
    }
    pm_layer_destroy(one);
}

/* Shapefile (ids from 0), GeoPackage (ids from 1) and FlatGeobuf: the
 * drivers that can start reading anywhere. */
static void test_ranges_match_one_read(void **state)
{
    (void)state;
    write_layer(pm_test_tmp("squares.shp"), "ESRI Shapefile", -1, -1);
    check_ranges(pm_test_tmp("squares.shp"));
    write_layer(pm_test_tmp("squares.gpkg"), "GPKG", -1, -1);
    check_ranges(pm_test_tmp("squares.gpkg"));
    write_layer(pm_test_tmp("squares.fgb"), "FlatGeobuf", -1, -1);
    check_ranges(pm_test_tmp("squares.fgb"));
}

/* A broken feature in the last quarter is named as a single read names it. */
static void test_error_in_later_range(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("broken.gpkg");
    write_layer(path, "GPKG", 27001, -1);
    pm_error one = {0}, many = {0};
    assert_null(load_with(path, 1, &one));
    assert_null(load_with(path, 4, &many));
    assert_contains(one.msg, "feature 27001 (id=sq-27001)");
    assert_string_equal(one.msg, many.msg);
    assert_int_equal(one.status, many.status);
}

/* Every chunk of a stream after the other: the layer a single read gives. */
static void check_stream(const char *path, const pm_layer *one, int threads)
{
    const char *fields[] = {"id", "name"};
    pm_load_options opts = {.fields = fields, .n_fields = 2, .context = pm_test_context(threads)};
    const char *labels[] = {"name"};
    pm_load_lean lean = {.cheap_anchors = 1, .label_fields = labels, .n_label_fields = 1};
    pm_error err = {0};
    pm_layer_stream *s = pm_layer_stream_open(path, &opts, &lean, 4096, &err);
    assert_non_null(s);
    /* A first chunk of another size (the map's probe reads a sample). */
    pm_layer_stream_set_chunk(s, 300);
    int at = 0;
    pm_layer *c;
    while ((c = pm_layer_stream_next(s, &err))) {
        assert_int_equal(c->n_fields, one->n_fields);
        if (at == 0)
            assert_int_equal(c->n_features, 300);
        assert_in_range(c->n_features, 1, 4096);
        pm_layer_stream_set_chunk(s, 4096);
        for (int i = 0; i < c->n_features; i++, at++) {
            assert_in_range(at, 0, one->n_features - 1);
            assert_same_feature(&one->features[at], &c->features[i], c->n_fields);
        }
        pm_layer_destroy(c);
    }
    if (err.status != PM_OK)
        fail_msg("%s on %d threads: %s", path, threads, err.msg);
    assert_int_equal(at, one->n_features);
    pm_layer_stream_close(s);
}

/* A load in two ranges, and streams on one and two threads, give `one`
 * (a single read of `path`). */
static void check_two_ranges_and_streams(const char *path, const pm_layer *one)
{
    pm_error err = {0};
    pm_layer *two = load_with(path, 2, &err);
    if (!two)
        fail_msg("%s: %s", path, err.msg);
    assert_same_layer(one, two);
    pm_layer_destroy(two);
    for (int threads = 1; threads <= 2; threads++)
        check_stream(path, one, threads);
}

/* A Shapefile with deleted records (left in place): the driver counts them,
 * reading skips them and starts a range at the next record, so ranges
 * overlap. A single load reads it in one pass; a stream's one reader goes
 * on from where each chunk ended, even just past a deleted record (4095). */
static void test_deleted_records(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("holes.shp");
    write_layer(path, "ESRI Shapefile", -1, -1);
    const char *no_repack[] = {"AUTO_REPACK=NO", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, no_repack, NULL);
    assert_non_null(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    const long gone[] = {4095, 9000, 20000, 29990};
    for (int i = 0; i < 4; i++)
        assert_int_equal(OGR_L_DeleteFeature(layer, gone[i]), OGRERR_NONE);
    GDALClose(ds);
    pm_error err = {0};
    pm_layer *one = load_with(path, 1, &err);
    assert_non_null(one);
    assert_int_equal(one->n_features, N_FEATURES - 4);
    check_two_ranges_and_streams(path, one);
    pm_layer_destroy(one);
}

/* A layer in UTM (zone 48N) read in ranges and as a stream: each range
 * transforms to lon/lat as a single read does, where a WGS84 layer is
 * known to need nothing. */
static void test_ranges_in_utm(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("utm.shp");
    write_layer_in(path, "ESRI Shapefile", -1, -1, 32648);
    pm_error err = {0};
    pm_layer *one = load_with(path, 1, &err);
    if (!one)
        fail_msg("%s", err.msg);
    assert_int_equal(one->n_features, N_FEATURES);
    /* Back in lon/lat, where the squares were made. */
    assert_true(one->extent[0] > 103.49 && one->extent[2] < 104.6 && one->extent[1] > 30.19 &&
                one->extent[3] < 31.01);
    check_two_ranges_and_streams(path, one);
    pm_layer_destroy(one);
}

/* Streams of intact layers in the three formats. */
static void test_streams(void **state)
{
    (void)state;
    const char *paths[] = {pm_test_tmp("squares.shp"), pm_test_tmp("squares.gpkg"),
                           pm_test_tmp("squares.fgb")};
    for (int k = 0; k < 3; k++) {
        pm_error err = {0};
        pm_layer *one = load_with(paths[k], 1, &err);
        assert_non_null(one);
        for (int threads = 1; threads <= 2; threads++)
            check_stream(paths[k], one, threads);
        pm_layer_destroy(one);
    }
}

/* A stream within a lon/lat box: the features a whole read gives whose
 * box meets it (all of them where the driver cannot `filter` in order), in
 * their order. */
static void check_within(const char *path, const pm_layer *one, const double box[4], int filter)
{
    const char *fields[] = {"id", "name"};
    pm_load_options opts = {.fields = fields, .n_fields = 2, .within = box};
    pm_error err = {0};
    pm_layer_stream *s = pm_layer_stream_open(path, &opts, NULL, 1000, &err);
    if (!s)
        fail_msg("%s: %s", path, err.msg);
    /* Where its features lie: the source's extent within the box. */
    double ll[4];
    assert_true(pm_layer_stream_extent(s, ll));
    for (int k = 0; k < 2; k++) {
        assert_true(ll[k] >= box[k] - 1e-9 && ll[k] >= one->extent[k] - 1e-9);
        assert_true(ll[k + 2] <= box[k + 2] + 1e-9 && ll[k + 2] <= one->extent[k + 2] + 1e-9);
        assert_true(fabs(ll[k] - fmax(box[k], one->extent[k])) < 1e-6);
    }
    int at = 0, given = 0;
    pm_layer *c;
    while ((c = pm_layer_stream_next(s, &err))) {
        for (int i = 0; i < c->n_features; i++, given++) {
            const pm_feature *f = &c->features[i];
            while (at < one->n_features && one->features[at].fid != f->fid)
                at++;
            if (at >= one->n_features)
                fail_msg("%s: feature %d (fid %ld) out of order", path, given, f->fid);
            const double *b = one->features[at].bbox;
            assert_true(!filter || (b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1]));
            assert_memory_equal(f->xy, one->features[at].xy, 2 * sizeof *f->xy * (size_t)vertices(f));
        }
        pm_layer_destroy(c);
    }
    if (err.status != PM_OK)
        fail_msg("%s: %s", path, err.msg);
    pm_layer_stream_close(s);
    int want = 0;
    for (int i = 0; i < one->n_features; i++) {
        const double *b = one->features[i].bbox;
        want += b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1];
    }
    assert_int_equal(given, filter ? want : one->n_features);
}

/* Streams within a box: a Shapefile without an index and with one (.qix),
 * a FlatGeobuf (its index), a GeoPackage (the FIDs its R-tree has for the
 * box, read in the table's order, each feature's box checked); and one
 * without its R-tree, read whole; a box around everything reads
 * everything. */
static void test_stream_within(void **state)
{
    (void)state;
    const double box[4] = {103.7013, 30.4021, 103.9007, 30.6033};
    const double all[4] = {100, 20, 110, 40};
    const char *paths[] = {pm_test_tmp("within.shp"), pm_test_tmp("within.fgb"),
                           pm_test_tmp("within.gpkg"), pm_test_tmp("within-plain.gpkg")};
    const char *drivers[] = {"ESRI Shapefile", "FlatGeobuf", "GPKG", "GPKG"};
    for (int k = 0; k < 4; k++) {
        write_layer(paths[k], drivers[k], -1, -1);
        if (k == 3) {   /* the R-tree dropped: nothing to ask */
            GDALDatasetH ds = GDALOpenEx(paths[k], GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
            assert_non_null(ds);
            OGRLayerH r = GDALDatasetExecuteSQL(ds, "SELECT DisableSpatialIndex('squares', 'geom')", NULL, NULL);
            if (r)
                GDALDatasetReleaseResultSet(ds, r);
            GDALClose(ds);
        }
        pm_error err = {0};
        pm_layer *one = load_with(paths[k], 1, &err);
        assert_non_null(one);
        check_within(paths[k], one, box, k < 3);
        check_within(paths[k], one, all, 1);
        if (k == 0) {
            GDALDatasetH ds = GDALOpenEx(paths[k], GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
            assert_non_null(ds);
            GDALDatasetExecuteSQL(ds, "CREATE SPATIAL INDEX ON within", NULL, NULL);
            GDALClose(ds);
            assert_int_equal(access(pm_test_tmp("within.qix"), F_OK), 0);
            check_within(paths[k], one, box, 1);
        }
        pm_layer_destroy(one);
    }
}

/* A load that keeps no "id" does not parse it, yet names a broken feature
 * by it, in each format, by its index or behind a filter by its FID. */
static void test_error_names_unread_id(void **state)
{
    (void)state;
    const char *formats[][2] = {{"ignored-id.shp", "ESRI Shapefile"}, {"ignored-id.gpkg", "GPKG"},
                                {"ignored-id.fgb", "FlatGeobuf"}};
    const char *fields[] = {"name"};
    for (int k = 0; k < 3; k++) {
        const char *path = pm_test_tmp(formats[k][0]);
        write_layer(path, formats[k][1], 27001, -1);
        pm_load_options opts = {.fields = fields, .n_fields = 1};
        pm_error err = {0};
        pm_layer *l = pm_layer_load(path, &opts, &err);
        assert_null(l);
        assert_contains(err.msg, "(id=sq-27001)");
        const double around[4] = {103.57, 30.91, 103.59, 30.93};
        opts.within = around;
        pm_layer_stream *s = pm_layer_stream_open(path, &opts, NULL, 1000, &err);
        assert_non_null(s);
        pm_layer *c;
        while ((c = pm_layer_stream_next(s, &err)))
            pm_layer_destroy(c);
        assert_int_equal(err.status, PM_ERR_DATA);
        assert_contains(err.msg, "(id=sq-27001)");
        pm_layer_stream_close(s);
    }
}

/* Behind a spatial filter a broken feature is named by its FID (a count
 * of the features read would not find it); one outside the box is not
 * read. */
static void test_within_names_fid(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("within-broken.fgb");
    write_layer(path, "FlatGeobuf", 27001, -1);
    /* Square 27001 lies at (103.5793, 30.9176), 0.002 across. */
    const double around[4] = {103.57, 30.91, 103.59, 30.93}, away[4] = {103.5, 30.2, 103.6, 30.3};
    pm_load_options opts = {.within = around};
    pm_error err = {0};
    pm_layer_stream *s = pm_layer_stream_open(path, &opts, NULL, 1000, &err);
    assert_non_null(s);
    assert_null(pm_layer_stream_next(s, &err));
    assert_int_equal(err.status, PM_ERR_DATA);
    /* A FlatGeobuf with an index holds its features in the index's order:
     * the FID is the place in the file a whole read names. */
    pm_error whole = {0};
    assert_null(pm_layer_load(path, NULL, &whole));
    const char *at = strstr(whole.msg, "within-broken.fgb: feature ");
    assert_non_null(at);
    long fid = strtol(at + strlen("within-broken.fgb: feature "), NULL, 10);
    char want[128];
    snprintf(want, sizeof want, "within-broken.fgb: feature with FID %ld (id=sq-27001): coordinate 2", fid);
    assert_contains(err.msg, want);
    pm_layer_stream_close(s);
    opts.within = away;
    s = pm_layer_stream_open(path, &opts, NULL, 1000, &err);
    assert_non_null(s);
    int n = 0;
    pm_layer *c;
    while ((c = pm_layer_stream_next(s, &err))) {
        n += c->n_features;
        pm_layer_destroy(c);
    }
    assert_int_equal(err.status, PM_OK);
    assert_in_range(n, 100, N_FEATURES / 4);
    pm_layer_stream_close(s);
}

static void project_with(pm_layer *l, const pm_crs *crs, int threads, pm_status want, pm_error *err)
{
    l->context = pm_test_context(threads);
    assert_int_equal(pm_layer_project(l, crs, err), want);
}

/* Projection in ranges gives the same numbers, and its errors name the
 * same feature. */
static void test_projection_ranges(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("proj.fgb");
    write_layer(path, "FlatGeobuf", -1, -1);
    pm_error err = {0};
    /* Orthographic: the far side of the globe cannot be projected. */
    pm_crs *crs = pm_crs_create("+proj=ortho +lat_0=30.6 +lon_0=104.05 +ellps=WGS84", 0, 0, &err);
    assert_non_null(crs);
    pm_layer *one = load_with(path, 1, &err), *many = load_with(path, 1, &err);
    assert_non_null(one);
    assert_non_null(many);
    project_with(one, crs, 1, PM_OK, &err);
    project_with(many, crs, 3, PM_OK, &err);
    assert_same_layer(one, many);
    pm_layer_destroy(one);
    pm_layer_destroy(many);

    const char *far = pm_test_tmp("far.gpkg");
    write_layer(far, "GPKG", -1, 28500);
    pm_error e1 = {0}, e2 = {0};
    one = load_with(far, 1, &err);
    many = load_with(far, 1, &err);
    assert_non_null(one);
    assert_non_null(many);
    project_with(one, crs, 1, PM_ERR_CRS, &e1);
    project_with(many, crs, 3, PM_ERR_CRS, &e2);
    assert_contains(e1.msg, "feature 28500 (id=sq-28500)");
    assert_string_equal(e1.msg, e2.msg);
    /* Read chunk by chunk, the chunk that holds it names it the same. */
    pm_layer_stream *s = pm_layer_stream_open(far, NULL, NULL, 4096, &err);
    assert_non_null(s);
    pm_layer *c;
    int failed = 0;
    while (!failed && (c = pm_layer_stream_next(s, &err))) {
        pm_error e3 = {0};
        if (pm_layer_project(c, crs, &e3) != PM_OK) {
            assert_string_equal(e3.msg, e1.msg);
            failed = 1;
        }
        pm_layer_destroy(c);
    }
    assert_true(failed);
    pm_layer_stream_close(s);
    pm_layer_destroy(one);
    pm_layer_destroy(many);
    pm_crs_destroy(crs);
}

PM_TEST_MAIN(test_ranges_match_one_read,
             test_error_in_later_range,
             test_deleted_records,
             test_streams,
             test_error_names_unread_id,
             test_ranges_in_utm,
             test_stream_within,
             test_within_names_fid,
             test_projection_ranges)
