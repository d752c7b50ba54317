/* The JSON reader: JSON paths, one-line errors, unknown-key suggestions and
 * typed value readers (pm_json.h). */
#include "pm_json.h"

#include "pm_strings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t path_append(pm_json_reader *r, const char *text)
{
    size_t mark = r->len;
    size_t room = sizeof r->path - r->len;
    int n = snprintf(r->path + r->len, room, "%s", text);
    /* A truncated path still pops back correctly: len stops at the buffer end. */
    r->len += (n < 0 || (size_t)n >= room) ? room - 1 : (size_t)n;
    return mark;
}

/* Plain keys read as ".key"; keys a reader could not split back ("a.b",
 * "x y", "") are written ["..."]. */
static int plain_key(const char *key)
{
    if (!*key)
        return 0;
    for (const char *p = key; *p; p++)
        if (*p == '.' || *p == '[' || *p == ']' || *p == '"' || *p == ' ')
            return 0;
    return 1;
}

size_t pm_json_push_key(pm_json_reader *r, const char *key)
{
    char buf[PM_JSON_PATH_MAX];
    if (plain_key(key))
        snprintf(buf, sizeof buf, "%s%s", r->len ? "." : "", key);
    else
        snprintf(buf, sizeof buf, "[\"%s\"]", key);
    return path_append(r, buf);
}

size_t pm_json_push_index(pm_json_reader *r, int index)
{
    char buf[32];
    snprintf(buf, sizeof buf, "[%d]", index);
    return path_append(r, buf);
}

void pm_json_pop(pm_json_reader *r, size_t mark)
{
    if (mark < sizeof r->path) {
        r->len = mark;
        r->path[mark] = '\0';
    }
}

/* The first failure stays: "FILE: PATH: REASON" ("FILE: top level: REASON"
 * for the document itself). */
pm_status pm_json_fail(pm_json_reader *r, pm_status status, const char *fmt, ...)
{
    if (r->status != PM_OK)
        return r->status;
    char reason[PM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    r->status = status;
    if (r->len)
        pm_error_set(r->err, status, "%s: %s: %s", r->file, r->path, reason);
    else
        pm_error_set(r->err, status, "%s: top level: %s", r->file, reason);
    return status;
}

pm_status pm_json_nomem(pm_json_reader *r)
{
    return pm_json_fail(r, PM_ERR_NOMEM, "out of memory");
}

/* Copy at most `max` bytes of UTF-8 text without splitting a character. */
static void copy_cut(char *dst, const char *src, size_t max)
{
    size_t n = pm_utf8_prefix(src, max);
    memcpy(dst, src, n);
    strcpy(dst + n, src[n] ? "…" : "");
}

static const char *describe(json_object *v, int typed, char *buf, size_t size)
{
    char cut[PM_JSON_DESCRIBE_MAX + 8];
    switch (json_object_get_type(v)) {
    case json_type_null: return "null";
    case json_type_object: return "an object";
    case json_type_array: return "an array";
    case json_type_boolean:
        snprintf(buf, size, typed ? "a boolean (%s)" : "%s",
                 json_object_get_boolean(v) ? "true" : "false");
        return buf;
    case json_type_string:
        copy_cut(cut, json_object_get_string(v), PM_JSON_DESCRIBE_MAX);
        snprintf(buf, size, typed ? "a string (\"%s\")" : "\"%s\"", cut);
        return buf;
    case json_type_int:
    case json_type_double:
        /* json-c keeps the number's original text, so "0.10" stays "0.10". */
        copy_cut(cut, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), PM_JSON_DESCRIBE_MAX);
        snprintf(buf, size, "%s", cut);
        return buf;
    }
    return "an unknown value";
}

const char *pm_json_describe(json_object *v, char *buf, size_t size)
{
    return describe(v, 0, buf, size);
}

pm_status pm_json_expected(pm_json_reader *r, const char *what, json_object *v)
{
    char buf[PM_JSON_DESCRIBE_MAX + 64];
    return pm_json_fail(r, PM_ERR_SPEC, "expected %s, got %s", what,
                        describe(v, 1, buf, sizeof buf));
}

pm_status pm_json_read_name(pm_json_reader *r, json_object *v, const char *const *names,
                            const char *what, int *out)
{
    int i = json_object_is_type(v, json_type_string)
                ? pm_name_index(json_object_get_string(v), names, 0) : -1;
    if (i < 0)
        return pm_json_expected(r, what, v);
    *out = i;
    return PM_OK;
}

void *pm_json_object_new(pm_json_reader *r, json_object *v, const char *what, size_t size)
{
    if (!json_object_is_type(v, json_type_object)) {
        pm_json_expected(r, what, v);
        return NULL;
    }
    void *p = calloc(1, size);
    if (!p)
        pm_json_nomem(r);
    return p;
}

static int in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0)
            return 1;
    return 0;
}

static void join_keys(const char *const *keys, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (; *keys && len < size; keys++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", *keys);
}

pm_status pm_json_check_keys(pm_json_reader *r, json_object *obj,
                             const char *const *known, const char *hint)
{
    json_object_object_foreach(obj, key, val) {
        (void)val;
        if (in_list(key, known))
            continue;
        pm_json_push_key(r, key);
        const char *near = pm_nearest_name(key, known, -1);
        if (near)
            return pm_json_fail(r, PM_ERR_SPEC, "unknown key (did you mean \"%s\"?)", near);
        if (hint)
            return pm_json_fail(r, PM_ERR_SPEC, "unknown key (%s)", hint);
        char list[400];
        join_keys(known, list, sizeof list);
        return pm_json_fail(r, PM_ERR_SPEC, "unknown key (allowed: %s)", list);
    }
    return PM_OK;
}

pm_status pm_json_read_string(pm_json_reader *r, json_object *v, int non_empty, char **out)
{
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, non_empty ? "a non-empty string" : "a string", v);
    const char *s = json_object_get_string(v);
    size_t n = strlen(s);
    if ((size_t)json_object_get_string_len(v) != n)
        return pm_json_fail(r, PM_ERR_SPEC, "string contains a NUL character (\\u0000)");
    if (non_empty && n == 0)
        return pm_json_fail(r, PM_ERR_SPEC, "expected a non-empty string, got \"\"");
    char *copy = pm_strdup(s);
    if (!copy)
        return pm_json_nomem(r);
    free(*out);
    *out = copy;
    return PM_OK;
}

static int is_number(json_object *v)
{
    return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
}

pm_status pm_json_read_number(pm_json_reader *r, json_object *v, double lo, double hi,
                              double *out)
{
    char what[96];
    snprintf(what, sizeof what, "a number from %g to %g", lo, hi);
    if (!is_number(v))
        return pm_json_expected(r, what, v);
    double d = json_object_get_double(v);
    if (!isfinite(d) || d < lo || d > hi)
        return pm_json_expected(r, what, v);
    *out = d;
    return PM_OK;
}

pm_status pm_json_read_int(pm_json_reader *r, json_object *v, int lo, int hi, int *out)
{
    char what[96];
    snprintf(what, sizeof what, "an integer from %d to %d", lo, hi);
    if (!is_number(v))
        return pm_json_expected(r, what, v);
    double d = json_object_get_double(v);
    if (!isfinite(d) || d != floor(d) || d < lo || d > hi)
        return pm_json_expected(r, what, v);
    *out = (int)d;
    return PM_OK;
}

pm_status pm_json_read_bool(pm_json_reader *r, json_object *v, int *out)
{
    if (!json_object_is_type(v, json_type_boolean))
        return pm_json_expected(r, "true or false", v);
    *out = json_object_get_boolean(v) ? 1 : 0;
    return PM_OK;
}

pm_status pm_json_read_field(pm_json_reader *r, json_object *obj, const char *key,
                            pm_json_value_fn fn, void *out)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, key, &v))
        return PM_OK;
    size_t mark = pm_json_push_key(r, key);
    if (fn(r, v, out) != PM_OK)
        return r->status;
    pm_json_pop(r, mark);
    return PM_OK;
}

pm_status pm_json_bool_value(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_bool(r, v, out);
}

pm_status pm_json_name_value(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_string(r, v, 1, out);
}

/* The value `v` of table row `f` into `out`. */
static pm_status read_row(pm_json_reader *r, json_object *v, const pm_json_field *f, void *out)
{
    switch (f->kind) {
    case PM_JSON_NUMBER: return pm_json_read_number(r, v, f->lo, f->hi, out);
    case PM_JSON_INT: return pm_json_read_int(r, v, (int)f->lo, (int)f->hi, out);
    case PM_JSON_BY_FN: break;
    }
    return f->fn(r, v, out);
}

pm_status pm_json_read_fields(pm_json_reader *r, json_object *obj, const pm_json_field *fields,
                              void *base)
{
    for (const pm_json_field *f = fields; f->key; f++) {
        json_object *v;
        if (!json_object_object_get_ex(obj, f->key, &v))
            continue;
        size_t mark = pm_json_push_key(r, f->key);
        if (read_row(r, v, f, (char *)base + f->offset) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

pm_status pm_json_read_switch(pm_json_reader *r, json_object *v, int *on, const char *what,
                              const char *const *keys, const pm_json_field *fields, void *base)
{
    if (json_object_is_type(v, json_type_boolean))
        return pm_json_read_bool(r, v, on);
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, what, v);
    *on = 1;
    if (pm_json_check_keys(r, v, keys, NULL) != PM_OK)
        return r->status;
    return pm_json_read_fields(r, v, fields, base);
}

pm_status pm_json_each_element(pm_json_reader *r, json_object *v, pm_json_element_fn fn,
                               void *ctx)
{
    size_t n = json_object_array_length(v);
    for (size_t i = 0; i < n; i++) {
        size_t mark = pm_json_push_index(r, (int)i);
        if (fn(r, json_object_array_get_idx(v, i), i, ctx) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

pm_status pm_json_array(pm_json_reader *r, json_object *v, const char *what, const char *empty,
                        size_t *n)
{
    if (!json_object_is_type(v, json_type_array))
        return pm_json_expected(r, what, v);
    *n = json_object_array_length(v);
    if (*n == 0 && empty)
        return pm_json_fail(r, PM_ERR_SPEC, "expected %s, got an empty array", empty);
    return PM_OK;
}

void *pm_json_vector(pm_json_reader *r, json_object *v, const char *what, const char *empty,
                     size_t size, int *n)
{
    size_t count = 0;   /* -O3 cannot see pm_json_array set it on PM_OK */
    if (pm_json_array(r, v, what, empty, &count) != PM_OK || count == 0)
        return NULL;
    void *items = calloc(count, size);
    if (!items) {
        pm_json_nomem(r);
        return NULL;
    }
    *n = (int)count;
    return items;
}

pm_status pm_json_require(pm_json_reader *r, json_object *obj, const char *key)
{
    if (json_object_object_get_ex(obj, key, NULL))
        return PM_OK;
    size_t mark = pm_json_push_key(r, key);
    pm_json_fail(r, PM_ERR_SPEC, "required key missing");
    pm_json_pop(r, mark);
    return r->status;
}
