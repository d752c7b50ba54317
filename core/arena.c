/* pm_arena — the storage of a layer's features: vertices, parts, values and
 * their strings are carved from a few large blocks instead of six mallocs per
 * feature, which cost a 16-byte header and rounding each (a 200 000-point
 * layer spent more on malloc's bookkeeping than on coordinates) and as many
 * frees when the layer goes. Nothing is freed on its own: the whole arena
 * goes with the layer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pm_arena.h"

/* Blocks start small (a spec's plan layers hold a few dozen features) and
 * double up to 1 MiB; allocations over a quarter of that, or larger than the
 * next block, get their own block of exactly their size. */
#define FIRST_BLOCK ((size_t)64 * 1024)
#define MAX_BLOCK ((size_t)1024 * 1024)

typedef struct block {
    struct block *next;
    size_t size;   /* bytes of data */
    size_t used;
} block;

/* Data starts here, aligned for any type the loader stores. */
#define HEADER ((sizeof(block) + 15) & ~(size_t)15)

struct pm_arena {
    block *head;       /* the block being filled */
    size_t next_size;
};

void pm_arena_destroy(pm_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

pm_arena *pm_arena_create(void)
{
    pm_arena *a = calloc(1, sizeof *a);
    if (a)
        a->next_size = FIRST_BLOCK;
    return a;
}

static block *new_block(size_t size)
{
    if (size > SIZE_MAX - HEADER)
        return NULL;
    block *b = malloc(HEADER + size);
    if (b) {
        b->next = NULL;
        b->size = size;
        b->used = 0;
    }
    return b;
}

static void *data(block *b, size_t at)
{
    return (char *)b + HEADER + at;
}

void *pm_arena_alloc(pm_arena *a, size_t size, size_t align)
{
    block *b = a->head;
    if (b) {
        size_t at = (b->used + align - 1) & ~(align - 1);
        if (at <= b->size && size <= b->size - at) {
            b->used = at + size;
            return data(b, at);
        }
    }
    /* A request a fresh block could not hold (over next_size) or would mostly
     * fill (over a quarter of the largest block) gets its own block. */
    if (size > a->next_size || size > MAX_BLOCK / 4) {
        /* Its own block, linked behind the current one, which keeps filling. */
        block *big = new_block(size);
        if (!big)
            return NULL;
        big->used = size;
        if (b) {
            big->next = b->next;
            b->next = big;
        } else {
            a->head = big;
        }
        return data(big, 0);
    }
    block *fresh = new_block(a->next_size);
    if (!fresh)
        return NULL;
    fresh->next = b;
    a->head = fresh;
    if (a->next_size < MAX_BLOCK)
        a->next_size *= 2;
    fresh->used = size;
    return data(fresh, 0);
}

char *pm_arena_strdup(pm_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pm_arena_alloc(a, n, 1);
    if (d)
        memcpy(d, s, n);
    return d;
}

void pm_arena_adopt(pm_arena *a, pm_arena *b)
{
    if (!b)
        return;
    if (b->head) {
        block *tail = b->head;
        while (tail->next)
            tail = tail->next;
        /* Behind a's current block, which keeps filling. */
        if (a->head) {
            tail->next = a->head->next;
            a->head->next = b->head;
        } else {
            a->head = b->head;
        }
    }
    free(b);
}
