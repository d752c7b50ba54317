/* The built-in planning theme: a default style for every feature `kind`
 * (data/README.md), following the visual language of plan diagrams (示意图):
 * cores as strong red symbols, axes as broad arrows, wings and belts as
 * translucent bands, 组团 as dashed outlines, zones as soft fills. */
#include "pm_map_data.h"
#include "pm_theme.h"

#include <string.h>

#define ALL_STYLE_BITS 0x1FFFu

static pm_color rgba(int r, int g, int b, double a)
{
    pm_color c = {r / 255.0, g / 255.0, b / 255.0, a};
    return c;
}

static const pm_color NONE_COLOR = {0, 0, 0, 0};

static void set_dash(pm_style *s, int n, const double *dash)
{
    s->n_dash = n;
    for (int i = 0; i < n && i < PM_MAX_DASH; i++)
        s->dash[i] = dash[i];
}

/* The neutral style every kind starts from: complete, so merging layer and
 * rule styles over it always gives a drawable style. */
static pm_style neutral(int geom_kind)
{
    pm_style s;
    memset(&s, 0, sizeof s);
    s.set = ALL_STYLE_BITS;
    s.fill = rgba(210, 210, 205, 0.55);
    s.stroke = rgba(110, 110, 110, 1);
    s.width = geom_kind == PM_GEOM_LINE ? 1.2 : 0.8;
    s.opacity = 1;
    s.marker = PM_MARKER_CIRCLE;
    s.marker_size = 6;
    /* One labelling rule for areas, lines and points: a feature is named by
     * its `name` unless its kind is drawn unnamed (kinds below set NULL). */
    s.label = "name";
    s.font = PM_THEME_FONT;
    s.font_size = 9;
    s.text_color = rgba(51, 51, 51, 1);
    s.halo = rgba(255, 255, 255, 1);
    s.halo_width = 1.5;
    return s;
}

static int is(const char *kind, const char *name)
{
    return kind && strcmp(kind, name) == 0;
}

static void theme_core(pm_style *s, int geom_kind)
{
    s->marker = PM_MARKER_STAR;
    s->marker_size = 18;
    s->fill = geom_kind == PM_GEOM_POLYGON ? rgba(215, 25, 28, 0.16) : rgba(215, 25, 28, 1);
    s->stroke = geom_kind == PM_GEOM_POINT ? rgba(255, 255, 255, 1) : rgba(200, 0, 0, 1);
    s->width = geom_kind == PM_GEOM_POINT ? 1.0 : 2.2;
    s->label = "name";
    s->font = PM_THEME_FONT " Bold";
    s->font_size = 11;
    s->text_color = rgba(150, 0, 0, 1);
}

static void theme_zone(pm_style *s)
{
    s->fill = rgba(243, 226, 190, 0.6);
    s->stroke = rgba(170, 130, 70, 1);
    s->width = 0.8;
    s->font_size = 10;
}

static void theme_cluster(pm_style *s)
{
    static const double dash[] = {5, 3};
    s->fill = rgba(255, 245, 215, 0.45);
    s->stroke = rgba(140, 81, 10, 1);
    s->width = 1.2;
    set_dash(s, 2, dash);
}

static void theme_band(pm_style *s, int geom_kind, pm_color c)
{
    /* A band reads as a translucent swathe: no hard outline. */
    s->fill = c;
    s->stroke = geom_kind == PM_GEOM_LINE ? c : NONE_COLOR;
    s->width = geom_kind == PM_GEOM_LINE ? 12 : 0;
}

static void theme_line(pm_style *s, pm_color c, double width, int n_dash, const double *dash)
{
    s->stroke = c;
    s->width = width;
    set_dash(s, n_dash, dash);
}

static void theme_marker(pm_style *s, pm_marker_shape shape, double size, pm_color fill)
{
    s->marker = shape;
    s->marker_size = size;
    s->fill = fill;
    s->stroke = rgba(255, 255, 255, 1);
    s->width = 1;
}

/* Line and area kinds (everything that is not a point symbol first). */
static int theme_linear(pm_style *s, const char *kind, int geom_kind)
{
    static const double rail_dash[] = {6, 3};
    static const double green_dash[] = {4, 2.5};
    static const double boundary_dash[] = {8, 3, 1.5, 3};
    if (is(kind, "axis")) {
        theme_line(s, rgba(230, 85, 13, 0.55), 6, 0, NULL);
        s->fill = rgba(230, 85, 13, 0.25);
        s->arrow = PM_ARROW_END;   /* from→to as the plan states it */
    } else if (is(kind, "wing")) {
        theme_band(s, geom_kind, rgba(107, 174, 214, 0.28));
    } else if (is(kind, "belt")) {
        theme_band(s, geom_kind, rgba(120, 198, 121, 0.30));
    } else if (is(kind, "corridor")) {
        theme_line(s, rgba(49, 163, 84, 0.45), 8, 0, NULL);
        s->fill = rgba(49, 163, 84, 0.25);
    } else if (is(kind, "ring")) {
        theme_line(s, rgba(106, 81, 163, 1), 2.5, 0, NULL);
        s->fill = NONE_COLOR;
    } else if (is(kind, "river")) {
        theme_line(s, rgba(74, 144, 217, 1), geom_kind == PM_GEOM_LINE ? 1.6 : 0.6, 0, NULL);
        s->fill = rgba(166, 206, 227, 1);
    } else if (is(kind, "lake")) {
        theme_line(s, rgba(74, 144, 217, 1), 0.6, 0, NULL);
        s->fill = rgba(166, 206, 227, 1);
    } else if (is(kind, "road")) {
        theme_line(s, rgba(140, 140, 140, 1), 1.2, 0, NULL);
    } else if (is(kind, "rail")) {
        theme_line(s, rgba(34, 34, 34, 1), 1.2, 2, rail_dash);
    } else if (is(kind, "greenway")) {
        theme_line(s, rgba(65, 171, 93, 1), 1.5, 2, green_dash);
    } else if (is(kind, "boundary")) {
        theme_line(s, rgba(68, 68, 68, 1), 1.2, 4, boundary_dash);
        s->fill = NONE_COLOR;
        s->label = NULL;
    } else if (is(kind, "park")) {
        theme_line(s, rgba(116, 196, 118, 1), 0.6, 0, NULL);
        s->fill = rgba(199, 233, 192, 0.8);
    } else if (is(kind, "mountain")) {
        theme_line(s, rgba(166, 134, 90, 1), 0.6, 0, NULL);
        s->fill = rgba(217, 200, 169, 0.75);
    } else {
        return 0;
    }
    return 1;
}

/* Every kind the theme draws, and what it draws: docs/spec.md lists these
 * (test_map_theme compares the two), and a kind missing here is drawn
 * neutral whatever the code below says. */
static const pm_theme_entry KINDS[] = {
    {"core", "a red star (point) or a red outline with a light red fill (area); name in bold dark red"},
    {"zone", "a soft sand fill with a brown outline, coloured by `role` (below)"},
    {"cluster", "组团: a pale fill with a dashed brown outline"},
    {"axis", "a broad translucent orange line with an arrow head at its end"},
    {"wing", "a translucent blue band (a 12 pt line, or an area without outline)"},
    {"belt", "a translucent green band (a 12 pt line, or an area without outline)"},
    {"corridor", "a broad translucent green line"},
    {"ring", "a purple line, areas unfilled"},
    {"river", "a blue line (1.6 pt), areas light blue with a blue outline"},
    {"lake", "a light blue area with a blue outline"},
    {"road", "a grey line"},
    {"rail", "a dashed black line"},
    {"greenway", "a dashed green line"},
    {"boundary", "a dash-dot grey outline, unfilled, not labelled"},
    {"park", "a light green area with a green outline"},
    {"mountain", "a tan area with a brown outline"},
    {"node", "an orange circle"},
    {"project", "a small red circle, not labelled (a projects layer draws numbered badges instead)"},
    {"facility", "a blue square"},
    {"platform", "a purple square"},
    {NULL, NULL},
};

const pm_theme_entry *pm_theme_kinds(void)
{
    return KINDS;
}

static int known_kind(const char *kind)
{
    for (int i = 0; kind && KINDS[i].name; i++)
        if (strcmp(KINDS[i].name, kind) == 0)
            return 1;
    return 0;
}

pm_style pm_theme_style(const char *kind, int geom_kind)
{
    pm_style s = neutral(geom_kind);
    if (!known_kind(kind))
        return s;
    if (is(kind, "core"))
        theme_core(&s, geom_kind);
    else if (is(kind, "zone"))
        theme_zone(&s);
    else if (is(kind, "cluster"))
        theme_cluster(&s);
    else if (theme_linear(&s, kind, geom_kind))
        ;
    else if (is(kind, "node")) {
        theme_marker(&s, PM_MARKER_CIRCLE, 9, rgba(253, 141, 60, 1));
        s.stroke = rgba(127, 39, 4, 1);
        s.label = "name";
        s.font_size = 8.5;
    } else if (is(kind, "project")) {
        theme_marker(&s, PM_MARKER_CIRCLE, 6.5, rgba(178, 24, 43, 1));
        s.label = NULL;
    } else if (is(kind, "facility")) {
        theme_marker(&s, PM_MARKER_SQUARE, 7.5, rgba(43, 140, 190, 1));
    } else if (is(kind, "platform")) {
        theme_marker(&s, PM_MARKER_SQUARE, 7.5, rgba(106, 81, 163, 1));
    }
    return s;
}

/* Zone fills by role: 北研发—中转化—南制造 style layouts read at a glance. */
static const struct {
    const char *word;
    int f[3], s[3];
} roles[] = {
    {"研发", {158, 202, 225}, {49, 130, 189}},
    {"转化", {253, 174, 107}, {217, 95, 14}},
    {"制造", {188, 160, 220}, {117, 107, 177}},
    {"生态", {161, 217, 155}, {49, 163, 84}},
    {"服务", {254, 227, 145}, {204, 160, 20}},
};

/* The role words, for docs/spec.md's list (test_map_theme). */
const char *pm_theme_role(int i)
{
    return i >= 0 && i < (int)(sizeof roles / sizeof roles[0]) ? roles[i].word : NULL;
}

static int role_colors(const char *role, pm_color *fill, pm_color *stroke)
{
    if (!role)
        return 0;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        /* "研发创新" or "制造业" still match their role word. */
        if (strstr(role, roles[i].word)) {
            *fill = rgba(roles[i].f[0], roles[i].f[1], roles[i].f[2], 0.6);
            *stroke = rgba(roles[i].s[0], roles[i].s[1], roles[i].s[2], 1);
            return 1;
        }
    }
    return 0;
}

pm_style pm_theme_neutral(int geom_kind)
{
    pm_style s = neutral(geom_kind);
    s.label = NULL;
    return s;
}

pm_style pm_theme_feature_style(pm_theme_mode mode, const char *kind, const char *role,
                                int geom_kind)
{
    if (mode != PM_THEME_PLAN)
        return pm_theme_neutral(geom_kind);
    pm_style s = pm_theme_style(kind, geom_kind);
    if (is(kind, "zone"))
        role_colors(role, &s.fill, &s.stroke);
    return s;
}

