/* planmap's own GeoJSON reader (geo/geojson.c) gives what GDAL's reading
 * gives, feature by feature: fields and their order, values as GDAL's
 * types print them, FIDs, kinds, parts, vertices, anchors, boxes, the
 * extent — or it declines the file and GDAL reads it. Corpus:
 * tests/data/geojson (README.md there). */
#include "pm_test.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"
#include "pm_source.h"

/* One way of loading a file: the options and lean load a caller asks for. */
typedef struct load_way {
    pm_load_options opts;
    pm_load_lean lean;
    int use_lean;
} load_way;

/* Read `path` both ways; 1 if planmap's reader read it (and agreed). */
static int compare(const char *path, const load_way *w)
{
    const pm_load_lean *lean = w->use_lean ? &w->lean : NULL;
    pm_error e1 = {0}, e2 = {0};
    pm_layer *own = NULL;
    int answered = pm_geojson_load(path, &w->opts, lean, &own, &e1);
    pm_layer *ref = pm_load_gdal(path, &w->opts, lean, &e2);
    if (answered) {
        if (!own)
            fail_msg("%s: own reader failed: %s", path, e1.msg);
        if (!ref)
            fail_msg("%s: own reader read what GDAL refuses: %s", path, e2.msg);
        pm_test_same_layer(path, own, ref);
    }
    pm_layer_destroy(own);
    pm_layer_destroy(ref);
    return answered;
}

static const char *const LABEL[] = {"name"};
static const char *const SOME[] = {"n", "name", "missing", "n"};

/* Every file of a folder, in each way of loading; returns how many of
 * them planmap's reader read, *total the files. */
static int compare_folder(const char *folder, int *total)
{
    load_way ways[4];
    memset(ways, 0, sizeof ways);
    ways[1].opts.fields = SOME;
    ways[1].opts.n_fields = 4;
    ways[2].use_lean = 1;
    ways[2].lean = (pm_load_lean){.cheap_anchors = 1, .label_fields = LABEL, .n_label_fields = 1};
    ways[3] = ways[1];
    ways[3].use_lean = 1;
    ways[3].lean = (pm_load_lean){.cheap_anchors = 1, .drop_absent_fields = 1};
    DIR *d = opendir(pm_test_src(folder));
    assert_non_null(d);
    struct dirent *e;
    int own = 0;
    *total = 0;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".json") && !strstr(e->d_name, ".geojson"))
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", folder, e->d_name);
        const char *path = pm_test_src(rel);
        int read = 1;
        for (int k = 0; k < 4; k++)
            read &= compare(path, &ways[k]);
        own += read;
        ++*total;
        print_message("%s: %s\n", rel, read ? "own reader, same as GDAL" : "left to GDAL");
    }
    closedir(d);
    return own;
}

static void test_own_cases(void **state)
{
    (void)state;
    int total = 0, own = compare_folder("tests/data/geojson/own", &total);
    assert_true(total >= 9);
    assert_int_equal(own, total);   /* every one read by planmap itself */
}

static void test_left_to_gdal(void **state)
{
    (void)state;
    int total = 0, own = compare_folder("tests/data/geojson/gdal", &total);
    assert_true(total >= 10);
    assert_int_equal(own, 0);
}

static void test_gdal_autotest(void **state)
{
    (void)state;
    int total = 0, own = compare_folder("tests/data/geojson/autotest", &total);
    assert_true(total >= 10);
    assert_true(own >= 2);
}

#define N_MANY 12000

/* A layer large enough to be read in chunks and in ranges on several
 * threads: the chunks are cut between features whatever their strings
 * hold, the ranges join in order, members after the features count, and a
 * render's loads (pm_layer_load_lean) take this reader. */
static void test_threads(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("many.geojson");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("\xEF\xBB\xBF{\"type\":\"FeatureCollection\",\"x\":\"features\",\"features\": [\n", f);
    for (int i = 0; i < N_MANY; i++) {
        double x = (i % 100) * 0.01, y = (i / 100) * 0.01;
        fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"z%d\",\"kind\":%d,\"area\":%.3f,"
                   "\"note\":%s},"
                   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g]]"
                   "%s]}}",
                i ? " ,\n" : "", i, i % 4, i * 0.5,
                i % 3 ? "null" : "\"x\\\",[{\\\"features\\\":[1, \\\\\"", x, y, x + 0.009, y, x, y + 0.009,
                x, y, i % 5 ? "" : ",[[0.001,0.001],[0.002,0.001],[0.001,0.002],[0.001,0.001]]");
    }
    fputs("] , \"name\": \"many\"}\n", f);
    assert_int_equal(fclose(f), 0);
    for (int threads = 1; threads <= 4; threads *= 2) {
        load_way w = {.opts = {.context = pm_test_context(threads)}};
        assert_true(compare(path, &w));
        w.use_lean = 1;
        w.lean = (pm_load_lean){.cheap_anchors = 1, .label_fields = LABEL, .n_label_fields = 1};
        assert_true(compare(path, &w));
    }
    pm_error err = {0};
    pm_layer *l = pm_layer_load_lean(path, NULL, NULL, &err);
    assert_non_null(l);
    assert_int_equal(l->n_features, N_MANY);
    assert_string_equal(l->features[N_MANY - 1].values[0], "z11999");
    assert_string_equal(l->features[3].values[3], "x\",[{\"features\":[1, \\");
    pm_layer_destroy(l);
    remove(path);
}

PM_TEST_MAIN(test_own_cases, test_left_to_gdal, test_gdal_autotest, test_threads)
