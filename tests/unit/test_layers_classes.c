/* Classes from data: breaks for known inputs (quantile, equal intervals,
 * Jenks on a textbook set and against an exhaustive search), ColorBrewer
 * palettes, legend numbers, and the spec keys' errors. */
#include "pm_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_classes.h"
#include "pm_spec_data.h"

static void assert_bounds(const double *got, int n_got, const double *want, int n_want)
{
    assert_int_equal(n_got, n_want);
    for (int i = 0; i < n_want; i++)
        assert_true(fabs(got[i] - want[i]) < 1e-9);
}

static void test_quantile_equal(void **state)
{
    (void)state;
    double v[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, up[12];
    assert_bounds(up, pm_class_breaks(PM_CLASS_QUANTILE, v, 10, 5, up), (double[]){2, 4, 6, 8, 10}, 5);
    double w[6] = {0, 1, 2, 3, 9, 10};
    assert_bounds(up, pm_class_breaks(PM_CLASS_EQUAL, w, 6, 5, up), (double[]){2, 4, 6, 8, 10}, 5);
    /* Ties: a bound repeated makes no empty class. */
    double t[6] = {1, 1, 1, 1, 1, 7};
    assert_bounds(up, pm_class_breaks(PM_CLASS_QUANTILE, t, 6, 3, up), (double[]){1, 7}, 2);
    assert_int_equal(pm_class_index((double[]){2, 4, 6}, 3, 4), 1);
    assert_int_equal(pm_class_index((double[]){2, 4, 6}, 3, 4.01), 2);
    assert_int_equal(pm_class_index((double[]){2, 4, 6}, 3, 99), 2);
}

/* Least sum of squared deviations over every partition into k classes. */
static double ssd(const double *v, int a, int b)
{
    double m = 0, s = 0;
    for (int i = a; i <= b; i++)
        m += v[i];
    m /= b - a + 1;
    for (int i = a; i <= b; i++)
        s += (v[i] - m) * (v[i] - m);
    return s;
}

static double best_split(const double *v, int start, int n, int k, double *tops, double *cur, int depth)
{
    if (k == 1) {
        cur[depth] = v[n - 1];
        double s = ssd(v, start, n - 1);
        return s;
    }
    double best = INFINITY, keep[12];
    for (int end = start; end <= n - k; end++) {
        cur[depth] = v[end];
        double s = ssd(v, start, end) + best_split(v, end + 1, n, k - 1, tops, cur, depth + 1);
        if (s < best - 1e-12) {
            best = s;
            memcpy(keep, cur, sizeof keep);
        }
    }
    memcpy(cur, keep, sizeof keep);
    if (depth == 0)
        memcpy(tops, keep, sizeof keep);
    return best;
}

/* The sum for the classes that upper bounds `up` make. */
static double partition_ssd(const double *v, int n, const double *up, int k)
{
    double sum = 0;
    int start = 0;
    for (int c = 0; c < k; c++) {
        int end = start;
        while (end + 1 < n && v[end + 1] <= up[c])
            end++;
        sum += ssd(v, start, end);
        start = end + 1;
    }
    assert_int_equal(start, n);
    return sum;
}

static void test_jenks(void **state)
{
    (void)state;
    double up[12];
    /* Three clear groups. */
    double a[9] = {1, 2, 3, 10, 11, 12, 20, 21, 22};
    assert_bounds(up, pm_jenks_breaks(a, 9, 3, up), (double[]){3, 12, 22}, 3);
    /* The textbook set of Jenks' own example as in many GIS courses. */
    double b[15] = {0.2, 0.3, 0.3, 0.8, 1.1, 1.3, 1.6, 2.9, 3.0, 3.2, 6.1, 6.4, 6.5, 6.9, 7.0};
    double want[12], cur[12];
    for (int k = 2; k <= 6; k++) {
        /* Equal sums may split differently (k = 4 here): compare the sums. */
        double least = best_split(b, 0, 15, k, want, cur, 0);
        assert_int_equal(pm_jenks_breaks(b, 15, k, up), k);
        assert_true(fabs(partition_ssd(b, 15, up, k) - least) < 1e-9);
    }
    assert_bounds(up, pm_jenks_breaks(b, 15, 3, up), (double[]){1.6, 3.2, 7.0}, 3);
    /* Fewer distinct values than classes. */
    double c[4] = {5, 5, 9, 9};
    assert_bounds(up, pm_jenks_breaks(c, 4, 5, up), (double[]){5, 9}, 2);
}

/* Above PM_JENKS_MAX_VALUES distinct values the groups still give k
 * ascending bounds ending at the maximum, and two far clusters split. */
static void test_jenks_many(void **state)
{
    (void)state;
    int n = 3 * PM_JENKS_MAX_VALUES;
    double *v = malloc((size_t)n * sizeof *v), up[12];
    assert_non_null(v);
    for (int i = 0; i < n; i++)
        v[i] = i < n / 2 ? i * 1e-3 : 1000 + i * 1e-3;
    assert_int_equal(pm_jenks_breaks(v, n, 2, up), 2);
    assert_true(fabs(up[0] - (n / 2 - 1) * 1e-3) < 1e-6);
    assert_true(up[1] == v[n - 1]);
    free(v);
}

static void test_palettes(void **state)
{
    (void)state;
    pm_color c[12];
    assert_int_equal(pm_palette_colors("YlOrRd", 5, c), 0);
    /* ColorBrewer YlOrRd, 5 classes: ffffb2 fecc5c fd8d3c f03b20 bd0026 */
    assert_int_equal((int)lround(c[0].b * 255), 0xb2);
    assert_int_equal((int)lround(c[4].r * 255), 0xbd);
    assert_int_equal((int)lround(c[4].b * 255), 0x26);
    assert_int_equal(pm_palette_colors("Set2", 3, c), 0);   /* 66c2a5 fc8d62 8da0cb */
    assert_int_equal((int)lround(c[1].r * 255), 0xfc);
    /* Two classes: the ends of three. */
    assert_int_equal(pm_palette_colors("Blues", 2, c), 0);   /* deebf7 … 3182bd */
    assert_int_equal((int)lround(c[1].b * 255), 0xbd);
    assert_int_equal(pm_palette_colors("Blues", 10, c), 9);
    assert_int_equal(pm_palette_colors("RdYlBu", 11, c), 0);
    assert_int_equal(pm_palette_colors("Set3", 12, c), 0);
    assert_int_equal(pm_palette_colors("Nope", 5, c), -1);
    pm_palette_kind kind;
    assert_int_equal(pm_palette_max("Spectral", &kind), 11);
    assert_int_equal(kind, PM_PALETTE_DIVERGING);
    assert_int_equal(pm_palette_max("Dark2", &kind), 8);
    assert_int_equal(kind, PM_PALETTE_QUALITATIVE);
}

static void test_numbers(void **state)
{
    (void)state;
    char b[64];
    pm_format_number(3, -1, b, sizeof b);
    assert_string_equal(b, "3");
    pm_format_number(2.5, -1, b, sizeof b);
    assert_string_equal(b, "2.5");
    pm_format_number(1.0 / 3, -1, b, sizeof b);
    assert_string_equal(b, "0.33");
    pm_format_number(3500, 1, b, sizeof b);
    assert_string_equal(b, "3,500.0");
    pm_format_number(-0.0001, -1, b, sizeof b);
    assert_string_equal(b, "0");
    pm_format_number(-0.001, 2, b, sizeof b);
    assert_string_equal(b, "0.00");
    /* Thousands in groups of three, whatever the language. */
    pm_format_number(1200, -1, b, sizeof b);
    assert_string_equal(b, "1,200");
    pm_format_number(-1234567.25, -1, b, sizeof b);
    assert_string_equal(b, "-1,234,567.25");
    pm_format_number(999, 0, b, sizeof b);
    assert_string_equal(b, "999");
    pm_format_number(1e9, 0, b, sizeof b);
    assert_string_equal(b, "1,000,000,000");
    /* One legend, one number of decimals: its most precise number's. */
    const double ends[] = {0.5, 1.25, 3, 1200};
    assert_int_equal(pm_number_decimals(ends, 4), 2);
    const double whole[] = {1200, 3500, 10};
    assert_int_equal(pm_number_decimals(whole, 3), 0);
    const double tenth[] = {0.5, 2, 1.001};
    assert_int_equal(pm_number_decimals(tenth, 3), 1);
    assert_int_equal(pm_number_decimals(NULL, 0), 0);
}

static void expect_error(const char *layer_body, const char *want)
{
    char text[4096];
    snprintf(text, sizeof text, "{'title': 't', 'layers': [{'name': 'a', 'source': 'a', %s}]}", layer_body);
    for (char *p = text; *p; p++)
        if (*p == '\'')
            *p = '"';
    pm_error err = {0};
    pm_spec *s = pm_spec_parse(text, strlen(text), "map.json", &err);
    if (s)
        fail_msg("accepted: %s", layer_body);
    assert_int_equal(err.status, PM_ERR_SPEC);
    if (!strstr(err.msg, want))
        fail_msg("%s: want \"%s\"", err.msg, want);
}

static void test_spec_keys(void **state)
{
    (void)state;
    const char *ok = "{'title': 't', 'layers': [{'name': 'a', 'source': 'a', "
                     "'classify': {'field': 'v', 'method': 'manual', 'breaks': [1, 5], 'palette': ['red', 'blue', '#000'], "
                     "'paint': 'stroke', 'digits': 1, 'legend': '{lo}–{hi}'}, "
                     "'size_by': {'field': 'v', 'max': 30}}]}";
    char text[1024];
    snprintf(text, sizeof text, "%s", ok);
    for (char *p = text; *p; p++)
        if (*p == '\'')
            *p = '"';
    pm_error err = {0};
    pm_spec *s = pm_spec_parse(text, strlen(text), "map.json", &err);
    assert_non_null(s);
    const pm_classify *c = s->layers[0].classify;
    assert_int_equal(c->method, PM_CLASS_MANUAL);
    assert_int_equal(c->classes, 3);
    assert_int_equal(c->n_colors, 3);
    assert_int_equal(c->paint, PM_PAINT_STROKE);
    assert_true(s->layers[0].size_by->max == 30 && s->layers[0].size_by->min == 2);
    char **fields = NULL;
    int n = pm_layer_spec_fields(&s->layers[0], &fields);
    assert_int_equal(n, 1);
    assert_string_equal(fields[0], "v");
    for (int i = 0; i < n; i++)
        free(fields[i]);
    free(fields);
    pm_spec_destroy(s);

    expect_error("'classify': {'field': 'v', 'method': 'natural'}", "layers[0].classify.method: expected one of");
    expect_error("'classify': {'field': 'v', 'method': 'jenks', 'palette': 'YlOrRed'}",
                 "layers[0].classify.palette: unknown palette \"YlOrRed\"");
    expect_error("'classify': {'field': 'v', 'method': 'manual'}", "\"manual\" needs \"breaks\"");
    expect_error("'classify': {'field': 'v', 'method': 'manual', 'breaks': [5, 1]}",
                 "layers[0].classify.breaks[1]: breaks must ascend");
    expect_error("'classify': {'field': 'v', 'method': 'equal', 'classes': 13}", "layers[0].classify.classes");
    expect_error("'classify': {'field': 'v', 'method': 'equal', 'classes': 12, 'palette': 'Blues'}",
                 "12 classes but the palette has at most 9 colours");
    expect_error("'classify': {'method': 'equal'}", "field");
    expect_error("'classify': {'field': 'v', 'method': 'equal', 'colour': 'x'}", "unknown key");
    expect_error("'size_by': {'field': 'v', 'min': 30, 'max': 10}", "layers[0].size_by.min");
    expect_error("'size_by': {'field': 'v', 'max': 'big'}", "layers[0].size_by.max");
    expect_error("'raster': {}, 'classify': {'field': 'v', 'method': 'equal'}",
                 "layers[0].classify: a raster layer has no features");
}

PM_TEST_MAIN(test_quantile_equal,
             test_jenks,
             test_jenks_many,
             test_palettes,
             test_numbers,
             test_spec_keys)
