/* Every map spec committed in data/maps/ parses. The folder may still be
 * empty; a spec in it that fails to parse fails the test. */
#include "pm_test.h"

#include <glob.h>
#include <stdio.h>
#include <string.h>

#include "pm_spec_data.h"

static void test_committed_specs_parse(void **state)
{
    (void)state;
    glob_t g;
    int rc = glob(pm_test_src("data/maps/*.json"), 0, NULL, &g);
    if (rc == GLOB_NOMATCH) {
        printf("no specs in data/maps yet\n");
        return;
    }
    assert_int_equal(rc, 0);
    int failures = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        pm_error err = {0};
        pm_spec *s = pm_spec_load(g.gl_pathv[i], &err);
        if (!s) {
            printf("FAIL %s\n", err.msg);
            failures++;
            continue;
        }
        /* What the loader and renderer rely on is there. */
        assert_non_null(s->title);
        assert_true(s->n_layers > 0);
        for (int j = 0; j < s->n_layers; j++)
            assert_non_null(s->layers[j].source);
        printf("ok %s (%d layers)\n", g.gl_pathv[i], s->n_layers);
        pm_spec_destroy(s);
    }
    globfree(&g);
    assert_int_equal(failures, 0);
}

PM_TEST_MAIN(test_committed_specs_parse)
