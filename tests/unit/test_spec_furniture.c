/* The spec's layout keys: where the legend and inset go, pictures and the
 * title block, read into the spec with their defaults. */
#include "pm_test.h"

#include <stdlib.h>
#include <string.h>

#include "pm_spec.h"
#include "pm_spec_data.h"

static pm_spec *parse(const char *text)
{
    char *json = strdup(text);
    for (char *c = json; *c; c++)
        if (*c == '\'')
            *c = '"';
    pm_error err = {0};
    pm_spec *s = pm_spec_parse(json, strlen(json), "maps/m.json", &err);
    free(json);
    if (!s)
        fail_msg("%s", err.msg);
    return s;
}

static void test_defaults(void **state)
{
    (void)state;
    pm_spec *s = parse("{'title': 't', 'inset': {'source': 'p'}, 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->legend_place, PM_PLATE_AUTO);
    assert_int_equal(s->inset_place, PM_PLATE_AUTO);
    assert_int_equal(s->n_images, 0);
    assert_null(s->title_block);
    pm_spec_destroy(s);
}

static void test_positions(void **state)
{
    (void)state;
    pm_spec *s = parse("{'title': 't', 'legend': {'position': 'bottom-right'},"
                       " 'inset': {'source': 'p', 'position': 'inside'},"
                       " 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->legend, 1);
    assert_int_equal(s->legend_place, PM_PLATE_BOTTOM_RIGHT);
    assert_int_equal(s->inset_place, PM_PLATE_INSIDE);
    pm_spec_destroy(s);
    s = parse("{'title': 't', 'legend': {'position': 'outside'}, 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->legend_place, PM_PLATE_OUTSIDE);
    pm_spec_destroy(s);
}

static void test_images(void **state)
{
    (void)state;
    pm_spec *s = parse("{'title': 't', 'images': [{'path': 'logo.png'},"
                       " {'path': '../art/mark.png', 'position': 'top', 'width_mm': 12.5}],"
                       " 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->n_images, 2);
    assert_string_equal(s->images[0].path, "logo.png");
    assert_string_equal(s->images[0].file, "maps/logo.png");   /* beside the spec */
    assert_int_equal(s->images[0].place, PM_PLATE_BOTTOM_LEFT);
    assert_true(s->images[0].width_mm == 20);
    assert_string_equal(s->images[1].file, "art/mark.png");
    assert_int_equal(s->images[1].place, PM_PLATE_TOP);
    assert_true(s->images[1].width_mm == 12.5);
    pm_spec_destroy(s);
}

static void test_title_block(void **state)
{
    (void)state;
    pm_spec *s = parse("{'title': 't', 'title_block': {'fields': [{'label': '图号', 'label_en': 'No.',"
                       " 'value': 'A-1'}, {'label': '日期', 'value': '{date}', 'value_en': '{date}'}]},"
                       " 'layers': [{'name': 'a', 'source': 'a'}]}");
    pm_title_block *tb = s->title_block;
    assert_non_null(tb);
    assert_int_equal(tb->place, PM_PLATE_BOTTOM_RIGHT);
    assert_true(tb->width_mm == 60);
    assert_int_equal(tb->n_fields, 2);
    assert_string_equal(tb->fields[0].label, "图号");
    assert_string_equal(tb->fields[0].label_en, "No.");
    assert_string_equal(tb->fields[0].value, "A-1");
    assert_null(tb->fields[0].value_en);
    assert_string_equal(tb->fields[1].value_en, "{date}");
    pm_spec_destroy(s);
    s = parse("{'title': 't', 'title_block': false, 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_null(s->title_block);
    pm_spec_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_title_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
