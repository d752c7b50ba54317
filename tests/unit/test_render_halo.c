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

static void literal(const unsigned char *in, int w, int h, double r, unsigned char *out)
{
    int reach = (int)ceil(r + 1);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double c = in[y * w + x] / 255.0;
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
                    if (b > out[qy * w + qx])
                        out[qy * w + qx] = b;
                }
        }
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

PM_TEST_MAIN(test_spread_is_the_literal_halo, test_spread_keeps_the_larger)
