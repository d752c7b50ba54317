/* Rule matching on a small fake feature type (equality, the operators, not,
 * any, numbers and LIKE patterns), the fields a layer reads, style merging,
 * and label templates. */
#include "pm_test.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec_data.h"
#include "pm_values.h"

/* A feature as NULL-terminated name/value pairs (a NULL value is a null property). */
typedef struct fake_feature {
    const char *props[20];
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

/* ---- beyond equality: operators, any, numbers, LIKE, templates ---------- */

static int filter_by(const char *where, const fake_feature *f)
{
    char body[1024];
    snprintf(body, sizeof body, "'where': %s", where);
    pm_spec *s = parse_layer(body);
    int hit = pm_conditions_match(s->layers[0].where, s->layers[0].n_where, fake_get, f);
    pm_spec_destroy(s);
    return hit;
}

static void test_operators(void **state)
{
    (void)state;
    fake_feature a = {{"invest", "120", "area", "3.5", "kind", "core", "role", "研发",
                       "name", "天府新区", "code", "A-07", "note", NULL, NULL}};
    fake_feature b = {{"invest", "50.0", "area", "12e1", "kind", "node", "role", "制造",
                       "name", "Tianfu", "code", "x", NULL}};
    fake_feature c = {{"invest", "n/a", "kind", "edge", "role", "服务", "name", "天府", NULL}};
    struct { const char *where; int a, b, c; } cases[] = {
        {"{'invest': {'gt': 50}}", 1, 0, 0},       /* "50.0" is 50; "n/a" no number */
        {"{'invest': {'gte': 50}}", 1, 1, 0},
        {"{'invest': {'lt': 100}}", 0, 1, 0},
        {"{'invest': {'lte': 120}}", 1, 1, 0},
        {"{'invest': {'gt': 9}}", 1, 1, 0},        /* numbers, not text: "50.0" > 9 */
        {"{'area': {'gt': 100}}", 0, 1, 0},        /* "12e1" is 120; c has no area */
        {"{'invest': {'between': [50, 120]}}", 1, 1, 0},   /* inclusive */
        {"{'invest': {'between': [50.5, 119.9]}}", 0, 0, 0},
        {"{'invest': {'gte': 50, 'lt': 100}}", 0, 1, 0},   /* operators of one field: all */
        {"{'invest': {'not': {'gt': 50}}}", 0, 1, 1},      /* not: a non-number too */
        {"{'area': {'not': {'lt': 10}}}", 0, 1, 1},        /* and a missing field */
        {"{'invest': 50}", 0, 1, 0},               /* equality compares numbers too */
        {"{'invest': '50'}", 0, 1, 0},
        {"{'kind': {'in': ['core', 'edge']}}", 1, 0, 1},
        {"{'kind': {'not': {'in': ['core', 'edge']}}}", 0, 1, 0},
        {"{'note': {'in': [null]}}", 1, 1, 1},
        {"{'name': {'like': '天府%'}}", 1, 0, 1},
        {"{'name': {'like': '天府__'}}", 1, 0, 0},  /* '_' is one character, not a byte */
        {"{'name': {'like': '天_'}}", 0, 0, 1},
        {"{'name': {'like': '%府%'}}", 1, 0, 1},
        {"{'name': {'like': 'tian%'}}", 0, 0, 0},   /* case-sensitive */
        {"{'name': {'like': ['Tian%', '%新区']}}", 1, 1, 0},
        {"{'code': {'like': 'A-__'}}", 1, 0, 0},
        {"{'note': {'like': '%'}}", 0, 0, 0},       /* null or missing: no match */
        {"{'note': {'not': {'like': '%'}}}", 1, 1, 1},
        {"{'any': [{'kind': 'core'}, {'role': {'in': ['研发', '制造']}}]}", 1, 1, 0},
        {"{'any': [{'kind': 'edge'}, {'invest': {'gt': 100}}], 'role': {'not': '研发'}}", 0, 0, 1},
        {"{'any': [{'kind': 'node', 'invest': {'gt': 60}}, {'name': '天府'}]}", 0, 0, 1},
        {"{'any': [{'any': [{'code': 'x'}]}, {'kind': 'nope'}]}", 0, 1, 0},
        {"{'any': ['x', 1]}", 0, 0, 0},             /* a property named "any" */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ha = filter_by(cases[i].where, &a), hb = filter_by(cases[i].where, &b),
            hc = filter_by(cases[i].where, &c);
        if (ha != cases[i].a || hb != cases[i].b || hc != cases[i].c)
            fail_msg("where %s: %d %d %d, want %d %d %d", cases[i].where, ha, hb, hc,
                     cases[i].a, cases[i].b, cases[i].c);
    }
}

/* The one test of a value against a condition, as classes call it. */
static void test_holds_for(void **state)
{
    (void)state;
    pm_spec *s = parse_layer("'where': {'v': {'between': [10, 20]}, 'w': {'not': {'like': 'a%'}}}");
    const pm_condition *between = &s->layers[0].where[0], *not_like = &s->layers[0].where[1];
    assert_true(pm_condition_holds_for(between, "10"));
    assert_true(pm_condition_holds_for(between, "2e1"));
    assert_false(pm_condition_holds_for(between, "20.0001"));
    assert_false(pm_condition_holds_for(between, NULL));
    assert_false(pm_condition_holds_for(between, " 15"));
    assert_true(pm_condition_holds_for(not_like, NULL));
    assert_false(pm_condition_holds_for(not_like, "abc"));
    pm_spec_destroy(s);
}

static void test_numbers(void **state)
{
    (void)state;
    struct { const char *text; int ok; double v; } cases[] = {
        {"12", 1, 12}, {"-3.5", 1, -3.5}, {"+.5", 1, 0.5}, {"1e6", 1, 1e6}, {"2.", 1, 2},
        {"1E-2", 1, 0.01}, {"", 0, 0}, {" 1", 0, 0}, {"1 ", 0, 0}, {"0x10", 0, 0},
        {"nan", 0, 0}, {"inf", 0, 0}, {"1e", 0, 0}, {".", 0, 0}, {"1e999", 0, 0},
        {"1,5", 0, 0}, {"一", 0, 0},
    };
    /* A decimal comma in the program's locale changes nothing. */
    const char *locale = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -1;
        int ok = pm_number_parse(cases[i].text, &v);
        if (ok != cases[i].ok || (ok && v != cases[i].v))
            fail_msg("\"%s\": %d %g, want %d %g", cases[i].text, ok, v, cases[i].ok, cases[i].v);
    }
    if (locale)
        setlocale(LC_NUMERIC, "C");
    assert_false(pm_number_parse(NULL, &(double){0}));
}

static void test_like(void **state)
{
    (void)state;
    struct { const char *pattern, *text; int hit; } cases[] = {
        {"%", "", 1}, {"_", "", 0}, {"", "", 1}, {"", "a", 0}, {"a%b", "ab", 1},
        {"a%b", "aXXbYb", 1}, {"a%b", "abc", 0}, {"%%a", "a", 1}, {"%a%a%", "baba", 1},
        {"__", "成都", 1}, {"_", "成都", 0}, {"成_", "成都", 1}, {"%都", "成都", 1},
        {"50\\%", "50%", 1}, {"50\\%", "500", 0}, {"a\\_b", "a_b", 1}, {"a\\_b", "axb", 0},
        {"a\\", "a\\", 1}, {"%x%y%z", "xxyyzz", 1}, {"%x%y%z", "zyx", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (pm_like_match(cases[i].pattern, cases[i].text) != cases[i].hit)
            fail_msg("\"%s\" like \"%s\": want %d", cases[i].text, cases[i].pattern,
                     cases[i].hit);
}

static int has_field(char **v, int n, const char *f)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], f) == 0)
            return 1;
    return 0;
}

/* The loader keeps what conditions inside "any" and templates read. */
static void test_fields_any_template(void **state)
{
    (void)state;
    pm_spec *s = parse_layer(
        "'where': {'any': [{'kind': 'core'}, {'any': [{'deep': {'gt': 1}}]}]},"
        "'style': {'label': '{name}（{invest:.1f} 亿元，{pop:,}）{name}'},"
        "'rules': [{'where': {'phase': {'like': '一%'}}, 'label': '{short}{{x}}'}]");
    char **f = NULL;
    int n = pm_layer_spec_fields(&s->layers[0], &f);
    const char *want[] = {"kind", "deep", "name", "name_en", "invest", "invest_en", "pop",
                          "pop_en", "phase", "short", "short_en"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!has_field(f, n, want[i]))
            fail_msg("field %s not kept", want[i]);
    assert_int_equal(n, (int)(sizeof want / sizeof want[0]));
    assert_false(has_field(f, n, "x"));
    free_fields(f, n);
    pm_spec_destroy(s);
}

static const char *label(const char *tpl, pm_lang lang, const fake_feature *f)
{
    static char buf[512];
    const char *t = pm_label_text(tpl, lang, fake_get, f, buf, sizeof buf);
    return t ? t : "(none)";
}

static void test_templates(void **state)
{
    (void)state;
    fake_feature f = {{"name", "天府新区", "name_en", "Tianfu New Area", "invest", "1234567.25",
                       "pop", "2100000", "neg", "-1234.5", "kind", "核心", "empty", "",
                       "text", "n/a", NULL}};
    struct { const char *tpl; pm_lang lang; const char *want; } cases[] = {
        {"{name}（{invest:.1f} 亿元）", PM_LANG_ZH, "天府新区（1234567.2 亿元）"},
        {"{name}（{invest:.1f} 亿元）", PM_LANG_EN, "Tianfu New Area（1234567.2 亿元）"},
        {"{name}（{invest:,.0f}）", PM_LANG_ZH_EN, "天府新区（1,234,567）\nTianfu New Area（1,234,567）"},
        {"{kind} {pop:,}", PM_LANG_ZH_EN, "核心 2,100,000"},   /* no _en: one line */
        {"{kind} {pop:,}", PM_LANG_EN, "核心 2,100,000"},
        {"{invest:,}", PM_LANG_ZH, "1,234,567.25"},
        {"{neg:,.2f}", PM_LANG_ZH, "-1,234.50"},
        {"{pop:.0f}", PM_LANG_ZH, "2100000"},
        {"{text:.1f}|{text:,}", PM_LANG_ZH, "n/a|n/a"},        /* not a number: as it is */
        {"{{{name}}}", PM_LANG_ZH, "{天府新区}"},
        {"{missing}（{name}）", PM_LANG_ZH, "（天府新区）"},    /* missing: empty */
        {"{missing}{empty} 亿元", PM_LANG_ZH, "(none)"},       /* every field empty: none */
        {"name", PM_LANG_ZH, "天府新区"},                      /* a plain field, as before */
        {"name", PM_LANG_EN, "Tianfu New Area"},
        {"name", PM_LANG_ZH_EN, "天府新区\nTianfu New Area"},
        {"kind", PM_LANG_EN, "核心"},
        {"empty", PM_LANG_ZH, "(none)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = label(cases[i].tpl, cases[i].lang, &f);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s (lang %d): \"%s\", want \"%s\"", cases[i].tpl, (int)cases[i].lang, got,
                     cases[i].want);
    }
    /* Cut at a character to fit the buffer. */
    char small[8];
    const char *t = pm_label_text("{name}!", PM_LANG_ZH, fake_get, &f, small, sizeof small);
    assert_string_equal(t, "天府");
}

static void test_template_fields(void **state)
{
    (void)state;
    char why[160];
    assert_int_equal(pm_label_check("name", why, sizeof why), 0);
    assert_int_equal(pm_label_check("a}b", why, sizeof why), 0);   /* no "{": a field name */
    assert_int_equal(pm_label_check("{a:,.3f} {{b}}", why, sizeof why), 0);
    assert_int_equal(pm_label_check("{a:,.3F}", why, sizeof why), -1);
    assert_int_equal(pm_label_check("{a:,,}", why, sizeof why), -1);
    assert_int_equal(pm_label_check("{a:f}", why, sizeof why), -1);
    assert_int_equal(pm_label_check("{a{b}}", why, sizeof why), -1);
    assert_string_equal(why, "label template: an unclosed \"{\" at character 1");
}

/* Patterns and decorations: defaults, cross_hatch as two angles, and rules
 * overriding a layer's pattern as any other key. */
static const char PATTERN_LAYER[] =
    "'style': {'hatch': {}, 'casing': {'color': 'white'}, 'arrow': 'both'},"
    " 'rules': [{'cross_hatch': {'angle': 30, 'spacing': 5, 'color': '#00ff00'},"
    "            'dots': {'size': 2, 'spacing': 6}, 'arrow': 'none'},"
    "           {'hatch': {'angle': [10, -20], 'width': 1}}]";

static void test_patterns(void **state)
{
    (void)state;
    pm_spec *s = parse_layer(PATTERN_LAYER);
    const pm_hatch *h = &s->layers[0].style.hatch;
    const pm_layer_spec *l = &s->layers[0];
    assert_int_equal(h->n_angles, 1);
    assert_true(h->angle[0] == 45 && h->spacing == 4 && h->width == 0.5);
    assert_true(h->color.a < 0);                              /* the stroke's colour */
    assert_true(l->style.casing.width == 1 && l->style.casing.color.r == 1);
    assert_int_equal(l->style.arrow, PM_ARROW_BOTH);
    assert_true(l->style.dots.spacing == 0);                  /* no dots unless asked */

    pm_style m = pm_style_merge(&l->style, &l->rules[0].style);
    assert_int_equal(m.hatch.n_angles, 2);
    assert_true(m.hatch.angle[0] == 30 && m.hatch.angle[1] == 120 && m.hatch.spacing == 5);
    assert_true(m.hatch.color.g == 1 && m.hatch.color.a == 1);
    assert_true(m.dots.size == 2 && m.dots.spacing == 6 && m.dots.color.a < 0);
    assert_int_equal(m.arrow, PM_ARROW_NONE);
    assert_true(m.casing.width == 1);                         /* kept from the layer */

    m = pm_style_merge(&l->style, &l->rules[1].style);
    assert_int_equal(m.hatch.n_angles, 2);
    assert_true(m.hatch.angle[0] == 10 && m.hatch.angle[1] == -20 && m.hatch.width == 1);
    assert_int_equal(m.arrow, PM_ARROW_BOTH);
    assert_true(m.casing.color.b == 1);
    pm_spec_destroy(s);
}

PM_TEST_MAIN(test_condition_kinds,
             test_first_rule_wins,
             test_fields,
             test_style_merge,
             test_operators,
             test_holds_for,
             test_numbers,
             test_like,
             test_fields_any_template,
             test_templates,
             test_template_fields,
             test_patterns)
