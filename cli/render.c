/* planmap render SPEC -o OUT: spec → load → style → place → draw → write. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pm_georef.h"
#include "pm_guard.h"
#include "pm_inputs.h"
#include "pm_render.h"
#include "pm_write.h"

static const char render_usage[] =
    "usage: planmap render SPEC -o OUT.png|OUT.svg|OUT.pdf|OUT.tif [options]\n"
    "\n"
    "Draw the map described by the JSON spec SPEC (see docs/spec.md).\n"
    "\n"
    "  -o, --output FILE      output file; its extension picks the format\n"
    "  -f, --format FMT       png, svg, pdf or tiff (GeoTIFF; overrides the extension)\n"
    "      --dpi N            raster resolution (overrides the spec's page.dpi)\n"
    "      --width PX         output width in pixels (PNG; with --height)\n"
    "      --height PX        output height in pixels (PNG; with --width)\n"
    "      --max-pixels N     raster budget in pixels (default 150000000, about 600 MB):\n"
    "                         a larger PNG or GeoTIFF page is refused before drawing\n"
    "      --labels-json FILE write every placed label, marker and furniture box as JSON\n"
    "      --world-file       PNG: also write OUT.pgw and OUT.prj (georeferencing)\n"
    "      --lang LANG        zh, en or zh+en: labels, legend and title (overrides the spec)\n"
    PM_CLI_NETWORK_HELP
    "  -v, --verbose          report labels that could not be placed\n"
    "  -h, --help             show this help\n";

typedef struct render_args {
    const char *spec;
    const char *output;
    const char *labels_json;
    pm_render_options opts;
    int tiff;          /* GeoTIFF through GDAL */
    int world_file;    /* .pgw + .prj beside a PNG */
} render_args;

static int parse_positive(const char *opt, const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= lo && v <= hi)) {
        pm_cli_fail("render: %s: expected a number from %g to %g, got '%s'", opt, lo, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* Returns -1 to exit 0 (help), 0 to go on, >0 an exit code. */
static int parse_render_args(int argc, char **argv, render_args *a)
{
    enum { OPT_DPI = 256, OPT_WIDTH, OPT_HEIGHT, OPT_LABELS, OPT_WORLD, OPT_LANG, OPT_MAX_PIXELS,
           OPT_NET };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"dpi", required_argument, NULL, OPT_DPI},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"height", required_argument, NULL, OPT_HEIGHT},
        {"max-pixels", required_argument, NULL, OPT_MAX_PIXELS},
        {"labels-json", required_argument, NULL, OPT_LABELS},
        {"lang", required_argument, NULL, OPT_LANG},
        {"world-file", no_argument, NULL, OPT_WORLD},
        {"allow-network", no_argument, NULL, OPT_NET},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    double v;
    int c;
    pm_cli_options_begin();
    while ((c = getopt_long(argc, argv, ":o:f:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (pm_cli_name_value("render", "-o", "an output file", optarg, &a->output))
                return 2;
            break;
        case 'f':
            a->tiff = !strcasecmp(optarg, "tiff") || !strcasecmp(optarg, "tif") ||
                      !strcasecmp(optarg, "geotiff");
            a->opts.format = a->tiff ? PM_FORMAT_PNG : pm_format_from_name(optarg);
            if (a->opts.format == PM_FORMAT_AUTO) {
                pm_cli_fail("render: --format: expected png, svg or pdf (or tiff: GeoTIFF), got '%s'", optarg);
                return 2;
            }
            break;
        case OPT_DPI:
            if (parse_positive("--dpi", optarg, 36, 1200, &a->opts.dpi)) return 2;
            break;
        case OPT_WIDTH:
            if (parse_positive("--width", optarg, 16, 20000, &v)) return 2;
            a->opts.width_px = (int)v;
            break;
        case OPT_HEIGHT:
            if (parse_positive("--height", optarg, 16, 20000, &v)) return 2;
            a->opts.height_px = (int)v;
            break;
        case OPT_MAX_PIXELS:
            if (parse_positive("--max-pixels", optarg, 1e6, 32767.0 * 32767.0, &v)) return 2;
            a->opts.max_pixels = (long long)v;
            break;
        case OPT_LABELS:
            if (pm_cli_name_value("render", "--labels-json", "a file", optarg, &a->labels_json))
                return 2;
            break;
        case OPT_LANG:
            a->opts.lang = pm_lang_from_name(optarg);
            if (a->opts.lang == PM_LANG_DEFAULT) {
                pm_cli_fail("render: --lang: expected zh, en or zh+en, got '%s'", optarg);
                return 2;
            }
            break;
        case OPT_WORLD: a->world_file = 1; break;
        case OPT_NET: pm_cli_allow_network(); break;
        case 'v': a->opts.verbose = 1; break;
        default: return pm_cli_shared_option("render", c, argv, render_usage);
        }
    }
    if (pm_cli_one_operand("render", argc, argv, "no SPEC given", "one SPEC", &a->spec))
        return 2;
    if (!a->output) {
        pm_cli_fail("render: no output given: use -o OUT.png, OUT.svg or OUT.pdf");
        return 2;
    }
    a->opts.lean_result = a->labels_json == NULL;   /* marker boxes only go to --labels-json */
    if ((a->opts.width_px > 0) != (a->opts.height_px > 0)) {
        pm_cli_fail("render: --width and --height go together");
        return 2;
    }
    if (a->opts.format == PM_FORMAT_AUTO && pm_georef_is_tiff(a->output))
        a->tiff = 1;
    if (a->opts.format == PM_FORMAT_AUTO && !a->tiff && pm_format_from_path(a->output) == PM_FORMAT_AUTO) {
        pm_cli_fail("render: %s: cannot tell the format from the extension; use .png, .svg, .pdf or --format", a->output);
        return 2;
    }
    return 0;
}

static json_object *box_to_json(const pm_render_box *b)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "kind", json_object_new_string(b->kind));
    json_object_object_add(o, "text", json_object_new_string(b->text));
    json_object_object_add(o, "x", json_object_new_double(b->x));
    json_object_object_add(o, "y", json_object_new_double(b->y));
    json_object_object_add(o, "w", json_object_new_double(b->w));
    json_object_object_add(o, "h", json_object_new_double(b->h));
    return o;
}

static json_object *doubles(const double *v, int n)
{
    json_object *a = json_object_new_array();
    for (int i = 0; i < n; i++)
        json_object_array_add(a, json_object_new_double(v[i]));
    return a;
}

/* Besides the boxes, the map CRS and the map→page transform, so a checker can
 * project a lon/lat itself (e.g. with cs2cs) and look at that spot. */
static int write_labels_json(const char *path, const pm_map *map, const pm_render_result *r)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "width", json_object_new_int(r->width));
    json_object_object_add(root, "height", json_object_new_int(r->height));
    json_object_object_add(root, "crs", json_object_new_string(pm_crs_definition(map->crs)));
    json_object_object_add(root, "map_frame", doubles(r->map_frame, 4));
    json_object_object_add(root, "map_to_page", doubles(r->map_to_page, 4));
    json_object_object_add(root, "scale", json_object_new_double(r->scale));
    json_object *boxes = json_object_new_array();
    for (int i = 0; i < r->n_boxes; i++)
        json_object_array_add(boxes, box_to_json(&r->boxes[i]));
    json_object_object_add(root, "boxes", boxes);

    /* Through the one writer, like every output: a temporary renamed into
     * place, a device or pipe (/dev/stdout) written in place. */
    size_t len = 0;
    const char *text = json_object_to_json_string_length(root, JSON_C_TO_STRING_PRETTY, &len);
    char *line = malloc(len + 2);
    pm_error err = {0};
    pm_status st = line ? PM_OK : pm_error_set(&err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (line) {
        memcpy(line, text, len);
        line[len] = '\n';
        st = pm_write_file(path, line, len + 1, "cannot write labels", &err);
    }
    free(line);
    json_object_put(root);
    return st == PM_OK ? 0 : pm_cli_error(&err, st);
}

/* Before anything is drawn: no output replaces a file the map reads (the
 * spec, every file of every source, the inset's; error 3), and no two
 * outputs are one file (error 2). */
static pm_status check_outputs(const render_args *a, const pm_map *map, pm_error *err)
{
    static const char *const what[5] = {"the map", "its world file", "its .prj",
                                        "its .aux.xml", "--labels-json"};
    const char *paths[5] = {a->output, NULL, NULL, NULL, a->labels_json};
    char *world[3] = {NULL, NULL, NULL};
    pm_format f = a->opts.format ? a->opts.format : pm_format_from_path(a->output);
    if (a->world_file && !a->tiff && f == PM_FORMAT_PNG &&
        pm_georef_world_names(a->output, world) == 0)
        paths[1] = world[0], paths[2] = world[1], paths[3] = world[2];
    pm_inputs_add_source(map->spec->inset_source);   /* read with the map: an input too */
    pm_outset *set = pm_outset_new();
    pm_status st = PM_OK;
    for (int i = 0; i < 5 && st == PM_OK; i++) {
        if (!paths[i] || (st = pm_inputs_check_output(paths[i], err)) != PM_OK)
            continue;
        int first = pm_outset_add(set, paths[i], i);
        if (first >= 0)
            st = pm_error_set(err, PM_ERR_USAGE, "%s: written twice: as %s and as %s", paths[i],
                              what[first], what[i]);
    }
    pm_outset_free(set);
    for (int i = 0; i < 3; i++)
        free(world[i]);
    return st;
}

/* The map in the asked format, and its world file when asked (PNG only:
 * a GeoTIFF carries its georeferencing inside). */
static pm_status render_one(const render_args *a, const pm_map *map, pm_render_result *result,
                            pm_error *err)
{
    if (a->tiff)
        return pm_render_geotiff(map, a->output, &a->opts, result, err);
    pm_status st = pm_render_file(map, a->output, &a->opts, result, err);
    pm_format f = a->opts.format ? a->opts.format : pm_format_from_path(a->output);
    if (st == PM_OK && a->world_file && f == PM_FORMAT_PNG)
        st = pm_georef_write_world(a->output, result, map->crs, err);
    return st;
}

int pm_cli_render(int argc, char **argv)
{
    render_args a = {0};
    int rc = parse_render_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;

    pm_error err = {0};
    pm_render_result result = {0};
    pm_geo_init_lean();
    pm_spec *spec = pm_spec_load(a.spec, &err);
    pm_map *map = spec ? pm_map_create_lean(spec, pm_cli_context(), &err) : NULL;
    if (map && check_outputs(&a, map, &err) == PM_OK && render_one(&a, map, &result, &err) == PM_OK) {
        rc = a.labels_json ? write_labels_json(a.labels_json, map, &result) : 0;
    } else {
        rc = pm_cli_error(&err, err.status ? err.status : PM_ERR_RENDER);
    }
    pm_render_result_free(&result);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    return rc;
}
