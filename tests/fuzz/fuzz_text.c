/* libFuzzer harness: long and strange text through the real text path.
 *
 * The input (any bytes: cut at the first NUL) is
 *  1. checked and bounded (pm_text_check, pm_text_bounded): the bounded copy
 *     must always pass the check, and text that passes needs no copy;
 *  2. shaped and drawn straight through render/text.c as a wrapped title and
 *     as a haloed label on a small image surface, walking its clusters as
 *     curved labels do;
 *  3. rendered as a whole map, as the title of a spec and as the name label
 *     of a point, to a small PNG: the spec reader and the data check must
 *     refuse what is out of bounds, and whatever passes must draw quickly. */
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_inputs.h"
#include "pm_render.h"
#include "pm_text.h"
#include "render_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char dir[64] = "/tmp/pm_fuzz_text.XXXXXX";
static char spec_path[96], layer_path[96], out_path[96];
static PangoContext *pc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pm_geo_init();
    if (!mkdtemp(dir))
        abort();
    snprintf(spec_path, sizeof spec_path, "%s/map.json", dir);
    snprintf(layer_path, sizeof layer_path, "%s/p.geojson", dir);
    snprintf(out_path, sizeof out_path, "%s/map.png", dir);
    pc = pm_text_context();
    return pc ? 0 : -1;
}

static void check_bounds(const char *text)
{
    char why[128];
    int nomem = 0;
    char *b = pm_text_bounded(text, &nomem);
    int ok = pm_text_check(text, why, sizeof why) == 0;
    if ((ok && b) || (!ok && !b && !nomem) || (b && pm_text_check(b, why, sizeof why) != 0))
        __builtin_trap();
    free(b);
}

static void draw_direct(const char *text)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 96, 48);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, 2, 2);
    const pm_color black = {0, 0, 0, 1}, white = {1, 1, 1, 1};
    PangoLayout *title = pm_text_layout(pc, text, NULL, 18, 40);
    PangoLayout *label = pm_text_layout(pc, text, "Noto Sans CJK SC Bold", 9, 0);
    double w, h;
    pm_text_size(title, &w, &h);
    pm_text_draw(cr, title, 1, 1, black, white, 0);
    pm_text_size(label, &w, &h);
    pm_text_draw(cr, label, 2, 2, black, white, 1.2);
    PangoLayoutIter *it = pango_layout_get_iter(label);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_cluster_extents(it, NULL, &logical);
    } while (pango_layout_iter_next_cluster(it));
    pango_layout_iter_free(it);
    g_object_unref(title);
    g_object_unref(label);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int bad = fputs(text, f) < 0;
    return fclose(f) != 0 || bad ? -1 : 0;
}

/* The text as the spec's title and as the label of a point. */
static void render_map(const char *text)
{
    json_object *str = json_object_new_string(text);
    const char *quoted = json_object_to_json_string_ext(str, JSON_C_TO_STRING_NOSLASHESCAPE);
    size_t n = strlen(quoted) + 512;
    char *doc = malloc(n);
    if (doc) {
        snprintf(doc, n,
                 "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\","
                 " \"properties\": {\"id\": \"p\", \"name\": %s}, \"geometry\": {\"type\": \"Point\","
                 " \"coordinates\": [104.06, 30.66]}}]}", quoted);
        int ok = write_text(layer_path, doc) == 0;
        snprintf(doc, n,
                 "{\"title\": %s, \"page\": {\"width_mm\": 60, \"height_mm\": 45, \"dpi\": 40},"
                 " \"layers\": [{\"name\": \"p\", \"source\": \"p.geojson\", \"style\": {\"label\": \"name\"}}]}",
                 quoted);
        ok = ok && write_text(spec_path, doc) == 0;
        pm_error err = {0};
        pm_spec *spec = ok ? pm_spec_load(spec_path, &err) : NULL;
        pm_map *map = spec ? pm_map_create(spec, NULL, &err) : NULL;
        pm_render_options opts = {.format = PM_FORMAT_PNG};
        if (map)
            pm_render_file(map, out_path, &opts, NULL, &err);
        pm_map_destroy(map);
        pm_spec_destroy(spec);
        free(doc);
    }
    json_object_put(str);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each input is a job of its own: inputs of earlier ones (whose files
     * are gone, their inodes and names reused) are not this one's. */
    pm_inputs_reset();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    check_bounds(text);
    draw_direct(text);
    render_map(text);
    free(text);
    return 0;
}
