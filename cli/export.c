/* planmap export (SPEC | DIR) -o FILE.gpkg: a QGIS-ready GeoPackage;
 * planmap export SPEC -o MAP.qgz|.qgs: a QGIS project with a print layout. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "pm_batch.h"
#include "pm_guard.h"
#include "pm_inputs.h"
#include "pm_write.h"
#include "pm_export.h"
#include "pm_init.h"
#include "pm_map.h"
#include "pm_strings.h"
#include "pm_map_data.h"
#include "pm_qgis.h"

static const char export_usage[] =
    "usage: planmap export (SPEC | - | DIR) -o FILE.gpkg [--crs CRS] [--sidecars] [-q | -v]\n"
    "       planmap export (SPEC | - | BATCH) -o MAP.qgz|MAP.qgs [-q | -v]\n"
    "\n"
    "Write one GeoPackage with every layer and its planmap style embedded as\n"
    "the QGIS default style (layer_styles table: QML and SLD).\n"
    "  SPEC  a map spec: each spec layer as drawn (its `where` filter), named by layer name\n"
    "        (- reads it from standard input)\n"
    "  DIR   a data folder: every layer of every vector file under it, named\n"
    "        <folder>_<file> (<folder>_<file>_<layer> for a file of several layers)\n"
    "With -o MAP.qgz (or .qgs), write a QGIS project of the map instead: its layers in\n"
    "MAP.gpkg beside it, in the map's CRS, with the map's extent, layer order, styles\n"
    "and labels, and a print layout of the page (title, legend, scale bar, north arrow,\n"
    "notes, inset). BATCH, a batch file with an atlas: the layout is a QGIS atlas\n"
    "on the atlas's coverage layer (one page per feature, titles from its templates).\n"
    "\n"
    "  -o, --output FILE  the GeoPackage (.gpkg) or QGIS project (.qgz, .qgs) to write\n"
    "      --crs CRS      the tables' CRS: map (a spec's default: the map's), source\n"
    "                     (each source's own), wgs84 (a folder's default), or a code\n"
    "                     or PROJ string (EPSG:4547); a project keeps the map's\n"
    "      --sidecars     DIR only: also write <file>.qml beside each source file\n"
    "                     (not beside a GeoPackage: QGIS reads its styles inside)\n"
    PM_CLI_BASE_HELP
    PM_CLI_QUIET_HELP
    "  -v, --verbose      one line per exported layer\n"
    PM_CLI_NETWORK_HELP
    "  -h, --help         show this help\n";

typedef struct export_args {
    const char *input;
    const char *output;
    const char *crs;     /* --crs as given, NULL: the default */
    const char *base;
    pm_export_options opts;
} export_args;


static int is_project(const char *path)
{
    return pm_has_ext(path, ".qgz") || pm_has_ext(path, ".qgs");
}

static const pm_cli_option export_options[] = {
    {"output", 'o', "an output file", offsetof(export_args, output), pm_cli_set_name},
    {"crs", 0, "a CRS", offsetof(export_args, crs), pm_cli_set_name},
    {"sidecars", 0, NULL, offsetof(export_args, opts.sidecars), pm_cli_set_flag},
    {"base", 0, "a folder", offsetof(export_args, base), pm_cli_set_base},
    {NULL, 0, NULL, 0, NULL}};

/* What the output's name asks for, after parsing: 0 to go on, or the exit
 * code. */
static int check_export_args(export_args *a)
{
    a->opts.verbose = pm_cli_verbose();
    if (!pm_has_ext(a->output, ".gpkg") && !is_project(a->output)) {
        pm_cli_fail("export: %s: use -o FILE.gpkg, MAP.qgz or MAP.qgs",
                    a->output ? a->output : "no output given");
        return 2;
    }
    a->opts.context = pm_cli_context();
    return 0;
}

/* The GeoPackage (and a project) may not replace the spec or a file of its
 * sources (they are read while it is written). */
static pm_status check_output(const pm_spec *spec, const char *output, pm_error *err)
{
    for (int i = 0; i < pm_spec_layer_count(spec); i++)
        pm_inputs_add_source(pm_spec_layer_source(spec, i));
    pm_inputs_add_source(pm_spec_inset_source(spec));
    pm_status st = pm_inputs_check_output(output, err);
    char *gpkg = st == PM_OK && is_project(output) ? pm_qgis_gpkg_path(output) : NULL;
    if (gpkg)
        st = pm_inputs_check_output(gpkg, err);
    free(gpkg);
    return st;
}

/* The tables' CRS: --crs, "map" (a spec's default) being the resolved map's,
 * "wgs84" (a folder's default) NULL. */
static pm_status export_gpkg(const pm_spec *spec, export_args *a, pm_error *err)
{
    const char *crs = a->crs ? a->crs : "map";
    if (strcasecmp(crs, "wgs84") == 0)
        return pm_export_spec(spec, a->output, &a->opts, err);
    if (strcasecmp(crs, "map") != 0) {
        a->opts.crs = strcasecmp(crs, "source") == 0 ? "source" : crs;
        return pm_export_spec(spec, a->output, &a->opts, err);
    }
    pm_map *map = pm_map_create(spec, a->opts.context, err);
    if (!map)
        return err->status ? err->status : PM_ERR_DATA;
    a->opts.crs = pm_crs_definition(map->crs);
    pm_status st = pm_export_spec(spec, a->output, &a->opts, err);
    pm_map_destroy(map);
    return st;
}

/* The map resolved as it is drawn, then its project. The GeoPackage and the
 * project are one result: their renames are held until both are written, so
 * a failed project leaves no GeoPackage behind (pm_write_hold). */
static pm_status export_project(const pm_spec *spec, const export_args *a,
                                const pm_qgis_atlas *atlases, int n_atlases, pm_error *err)
{
    pm_map *map = pm_map_create(spec, a->opts.context, err);
    if (!map)
        return err->status ? err->status : PM_ERR_DATA;
    pm_write_group files;
    pm_write_hold(&files);
    pm_status st = pm_qgis_project_write_atlas(map, a->output, &a->opts, atlases, n_atlases, err);
    st = pm_write_release(&files, st, err);
    pm_map_destroy(map);
    return st;
}

/* A batch file's atlas as a project whose print layout is a QGIS atlas on
 * the coverage layer (batch/batch_qgis.c). Neither file may replace the
 * batch file or a file the spec or the coverage reads. */
static pm_status export_atlas(const export_args *a, pm_error *err)
{
    pm_batch_qgis q;
    pm_status st = pm_batch_qgis_load(a->input, a->opts.context, &q, err);
    if (st != PM_OK)
        return st;
    pm_inputs_add_source(a->input);
    st = check_output(q.spec, a->output, err);
    export_args in_lang = *a;
    in_lang.opts.lang = q.lang;
    if (st == PM_OK)
        st = export_project(q.spec, &in_lang, q.atlases, q.n_atlases, err);
    if (st == PM_OK && a->opts.verbose)
        pm_print_line(stderr, "planmap: export: %s: %d atlas%s of %d pages", a->output,
                      q.n_atlases, q.n_atlases == 1 ? "" : "es", q.pages);
    pm_batch_qgis_free(&q);
    return st;
}

/* The inputs and options export refuses together: 0, or the exit code. */
static int check_export_input(const export_args *a, int dir)
{
    if (dir && is_project(a->output))
        pm_cli_fail("export: %s: a QGIS project needs a map spec, not a data folder", a->input);
    else if (dir && a->base)
        pm_cli_fail("export: --base: only for a spec read from standard input (-), not a folder");
    else if (dir && a->crs && strcasecmp(a->crs, "map") == 0)
        pm_cli_fail("export: %s: --crs map needs a map spec, not a data folder", a->input);
    else if (!dir && a->opts.sidecars)
        pm_cli_fail("export: %s: --sidecars needs a data folder, not a spec", a->input);
    else
        return 0;
    return 2;
}

static int run_export(void *args)
{
    export_args *a = args;
    int rc = check_export_args(a);
    if (rc)
        return rc;
    struct stat sb;
    int dir = stat(a->input, &sb) == 0 && S_ISDIR(sb.st_mode);
    if ((rc = check_export_input(a, dir)) != 0)
        return rc;
    pm_error err = {0};
    pm_geo_init();
    pm_status st;
    if (dir) {
        if (a->crs && strcasecmp(a->crs, "wgs84") != 0)
            a->opts.crs = strcasecmp(a->crs, "source") == 0 ? "source" : a->crs;
        st = pm_export_dir(a->input, a->output, &a->opts, &err);
    } else if (is_project(a->output) && strcmp(a->input, "-") != 0 &&
               (rc = pm_batch_file_kind(a->input)) != 0) {
        if (rc == 2) {
            pm_cli_fail("export: %s: a QGIS project of a batch file needs its \"atlas\" "
                        "(export each map's spec instead)", a->input);
            return 2;
        }
        st = export_atlas(a, &err);
    } else {
        pm_spec *spec = pm_cli_load_spec("export", a->input, a->base, &rc);
        if (!spec)
            return rc;
        st = check_output(spec, a->output, &err);
        if (st == PM_OK)
            st = is_project(a->output) ? export_project(spec, a, NULL, 0, &err)
                                       : export_gpkg(spec, a, &err);
        pm_spec_destroy(spec);
    }
    return st == PM_OK ? 0 : pm_cli_error(&err, st);
}

PM_CLI_COMMAND(export, export_args, input, .operand = "SPEC or DIR");
