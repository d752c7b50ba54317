/* Rule matching on a small fake feature type, the fields a layer reads, and
 * style merging. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec_data.h"

/* A feature as NULL-terminated name/value pairs (a NULL value is a null property). */
typedef struct fake_feature {
    const char *props[16];
} fake_feature;

static const char *fake_get(const void *feature, const char *field)
{
    const fake_feature *f = feature;
    for (int i = 0; f->props[i]; i += 2)
        if (strcmp(f->props[i], field) == 0)
            return f->props[i + 1];
    return NULL;
}

static pm_spec *parse_layer(const char *layer_body)
{
    char text[4096];
    snprintf(text, sizeof text, "{'title': 't', 'layers': [{'name': 'a', 'source': 'a', %s}]}",
             layer_body);
    for (char *p = text; *p; p++)
        if (*p == '\'')
            *p = '"';
    pm_error err = {0};
    pm_spec *s = pm_spec_parse(text, strlen(text), "map.json", &err);
    if (!s)
        fail_msg("%s", err.msg);
    return s;
}

/* Does the layer's `where` accept the feature? */
static int filter(const pm_spec *s, const fake_feature *f)
{
    return pm_conditions_match(s->layers[0].where, s->layers[0].n_where, fake_get, f);
}

static void test_condition_kinds(void **state)
{
    (void)state;
    fake_feature zone = {{"kind", "zone", "role", "研发", "level", "3", "ratio", "2.5",
                          "flag", "1", "note", NULL, NULL}};
    fake_feature axis = {{"kind", "axis", "level", "12", "flag", "0", NULL}};
    struct { const char *where; int zone, axis; } cases[] = {
        {"{'kind': 'zone'}", 1, 0},
        {"{'kind': ['axis', 'zone']}", 1, 1},
        {"{'kind': {'not': 'zone'}}", 0, 1},
        {"{'kind': {'not': ['zone', 'axis']}}", 0, 0},
        {"{'role': '研发'}", 1, 0},
        {"{'role': null}", 0, 1},            /* missing property */
        {"{'note': null}", 1, 1},            /* null property, and missing */
        {"{'role': {'not': null}}", 1, 0},
        {"{'role': {'not': '研发'}}", 0, 1},  /* a missing property is "not 研发" */
        {"{'level': 3}", 1, 0},
        {"{'level': 3.0}", 1, 0},            /* formatted as OGR does: "3" */
        {"{'level': '3'}", 1, 0},
        {"{'level': [3, 12]}", 1, 1},
        {"{'ratio': 2.5}", 1, 0},
        {"{'flag': true}", 1, 0},            /* OGR reads GeoJSON true as 1 */
        {"{'flag': false}", 0, 1},
        {"{'kind': 'zone', 'level': 12}", 0, 0},   /* all conditions must hold */
        {"{'kind': 'axis', 'level': 12}", 0, 1},
        {"{'kind': 'Zone'}", 0, 0},          /* exact, case-sensitive */
        {"{}", 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char body[256];
        snprintf(body, sizeof body, "'where': %s", cases[i].where);
        pm_spec *s = parse_layer(body);
        int z = filter(s, &zone), a = filter(s, &axis);
        if (z != cases[i].zone || a != cases[i].axis)
            fail_msg("where %s: zone %d axis %d, want %d %d", cases[i].where, z, a,
                     cases[i].zone, cases[i].axis);
        pm_spec_destroy(s);
    }
    /* A getter handing back "true" (not OGR) matches a boolean too. */
    pm_spec *s = parse_layer("'where': {'flag': true}");
    fake_feature other = {{"flag", "true", NULL}};
    assert_true(filter(s, &other));
    pm_spec_destroy(s);
}

static void test_first_rule_wins(void **state)
{
    (void)state;
    pm_spec *s = parse_layer(
        "'rules': ["
        " {'where': {'role': '研发'}, 'fill': '#4e79a7', 'legend': '研发'},"
        " {'where': {'role': ['转化', '服务']}, 'fill': '#f28e2b', 'legend': '转化'},"
        " {'where': {'kind': 'zone'}, 'fill': 'gray'},"
        " {'where': {'role': '研发', 'kind': 'zone'}, 'fill': 'red'}"
        "]");
    const pm_layer_spec *l = &s->layers[0];
    fake_feature rd = {{"kind", "zone", "role", "研发", NULL}};
    fake_feature svc = {{"kind", "zone", "role", "服务", NULL}};
    fake_feature eco = {{"kind", "zone", "role", "生态", NULL}};
    fake_feature axis = {{"kind", "axis", NULL}};
    assert_int_equal(pm_layer_spec_match(l, fake_get, &rd), 0);
    assert_int_equal(pm_layer_spec_match(l, fake_get, &svc), 1);
    assert_int_equal(pm_layer_spec_match(l, fake_get, &eco), 2);
    assert_int_equal(pm_layer_spec_match(l, fake_get, &axis), -1);
    pm_spec_destroy(s);

    /* A rule without "where" catches everything after it. */
    s = parse_layer("'rules': [{'where': {'kind': 'axis'}, 'width': 4}, {'width': 1}]");
    assert_int_equal(pm_layer_spec_match(&s->layers[0], fake_get, &axis), 0);
    assert_int_equal(pm_layer_spec_match(&s->layers[0], fake_get, &rd), 1);
    pm_spec_destroy(s);

    /* No rules: nothing matches. */
    s = parse_layer("'legend': true");
    assert_int_equal(pm_layer_spec_match(&s->layers[0], fake_get, &rd), -1);
    pm_spec_destroy(s);
}

static void free_fields(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void test_fields(void **state)
{
    (void)state;
    pm_spec *s = parse_layer(
        "'where': {'kind': 'zone', 'plan': {'not': null}},"
        " 'style': {'label': 'name_en'},"
        " 'rules': [{'where': {'role': 'x', 'kind': 'y'}, 'label': 'name'},"
        "           {'where': {'类别': 1}, 'label': null}, {'label': 'name_en'}]");
    char **fields = NULL;
    int n = pm_layer_spec_fields(&s->layers[0], &fields);
    const char *want[] = {"kind", "plan", "name_en", "role", "name", "类别"};
    assert_int_equal(n, 6);
    for (int i = 0; i < n; i++)
        assert_string_equal(fields[i], want[i]);
    free_fields(fields, n);
    pm_spec_destroy(s);

    s = parse_layer("'legend': false");
    n = pm_layer_spec_fields(&s->layers[0], &fields);
    assert_int_equal(n, 0);
    free_fields(fields, n);
    pm_spec_destroy(s);
}

static void test_style_merge(void **state)
{
    (void)state;
    pm_spec *s = parse_layer(
        "'style': {'fill': 'red', 'stroke': '#555', 'width': 1, 'label': 'name',"
        "          'dash': [4, 2], 'font_size': 10},"
        " 'rules': [{'stroke': 'blue', 'width': 2.5, 'label': null, 'dash': [], 'opacity': 0.3},"
        "           {'label': 'name_en', 'marker': 'circle', 'halo_width': 0}]");
    const pm_layer_spec *l = &s->layers[0];
    pm_style m = pm_style_merge(&l->style, &l->rules[0].style);
    assert_true(m.fill.r == 1 && m.fill.g == 0);             /* kept */
    assert_true(m.stroke.b == 1 && m.stroke.r == 0);          /* replaced */
    assert_true(m.width == 2.5);
    assert_null(m.label);                                     /* label: null wins */
    assert_int_equal(m.n_dash, 0);                            /* dash: [] = solid */
    assert_true(m.opacity == 0.3);
    assert_true(m.font_size == 10);
    assert_int_equal(m.set, l->style.set | l->rules[0].style.set);

    m = pm_style_merge(&l->style, &l->rules[1].style);
    assert_ptr_equal(m.label, l->rules[1].style.label);      /* shared, not copied */
    assert_int_equal(m.marker, PM_MARKER_CIRCLE);
    assert_int_equal(m.n_dash, 2);
    assert_true(m.dash[0] == 4 && m.dash[1] == 2);
    assert_true(m.halo_width == 0);
    assert_true(m.set & PM_STYLE_HALO_WIDTH);
    assert_true(m.stroke.r == 0x55 / 255.0);

    /* Merging an empty style changes nothing. */
    pm_style empty = {0};
    m = pm_style_merge(&l->style, &empty);
    assert_memory_equal(&m, &l->style, sizeof m);
    pm_spec_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_condition_kinds),
        cmocka_unit_test(test_first_rule_wins),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_style_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
