/* pm_arena — block storage for many small allocations that all die together
 * (a loaded layer's vertices, parts, values and their strings). */
#ifndef PM_ARENA_H
#define PM_ARENA_H

#include <stddef.h>

typedef struct pm_arena pm_arena;

/* Allocations live until pm_arena_destroy. `align` is a power of two up to
 * 16. NULL when out of memory. */
pm_arena *pm_arena_create(void);
void *pm_arena_alloc(pm_arena *a, size_t size, size_t align);
char *pm_arena_strdup(pm_arena *a, const char *s);
void pm_arena_destroy(pm_arena *a);
/* Move all of b's storage into a (it then lives as long as a); b is freed. */
void pm_arena_adopt(pm_arena *a, pm_arena *b);

#endif
