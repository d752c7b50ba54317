/* `planmap place DIR --gazetteer PLACES`: the unplaced features of a draft
 * plan folder (planmap extract) given the geometry of a gazetteer's feature
 * of the same name, or a point on the place their name or `place` names.
 *
 * A name (or an alias) equal to a gazetteer name, after blanks, quotes and
 * full-width forms are folded, takes that feature's geometry (confidence
 * high). Else a project's `place`, or the longest gazetteer name of two or
 * more Han characters its name holds (青石镇卫生院 → 青石镇), puts it on that
 * place as a point: approximate, medium confidence. Nothing else is placed:
 * a feature no gazetteer names stays unplaced, and so does one whose place is
 * a region (a province, a long river): a point on it would be no position. */
#include "pm_extract.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"
#include "pm_file.h"
#include "pm_json.h"
#include "pm_source.h"
#include "pm_strings.h"
#include "pm_write.h"

#define MAX_LAYER_BYTES (256u << 20)
/* The widest place a feature is put on by its place word (the diagonal of
 * its box): a town, a district, a park; wider is a region, where a point
 * could be tens of kilometres from the project. */
#define MAX_PLACE_KM 30.0
/* How far the gazetteer's features that hold a place's name may lie from
 * it, by their median, for the name to be a place's and not a region's:
 * 青石实验室, 青石组团 … lie in 青石; the …高新区, …新区, …机场 holding a
 * city's name are tens of kilometres from its marker. */
#define MAX_HOLDER_KM 5.0

typedef struct gz_entry {
    char *key;                  /* the name, folded */
    const char *name;           /* as the gazetteer gives it */
    const pm_feature *f;
    const char *source;         /* the gazetteer as given */
    int region;                 /* wider than MAX_PLACE_KM, or its name spread
                                   farther (-1: not known yet): by name only */
} gz_entry;

typedef struct gazetteer {
    pm_layer **layers;
    int n_layers, cap_layers;
    gz_entry *e;
    int n, cap;
} gazetteer;

/* A name folded for comparing: no blanks or quotes, full-width ASCII forms
 * as ASCII (３号线 = 3号线). New string. */
static char *fold(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp;
        int len = *p < 0x80 ? 1 : pm_utf8_length(p, &cp);
        if (len == 1 && *p >= 0x80)
            len = 0;
        if (!len) {                                   /* a stray byte: kept */
            *o++ = (char)*p++;
            continue;
        }
        cp = len == 1 ? *p : cp;
        if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == '"' || cp == '\'' ||
            cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) {
            p += len;
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) {           /* full-width ASCII */
            *o++ = (char)(cp - 0xFF01 + 0x21);
            p += len;
            continue;
        }
        memcpy(o, p, (size_t)len);
        o += len;
        p += len;
    }
    *o = '\0';
    return out;
}

static size_t han_count(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp;
        int len = *p < 0x80 ? 0 : pm_utf8_length(p, &cp);
        n += len && pm_utf8_is_han(cp);
        p += len ? len : 1;
    }
    return n;
}

/* The diagonal of a lon/lat box in km (a local equirectangular plane). */
static double box_km(const double *b)
{
    double k = cos((b[1] + b[3]) * 0.5 * M_PI / 180);
    return hypot((b[2] - b[0]) * 111.32 * k, (b[3] - b[1]) * 110.57);
}

static void gazetteer_free(gazetteer *g)
{
    for (int i = 0; i < g->n; i++)
        free(g->e[i].key);
    for (int i = 0; i < g->n_layers; i++)
        pm_layer_destroy(g->layers[i]);
    PM_FREE_ALL(g->e, g->layers);
    memset(g, 0, sizeof *g);
}

/* Every named feature with a geometry, of every layer of `path`. */
static pm_status gazetteer_add(gazetteer *g, const char *path, const pm_context *context,
                               pm_error *err)
{
    char **names = NULL;
    int n_names = pm_source_layer_names(path, &names, err);
    if (n_names < 0)
        return err->status;
    static const char *const fields[] = {"name"};
    pm_status st = PM_OK;
    for (int i = 0; i < n_names && st == PM_OK; i++) {
        pm_load_options o = {.layer_name = names[i], .fields = fields, .n_fields = 1,
                             .context = context};
        pm_layer *l = pm_layer_load(path, &o, err);
        if (!l || pm_array_grow(&g->layers, g->n_layers, &g->cap_layers, sizeof *g->layers, 4)) {
            if (l)
                pm_layer_destroy(l);
            st = l ? pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path) : err->status;
            break;
        }
        g->layers[g->n_layers++] = l;
        for (int k = 0; k < l->n_features; k++) {
            const pm_feature *f = &l->features[k];
            const char *name = pm_feature_value(l, f, "name");
            if (!name || !*name || f->kind == PM_GEOM_NONE)
                continue;
            if (pm_array_grow(&g->e, g->n, &g->cap, sizeof *g->e, 256)) {
                st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            g->e[g->n] = (gz_entry){fold(name), name, f, path, box_km(f->bbox) > MAX_PLACE_KM ? 1 : -1};
            if (g->e[g->n].key)
                g->n++;
        }
    }
    pm_strv_free(names, n_names);
    return st;
}

static gz_entry *find_exact(const gazetteer *g, const char *name)
{
    char *key = fold(name);
    gz_entry *hit = NULL;
    for (int i = 0; key && i < g->n && !hit; i++)
        if (!strcmp(g->e[i].key, key))
            hit = &g->e[i];
    free(key);
    return hit;
}

static int alnum(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* 1 if `key` holds `part` without cutting a number or a Latin word in two
 * (17号线 does not hold 7号线). */
static int holds(const char *key, const char *part)
{
    size_t n = strlen(part);
    for (const char *at = strstr(key, part); at; at = strstr(at + 1, part))
        if (!(at > key && alnum(at[-1]) && alnum(at[0])) && !(alnum(at[n - 1]) && alnum(at[n])))
            return 1;
    return 0;
}

/* km from the nearest vertex of f to the box b (0 inside it). */
static double km_to_box(const pm_feature *f, const double *b)
{
    int n = 0;
    for (int i = 0; i < f->n_parts; i++)
        n += f->part_len[i];
    double best = HUGE_VAL;
    for (int i = 0; i < n; i++) {
        double x = f->xy[2 * i], y = f->xy[2 * i + 1];
        double dx = x < b[0] ? b[0] - x : x > b[2] ? x - b[2] : 0;
        double dy = y < b[1] ? b[1] - y : y > b[3] ? y - b[3] : 0;
        best = fmin(best, hypot(dx * 111.32 * cos(y * M_PI / 180), dy * 110.57));
    }
    return best;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Is e a region by its name? The gazetteer's other features whose names
 * hold it (…高新区 holding a city's name) lie, by their median, farther than
 * MAX_HOLDER_KM from it: the name is a city's or a district's, whatever the
 * size of the feature that bears it (a city's marker is a point). Worked
 * out once, when a name first holds e. */
static int region(const gazetteer *g, gz_entry *e)
{
    if (e->region >= 0)
        return e->region;
    double *km = malloc(sizeof *km * (size_t)g->n);
    int n = 0;
    for (int i = 0; km && i < g->n; i++)
        if (strcmp(g->e[i].key, e->key) && holds(g->e[i].key, e->key))
            km[n++] = km_to_box(g->e[i].f, e->f->bbox);
    if (km)
        qsort(km, (size_t)n, sizeof *km, by_value);
    e->region = km && n && km[n / 2] > MAX_HOLDER_KM;     /* more than half are far */
    free(km);
    return e->region;
}

/* The longest gazetteer place of 2+ Han characters that `name` holds; of
 * places as long, the smallest (澜江白沙段: the town, not the river). */
static const gz_entry *find_within(const gazetteer *g, const char *name)
{
    char *key = fold(name);
    gz_entry *hit = NULL;
    for (int i = 0; key && i < g->n; i++) {
        gz_entry *e = &g->e[i];
        size_t len = strlen(e->key), best = hit ? strlen(hit->key) : 0;
        if (e->region == 1 || len >= strlen(key) || len < best || han_count(e->key) < 2 ||
            !holds(key, e->key) ||
            (hit && len == best && box_km(e->f->bbox) >= box_km(hit->f->bbox)) ||
            region(g, e))
            continue;
        hit = e;
    }
    free(key);
    return hit;
}

/* ---- geometry as GeoJSON ---------------------------------------------- */

static void coords(pm_sbuf *b, const double *xy, int n, int reverse)
{
    pm_sbuf_add(b, "[");
    for (int i = 0; i < n; i++) {
        int k = reverse ? n - 1 - i : i;
        pm_sbuf_addf(b, "%s[%.6f, %.6f]", i ? ", " : "", xy[2 * k], xy[2 * k + 1]);
    }
    pm_sbuf_add(b, "]");
}

static double ring_area(const double *xy, int n)
{
    double a = 0;
    for (int i = 0; i + 1 < n; i++)
        a += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    return a / 2;
}

/* RFC 7946: exterior rings counter-clockwise, holes clockwise. */
static void polygons(pm_sbuf *b, const pm_feature *f)
{
    int n_poly = f->n_parts ? f->part_poly[f->n_parts - 1] + 1 : 0;
    pm_sbuf_add(b, n_poly > 1 ? "{\"type\": \"MultiPolygon\", \"coordinates\": [" :
                                "{\"type\": \"Polygon\", \"coordinates\": ");
    const double *xy = f->xy;
    for (int p = 0, r = 0; p < n_poly; p++) {
        pm_sbuf_add(b, p ? ", [" : "[");
        for (int first = 1; r < f->n_parts && f->part_poly[r] == p; r++, first = 0) {
            double a = ring_area(xy, f->part_len[r]);
            pm_sbuf_add(b, first ? "" : ", ");
            coords(b, xy, f->part_len[r], first ? a < 0 : a > 0);
            xy += 2 * f->part_len[r];
        }
        pm_sbuf_add(b, "]");
    }
    pm_sbuf_add(b, n_poly > 1 ? "]}" : "}");
}

static void geometry(pm_sbuf *b, const pm_feature *f, int point_only)
{
    if (point_only || (f->kind == PM_GEOM_POINT && f->n_parts == 1)) {
        pm_sbuf_addf(b, "{\"type\": \"Point\", \"coordinates\": [%.6f, %.6f]}",
                     point_only ? f->anchor[0] : f->xy[0], point_only ? f->anchor[1] : f->xy[1]);
        return;
    }
    if (f->kind == PM_GEOM_POLYGON) {
        polygons(b, f);
        return;
    }
    int multi = f->n_parts > 1;
    const char *type = f->kind == PM_GEOM_POINT ? "MultiPoint" : multi ? "MultiLineString"
                                                                      : "LineString";
    pm_sbuf_addf(b, "{\"type\": \"%s\", \"coordinates\": ", type);
    if (f->kind == PM_GEOM_POINT) {
        coords(b, f->xy, f->n_parts, 0);
    } else {
        const double *xy = f->xy;
        pm_sbuf_add(b, multi ? "[" : "");
        for (int i = 0; i < f->n_parts; xy += 2 * f->part_len[i++]) {
            pm_sbuf_add(b, i ? ", " : "");
            coords(b, xy, f->part_len[i], 0);
        }
        pm_sbuf_add(b, multi ? "]" : "");
    }
    pm_sbuf_add(b, "}");
}

/* ---- one draft layer -------------------------------------------------- */

static const char *str_prop(json_object *props, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(props, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static void set_str(json_object *props, const char *key, const char *value)
{
    json_object_object_add(props, key, json_object_new_string(value));
}

typedef struct place_run {
    const gazetteer *g;
    const pm_place_options *opts;
    pm_place_summary *sum;
    int nomem;
} place_run;

/* How a feature is found: its name or an alias exactly, else its place,
 * else a place its name holds; *why words which one, for the report. */
static const gz_entry *match(const place_run *r, json_object *props, int *exact, const char **why)
{
    const char *name = str_prop(props, "name");
    const gz_entry *e = name ? find_exact(r->g, name) : NULL;
    json_object *aliases;
    *exact = 1;
    *why = "its name";
    if (!e && json_object_object_get_ex(props, "aliases", &aliases) &&
        json_object_is_type(aliases, json_type_array))
        for (size_t i = 0; !e && i < json_object_array_length(aliases); i++) {
            const char *a = json_object_get_string(json_object_array_get_idx(aliases, i));
            if (a && (e = find_exact(r->g, a)))
                *why = "an alias";
        }
    if (e)
        return e;
    *exact = 0;
    *why = "its place";
    const char *place = str_prop(props, "place");
    gz_entry *at = place ? find_exact(r->g, place) : NULL;
    if (at && !region(r->g, at))
        return at;
    /* a structure phrase (一心一轴、两屏四廊) is many places, none of them its own */
    const char *structure = str_prop(props, "structure");
    if (name && structure && !strcmp(structure, name))
        return NULL;
    *why = "a place its name holds";
    return name ? find_within(r->g, name) : NULL;
}

static void place_feature(place_run *r, json_object *feat, const char *file)
{
    json_object *props, *geom;
    if (!json_object_object_get_ex(feat, "properties", &props) ||
        (json_object_object_get_ex(feat, "geometry", &geom) && geom))
        return;                                   /* placed already */
    r->sum->features++;
    int exact;
    const char *why;
    const gz_entry *e = match(r, props, &exact, &why);
    const char *name = str_prop(props, "name");
    if (!e) {
        r->sum->unplaced++;
        return;
    }
    pm_sbuf b = {0};
    geometry(&b, e->f, !exact);
    json_object *g = b.s ? json_tokener_parse(b.s) : NULL;
    free(b.s);
    if (!g) {
        r->nomem = 1;
        return;
    }
    json_object_object_add(feat, "geometry", g);
    set_str(props, "precision", "approximate");
    set_str(props, "confidence", exact ? "high" : "medium");
    char note[1024];
    const char *src = strrchr(e->source, '/') ? strrchr(e->source, '/') + 1 : e->source;
    if (exact)
        snprintf(note, sizeof note, "Placed by planmap place: the gazetteer %s names '%s'; "
                                    "its geometry is taken.", src, e->name);
    else
        snprintf(note, sizeof note, "Placed by planmap place on '%s' of the gazetteer %s, the "
                                    "place its name or place word names: approximate.",
                 e->name, src);
    set_str(props, "note", note);
    *(exact ? &r->sum->exact : &r->sum->approximate) += 1;
    if (r->opts && r->opts->report) {
        snprintf(note, sizeof note, "%s: %s: %s '%s' of %s, by %s", file, name ? name : "?",
                 exact ? "the geometry of" : "a point on", e->name, src, why);
        r->opts->report(r->opts->user, note);
    }
}

/* A draft layer as a JSON document: NULL with PM_OK when the draft has no
 * such layer. Read, not noted as an input: it is the file place updates
 * (a gazetteer that is one of them is still refused by pm_write_file). */
static json_object *read_draft(const char *path, pm_status *st, pm_error *err)
{
    pm_error why = {0};
    FILE *f = pm_fopen_input(path, &why);
    *st = PM_OK;
    if (!f && errno == ENOENT)
        return NULL;                              /* a layer the draft does not have */
    size_t len = 0;
    char *text = f ? pm_read_stream(f, path, MAX_LAYER_BYTES, "draft layer", &len, &why) : NULL;
    if (f)
        fclose(f);
    if (!text) {
        *err = why;
        *st = why.status;
        return NULL;
    }
    pm_json_reader jr = {.file = path, .err = err};
    json_object *doc = pm_json_parse(&jr, text, len);
    free(text);
    json_object *features;
    if (!doc || !json_object_object_get_ex(doc, "features", &features) ||
        !json_object_is_type(features, json_type_array)) {
        json_object_put(doc);
        *st = jr.status != PM_OK ? jr.status
                                 : pm_error_set(err, PM_ERR_DATA, "%s: not a FeatureCollection",
                                                path);
        return NULL;
    }
    return doc;
}

/* The layer again: the same features in the same order, one a line. */
static pm_status write_draft(const char *path, json_object *doc, int nomem, pm_error *err)
{
    json_object *features, *name;
    json_object_object_get_ex(doc, "features", &features);
    size_t n = json_object_array_length(features);
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "{\"type\": \"FeatureCollection\", \"name\": ");
    pm_sbuf_json(&b, json_object_object_get_ex(doc, "name", &name) ? json_object_get_string(name)
                                                                 : "layer");
    pm_sbuf_add(&b, ", \"features\": [");
    for (size_t i = 0; i < n; i++) {
        pm_sbuf_add(&b, i ? ",\n" : "\n");
        pm_sbuf_add(&b, json_object_to_json_string_ext(json_object_array_get_idx(features, i),
                                                       JSON_C_TO_STRING_SPACED |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE));
    }
    pm_sbuf_add(&b, "\n]}\n");
    pm_status st = b.nomem || nomem ? pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path)
                                    : pm_write_file(path, b.s, b.len, NULL, err);
    free(b.s);
    return st;
}

/* One draft layer: its unplaced features placed, and the layer written
 * back when any was (a layer with nothing placed is left as it is). */
static pm_status place_layer(place_run *r, const char *dir, const char *file, pm_error *err)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path)
        return pm_error_set(err, PM_ERR_IO, "%s: path too long", dir);
    pm_status st;
    json_object *doc = read_draft(path, &st, err), *features;
    if (!doc)
        return st;
    json_object_object_get_ex(doc, "features", &features);
    int before = r->sum->exact + r->sum->approximate;
    size_t n = json_object_array_length(features);
    for (size_t i = 0; i < n; i++)
        place_feature(r, json_object_array_get_idx(features, i), file);
    if (r->sum->exact + r->sum->approximate > before || r->nomem)
        st = write_draft(path, doc, r->nomem, err);
    json_object_put(doc);
    return st;
}

pm_status pm_place_plan(const char *dir, const char *const *gazetteers, int n_gazetteers,
                        const pm_place_options *opts, pm_place_summary *sum, pm_error *err)
{
    static const char *const layers[] = {"areas.geojson", "lines.geojson", "points.geojson",
                                         "projects.geojson"};
    gazetteer g = {0};
    pm_place_summary local = {0};
    place_run r = {&g, opts, sum ? sum : &local, 0};
    memset(r.sum, 0, sizeof *r.sum);
    pm_status st = PM_OK;
    for (int i = 0; i < n_gazetteers && st == PM_OK; i++)
        st = gazetteer_add(&g, gazetteers[i], opts ? opts->context : NULL, err);
    /* all layers or none: a failure leaves the draft as it was */
    pm_write_group group = {0};
    pm_write_hold(&group);
    for (size_t i = 0; i < sizeof layers / sizeof layers[0] && st == PM_OK; i++)
        st = place_layer(&r, dir, layers[i], err);
    st = pm_write_release(&group, st, err);
    gazetteer_free(&g);
    return st;
}
