/* The drawing back ends (render/draw_backend.h): a band passes on only what
 * touches its part of the page, and the two bands of a split together draw
 * what the whole would; the page back end offers two threads only where the
 * scan converter draws (image surfaces, plain styles); features gathered
 * into one Cairo path look as they would drawn one by one, translucent
 * overlaps included. */
#include "pm_test.h"

#include <stdint.h>
#include <string.h>

#include "draw_backend.h"

#define W 100
#define H 100

static const pm_rect frame = {0, 0, W, H};

static cairo_t *canvas(cairo_surface_t **s)
{
    *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(*s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    return cr;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    const unsigned char *row = cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s);
    return ((const uint32_t *)row)[x] & 0xffffff;
}

static pm_style plain(double r, double g, double b, double a)
{
    pm_style s;
    memset(&s, 0, sizeof s);
    s.fill = (pm_color){r, g, b, a};
    s.stroke = s.fill;
    s.opacity = 1;
    return s;
}

/* A square of side d at x, y as a one-part shape. */
static pm_shape square(double *xy, const int *len, const char *ext, double x, double y, double d)
{
    double v[] = {x, y, x + d, y, x + d, y + d, x, y + d};
    memcpy(xy, v, sizeof v);
    return (pm_shape){.xy = xy, .len = len, .exterior = ext, .n = 1, .box = {x, y, x + d, y + d}};
}

static void test_bands(void **state)
{
    (void)state;
    cairo_surface_t *s;
    cairo_t *cr = canvas(&s);
    pm_backend *page = pm_backend_page(cr, frame, 1);
    assert_non_null(page);
    pm_style red = plain(1, 0, 0, 1), blue = plain(0, 0, 1, 1);
    assert_true(pm_backend_parallel(page, &red, 0));
    assert_false(pm_backend_parallel(page, &red, 1));   /* arrow heads: Cairo */
    pm_backend *band[2];
    double split;
    assert_int_equal(pm_backend_split(page, 50, band, &split), 0);
    assert_true(split > 40 && split < 60);
    double top[4] = {10, 5, 20, 15}, bottom[4] = {10, 85, 20, 95};
    assert_true(pm_backend_covers(band[0], top));
    assert_false(pm_backend_covers(band[0], bottom));
    assert_true(pm_backend_covers(band[1], bottom));
    assert_false(pm_backend_covers(band[1], top));
    /* The whole frame drawn into each band: each paints its own rows. */
    double xy[8];
    int len[] = {4};
    char ext[] = {1};
    pm_shape all = square(xy, len, ext, 0, 0, W);
    pm_backend_fill(band[0], &all, &red);
    pm_backend_fill(band[1], &all, &blue);
    /* A marker drawn into the band it does not touch is left out. */
    pm_style dot = plain(0, 1, 0, 1);
    dot.marker = PM_MARKER_SQUARE;
    dot.marker_size = 6;
    pm_backend_marker(band[0], 15, 90, &dot, bottom);
    assert_false(pm_backend_failed(band[0]) || pm_backend_failed(band[1]));
    pm_backend_join(page);
    pm_backend_destroy(page);
    assert_int_equal(pixel(s, 50, 10), 0xff0000);
    assert_int_equal(pixel(s, 15, 90), 0x0000ff);
    assert_int_equal(pixel(s, 50, 90), 0x0000ff);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Vector output: Cairo alone, one thread. */
static void test_vector_page(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    assert_null(pm_backend_raster(cr, frame, 1));
    pm_backend *page = pm_backend_page(cr, frame, 1);
    assert_non_null(page);
    pm_style red = plain(1, 0, 0, 1);
    assert_false(pm_backend_parallel(page, &red, 0));
    pm_backend *band[2];
    double split;
    assert_int_equal(pm_backend_split(page, 50, band, &split), -1);
    pm_backend_destroy(page);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Two overlapping translucent squares and a third apart, through one Cairo
 * back end: where they overlap it is darker, as drawn one by one. */
static void test_cairo_runs(void **state)
{
    (void)state;
    cairo_surface_t *s, *ref;
    cairo_t *cr = canvas(&s), *cref = canvas(&ref);
    pm_backend *b = pm_backend_cairo(cr, frame, 1);
    assert_non_null(b);
    pm_style grey = plain(0, 0, 0, 0.5);
    double at[][2] = {{10, 10}, {30, 30}, {70, 10}};
    for (int i = 0; i < 3; i++) {
        double xy[8];
        int len[] = {4};
        char ext[] = {1};
        pm_shape g = square(xy, len, ext, at[i][0], at[i][1], 40 - 20 * (i == 2));
        pm_backend_fill(b, &g, &grey);
        cairo_rectangle(cref, at[i][0], at[i][1], 40 - 20 * (i == 2), 40 - 20 * (i == 2));
        cairo_set_source_rgba(cref, 0, 0, 0, 0.5);
        cairo_fill(cref);
    }
    pm_backend_flush(b);
    pm_backend_destroy(b);
    for (int y = 0; y < H; y += 5)
        for (int x = 0; x < W; x += 5)
            assert_int_equal(pixel(s, x, y), pixel(ref, x, y));
    assert_true(pixel(s, 40, 40) < pixel(s, 15, 15));
    cairo_destroy(cr);
    cairo_destroy(cref);
    cairo_surface_destroy(s);
    cairo_surface_destroy(ref);
}

PM_TEST_MAIN(test_bands,
             test_vector_page,
             test_cairo_runs)
