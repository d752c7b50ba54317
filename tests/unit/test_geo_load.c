/* Loading real files through GDAL: kinds, parts, holes, values, extents and
 * label anchors, from the committed GeoJSON and CSV fixtures and from
 * GeoPackage / Shapefile / FlatGeobuf copies made at test time. */
#include "pm_test.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <ogr_api.h>
#include <string.h>

#include "geo_assert.h"
#include "pm_source.h"

static const char *zones(void)
{
    return pm_test_src("tests/data/geo/zones.geojson");
}

static pm_layer *load_ok(const char *path, const pm_load_options *opts)
{
    pm_error err = {0};
    pm_layer *l = pm_layer_load(path, opts, &err);
    if (!l)
        fail_msg("loading %s failed: %s", path, err.msg);
    return l;
}

static const pm_feature *by_id(const pm_layer *l, const char *id)
{
    for (int i = 0; i < l->n_features; i++) {
        const char *v = pm_feature_value(l, &l->features[i], "id");
        if (v && strcmp(v, id) == 0)
            return &l->features[i];
    }
    fail_msg("no feature with id %s in %s", id, l->source);
    return NULL;
}

static int point_count(const pm_feature *f)
{
    int n = 0;
    for (int i = 0; i < f->n_parts; i++)
        n += f->part_len[i];
    return n;
}

/* Is the anchor inside the feature's polygon? Asked of OGR (GEOS), not of
 * our own arithmetic: the rings are rebuilt and Within() decides. */
static int anchor_within(const pm_feature *f)
{
    OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon);
    OGRGeometryH poly = NULL;
    const double *xy = f->xy;
    for (int p = 0; p < f->n_parts; p++) {
        if (p == 0 || f->part_poly[p] != f->part_poly[p - 1]) {
            if (poly)
                OGR_G_AddGeometryDirectly(multi, poly);
            poly = OGR_G_CreateGeometry(wkbPolygon);
        }
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        for (int i = 0; i < f->part_len[p]; i++, xy += 2)
            OGR_G_AddPoint_2D(ring, xy[0], xy[1]);
        OGR_G_AddGeometryDirectly(poly, ring);
    }
    OGR_G_AddGeometryDirectly(multi, poly);
    OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_AddPoint_2D(pt, f->anchor[0], f->anchor[1]);
    int inside = OGR_G_Within(pt, multi);
    OGR_G_DestroyGeometry(pt);
    OGR_G_DestroyGeometry(multi);
    return inside;
}

static void test_geojson_kinds_and_parts(void **state)
{
    pm_layer *l = load_ok(zones(), NULL);
    assert_string_equal(l->name, "zones");
    assert_int_equal(l->n_features, 9);
    assert_int_equal(l->projected, 0);

    const pm_feature *ring = by_id(l, "ring-zone");
    assert_int_equal(ring->kind, PM_GEOM_POLYGON);
    assert_int_equal(ring->n_parts, 2);        /* exterior + hole */
    assert_int_equal(ring->part_len[0], 5);
    assert_int_equal(ring->part_len[1], 5);
    assert_int_equal(ring->part_poly[0], 0);
    assert_int_equal(ring->part_poly[1], 0);   /* the hole belongs to polygon 0 */
    assert_near(ring->xy[10], 104.05, 1e-12);  /* first hole vertex */
    assert_near(ring->xy[11], 30.55, 1e-12);

    const pm_feature *twin = by_id(l, "twin");
    assert_int_equal(twin->kind, PM_GEOM_POLYGON);
    assert_int_equal(twin->n_parts, 2);
    assert_int_equal(twin->part_poly[0], 0);
    assert_int_equal(twin->part_poly[1], 1);

    const pm_feature *gc = by_id(l, "gc");       /* GeometryCollection of polygons */
    assert_int_equal(gc->kind, PM_GEOM_POLYGON);
    assert_int_equal(gc->n_parts, 2);
    assert_int_equal(gc->part_poly[1], 1);

    const pm_feature *belt = by_id(l, "belt");
    assert_int_equal(belt->kind, PM_GEOM_LINE);
    assert_int_equal(belt->n_parts, 2);
    assert_null(belt->part_poly);

    const pm_feature *nodes = by_id(l, "nodes");
    assert_int_equal(nodes->kind, PM_GEOM_POINT);
    assert_int_equal(nodes->n_parts, 2);
    assert_int_equal(nodes->part_len[1], 1);

    const char *empty_ids[] = {"unplaced", "empty"};
    for (int i = 0; i < 2; i++) {
        const pm_feature *f = by_id(l, empty_ids[i]);   /* kept, never drawn */
        assert_int_equal(f->kind, PM_GEOM_NONE);
        assert_int_equal(f->n_parts, 0);
        assert_true(isnan(f->bbox[0]) && isnan(f->anchor[0]));
    }
    pm_layer_destroy(l);
}

static void test_geojson_values(void **state)
{
    pm_layer *l = load_ok(zones(), NULL);
    assert_int_equal(l->n_fields, 6);
    assert_int_equal(pm_layer_field_index(l, "functions"), 3);
    assert_int_equal(pm_layer_field_index(l, "nope"), -1);
    const pm_feature *ring = by_id(l, "ring-zone");
    assert_string_equal(pm_feature_value(l, ring, "name"), "环形区");
    assert_string_equal(pm_feature_value(l, ring, "functions"), "研发, 制造");
    assert_string_equal(pm_feature_value(l, ring, "rank"), "3");
    assert_string_equal(pm_feature_value(l, ring, "area_km2"), "12.5");
    const pm_feature *twin = by_id(l, "twin");
    assert_null(pm_feature_value(l, twin, "rank"));        /* JSON null */
    assert_null(pm_feature_value(l, by_id(l, "core"), "area_km2"));  /* absent */
    assert_null(pm_feature_value(l, twin, "nope"));
    pm_layer_destroy(l);
}

/* Integers are written by the loader itself: the digits OGR would give. */
static void test_integer_values(void **state)
{
    const char *path = pm_test_write("ints.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"id\": -7, \"big\": 9223372036854775807, \"b\": true},"
        " \"geometry\": null},"
        "{\"type\": \"Feature\", \"properties\": {\"id\": 0, \"big\": -9223372036854775808, \"b\": false},"
        " \"geometry\": null}]}");
    pm_layer *l = load_ok(path, NULL);
    const char *want[2][3] = {{"-7", "9223372036854775807", "1"}, {"0", "-9223372036854775808", "0"}};
    const char *names[3] = {"id", "big", "b"};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 3; k++)
            assert_string_equal(pm_feature_value(l, &l->features[i], names[k]), want[i][k]);
    pm_layer_destroy(l);
}

static void test_requested_fields(void **state)
{
    const char *fields[] = {"name", "id", "missing_field", "name"};
    pm_load_options opts = {.fields = fields, .n_fields = 4};
    pm_layer *l = load_ok(zones(), &opts);
    assert_int_equal(l->n_fields, 3);     /* duplicate "name" dropped */
    assert_string_equal(l->fields[0], "name");
    assert_string_equal(l->fields[2], "missing_field");
    assert_int_equal(pm_layer_field_index(l, "kind"), -1);
    const pm_feature *core = by_id(l, "core");
    assert_string_equal(pm_feature_value(l, core, "name"), "核心");
    assert_null(pm_feature_value(l, core, "missing_field"));
    pm_layer_destroy(l);

    pm_load_options none = {.fields = fields, .n_fields = 0};
    l = load_ok(zones(), &none);
    assert_int_equal(l->n_fields, 0);
    assert_null(l->features[0].values);
    assert_null(pm_feature_value(l, &l->features[0], "id"));
    pm_layer_destroy(l);
}

static void test_where_filter(void **state)
{
    pm_load_options opts = {.where = "kind = 'zone'"};
    pm_layer *l = load_ok(zones(), &opts);
    assert_int_equal(l->n_features, 2);
    pm_layer_destroy(l);
}

static void test_extents_and_bbox(void **state)
{
    pm_layer *l = load_ok(zones(), NULL);
    assert_near(l->extent[0], 103.0, 1e-12);
    assert_near(l->extent[1], 30.0, 1e-12);
    assert_near(l->extent[2], 104.7, 1e-12);
    assert_near(l->extent[3], 31.1, 1e-12);
    const pm_feature *twin = by_id(l, "twin");
    const double want[4] = {103.0, 30.0, 103.7, 30.2};
    for (int i = 0; i < 4; i++)
        assert_near(twin->bbox[i], want[i], 1e-12);
    pm_layer_destroy(l);
}

static void test_anchors(void **state)
{
    pm_layer *l = load_ok(zones(), NULL);
    const pm_feature *core = by_id(l, "core");
    assert_near(core->anchor[0], 104.0657, 1e-12);
    assert_near(core->anchor[1], 30.6595, 1e-12);
    const pm_feature *nodes = by_id(l, "nodes");      /* first point */
    assert_near(nodes->anchor[0], 104.1, 1e-12);
    /* Axis: 0.3° east then 0.1° north; half of 0.4 is 0.2 along the first leg. */
    const pm_feature *axis = by_id(l, "axis");
    assert_near(axis->anchor[0], 104.2, 1e-9);
    assert_near(axis->anchor[1], 30.0, 1e-9);
    const pm_feature *belt = by_id(l, "belt");        /* middle of the longer line */
    assert_near(belt->anchor[0], 103.7, 1e-9);
    assert_near(belt->anchor[1], 31.0, 1e-9);
    /* The ring's centre is the hole: the anchor must still be on the surface. */
    const pm_feature *ring = by_id(l, "ring-zone");
    assert_true(anchor_within(ring));
    assert_false(ring->anchor[0] > 104.05 && ring->anchor[0] < 104.15 &&
                 ring->anchor[1] > 30.55 && ring->anchor[1] < 30.65);
    /* Multipolygon: on the larger of the two squares. */
    const pm_feature *twin = by_id(l, "twin");
    assert_true(anchor_within(twin));
    assert_true(twin->anchor[0] > 103.5);
    assert_true(anchor_within(by_id(l, "gc")));
    pm_layer_destroy(l);
}

static void assert_same_except_anchors(const pm_layer *a, const pm_layer *b)
{
    assert_int_equal(a->n_features, b->n_features);
    assert_int_equal(a->n_fields, b->n_fields);
    for (int i = 0; i < a->n_features; i++) {
        const pm_feature *fa = &a->features[i], *fb = &b->features[i];
        assert_int_equal(fa->kind, fb->kind);
        assert_int_equal(fa->n_parts, fb->n_parts);
        for (int p = 0; p < fa->n_parts; p++) {
            assert_int_equal(fa->part_len[p], fb->part_len[p]);
            if (fa->part_poly)
                assert_int_equal(fa->part_poly[p], fb->part_poly[p]);
        }
        assert_memory_equal(fa->xy, fb->xy, 2 * sizeof(double) * (size_t)point_count(fa));
        assert_memory_equal(fa->bbox, fb->bbox, sizeof fa->bbox);
        for (int k = 0; k < a->n_fields; k++)
            if (fa->values[k] || fb->values[k])
                assert_string_equal(fa->values[k], fb->values[k]);
    }
}

static void assert_anchor(const pm_feature *f, double x, double y)
{
    assert_near(f->anchor[0], x, 1e-12);
    assert_near(f->anchor[1], y, 1e-12);
}

/* Features nothing labels (no value in a label field) get cheap anchors;
 * the others, and everything but anchors, are as a full load gives them. */
static void test_cheap_anchors(void **state)
{
    const char *labels[] = {"rank", "no_such_field"};   /* ring-zone and core have a rank */
    pm_load_lean lean = {.cheap_anchors = 1, .label_fields = labels, .n_label_fields = 2};
    pm_error err = {0};
    pm_layer *full = load_ok(zones(), NULL);
    pm_layer *l = pm_layer_load_lean(zones(), NULL, &lean, &err);
    assert_non_null(l);
    assert_same_except_anchors(full, l);
    const char *labelled[] = {"ring-zone", "core"};
    for (int i = 0; i < 2; i++)
        assert_memory_equal(by_id(l, labelled[i])->anchor, by_id(full, labelled[i])->anchor,
                            sizeof full->features[0].anchor);
    assert_anchor(by_id(l, "twin"), 103.6, 30.1);     /* box centre of the larger square */
    assert_anchor(by_id(l, "axis"), 104.3, 30.0);     /* middle vertex */
    assert_anchor(by_id(l, "belt"), 103.9, 31.0);     /* of the longer line */
    assert_anchor(by_id(l, "nodes"), 104.1, 30.1);    /* points keep the first point */
    /* Equal triangles but for rounding: the centre of either box. */
    const pm_feature *gc = by_id(l, "gc");
    assert_near(gc->anchor[1], 30.45, 1e-12);
    assert_true(fabs(gc->anchor[0] - 104.45) < 1e-12 || fabs(gc->anchor[0] - 104.65) < 1e-12);
    assert_true(isnan(by_id(l, "unplaced")->anchor[0]));
    pm_layer_destroy(l);

    /* No label field at all: every anchor is cheap, the point's still the point. */
    lean.n_label_fields = 0;
    l = pm_layer_load_lean(zones(), NULL, &lean, &err);
    assert_non_null(l);
    assert_same_except_anchors(full, l);
    assert_anchor(by_id(l, "ring-zone"), 104.1, 30.6);
    assert_anchor(by_id(l, "core"), 104.0657, 30.6595);
    pm_layer_destroy(l);

    /* All zero, nothing is left out: the full load. */
    pm_load_lean none = {0};
    l = pm_layer_load_lean(zones(), NULL, &none, &err);
    assert_same_except_anchors(full, l);
    for (int i = 0; i < l->n_features; i++)
        assert_memory_equal(l->features[i].anchor, full->features[i].anchor, sizeof l->features[i].anchor);
    pm_layer_destroy(l);
    pm_layer_destroy(full);
}

static void test_drop_absent_fields(void **state)
{
    const char *fields[] = {"name", "missing_field", "id"};
    pm_load_options opts = {.fields = fields, .n_fields = 3};
    pm_load_lean lean = {.drop_absent_fields = 1};
    pm_error err = {0};
    pm_layer *l = pm_layer_load_lean(zones(), &opts, &lean, &err);
    assert_non_null(l);
    assert_int_equal(l->n_fields, 2);
    assert_string_equal(l->fields[0], "name");
    assert_string_equal(l->fields[1], "id");
    assert_int_equal(pm_layer_field_index(l, "missing_field"), -1);
    assert_null(pm_feature_value(l, by_id(l, "core"), "missing_field"));
    assert_string_equal(pm_feature_value(l, by_id(l, "core"), "name"), "核心");
    pm_layer_destroy(l);
}

static void test_csv_with_wkt(void **state)
{
    pm_layer *l = load_ok(pm_test_src("tests/data/geo/sites.csv"), NULL);
    assert_string_equal(l->name, "sites");
    assert_int_equal(l->n_features, 3);
    assert_int_equal(l->features[0].kind, PM_GEOM_POINT);
    assert_near(l->features[0].xy[0], 104.0657, 1e-12);
    assert_int_equal(l->features[1].kind, PM_GEOM_LINE);
    assert_int_equal(l->features[1].part_len[0], 2);
    assert_int_equal(l->features[2].kind, PM_GEOM_NONE);   /* empty WKT cell */
    assert_string_equal(pm_feature_value(l, &l->features[2], "name"), "丙");
    pm_layer_destroy(l);
}

/* Arcs are read as line segments: a half circle and a circular polygon. */
static void test_curves(void **state)
{
    const char *path = pm_test_write("curves.csv",
        "id,WKT\n"
        "arc,\"CIRCULARSTRING (104 30,104.1 30.1,104.2 30)\"\n"
        "disc,\"CURVEPOLYGON (CIRCULARSTRING (104 30,104.2 30,104 30))\"\n");
    pm_layer *l = load_ok(path, NULL);
    assert_int_equal(l->n_features, 2);
    const pm_feature *arc = by_id(l, "arc"), *disc = by_id(l, "disc");
    assert_int_equal(arc->kind, PM_GEOM_LINE);
    assert_true(arc->part_len[0] > 10);
    /* Segments cut the arc a little short of its top (1e-4° ≈ 10 m). */
    assert_near(arc->bbox[3], 30.1, 1e-4);
    assert_near(arc->anchor[0], 104.1, 1e-6);         /* half way along it */
    assert_near(arc->anchor[1], 30.1, 1e-4);
    assert_int_equal(disc->kind, PM_GEOM_POLYGON);
    assert_near(disc->bbox[1], 29.9, 1e-4);           /* circle of radius 0.1 */
    assert_true(anchor_within(disc));
    pm_layer_destroy(l);
}

/* ogr2ogr through the library: zones.geojson → `dest` in `format`. */
static void translate(const char *dest, const char *format, const char *const *extra)
{
    char *argv[16] = {"-f", (char *)format};
    int n = 2;
    for (; extra && extra[n - 2]; n++)
        argv[n] = (char *)extra[n - 2];
    argv[n] = NULL;
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    assert_non_null(o);
    GDALDatasetH src = GDALOpenEx(zones(), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(src);
    int usage_error = 0;
    GDALDatasetH out = GDALVectorTranslate(dest, NULL, 1, &src, o, &usage_error);
    if (!out)
        fail_msg("ogr2ogr to %s failed: %s", dest, CPLGetLastErrorMsg());
    GDALClose(out);
    GDALClose(src);
    GDALVectorTranslateOptionsFree(o);
}

/* The same polygons read back from another format: same counts, rings,
 * holes, extents and values (ring order/orientation may differ). */
static void check_areas(const char *path, int n_expected, int keeps_null)
{
    pm_layer *l = load_ok(path, NULL);
    assert_int_equal(l->n_features, n_expected);
    const pm_feature *ring = by_id(l, "ring-zone");
    assert_int_equal(ring->kind, PM_GEOM_POLYGON);
    assert_int_equal(ring->n_parts, 2);
    assert_int_equal(ring->part_poly[1], 0);
    assert_int_equal(point_count(ring), 10);
    assert_true(anchor_within(ring));
    assert_string_equal(pm_feature_value(l, ring, "name"), "环形区");
    const pm_feature *twin = by_id(l, "twin");
    assert_int_equal(twin->part_poly[1], 1);
    assert_true(twin->anchor[0] > 103.5);
    if (keeps_null)
        assert_int_equal(by_id(l, "unplaced")->kind, PM_GEOM_NONE);
    assert_near(l->extent[0], 103.0, 1e-9);
    assert_near(l->extent[3], 30.7, 1e-9);
    pm_layer_destroy(l);
}

static void test_other_formats(void **state)
{
    const char *shp[] = {"-where", "id IN ('ring-zone', 'twin', 'unplaced')", "-nlt", "MULTIPOLYGON",
                         "-lco", "ENCODING=UTF-8", NULL};
    translate(pm_test_tmp("areas.shp"), "ESRI Shapefile", shp);
    check_areas(pm_test_tmp("areas.shp"), 3, 1);
    /* FlatGeobuf has no list fields (leave `functions` out) and its writer
     * drops features without geometry. */
    const char *fgb[] = {"-where", "id IN ('ring-zone', 'twin', 'unplaced')", "-nlt", "MULTIPOLYGON",
                         "-select", "id,name,kind,rank", NULL};
    translate(pm_test_tmp("areas.fgb"), "FlatGeobuf", fgb);
    check_areas(pm_test_tmp("areas.fgb"), 2, 0);

    /* GeoPackage holds the mixed layer whole: everything matches the GeoJSON. */
    translate(pm_test_tmp("zones.gpkg"), "GPKG", NULL);
    pm_layer *a = load_ok(zones(), NULL);
    pm_layer *b = load_ok(pm_test_tmp("zones.gpkg"), NULL);
    assert_int_equal(a->n_features, b->n_features);
    for (int i = 0; i < a->n_features; i++) {
        const pm_feature *fa = &a->features[i], *fb = &b->features[i];
        assert_int_equal(fa->kind, fb->kind);
        assert_int_equal(fa->n_parts, fb->n_parts);
        for (int k = 0; k < 2 * point_count(fa); k++)
            assert_near(fa->xy[k], fb->xy[k], 1e-12);
        assert_string_equal(pm_feature_value(a, fa, "id"), pm_feature_value(b, fb, "id"));
    }
    pm_layer_destroy(a);
    pm_layer_destroy(b);
}

/* Fields not asked for are not parsed (GeoPackage and Shapefile skip them);
 * the kept ones, a `where` filter on another field and ids in errors still
 * work. */
static void test_unread_fields(void **state)
{
    const char *shp[] = {"-nlt", "MULTIPOLYGON", "-where", "kind = 'zone'", "-lco", "ENCODING=UTF-8", NULL};
    const char *paths[] = {pm_test_tmp("fields.gpkg"), pm_test_tmp("fields.shp")};
    translate(paths[0], "GPKG", NULL);
    translate(paths[1], "ESRI Shapefile", shp);
    for (int i = 0; i < 2; i++) {
        const char *fields[] = {"name"};
        pm_load_options opts = {.fields = fields, .n_fields = 1};
        pm_layer *l = load_ok(paths[i], &opts);
        assert_int_equal(l->n_fields, 1);
        assert_string_equal(pm_feature_value(l, &l->features[0], "name"), "环形区");
        pm_layer_destroy(l);
        opts.where = "rank IS NULL";
        l = load_ok(paths[i], &opts);
        assert_string_equal(pm_feature_value(l, &l->features[0], "name"), "双片区");
        pm_layer_destroy(l);
    }
}

static void test_layer_names_and_choice(void **state)
{
    const char *path = pm_test_tmp("two.gpkg");
    const char *first[] = {"-nln", "first", NULL};
    const char *second[] = {"-update", "-nln", "second", "-where", "kind = 'zone'", NULL};
    translate(path, "GPKG", first);
    translate(path, "GPKG", second);
    char **names = NULL;
    pm_error err = {0};
    assert_int_equal(pm_source_layer_names(path, &names, &err), 2);
    assert_string_equal(names[0], "first");
    assert_string_equal(names[1], "second");
    pm_strv_free(names, 2);

    pm_load_options opts = {.layer_name = "second"};
    pm_layer *l = load_ok(path, &opts);
    assert_string_equal(l->name, "second");
    assert_int_equal(l->n_features, 2);
    pm_layer_destroy(l);
    l = load_ok(path, NULL);              /* no name: the first layer */
    assert_string_equal(l->name, "first");
    assert_int_equal(l->n_features, 9);
    pm_layer_destroy(l);

    assert_int_equal(pm_source_layer_names(pm_test_tmp("none.gpkg"), &names, &err), -1);
    assert_int_equal(err.status, PM_ERR_IO);
    assert_null(names);
}

static void test_extent_union(void **state)
{
    double e[4] = {NAN, NAN, NAN, NAN};
    const double a[4] = {1, 2, 3, 4}, b[4] = {0, 3, 2, 5}, none[4] = {NAN, NAN, NAN, NAN};
    pm_extent_union(e, none);
    assert_true(isnan(e[0]));
    pm_extent_union(e, a);
    assert_near(e[2], 3, 0);
    pm_extent_union(e, b);
    pm_extent_union(e, none);
    const double want[4] = {0, 2, 3, 5};
    for (int i = 0; i < 4; i++)
        assert_near(e[i], want[i], 0);
}

int main(void)
{
    pm_geo_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson_kinds_and_parts),
        cmocka_unit_test(test_geojson_values),
        cmocka_unit_test(test_integer_values),
        cmocka_unit_test(test_requested_fields),
        cmocka_unit_test(test_where_filter),
        cmocka_unit_test(test_extents_and_bbox),
        cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_cheap_anchors),
        cmocka_unit_test(test_drop_absent_fields),
        cmocka_unit_test(test_csv_with_wkt),
        cmocka_unit_test(test_curves),
        cmocka_unit_test(test_other_formats),
        cmocka_unit_test(test_unread_fields),
        cmocka_unit_test(test_layer_names_and_choice),
        cmocka_unit_test(test_extent_union),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
