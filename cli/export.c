/* planmap export (SPEC | DIR) -o FILE.gpkg: a QGIS-ready GeoPackage. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "pm_guard.h"
#include "pm_inputs.h"
#include "pm_export.h"
#include "pm_init.h"

static const char export_usage[] =
    "usage: planmap export (SPEC | DIR) -o FILE.gpkg [--sidecars] [--verbose]\n"
    "\n"
    "Write one GeoPackage (WGS84) with every layer and its planmap style embedded as\n"
    "the QGIS default style (layer_styles table: QML and SLD).\n"
    "  SPEC  a map spec: each spec layer as drawn (its `where` filter), named by layer name\n"
    "  DIR   a data folder: every vector file under it, named <folder>_<file>\n"
    "\n"
    "  -o, --output FILE  the GeoPackage to write (.gpkg)\n"
    "      --sidecars     DIR only: also write <file>.qml beside each source file\n"
    "  -v, --verbose      one line per exported layer\n"
    PM_CLI_NETWORK_HELP
    "  -h, --help         show this help\n";

typedef struct export_args {
    const char *input;
    const char *output;
    pm_export_options opts;
} export_args;

static int parse_export_args(int argc, char **argv, export_args *a)
{
    enum { OPT_SIDECARS = 256, OPT_NET };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"sidecars", no_argument, NULL, OPT_SIDECARS},
        {"allow-network", no_argument, NULL, OPT_NET},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    pm_cli_options_begin();
    while ((c = getopt_long(argc, argv, ":o:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (pm_cli_name_value("export", "-o", "an output file", optarg, &a->output))
                return 2;
            break;
        case OPT_SIDECARS: a->opts.sidecars = 1; break;
        case OPT_NET: pm_cli_allow_network(); break;
        case 'v': a->opts.verbose = 1; break;
        default: return pm_cli_shared_option("export", c, argv, export_usage);
        }
    }
    if (pm_cli_one_operand("export", argc, argv, "no SPEC or DIR given", "one SPEC or DIR",
                           &a->input))
        return 2;
    size_t n = a->output ? strlen(a->output) : 0;
    if (n < 6 || strcasecmp(a->output + n - 5, ".gpkg") != 0) {
        pm_cli_fail("export: %s: use -o FILE.gpkg", a->output ? a->output : "no output given");
        return 2;
    }
    return 0;
}

/* The GeoPackage may not replace the spec or a file of its sources (they are
 * read while it is written). */
static pm_status check_output(const pm_spec *spec, const char *output, pm_error *err)
{
    for (int i = 0; i < pm_spec_layer_count(spec); i++)
        pm_inputs_add_source(pm_spec_layer_source(spec, i));
    pm_inputs_add_source(pm_spec_inset_source(spec));
    return pm_inputs_check_output(output, err);
}

int pm_cli_export(int argc, char **argv)
{
    export_args a = {0};
    int rc = parse_export_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    a.opts.context = pm_cli_context();
    pm_error err = {0};
    pm_geo_init();
    struct stat sb;
    pm_status st;
    if (stat(a.input, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = pm_export_dir(a.input, a.output, &a.opts, &err);
    } else if (a.opts.sidecars) {
        pm_cli_fail("export: %s: --sidecars needs a data folder, not a spec", a.input);
        return 2;
    } else {
        pm_spec *spec = pm_spec_load(a.input, &err);
        st = spec ? check_output(spec, a.output, &err) : err.status;
        if (st == PM_OK)
            st = pm_export_spec(spec, a.output, &a.opts, &err);
        pm_spec_destroy(spec);
    }
    if (st != PM_OK) {
        return pm_cli_error(&err, st);
    }
    return 0;
}
