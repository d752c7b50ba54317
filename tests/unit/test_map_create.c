/* pm_map on the render fixture (tests/data/render): extent and CRS centre,
 * rule resolution, hidden features, plans, feature styles, error messages. */
#include "pm_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo_assert.h"
#include "pm_map_data.h"

static const double DEG = 3.14159265358979323846 / 180;

static int layer_index(const pm_map *map, const char *name)
{
    for (int l = 0; l < map->n_layers; l++)
        if (strcmp(map->layers[l].spec->name, name) == 0)
            return l;
    fail_msg("no layer %s", name);
    return -1;
}

static int feature_index(const pm_map *map, int l, const char *id)
{
    const pm_layer *data = map->layers[l].data;
    for (int i = 0; i < data->n_features; i++) {
        const char *v = pm_feature_value(data, &data->features[i], "id");
        if (v && strcmp(v, id) == 0)
            return i;
    }
    fail_msg("no feature %s", id);
    return -1;
}

static int rule_of(const pm_map *map, const char *layer, const char *id)
{
    int l = layer_index(map, layer);
    return map->layers[l].rule_of[feature_index(map, l, id)];
}

/* The fitted layers (areas, lines) span 104.00–104.18 E, 30.52–30.68 N; the
 * hidden park far away must not widen the map. */
static void test_extent_and_centre(void **state)
{
    const pm_map *map = ((pm_test_map *)*state)->map;
    assert_near(map->center_lonlat[0], 104.09, 1e-9);
    assert_near(map->center_lonlat[1], 30.60, 1e-9);
    assert_false(pm_crs_is_geographic(map->crs));
    double w = map->extent[2] - map->extent[0], h = map->extent[3] - map->extent[1];
    /* 0.18° of longitude at ~30.6° N and 0.16° of latitude, plus 5 % a side. */
    double km_lon = 0.18 * 111.32 * cos(30.6 * DEG);
    assert_near(w / 1000, km_lon * 1.1, 0.01 * km_lon);
    assert_near(h / 1000, 0.16 * 110.9 * 1.1, 0.2);
    /* The CRS is centred on the data: the centre projects to the extent's middle. */
    double c[2] = {104.09, 30.60};
    pm_error err = {0};
    assert_int_equal(pm_crs_forward(map->crs, c, 1, &err), PM_OK);
    assert_near(c[0], 0.5 * (map->extent[0] + map->extent[2]), 1.0);
    assert_near(c[1], 0.5 * (map->extent[1] + map->extent[3]), 0.01 * h);
    /* Every layer is projected, including the ones not fitted. */
    for (int l = 0; l < map->n_layers; l++)
        assert_true(map->layers[l].data->projected);
}

static void test_rules(void **state)
{
    const pm_map *map = ((pm_test_map *)*state)->map;
    assert_int_equal(map->n_layers, 3);
    assert_int_equal(rule_of(map, "areas", "yanfa"), 0);
    assert_int_equal(rule_of(map, "areas", "zhizao"), 1);
    assert_int_equal(rule_of(map, "areas", "xibu"), PM_FEATURE_NO_RULE);
    assert_int_equal(rule_of(map, "areas", "gongyuan"), PM_FEATURE_HIDDEN);
    assert_int_equal(rule_of(map, "lines", "ganxian"), 0);
    assert_int_equal(rule_of(map, "lines", "zhuzhou"), 1);
    assert_int_equal(rule_of(map, "points", "huitang"), PM_FEATURE_NO_RULE);
    assert_int_equal(rule_of(map, "points", "xiangmu-1"), 1);

    const pm_map_layer *areas = &map->layers[layer_index(map, "areas")];
    assert_int_equal(areas->rule_count[0], 1);
    assert_int_equal(areas->rule_count[1], 1);
    assert_int_equal(areas->rule_count[2], 0);   /* 服务: no feature */
    assert_int_equal(areas->no_rule_count, 1);   /* the cluster */
    /* The project without geometry matches its rule but is not drawn. */
    const pm_map_layer *points = &map->layers[layer_index(map, "points")];
    assert_int_equal(points->rule_count[1], 1);
    assert_int_equal(points->no_rule_count, 1);
}

static void test_plans(void **state)
{
    const pm_map *map = ((pm_test_map *)*state)->map;
    assert_int_equal(map->n_plans, 2);
    assert_string_equal(map->plans[0], "测试规划甲");
    assert_string_equal(map->plans[1], "测试规划乙");
    assert_true(map->has_schematic);
}

static void test_feature_style(void **state)
{
    const pm_map *map = ((pm_test_map *)*state)->map;
    int areas = layer_index(map, "areas"), points = layer_index(map, "points");
    /* Rule over theme: the 研发 zone takes the rule's fill, the theme's outline width. */
    pm_style s = pm_map_feature_style(map, areas, feature_index(map, areas, "yanfa"));
    assert_near(s.fill.r, 0x30 / 255.0, 1e-9);
    assert_near(s.fill.b, 0xd0 / 255.0, 1e-9);
    assert_near(s.fill.a, 1, 1e-9);
    assert_near(s.stroke.b, 0x60 / 255.0, 1e-9);
    assert_true(s.width > 0 && s.width < 2);
    assert_string_equal(s.label, "name");
    /* No rule: the cluster keeps the theme's dashed outline. */
    s = pm_map_feature_style(map, areas, feature_index(map, areas, "xibu"));
    assert_true(s.n_dash >= 2);
    /* A core point is a star. */
    s = pm_map_feature_style(map, points, feature_index(map, points, "hexin"));
    assert_int_equal(s.marker, PM_MARKER_STAR);
    assert_true(s.fill.r > 0.7 && s.fill.g < 0.3);
}

static pm_map *map_from_text(const char *name, const char *text, pm_spec **spec, pm_error *err)
{
    /* Sources resolve against the spec's folder: write it next to the fixture data. */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", pm_test_tmpdir(), name);
    char json[4096];
    snprintf(json, sizeof json, text, pm_test_src("tests/data/render"));
    pm_test_write(name, json);
    *spec = pm_spec_load(path, err);
    if (!*spec)
        fail_msg("spec: %s", err->msg);
    return pm_map_create(*spec, NULL, err);
}

static void test_missing_source_names_layer(void **state)
{
    (void)state;
    pm_error err = {0};
    pm_spec *spec = NULL;
    pm_map *map = map_from_text("missing.json",
        "{\"title\": \"t\", \"layers\": [{\"name\": \"ok\", \"source\": \"%s/areas.geojson\"},"
        " {\"name\": \"nope\", \"source\": \"no-such-file.geojson\"}]}", &spec, &err);
    assert_null(map);
    assert_int_equal(err.status, PM_ERR_IO);
    assert_contains(err.msg, "missing.json: layers[1] (nope): ");
    assert_contains(err.msg, "no-such-file.geojson");
    pm_spec_destroy(spec);
}

static void test_explicit_bbox(void **state)
{
    (void)state;
    pm_error err = {0};
    pm_spec *spec = NULL;
    pm_map *map = map_from_text("bbox.json",
        "{\"title\": \"t\", \"extent\": {\"bbox\": [104.0, 30.5, 104.2, 30.7]},"
        " \"layers\": [{\"name\": \"a\", \"source\": \"%s/areas.geojson\"}]}", &spec, &err);
    if (!map)
        fail_msg("map: %s", err.msg);
    assert_near(map->center_lonlat[0], 104.1, 1e-9);
    assert_near(map->center_lonlat[1], 30.6, 1e-9);
    /* The widest edge of the box (its south side) sets the width. */
    double km = 0.2 * 111.32 * cos(30.5 * DEG);
    assert_near((map->extent[2] - map->extent[0]) / 1000, km, 0.01 * km);
    /* Without a where, the park shows and its plan is listed. */
    assert_int_equal(map->n_plans, 2);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extent_and_centre),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_plans),
        cmocka_unit_test(test_feature_style),
    };
    const struct CMUnitTest alone[] = {
        cmocka_unit_test(test_missing_source_names_layer),
        cmocka_unit_test(test_explicit_bbox),
    };
    int failed = cmocka_run_group_tests_name("map", tests, pm_test_map_setup,
                                             pm_test_map_teardown);
    return failed + cmocka_run_group_tests_name("map_errors", alone, NULL, NULL);
}
