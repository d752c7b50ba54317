/* pm_map_page: a loaded map drawn as a page with its own title and extent
 * leaves the loaded map and its spec as they were, so every page of a batch
 * sees the spec's own values. */
#include "pm_test.h"

#include <math.h>
#include <string.h>

#include "pm_init.h"
#include "pm_map_data.h"

/* The map's extent as loaded, which no page may change. */
static double extent0[4];

static int setup(void **state)
{
    pm_test_lean_map_setup(state);
    const pm_test_map *fx = *state;
    memcpy(extent0, fx->map->extent, sizeof extent0);
    return 0;
}

static void assert_unchanged(const pm_test_map *fx)
{
    assert_string_equal(fx->spec->title, "测试规划空间结构示意图");
    assert_string_equal(fx->spec->subtitle, "Test plan: zones, axis, core");
    assert_null(fx->spec->title_en);
    assert_ptr_equal(fx->map->spec, fx->spec);
    assert_memory_equal(fx->map->extent, extent0, sizeof extent0);
}

static void no_overrides_is_the_map(void **state)
{
    pm_test_map *fx = *state;
    pm_map_page page;
    pm_error err = {0};
    pm_map_overrides o = {0};
    assert_int_equal(pm_map_page_init(&page, fx->map, &o, &err), PM_OK);
    assert_ptr_equal(page.map.spec, &page.spec);
    assert_string_equal(page.map.spec->title, fx->spec->title);
    assert_memory_equal(page.map.extent, extent0, sizeof extent0);
    assert_ptr_equal(page.map.layers, fx->map->layers);   /* shared, not copied */
    assert_ptr_equal(page.spec.layers, fx->spec->layers);
}

static void titles_are_the_page_s_own(void **state)
{
    pm_test_map *fx = *state;
    pm_map_page a, b;
    pm_error err = {0};
    pm_map_overrides oa = {.title = "甲区", .subtitle = "sub A"};
    pm_map_overrides ob = {.title = "乙区"};
    assert_int_equal(pm_map_page_init(&a, fx->map, &oa, &err), PM_OK);
    assert_int_equal(pm_map_page_init(&b, fx->map, &ob, &err), PM_OK);
    /* Every language shows the page's title; the other page keeps its own. */
    assert_string_equal(a.map.spec->title, "甲区");
    assert_string_equal(a.map.spec->title_en, "甲区");
    assert_string_equal(a.map.spec->subtitle, "sub A");
    assert_string_equal(a.map.spec->subtitle_en, "sub A");
    assert_string_equal(b.map.spec->title, "乙区");
    assert_string_equal(b.map.spec->subtitle, "Test plan: zones, axis, core");
    assert_unchanged(fx);
}

static void extent_is_the_box_with_its_margin(void **state)
{
    pm_test_map *fx = *state;
    static const double box[4] = {104.00, 30.40, 104.10, 30.50};
    pm_map_page p0, p1;
    pm_error err = {0};
    pm_map_overrides o0 = {.bbox = box, .margin = 0};
    pm_map_overrides o1 = {.bbox = box, .margin = 0.1};
    assert_int_equal(pm_map_page_init(&p0, fx->map, &o0, &err), PM_OK);
    assert_int_equal(pm_map_page_init(&p1, fx->map, &o1, &err), PM_OK);
    double w0 = p0.map.extent[2] - p0.map.extent[0], w1 = p1.map.extent[2] - p1.map.extent[0];
    double h0 = p0.map.extent[3] - p0.map.extent[1], h1 = p1.map.extent[3] - p1.map.extent[1];
    /* 0.1° of longitude at 30.45°N is about 9.6 km; a margin adds 10 % a side. */
    assert_true(w0 > 9000 && w0 < 10000);
    assert_true(h0 > 10500 && h0 < 11500);
    assert_true(fabs(w1 / w0 - 1.2) < 1e-9);
    assert_true(fabs(h1 / h0 - 1.2) < 1e-9);
    assert_true(fabs(0.5 * (p0.map.extent[0] + p0.map.extent[2]) -
                     0.5 * (p1.map.extent[0] + p1.map.extent[2])) < 1e-6);
    assert_unchanged(fx);
}

static void a_point_gets_an_area(void **state)
{
    pm_test_map *fx = *state;
    static const double point[4] = {104.05, 30.45, 104.05, 30.45};
    pm_map_page p;
    pm_error err = {0};
    pm_map_overrides o = {.bbox = point};
    assert_int_equal(pm_map_page_init(&p, fx->map, &o, &err), PM_OK);
    assert_true(fabs(p.map.extent[2] - p.map.extent[0] - 1000.0) < 1e-6);
    assert_true(fabs(p.map.extent[3] - p.map.extent[1] - 1000.0) < 1e-6);
    assert_unchanged(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_overrides_is_the_map),
        cmocka_unit_test(titles_are_the_page_s_own),
        cmocka_unit_test(extent_is_the_box_with_its_margin),
        cmocka_unit_test(a_point_gets_an_area),
    };
    return cmocka_run_group_tests(tests, setup, pm_test_map_teardown);
}
