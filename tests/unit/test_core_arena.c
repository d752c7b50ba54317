/* pm_arena over every block boundary: requests just under, at and over the
 * block sizes (64 KiB doubling to 1 MiB) and the own-block threshold, at
 * every alignment, from a fresh arena, a nearly full block and a grown one.
 * Every byte of every allocation is written and read back at the end, and no
 * two allocations may overlap; a block smaller than its request (a long
 * feature property once made one) shows as a heap overflow under ASan and as
 * overlapping or clobbered bytes here. */
#include "pm_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pm_arena.h"

#define KIB ((size_t)1024)

typedef struct piece {
    unsigned char *p;
    size_t size;
    unsigned char tag;
} piece;

typedef struct record {
    piece *v;
    size_t n, cap;
} record;

static void take(record *rec, pm_arena *a, size_t size, size_t align)
{
    unsigned char *p = pm_arena_alloc(a, size, align);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % align, 0);
    if (rec->n == rec->cap) {
        rec->cap = rec->cap ? 2 * rec->cap : 256;
        rec->v = realloc(rec->v, rec->cap * sizeof *rec->v);
        assert_non_null(rec->v);
    }
    unsigned char tag = (unsigned char)(rec->n * 37 + 11);
    memset(p, tag, size);
    rec->v[rec->n++] = (piece){p, size, tag};
}

static int by_address(const void *x, const void *y)
{
    const piece *a = x, *b = y;
    return a->p < b->p ? -1 : a->p > b->p;
}

/* Every byte still holds its tag, and no two allocations share a byte. */
static void check(record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        for (size_t k = 0; k < rec->v[i].size; k++)
            if (rec->v[i].p[k] != rec->v[i].tag)
                fail_msg("allocation %zu (%zu bytes): byte %zu overwritten", i, rec->v[i].size, k);
    qsort(rec->v, rec->n, sizeof *rec->v, by_address);
    for (size_t i = 1; i < rec->n; i++)
        if (rec->v[i - 1].size && rec->v[i - 1].p + rec->v[i - 1].size > rec->v[i].p)
            fail_msg("allocations of %zu and %zu bytes overlap", rec->v[i - 1].size, rec->v[i].size);
    free(rec->v);
    *rec = (record){0};
}

/* Sizes around each block size and the own-block threshold (256 KiB). */
static size_t boundary_sizes(size_t *out)
{
    static const size_t bases[] = {64 * KIB, 128 * KIB, 256 * KIB, 512 * KIB, 1024 * KIB,
                                   2048 * KIB};
    static const long deltas[] = {-17, -16, -15, -1, 0, 1, 15, 16, 17};
    size_t n = 0;
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++)
        for (size_t d = 0; d < sizeof deltas / sizeof *deltas; d++)
            out[n++] = (size_t)((long)bases[b] + deltas[d]);
    return n;
}

enum { FRESH, ONE_BYTE, NEARLY_FULL, GROWN, N_STATES };

static void prepare(record *rec, pm_arena *a, int state)
{
    if (state == ONE_BYTE)
        take(rec, a, 1, 1);
    if (state == NEARLY_FULL)   /* 7 bytes left in the first block */
        take(rec, a, 64 * KIB - 7, 1);
    if (state == GROWN)         /* blocks of 64, 128, 256 and 512 KiB made */
        for (int i = 0; i < 60; i++)
            take(rec, a, 16 * KIB, 16);
}

static void test_every_boundary_size_and_alignment(void **state)
{
    (void)state;
    size_t sizes[64];
    size_t n = boundary_sizes(sizes);
    for (int st = 0; st < N_STATES; st++) {
        for (size_t align = 1; align <= 16; align *= 2) {
            pm_arena *a = pm_arena_create();
            assert_non_null(a);
            record rec = {0};
            prepare(&rec, a, st);
            for (size_t i = 0; i < n; i++) {
                take(&rec, a, sizes[i], align);
                /* The current block keeps filling after a big request. */
                take(&rec, a, 3, align);
            }
            check(&rec);
            pm_arena_destroy(a);
        }
    }
}

/* One request of each size as the arena's very first and only one. */
static void test_first_request_of_any_size(void **state)
{
    (void)state;
    size_t sizes[64];
    size_t n = boundary_sizes(sizes);
    for (size_t i = 0; i < n; i++) {
        pm_arena *a = pm_arena_create();
        record rec = {0};
        take(&rec, a, sizes[i], 8);
        take(&rec, a, 64 * KIB, 8);
        check(&rec);
        pm_arena_destroy(a);
    }
}

/* Long strings as the loader stores property values: a 200 KB name and
 * "b" + 100 000 combining acute accents (U+0301, 2 bytes each). */
static void test_long_strings(void **state)
{
    (void)state;
    size_t lens[] = {200 * 1000, 1 + 2 * 100000, 64 * KIB, 256 * KIB + 1, 3 * 1024 * KIB};
    pm_arena *a = pm_arena_create();
    char *copies[5];
    char *originals[5];
    for (int i = 0; i < 5; i++) {
        originals[i] = malloc(lens[i] + 1);
        assert_non_null(originals[i]);
        for (size_t k = 0; k < lens[i]; k++)
            originals[i][k] = i == 1 ? (k == 0 ? 'b' : (k % 2 ? '\xcc' : '\x81')) : (char)('a' + k % 26);
        originals[i][lens[i]] = '\0';
        assert_non_null(pm_arena_strdup(a, "id"));
        copies[i] = pm_arena_strdup(a, originals[i]);
        assert_non_null(copies[i]);
    }
    for (int i = 0; i < 5; i++) {
        assert_int_equal(strlen(copies[i]), lens[i]);
        assert_memory_equal(copies[i], originals[i], lens[i] + 1);
        free(originals[i]);
    }
    pm_arena_destroy(a);
}

/* An arena adopted by another keeps its big and small blocks intact. */
static void test_adopt_keeps_blocks(void **state)
{
    (void)state;
    pm_arena *a = pm_arena_create(), *b = pm_arena_create();
    record rec = {0};
    take(&rec, a, 100, 8);
    take(&rec, b, 200 * KIB, 8);
    take(&rec, b, 10, 1);
    pm_arena_adopt(a, b);
    take(&rec, a, 130 * KIB, 16);
    take(&rec, a, 5, 4);
    check(&rec);
    pm_arena_destroy(a);
}

PM_TEST_MAIN(test_every_boundary_size_and_alignment,
             test_first_request_of_any_size,
             test_long_strings,
             test_adopt_keeps_blocks)
