/* The fields of a GeoJSON file as GDAL's driver would make them
 * (geojson_schema.h): every feature's properties scanned once, before any
 * feature is read, since GDAL types a field by all its values. */
#include "geojson_schema.h"

#include <math.h>
#include <ogr_core.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"
#include "pm_source.h"
#include "pm_strings.h"

/* What the values of one property are across the file. */
enum { SEEN_BOOL = 1, SEEN_INT = 2, SEEN_INT64 = 4, SEEN_REAL = 8, SEEN_STRING = 16 };

static int schema_grow(pm_gj_schema *sc)
{
    if (sc->n < sc->cap)
        return 0;
    int cap = sc->cap ? 2 * sc->cap : 16;
    char **names = realloc(sc->names, sizeof *names * (size_t)cap);
    if (names)
        sc->names = names;
    unsigned *seen = realloc(sc->seen, sizeof *seen * (size_t)cap);
    if (seen)
        sc->seen = seen;
    unsigned char *cov = realloc(sc->covered, (size_t)cap);
    if (cov)
        sc->covered = cov;
    if (!names || !seen || !cov)
        return -1;
    sc->cap = cap;
    return 0;
}

void pm_gj_schema_free(pm_gj_schema *sc)
{
    pm_keymap_free(&sc->keys, NULL);
    pm_strv_free(sc->names, sc->n);
    PM_FREE_ALL(sc->seen, sc->covered, sc->type);
}

/* A string GDAL's driver would read as a date, a time or both (OGRParseDate
 * and its kin): any that starts like a number and holds a separator. Some
 * that are not dates are declined with them. */
static int maybe_date(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    if (i == len || !((s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '+'))
        return 0;
    return memchr(s + i + 1, '-', len - i - 1) || memchr(s + i, ':', len - i) ||
           memchr(s + i, '/', len - i);
}

static unsigned seen_of(const pm_gj_value *v)
{
    switch (v->type) {
    case PM_GJV_NULL: return 0;
    case PM_GJV_BOOL: return SEEN_BOOL;
    case PM_GJV_INT: return v->i >= -2147483647 - 1 && v->i <= 2147483647 ? SEEN_INT : SEEN_INT64;
    case PM_GJV_REAL: return v->d == 0 && signbit(v->d) ? ~0u : SEEN_REAL;
    case PM_GJV_STRING:
        return memchr(v->s, '\0', v->len) || maybe_date(v->s, v->len) ? ~0u : SEEN_STRING;
    default: return ~0u;   /* lists and objects: GDAL's own types */
    }
}

/* One feature's properties into the schema. Its keys must come in the
 * order of the fields so far (new ones after them), each once, with no
 * other property of the same name in another case: then GDAL's order of
 * fields is that order. -1: declined. */
static int scan_properties(pm_gj_schema *sc, const pm_gj_value *p, int n)
{
    int prev = -1;
    for (int k = 0; k < n; k++) {
        if (strlen(p[k].key) != p[k].key_len || p[k].key_len == 0)
            return -1;
        int added = 0;
        int *pos = pm_keymap_get(&sc->keys, p[k].key, &added);
        if (!pos || (added && schema_grow(sc) != 0))
            return -1;
        if (added) {
            *pos = sc->n;
            if (!(sc->names[sc->n] = strdup(p[k].key)))
                return -1;
            sc->seen[sc->n] = 0;
            sc->covered[sc->n++] = 0;
        } else if (strcmp(sc->names[*pos], p[k].key) != 0) {
            return -1;   /* "Name" and "name": one field to GDAL */
        }
        if (*pos <= prev)
            return -1;
        if (*pos == prev + 1 && prev >= 0)
            sc->covered[prev] = 1;
        prev = *pos;
        unsigned s = seen_of(&p[k]);
        if (s == ~0u)
            return -1;
        sc->seen[*pos] |= s;
    }
    return 0;
}

static int compare_ids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* The integer "id" property of a feature, if it has one. */
static int property_id(const pm_gj_value *p, int n, long long *id)
{
    for (int k = 0; k < n; k++)
        if (strcmp(p[k].key, "id") == 0 && p[k].type == PM_GJV_INT) {
            *id = p[k].i;
            return 1;
        }
    return 0;
}

/* Ids: none at all (FIDs count from 0, or are an integer "id" property
 * that every feature has), or an integer id on every feature and no "id"
 * property (the FIDs are then the ids); either way none negative and no
 * two alike. -1: declined. */
static int check_ids(pm_gj_schema *sc, long long *ids, size_t n, size_t with_pid)
{
    const int *pos = pm_keymap_find(&sc->keys, "id");
    sc->id_field = -1;
    if (sc->ids && pos)
        return -1;
    if (!sc->ids && pos && (sc->seen[*pos] & (SEEN_INT | SEEN_INT64))) {
        if (with_pid != n || strcmp(sc->names[*pos], "id") != 0)
            return -1;   /* GDAL's choice for some, not others */
        sc->id_field = *pos;
    }
    if (!sc->ids && sc->id_field < 0)
        return 0;
    qsort(ids, n, sizeof *ids, compare_ids);
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0 || (i > 0 && ids[i] == ids[i - 1]))
            return -1;
    return 0;
}

/* A field's type from what its values were. -1: a mix GDAL reads its own
 * way (strings with numbers, booleans with numbers). */
static int resolve_type(unsigned seen)
{
    if (!seen)
        return PM_GJ_NULL;
    if (seen == SEEN_STRING)
        return PM_GJ_STRING;
    if (seen == SEEN_BOOL)
        return PM_GJ_BOOL;
    if (seen & (SEEN_STRING | SEEN_BOOL))
        return -1;
    return seen & SEEN_REAL ? PM_GJ_REAL : PM_GJ_INT;
}

static int grow_ids(long long **ids, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = need > 2 * *cap ? need : 2 * *cap;
    long long *grown = realloc(*ids, sizeof **ids * c);
    if (!grown)
        return -1;
    *ids = grown;
    *cap = c;
    return 0;
}

/* Feature i of the chunk, feature `nth` of the file, into `facts`. 0, or
 * -1 out of memory. */
static int add_facts(const pm_gj_doc *doc, size_t i, size_t nth, pm_gj_geom *gm, pm_gj_facts *facts)
{
    int st = pm_gj_geometry(doc, i, gm);
    if (st == -2)
        return -1;
    if (st < 0 || gm->z || gm->type == PM_GJT_COLLECTION ||
        (gm->type != PM_GJT_NONE && gm->n_points == 0))
        facts->odd = 1;
    if (st == 0 && facts->count[gm->type]++ == 0)
        facts->first[gm->type] = (long long)nth;
    if (st == 0 && gm->n_points > 0) {
        double e[4];
        pm_points_extent(gm->xy, (size_t)gm->n_points, e);
        pm_extent_union(facts->extent, e);
    }
    return 0;
}

/* Every feature's properties and id, chunk by chunk, before any is read:
 * GDAL types a field by all its values. */
int pm_gj_scan(pm_gj_schema *sc, const pm_gj_text *t, const pm_gj_split *s, size_t **first,
               pm_gj_facts *facts)
{
    pm_gj_geom gm = {0};
    sc->keys = pm_keymap_make(sizeof(int), 1);
    size_t cap = 0, n = 0, n_ids = 0, with_pid = 0, bcap = 0, blen = 0;
    pm_gj_value *props = NULL;
    long long *ids = NULL;
    char *buf = NULL, why[128];
    pm_gj_doc *doc = pm_gj_new();
    size_t *fs = *first = malloc(sizeof *fs * (s->n + 1));
    int ok = doc && fs;
    for (size_t c = 0; ok && c < s->n; c++) {
        fs[c] = n;
        ok = pm_gj_chunk(t, s, c, &buf, &bcap, &blen) == 0 &&
             pm_gj_features(doc, buf, blen, why) == PM_GJ_OK;
        size_t m = ok ? pm_gj_count(doc) : 0;
        ok = ok && grow_ids(&ids, &n_ids, n + m) == 0;
        for (size_t i = 0; ok && i < m; i++, n++) {
            int kind = 0;
            int np = pm_gj_properties(doc, i, &props, &cap, &kind, &ids[n]);
            if (n == 0)
                sc->ids = kind == 1;
            ok = np >= 0 && kind == (sc->ids ? 1 : 0) && scan_properties(sc, props, np) == 0;
            if (ok && !sc->ids && property_id(props, np, &ids[with_pid]))
                with_pid++;
            if (ok && facts)
                ok = add_facts(doc, i, n, &gm, facts) == 0;
        }
    }
    if (ok)
        fs[s->n] = n;
    ok = ok && check_ids(sc, ids, n, with_pid) == 0;
    free(props);
    free(ids);
    free(buf);
    pm_gj_geom_free(&gm);
    pm_gj_close(doc);
    for (int k = 0; ok && k + 1 < sc->n; k++)
        ok = sc->covered[k];   /* else GDAL's order of the two is its own pick */
    sc->type = ok ? malloc((size_t)(sc->n ? sc->n : 1)) : NULL;
    for (int k = 0; sc->type && k < sc->n; k++) {
        int ty = resolve_type(sc->seen[k]);
        if (ty < 0)
            return -1;
        sc->type[k] = (unsigned char)ty;
    }
    return sc->type ? 0 : -1;
}

void pm_gj_field_type(const pm_gj_schema *sc, int k, int *type, int *subtype, int *width)
{
    *subtype = OFSTNone;
    *width = 0;
    switch (sc->type[k]) {
    case PM_GJ_BOOL: *type = OFTInteger, *subtype = OFSTBoolean, *width = 1; break;
    case PM_GJ_INT: *type = sc->seen[k] & SEEN_INT64 ? OFTInteger64 : OFTInteger; break;
    case PM_GJ_REAL: *type = OFTReal; break;
    default: *type = OFTString;   /* strings, or only nulls */
    }
}
