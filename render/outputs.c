/* pm_render_outputs: several outputs of one map in one run, drawn once per
 * family (PNG and GeoTIFF share one raster, SVG one document, PDF one),
 * written all or none, with the labels JSON of the first. */
#include "render_internal.h"
#include "pm_alloc.h"
#include "pm_georef.h"
#include "pm_strings.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum family { FAMILY_RASTER, FAMILY_SVG, FAMILY_PDF, FAMILY_N } family;

static const char *const FAMILY_NAMES[FAMILY_N] = {"PNG", "SVG", "PDF"};

/* One output as it will be written: its format known. */
typedef struct resolved {
    const char *path;
    family fam;
    int tiff, world_file;
} resolved;

static int is_stdout(const char *path)
{
    return strcmp(path, "-") == 0;
}

static pm_status resolve(const pm_render_output *o, resolved *r, pm_error *err)
{
    if (!o->path || !*o->path)
        return pm_error_set(err, PM_ERR_USAGE, "pm_render_outputs: an output without a path");
    pm_format f = o->format != PM_FORMAT_AUTO ? o->format : pm_format_from_path(o->path);
    r->path = o->path;
    r->tiff = o->geotiff || (o->format == PM_FORMAT_AUTO && pm_georef_is_tiff(o->path));
    if (r->tiff)
        f = PM_FORMAT_PNG;
    if (f == PM_FORMAT_AUTO)
        return pm_error_set(err, PM_ERR_USAGE, "%s: cannot tell the format from the extension; "
                            "use .png, .svg, .pdf or .tif, or name the format", o->path);
    r->fam = f == PM_FORMAT_SVG ? FAMILY_SVG : f == PM_FORMAT_PDF ? FAMILY_PDF : FAMILY_RASTER;
    r->world_file = o->world_file;
    if (r->world_file && (r->tiff || f != PM_FORMAT_PNG || is_stdout(o->path)))
        return pm_error_set(err, PM_ERR_USAGE, "%s: a world file goes beside a PNG file", o->path);
    /* A file that cannot be written is refused before anything is drawn. */
    if (r->tiff)
        return pm_georef_tiff_probe(o->path, err);
    if (is_stdout(o->path))
        return PM_OK;
    pm_writer *probe = pm_writer_open(o->path, 0, err);
    if (!probe)
        return err && err->status ? err->status : PM_ERR_IO;
    pm_writer_abort(probe);
    return PM_OK;
}

/* The outputs of `fam` in writing order, files first and standard output
 * last (what is written to a pipe cannot be taken back): their count. */
static int members(const resolved *rs, int n, family fam, int *idx)
{
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++)
            if (rs[i].fam == fam && is_stdout(rs[i].path) == pass)
                idx[k++] = i;
    return k;
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* -v: one line per drawing, naming every output it went to. */
static void log_drawing(const pm_map *map, const pm_render_options *opts, family fam,
                        const resolved *rs, const int *idx, int k, double seconds)
{
    if (!opts->verbose)
        return;
    pm_sbuf list = {0};
    for (int i = 0; i < k; i++)
        pm_sbuf_addf(&list, "%s%s", i ? ", " : "", rs[idx[i]].path);
    pm_context_log(map->context, PM_LOG_VERBOSE, "%s: drawn once as %s in %.2f s for %s",
                   map->spec->path, FAMILY_NAMES[fam], seconds, list.s ? list.s : "");
    free(list.s);
}

/* One raster drawing: each PNG (and its world files) and each GeoTIFF. */
static pm_status write_raster(const pm_map *map, const resolved *rs, const int *idx, int k,
                              const pm_render_options *opts, pm_render_result *r, pm_error *err)
{
    cairo_surface_t *img = NULL;
    unsigned ppm = 0;
    pm_status st = pm_render_raster(map, rs[idx[0]].path, opts, r, &img, &ppm, err);
    for (int i = 0; i < k && st == PM_OK; i++) {
        const resolved *o = &rs[idx[i]];
        if (o->tiff) {
            st = pm_georef_write_tiff(img, o->path, r, map->crs, err);
            continue;
        }
        st = pm_output_png(img, o->path, ppm, map->context, err);
        if (st == PM_OK && o->world_file)
            st = pm_georef_write_world(o->path, r, map->crs, err);
    }
    if (img)
        cairo_surface_destroy(img);
    return st;
}

static pm_status write_family(const pm_map *map, family fam, const resolved *rs, const int *idx,
                              int k, const pm_render_options *opts, pm_render_result *r,
                              pm_error *err)
{
    if (fam == FAMILY_RASTER)
        return write_raster(map, rs, idx, k, opts, r, err);
    const char *paths[PM_OUTPUT_MAX];
    for (int i = 0; i < k; i++)
        paths[i] = rs[idx[i]].path;
    return pm_render_document(map, fam == FAMILY_SVG ? PM_FORMAT_SVG : PM_FORMAT_PDF, paths, k,
                              opts, r, err);
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
     * place, standard output or a pipe written in place. */
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

/* The families in drawing order: as the outputs name them, the one that
 * writes to standard output last. */
static int family_order(const resolved *rs, int n, family *order)
{
    int k = 0, last = -1;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < k; j++)
            seen |= order[j] == rs[i].fam;
        if (is_stdout(rs[i].path))
            last = (int)rs[i].fam;
        if (!seen)
            order[k++] = rs[i].fam;
    }
    for (int j = 0; last >= 0 && j < k - 1; j++)
        if ((int)order[j] == last) {
            memmove(order + j, order + j + 1, (size_t)(k - 1 - j) * sizeof *order);
            order[k - 1] = (family)last;
            break;
        }
    return k;
}

static pm_status check_outputs(const pm_render_output *outputs, int n, const char *labels_json,
                               resolved *rs, pm_error *err)
{
    if (n < 1 || n > PM_OUTPUT_MAX)
        return pm_error_set(err, PM_ERR_USAGE, "pm_render_outputs: 1 to %d outputs, got %d",
                            PM_OUTPUT_MAX, n);
    int on_stdout = labels_json && is_stdout(labels_json);
    for (int i = 0; i < n; i++) {
        pm_status st = resolve(&outputs[i], &rs[i], err);
        if (st != PM_OK)
            return st;
        if (is_stdout(rs[i].path) && on_stdout++)
            return pm_error_set(err, PM_ERR_USAGE, "-: standard output written twice; one of "
                                "the outputs must be a file");
    }
    return PM_OK;
}

/* A map with layers of features that shows none of them (an extent.bbox
 * away from the data, or a source whose coordinates are not what its CRS
 * says) is written, but not without a word. */
static void warn_if_empty(const pm_map *map, const pm_render_result *r)
{
    int vector = 0;
    for (int l = 0; l < map->n_layers; l++)
        vector |= !map->layers[l].raster_ring;
    if (vector && r->n_shown == 0)
        pm_context_log(map->context, PM_LOG_WARNING,
                       "warning: %s: no feature of its layers lies inside the map's extent; the map "
                       "shows none of its data", map->spec->path);
}

/* Draws every family (the first output's with the boxes asked for), then
 * writes the labels. */
static pm_status draw_families(const pm_map *map, const resolved *rs, int n,
                               const char *labels_json, const pm_render_options *opts,
                               int want_boxes, pm_render_result *first, pm_error *err)
{
    family order[FAMILY_N];
    int n_fam = family_order(rs, n, order);
    pm_status st = PM_OK;
    for (int f = 0; f < n_fam && st == PM_OK; f++) {
        int idx[PM_OUTPUT_MAX];
        int k = members(rs, n, order[f], idx);
        int is_first = order[f] == rs[0].fam;
        pm_render_options o = *opts;
        /* marker boxes only go to the labels JSON or the caller */
        o.lean_result = !is_first || (!labels_json && (opts->lean_result || !want_boxes));
        pm_render_result other = {0};
        double t0 = seconds_now();
        st = write_family(map, order[f], rs, idx, k, &o, is_first ? first : &other, err);
        if (st == PM_OK)
            log_drawing(map, opts, order[f], rs, idx, k, seconds_now() - t0);
        pm_render_result_free(&other);
    }
    if (st == PM_OK)
        warn_if_empty(map, first);
    if (st == PM_OK && labels_json)
        st = write_labels_json(labels_json, map, first, err);
    return st;
}

pm_status pm_render_outputs(const pm_map *map, const pm_render_output *outputs, int n,
                            const char *labels_json, const pm_render_options *opts,
                            pm_render_result *result, pm_error *err)
{
    pm_render_result first = {0};
    if (result)
        memset(result, 0, sizeof *result);
    if (!map || !outputs)
        return pm_error_set(err, PM_ERR_USAGE, "pm_render_outputs: no map or no outputs");
    pm_render_options none = {0};
    resolved rs[PM_OUTPUT_MAX];
    pm_status st = check_outputs(outputs, n, labels_json, rs, err);
    if (st != PM_OK)
        return st;
    pm_write_group files;
    pm_write_hold(&files);   /* all or none: the renames wait for the last file */
    st = draw_families(map, rs, n, labels_json, opts ? opts : &none, result != NULL, &first, err);
    st = pm_write_release(&files, st, err);
    if (st == PM_OK && result)
        *result = first;
    else
        pm_render_result_free(&first);
    return st;
}
