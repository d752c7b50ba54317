/* A map of large layers made and drawn on one thread and on several: the
 * same pixels and the same label boxes, whichever thread drew which band of
 * the image. The layers (written through OGR at test time) crowd one corner
 * of the map so the bands are uneven, mix polygons with holes, lines and
 * labelled markers, and one layer has dashes, which Cairo draws. */
#include "pm_test.h"

#include <cairo.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogr_write.h"
#include "pm_map_data.h"
#include "pm_render.h"

#define N 6000

static void write_data(const char *path)
{
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    const char *fields[] = {"name", NULL};
    OGRLayerH polys = ogr_new_layer(ds, "polys", wkbPolygon, fields);
    OGRLayerH lines = ogr_new_layer(ds, "lines", wkbLineString, fields);
    OGRLayerH paths = ogr_new_layer(ds, "paths", wkbLineString, fields);
    OGRLayerH points = ogr_new_layer(ds, "points", wkbPoint, fields);
    const char *none[] = {NULL};
    GDALDatasetStartTransaction(ds, FALSE);
    for (int i = 0; i < N; i++) {
        /* Three in four places in the map's north-west quarter. */
        double x, y;
        ogr_spot(i, 4, 0.45, &x, &y);
        ogr_add(polys, ogr_hexagon(x, y, i % 5 == 0, 0), none);
        ogr_add(i % 10 ? lines : paths, ogr_wave(x, y, i), none);
        ogr_spot(i + N, 4, 0.45, &x, &y);
        const char *name[] = {i % 40 == 0 ? (i % 80 ? "青龙镇" : "石桥社区") : NULL};
        ogr_add(points, ogr_point(x, y), name);
    }
    GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
}

static const char *SPEC =
    "{\"title\": \"\", \"legend\": false, \"scale_bar\": false, \"north_arrow\": false,"
    " \"page\": {\"width_mm\": 200, \"height_mm\": 150, \"width_px\": 1000, \"height_px\": 750},"
    " \"extent\": {\"bbox\": [103.5, 30.2, 104.6, 31.0]},"
    " \"layers\": ["
    "  {\"name\": \"polys\", \"source\": \"%s\", \"layer\": \"polys\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"fill\": \"#9ecae1\", \"stroke\": \"#08519c\", \"width\": 0.6}},"
    "  {\"name\": \"lines\", \"source\": \"%s\", \"layer\": \"lines\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"stroke\": \"#31a354\", \"width\": 1.2}},"
    "  {\"name\": \"paths\", \"source\": \"%s\", \"layer\": \"paths\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"stroke\": \"#756bb1\", \"width\": 1, \"dash\": [3, 2]}},"
    "  {\"name\": \"points\", \"source\": \"%s\", \"layer\": \"points\", \"legend\": false,"
    "   \"style\": {\"label\": \"name\", \"marker\": \"circle\", \"marker_size\": 4, \"fill\": \"#e6550d\","
    "    \"stroke\": \"#7f2704\", \"width\": 0.5, \"font_size\": 9}}"
    " ]}";

typedef struct rendering {
    cairo_surface_t *image;
    pm_render_result res;
} rendering;

/* The spec `text` made into a map and rendered to `png`: what landed where. */
static pm_render_result render_spec(const char *text, int threads, const char *png)
{
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), "threads.json", &err);
    pm_map *map = spec ? pm_map_create(spec, pm_test_context(threads), &err) : NULL;
    if (!map)
        fail_msg("%s", err.msg);
    pm_render_result res = {0};
    pm_render_options opts = {.format = PM_FORMAT_PNG};
    if (pm_render_file(map, png, &opts, &res, &err) != PM_OK)
        fail_msg("%s", err.msg);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    return res;
}

static rendering render_with(const char *data, int threads, const char *png)
{
    char text[4096];
    snprintf(text, sizeof text, SPEC, data, data, data, data);
    rendering r = {.res = render_spec(text, threads, png)};
    r.image = cairo_image_surface_create_from_png(png);
    assert_int_equal(cairo_surface_status(r.image), CAIRO_STATUS_SUCCESS);
    return r;
}

static void rendering_free(rendering *r)
{
    cairo_surface_destroy(r->image);
    pm_render_result_free(&r->res);
}

static int count_boxes(const pm_render_result *res, const char *kind)
{
    int n = 0;
    for (int i = 0; i < res->n_boxes; i++)
        n += strcmp(res->boxes[i].kind, kind) == 0;
    return n;
}

static void test_same_map_on_every_thread_count(void **state)
{
    (void)state;
    const char *data = pm_test_tmp("crowded.gpkg");
    write_data(data);
    rendering one = render_with(data, 1, pm_test_tmp("one.png"));
    int w = cairo_image_surface_get_width(one.image), h = cairo_image_surface_get_height(one.image);
    assert_int_equal(w, 1000);
    assert_int_equal(h, 750);
    /* Something real was drawn: markers went into the label grid and
     * labels found room among them. */
    assert_int_equal(count_boxes(&one.res, "marker"), N);
    assert_int_equal(count_boxes(&one.res, "label") > 5, 1);
    for (int threads = 2; threads <= 3; threads++) {
        rendering many = render_with(data, threads, pm_test_tmp("many.png"));
        cairo_surface_flush(many.image);
        int stride = cairo_image_surface_get_stride(one.image);
        assert_int_equal(stride, cairo_image_surface_get_stride(many.image));
        const unsigned char *a = cairo_image_surface_get_data(one.image);
        const unsigned char *b = cairo_image_surface_get_data(many.image);
        for (int y = 0; y < h; y++)
            if (memcmp(a + (size_t)y * (size_t)stride, b + (size_t)y * (size_t)stride, 4 * (size_t)w) != 0)
                fail_msg("%d threads: row %d differs from one thread's", threads, y);
        assert_int_equal(one.res.n_boxes, many.res.n_boxes);
        for (int i = 0; i < one.res.n_boxes; i++) {
            assert_string_equal(one.res.boxes[i].kind, many.res.boxes[i].kind);
            assert_memory_equal(&one.res.boxes[i].x, &many.res.boxes[i].x, 4 * sizeof(double));
        }
        rendering_free(&many);
    }
    rendering_free(&one);
}

/* Markers of a layer without labels still keep a later layer's labels off
 * them (the collision grid is filled whenever something is placed after). */
static void test_labels_avoid_unlabelled_markers(void **state)
{
    (void)state;
    const char *data = pm_test_tmp("crowded2.gpkg");
    write_data(data);
    char text[4096];
    snprintf(text, sizeof text,
             "{\"title\": \"\", \"legend\": false, \"scale_bar\": false, \"north_arrow\": false,"
             " \"page\": {\"width_mm\": 200, \"height_mm\": 150, \"width_px\": 1000, \"height_px\": 750},"
             " \"extent\": {\"bbox\": [103.5, 30.2, 104.6, 31.0]}, \"layers\": ["
             "  {\"name\": \"dots\", \"source\": \"%s\", \"layer\": \"points\", \"legend\": false,"
             "   \"style\": {\"label\": null, \"marker\": \"circle\", \"marker_size\": 4, \"fill\": \"#e6550d\"}},"
             "  {\"name\": \"names\", \"source\": \"%s\", \"layer\": \"points\", \"legend\": false,"
             "   \"style\": {\"label\": \"name\", \"marker\": \"none\", \"font_size\": 9}}]}",
             data, data);
    pm_render_result res = render_spec(text, 0, pm_test_tmp("avoid.png"));
    int labels = 0;
    for (int i = 0; i < res.n_boxes; i++) {
        const pm_render_box *a = &res.boxes[i];
        if (strcmp(a->kind, "label") != 0)
            continue;
        labels++;
        for (int k = 0; k < res.n_boxes; k++) {
            const pm_render_box *b = &res.boxes[k];
            if (strcmp(b->kind, "marker") == 0 && a->x < b->x + b->w && b->x < a->x + a->w &&
                a->y < b->y + b->h && b->y < a->y + a->h)
                fail_msg("label \"%s\" covers a marker at %.1f,%.1f", a->text, b->x, b->y);
        }
    }
    assert_true(labels > 5);
    assert_int_equal(count_boxes(&res, "marker"), N);
    pm_render_result_free(&res);
}

PM_TEST_MAIN(test_same_map_on_every_thread_count,
             test_labels_avoid_unlabelled_markers)
