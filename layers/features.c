/* The feature sources a map's layers provide (pm_features.h). */
#include "pm_classes.h"
#include "pm_features.h"
#include "pm_theme.h"

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
