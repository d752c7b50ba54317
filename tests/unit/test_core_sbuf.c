/* The growing text buffer (core/sbuf.c): printf-style appends of any
 * length, kept whole where a fixed buffer would cut them; pm_vformat, the
 * same for a variadic function's message. */
#include "pm_test.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pm_strings.h"

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = pm_vformat(fmt, ap);
    va_end(ap);
    return s;
}

static void test_addf_appends(void **state)
{
    (void)state;
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "maps: ");
    pm_sbuf_addf(&b, "%d of %s", 3, "成渝");
    char *s = pm_sbuf_take(&b);
    assert_string_equal(s, "maps: 3 of 成渝");
    free(s);
}

static void test_vformat_keeps_long_text_whole(void **state)
{
    (void)state;
    char word[5000];
    memset(word, 'x', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    char *s = format("%s: %s (%d)", "job", word, 7);
    assert_non_null(s);
    assert_int_equal(strlen(s), strlen("job: ") + strlen(word) + strlen(" (7)"));
    assert_string_equal(s + strlen(s) - 4, " (7)");
    free(s);
    s = format("%s", "");
    assert_string_equal(s, "");
    free(s);
}

/* LF, CRLF and a bare CR each end one line; a last line without an end
 * is a line; an empty line between two ends is one. */
static void test_line_cut_counts_every_line_end(void **state)
{
    (void)state;
    char text[] = "一\n二\r\n三\r四\r\r六";
    const char *want[] = {"一", "二", "三", "四", "", "六"};
    int n = 0;
    for (char *p = text, *next; p; p = next) {
        next = pm_line_cut(p);
        assert_true(n < 6);
        assert_string_equal(p, want[n++]);
    }
    assert_int_equal(n, 6);
    char one[] = "末行\r";
    assert_string_equal(pm_line_cut(one), "");
    assert_string_equal(one, "末行");
}

PM_TEST_MAIN(test_addf_appends,
             test_vformat_keeps_long_text_whole,
             test_line_cut_counts_every_line_end)
