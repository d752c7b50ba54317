/* planmap info SOURCE: what a vector source holds, as GDAL reads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pm_source.h"

static const char info_usage[] =
    "usage: planmap info [--allow-network] SOURCE\n"
    "\n"
    "List the layers of a vector source (any format GDAL reads): feature counts,\n"
    "geometry types, extent (WGS84 and source CRS), CRS and fields.\n"
    "\n"
    PM_CLI_NETWORK_HELP;

int pm_cli_info(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(info_usage, stdout);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "--allow-network")) {
        pm_cli_allow_network();
        argv++, argc--;
    }
    if (argc != 2 || argv[1][0] == '-') {
        pm_cli_fail("info: expected one SOURCE (try planmap info --help)");
        return 2;
    }
    pm_error err = {0};
    pm_geo_init();
    char *text = NULL;
    if (pm_source_info(argv[1], &text, &err) != PM_OK) {
        return pm_cli_error(&err, err.status);
    }
    fputs(text, stdout);
    free(text);
    return 0;
}
