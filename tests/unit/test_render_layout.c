/* The label engine and the page layout: the collision grid, upright line
 * labels, wrapping of long Chinese names, and on real maps a panel that fits
 * the page at any size, furniture that covers nothing, badges that match the
 * project table, and --lang switching the texts. */
#include "pm_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label_internal.h"

static void test_grid(void **state)
{
    (void)state;
    pm_grid g;
    assert_int_equal(pm_grid_init(&g, 500, 300, 24), 0);
    assert_false(pm_grid_hits(&g, (pm_rect){10, 10, 30, 10}));
    /* A box spanning many cells is found from any of them. */
    assert_int_equal(pm_grid_add(&g, (pm_rect){40, 40, 200, 20}), 0);
    assert_true(pm_grid_hits(&g, (pm_rect){230, 55, 5, 5}));
    assert_true(pm_grid_hits(&g, (pm_rect){0, 0, 500, 300}));
    /* Touching edges is not overlapping; a gap of a point is free. */
    assert_false(pm_grid_hits(&g, (pm_rect){240, 40, 10, 10}));
    assert_false(pm_grid_hits(&g, (pm_rect){40, 61, 10, 10}));
    /* Off-page boxes are clamped, not lost. */
    assert_int_equal(pm_grid_add(&g, (pm_rect){490, 290, 50, 50}), 0);
    assert_true(pm_grid_hits(&g, (pm_rect){495, 295, 2, 2}));
    pm_grid_free(&g);
}

static int overlaps(pm_rect a, pm_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* 20 000 markers: past the first few thousand they go into the bitmap. A
 * box or leader meeting a marker always hits; one a point or more clear of
 * every marker never does (the bitmap rounds outwards by half a point);
 * leaders checked against text only pass over markers. */
static void test_grid_markers(void **state)
{
    (void)state;
    enum { N = 20000, Q = 20000 };
    pm_grid g;
    assert_int_equal(pm_grid_init(&g, 2000, 1500, 24), 0);
    pm_rect *m = malloc(N * sizeof *m);
    assert_non_null(m);
    uint32_t seed = 7;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = (seed >> 8) % 1990000 / 1000.0;
        seed = seed * 1103515245u + 12345u;
        double y = (seed >> 8) % 1490000 / 1000.0;
        m[i] = (pm_rect){x, y, 3.3, 3.3};
        assert_int_equal(pm_grid_add_marker(&g, m[i]), 0);
    }
    assert_non_null(g.marks);
    int hits = 0, clear = 0;
    for (int q = 0; q < Q; q++) {
        seed = seed * 1103515245u + 12345u;
        double x = (seed >> 8) % 1990000 / 1000.0;
        seed = seed * 1103515245u + 12345u;
        double y = (seed >> 8) % 1490000 / 1000.0;
        pm_rect r = {x, y, 6.7, 2.9};
        pm_rect grown = {x - 1, y - 1, r.w + 2, r.h + 2};
        int meets = 0, near = 0;
        for (int i = 0; i < N; i++) {
            meets |= overlaps(r, m[i]);
            near |= overlaps(grown, m[i]);
        }
        int hit = pm_grid_hits(&g, r);
        if (meets)
            assert_true(hit);
        if (!near)
            assert_false(hit);
        hits += meets;
        clear += !near;
    }
    assert_true(hits > 100 && clear > 100);
    /* Leaders: through the middle of a late marker, and a point clear of
     * it where nothing else lies. */
    pm_grid lone;
    assert_int_equal(pm_grid_init(&lone, 500, 300, 24), 0);
    for (int i = 0; i < 5000; i++)
        assert_int_equal(pm_grid_add_marker(&lone, (pm_rect){400 + (i % 50) * 0.01, 250, 3, 3}), 0);
    assert_int_equal(pm_grid_add_marker(&lone, (pm_rect){100, 100, 3, 3}), 0);
    assert_true(pm_grid_hits_segment(&lone, 50, 50, 150, 150));
    assert_false(pm_grid_hits_segment_text(&lone, 50, 50, 150, 150));
    assert_false(pm_grid_hits_segment(&lone, 50, 55, 150, 155));
    assert_true(pm_grid_hits(&lone, (pm_rect){102.9, 102.9, 10, 10}));
    assert_false(pm_grid_hits(&lone, (pm_rect){104.5, 100, 10, 10}));
    pm_grid_free(&lone);
    pm_grid_free(&g);
    free(m);
}

/* The bitmap of covered space refuses only what a box really overlaps
 * (touching an edge is free, also on the bitmap's own cell edges), and does
 * refuse a box inside a placed one. */
static void test_grid_covered(void **state)
{
    (void)state;
    enum { N = 300, Q = 20000 };
    pm_grid g;
    assert_int_equal(pm_grid_init(&g, 800, 600, 24), 0);
    assert_int_equal(pm_grid_add_text(&g, (pm_rect){40, 40, 20, 10}), 0);
    assert_true(pm_grid_covered(&g, (pm_rect){45, 45, 2, 2}));
    assert_true(pm_grid_covered(&g, (pm_rect){59.5, 30, 30, 30}));
    assert_false(pm_grid_covered(&g, (pm_rect){60, 40, 10, 10}));
    assert_false(pm_grid_covered(&g, (pm_rect){20, 50, 60, 10}));
    assert_false(pm_grid_covered(&g, (pm_rect){20, 30, 20, 30}));
    pm_rect b[N + 1] = {{40, 40, 20, 10}};
    uint32_t seed = 11;
    for (int i = 1; i <= N; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = (seed >> 8) % 780000 / 1000.0;
        seed = seed * 1103515245u + 12345u;
        double y = (seed >> 8) % 580000 / 1000.0;
        b[i] = (pm_rect){x, y, 5 + (seed >> 4) % 40, 3 + (seed >> 12) % 12};
        assert_int_equal(pm_grid_add(&g, b[i]), 0);
    }
    int covered = 0;
    for (int q = 0; q < Q; q++) {
        seed = seed * 1103515245u + 12345u;
        double x = (seed >> 8) % 800000 / 1000.0 - 10;
        seed = seed * 1103515245u + 12345u;
        double y = (seed >> 8) % 600000 / 1000.0 - 10;
        pm_rect r = {x, y, 1 + (seed >> 6) % 40, 1 + (seed >> 14) % 16};
        int meets = 0;
        for (int i = 0; i <= N; i++)
            meets |= overlaps(r, b[i]);
        if (pm_grid_covered(&g, r)) {
            assert_true(meets);
            covered++;
        }
        assert_int_equal(pm_grid_hits(&g, r), meets);
    }
    assert_true(covered > 1000);
    pm_grid_free(&g);
}

/* A number for the covered-space checks below: mostly on the half-point
 * grid (the bitmap's cell edges fall on it), sometimes anywhere, now and
 * then NaN. */
static double coordinate(uint32_t *seed, double lo, double hi)
{
    *seed = *seed * 1103515245u + 12345u;
    uint32_t v = *seed >> 4;
    if (v % 97 == 0)
        return NAN;
    double t = (v >> 8) % 100000 / 100000.0;
    double x = lo + (hi - lo) * t;
    return v % 3 ? floor(2 * x) / 2 : x;
}

/* The covered space from first principles: a 2 × 2 pt cell is covered when
 * it lies wholly inside a box added, and a box meets it when they share
 * some area; looked up cell by cell. */
typedef struct {
    int w, h;
    unsigned char *cell;
} plain_cover;

static void plain_add(plain_cover *c, pm_rect b)
{
    for (int j = 0; j < c->h; j++)
        for (int i = 0; i < c->w; i++)
            if (b.x <= 2 * i && 2 * i + 2 <= b.x + b.w && b.y <= 2 * j && 2 * j + 2 <= b.y + b.h)
                c->cell[j * c->w + i] = 1;
}

static int plain_covered(const plain_cover *c, pm_rect r)
{
    for (int j = 0; j < c->h; j++) {
        if (!(r.y < 2 * j + 2 && 2 * j < r.y + r.h))
            continue;
        for (int i = 0; i < c->w; i++)
            if (r.x < 2 * i + 2 && 2 * i < r.x + r.w && c->cell[j * c->w + i])
                return 1;
    }
    return 0;
}

/* The covered space answers exactly as the plain look-up for boxes of every
 * height (one row, a label's few, taller than its levels of row ORs, the
 * whole page) and width (inside a word, across words), on and off the page
 * edges, negative, NaN; after each batch of boxes added, in the index and in
 * a copy that follows it. A search through many boxes at once stops where
 * the look-ups one by one would and leaves the same reach. */
static void test_grid_covered_exact(void **state)
{
    (void)state;
    static const double pages[][2] = {{842, 595}, {130, 90}, {300, 1400}};
    uint32_t seed = 23;
    for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
        double pw = pages[p][0], ph = pages[p][1];
        pm_grid g, copy;
        memset(&copy, 0, sizeof copy);
        assert_int_equal(pm_grid_init(&g, pw, ph, 24), 0);
        plain_cover plain = {g.full_w, g.full_h, calloc((size_t)g.full_w * g.full_h, 1)};
        assert_non_null(plain.cell);
        int hits = 0, misses = 0;
        for (int batch = 0; batch < 4; batch++) {
            for (int i = 0; i < 12; i++) {
                double x = coordinate(&seed, -20, pw + 10), y = coordinate(&seed, -20, ph + 10);
                pm_rect b = {x, y, coordinate(&seed, 0, 40), coordinate(&seed, 0, 30)};
                assert_int_equal(pm_grid_add(&g, b), 0);
                plain_add(&plain, b);
            }
            assert_int_equal(pm_grid_follow(&copy, &g), 0);
            for (int q = 0; q < 3000; q++) {
                double tall = q % 10 == 0 ? ph + 40 : q % 3 ? 40 : 10;
                pm_rect r = {coordinate(&seed, -30, pw + 10), coordinate(&seed, -30, ph + 10),
                             coordinate(&seed, -1, q % 4 ? 60 : pw), coordinate(&seed, -1, tall)};
                int want = plain_covered(&plain, r);
                assert_int_equal(pm_grid_covered(&g, r), want);
                assert_int_equal(pm_grid_covered(&copy, r), want);
                hits += want;
                misses += !want;
            }
            /* Candidates about a few centres, each box the same size. */
            double cx[40], cy[40], hw = coordinate(&seed, 0, 30), hh = coordinate(&seed, 0, 12);
            for (int i = 0; i < 40; i++) {
                cx[i] = coordinate(&seed, -10, pw + 10);
                cy[i] = coordinate(&seed, -10, ph + 10);
            }
            for (int from = 0; from < 40; from += 7) {
                pm_rect by_call = {1, 2, 3, 4}, at_once = by_call;
                g.reach = &at_once;
                int found = pm_grid_first_uncovered(&g, cx, cy, from, 40, hw, hh), i = from;
                g.reach = &by_call;
                for (; i < 40; i++)
                    if (!pm_grid_covered(&g, (pm_rect){cx[i] - hw, cy[i] - hh, 2 * hw, 2 * hh}))
                        break;
                g.reach = NULL;
                assert_int_equal(found, i);
                assert_memory_equal(&at_once, &by_call, sizeof by_call);
            }
        }
        assert_true(hits > 1000 && misses > 1000);
        free(plain.cell);
        pm_grid_free(&copy);
        pm_grid_free(&g);
    }
}

/* A copy that follows the index answers every question as the index does,
 * after each batch of additions (boxes, text, leaders; the markers' bitmap
 * made before the copy), and keeps its own memory: freeing the index after
 * the last follow leaves the copy whole. */
static void test_grid_follow(void **state)
{
    (void)state;
    pm_grid g, copy;
    memset(&copy, 0, sizeof copy);
    assert_int_equal(pm_grid_init(&g, 900, 700, 24), 0);
    for (int i = 0; i < 5000; i++)   /* past the markers kept as boxes: a bitmap */
        assert_int_equal(pm_grid_add_marker(&g, (pm_rect){(i * 37) % 880, (i * 53) % 680, 3, 3}), 0);
    uint32_t seed = 5;
    for (int batch = 0; batch < 6; batch++) {
        assert_int_equal(pm_grid_follow(&copy, &g), 0);
        assert_int_equal(copy.n_boxes, g.n_boxes);
        for (int q = 0; q < 4000; q++) {
            seed = seed * 1103515245u + 12345u;
            double x = (seed >> 8) % 900000 / 1000.0 - 10, y = (seed >> 4) % 700000 / 1000.0 - 10;
            pm_rect r = {x, y, 1 + (seed >> 6) % 60, 1 + (seed >> 14) % 20};
            assert_int_equal(pm_grid_hits(&copy, r), pm_grid_hits(&g, r));
            assert_int_equal(pm_grid_covered(&copy, r), pm_grid_covered(&g, r));
            assert_int_equal(pm_grid_hits_segment(&copy, x, y, x + r.w, y + r.h),
                             pm_grid_hits_segment(&g, x, y, x + r.w, y + r.h));
            assert_int_equal(pm_grid_hits_segment_text(&copy, x, y + r.h, x + r.w, y),
                             pm_grid_hits_segment_text(&g, x, y + r.h, x + r.w, y));
        }
        for (int i = 0; i < 40; i++) {
            seed = seed * 1103515245u + 12345u;
            double x = (seed >> 8) % 850000 / 1000.0, y = (seed >> 4) % 650000 / 1000.0;
            pm_rect r = {x, y, 10 + (seed >> 6) % 40, 6 + (seed >> 14) % 10};
            assert_int_equal(i % 3 ? pm_grid_add_text(&g, r) : pm_grid_add(&g, r), 0);
            if (i % 5 == 0)
                assert_int_equal(pm_grid_add_segment(&g, x, y, x + 70, y - 40), 0);
        }
        /* Not followed yet: the copy still holds the index as it was. */
        assert_true(copy.n_boxes < g.n_boxes);
    }
    pm_grid_free(&g);
    assert_true(pm_grid_hits(&copy, (pm_rect){0, 0, 900, 700}));
    pm_grid_free(&copy);
}

static void test_upright(void **state)
{
    (void)state;
    const double deg = PM_PI / 180;
    /* A line drawn east→west or west→east gives the same, readable angle. */
    assert_true(fabs(pm_upright_angle(180 * deg)) < 1e-9);
    assert_true(fabs(pm_upright_angle(-170 * deg) - 10 * deg) < 1e-9);
    assert_true(fabs(pm_upright_angle(135 * deg) + 45 * deg) < 1e-9);
    assert_true(fabs(pm_upright_angle(30 * deg) - 30 * deg) < 1e-9);
    for (int a = -720; a <= 720; a += 7) {
        double u = pm_upright_angle(a * deg);
        assert_true(u > -PM_PI / 2 - 1e-9 && u <= PM_PI / 2 + 1e-9);
        /* same line direction: differs by a multiple of π */
        double k = (a * deg - u) / PM_PI;
        assert_true(fabs(k - round(k)) < 1e-6);
    }
}

static void test_wrap_by_character(void **state)
{
    (void)state;
    PangoContext *pc = pm_text_context();
    const char *name = "成渝地区双城经济圈综合性科学中心核心承载区";
    PangoLayout *one = pm_text_layout(pc, name, NULL, 9, 0);
    PangoLayout *wrapped = pm_text_layout(pc, name, NULL, 9, 60);
    double w1, h1, w2, h2;
    pm_text_size(one, &w1, &h1);
    pm_text_size(wrapped, &w2, &h2);
    /* No spaces in the name, yet it breaks between characters into lines
     * no wider than the wrap width. */
    assert_true(w1 > 150);
    assert_true(w2 <= 60.5);
    assert_true(pango_layout_get_line_count(wrapped) >= 3);
    assert_true(h2 > 2.5 * h1);
    g_object_unref(one);
    g_object_unref(wrapped);
    g_object_unref(pc);
}

/* ---- whole maps ----------------------------------------------------------- */

static const pm_render_box *find(const pm_render_result *r, const char *kind)
{
    for (int i = 0; i < r->n_boxes; i++)
        if (strcmp(r->boxes[i].kind, kind) == 0)
            return &r->boxes[i];
    return NULL;
}

static int overlap(const pm_render_box *a, const pm_render_box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int on_page(const pm_render_result *r, const pm_render_box *b)
{
    return b->x >= -0.5 && b->y >= -0.5 && b->x + b->w <= r->width + 0.5 &&
           b->y + b->h <= r->height + 0.5;
}

static void render(const char *spec_path, const pm_render_options *o, pm_render_result *res)
{
    pm_test_render(spec_path, "m.png", o, res);
}

static int is_furniture(const pm_render_box *b)
{
    static const char *const kinds[] = {"legend", "scalebar", "northarrow", "title", "subtitle", "note"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(b->kind, kinds[i]) == 0)
            return 1;
    return 0;
}

static int is_mark(const pm_render_box *b)
{
    return !strcmp(b->kind, "label") || !strcmp(b->kind, "marker") || !strcmp(b->kind, "badge");
}

static void check_layout(const pm_render_result *r)
{
    const pm_render_box *legend = find(r, "legend");
    assert_non_null(legend);
    pm_render_box frame = {"frame", "", r->map_frame[0], r->map_frame[1], r->map_frame[2],
                           r->map_frame[3]};
    assert_false(overlap(legend, &frame));
    for (int i = 0; i < r->n_boxes; i++) {
        const pm_render_box *a = &r->boxes[i];
        if (!is_furniture(a))
            continue;
        if (!on_page(r, a))
            fail_msg("%s off the %dx%d page", a->kind, r->width, r->height);
        for (int j = 0; j < r->n_boxes; j++) {
            const pm_render_box *b = &r->boxes[j];
            if (j != i && (is_mark(b) || (j < i && is_furniture(b))) && overlap(a, b))
                fail_msg("%s covers %s %s", a->kind, b->kind, b->text);
        }
    }
}

/* A long legend on pages from A4 down to a small raster: always on the page,
 * beside or below the map, never over it. */
static void test_panel_fits(void **state)
{
    (void)state;
    static const int sizes[][2] = {{0, 0}, {900, 1200}, {640, 420}, {420, 640}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        pm_render_options o = {.format = PM_FORMAT_PNG, .dpi = 72, .width_px = sizes[k][0], .height_px = sizes[k][1]};
        pm_render_result r;
        render("data/maps/002-tianfu-structure.json", &o, &r);
        check_layout(&r);
        /* the map keeps a good share of the page */
        assert_true(r.map_frame[2] * r.map_frame[3] > 0.2 * r.width * r.height);
        pm_render_result_free(&r);
    }
}

static void test_badges_and_table(void **state)
{
    (void)state;
    pm_render_options o = {.format = PM_FORMAT_PNG, .dpi = 72};
    pm_render_result r;
    render("data/maps/004-chongqing-projects.json", &o, &r);
    check_layout(&r);
    int badges = 0, rows = 0;
    for (int i = 0; i < r.n_boxes; i++) {
        const pm_render_box *b = &r.boxes[i];
        if (strcmp(b->kind, "badge") == 0) {
            badges++;
            /* inside the frame, with its table row (same number and name) */
            assert_true(b->x >= r.map_frame[0] && b->x + b->w <= r.map_frame[0] + r.map_frame[2]);
            int found = 0;
            for (int j = 0; j < r.n_boxes; j++)
                found |= strcmp(r.boxes[j].kind, "table-row") == 0 &&
                         strncmp(r.boxes[j].text, b->text, strlen(b->text)) == 0;
            if (!found)
                fail_msg("badge %s has no table row", b->text);
            for (int j = 0; j < i; j++)
                if (strcmp(r.boxes[j].kind, "badge") == 0 && overlap(b, &r.boxes[j]))
                    fail_msg("badge %s covers badge %s", b->text, r.boxes[j].text);
        }
        rows += strcmp(b->kind, "table-row") == 0;
    }
    assert_true(badges >= 10);
    assert_int_equal(badges, rows);
    pm_render_result_free(&r);
}

static void test_lang(void **state)
{
    (void)state;
    pm_render_result r;
    pm_render_options en = {.format = PM_FORMAT_PNG, .dpi = 72, .lang = PM_LANG_EN};
    render("data/maps/004-chongqing-projects.json", &en, &r);
    const pm_render_box *title = find(&r, "title");
    assert_non_null(title);
    assert_non_null(strstr(title->text, "Chongqing High-tech Zone"));
    assert_string_equal(find(&r, "legend-title")->text, "Legend");
    int english_rows = 0;
    for (int i = 0; i < r.n_boxes; i++)
        english_rows += !strcmp(r.boxes[i].kind, "table-row") && strstr(r.boxes[i].text, "health centre");
    assert_true(english_rows >= 5);
    pm_render_result_free(&r);
    pm_render_options both = {.format = PM_FORMAT_PNG, .dpi = 72, .lang = PM_LANG_ZH_EN};
    render("data/maps/004-chongqing-projects.json", &both, &r);
    int two = 0;
    for (int i = 0; i < r.n_boxes; i++)
        two += !strcmp(r.boxes[i].kind, "label") && strstr(r.boxes[i].text, "\n") != NULL;
    assert_true(two >= 1);
    assert_non_null(strstr(find(&r, "title")->text, "重庆高新区"));
    pm_render_result_free(&r);
}

/* The texts a spec gives in two languages: notes_en, legend.title_en and the
 * plan titles' gloss, each picked by the language and none cut in its box. */
static const char LANG_DATA[] =
    "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\","
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[106, 29], [106.2, 29], [106.2, 29.2],"
    " [106, 29.2], [106, 29]]]}, \"properties\": {\"id\": \"a\", \"name\": \"北部研发区\","
    " \"short_name\": \"北研发\", \"short_name_en\": \"North R&D\", \"precision\": \"schematic\","
    " \"plan\": \"重庆高新区“十四五”规划纲要\"}}]}";

static const char *note_in(const char *lang_name, pm_lang lang, pm_render_result *r)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"title\": \"标题\", \"title_en\": \"Title\", \"lang\": \"%s\","
             " \"layers\": [{\"name\": \"zones\", \"source\": \"%s\","
             " \"style\": {\"label\": \"short_name\"},"
             " \"rules\": [{\"legend\": \"片区\", \"legend_en\": \"Zones\"}]}],"
             " \"legend\": {\"title\": \"图例说明\", \"title_en\": \"Key\"},"
             " \"notes\": [\"中文注释\", \"Same in both\"],"
             " \"notes_en\": [\"English note\", \"Same in both\"],"
             " \"plan_titles_en\": {\"重庆高新区“十四五”规划纲要\": \"Chongqing HTZ plan\"}}",
             lang_name, pm_test_write("lang.geojson", LANG_DATA));
    pm_error err = {0};
    pm_geo_init();
    pm_spec *spec = pm_spec_parse(text, strlen(text), pm_test_tmp("lang.json"), &err);
    if (!spec)
        fail_msg("%s", err.msg);
    pm_map *map = pm_map_create(spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    pm_render_options o = {.format = PM_FORMAT_PNG, .dpi = 40, .lang = lang};
    if (pm_render_file(map, pm_test_tmp("lang.png"), &o, r, &err) != PM_OK)
        fail_msg("%s", err.msg);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    return find(r, "note")->text;
}

static void test_lang_spec_texts(void **state)
{
    (void)state;
    pm_render_result r;
    const char *note = note_in("zh", PM_LANG_DEFAULT, &r);
    assert_non_null(strstr(note, "资料来源：重庆高新区“十四五”规划纲要\n中文注释\nSame in both\n"));
    assert_null(strstr(note, "Chongqing HTZ plan"));
    assert_null(strstr(note, "English note"));
    assert_string_equal(find(&r, "legend-title")->text, "图例说明");
    assert_string_equal(find(&r, "legend-item")->text, "片区");
    assert_string_equal(find(&r, "label")->text, "北研发");
    pm_render_result_free(&r);
    note = note_in("zh", PM_LANG_EN, &r);
    assert_non_null(strstr(note, "Sources: 重庆高新区“十四五”规划纲要 (Chongqing HTZ plan)\n"
                                 "English note\nSame in both\nSchematic — drawn from the plan texts, not surveyed"));
    assert_null(strstr(note, "中文注释"));
    assert_string_equal(find(&r, "legend-title")->text, "Key");
    assert_string_equal(find(&r, "legend-item")->text, "Zones");
    assert_string_equal(find(&r, "label")->text, "North R&D");
    assert_string_equal(find(&r, "title")->text, "Title");
    pm_render_result_free(&r);
    note = note_in("zh+en", PM_LANG_DEFAULT, &r);
    assert_non_null(strstr(note, "资料来源 Sources：重庆高新区“十四五”规划纲要 (Chongqing HTZ plan)\n"
                                 "中文注释\nEnglish note\nSame in both\n示意图"));
    assert_string_equal(find(&r, "legend-title")->text, "图例说明\nKey");
    assert_string_equal(find(&r, "legend-item")->text, "片区\nZones");
    assert_string_equal(find(&r, "label")->text, "北研发\nNorth R&D");
    pm_render_result_free(&r);
}

PM_TEST_MAIN(test_grid,
             test_grid_markers,
             test_grid_covered,
             test_grid_covered_exact,
             test_grid_follow,
             test_upright,
             test_wrap_by_character,
             test_panel_fits,
             test_badges_and_table,
             test_lang,
             test_lang_spec_texts)
