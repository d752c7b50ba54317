/* pm_path_relative: a file named from another folder, as a QGIS project
 * names the rasters it reads — beside it, below it, beside a parent, through
 * a symbolic link, a folder whose name another begins with, and paths that
 * do not resolve (kept as given). */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_file.h"

static char *at(const char *root, const char *rel)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", root, rel);
    return buf[k];
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void check(const char *from, const char *path, const char *want)
{
    char *got = pm_path_relative(from, path);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_relative(void **state)
{
    (void)state;
    const char *r = pm_test_tmp("relative");
    assert_int_equal(mkdir(r, 0755), 0);
    const char *dirs[] = {"maps", "maps/out", "data", "data/dem", "map"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        assert_int_equal(mkdir(at(r, dirs[i]), 0755), 0);
    touch(at(r, "maps/a.tif"));
    touch(at(r, "data/dem/b.tif"));
    touch(at(r, "map/c.tif"));
    check(at(r, "maps"), at(r, "maps/a.tif"), "./a.tif");
    check(at(r, "maps/out"), at(r, "maps/a.tif"), "../a.tif");
    check(at(r, "maps/out"), at(r, "data/dem/b.tif"), "../../data/dem/b.tif");
    check(r, at(r, "data/dem/b.tif"), "./data/dem/b.tif");
    /* "map" is not a folder of "maps", nor the other way round. */
    check(at(r, "maps"), at(r, "map/c.tif"), "../map/c.tif");
    check(at(r, "map"), at(r, "maps/a.tif"), "../maps/a.tif");
    /* Relative names and links are resolved first. */
    assert_int_equal(symlink(at(r, "data/dem"), at(r, "maps/dem")), 0);
    check(at(r, "maps/out"), at(r, "maps/dem/b.tif"), "../../data/dem/b.tif");
    check(at(r, "maps/out/.."), at(r, "maps/./a.tif"), "./a.tif");
    /* What does not resolve is kept as given. */
    check(at(r, "maps"), at(r, "none.tif"), at(r, "none.tif"));
    check(at(r, "nowhere"), at(r, "maps/a.tif"), at(r, "maps/a.tif"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
