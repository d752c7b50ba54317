/* Export style classes: which features fall in which class, and the QGIS
 * filter expressions that must select exactly those features. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

static pm_spec *parse(const char *text_in)
{
    char text[4096];
    snprintf(text, sizeof text, "%s", text_in);
    for (char *p = text; *p; p++)
        if (*p == '\'')
            *p = '"';
    pm_error err = {0};
    pm_spec *s = pm_spec_parse(text, strlen(text), pm_test_src("data/maps/x.json"), &err);
    if (!s)
        fail_msg("%s", err.msg);
    return s;
}

static pm_layer *load_areas(void)
{
    pm_geo_init();
    pm_error err = {0};
    pm_layer *l = pm_layer_load(pm_test_src("data/plans/004-chongqing-htz/areas.geojson"), NULL, &err);
    if (!l)
        fail_msg("%s", err.msg);
    return l;
}

static const pm_style_class *find(const pm_export_layer *el, const char *label)
{
    for (int i = 0; i < el->n_classes; i++)
        if (strcmp(el->classes[i].label, label) == 0)
            return &el->classes[i];
    fail_msg("no class labelled %s", label);
    return NULL;
}

/* Zones by rule: the where filter drops the rest, each rule is a class, and
 * a later rule's filter excludes the earlier rules. */
static void test_rules_first_match(void **state)
{
    (void)state;
    pm_spec *s = parse("{'title': 't', 'layers': [{'name': 'z', 'source': '../plans/004-chongqing-htz/areas.geojson',"
                       " 'where': {'kind': 'zone'}, 'rules': ["
                       "  {'where': {'role': '研发'}, 'fill': '#ff0000', 'legend': 'R&D'},"
                       "  {'where': {'role': {'not': '制造'}}, 'fill': '#00ff00', 'legend': 'other'}]}]}");
    pm_layer *data = load_areas();
    int *keep = calloc((size_t)data->n_features, sizeof *keep);
    pm_export_layer el;
    pm_error err = {0};
    assert_int_equal(pm_export_classify(data, &s->layers[0], "z", keep, &el, &err), PM_OK);
    int kept = 0;
    for (int i = 0; i < data->n_features; i++)
        kept += keep[i];
    assert_int_equal(kept, 3);            /* the three zones */
    assert_int_equal(el.n_features, 3);
    assert_int_equal(el.geom_kind, PM_GEOM_POLYGON);
    const pm_style_class *rd = find(&el, "R&D");
    assert_int_equal(rd->count, 1);
    assert_true(rd->style.fill.r > 0.99 && rd->style.fill.g < 0.01);
    const pm_style_class *other = find(&el, "other");
    assert_int_equal(other->count, 1);
    char *e = pm_filter_expression(&other->filter);
    assert_non_null(strstr(e, "\"kind\" = 'zone'"));
    /* Negations are NULL-safe: a feature with no role is "not 制造". */
    assert_non_null(strstr(e, "NOT coalesce(\"role\" = '制造', FALSE)"));
    assert_non_null(strstr(e, "NOT coalesce(\"role\" = '研发', FALSE)"));
    free(e);
    /* The 制造 zone matches no rule: its class keeps the theme's role fill. */
    int n_rule_less = 0;
    for (int i = 0; i < el.n_classes; i++)
        n_rule_less += el.classes[i].rule < 0;
    assert_int_equal(n_rule_less, 1);
    char *qml = pm_export_qml(&el), *sld = pm_export_sld(&el);
    assert_non_null(strstr(qml, "type=\"RuleRenderer\""));
    assert_non_null(strstr(qml, "label=\"R&amp;D\""));
    assert_non_null(strstr(sld, "<ogc:Literal>研发</ogc:Literal>"));
    assert_non_null(strstr(sld, "<ogc:Not>"));
    free(qml);
    free(sld);
    pm_export_layer_free(&el);
    free(keep);
    pm_layer_destroy(data);
    pm_spec_destroy(s);
}

/* Without a spec: one class per kind (zones also per role), theme styles. */
static void test_theme_classes(void **state)
{
    (void)state;
    pm_layer *data = load_areas();
    pm_export_layer el;
    assert_int_equal(pm_export_classify(data, NULL, "areas", NULL, &el, NULL), PM_OK);
    assert_int_equal(el.n_features, data->n_features);
    int total = 0;
    for (int i = 0; i < el.n_classes; i++)
        total += el.classes[i].count;
    assert_int_equal(total, data->n_features);
    const pm_style_class *rd = find(&el, "zone · 研发");
    assert_int_equal((int)(rd->style.fill.r * 255 + 0.5), 158);   /* theme 研发 fill */
    char *e = pm_filter_expression(&rd->filter);
    assert_string_equal(e, "\"kind\" = 'zone' AND \"role\" = '研发'");
    free(e);
    pm_export_layer_free(&el);
    pm_layer_destroy(data);
}

/* Quotes in values and field names are doubled, nulls become IS NULL. */
static void test_expression_quoting(void **state)
{
    (void)state;
    const char *vals[] = {"it's", NULL, "b"};
    pm_filter in = {PM_FILTER_IN, "we\"ird", vals, 3, NULL, 0, NULL};
    char *e = pm_filter_expression(&in);
    assert_string_equal(e, "(\"we\"\"ird\" IS NULL OR \"we\"\"ird\" IN ('it''s', 'b'))");
    free(e);
}

/* Operators, "any" and "not" reach QGIS and SLD filters: the class of each
 * rule holds the features planmap draws with it. */
static void test_operator_filters(void **state)
{
    (void)state;
    pm_spec *s = parse("{'title': 't', 'layers': [{'name': 'z', 'source': '../plans/004-chongqing-htz/areas.geojson',"
                       " 'style': {'label': '{name}（{id:,.1f}, it{{s}})'}, 'rules': ["
                       "  {'where': {'any': [{'role': {'like': '研_'}}, {'name': {'like': ['%组团', 'x\\\\%']}}]},"
                       "   'legend': 'any'},"
                       "  {'where': {'name': {'not': {'like': '%区%'}}, 'id': {'gt': 5, 'lte': 7.5}}, 'legend': 'num'},"
                       "  {'where': {'id': {'not': {'between': [1, 2]}}}, 'legend': 'between'}]}]}");
    pm_layer *data = load_areas();
    pm_export_layer el;
    assert_int_equal(pm_export_classify(data, &s->layers[0], "z", NULL, &el, NULL), PM_OK);
    const pm_style_class *any = find(&el, "any");
    int n_any = 0;   /* over the classes of the rule (one per kind) */
    for (int i = 0; i < el.n_classes; i++)
        n_any += el.classes[i].rule == 0 ? el.classes[i].count : 0;
    assert_int_equal(n_any, 1 + 4);   /* 研发 and the four 组团 */
    char *e = pm_filter_expression(&any->filter);
    assert_non_null(strstr(e, " AND (\"role\" LIKE '研_' OR (\"name\" LIKE '%组团' OR \"name\" LIKE 'x\\%'))"));
    free(e);
    const pm_style_class *between = find(&el, "between");
    e = pm_filter_expression(&between->filter);
    assert_non_null(strstr(e, "NOT coalesce((to_real(\"id\") >= 1 AND to_real(\"id\") <= 2), FALSE)"));
    assert_non_null(strstr(e, "NOT coalesce(NOT coalesce(\"name\" LIKE '%区%', FALSE) AND "
                              "to_real(\"id\") > 5 AND to_real(\"id\") <= 7.5, FALSE)"));
    free(e);
    char *sld = pm_export_sld(&el);
    assert_non_null(strstr(sld, "<ogc:Or><ogc:PropertyIsLike wildCard=\"%\" singleChar=\"_\" "
                                "escapeChar=\"\\\"><ogc:PropertyName>role</ogc:PropertyName>"
                                "<ogc:Literal>研_</ogc:Literal></ogc:PropertyIsLike><ogc:Or>"));
    assert_non_null(strstr(sld, "<ogc:PropertyIsBetween><ogc:PropertyName>id</ogc:PropertyName>"
                                "<ogc:LowerBoundary><ogc:Literal>1</ogc:Literal></ogc:LowerBoundary>"
                                "<ogc:UpperBoundary><ogc:Literal>2</ogc:Literal></ogc:UpperBoundary>"
                                "</ogc:PropertyIsBetween>"));
    assert_non_null(strstr(sld, "<ogc:PropertyIsLessThanOrEqualTo><ogc:PropertyName>id"
                                "</ogc:PropertyName><ogc:Literal>7.5</ogc:Literal>"));
    /* The label template: mixed text and properties in SLD, concat() in QGIS. */
    assert_non_null(strstr(sld, "<se:Label><ogc:PropertyName>name</ogc:PropertyName>（"
                                "<ogc:PropertyName>id</ogc:PropertyName>, it{s})</se:Label>"));
    char *qml = pm_export_qml(&el);
    assert_non_null(strstr(qml, "fieldName=\"concat(&apos;&apos;, &quot;name&quot;, &apos;（&apos;, "
                                "format_number(to_real(&quot;id&quot;), 1), &apos;, it&apos;, &apos;{&apos;, &apos;s&apos;, "
                                "&apos;}&apos;, &apos;)&apos;)\" "
                                "isExpression=\"1\""));
    free(qml);
    free(sld);
    pm_export_layer_free(&el);
    pm_layer_destroy(data);
    pm_spec_destroy(s);
}

PM_TEST_MAIN(test_rules_first_match,
             test_theme_classes,
             test_expression_quoting,
             test_operator_filters)
