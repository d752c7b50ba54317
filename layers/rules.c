/* Rule matching and the fields a layer spec reads (styles merge in
 * spec_style.c, beside the table of style keys). */
#include "pm_map_data.h"
#include "pm_spec_data.h"
#include "pm_strings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int value_matches(const char *want, const char *have)
{
    if (!want)
        return have == NULL;   /* null in a condition: missing or null property */
    return have && strcmp(want, have) == 0;
}

static int condition_holds(const pm_condition *c, pm_prop_getter get, const void *feature)
{
    const char *have = get(feature, c->field);
    int hit = 0;
    for (int i = 0; i < c->n_values && !hit; i++)
        hit = value_matches(c->values[i], have);
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
    if (fs->n == fs->cap) {
        int cap = fs->cap ? fs->cap * 2 : 8;
        char **grown = realloc(fs->names, (size_t)cap * sizeof *grown);
        if (!grown) {
            fs->failed = 1;
            return;
        }
        fs->names = grown;
        fs->cap = cap;
    }
    char *copy = pm_strdup(name);
    if (!copy) {
        fs->failed = 1;
        return;
    }
    fs->names[fs->n++] = copy;
}

static void add_conditions(field_set *fs, const pm_condition *c, int n)
{
    for (int i = 0; i < n; i++)
        field_add(fs, c[i].field);
}

const char *pm_label_field_en(const char *label, char *buf, size_t n)
{
    size_t len = label ? strlen(label) : 0;
    if (!label || (len >= 3 && strcmp(label + len - 3, "_en") == 0) || len + 4 > n)
        return NULL;
    snprintf(buf, n, "%s_en", label);
    return buf;
}

/* The label field and its English, which --lang en shows instead. */
static void add_label(field_set *fs, const pm_style *s)
{
    if (!(s->set & PM_STYLE_LABEL) || !s->label)
        return;
    char en[128];
    field_add(fs, s->label);
    field_add(fs, pm_label_field_en(s->label, en, sizeof en));
}

int pm_layer_spec_fields(const pm_layer_spec *layer, char ***fields)
{
    field_set fs = {0};
    add_conditions(&fs, layer->where, layer->n_where);
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
