/* GeoPackage table names: clean (reserved prefixes, control characters,
 * quotes, bytes that are not UTF-8, length), unique without regard to case
 * as SQLite compares them, and for a folder export more folders where two
 * files would share a name. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export_internal.h"

static void clean_is(const char *in, const char *want)
{
    char *s = pm_table_name_clean(in);
    assert_non_null(s);
    assert_string_equal(s, want);
    free(s);
}

/* Valid UTF-8 as a whole: every sequence complete and shortest. */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static void test_clean(void **state)
{
    (void)state;
    clean_is("zones", "zones");
    clean_is("004-chongqing-htz_areas", "004-chongqing-htz_areas");
    clean_is("区域 zones", "区域 zones");
    clean_is("gpkg_contents", "layer_gpkg_contents");
    clean_is("GPKG_x", "layer_GPKG_x");
    clean_is("sqlite_master", "layer_sqlite_master");
    clean_is("rtree_zones_geom", "layer_rtree_zones_geom");
    clean_is("Layer_Styles", "layer_Layer_Styles");
    clean_is("layer_styles_2", "layer_styles_2");
    clean_is("", "layer");
    clean_is("a\"b'c`d\\e\nf\tg\x7fh", "a_b_c_d_e_f_g_h");
    clean_is("bad\xff\xfe utf8 \xc3", "bad__ utf8 _");
    clean_is("overlong \xc0\xaf surrogate \xed\xa0\x80", "overlong __ surrogate ___");
    /* Long names keep their start and end, cut at a character boundary. */
    char in[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(in, i == 150 ? "MIDDLE" : "长");
    strcat(in, "_end");
    char *s = pm_table_name_clean(in);
    assert_true(strlen(s) <= PM_TABLE_NAME_MAX);
    assert_true(utf8_ok(s));
    assert_true(strncmp(s, "长长", 6) == 0);
    assert_string_equal(s + strlen(s) - 4, "_end");
    free(s);
}

static char **strv(const char *const *v, int n)
{
    char **out = calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; i < n; i++)
        out[i] = strdup(v[i]);
    return out;
}

static void assert_distinct(char **names, int n)
{
    for (int i = 0; i < n; i++) {
        assert_true(strlen(names[i]) > 0 && strlen(names[i]) <= PM_TABLE_NAME_MAX);
        assert_true(utf8_ok(names[i]));
        for (int j = 0; j < i; j++)
            if (strcasecmp(names[i], names[j]) == 0)
                fail_msg("'%s' and '%s' are one table", names[j], names[i]);
    }
}

static void test_unique(void **state)
{
    (void)state;
    static const char *const in[] = {"zones", "ZONES", "Zones", "zones_2", "a", "a_2", "A"};
    char **v = strv(in, 7);
    assert_int_equal(pm_table_names_unique(v, 7), 0);
    assert_string_equal(v[0], "zones");
    assert_string_equal(v[1], "ZONES_2");
    assert_string_equal(v[2], "Zones_3");
    assert_string_equal(v[3], "zones_2_2");  /* its own name was given away */
    assert_string_equal(v[4], "a");
    assert_string_equal(v[5], "a_2");
    assert_string_equal(v[6], "A_3");
    assert_distinct(v, 7);
    pm_strv_free(v, 7);

    /* 5000 equal names, each PM_TABLE_NAME_MAX long: numbered within it. */
    int n = 5000;
    char big[PM_TABLE_NAME_MAX + 1];
    memset(big, 'q', PM_TABLE_NAME_MAX);
    big[PM_TABLE_NAME_MAX] = '\0';
    char **w = calloc((size_t)n, sizeof *w);
    for (int i = 0; i < n; i++)
        w[i] = strdup(i % 2 ? big : "Same");
    assert_int_equal(pm_table_names_unique(w, n), 0);
    assert_distinct(w, n);
    assert_string_equal(w[2], "Same_2");
    pm_strv_free(w, n);
}

static char **for_files(const char *root, const char *const *rel, int n)
{
    char **r = strv(rel, n);
    char **names = pm_table_names_for_files(root, r, n);
    assert_non_null(names);
    pm_strv_free(r, n);
    assert_distinct(names, n);
    return names;
}

static void test_folder_names(void **state)
{
    (void)state;
    static const char *const rel[] = {"basemap/provinces.geojson", "plans/004-x/areas.geojson",
                                      "top.gpkg", "plans/004-x/Areas.geojson",
                                      "plans/004-x/areas.gpkg"};
    char **v = for_files("data", rel, 5);
    assert_string_equal(v[0], "basemap_provinces");
    assert_string_equal(v[1], "004-x_areas");
    assert_string_equal(v[2], "data_top");
    assert_string_equal(v[3], "004-x_Areas_2");
    assert_string_equal(v[4], "004-x_areas_3");
    pm_strv_free(v, 5);

    /* 160 cities, each cityNNN/2020/areas.geojson: the city tells them apart. */
    char *cities[160];
    for (int i = 0; i < 160; i++) {
        cities[i] = malloc(64);
        snprintf(cities[i], 64, "city%03d/2020/areas.geojson", i);
    }
    v = for_files("d", (const char *const *)cities, 160);
    assert_string_equal(v[0], "city000_2020_areas");
    assert_string_equal(v[159], "city159_2020_areas");
    pm_strv_free(v, 160);

    /* Two levels alike: a/x/2020 and b/x/2020 need three folders. */
    static const char *const twice[] = {"a/x/2020/areas.geojson", "b/x/2020/areas.geojson",
                                        "c/2021/areas.geojson"};
    v = for_files("d", twice, 3);
    assert_string_equal(v[0], "a_x_2020_areas");
    assert_string_equal(v[1], "b_x_2020_areas");
    assert_string_equal(v[2], "2021_areas");
    pm_strv_free(v, 3);

    /* 160 cities of 200-byte names: bounded, distinct, the ends kept. */
    for (int i = 0; i < 160; i++) {
        cities[i] = realloc(cities[i], 300);
        snprintf(cities[i], 300, "%0200d/2020/areas.geojson", i);
    }
    v = for_files("d", (const char *const *)cities, 160);
    for (int i = 0; i < 160; i++) {
        char tail[64];
        snprintf(tail, sizeof tail, "%03d_2020_areas", i);
        assert_string_equal(v[i] + strlen(v[i]) - strlen(tail), tail);
        free(cities[i]);
    }
    pm_strv_free(v, 160);
}

PM_TEST_MAIN(test_clean,
             test_unique,
             test_folder_names)
