#define _GNU_SOURCE   /* memmem */
/* planmap's Shapefile reader for streamed layers (geo/shapefile.c,
 * geo/shapefile_stream.c) gives what GDAL's reading gives, chunk by chunk
 * and feature by feature: FIDs, kinds, parts, vertices, boxes, anchors,
 * values — or declines, and the stream reads through GDAL. The corpus is
 * written here through GDAL's own Shapefile driver. */
#include "pm_test.h"

#include "pm_init.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geojson_read.h"
#include "shapefile.h"

static char dir[256];

/* The corpus's folder (pm_test_tmpdir: removed at exit). */
static void setup(void)
{
    if (dir[0])
        return;
    pm_geo_init();
    snprintf(dir, sizeof dir, "%s", pm_test_tmpdir());
}

/* The next chunks of two readings the same (both freed); 0 at the end of
 * both, failing where one ends first or they end differently. */
static int same_chunks(const char *path, pm_layer *a, pm_layer *b, const pm_error *ea, const pm_error *eb)
{
    if (!a || !b) {
        if (a || b || ea->status != eb->status)
            fail_msg("%s: own %s (%s), GDAL %s (%s)", path, a ? "went on" : "ended", ea->msg,
                     b ? "went on" : "ended", eb->msg);
        return 0;
    }
    pm_test_same_layer(path, a, b);
    pm_layer_destroy(a);
    pm_layer_destroy(b);
    return 1;
}

/* Read `path` with planmap's reader and through GDAL, chunk by chunk.
 * Returns 1 if planmap's reader read it all (and agreed). */
static int compare(const char *path, const pm_load_options *opts, const pm_load_lean *lean, int chunk)
{
    pm_shp_index *ix = pm_shp_index_open(path, opts);
    if (!ix)
        return print_message("%s: no index\n", path), 0;
    pm_error e1 = {0}, e2 = {0};
    double ll[4];
    pm_shp_stream *own = pm_shp_stream_open(ix, opts, lean, chunk, ll, &e1);
    pm_layer_stream *ref = pm_layer_stream_open(path, opts, lean, chunk, &e2);
    assert_non_null(ref);
    int all = own != NULL;
    if (!own)
        print_message("%s: stream declined\n", path);
    long long resume = -1;
    while (own) {
        pm_layer *a = pm_shp_stream_next(own, &resume, &e1);
        pm_layer *b = resume == -1 ? pm_layer_stream_next(ref, &e2) : NULL;
        if (resume != -1) {
            print_message("%s: declined at %lld\n", path, resume);
            all = 0;
            break;
        }
        if (!same_chunks(path, a, b, &e1, &e2))
            break;
        /* The chunks after the first of another size, alike in both. */
        pm_shp_stream_set_chunk(own, 2 * chunk + 1);
        pm_layer_stream_set_chunk(ref, 2 * chunk + 1);
    }
    pm_shp_stream_close(own);
    pm_layer_stream_close(ref);
    pm_shp_index_close(ix);
    return all;
}

/* A Shapefile `name` of the features given as WKT (NULL: no geometry),
 * with a string, an integer, a real and a date field; `options` the
 * layer's creation options. */
static const char *write_shp(const char *name, OGRwkbGeometryType type, const char *const *wkt, int n,
                             const char *srs_input, const char *const *options)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s.shp", dir, name);
    GDALDriverH drv = GDALGetDriverByName("ESRI Shapefile");
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRSetFromUserInput(srs, srs_input ? srs_input : "EPSG:4326");
    static const char *const utf8[] = {"ENCODING=UTF-8", NULL};
    OGRLayerH l = GDALDatasetCreateLayer(ds, name, srs, type, (char **)(options ? options : utf8));
    OSRRelease(srs);
    assert_non_null(l);
    const char *names[] = {"name", "n", "big", "area", "day", "ok"};
    OGRFieldType types[] = {OFTString, OFTInteger, OFTInteger64, OFTReal, OFTDate, OFTInteger};
    for (int k = 0; k < 6; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[k], types[k]);
        if (k == 3)
            OGR_Fld_SetPrecision(fd, 3), OGR_Fld_SetWidth(fd, 14);
        if (k == 5)
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    static const char *const text[] = {"青龙镇", "  padded  ", "", "石桥社区 north", "x"};
    for (int i = 0; i < n; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        if (i % 7 != 3)
            OGR_F_SetFieldString(f, 0, text[i % 5]);
        if (i % 5 != 2)
            OGR_F_SetFieldInteger(f, 1, i % 3 == 0 ? -i : i * 1000);
        OGR_F_SetFieldInteger64(f, 2, (long long)i * 123456789LL);
        if (i % 4 != 1)
            OGR_F_SetFieldDouble(f, 3, i * 0.25 - 7.0625);
        if (i % 6 != 4)
            OGR_F_SetFieldDateTime(f, 4, 2020 + i % 5, 1 + i % 12, 1 + i % 28, 0, 0, 0, 0);
        if (i % 3 != 2)
            OGR_F_SetFieldInteger(f, 5, i % 2);
        OGRGeometryH g = NULL;
        if (wkt[i % 1000] && OGR_G_CreateFromWkt((char **)&(const char *){wkt[i % 1000]}, NULL, &g) != OGRERR_NONE)
            fail_msg("bad WKT %s", wkt[i % 1000]);
        if (g)
            OGR_F_SetGeometryDirectly(f, g);
        assert_int_equal(OGR_L_CreateFeature(l, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return path;
}

/* Mark record `k` of the .dbf beside `shp` deleted, as GDAL's
 * DeleteFeature does before a repack. */
static void delete_record(const char *shp, int k)
{
    char dbf[512];
    snprintf(dbf, sizeof dbf, "%.*s.dbf", (int)strlen(shp) - 4, shp);
    FILE *f = fopen(dbf, "r+b");
    unsigned char h[12];
    assert_non_null(f);
    assert_int_equal(fread(h, 1, 12, f), 12);
    long at = (h[8] | h[9] << 8) + (long)k * (h[10] | h[11] << 8);
    assert_int_equal(fseek(f, at, SEEK_SET), 0);
    fputc('*', f);
    fclose(f);
}

static const char *const LABEL[] = {"name"};
static const char *const SOME[] = {"n", "name", "missing", "n", "big"};
static const char *const DATE[] = {"day"};

/* Every way a map reads a layer: all fields (text, integers, a real, a
 * date, a logical), some (an absent one, twice one), lean with cheap
 * anchors and label fields or leaving absent fields out. */
static int compare_ways(const char *path, int chunk)
{
    pm_load_options all = {0}, some = {.fields = SOME, .n_fields = 5};
    pm_load_lean lean = {.cheap_anchors = 1, .label_fields = LABEL, .n_label_fields = 1};
    pm_load_lean drop = {.cheap_anchors = 1, .drop_absent_fields = 1};
    int own = compare(path, &all, NULL, chunk);
    own &= compare(path, &some, NULL, chunk);
    own &= compare(path, &some, &lean, chunk);
    own &= compare(path, &some, &drop, chunk);
    return own;
}

static const char *const POINTS[] = {"POINT (104.1 30.5)", "POINT (104.2 30.6)", NULL, "POINT (103.9 30.4)"};
static const char *const MULTIPOINTS[] = {"MULTIPOINT ((104.1 30.5),(104.2 30.6))", "MULTIPOINT ((104 30))", NULL};
static const char *const LINES[] = {"LINESTRING (104 30,104.1 30.1,104.2 30.05)", NULL,
                                    "MULTILINESTRING ((104 30,104.1 30.1),(104.3 30.3,104.4 30.2,104.5 30.5))"};
static const char *const POLYGONS[] = {
    "POLYGON ((104 30,104 31,105 31,105 30,104 30))",
    "POLYGON ((104 30,104 31,105 31,105 30,104 30),(104.2 30.2,104.8 30.2,104.8 30.8,104.2 30.8,104.2 30.2))",
    NULL,
    "MULTIPOLYGON (((104 30,104 31,105 31,105 30,104 30),(104.2 30.2,104.8 30.2,104.8 30.8,104.2 30.8,104.2 30.2)),"
    "((104.3 30.3,104.3 30.7,104.7 30.7,104.7 30.3,104.3 30.3)),((106 30,106 30.5,106.5 30.5,106 30)))",
    "MULTIPOLYGON (((104 30,104 30.1,104.1 30.1,104 30)),((103 30,103 30.1,103.1 30.1,103 30)))",
};
static const char *const POLYGONS_Z[] = {
    "POLYGON Z ((104 30 1,104 31 2,105 31 3,105 30 4,104 30 1),(104.2 30.2 0,104.8 30.2 0,104.8 30.8 0,104.2 30.8 0,104.2 30.2 0))",
    "LINESTRING Z (104 30 5,104.1 30.1 6)"};

static void test_kinds(void **state)
{
    (void)state;
    setup();
    struct { const char *name; OGRwkbGeometryType type; const char *const *wkt; int n; } cases[] = {
        {"points", wkbPoint, POINTS, 4},
        {"multipoints", wkbMultiPoint, MULTIPOINTS, 3},
        {"lines", wkbLineString, LINES, 3},
        {"polygons", wkbPolygon, POLYGONS, 5},
        {"polygonz", wkbPolygon25D, POLYGONS_Z, 1},
        {"pointz", wkbPoint25D, (const char *const[]){"POINT Z (104 30 3)"}, 1},
        {"linem", wkbLineStringM, (const char *const[]){"LINESTRING M (104 30 3,105 31 4)"}, 1},
        {"polygonm", wkbPolygonM, (const char *const[]){"POLYGON M ((104 30 1,104 31 2,105 31 3,104 30 1))"}, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *path = write_shp(cases[c].name, cases[c].type, cases[c].wkt, cases[c].n, NULL, NULL);
        assert_true(compare_ways(path, 2));
        print_message("%s: own reader, same as GDAL\n", cases[c].name);
    }
}

/* Many records across the read buffers, in a projected CRS, some deleted;
 * the filter of a view; GBK text named by a .cpg and by the layer's key. */
static void test_large_deleted_encoded(void **state)
{
    (void)state;
    setup();
    enum { N = 6000 };
    static char wkt[1000][400];
    const char *w[1000];
    for (int i = 0; i < 1000; i++) {
        double x = 11570000 + (i % 40) * 3000, y = 3500000 + (i / 40) * 3000;
        snprintf(wkt[i], sizeof wkt[i], "POLYGON ((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f),"
                 "(%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x, y, x, y + 2000, x + 2000, y + 2000,
                 x + 2000, y, x, y, x + 500, y + 500, x + 1500, y + 500, x + 1000, y + 1500, x + 500, y + 500);
        w[i] = wkt[i];
    }
    const char *path = write_shp("big", wkbPolygon, w, N, "EPSG:3857", NULL);
    for (int k = 5; k < N; k += 997)
        delete_record(path, k);
    assert_true(compare_ways(path, 700));
    /* A view of part of it: the same features through GDAL's .qix-less filter. */
    double view[4] = {104.0, 30.0, 104.4, 30.3};
    pm_load_options within = {.within = view, .fields = SOME, .n_fields = 5};
    assert_true(compare(path, &within, NULL, 300));
    const char *const gbk[] = {"ENCODING=GBK", NULL};
    const char *enc = write_shp("gbk", wkbPoint, POINTS, 4, NULL, gbk);
    assert_true(compare_ways(enc, 3));
    char cpg[512];
    snprintf(cpg, sizeof cpg, "%s/gbk.cpg", dir);
    assert_int_equal(unlink(cpg), 0);
    pm_load_options named = {.encoding = "GBK", .fields = SOME, .n_fields = 5};
    assert_true(compare(enc, &named, NULL, 3));
}

/* A view's filter keeps what GDAL's keeps: a line across it with no
 * vertex in it, not an L around its corner; a ring around it, not a hole
 * around it; a multipoint with a point in it, not one around it. */
static void test_filter(void **state)
{
    (void)state;
    setup();
    static const char *const lines[] = {
        "LINESTRING (104.3 30.5,104.7 30.5)", "LINESTRING (104.3 30.3,104.3 30.7,104.7 30.7)",
        "MULTILINESTRING ((103 30,103.1 30.1),(104.45 30.45,104.55 30.55))", NULL,
        "LINESTRING (104.45 30.45,104.46 30.46)"};
    static const char *const polygons[] = {
        "POLYGON ((104 30,104 31,105 31,105 30,104 30))",
        "POLYGON ((104 30,104 31,105 31,105 30,104 30),(104.3 30.3,104.7 30.3,104.7 30.7,104.3 30.7,104.3 30.3))",
        "POLYGON ((104.3 30.3,104.3 30.35,104.35 30.35,104.3 30.3))"};
    static const char *const points[] = {"MULTIPOINT ((104.3 30.3),(104.7 30.7))",
                                         "MULTIPOINT ((104.3 30.3),(104.5 30.5))", "POINT (104.5 30.5)"};
    double view[4] = {104.4, 30.4, 104.6, 30.6};
    pm_load_options within = {.within = view, .fields = SOME, .n_fields = 5};
    assert_true(compare(write_shp("flines", wkbLineString, lines, 5, NULL, NULL), &within, NULL, 2));
    assert_true(compare(write_shp("fpolys", wkbPolygon, polygons, 3, NULL, NULL), &within, NULL, 1));
    assert_true(compare(write_shp("fpoints", wkbMultiPoint, points, 2, NULL, NULL), &within, NULL, 1));
}

/* The stream a map reads (its index given) and GDAL's, chunk by chunk:
 * the same, whether planmap's reader or GDAL answers. */
static void same_streams(const char *path, const pm_load_options *opts, int chunk)
{
    pm_load_options idx = *opts;
    pm_source_index *ix = pm_source_index_open(path, opts);
    assert_non_null(ix);
    idx.index = ix;
    pm_error e1 = {0}, e2 = {0};
    pm_layer_stream *own = pm_layer_stream_open(path, &idx, NULL, chunk, &e1);
    pm_layer_stream *ref = pm_layer_stream_open(path, opts, NULL, chunk, &e2);
    assert_non_null(own);
    assert_non_null(ref);
    for (;;) {
        pm_layer *a = pm_layer_stream_next(own, &e1), *b = pm_layer_stream_next(ref, &e2);
        if (!same_chunks(path, a, b, &e1, &e2))
            break;
    }
    pm_layer_stream_close(own);
    pm_layer_stream_close(ref);
    pm_source_index_close(ix);
}

/* A record broken out of a view: GDAL reads on from where planmap's reader
 * stopped, under the same filter, and its .qix keeps that record unread. */
static void test_broken_out_of_view(void **state)
{
    (void)state;
    setup();
    static const char *const lines[] = {
        "LINESTRING (104.3 30.5,104.7 30.5)", "LINESTRING (104.45 30.45,104.5 30.5)",
        "LINESTRING (104.46 30.46,104.5 30.5)", "LINESTRING (103 30,103.1 30.1)",
        "LINESTRING (104.47 30.47,104.5 30.5)", "LINESTRING (104.48 30.48,104.5 30.5)"};
    const char *path = write_shp("broken", wkbLineString, lines, 6, NULL, NULL);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    assert_non_null(ds);
    GDALDatasetReleaseResultSet(ds, GDALDatasetExecuteSQL(ds, "CREATE SPATIAL INDEX ON broken", NULL, NULL));
    GDALClose(ds);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    /* Record 3's shape type: after the header and three records of 2 points. */
    assert_int_equal(fseek(f, 100 + 3 * (8 + 44 + 4 + 32) + 8, SEEK_SET), 0);
    fputc(5, f);
    fclose(f);
    double view[4] = {104.4, 30.4, 104.6, 30.6};
    pm_load_options within = {.within = view, .fields = SOME, .n_fields = 5};
    assert_false(compare(path, &within, NULL, 2));
    same_streams(path, &within, 2);
    pm_load_options all = {.fields = SOME, .n_fields = 5};
    same_streams(path, &all, 2);
}

/* A blank date, which GDAL versions read differently, is GDAL's to read:
 * the stream gives GDAL's reading all the same. */
static void test_left_to_gdal(void **state)
{
    (void)state;
    setup();
    const char *path = write_shp("dates", wkbPoint, POINTS, 4, NULL, NULL);
    char dbf[512];
    snprintf(dbf, sizeof dbf, "%s/dates.dbf", dir);
    FILE *f = fopen(dbf, "r+b");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    char *at = memmem(buf, n, "20210202", 8);
    assert_non_null(at);
    assert_int_equal(fseek(f, at - buf, SEEK_SET), 0);
    fputs("        ", f);
    fclose(f);
    pm_load_options date = {.fields = DATE, .n_fields = 1};
    assert_false(compare(path, &date, NULL, 2));
    pm_load_options idx = date;
    pm_source_index *ix = pm_source_index_open(path, &date);
    assert_non_null(ix);
    idx.index = ix;
    pm_error e = {0};
    pm_layer_stream *s = pm_layer_stream_open(path, &idx, NULL, 10, &e);
    pm_layer *l = s ? pm_layer_stream_next(s, &e) : NULL;
    pm_layer *ref = pm_load_gdal(path, &date, NULL, &e);
    assert_non_null(l);
    assert_non_null(ref);
    pm_test_same_layer(path, l, ref);
    pm_layer_destroy(l);
    pm_layer_destroy(ref);
    pm_layer_stream_close(s);
    pm_source_index_close(ix);
}

PM_TEST_MAIN(test_kinds, test_large_deleted_encoded, test_filter, test_broken_out_of_view,
             test_left_to_gdal)
