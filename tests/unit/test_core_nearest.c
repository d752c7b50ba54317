/* The nearest name to a typo (core/nearest.c): distances in UTF-8 code
 * points, so a Chinese field one character off is one edit, not three;
 * swaps of neighbours count one; a whole-word replacement or a word too far
 * suggests nothing. */
#include "pm_test.h"

#include <string.h>

#include "pm_strings.h"

static void test_distance_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(pm_utf8_distance("category", "category"), 0);
    assert_int_equal(pm_utf8_distance("catgory", "category"), 1);
    assert_int_equal(pm_utf8_distance("knid", "kind"), 1);        /* a swap */
    assert_int_equal(pm_utf8_distance("类别", "类型"), 1);          /* 3 bytes each differ */
    assert_int_equal(pm_utf8_distance("投资额", "投资"), 1);
    assert_int_equal(pm_utf8_distance("", "名称"), 2);
    assert_int_equal(pm_utf8_distance("name", "名称"), 4);
    char long_word[80];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_int_equal(pm_utf8_distance(long_word, "a"), PM_FAR);
}

static void test_invalid_utf8_counts_bytes(void **state)
{
    (void)state;
    /* A lone continuation byte or a cut sequence is one point of its own. */
    assert_int_equal(pm_utf8_distance("a\x80" "b", "ab"), 1);
    assert_int_equal(pm_utf8_distance("\xe7\xb1", "\xe7\xb1"), 0);
    assert_int_equal(pm_utf8_distance("\xe7\xb1", "类"), 2);
}

static void test_nearest_name(void **state)
{
    (void)state;
    const char *fields[] = {"name", "category", "invest", "类别", NULL};
    assert_string_equal(pm_nearest_name("catgory", fields, 4), "category");
    assert_string_equal(pm_nearest_name("nmae", fields, 4), "name");
    assert_string_equal(pm_nearest_name("invset", fields, -1), "invest");
    assert_string_equal(pm_nearest_name("类型", fields, 4), "类别");
    /* Too far, or the whole word replaced: no guess. */
    assert_null(pm_nearest_name("knid", fields, 4));
    assert_null(pm_nearest_name("投资", fields, 4));
    assert_null(pm_nearest_name("类", fields, 4));
    assert_null(pm_nearest_name("", fields, 4));
    assert_null(pm_nearest_name(NULL, fields, 4));
    /* Only the first n names count. */
    assert_null(pm_nearest_name("类型", fields, 3));
    /* Short words take one edit, words of four points or more two. */
    const char *kinds[] = {"zone", "axis", "abc", NULL};
    assert_string_equal(pm_nearest_name("zoen", kinds, -1), "zone");
    assert_string_equal(pm_nearest_name("axsi", kinds, -1), "axis");
    assert_null(pm_nearest_name("xyc", kinds, -1));
    assert_string_equal(pm_nearest_name("abd", kinds, -1), "abc");
    /* The nearest wins over an earlier farther one. */
    const char *two[] = {"phases", "phase", NULL};
    assert_string_equal(pm_nearest_name("phse", two, -1), "phase");
}

PM_TEST_MAIN(test_distance_counts_code_points,
             test_invalid_utf8_counts_bytes,
             test_nearest_name)
