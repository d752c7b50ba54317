/* Map spec: the page (paper, resolution, raster size) and the extent. */
#include "spec_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const PAGE_KEYS[] = {
    "size", "orientation", "dpi", "width_mm", "height_mm", "width_px", "height_px", NULL
};
static const char *const EXTENT_KEYS[] = {"fit", "bbox", "margin", "scale", "center", NULL};

/* ---- page --------------------------------------------------------------- */

typedef struct paper {
    const char *name;
    double w, h;   /* portrait, mm */
} paper;

/* ISO 216 A and B series. */
static const paper PAPERS[] = {
    {"A0", 841, 1189}, {"A1", 594, 841}, {"A2", 420, 594}, {"A3", 297, 420}, {"A4", 210, 297},
    {"A5", 148, 210}, {"B0", 1000, 1414}, {"B1", 707, 1000}, {"B2", 500, 707},
    {"B3", 353, 500}, {"B4", 250, 353}, {"B5", 176, 250}, {"letter", 215.9, 279.4},
};
#define A4_PAPER (&PAPERS[4])

static void set_paper(pm_page *page, const paper *p, int landscape)
{
    page->width_mm = landscape ? p->h : p->w;
    page->height_mm = landscape ? p->w : p->h;
}

void pm_spec_default_page(pm_page *page)
{
    set_paper(page, A4_PAPER, 1);   /* A4 landscape */
    page->dpi = 150;
    page->width_px = page->height_px = 0;
}

/* Named paper, turned to `landscape`. */
static pm_status read_size(pm_json_reader *r, json_object *v, int landscape, pm_page *page)
{
    const char *what = "one of \"A0\" … \"A5\", \"B0\" … \"B5\", \"letter\"";
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, what, v);
    for (size_t i = 0; i < sizeof PAPERS / sizeof PAPERS[0]; i++) {
        if (strcasecmp(json_object_get_string(v), PAPERS[i].name) == 0) {
            set_paper(page, &PAPERS[i], landscape);
            return PM_OK;
        }
    }
    char buf[80];
    return pm_json_fail(r, PM_ERR_SPEC, "expected %s, got %s", what,
                        pm_json_describe(v, buf, sizeof buf));
}

/* Into the int at `out`: 1 for landscape. */
static pm_status fn_orientation(pm_json_reader *r, json_object *v, void *out)
{
    int *landscape = out;
    const char *what = "\"portrait\" or \"landscape\"";
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, what, v);
    const char *s = json_object_get_string(v);
    if (strcmp(s, "portrait") != 0 && strcmp(s, "landscape") != 0) {
        char buf[80];
        return pm_json_fail(r, PM_ERR_SPEC, "expected %s, got %s", what,
                            pm_json_describe(v, buf, sizeof buf));
    }
    *landscape = s[0] == 'l';
    return PM_OK;
}

/* `a` and `b` come as a pair ("width_mm" needs "height_mm"). */
static pm_status need_pair(pm_json_reader *r, json_object *page, const char *a, const char *b)
{
    int has_a = json_object_object_get_ex(page, a, NULL);
    int has_b = json_object_object_get_ex(page, b, NULL);
    if (has_a == has_b)
        return PM_OK;
    size_t mark = pm_json_push_key(r, has_a ? b : a);
    pm_json_fail(r, PM_ERR_SPEC, "required key missing (\"%s\" and \"%s\" go together)", a, b);
    pm_json_pop(r, mark);
    return r->status;
}

pm_status pm_spec_read_dpi(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_number(r, v, 36, 1200, out);
}

pm_status pm_spec_read_pixels(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_int(r, v, 16, 20000, out);
}

#define PAGE_FIELD(member, fn) PM_JSON_FIELD(pm_page, member, fn)

/* The keys that set the page's size and resolution, read after its paper. */
static const pm_json_field SIZE_FIELDS[] = {
    PM_JSON_NUMBER_FIELD(pm_page, width_mm, 10, 5000),
    PM_JSON_NUMBER_FIELD(pm_page, height_mm, 10, 5000),
    PAGE_FIELD(dpi, pm_spec_read_dpi),
    PAGE_FIELD(width_px, pm_spec_read_pixels),
    PAGE_FIELD(height_px, pm_spec_read_pixels),
    PM_JSON_END,
};

pm_status pm_spec_read_page(pm_json_reader *r, json_object *v, void *out)
{
    pm_page *page = out;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object", v);
    if (pm_json_check_keys(r, v, PAGE_KEYS, NULL) != PM_OK ||
        need_pair(r, v, "width_mm", "height_mm") != PM_OK ||
        need_pair(r, v, "width_px", "height_px") != PM_OK)
        return r->status;
    json_object *size, *orientation;
    int has_size = json_object_object_get_ex(v, "size", &size);
    int has_orientation = json_object_object_get_ex(v, "orientation", &orientation);
    int has_mm = json_object_object_get_ex(v, "width_mm", NULL);
    if (has_mm && (has_size || has_orientation)) {
        pm_json_push_key(r, "width_mm");
        return pm_json_fail(r, PM_ERR_SPEC, "not allowed together with \"%s\"",
                            has_size ? "size" : "orientation");
    }
    int landscape = 1;
    if (pm_json_read_field(r, v, "orientation", fn_orientation, &landscape) != PM_OK)
        return r->status;
    if (has_size) {
        size_t mark = pm_json_push_key(r, "size");
        if (read_size(r, size, landscape, page) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    } else if (!has_mm) {
        set_paper(page, A4_PAPER, landscape);
    }
    return pm_json_read_fields(r, v, SIZE_FIELDS, page);
}

/* ---- scale bar and north arrow ------------------------------------------- */

static const char *const PLATE_PLACES[] = {
    "auto", "top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "inside",
    "outside", NULL
};

#define PLACE_NAMES "\"auto\", \"top-left\", \"top-right\", \"bottom-left\", \"bottom-right\", " \
                    "\"top\", \"bottom\", \"inside\", \"outside\""

/* A place's name as a pm_plate_place, or PM_PLATE_NONE. */
static int place_of(json_object *v)
{
    int i = json_object_is_type(v, json_type_string)
                ? pm_name_index(json_object_get_string(v), PLATE_PLACES, 0) : -1;
    return i < 0 ? PM_PLATE_NONE : PM_PLATE_AUTO + i;
}

pm_status pm_spec_read_plate(pm_json_reader *r, json_object *v, void *out)
{
    int *place = out;
    if (json_object_is_type(v, json_type_boolean)) {
        *place = json_object_get_boolean(v) ? PM_PLATE_AUTO : PM_PLATE_NONE;
        return PM_OK;
    }
    if ((*place = place_of(v)) != PM_PLATE_NONE)
        return PM_OK;
    char buf[80];
    return pm_json_fail(r, PM_ERR_SPEC, "expected true, false or one of " PLACE_NAMES ", got %s",
                        pm_json_describe(v, buf, sizeof buf));
}

pm_status pm_spec_read_place(pm_json_reader *r, json_object *v, void *out)
{
    int *place = out;
    if ((*place = place_of(v)) != PM_PLATE_NONE)
        return PM_OK;
    char buf[80];
    return pm_json_fail(r, PM_ERR_SPEC, "expected one of " PLACE_NAMES ", got %s",
                        pm_json_describe(v, buf, sizeof buf));
}

/* ---- extent ------------------------------------------------------------- */

static pm_status fn_margin(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_number(r, v, 0, 0.5, out);
}

static pm_status read_fit_name(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    pm_spec *spec = ctx;
    return pm_json_read_string(r, e, 1, &spec->extent_layers[i]);
}

static pm_status read_fit(pm_json_reader *r, json_object *v, pm_spec *spec)
{
    /* [] leaves no names: it fits everything, as with "auto" */
    return PM_JSON_READ_VECTOR(r, v, "an array of layer names", NULL, spec->extent_layers,
                               &spec->n_extent_layers, read_fit_name, spec);
}

pm_status pm_spec_read_bbox(pm_json_reader *r, json_object *v, double box[4])
{
    const char *what = "an array [min_lon, min_lat, max_lon, max_lat]";
    if (!json_object_is_type(v, json_type_array))
        return pm_json_expected(r, what, v);
    if (json_object_array_length(v) != 4)
        return pm_json_fail(r, PM_ERR_SPEC, "expected 4 numbers [min_lon, min_lat, max_lon, "
                            "max_lat], got %zu", json_object_array_length(v));
    for (int i = 0; i < 4; i++) {
        json_object *e = json_object_array_get_idx(v, (size_t)i);
        size_t mark = pm_json_push_index(r, i);
        double lim = i % 2 == 0 ? 180 : 90;
        const char *kind = i % 2 == 0 ? "longitude" : "latitude";
        char exp[64];
        snprintf(exp, sizeof exp, "a %s from %g to %g", kind, -lim, lim);
        double d = 0;
        if (pm_json_read_number(r, e, -lim, lim, &d) != PM_OK) {
            r->status = PM_OK;   /* replace the generic message with the named one */
            return pm_json_expected(r, exp, e);
        }
        box[i] = d;
        pm_json_pop(r, mark);
    }
    if (box[0] >= box[2])
        return pm_json_fail(r, PM_ERR_SPEC, "min_lon (%g) must be less than max_lon (%g)",
                            box[0], box[2]);
    if (box[1] >= box[3])
        return pm_json_fail(r, PM_ERR_SPEC, "min_lat (%g) must be less than max_lat (%g)",
                            box[1], box[3]);
    return PM_OK;
}

static pm_status fn_scale(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_number(r, v, 100, 1e9, out);
}

/* [lon, lat]: a WGS84 position. */
static pm_status read_center(pm_json_reader *r, json_object *v, double c[2])
{
    const char *what = "an array [lon, lat]";
    if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) != 2)
        return pm_json_expected(r, what, v);
    for (int i = 0; i < 2; i++) {
        size_t mark = pm_json_push_index(r, i);
        double lim = i ? 90 : 180;
        if (pm_json_read_number(r, json_object_array_get_idx(v, (size_t)i), -lim, lim, &c[i]) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    if (fabs(c[1]) == 90)
        return pm_json_fail(r, PM_ERR_SPEC, "a map cannot be centred on a pole (no scale there)");
    return PM_OK;
}

/* "scale": 1:N true at the centre ("center", else the data's); the frame's
 * size then sets the area shown, so a box or a margin would be ignored. */
static pm_status read_scale(pm_json_reader *r, json_object *v, pm_spec *spec)
{
    json_object *center;
    int has_scale = json_object_object_get_ex(v, "scale", NULL);
    int has_center = json_object_object_get_ex(v, "center", &center);
    const char *clash = json_object_object_get_ex(v, "bbox", NULL) ? "bbox"
                        : json_object_object_get_ex(v, "margin", NULL) ? "margin" : NULL;
    if (has_scale && clash) {
        pm_json_push_key(r, "scale");
        return pm_json_fail(r, PM_ERR_SPEC, "not allowed together with \"%s\" (the scale and "
                            "the frame's size set the area shown)", clash);
    }
    if (has_center && !has_scale) {
        pm_json_push_key(r, "center");
        return pm_json_fail(r, PM_ERR_SPEC, "needs \"scale\" (a centre places a map at a fixed scale)");
    }
    if (pm_json_read_field(r, v, "scale", fn_scale, &spec->scale) != PM_OK || !has_center)
        return r->status;
    size_t mark = pm_json_push_key(r, "center");
    if (read_center(r, center, spec->center) != PM_OK)
        return r->status;
    pm_json_pop(r, mark);
    spec->has_center = 1;
    return PM_OK;
}

pm_status pm_spec_read_extent(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    if (json_object_is_type(v, json_type_string) &&
        strcmp(json_object_get_string(v), "auto") == 0)
        return PM_OK;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "\"auto\" or an object with \"fit\" or \"bbox\"", v);
    if (pm_json_check_keys(r, v, EXTENT_KEYS, NULL) != PM_OK)
        return r->status;
    json_object *fit, *bbox;
    int has_fit = json_object_object_get_ex(v, "fit", &fit);
    if (json_object_object_get_ex(v, "bbox", &bbox)) {
        size_t mark = pm_json_push_key(r, "bbox");
        if (has_fit)
            return pm_json_fail(r, PM_ERR_SPEC, "not allowed together with \"fit\"");
        if (pm_spec_read_bbox(r, bbox, spec->extent) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
        spec->extent_mode = PM_EXTENT_BOX;
    }
    if (has_fit) {
        size_t mark = pm_json_push_key(r, "fit");
        if (read_fit(r, fit, spec) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    if (read_scale(r, v, spec) != PM_OK)
        return r->status;
    return pm_json_read_field(r, v, "margin", fn_margin, &spec->margin);
}

/* Every extent.fit name is a layer of the map. */
pm_status pm_spec_check_fit(pm_json_reader *r, pm_spec *spec)
{
    const char **names = calloc((size_t)spec->n_layers + 1, sizeof *names);
    if (!names)
        return pm_json_nomem(r);
    for (int i = 0; i < spec->n_layers; i++)
        names[i] = spec->layers[i].name;
    for (int i = 0; i < spec->n_extent_layers && r->status == PM_OK; i++) {
        const char *want = spec->extent_layers[i];
        int found = 0;
        for (int j = 0; j < spec->n_layers && !found; j++)
            found = strcmp(want, names[j]) == 0;
        if (found)
            continue;
        pm_json_push_key(r, "extent");
        pm_json_push_key(r, "fit");
        pm_json_push_index(r, i);
        const char *near = pm_nearest_name(want, names, -1);
        if (near)
            pm_json_fail(r, PM_ERR_SPEC, "unknown layer \"%s\" (did you mean \"%s\"?)", want, near);
        else
            pm_json_fail(r, PM_ERR_SPEC, "unknown layer \"%s\"", want);
    }
    free(names);
    return r->status;
}
