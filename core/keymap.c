/* The one string-keyed hash table (pm_keymap.h). */
#include "pm_keymap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIRST_CAP 64

pm_keymap pm_keymap_make(size_t value_size, int fold_ascii)
{
    return (pm_keymap){NULL, NULL, value_size, 0, 0, fold_ascii};
}

/* FNV-1a, over the ASCII-folded bytes when the map folds case. */
static size_t hash(const pm_keymap *m, const char *key)
{
    uint64_t h = 1469598103934665603ull;
    for (; *key; key++) {
        unsigned char c = (unsigned char)*key;
        if (m->fold_ascii && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 1099511628211ull;
    }
    return (size_t)h;
}

/* The slot holding `key`, or the free slot where it goes (cap > 0). */
static size_t slot(const pm_keymap *m, const char *key)
{
    size_t i = hash(m, key) & (m->cap - 1);
    while (m->keys[i] &&
           (m->fold_ascii ? strcasecmp(m->keys[i], key) : strcmp(m->keys[i], key)) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void *value_at(const pm_keymap *m, size_t i)
{
    return m->values + i * m->value_size;
}

static int grow(pm_keymap *m)
{
    pm_keymap g = *m;
    g.cap = m->cap ? 2 * m->cap : FIRST_CAP;
    g.keys = calloc(g.cap, sizeof *g.keys);
    g.values = calloc(g.cap, m->value_size ? m->value_size : 1);
    if (!g.keys || !g.values) {
        free(g.keys);
        free(g.values);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot(&g, m->keys[i]);
            g.keys[j] = m->keys[i];
            memcpy(value_at(&g, j), value_at(m, i), m->value_size);
        }
    free(m->keys);
    free(m->values);
    *m = g;
    return 0;
}

void *pm_keymap_find(const pm_keymap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = slot(m, key);
    return m->keys[i] ? value_at(m, i) : NULL;
}

void *pm_keymap_get(pm_keymap *m, const char *key, int *added)
{
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return NULL;
    size_t i = slot(m, key);
    int is_new = !m->keys[i];
    if (is_new) {
        if (!(m->keys[i] = strdup(key)))
            return NULL;
        m->n++;
    }
    if (added)
        *added = is_new;
    return value_at(m, i);
}

void pm_keymap_free(pm_keymap *m, void (*free_value)(void *value))
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            if (free_value)
                free_value(value_at(m, i));
            free(m->keys[i]);
        }
    free(m->keys);
    free(m->values);
    *m = pm_keymap_make(m->value_size, m->fold_ascii);
}
