/* A render's messages reach the log callback of the map's context, and only
 * that one: a label with no place is named there with --verbose (the
 * render options' verbose), and nothing is printed. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_map_data.h"
#include "pm_render.h"

typedef struct heard {
    int n;
    int level;
    char line[1024];
} heard;

static void hear(void *user, int level, const char *line)
{
    heard *h = user;
    h->n++;
    h->level = level;
    snprintf(h->line, sizeof h->line, "%s", line);
}

/* Forty points on one spot: their labels cannot all find a place. */
static const char *data_path(void)
{
    char text[8192];
    int n = snprintf(text, sizeof text, "{\"type\": \"FeatureCollection\", \"features\": [");
    for (int i = 0; i < 40; i++)
        n += snprintf(text + n, sizeof text - (size_t)n,
                      "%s{\"type\": \"Feature\", \"properties\": {\"id\": \"p%d\", \"name\": "
                      "\"Label number %d\"}, \"geometry\": {\"type\": \"Point\", "
                      "\"coordinates\": [104.0, 30.6]}}", i ? "," : "", i, i);
    snprintf(text + n, sizeof text - (size_t)n, "]}");
    return pm_test_write("points.geojson", text);
}

static const char *SPEC =
    "{\"title\": \"\", \"legend\": false, \"scale_bar\": false, \"north_arrow\": false,"
    " \"page\": {\"width_mm\": 100, \"height_mm\": 80, \"width_px\": 400, \"height_px\": 320},"
    " \"extent\": {\"bbox\": [103.5, 30.2, 104.6, 31.0]},"
    " \"layers\": [{\"name\": \"points\", \"source\": \"%s\", \"legend\": false,"
    "   \"style\": {\"label\": \"name\", \"marker\": \"circle\", \"marker_size\": 4}}]}";

static void render_with(const pm_context *ctx, int verbose, const char *png)
{
    char text[2048];
    snprintf(text, sizeof text, SPEC, data_path());
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), "log.json", &err);
    pm_map *map = spec ? pm_map_create(spec, ctx, &err) : NULL;
    if (!map)
        fail_msg("%s", err.msg);
    pm_render_options opts = {.format = PM_FORMAT_PNG, .verbose = verbose};
    if (pm_render_file(map, png, &opts, NULL, &err) != PM_OK)
        fail_msg("%s", err.msg);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

static void test_dropped_label(void **state)
{
    (void)state;
    pm_context *a = pm_context_create(), *b = pm_context_create();
    heard ha = {0}, hb = {0};
    pm_context_set_log(a, hear, &ha);
    pm_context_set_log(b, hear, &hb);
    render_with(a, 1, pm_test_tmp("a.png"));
    assert_true(ha.n >= 1);
    assert_int_equal(ha.level, PM_LOG_VERBOSE);
    /* One line, without the program's name: the CLI adds "planmap: ". */
    assert_non_null(strstr(ha.line, "log.json: layer points: label \"Label number "));
    assert_non_null(strstr(ha.line, "\" dropped (no free place)"));
    assert_null(strchr(ha.line, '\n'));
    assert_int_equal(hb.n, 0);   /* the other context heard nothing */
    /* Without verbose nothing is said. */
    render_with(b, 0, pm_test_tmp("b.png"));
    assert_int_equal(hb.n, 0);
    pm_context_destroy(a);
    pm_context_destroy(b);
}

PM_TEST_MAIN(test_dropped_label)
