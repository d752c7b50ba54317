/* The halo spread (halo.c) against its literal definition: every inked
 * pixel of coverage c lights each pixel at distance d < r + 1 by r + c - d,
 * clamped to [0, 1], the largest value kept. The fast spread must give the
 * same bytes at every radius, on glyph-like masks (strokes with soft edges,
 * holes, specks, ink at the border). */
#include "pm_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

static void literal_strided(const unsigned char *in, int s, int w, int h, double r, unsigned char *out, int so)
{
    int reach = (int)ceil(r + 1);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double c = in[y * s + x] / 255.0;
            if (c <= 0)
                continue;
            for (int j = -reach; j <= reach; j++)
                for (int i = -reach; i <= reach; i++) {
                    double d = sqrt((double)(i * i + j * j));
                    int qx = x + i, qy = y + j;
                    double v = r + c - d;
                    if (!(d < r + 1) || v <= 0 || qx < 0 || qy < 0 || qx >= w || qy >= h)
                        continue;
                    unsigned char b = (unsigned char)(v >= 1 ? 255 : v * 255 + 0.5);
                    if (b > out[qy * so + qx])
                        out[qy * so + qx] = b;
                }
        }
}

static void literal(const unsigned char *in, int w, int h, double r, unsigned char *out)
{
    literal_strided(in, w, w, h, r, out, w);
}

/* Strokes a few pixels wide with antialiased edges, and lone specks. */
static void glyph_mask(unsigned char *m, int w, int h, unsigned seed)
{
    memset(m, 0, (size_t)w * h);
    srand(seed);
    for (int k = 0; k < 6; k++) {
        int horizontal = rand() % 2, at = rand() % (horizontal ? h : w), width = 1 + rand() % 4;
        int from = rand() % (horizontal ? w : h), len = rand() % (horizontal ? w : h);
        for (int t = from; t < from + len && t < (horizontal ? w : h); t++)
            for (int q = -1; q <= width; q++) {
                int x = horizontal ? t : at + q, y = horizontal ? at + q : t;
                if (x < 0 || y < 0 || x >= w || y >= h)
                    continue;
                unsigned char c = q < 0 || q == width ? (unsigned char)(1 + rand() % 254) : 255;
                if (c > m[y * w + x])
                    m[y * w + x] = c;
            }
    }
    for (int k = 0; k < 8; k++)
        m[(rand() % h) * w + rand() % w] = (unsigned char)(1 + rand() % 255);
}

static void test_spread_is_the_literal_halo(void **state)
{
    (void)state;
    enum { W = 61, H = 37 };
    static const double radii[] = {0.4, 1, 1.2, 2, 2.5, 3.125, 4.17, 6, 6.25, 7.5, 9.3, 12.5, 20};
    unsigned char in[W * H], want[W * H], got[W * H];
    for (unsigned seed = 1; seed <= 12; seed++) {
        glyph_mask(in, W, H, seed);
        for (size_t i = 0; i < sizeof radii / sizeof radii[0]; i++) {
            memset(want, 0, sizeof want);
            memset(got, 0, sizeof got);
            literal(in, W, H, radii[i], want);
            assert_int_equal(pm_halo_spread(in, W, W, H, radii[i], got, W), 0);
            for (int p = 0; p < W * H; p++)
                if (got[p] != want[p])
                    fail_msg("seed %u, radius %.3f: pixel (%d, %d) %d, literal %d", seed, radii[i],
                             p % W, p / W, got[p], want[p]);
        }
    }
}

/* A small generator of its own: the same cases on every C library. */
static unsigned next_random(unsigned *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* Coverage of one of six kinds: sparse specks, dense ink, one pixel, ink
 * on the border only, solid blocks with soft edges, and faint ink only. */
static void random_coverage(unsigned char *in, int s, int w, int h, int kind, unsigned *rs)
{
    memset(in, 0, (size_t)s * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned u = next_random(rs) % 1000, c = 1 + next_random(rs) % 255;
            int border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
            int inked = kind == 0 ? u < 15 : kind == 1 ? u < 600 : kind == 3 ? border && u < 300 : kind == 5 && u < 200;
            if (inked)
                in[y * s + x] = (unsigned char)(kind == 1 && u < 300 ? 255 : kind == 5 ? 1 + c % 40 : c);
        }
    if (kind == 2)
        in[(int)(next_random(rs) % (unsigned)h) * s + (int)(next_random(rs) % (unsigned)w)] =
            (unsigned char)(1 + next_random(rs) % 255);
    for (int b = 0; kind == 4 && b < 3; b++) {
        int x0 = (int)(next_random(rs) % (unsigned)w), y0 = (int)(next_random(rs) % (unsigned)h);
        int bw = 1 + (int)(next_random(rs) % 12), bh = 1 + (int)(next_random(rs) % 12);
        for (int y = y0 - 1; y <= y0 + bh && y < h; y++)
            for (int x = x0 - 1; x <= x0 + bw && x < w; x++) {
                int edge = y < y0 || x < x0 || y == y0 + bh || x == x0 + bw;
                if (y >= 0 && x >= 0)
                    in[y * s + x] = edge ? (unsigned char)(1 + next_random(rs) % 254) : 255;
            }
    }
}

/* Random coverage of every kind, sizes from one pixel, strides wider than
 * the box, out already holding values (the spread keeps the larger), radii
 * from PM_HALO_LITERAL_BELOW up: every byte of out, the strides' spare
 * bytes too, as the literal definition leaves it. */
static void test_spread_random_coverage_is_the_literal_halo(void **state)
{
    (void)state;
    static const double radii[] = {PM_HALO_LITERAL_BELOW, 3.0001, 3.5, 4.17, 5, 6.249, 6.25, 7.3,
                                   9.999, 12.5, 16, 20.2};
    enum { MAX_W = 83, MAX_H = 47, PAD = 5 };
    static unsigned char in[(MAX_W + PAD) * MAX_H], want[(MAX_W + 2 * PAD) * MAX_H],
        got[(MAX_W + 2 * PAD) * MAX_H];
    unsigned rs = 2463534242u;
    for (int n = 0; n < 240; n++) {
        int w = 1 + (int)(next_random(&rs) % MAX_W), h = 1 + (int)(next_random(&rs) % MAX_H);
        int s = w + (int)(next_random(&rs) % PAD), so = w + (int)(next_random(&rs) % (2 * PAD));
        int kind = n % 6, keep = (n / 6) % 3;   /* out starts empty, low or high */
        double r = n % 4 == 3 ? PM_HALO_LITERAL_BELOW + (next_random(&rs) % 19000) / 1000.0
                              : radii[(n / 4) % (sizeof radii / sizeof radii[0])];
        random_coverage(in, s, w, h, kind, &rs);
        for (int p = 0; p < so * h; p++)
            want[p] = got[p] = (unsigned char)(keep == 0 ? 0 : keep == 1 ? next_random(&rs) % 64
                                                                          : next_random(&rs) % 256);
        literal_strided(in, s, w, h, r, want, so);
        assert_int_equal(pm_halo_spread(in, s, w, h, r, got, so), 0);
        for (int p = 0; p < so * h; p++)
            if (got[p] != want[p])
                fail_msg("case %d (kind %d, %d x %d, strides %d, %d), radius %.4f: byte %d "
                         "(%d, %d) %d, literal %d",
                         n, kind, w, h, s, so, r, p, p % so, p / so, got[p], want[p]);
    }
}

/* Nothing inked: nothing lit; out keeps what it held (the larger value). */
static void test_spread_keeps_the_larger(void **state)
{
    (void)state;
    unsigned char in[16 * 8] = {0}, out[16 * 8];
    memset(out, 7, sizeof out);
    assert_int_equal(pm_halo_spread(in, 16, 16, 8, 6.25, out, 16), 0);
    for (int p = 0; p < 16 * 8; p++)
        assert_int_equal(out[p], 7);
    in[3 * 16 + 8] = 255;
    assert_int_equal(pm_halo_spread(in, 16, 16, 8, 2, out, 16), 0);
    assert_int_equal(out[3 * 16 + 8], 255);
    assert_int_equal(out[3 * 16 + 10], 255);   /* d = 2: r + 1 - 2 = 1 */
    assert_int_equal(out[3 * 16 + 15], 7);     /* d = 7: beyond reach */
}

PM_TEST_MAIN(test_spread_is_the_literal_halo, test_spread_random_coverage_is_the_literal_halo,
             test_spread_keeps_the_larger)
