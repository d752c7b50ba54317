/* Classes from data and proportional sizes for one layer of a resolved map:
 * which features are classified (those the layer draws), their values,
 * colours and the legend texts. The breaks themselves are classify.c, the
 * palettes palettes.c. */
#include "map_internal.h"
#include "pm_classes.h"
#include "pm_strings.h"
#include "pm_theme.h"
#include "pm_alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *value_of(const pm_map_layer *ml, int i, const char *field)
{
    const char *v = pm_feature_value(ml->data, &ml->data->features[i], field);
    return v && *v ? v : NULL;
}

/* A property as a finite number; 0 if it is none. */
static int number_of(const char *s, double *out)
{
    if (!s)
        return 0;
    char *end = NULL;
    double v = strtod(s, &end);
    while (end && (*end == ' ' || *end == '\t'))
        end++;
    if (end == s || (end && *end) || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- legend texts ----------------------------------------------------------- */

/* `tpl` with {lo} {hi} {value} {count} filled in. */
static char *fill_template(const char *tpl, const pm_class *c, const char *value, int digits)
{
    char lo[64], hi[64], count[32];
    pm_format_number(c->lo, digits, lo, sizeof lo);
    pm_format_number(c->hi, digits, hi, sizeof hi);
    snprintf(count, sizeof count, "%d", c->count);
    if (!tpl)
        tpl = value ? "{value}" : "{lo}–{hi}";
    /* A range whose ends read the same is one number: "{lo}–{hi}" → "5". */
    char range[140];
    snprintf(range, sizeof range, strcmp(lo, hi) == 0 ? "%s" : "%s–%s", lo, hi);
    static const char *const keys[] = {"{lo}–{hi}", "{lo}", "{hi}", "{value}", "{count}"};
    const char *vals[] = {range, lo, hi, value ? value : "", count};
    pm_sbuf b = {0};
    for (const char *p = tpl; *p;) {
        int hit = -1;
        for (int k = 0; k < 5 && hit < 0; k++)
            if (strncmp(p, keys[k], strlen(keys[k])) == 0)
                hit = k;
        if (hit >= 0) {
            pm_sbuf_add(&b, vals[hit]);
            p += strlen(keys[hit]);
            continue;
        }
        size_t run = strcspn(p + 1, "{") + 1;
        pm_sbuf_addf(&b, "%.*s", (int)run, p);
        p += run;
    }
    return pm_sbuf_take(&b);
}

/* Digits of a legend's numbers: the spec's, else as many as its most
 * precise number needs, the same for all. */
static int legend_digits(int digits, const double *v, int n)
{
    return digits >= 0 ? digits : pm_number_decimals(v, n);
}

static pm_status class_texts(pm_map_classes *c, const pm_classify *cf)
{
    double ends[2 * PM_CLASSES_MAX];
    int n_ends = 0;
    for (int k = 0; k < c->n && n_ends + 1 < 2 * PM_CLASSES_MAX; k++) {
        ends[n_ends++] = c->cls[k].lo;
        ends[n_ends++] = c->cls[k].hi;
    }
    int digits = legend_digits(cf->digits, ends, n_ends);
    for (int k = 0; k < c->n; k++) {
        pm_class *cl = &c->cls[k];
        cl->legend = fill_template(cf->legend, cl, cl->value, digits);
        /* English: its own template, else the Chinese one only when that
         * is the default (numbers read the same in both). */
        if (cf->legend_en || !cf->legend)
            cl->legend_en = fill_template(cf->legend_en, cl, cl->value_en ? cl->value_en : cl->value,
                                          digits);
        if (!cl->legend || ((cf->legend_en || !cf->legend) && !cl->legend_en))
            return PM_ERR_NOMEM;
    }
    return PM_OK;
}

/* ---- categories and numeric classes ------------------------------------------- */

static pm_status set_colors(pm_map_classes *c, const pm_classify *cf, const char *layer, pm_error *err)
{
    pm_color colors[PM_CLASSES_MAX];
    if (cf->colors) {
        if (cf->n_colors < c->n)
            return pm_error_set(err, PM_ERR_DATA, "%s: classify: %d classes of \"%s\" but %d colours",
                                layer, c->n, cf->field, cf->n_colors);
        for (int k = 0; k < c->n; k++)
            c->cls[k].color = cf->colors[k];
        return PM_OK;
    }
    int most = pm_palette_max(cf->palette, NULL);
    if (c->n > most)
        return pm_error_set(err, PM_ERR_DATA,
                            "%s: classify: %d classes of \"%s\" but palette %s has at most %d colours "
                            "(give \"palette\" as a list of colours)", layer, c->n, cf->field,
                            cf->palette, most);
    /* One class takes the middle of three. */
    pm_palette_colors(cf->palette, c->n < 2 ? 3 : c->n, colors);
    for (int k = 0; k < c->n; k++)
        c->cls[k].color = colors[c->n < 2 ? 1 : k];
    return PM_OK;
}

static int find_value(const pm_map_classes *c, const char *v)
{
    for (int k = 0; k < c->n; k++)
        if (strcmp(c->cls[k].value, v) == 0)
            return k;
    return -1;
}

/* Numbers in numeric order when every value is one (lo holds it), else by
 * bytes (lo is NaN). */
static int cmp_class(const void *a, const void *b)
{
    const pm_class *x = a, *y = b;
    if (!isnan(x->lo) && !isnan(y->lo))
        return (x->lo > y->lo) - (x->lo < y->lo);
    return strcmp(x->value, y->value);
}

static pm_status categories(pm_map_layer *ml, pm_map_classes *c, pm_error *err)
{
    const pm_classify *cf = ml->spec->classify;
    char en_field[128];
    const char *en = pm_label_field_en(cf->field, en_field, sizeof en_field);
    int n = ml->data->n_features;
    c->cls = calloc((size_t)n + 1, sizeof *c->cls);
    if (!c->cls)
        return PM_ERR_NOMEM;
    int all_numbers = 1;
    for (int i = 0; i < n; i++) {
        const char *v = pm_map_feature_drawn(ml, i) ? value_of(ml, i, cf->field) : NULL;
        if (!v || find_value(c, v) >= 0)
            continue;
        double d = NAN;
        all_numbers &= number_of(v, &d);
        c->cls[c->n].lo = c->cls[c->n].hi = d;
        const char *ve = en ? value_of(ml, i, en) : NULL;
        c->cls[c->n].value = pm_strdup(v);
        c->cls[c->n].value_en = ve ? pm_strdup(ve) : NULL;
        if (!c->cls[c->n++].value || (ve && !c->cls[c->n - 1].value_en))
            return PM_ERR_NOMEM;
    }
    for (int k = 0; k < c->n && !all_numbers; k++)
        c->cls[k].lo = c->cls[k].hi = NAN;
    qsort(c->cls, (size_t)c->n, sizeof *c->cls, cmp_class);
    for (int i = 0; i < n; i++) {
        const char *v = pm_map_feature_drawn(ml, i) ? value_of(ml, i, cf->field) : NULL;
        c->class_of[i] = v ? find_value(c, v) : -1;
    }
    return c->n ? set_colors(c, cf, ml->spec->name, err) : PM_OK;
}

/* Sorted numbers of the drawn features (*n of them). */
static double *drawn_numbers(const pm_map_layer *ml, const char *field, int *n)
{
    double *v = malloc(((size_t)ml->data->n_features + 1) * sizeof *v);
    *n = 0;
    for (int i = 0; v && i < ml->data->n_features; i++)
        if (pm_map_feature_drawn(ml, i) && number_of(value_of(ml, i, field), &v[*n]))
            (*n)++;
    if (v)
        qsort(v, (size_t)*n, sizeof *v, cmp_double);
    return v;
}

/* Range shown: the intervals for equal classes (ends at the data's), else
 * the smallest and largest value in the class (an empty manual class: its
 * interval). */
static void class_ranges(pm_map_classes *c, pm_class_method m, const double *v, int n)
{
    for (int k = 0; k < c->n; k++) {
        c->cls[k].lo = k == 0 ? v[0] : c->up[k - 1];
        c->cls[k].hi = k + 1 == c->n ? v[n - 1] : c->up[k];
    }
    if (m == PM_CLASS_EQUAL)
        return;
    int seen[PM_CLASSES_MAX + 1] = {0};
    for (int i = 0; i < n; i++) {
        int k = pm_class_index(c->up, c->n, v[i]);
        pm_class *cl = &c->cls[k];
        cl->lo = seen[k] ? fmin(cl->lo, v[i]) : v[i];
        cl->hi = seen[k] ? fmax(cl->hi, v[i]) : v[i];
        seen[k] = 1;
    }
}

static pm_status numeric(pm_map_layer *ml, pm_map_classes *c, pm_error *err)
{
    const pm_classify *cf = ml->spec->classify;
    int n = 0;
    double *v = drawn_numbers(ml, cf->field, &n);
    c->up = calloc(PM_CLASSES_MAX + 1, sizeof *c->up);
    c->cls = calloc(PM_CLASSES_MAX + 1, sizeof *c->cls);
    pm_status st = v && c->up && c->cls ? PM_OK : PM_ERR_NOMEM;
    if (st == PM_OK && n > 0) {
        if (cf->method == PM_CLASS_MANUAL) {
            memcpy(c->up, cf->breaks, (size_t)cf->n_breaks * sizeof *c->up);
            c->up[cf->n_breaks] = INFINITY;
            c->n = cf->n_breaks + 1;
        } else {
            c->n = pm_class_breaks(cf->method, v, n, cf->classes, c->up);
        }
        st = c->n < 0 ? PM_ERR_NOMEM : PM_OK;
    }
    if (st == PM_OK && c->n > 0) {
        class_ranges(c, cf->method, v, n);
        for (int i = 0; i < ml->data->n_features; i++) {
            double d;
            if (pm_map_feature_drawn(ml, i) && number_of(value_of(ml, i, cf->field), &d))
                c->class_of[i] = pm_class_index(c->up, c->n, d);
        }
        st = set_colors(c, cf, ml->spec->name, err);
    }
    free(v);
    return st;
}

static pm_status count_classes(pm_map_layer *ml, pm_map_classes *c)
{
    for (int i = 0; i < ml->data->n_features; i++) {
        int k = c->class_of[i];
        if (k >= 0) {
            if (c->cls[k].count++ == 0)
                c->cls[k].first = i;
        } else if (pm_map_feature_drawn(ml, i)) {
            c->n_missing++;
        }
    }
    for (int k = 0; k < c->n; k++)
        if (c->cls[k].count == 0)
            c->cls[k].first = -1;
    if (c->n_missing == 0)
        return PM_OK;
    c->missing = pm_strdup("无数据");
    c->missing_en = pm_strdup("No data");
    return c->missing && c->missing_en ? PM_OK : PM_ERR_NOMEM;
}

/* ---- proportional sizes ------------------------------------------------------ */

static double size_for(const pm_size_by *sb, double vmax, double v)
{
    double d = v > 0 ? sb->max * sqrt(v / vmax) : 0;
    return d > sb->min ? d : sb->min;
}

/* The largest power of ten times 1, 2 or 5 not above v. */
static double nice_below(double v)
{
    double p = pow(10, floor(log10(v)));
    return v >= 5 * p ? 5 * p : v >= 2 * p ? 2 * p : p;
}

static pm_status add_ref(pm_map_classes *c, const pm_size_by *sb, double value, int digits)
{
    for (int r = 0; r < c->n_refs; r++)
        if (c->refs[r].value == value)
            return PM_OK;
    pm_size_ref *ref = &c->refs[c->n_refs++];
    ref->value = value;
    ref->size = size_for(sb, c->vmax, value);
    char num[64];
    pm_format_number(value, digits, num, sizeof num);
    pm_class cl = {.lo = value, .hi = value};
    ref->legend = fill_template(sb->legend ? sb->legend : "{value}", &cl, num, digits);
    if (sb->legend_en || !sb->legend)
        ref->legend_en = fill_template(sb->legend_en ? sb->legend_en : "{value}", &cl, num, digits);
    return ref->legend ? PM_OK : PM_ERR_NOMEM;
}

/* The size legend is one entry, its values one a line, largest first
 * (English only when each ref has its own). */
static pm_status join_refs(pm_map_classes *c)
{
    pm_sbuf zh = {0}, en = {0};
    int all_en = c->n_refs > 0;
    for (int r = 0; r < c->n_refs; r++) {
        pm_sbuf_addf(&zh, "%s%s", r ? "\n" : "", c->refs[r].legend);
        all_en &= c->refs[r].legend_en != NULL;
        if (c->refs[r].legend_en)
            pm_sbuf_addf(&en, "%s%s", r ? "\n" : "", c->refs[r].legend_en);
    }
    c->refs_legend = pm_sbuf_take(&zh);
    c->refs_legend_en = pm_sbuf_take(&en);
    if (!all_en) {
        free(c->refs_legend_en);
        c->refs_legend_en = NULL;
    }
    return c->refs_legend ? PM_OK : PM_ERR_NOMEM;
}

/* The size legend: the largest value, a round one at most half of it and
 * the smallest, largest first. */
static pm_status sizes(pm_map_layer *ml, pm_map_classes *c)
{
    const pm_size_by *sb = ml->spec->size_by;
    int n = 0;
    double *v = drawn_numbers(ml, sb->field, &n);
    c->size_of = calloc((size_t)ml->data->n_features + 1, sizeof *c->size_of);
    if (!v || !c->size_of) {
        free(v);
        return PM_ERR_NOMEM;
    }
    c->vmax = n > 0 ? v[n - 1] : 0;
    double vmin = 0;
    for (int i = 0; i < n && vmin <= 0; i++)
        vmin = v[i];
    free(v);
    if (c->vmax <= 0)
        return PM_OK;
    for (int i = 0; i < ml->data->n_features; i++) {
        double d;
        if (pm_map_feature_drawn(ml, i) && number_of(value_of(ml, i, sb->field), &d))
            c->size_of[i] = size_for(sb, c->vmax, d);
    }
    double half = nice_below(c->vmax / 2);
    const double shown[3] = {c->vmax, half > vmin ? half : c->vmax, vmin > 0 ? vmin : c->vmax};
    int digits = legend_digits(sb->digits, shown, 3);
    pm_status st = add_ref(c, sb, c->vmax, digits);
    if (st == PM_OK && half > vmin)
        st = add_ref(c, sb, half, digits);
    if (st == PM_OK && vmin > 0)
        st = add_ref(c, sb, vmin, digits);
    return st == PM_OK ? join_refs(c) : st;
}

/* ---- the layer ----------------------------------------------------------------- */

pm_status pm_map_resolve_classes(pm_map_layer *ml, pm_error *err)
{
    const pm_layer_spec *ls = ml->spec;
    if (!ls->classify && !ls->size_by)
        return PM_OK;
    pm_map_classes *c = calloc(1, sizeof *c);
    int n = ml->data->n_features;
    if (c)
        c->class_of = malloc(((size_t)n + 1) * sizeof *c->class_of);
    ml->classes = c;
    if (!c || !c->class_of)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory classifying", ls->name);
    for (int i = 0; i < n; i++)
        c->class_of[i] = -1;
    pm_status st = PM_OK;
    if (ls->classify) {
        st = ls->classify->method == PM_CLASS_CATEGORIES ? categories(ml, c, err) : numeric(ml, c, err);
        if (st == PM_OK)
            st = count_classes(ml, c);
        if (st == PM_OK)
            st = class_texts(c, ls->classify);
    }
    if (st == PM_OK && ls->size_by)
        st = sizes(ml, c);
    if (st == PM_ERR_NOMEM)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory classifying", ls->name);
    return st;
}

void pm_map_classes_free(pm_map_classes *c)
{
    if (!c)
        return;
    for (int k = 0; k < c->n; k++)
        PM_FREE_ALL(c->cls[k].value, c->cls[k].value_en, c->cls[k].legend, c->cls[k].legend_en);
    for (int r = 0; r < c->n_refs; r++)
        PM_FREE_ALL(c->refs[r].legend, c->refs[r].legend_en);
    PM_FREE_ALL(c->refs_legend, c->refs_legend_en, c->cls, c->up, c->class_of, c->size_of,
                c->missing, c->missing_en, c);
}

void pm_class_paint_style(pm_style *s, pm_color color, pm_class_paint how, int kind)
{
    if (how == PM_PAINT_AUTO)
        how = kind == PM_GEOM_LINE ? PM_PAINT_STROKE : PM_PAINT_FILL;
    if (how != PM_PAINT_STROKE) {
        s->fill = color;
        s->set |= PM_STYLE_FILL;
    }
    if (how != PM_PAINT_FILL) {
        s->stroke = color;
        s->set |= PM_STYLE_STROKE;
    }
}

void pm_map_classes_apply(const pm_map_layer *ml, int i, pm_style *s)
{
    const pm_map_classes *c = ml->classes;
    if (!c)
        return;
    int k = c->class_of[i];
    if (k >= 0)
        pm_class_paint_style(s, c->cls[k].color, ml->spec->classify->paint,
                             ml->data->features[i].kind);
    if (c->size_of && c->size_of[i] > 0) {
        s->marker_size = c->size_of[i];
        s->set |= PM_STYLE_MARKER_SIZE;
    }
}

/* The first drawn feature of the layer, for the theme's defaults. */
static int first_drawn(const pm_map_layer *ml)
{
    for (int i = 0; i < ml->data->n_features; i++)
        if (pm_map_feature_drawn(ml, i))
            return i;
    return -1;
}

pm_style pm_map_class_style(const pm_map_layer *ml, int cls, int ref)
{
    const pm_map_classes *c = ml->classes;
    int f = ref < 0 && cls >= 0 && c->cls[cls].first >= 0 ? c->cls[cls].first : first_drawn(ml);
    const pm_feature *feat = &ml->data->features[f < 0 ? 0 : f];
    pm_style theme = pm_theme_feature_style(ml->spec->theme, pm_feature_value(ml->data, feat, "kind"),
                                            pm_feature_value(ml->data, feat, "role"), feat->kind);
    pm_style s = pm_style_merge(&theme, &ml->spec->style);
    if (ref >= 0) {
        s.marker_size = c->refs[ref].size;
        if (s.marker == PM_MARKER_NONE)
            s.marker = PM_MARKER_CIRCLE;
    } else if (cls >= 0) {
        pm_class_paint_style(&s, c->cls[cls].color, ml->spec->classify->paint, feat->kind);
    }
    return s;
}
