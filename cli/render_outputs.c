/* planmap render's outputs: the format of each -o and the checks between
 * them, all before the map is loaded or drawn (render_cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "render_cli.h"
#include "pm_georef.h"
#include "pm_guard.h"
#include "pm_inputs.h"
#include "pm_write.h"

static const char *format_name(pm_format f, int tiff)
{
    static const char *const names[] = {"none", "PNG", "SVG", "PDF"};
    return tiff ? "GeoTIFF" : names[f];
}

/* The extension's format (tiff for .tif/.tiff); 0 when it names none. */
static int from_extension(const char *path, pm_format *f, int *tiff)
{
    *tiff = pm_georef_is_tiff(path);
    *f = *tiff ? PM_FORMAT_PNG : pm_format_from_path(path);
    return *f != PM_FORMAT_AUTO;
}

/* --format names the format of an output whose extension names none (-o -,
 * -o /dev/stdout, -o map); an extension that names another one is an
 * error rather than a PNG named .svg. */
static int resolve_one(const render_args *a, pm_render_output *o)
{
    pm_format ext;
    int ext_tiff;
    int known = from_extension(o->path, &ext, &ext_tiff);
    int stdout_ = strcmp(o->path, "-") == 0;
    if (known && a->format != PM_FORMAT_AUTO && (ext != a->format || ext_tiff != a->format_tiff)) {
        pm_cli_fail("render: %s: the extension says %s but --format says %s; rename the file or "
                    "drop --format", o->path, format_name(ext, ext_tiff),
                    format_name(a->format, a->format_tiff));
        return 2;
    }
    o->format = known ? ext : a->format;
    o->geotiff = known ? ext_tiff : a->format_tiff;
    if (o->format == PM_FORMAT_AUTO) {
        if (stdout_)
            pm_cli_fail("render: -o -: standard output has no extension: give --format png, svg "
                        "or pdf");
        else
            pm_cli_fail("render: %s: cannot tell the format from the extension; use .png, .svg, "
                        ".pdf, .tif or --format", o->path);
        return 2;
    }
    if (stdout_ && o->geotiff) {
        pm_cli_fail("render: -o -: a GeoTIFF is written by GDAL and needs a file, not "
                    "standard output");
        return 2;
    }
    if (stdout_ && isatty(STDOUT_FILENO)) {
        pm_cli_fail("render: -o -: standard output is a terminal: redirect the %s to a file or "
                    "a pipe (> map.%s)", format_name(o->format, 0), o->format == PM_FORMAT_PNG
                    ? "png" : o->format == PM_FORMAT_SVG ? "svg" : "pdf");
        return 2;
    }
    return 0;
}

/* --world-file writes beside each PNG file; with none among the outputs it
 * would be silently ignored, so it is an error. */
static int check_world_file(const render_args *a)
{
    const pm_render_output *first = NULL;
    for (int i = 0; i < a->n_out; i++) {
        const pm_render_output *o = &a->out[i];
        if (o->format == PM_FORMAT_PNG && !o->geotiff && strcmp(o->path, "-") != 0)
            return 0;
        if (!first)
            first = o;
    }
    if (strcmp(first->path, "-") == 0)
        pm_cli_fail("render: --world-file: needs a PNG file to write OUT.pgw beside, not "
                    "standard output");
    else
        pm_cli_fail("render: --world-file: %s is not a PNG (%s): world files go beside a PNG%s",
                    first->path, format_name(first->format, first->geotiff),
                    first->geotiff ? " (a GeoTIFF carries its georeferencing inside)" : "");
    return 2;
}

int render_outputs_resolve(render_args *a)
{
    int on_stdout = a->labels_json && strcmp(a->labels_json, "-") == 0;
    for (int i = 0; i < a->n_out; i++) {
        if (resolve_one(a, &a->out[i]))
            return 2;
        if (strcmp(a->out[i].path, "-") == 0 && on_stdout++) {
            pm_cli_fail("render: -o -: standard output written twice (%s); one of them must be "
                        "a file", a->labels_json && strcmp(a->labels_json, "-") == 0
                        ? "as a map and as --labels-json" : "as two maps");
            return 2;
        }
    }
    for (int i = 0; i < a->n_out; i++)   /* beside each PNG file */
        a->out[i].world_file = a->world_file && a->out[i].format == PM_FORMAT_PNG &&
                               !a->out[i].geotiff && strcmp(a->out[i].path, "-") != 0;
    return a->world_file ? check_world_file(a) : 0;
}

/* Adds `path` to the run's outputs: an input of the map, or an output
 * named twice, is the error. */
static pm_status add_output(pm_outset *set, const char *path, const char *what,
                            const char **whats, int n, pm_error *err)
{
    pm_status st = pm_inputs_check_output(path, err);
    int first = st == PM_OK ? pm_outset_add(set, path, n) : -1;
    whats[n] = what;
    if (first >= 0)
        st = pm_error_set(err, PM_ERR_USAGE, "%s: written twice: as %s and as %s", path,
                          whats[first], what);
    return st;
}

pm_status render_outputs_check(const render_args *a, const pm_map *map, pm_error *err)
{
    static const char *const side[3] = {"its world file", "its .prj", "its .aux.xml"};
    static const char *const nth[RENDER_MAX_OUTPUTS] = {
        "the 1st -o", "the 2nd -o", "the 3rd -o", "the 4th -o",
        "the 5th -o", "the 6th -o", "the 7th -o", "the 8th -o"};
    const char *whats[RENDER_MAX_OUTPUTS * 4 + 1];
    int n = 0;
    pm_inputs_add_source(map->spec->inset_source);   /* read with the map: an input too */
    pm_outset *set = pm_outset_new();
    pm_status st = set ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    for (int i = 0; i < a->n_out && st == PM_OK; i++) {
        const pm_render_output *o = &a->out[i];
        if (strcmp(o->path, "-") == 0)
            continue;   /* written in place; two of them were refused already */
        st = add_output(set, o->path, a->n_out > 1 ? nth[i] : "the map", whats, n++, err);
        char *world[3] = {NULL, NULL, NULL};
        if (st == PM_OK && a->world_file && !o->geotiff && o->format == PM_FORMAT_PNG &&
            pm_georef_world_names(o->path, world) == 0)
            for (int k = 0; k < 3 && st == PM_OK; k++)
                st = add_output(set, world[k], side[k], whats, n++, err);
        for (int k = 0; k < 3; k++)
            free(world[k]);
    }
    if (st == PM_OK && a->labels_json && strcmp(a->labels_json, "-") != 0)
        st = add_output(set, a->labels_json, "--labels-json", whats, n++, err);
    pm_outset_free(set);
    return st;
}
