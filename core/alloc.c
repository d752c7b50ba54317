/* Owned memory: growing arrays and freeing lists of owned pointers
 * (pm_alloc.h). */
#include "pm_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

static size_t small_page(void)
{
    long page = sysconf(_SC_PAGESIZE);
    return page > 0 ? (size_t)page : 4096;
}

static size_t round_up(size_t size, size_t page)
{
    return (size + page - 1) / page * page;
}

/* Mapped one huge page more than asked and trimmed so that it starts on a
 * huge page's boundary, every whole huge page of it can be a huge one. It
 * ends at the small page after `size`: the kernel gives a huge page only
 * where the mapping covers all of it, so the last part is small pages and
 * the memory used is the size asked, not up to 2 MiB more. */
void *pm_pages_alloc(size_t size)
{
    if (size == 0 || size > SIZE_MAX - 2 * HUGE_PAGE)
        return NULL;
    size_t len = round_up(size, small_page()), span = round_up(size, HUGE_PAGE) + HUGE_PAGE;
    unsigned char *m = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    size_t head = (HUGE_PAGE - (uintptr_t)m % HUGE_PAGE) % HUGE_PAGE;
    if (head)
        munmap(m, head);
    munmap(m + head + len, span - head - len);
#ifdef MADV_HUGEPAGE
    madvise(m + head, len, MADV_HUGEPAGE);   /* a hint: without it, small pages */
#endif
    return m + head;
}

void pm_pages_free(void *p, size_t size)
{
    if (p)
        munmap(p, round_up(size, small_page()));
}
