/* planmap render's arguments and its outputs (render.c parses and runs,
 * render_outputs.c decides each output's format and checks them). */
#ifndef PM_RENDER_CLI_H
#define PM_RENDER_CLI_H

#include "pm_render.h"

#define RENDER_MAX_OUTPUTS 8

typedef struct render_args {
    const char *spec;
    const char *base;          /* --base: where a spec on stdin finds its sources */
    pm_render_output out[RENDER_MAX_OUTPUTS];   /* "-": standard output; PNG also for
                                                   a GeoTIFF */
    int n_out;
    pm_format format;          /* --format, PM_FORMAT_AUTO when not given */
    int format_tiff;           /* --format tiff */
    const char *labels_json;
    pm_render_options opts;
    int world_file;            /* .pgw + .prj beside each PNG */
    int quiet;
} render_args;

/* Each -o's format (its extension, or --format where the extension says
 * none) and the rules between outputs that need no map: no two on
 * standard output, none on a terminal, --world-file beside a PNG. 0, or
 * the exit code after printing why. */
int render_outputs_resolve(render_args *a);

/* Before anything is drawn: no output replaces a file the map reads (the
 * spec, every file of every source, the inset's; error 3), and no two
 * outputs are one file (error 2). */
pm_status render_outputs_check(const render_args *a, const pm_map *map, pm_error *err);

#endif
