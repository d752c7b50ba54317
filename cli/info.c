/* planmap info SOURCE: what a vector or raster source holds, as GDAL reads
 * it; --json for a program to read. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pm_info.h"
#include "pm_source.h"

static const char info_usage[] =
    "usage: planmap info [--json] [-q | -v] [--allow-network] SOURCE\n"
    "\n"
    "List the layers of a vector source (any format GDAL reads): feature counts,\n"
    "geometry types, extent (WGS84 and source CRS), CRS and fields; or a raster's\n"
    "size, bands, CRS and extent.\n"
    "\n"
    "      --json             one JSON document: driver, layers, fields with their\n"
    "                         types, feature counts, extents, CRS as authority and WKT\n"
    PM_CLI_QUIET_HELP
    "  -v, --verbose          the same (info has nothing more to say)\n"
    PM_CLI_NETWORK_HELP
    "  -h, --help             show this help\n";

int pm_cli_info(int argc, char **argv)
{
    enum { OPT_JSON = 256 };
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        PM_CLI_SHARED_LONGOPTS};
    int json = 0, c;
    const char *source;
    pm_cli_options_begin();
    while ((c = getopt_long(argc, argv, ":qvh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_JSON: json = 1; break;
        default: {
            int rc = pm_cli_shared_option("info", c, argv, info_usage);
            if (rc)
                return rc < 0 ? 0 : rc;
        }
        }
    }
    if (pm_cli_one_operand("info", argc, argv, "no SOURCE given", "one SOURCE", &source))
        return 2;
    pm_error err = {0};
    pm_geo_init();
    char *text = NULL;
    pm_status st = json ? pm_source_info_json(source, &text, &err)
                        : pm_source_info(source, &text, &err);
    if (st != PM_OK)
        return pm_cli_error(&err, err.status);
    fputs(text, stdout);
    free(text);
    return 0;
}
