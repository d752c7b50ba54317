/* The strict JSON reader shared by map specs (layers/spec*.c) and batch
 * files (render/batch_parse.c), so both give the same messages for the same
 * mistake: a syntax error as "<file>:<line>:<column>: invalid JSON: ...", a
 * value as "<file>: <json path>: expected ..., got ...", an unknown key with
 * the closest known one. The reader keeps the JSON path of the value being
 * read and the first failure.
 */
#ifndef PM_SPEC_READER_H
#define PM_SPEC_READER_H

#include <json-c/json.h>
#include <stddef.h>

#include "pm_spec.h"

#define PM_SPEC_PATH_MAX 512

typedef struct pm_spec_reader {
    const char *file;                 /* the file as named, for messages */
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
/* Record "<file>: <reason>": the file as a whole (cannot read, too large). */
pm_status pm_spec_fail_file(pm_spec_reader *r, pm_status status, const char *fmt, ...)
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

/* ---- documents ---------------------------------------------------------- */

/* The whole of file r->file, NUL-terminated, in *len bytes; error 3 when it
 * cannot be read or holds more than `max` bytes ("too large for a <what>"). */
char *pm_spec_load_text(pm_spec_reader *r, size_t max, const char *what, size_t *len);
/* One strict JSON document (RFC 8259, UTF-8, nesting up to json-c's default
 * depth, an optional UTF-8 byte order mark): NULL with r->status set on a
 * syntax error (line:column), NULL with PM_OK for the document "null". */
json_object *pm_spec_parse_json(pm_spec_reader *r, const char *text, size_t len);

/* ---- values both documents use ------------------------------------------ */

/* [min_lon, min_lat, max_lon, max_lat] within WGS84, min < max. */
pm_status pm_spec_read_bbox(pm_spec_reader *r, json_object *v, double box[4]);
/* {"field": value | [values] | {"not": ...}, ...} into conditions. */
pm_status pm_spec_read_where(pm_spec_reader *r, json_object *v, pm_condition **out, int *n);
void pm_spec_conditions_free(pm_condition *c, int n);

#endif
