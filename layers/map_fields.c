/* No silent typos: every field a layer of a spec reads (pm_layer_spec_fields:
 * its `where`, rules, labels and whatever else reports its fields there)
 * must be a field of the layer's source, else a spec error naming the JSON
 * path, the fields the source has and the nearest one. The theme's own
 * fields (name, name_en, kind, role) are read only where present and are
 * not checked unless the spec names them. */
#include "map_internal.h"
#include "pm_values.h"

#include <stdlib.h>
#include <string.h>

/* How many of a source's fields a message lists before "…". */
#define LISTED 24

static int in_schema(const pm_layer *data, const char *field)
{
    for (int i = 0; i < data->n_schema; i++)
        if (strcmp(data->schema[i], field) == 0)
            return 1;
    return 0;
}

/* Where in conditions `c` (written at `at`) `field` is named, into `key`:
 * "where.catgory", "where.any[1].knid" (an "any" holds groups of its own). */
static int in_conditions(const pm_condition *c, int n, const char *field, const char *at,
                         char *key, size_t size)
{
    for (int i = 0; i < n; i++) {
        if (c[i].field && strcmp(c[i].field, field) == 0)
            return snprintf(key, size, "%s.%s", at, field), 1;
        for (int k = 0; k < c[i].n_any; k++) {
            char inner[160];
            snprintf(inner, sizeof inner, "%s.any[%d]", at, k);
            if (in_conditions(c[i].any[k].where, c[i].any[k].n_where, field, inner, key, size))
                return 1;
        }
    }
    return 0;
}

typedef struct label_hit {
    const char *field;
    int hit;
} label_hit;

static void note_label_field(const char *field, void *ctx)
{
    label_hit *h = ctx;
    h->hit |= strcmp(field, h->field) == 0;
}

/* 1 if the style's label (a field or a template) reads `field`. */
static int is_label(const pm_style *s, const char *field)
{
    label_hit h = {field, 0};
    if ((s->set & PM_STYLE_LABEL) && s->label)
        pm_label_each_field(s->label, note_label_field, &h);
    return h.hit;
}

/* The spec key that names `field` in layer `li` ("layers[1].where.catgory"),
 * or 0 when none of the keys known here does (a key reporting its fields in
 * pm_layer_spec_fields that is not listed here: the layer is named). */
static int key_of(const pm_layer_spec *ls, int li, const char *field, char *key, size_t n)
{
    char at[96];
    snprintf(at, sizeof at, "layers[%d].where", li);
    if (in_conditions(ls->where, ls->n_where, field, at, key, n))
        return 1;
    if (is_label(&ls->style, field))
        return snprintf(key, n, "layers[%d].style.label", li), 1;
    for (int r = 0; r < ls->n_rules; r++) {
        snprintf(at, sizeof at, "layers[%d].rules[%d].where", li, r);
        if (in_conditions(ls->rules[r].where, ls->rules[r].n_where, field, at, key, n))
            return 1;
        if (is_label(&ls->rules[r].style, field))
            return snprintf(key, n, "layers[%d].rules[%d].label", li, r), 1;
    }
    if (ls->classify && ls->classify->field && strcmp(ls->classify->field, field) == 0)
        return snprintf(key, n, "layers[%d].classify.field", li), 1;
    if (ls->size_by && ls->size_by->field && strcmp(ls->size_by->field, field) == 0)
        return snprintf(key, n, "layers[%d].size_by.field", li), 1;
    snprintf(key, n, "layers[%d]", li);
    return 0;
}

/* "name_en" read only because "name" labels (--lang en shows the English
 * twin where a feature has one): never required. */
static int english_twin(char *const *fields, int n, const char *field)
{
    size_t len = strlen(field);
    if (len <= 3 || strcmp(field + len - 3, "_en") != 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (strlen(fields[i]) == len - 3 && strncmp(fields[i], field, len - 3) == 0)
            return 1;
    return 0;
}

/* The source as the user wrote it, relative to the spec's folder. */
static const char *shown_source(const pm_spec *spec, const char *source)
{
    size_t n = spec->dir ? strlen(spec->dir) : 0;
    if (n && strncmp(source, spec->dir, n) == 0 && source[n] == '/')
        return source + n + 1;
    return source;
}

static void list_fields(const pm_layer *data, char *out, size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < data->n_schema && at + 1 < n; i++) {
        const char *sep = i ? ", " : "";
        if (i == LISTED) {
            snprintf(out + at, n - at, ", …");
            return;
        }
        int w = snprintf(out + at, n - at, "%s%s", sep, data->schema[i]);
        at += w > 0 ? (size_t)w : 0;
    }
    if (data->n_schema == 0)
        snprintf(out, n, "none");
}

static void describe(const pm_spec *spec, const char *source, const char *layer_name,
                     const pm_layer *data, const char *key, const char *field, pm_error *problem)
{
    char fields[512];
    list_fields(data, fields, sizeof fields);
    const char *near = pm_nearest_name(field, (const char *const *)data->schema, data->n_schema);
    char layer[160] = "";
    if (layer_name)
        snprintf(layer, sizeof layer, " (layer '%s')", layer_name);
    char hint[160] = "";
    if (near)
        snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
    pm_error_set(problem, PM_ERR_SPEC, "%s: %s: the source %s%s has no field '%s' (fields: %s)%s",
                 spec->path, key, shown_source(spec, source), layer, field, fields, hint);
}

int pm_map_check_fields(const pm_spec *spec, int li, const pm_layer *data,
                        pm_field_problem report, void *ud, pm_error *err)
{
    const pm_layer_spec *ls = &spec->layers[li];
    /* A GeoJSON without features has no fields either: nothing to check. */
    if (data->n_schema == 0 && data->n_features == 0)
        return 0;
    char **fields = NULL;
    int n = pm_layer_spec_fields(ls, &fields);
    if (n < 0) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: layers[%d]: out of memory", spec->path, li);
        return -1;
    }
    int problems = 0;
    for (int i = 0; i < n; i++) {
        char key[192];
        if (in_schema(data, fields[i]))
            continue;
        if (!key_of(ls, li, fields[i], key, sizeof key) && english_twin(fields, n, fields[i]))
            continue;
        pm_error problem = {0};
        describe(spec, ls->source, ls->layer, data, key, fields[i], &problem);
        if (problems++ == 0 && err)
            *err = problem;
        if (report)
            report(ud, &problem);
    }
    pm_strv_free(fields, n);
    return problems;
}

int pm_map_check_inset_fields(const pm_spec *spec, const pm_layer *inset,
                              pm_field_problem report, void *ud, pm_error *err)
{
    int problems = 0;
    for (int i = 0; i < spec->n_inset_where; i++) {
        const char *field = spec->inset_where[i].field;
        if (in_schema(inset, field))
            continue;
        char key[160];
        snprintf(key, sizeof key, "inset.where.%s", field);
        pm_error problem = {0};
        describe(spec, spec->inset_source, NULL, inset, key, field, &problem);
        if (problems++ == 0 && err)
            *err = problem;
        if (report)
            report(ud, &problem);
    }
    return problems;
}
