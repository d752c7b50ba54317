/* pm_map — the "style" step: load every layer of a spec once, resolve each
 * feature's rule, choose the extent and CRS, and project the data. */
#include "pm_map.h"
#include "map_internal.h"
#include "theme_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct feature_ref {
    const pm_layer *layer;
    const pm_feature *feature;
} feature_ref;

static const char *feature_prop(const void *p, const char *field)
{
    const feature_ref *r = p;
    return pm_feature_value(r->layer, r->feature, field);
}

static int drawn(const pm_map_layer *ml, int i)
{
    return ml->rule_of[i] != PM_FEATURE_HIDDEN &&
           ml->data->features[i].kind != PM_GEOM_NONE;
}

static int same_source(const pm_layer_spec *a, const pm_layer_spec *b)
{
    return strcmp(a->source, b->source) == 0 &&
           ((!a->layer && !b->layer) || (a->layer && b->layer && strcmp(a->layer, b->layer) == 0));
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

static int add_label_field(const char **labels, int n, const char *label)
{
    if (!label)
        return n;
    for (int j = 0; j < n; j++)
        if (strcmp(labels[j], label) == 0)
            return n;
    labels[n] = label;
    return n + 1;
}

/* Anchors are read only for features that show a label (render/labels.c),
 * so the loader may give the others cheap ones. A feature's label comes from
 * its rule, else the layer style, else the theme, whose label is "name" or
 * none; so these fields, over every layer drawing from the source, are all a
 * label can come from. Projects layers keep full anchors. Returns the count,
 * or -1 when every anchor must be full. `labels` holds 2 + rules per layer
 * (strings owned by the spec). */
static int label_fields(const pm_spec *spec, int li, const char **labels)
{
    int n = 0;
    for (int l = 0; l < spec->n_layers; l++) {
        const pm_layer_spec *ls = &spec->layers[l];
        if (!same_source(ls, &spec->layers[li]))
            continue;
        if (ls->projects)
            return -1;
        int own = (ls->style.set & PM_STYLE_LABEL) != 0;
        n = add_label_field(labels, n, own ? ls->style.label : "name");
        for (int r = 0; r < ls->n_rules; r++)
            if (ls->rules[r].style.set & PM_STYLE_LABEL)
                n = add_label_field(labels, n, ls->rules[r].style.label);
    }
    return n;
}

static int label_capacity(const pm_spec *spec)
{
    int n = 0;
    for (int l = 0; l < spec->n_layers; l++)
        n += 2 + spec->layers[l].n_rules;
    return n;
}

static void source_free(struct pm_map_source *src)
{
    if (!src)
        return;
    pm_strv_free(src->fields, src->n_fields);
    free(src->labels);
    free(src);
}

static struct pm_map_source *source_for(const pm_spec *spec, int li)
{
    const pm_layer_spec *ls = &spec->layers[li];
    struct pm_map_source *src = calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->n_fields = load_fields(spec, li, &src->fields);
    src->labels = calloc((size_t)label_capacity(spec), sizeof *src->labels);
    if (src->n_fields < 0 || !src->labels) {
        src->n_fields = src->n_fields < 0 ? 0 : src->n_fields;
        source_free(src);
        return NULL;
    }
    int n_labels = label_fields(spec, li, src->labels);
    src->opts = (pm_load_options){.layer_name = ls->layer,
                                  .fields = (const char *const *)src->fields,
                                  .n_fields = src->n_fields};
    /* Fields the source lacks read as NULL through pm_feature_value either way. */
    src->trim = (pm_load_trim){.cheap_anchors = n_labels >= 0, .label_fields = src->labels,
                               .n_label_fields = n_labels > 0 ? n_labels : 0,
                               .drop_absent_fields = 1};
    return src;
}

static int fitted(const pm_spec *spec, const char *name);

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
    if (spec->extent_mode != PM_EXTENT_BOX && fitted(spec, ls->name))
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
    pm_layer_stream *s = pm_layer_stream_open(path, &src->opts, &src->trim, PROBE, &e);
    pm_layer *first = s ? pm_layer_stream_next(s, &e) : NULL;
    pm_layer *more = first ? pm_layer_stream_next(s, &e) : NULL;
    long long count = s ? pm_layer_stream_count(s) : -1;
    pm_layer_stream_close(s);
    if (e.status != PM_OK) {
        pm_layer_destroy(first);
        if (err)
            *err = e;
        return e.status;
    }
    if (!first)
        return PM_OK;   /* no features: an ordinary load says the rest */
    if (!more) {
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

static pm_status load_layer(const pm_spec *spec, int li, int lean, pm_map_layer *ml, pm_error *err)
{
    const pm_layer_spec *ls = &spec->layers[li];
    struct pm_map_source *src = source_for(spec, li);
    if (!src)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: layers[%d] (%s): out of memory",
                            spec->path, li, ls->name);
    ml->spec = ls;
    int stream = 0;
    pm_status st = PM_OK;
    if (lean && only_drawn(spec, li) && pm_source_on_demand(ls->source))
        st = probe(ls->source, src, &ml->data, &stream, err);
    if (st == PM_OK && !ml->data)
        ml->data = pm_layer_load_trimmed(ls->source, &src->opts, &src->trim, err);
    if (ml->data && stream) {
        pm_layer_clear(ml->data);
        ml->streamed = src;
        if (drawing_fields(ls, src) != PM_OK)
            return pm_error_set(err, PM_ERR_NOMEM, "%s: layers[%d] (%s): out of memory",
                                spec->path, li, ls->name);
    } else {
        source_free(src);
    }
    if (!ml->data)
        return pm_error_prefix(err, "%s: layers[%d] (%s)", spec->path, li, ls->name);
    return PM_OK;
}

/* rule_of / rule_count for one layer: the layer `where` hides, then the first
 * matching rule wins. */
pm_status pm_map_resolve_rules(pm_map_layer *ml, pm_error *err)
{
    const pm_layer_spec *ls = ml->spec;
    int n = ml->data->n_features;
    ml->rule_of = calloc((size_t)n + 1, sizeof *ml->rule_of);
    ml->rule_count = calloc((size_t)ls->n_rules + 1, sizeof *ml->rule_count);
    if (!ml->rule_of || !ml->rule_count)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory resolving rules", ls->name);
    for (int i = 0; i < n; i++) {
        feature_ref ref = {ml->data, &ml->data->features[i]};
        if (!pm_conditions_match(ls->where, ls->n_where, feature_prop, &ref)) {
            ml->rule_of[i] = PM_FEATURE_HIDDEN;
            continue;
        }
        int r = pm_layer_spec_match(ls, feature_prop, &ref);
        ml->rule_of[i] = r >= 0 ? r : PM_FEATURE_NO_RULE;
        if (!drawn(ml, i))
            continue;
        if (r >= 0)
            ml->rule_count[r]++;
        else
            ml->no_rule_count++;
    }
    return PM_OK;
}

static void grow_box(double box[4], double x, double y)
{
    if (isnan(box[0]) || x < box[0]) box[0] = x;
    if (isnan(box[1]) || y < box[1]) box[1] = y;
    if (isnan(box[2]) || x > box[2]) box[2] = x;
    if (isnan(box[3]) || y > box[3]) box[3] = y;
}

static int fitted(const pm_spec *spec, const char *name)
{
    if (spec->n_extent_layers == 0)
        return 1;
    for (int i = 0; i < spec->n_extent_layers; i++)
        if (strcmp(spec->extent_layers[i], name) == 0)
            return 1;
    return 0;
}

/* Box of every vertex of the drawn features of the fitted layers, in the
 * layers' current coordinates (computed from vertices, so it is exact after
 * projection too). */
static void data_box(const pm_map *map, double box[4])
{
    box[0] = box[1] = box[2] = box[3] = NAN;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (!fitted(map->spec, ml->spec->name))
            continue;
        for (int i = 0; i < ml->data->n_features; i++) {
            if (!drawn(ml, i))
                continue;
            const pm_feature *f = &ml->data->features[i];
            int nv = 0;
            for (int p = 0; p < f->n_parts; p++)
                nv += f->part_len[p];
            for (int v = 0; v < nv; v++)
                grow_box(box, f->xy[2 * v], f->xy[2 * v + 1]);
        }
    }
}

static pm_status check_fit_names(const pm_spec *spec, pm_error *err)
{
    for (int i = 0; i < spec->n_extent_layers; i++) {
        int found = 0;
        for (int l = 0; l < spec->n_layers && !found; l++)
            found = strcmp(spec->layers[l].name, spec->extent_layers[i]) == 0;
        if (!found)
            return pm_error_set(err, PM_ERR_SPEC, "%s: extent.fit[%d]: no layer named \"%s\"",
                                spec->path, i, spec->extent_layers[i]);
    }
    return PM_OK;
}

/* An extent this many times longer than wide (or wide than tall) is widened:
 * a north–south line would otherwise get a frame a fraction of a point wide,
 * with no room for the scale bar or a label. */
#define MAX_EXTENT_ASPECT 4.0

static void widen(double e[4], int a, double span)
{
    double mid = 0.5 * (e[a] + e[a + 2]);
    e[a] = mid - 0.5 * span;
    e[a + 2] = mid + 0.5 * span;
}

/* A single point, coincident points or a flat line still need an area to
 * show (~1 km), and a thin one a frame of sane proportions. */
static void pad_degenerate(double e[4], int geographic)
{
    double min_span = geographic ? 0.01 : 1000.0;
    for (int a = 0; a < 2; a++)
        if (!(e[a + 2] - e[a] >= min_span))
            widen(e, a, min_span);
    for (int a = 0; a < 2; a++) {
        double other = e[3 - a] - e[1 - a];
        if (e[a + 2] - e[a] < other / MAX_EXTENT_ASPECT)
            widen(e, a, other / MAX_EXTENT_ASPECT);
    }
}

static pm_status fit_box(const pm_map *map, double ll[4], pm_error *err)
{
    const pm_spec *spec = map->spec;
    if (spec->extent_mode == PM_EXTENT_BOX) {
        memcpy(ll, spec->extent, 4 * sizeof *ll);
        return PM_OK;
    }
    data_box(map, ll);
    if (isnan(ll[0]))
        return pm_error_set(err, PM_ERR_DATA, "%s: extent: the %s no drawn feature with geometry",
                            spec->path,
                            spec->n_extent_layers ? "fitted layers have" : "layers have");
    return PM_OK;
}

static pm_status make_extent(pm_map *map, const double ll[4], pm_error *err)
{
    const pm_spec *spec = map->spec;
    double *e = map->extent;
    if (spec->extent_mode == PM_EXTENT_BOX) {
        /* An explicit box is shown as given, without margin. */
        pm_status st = pm_crs_forward_box(map->crs, ll, e, err);
        if (st != PM_OK)
            return pm_error_prefix(err, "%s: extent", spec->path);
        pad_degenerate(e, pm_crs_is_geographic(map->crs));
        return PM_OK;
    }
    data_box(map, e);
    pad_degenerate(e, pm_crs_is_geographic(map->crs));
    double m = spec->margin > 0 ? spec->margin : 0;
    double dx = (e[2] - e[0]) * m, dy = (e[3] - e[1]) * m;
    e[0] -= dx;
    e[1] -= dy;
    e[2] += dx;
    e[3] += dy;
    return PM_OK;
}

static pm_status add_plan(pm_map *map, const char *plan)
{
    for (int i = 0; i < map->n_plans; i++)
        if (strcmp(map->plans[i], plan) == 0)
            return PM_OK;
    char **grown = realloc(map->plans, (size_t)(map->n_plans + 1) * sizeof *grown);
    if (!grown)
        return PM_ERR_NOMEM;
    map->plans = grown;
    map->plans[map->n_plans] = strdup(plan);
    if (!map->plans[map->n_plans])
        return PM_ERR_NOMEM;
    map->n_plans++;
    return PM_OK;
}

/* Plans (in first-seen order) and schematic flag, from drawn features only:
 * the source note speaks for what is on the map. */
static pm_status collect_sources(pm_map *map, pm_error *err)
{
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        for (int i = 0; i < ml->data->n_features; i++) {
            if (!drawn(ml, i))
                continue;
            const pm_feature *f = &ml->data->features[i];
            const char *plan = pm_feature_value(ml->data, f, "plan");
            if (plan && *plan && add_plan(map, plan) != PM_OK)
                return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", map->spec->path);
            const char *precision = pm_feature_value(ml->data, f, "precision");
            if (precision && strcmp(precision, "schematic") == 0)
                map->has_schematic = 1;
        }
    }
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

static pm_status load_all(pm_map *map, int lean, pm_error *err)
{
    const pm_spec *spec = map->spec;
    for (int l = 0; l < spec->n_layers; l++) {
        int k = earlier_same_source(spec, l);
        pm_status st = PM_OK;
        if (k >= 0) {
            map->layers[l].spec = &spec->layers[l];
            map->layers[l].data = map->layers[k].data;
            map->layers[l].shared = 1;
        } else {
            st = load_layer(spec, l, lean, &map->layers[l], err);
        }
        map->n_layers = l + (st == PM_OK ? 1 : 0);
        if (st != PM_OK)
            return st;
        st = pm_map_resolve_rules(&map->layers[l], err);
        if (st != PM_OK)
            return pm_error_prefix(err, "%s: layers[%d]", spec->path, l);
    }
    return pm_map_check_text(map, err);
}

static pm_status project_all(pm_map *map, pm_error *err)
{
    for (int l = 0; l < map->n_layers; l++) {
        if (map->layers[l].shared)
            continue;
        pm_status st = pm_layer_project(map->layers[l].data, map->crs, err);
        if (st != PM_OK)
            return pm_error_prefix(err, "%s: layers[%d] (%s)", map->spec->path, l,
                                   map->spec->layers[l].name);
    }
    return PM_OK;
}

static pm_status build(pm_map *map, int lean, pm_error *err)
{
    const pm_spec *spec = map->spec;
    pm_status st = check_fit_names(spec, err);
    if (st == PM_OK)
        st = load_all(map, lean, err);
    double ll[4];
    if (st == PM_OK)
        st = fit_box(map, ll, err);
    if (st != PM_OK)
        return st;
    map->center_lonlat[0] = 0.5 * (ll[0] + ll[2]);
    map->center_lonlat[1] = 0.5 * (ll[1] + ll[3]);
    map->crs = pm_crs_create_for_box(spec->crs, ll, err);
    if (!map->crs)
        return pm_error_prefix(err, "%s: crs", spec->path);
    st = project_all(map, err);
    if (st == PM_OK)
        st = make_extent(map, ll, err);
    if (st == PM_OK)
        st = collect_sources(map, err);
    return st;
}

static pm_map *create(const pm_spec *spec, int lean, pm_error *err)
{
    if (!spec)
        return pm_error_set(err, PM_ERR_USAGE, "pm_map_create: no spec"), NULL;
    pm_map *map = calloc(1, sizeof *map);
    if (map)
        map->layers = calloc((size_t)spec->n_layers + 1, sizeof *map->layers);
    if (!map || !map->layers) {
        free(map);
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
        return NULL;
    }
    map->spec = spec;
    if (build(map, lean, err) != PM_OK) {
        pm_map_destroy(map);
        return NULL;
    }
    return map;
}

pm_map *pm_map_create(const pm_spec *spec, pm_error *err)
{
    return create(spec, 0, err);
}

pm_map *pm_map_create_lean(const pm_spec *spec, pm_error *err)
{
    return create(spec, 1, err);
}

void pm_map_destroy(pm_map *map)
{
    if (!map)
        return;
    for (int l = 0; l < map->n_layers; l++) {
        if (!map->layers[l].shared)
            pm_layer_destroy(map->layers[l].data);
        free(map->layers[l].rule_of);
        free(map->layers[l].rule_count);
        source_free(map->layers[l].streamed);
    }
    free(map->layers);
    pm_strv_free(map->plans, map->n_plans);
    pm_crs_destroy(map->crs);
    free(map);
}

pm_style pm_map_feature_style(const pm_map *map, int layer, int feature)
{
    const pm_map_layer *ml = &map->layers[layer];
    const pm_feature *f = &ml->data->features[feature];
    const char *kind = pm_feature_value(ml->data, f, "kind");
    const char *role = pm_feature_value(ml->data, f, "role");
    pm_style theme = pm_theme_feature_style(kind, role, f->kind);
    pm_style s = pm_style_merge(&theme, &ml->spec->style);
    int r = ml->rule_of[feature];
    if (r >= 0 && r < ml->spec->n_rules)
        s = pm_style_merge(&s, &ml->spec->rules[r].style);
    return s;
}
