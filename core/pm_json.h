/* pm_json — the one strict JSON reader, shared by map specs (layers/spec*.c)
 * and batch files (batch/batch_parse.c), so both give the same messages for
 * the same mistake: a syntax error as "<file>:<line>:<column>: invalid JSON:
 * ...", a value as "<file>: <json path>: expected ..., got ...", an unknown
 * key with the closest known one. The reader keeps the JSON path of the
 * value being read and the first failure. What a value means to a map spec
 * (colours, texts, boxes, conditions) is layers/pm_spec_reader.h.
 */
#ifndef PM_JSON_H
#define PM_JSON_H

#include <json-c/json.h>
#include <stddef.h>

#include "pm_error.h"

#define PM_JSON_PATH_MAX 512

typedef struct pm_json_reader {
    const char *file;                 /* the file as named, for messages */
    pm_error *err;                    /* may be NULL */
    pm_status status;                 /* first failure, PM_OK until then */
    char path[PM_JSON_PATH_MAX];      /* JSON path of the current value */
    size_t len;
} pm_json_reader;

/* JSON path: push a key or index, returning a mark to pop back to. */
size_t pm_json_push_key(pm_json_reader *r, const char *key);
size_t pm_json_push_index(pm_json_reader *r, int index);
void pm_json_pop(pm_json_reader *r, size_t mark);

/* Record "<file>: <path>: <reason>" (the first failure wins). */
pm_status pm_json_fail(pm_json_reader *r, pm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "expected <what>, got <description of v>". */
pm_status pm_json_expected(pm_json_reader *r, const char *what, json_object *v);
/* Out of memory at the current place. */
pm_status pm_json_nomem(pm_json_reader *r);

/* Longer values are cut in messages so a message stays one readable line. */
#define PM_JSON_DESCRIBE_MAX 48

/* How a value is shown after "got": numbers as written, other types named;
 * `buf` holds at least PM_JSON_DESCRIBE_MAX + 16 bytes. */
const char *pm_json_describe(json_object *v, char *buf, size_t size);

/* `v` must be one of the strings of the NULL-terminated list `names`: its
 * index goes to *out; anything else is "expected <what>, got ...". */
pm_status pm_json_read_name(pm_json_reader *r, json_object *v, const char *const *names,
                            const char *what, int *out);
/* A zeroed struct of `size` bytes for object `v` ("expected <what>" when
 * `v` is not an object): NULL with r->status set on a failure. */
void *pm_json_object_new(pm_json_reader *r, json_object *v, const char *what, size_t size);

/* Every key of object `obj` must be in the NULL-terminated `known` list;
 * otherwise "unknown key" at that key, suggesting the closest known one.
 * `hint` (may be NULL) is added when nothing is close. */
pm_status pm_json_check_keys(pm_json_reader *r, json_object *obj,
                             const char *const *known, const char *hint);

/* Typed readers for the value at the current path. */
pm_status pm_json_read_string(pm_json_reader *r, json_object *v, int non_empty, char **out);
pm_status pm_json_read_number(pm_json_reader *r, json_object *v, double lo, double hi,
                              double *out);
pm_status pm_json_read_int(pm_json_reader *r, json_object *v, int lo, int hi, int *out);
pm_status pm_json_read_bool(pm_json_reader *r, json_object *v, int *out);

/* Reads one value for a key (the path already names the key). */
typedef pm_status (*pm_json_value_fn)(pm_json_reader *r, json_object *v, void *out);
/* If `obj` has `key`, push it on the path and read it with `fn`. */
pm_status pm_json_read_field(pm_json_reader *r, json_object *obj, const char *key,
                             pm_json_value_fn fn, void *out);
/* Value readers for key tables and pm_json_read_field: a boolean into an
 * int, a non-empty string into a char * (caller frees). */
pm_status pm_json_bool_value(pm_json_reader *r, json_object *v, void *out);
pm_status pm_json_name_value(pm_json_reader *r, json_object *v, void *out);

/* How a key of a table is read: by its function, or as a number (double)
 * or a whole number (int) from lo to hi. */
typedef enum pm_json_kind { PM_JSON_BY_FN = 0, PM_JSON_NUMBER, PM_JSON_INT } pm_json_kind;
/* One key of an object and how it is read: `fn` reads the value into the
 * struct being read at `offset` (0 with a reader that takes the whole
 * struct), or a bounded number goes there. PM_JSON_FIELD names a key after
 * its member; PM_JSON_NUMBER_FIELD and PM_JSON_INT_FIELD give the bounds in
 * the table, so a key's range is read where its key is. */
typedef struct pm_json_field {
    const char *key;          /* NULL ends a list */
    pm_json_value_fn fn;
    size_t offset;
    pm_json_kind kind;
    double lo, hi;
} pm_json_field;
#define PM_JSON_KEY(key, type, member, fn) {key, fn, offsetof(type, member), PM_JSON_BY_FN, 0, 0}
#define PM_JSON_FIELD(type, member, fn) PM_JSON_KEY(#member, type, member, fn)
/* A key whose reader takes the whole struct. */
#define PM_JSON_WHOLE(key, fn) {key, fn, 0, PM_JSON_BY_FN, 0, 0}
#define PM_JSON_NUMBER_FIELD(type, member, lo, hi) \
    {#member, NULL, offsetof(type, member), PM_JSON_NUMBER, lo, hi}
#define PM_JSON_INT_FIELD(type, member, lo, hi) \
    {#member, NULL, offsetof(type, member), PM_JSON_INT, lo, hi}
#define PM_JSON_END {NULL, NULL, 0, PM_JSON_BY_FN, 0, 0}
/* Every field of `fields` that `obj` has, in the order of the list, read
 * into `base` with pm_json_read_field; stops at the first failure. */
pm_status pm_json_read_fields(pm_json_reader *r, json_object *obj, const pm_json_field *fields,
                              void *base);
/* A setting that is on or off, or an object of its options, which turns it
 * on: true/false go to *on; an object ("expected <what>" if neither) sets
 * *on, may hold only `keys` and is read with `fields` into `base`. */
pm_status pm_json_read_switch(pm_json_reader *r, json_object *v, int *on, const char *what,
                              const char *const *keys, const pm_json_field *fields, void *base);
/* Reads element `i` of an array (the path already ends in "[i]"). */
typedef pm_status (*pm_json_element_fn)(pm_json_reader *r, json_object *e, size_t i, void *ctx);
/* Every element of array `v` read with `fn` at its path "[i]", in order;
 * stops at the first failure. */
pm_status pm_json_each_element(pm_json_reader *r, json_object *v, pm_json_element_fn fn,
                               void *ctx);
/* `v` must be an array ("expected <what>, got ..."); with `empty` given it
 * must have an element too ("expected <empty>, got an empty array"). Its
 * length goes to *n. */
pm_status pm_json_array(pm_json_reader *r, json_object *v, const char *what, const char *empty,
                        size_t *n);
/* A zeroed vector for the elements of array `v` (checked as by
 * pm_json_array), `size` bytes an element, its length in *n: NULL with *n
 * left alone for an empty array, NULL with r->status set on a failure. */
void *pm_json_vector(pm_json_reader *r, json_object *v, const char *what, const char *empty,
                     size_t size, int *n);
/* Array `v` into a new vector `vec` (an lvalue; checked and counted into *n
 * as by pm_json_vector), then each element read by `fn` with `ctx`, which
 * may be `vec` itself (it is set by then). An empty array leaves `vec` NULL
 * and reads nothing. Evaluates to the status. */
#define PM_JSON_READ_VECTOR(r, v, what, empty, vec, n, fn, ctx)                               \
    (((vec) = pm_json_vector((r), (v), (what), (empty), sizeof *(vec), (n))) != NULL           \
         ? pm_json_each_element((r), (v), (fn), (ctx))                                         \
         : (r)->status)
/* "<key>: required key missing" unless `obj` has `key`. */
pm_status pm_json_require(pm_json_reader *r, json_object *obj, const char *key);

/* ---- documents ---------------------------------------------------------- */

/* The whole of file r->file (pm_read_file), noted as an input no output may
 * replace. */
char *pm_json_load_text(pm_json_reader *r, size_t max, const char *what, size_t *len);
/* One strict JSON document (RFC 8259, UTF-8, nesting up to json-c's default
 * depth, an optional UTF-8 byte order mark): NULL with r->status set on a
 * syntax error (line:column), NULL with PM_OK for the document "null". */
json_object *pm_json_parse(pm_json_reader *r, const char *text, size_t len);
/* pm_json_load_text, then pm_json_parse: file r->file as one document. */
json_object *pm_json_load(pm_json_reader *r, size_t max, const char *what);

#endif
