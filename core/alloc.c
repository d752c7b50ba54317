/* Owned memory: growing arrays and freeing lists of owned pointers
 * (pm_alloc.h). */
#include "pm_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

#define HUGE_PAGE ((size_t)2 << 20)

static size_t pages_len(size_t size)
{
    return (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

/* Mapped one huge page more than asked, then trimmed to a huge page's
 * boundary at both ends, so that every page of it can be a huge one. */
void *pm_pages_alloc(size_t size)
{
    if (size == 0 || size > SIZE_MAX - 2 * HUGE_PAGE)
        return NULL;
    size_t len = pages_len(size);
    unsigned char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    size_t head = (HUGE_PAGE - (uintptr_t)m % HUGE_PAGE) % HUGE_PAGE;
    if (head)
        munmap(m, head);
    if (HUGE_PAGE - head)
        munmap(m + head + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
    madvise(m + head, len, MADV_HUGEPAGE);   /* a hint: without it, small pages */
#endif
    return m + head;
}

void pm_pages_free(void *p, size_t size)
{
    if (p)
        munmap(p, pages_len(size));
}
