/* planmap render SPEC -o OUT: spec → load → style → place → draw → write. */
#include <stddef.h>
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
    "  -v, --verbose          report each stage and its time (spec, every file read,\n"
    "                         loading, each drawing and its outputs) and labels that\n"
    "                         could not be placed\n"
    "  -h, --help             show this help\n";

static int set_output(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    render_args *a = field;
    if (a->n_out == RENDER_MAX_OUTPUTS) {
        pm_cli_fail("render: -o: at most %d outputs in one run, got more", RENDER_MAX_OUTPUTS);
        return 2;
    }
    return pm_cli_set_name(command, o, value, &a->out[a->n_out++].path);
}

static int set_format(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    render_args *a = field;
    (void)command, (void)o;
    a->format_tiff = !strcasecmp(value, "tiff") || !strcasecmp(value, "tif") ||
                     !strcasecmp(value, "geotiff");
    a->format = a->format_tiff ? PM_FORMAT_PNG : pm_format_from_name(value);
    if (a->format != PM_FORMAT_AUTO)
        return 0;
    pm_cli_fail("render: --format: expected png, svg or pdf (or tiff: GeoTIFF), got '%s'", value);
    return 2;
}

static int set_dpi(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    return pm_cli_number(command, o, value, 36, 1200, field);
}

/* --width or --height in pixels */
static int set_side(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    double v;
    if (pm_cli_number(command, o, value, 16, 20000, &v))
        return 2;
    *(int *)field = (int)v;
    return 0;
}

#define OPTS(member) offsetof(render_args, opts.member)
static const pm_cli_option render_options[] = {
    {"output", 'o', "an output file", 0, set_output},
    {"format", 'f', "a format", 0, set_format},
    {"base", 0, "a folder", offsetof(render_args, base), pm_cli_set_base},
    {"dpi", 0, "a number", OPTS(dpi), set_dpi},
    {"width", 0, "a number", OPTS(width_px), set_side},
    {"height", 0, "a number", OPTS(height_px), set_side},
    {"max-pixels", 0, "a number", OPTS(max_pixels), pm_cli_set_max_pixels},
    {"labels-json", 0, "a file", offsetof(render_args, labels_json), pm_cli_set_name},
    {"lang", 0, "a language", OPTS(lang), pm_cli_set_lang},
    {"world-file", 0, NULL, offsetof(render_args, world_file), pm_cli_set_flag},
    {NULL, 0, NULL, 0, NULL}};
#undef OPTS

/* The checks options need together, after parsing: 0 to go on, or the exit
 * code. */
static int check_render_args(render_args *a)
{
    a->opts.verbose = pm_cli_verbose();
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

/* The features held in memory (a streamed layer is read while drawn). */
static int map_features(const pm_map *map)
{
    int n = 0;
    for (int i = 0; i < map->n_layers; i++)
        if (map->layers[i].data && !map->layers[i].shared)
            n += map->layers[i].data->n_features;
    return n;
}

static int run_render(void *args)
{
    render_args *a = args;
    int rc = check_render_args(a);
    if (rc)
        return rc;
    pm_error err = {0};
    pm_geo_init_lean();
    double t0 = pm_cli_seconds();
    pm_spec *spec = pm_cli_load_spec("render", a->spec, a->base, &rc);
    if (!spec)
        return rc;
    pm_cli_stage("render", t0, "%s read", a->spec);
    t0 = pm_cli_seconds();
    pm_map *map = pm_map_create_lean(spec, pm_cli_context(), &err);
    if (map) {
        pm_cli_inputs_read("render");
        pm_cli_stage("render", t0, "%d layer%s loaded, styled and projected (%d features)",
                     map->n_layers, map->n_layers == 1 ? "" : "s", map_features(map));
    }
    /* Drawn once per format family, written all or none (pm_render.h). */
    if (map && render_outputs_check(a, map, &err) == PM_OK &&
        pm_render_outputs(map, a->out, a->n_out, a->labels_json, &a->opts, NULL, &err) == PM_OK)
        rc = 0;
    else
        rc = pm_cli_error(&err, err.status ? err.status : PM_ERR_RENDER);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    return rc;
}

PM_CLI_COMMAND(render, render_args, spec, .operand = "SPEC");
