/* Atlas entries: one job per feature of a coverage layer, with title and
 * file-name templates ("{name}", "zone-{id}") filled from the feature's
 * properties and the feature's lon/lat box (plus margin) as the extent. */
#include "batch_internal.h"
#include "pm_text.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ATLAS_MARGIN 0.1

typedef struct atlas {
    const char *file, *where_text;
    pm_error *err;
    char *spec, *source, *layer;
    const char *name_tpl;
    pm_condition *where;
    int n_where;
    pm_layer *cov;
} atlas;

static pm_status bad(atlas *a, const char *fmt, const char *detail)
{
    return pm_error_set(a->err, PM_ERR_SPEC, "%s: %s: %s%s", a->file, a->where_text, fmt,
                        detail ? detail : "");
}

static char *join(const char *dir, const char *path)
{
    if (path[0] == '/' || !dir || !*dir)
        return strdup(path);
    size_t n = strlen(dir) + strlen(path) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, path);
    return s;
}

/* One condition value as the spec compares it: strings as given, numbers and
 * booleans as JSON prints them, null as NULL. */
static char *value_text(json_object *v)
{
    if (!v || json_object_is_type(v, json_type_null))
        return NULL;
    return strdup(json_object_get_string(v));
}

static pm_status read_condition(atlas *a, const char *field, json_object *v, pm_condition *c)
{
    c->field = strdup(field);
    json_object *not = NULL;
    if (json_object_is_type(v, json_type_object) && json_object_object_get_ex(v, "not", &not)) {
        c->negate = 1;
        v = not;
    }
    int list = json_object_is_type(v, json_type_array);
    int n = list ? (int)json_object_array_length(v) : 1;
    c->values = calloc((size_t)n + 1, sizeof *c->values);
    if (!c->field || !c->values)
        return pm_error_set(a->err, PM_ERR_NOMEM, "%s: out of memory", a->file);
    for (int i = 0; i < n; i++) {
        json_object *e = list ? json_object_array_get_idx(v, (size_t)i) : v;
        if (json_object_is_type(e, json_type_object) || json_object_is_type(e, json_type_array))
            return bad(a, "coverage.where: expected a value, a list or {\"not\": ...} for ", field);
        c->values[c->n_values++] = value_text(e);
    }
    return PM_OK;
}

static pm_status read_where(atlas *a, json_object *w)
{
    if (!json_object_is_type(w, json_type_object))
        return bad(a, "coverage.where: expected an object such as {\"kind\": \"zone\"}", NULL);
    a->where = calloc((size_t)json_object_object_length(w) + 1, sizeof *a->where);
    if (!a->where)
        return pm_error_set(a->err, PM_ERR_NOMEM, "%s: out of memory", a->file);
    json_object_object_foreach(w, key, v) {
        pm_status st = read_condition(a, key, v, &a->where[a->n_where++]);
        if (st != PM_OK)
            return st;
    }
    return PM_OK;
}

static pm_status read_coverage(atlas *a, const char *dir, json_object *c)
{
    json_object *src = c, *layer = NULL, *where = NULL;
    if (json_object_is_type(c, json_type_object)) {
        json_object_object_foreach(c, key, v) {
            if (strcmp(key, "source") && strcmp(key, "layer") && strcmp(key, "where"))
                return bad(a, "coverage: unknown key ", key);
            (void)v;
        }
        json_object_object_get_ex(c, "source", &src);
        json_object_object_get_ex(c, "layer", &layer);
        json_object_object_get_ex(c, "where", &where);
    }
    if (!json_object_is_type(src, json_type_string))
        return bad(a, "coverage: expected a vector file, or {\"source\", \"layer\", \"where\"}", NULL);
    a->source = join(dir, json_object_get_string(src));
    a->layer = layer && json_object_get_string(layer) ? strdup(json_object_get_string(layer)) : NULL;
    if (!a->source)
        return pm_error_set(a->err, PM_ERR_NOMEM, "%s: out of memory", a->file);
    return where ? read_where(a, where) : PM_OK;
}

/* ---- templates ----------------------------------------------------------- */

typedef struct feature_ref {
    const pm_layer *layer;
    const pm_feature *feature;
} feature_ref;

static const char *feature_prop(const void *p, const char *field)
{
    const feature_ref *r = p;
    return pm_feature_value(r->layer, r->feature, field);
}

/* "{field}" → the property (empty when null). In file names, '/' and
 * control characters of the value become '-', so a property cannot add
 * folders; a name that still leaves the output folder is refused later. */
static char *expand(const char *tpl, const feature_ref *ref, int file_name, char *missing, size_t msize)
{
    size_t cap = strlen(tpl) + 256, len = 0;
    char *out = malloc(cap);
    for (const char *p = tpl; out && *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        char field[128] = "";
        const char *val = NULL;
        size_t n = 1;
        if (close && (size_t)(close - p - 1) < sizeof field) {
            snprintf(field, sizeof field, "%.*s", (int)(close - p - 1), p + 1);
            if (pm_layer_field_index(ref->layer, field) < 0 && !*missing)
                snprintf(missing, msize, "%s", field);
            val = feature_prop(ref, field);
            val = val ? val : "";
            n = strlen(val);
        }
        if (len + n + 1 > cap) {
            char *grown = realloc(out, cap = 2 * (len + n + 1));
            if (!grown) {
                free(out);
                return NULL;
            }
            out = grown;
        }
        if (close && *field) {
            for (size_t i = 0; i < n; i++) {
                unsigned char ch = (unsigned char)val[i];
                out[len++] = file_name && (ch == '/' || ch == '\\' || ch < 0x20) ? '-' : (char)ch;
            }
            p = close + 1;
        } else {
            out[len++] = *p++;
        }
    }
    if (out)
        out[len] = '\0';
    return out;
}

static pm_status add_feature_job(atlas *a, const pm_batch_job *d, const feature_ref *ref, pm_batch *b)
{
    pm_batch_job j = *d;
    char missing[128] = "";
    j.name = expand(a->name_tpl, ref, 1, missing, sizeof missing);
    j.spec = strdup(a->spec);
    j.title = d->title ? expand(d->title, ref, 0, missing, sizeof missing) : NULL;
    j.subtitle = d->subtitle ? expand(d->subtitle, ref, 0, missing, sizeof missing) : NULL;
    j.error = NULL;
    j.has_extent = 1;
    memcpy(j.extent, ref->feature->bbox, sizeof j.extent);
    j.margin = d->margin >= 0 ? d->margin : ATLAS_MARGIN;
    pm_batch_job *grown = realloc(b->jobs, (size_t)(b->n_jobs + 1) * sizeof *grown);
    if (!grown || !j.name || !j.spec || (d->title && !j.title) || (d->subtitle && !j.subtitle)) {
        free(j.name), free(j.spec), free(j.title), free(j.subtitle);
        if (grown)
            b->jobs = grown;
        return pm_error_set(a->err, PM_ERR_NOMEM, "%s: out of memory", a->file);
    }
    char why[128] = "";
    if (*missing)
        pm_batch_job_fail(&j, "%s: template names \"%s\", which the coverage layer does not have",
                          a->where_text, missing);
    else if (pm_batch_name_ok(j.name) != 0)
        pm_batch_job_fail(&j, "output name \"%s\" leaves the output folder", j.name);
    else if (j.title && pm_text_check(j.title, why, sizeof why) != 0)
        pm_batch_job_fail(&j, "%s: the page's title: %s", a->where_text, why);
    else if (j.subtitle && pm_text_check(j.subtitle, why, sizeof why) != 0)
        pm_batch_job_fail(&j, "%s: the page's subtitle: %s", a->where_text, why);
    b->jobs = grown;
    b->jobs[b->n_jobs++] = j;
    return PM_OK;
}

static pm_status expand_jobs(atlas *a, const pm_batch_job *d, pm_batch *b)
{
    for (int i = 0; i < a->cov->n_features; i++) {
        const pm_feature *f = &a->cov->features[i];
        feature_ref ref = {a->cov, f};
        /* A feature without geometry has no place to map. */
        if (f->kind == PM_GEOM_NONE || !pm_conditions_match(a->where, a->n_where, feature_prop, &ref))
            continue;
        pm_status st = add_feature_job(a, d, &ref, b);
        if (st != PM_OK)
            return st;
    }
    return PM_OK;
}

static void atlas_free(atlas *a)
{
    for (int i = 0; i < a->n_where; i++) {
        free(a->where[i].field);
        for (int k = 0; k < a->where[i].n_values; k++)
            free(a->where[i].values[k]);
        free(a->where[i].values);
    }
    free(a->where);
    free(a->spec);
    free(a->source);
    free(a->layer);
    pm_layer_destroy(a->cov);
}

pm_status pm_batch_read_atlas(const char *file, const char *dir, const char *where, json_object *obj,
                              const pm_batch_job *defaults, pm_batch *b, pm_error *err)
{
    atlas a = {file, where, err, NULL, NULL, NULL, "{id}", NULL, 0, NULL};
    json_object *spec = NULL, *cov = NULL, *name = NULL;
    pm_status st = PM_OK;
    if (!json_object_object_get_ex(obj, "spec", &spec) || !json_object_is_type(spec, json_type_string))
        st = bad(&a, "spec: required, the map spec used for every page", NULL);
    else if (!json_object_object_get_ex(obj, "coverage", &cov))
        st = bad(&a, "coverage: required, the layer with one feature per page", NULL);
    else if (json_object_object_get_ex(obj, "name", &name) && !json_object_is_type(name, json_type_string))
        st = bad(&a, "name: expected a file-name template such as \"zone-{id}\"", NULL);
    if (st == PM_OK) {
        a.name_tpl = name ? json_object_get_string(name) : "{id}";
        a.spec = join(dir, json_object_get_string(spec));
        st = a.spec ? read_coverage(&a, dir, cov) : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", file);
    }
    if (st == PM_OK) {
        pm_load_options lo = {.layer_name = a.layer};
        a.cov = pm_layer_load(a.source, &lo, err);
        if (!a.cov)
            st = pm_error_prefix(err, "%s: %s.coverage", file, where);
    }
    if (st == PM_OK)
        st = expand_jobs(&a, defaults, b);
    atlas_free(&a);
    return st;
}
