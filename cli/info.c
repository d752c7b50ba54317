/* planmap info SOURCE: what a vector or raster source holds, as GDAL reads
 * it; --json for a program to read. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pm_encoding.h"
#include "pm_info.h"
#include "pm_source.h"

static const char info_usage[] =
    "usage: planmap info [--json] [--encoding NAME] [-q | -v] [--allow-network] SOURCE\n"
    "\n"
    "List the layers of a vector source (any format GDAL reads): feature counts,\n"
    "geometry types, extent (WGS84 and source CRS), CRS and fields; or a raster's\n"
    "size, bands, CRS and extent.\n"
    "\n"
    "      --json             one JSON document: driver, layers, fields with their\n"
    "                         types, feature counts, extents, CRS as authority and WKT\n"
    "      --encoding NAME    read the source's text as NAME (GBK, BIG5, LATIN1, any\n"
    "                         name iconv knows), as a layer's \"encoding\" does\n"
    PM_CLI_QUIET_HELP
    "  -v, --verbose          also every file GDAL read for SOURCE, with its size, and\n"
    "                         how long describing it took\n"
    PM_CLI_NETWORK_HELP
    "  -h, --help             show this help\n";

typedef struct info_args {
    const char *source;
    int json;
    const char *encoding;
} info_args;

/* --encoding: a name iconv knows, as the spec's key is checked. */
static int set_encoding(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    if (!pm_encoding_known(value)) {
        const char *near = pm_encoding_nearest(value);
        pm_cli_fail("%s: --%s: expected a character set iconv knows (GBK, GB18030, BIG5, LATIN1, "
                    "UTF-8 ...), got '%s'%s%s%s", command, o->name, value, near ? " (did you mean '" : "",
                    near ? near : "", near ? "'?)" : "");
        return 2;
    }
    *(const char **)field = value;
    return 0;
}

static const pm_cli_option info_options[] = {
    {"json", 0, NULL, offsetof(info_args, json), pm_cli_set_flag},
    {"encoding", 0, "a character set", offsetof(info_args, encoding), set_encoding},
    {NULL, 0, NULL, 0, NULL}};

static int run_info(void *args)
{
    const info_args *a = args;
    pm_error err = {0};
    pm_geo_init();
    char *text = NULL;
    double t0 = pm_cli_seconds();
    pm_status st = a->json ? pm_source_info_json(a->source, a->encoding, &text, &err)
                           : pm_source_info_as(a->source, a->encoding, &text, &err);
    if (st != PM_OK)
        return pm_cli_error(&err, err.status);
    pm_cli_inputs_read("info");
    pm_cli_stage("info", t0, "%s described", a->source);
    fputs(text, stdout);
    free(text);
    return 0;
}

PM_CLI_COMMAND(info, info_args, source, .operand = "SOURCE");
