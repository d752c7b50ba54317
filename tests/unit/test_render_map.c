/* Rendering the fixture map (tests/data/render) for real: PNG size and pixel
 * colours at known features, label boxes, legend entries, SVG/PDF that other
 * tools rasterise to the same colours, identical bytes on re-render, and no
 * file left behind when the output cannot be written. */
#include "pm_test.h"

#include <cairo.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "geo_assert.h"
#include "pm_map_data.h"
#include "pm_render.h"

static const pm_test_map *fx;

static int setup(void **state)
{
    pm_test_map_setup(state);
    fx = *state;
    return 0;
}

static void render_ok(const char *path, const pm_render_options *opts, pm_render_result *res)
{
    pm_error err = {0};
    pm_status st = pm_render_file(fx->map, path, opts, res, &err);
    if (st != PM_OK)
        fail_msg("render %s: %s", path, err.msg);
}

/* Page position (output units) of a lon/lat point. */
static void page_xy(const pm_render_result *res, double lon, double lat, double *x, double *y)
{
    double xy[2] = {lon, lat};
    pm_error err = {0};
    assert_int_equal(pm_crs_forward(fx->map->crs, xy, 1, &err), PM_OK);
    *x = res->map_to_page[0] * xy[0] + res->map_to_page[1];
    *y = res->map_to_page[2] * xy[1] + res->map_to_page[3];
}

typedef struct rgb {
    int r, g, b;
} rgb;

static rgb pixel(const char *png, double x, double y)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        fail_msg("%s does not open as a PNG", png);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int px = (int)x, py = (int)y;
    if (px < 0 || py < 0 || px >= w || py >= h)
        fail_msg("%s: pixel %d,%d outside %dx%d", png, px, py, w, h);
    cairo_surface_flush(s);
    const unsigned char *row = cairo_image_surface_get_data(s) +
                               (size_t)py * (size_t)cairo_image_surface_get_stride(s);
    uint32_t v;
    memcpy(&v, row + 4 * px, 4);
    cairo_surface_destroy(s);
    rgb c = {(int)(v >> 16 & 0xff), (int)(v >> 8 & 0xff), (int)(v & 0xff)};
    return c;
}

static void png_size(const char *png, int *w, int *h)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    cairo_surface_destroy(s);
}

#define assert_rgb(c, R, G, B, tol)                                                     \
    do {                                                                                \
        rgb c_ = (c);                                                                   \
        if (abs(c_.r - (R)) > (tol) || abs(c_.g - (G)) > (tol) || abs(c_.b - (B)) > (tol)) \
            fail_msg("%s = #%02x%02x%02x, expected #%02x%02x%02x", #c, c_.r, c_.g, c_.b,   \
                     (R), (G), (B));                                                    \
    } while (0)

static int covered_by(const pm_render_result *res, const char *kind, double x, double y)
{
    for (int i = 0; i < res->n_boxes; i++) {
        const pm_render_box *b = &res->boxes[i];
        if ((!kind || strcmp(b->kind, kind) == 0) && x >= b->x && x <= b->x + b->w &&
            y >= b->y && y <= b->y + b->h)
            return 1;
    }
    return 0;
}

/* Known spots of the fixture, with the colour each must show. */
typedef struct spot {
    const char *what;
    double lon, lat;
    int r, g, b;
} spot;

static const spot SPOTS[] = {
    {"研发 zone fill", 104.01, 30.61, 0x30, 0x70, 0xd0},
    {"hole in the 研发 zone", 104.06, 30.64, 0xff, 0xff, 0xff},
    {"制造 zone fill", 104.17, 30.61, 0xa0, 0x40, 0xc0},
    {"road line", 104.13, 30.585, 0x00, 0xa0, 0x00},
    {"between the zones", 104.09, 30.665, 0xff, 0xff, 0xff},
};

static void check_spots(const char *png, const pm_render_result *res, double scale, int tol)
{
    for (size_t i = 0; i < sizeof SPOTS / sizeof SPOTS[0]; i++) {
        double x, y;
        page_xy(res, SPOTS[i].lon, SPOTS[i].lat, &x, &y);
        if (covered_by(res, NULL, x, y))
            fail_msg("%s: spot under a label or furniture", SPOTS[i].what);
        rgb c = pixel(png, x * scale, y * scale);
        if (abs(c.r - SPOTS[i].r) > tol || abs(c.g - SPOTS[i].g) > tol || abs(c.b - SPOTS[i].b) > tol)
            fail_msg("%s: %s at %.0f,%.0f is #%02x%02x%02x, expected #%02x%02x%02x", png,
                     SPOTS[i].what, x * scale, y * scale, c.r, c.g, c.b,
                     SPOTS[i].r, SPOTS[i].g, SPOTS[i].b);
    }
}

static void test_png_size_and_colours(void **state)
{
    (void)state;
    const char *png = pm_test_tmp("map.png");
    pm_render_result res;
    render_ok(png, NULL, &res);
    /* 200 x 150 mm at the spec's 96 dpi. */
    int w, h;
    png_size(png, &w, &h);
    assert_int_equal(w, 756);
    assert_int_equal(h, 567);
    assert_int_equal(res.width, 756);
    assert_int_equal(res.height, 567);
    check_spots(png, &res, 1, 3);
    /* Outside the frame is paper; the neat line is dark. */
    assert_rgb(pixel(png, 3, 3), 0xff, 0xff, 0xff, 0);
    const double *fr = res.map_frame;
    assert_true(fr[0] > 0 && fr[1] > 0 && fr[0] + fr[2] < w && fr[1] + fr[3] < h);
    rgb line = pixel(png, fr[0] + 0.5 * fr[2], fr[1]);
    assert_true(line.r < 0x80 && line.g < 0x80 && line.b < 0x80);
    /* The core star is red at its own position. */
    double x, y;
    page_xy(&res, 104.14, 30.53, &x, &y);
    rgb star = pixel(png, x, y);
    assert_true(star.r > 0xb0 && star.g < 0x50 && star.b < 0x50);
    pm_render_result_free(&res);
}

static int overlap(const pm_render_box *a, const pm_render_box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static const pm_render_box *find_box(const pm_render_result *res, const char *kind, const char *text)
{
    for (int i = 0; i < res->n_boxes; i++)
        if (strcmp(res->boxes[i].kind, kind) == 0 && (!text || strcmp(res->boxes[i].text, text) == 0))
            return &res->boxes[i];
    return NULL;
}

static void test_labels(void **state)
{
    (void)state;
    pm_render_result res;
    render_ok(pm_test_tmp("labels.png"), NULL, &res);
    const char *expected[] = {"研发区", "南部智能制造示范区核心承载地", "西部组团", "核心节点", "科学会堂"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!find_box(&res, "label", expected[i]))
            fail_msg("label %s was not placed", expected[i]);
    assert_null(find_box(&res, "label", "隐藏公园"));   /* hidden feature */
    assert_null(find_box(&res, "label", "示范项目"));   /* projects are not labelled */
    const double *fr = res.map_frame;
    for (int i = 0; i < res.n_boxes; i++) {
        const pm_render_box *a = &res.boxes[i];
        assert_true(a->x >= 0 && a->y >= 0 && a->x + a->w <= res.width && a->y + a->h <= res.height);
        if (strcmp(a->kind, "label") != 0)
            continue;
        assert_true(a->x >= fr[0] && a->x + a->w <= fr[0] + fr[2]);
        for (int j = 0; j < res.n_boxes; j++) {
            const pm_render_box *b = &res.boxes[j];
            int other = strcmp(b->kind, "label") == 0 || strcmp(b->kind, "marker") == 0 ||
                        strcmp(b->kind, "scalebar") == 0 || strcmp(b->kind, "northarrow") == 0;
            if (i != j && other && overlap(a, b))
                fail_msg("label %s overlaps %s %s", a->text, b->kind, b->text);
        }
    }
    /* The long name wraps into a block instead of one long line. */
    const pm_render_box *lng = find_box(&res, "label", "南部智能制造示范区核心承载地");
    const pm_render_box *shrt = find_box(&res, "label", "研发区");
    assert_true(lng->h > 1.6 * shrt->h);
    assert_true(lng->w < 0.35 * fr[2]);
    pm_render_result_free(&res);
}

static void test_legend(void **state)
{
    (void)state;
    pm_render_result res;
    render_ok(pm_test_tmp("legend.png"), NULL, &res);
    /* Rules with a legend that drew: not 服务 (no feature), in draw order. */
    const char *expected[] = {"研发区", "制造区", "道路", "发展主轴", "核心", "重点项目"};
    int n = 0;
    for (int i = 0; i < res.n_boxes; i++) {
        if (strcmp(res.boxes[i].kind, "legend-item") != 0)
            continue;
        assert_true(n < 6);
        assert_string_equal(res.boxes[i].text, expected[n]);
        n++;
    }
    assert_int_equal(n, 6);
    const pm_render_box *panel = find_box(&res, "legend", "图例");
    assert_non_null(panel);
    assert_true(panel->x >= res.map_frame[0] + res.map_frame[2]);   /* beside the map */
    const pm_render_box *title = find_box(&res, "title", "测试规划空间结构示意图");
    assert_non_null(title);
    assert_true(title->y + title->h <= res.map_frame[1]);
    const pm_render_box *note = find_box(&res, "note", NULL);
    assert_non_null(note);
    assert_true(note->y >= res.map_frame[1] + res.map_frame[3]);
    assert_non_null(strstr(note->text, "资料来源：测试规划甲；测试规划乙"));
    assert_null(strstr(note->text, "不应出现"));
    assert_non_null(find_box(&res, "scalebar", NULL));
    assert_non_null(find_box(&res, "northarrow", NULL));
    pm_render_result_free(&res);
}

/* The same map in SVG and PDF rasterised by librsvg and poppler shows the
 * same colours at the same places as the PNG (page units are points there). */
static void test_svg_pdf_match_png(void **state)
{
    (void)state;
    const char *svg = pm_test_tmp("map.svg"), *pdf = pm_test_tmp("map.pdf");
    pm_render_result res;
    render_ok(svg, NULL, &res);
    pm_render_result_free(&res);
    render_ok(pdf, NULL, &res);
    assert_int_equal(res.width, 567);   /* 200 mm in points */
    assert_int_equal(res.height, 425);
    char cmd[8192];
    if (system("command -v rsvg-convert >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "rsvg-convert -d 144 -p 144 -o '%s' '%s'", pm_test_tmp("svg.png"), svg);
        assert_int_equal(system(cmd), 0);
        check_spots(pm_test_tmp("svg.png"), &res, 2, 8);
    } else {
        print_message("rsvg-convert missing: SVG not rasterised\n");
    }
    if (system("command -v pdftoppm >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "pdftoppm -r 144 -png -singlefile '%s' '%s'", pdf, pm_test_tmp("pdf"));
        assert_int_equal(system(cmd), 0);
        check_spots(pm_test_tmp("pdf.png"), &res, 2, 8);
    } else {
        print_message("pdftoppm missing: PDF not rasterised\n");
    }
    pm_render_result_free(&res);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    buf[len] = 0;
    *n = (size_t)len;
    return buf;
}

static void test_same_bytes(void **state)
{
    (void)state;
    const char *ext[] = {"png", "svg", "pdf"};
    for (int k = 0; k < 3; k++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "one.%s", ext[k]);
        snprintf(b, sizeof b, "two.%s", ext[k]);
        render_ok(pm_test_tmp(a), NULL, NULL);
        render_ok(pm_test_tmp(b), NULL, NULL);
        size_t na, nb;
        char *da = slurp(pm_test_tmp(a), &na), *db = slurp(pm_test_tmp(b), &nb);
        if (na != nb || memcmp(da, db, na) != 0)
            fail_msg("%s: two renders differ (%zu vs %zu bytes)", ext[k], na, nb);
        if (k == 2)
            assert_null(strstr(da, "/CreationDate"));
        free(da);
        free(db);
    }
}

static int leftovers(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void test_unwritable(void **state)
{
    (void)state;
    pm_error err = {0};
    /* A folder that cannot exist (its parent is a file): nothing is written. */
    pm_test_write("plain-file", "x");
    const char *bad = pm_test_tmp("plain-file/map.png");
    assert_int_equal(pm_render_file(fx->map, bad, NULL, NULL, &err), PM_ERR_IO);
    assert_contains(err.msg, bad);
    struct stat st;
    assert_int_not_equal(stat(bad, &st), 0);
    /* The target is a folder: the rename fails and the temporary is removed. */
    const char *dir = pm_test_tmp("out-dir");
    assert_int_equal(mkdir(dir, 0755), 0);
    const char *target = pm_test_tmp("out-dir/is-a-dir.png");
    assert_int_equal(mkdir(target, 0755), 0);
    pm_error_clear(&err);
    assert_int_equal(pm_render_file(fx->map, target, NULL, NULL, &err), PM_ERR_IO);
    assert_contains(err.msg, target);
    assert_int_equal(leftovers(dir), 0);
    /* No format from the name and none given. */
    pm_error_clear(&err);
    assert_int_equal(pm_render_file(fx->map, pm_test_tmp("map.txt"), NULL, NULL, &err), PM_ERR_USAGE);
    assert_int_not_equal(stat(pm_test_tmp("map.txt"), &st), 0);
}

static void test_options(void **state)
{
    (void)state;
    /* Exact pixel size wins over dpi; an explicit format wins over the name. */
    pm_render_options o = {.format = PM_FORMAT_PNG, .dpi = 300, .width_px = 640, .height_px = 640};
    pm_render_result res;
    const char *path = pm_test_tmp("square.img");
    render_ok(path, &o, &res);
    int w, h;
    png_size(path, &w, &h);
    assert_int_equal(w, 640);
    assert_int_equal(h, 640);
    check_spots(path, &res, 1, 3);
    pm_render_result_free(&res);
    pm_render_options dpi = {.format = PM_FORMAT_AUTO, .dpi = 48};
    render_ok(pm_test_tmp("small.png"), &dpi, &res);
    png_size(pm_test_tmp("small.png"), &w, &h);
    assert_int_equal(w, 378);
    assert_int_equal(h, 283);
    pm_render_result_free(&res);
    assert_int_equal(pm_format_from_path("a/b.c/map.PDF"), PM_FORMAT_PDF);
    assert_int_equal(pm_format_from_path("a/b.svg/map"), PM_FORMAT_AUTO);
    assert_int_equal(pm_format_from_name("Svg"), PM_FORMAT_SVG);
    assert_int_equal(pm_format_from_name("tiff"), PM_FORMAT_AUTO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_size_and_colours),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_legend),
        cmocka_unit_test(test_svg_pdf_match_png),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests_name("render", tests, setup, pm_test_map_teardown);
}
