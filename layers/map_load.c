/* What each layer of a map reads: the fields and label fields of every
 * layer drawing from its source, read once; a layer only drawn on a lean map
 * may be streamed (map_stream.c) instead of held. */
#include "pm_map_data.h"
#include "map_internal.h"
#include "pm_classes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int same_name(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Raster layers read their source at each render: nothing is shared. A
 * source read in two encodings, or in two CRSs, is two sets of features. */
static int same_source(const pm_layer_spec *a, const pm_layer_spec *b)
{
    return !a->raster && !b->raster && strcmp(a->source, b->source) == 0 &&
           same_name(a->layer, b->layer) && same_name(a->encoding, b->encoding) &&
           same_name(a->crs, b->crs);
}

static int add_field(char **all, int n, const char *f)
{
    for (int j = 0; j < n; j++)
        if (strcmp(all[j], f) == 0)
            return n;
    all[n] = strdup(f);
    return all[n] ? n + 1 : n;
}

/* A source is read once for every layer that draws from it, so the fields
 * kept are those of all of them ∪ PM_STANDARD_FIELDS, without repeats. */
static int load_fields(const pm_spec *spec, int li, char ***out)
{
    static const char *const standard[] = {PM_STANDARD_FIELDS};
    const int n_std = (int)(sizeof standard / sizeof standard[0]);
    char ***own = calloc((size_t)spec->n_layers, sizeof *own);
    int *n_own = calloc((size_t)spec->n_layers, sizeof *n_own);
    int total = n_std;
    for (int l = 0; own && n_own && l < spec->n_layers; l++)
        if (same_source(&spec->layers[l], &spec->layers[li])) {
            n_own[l] = pm_layer_spec_fields(&spec->layers[l], &own[l]);
            total += n_own[l] > 0 ? n_own[l] : 0;
        }
    char **all = own && n_own ? calloc((size_t)total + 1, sizeof *all) : NULL;
    int n = 0;
    for (int l = 0; all && l < spec->n_layers; l++)
        for (int i = 0; i < n_own[l]; i++)
            n = add_field(all, n, own[l][i]);
    for (int i = 0; all && i < n_std; i++)
        n = add_field(all, n, standard[i]);
    for (int l = 0; own && n_own && l < spec->n_layers; l++)
        if (n_own[l] > 0)
            pm_strv_free(own[l], n_own[l]);
    free(own);
    free(n_own);
    *out = all;
    return all ? n : -1;
}

typedef struct label_list {
    char **v;
    int n;
    int failed;   /* out of memory: every anchor must be full */
} label_list;

static void add_label_field(const char *label, void *ctx)
{
    label_list *ll = ctx;
    for (int j = 0; j < ll->n; j++)
        if (strcmp(ll->v[j], label) == 0)
            return;
    char **grown = ll->failed ? NULL : realloc(ll->v, (size_t)(ll->n + 1) * sizeof *grown);
    if (grown)
        ll->v = grown;
    if (!grown || !(grown[ll->n] = strdup(label)))
        ll->failed = 1;
    else
        ll->n++;
}

static void add_label(label_list *ll, const char *label)
{
    if (label && pm_label_each_field(label, add_label_field, ll) < 0)
        ll->failed = 1;
}

/* Anchors are read only for features that show a label (render/labels.c),
 * so the loader may give the others cheap ones. A feature's label comes from
 * its rule, else the layer style, else the theme, whose label is "name" or
 * none; a template shows nothing when all its fields are empty. So these
 * fields, over every layer drawing from the source, are all a label can
 * come from. Projects layers keep full anchors. Returns the count, or -1
 * when every anchor must be full. */
static int label_fields(const pm_spec *spec, int li, label_list *ll)
{
    for (int l = 0; l < spec->n_layers; l++) {
        const pm_layer_spec *ls = &spec->layers[l];
        if (!same_source(ls, &spec->layers[li]))
            continue;
        if (ls->projects)
            return -1;
        int own = (ls->style.set & PM_STYLE_LABEL) != 0;
        add_label(ll, own ? ls->style.label : "name");
        for (int r = 0; r < ls->n_rules; r++)
            if (ls->rules[r].style.set & PM_STYLE_LABEL)
                add_label(ll, ls->rules[r].style.label);
    }
    return ll->failed ? -1 : ll->n;
}

void pm_map_source_free(struct pm_map_source *src)
{
    if (!src)
        return;
    pm_strv_free(src->fields, src->n_fields);
    pm_strv_free(src->labels, src->n_labels);
    pm_source_index_close(src->index);
    free(src);
}

static struct pm_map_source *source_for(const pm_spec *spec, int li)
{
    const pm_layer_spec *ls = &spec->layers[li];
    struct pm_map_source *src = calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->n_fields = load_fields(spec, li, &src->fields);
    if (src->n_fields < 0) {
        src->n_fields = 0;
        pm_map_source_free(src);
        return NULL;
    }
    label_list ll = {0};
    int n_labels = label_fields(spec, li, &ll);
    src->labels = ll.v;
    src->n_labels = ll.n;
    src->opts = (pm_load_options){.layer_name = ls->layer,
                                  .fields = (const char *const *)src->fields,
                                  .n_fields = src->n_fields,
                                  .encoding = ls->encoding,
                                  .crs = ls->crs};
    /* Fields the source lacks read as NULL through pm_feature_value either way. */
    src->lean = (pm_load_lean){.cheap_anchors = n_labels >= 0, .label_fields = (const char *const *)src->labels,
                               .n_label_fields = n_labels > 0 ? n_labels : 0,
                               .drop_absent_fields = 1};
    return src;
}

/* A layer nothing but the drawing needs: no label can come from it, no
 * legend entry, no extent fit, no project table, no other layer on its
 * source (which would share its features). */
static int only_drawn(const pm_spec *spec, int li)
{
    const pm_layer_spec *ls = &spec->layers[li];
    if (ls->projects || !(ls->style.set & PM_STYLE_LABEL) || ls->style.label)
        return 0;
    for (int r = 0; r < ls->n_rules; r++) {
        const pm_rule *rule = &ls->rules[r];
        if (((rule->style.set & PM_STYLE_LABEL) && rule->style.label) ||
            (spec->legend && ls->legend && rule->legend && rule->legend[0]))
            return 0;
    }
    if (spec->extent_mode != PM_EXTENT_BOX && pm_map_layer_fitted(spec, ls->name))
        return 0;
    for (int l = 0; l < spec->n_layers; l++)
        if (l != li && same_source(&spec->layers[l], ls))
            return 0;
    return 1;
}

/* Chunks of about this many vertices (half a megabyte of coordinates),
 * within these feature counts: enough work per chunk for drawing on two
 * threads to pay, few enough that a chunk is a small part of a large layer;
 * two are in memory while the next is read ahead (pm_map_stream). Measured
 * on the bench layers: twice as large held 1-2 MB more for no speed on
 * the points and polygons, the lines 5-10 % faster. */
#define CHUNK_POINTS 32768
#define CHUNK_MIN 256
#define CHUNK_MAX 4096
#define PROBE 1024
/* The start read of a source counted past PROBE features: enough to size
 * its chunks by. All PROBE of them were half the layer for 2 000 large
 * polygons, read on the main thread and dropped before the drawing read
 * the layer again (10-14 ms of a 0.2 s map, the other core idle). */
#define PROBE_SAMPLE 256

static int has_field(const pm_layer *l, const char *name)
{
    return pm_layer_field_index(l, name) >= 0;
}

/* Read the start of an only-drawn layer read from the file as asked: if it
 * ends there, that is the layer (*whole); if the source says where the
 * features come from (plan, precision: the source note) or the driver counts
 * no more than a chunk, it is loaded whole (*whole NULL); else it is streamed
 * (*stream), with chunks sized by the vertices of the start, and *whole is
 * that start. */
static pm_status probe(const char *path, struct pm_map_source *src, pm_layer **whole,
                       int *stream, pm_error *err)
{
    *whole = NULL;
    *stream = 0;
    pm_error e = {0};
    pm_layer_stream *s = pm_layer_stream_open(path, &src->opts, &src->lean, PROBE, &e);
    /* A source the driver counts more than PROBE features in goes on once
     * a sample of its start is read in full: no second chunk read to learn
     * it (for 2 000 large polygons, half the layer). */
    long long count = s ? pm_layer_stream_count(s) : -1;
    if (count > PROBE)
        pm_layer_stream_set_chunk(s, PROBE_SAMPLE);
    pm_layer *first = s ? pm_layer_stream_next(s, &e) : NULL;
    int goes_on = first && count > PROBE && first->n_features == PROBE_SAMPLE;
    pm_layer *more = first && !goes_on ? pm_layer_stream_next(s, &e) : NULL;
    pm_layer_stream_close(s);
    if (e.status != PM_OK) {
        pm_layer_destroy(first);
        if (err)
            *err = e;
        return e.status;
    }
    if (!first)
        return PM_OK;   /* no features: an ordinary load says the rest */
    if (!more && !goes_on) {
        *whole = first;
        return PM_OK;
    }
    long long nv = 0;
    for (int i = 0; i < first->n_features; i++)
        for (int p = 0; p < first->features[i].n_parts; p++)
            nv += first->features[i].part_len[p];
    double per = nv > 0 ? (double)nv / first->n_features : 1;
    src->chunk = (int)fmax(CHUNK_MIN, fmin(CHUNK_MAX, CHUNK_POINTS / per));
    /* A layer of one chunk is kept: reading it again would save nothing. */
    *stream = !has_field(first, "plan") && !has_field(first, "precision") &&
              (count < 0 || count > src->chunk);
    if (*stream)
        *whole = first;   /* emptied by the caller: the layer's name and fields */
    else
        pm_layer_destroy(first);
    pm_layer_destroy(more);
    return PM_OK;
}

/* A streamed layer is read again at every render for drawing alone: its
 * chunks keep only what that reads (the rules' and filters' properties,
 * the theme's kind and role, the name a marker's box reports). A source
 * whose fields are all left out is read without its attribute table. */
static pm_status drawing_fields(const pm_layer_spec *ls, struct pm_map_source *src)
{
    static const char *const drawn[] = {"kind", "role", "name"};
    char **own = NULL;
    int n_own = pm_layer_spec_fields(ls, &own);
    char **all = n_own >= 0 ? calloc((size_t)n_own + 4, sizeof *all) : NULL;
    int n = 0;
    for (int i = 0; all && i < n_own; i++)
        n = add_field(all, n, own[i]);
    for (int i = 0; all && i < 3; i++)
        n = add_field(all, n, drawn[i]);
    if (n_own > 0)
        pm_strv_free(own, n_own);
    if (!all)
        return PM_ERR_NOMEM;
    pm_strv_free(src->fields, src->n_fields);
    src->fields = all;
    src->n_fields = n;
    src->opts.fields = (const char *const *)all;
    src->opts.n_fields = n;
    return PM_OK;
}

/* A source read a chunk at a time costs a chunk's memory: a GeoJSON or a
 * Shapefile planmap's reader takes, indexed once here (the index, kept, is
 * what every render's stream reads from, and the GeoJSON's whole load too
 * if the layer is not streamed after all), or one its driver reads on
 * demand. */
static int streamable(struct pm_map_source *src, const char *path)
{
    src->opts.index = src->index = pm_source_index_open(path, &src->opts);
    return src->index != NULL || pm_source_on_demand(path);
}

static pm_status load_layer(const pm_map *map, int li, int lean, pm_map_layer *ml, pm_error *err)
{
    const pm_spec *spec = map->spec;
    const pm_layer_spec *ls = &spec->layers[li];
    struct pm_map_source *src = source_for(spec, li);
    if (src)
        src->opts.context = map->context;
    if (!src)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: layers[%d] (%s): out of memory",
                            spec->path, li, ls->name);
    ml->spec = ls;
    int stream = 0;
    pm_status st = PM_OK;
    /* Classes and proportional sizes need every value at once. */
    int whole = ls->classify || ls->size_by;
    if (lean && !whole && only_drawn(spec, li) && streamable(src, ls->source))
        st = probe(ls->source, src, &ml->data, &stream, err);
    if (st == PM_OK && !ml->data)
        ml->data = pm_layer_load_lean(ls->source, &src->opts, &src->lean, err);
    if (ml->data && stream) {
        pm_layer_clear(ml->data);
        ml->streamed = src;
        if (drawing_fields(ls, src) != PM_OK)
            return pm_error_set(err, PM_ERR_NOMEM, "%s: layers[%d] (%s): out of memory",
                                spec->path, li, ls->name);
    } else {
        pm_map_source_free(src);
    }
    if (!ml->data)
        return pm_layer_error_prefix(err, spec, li);
    return PM_OK;
}

/* An earlier layer drawing from the same source, or -1. */
static int earlier_same_source(const pm_spec *spec, int li)
{
    for (int k = 0; k < li; k++)
        if (same_source(&spec->layers[k], &spec->layers[li]))
            return k;
    return -1;
}

pm_status pm_map_load_layers(pm_map *map, int lean, pm_error *err)
{
    const pm_spec *spec = map->spec;
    for (int l = 0; l < spec->n_layers; l++) {
        int k = earlier_same_source(spec, l);
        pm_status st = PM_OK;
        if (k >= 0) {
            map->layers[l].spec = &spec->layers[l];
            map->layers[l].data = map->layers[k].data;
            map->layers[l].shared = 1;
        } else if (spec->layers[l].raster) {
            st = pm_map_raster_open(map, l, &map->layers[l], err);
        } else {
            st = load_layer(map, l, lean, &map->layers[l], err);
        }
        map->n_layers = l + (st == PM_OK ? 1 : 0);
        if (st != PM_OK)
            return st;
        if (pm_map_check_fields(spec, l, map->layers[l].data, NULL, NULL, err) != 0)
            return err && err->status ? err->status : PM_ERR_SPEC;
        st = pm_map_resolve_rules(&map->layers[l], err);
        if (st == PM_OK)
            st = pm_map_resolve_classes(&map->layers[l], err);
        if (st == PM_OK)
            st = pm_map_resolve_styles(&map->layers[l], err);
        if (st != PM_OK)
            return pm_error_prefix(err, "%s: layers[%d]", spec->path, l);
    }
    return pm_map_check_text(map, err);
}
