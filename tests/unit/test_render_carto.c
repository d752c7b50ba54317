/* Cartography gaps of issue 4: the panel keeps a heading with its rows, the
 * project table and source note switch with --lang, labels that find no room
 * by their point or inside their polygon go out on a leader line, and labels
 * on curved rivers follow the line glyph by glyph, upright. */
#include "pm_test.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label_internal.h"

/* ---- panel: headings stay with their rows -------------------------------- */

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static int is_heading(const pm_panel_item *it)
{
    return it->kind == PM_ITEM_HEADING || it->kind == PM_ITEM_GROUP;
}

/* Legend heading + entries, then the table heading, category groups and rows,
 * with heights drawn at random: at every column count, no column ends with a
 * heading or a category (it would sit apart from its first row). */
static void test_panel_heading_keeps_rows(void **state)
{
    (void)state;
    unsigned seed = 7;
    for (int trial = 0; trial < 300; trial++) {
        pm_rctx rc;
        memset(&rc, 0, sizeof rc);
        pm_panel_item items[64];
        int n = 0;
        items[n++] = (pm_panel_item){PM_ITEM_HEADING, 0, 60, 14, 10};
        int legend = 2 + (int)(lcg(&seed) % 8);
        for (int k = 0; k < legend; k++)
            items[n++] = (pm_panel_item){PM_ITEM_LEGEND, k, 100, 14 + lcg(&seed) % 20, 0};
        items[n++] = (pm_panel_item){PM_ITEM_HEADING, 1, 60, 14, 12};
        int groups = 1 + (int)(lcg(&seed) % 4);
        for (int g = 0; g < groups; g++) {
            items[n++] = (pm_panel_item){PM_ITEM_GROUP, g, 80, 12, g ? 5 : 0};
            int rows = 1 + (int)(lcg(&seed) % 8);
            for (int r = 0; r < rows; r++)
                items[n++] = (pm_panel_item){PM_ITEM_ROW, r, 150, 12 + lcg(&seed) % 16, 0};
        }
        rc.page.items = items;
        rc.page.n_items = n;
        for (int cols = 1; cols <= 6; cols++) {
            pm_panel_flow(&rc, cols, 1);
            assert_non_null(rc.page.lay.col_start);
            assert_true(rc.page.lay.panel_cols >= 1);
            assert_int_equal(rc.page.lay.col_start[rc.page.lay.panel_cols], n);
            for (int c = 1; c < rc.page.lay.panel_cols; c++) {
                const pm_panel_item *last = &items[rc.page.lay.col_start[c] - 1];
                if (is_heading(last))
                    fail_msg("trial %d, %d columns: column %d ends with a heading (item %d)", trial,
                             cols, c - 1, rc.page.lay.col_start[c] - 1);
            }
        }
        free(rc.page.lay.col_start);
    }
}


/* ---- leaders -------------------------------------------------------------- */

static void setup_rc(pm_rctx *rc, double w, double h)
{
    memset(rc, 0, sizeof *rc);
    rc->page.lay.frame = (pm_rect){0, 0, w, h};
    assert_int_equal(pm_grid_init(&rc->place.grid, w, h, 24), 0);
}

static int on_box_edge(pm_rect b, double x, double y)
{
    const double e = 1e-5;
    int in_x = x >= b.x - e && x <= b.x + b.w + e, in_y = y >= b.y - e && y <= b.y + b.h + e;
    return (in_x && (fabs(y - b.y) < e || fabs(y - b.y - b.h) < e)) ||
           (in_y && (fabs(x - b.x) < e || fabs(x - b.x - b.w) < e));
}

/* The eight places around a marker are taken by other labels (small ones, with
 * gaps between them): the label goes
 * further out; its leader starts at the marker's edge, ends on the label box
 * and crosses none of the labels around. */
static void test_point_leader(void **state)
{
    (void)state;
    pm_rctx rc;
    setup_rc(&rc, 400, 300);
    const double x = 200, y = 150, r = 5;
    pm_label_geom g = {.w = 40, .h = 10, .pad = 1};
    double hw = 21, hh = 6, d = 0.75 * r;
    assert_int_equal(pm_grid_add(&rc.place.grid, (pm_rect){x - 4, y - 4, 8, 8}), 0); /* the marker */
    const double taken[8][2] = {
        {x + r + hw, y}, {x + d + hw, y - d - hh}, {x + d + hw, y + d + hh}, {x - r - hw, y},
        {x - d - hw, y - d - hh}, {x - d - hw, y + d + hh}, {x, y - r - hh}, {x, y + r + hh},
    };
    for (int i = 0; i < 8; i++)
        assert_int_equal(pm_grid_add_text(&rc.place.grid, (pm_rect){taken[i][0] - 4, taken[i][1] - 3,
                                                              8, 6}),
                         0);
    assert_true(pm_label_ring(&rc, &g, x, y, r));
    assert_true(g.leader);
    /* free, on the page */
    assert_false(pm_grid_hits(&rc.place.grid, g.box));
    assert_true(g.box.x >= 0 && g.box.y >= 0 && g.box.x + g.box.w <= 400 && g.box.y + g.box.h <= 300);
    /* the leader touches the feature (the marker's edge) and the label box */
    assert_true(fabs(hypot(g.lx0 - x, g.ly0 - y) - r) < 1e-6);
    assert_true(on_box_edge(g.box, g.lx1, g.ly1));
    /* and crosses no label on the way */
    double len = hypot(g.lx1 - g.lx0, g.ly1 - g.ly0), ux = (g.lx1 - g.lx0) / len,
           uy = (g.ly1 - g.ly0) / len;
    assert_true(len > 5);
    assert_false(pm_grid_hits_segment_text(&rc.place.grid, g.lx0 + ux * 0.5, g.ly0 + uy * 0.5,
                                           g.lx1 - ux * 0.5, g.ly1 - uy * 0.5));
    /* a leader across a label is refused */
    assert_true(pm_grid_hits_segment_text(&rc.place.grid, x, y, x + 100, y));
    pm_grid_free(&rc.place.grid);
}

static int in_square(double x, double y, double x0, double y0, double s)
{
    return x > x0 && x < x0 + s && y > y0 && y < y0 + s;
}

/* A square area whose inside is taken (by a symbol, not a label: a leader may
 * cross no label over its whole length): the label goes just outside its edge,
 * the leader from inside the edge to the label box, the box clear of the area. */
static void test_polygon_leader(void **state)
{
    (void)state;
    pm_rctx rc;
    setup_rc(&rc, 400, 300);
    const double x0 = 150, y0 = 100, s = 30;
    const double ring[] = {x0, y0, x0 + s, y0, x0 + s, y0 + s, x0, y0 + s, x0, y0};
    const int len[] = {5};
    assert_int_equal(pm_grid_add(&rc.place.grid, (pm_rect){x0, y0, s, s}), 0);
    pm_label_geom g = {.w = 60, .h = 10, .pad = 1};
    assert_true(pm_label_beside(&rc, &g, ring, len, 1, x0 + 0.5 * s, y0 + 0.5 * s));
    assert_true(g.leader);
    assert_true(in_square(g.lx0, g.ly0, x0, y0, s));
    assert_true(on_box_edge(g.box, g.lx1, g.ly1));
    assert_false(pm_grid_hits(&rc.place.grid, g.box));
    assert_false(in_square(g.lx1, g.ly1, x0, y0, s));
    /* beside it: the leader is short */
    assert_true(hypot(g.lx1 - g.lx0, g.ly1 - g.ly0) < 20);
    pm_grid_free(&rc.place.grid);
}

/* An area's ways out are where each of the sixteen directions leaves its
 * rings for good: checked against every ray asked of every edge (the same
 * arithmetic, no edge skipped), on random stars with holes round random
 * points, with vertices placed exactly on the rays, at the point itself and
 * across it, and edges seen across half the circle. */
static double ref_exit(const double *xy, const int *len, int n_rings, double ax, double ay,
                       double ux, double uy)
{
    double best = -1;
    for (int r = 0, first = 0; r < n_rings; first += len[r], r++) {
        const double *v = xy + 2 * first;
        for (int i = 0, j = len[r] - 1; i < len[r]; j = i++) {
            double px = v[2 * j], py = v[2 * j + 1], qx = v[2 * i] - px, qy = v[2 * i + 1] - py;
            double den = ux * qy - uy * qx;
            if (fabs(den) < 1e-12)
                continue;
            double s = ((px - ax) * uy - (py - ay) * ux) / den;
            if (!(s >= 0 && s <= 1))
                continue;
            double t = ((px - ax) * qy - (py - ay) * qx) / den;
            if (t > 0)
                best = fmax(best, t);
        }
    }
    return best;
}

static void test_ways_out(void **state)
{
    (void)state;
    static const double dirs[16] = {0, -45, 45, 180, -135, 135, -90, 90,
                                    -22.5, 22.5, 157.5, -157.5, -67.5, 67.5, -112.5, 112.5};
    uint32_t seed = 7;
    int crossings = 0;
    for (int c = 0; c < 20000; c++) {
        double xy[2 * 200];
        int len[3], n = 0, rings = 1 + c % 3;
        seed = seed * 1103515245u + 12345u;
        double ax = (seed >> 8) % 1000, ay = (seed >> 12) % 700;
        for (int r = 0; r < rings; r++) {
            seed = seed * 1103515245u + 12345u;
            int k = 3 + (seed >> 10) % 40;
            double R = r == 0 ? 20 + (seed >> 4) % 200 : 3 + (seed >> 6) % 15;
            double cx = r == 0 ? ax : ax + ((seed >> 3) % 60) - 30, cy = r == 0 ? ay : ay + ((seed >> 7) % 60) - 30;
            for (int i = 0; i < k; i++) {
                seed = seed * 1103515245u + 12345u;
                double a = 2 * PM_PI * i / k, rr = R * (0.3 + (seed >> 8) % 1000 / 1000.0);
                double x = cx + rr * cos(a), y = cy + rr * sin(a);
                switch ((seed >> 20) % 8) {   /* exactly on a ray, at or across the point */
                case 0: y = ay; break;
                case 1: x = ax; break;
                case 2: y = ay + (x - ax); break;
                case 3: y = ay - (x - ax); break;
                case 4: if (c % 7 == 0) { x = ax; y = ay; } break;
                case 5: if (i > 0 && c % 5 == 0) { x = 2 * ax - xy[2 * (n - 1)]; y = 2 * ay - xy[2 * (n - 1) + 1]; } break;
                default: break;
                }
                xy[2 * n] = x;
                xy[2 * n + 1] = y;
                n++;
            }
            len[r] = k;
        }
        pm_label_ways w;
        pm_label_ways_of(&w, xy, len, rings, ax, ay);
        int found = 0;
        for (int d = 0; d < 16; d++) {
            double a = dirs[d] * PM_PI / 180, ux = cos(a), uy = sin(a);
            double t = ref_exit(xy, len, rings, ax, ay, ux, uy);
            int seen = 0;
            for (int i = 0; i < w.n; i++)
                if (w.way[i].ux == ux && w.way[i].uy == uy) {
                    assert_true(w.way[i].t == t);
                    seen = 1;
                }
            assert_int_equal(seen, t > 0);
            found += seen;
        }
        assert_int_equal(found, w.n);
        for (int i = 1; i < w.n; i++)
            assert_true(w.way[i - 1].t <= w.way[i].t);
        crossings += w.n;
    }
    assert_true(crossings > 20000 * 8);
}

/* ---- labels along curves ---------------------------------------------------- */

/* An arc of radius R about (ox, oy) from angle a0 to a1 (page y down). */
static int arc(double *xy, int n, double ox, double oy, double R, double a0, double a1)
{
    for (int i = 0; i < n; i++) {
        double a = a0 + (a1 - a0) * i / (n - 1);
        xy[2 * i] = ox + R * cos(a);
        xy[2 * i + 1] = oy - R * sin(a);
    }
    return n;
}

static void glyphs(pm_glyph *g, int n, double w)
{
    memset(g, 0, (size_t)n * sizeof *g);
    for (int i = 0; i < n; i++)
        g[i].w = w;
}

static double angle_diff(double a, double b)
{
    double d = fmod(fabs(a - b), PM_PI);
    return fmin(d, PM_PI - d);
}

static void check_on_arc(const pm_glyph *g, int n, double h, double ox, double oy, double R)
{
    for (int i = 0; i < n; i++) {
        double dx = g[i].cx - ox, dy = g[i].cy - oy;
        /* on the line (smoothing moves it a little) */
        if (fabs(hypot(dx, dy) - R) > 1.0)
            fail_msg("glyph %d is %.2f pt off the arc", i, fabs(hypot(dx, dy) - R));
        /* turned to the tangent there */
        double tangent = atan2(dy, dx) + PM_PI / 2;
        if (angle_diff(g[i].angle, tangent) > 3 * PM_PI / 180)
            fail_msg("glyph %d turned %.1f° off the line", i,
                     angle_diff(g[i].angle, tangent) * 180 / PM_PI);
        /* upright, in reading order, neighbours not overlapping */
        assert_true(fabs(g[i].angle) <= PM_PI / 2 + 0.3);
        if (i > 0) {
            assert_true(g[i].cx > g[i - 1].cx);
            assert_false(pm_obb_overlap(g[i - 1].cx, g[i - 1].cy, g[i - 1].w, h, g[i - 1].angle,
                                        g[i].cx, g[i].cy, g[i].w, h, g[i].angle));
        }
        /* the index box holds the turned glyph */
        pm_rect b = g[i].box;
        assert_true(b.x <= g[i].cx - 0.5 * g[i].w * fabs(cos(g[i].angle)) + 1e-9);
        assert_true(b.x + b.w >= g[i].cx + 0.5 * g[i].w * fabs(cos(g[i].angle)) - 1e-9);
    }
}

static void test_curve_follows_line(void **state)
{
    (void)state;
    double xy[2 * 80];
    pm_path p;
    pm_glyph g[6], back[6];
    const double ox = 200, oy = 300, R = 120, h = 10;
    /* west → east over the top of a circle */
    arc(xy, 80, ox, oy, R, PM_PI * 0.85, PM_PI * 0.15);
    assert_int_equal(pm_path_init(&p, xy, 80), 0);
    assert_true(pm_path_bend(&p, 0, pm_path_length(&p)) > 20);
    glyphs(g, 6, 10);
    assert_true(pm_curve_fit(&p, 0.5 * pm_path_length(&p), 0, g, 6, h, 1));
    check_on_arc(g, 6, h, ox, oy, R);
    /* the glyphs fan round the arc: the first leans up, the last down */
    assert_true(g[0].angle < -0.1 && g[5].angle > 0.1);
    pm_path_free(&p);

    /* the same line drawn east → west: walked backwards, same glyph places */
    for (int i = 0; i < 40; i++)
        for (int k = 0; k < 2; k++) {
            double t = xy[2 * i + k];
            xy[2 * i + k] = xy[2 * (79 - i) + k];
            xy[2 * (79 - i) + k] = t;
        }
    assert_int_equal(pm_path_init(&p, xy, 80), 0);
    glyphs(back, 6, 10);
    assert_true(pm_curve_fit(&p, 0.5 * pm_path_length(&p), 0, back, 6, h, 1));
    check_on_arc(back, 6, h, ox, oy, R);
    for (int i = 0; i < 6; i++) {
        assert_true(fabs(back[i].cx - g[i].cx) < 0.5 && fabs(back[i].cy - g[i].cy) < 0.5);
        assert_true(angle_diff(back[i].angle, g[i].angle) < 1e-3 &&
                    fabs(back[i].angle - g[i].angle) < 1e-3);
    }
    pm_path_free(&p);

    /* under the circle, east → west: upright too (reversed), reading left to right */
    arc(xy, 80, ox, oy, R, -PM_PI * 0.15, -PM_PI * 0.85);
    assert_int_equal(pm_path_init(&p, xy, 80), 0);
    glyphs(g, 6, 10);
    assert_true(pm_curve_fit(&p, 0.5 * pm_path_length(&p), 0, g, 6, h, 1));
    check_on_arc(g, 6, h, ox, oy, R);
    pm_path_free(&p);
}

/* A hairpin and a zigzag are too sharp for the glyphs: refused everywhere. */
static void test_curve_too_sharp(void **state)
{
    (void)state;
    double xy[2 * 40];
    pm_path p;
    pm_glyph g[4];
    arc(xy, 40, 100, 100, 6, PM_PI, 0);
    assert_int_equal(pm_path_init(&p, xy, 40), 0);
    for (double m = 0; m <= pm_path_length(&p); m += 1) {
        glyphs(g, 4, 9);
        assert_false(pm_curve_fit(&p, m, 0, g, 4, 9, 1));
    }
    pm_path_free(&p);
    for (int i = 0; i < 40; i++) {
        xy[2 * i] = 10 + 6 * i;
        xy[2 * i + 1] = 100 + (i % 2 ? 9 : -9);
    }
    assert_int_equal(pm_path_init(&p, xy, 40), 0);
    for (double m = 0; m <= pm_path_length(&p); m += 2) {
        glyphs(g, 4, 9);
        assert_false(pm_curve_fit(&p, m, 0, g, 4, 9, 1));
    }
    pm_path_free(&p);
}

/* ---- whole maps ------------------------------------------------------------ */

static void render(const char *spec_path, const pm_render_options *o, pm_render_result *res)
{
    pm_test_render(spec_path, "carto.png", o, res);
}

static int count_rows(const pm_render_result *r, const char *needle)
{
    int n = 0;
    for (int i = 0; i < r->n_boxes; i++)
        n += !strcmp(r->boxes[i].kind, "table-row") && strstr(r->boxes[i].text, needle) != NULL;
    return n;
}

/* The table's 专栏 column and the note's prefix and schematic sentence follow
 * the language; zh+en shows both. */
static void test_lang_table_and_note(void **state)
{
    (void)state;
    const char *spec = "data/maps/004-chongqing-projects.json";
    pm_render_result r;
    pm_render_options en = {.format = PM_FORMAT_PNG, .dpi = 60, .lang = PM_LANG_EN};
    render(spec, &en, &r);
    assert_true(count_rows(&r, "(Box 17)") >= 5);
    assert_int_equal(count_rows(&r, "专栏"), 0);
    pm_render_result_free(&r);

    pm_render_options zh = {.format = PM_FORMAT_PNG, .dpi = 60, .lang = PM_LANG_ZH};
    render(spec, &zh, &r);
    assert_true(count_rows(&r, "（专栏17）") >= 5);
    assert_int_equal(count_rows(&r, "Box"), 0);
    pm_render_result_free(&r);

    pm_render_options both = {.format = PM_FORMAT_PNG, .dpi = 60, .lang = PM_LANG_ZH_EN};
    render(spec, &both, &r);
    assert_true(count_rows(&r, "（专栏17 / Box 17）") >= 5);
    pm_render_result_free(&r);
}

/* A column that is not a 专栏 ("正文 …" in plan 000) is kept in Chinese and
 * left out in English, so no English row carries a Chinese tail. */
static void test_lang_table_other_column(void **state)
{
    (void)state;
    const char *spec = "data/maps/000-chengdu-htz-projects.json";
    pm_render_result r;
    pm_render_options zh = {.format = PM_FORMAT_PNG, .dpi = 60, .lang = PM_LANG_ZH};
    render(spec, &zh, &r);
    assert_true(count_rows(&r, "（正文）") >= 5);
    pm_render_result_free(&r);

    pm_render_options en = {.format = PM_FORMAT_PNG, .dpi = 60, .lang = PM_LANG_EN};
    render(spec, &en, &r);
    assert_true(count_rows(&r, "(Box 5)") >= 1);
    assert_int_equal(count_rows(&r, "正文"), 0);
    pm_render_result_free(&r);
}

static pm_map *load_map(const char *spec_path, pm_spec **spec)
{
    pm_error err = {0};
    pm_geo_init();
    *spec = pm_spec_load(pm_test_src(spec_path), &err);
    if (!*spec)
        fail_msg("%s", err.msg);
    pm_map *map = pm_map_create(*spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    return map;
}

/* The source note in each language. */
static void test_lang_note(void **state)
{
    (void)state;
    pm_spec *spec;
    pm_map *map = load_map("data/maps/004-chongqing-projects.json", &spec);
    assert_true(map->has_schematic);
    char *en = pm_source_note(map, PM_LANG_EN);
    assert_true(strncmp(en, "Sources: ", 9) == 0);
    assert_non_null(strstr(en, "Schematic — drawn from the plan texts, not surveyed"));
    assert_null(strstr(en, "资料来源"));
    assert_null(strstr(en, "依据规划文本示意"));
    char *zh = pm_source_note(map, PM_LANG_ZH);
    assert_true(strncmp(zh, "资料来源：", strlen("资料来源：")) == 0);
    assert_non_null(strstr(zh, "示意图 — 依据规划文本示意"));
    assert_null(strstr(zh, "Sources"));
    char *both = pm_source_note(map, PM_LANG_ZH_EN);
    assert_true(strncmp(both, "资料来源 Sources：", strlen("资料来源 Sources：")) == 0);
    assert_non_null(strstr(both, "schematic, not surveyed"));
    free(en);
    free(zh);
    free(both);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

static int boxes_overlap(const pm_render_box *a, const pm_render_box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* On the overview the rivers' names follow their bends: several labels come
 * as glyph boxes, each glyph of one label a small box near the next, and no
 * glyph covers another label or a marker. */
static void test_map_curved_labels(void **state)
{
    (void)state;
    pm_render_options o = {.format = PM_FORMAT_PNG, .dpi = 72, .lang = PM_LANG_ZH};
    pm_render_result r;
    render("data/maps/overview-chengdu-chongqing.json", &o, &r);
    int glyphs = 0, curved = 0;
    const char *last = "";
    for (int i = 0; i < r.n_boxes; i++) {
        const pm_render_box *a = &r.boxes[i];
        if (strcmp(a->kind, "label-glyph") != 0)
            continue;
        glyphs++;
        if (strcmp(a->text, last) != 0)
            curved++;
        else {
            /* neighbours along the line: about a glyph apart */
            const pm_render_box *p = a - 1;
            double d = hypot(a->x + 0.5 * a->w - p->x - 0.5 * p->w, a->y + 0.5 * a->h - p->y - 0.5 * p->h);
            assert_true(d > 3 && d < 3 * fmax(a->w, a->h));
        }
        last = a->text;
        for (int j = 0; j < r.n_boxes; j++) {
            const pm_render_box *b = &r.boxes[j];
            int other = !strcmp(b->kind, "label") || !strcmp(b->kind, "marker") ||
                        (!strcmp(b->kind, "label-glyph") && strcmp(b->text, a->text) != 0);
            if (other && boxes_overlap(a, b))
                fail_msg("glyph of %s covers %s %s", a->text, b->kind, b->text);
        }
    }
    assert_true(curved >= 2);
    assert_true(glyphs >= 2 * curved);
    pm_render_result_free(&r);
}

/* The crowded Tianfu core: labels that found no near place hang on leaders,
 * each leader box shares its corner with its label's edge. */
static void test_map_leaders(void **state)
{
    (void)state;
    pm_render_options o = {.format = PM_FORMAT_PNG, .dpi = 72, .lang = PM_LANG_ZH};
    pm_render_result r;
    render("data/maps/002-tianfu-structure.json", &o, &r);
    int leaders = 0;
    for (int i = 0; i < r.n_boxes; i++) {
        const pm_render_box *l = &r.boxes[i];
        if (strcmp(l->kind, "leader") != 0)
            continue;
        leaders++;
        int reached = 0;
        for (int j = 0; j < r.n_boxes; j++) {
            const pm_render_box *b = &r.boxes[j];
            if (strcmp(b->kind, "label") != 0 || strcmp(b->text, l->text) != 0)
                continue;
            pm_rect box = {b->x, b->y, b->w, b->h};
            const double cx[2] = {l->x, l->x + l->w}, cy[2] = {l->y, l->y + l->h};
            for (int u = 0; u < 2; u++)
                for (int v = 0; v < 2; v++)
                    reached |= on_box_edge(box, cx[u], cy[v]);
        }
        if (!reached)
            fail_msg("leader of %s does not reach its label", l->text);
    }
    assert_true(leaders >= 2);
    pm_render_result_free(&r);
}

PM_TEST_MAIN(test_panel_heading_keeps_rows,
             test_lang_table_and_note,
             test_lang_table_other_column,
             test_lang_note,
             test_point_leader,
             test_polygon_leader,
             test_ways_out,
             test_curve_follows_line,
             test_curve_too_sharp,
             test_map_curved_labels,
             test_map_leaders)
