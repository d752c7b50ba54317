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
#include "render_cli.h"
#include "pm_georef.h"
#include "pm_guard.h"
#include "pm_inputs.h"
#include "pm_render.h"
#include "pm_write.h"

static const char render_usage[] =
    "usage: planmap render SPEC -o OUT.png|OUT.svg|OUT.pdf|OUT.tif [-o OUT2 ...] [options]\n"
    "\n"
    "Draw the map described by the JSON spec SPEC (see docs/spec.md). SPEC - reads the\n"
    "spec from standard input; -o - writes the map to standard output (with --format).\n"
    "\n"
    "  -o, --output FILE      output file; its extension picks the format. Repeat it for\n"
    "                         several formats of one map: all are written or none\n"
    "  -f, --format FMT       png, svg, pdf or tiff (GeoTIFF): the format of an output\n"
    "                         whose extension names none (-o -); another extension is an error\n"
    "      --base DIR         a spec read from standard input (-) resolves its sources\n"
    "                         against DIR (default: the working folder)\n"
    "      --dpi N            raster resolution (overrides the spec's page.dpi)\n"
    "      --width PX         output width in pixels (PNG; with --height)\n"
    "      --height PX        output height in pixels (PNG; with --width)\n"
    "      --max-pixels N     raster budget in pixels (default 150000000, about 600 MB):\n"
    "                         a larger PNG or GeoTIFF page is refused before drawing\n"
    "      --labels-json FILE write every placed label, marker and furniture box as JSON\n"
    "                         (of the first -o; - for standard output)\n"
    "      --world-file       also write OUT.pgw, OUT.prj and OUT.png.aux.xml beside each\n"
    "                         PNG (an error without a PNG file among the outputs)\n"
    "      --lang LANG        zh, en or zh+en: labels, legend and title (overrides the spec)\n"
    PM_CLI_NETWORK_HELP
    PM_CLI_QUIET_HELP
    "  -v, --verbose          report labels that could not be placed\n"
    "  -h, --help             show this help\n";

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

static int add_output(render_args *a, const char *value)
{
    if (a->n_out == RENDER_MAX_OUTPUTS) {
        pm_cli_fail("render: -o: at most %d outputs in one run, got more", RENDER_MAX_OUTPUTS);
        return 2;
    }
    return pm_cli_name_value("render", "-o", "an output file", value, &a->out[a->n_out++].path);
}

static int parse_format(render_args *a, const char *value)
{
    a->format_tiff = !strcasecmp(value, "tiff") || !strcasecmp(value, "tif") ||
                     !strcasecmp(value, "geotiff");
    a->format = a->format_tiff ? PM_FORMAT_PNG : pm_format_from_name(value);
    if (a->format != PM_FORMAT_AUTO)
        return 0;
    pm_cli_fail("render: --format: expected png, svg or pdf (or tiff: GeoTIFF), got '%s'", value);
    return 2;
}

/* Returns -1 to exit 0 (help), 0 to go on, >0 an exit code. */
static int parse_render_args(int argc, char **argv, render_args *a)
{
    enum { OPT_DPI = 256, OPT_WIDTH, OPT_HEIGHT, OPT_LABELS, OPT_WORLD, OPT_LANG, OPT_MAX_PIXELS,
           OPT_BASE };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"base", required_argument, NULL, OPT_BASE},
        {"dpi", required_argument, NULL, OPT_DPI},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"height", required_argument, NULL, OPT_HEIGHT},
        {"max-pixels", required_argument, NULL, OPT_MAX_PIXELS},
        {"labels-json", required_argument, NULL, OPT_LABELS},
        {"lang", required_argument, NULL, OPT_LANG},
        {"world-file", no_argument, NULL, OPT_WORLD},
        PM_CLI_SHARED_LONGOPTS};
    double v;
    int c;
    pm_cli_options_begin();
    while ((c = getopt_long(argc, argv, ":o:f:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (add_output(a, optarg))
                return 2;
            break;
        case 'f':
            if (parse_format(a, optarg))
                return 2;
            break;
        case OPT_BASE:
            if (pm_cli_base_value("render", optarg, &a->base))
                return 2;
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
        default: {
            int rc = pm_cli_shared_option("render", c, argv, render_usage);
            if (rc)
                return rc;
        }
        }
    }
    a->opts.verbose = pm_cli_verbose();
    if (pm_cli_one_operand("render", argc, argv, "no SPEC given", "one SPEC", &a->spec))
        return 2;
    if (a->n_out == 0) {
        pm_cli_fail("render: no output given: use -o OUT.png, OUT.svg or OUT.pdf");
        return 2;
    }
    if ((a->opts.width_px > 0) != (a->opts.height_px > 0)) {
        pm_cli_fail("render: --width and --height go together");
        return 2;
    }
    return render_outputs_resolve(a);
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
static pm_status write_labels_json(const char *path, const pm_map *map,
                                   const pm_render_result *r, pm_error *err)
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
    pm_status st = line ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (line) {
        memcpy(line, text, len);
        line[len] = '\n';
        st = pm_write_file(path, line, len + 1, "cannot write labels", err);
    }
    free(line);
    json_object_put(root);
    return st;
}

/* One output of the map, and its world files when asked (PNG only: a
 * GeoTIFF carries its georeferencing inside). */
static pm_status render_one(const render_args *a, const render_output *o, const pm_map *map,
                            pm_render_options opts, pm_render_result *result, pm_error *err)
{
    opts.format = o->format;
    if (o->tiff)
        return pm_render_geotiff(map, o->path, &opts, result, err);
    pm_status st = pm_render_file(map, o->path, &opts, result, err);
    if (st == PM_OK && a->world_file && o->format == PM_FORMAT_PNG && strcmp(o->path, "-") != 0)
        st = pm_georef_write_world(o->path, result, map->crs, err);
    return st;
}

/* Every output, files first and standard output last (what is written to
 * a pipe cannot be taken back), then the labels of the first. The files'
 * renames are held until all are written (pm_write_hold): all or none. */
static pm_status render_all(const render_args *a, const pm_map *map, pm_error *err)
{
    pm_render_result first = {0};
    pm_status st = PM_OK;
    pm_write_hold();
    for (int pass = 0; pass < 2 && st == PM_OK; pass++)
        for (int i = 0; i < a->n_out && st == PM_OK; i++) {
            const render_output *o = &a->out[i];
            if ((strcmp(o->path, "-") == 0) != pass)
                continue;
            pm_render_options opts = a->opts;
            pm_render_result other = {0};
            /* marker boxes only go to --labels-json, of the first output */
            opts.lean_result = i > 0 || !a->labels_json;
            st = render_one(a, o, map, opts, i == 0 ? &first : &other, err);
            pm_render_result_free(&other);
        }
    if (st == PM_OK && a->labels_json)
        st = write_labels_json(a->labels_json, map, &first, err);
    pm_render_result_free(&first);
    return pm_write_release(st, err);
}

int pm_cli_render(int argc, char **argv)
{
    render_args a = {0};
    int rc = parse_render_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;

    pm_error err = {0};
    pm_geo_init_lean();
    pm_spec *spec = pm_cli_load_spec("render", a.spec, a.base, &rc);
    if (!spec)
        return rc;
    pm_map *map = pm_map_create_lean(spec, pm_cli_context(), &err);
    if (map && render_outputs_check(&a, map, &err) == PM_OK && render_all(&a, map, &err) == PM_OK)
        rc = 0;
    else
        rc = pm_cli_error(&err, err.status ? err.status : PM_ERR_RENDER);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    return rc;
}
