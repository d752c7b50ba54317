/* Map specs for `planmap validate` (see pm_validate.h). A spec that parses
 * is checked against everything it names, and each problem is a line of
 * its own, so one run lists them all: each layer's source opens (a raster
 * layer's as a raster) and reads; every field a layer names (where, rules,
 * labels and templates, classify, size_by) is a field of its source, with
 * render's own check and message (map_fields.c: the fields the source has,
 * "did you mean"); the inset's source and its where; each picture reads
 * as a PNG (map_images.c). Places ("position") are checked as the spec is
 * read. A spec that does not parse is one problem, its first error: after
 * a wrong value the rest cannot be read for what it means. A batch file
 * is left to the caller's check (pm_validate_options.check_batch). */
#include "validate_internal.h"
#include "map_internal.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "pm_json.h"
#include "pm_raster.h"
#include "pm_source.h"
#include "pm_spec_data.h"

/* A batch file (data/reports/): an object with "maps" or "atlas" and no
 * "layers". A file that does not parse is left to the spec reader's message. */
#define SPEC_OR_BATCH_MAX ((size_t)64 << 20)   /* as the spec and batch readers allow */

static int is_batch_file(const char *path)
{
    pm_json_reader r = {.file = path};
    json_object *root = pm_json_load(&r, SPEC_OR_BATCH_MAX, "map spec");
    int batch = json_object_is_type(root, json_type_object) &&
                !json_object_object_get_ex(root, "layers", NULL) &&
                (json_object_object_get_ex(root, "maps", NULL) ||
                 json_object_object_get_ex(root, "atlas", NULL));
    json_object_put(root);
    return batch;
}

static void report_field(void *ud, const pm_error *problem)
{
    pm_vproblem(ud, "%s", problem->msg);
}

/* The source's first feature, with every field the source has: enough to
 * check the names a spec uses without reading a large layer whole. NULL
 * with err set when it does not open or read, NULL with PM_OK when it has
 * no feature (and so no fields a check could hold a name against). */
static pm_layer *first_feature(const char *source, const char *layer, const char *encoding,
                               const char *crs, const pm_context *context, pm_error *err)
{
    pm_load_options o = {.layer_name = layer, .context = context, .encoding = encoding, .crs = crs};
    pm_layer_stream *s = pm_layer_stream_open(source, &o, NULL, 1, err);
    if (!s)
        return NULL;
    pm_layer *l = pm_layer_stream_next(s, err);
    pm_layer_stream_close(s);
    return l;
}

static void check_layer(pm_vctx *ctx, const pm_spec *spec, int i)
{
    const pm_layer_spec *l = &spec->layers[i];
    pm_error err = {0};
    if (l->raster) {
        int bands = 0;
        double ring[2 * PM_RASTER_RING];
        if (pm_raster_probe(l->source, &bands, ring, &err) != PM_OK)
            pm_vproblem(ctx, "%s: layers[%d] (%s): %s", spec->path, i, l->name, err.msg);
        return;
    }
    pm_layer *data = first_feature(l->source, l->layer, l->encoding, l->crs, ctx->opts->context, &err);
    if (err.status != PM_OK && pm_layer_error_prefix(&err, spec, i))
        pm_vproblem(ctx, "%s", err.msg);
    if (data)
        pm_map_check_fields(spec, i, data, report_field, ctx, NULL);
    pm_layer_destroy(data);
}

static void check_inset(pm_vctx *ctx, const pm_spec *spec)
{
    pm_error err = {0};
    pm_layer *data = first_feature(spec->inset_source, NULL, spec->inset_encoding, spec->inset_crs,
                                   ctx->opts->context, &err);
    if (err.status != PM_OK)
        pm_vproblem(ctx, "%s: inset: %s", spec->path, err.msg);
    if (data)
        pm_map_check_inset_fields(spec, data, report_field, ctx, NULL);
    pm_layer_destroy(data);
}

void pm_vcheck_spec(pm_vctx *ctx, const char *path)
{
    pm_error err = {0};
    ctx->report->files++;
    if (is_batch_file(path)) {
        if (ctx->opts->check_batch && ctx->opts->check_batch(path, &err) != PM_OK)
            pm_vproblem(ctx, "%s", err.msg);
        return;
    }
    ctx->report->specs++;
    pm_spec *spec = pm_spec_load(path, &err);
    if (!spec) {
        pm_vproblem(ctx, "%s", err.msg);
        return;
    }
    for (int i = 0; i < spec->n_layers; i++) {
        check_layer(ctx, spec, i);
        ctx->report->layers++;
    }
    if (spec->inset_source)
        check_inset(ctx, spec);
    for (int i = 0; i < spec->n_images; i++) {
        pm_picture picture;
        if (pm_map_read_picture(spec, i, &picture, &err) != PM_OK)
            pm_vproblem(ctx, "%s", err.msg);
        pm_picture_free(&picture);
    }
    pm_spec_destroy(spec);
}
