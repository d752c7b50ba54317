/* Style keys that are objects or names rather than one number or colour:
 * fill patterns (hatch, cross_hatch, dots) and line decorations (arrow,
 * casing). Lengths in pt like every style length. */
#include "spec_internal.h"

#include <math.h>
#include <string.h>

/* Unit mix-ups (pixels, millimetres at print size) rather than design. */
#define PATTERN_SPACING_MAX 200
#define PATTERN_MARK_MAX 50

/* "color" of a pattern: given, or (a = -1, left as it was) the style's stroke. */
static pm_status read_mark_color(pm_json_reader *r, json_object *v, void *out)
{
    return pm_spec_read_color(r, v, out);
}

static pm_status read_angle(pm_json_reader *r, json_object *v, double *out)
{
    return pm_json_read_number(r, v, -360, 360, out);
}

/* "angle": a number, or for hatching [a, b] (two sets of lines). */
static pm_status read_angles(pm_json_reader *r, json_object *v, pm_hatch *h, int cross)
{
    if (!json_object_is_type(v, json_type_array)) {
        if (read_angle(r, v, &h->angle[0]) != PM_OK)
            return r->status;
        h->n_angles = cross ? 2 : 1;
        h->angle[1] = h->angle[0] + 90;
        return PM_OK;
    }
    size_t n = json_object_array_length(v);
    if (cross || n < 1 || n > 2)
        return pm_json_expected(r, cross ? "a number (degrees)" : "a number or two (degrees)", v);
    for (size_t i = 0; i < n; i++) {
        size_t mark = pm_json_push_index(r, (int)i);
        if (read_angle(r, json_object_array_get_idx(v, i), &h->angle[i]) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    h->n_angles = (int)n;
    return PM_OK;
}

/* Key `key` of `obj`, if there, as a number in [lo, hi]. */
static pm_status read_num(pm_json_reader *r, json_object *obj, const char *key, double lo,
                          double hi, double *out)
{
    json_object *x;
    if (!json_object_object_get_ex(obj, key, &x))
        return PM_OK;
    size_t mark = pm_json_push_key(r, key);
    if (pm_json_read_number(r, x, lo, hi, out) != PM_OK)
        return r->status;
    pm_json_pop(r, mark);
    return PM_OK;
}

/* The mark (line width or dot size) must leave a gap between marks. */
static pm_status check_gap(pm_json_reader *r, const char *key, double mark, double spacing)
{
    if (mark < spacing)
        return PM_OK;
    return pm_json_fail(r, PM_ERR_SPEC, "%s %g pt leaves no gap at spacing %g pt: make it "
                        "smaller than the spacing", key, mark, spacing);
}

/* What hatching and dots share: "spacing", the mark's size under `mark_key`
 * (smaller than the spacing) and "color". */
static pm_status read_marks(pm_json_reader *r, json_object *v, const char *mark_key,
                            double *spacing, double *mark, pm_color *color)
{
    if (read_num(r, v, "spacing", 0.5, PATTERN_SPACING_MAX, spacing) != PM_OK ||
        read_num(r, v, mark_key, 0.05, PATTERN_MARK_MAX, mark) != PM_OK ||
        check_gap(r, mark_key, *mark, *spacing) != PM_OK)
        return r->status;
    return pm_json_read_field(r, v, "color", read_mark_color, color);
}

pm_status pm_spec_read_hatch(pm_json_reader *r, json_object *v, pm_style *style, int cross)
{
    static const char *const KEYS[] = {"angle", "spacing", "width", "color", NULL};
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object with angle, spacing, width, color", v);
    if (pm_json_check_keys(r, v, KEYS, NULL) != PM_OK)
        return r->status;
    pm_hatch h = {.n_angles = cross ? 2 : 1, .angle = {45, 135}, .spacing = 4, .width = 0.5,
                  .color = {0, 0, 0, -1}};
    json_object *a;
    if (json_object_object_get_ex(v, "angle", &a)) {
        size_t mark = pm_json_push_key(r, "angle");
        if (read_angles(r, a, &h, cross) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    if (read_marks(r, v, "width", &h.spacing, &h.width, &h.color) != PM_OK)
        return r->status;
    style->hatch = h;
    return PM_OK;
}

pm_status pm_spec_read_dots(pm_json_reader *r, json_object *v, pm_style *style)
{
    static const char *const KEYS[] = {"spacing", "size", "color", NULL};
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object with spacing, size, color", v);
    if (pm_json_check_keys(r, v, KEYS, NULL) != PM_OK)
        return r->status;
    pm_dots d = {.spacing = 4, .size = 1, .color = {0, 0, 0, -1}};
    if (read_marks(r, v, "size", &d.spacing, &d.size, &d.color) != PM_OK)
        return r->status;
    style->dots = d;
    return PM_OK;
}

pm_status pm_spec_read_arrow(pm_json_reader *r, json_object *v, pm_style *style)
{
    static const char *const ENDS[] = {"none", "end", "start", "both", NULL};
    const char *what = "one of \"none\", \"end\", \"start\", \"both\"";
    int i = 0;
    if (pm_json_read_name(r, v, ENDS, what, &i) != PM_OK)
        return r->status;
    style->arrow = i;   /* the list's order is PM_ARROW_*'s */
    return PM_OK;
}

pm_status pm_spec_read_casing(pm_json_reader *r, json_object *v, pm_style *style)
{
    static const char *const KEYS[] = {"width", "color", NULL};
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object with width and color", v);
    if (pm_json_check_keys(r, v, KEYS, NULL) != PM_OK ||
        pm_json_require(r, v, "color") != PM_OK)
        return r->status;
    pm_casing c = {.width = 1};
    if (read_num(r, v, "width", 0.05, PATTERN_MARK_MAX, &c.width) != PM_OK)
        return r->status;
    if (pm_json_read_field(r, v, "color", read_mark_color, &c.color) != PM_OK)
        return r->status;
    style->casing = c;
    return PM_OK;
}
