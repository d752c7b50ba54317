/* pm_geojson_load — a GeoJSON FeatureCollection read by planmap itself:
 * the file cut into chunks of features (geojson_split.c), each parsed by
 * simdjson (geojson_doc.cpp) when it is needed: once for the fields' types,
 * once for the features, which are made on every core. Memory is the
 * layer's and a chunk per thread, whatever the size of the file. What
 * comes out is what the GDAL path (source.c) gives for the same file,
 * feature by feature: the same fields in the same order, values as GDAL's
 * types print them, ids, parts, anchors. Whatever this reader cannot promise that for (another
 * CRS, dates, lists and objects as values, mixed types, string ids, an
 * order of fields GDAL would work out otherwise, a feature GDAL would
 * refuse, ...) it declines, and the caller reads the file through GDAL:
 * silently, and the answer is GDAL's. */
#include <cpl_conv.h>
#include <cpl_error.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo_internal.h"
#include "geojson_doc.h"
#include "geojson_schema.h"
#include "geojson_split.h"
#include "load_internal.h"
#include "pm_alloc.h"
#include "pm_file.h"
#include "pm_guard.h"
#include "pm_keymap.h"
#include "pm_strings.h"

/* The file, cut, and what the layer keeps of it. */
typedef struct gj_read {
    const char *path;
    const pm_load_options *opts;
    pm_gj_text text;
    pm_gj_split split;
    char *head;              /* the text without its features */
    pm_gj_doc *doc;          /* the head, parsed */
    size_t *first;           /* per chunk: the features before it; [split.n]: all */
    pm_gj_schema sc;
    int *keep;               /* per kept field: its position, -1 if absent */
    int *label;              /* positions of the label fields present */
    int n_label, cheap;
    pm_layer *out;
} gj_read;

/* ---- the layer ------------------------------------------------------- */

/* GDAL's layer name: the collection's "name", else the file's name
 * without its extension. */
static char *layer_name(const char *path, const pm_gj_doc *doc)
{
    const char *name = pm_gj_name(doc);
    if (name)
        return pm_strdup(name);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return strndup(base, dot ? (size_t)(dot - base) : strlen(base));
}

static int position(const pm_gj_schema *sc, const char *name)
{
    const int *pos = name ? pm_keymap_find(&sc->keys, name) : NULL;
    return pos && strcmp(sc->names[*pos], name) == 0 ? *pos : -1;
}

/* The fields the layer keeps, as choose_fields (source.c) keeps them. */
static pm_status keep_fields(gj_read *g, const pm_load_lean *lean, pm_error *err)
{
    const pm_load_options *o = g->opts;
    pm_layer *l = g->out;
    int all = !o || !o->fields, n = all ? g->sc.n : (o->n_fields > 0 ? o->n_fields : 0);
    l->fields = calloc((size_t)n + 1, sizeof *l->fields);
    l->schema = calloc((size_t)g->sc.n + 1, sizeof *l->schema);
    g->keep = calloc((size_t)n + 1, sizeof *g->keep);
    int nl = lean && lean->cheap_anchors && lean->label_fields ? lean->n_label_fields : 0;
    g->label = calloc((size_t)(nl > 0 ? nl : 1), sizeof *g->label);
    if (!l->fields || !l->schema || !g->keep || !g->label)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->path);
    for (int i = 0; i < g->sc.n; i++)
        if (!(l->schema[l->n_schema++] = pm_strdup(g->sc.names[i])))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->path);
    for (int i = 0; i < n; i++) {
        const char *name = all ? g->sc.names[i] : o->fields[i];
        int dup = 0;
        for (int k = 0; name && k < l->n_fields; k++)
            dup |= strcmp(l->fields[k], name) == 0;
        int pos = all ? i : position(&g->sc, name);
        if (!name || dup || (pos < 0 && lean && lean->drop_absent_fields))
            continue;
        if (!(l->fields[l->n_fields] = pm_strdup(name)))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->path);
        g->keep[l->n_fields++] = pos;
    }
    g->cheap = lean && lean->cheap_anchors;
    for (int i = 0; i < nl; i++) {
        int pos = position(&g->sc, lean->label_fields[i]);
        if (pos >= 0)
            g->label[g->n_label++] = pos;
    }
    return PM_OK;
}

/* One range of chunks, read on a thread of its own into a layer of its
 * own (joined after). `declined` when a feature is one GDAL reads its own
 * way or refuses: then GDAL reads the file and says so. */
typedef struct gj_job {
    const gj_read *g;
    size_t chunk, chunks, count;
    pm_layer *part;
    int declined, nomem;
} gj_job;

static char *value_text(pm_arena *a, const pm_gj_value *v, int type)
{
    char buf[32];
    switch (type) {
    case PM_GJ_BOOL: return pm_arena_strdup(a, v->i ? "1" : "0");
    case PM_GJ_INT: return pm_load_integer_text(a, v->i);
    case PM_GJ_REAL:
        snprintf(buf, sizeof buf, "%.15g", v->type == PM_GJV_INT ? (double)v->i : v->d);
        return pm_arena_strdup(a, buf);
    default: return pm_arena_strdup(a, v->s);
    }
}

/* The kept values of a feature, from its properties by position. */
static int feature_values(const gj_job *j, const pm_gj_value **at, const pm_gj_value *p, int np,
                          pm_feature *f)
{
    const gj_read *g = j->g;
    int n = g->out->n_fields;
    for (int k = 0; k < g->sc.n; k++)
        at[k] = NULL;
    for (int k = 0; k < np; k++)
        at[*(const int *)pm_keymap_find(&g->sc.keys, p[k].key)] = &p[k];
    f->values = n ? pm_arena_alloc(j->part->arena, sizeof *f->values * (size_t)n, sizeof *f->values)
                  : NULL;
    if (n && !f->values)
        return -2;
    for (int i = 0; i < n; i++) {
        int pos = g->keep[i];
        const pm_gj_value *v = pos >= 0 ? at[pos] : NULL;
        f->values[i] = NULL;
        if (v && v->type != PM_GJV_NULL && !(f->values[i] = value_text(j->part->arena, v, g->sc.type[pos])))
            return -2;
    }
    return 0;
}

static int labelled(const gj_read *g, const pm_gj_value *const *at)
{
    for (int i = 0; i < g->n_label; i++)
        if (at[g->label[i]] && at[g->label[i]]->type != PM_GJV_NULL)
            return 1;
    return 0;
}

/* The geometry in the arena as pm_geo_read_geometry lays it out. */
static int feature_geometry(gj_job *j, const pm_gj_geom *gm, pm_geo_reader *r, pm_feature *f)
{
    static const pm_geom_kind kinds[] = {[1] = PM_GEOM_POINT, [2] = PM_GEOM_LINE, [4] = PM_GEOM_POLYGON};
    if (gm->n_points > 0 && gm->dims != 1 && gm->dims != 2 && gm->dims != 4)
        return -1;   /* a collection of several kinds: GDAL's error */
    f->kind = gm->n_points > 0 ? kinds[gm->dims] : PM_GEOM_NONE;
    f->n_parts = gm->n_points > 0 ? gm->n_parts : 0;
    if (f->n_parts > 0) {
        pm_arena *a = j->part->arena;
        size_t np = (size_t)f->n_parts;
        f->part_len = pm_arena_alloc(a, sizeof(int) * np, sizeof(int));
        f->xy = pm_arena_alloc(a, 2 * sizeof(double) * (size_t)gm->n_points, sizeof(double));
        if (f->kind == PM_GEOM_POLYGON)
            f->part_poly = pm_arena_alloc(a, sizeof(int) * np, sizeof(int));
        if (!f->part_len || !f->xy || (f->kind == PM_GEOM_POLYGON && !f->part_poly))
            return -2;
        memcpy(f->part_len, gm->part_len, sizeof(int) * np);
        memcpy(f->xy, gm->xy, 2 * sizeof(double) * (size_t)gm->n_points);
        if (f->part_poly)
            memcpy(f->part_poly, gm->part_poly, sizeof(int) * np);
    }
    pm_error e = {0};
    return pm_geo_read_flat(r, f, &e) == PM_OK ? 0 : e.status == PM_ERR_NOMEM ? -2 : -1;
}

/* Feature i of the chunk in `doc`, feature `nth` of the file. */
typedef struct gj_scratch {
    pm_gj_value *props;
    size_t cap;
    const pm_gj_value **at;
    pm_gj_geom gm;
    pm_geo_reader r;
    pm_gdal_failure gdal;
} gj_scratch;

static int read_one(gj_job *j, const pm_gj_doc *doc, size_t i, size_t nth, gj_scratch *w)
{
    const gj_read *g = j->g;
    pm_gj_value **props = &w->props;
    const pm_gj_value **at = w->at;
    pm_gj_geom *gm = &w->gm;
    pm_geo_reader *r = &w->r;
    pm_feature *f = &j->part->features[j->part->n_features];
    memset(f, 0, sizeof *f);
    int kind = 0;
    long long id = 0;
    int np = pm_gj_properties(doc, i, props, &w->cap, &kind, &id);
    if (np < 0)
        return np;
    int st = feature_values(j, at, *props, np, f);
    f->fid = g->sc.ids ? (long)id : g->sc.id_field >= 0 ? (long)at[g->sc.id_field]->i : (long)nth;
    if (st == 0)
        st = pm_gj_geometry(doc, i, gm);
    r->cheap_anchor = g->cheap && !labelled(g, at);
    if (st == 0)
        st = feature_geometry(j, gm, r, f);
    if (st == 0 && w->gdal.failed)
        st = -1;   /* GEOS refused a ring: GDAL's read names the feature */
    if (st != 0)
        return st;
    pm_extent_union(j->part->extent, f->bbox);
    j->part->n_features++;
    return 0;
}

/* The job's chunks, one at a time, into its layer. */
static int read_chunks(gj_job *j, gj_scratch *w)
{
    const gj_read *g = j->g;
    pm_gj_doc *doc = pm_gj_new();
    char *buf = NULL, why[128];
    size_t cap = 0, len = 0;
    int st = doc ? 0 : -2;
    for (size_t c = j->chunk; st == 0 && c < j->chunk + j->chunks; c++) {
        if (pm_gj_chunk(&g->text, &g->split, c, &buf, &cap, &len) != 0 ||
            pm_gj_features(doc, buf, len, why) != PM_GJ_OK)
            st = -1;   /* read or parsed once already: GDAL's to explain */
        for (size_t i = 0; st == 0 && i < pm_gj_count(doc); i++)
            st = read_one(j, doc, i, g->first[c] + i, w);
    }
    free(buf);
    pm_gj_close(doc);
    return st;
}

static void *read_range(void *arg)
{
    gj_job *j = arg;
    const gj_read *g = j->g;
    gj_scratch w = {0};
    w.at = calloc((size_t)g->sc.n + 1, sizeof *w.at);
    pm_layer *l = j->part = calloc(1, sizeof *l);
    w.r.arena = l ? (l->arena = pm_arena_create()) : NULL;
    if (l)
        l->features = malloc(sizeof *l->features * (j->count ? j->count : 1));
    int st = w.at && l && w.r.arena && l->features ? 0 : -2;
    for (int k = 0; l && k < 4; k++)
        l->extent[k] = NAN;
    CPLPushErrorHandlerEx(pm_load_note_failure, &w.gdal);
    if (st == 0)
        st = read_chunks(j, &w);
    CPLPopErrorHandler();
    j->declined = st == -1;
    j->nomem = st == -2;
    free(w.props);
    free(w.at);
    pm_gj_geom_free(&w.gm);
    pm_geo_reader_release(&w.r);
    return NULL;
}

/* Below this many features one thread reads as fast as two. */
#define SPLIT_MIN 4096
#define MAX_RANGES 8

/* Every feature, in ranges on the context's threads, joined into g->out.
 * 1: read; 0: declined; -1: out of memory. */
static int read_features(gj_read *g)
{
    size_t n = g->first[g->split.n], chunks = g->split.n;
    int threads = pm_context_threads(g->opts ? g->opts->context : NULL);
    int k = n < SPLIT_MIN || threads < 2 ? 1 : threads < MAX_RANGES ? threads : MAX_RANGES;
    if ((size_t)k > chunks)
        k = (int)chunks;
    gj_job job[MAX_RANGES];
    pthread_t tid[MAX_RANGES];
    int started[MAX_RANGES] = {0};
    /* Ranges of about as many bytes. */
    unsigned long long from = g->split.cut[0], bytes = g->split.cut[chunks] - from;
    size_t c = 0;
    for (int i = 0; i < k; i++) {
        job[i] = (gj_job){.g = g, .chunk = c};
        while (c < chunks && (i == k - 1 || (g->split.cut[c] - from) * (unsigned long long)k <
                                                  bytes * (unsigned long long)(i + 1)))
            c++;
        job[i].chunks = c - job[i].chunk;
        job[i].count = g->first[c] - g->first[job[i].chunk];
        if (i > 0)
            started[i] = pthread_create(&tid[i], NULL, read_range, &job[i]) == 0;
    }
    read_range(&job[0]);
    int result = 1;
    pm_layer *parts[MAX_RANGES];
    for (int i = 0; i < k; i++) {
        if (i > 0 && started[i])
            pthread_join(tid[i], NULL);
        else if (i > 0)
            read_range(&job[i]);
        parts[i] = job[i].part;
        if (!parts[i] || job[i].nomem)
            result = -1;
        else if (job[i].declined && result == 1)
            result = 0;
    }
    if (result == 1 && pm_load_join(parts, k, (long long)n, 0) != 0)
        result = -1;
    pm_layer *all = parts[0];
    for (int i = result == 1 ? 1 : 0; i < k; i++)
        pm_layer_destroy(parts[i]);
    if (result == 1) {
        g->out->features = all->features;
        g->out->n_features = all->n_features;
        g->out->arena = all->arena;
        memcpy(g->out->extent, all->extent, sizeof all->extent);
        all->features = NULL;
        all->arena = NULL;
        pm_layer_destroy(all);
    }
    return result;
}

/* ---- the file -------------------------------------------------------- */

/* A file this reader may take: a local .geojson or .json whose first
 * character (after a byte-order mark and blanks) opens an object. */
static int candidate(const char *path)
{
    return path && strncmp(path, "/vsi", 4) != 0 && !strchr(path, ':') && pm_geo_json_name(path);
}

/* GDAL refuses a GeoJSON object larger than its OGR_GEOJSON_MAX_OBJ_SIZE
 * setting (MB, 0: no limit), which geo/open.c explains. Objects are not
 * measured here: a file larger than the limit is left to GDAL, which
 * refuses it or not as it always has. */
static int within_gdal_limit(unsigned long long size)
{
    double mb = CPLAtof(CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "200"));
    return mb <= 0 || (double)size <= mb * 1024 * 1024;
}

/* Chunks of about this many bytes: a few per thread on a file of a few
 * MB, little memory per thread on any. */
#define CHUNK (1u << 20)

static void read_release(gj_read *g)
{
    pm_gj_schema_free(&g->sc);
    free(g->keep);
    free(g->label);
    free(g->first);
    free(g->head);
    pm_gj_split_free(&g->split);
    pm_gj_close(g->doc);
}

/* The layer from the parsed document. 1: answered (a layer, or an error
 * in *err: out of memory); 0: declined. */
static int make_layer(gj_read *g, const pm_load_lean *lean, pm_error *err)
{
    pm_layer *l = g->out = calloc(1, sizeof *l);
    if (!l || !(l->source = pm_strdup(g->path)) || !(l->name = layer_name(g->path, g->doc))) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->path);
        return 1;
    }
    const char *want = g->opts ? g->opts->layer_name : NULL;
    if ((want && strcmp(want, l->name) != 0) || pm_gj_scan(&g->sc, &g->text, &g->split, &g->first) != 0)
        return 0;
    l->context = g->opts ? g->opts->context : NULL;
    if (keep_fields(g, lean, err) != PM_OK)
        return 1;
    int r = read_features(g);
    if (r < 0)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->path);
    return r != 0;
}

/* The text cut and its head parsed: a collection this reader may read. */
static int open_text(gj_read *g)
{
    size_t len = 0;
    char why[128];
    if (pm_gj_split_text(&g->text, CHUNK, &g->split) != 0 ||
        !(g->head = pm_gj_head(&g->text, &g->split, &len)) || !(g->doc = pm_gj_new()))
        return -1;
    /* Features the scan did not cut out ("feat\u0075res") are GDAL's. */
    return pm_gj_open(g->doc, g->head, len, why) == PM_GJ_OK && pm_gj_count(g->doc) == 0 ? 0 : -1;
}

static int read_source(const char *path, const pm_gj_text *text, const pm_load_options *opts,
                       const pm_load_lean *lean, pm_layer **out, pm_error *err)
{
    *out = NULL;
    gj_read g = {.path = path, .opts = opts, .text = *text};
    int answered = 0;
    pm_error e = {0};
    if (!(opts && opts->where && opts->where[0]) && open_text(&g) == 0) {
        answered = make_layer(&g, lean, &e);
        if (answered && e.status != PM_OK) {
            pm_layer_destroy(g.out);
            g.out = NULL;
            if (err)
                *err = e;
        }
    }
    read_release(&g);
    if (!answered) {
        pm_layer_destroy(g.out);
        return 0;
    }
    *out = g.out;
    return 1;
}

static int bom(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

int pm_geojson_read_text(const char *path, const char *text, size_t len,
                         const pm_load_options *opts, const pm_load_lean *lean, pm_layer **out,
                         pm_error *err)
{
    pm_gj_text t = {.fd = -1, .mem = text, .start = (unsigned long long)bom(text, len), .end = len};
    return read_source(path, &t, opts, lean, out, err);
}

int pm_geojson_load(const char *path, const pm_load_options *opts, const pm_load_lean *lean,
                    pm_layer **out, pm_error *err)
{
    *out = NULL;
    if (!candidate(path) || (opts && opts->where && opts->where[0]) ||
        pm_check_source(path, NULL) != PM_OK)
        return 0;
    /* A file that cannot be read, or is past GDAL's limit, is GDAL's to
     * explain. */
    int fd = pm_open_input(path, NULL), answered = 0;
    struct stat st;
    char head[3];
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        within_gdal_limit((unsigned long long)st.st_size)) {
        size_t n = st.st_size >= 3 && pread(fd, head, 3, 0) == 3 ? 3 : 0;
        pm_gj_text t = {.fd = fd, .start = (unsigned long long)bom(head, n),
                        .end = (unsigned long long)st.st_size};
        answered = read_source(path, &t, opts, lean, out, err);
    }
    if (fd >= 0)
        close(fd);
    if (*out)
        pm_inputs_add_source(path);
    return answered;
}
