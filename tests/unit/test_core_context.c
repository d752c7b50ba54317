/* The context keeps its own settings and hands messages to its callback. */
#include "pm_test.h"

#include <stdio.h>
#include <string.h>

#include "pm_context.h"

typedef struct seen {
    int n;
    int level;
    char line[512];
} seen;

static void keep(void *user, int level, const char *line)
{
    seen *s = user;
    s->n++;
    s->level = level;
    snprintf(s->line, sizeof s->line, "%s", line);
}

static void test_defaults(void **state)
{
    (void)state;
    pm_context *ctx = pm_context_create();
    assert_non_null(ctx);
    assert_true(pm_context_threads(ctx) >= 1);
    assert_int_equal(pm_context_threads(ctx), pm_context_threads(NULL));
    assert_int_equal(pm_context_png_deflate(ctx), PM_PNG_DEFLATE_DEFAULT);
    assert_int_equal(pm_context_network(ctx), 0);
    assert_null(pm_context_seeds(ctx));
    assert_int_equal(pm_context_sqlite_heap(ctx), PM_SQLITE_HEAP_DEFAULT);
    assert_int_equal(pm_context_sqlite_heap(NULL), PM_SQLITE_HEAP_DEFAULT);
    pm_context_log(ctx, PM_LOG_ERROR, "nobody listens");   /* dropped, no crash */
    pm_context_log(NULL, PM_LOG_ERROR, "nobody listens");
    pm_context_destroy(ctx);
    pm_context_destroy(NULL);
}

/* Two contexts side by side: what is set on one is not seen on the other. */
static void test_side_by_side(void **state)
{
    (void)state;
    pm_context *a = pm_context_create(), *b = pm_context_create();
    assert_int_equal(pm_context_set_threads(a, 3), 0);
    assert_int_equal(pm_context_set_threads(b, 1), 0);
    pm_context_set_png_deflate(a, PM_PNG_DEFLATE_ZLIB);
    pm_context_set_network(b, 1);
    assert_int_equal(pm_context_set_seeds(a, "/seeds/a"), 0);
    pm_context_set_sqlite_heap(b, 0);
    seen sa = {0}, sb = {0};
    pm_context_set_log(a, keep, &sa);
    pm_context_set_log(b, keep, &sb);

    assert_int_equal(pm_context_threads(a), 3);
    assert_int_equal(pm_context_threads(b), 1);
    assert_int_equal(pm_context_png_deflate(a), PM_PNG_DEFLATE_ZLIB);
    assert_int_equal(pm_context_png_deflate(b), PM_PNG_DEFLATE_DEFAULT);
    assert_int_equal(pm_context_network(a), 0);
    assert_int_equal(pm_context_network(b), 1);
    assert_string_equal(pm_context_seeds(a), "/seeds/a");
    assert_null(pm_context_seeds(b));
    assert_int_equal(pm_context_sqlite_heap(a), PM_SQLITE_HEAP_DEFAULT);
    assert_int_equal(pm_context_sqlite_heap(b), 0);

    pm_context_log(a, PM_LOG_WARNING, "to %s", "a");
    assert_int_equal(sa.n, 1);
    assert_int_equal(sb.n, 0);
    assert_int_equal(sa.level, PM_LOG_WARNING);
    assert_string_equal(sa.line, "to a");
    pm_context_destroy(a);
    pm_context_destroy(b);
}

static void test_threads_range(void **state)
{
    (void)state;
    pm_context *ctx = pm_context_create();
    assert_int_equal(pm_context_set_threads(ctx, 5), 0);
    assert_int_equal(pm_context_set_threads(ctx, 65), -1);
    assert_int_equal(pm_context_set_threads(ctx, -1), -1);
    assert_int_equal(pm_context_threads(ctx), 5);   /* unchanged */
    assert_int_equal(pm_context_set_threads(ctx, 0), 0);
    assert_int_equal(pm_context_threads(ctx), pm_context_threads(NULL));
    static const char *const bad[] = {"", "0", "65", "-1", "2x", " 2", "+2", "many"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(pm_context_parse_threads(bad[i]), 0);
    assert_int_equal(pm_context_parse_threads(NULL), 0);
    assert_int_equal(pm_context_parse_threads("1"), 1);
    assert_int_equal(pm_context_parse_threads("64"), 64);
    pm_context_destroy(ctx);
}

static void test_deflate_names(void **state)
{
    (void)state;
    pm_png_deflate how = PM_PNG_DEFLATE_ZLIB;
    assert_int_equal(pm_context_parse_png_deflate(NULL, &how), 0);
    assert_int_equal(how, PM_PNG_DEFLATE_DEFAULT);
    assert_int_equal(pm_context_parse_png_deflate("zlib", &how), 0);
    assert_int_equal(how, PM_PNG_DEFLATE_ZLIB);
    assert_int_equal(pm_context_parse_png_deflate("isal", &how), 0);
    assert_int_equal(how, PM_PNG_DEFLATE_ISAL);
    assert_int_equal(pm_context_parse_png_deflate("", &how), 0);
    assert_int_equal(how, PM_PNG_DEFLATE_DEFAULT);
    assert_int_equal(pm_context_parse_png_deflate("gzip", &how), -1);
    assert_int_equal(pm_context_parse_png_deflate("ZLIB", &how), -1);
}

/* A message from data cannot start a line of its own or reach a terminal. */
static void test_log_escapes(void **state)
{
    (void)state;
    pm_context *ctx = pm_context_create();
    seen s = {0};
    pm_context_set_log(ctx, keep, &s);
    pm_context_log(ctx, PM_LOG_VERBOSE, "label \"%s\" dropped", "a\nplanmap: \033[31mb");
    assert_int_equal(s.level, PM_LOG_VERBOSE);
    assert_string_equal(s.line, "label \"a\\nplanmap: \\x1b[31mb\" dropped");
    pm_context_set_log(ctx, NULL, NULL);
    pm_context_log(ctx, PM_LOG_ERROR, "gone");
    assert_int_equal(s.n, 1);
    pm_context_destroy(ctx);
}

PM_TEST_MAIN(test_defaults,
             test_side_by_side,
             test_threads_range,
             test_deflate_names,
             test_log_escapes)
