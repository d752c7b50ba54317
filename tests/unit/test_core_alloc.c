/* Owned memory (core/alloc.c): pages from the kernel come zeroed, on a huge
 * page's boundary, writable to their last byte, for any size, and mapped no
 * further than the small page after it (no huge page past the end to fill);
 * a size of 0 or one that overflows gives NULL. */
#include "pm_test.h"

#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pm_alloc.h"

static void test_pages_zeroed_aligned_writable(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 4096, (size_t)2 << 20, ((size_t)2 << 20) + 1, 3508u * 4 * 2480};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        unsigned char *p = pm_pages_alloc(sizes[k]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % ((size_t)2 << 20), 0);
        assert_int_equal(p[0], 0);
        assert_int_equal(p[sizes[k] / 2], 0);
        assert_int_equal(p[sizes[k] - 1], 0);
        memset(p, 0xAB, sizes[k]);
        assert_int_equal(p[sizes[k] - 1], 0xAB);
        /* the page after the last one holding the size is not mapped */
        size_t page = (size_t)sysconf(_SC_PAGESIZE), end = (sizes[k] + page - 1) / page * page;
        unsigned char in_core;
        assert_int_equal(mincore(p + end - page, page, &in_core), 0);
        errno = 0;
        assert_int_equal(mincore(p + end, page, &in_core), -1);
        assert_int_equal(errno, ENOMEM);
        pm_pages_free(p, sizes[k]);
    }
    pm_pages_free(NULL, 10);
}

static void test_pages_refused(void **state)
{
    (void)state;
    assert_null(pm_pages_alloc(0));
    assert_null(pm_pages_alloc(SIZE_MAX));
    assert_null(pm_pages_alloc(SIZE_MAX - ((size_t)3 << 20)));
}

static void test_free_each_and_grow(void **state)
{
    (void)state;
    int *a = NULL, cap = 0;
    for (int n = 0; n < 100; n++) {
        if (n == cap)
            assert_int_equal(pm_array_grow(&a, n, &cap, sizeof *a, 4), 0);
        a[n] = n;
    }
    assert_int_equal(cap, 128);
    assert_int_equal(a[99], 99);
    char *s = strdup("x");
    PM_FREE_ALL(a, s, NULL);
}

PM_TEST_MAIN(test_pages_zeroed_aligned_writable,
             test_pages_refused,
             test_free_each_and_grow)
