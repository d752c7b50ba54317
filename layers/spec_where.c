/* `where` conditions of a map spec (docs/spec.md, "Conditions"):
 * {"field": value | [values] | {operator: operand, ...}, "any": [{...}, ...]}
 * into pm_condition lists, one condition per operator. Matching is in
 * rules.c. */
#include "spec_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The operators of a condition object, in pm_condition_op order from
 * PM_COND_GT; "in" is PM_COND_EQ with a list, "not" negates one operand. */
static const char *const OPERATORS[] = {
    "gt", "gte", "lt", "lte", "between", "like", "in", "not", NULL
};
static const char *const NOT_OPERATORS[] = {
    "gt", "gte", "lt", "lte", "between", "like", "in", NULL
};

/* A new zeroed condition at the end of *out: stored before it is filled,
 * so every error path frees through the owner. */
static pm_condition *append(pm_json_reader *r, pm_condition **out, int *n)
{
    pm_condition *grown = realloc(*out, (size_t)(*n + 1) * sizeof *grown);
    if (!grown) {
        pm_json_nomem(r);
        return NULL;
    }
    *out = grown;
    memset(&grown[*n], 0, sizeof *grown);
    return &grown[(*n)++];
}

/* A scalar as the string it is compared with. Numbers are formatted the way
 * OGR formats field values: integers without ".0", reals with %.15g. JSON
 * booleans add two strings, since OGR reads GeoJSON booleans as 1/0 while
 * other getters may hand back "true"/"false". */
static pm_status add_scalar(pm_json_reader *r, json_object *v, pm_condition *c)
{
    char buf[64];
    const char *text[2] = {NULL, NULL};
    int n = 1;
    switch (json_object_get_type(v)) {
    case json_type_null: break;
    case json_type_string:
        if ((size_t)json_object_get_string_len(v) != strlen(json_object_get_string(v)))
            return pm_json_fail(r, PM_ERR_SPEC, "string contains a NUL character (\\u0000)");
        text[0] = json_object_get_string(v);
        break;
    case json_type_boolean:
        text[0] = json_object_get_boolean(v) ? "1" : "0";
        text[1] = json_object_get_boolean(v) ? "true" : "false";
        n = 2;
        break;
    case json_type_int:
        if (json_object_get_int64(v) == INT64_MAX)   /* json-c keeps big ones unsigned */
            snprintf(buf, sizeof buf, "%" PRIu64, json_object_get_uint64(v));
        else
            snprintf(buf, sizeof buf, "%" PRId64, json_object_get_int64(v));
        text[0] = buf;
        break;
    case json_type_double:
        if (!isfinite(json_object_get_double(v)))
            return pm_json_expected(r, "a finite number", v);
        snprintf(buf, sizeof buf, "%.15g", json_object_get_double(v));
        text[0] = buf;
        break;
    default:
        return pm_json_expected(r, "a string, number, boolean or null", v);
    }
    char **grown = realloc(c->values, (size_t)(c->n_values + n) * sizeof *grown);
    if (!grown)
        return pm_json_nomem(r);
    c->values = grown;
    for (int i = 0; i < n; i++) {
        grown[c->n_values] = NULL;
        if (text[i] && !(grown[c->n_values] = pm_strdup(text[i])))
            return pm_json_nomem(r);
        c->n_values++;
    }
    return PM_OK;
}

static pm_status add_element(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    (void)i;
    return add_scalar(r, e, ctx);
}

/* value | [values]: equal to one of them. */
static pm_status read_values(pm_json_reader *r, json_object *v, pm_condition *c)
{
    c->op = PM_COND_EQ;
    if (!json_object_is_type(v, json_type_array))
        return add_scalar(r, v, c);
    if (json_object_array_length(v) == 0)
        return pm_json_fail(r, PM_ERR_SPEC, "expected at least one value, got an empty array");
    return pm_json_each_element(r, v, add_element, c);
}

static pm_status read_number(pm_json_reader *r, json_object *v, double *out)
{
    int numeric = json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
    if (!numeric || !isfinite(json_object_get_double(v)))
        return pm_json_expected(r, "a number", v);
    *out = json_object_get_double(v);
    return PM_OK;
}

/* [low, high], inclusive. */
static pm_status read_between(pm_json_reader *r, json_object *v, pm_condition *c)
{
    if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) != 2)
        return pm_json_expected(r, "[low, high], two numbers", v);
    for (int i = 0; i < 2; i++) {
        size_t mark = pm_json_push_index(r, i);
        if (read_number(r, json_object_array_get_idx(v, (size_t)i), &c->num[i]) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    if (c->num[0] > c->num[1])
        return pm_json_fail(r, PM_ERR_SPEC, "expected low <= high, got [%g, %g]", c->num[0],
                            c->num[1]);
    return PM_OK;
}

static pm_status add_pattern(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    (void)i;
    if (!json_object_is_type(e, json_type_string))
        return pm_json_expected(r, "a pattern string", e);
    return add_scalar(r, e, ctx);
}

/* "pattern" | ["pattern", ...]: like one of them. */
static pm_status read_like(pm_json_reader *r, json_object *v, pm_condition *c)
{
    if (!json_object_is_type(v, json_type_array))
        return add_pattern(r, v, 0, c);
    if (json_object_array_length(v) == 0)
        return pm_json_fail(r, PM_ERR_SPEC, "expected at least one pattern, got an empty array");
    return pm_json_each_element(r, v, add_pattern, c);
}

/* One operator and its operand (the path names the operator). */
static pm_status read_operator(pm_json_reader *r, const char *op, json_object *v, pm_condition *c)
{
    int i = pm_name_index(op, OPERATORS, 0);
    if (i < (int)(PM_COND_BETWEEN - PM_COND_GT)) {
        c->op = (pm_condition_op)(PM_COND_GT + i);
        return read_number(r, v, &c->num[0]);
    }
    if (strcmp(op, "between") == 0) {
        c->op = PM_COND_BETWEEN;
        return read_between(r, v, c);
    }
    if (strcmp(op, "like") == 0) {
        c->op = PM_COND_LIKE;
        return read_like(r, v, c);
    }
    if (!json_object_is_type(v, json_type_array))   /* "in" */
        return pm_json_expected(r, "an array of values", v);
    return read_values(r, v, c);
}

/* {"not": value | [values] | {one operator}}. */
static pm_status read_not(pm_json_reader *r, json_object *v, pm_condition *c)
{
    c->negate = 1;
    if (!json_object_is_type(v, json_type_object))
        return read_values(r, v, c);
    if (pm_json_check_keys(r, v, NOT_OPERATORS, "\"not\" takes a value, an array or one operator") != PM_OK)
        return r->status;
    if (json_object_object_length(v) != 1)
        return pm_json_fail(r, PM_ERR_SPEC, "expected one operator (gt, gte, lt, lte, between, "
                                            "like, in), got %d", json_object_object_length(v));
    json_object *operand = NULL;
    int i = 0;
    while (!json_object_object_get_ex(v, NOT_OPERATORS[i], &operand))
        i++;   /* the one key, known to be in the list */
    size_t mark = pm_json_push_key(r, NOT_OPERATORS[i]);
    pm_status st = read_operator(r, NOT_OPERATORS[i], operand, c);
    if (st == PM_OK)
        pm_json_pop(r, mark);
    return st;
}

/* One field: a value or list (equality), or an object of operators that
 * must all hold (one condition each). */
static pm_status read_field(pm_json_reader *r, const char *field, json_object *v,
                            pm_condition **out, int *n)
{
    if (!*field)
        return pm_json_fail(r, PM_ERR_SPEC, "empty field name");
    int objects = json_object_is_type(v, json_type_object);
    if (objects && pm_json_check_keys(r, v, OPERATORS, "a condition object holds operators: gt, "
                                      "gte, lt, lte, between, in, like, not") != PM_OK)
        return r->status;
    if (objects && json_object_object_length(v) == 0)
        return pm_json_fail(r, PM_ERR_SPEC, "expected a value, an array or an object of "
                                            "operators, got an empty object");
    if (!objects) {
        pm_condition *c = append(r, out, n);
        if (!c || !(c->field = pm_strdup(field)))
            return c ? pm_json_nomem(r) : r->status;
        return read_values(r, v, c);
    }
    json_object_object_foreach(v, op, operand) {
        pm_condition *c = append(r, out, n);
        if (!c || !(c->field = pm_strdup(field)))
            return c ? pm_json_nomem(r) : r->status;
        size_t mark = pm_json_push_key(r, op);
        pm_status st = strcmp(op, "not") == 0 ? read_not(r, operand, c)
                                              : read_operator(r, op, operand, c);
        if (st != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

static pm_status read_group(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    pm_condition *c = ctx;
    if (json_object_is_type(e, json_type_object) && json_object_object_length(e) == 0)
        return pm_json_fail(r, PM_ERR_SPEC, "expected an object of field conditions, got an "
                                            "empty object");
    return pm_spec_read_where(r, e, &c->any[i].where, &c->any[i].n_where);
}

/* "any": [{conditions}, ...]: one of the objects holds. */
static pm_status read_any(pm_json_reader *r, json_object *v, pm_condition *c)
{
    c->op = PM_COND_ANY;
    return PM_JSON_READ_VECTOR(r, v, "an array of condition objects", NULL, c->any, &c->n_any,
                               read_group, c);
}

/* "any" with an array of objects is an OR; with anything else it is a
 * property named "any" (objects are never values, so nothing is lost). */
static int is_any(const char *key, json_object *v)
{
    return strcmp(key, "any") == 0 && json_object_is_type(v, json_type_array) &&
           json_object_array_length(v) > 0 &&
           json_object_is_type(json_object_array_get_idx(v, 0), json_type_object);
}

pm_status pm_spec_read_where(pm_json_reader *r, json_object *v, pm_condition **out, int *n)
{
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object of field conditions", v);
    json_object_object_foreach(v, field, val) {
        size_t mark = pm_json_push_key(r, field);
        pm_status st;
        if (is_any(field, val)) {
            pm_condition *c = append(r, out, n);
            st = c ? read_any(r, val, c) : r->status;
        } else {
            st = read_field(r, field, val, out, n);
        }
        if (st != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

void pm_spec_conditions_free(pm_condition *c, int n)
{
    for (int i = 0; c && i < n; i++) {
        free(c[i].field);
        for (int j = 0; j < c[i].n_values; j++)
            free(c[i].values[j]);
        free(c[i].values);
        for (int k = 0; k < c[i].n_any; k++)
            pm_spec_conditions_free(c[i].any[k].where, c[i].any[k].n_where);
        free(c[i].any);
    }
    free(c);
}
