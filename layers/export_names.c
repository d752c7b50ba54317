/* GeoPackage table names for the layers of an export (see export_internal.h).
 *
 * SQLite compares table names without regard to ASCII case, so `zones` and
 * `ZONES` (or `Areas.geojson` and `areas.geojson`) are one table: names are
 * made unique after folding ASCII case. The GeoPackage reserves the `gpkg_`
 * prefix, SQLite `sqlite_`, the GPKG driver names spatial indexes
 * `rtree_<table>_<column>`, and `layer_styles` is the style table: such
 * names get a `layer_` prefix. Control characters, quotes, backslashes and
 * bytes that are not UTF-8 become `_`, and names are kept to
 * PM_TABLE_NAME_MAX bytes (the middle is cut, at a character boundary). */
#include "export_internal.h"
#include "pm_keymap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a map from folded names to counters ---------------------------------- */

/* What a name map (a pm_keymap that folds ASCII case) holds for a name. */
typedef struct name_count {
    int first;           /* index of the first name with this key */
    int count;
    int mixed;           /* names from different folders share it */
    int next;            /* next number to try as a suffix */
} name_count;

static pm_keymap name_map_make(void)
{
    return pm_keymap_make(sizeof(name_count), 1);
}

/* The counter of a name the map holds. */
static name_count *map_find(const pm_keymap *m, const char *key)
{
    return pm_keymap_find(m, key);
}

/* The counter of `key` (case-insensitive), made when missing; NULL: no memory. */
static name_count *map_get(pm_keymap *m, const char *key, int index)
{
    int added = 0;
    name_count *c = pm_keymap_get(m, key, &added);
    if (c && added)
        *c = (name_count){index, 0, 0, 2};
    return c;
}

/* ---- one name ----------------------------------------------------------- */

/* Length of the UTF-8 sequence at p, or 0 when it is not one. */
static int utf8_len(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
          : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))
        return 0;   /* overlong, surrogate, beyond U+10FFFF */
    return n;
}

static int reserved(const char *s)
{
    return strncasecmp(s, "gpkg", 4) == 0 || strncasecmp(s, "sqlite_", 7) == 0 ||
           strncasecmp(s, "rtree_", 6) == 0 || strcasecmp(s, "layer_styles") == 0;
}

/* Start of the character at or after p (never past end). */
static const char *char_start(const char *p, const char *end)
{
    while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
        p++;
    return p;
}

/* `s` cut to at most `max` bytes by dropping its middle: "head_tail". */
static void cut_middle(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return;
    size_t head = pm_utf8_prefix(s, max / 3);
    const char *tail = char_start(s + n - (max - head - 1), s + n);
    s[head] = '_';
    memmove(s + head + 1, tail, strlen(tail) + 1);
}

/* A table name GeoPackage, SQLite and GDAL take for `name`. Malloc'd. */
char *pm_table_name_clean(const char *name)
{
    size_t n = strlen(name);
    const char *prefix = !*name ? "layer" : reserved(name) ? "layer_" : "";
    char *out = malloc(strlen(prefix) + n + 1);
    if (!out)
        return NULL;
    char *o = out + strlen(prefix);
    memcpy(out, prefix, strlen(prefix));
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        int k = utf8_len(p);
        int bad = k == 0 || *p < 0x20 || *p == 0x7F || *p == '"' || *p == '\'' || *p == '`' ||
                  *p == '\\';
        if (bad) {
            *o++ = '_';
            p++;
        } else {
            memcpy(o, p, (size_t)k);
            o += k;
            p += k;
        }
    }
    *o = '\0';
    cut_middle(out, PM_TABLE_NAME_MAX);
    return out;
}

/* ---- unique names ------------------------------------------------------- */

/* `base` with "_k", cut to fit PM_TABLE_NAME_MAX. Malloc'd. */
static char *numbered(const char *base, int k)
{
    char suffix[16];
    int sl = snprintf(suffix, sizeof suffix, "_%d", k);
    size_t n = strlen(base);
    size_t keep = pm_utf8_prefix(base, n + (size_t)sl > PM_TABLE_NAME_MAX ? PM_TABLE_NAME_MAX - (size_t)sl : n);
    char *s = malloc(keep + (size_t)sl + 1);
    if (s) {
        memcpy(s, base, keep);
        memcpy(s + keep, suffix, (size_t)sl + 1);
    }
    return s;
}

/* names[i] is taken: it becomes the first free "<name>_k" (the name
 * remembers where to go on, so n equal names cost n tries, not n^2). */
static int take_numbered(pm_keymap *m, char **name, int i)
{
    for (int k = map_find(m, *name)->next;; k++) {
        char *cand = numbered(*name, k);
        name_count *c = cand ? map_get(m, cand, i) : NULL;
        if (!c) {
            free(cand);
            return -1;
        }
        if (c->count++ == 0) {
            map_find(m, *name)->next = k + 1;   /* map_get may have moved it */
            free(*name);
            *name = cand;
            return 0;
        }
        free(cand);
    }
}

int pm_table_names_unique(char **names, int n)
{
    pm_keymap m = name_map_make();
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        name_count *s = map_get(&m, names[i], i);
        if (!s)
            rc = -1;
        else if (s->count++ > 0)
            rc = take_numbered(&m, &names[i], i);
    }
    pm_keymap_free(&m, NULL);
    return rc;
}

/* ---- names for the files of a folder ------------------------------------ */

/* File i of a folder export: root, its folders and its stem. */
typedef struct file_name {
    char **parts;        /* root name, folders, stem */
    int n_parts;
    int level;           /* folders in the name (1: the parent) */
    char *dir;           /* root and folders, for telling folders apart */
} file_name;

static int split_rel(file_name *f, const char *root, const char *rel)
{
    int n = 2;
    for (const char *p = rel; *p; p++)
        n += *p == '/';
    f->parts = calloc((size_t)n, sizeof *f->parts);
    f->dir = malloc(strlen(root) + strlen(rel) + 2);
    if (!f->parts || !f->dir || !(f->parts[0] = strdup(root)))
        return -1;
    f->n_parts = 1;
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (!slash) {   /* the file: its stem */
            size_t dot = len;
            while (dot > 0 && p[dot] != '.')
                dot--;
            len = dot > 0 ? dot : len;
        }
        if (!(f->parts[f->n_parts] = strndup(p, len)))
            return -1;
        f->n_parts++;
        p = slash ? slash + 1 : p + strlen(p);
    }
    const char *last = strrchr(rel, '/');
    sprintf(f->dir, "%s/%.*s", root, last ? (int)(last - rel) : 0, rel);
    f->level = 1;
    return 0;
}

/* "<folders>_<stem>" with f->level folders, cleaned. Malloc'd. */
static char *candidate(const file_name *f)
{
    int from = f->n_parts - 1 - f->level;
    size_t len = 0;
    for (int i = from; i < f->n_parts; i++)
        len += strlen(f->parts[i]) + 1;
    char *joined = malloc(len), *o = joined;
    for (int i = from; joined && i < f->n_parts; i++)
        o += sprintf(o, i > from ? "_%s" : "%s", f->parts[i]);
    char *clean = joined ? pm_table_name_clean(joined) : NULL;
    free(joined);
    return clean;
}

/* One round: names shared by files of different folders take one more
 * folder each (while they have one). Returns 1 when a name grew, 0 when
 * none did, -1 when out of memory. */
static int widen(file_name *f, int n)
{
    pm_keymap m = name_map_make();
    char **cand = calloc((size_t)n + 1, sizeof *cand);
    int rc = cand ? 0 : -1;
    for (int i = 0; rc == 0 && i < n; i++) {
        name_count *s = (cand[i] = candidate(&f[i])) ? map_get(&m, cand[i], i) : NULL;
        if (!s)
            rc = -1;
        else if (s->count++ > 0 && strcasecmp(f[s->first].dir, f[i].dir) != 0)
            s->mixed = 1;
    }
    for (int i = 0; rc >= 0 && i < n; i++)
        if (map_find(&m, cand[i])->mixed && f[i].level < f[i].n_parts - 1) {
            f[i].level++;
            rc = 1;
        }
    pm_strv_free(cand, n);
    pm_keymap_free(&m, NULL);
    return rc;
}

char **pm_table_names_for_files(const char *root, char *const *rel, int n)
{
    file_name *f = calloc((size_t)n + 1, sizeof *f);
    char **names = calloc((size_t)n + 1, sizeof *names);
    int rc = f && names ? 0 : -1;
    for (int i = 0; rc == 0 && i < n; i++)
        rc = split_rel(&f[i], root, rel[i]);
    while (rc == 0 && (rc = widen(f, n)) == 1)
        rc = 0;
    for (int i = 0; rc == 0 && i < n; i++)
        if (!(names[i] = candidate(&f[i])))
            rc = -1;
    if (rc == 0)
        rc = pm_table_names_unique(names, n);
    for (int i = 0; f && i < n; i++) {
        pm_strv_free(f[i].parts, f[i].n_parts);
        free(f[i].dir);
    }
    free(f);
    if (rc != 0) {
        pm_strv_free(names, n);
        return NULL;
    }
    return names;
}
