/* The PNG writer (render/output.c) on surfaces the map renders do not make:
 * translucent and opaque ARGB32 read back exactly as Cairo's own writer gave
 * them (un-premultiplied with Cairo's rounding, RGB when nothing is
 * translucent), RGB24 carries the render's DPI in pHYs, the same surface
 * gives the same bytes, and a full device is a one-line write error. Large
 * images, deflated through ISA-L in one stream or through zlib in bands of
 * a fixed size on the map's threads, read back the same through a strict reader (libpng with
 * every CRC and the Adler-32 checked) and make one valid zlib stream. */
#include "pm_test.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "deflate_internal.h"
#include "render_internal.h"

#define W 256
#define H 256
/* Big enough to be cut into several bands (zlib); odd sizes give bands of
 * unequal height. */
#define BIG_W 1201
#define BIG_H 1101

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

static uint32_t next_random(uint32_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    return *seed;
}

/* Map-like content: noise deflate cannot shrink, flat stripes that repeat
 * across rows (and so across the cut between bands), gradients, and with
 * alpha also a fully transparent strip. */
static uint32_t varied_pixel(int x, int y, int w, int opaque, uint32_t *seed)
{
    uint32_t r, g, b, a;
    if (x < w / 3) {
        uint32_t v = next_random(seed);
        r = v & 0xff, g = v >> 8 & 0xff, b = v >> 16 & 0xff, a = v >> 24;
    } else if (x < 2 * w / 3) {
        uint32_t k = (uint32_t)(y / 37 + x / 50) % 5;
        r = 40 * k, g = 255 - 30 * k, b = 90, a = 128 + 30 * k;
    } else {
        r = (uint32_t)x & 0xff, g = (uint32_t)y & 0xff, b = (uint32_t)(x + y) & 0xff;
        a = (uint32_t)(x * 7 + y * 3) & 0xff;
    }
    if (opaque)
        a = 255;
    else if (y % 200 < 9)
        a = 0;
    return a << 24 | (r * a + 127) / 255 << 16 | (g * a + 127) / 255 << 8 | (b * a + 127) / 255;
}

static cairo_surface_t *varied_surface(int w, int h, int opaque)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t seed = 2463534242u;
    for (int y = 0; y < h; y++) {
        uint32_t *px = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++)
            px[x] = varied_pixel(x, y, w, opaque, &seed);
    }
    cairo_surface_mark_dirty(s);
    return s;
}

/* The context the PNGs below are written with (a map's, in a render). */
static const pm_context *write_context;

/* Write `s` through pm_output as a render would, at 150 dpi. */
static pm_status write_ours(cairo_surface_t *s, const char *path, pm_error *err)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    pm_output out;
    pm_status st = pm_output_open(&out, path, &path, 1, PM_FORMAT_PNG, w * 72.0 / 150,
                                  h * 72.0 / 150, w, h, err);
    out.context = write_context;
    if (st == PM_OK) {
        cairo_surface_destroy(out.surface);
        out.surface = cairo_surface_reference(s);
        st = pm_output_commit(&out, err);
    }
    if (st != PM_OK)
        pm_output_abort(&out);
    return st;
}

/* libpng with a bad CRC in any chunk and every benign error (a wrong
 * Adler-32 among them) fatal. Only arguments live across the setjmp. */
static int read_strict(png_structp png, png_infop info, FILE *f, int w, int h, unsigned char *buf)
{
    if (setjmp(png_jmpbuf(png)))
        return 0;
    png_init_io(png, f);
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_set_benign_errors(png, 0);
    png_read_info(png, info);
    if (png_get_image_width(png, info) != (png_uint_32)w ||
        png_get_image_height(png, info) != (png_uint_32)h || png_get_bit_depth(png, info) != 8)
        return 0;
    if (png_get_color_type(png, info) == PNG_COLOR_TYPE_RGB)
        png_set_filler(png, 0xff, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4)
        return 0;
    for (int y = 0; y < h; y++)
        png_read_row(png, buf + (size_t)y * (size_t)w * 4, NULL);
    png_read_end(png, NULL);
    return 1;
}

/* The file's pixels as straight (not premultiplied) RGBA bytes. */
static unsigned char *read_rgba(const char *path, int w, int h)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc((size_t)w * (size_t)h * 4);
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_non_null(buf);
    assert_non_null(info);
    int ok = read_strict(png, info, f, w, h, buf);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    if (!ok)
        fail_msg("%s: libpng could not read it", path);
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

/* Written here and by cairo_surface_write_to_png, s (w × h) reads back as
 * the same pixels, in colour type `type`; the path of ours. */
static const char *expect_like_cairo(cairo_surface_t *s, int w, int h, int type, const char *name)
{
    char theirs[64];
    snprintf(theirs, sizeof theirs, "cairo-%s", name);
    const char *ours = pm_test_tmp(name), *cairo_path = pm_test_tmp(theirs);
    pm_error err = {0};
    if (write_ours(s, ours, &err) != PM_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(cairo_surface_write_to_png(s, cairo_path), CAIRO_STATUS_SUCCESS);
    assert_int_equal(color_type(ours), type);
    assert_int_equal(color_type(cairo_path), type);
    unsigned char *a = read_rgba(ours, w, h), *b = read_rgba(cairo_path, w, h);
    assert_memory_equal(a, b, (size_t)w * h * 4);
    free(a);
    free(b);
    return ours;
}

/* Same pixels and colour type as cairo_surface_write_to_png. */
static void check_like_cairo(cairo_format_t format, int opaque, int type)
{
    cairo_surface_t *s = test_surface(format, opaque);
    expect_like_cairo(s, W, H, type, "ours.png");
    cairo_surface_destroy(s);
}

/* Written twice, the same bytes (nothing like a time stamp in them): the
 * first file's bytes, its length in *n. */
static unsigned char *written_twice(cairo_surface_t *s, long *n)
{
    const char *p1 = pm_test_tmp("one.png"), *p2 = pm_test_tmp("two.png");
    pm_error err = {0};
    assert_int_equal(write_ours(s, p1, &err), PM_OK);
    assert_int_equal(write_ours(s, p2, &err), PM_OK);
    long n2;
    unsigned char *b1 = slurp(p1, n), *b2 = slurp(p2, &n2);
    assert_int_equal(*n, n2);
    assert_memory_equal(b1, b2, (size_t)n2);
    free(b2);
    return b1;
}

/* A failed write comes back as the system's reason, on one line. */
static void expect_full_device(cairo_surface_t *s)
{
    pm_error err = {0};
    assert_int_equal(write_ours(s, "/dev/full", &err), PM_ERR_IO);
    assert_string_equal(err.msg, "/dev/full: cannot write: No space left on device");
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
    long n1;
    unsigned char *b1 = written_twice(s, &n1);
    cairo_surface_destroy(s);
    const unsigned char phys[] = {0, 0, 0, 9, 'p', 'H', 'Y', 's', 0, 0, 0x17, 0x12,
                                  0, 0, 0x17, 0x12, 1};
    assert_true(contains(b1, n1, phys, sizeof phys));
    assert_false(contains(b1, n1, "tIME", 4));
    free(b1);
}

/* libpng's failed write comes back as the system's reason, on one line. */
static void test_full_device(void **state)
{
    (void)state;
    cairo_surface_t *s = test_surface(CAIRO_FORMAT_ARGB32, 0);
    expect_full_device(s);
    cairo_surface_destroy(s);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walk the chunks (IHDR first, IDATs in one run, IEND last, every CRC right)
 * and return the IDAT data joined. */
static unsigned char *idat_data(const unsigned char *b, long n, size_t *len)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assert_true(n > 8 && memcmp(b, sig, 8) == 0);
    unsigned char *idat = malloc((size_t)n);
    assert_non_null(idat);
    *len = 0;
    int idat_runs = 0, last_idat = 0;
    long p = 8;
    assert_memory_equal(b + p + 4, "IHDR", 4);
    for (;;) {
        assert_true(p + 12 <= n);
        uint32_t clen = get32(b + p);
        assert_true(p + 12 + (long)clen <= n);
        const unsigned char *type = b + p + 4;
        assert_int_equal(crc32(0, type, 4 + clen), get32(b + p + 8 + clen));
        int is_idat = memcmp(type, "IDAT", 4) == 0;
        if (is_idat) {
            idat_runs += !last_idat;
            memcpy(idat + *len, type + 4, clen);
            *len += clen;
        }
        last_idat = is_idat;
        p += 12 + (long)clen;
        if (memcmp(type, "IEND", 4) == 0)
            break;
    }
    assert_int_equal(p, n);
    assert_int_equal(idat_runs, 1);
    return idat;
}

/* One zlib stream (its header and Adler-32 checked by inflate) holding
 * exactly the scanlines, each with filter byte 0. */
static void check_stream(const char *path, int w, int h, int bpp)
{
    long n;
    size_t len, row = 1 + (size_t)w * (size_t)bpp, raw_len = row * (size_t)h;
    unsigned char *b = slurp(path, &n), *idat = idat_data(b, n, &len);
    unsigned char *raw = malloc(raw_len + 1);
    assert_non_null(raw);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit(&z), Z_OK);
    z.next_in = idat;
    z.avail_in = (uInt)len;
    z.next_out = raw;
    z.avail_out = (uInt)raw_len + 1;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.avail_in, 0);
    assert_int_equal(z.total_out, raw_len);
    inflateEnd(&z);
    for (int y = 0; y < h; y++)
        assert_int_equal(raw[(size_t)y * row], 0);
    free(raw);
    free(idat);
    free(b);
}

/* A band-split translucent image reads back as Cairo's writer gives it. */
static void check_big_translucent(int w, int h)
{
    cairo_surface_t *s = varied_surface(w, h, 0);
    check_stream(expect_like_cairo(s, w, h, PNG_COLOR_TYPE_RGB_ALPHA, "big.png"), w, h, 4);
    cairo_surface_destroy(s);
}

static void test_big_translucent(void **state)
{
    (void)state;
    check_big_translucent(BIG_W, BIG_H);
}

/* Scanlines longer than deflate's window: a band's dictionary is the end of
 * one row. */
static void test_wide_rows(void **state)
{
    (void)state;
    check_big_translucent(9000, 260);
}

/* Opaque: the exact source colours, through libpng and through Cairo. */
static void test_big_opaque(void **state)
{
    (void)state;
    cairo_surface_t *s = varied_surface(BIG_W, BIG_H, 1);
    const char *ours = pm_test_tmp("big-opaque.png");
    pm_error err = {0};
    if (write_ours(s, ours, &err) != PM_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(color_type(ours), PNG_COLOR_TYPE_RGB);
    check_stream(ours, BIG_W, BIG_H, 3);
    unsigned char *a = read_rgba(ours, BIG_W, BIG_H);
    cairo_surface_t *back = cairo_image_surface_create_from_png(ours);
    assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
    const unsigned char *src = cairo_image_surface_get_data(s), *got = cairo_image_surface_get_data(back);
    int stride = cairo_image_surface_get_stride(s), got_stride = cairo_image_surface_get_stride(back);
    for (int y = 0; y < BIG_H; y++) {
        const uint32_t *sp = (const uint32_t *)(src + (size_t)y * (size_t)stride);
        const uint32_t *gp = (const uint32_t *)(got + (size_t)y * (size_t)got_stride);
        const unsigned char *ap = a + (size_t)y * BIG_W * 4;
        for (int x = 0; x < BIG_W; x++, ap += 4) {
            uint32_t libpng = 0xffu << 24 | (uint32_t)ap[0] << 16 | (uint32_t)ap[1] << 8 | ap[2];
            if (sp[x] != libpng || (gp[x] | 0xff000000u) != sp[x])
                fail_msg("pixel (%d, %d): %08x, read back %08x and %08x", x, y, sp[x], libpng, gp[x]);
        }
    }
    free(a);
    cairo_surface_destroy(back);
    cairo_surface_destroy(s);
}

/* Bands deflated on several threads still give the same bytes every time. */
static void test_big_same_bytes(void **state)
{
    (void)state;
    cairo_surface_t *s = varied_surface(BIG_W, BIG_H, 0);
    long n;
    free(written_twice(s, &n));
    cairo_surface_destroy(s);
}

/* The bytes do not depend on the map's thread budget: a batch worker given
 * one thread writes the file a whole machine's render writes. Through zlib
 * the image is cut into bands (each ends on a sync flush) where its size
 * says, whichever threads deflate them. */
static void test_bytes_whatever_budget(void **state)
{
    (void)state;
    cairo_surface_t *s = varied_surface(BIG_W, BIG_H, 0);
    unsigned char *bytes[4];
    long n[4];
    for (int k = 0; k < 4; k++) {
        write_context = pm_test_context(k + 1);
        bytes[k] = written_twice(s, &n[k]);
        check_stream(pm_test_tmp("one.png"), BIG_W, BIG_H, 4);
    }
    write_context = NULL;
    for (int k = 1; k < 4; k++) {
        assert_int_equal(n[k], n[0]);
        assert_memory_equal(bytes[k], bytes[0], (size_t)n[0]);
    }
    for (int k = 0; k < 4; k++)
        free(bytes[k]);
    cairo_surface_destroy(s);
}

/* A write failing while other threads still deflate: the same one line. */
static void test_big_full_device(void **state)
{
    (void)state;
    cairo_surface_t *s = varied_surface(BIG_W, BIG_H, 0);
    expect_full_device(s);
    cairo_surface_destroy(s);
}

/* Bands deflated one after the other, each primed with the 32 KiB before
 * it, the last finished, the others sync-flushed: joined, one zlib stream
 * of the whole, through ISA-L (fast) and through zlib, with output room
 * given a little at a time. */
static void check_deflater(int fast)
{
    enum { N = 600000, BANDS = 3, ROOM = 777 };
    unsigned char *in = malloc(N), *out = malloc(2 * N), *back = malloc(N);
    assert_non_null(in);
    assert_non_null(out);
    assert_non_null(back);
    /* Runs of a few values with some noise, as map rows have. */
    uint32_t seed = 12345;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        in[i] = (i / 97) % 5 == 0 ? (unsigned char)(seed >> 24) : (unsigned char)((i / 3000) * 37);
    }
    size_t used = 0;
    out[used++] = 0x78;
    out[used++] = 0x5e;
    for (int k = 0; k < BANDS; k++) {
        size_t from = (size_t)N * k / BANDS, to = (size_t)N * (k + 1) / BANDS;
        pm_deflater *d = pm_deflater_create(fast);
        assert_non_null(d);
        if (k > 0) {
            size_t dict = from < 32768 ? from : 32768;
            assert_true(pm_deflater_set_dict(d, in + from - dict, dict));
        }
        const unsigned char *p = in + from;
        size_t left = to - from;
        pm_deflate_flush flush = k == BANDS - 1 ? PM_DEFLATE_FINISH : PM_DEFLATE_SYNC;
        int done = 0;
        for (int guard = 0; !done && guard < 100000; guard++) {
            unsigned char *o = out + used;
            size_t room = ROOM;
            /* The input in two calls: more, then the flush. */
            done = left > 1000 ? (pm_deflater_run(d, &p, &left, &o, &room, PM_DEFLATE_MORE), 0)
                               : pm_deflater_run(d, &p, &left, &o, &room, flush);
            assert_true(done >= 0);
            used = (size_t)(o - out);
        }
        assert_true(done);
        pm_deflater_destroy(d);
    }
    uLong adler = adler32(adler32(0, NULL, 0), in, N);
    for (int i = 3; i >= 0; i--)
        out[used++] = (unsigned char)(adler >> (8 * i));
    uLongf n = N;
    assert_int_equal(uncompress(back, &n, out, (uLong)used), Z_OK);
    assert_int_equal(n, N);
    assert_memory_equal(back, in, N);
    printf("deflater (%s): %d bytes into %zu\n", fast ? "fast" : "zlib", N, used);
    free(in);
    free(out);
    free(back);
}

static void test_deflaters(void **state)
{
    (void)state;
    check_deflater(1);
    check_deflater(0);
    pm_deflater *zlib = pm_deflater_create(0);
    assert_non_null(zlib);
    assert_false(pm_deflater_is_fast(zlib));
    pm_deflater_destroy(zlib);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deflaters),
        cmocka_unit_test(test_translucent),
        cmocka_unit_test(test_opaque_argb),
        cmocka_unit_test(test_rgb24),
        cmocka_unit_test(test_dpi_and_same_bytes),
        cmocka_unit_test(test_full_device),
        cmocka_unit_test(test_big_translucent),
        cmocka_unit_test(test_wide_rows),
        cmocka_unit_test(test_big_opaque),
        cmocka_unit_test(test_big_same_bytes),
        cmocka_unit_test(test_big_full_device),
        cmocka_unit_test(test_bytes_whatever_budget),
    };
    /* Through ISA-L (one stream) where planmap has it, then through zlib
     * (in bands of a fixed size, on the map's threads). */
    int failed = cmocka_run_group_tests_name("default deflate", tests, NULL, NULL);
    setenv("PLANMAP_PNG_DEFLATE", "zlib", 1);
    return failed + cmocka_run_group_tests_name("zlib", tests, NULL, NULL);
}
