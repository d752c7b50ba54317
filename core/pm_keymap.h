/* pm_keymap — the one hash table of the library: string keys, each with a
 * value of a fixed size. It remembers what a run has seen: the outputs of a
 * run (core/inputs.c), the files and folders of a walk (core/walk.c), the
 * GeoPackage table names of an export (layers/export_names.c).
 *
 * Open addressing with linear probing, kept at most half full. Keys are
 * copied; a value starts as zero bytes when its key is added. A value
 * pointer is good until the next pm_keymap_get (the table may grow). */
#ifndef PM_KEYMAP_H
#define PM_KEYMAP_H

#include <stddef.h>

typedef struct pm_keymap {
    char **keys;              /* NULL: a free slot */
    unsigned char *values;    /* cap values of value_size bytes */
    size_t value_size, cap, n;
    int fold_ascii;           /* keys that differ only in ASCII case are one */
} pm_keymap;

/* An empty map; it allocates nothing until the first key. */
pm_keymap pm_keymap_make(size_t value_size, int fold_ascii);
/* The value of `key`, or NULL when the map does not hold it. */
void *pm_keymap_find(const pm_keymap *m, const char *key);
/* The value of `key`, added when missing (`*added` says which, may be
 * NULL); NULL when out of memory. */
void *pm_keymap_get(pm_keymap *m, const char *key, int *added);
/* Frees the keys and values; `free_value` (may be NULL) is called first on
 * every value, for what a value owns. */
void pm_keymap_free(pm_keymap *m, void (*free_value)(void *value));

#endif
