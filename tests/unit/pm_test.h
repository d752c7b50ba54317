/* Helpers shared by the unit tests. */
#ifndef PM_TEST_H
#define PM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Path inside the source tree: pm_test_src("data/maps/x.json"). Static buffer
 * rotated over 8 slots, so a few may be used at once. */
const char *pm_test_src(const char *relative);
/* A fresh empty temporary directory for this test process (removed at exit). */
const char *pm_test_tmpdir(void);
/* Path inside the temporary directory (same rotating buffers). */
const char *pm_test_tmp(const char *name);
/* Write `text` to a file in the temporary directory; returns its path. */
const char *pm_test_write(const char *name, const char *text);
/* Fail unless two readings of a layer (planmap's own reader's, GDAL's)
 * agree: name, fields, schema, first index, extent, and feature by feature
 * FIDs, kinds, parts, vertices, boxes and anchors bit for bit, values. */
struct pm_layer;
void pm_test_same_layer(const char *path, const struct pm_layer *own, const struct pm_layer *ref);
/* A context whose thread budget is `threads` (0: the cores), the same one
 * for the whole test process. */
const struct pm_context *pm_test_context(int threads);

/* The render fixture (tests/data/render/map.json) as a cmocka group's
 * setup and teardown: *state is a pm_test_map, its spec and its map made
 * once for the group, full or lean (streamed layers read while drawn, as
 * planmap render makes it). Setup fails where either cannot be made. */
typedef struct pm_test_map {
    struct pm_spec *spec;
    struct pm_map *map;
} pm_test_map;
int pm_test_map_setup(void **state);
int pm_test_lean_map_setup(void **state);
int pm_test_map_teardown(void **state);
/* Render the spec at `spec_path` (in the source tree) to `out_name` in the
 * temporary directory with options `o`, its result in *res; the test
 * fails where anything fails. */
struct pm_render_options;
struct pm_render_result;
void pm_test_render(const char *spec_path, const char *out_name,
                    const struct pm_render_options *o, struct pm_render_result *res);

/* A test program's main: PM_TEST_MAIN(test_a, test_b) runs the functions as
 * one cmocka group named "tests", each under its own name, as
 * cmocka_run_group_tests over cmocka_unit_test(test_a), ... would. */
typedef void (*pm_test_fn)(void **state);
int pm_test_run(const pm_test_fn *fns, size_t n, const char *names);
#define PM_TEST_MAIN(...)                                                  \
    int main(void)                                                         \
    {                                                                      \
        static const pm_test_fn fns[] = {__VA_ARGS__};                     \
        return pm_test_run(fns, sizeof fns / sizeof fns[0], #__VA_ARGS__); \
    }

#endif
