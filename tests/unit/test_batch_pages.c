/* A worker's loaded maps (batch/batch_maps.c): each job on a spec is a page
 * of its own, so a job's title or extent never shows on another job's page,
 * in whatever order the pages are asked for, and the loaded spec keeps its
 * own values. */
#include "pm_test.h"

#include <stdio.h>
#include <string.h>

#include "batch_internal.h"
#include "pm_init.h"

static pm_batch *load_batch(void)
{
    char text[2048];
    const char *spec = pm_test_src("tests/data/render/map.json");
    snprintf(text, sizeof text,
             "{\"output_dir\": \"out\", \"maps\": ["
             "{\"spec\": \"%s\", \"name\": \"a\", \"title\": \"甲区\", \"subtitle\": \"A\","
             " \"extent\": [104.00, 30.40, 104.10, 30.50], \"margin\": 0},"
             "{\"spec\": \"%s\", \"name\": \"b\"},"
             "{\"spec\": \"%s\", \"name\": \"c\", \"title\": \"丙区\"}]}",
             spec, spec, spec);
    pm_error err = {0};
    pm_batch *b = pm_batch_load(pm_test_write("b.json", text), NULL, PM_LANG_DEFAULT, NULL, &err);
    if (!b)
        fail_msg("batch: %s", err.msg);
    assert_int_equal(b->n_jobs, 3);
    return b;
}

static void pages_keep_their_own_overrides(void **state)
{
    pm_geo_init();
    pm_batch *b = load_batch();
    pm_batch_maps *maps = pm_batch_maps_create(NULL);
    assert_non_null(maps);
    pm_map_page a, plain, c, plain2;
    pm_error err = {0};
    assert_int_equal(pm_batch_page(maps, &b->jobs[0], &a, &err), PM_OK);
    assert_int_equal(pm_batch_page(maps, &b->jobs[1], &plain, &err), PM_OK);
    assert_int_equal(pm_batch_page(maps, &b->jobs[2], &c, &err), PM_OK);
    assert_int_equal(pm_batch_page(maps, &b->jobs[1], &plain2, &err), PM_OK);
    /* Pages asked for later change nothing on the earlier ones. */
    assert_string_equal(a.map.spec->title, "甲区");
    assert_string_equal(a.map.spec->subtitle, "A");
    assert_string_equal(c.map.spec->title, "丙区");
    assert_string_equal(c.map.spec->subtitle, "Test plan: zones, axis, core");
    /* A job without overrides sees the spec's own title and extent. */
    assert_string_equal(plain.map.spec->title, "测试规划空间结构示意图");
    assert_string_equal(plain2.map.spec->title, "测试规划空间结构示意图");
    assert_null(plain2.map.spec->title_en);
    assert_memory_equal(plain.map.extent, plain2.map.extent, sizeof plain.map.extent);
    assert_memory_equal(plain.map.extent, c.map.extent, sizeof c.map.extent);
    assert_true(a.map.extent[2] - a.map.extent[0] < plain.map.extent[2] - plain.map.extent[0]);
    /* One loaded map serves every page. */
    assert_ptr_equal(a.map.layers, plain.map.layers);
    pm_batch_maps_destroy(maps);
    pm_batch_destroy(b);
}

static void a_spec_that_fails_fails_each_page(void **state)
{
    pm_batch_job job = {.name = "x", .spec = (char *)pm_test_src("tests/data/render/nosuch.json")};
    pm_batch_maps *maps = pm_batch_maps_create(NULL);
    pm_map_page page;
    for (int i = 0; i < 2; i++) {
        pm_error err = {0};
        assert_int_equal(pm_batch_page(maps, &job, &page, &err), PM_ERR_IO);
        assert_non_null(strstr(err.msg, "nosuch.json"));
    }
    pm_batch_maps_destroy(maps);
}

PM_TEST_MAIN(pages_keep_their_own_overrides,
             a_spec_that_fails_fails_each_page)
