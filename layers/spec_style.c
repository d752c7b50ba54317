/* Style keys and rules of a map spec (their `where` conditions are read in
 * spec_where.c), and the values a style reads: drawn texts and colours. */
#include "spec_internal.h"
#include "pm_text.h"
#include "pm_values.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum style_kind {
    SK_COLOR, SK_LENGTH, SK_OPACITY, SK_DASH, SK_MARKER, SK_LABEL, SK_FONT, SK_HATCH,
    SK_CROSS_HATCH, SK_DOTS, SK_ARROW, SK_CASING
} style_kind;

typedef struct style_key {
    const char *key;
    unsigned bit;
    style_kind kind;
    double max;        /* SK_LENGTH: upper bound in pt */
    size_t offset;     /* the field inside pm_style */
    size_t size;       /* its size (a dash's count is merged apart) */
} style_key;

/* Every style key, once: named as its field in pm_style, its bit, how its
 * value is read and, for a length, its upper bound in pt. Upper bounds are
 * far past any sensible map symbol; they catch unit mix-ups (pixels or
 * millimetres at print size) rather than limit design. */
#define STYLE_KEY_LIST(X) \
    X(fill, PM_STYLE_FILL, SK_COLOR, 0) \
    X(stroke, PM_STYLE_STROKE, SK_COLOR, 0) \
    X(width, PM_STYLE_WIDTH, SK_LENGTH, 100) \
    X(dash, PM_STYLE_DASH, SK_DASH, 0) \
    X(opacity, PM_STYLE_OPACITY, SK_OPACITY, 1) \
    X(marker, PM_STYLE_MARKER, SK_MARKER, 0) \
    X(marker_size, PM_STYLE_MARKER_SIZE, SK_LENGTH, 500) \
    X(label, PM_STYLE_LABEL, SK_LABEL, 0) \
    X(font, PM_STYLE_FONT, SK_FONT, 0) \
    X(font_size, PM_STYLE_FONT_SIZE, SK_LENGTH, 500) \
    X(text_color, PM_STYLE_TEXT_COLOR, SK_COLOR, 0) \
    X(halo, PM_STYLE_HALO, SK_COLOR, 0) \
    X(halo_width, PM_STYLE_HALO_WIDTH, SK_LENGTH, 50) \
    X(hatch, PM_STYLE_HATCH, SK_HATCH, 0) \
    X(dots, PM_STYLE_DOTS, SK_DOTS, 0) \
    X(arrow, PM_STYLE_ARROW, SK_ARROW, 0) \
    X(casing, PM_STYLE_CASING, SK_CASING, 0)

/* Keys that set another key's field: cross_hatch is hatching at two angles. */
#define STYLE_ALIAS_LIST(Y) \
    Y(cross_hatch, hatch, PM_STYLE_HATCH, SK_CROSS_HATCH)

#define KEY(field, bit, kind, max) \
    {#field, bit, kind, max, offsetof(pm_style, field), sizeof ((pm_style *)0)->field},
#define ALIAS(key, field, bit, kind) \
    {#key, bit, kind, 0, offsetof(pm_style, field), sizeof ((pm_style *)0)->field},
static const style_key STYLE_KEYS[] = {STYLE_KEY_LIST(KEY) STYLE_ALIAS_LIST(ALIAS)};
#define N_STYLE_KEYS (sizeof STYLE_KEYS / sizeof STYLE_KEYS[0])

pm_style pm_style_merge(const pm_style *base, const pm_style *over)
{
    pm_style s = *base;
    for (size_t i = 0; i < N_STYLE_KEYS; i++) {
        const style_key *k = &STYLE_KEYS[i];
        if (over->set & k->bit)
            memcpy((char *)&s + k->offset, (const char *)over + k->offset, k->size);
    }
    if (over->set & PM_STYLE_DASH)
        s.n_dash = over->n_dash;
    s.set = base->set | over->set;
    return s;
}

#define KEY_NAME(field, bit, kind, max) #field,
#define ALIAS_NAME(key, field, bit, kind) #key,
const char *const PM_STYLE_KEYS[] = {STYLE_KEY_LIST(KEY_NAME) STYLE_ALIAS_LIST(ALIAS_NAME) NULL};

static const char *const MARKERS[] = {
    "none", "circle", "square", "triangle", "diamond", "star", NULL
};

/* Longest dash element accepted, pt (a metre on paper is ~2835 pt). */
#define DASH_MAX 1000

static pm_status read_dash(pm_json_reader *r, json_object *v, pm_style *s)
{
    if (!json_object_is_type(v, json_type_array))
        return pm_json_expected(r, "an array of up to 8 positive numbers", v);
    size_t n = json_object_array_length(v);
    if (n > PM_MAX_DASH)
        return pm_json_fail(r, PM_ERR_SPEC, "expected at most %d numbers, got %zu",
                            PM_MAX_DASH, n);
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        size_t mark = pm_json_push_index(r, (int)i);
        double d = -1;
        int numeric = json_object_is_type(e, json_type_int) ||
                      json_object_is_type(e, json_type_double);
        if (numeric)
            d = json_object_get_double(e);
        if (!numeric || !isfinite(d) || d <= 0 || d > DASH_MAX)
            return pm_json_expected(r, "a positive number up to 1000 (pt)", e);
        pm_json_pop(r, mark);
        s->dash[i] = d;
    }
    s->n_dash = (int)n;
    return PM_OK;
}

static pm_status read_marker(pm_json_reader *r, json_object *v, pm_style *s)
{
    const char *what = "one of \"none\", \"circle\", \"square\", \"triangle\", "
                       "\"diamond\", \"star\"";
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, what, v);
    const char *name = json_object_get_string(v);
    int i = pm_name_index(name, MARKERS, 0);
    if (i >= 0) {
        s->marker = (pm_marker_shape)i;
        return PM_OK;
    }
    const char *near = pm_nearest_name(name, MARKERS, -1);
    char buf[96];
    pm_json_describe(v, buf, sizeof buf);
    if (near)
        return pm_json_fail(r, PM_ERR_SPEC, "expected %s, got %s (did you mean \"%s\"?)",
                            what, buf, near);
    return pm_json_fail(r, PM_ERR_SPEC, "expected %s, got %s", what, buf);
}

static pm_status read_label(pm_json_reader *r, json_object *v, pm_style *s)
{
    if (json_object_is_type(v, json_type_null)) {
        free(s->label);
        s->label = NULL;   /* explicitly no label, overriding the theme */
        return PM_OK;
    }
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, "a property name, a template or null", v);
    char why[160];
    if (pm_json_read_string(r, v, 1, &s->label) != PM_OK)
        return r->status;
    if (pm_label_check(s->label, why, sizeof why) != 0)
        return pm_json_fail(r, PM_ERR_SPEC, "%s", why);
    return PM_OK;
}

pm_status pm_spec_read_style_key(pm_json_reader *r, const char *key, json_object *v,
                                 pm_style *style)
{
    const style_key *k = NULL;
    for (size_t i = 0; i < N_STYLE_KEYS && !k; i++)
        if (strcmp(key, STYLE_KEYS[i].key) == 0)
            k = &STYLE_KEYS[i];
    if (!k)
        return pm_json_fail(r, PM_ERR_SPEC, "unknown style key");
    void *field = (char *)style + k->offset;
    pm_status st = PM_OK;
    switch (k->kind) {
    case SK_COLOR: st = pm_spec_read_color(r, v, field); break;
    case SK_LENGTH: st = pm_json_read_number(r, v, 0, k->max, field); break;
    case SK_OPACITY: st = pm_json_read_number(r, v, 0, 1, field); break;
    case SK_DASH: st = read_dash(r, v, style); break;
    case SK_MARKER: st = read_marker(r, v, style); break;
    case SK_LABEL: st = read_label(r, v, style); break;
    case SK_FONT: st = pm_json_read_string(r, v, 1, &style->font); break;
    case SK_HATCH: st = pm_spec_read_hatch(r, v, style, 0); break;
    case SK_CROSS_HATCH: st = pm_spec_read_hatch(r, v, style, 1); break;
    case SK_DOTS: st = pm_spec_read_dots(r, v, style); break;
    case SK_ARROW: st = pm_spec_read_arrow(r, v, style); break;
    case SK_CASING: st = pm_spec_read_casing(r, v, style); break;
    }
    if (st == PM_OK)
        style->set |= k->bit;
    return st;
}

pm_status pm_spec_read_style(pm_json_reader *r, json_object *v, void *out)
{
    pm_style *style = out;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object of style keys", v);
    if (pm_json_check_keys(r, v, PM_STYLE_KEYS, NULL) != PM_OK)
        return r->status;
    json_object_object_foreach(v, key, val) {
        size_t mark = pm_json_push_key(r, key);
        if (pm_spec_read_style_key(r, key, val, style) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

/* ---- rules -------------------------------------------------------------- */

static const char *const *rule_keys(void)
{
    static const char *const keys[] = {
        "where", "legend", "legend_en", "fill", "stroke", "width", "dash", "opacity", "marker",
        "marker_size", "label", "font", "font_size", "text_color", "halo", "halo_width",
        "hatch", "cross_hatch", "dots", "arrow", "casing", NULL
    };
    return keys;
}

static pm_status read_rule(pm_json_reader *r, json_object *v, pm_rule *rule)
{
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "a rule object", v);
    if (pm_json_check_keys(r, v, rule_keys(), NULL) != PM_OK)
        return r->status;
    json_object_object_foreach(v, key, val) {
        size_t mark = pm_json_push_key(r, key);
        pm_status st;
        if (strcmp(key, "where") == 0)
            st = pm_spec_read_where(r, val, &rule->where, &rule->n_where);
        else if (strcmp(key, "legend") == 0)
            st = json_object_is_type(val, json_type_null)
                     ? PM_OK : pm_spec_read_text(r, val, &rule->legend);
        else if (strcmp(key, "legend_en") == 0)
            st = json_object_is_type(val, json_type_null)
                     ? PM_OK : pm_spec_read_text(r, val, &rule->legend_en);
        else
            st = pm_spec_read_style_key(r, key, val, &rule->style);
        if (st != PM_OK)
            return st;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

static pm_status read_rule_at(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    pm_rule *rules = ctx;
    return read_rule(r, e, &rules[i]);
}

pm_status pm_spec_read_rules(pm_json_reader *r, json_object *v, pm_rule **out, int *n)
{
    return PM_JSON_READ_VECTOR(r, v, "an array of rules", NULL, *out, n, read_rule_at, *out);
}

/* ---- freeing ------------------------------------------------------------ */

void pm_spec_style_free(pm_style *style)
{
    free(style->label);
    free(style->font);
    style->label = style->font = NULL;
}

void pm_spec_rules_free(pm_rule *rules, int n)
{
    for (int i = 0; rules && i < n; i++) {
        pm_spec_conditions_free(rules[i].where, rules[i].n_where);
        pm_spec_style_free(&rules[i].style);
        free(rules[i].legend);
        free(rules[i].legend_en);
    }
    free(rules);
}

pm_status pm_spec_read_text(pm_json_reader *r, json_object *v, void *out)
{
    char **text = out, why[128];
    if (pm_json_read_string(r, v, 0, text) != PM_OK)
        return r->status;
    if (pm_text_check(*text, why, sizeof why) != 0)
        return pm_json_fail(r, PM_ERR_SPEC, "%s", why);
    return PM_OK;
}

pm_status pm_spec_read_color(pm_json_reader *r, json_object *v, pm_color *out)
{
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, "a colour", v);
    if (pm_color_parse(json_object_get_string(v), out) != 0) {
        char buf[PM_JSON_DESCRIBE_MAX + 16];
        return pm_json_fail(r, PM_ERR_SPEC, "expected a colour, got %s",
                            pm_json_describe(v, buf, sizeof buf));
    }
    return PM_OK;
}
