#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_context.h"
#include "pm_init.h"
#include "pm_map.h"
#include "pm_render.h"
#include "pm_source.h"
#include "pm_spec.h"

static char slots[8][4096];
static int next_slot;

static char *slot(void)
{
    char *s = slots[next_slot];
    next_slot = (next_slot + 1) % 8;
    return s;
}

const char *pm_test_src(const char *relative)
{
    const char *root = getenv("PM_SOURCE_DIR");
    char *s = slot();
    snprintf(s, sizeof slots[0], "%s/%s", root ? root : PM_SOURCE_DIR, relative);
    return s;
}

static char tmpdir[4096];

static void remove_tmpdir(void)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *pm_test_tmpdir(void)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "%s/pmtest.XXXXXX", PM_BINARY_DIR);
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

const char *pm_test_tmp(const char *name)
{
    char *s = slot();
    /* Checking the length also keeps GCC's -Wformat-truncation quiet at -O2. */
    if (snprintf(s, sizeof slots[0], "%s/%s", pm_test_tmpdir(), name) >= (int)sizeof slots[0]) {
        fprintf(stderr, "temporary path too long: %s\n", name);
        exit(1);
    }
    return s;
}

const char *pm_test_write(const char *name, const char *text)
{
    const char *path = pm_test_tmp(name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
    return path;
}

/* Kept for the whole test: layers and maps keep the context they were made
 * with. */
const struct pm_context *pm_test_context(int threads)
{
    static pm_context *made[PM_THREADS_MAX + 1];
    if (threads < 0 || threads > PM_THREADS_MAX)
        return NULL;
    if (!made[threads] && (made[threads] = pm_context_create()))
        pm_context_set_threads(made[threads], threads);
    return made[threads];
}

/* The spec at `spec_path` (in the source tree) and its map, or the test
 * fails. */
static pm_test_map load_map(const char *spec_path, int lean)
{
    pm_error err = {0};
    pm_test_map m;
    pm_geo_init();
    m.spec = pm_spec_load(pm_test_src(spec_path), &err);
    if (!m.spec)
        fail_msg("spec: %s", err.msg);
    m.map = lean ? pm_map_create_lean(m.spec, NULL, &err) : pm_map_create(m.spec, NULL, &err);
    if (!m.map)
        fail_msg("map: %s", err.msg);
    return m;
}

static pm_test_map fixture;

static int fixture_setup(void **state, int lean)
{
    fixture = load_map("tests/data/render/map.json", lean);
    *state = &fixture;
    return 0;
}

int pm_test_map_setup(void **state)
{
    return fixture_setup(state, 0);
}

int pm_test_lean_map_setup(void **state)
{
    return fixture_setup(state, 1);
}

int pm_test_map_teardown(void **state)
{
    (void)state;
    pm_map_destroy(fixture.map);
    pm_spec_destroy(fixture.spec);
    fixture.map = NULL;
    fixture.spec = NULL;
    return 0;
}

void pm_test_render(const char *spec_path, const char *out_name, const pm_render_options *o,
                    pm_render_result *res)
{
    pm_error err = {0};
    pm_test_map m = load_map(spec_path, 0);
    if (pm_render_file(m.map, pm_test_tmp(out_name), o, res, &err) != PM_OK)
        fail_msg("%s", err.msg);
    pm_map_destroy(m.map);
    pm_spec_destroy(m.spec);
}

int pm_test_run(const pm_test_fn *fns, size_t n, const char *names)
{
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    char *list = strdup(names);
    if (!tests || !list)
        return 1;
    char *save = NULL, *name = strtok_r(list, ", ", &save);
    for (size_t i = 0; i < n; i++, name = strtok_r(NULL, ", ", &save))
        tests[i] = (struct CMUnitTest){name, fns[i], NULL, NULL, NULL};
    int failed = _cmocka_run_group_tests("tests", tests, n, NULL, NULL);
    free(tests);
    free(list);
    return failed;
}

/* ---- two readings of a layer ------------------------------------------ */

static void same_text(const char *what, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        fail_msg("%s: own '%s', GDAL '%s'", what, a ? a : "(null)", b ? b : "(null)");
}

/* Bit for bit: -0 and NAN included. */
static void same_doubles(const char *what, const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(&a[i], &b[i], sizeof a[i]) != 0)
            fail_msg("%s[%zu]: own %.17g, GDAL %.17g", what, i, a[i], b[i]);
}

static void same_feature(const char *path, int i, const pm_layer *own, const pm_layer *ref)
{
    const pm_feature *a = &own->features[i], *b = &ref->features[i];
    char what[512];
    snprintf(what, sizeof what, "%s: feature %d", path, i);
    if (a->fid != b->fid || a->kind != b->kind || a->n_parts != b->n_parts)
        fail_msg("%s: fid/kind/parts own %ld/%d/%d, GDAL %ld/%d/%d", what, a->fid, a->kind,
                 a->n_parts, b->fid, b->kind, b->n_parts);
    size_t n = 0;
    for (int p = 0; p < a->n_parts; p++) {
        if (a->part_len[p] != b->part_len[p] ||
            (a->kind == PM_GEOM_POLYGON && a->part_poly[p] != b->part_poly[p]))
            fail_msg("%s: part %d differs", what, p);
        n += (size_t)a->part_len[p];
    }
    same_doubles(what, a->xy, b->xy, 2 * n);
    same_doubles(what, a->bbox, b->bbox, 4);
    same_doubles(what, a->anchor, b->anchor, 2);
    for (int k = 0; k < own->n_fields; k++)
        same_text(what, a->values ? a->values[k] : NULL, b->values ? b->values[k] : NULL);
}

void pm_test_same_layer(const char *path, const pm_layer *own, const pm_layer *ref)
{
    same_text(path, own->name, ref->name);
    if (own->n_fields != ref->n_fields || own->n_schema != ref->n_schema ||
        own->n_features != ref->n_features || own->first != ref->first)
        fail_msg("%s: fields/schema/features/first own %d/%d/%d/%lld, GDAL %d/%d/%d/%lld", path,
                 own->n_fields, own->n_schema, own->n_features, own->first, ref->n_fields,
                 ref->n_schema, ref->n_features, ref->first);
    for (int k = 0; k < own->n_fields; k++)
        same_text(path, own->fields[k], ref->fields[k]);
    for (int k = 0; k < own->n_schema; k++)
        same_text(path, own->schema[k], ref->schema[k]);
    same_doubles(path, own->extent, ref->extent, 4);
    for (int i = 0; i < own->n_features; i++)
        same_feature(path, i, own, ref);
}
