/* pm_layer — a loaded layer's storage, its fields and extents. */
#include "pm_source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"
#include "load_internal.h"

void pm_layer_clear(pm_layer *l)
{
    free(l->features);
    l->features = NULL;
    l->n_features = 0;
    pm_arena_destroy(l->arena);
    l->arena = pm_arena_create();
    for (int i = 0; i < 4; i++)
        l->extent[i] = NAN;
}

void pm_layer_destroy(pm_layer *layer)
{
    if (!layer)
        return;
    pm_arena_destroy(layer->arena);   /* every feature's arrays and strings */
    free(layer->features);
    pm_strv_free(layer->fields, layer->n_fields);
    pm_strv_free(layer->schema, layer->n_schema);
    free(layer->source);
    free(layer->name);
    free(layer);
}

int pm_layer_field_index(const pm_layer *layer, const char *field)
{
    if (!layer || !field)
        return -1;
    for (int i = 0; i < layer->n_fields; i++)
        if (strcmp(layer->fields[i], field) == 0)
            return i;
    return -1;
}

const char *pm_feature_value(const pm_layer *layer, const pm_feature *f, const char *field)
{
    int i = pm_layer_field_index(layer, field);
    return i >= 0 && f && f->values ? f->values[i] : NULL;
}

const char *pm_feature_ref_value(const void *ref, const char *field)
{
    const pm_feature_ref *r = ref;
    return pm_feature_value(r->layer, r->feature, field);
}

void pm_points_extent(const double *xy, size_t n, double e[4])
{
    /* Comparisons rather than fmin/fmax, which are library calls without
     * SSE4.1; the loader has refused NaN coordinates by now. */
    double x0 = xy[0], y0 = xy[1], x1 = xy[0], y1 = xy[1];
    for (size_t i = 1; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        x0 = x < x0 ? x : x0;
        x1 = x > x1 ? x : x1;
        y0 = y < y0 ? y : y0;
        y1 = y > y1 ? y : y1;
    }
    e[0] = x0;
    e[1] = y0;
    e[2] = x1;
    e[3] = y1;
}

void pm_extent_union(double e[4], const double other[4])
{
    if (isnan(other[0]) || isnan(other[1]) || isnan(other[2]) || isnan(other[3]))
        return;
    if (isnan(e[0])) {
        memcpy(e, other, 4 * sizeof *e);
        return;
    }
    e[0] = fmin(e[0], other[0]);
    e[1] = fmin(e[1], other[1]);
    e[2] = fmax(e[2], other[2]);
    e[3] = fmax(e[3], other[3]);
}

static char **strv_copy(char *const *v, int n)
{
    char **c = calloc((size_t)n + 1, sizeof *c);
    for (int i = 0; c && i < n; i++)
        if (!(c[i] = pm_strdup(v[i]))) {
            pm_strv_free(c, i);
            return NULL;
        }
    return c;
}

pm_layer *pm_layer_chunk_like(const pm_layer *t, int chunk)
{
    pm_layer *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->source = pm_strdup(t->source);
    l->name = pm_strdup(t->name);
    l->fields = strv_copy(t->fields, t->n_fields);
    l->n_fields = l->fields ? t->n_fields : 0;
    l->schema = strv_copy(t->schema, t->n_schema);
    l->n_schema = l->schema ? t->n_schema : 0;
    l->arena = pm_arena_create();
    l->features = malloc(sizeof *l->features * (size_t)(chunk > 0 ? chunk : 1));
    l->context = t->context;
    for (int k = 0; k < 4; k++)
        l->extent[k] = NAN;
    if (!l->source || !l->name || !l->fields || !l->schema || !l->arena || !l->features) {
        pm_layer_destroy(l);
        return NULL;
    }
    return l;
}
