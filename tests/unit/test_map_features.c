/* A map hands a renderer what it draws: every layer's features through a
 * feature source (pm_features.h), one chunk for a layer in memory, chunk by
 * chunk for a streamed one (read in turn or ahead: the features of the
 * whole layer, in its order, each once), and the inset's locator layer, read when the map is
 * made; each feature's style, resolved with its layer. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <gdal_utils.h>

#include "pm_features.h"

#define N 10000   /* points: more than a chunk (4096 of them) */

/* N named points in a grid over a tenth of a degree, as
 * FlatGeobuf (read feature by feature, so a lean map streams them). */
static const char *points_path(void)
{
    static int written;
    const char *json = pm_test_tmp("points.geojson"), *path = pm_test_tmp("points.fgb");
    if (written)
        return path;
    FILE *f = fopen(json, "w");
    assert_non_null(f);
    fputs("{\"type\": \"FeatureCollection\", \"features\": [\n", f);
    for (int i = 0; i < N; i++)
        fprintf(f, "%s{\"type\": \"Feature\", \"properties\": {\"name\": \"p%d\"}, \"geometry\":"
                   " {\"type\": \"Point\", \"coordinates\": [%.5f, %.5f]}}\n",
                i ? "," : "", i, 104.0 + 0.1 * (i % 60) / 60, 30.5 + 0.1 * (i / 60) / 170);
    fputs("]}\n", f);
    assert_int_equal(fclose(f), 0);
    GDALDatasetH src = GDALOpenEx(json, GDAL_OF_VECTOR, NULL, NULL, NULL);
    char *argv[] = {"-f", "FlatGeobuf", NULL};
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH out = src && o ? GDALVectorTranslate(path, NULL, 1, &src, o, NULL) : NULL;
    assert_non_null(out);
    GDALClose(out);
    GDALClose(src);
    GDALVectorTranslateOptionsFree(o);
    written = 1;
    return path;
}

static pm_spec *spec_with(const char *inset)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"title\": \"\", \"legend\": false, %s"
             " \"extent\": {\"bbox\": [103.9, 30.4, 104.2, 30.7]},"
             " \"layers\": [{\"name\": \"pts\", \"source\": \"%s\","
             " \"style\": {\"label\": null, \"marker\": \"circle\", \"fill\": \"#336699\"}}]}",
             inset, points_path());
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), pm_test_tmp("features.json"), &err);
    if (!spec)
        fail_msg("%s", err.msg);
    return spec;
}

static pm_map *map_of(const pm_spec *spec, int lean)
{
    pm_error err = {0};
    pm_map *map = lean ? pm_map_create_lean(spec, NULL, &err) : pm_map_create(spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    return map;
}

/* A layer in memory: one chunk, the map's layer itself; then the end, again. */
static void test_memory_layer_is_one_chunk(void **state)
{
    (void)state;
    pm_spec *spec = spec_with("");
    pm_map *map = map_of(spec, 0);
    assert_null(map->layers[0].streamed);
    pm_error err = {0};
    pm_feature_source *s = pm_map_features(map, 0, NULL, &err);
    assert_non_null(s);
    const pm_map_layer *chunk = NULL;
    assert_int_equal(pm_feature_source_next(s, &chunk, &err), 1);
    assert_ptr_equal(chunk, &map->layers[0]);
    assert_int_equal(chunk->data->n_features, N);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pm_feature_source_next(s, &chunk, &err), 0);
        assert_null(chunk);
    }
    assert_int_equal(err.status, PM_OK);
    pm_feature_source_close(s);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

/* A streamed layer: several chunks holding every feature once, in order,
 * each styled as the layer is; the same on one thread and on two. */
static void test_streamed_layer_in_chunks(void **state)
{
    (void)state;
    pm_spec *spec = spec_with("");
    pm_map *whole = map_of(spec, 0);
    pm_map *map = map_of(spec, 1);
    assert_non_null(map->layers[0].streamed);
    pm_style expect = pm_map_feature_style(whole, 0, 0);
    for (int threads = 1; threads <= 2; threads++) {
        map->context = pm_test_context(threads);
        pm_error err = {0};
        pm_feature_source *s = pm_map_features(map, 0, NULL, &err);
        assert_non_null(s);
        const pm_map_layer *chunk;
        int chunks = 0, seen = 0;
        while (pm_feature_source_next(s, &chunk, &err) > 0) {
            assert_null(chunk->streamed);
            assert_ptr_equal(chunk->spec, map->layers[0].spec);
            /* In the file's order, as the whole layer has them. */
            const pm_layer *all = whole->layers[0].data;
            for (int i = 0; i < chunk->data->n_features; i++, seen++)
                assert_string_equal(pm_feature_value(chunk->data, &chunk->data->features[i], "name"),
                                    pm_feature_value(all, &all->features[seen], "name"));
            pm_style st = pm_map_layer_style(chunk, 0);
            assert_int_equal(st.marker, expect.marker);
            assert_memory_equal(&st.fill, &expect.fill, sizeof st.fill);
            chunks++;
        }
        assert_int_equal(err.status, PM_OK);
        assert_int_equal(seen, N);
        assert_in_range(chunks, 2, N);
        assert_int_equal(pm_feature_source_next(s, &chunk, &err), 0);
        assert_null(chunk);
        pm_feature_source_close(s);
    }
    /* Closed at once, and with a chunk out and the next read ahead. */
    for (int taken = 0; taken <= 1; taken++) {
        map->context = pm_test_context(2);
        pm_error err = {0};
        pm_feature_source *s = pm_map_features(map, 0, NULL, &err);
        const pm_map_layer *chunk;
        for (int k = 0; k < taken; k++)
            assert_int_equal(pm_feature_source_next(s, &chunk, &err), 1);
        pm_feature_source_close(s);
    }
    pm_map_destroy(map);
    pm_map_destroy(whole);
    pm_spec_destroy(spec);
}

static int same_style(const pm_style *a, const pm_style *b)
{
    return memcmp(&a->fill, &b->fill, sizeof a->fill) == 0 &&
           memcmp(&a->stroke, &b->stroke, sizeof a->stroke) == 0 && a->width == b->width &&
           a->opacity == b->opacity && a->marker == b->marker &&
           a->marker_size == b->marker_size && a->n_dash == b->n_dash && a->arrow == b->arrow &&
           (a->label == b->label || (a->label && b->label && strcmp(a->label, b->label) == 0));
}

/* Styles are resolved with the layer, once per distinct kind, role and
 * rule: neighbours that differ each get their own, every feature the one
 * pm_map_layer_style works out for it, a hidden one none. */
static void test_styles_resolved_once_per_set(void **state)
{
    (void)state;
    static const char *kinds[] = {"zone", "park", "lake", "boundary"};
    static const char *roles[] = {"居住", "产业", "商业"};
    const char *path = pm_test_tmp("kinds.geojson");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"type\": \"FeatureCollection\", \"features\": [\n", f);
    for (int i = 0; i < 120; i++) {
        double x = 104.0 + 0.01 * (i % 12), y = 30.5 + 0.01 * (i / 12);
        fprintf(f, "%s{\"type\": \"Feature\", \"properties\": {\"id\": %d, \"kind\": \"%s\","
                   " \"role\": \"%s\", \"name\": \"p%d\"}, \"geometry\": {\"type\": \"Polygon\","
                   " \"coordinates\": [[[%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f]]]}}\n",
                i ? "," : "", i, kinds[i % 4], roles[i % 3], i, x, y, x + 0.005, y, x, y + 0.005, x, y);
    }
    fputs("]}\n", f);
    assert_int_equal(fclose(f), 0);
    char text[2048];
    snprintf(text, sizeof text,
             "{\"title\": \"\", \"theme\": \"plan\", \"layers\": [{\"name\": \"areas\","
             " \"source\": \"%s\", \"where\": {\"kind\": [\"zone\", \"park\", \"lake\"]},"
             " \"rules\": [{\"where\": {\"kind\": \"lake\"}, \"fill\": \"#ff0000\"}]}]}",
             path);
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), pm_test_tmp("kinds.json"), &err);
    if (!spec)
        fail_msg("%s", err.msg);
    pm_map *map = map_of(spec, 0);
    const pm_map_layer *ml = &map->layers[0];
    assert_int_equal(ml->n_styles, 3 * 3);   /* drawn kinds x roles */
    for (int i = 0; i < ml->data->n_features; i++) {
        const pm_style *at = pm_map_layer_style_at(ml, i);
        if (i % 4 == 3) {
            assert_null(at);
            continue;
        }
        assert_non_null(at);
        pm_style expect = pm_map_layer_style(ml, i);
        assert_true(same_style(at, &expect));
    }
    pm_style zone = *pm_map_layer_style_at(ml, 0), park = *pm_map_layer_style_at(ml, 1);
    assert_false(same_style(&zone, &park));
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

/* The inset's layer comes with the map; a missing one fails the map. */
static void test_inset_read_with_the_map(void **state)
{
    (void)state;
    char inset[1200];
    snprintf(inset, sizeof inset, "\"inset\": {\"source\": \"%s\"},",
             pm_test_src("data/basemap/provinces.geojson"));
    pm_spec *spec = spec_with(inset);
    pm_map *map = map_of(spec, 1);
    assert_non_null(map->inset);
    assert_int_equal(map->inset->n_features, 10);
    pm_map_destroy(map);
    pm_spec_destroy(spec);

    spec = spec_with("\"inset\": {\"source\": \"no-such-inset.geojson\"},");
    pm_error err = {0};
    assert_null(pm_map_create_lean(spec, NULL, &err));
    assert_int_equal(err.status, PM_ERR_IO);
    assert_non_null(strstr(err.msg, "features.json: inset: "));
    assert_non_null(strstr(err.msg, "no-such-inset.geojson"));
    pm_spec_destroy(spec);

    spec = spec_with("");
    map = map_of(spec, 0);
    assert_null(map->inset);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

int main(void)
{
    pm_geo_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_layer_is_one_chunk),
        cmocka_unit_test(test_streamed_layer_in_chunks),
        cmocka_unit_test(test_inset_read_with_the_map),
        cmocka_unit_test(test_styles_resolved_once_per_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
