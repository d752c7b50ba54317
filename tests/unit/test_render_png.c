/* The PNG writer (render/output.c) on surfaces the map renders do not make:
 * translucent and opaque ARGB32 read back exactly as Cairo's own writer gave
 * them (un-premultiplied with Cairo's rounding, RGB when nothing is
 * translucent), RGB24 carries the render's DPI in pHYs, the same surface
 * gives the same bytes, and a full device is a one-line write error. */
#include "pm_test.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define W 256
#define H 256

/* Every premultiplied value a pixel can hold: alpha from the row, colour up
 * to it from the column (with `opaque`, alpha 255 throughout). */
static cairo_surface_t *test_surface(cairo_format_t format, int opaque)
{
    cairo_surface_t *s = cairo_image_surface_create(format, W, H);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < H; y++) {
        uint32_t *px = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < W; x++) {
            uint32_t a = opaque ? 255 : (uint32_t)y, c = (uint32_t)x < a ? (uint32_t)x : a;
            px[x] = a << 24 | c << 16 | (c / 2) << 8 | (a - c);
        }
    }
    cairo_surface_mark_dirty(s);
    return s;
}

/* Write `s` through pm_output as a render would, at 150 dpi. */
static pm_status write_ours(cairo_surface_t *s, const char *path, pm_error *err)
{
    pm_output out;
    pm_status st = pm_output_open(&out, path, PM_FORMAT_PNG, W * 72.0 / 150, H * 72.0 / 150, W, H,
                                  err);
    if (st == PM_OK) {
        cairo_surface_destroy(out.surface);
        out.surface = cairo_surface_reference(s);
        st = pm_output_commit(&out, err);
    }
    if (st != PM_OK)
        pm_output_abort(&out);
    return st;
}

/* The file's pixels as straight (not premultiplied) RGBA bytes. */
static unsigned char *read_rgba(const char *path)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_file(&im, path));
    assert_int_equal(im.width, W);
    assert_int_equal(im.height, H);
    im.format = PNG_FORMAT_RGBA;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(im));
    assert_non_null(buf);
    assert_true(png_image_finish_read(&im, NULL, buf, 0, NULL));
    return buf;
}

static unsigned char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    rewind(f);
    unsigned char *buf = malloc((size_t)*len);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)*len, f), (size_t)*len);
    fclose(f);
    return buf;
}

static int contains(const unsigned char *b, long n, const void *what, size_t len)
{
    for (long i = 0; i + (long)len <= n; i++)
        if (memcmp(b + i, what, len) == 0)
            return 1;
    return 0;
}

/* IHDR's colour type: 2 RGB, 6 RGBA. */
static int color_type(const char *path)
{
    long len;
    unsigned char *b = slurp(path, &len);
    assert_true(len > 26);
    int t = b[25];
    free(b);
    return t;
}

/* Same pixels and colour type as cairo_surface_write_to_png. */
static void check_like_cairo(cairo_format_t format, int opaque, int type)
{
    cairo_surface_t *s = test_surface(format, opaque);
    const char *ours = pm_test_tmp("ours.png"), *theirs = pm_test_tmp("cairo.png");
    pm_error err = {0};
    if (write_ours(s, ours, &err) != PM_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(cairo_surface_write_to_png(s, theirs), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    assert_int_equal(color_type(ours), type);
    assert_int_equal(color_type(theirs), type);
    unsigned char *a = read_rgba(ours), *b = read_rgba(theirs);
    assert_memory_equal(a, b, (size_t)W * H * 4);
    free(a);
    free(b);
}

static void test_translucent(void **state)
{
    (void)state;
    check_like_cairo(CAIRO_FORMAT_ARGB32, 0, PNG_COLOR_TYPE_RGB_ALPHA);
}

static void test_opaque_argb(void **state)
{
    (void)state;
    check_like_cairo(CAIRO_FORMAT_ARGB32, 1, PNG_COLOR_TYPE_RGB);
}

static void test_rgb24(void **state)
{
    (void)state;
    check_like_cairo(CAIRO_FORMAT_RGB24, 0, PNG_COLOR_TYPE_RGB);
}

/* 150 dpi is 5906 pixels per metre; and no time stamp anywhere. */
static void test_dpi_and_same_bytes(void **state)
{
    (void)state;
    cairo_surface_t *s = test_surface(CAIRO_FORMAT_ARGB32, 0);
    const char *p1 = pm_test_tmp("one.png"), *p2 = pm_test_tmp("two.png");
    pm_error err = {0};
    assert_int_equal(write_ours(s, p1, &err), PM_OK);
    assert_int_equal(write_ours(s, p2, &err), PM_OK);
    cairo_surface_destroy(s);
    long n1, n2;
    unsigned char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, (size_t)n1);
    const unsigned char phys[] = {0, 0, 0, 9, 'p', 'H', 'Y', 's', 0, 0, 0x17, 0x12,
                                  0, 0, 0x17, 0x12, 1};
    assert_true(contains(b1, n1, phys, sizeof phys));
    assert_false(contains(b1, n1, "tIME", 4));
    free(b1);
    free(b2);
}

/* libpng's failed write comes back as the system's reason, on one line. */
static void test_full_device(void **state)
{
    (void)state;
    cairo_surface_t *s = test_surface(CAIRO_FORMAT_ARGB32, 0);
    pm_error err = {0};
    assert_int_equal(write_ours(s, "/dev/full", &err), PM_ERR_IO);
    cairo_surface_destroy(s);
    assert_string_equal(err.msg, "/dev/full: cannot write: No space left on device");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translucent),
        cmocka_unit_test(test_opaque_argb),
        cmocka_unit_test(test_rgb24),
        cmocka_unit_test(test_dpi_and_same_bytes),
        cmocka_unit_test(test_full_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
