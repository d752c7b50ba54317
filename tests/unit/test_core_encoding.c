/* Character sets (core/encoding.c): the names iconv knows in any case, the
 * nearest common name to a typo, GBK, BIG5 and Latin-1 bytes converted to
 * the UTF-8 they stand for, and bytes that are not text in an encoding
 * refused rather than guessed at. */
#include "pm_test.h"

#include <stdlib.h>
#include <string.h>

#include "pm_encoding.h"

static void test_known_names(void **state)
{
    (void)state;
    assert_true(pm_encoding_known("GBK"));
    assert_true(pm_encoding_known("gbk"));
    assert_true(pm_encoding_known("CP936"));
    assert_true(pm_encoding_known("BIG5"));
    assert_true(pm_encoding_known("LATIN1"));
    assert_true(pm_encoding_known("UTF-8"));
    assert_false(pm_encoding_known("GBKK"));
    assert_false(pm_encoding_known(""));
    assert_false(pm_encoding_known(NULL));
    assert_true(pm_encoding_is_utf8("utf8"));
    assert_true(pm_encoding_is_utf8("UTF-8"));
    assert_false(pm_encoding_is_utf8("GBK"));
}

static void test_nearest(void **state)
{
    (void)state;
    assert_string_equal(pm_encoding_nearest("GBKK"), "GBK");
    assert_string_equal(pm_encoding_nearest("gbkk"), "GBK");
    assert_string_equal(pm_encoding_nearest("utf-9"), "UTF-8");
    assert_string_equal(pm_encoding_nearest("big-5"), "BIG5");
    assert_null(pm_encoding_nearest("klingon"));
}

static void expect_recoded(const char *bytes, const char *from, const char *want)
{
    size_t n = 0;
    char *u = pm_recode(bytes, strlen(bytes), from, &n);
    assert_non_null(u);
    assert_string_equal(u, want);
    assert_int_equal(n, strlen(want));
    free(u);
}

static void test_recode(void **state)
{
    (void)state;
    expect_recoded("\xb3\xc9\xb6\xbc\xca\xd0", "GBK", "成都市");
    expect_recoded("\xa6\xa8\xb3\xa3", "BIG5", "成都");
    expect_recoded("Z\xfcrich", "LATIN1", "Zürich");
    expect_recoded("plain", "GBK", "plain");
    expect_recoded("", "GBK", "");
    /* A lead byte with nothing after it is no GBK text. */
    assert_null(pm_recode("\xb3", 1, "GBK", NULL));
    assert_null(pm_recode("x", 1, "GBKK", NULL));
    /* One recoder for many values, each from a fresh start; long text
     * grows the output (Latin-1's one byte is UTF-8's two). */
    pm_recoder *r = pm_recoder_open("LATIN1");
    assert_non_null(r);
    char big[4001];
    memset(big, 0xe9, 4000);
    big[4000] = '\0';
    size_t n = 0;
    char *u = pm_recoder_run(r, big, 4000, &n);
    assert_non_null(u);
    assert_int_equal(n, 8000);
    assert_memory_equal(u, "é", 2);
    free(u);
    pm_recoder_close(r);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(pm_utf8_valid("成都", strlen("成都")));
    assert_true(pm_utf8_valid("", 0));
    assert_false(pm_utf8_valid("\xb3\xc9", 2));          /* GBK 成 */
    assert_false(pm_utf8_valid("\xe6\x88", 2));          /* cut short */
    assert_false(pm_utf8_valid("\xc0\xaf", 2));          /* overlong */
}

PM_TEST_MAIN(test_known_names, test_nearest, test_recode, test_utf8_valid)
