/* The feature sources a map's layers provide (pm_features.h). */
#include "pm_classes.h"
#include "pm_features.h"
#include "pm_keymap.h"
#include "pm_strings.h"
#include "pm_theme.h"
#include "map_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- a layer in memory: one chunk, the layer itself ---------------------- */

typedef struct memory_source {
    pm_feature_source base;
    const pm_map_layer *layer;
    int given;
} memory_source;

static int memory_next(pm_feature_source *self, const pm_map_layer **chunk, pm_error *err)
{
    (void)err;
    memory_source *s = (memory_source *)self;
    *chunk = s->given ? NULL : s->layer;
    s->given = 1;
    return *chunk != NULL;
}

static void memory_close(pm_feature_source *self)
{
    free(self);
}

/* ---- a streamed layer: read again chunk by chunk ------------------------- */

typedef struct stream_source {
    pm_feature_source base;
    pm_map_stream *stream;
    pm_map_layer chunk;         /* handed out last; freed before the next is taken */
} stream_source;

static int stream_next(pm_feature_source *self, const pm_map_layer **chunk, pm_error *err)
{
    stream_source *s = (stream_source *)self;
    /* Freed first: while the caller draws one chunk the reader reads the
     * next, so at most two are in memory. */
    pm_map_chunk_free(&s->chunk);
    int rc = pm_map_stream_next(s->stream, &s->chunk, err);
    *chunk = rc > 0 ? &s->chunk : NULL;
    return rc;
}

static void stream_close(pm_feature_source *self)
{
    stream_source *s = (stream_source *)self;
    pm_map_chunk_free(&s->chunk);
    pm_map_stream_close(s->stream);
    free(s);
}

static void *source_new(const pm_map *map, size_t size, pm_error *err)
{
    void *s = calloc(1, size);
    if (!s)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", map->spec->path);
    return s;
}

pm_feature_source *pm_map_features(const pm_map *map, int layer, const double view[4],
                                   pm_error *err)
{
    const pm_map_layer *ml = &map->layers[layer];
    if (!ml->streamed) {
        memory_source *s = source_new(map, sizeof *s, err);
        if (!s)
            return NULL;
        s->base = (pm_feature_source){memory_next, memory_close};
        s->layer = ml;
        return &s->base;
    }
    stream_source *s = source_new(map, sizeof *s, err);
    if (!s)
        return NULL;
    s->stream = pm_map_stream_open(map, layer, view, err);
    if (!s->stream) {
        free(s);
        return NULL;
    }
    s->base = (pm_feature_source){stream_next, stream_close};
    return &s->base;
}

/* ---- styles --------------------------------------------------------------- */

pm_style pm_map_layer_style(const pm_map_layer *ml, int feature)
{
    const pm_feature *f = &ml->data->features[feature];
    const char *kind = pm_feature_value(ml->data, f, "kind");
    const char *role = pm_feature_value(ml->data, f, "role");
    pm_style theme = pm_theme_feature_style(ml->spec->theme, kind, role, f->kind);
    pm_style s = pm_style_merge(&theme, &ml->spec->style);
    pm_map_classes_apply(ml, feature, &s);
    int r = ml->rule_of[feature];
    if (r >= 0 && r < ml->spec->n_rules)
        s = pm_style_merge(&s, &ml->spec->rules[r].style);
    return s;
}

/* ---- styles resolved once per layer ------------------------------------------ */

/* Beyond this many distinct styles (proportional sizes, one per feature) a
 * table would cost more memory than looking each style up saves. */
#define MAX_STYLES 4096

/* Everything pm_map_layer_style reads of a feature besides the spec. */
typedef struct style_key {
    int rule, cls;
    pm_geom_kind geom;
    double size;
    const char *kind, *role;
} style_key;

static style_key key_of(const pm_map_layer *ml, int i)
{
    const pm_feature *f = &ml->data->features[i];
    const pm_map_classes *c = ml->classes;
    return (style_key){ml->rule_of[i], c ? c->class_of[i] : -1, f->kind,
                       c && c->size_of ? c->size_of[i] : 0,
                       pm_feature_value(ml->data, f, "kind"), pm_feature_value(ml->data, f, "role")};
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_key(const style_key *a, const style_key *b)
{
    return a->rule == b->rule && a->cls == b->cls && a->geom == b->geom && a->size == b->size &&
           same_text(a->kind, b->kind) && same_text(a->role, b->role);
}

/* The key as text, for the table (a missing value differs from ""). */
static void key_text(pm_sbuf *b, const style_key *k)
{
    b->len = 0;
    pm_sbuf_addf(b, "%d %d %d %a", k->rule, k->cls, (int)k->geom, k->size);
    if (k->kind)
        pm_sbuf_addf(b, " %zu:%s", strlen(k->kind), k->kind);
    else
        pm_sbuf_add(b, " -");
    if (k->role)
        pm_sbuf_addf(b, " %zu:%s", strlen(k->role), k->role);
    else
        pm_sbuf_add(b, " -");
}

/* The index of feature i's style, added to the layer's table when new; -1
 * out of memory or past MAX_STYLES. */
static int style_index(pm_map_layer *ml, pm_keymap *seen, pm_sbuf *b, const style_key *k, int i)
{
    key_text(b, k);
    int added = 0;
    int *at = b->nomem ? NULL : pm_keymap_get(seen, b->s, &added);
    if (!at)
        return -1;
    if (!added)
        return *at;
    if (ml->n_styles == MAX_STYLES)
        return -1;
    if (ml->n_styles % 64 == 0) {
        pm_style *grown = realloc(ml->styles, (size_t)(ml->n_styles + 64) * sizeof *grown);
        if (!grown)
            return -1;
        ml->styles = grown;
    }
    ml->styles[ml->n_styles] = pm_map_layer_style(ml, i);
    return *at = ml->n_styles++;
}

void pm_map_styles_free(pm_map_layer *ml)
{
    free(ml->style_of);
    free(ml->styles);
    ml->style_of = NULL;
    ml->styles = NULL;
    ml->n_styles = 0;
}

pm_status pm_map_resolve_styles(pm_map_layer *ml, pm_error *err)
{
    (void)err;   /* without a table the styles are looked up as they are drawn */
    int n = ml->data->n_features;
    if (n == 0)
        return PM_OK;
    ml->style_of = malloc((size_t)n * sizeof *ml->style_of);
    pm_keymap seen = pm_keymap_make(sizeof(int), 0);
    pm_sbuf b = {0};
    style_key last = {0};
    int last_at = -1, ok = ml->style_of != NULL;
    for (int i = 0; ok && i < n; i++) {
        if (ml->rule_of[i] == PM_FEATURE_HIDDEN || ml->data->features[i].kind == PM_GEOM_NONE) {
            ml->style_of[i] = -1;
            continue;
        }
        /* Neighbours mostly share a style: the text key only on a change. */
        style_key k = key_of(ml, i);
        if (last_at < 0 || !same_key(&k, &last))
            last_at = style_index(ml, &seen, &b, &k, i);
        last = k;
        ml->style_of[i] = last_at;
        ok = last_at >= 0;
    }
    free(b.s);
    pm_keymap_free(&seen, NULL);
    if (!ok)
        pm_map_styles_free(ml);
    return PM_OK;
}

const pm_style *pm_map_layer_style_at(const pm_map_layer *ml, int feature)
{
    if (!ml->style_of || ml->style_of[feature] < 0)
        return NULL;
    return &ml->styles[ml->style_of[feature]];
}
