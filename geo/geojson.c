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

#include "geojson_read.h"
#include "shapefile.h"
#include "pm_alloc.h"
#include "pm_encoding.h"
#include "pm_file.h"
#include "pm_guard.h"
#include "pm_keymap.h"
#include "pm_strings.h"

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
static pm_status keep_fields(pm_gj_read *g, const pm_load_lean *lean, pm_error *err)
{
    const pm_load_options *o = g->opts;
    const pm_gj_schema *sc = &g->ix->sc;
    pm_layer *l = g->out;
    int all = !o || !o->fields, n = all ? sc->n : (o->n_fields > 0 ? o->n_fields : 0);
    l->fields = calloc((size_t)n + 1, sizeof *l->fields);
    l->schema = calloc((size_t)sc->n + 1, sizeof *l->schema);
    g->keep = calloc((size_t)n + 1, sizeof *g->keep);
    int nl = lean && lean->cheap_anchors && lean->label_fields ? lean->n_label_fields : 0;
    g->label = calloc((size_t)(nl > 0 ? nl : 1), sizeof *g->label);
    if (!l->fields || !l->schema || !g->keep || !g->label)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->ix->path);
    for (int i = 0; i < sc->n; i++)
        if (!(l->schema[l->n_schema++] = pm_strdup(sc->names[i])))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->ix->path);
    for (int i = 0; i < n; i++) {
        const char *name = all ? sc->names[i] : o->fields[i];
        int dup = 0;
        for (int k = 0; name && k < l->n_fields; k++)
            dup |= strcmp(l->fields[k], name) == 0;
        int pos = all ? i : position(sc, name);
        if (!name || dup || (pos < 0 && lean && lean->drop_absent_fields))
            continue;
        if (!(l->fields[l->n_fields] = pm_strdup(name)))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", g->ix->path);
        g->keep[l->n_fields++] = pos;
    }
    g->cheap = lean && lean->cheap_anchors;
    for (int i = 0; i < nl; i++) {
        int pos = position(sc, lean->label_fields[i]);
        if (pos >= 0)
            g->label[g->n_label++] = pos;
    }
    return PM_OK;
}

pm_status pm_gj_read_begin(pm_gj_read *g, const pm_source_index *ix, const pm_load_options *opts,
                           const pm_load_lean *lean, pm_error *err)
{
    *g = (pm_gj_read){.ix = ix, .opts = opts};
    pm_layer *l = g->out = calloc(1, sizeof *l);
    if (!l || !(l->source = pm_strdup(ix->path)) || !(l->name = pm_strdup(ix->name)))
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ix->path);
    l->context = opts ? opts->context : NULL;
    for (int k = 0; k < 4; k++)
        l->extent[k] = NAN;
    return keep_fields(g, lean, err);
}

void pm_gj_read_end(pm_gj_read *g)
{
    free(g->keep);
    free(g->label);
    pm_layer_destroy(g->out);
    *g = (pm_gj_read){0};
}

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
static int feature_values(const pm_gj_read *g, pm_arena *a, const pm_gj_value **at,
                          const pm_gj_value *p, int np, pm_feature *f)
{
    const pm_gj_schema *sc = &g->ix->sc;
    int n = g->out->n_fields;
    for (int k = 0; k < sc->n; k++)
        at[k] = NULL;
    for (int k = 0; k < np; k++)
        at[*(const int *)pm_keymap_find(&sc->keys, p[k].key)] = &p[k];
    f->values = n ? pm_arena_alloc(a, sizeof *f->values * (size_t)n, sizeof *f->values) : NULL;
    if (n && !f->values)
        return -2;
    for (int i = 0; i < n; i++) {
        int pos = g->keep[i];
        const pm_gj_value *v = pos >= 0 ? at[pos] : NULL;
        f->values[i] = NULL;
        if (v && v->type != PM_GJV_NULL && !(f->values[i] = value_text(a, v, sc->type[pos])))
            return -2;
    }
    return 0;
}

static int labelled(const pm_gj_read *g, const pm_gj_value *const *at)
{
    for (int i = 0; i < g->n_label; i++)
        if (at[g->label[i]] && at[g->label[i]]->type != PM_GJV_NULL)
            return 1;
    return 0;
}

/* The geometry in the arena as pm_geo_read_geometry lays it out. */
static int feature_geometry(pm_arena *a, const pm_gj_geom *gm, pm_geo_reader *r, pm_feature *f)
{
    static const pm_geom_kind kinds[] = {[1] = PM_GEOM_POINT, [2] = PM_GEOM_LINE, [4] = PM_GEOM_POLYGON};
    if (gm->n_points > 0 && gm->dims != 1 && gm->dims != 2 && gm->dims != 4)
        return -1;   /* a collection of several kinds: GDAL's error */
    f->kind = gm->n_points > 0 ? kinds[gm->dims] : PM_GEOM_NONE;
    f->n_parts = gm->n_points > 0 ? gm->n_parts : 0;
    if (f->n_parts > 0) {
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

int pm_gj_scratch_init(pm_gj_scratch *w, const pm_gj_read *g)
{
    *w = (pm_gj_scratch){0};
    w->at = calloc((size_t)g->ix->sc.n + 1, sizeof *w->at);
    return w->at ? 0 : -2;
}

void pm_gj_scratch_free(pm_gj_scratch *w)
{
    free(w->props);
    free(w->at);
    pm_gj_geom_free(&w->gm);
    pm_geo_reader_release(&w->r);
}

int pm_gj_read_one(const pm_gj_read *g, pm_layer *part, const pm_gj_doc *doc, size_t i, size_t nth,
                   pm_gj_scratch *w)
{
    const pm_gj_schema *sc = &g->ix->sc;
    const pm_gj_value **at = w->at;
    pm_feature *f = &part->features[part->n_features];
    memset(f, 0, sizeof *f);
    w->r.arena = part->arena;
    int kind = 0;
    long long id = 0;
    int np = pm_gj_properties(doc, i, &w->props, &w->cap, &kind, &id);
    if (np < 0)
        return np;
    int st = feature_values(g, part->arena, at, w->props, np, f);
    f->fid = sc->ids ? (long)id : sc->id_field >= 0 ? (long)at[sc->id_field]->i : (long)nth;
    if (st == 0)
        st = pm_gj_geometry(doc, i, &w->gm);
    w->r.cheap_anchor = g->cheap && !labelled(g, at);
    if (st == 0)
        st = feature_geometry(part->arena, &w->gm, &w->r, f);
    if (st == 0 && w->gdal.failed)
        st = -1;   /* GEOS refused a ring: GDAL's read names the feature */
    if (st != 0)
        return st;
    pm_extent_union(part->extent, f->bbox);
    part->n_features++;
    return 0;
}

/* One range of chunks, read on a thread of its own into a layer of its
 * own (joined after). `declined` when a feature is one GDAL reads its own
 * way or refuses: then GDAL reads the file and says so. */
typedef struct gj_job {
    const pm_gj_read *g;
    size_t chunk, chunks, count;
    pm_layer *part;
    int declined, nomem;
} gj_job;

/* The job's chunks, one at a time, into its layer. */
static int read_chunks(gj_job *j, pm_gj_scratch *w)
{
    const pm_source_index *ix = j->g->ix;
    pm_gj_doc *doc = pm_gj_new();
    char *buf = NULL, why[128];
    size_t cap = 0, len = 0;
    int st = doc ? 0 : -2;
    for (size_t c = j->chunk; st == 0 && c < j->chunk + j->chunks; c++) {
        if (pm_gj_chunk(&ix->text, &ix->split, c, &buf, &cap, &len) != 0 ||
            pm_gj_features(doc, buf, len, why) != PM_GJ_OK)
            st = -1;   /* read or parsed once already: GDAL's to explain */
        for (size_t i = 0; st == 0 && i < pm_gj_count(doc); i++)
            st = pm_gj_read_one(j->g, j->part, doc, i, ix->first[c] + i, w);
    }
    free(buf);
    pm_gj_close(doc);
    return st;
}

static void *read_range(void *arg)
{
    gj_job *j = arg;
    pm_gj_scratch w;
    int st = pm_gj_scratch_init(&w, j->g);
    pm_layer *l = j->part = calloc(1, sizeof *l);
    if (l && (l->arena = pm_arena_create()))
        l->features = malloc(sizeof *l->features * (j->count ? j->count : 1));
    if (!l || !l->arena || !l->features)
        st = -2;
    for (int k = 0; l && k < 4; k++)
        l->extent[k] = NAN;
    CPLPushErrorHandlerEx(pm_load_note_failure, &w.gdal);
    if (st == 0)
        st = read_chunks(j, &w);
    CPLPopErrorHandler();
    j->declined = st == -1;
    j->nomem = st == -2;
    pm_gj_scratch_free(&w);
    return NULL;
}

/* Below this many features one thread reads as fast as two. */
#define SPLIT_MIN 4096
#define MAX_RANGES 8

/* Every feature, in ranges on the context's threads, joined into g->out.
 * 1: read; 0: declined; -1: out of memory. */
static int read_features(pm_gj_read *g)
{
    const pm_source_index *ix = g->ix;
    size_t n = ix->first[ix->split.n], chunks = ix->split.n;
    int threads = pm_context_threads(g->opts ? g->opts->context : NULL);
    int k = n < SPLIT_MIN || threads < 2 ? 1 : threads < MAX_RANGES ? threads : MAX_RANGES;
    if ((size_t)k > chunks)
        k = (int)chunks;
    gj_job job[MAX_RANGES];
    pthread_t tid[MAX_RANGES];
    int started[MAX_RANGES] = {0};
    /* Ranges of about as many bytes. */
    unsigned long long from = ix->split.cut[0], bytes = ix->split.cut[chunks] - from;
    size_t c = 0;
    for (int i = 0; i < k; i++) {
        job[i] = (gj_job){.g = g, .chunk = c};
        while (c < chunks && (i == k - 1 || (ix->split.cut[c] - from) * (unsigned long long)k <
                                                  bytes * (unsigned long long)(i + 1)))
            c++;
        job[i].chunks = c - job[i].chunk;
        job[i].count = ix->first[c] - ix->first[job[i].chunk];
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

/* The text cut, its head parsed for the layer's name and the features
 * scanned for their fields (and, `extent`, their geometries' facts): a collection this
 * reader may read as layer `want` (NULL: any). 0, or -1: declined. */
static int index_text(pm_source_index *ix, const char *want, int extent)
{
    size_t len = 0;
    char why[128];
    pm_gj_doc *doc = pm_gj_new();
    char *head = NULL;
    for (int k = 0; k < 4; k++)
        ix->facts.extent[k] = NAN;
    int ok = pm_gj_split_text(&ix->text, CHUNK, &ix->split) == 0 &&
             (head = pm_gj_head(&ix->text, &ix->split, &len)) && doc &&
             /* Features the scan did not cut out ("feat\u0075res") are GDAL's. */
             pm_gj_open(doc, head, len, why) == PM_GJ_OK && pm_gj_count(doc) == 0 &&
             (ix->name = layer_name(ix->path, doc)) && (!want || strcmp(want, ix->name) == 0);
    free(head);
    pm_gj_close(doc);
    return ok && pm_gj_scan(&ix->sc, &ix->text, &ix->split, &ix->first, extent ? &ix->facts : NULL) == 0
               ? 0 : -1;
}

void pm_source_index_close(pm_source_index *ix)
{
    if (!ix)
        return;
    pm_shp_index_close(ix->shp);
    pm_gj_schema_free(&ix->sc);
    free(ix->first);
    pm_gj_split_free(&ix->split);
    free(ix->name);
    free(ix->path);
    if (ix->fd >= 0)
        close(ix->fd);
    free(ix);
}

/* An index of `text`, which it reads while it lives; NULL: declined (or
 * out of memory). */
static pm_source_index *index_make(const char *path, const pm_gj_text *text, const char *want,
                                   int extent)
{
    pm_source_index *ix = calloc(1, sizeof *ix);
    if (ix)
        ix->fd = -1;
    if (!ix || !(ix->path = pm_strdup(path)))
        return pm_source_index_close(ix), NULL;
    ix->text = *text;
    if (index_text(ix, want, extent) != 0)
        return pm_source_index_close(ix), NULL;
    return ix;
}

/* The whole layer from an index. 1: answered (a layer, or an error in
 * *err: out of memory); 0: declined. */
static int read_index(const pm_source_index *ix, const pm_load_options *opts,
                      const pm_load_lean *lean, pm_layer **out, pm_error *err)
{
    pm_gj_read g;
    pm_error e = {0};
    int r = pm_gj_read_begin(&g, ix, opts, lean, &e) == PM_OK ? read_features(&g) : -1;
    if (r < 0) {
        if (e.status == PM_OK)
            pm_error_set(&e, PM_ERR_NOMEM, "%s: out of memory", ix->path);
        if (err)
            *err = e;
    }
    if (r > 0) {
        *out = g.out;
        g.out = NULL;
    }
    pm_gj_read_end(&g);
    return r != 0;
}

static int read_source(const char *path, const pm_gj_text *text, const pm_load_options *opts,
                       const pm_load_lean *lean, pm_layer **out, pm_error *err)
{
    *out = NULL;
    if (opts && opts->where && opts->where[0])
        return 0;
    pm_source_index *ix = index_make(path, text, opts ? opts->layer_name : NULL, 0);
    int answered = ix && read_index(ix, opts, lean, out, err);
    pm_source_index_close(ix);
    return answered;
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

/* The file open, if this reader may take it: a descriptor, its text in *t;
 * -1: it is GDAL's (to read or to explain). */
static int open_file(const char *path, const pm_load_options *opts, pm_gj_text *t)
{
    if (!candidate(path) || (opts && opts->where && opts->where[0]) ||
        pm_check_source(path, NULL) != PM_OK)
        return -1;
    int fd = pm_open_input(path, NULL);
    struct stat st;
    char head[3];
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        within_gdal_limit((unsigned long long)st.st_size)) {
        size_t n = st.st_size >= 3 && pread(fd, head, 3, 0) == 3 ? 3 : 0;
        *t = (pm_gj_text){.fd = fd, .start = (unsigned long long)bom(head, n),
                          .end = (unsigned long long)st.st_size};
        return fd;
    }
    if (fd >= 0)
        close(fd);
    return -1;
}

/* 1 if `crs` (a layer's "crs") is WGS84 lon/lat, what the reader reads,
 * under any name. */
static int crs_is_lonlat(const char *crs)
{
    OGRSpatialReferenceH srs = NULL;
    if (pm_geo_layer_srs(NULL, crs, &srs, NULL) != PM_OK || !srs)
        return 0;
    int same = pm_geo_is_wgs84(srs);
    OSRRelease(srs);
    return same;
}

/* GeoJSON is UTF-8 lon/lat: text said to be in another encoding, or
 * coordinates said to be in another CRS, are GDAL's to read. */
static int reader_takes(const pm_load_options *opts)
{
    return !opts || ((!opts->encoding || pm_encoding_is_utf8(opts->encoding)) &&
                     (!opts->crs || crs_is_lonlat(opts->crs)));
}

int pm_geojson_load(const char *path, const pm_load_options *opts, const pm_load_lean *lean,
                    pm_layer **out, pm_error *err)
{
    *out = NULL;
    if (opts && opts->index && opts->index->shp)
        return 0;   /* a whole Shapefile is GDAL's to read */
    if (!reader_takes(opts))
        return 0;
    if (opts && opts->index)
        return read_index(opts->index, opts, lean, out, err);
    pm_gj_text t;
    int fd = open_file(path, opts, &t), answered = 0;
    if (fd >= 0) {
        answered = read_source(path, &t, opts, lean, out, err);
        close(fd);
    }
    if (*out)
        pm_inputs_add_source(path);
    return answered;
}

pm_source_index *pm_gj_index_info(const char *path, const char *encoding)
{
    pm_load_options opts = {.encoding = encoding};
    pm_source_index *ix = pm_source_index_open(path, &opts);
    if (ix && (ix->facts.odd || ix->shp)) {
        pm_source_index_close(ix);
        return NULL;
    }
    return ix;
}

/* A Shapefile planmap's reader takes, in an index of its own. */
static pm_source_index *shapefile_index(const char *path, const pm_load_options *opts)
{
    pm_source_index *ix = calloc(1, sizeof *ix);
    if (ix)
        ix->fd = -1;
    if (!ix || !(ix->path = pm_strdup(path)) || !(ix->shp = pm_shp_index_open(path, opts)))
        return pm_source_index_close(ix), NULL;
    return ix;
}

pm_source_index *pm_source_index_open(const char *path, const pm_load_options *opts)
{
    if (path && pm_has_ext(path, ".shp"))
        return shapefile_index(path, opts);
    if (!reader_takes(opts))
        return NULL;
    pm_gj_text t;
    int fd = open_file(path, opts, &t);
    pm_source_index *ix = fd >= 0 ? index_make(path, &t, opts ? opts->layer_name : NULL, 1) : NULL;
    if (ix) {
        ix->fd = fd;
        pm_inputs_add_source(path);
    } else if (fd >= 0) {
        close(fd);
    }
    return ix;
}
