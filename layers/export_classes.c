/* Style classes of an exported layer: one per distinct way planmap draws its
 * features — (kind, zone role, first matching rule) — each with the filter
 * that selects exactly those features, so QGIS draws them the same way. */
#include "export_internal.h"
#include "pm_theme.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static char *dup_or_null(const char *s, int *nomem)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *nomem = 1;
    return d;
}

/* The class of (kind, role, rule), added on first sight; NULL: out of memory. */
static pm_style_class *class_for(pm_export_layer *el, const char *kind, const char *role, int rule)
{
    for (int i = 0; i < el->n_classes; i++) {
        pm_style_class *c = &el->classes[i];
        if (same(c->kind, kind) && same(c->role, role) && c->rule == rule)
            return c;
    }
    pm_style_class *grown = realloc(el->classes, (size_t)(el->n_classes + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    el->classes = grown;
    pm_style_class *c = &el->classes[el->n_classes];
    memset(c, 0, sizeof *c);
    int nomem = 0;
    c->kind = dup_or_null(kind, &nomem);
    c->role = dup_or_null(role, &nomem);
    c->rule = rule;
    el->n_classes++;
    return nomem ? NULL : c;
}

static int layer_geom_kind(const pm_layer *data)
{
    int kind = PM_GEOM_NONE;
    for (int i = 0; i < data->n_features && kind != PM_GEOM_POLYGON; i++)
        if ((int)data->features[i].kind > kind)
            kind = data->features[i].kind;
    /* A layer with no geometry at all (an unplaced project table) is kept as
     * points, the geometry its features would have once placed. */
    return kind == PM_GEOM_NONE ? PM_GEOM_POINT : kind;
}

static pm_style class_style(const pm_export_layer *el, const pm_style_class *c)
{
    /* A plan folder exported without a spec is drawn with the planning theme. */
    pm_theme_mode mode = el->spec ? el->spec->theme : PM_THEME_PLAN;
    pm_style s = pm_theme_feature_style(mode, c->kind, c->role, el->geom_kind);
    if (el->spec) {
        s = pm_style_merge(&s, &el->spec->style);
        if (c->rule >= 0)
            s = pm_style_merge(&s, &el->spec->rules[c->rule].style);
    }
    return s;
}

static char *class_label(const pm_export_layer *el, const pm_style_class *c)
{
    const char *legend = el->spec && c->rule >= 0 ? el->spec->rules[c->rule].legend : NULL;
    char buf[512];
    if (legend)
        snprintf(buf, sizeof buf, "%s", legend);
    else if (c->rule >= 0)
        snprintf(buf, sizeof buf, "%s · rule %d", c->kind ? c->kind : "other", c->rule + 1);
    else if (c->role)
        snprintf(buf, sizeof buf, "%s · %s", c->kind ? c->kind : "other", c->role);
    else
        snprintf(buf, sizeof buf, "%s", c->kind ? c->kind : "other");
    return strdup(buf);
}

/* ---- filters ------------------------------------------------------------- */

static pm_filter in_filter(const char *field, const char *const *values, int n)
{
    pm_filter f = {PM_FILTER_IN, field, values, n, NULL, 0, NULL};
    return f;
}

static void filter_free_kids(pm_filter *f)
{
    for (int i = 0; i < f->n_kids; i++)
        filter_free_kids(&f->kids[i]);
    free(f->kids);
    f->kids = NULL;
    f->n_kids = 0;
}

static pm_status conditions_filter(const pm_condition *c, int n, pm_filter *out);

/* OR of the groups of an "any", each an AND. */
static pm_status any_filter(const pm_condition *c, pm_filter *out)
{
    *out = (pm_filter){.op = PM_FILTER_OR};
    if (!(out->kids = calloc((size_t)c->n_any + 1, sizeof *out->kids)))
        return PM_ERR_NOMEM;
    for (int k = 0; k < c->n_any; k++)
        if (conditions_filter(c->any[k].where, c->any[k].n_where, &out->kids[out->n_kids++]) != PM_OK)
            return PM_ERR_NOMEM;
    return PM_OK;
}

/* The filter of one condition; a negation is a NOT around it. The tree is
 * linked into `out` before it is filled, so a failure frees through it. */
static pm_status condition_filter(const pm_condition *c, pm_filter *out)
{
    pm_filter *target = out;
    if (c->negate) {
        *out = (pm_filter){.op = PM_FILTER_NOT};
        if (!(out->kids = calloc(1, sizeof *out->kids)))
            return PM_ERR_NOMEM;
        out->n_kids = 1;
        target = &out->kids[0];
    }
    if (c->op == PM_COND_ANY)
        return any_filter(c, target);
    if (c->op == PM_COND_EQ)
        *target = in_filter(c->field, (const char *const *)c->values, c->n_values);
    else
        *target = (pm_filter){.op = PM_FILTER_TEST, .field = c->field, .test = c};
    return PM_OK;
}

/* AND of conditions (a rule's, or one group of an "any"). */
static pm_status conditions_filter(const pm_condition *c, int n, pm_filter *out)
{
    *out = (pm_filter){.op = PM_FILTER_AND};
    if (!(out->kids = calloc((size_t)n + 1, sizeof *out->kids)))
        return PM_ERR_NOMEM;
    for (int i = 0; i < n; i++)
        if (condition_filter(&c[i], &out->kids[out->n_kids++]) != PM_OK)
            return PM_ERR_NOMEM;
    return PM_OK;
}

static pm_status rule_filter(const pm_rule *r, pm_filter *out)
{
    return conditions_filter(r->where, r->n_where, out);
}

/* kind = k AND role = r AND rule_i AND NOT rule_j (j < i): first match wins. */
static pm_status build_filter(const pm_export_layer *el, pm_style_class *c)
{
    int n_rules = el->spec ? el->spec->n_rules : 0;
    int before = c->rule >= 0 ? c->rule : n_rules;
    pm_filter *f = &c->filter;
    f->op = PM_FILTER_AND;
    f->kids = calloc((size_t)before + 4, sizeof *f->kids);
    if (!f->kids)
        return PM_ERR_NOMEM;
    if (el->has_kind)
        f->kids[f->n_kids++] = in_filter("kind", (const char *const *)&c->kind, 1);
    if (el->has_role && same(c->kind, "zone"))
        f->kids[f->n_kids++] = in_filter("role", (const char *const *)&c->role, 1);
    if (c->rule >= 0 && rule_filter(&el->spec->rules[c->rule], &f->kids[f->n_kids++]) != PM_OK)
        return PM_ERR_NOMEM;
    for (int j = 0; j < before; j++) {
        pm_filter *not = &f->kids[f->n_kids++];
        not->op = PM_FILTER_NOT;
        not->kids = calloc(1, sizeof *not->kids);
        if (!not->kids)
            return PM_ERR_NOMEM;
        not->n_kids = 1;
        if (rule_filter(&el->spec->rules[j], &not->kids[0]) != PM_OK)
            return PM_ERR_NOMEM;
    }
    return PM_OK;
}

/* ---- classify ------------------------------------------------------------ */

static pm_status add_feature(pm_export_layer *el, const pm_layer *data, int i, int *keep)
{
    pm_feature_ref ref = {data, &data->features[i]};
    const pm_layer_spec *ls = el->spec;
    if (ls && !pm_conditions_match(ls->where, ls->n_where, pm_feature_ref_value, &ref)) {
        if (keep)
            keep[i] = 0;
        return PM_OK;
    }
    if (keep)
        keep[i] = 1;
    const char *kind = pm_feature_ref_value(&ref, "kind");
    const char *role = same(kind, "zone") ? pm_feature_ref_value(&ref, "role") : NULL;
    int rule = ls ? pm_layer_spec_match(ls, pm_feature_ref_value, &ref) : -1;
    pm_style_class *c = class_for(el, kind, role, rule);
    if (!c)
        return PM_ERR_NOMEM;
    c->count++;
    el->n_features++;
    return PM_OK;
}

static pm_status finish_classes(pm_export_layer *el)
{
    for (int i = 0; i < el->n_classes; i++) {
        pm_style_class *c = &el->classes[i];
        c->style = class_style(el, c);
        c->label = class_label(el, c);
        if (!c->label || build_filter(el, c) != PM_OK)
            return PM_ERR_NOMEM;
    }
    return PM_OK;
}

pm_status pm_export_classify(const pm_layer *data, const pm_layer_spec *spec,
                             const char *name, int *keep, pm_export_layer *out,
                             pm_error *err)
{
    memset(out, 0, sizeof *out);
    out->spec = spec;
    out->name = strdup(name);
    out->geom_kind = layer_geom_kind(data);
    out->has_kind = pm_layer_field_index(data, "kind") >= 0;
    out->has_role = pm_layer_field_index(data, "role") >= 0;
    pm_status st = out->name ? PM_OK : PM_ERR_NOMEM;
    for (int i = 0; st == PM_OK && i < data->n_features; i++)
        st = add_feature(out, data, i, keep);
    if (st == PM_OK)
        st = finish_classes(out);
    if (st != PM_OK)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory classifying styles", name);
    return PM_OK;
}

void pm_export_layer_free(pm_export_layer *el)
{
    if (!el)
        return;
    for (int i = 0; i < el->n_classes; i++) {
        pm_style_class *c = &el->classes[i];
        free(c->kind);
        free(c->role);
        free(c->label);
        filter_free_kids(&c->filter);
    }
    free(el->classes);
    free(el->name);
    memset(el, 0, sizeof *el);
}

/* ---- QGIS expression ----------------------------------------------------- */

void pm_sbuf_quoted(pm_sbuf *b, const char *s, char q)
{
    char one[2] = {q, '\0'};
    pm_sbuf_add(b, one);
    for (const char *p = s; *p; p++) {
        char c[2] = {*p, '\0'};
        pm_sbuf_add(b, c);
        if (*p == q)
            pm_sbuf_add(b, one);   /* doubled quote escapes itself */
    }
    pm_sbuf_add(b, one);
}

static void expr_in(pm_sbuf *b, const pm_filter *f)
{
    int has_null = 0, n = 0;
    for (int i = 0; i < f->n_values; i++)
        f->values[i] ? n++ : (has_null = 1);
    if (has_null && n)
        pm_sbuf_add(b, "(");
    if (has_null) {
        pm_sbuf_quoted(b, f->field, '"');
        pm_sbuf_add(b, " IS NULL");
    }
    if (has_null && n)
        pm_sbuf_add(b, " OR ");
    if (n) {
        pm_sbuf_quoted(b, f->field, '"');
        pm_sbuf_add(b, n == 1 ? " = " : " IN (");
        for (int i = 0, k = 0; i < f->n_values; i++) {
            if (!f->values[i])
                continue;
            if (k++)
                pm_sbuf_add(b, ", ");
            pm_sbuf_quoted(b, f->values[i], '\'');
        }
        if (n > 1)
            pm_sbuf_add(b, ")");
    }
    if (has_null && n)
        pm_sbuf_add(b, ")");
    if (!has_null && !n)
        pm_sbuf_add(b, "FALSE");
}

void pm_filter_write(pm_sbuf *b, const pm_filter *f, const pm_filter_syntax *syntax)
{
    if (f->op == PM_FILTER_IN) {
        syntax->in(b, f);
    } else if (f->op == PM_FILTER_TEST) {
        syntax->test(b, f);
    } else if (f->op == PM_FILTER_OR) {
        pm_sbuf_add(b, syntax->or_open);
        for (int i = 0; i < f->n_kids; i++) {
            pm_sbuf_add(b, i ? syntax->or_between : "");
            pm_filter_write(b, &f->kids[i], syntax);
        }
        pm_sbuf_add(b, syntax->or_close);
    } else if (f->op == PM_FILTER_NOT) {
        pm_sbuf_add(b, syntax->not_open);
        pm_filter_write(b, &f->kids[0], syntax);
        pm_sbuf_add(b, syntax->not_close);
    } else if (f->n_kids == 0) {
        pm_sbuf_add(b, syntax->all);
    } else if (f->n_kids == 1) {
        pm_filter_write(b, &f->kids[0], syntax);
    } else {
        pm_sbuf_add(b, syntax->and_open);
        for (int i = 0; i < f->n_kids; i++) {
            int nested = f->kids[i].op == PM_FILTER_AND && f->kids[i].n_kids > 1;
            pm_sbuf_add(b, i ? syntax->and_between : "");
            pm_sbuf_add(b, nested ? syntax->nested_open : "");
            pm_filter_write(b, &f->kids[i], syntax);
            pm_sbuf_add(b, nested ? syntax->nested_close : "");
        }
        pm_sbuf_add(b, syntax->and_close);
    }
}

void pm_sbuf_number(pm_sbuf *b, double v)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    pm_sbuf_add(b, g_ascii_formatd(num, sizeof num, "%.17g", v));
}

/* Numbers as planmap reads them: a text that is no number is NULL
 * (to_real), so the comparison does not hold. */
static void expr_test(pm_sbuf *b, const pm_filter *f)
{
    static const char *const OPS[] = {" > ", " >= ", " < ", " <= "};
    const pm_condition *c = f->test;
    if (c->op == PM_COND_LIKE) {
        pm_sbuf_add(b, c->n_values > 1 ? "(" : "");
        for (int i = 0; i < c->n_values; i++) {
            pm_sbuf_add(b, i ? " OR " : "");
            pm_sbuf_quoted(b, f->field, '"');
            pm_sbuf_add(b, " LIKE ");
            pm_sbuf_quoted(b, c->values[i], '\'');
        }
        pm_sbuf_add(b, c->n_values > 1 ? ")" : "");
        return;
    }
    int between = c->op == PM_COND_BETWEEN;
    for (int k = 0; k <= between; k++) {
        pm_sbuf_add(b, k ? " AND to_real(" : between ? "(to_real(" : "to_real(");
        pm_sbuf_quoted(b, f->field, '"');
        pm_sbuf_add(b, ")");
        pm_sbuf_add(b, between ? OPS[k ? 3 : 1] : OPS[c->op - PM_COND_GT]);
        pm_sbuf_number(b, c->num[k]);
    }
    pm_sbuf_add(b, between ? ")" : "");
}

/* A comparison with NULL is NULL in QGIS; planmap counts it as "no match",
 * so a negation must see FALSE. */
static const pm_filter_syntax QGIS_EXPRESSION = {
    expr_in, expr_test, "NOT coalesce(", ", FALSE)", "TRUE", "", " AND ", "", "(", ")",
    "(", " OR ", ")",
};

char *pm_filter_expression(const pm_filter *f)
{
    pm_sbuf b = {0};
    pm_filter_write(&b, f, &QGIS_EXPRESSION);
    return pm_sbuf_take(&b);
}
