/* Rule matching and the fields a layer spec reads (styles merge in
 * spec_style.c, beside the table of style keys). */
#include "pm_map_data.h"
#include "pm_spec_data.h"
#include "pm_strings.h"
#include "pm_values.h"
#include "pm_alloc.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number as the whole text: optional sign, digits with an optional
 * fraction, an optional exponent; no spaces, hex, "inf" or "nan". Read
 * with g_ascii_strtod, so a program's locale (a decimal comma) changes
 * nothing. */
int pm_number_parse(const char *text, double *out)
{
    const char *p = text;
    if (!p)
        return 0;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return 0;
    double d = g_ascii_strtod(text, NULL);
    if (!isfinite(d))
        return 0;
    *out = d;
    return 1;
}

static int value_matches(const char *want, const char *have)
{
    if (!want)
        return have == NULL;   /* null in a condition: missing or null property */
    if (!have)
        return 0;
    if (strcmp(want, have) == 0)
        return 1;
    double a, b;   /* "5.50" in the data is 5.5 in the spec */
    return pm_number_parse(want, &a) && pm_number_parse(have, &b) && a == b;
}

/* Bytes in the UTF-8 character starting at s (1 for a stray byte). */
static size_t utf8_len(const char *s)
{
    size_t n = 1;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

/* SQL LIKE, case-sensitive: '%' any run of characters, '_' one UTF-8
 * character, '\' makes the next character literal. On a mismatch after a
 * '%', the '%' takes one more character and matching resumes (linear
 * backtracking: only the last '%' is ever retried). */
int pm_like_match(const char *pattern, const char *text)
{
    const char *p = pattern, *t = text, *star_p = NULL, *star_t = NULL;
    while (*t) {
        if (*p == '%') {
            star_p = ++p;
            star_t = t;
            continue;
        }
        size_t tn = utf8_len(t);
        if (*p == '_') {
            p++;
            t += tn;
            continue;
        }
        const char *lit = *p == '\\' && p[1] ? p + 1 : p;
        size_t pn = *lit ? utf8_len(lit) : 0;
        if (pn && pn == tn && memcmp(lit, t, tn) == 0) {
            p = lit + pn;
            t += tn;
            continue;
        }
        if (!star_p)
            return 0;
        p = star_p;
        t = star_t += utf8_len(star_t);
    }
    while (*p == '%')
        p++;
    return *p == '\0';
}

static int test_value(const pm_condition *c, const char *have)
{
    double v;
    int hit = 0;
    switch (c->op) {
    case PM_COND_EQ:
        for (int i = 0; i < c->n_values && !hit; i++)
            hit = value_matches(c->values[i], have);
        return hit;
    case PM_COND_LIKE:
        for (int i = 0; have && i < c->n_values && !hit; i++)
            hit = pm_like_match(c->values[i], have);
        return hit;
    case PM_COND_ANY:
        return 0;
    default:
        break;
    }
    if (!pm_number_parse(have, &v))
        return 0;   /* missing, null or not a number: no order to compare */
    switch (c->op) {
    case PM_COND_GT: return v > c->num[0];
    case PM_COND_GTE: return v >= c->num[0];
    case PM_COND_LT: return v < c->num[0];
    case PM_COND_LTE: return v <= c->num[0];
    default: return v >= c->num[0] && v <= c->num[1];   /* PM_COND_BETWEEN */
    }
}

int pm_condition_holds_for(const pm_condition *c, const char *have)
{
    int hit = test_value(c, have);
    return c->negate ? !hit : hit;
}

static int condition_holds(const pm_condition *c, pm_prop_getter get, const void *feature)
{
    if (c->op != PM_COND_ANY)
        return pm_condition_holds_for(c, get(feature, c->field));
    int hit = 0;
    for (int i = 0; i < c->n_any && !hit; i++)
        hit = pm_conditions_match(c->any[i].where, c->any[i].n_where, get, feature);
    return c->negate ? !hit : hit;
}

int pm_conditions_match(const pm_condition *c, int n, pm_prop_getter get, const void *feature)
{
    for (int i = 0; i < n; i++)
        if (!condition_holds(&c[i], get, feature))
            return 0;
    return 1;
}

int pm_layer_spec_match(const pm_layer_spec *layer, pm_prop_getter get, const void *feature)
{
    for (int i = 0; i < layer->n_rules; i++)
        if (pm_conditions_match(layer->rules[i].where, layer->rules[i].n_where, get, feature))
            return i;
    return -1;
}

/* ---- fields --------------------------------------------------------------- */

typedef struct field_set {
    char **names;
    int n, cap;
    int failed;   /* out of memory: the set is incomplete */
} field_set;

static void field_add(field_set *fs, const char *name)
{
    if (!name || fs->failed)
        return;
    for (int i = 0; i < fs->n; i++)
        if (strcmp(fs->names[i], name) == 0)
            return;
    if (pm_array_grow(&fs->names, fs->n, &fs->cap, sizeof *fs->names, 8) != 0) {
        fs->failed = 1;
        return;
    }
    char *copy = pm_strdup(name);
    if (!copy) {
        fs->failed = 1;
        return;
    }
    fs->names[fs->n++] = copy;
}

/* Fields named inside an "any" too: the loader must keep them. */
static void add_conditions(field_set *fs, const pm_condition *c, int n)
{
    for (int i = 0; i < n; i++) {
        field_add(fs, c[i].field);
        for (int k = 0; k < c[i].n_any; k++)
            add_conditions(fs, c[i].any[k].where, c[i].any[k].n_where);
    }
}

const char *pm_label_field_en(const char *label, char *buf, size_t n)
{
    size_t len = label ? strlen(label) : 0;
    if (!label || (len >= 3 && strcmp(label + len - 3, "_en") == 0) || len + 4 > n)
        return NULL;
    snprintf(buf, n, "%s_en", label);
    return buf;
}

static void add_label_field(const char *field, void *ctx)
{
    char en[128];
    field_add(ctx, field);
    field_add(ctx, pm_label_field_en(field, en, sizeof en));
}

/* The label's fields (a template's every field) and their English, which
 * --lang en shows instead. */
static void add_label(field_set *fs, const pm_style *s)
{
    if ((s->set & PM_STYLE_LABEL) && s->label &&
        pm_label_each_field(s->label, add_label_field, fs) < 0)
        fs->failed = 1;
}

/* A classified field, and for categories its English (the legend's). */
static void add_classes(field_set *fs, const pm_layer_spec *layer)
{
    char en[128];
    if (layer->classify) {
        field_add(fs, layer->classify->field);
        if (layer->classify->method == PM_CLASS_CATEGORIES)
            field_add(fs, pm_label_field_en(layer->classify->field, en, sizeof en));
    }
    if (layer->size_by)
        field_add(fs, layer->size_by->field);
}

int pm_layer_spec_fields(const pm_layer_spec *layer, char ***fields)
{
    field_set fs = {0};
    add_conditions(&fs, layer->where, layer->n_where);
    add_classes(&fs, layer);
    add_label(&fs, &layer->style);
    for (int i = 0; i < layer->n_rules; i++) {
        add_conditions(&fs, layer->rules[i].where, layer->rules[i].n_where);
        add_label(&fs, &layer->rules[i].style);
    }
    if (fs.failed) {
        for (int i = 0; i < fs.n; i++)
            free(fs.names[i]);
        free(fs.names);
        *fields = NULL;
        return -1;
    }
    *fields = fs.names;
    return fs.n;
}
