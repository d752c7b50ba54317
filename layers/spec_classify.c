/* Map spec: a layer's "classify" (colours by class of a property) and
 * "size_by" (marker size by a property). What they compute is
 * map_classes.c; docs/spec.md has the keys. */
#include "spec_internal.h"
#include "pm_classes.h"
#include "pm_alloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const METHODS[] = {"categories", "quantile", "equal", "jenks", "manual", NULL};
static const char *const PAINTS[] = {"auto", "fill", "stroke", "both", NULL};

/* A name from `names` (its index into *out), or an error listing them. */
static pm_status read_choice(pm_json_reader *r, json_object *v, const char *const *names, int *out)
{
    char *s = NULL;
    if (pm_json_read_string(r, v, 1, &s) != PM_OK)
        return r->status;
    int i = pm_name_index(s, names, 0);
    free(s);
    if (i >= 0) {
        *out = i;
        return PM_OK;
    }
    char list[160] = "";
    for (int k = 0; names[k]; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", k ? ", " : "", names[k]);
    return pm_json_fail(r, PM_ERR_SPEC, "expected one of %s, got %s", list,
                        json_object_get_string(v));
}

static pm_status fn_method(pm_json_reader *r, json_object *v, void *out)
{
    int i = 0;
    pm_status st = read_choice(r, v, METHODS, &i);
    *(pm_class_method *)out = (pm_class_method)i;
    return st;
}

static pm_status fn_paint(pm_json_reader *r, json_object *v, void *out)
{
    int i = 0;
    pm_status st = read_choice(r, v, PAINTS, &i);
    *(pm_class_paint *)out = (pm_class_paint)i;
    return st;
}

/* Decimals a class or size legend may ask for; the largest symbol, points. */
#define DIGITS_MAX 6
#define SIZE_MAX_PT 200

static pm_status read_break(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    double *b = ctx;
    if (pm_json_read_number(r, e, -1e300, 1e300, &b[i]) != PM_OK)
        return r->status;
    if (i > 0 && !(b[i] > b[i - 1]))
        return pm_json_fail(r, PM_ERR_SPEC, "breaks must ascend (%g after %g)", b[i], b[i - 1]);
    return PM_OK;
}

static pm_status fn_breaks(pm_json_reader *r, json_object *v, void *out)
{
    pm_classify *c = out;
    c->breaks = pm_json_vector(r, v, "an array of numbers", "at least one break", sizeof *c->breaks,
                               &c->n_breaks);
    if (!c->breaks)
        return r->status;
    if (c->n_breaks + 1 > PM_CLASSES_MAX)
        return pm_json_fail(r, PM_ERR_SPEC, "at most %d breaks (%d classes)", PM_CLASSES_MAX - 1,
                            PM_CLASSES_MAX);
    return pm_json_each_element(r, v, read_break, c->breaks);
}

static pm_status read_color_at(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    pm_color *colors = ctx;
    return pm_spec_read_color(r, e, &colors[i]);
}

/* A ColorBrewer name, or a list of colours. */
static pm_status fn_palette(pm_json_reader *r, json_object *v, void *out)
{
    pm_classify *c = out;
    if (json_object_is_type(v, json_type_array)) {
        return PM_JSON_READ_VECTOR(r, v, "a palette name or an array of colours", "at least one colour",
                                   c->colors, &c->n_colors, read_color_at, c->colors);
    }
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, "a palette name or an array of colours", v);
    if (pm_json_read_string(r, v, 1, &c->palette) != PM_OK)
        return r->status;
    if (pm_palette_max(c->palette, NULL) == 0)
        return pm_json_fail(r, PM_ERR_SPEC, "unknown palette \"%s\" (ColorBrewer names such as "
                            "\"YlOrRd\", \"Blues\", \"RdYlBu\", \"Set2\"; docs/spec.md lists them)",
                            c->palette);
    return PM_OK;
}

#define CLASSIFY_FIELD(member, fn) PM_JSON_FIELD(pm_classify, member, fn)

static const pm_json_field CLASSIFY_FIELDS[] = {
    CLASSIFY_FIELD(field, pm_json_name_value),
    CLASSIFY_FIELD(method, fn_method),
    PM_JSON_INT_FIELD(pm_classify, classes, 2, PM_CLASSES_MAX),
    PM_JSON_WHOLE("breaks", fn_breaks),
    PM_JSON_WHOLE("palette", fn_palette),
    CLASSIFY_FIELD(paint, fn_paint),
    PM_JSON_INT_FIELD(pm_classify, digits, 0, DIGITS_MAX),
    CLASSIFY_FIELD(legend, pm_spec_read_text),
    CLASSIFY_FIELD(legend_en, pm_spec_read_text),
    PM_JSON_END,
};

static const char *const CLASSIFY_KEYS[] = {
    "field", "method", "classes", "breaks", "palette", "paint", "digits", "legend", "legend_en", NULL
};

/* What one key's value cannot say alone: breaks go with "manual" and set
 * the classes; a named palette has enough colours for the classes asked. */
static pm_status check_classify(pm_json_reader *r, json_object *v, pm_classify *c)
{
    int manual = c->method == PM_CLASS_MANUAL;
    const char *bad = manual && !c->breaks ? "\"manual\" needs \"breaks\""
                      : !manual && c->breaks ? "\"breaks\" go with \"method\": \"manual\""
                      : manual && json_object_object_get_ex(v, "classes", NULL)
                          ? "\"manual\" takes its classes from \"breaks\"" : NULL;
    if (bad)
        return pm_json_fail(r, PM_ERR_SPEC, "%s", bad);
    if (manual)
        c->classes = c->n_breaks + 1;
    if (!c->palette && !c->colors)
        c->palette = pm_strdup(c->method == PM_CLASS_CATEGORIES ? "Set2" : "YlOrRd");
    if (!c->palette && !c->colors)
        return pm_json_nomem(r);
    int most = c->palette ? pm_palette_max(c->palette, NULL) : c->n_colors;
    if (c->method != PM_CLASS_CATEGORIES && most < c->classes) {
        pm_json_push_key(r, "palette");
        return pm_json_fail(r, PM_ERR_SPEC, "%d classes but the palette has at most %d colours",
                            c->classes, most);
    }
    return PM_OK;
}

pm_status pm_spec_read_classify(pm_json_reader *r, json_object *v, void *out)
{
    pm_classify *c = pm_json_object_new(r, v, "a classify object", sizeof *c);
    if (!(*(pm_classify **)out = c))
        return r->status;
    c->classes = 5;
    c->digits = -1;
    if (pm_json_check_keys(r, v, CLASSIFY_KEYS, NULL) != PM_OK || pm_json_require(r, v, "field") != PM_OK ||
        pm_json_require(r, v, "method") != PM_OK || pm_json_read_fields(r, v, CLASSIFY_FIELDS, c) != PM_OK)
        return r->status;
    return check_classify(r, v, c);
}

#define SIZE_FIELD(member, fn) PM_JSON_FIELD(pm_size_by, member, fn)

static const pm_json_field SIZE_FIELDS[] = {
    SIZE_FIELD(field, pm_json_name_value),
    PM_JSON_NUMBER_FIELD(pm_size_by, max, 0, SIZE_MAX_PT),
    PM_JSON_NUMBER_FIELD(pm_size_by, min, 0, SIZE_MAX_PT),
    PM_JSON_INT_FIELD(pm_size_by, digits, 0, DIGITS_MAX),
    SIZE_FIELD(legend, pm_spec_read_text),
    SIZE_FIELD(legend_en, pm_spec_read_text),
    PM_JSON_END,
};

static const char *const SIZE_KEYS[] = {"field", "max", "min", "digits", "legend", "legend_en", NULL};

pm_status pm_spec_read_size_by(pm_json_reader *r, json_object *v, void *out)
{
    pm_size_by *s = pm_json_object_new(r, v, "a size_by object", sizeof *s);
    if (!(*(pm_size_by **)out = s))
        return r->status;
    s->max = 24;
    s->min = 2;
    s->digits = -1;
    if (pm_json_check_keys(r, v, SIZE_KEYS, NULL) != PM_OK || pm_json_require(r, v, "field") != PM_OK ||
        pm_json_read_fields(r, v, SIZE_FIELDS, s) != PM_OK)
        return r->status;
    if (s->max <= 0 || s->min > s->max) {
        pm_json_push_key(r, s->max <= 0 ? "max" : "min");
        return pm_json_fail(r, PM_ERR_SPEC, "expected 0 <= min <= max and max > 0 (min %g, max %g)",
                            s->min, s->max);
    }
    return PM_OK;
}

void pm_spec_classify_free(pm_classify *c)
{
    if (c)
        PM_FREE_ALL(c->field, c->breaks, c->palette, c->colors, c->legend, c->legend_en, c);
}

void pm_spec_size_by_free(pm_size_by *s)
{
    if (s)
        PM_FREE_ALL(s->field, s->legend, s->legend_en, s);
}
