/* Whether a lean map (planmap render) streams a layer that is only drawn
 * is decided from the start of it (layers/map_load.c, probe): a layer that
 * ends within the start is kept as read; one the driver counts past the
 * start goes on without a second chunk read, and is streamed when it is
 * more than a chunk, else loaded whole; every feature is there either way. */
#include "pm_test.h"

#include <gdal.h>
#include <stdio.h>
#include <string.h>

#include "ogr_write.h"
#include "pm_map_data.h"

/* The probe's start, in features (map_load.c PROBE). */
#define START 1024

/* A polygon of n vertices round (x, y), r degrees across. */
static OGRGeometryH ring_polygon(double x, double y, double r, int n)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    for (int k = 0; k <= n; k++)
        OGR_G_AddPoint_2D(ring, x + r * cos(k % n * 2 * M_PI / n), y + r * sin(k % n * 2 * M_PI / n));
    OGR_G_AddGeometryDirectly(poly, ring);
    return poly;
}

/* Layers of START and START + 1 small polygons, and START + 1 large ones
 * (a chunk of those is under START features). */
static const char *write_layers(void)
{
    const char *path = pm_test_tmp("probe.gpkg");
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    const char *fields[] = {"name", NULL}, *value[] = {"a"};
    const char *names[] = {"exact", "one_more", "large"};
    const int counts[] = {START, START + 1, START + 1}, vertices[] = {6, 6, 400};
    GDALDatasetStartTransaction(ds, FALSE);
    for (int l = 0; l < 3; l++) {
        OGRLayerH layer = ogr_new_layer(ds, names[l], wkbPolygon, fields);
        for (int i = 0; i < counts[l]; i++) {
            double x, y;
            ogr_spot(i, 1, 1, &x, &y);
            ogr_add(layer, ring_polygon(x, y, 0.004, vertices[l]), value);
        }
    }
    GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
    return path;
}

static void test_start_and_count(void **state)
{
    (void)state;
    const char *data = write_layers();
    char text[2048];
    snprintf(text, sizeof text,
             "{\"title\": \"\", \"legend\": false, \"extent\": {\"bbox\": [103.5, 30.2, 104.6, 31.0]},"
             " \"layers\": ["
             "  {\"name\": \"exact\", \"source\": \"%s\", \"layer\": \"exact\", \"legend\": false,"
             "   \"style\": {\"label\": null}},"
             "  {\"name\": \"one_more\", \"source\": \"%s\", \"layer\": \"one_more\", \"legend\": false,"
             "   \"style\": {\"label\": null}},"
             "  {\"name\": \"large\", \"source\": \"%s\", \"layer\": \"large\", \"legend\": false,"
             "   \"style\": {\"label\": null}}]}",
             data, data, data);
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), "probe.json", &err);
    if (!spec)
        fail_msg("%s", err.msg);
    pm_map *map = pm_map_create_lean(spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    /* Kept as the start read it. */
    assert_null(map->layers[0].streamed);
    assert_int_equal(map->layers[0].data->n_features, START);
    /* Counted past the start, but within a chunk: loaded whole. */
    assert_null(map->layers[1].streamed);
    assert_int_equal(map->layers[1].data->n_features, START + 1);
    /* Counted past the start and more than a chunk: streamed. */
    assert_non_null(map->layers[2].streamed);
    assert_int_equal(map->layers[2].data->n_features, 0);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

PM_TEST_MAIN(test_start_and_count)
