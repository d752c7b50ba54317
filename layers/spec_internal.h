/* Internal to the spec parser (layers/spec*.c): the reader that walks the
 * JSON document, keeps the JSON path of the value being read and formats
 * "<file>: <json path>: <reason>" errors. Not part of the public API.
 */
#ifndef PM_SPEC_INTERNAL_H
#define PM_SPEC_INTERNAL_H

#include <json-c/json.h>

#include "pm_spec.h"

#define PM_SPEC_PATH_MAX 512

typedef struct pm_spec_reader {
    const char *file;                 /* spec path as given, for messages */
    pm_error *err;                    /* may be NULL */
    pm_status status;                 /* first failure, PM_OK until then */
    char path[PM_SPEC_PATH_MAX];      /* JSON path of the current value */
    size_t len;
} pm_spec_reader;

/* JSON path: push a key or index, returning a mark to pop back to. */
size_t pm_spec_push_key(pm_spec_reader *r, const char *key);
size_t pm_spec_push_index(pm_spec_reader *r, int index);
void pm_spec_pop(pm_spec_reader *r, size_t mark);

/* Record "<file>: <path>: <reason>" (the first failure wins). */
pm_status pm_spec_fail(pm_spec_reader *r, pm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "expected <what>, got <description of v>". */
pm_status pm_spec_expected(pm_spec_reader *r, const char *what, json_object *v);
/* Out of memory at the current place. */
pm_status pm_spec_nomem(pm_spec_reader *r);

/* How a value is shown after "got": numbers as written, other types named. */
const char *pm_spec_describe(json_object *v, char *buf, size_t size);

/* Every key of object `obj` must be in the NULL-terminated `known` list;
 * otherwise "unknown key" at that key, suggesting the closest known one.
 * `hint` (may be NULL) is added when nothing is close. */
pm_status pm_spec_check_keys(pm_spec_reader *r, json_object *obj,
                             const char *const *known, const char *hint);
/* The closest of `candidates` to `word` if cheap to guess, else NULL. */
const char *pm_spec_closest(const char *word, const char *const *candidates);

/* Typed readers for the value at the current path. */
pm_status pm_spec_read_string(pm_spec_reader *r, json_object *v, int non_empty, char **out);
/* A string that is drawn as text: also within the bound of pm_text.h. */
pm_status pm_spec_read_text(pm_spec_reader *r, json_object *v, char **out);
pm_status pm_spec_read_number(pm_spec_reader *r, json_object *v, double lo, double hi,
                              double *out);
pm_status pm_spec_read_int(pm_spec_reader *r, json_object *v, int lo, int hi, int *out);
pm_status pm_spec_read_bool(pm_spec_reader *r, json_object *v, int *out);
pm_status pm_spec_read_color(pm_spec_reader *r, json_object *v, pm_color *out);
char *pm_spec_strdup(const char *s);

/* Reads one value for a key (the path already names the key). */
typedef pm_status (*pm_spec_value_fn)(pm_spec_reader *r, json_object *v, void *out);
/* If `obj` has `key`, push it on the path and read it with `fn`. */
pm_status pm_spec_read_field(pm_spec_reader *r, json_object *obj, const char *key,
                             pm_spec_value_fn fn, void *out);
/* "<key>: required key missing" unless `obj` has `key`. */
pm_status pm_spec_require(pm_spec_reader *r, json_object *obj, const char *key);

/* Page and extent (spec_page.c); `out` is a pm_page / the pm_spec. */
void pm_spec_default_page(pm_page *page);
pm_status pm_spec_read_page(pm_spec_reader *r, json_object *v, void *out);
pm_status pm_spec_read_extent(pm_spec_reader *r, json_object *v, void *out);
/* Every extent.fit name is a layer of the map. */
pm_status pm_spec_check_fit(pm_spec_reader *r, pm_spec *spec);

/* Layers (spec_layers.c); `out` is the pm_spec, whose `dir` anchors sources. */
/* `source` against the spec's folder (paths only; URLs and GDAL strings kept). */
char *pm_spec_resolve_source(const char *dir, const char *source);
pm_status pm_spec_read_layers(pm_spec_reader *r, json_object *v, void *out);

/* Styles, conditions and rules (spec_style.c). */
extern const char *const PM_STYLE_KEYS[];   /* NULL-terminated */
/* Read key `key` (a style key) with value `v` into `style`; the path must
 * already point at the key. */
pm_status pm_spec_read_style_key(pm_spec_reader *r, const char *key, json_object *v,
                                 pm_style *style);
pm_status pm_spec_read_style(pm_spec_reader *r, json_object *v, pm_style *style);
pm_status pm_spec_read_where(pm_spec_reader *r, json_object *v, pm_condition **out, int *n);
pm_status pm_spec_read_rules(pm_spec_reader *r, json_object *v, pm_rule **out, int *n);

void pm_spec_style_free(pm_style *style);
void pm_spec_conditions_free(pm_condition *c, int n);
void pm_spec_rules_free(pm_rule *rules, int n);

#endif
