/* "tables" entries of a batch file: report pages that list the rows of a
 * vector layer (e.g. every project of a plan with its 专栏 and citation)
 * instead of mapping them. Read with the batch file's strict reader, so a
 * wrong entry stops the batch naming its JSON path; the layer is read here
 * too, so a column naming a field the layer lacks is such an error, before
 * any map is drawn. The texts are kept in the batch's language. */
#include "batch_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec_reader.h"

/* Pseudo-fields a column may show besides the layer's own. */
#define FIELD_ROW "@row"          /* running number in the table */
#define FIELD_LOCATED "@located"  /* whether the feature has a geometry */
#define FIELD_LINES "@cited_lines" /* "004:555-557" of a source "004:555-557 第六章…" */

typedef struct column {
    char *field, *field_en, *heading, *heading_en;
    double width;
    char **values, **values_en;   /* "values_en": a value's English, n_values pairs */
    int n_values;
} column;

typedef struct entry {
    char *source, *layer, *title, *title_en, *group_by, *group_by_en;
    pm_condition *where;
    int n_where;
    column *cols;
    int n_cols;
} entry;

static void entry_free(entry *e)
{
    free(e->source), free(e->layer), free(e->title), free(e->title_en), free(e->group_by);
    free(e->group_by_en);
    pm_spec_conditions_free(e->where, e->n_where);
    for (int i = 0; i < e->n_cols; i++) {
        column *c = &e->cols[i];
        free(c->field), free(c->field_en), free(c->heading), free(c->heading_en);
        for (int k = 0; k < c->n_values; k++)
            free(c->values[k]), free(c->values_en[k]);
        free(c->values), free(c->values_en);
    }
    free(e->cols);
}

/* ---- reading the entry ----------------------------------------------------- */

static pm_status fn_width(pm_json_reader *r, json_object *v, void *out)
{
    return pm_json_read_number(r, v, 0.1, 100, out);
}

/* "values_en": {"科技创新": "Science and innovation", ...}, English for
 * values of a field the data keeps in Chinese only. */
static pm_status fn_values_en(pm_json_reader *r, json_object *v, void *out)
{
    column *c = out;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object of a value's English, such as {\"科技创新\": "
                                   "\"Science and innovation\"}", v);
    size_t n = (size_t)json_object_object_length(v);
    c->values = calloc(n + 1, sizeof *c->values);
    c->values_en = calloc(n + 1, sizeof *c->values_en);
    if (!c->values || !c->values_en)
        return pm_json_nomem(r);
    json_object_object_foreach(v, key, val) {
        size_t mark = pm_json_push_key(r, key);
        if (pm_batch_read_title(r, val, &c->values_en[c->n_values]) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
        if (!(c->values[c->n_values++] = strdup(key)))
            return pm_json_nomem(r);
    }
    return PM_OK;
}

/* The English of `value` in the column's "values_en", or NULL. */
static const char *value_en(const column *c, const char *value)
{
    for (int k = 0; value && k < c->n_values; k++)
        if (strcmp(c->values[k], value) == 0)
            return c->values_en[k];
    return NULL;
}

static pm_status fn_column(pm_json_reader *r, json_object *v, size_t i, void *ctx)
{
    static const char *const keys[] = {"field", "field_en", "heading", "heading_en", "width",
                                       "values_en", NULL};
    column *c = &((entry *)ctx)->cols[i];
    c->width = 1;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object such as {\"field\": \"name\", \"heading\": \"项目\"}",
                                v);
    if (pm_json_check_keys(r, v, keys, NULL) != PM_OK ||
        pm_json_require(r, v, "field") != PM_OK || pm_json_require(r, v, "heading") != PM_OK ||
        pm_json_read_field(r, v, "field", pm_json_name_value, &c->field) != PM_OK ||
        pm_json_read_field(r, v, "field_en", pm_json_name_value, &c->field_en) != PM_OK ||
        pm_json_read_field(r, v, "heading", pm_batch_read_title, &c->heading) != PM_OK ||
        pm_json_read_field(r, v, "heading_en", pm_batch_read_title, &c->heading_en) != PM_OK ||
        pm_json_read_field(r, v, "width", fn_width, &c->width) != PM_OK ||
        pm_json_read_field(r, v, "values_en", fn_values_en, c) != PM_OK)
        return r->status;
    return PM_OK;
}

static pm_status fn_columns(pm_json_reader *r, json_object *v, void *out)
{
    entry *e = out;
    const char *what = "a non-empty array of columns";
    if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) == 0)
        return json_object_is_type(v, json_type_array)
                   ? pm_json_fail(r, PM_ERR_SPEC, "expected %s, got an empty array", what)
                   : pm_json_expected(r, what, v);
    size_t n = json_object_array_length(v);
    if (n > 32)
        return pm_json_fail(r, PM_ERR_SPEC, "expected at most 32 columns, got %zu", n);
    if (!(e->cols = calloc(n, sizeof *e->cols)))
        return pm_json_nomem(r);
    e->n_cols = (int)n;
    return pm_json_each_element(r, v, fn_column, e);
}

static pm_status fn_where(pm_json_reader *r, json_object *v, void *out)
{
    entry *e = out;
    return pm_spec_read_where(r, v, &e->where, &e->n_where);
}

static pm_status read_entry(pm_json_reader *r, json_object *v, entry *e)
{
    static const char *const keys[] = {"source", "layer", "where", "title", "title_en",
                                       "columns", "group_by", "group_by_en", NULL};
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object such as {\"source\", \"title\", \"columns\"}", v);
    if (pm_json_check_keys(r, v, keys, NULL) != PM_OK ||
        pm_json_require(r, v, "source") != PM_OK || pm_json_require(r, v, "title") != PM_OK ||
        pm_json_require(r, v, "columns") != PM_OK ||
        pm_json_read_field(r, v, "source", pm_batch_read_path, &e->source) != PM_OK ||
        pm_json_read_field(r, v, "layer", pm_json_name_value, &e->layer) != PM_OK ||
        pm_json_read_field(r, v, "where", fn_where, e) != PM_OK ||
        pm_json_read_field(r, v, "title", pm_batch_read_title, &e->title) != PM_OK ||
        pm_json_read_field(r, v, "title_en", pm_batch_read_title, &e->title_en) != PM_OK ||
        pm_json_read_field(r, v, "columns", fn_columns, e) != PM_OK ||
        pm_json_read_field(r, v, "group_by", pm_json_name_value, &e->group_by) != PM_OK ||
        pm_json_read_field(r, v, "group_by_en", pm_json_name_value, &e->group_by_en) != PM_OK)
        return r->status;
    if (e->group_by_en && !e->group_by) {
        pm_json_push_key(r, "group_by_en");
        return pm_json_fail(r, PM_ERR_SPEC, "needs a group_by, whose English it is");
    }
    return PM_OK;
}

/* ---- the rows ---------------------------------------------------------------- */

static int field_known(const pm_layer *l, const char *field, int pseudo)
{
    if (field[0] == '@')
        return pseudo && (strcmp(field, FIELD_ROW) == 0 || strcmp(field, FIELD_LOCATED) == 0 ||
                          (strcmp(field, FIELD_LINES) == 0 && pm_layer_field_index(l, "source") >= 0));
    return pm_layer_field_index(l, field) >= 0;
}

/* A field the layer must have (`pseudo`: or a pseudo-field), at path `key`. */
static pm_status check_field(pm_json_reader *r, const pm_layer *l, const char *key,
                             const char *field, int pseudo)
{
    if (!field || field_known(l, field, pseudo))
        return PM_OK;
    size_t mark = pm_json_push_key(r, key);
    if (pseudo)
        pm_json_fail(r, PM_ERR_SPEC, "the layer has no field \"%s\" (nor is it \"%s\", \"%s\" "
                     "or \"%s\")", field, FIELD_ROW, FIELD_LOCATED, FIELD_LINES);
    else
        pm_json_fail(r, PM_ERR_SPEC, "the layer has no field \"%s\"", field);
    pm_json_pop(r, mark);
    return r->status;
}

static pm_status check_fields(pm_json_reader *r, const pm_layer *l, const entry *e)
{
    if (check_field(r, l, "group_by", e->group_by, 0) != PM_OK ||
        check_field(r, l, "group_by_en", e->group_by_en, 0) != PM_OK)
        return r->status;
    size_t mark = pm_json_push_key(r, "columns");
    for (int i = 0; i < e->n_cols; i++) {
        size_t m = pm_json_push_index(r, i);
        if (check_field(r, l, "field", e->cols[i].field, 1) != PM_OK ||
            check_field(r, l, "field_en", e->cols[i].field_en, 1) != PM_OK)
            return r->status;
        pm_json_pop(r, m);
    }
    pm_json_pop(r, mark);
    return PM_OK;
}

static const char *value(const pm_feature_ref *ref, const char *field, int row, char buf[64],
                         pm_lang lang)
{
    if (strcmp(field, FIELD_ROW) == 0) {
        snprintf(buf, 64, "%d", row + 1);
        return buf;
    }
    if (strcmp(field, FIELD_LINES) == 0) {
        /* The citation's first word, the lines; its section title is the
         * plan's own words (and in Chinese). */
        const char *src = pm_feature_ref_value(ref, "source");
        if (!src)
            return NULL;
        snprintf(buf, 64, "%.*s", (int)strcspn(src, " \t"), src);
        return buf;
    }
    if (strcmp(field, FIELD_LOCATED) == 0) {
        int located = ref->feature->kind != PM_GEOM_NONE;
        return lang == PM_LANG_EN ? (located ? "located" : "not located")
                                  : (located ? "已定位" : "未定位");
    }
    return pm_feature_ref_value(ref, field);
}

static int cell(pm_batch_table *t, const entry *e, const pm_feature_ref *ref, int row, int col,
                pm_lang lang)
{
    const column *c = &e->cols[col];
    char n1[64], n2[64];
    const char *zh = value(ref, c->field, row, n1, lang);
    const char *en = c->field_en ? value(ref, c->field_en, row, n2, lang) : NULL;
    if (!en || !*en)
        en = value_en(c, zh);
    /* Both languages: an English that only repeats the start of the Chinese
     * (a citation's lines) adds nothing. */
    if (lang == PM_LANG_ZH_EN && zh && en && strncmp(zh, en, strlen(en)) == 0)
        en = NULL;
    char **slot = &t->cells[(size_t)row * (size_t)t->n_cols + (size_t)col];
    *slot = pm_batch_both(zh, en, lang);
    return (zh || en) && !*slot ? -1 : 0;
}

static int same_group(const char *a, const char *b)
{
    return a ? b && strcmp(a, b) == 0 : !b;
}

/* The selected features' indices in layer order, gathered by group in the
 * order the groups first appear (a stable sort by first appearance). */
static int select_rows(const entry *e, const pm_layer *l, int *order)
{
    int n = 0, n_groups = 0;
    int *group = malloc(((size_t)l->n_features + 1) * sizeof *group);
    const char **first = malloc(((size_t)l->n_features + 1) * sizeof *first);
    if (!group || !first) {
        free(group), free(first);
        return -1;
    }
    for (int i = 0; i < l->n_features; i++) {
        pm_feature_ref ref = {l, &l->features[i]};
        group[i] = -1;
        if (!pm_conditions_match(e->where, e->n_where, pm_feature_ref_value, &ref))
            continue;
        const char *g = e->group_by ? pm_feature_ref_value(&ref, e->group_by) : NULL;
        int k = 0;
        while (k < n_groups && !same_group(first[k], g))
            k++;
        if (k == n_groups)
            first[n_groups++] = g;
        group[i] = k;
    }
    for (int k = 0; k < n_groups; k++)
        for (int i = 0; i < l->n_features; i++)
            if (group[i] == k)
                order[n++] = i;
    free(group), free(first);
    return n;
}

/* A row's group heading: the group_by value, or its English (group_by_en). */
static char *group_text(const entry *e, const pm_feature_ref *ref, pm_lang lang)
{
    const char *g = pm_feature_ref_value(ref, e->group_by);
    const char *en = e->group_by_en ? pm_feature_ref_value(ref, e->group_by_en) : NULL;
    if (!g || !*g)
        return strdup(lang == PM_LANG_EN ? "(none)" : lang == PM_LANG_ZH_EN ? "（无）(none)" : "（无）");
    return pm_batch_both(g, en, lang);
}

static int fill_rows(pm_batch_table *t, const entry *e, const pm_layer *l, pm_lang lang)
{
    int *order = malloc(((size_t)l->n_features + 1) * sizeof *order);
    int n = order ? select_rows(e, l, order) : -1;
    if (n < 0) {
        free(order);
        return -1;
    }
    t->n_rows = n;
    t->cells = calloc((size_t)n * (size_t)t->n_cols + 1, sizeof *t->cells);
    t->groups = e->group_by ? calloc((size_t)n + 1, sizeof *t->groups) : NULL;
    int failed = !t->cells || (e->group_by && !t->groups);
    for (int row = 0; row < n && !failed; row++) {
        pm_feature_ref ref = {l, &l->features[order[row]]};
        for (int col = 0; col < t->n_cols && !failed; col++)
            failed = cell(t, e, &ref, row, col, lang) != 0;
        if (t->groups && !failed)
            failed = !(t->groups[row] = group_text(e, &ref, lang));
    }
    free(order);
    return failed ? -1 : 0;
}

static pm_status make_table(pm_json_reader *r, const entry *e, const pm_layer *l, pm_lang lang,
                            pm_batch_table *t)
{
    t->n_cols = e->n_cols;
    t->title = pm_batch_both(e->title, e->title_en, lang);
    t->headings = calloc((size_t)e->n_cols, sizeof *t->headings);
    t->widths = calloc((size_t)e->n_cols, sizeof *t->widths);
    if (!t->title || !t->headings || !t->widths)
        return pm_json_nomem(r);
    double sum = 0;
    for (int i = 0; i < e->n_cols; i++)
        sum += e->cols[i].width;
    for (int i = 0; i < e->n_cols; i++) {
        t->widths[i] = e->cols[i].width / sum;
        if (!(t->headings[i] = pm_batch_both(e->cols[i].heading, e->cols[i].heading_en, lang)))
            return pm_json_nomem(r);
    }
    return fill_rows(t, e, l, lang) == 0 ? PM_OK : pm_json_nomem(r);
}

void pm_batch_table_free(pm_batch_table *t)
{
    for (int i = 0; t->headings && i < t->n_cols; i++)
        free(t->headings[i]);
    for (size_t i = 0; t->cells && i < (size_t)t->n_rows * (size_t)t->n_cols; i++)
        free(t->cells[i]);
    for (int i = 0; t->groups && i < t->n_rows; i++)
        free(t->groups[i]);
    free(t->title), free(t->headings), free(t->widths), free(t->cells), free(t->groups);
}

static pm_status read_table(pm_json_reader *r, json_object *v, size_t i, void *ctx)
{
    (void)i;
    pm_batch *b = ctx;
    entry e = {0};
    if (read_entry(r, v, &e) != PM_OK) {
        entry_free(&e);
        return r->status;
    }
    pm_load_options lo = {.layer_name = e.layer};
    pm_layer *l = pm_layer_load(e.source, &lo, r->err);
    if (!l) {
        r->status = r->err ? r->err->status : PM_ERR_IO;
        if (r->err)
            pm_error_prefix(r->err, "%s: %s.source", r->file, r->path);
    } else if (check_fields(r, l, &e) == PM_OK) {
        pm_batch_table *grown = realloc(b->tables, (size_t)(b->n_tables + 1) * sizeof *grown);
        if (!grown) {
            pm_json_nomem(r);
        } else {
            b->tables = grown;
            memset(&b->tables[b->n_tables], 0, sizeof *grown);
            make_table(r, &e, l, b->lang, &b->tables[b->n_tables++]);
        }
    }
    pm_layer_destroy(l);
    entry_free(&e);
    return r->status;
}

pm_status pm_batch_read_tables(pm_json_reader *r, json_object *v, void *out)
{
    pm_batch *b = out;
    if (json_object_is_type(v, json_type_object))
        return read_table(r, v, 0, b);
    if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) == 0)
        return json_object_is_type(v, json_type_array)
                   ? pm_json_fail(r, PM_ERR_SPEC, "expected a table entry or a non-empty array "
                                  "of them, got an empty array")
                   : pm_json_expected(r, "a table entry or an array of them", v);
    return pm_json_each_element(r, v, read_table, b);
}
