/* pm_keymap: keys found after the table grew many times, values kept and
 * zeroed when added, ASCII case folded only when asked, what values own
 * freed. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_keymap.h"

static void test_values_survive_growth(void **state)
{
    (void)state;
    pm_keymap m = pm_keymap_make(sizeof(int), 0);
    assert_null(pm_keymap_find(&m, "x"));
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int added = 0;
        snprintf(key, sizeof key, "k%d", i);
        int *v = pm_keymap_get(&m, key, &added);
        assert_non_null(v);
        assert_true(added);
        assert_int_equal(*v, 0);
        *v = i;
    }
    assert_int_equal(m.n, 5000);
    for (int i = 0; i < 5000; i++) {
        int added = 1;
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(*(int *)pm_keymap_find(&m, key), i);
        assert_int_equal(*(int *)pm_keymap_get(&m, key, &added), i);
        assert_false(added);
    }
    assert_null(pm_keymap_find(&m, "k5000"));
    assert_int_equal(m.n, 5000);
    pm_keymap_free(&m, NULL);
    assert_null(pm_keymap_find(&m, "k1"));
}

static void test_case_folds_only_when_asked(void **state)
{
    (void)state;
    pm_keymap exact = pm_keymap_make(sizeof(int), 0), folded = pm_keymap_make(sizeof(int), 1);
    *(int *)pm_keymap_get(&exact, "Zones", NULL) = 1;
    *(int *)pm_keymap_get(&folded, "Zones", NULL) = 1;
    assert_null(pm_keymap_find(&exact, "ZONES"));
    assert_non_null(pm_keymap_find(&exact, "Zones"));
    assert_int_equal(*(int *)pm_keymap_find(&folded, "zONES"), 1);
    assert_null(pm_keymap_find(&folded, "zones_"));
    pm_keymap_free(&exact, NULL);
    pm_keymap_free(&folded, NULL);
}

static int freed;

static void free_text(void *value)
{
    free(*(char **)value);
    freed++;
}

static void test_free_value_sees_every_value(void **state)
{
    (void)state;
    pm_keymap m = pm_keymap_make(sizeof(char *), 0);
    const char *keys[] = {"a", "b", "c", "a"};
    for (int i = 0; i < 4; i++) {
        int added = 0;
        char **v = pm_keymap_get(&m, keys[i], &added);
        if (added)
            *v = strdup(keys[i]);
    }
    assert_string_equal(*(char **)pm_keymap_find(&m, "c"), "c");
    freed = 0;
    pm_keymap_free(&m, free_text);
    assert_int_equal(freed, 3);
}

PM_TEST_MAIN(test_values_survive_growth,
             test_case_folds_only_when_asked,
             test_free_value_sees_every_value)
