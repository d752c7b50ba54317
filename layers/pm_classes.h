/* pm_classes — classes from data (a layer's `classify`) and proportional
 * symbols (`size_by`), computed when a map is resolved (layers/map_classes.c)
 * so that drawing and the legend only read them.
 *
 * Numeric classes are ranges over the sorted values of the drawn features:
 * class i holds the values v with up[i-1] < v <= up[i] (the first class from
 * the smallest value). Palettes are ColorBrewer's (layers/palettes.c).
 */
#ifndef PM_CLASSES_H
#define PM_CLASSES_H

#include <stddef.h>

#include "pm_spec_data.h"

#define PM_CLASSES_MAX 12
/* Jenks works on at most this many distinct values; more are first merged
 * into this many groups of about equal counts (breaks fall between groups). */
#define PM_JENKS_MAX_VALUES 10000

typedef enum pm_palette_kind {
    PM_PALETTE_SEQUENTIAL, PM_PALETTE_DIVERGING, PM_PALETTE_QUALITATIVE
} pm_palette_kind;

/* The colours of ColorBrewer palette `name` (case-sensitive, "YlOrRd") for
 * `n` classes into out[0..n-1]: 0 if done, -1 for an unknown name, else the
 * most classes the palette has (n too large) or -2 (n below 2). Two classes
 * take the first and last colour of the three-class scheme. */
int pm_palette_colors(const char *name, int n, pm_color *out);
/* The most classes `name` has, 0 for an unknown name; its kind in *kind. */
int pm_palette_max(const char *name, pm_palette_kind *kind);

/* Upper bounds of up to `k` classes over `n` sorted values (n >= 1) into
 * up[0..]: returns the classes made (fewer than k when values repeat or are
 * fewer than k), -1 out of memory. Manual breaks are not computed here. */
int pm_class_breaks(pm_class_method method, const double *sorted, int n, int k, double *up);
/* Fisher-Jenks natural breaks: the partition of `sorted` into k classes with
 * the least sum of squared deviations from class means; as pm_class_breaks. */
int pm_jenks_breaks(const double *sorted, int n, int k, double *up);
/* The class of v under upper bounds up[0..k-1] (the last takes the rest). */
int pm_class_index(const double *up, int k, double v);

/* A number as a legend shows it, in every language: `digits` decimals, or
 * (-1) up to two with trailing zeros cut ("3", "2.5", "0.33"), and commas
 * between groups of three digits ("1,200", "3,500.0"). */
void pm_format_number(double v, int digits, char *buf, size_t n);
/* The decimals (0 to 2) the most precise of `n` numbers needs, so every
 * number of one legend is written alike ("0.50–1.25", not "0.5–1.25"). */
int pm_number_decimals(const double *v, int n);

/* One class of a layer: its range or category value, colour, features. */
typedef struct pm_class {
    double lo, hi;             /* the range shown in the legend (categories:
                                  the number when all values are, else NaN) */
    char *value;               /* categories: the value */
    char *value_en;            /* categories: its English (`<field>_en`), or NULL */
    pm_color color;
    int count;                 /* drawn features in the class */
    int first;                 /* first drawn feature in it, or -1 */
    char *legend, *legend_en;  /* formatted legend texts */
} pm_class;

/* Proportional sizes: three reference values for the size legend. */
typedef struct pm_size_ref {
    double value, size;        /* value and its diameter, pt */
    char *legend, *legend_en;
} pm_size_ref;

typedef struct pm_map_classes {
    pm_class *cls;
    int n;
    double *up;                /* numeric: upper bounds of the classes */
    int *class_of;             /* per feature: class, or -1 (hidden, no value) */
    int n_missing;             /* drawn features without a usable value */
    char *missing, *missing_en;  /* their legend text */
    /* size_by */
    double *size_of;           /* per feature: diameter, pt; 0: the style's */
    double vmax;               /* largest value, 0: no sizes */
    pm_size_ref refs[3];
    int n_refs;
    char *refs_legend, *refs_legend_en;  /* the refs' texts, one a line */
} pm_map_classes;

struct pm_map_layer;
/* Classes and sizes of one layer of a resolved map (after its rules), or
 * nothing when the layer has neither key. Data errors (a palette without
 * enough colours, a field with no number) are PM_ERR_DATA. */
pm_status pm_map_resolve_classes(struct pm_map_layer *ml, pm_error *err);
void pm_map_classes_free(pm_map_classes *c);
/* Paint `s` in a class's colour as `how` asks (auto: a line's stroke, else
 * the fill) for a feature of `geom_kind`. */
void pm_class_paint_style(pm_style *s, pm_color color, pm_class_paint how, int geom_kind);
/* Apply feature `i`'s class colour and proportional size to `s`. */
void pm_map_classes_apply(const struct pm_map_layer *ml, int i, pm_style *s);
/* The style a class's legend entry shows (class -1: features without a
 * value; size reference r >= 0 instead with cls ignored). */
pm_style pm_map_class_style(const struct pm_map_layer *ml, int cls, int ref);

#endif
