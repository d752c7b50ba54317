/* Map spec: pictures on the page ("images", a logo) and the title block
 * ("title_block", 图签). Where each goes is read as the legend's and the
 * plates' places are (pm_spec_read_place). */
#include "spec_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const IMAGE_KEYS[] = {"path", "position", "width_mm", NULL};
static const char *const BLOCK_KEYS[] = {"position", "width_mm", "fields", NULL};
static const char *const FIELD_KEYS[] = {"label", "label_en", "value", "value_en", NULL};

static pm_status fn_path(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_string(r, v, 1, out);
}

static pm_status fn_width(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_number(r, v, 2, 1000, out);
}

static pm_status fn_text(pm_json_reader *r, json_object *v, void *out)
{
    return pm_spec_read_text(r, v, out);
}

/* {"path": "logo.png", "position": "bottom-left", "width_mm": 25} */
static pm_status read_image(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    static const pm_json_field fields[] = {
        PM_JSON_FIELD(pm_spec_image, path, fn_path),
        PM_JSON_KEY("position", pm_spec_image, place, pm_spec_read_place),
        PM_JSON_FIELD(pm_spec_image, width_mm, fn_width),
        PM_JSON_END,
    };
    pm_spec *spec = ctx;
    pm_spec_image *im = &spec->images[i];
    im->place = PM_PLATE_BOTTOM_LEFT;
    im->width_mm = 20;
    if (!json_object_is_type(e, json_type_object))
        return pm_json_expected(r, "an object {\"path\", \"position\", \"width_mm\"}", e);
    if (pm_json_check_keys(r, e, IMAGE_KEYS, NULL) != PM_OK || pm_json_require(r, e, "path") != PM_OK ||
        pm_json_read_fields(r, e, fields, im) != PM_OK)
        return r->status;
    if (!(im->file = pm_spec_resolve_source(spec->dir, im->path)))
        return pm_json_nomem(r);
    return PM_OK;
}

pm_status pm_spec_read_images(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    return PM_JSON_READ_VECTOR(r, v, "an array of images", NULL, spec->images, &spec->n_images,
                               read_image, spec);
}

/* {"label": "图号", "label_en": "Drawing No.", "value": "…", "value_en": "…"} */
static pm_status read_field(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    static const pm_json_field fields[] = {
        PM_JSON_FIELD(pm_title_field, label, fn_text),
        PM_JSON_FIELD(pm_title_field, label_en, fn_text),
        PM_JSON_FIELD(pm_title_field, value, fn_text),
        PM_JSON_FIELD(pm_title_field, value_en, fn_text),
        PM_JSON_END,
    };
    pm_title_block *tb = ctx;
    if (!json_object_is_type(e, json_type_object))
        return pm_json_expected(r, "an object {\"label\", \"value\"}", e);
    if (pm_json_check_keys(r, e, FIELD_KEYS, NULL) != PM_OK || pm_json_require(r, e, "label") != PM_OK ||
        pm_json_require(r, e, "value") != PM_OK)
        return r->status;
    return pm_json_read_fields(r, e, fields, &tb->fields[i]);
}

static pm_status fn_fields(pm_json_reader *r, json_object *v, void *out)
{
    pm_title_block *tb = out;
    return PM_JSON_READ_VECTOR(r, v, "an array of fields", "at least one field", tb->fields,
                               &tb->n_fields, read_field, tb);
}

pm_status pm_spec_read_title_block(pm_json_reader *r, json_object *v, void *out)
{
    static const pm_json_field fields[] = {
        PM_JSON_KEY("position", pm_title_block, place, pm_spec_read_place),
        PM_JSON_FIELD(pm_title_block, width_mm, fn_width),
        PM_JSON_WHOLE("fields", fn_fields),
        PM_JSON_END,
    };
    pm_spec *spec = out;
    if (json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v))
        return PM_OK;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "false or an object {\"position\", \"width_mm\", \"fields\"}", v);
    if (!(spec->title_block = calloc(1, sizeof *spec->title_block)))
        return pm_json_nomem(r);
    spec->title_block->place = PM_PLATE_BOTTOM_RIGHT;
    spec->title_block->width_mm = 60;
    if (pm_json_check_keys(r, v, BLOCK_KEYS, NULL) != PM_OK || pm_json_require(r, v, "fields") != PM_OK)
        return r->status;
    return pm_json_read_fields(r, v, fields, spec->title_block);
}

void pm_spec_furniture_free(pm_spec *spec)
{
    for (int i = 0; spec->images && i < spec->n_images; i++) {
        free(spec->images[i].path);
        free(spec->images[i].file);
    }
    free(spec->images);
    pm_title_block *tb = spec->title_block;
    for (int i = 0; tb && tb->fields && i < tb->n_fields; i++) {
        free(tb->fields[i].label);
        free(tb->fields[i].label_en);
        free(tb->fields[i].value);
        free(tb->fields[i].value_en);
    }
    if (tb)
        free(tb->fields);
    free(tb);
}
