/* Project category colours: CIEDE2000 against the published test pairs, and
 * on every bundled map with a project table (data/maps and the report's atlas
 * specs) each category coloured from the palette is at least
 * PM_CATEGORY_MIN_DE from every colour the map draws (pm_map_drawn_colors:
 * fills, strokes and markers of rules, classes and the theme) and from every
 * other category, as the renderer assigns them; each category whose colour
 * the spec gives is at least SPEC_CATEGORY_MIN_DE from them. */
#include "pm_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* Sharma, Wu and Dalal (2005), table 1: pairs 1, 7, 17, 25 and 34. */
static void test_ciede2000(void **state)
{
    (void)state;
    static const double pairs[][7] = {
        {50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425},
        {50, 0, 0, 50, -1, 2, 2.3669},
        {50, 2.5, 0, 73, 25, -18, 27.1492},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
        {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        double d = pm_lab_delta_e(pairs[k], pairs[k] + 3);
        if (d < pairs[k][6] - 1e-4 || d > pairs[k][6] + 1e-4)
            fail_msg("pair %zu: %.4f, expected %.4f", k, d, pairs[k][6]);
    }
    pm_color white = {1, 1, 1, 1}, black = {0, 0, 0, 1};
    assert_true(pm_color_delta_e(white, black) > 99.9 && pm_color_delta_e(white, black) < 100.1);
}

/* Red drawn by a rule: the first palette colour (red) is passed over. */
static void test_palette_avoids(void **state)
{
    (void)state;
    pm_color drawn[] = {{228 / 255.0, 26 / 255.0, 28 / 255.0, 1}, {0.85, 0.1, 0.1, 1}};
    pm_color out[6];
    pm_category_palette(drawn, 2, out, 6);
    for (int k = 0; k < 6; k++) {
        for (int d = 0; d < 2; d++)
            assert_true(pm_color_delta_e(out[k], drawn[d]) >= PM_CATEGORY_MIN_DE);
        for (int j = 0; j < k; j++)
            assert_true(pm_color_delta_e(out[k], out[j]) >= PM_CATEGORY_MIN_DE);
    }
}

/* A spec's own category colours are the plan author's choice; they need only
 * be told apart at a glance from everything else on the map. 10 ΔE00 is a
 * difference seen side by side without looking for it (about 2 is "just
 * noticeable", 5 "clear" under careful comparison); the palette aims
 * higher (PM_CATEGORY_MIN_DE) because it may choose. */
#define SPEC_CATEGORY_MIN_DE 10.0

/* "#rrggbb" for messages; two buffers, so one message can name two colours. */
static const char *hex(pm_color c, int which)
{
    static char buf[2][8];
    snprintf(buf[which], sizeof buf[which], "#%02x%02x%02x", (int)(c.r * 255 + 0.5),
             (int)(c.g * 255 + 0.5), (int)(c.b * 255 + 0.5));
    return buf[which];
}

/* Clashes over every map, each named as it is found, failed at the end. */
static int total_clashes;

/* One colour for every category is a spec's choice (an atlas page numbers
 * its projects in one colour), not a clash. */
static int same_color(pm_color a, pm_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Projects come grouped by category: the first of each stands for it. */
static int first_of_category(const pm_rctx *rc, int k)
{
    return k == 0 || strcmp(rc->page.projects[k].category, rc->page.projects[k - 1].category) != 0;
}

static int check_map(const char *path)
{
    pm_error err = {0};
    pm_spec *spec = pm_spec_load(path, &err);
    if (!spec)
        fail_msg("%s", err.msg);
    pm_map *map = pm_map_create(spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    pm_rctx rc = {.map = map, .spec = spec};
    int n = pm_projects_collect(&rc);
    assert_true(n >= 0);
    /* What the map draws besides the badges. */
    pm_color *drawn = NULL;
    int n_drawn = pm_map_drawn_colors(map, 0, &drawn);
    assert_true(n_drawn >= 0);
    /* The map's categories as the renderer ranks them; each coloured by the
     * palette (the colours a spec without category colours would get) is
     * far from every drawn colour and from the others. */
    int n_cat = 0;
    for (int k = 0; k < n; k++)
        n_cat += k == 0 || strcmp(rc.page.projects[k].category, rc.page.projects[k - 1].category);
    pm_color *palette = calloc((size_t)n_cat + 1, sizeof *palette);
    assert_non_null(palette);
    pm_category_palette(drawn, n_drawn, palette, n_cat);
    for (int k = 0; k < n_cat; k++) {
        for (int d = 0; d < n_drawn; d++)
            if (pm_color_delta_e(palette[k], drawn[d]) < PM_CATEGORY_MIN_DE)
                fail_msg("%s: category %d of %d (%.2f %.2f %.2f) is %.1f from a drawn colour "
                         "(%.2f %.2f %.2f)", path, k, n_cat, palette[k].r, palette[k].g,
                         palette[k].b, pm_color_delta_e(palette[k], drawn[d]), drawn[d].r,
                         drawn[d].g, drawn[d].b);
        for (int j = 0; j < k; j++)
            assert_true(pm_color_delta_e(palette[k], palette[j]) >= PM_CATEGORY_MIN_DE);
    }
    free(palette);
    /* Every category as drawn: one the renderer coloured from the palette
     * keeps PM_CATEGORY_MIN_DE from the map's colours; one whose colour the
     * spec gives (its rule's fill) keeps SPEC_CATEGORY_MIN_DE from them and
     * from the other categories, so no badge reads as a zone or a line. */
    int checked = 0, clashes = 0;
    for (int k = 0; k < n; k++) {
        const pm_project *p = &rc.page.projects[k];
        if (!first_of_category(&rc, k))
            continue;
        const pm_map_layer *ml = &map->layers[p->layer];
        pm_style s = pm_map_feature_style(map, p->layer, p->feature);
        int own = pm_project_own_color(ml, ml->rule_of[p->feature], &s);
        double min_de = own ? SPEC_CATEGORY_MIN_DE : PM_CATEGORY_MIN_DE;
        checked += !own;
        for (int d = 0; d < n_drawn; d++)
            if (pm_color_delta_e(p->color, drawn[d]) < min_de) {
                print_message("%s: category %s (%s) is %.1f from a drawn colour %s\n", path,
                              p->category, hex(p->color, 0), pm_color_delta_e(p->color, drawn[d]),
                              hex(drawn[d], 1));
                clashes++;
            }
        for (int j = 0; j < k; j++) {
            const pm_project *o = &rc.page.projects[j];
            if (first_of_category(&rc, j) && !same_color(p->color, o->color) && pm_color_delta_e(p->color, o->color) < min_de) {
                print_message("%s: categories %s (%s) and %s (%s) are %.1f apart\n", path,
                              p->category, hex(p->color, 0), o->category, hex(o->color, 1),
                              pm_color_delta_e(p->color, o->color));
                clashes++;
            }
        }
    }
    total_clashes += clashes;
    free(drawn);
    free(rc.page.projects);
    free(rc.page.unplaced);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    return n > 0 ? 1 + (checked > 0) : 0;
}

static int check_folder(const char *dir, const char *prefix, int *with_palette)
{
    DIR *d = opendir(pm_test_src(dir));
    assert_non_null(d);
    int maps = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".json") || strncmp(e->d_name, prefix, strlen(prefix)))
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", dir, e->d_name);
        int r = check_map(pm_test_src(rel));
        maps += r > 0;
        *with_palette += r == 2;
    }
    closedir(d);
    return maps;
}

static void test_bundled_maps(void **state)
{
    (void)state;
    pm_geo_init();
    int with_palette = 0;
    int maps = check_folder("data/maps", "", &with_palette) +
               check_folder("data/reports", "atlas-", &with_palette);
    /* six maps and five atlas specs have a project table today (their
     * categories' colours all given by the specs' rules) */
    assert_true(maps >= 11);
    if (total_clashes)
        fail_msg("%d category colours too near a map colour or another category", total_clashes);
}

PM_TEST_MAIN(test_ciede2000,
             test_palette_avoids,
             test_bundled_maps)
