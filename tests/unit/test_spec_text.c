/* The bound on shaped text (layers/text.c): what passes, what is refused and
 * why, and the bounded copy the renderer falls back on. */
#include "pm_test.h"

#include <stdlib.h>
#include <string.h>

#include "pm_text.h"

static char *repeat(const char *head, const char *unit, int n)
{
    size_t hl = strlen(head), ul = strlen(unit);
    char *s = malloc(hl + ul * (size_t)n + 1);
    memcpy(s, head, hl);
    for (int i = 0; i < n; i++)
        memcpy(s + hl + ul * (size_t)i, unit, ul);
    s[hl + ul * (size_t)n] = '\0';
    return s;
}

static int passes(const char *s)
{
    char why[128];
    return pm_text_check(s, why, sizeof why) == 0;
}

static void test_edges(void **state)
{
    (void)state;
    char *s;
    assert_true(passes(""));
    assert_true(passes("成都 👨\u200d👩\u200d👧\u200d👦 \u0915\u094d\u0937 مرحبا"));
    assert_true(passes(s = repeat("a", "\u0301", PM_TEXT_MAX_MARKS))), free(s);
    assert_false(passes(s = repeat("a", "\u0301", PM_TEXT_MAX_MARKS + 1))), free(s);
    /* joiners between the marks do not end the run */
    assert_false(passes(s = repeat("a", "\u0301\u200d", 16))), free(s);
    /* a new base character does */
    assert_true(passes(s = repeat("", "e\u0301\u0316\u0308", 1000))), free(s);
    assert_true(passes(s = repeat("", "长", PM_TEXT_MAX_CHARS))), free(s);
    assert_false(passes(s = repeat("", "长", PM_TEXT_MAX_CHARS + 1))), free(s);
    assert_false(passes("ab\xff"));
}

static void test_reasons(void **state)
{
    (void)state;
    char why[128], *s = repeat("xy", "\u0308", 40);
    assert_int_equal(pm_text_check(s, why, sizeof why), -1);
    assert_string_equal(why, "character 2 carries more than 30 combining marks or joiners");
    free(s);
    s = repeat("", "n", 6000);
    assert_int_equal(pm_text_check(s, why, sizeof why), -1);
    assert_string_equal(why, "text of 6000 characters is longer than the 5000 allowed");
    free(s);
}

static void test_bounded_copy(void **state)
{
    (void)state;
    int nomem;
    assert_null(pm_text_bounded("fine", &nomem));
    assert_int_equal(nomem, 0);
    char *s = repeat("a", "\u0301", 100000), *b = pm_text_bounded(s, &nomem);
    assert_non_null(b);
    assert_true(passes(b));
    assert_int_equal(strlen(b), 1 + 2 * PM_TEXT_MAX_MARKS);
    free(s), free(b);
    s = repeat("", "长", 3 * PM_TEXT_MAX_CHARS);
    b = pm_text_bounded(s, &nomem);
    assert_true(passes(b));
    assert_non_null(strstr(b, "…"));
    free(s), free(b);
    b = pm_text_bounded("a\xff" "b", &nomem);
    assert_string_equal(b, "a\xef\xbf\xbd" "b");
    free(b);
}

PM_TEST_MAIN(test_edges,
             test_reasons,
             test_bounded_copy)
