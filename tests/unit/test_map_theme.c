/* The built-in planning theme gives every kind a sensible, complete default. */
#include "pm_test.h"

#include <stdio.h>
#include <string.h>

#include "pm_map_data.h"
#include "pm_theme.h"

static int reddish(pm_color c)
{
    return c.r > 0.7 && c.g < 0.3 && c.b < 0.3;
}

static void test_every_style_is_complete(void **state)
{
    (void)state;
    const char *kinds[] = {"core", "zone", "cluster", "axis", "wing", "belt", "corridor", "ring",
                           "node", "park", "project", "river", "mountain", "lake", "road", "rail",
                           "greenway", "boundary", "facility", "platform", "area", "unknown", NULL};
    for (int k = 0; kinds[k]; k++)
        for (int g = PM_GEOM_POINT; g <= PM_GEOM_POLYGON; g++) {
            pm_style s = pm_theme_style(kinds[k], g);
            assert_int_equal(s.set & 0x1FFF, 0x1FFF);
            assert_true(s.opacity > 0 && s.opacity <= 1);
            assert_non_null(s.font);
            assert_string_equal(strncmp(s.font, "Noto Sans CJK SC", 16) == 0 ? "ok" : s.font, "ok");
            assert_true(s.font_size >= 7);
            assert_true(s.halo.r == 1 && s.halo.g == 1 && s.halo.b == 1 && s.halo_width > 0);
        }
    pm_style n = pm_theme_style(NULL, PM_GEOM_POINT);
    assert_int_equal(n.marker, PM_MARKER_CIRCLE);
}

static void test_core_is_strong_red(void **state)
{
    (void)state;
    pm_style p = pm_theme_style("core", PM_GEOM_POINT);
    assert_true(p.marker == PM_MARKER_STAR || (p.marker == PM_MARKER_CIRCLE && p.marker_size >= 12));
    assert_true(reddish(p.fill) && p.fill.a == 1);
    assert_string_equal(p.label, "name");
    pm_style a = pm_theme_style("core", PM_GEOM_POLYGON);
    assert_true(reddish(a.stroke) && a.width >= 1.5);
}

static void test_zone_fill_by_role(void **state)
{
    (void)state;
    pm_style plain = pm_theme_feature_style(PM_THEME_PLAN, "zone", NULL, PM_GEOM_POLYGON);
    pm_style rd = pm_theme_feature_style(PM_THEME_PLAN, "zone", "研发", PM_GEOM_POLYGON);
    pm_style tr = pm_theme_feature_style(PM_THEME_PLAN, "zone", "转化", PM_GEOM_POLYGON);
    pm_style mf = pm_theme_feature_style(PM_THEME_PLAN, "zone", "先进制造", PM_GEOM_POLYGON);
    pm_style eco = pm_theme_feature_style(PM_THEME_PLAN, "zone", "生态", PM_GEOM_POLYGON);
    pm_style sv = pm_theme_feature_style(PM_THEME_PLAN, "zone", "服务", PM_GEOM_POLYGON);
    assert_true(rd.fill.b > rd.fill.r);                     /* blue */
    assert_true(tr.fill.r > tr.fill.g && tr.fill.g > tr.fill.b); /* orange */
    assert_true(mf.fill.b > mf.fill.g && mf.fill.r > mf.fill.g); /* purple */
    assert_true(eco.fill.g > eco.fill.r && eco.fill.g > eco.fill.b);
    assert_true(sv.fill.r > 0.9 && sv.fill.g > 0.8 && sv.fill.b < 0.7); /* yellow */
    assert_true(plain.fill.a < 1 && plain.width > 0 && plain.width < 1.5);
    assert_string_equal(plain.label, "name");
    /* Role colours are for zones only. */
    pm_style c = pm_theme_feature_style(PM_THEME_PLAN, "cluster", "研发", PM_GEOM_POLYGON);
    pm_style c0 = pm_theme_style("cluster", PM_GEOM_POLYGON);
    assert_memory_equal(&c.fill, &c0.fill, sizeof c.fill);
}

static void test_lines(void **state)
{
    (void)state;
    pm_style axis = pm_theme_style("axis", PM_GEOM_LINE);
    assert_true(axis.width >= 5 && axis.width <= 8 && axis.stroke.a < 1);
    assert_int_equal(axis.arrow, PM_ARROW_END);   /* the theme's arrow is the style key's */
    assert_int_equal(pm_theme_style("road", PM_GEOM_LINE).arrow, PM_ARROW_NONE);
    pm_style corridor = pm_theme_style("corridor", PM_GEOM_LINE);
    assert_true(corridor.width >= 6 && corridor.stroke.a < 1 && corridor.stroke.g > corridor.stroke.r);
    pm_style river = pm_theme_style("river", PM_GEOM_LINE);
    assert_true(river.stroke.b > river.stroke.r && river.n_dash == 0);
    pm_style rail = pm_theme_style("rail", PM_GEOM_LINE);
    assert_true(rail.n_dash >= 2 && rail.stroke.r < 0.3);
    pm_style greenway = pm_theme_style("greenway", PM_GEOM_LINE);
    assert_true(greenway.n_dash >= 2 && greenway.stroke.g > greenway.stroke.r);
    pm_style road = pm_theme_style("road", PM_GEOM_LINE);
    assert_true(road.stroke.r == road.stroke.g && road.stroke.g == road.stroke.b);
    pm_style ring = pm_theme_style("ring", PM_GEOM_LINE);
    assert_true(ring.width > road.width && ring.width < axis.width);
}

static void test_areas(void **state)
{
    (void)state;
    pm_style cluster = pm_theme_style("cluster", PM_GEOM_POLYGON);
    assert_true(cluster.n_dash >= 2 && cluster.fill.a > 0 && cluster.fill.a < 1);
    pm_style boundary = pm_theme_style("boundary", PM_GEOM_POLYGON);
    assert_true(boundary.fill.a == 0 && boundary.n_dash == 4);   /* dash-dot */
    for (const char *const *k = (const char *const[]){"wing", "belt", NULL}; *k; k++) {
        pm_style band = pm_theme_style(*k, PM_GEOM_POLYGON);
        assert_true(band.fill.a > 0 && band.fill.a < 0.5);
    }
    pm_style park = pm_theme_style("park", PM_GEOM_POLYGON);
    assert_true(park.fill.g > park.fill.r && park.fill.g > park.fill.b);
    pm_style lake = pm_theme_style("lake", PM_GEOM_POLYGON);
    assert_true(lake.fill.b > lake.fill.r);
    pm_style mountain = pm_theme_style("mountain", PM_GEOM_POLYGON);
    assert_true(mountain.fill.r > mountain.fill.b);   /* brown */
}

static void test_points(void **state)
{
    (void)state;
    pm_style node = pm_theme_style("node", PM_GEOM_POINT);
    assert_int_equal(node.marker, PM_MARKER_CIRCLE);
    assert_string_equal(node.label, "name");
    pm_style project = pm_theme_style("project", PM_GEOM_POINT);
    assert_int_equal(project.marker, PM_MARKER_CIRCLE);
    assert_true(project.marker_size < node.marker_size);
    assert_true(project.stroke.r == 1 && project.stroke.g == 1 && project.stroke.b == 1);
    assert_null(project.label);
    assert_int_equal(pm_theme_style("facility", PM_GEOM_POINT).marker, PM_MARKER_SQUARE);
    assert_int_equal(pm_theme_style("platform", PM_GEOM_POINT).marker, PM_MARKER_SQUARE);
    /* One labelling rule: areas, lines and points are named by `name`
     * unless their kind is drawn unnamed (boundary, project). */
    for (int g = PM_GEOM_POINT; g <= PM_GEOM_POLYGON; g++) {
        assert_string_equal(pm_theme_style("road", g).label, "name");
        assert_string_equal(pm_theme_style(NULL, g).label, "name");
        assert_string_equal(pm_theme_style("facility", g).label, "name");
        assert_null(pm_theme_style("boundary", g).label);
        assert_null(pm_theme_style("project", g).label);
    }
}

static int same_color(pm_color a, pm_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* "theme": "none": every kind and role is drawn neutral and unnamed. */
static void test_theme_none_is_neutral(void **state)
{
    (void)state;
    const pm_theme_entry *kinds = pm_theme_kinds();
    for (int g = PM_GEOM_POINT; g <= PM_GEOM_POLYGON; g++) {
        pm_style n = pm_theme_neutral(g);
        assert_null(n.label);
        for (int k = 0; kinds[k].name; k++) {
            pm_style s = pm_theme_feature_style(PM_THEME_NONE, kinds[k].name, "研发", g);
            assert_null(s.label);
            assert_true(same_color(s.fill, n.fill) && same_color(s.stroke, n.stroke));
            assert_int_equal(s.marker, n.marker);
        }
    }
    pm_style river = pm_theme_feature_style(PM_THEME_PLAN, "river", NULL, PM_GEOM_POLYGON);
    assert_false(same_color(river.fill, pm_theme_neutral(PM_GEOM_POLYGON).fill));
}

/* Every kind of the table changes the look for some geometry; a kind left
 * out of it is drawn neutral. */
static void test_every_listed_kind_draws(void **state)
{
    (void)state;
    const pm_theme_entry *kinds = pm_theme_kinds();
    for (int k = 0; kinds[k].name; k++) {
        int differs = 0;
        for (int g = PM_GEOM_POINT; g <= PM_GEOM_POLYGON; g++) {
            pm_style s = pm_theme_style(kinds[k].name, g), n = pm_theme_style(NULL, g);
            differs |= memcmp(&s.fill, &n.fill, sizeof s.fill) != 0 ||
                       memcmp(&s.stroke, &n.stroke, sizeof s.stroke) != 0 ||
                       s.marker != n.marker || s.width != n.width;
        }
        assert_true(differs);
    }
    pm_style lost = pm_theme_style("district", PM_GEOM_POLYGON), n = pm_theme_style(NULL, PM_GEOM_POLYGON);
    assert_true(same_color(lost.fill, n.fill));
}

/* docs/spec.md's theme tables list exactly the theme's kinds and roles,
 * each with what it draws. */
static void test_docs_list_every_kind(void **state)
{
    (void)state;
    FILE *f = fopen(PM_SOURCE_DIR "/docs/spec.md", "r");
    assert_non_null(f);
    static char line[1024], kinds_doc[64][1024], roles_doc[16][32];
    int n_kinds = 0, n_roles = 0, section = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "### Theme kinds", 15) == 0)
            section = 1;
        else if (strncmp(line, "### Theme roles", 15) == 0)
            section = 2;
        else if (strncmp(line, "#", 1) == 0)
            section = 0;
        char name[32];
        if (section && sscanf(line, "| `%31[^`]` |", name) == 1) {
            if (section == 1 && n_kinds < 64)
                snprintf(kinds_doc[n_kinds++], sizeof kinds_doc[0], "%s", line);
            else if (section == 2 && n_roles < 16)
                strcpy(roles_doc[n_roles++], name);
        }
    }
    fclose(f);
    const pm_theme_entry *kinds = pm_theme_kinds();
    int n = 0;
    for (; kinds[n].name; n++) {
        char want[1024];
        snprintf(want, sizeof want, "| `%s` | %s |\n", kinds[n].name, kinds[n].draws);
        assert_true(n < n_kinds);
        assert_string_equal(kinds_doc[n], want);
    }
    assert_int_equal(n, n_kinds);
    int r = 0;
    for (; pm_theme_role(r); r++) {
        assert_true(r < n_roles);
        assert_string_equal(roles_doc[r], pm_theme_role(r));
    }
    assert_int_equal(r, n_roles);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_style_is_complete),
        cmocka_unit_test(test_core_is_strong_red),
        cmocka_unit_test(test_zone_fill_by_role),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_areas),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_theme_none_is_neutral),
        cmocka_unit_test(test_every_listed_kind_draws),
        cmocka_unit_test(test_docs_list_every_kind),
    };
    return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
