/* Owned memory: growing arrays and freeing lists of owned pointers
 * (pm_alloc.h). */
#include "pm_alloc.h"

#include <stdlib.h>
#include <string.h>

void pm_free_each(void *const *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i]);
}

int pm_array_next_cap(int cap, int first)
{
    return cap ? 2 * cap : first;
}

/* The array's pointer is read and written through memcpy: `arrayp` is the
 * address of a T *, whatever T is. */
int pm_array_resize(void *arrayp, size_t count, size_t size)
{
    void *old;
    memcpy(&old, arrayp, sizeof old);
    void *grown = realloc(old, count * size);
    if (!grown)
        return -1;
    memcpy(arrayp, &grown, sizeof grown);
    return 0;
}

int pm_array_grow(void *arrayp, int n, int *cap, size_t size, int first)
{
    if (n < *cap)
        return 0;
    int next = pm_array_next_cap(*cap, first);
    if (pm_array_resize(arrayp, (size_t)next, size) != 0)
        return -1;
    *cap = next;
    return 0;
}
