/* pm_alloc — owned memory: arrays that grow, and freeing the owned pointers
 * of an object in one list. */
#ifndef PM_ALLOC_H
#define PM_ALLOC_H

#include <stddef.h>

/* Free the n pointers of p in order (any may be NULL). A destroy function
 * ends with PM_FREE_ALL(w->name, w->temp, w): the owned fields, then the
 * object, one list instead of a free() a line. */
void pm_free_each(void *const *p, size_t n);
#define PM_FREE_ALL(...) \
    pm_free_each((void *const[]){__VA_ARGS__}, sizeof((void *[]){__VA_ARGS__}) / sizeof(void *))

/* The capacity after `cap` for an array that doubles: `first` when it has
 * none yet. */
int pm_array_next_cap(int cap, int first);
/* Resize the array whose address is `arrayp` (a T **) to `count` elements
 * of `size` bytes: 0, or -1 when out of memory (the array is kept as it
 * was). Arrays that share one capacity are resized one after another. */
int pm_array_resize(void *arrayp, size_t count, size_t size);
/* Make room for one more element when the array is full (*cap elements):
 * the capacity doubles from `first`. 0, or -1 when out of memory (the
 * array and *cap kept). */
int pm_array_grow(void *arrayp, int n, int *cap, size_t size, int first);

/* `size` bytes of zeroed memory straight from the kernel, on huge pages where
 * it allows them (2 MiB each: a page-sized image touched row by row misses
 * the TLB on every row with 4 KiB pages). NULL when out of memory. Give it
 * back with pm_pages_free and the same size. */
void *pm_pages_alloc(size_t size);
void pm_pages_free(void *p, size_t size);

#endif
