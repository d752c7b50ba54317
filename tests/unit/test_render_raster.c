/* The rasteriser (render/raster.c) against Cairo: the same polygons (with
 * holes), lines (thin and thick, sharp turns, a hairpin, a line crossing
 * itself) and markers drawn both ways must give the same pixels, within
 * anti-aliasing rounding; nothing is drawn outside the clip; the A8 ink mask
 * works; absurd coordinates do not crash. */
#include "pm_test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raster_internal.h"

#define W 160
#define H 120

typedef struct pair {
    cairo_surface_t *ref, *ras;
    cairo_t *cref, *cras;
    pm_raster *r;
} pair;

static const pm_rect clip_all = {0, 0, W, H};

static void pair_open(pair *p, cairo_format_t f, double scale, pm_rect clip)
{
    p->ref = cairo_image_surface_create(f, W, H);
    p->ras = cairo_image_surface_create(f, W, H);
    p->cref = cairo_create(p->ref);
    p->cras = cairo_create(p->ras);
    for (int i = 0; i < 2; i++) {
        cairo_t *cr = i ? p->cras : p->cref;
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
    }
    cairo_rectangle(p->cref, clip.x, clip.y, clip.w, clip.h);
    cairo_clip(p->cref);
    p->r = pm_raster_create(p->cras, clip);
    assert_non_null(p->r);
    pm_raster_begin(p->r);
}

static void pair_close(pair *p)
{
    pm_raster_end(p->r);
    assert_false(pm_raster_failed(p->r));
    pm_raster_destroy(p->r);
    cairo_destroy(p->cref);
    cairo_destroy(p->cras);
    cairo_surface_destroy(p->ref);
    cairo_surface_destroy(p->ras);
}

static int channel(uint32_t px, int k)
{
    return (int)((px >> (8 * k)) & 255);
}

/* Mean and largest per-channel difference, and the ink (sum of darkness) of
 * each image, so a systematic bolder or thinner result shows. */
static int max_x, max_y;

static void compare(const pair *p, double *mean, int *max, double *ink_ref, double *ink_ras)
{
    cairo_surface_flush(p->ref);
    cairo_surface_flush(p->ras);
    const unsigned char *a = cairo_image_surface_get_data(p->ref);
    const unsigned char *b = cairo_image_surface_get_data(p->ras);
    int stride = cairo_image_surface_get_stride(p->ref);
    double sum = 0;
    *max = 0;
    *ink_ref = *ink_ras = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t pa = ((const uint32_t *)(a + y * stride))[x];
            uint32_t pb = ((const uint32_t *)(b + y * stride))[x];
            for (int k = 0; k < 3; k++) {
                int d = abs(channel(pa, k) - channel(pb, k));
                sum += d;
                if (d > *max) {
                    *max = d;
                    max_x = x;
                    max_y = y;
                }
                *ink_ref += 255 - channel(pa, k);
                *ink_ras += 255 - channel(pb, k);
            }
        }
    *mean = sum / (3.0 * W * H);
}

static void expect_same(const pair *p, double max_mean, int max_px, double ink_ratio)
{
    double mean, ink_a, ink_b;
    int max;
    compare(p, &mean, &max, &ink_a, &ink_b);
    if (mean > max_mean || max > max_px || fabs(ink_b / ink_a - 1) > ink_ratio) {
        cairo_surface_write_to_png(p->ref, pm_test_tmp("raster-cairo.png"));
        cairo_surface_write_to_png(p->ras, pm_test_tmp("raster-ours.png"));
        fail_msg("raster vs cairo: mean %.3f (<= %.3f), max %d (<= %d) at %d,%d, ink %.0f vs %.0f"
                 " (images in %s)", mean, max_mean, max, max_px, max_x, max_y, ink_a, ink_b,
                 pm_test_tmp(""));
    }
}

static const pm_color blue = {0.2, 0.4, 0.8, 1}, dark = {0.05, 0.1, 0.3, 1},
                      green = {0.19, 0.64, 0.33, 1}, half_red = {0.9, 0.1, 0.1, 0.5};

static void cairo_ring(cairo_t *cr, const double *xy, int n)
{
    for (int i = 0; i < n; i++)
        (i ? cairo_line_to : cairo_move_to)(cr, xy[2 * i], xy[2 * i + 1]);
    cairo_close_path(cr);
}

static void test_polygon_with_hole(void **state)
{
    (void)state;
    /* Exterior counter-clockwise, hole also counter-clockwise: even-odd
     * makes it a hole whatever its winding. */
    static const double xy[] = {10, 10, 10, 100, 140, 100, 140, 10, 50, 30, 50, 80, 100, 80, 100, 30};
    static const int len[] = {4, 4};
    static const char ext[] = {1, 0};
    static const double widths[] = {0, 0.5, 1, 4};
    for (int k = 0; k < 4; k++) {
        pair p;
        pair_open(&p, CAIRO_FORMAT_RGB24, 1, clip_all);
        cairo_ring(p.cref, xy, 4);
        cairo_ring(p.cref, xy + 8, 4);
        cairo_set_fill_rule(p.cref, CAIRO_FILL_RULE_EVEN_ODD);
        pm_set_color(p.cref, blue, 1);
        cairo_fill_preserve(p.cref);
        if (widths[k] > 0) {
            cairo_set_line_width(p.cref, widths[k]);
            cairo_set_line_join(p.cref, CAIRO_LINE_JOIN_ROUND);
            pm_set_color(p.cref, dark, 1);
            cairo_stroke(p.cref);
        }
        cairo_new_path(p.cref);
        pm_raster_polygon(p.r, xy, len, ext, 2, blue, dark, widths[k]);
        pm_raster_end(p.r);
        expect_same(&p, 0.5, 40, 0.01);
        /* the hole shows the background */
        const unsigned char *d = cairo_image_surface_get_data(p.ras);
        uint32_t hole = ((const uint32_t *)(d + 55 * cairo_image_surface_get_stride(p.ras)))[75];
        assert_int_equal(hole & 0xFFFFFF, 0xFFFFFF);
        pair_close(&p);
    }
}

static void zigzag(double *xy, int n)
{
    for (int i = 0; i < n; i++) {
        xy[2 * i] = 8 + i * 140.0 / (n - 1);
        xy[2 * i + 1] = 60 + (i % 2 ? -35 : 35) * (i % 3 ? 1 : 0.3);
    }
}

static void cairo_line(cairo_t *cr, const double *xy, int n, double width, pm_color c)
{
    for (int i = 0; i < n; i++)
        (i ? cairo_line_to : cairo_move_to)(cr, xy[2 * i], xy[2 * i + 1]);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    pm_set_color(cr, c, 1);
    cairo_stroke(cr);
}

static void test_lines(void **state)
{
    (void)state;
    static const double widths[] = {0.5, 1, 2, 6, 12};
    double xy[2 * 9];
    zigzag(xy, 9);
    for (int k = 0; k < 5; k++) {
        pair p;
        pair_open(&p, CAIRO_FORMAT_RGB24, 1, clip_all);
        cairo_line(p.cref, xy, 9, widths[k], green);
        pm_raster_line(p.r, xy, 9, green, widths[k]);
        pm_raster_end(p.r);
        expect_same(&p, 0.6, 64, 0.03);
        pair_close(&p);
    }
}

/* A hairpin (the line turns back on itself) and a line crossing itself,
 * translucent: the union is covered once, as Cairo's single stroke does. */
static void test_hairpin_and_crossing(void **state)
{
    (void)state;
    static const double pin[] = {20, 20, 140, 22, 20, 26};
    static const double cross[] = {20, 60, 140, 110, 140, 60, 20, 110};
    pair p;
    pair_open(&p, CAIRO_FORMAT_RGB24, 1, clip_all);
    cairo_line(p.cref, pin, 3, 5, half_red);
    cairo_line(p.cref, cross, 4, 5, half_red);
    pm_raster_line(p.r, pin, 3, half_red, 5);
    pm_raster_line(p.r, cross, 4, half_red, 5);
    pm_raster_end(p.r);
    expect_same(&p, 0.6, 80, 0.03);
    /* at the crossing the colour is that of one layer of paint */
    const unsigned char *d = cairo_image_surface_get_data(p.ras);
    uint32_t at = ((const uint32_t *)(d + 85 * cairo_image_surface_get_stride(p.ras)))[80];
    assert_in_range(channel(at, 1), 0x70, 0x90);   /* green: 255 * (1 - 0.5) + 0.1 * 255 * 0.5 */
    pair_close(&p);
}

static void test_markers(void **state)
{
    (void)state;
    static const pm_marker_shape shapes[] = {PM_MARKER_CIRCLE, PM_MARKER_SQUARE, PM_MARKER_TRIANGLE,
                                             PM_MARKER_DIAMOND, PM_MARKER_STAR};
    pair p;
    pair_open(&p, CAIRO_FORMAT_ARGB32, 2, (pm_rect){0, 0, W / 2.0, H / 2.0});
    for (int k = 0; k < 5; k++)
        for (int j = 0; j < 3; j++) {
            double x = 8 + k * 15.3, y = 10 + j * 18.7, size = 3 + 5 * j, w = j == 2 ? 1 : 0;
            pm_style s = {0};
            s.marker = shapes[k];
            s.fill = blue;
            s.stroke = dark;
            s.width = w;
            cairo_save(p.cref);
            cairo_set_line_join(p.cref, CAIRO_LINE_JOIN_ROUND);
            pm_draw_marker(p.cref, &s, x, y, size);
            cairo_restore(p.cref);
            double ring[2 * PM_MARKER_RING];
            int n = pm_marker_ring(shapes[k], x, y, size, 2, ring);
            pm_raster_marker(p.r, ring, n, blue, dark, w);
        }
    pm_raster_end(p.r);
    expect_same(&p, 0.6, 80, 0.03);
    pair_close(&p);
}

/* Small markers from kept coverage (pm_raster_marker_at) against the same
 * markers drawn as shapes, at many sub-pixel positions, with and without
 * outlines, in more styles than are kept (the rest are drawn as shapes);
 * then, in styles that are all kept, cut by a clip: the same pixels inside
 * it, none outside. */
static void stamp_markers(pm_raster *stamps, pm_raster *shapes, int few_styles)
{
    static const pm_marker_shape kinds[] = {PM_MARKER_CIRCLE, PM_MARKER_SQUARE, PM_MARKER_TRIANGLE,
                                            PM_MARKER_DIAMOND, PM_MARKER_STAR};
    for (int i = 0; i < 120; i++) {
        pm_marker_shape k = kinds[i % 5];
        /* Positions in steps of odd fractions of a pixel, rows apart. */
        double x = 4 + (i % 12) * 6.1 + i * 0.0137, y = 4 + (i / 12) * 5.4 + i * 0.0291;
        double size = i % 3 == 0 || few_styles ? 3 : i % 3 == 1 ? 4.5 : 2, w = i % 4 == 0 ? 0.6 : 0;
        if (shapes) {
            double ring[2 * PM_MARKER_RING];
            int n = pm_marker_ring(k, x, y, size, 2, ring);
            pm_raster_marker(shapes, ring, n, blue, dark, w);
        }
        pm_raster_marker_at(stamps, k, x, y, size, 2, blue, dark, w);
    }
}

static void test_marker_stamps(void **state)
{
    (void)state;
    pair p;
    pair_open(&p, CAIRO_FORMAT_ARGB32, 2, clip_all);
    pm_raster *shapes = pm_raster_create(p.cref, clip_all);
    assert_non_null(shapes);
    pm_raster_begin(shapes);
    stamp_markers(p.r, shapes, 0);
    pm_raster_end(shapes);
    assert_false(pm_raster_failed(shapes));
    pm_raster_destroy(shapes);
    pm_raster_end(p.r);
    /* Positions rounded to 1/32 device pixel: a few levels at most, at
     * edges (a tenth of a level on average). */
    expect_same(&p, 0.1, 6, 0.003);
    pair_close(&p);

    pm_rect clip = {3, 4, W / 2.0 - 10, H / 2.0 - 9};
    pair_open(&p, CAIRO_FORMAT_ARGB32, 2, clip);
    pm_raster *whole = pm_raster_create(p.cref, clip_all);
    pm_raster_begin(whole);
    stamp_markers(whole, NULL, 1);
    pm_raster_end(whole);
    pm_raster_destroy(whole);
    stamp_markers(p.r, NULL, 1);
    pm_raster_end(p.r);
    cairo_surface_flush(p.ref);
    cairo_surface_flush(p.ras);
    const unsigned char *a = cairo_image_surface_get_data(p.ref), *b = cairo_image_surface_get_data(p.ras);
    int stride = cairo_image_surface_get_stride(p.ref);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t pa = ((const uint32_t *)(a + y * stride))[x], pb = ((const uint32_t *)(b + y * stride))[x];
            int in = x >= 6 && x < 2 * (3 + clip.w) && y >= 8 && y < 2 * (4 + clip.h);
            if (in ? pa != pb : pb != 0xFFFFFFFFu)
                fail_msg("pixel %d,%d: %08x with the clip, %08x without (%s it)", x, y, pb, pa,
                         in ? "inside" : "outside");
        }
    pair_close(&p);
}

/* Nothing lands outside the clip, even from a shape that runs far past it
 * or has absurd coordinates. */
static void test_clip_and_huge(void **state)
{
    (void)state;
    pm_rect clip = {20, 20, 100, 60};
    pair p;
    pair_open(&p, CAIRO_FORMAT_RGB24, 1, clip);
    static const double big[] = {-1e9, -1e9, 1e12, 5, 3e9, 1e11, 30, 1e10};
    static const int len[] = {4};
    static const char ext[] = {1};
    pm_raster_polygon(p.r, big, len, ext, 1, blue, dark, 3);
    pm_raster_line(p.r, big, 4, green, 2);
    pm_raster_end(p.r);
    cairo_surface_flush(p.ras);
    const unsigned char *d = cairo_image_surface_get_data(p.ras);
    int stride = cairo_image_surface_get_stride(p.ras);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int in = x >= 20 && x < 120 && y >= 20 && y < 80;
            uint32_t px = ((const uint32_t *)(d + y * stride))[x] & 0xFFFFFF;
            if (!in && px != 0xFFFFFF)
                fail_msg("pixel %d,%d outside the clip was drawn: %06x", x, y, px);
        }
    pair_close(&p);
}

/* The ink mask (A8) takes the same shapes. */
static void test_a8(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_translate(cr, -10, -10);
    pm_raster *r = pm_raster_create(cr, (pm_rect){10, 10, W, H});
    assert_non_null(r);
    pm_raster_begin(r);
    static const double sq[] = {30, 30, 60, 30, 60, 60, 30, 60};
    static const int len[] = {4};
    static const char ext[] = {1};
    pm_color black = {0, 0, 0, 1};
    pm_raster_polygon(r, sq, len, ext, 1, black, black, 0);
    pm_raster_end(r);
    pm_raster_destroy(r);
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    assert_int_equal(d[35 * stride + 35], 255);   /* page 45,45 */
    assert_int_equal(d[5 * stride + 5], 0);
    assert_int_equal(d[55 * stride + 55], 0);       /* page 65,65: outside */
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Every dst pixel blended at coverage in [full, 1) gives the solid pixel. */
static void check_full_cover(const pm_raster *r, pm_color c)
{
    double full = pm_raster_full_cover(r, c);
    uint32_t solid = pm_raster_solid_px(r, c);
    assert_true(full <= 1);
    const double cov[] = {full, nextafter(full, 2), 0.5 * (full + 1), nextafter(1, 0)};
    for (int k = 0; k < 4; k++) {
        if (!(cov[k] >= full && cov[k] < 1))
            continue;
        for (unsigned d = 0; d < 256; d++) {
            uint32_t dst[] = {0xFF000000u | d << 16 | d << 8 | d,
                              (255 - d) << 24 | (d * 7 & 255) << 16 | (d * 13 & 255) << 8 | (255 - d)};
            for (int i = 0; i < 2; i++)
                if (pm_raster_blend_argb(dst[i], cov[k], c) != solid)
                    fail_msg("colour %.17g %.17g %.17g over %08x at coverage %.17g: %08x, not %08x", c.r,
                             c.g, c.b, dst[i], cov[k], pm_raster_blend_argb(dst[i], cov[k], c), solid);
        }
    }
}

/* A pixel an opaque colour covers all but a few 1e-8 (a shape's inside:
 * its edges' shares add up in floats) takes the solid pixel, the bytes a
 * blend gives: the threshold holds for every channel value, and where a
 * channel's rounding is close (an odd colour) it falls back to 1. */
static void test_full_cover(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *cr = cairo_create(s);
    pm_raster *r = pm_raster_create(cr, (pm_rect){0, 0, 8, 8});
    assert_non_null(r);
    for (int n = 0; n < 256; n++)
        check_full_cover(r, (pm_color){n / 255.0, (n * 7 % 256) / 255.0, (n * 13 % 256) / 255.0, 1});
    assert_true(pm_raster_full_cover(r, (pm_color){253 / 255.0, 208 / 255.0, 162 / 255.0, 1}) < 0.9999);
    check_full_cover(r, blue);
    check_full_cover(r, green);
    pm_color close = {127.5 / 255.0, 0.5, 0.5, 1};   /* 128.0 when solid: no room */
    check_full_cover(r, close);
    assert_true(pm_raster_full_cover(r, close) == 1);
    assert_true(pm_raster_blend_argb(0xFF000000u, nextafter(1, 0), close) != pm_raster_solid_px(r, close));
    check_full_cover(r, (pm_color){127.4999 / 255.0, 0.3, 0.7, 1});
    assert_true(isinf(pm_raster_full_cover(r, half_red)));
    pm_raster_destroy(r);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Vector surfaces and rotated transforms stay with Cairo. */
static void test_not_for_vectors(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    assert_null(pm_raster_create(cr, clip_all));
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cr = cairo_create(s);
    cairo_rotate(cr, 0.3);
    assert_null(pm_raster_create(cr, clip_all));
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

PM_TEST_MAIN(test_polygon_with_hole,
             test_lines,
             test_hairpin_and_crossing,
             test_markers,
             test_marker_stamps,
             test_clip_and_huge,
             test_a8,
             test_full_cover,
             test_not_for_vectors)
