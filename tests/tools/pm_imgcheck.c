/* pm_imgcheck — look at PNG files the way the whole-program tests need to:
 *   pm_imgcheck size FILE                  → "W H"
 *   pm_imgcheck pixel FILE X Y             → "#rrggbb" (alpha composited on white)
 *   pm_imgcheck compare A B                → "mean=<0..255> far=<fraction of 4×4 blocks off by > 64>"
 *                                            (blocks average away the anti-aliasing
 *                                            differences between rasterisers)
 *   pm_imgcheck median FILE X Y R          → "#rrggbb", the per-channel median within
 *                                            R px of (X,Y) (robust to a stray line)
 *   pm_imgcheck match FILE X Y R COLOUR T  → fraction of pixels within R px of
 *                                            (X,Y) within T (0..255, per channel) of COLOUR
 * Independent of the planmap library: only Cairo's PNG reader. */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct image {
    cairo_surface_t *s;
    int w, h, stride;
    unsigned char *data;
} image;

static int load(const char *path, image *im)
{
    im->s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(im->s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pm_imgcheck: %s: %s\n", path, cairo_status_to_string(cairo_surface_status(im->s)));
        return -1;
    }
    cairo_surface_flush(im->s);
    im->w = cairo_image_surface_get_width(im->s);
    im->h = cairo_image_surface_get_height(im->s);
    im->stride = cairo_image_surface_get_stride(im->s);
    im->data = cairo_image_surface_get_data(im->s);
    return 0;
}

/* RGB of a pixel composited over white (cairo stores premultiplied ARGB32;
 * RGB24 images have an undefined alpha byte, treated as opaque). */
static void rgb_at(const image *im, int x, int y, int rgb[3])
{
    unsigned int p = *(const unsigned int *)(im->data + y * im->stride + x * 4);
    int a = cairo_image_surface_get_format(im->s) == CAIRO_FORMAT_ARGB32 ? (int)(p >> 24) : 255;
    int c[3] = {(int)((p >> 16) & 255), (int)((p >> 8) & 255), (int)(p & 255)};
    for (int i = 0; i < 3; i++)
        rgb[i] = c[i] + (255 - a);
}

static int parse_colour(const char *s, int rgb[3])
{
    unsigned int v;
    if (s[0] != '#' || strlen(s) != 7 || sscanf(s + 1, "%6x", &v) != 1)
        return -1;
    rgb[0] = (int)(v >> 16) & 255;
    rgb[1] = (int)(v >> 8) & 255;
    rgb[2] = (int)v & 255;
    return 0;
}

/* Mean RGB of the BLOCK×BLOCK block at (bx, by). */
#define BLOCK 4
static void block_at(const image *im, int bx, int by, double rgb[3])
{
    rgb[0] = rgb[1] = rgb[2] = 0;
    for (int y = by * BLOCK; y < (by + 1) * BLOCK; y++)
        for (int x = bx * BLOCK; x < (bx + 1) * BLOCK; x++) {
            int p[3];
            rgb_at(im, x, y, p);
            for (int i = 0; i < 3; i++)
                rgb[i] += p[i] / (double)(BLOCK * BLOCK);
        }
}

static int cmd_compare(const image *a, const image *b)
{
    if (a->w != b->w || a->h != b->h) {
        printf("size %dx%d vs %dx%d\n", a->w, a->h, b->w, b->h);
        return 1;
    }
    double sum = 0;
    long far = 0, n = 0;
    for (int by = 0; by < a->h / BLOCK; by++)
        for (int bx = 0; bx < a->w / BLOCK; bx++, n++) {
            double p[3], q[3], worst = 0;
            block_at(a, bx, by, p);
            block_at(b, bx, by, q);
            for (int i = 0; i < 3; i++) {
                double d = fabs(p[i] - q[i]);
                sum += d;
                worst = d > worst ? d : worst;
            }
            far += worst > 64;
        }
    printf("mean=%.3f far=%.5f\n", n ? sum / (3.0 * n) : 0, n ? (double)far / n : 0);
    return 0;
}

/* The colours of the pixels within r of (cx, cy) that are on the image,
 * malloc'd (NULL when out of memory); their count in *n. */
static int (*disc(const image *im, int cx, int cy, int r, int *n))[3]
{
    int (*px)[3] = malloc(sizeof *px * (size_t)(2 * r + 1) * (size_t)(2 * r + 1));
    *n = 0;
    for (int y = cy - r; px && y <= cy + r; y++)
        for (int x = cx - r; x <= cx + r; x++)
            if (x >= 0 && y >= 0 && x < im->w && y < im->h &&
                (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                rgb_at(im, x, y, px[(*n)++]);
    return px;
}

static int cmd_match(const image *im, int cx, int cy, int r, const int want[3], int tol)
{
    int n, hit = 0;
    int (*px)[3] = disc(im, cx, cy, r, &n);
    if (!px)
        return 2;
    for (int i = 0; i < n; i++)
        hit += abs(px[i][0] - want[0]) <= tol && abs(px[i][1] - want[1]) <= tol &&
               abs(px[i][2] - want[2]) <= tol;
    free(px);
    printf("%.4f\n", n ? (double)hit / n : 0.0);
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static int cmd_median(const image *im, int cx, int cy, int r)
{
    int n;
    int (*px)[3] = disc(im, cx, cy, r, &n);
    int *ch = malloc(sizeof(int) * (size_t)(n ? n : 1));
    if (!px || !ch) {
        free(px);
        free(ch);
        return 2;
    }
    int m[3] = {255, 255, 255};
    for (int i = 0; i < 3 && n; i++) {
        for (int k = 0; k < n; k++)
            ch[k] = px[k][i];
        qsort(ch, (size_t)n, sizeof(int), cmp_int);
        m[i] = ch[n / 2];
    }
    free(px);
    free(ch);
    printf("#%02x%02x%02x\n", m[0], m[1], m[2]);
    return n ? 0 : 1;
}

int main(int argc, char **argv)
{
    image a = {0}, b = {0};
    int rc = 2;
    if (argc == 3 && !strcmp(argv[1], "size") && !load(argv[2], &a)) {
        printf("%d %d\n", a.w, a.h);
        rc = 0;
    } else if (argc == 5 && !strcmp(argv[1], "pixel") && !load(argv[2], &a)) {
        int x = atoi(argv[3]), y = atoi(argv[4]), p[3];
        if (x >= 0 && y >= 0 && x < a.w && y < a.h) {
            rgb_at(&a, x, y, p);
            printf("#%02x%02x%02x\n", p[0], p[1], p[2]);
            rc = 0;
        }
    } else if (argc == 4 && !strcmp(argv[1], "compare") && !load(argv[2], &a) && !load(argv[3], &b)) {
        rc = cmd_compare(&a, &b);
    } else if (argc == 6 && !strcmp(argv[1], "median") && !load(argv[2], &a)) {
        rc = cmd_median(&a, atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
    } else if (argc == 8 && !strcmp(argv[1], "match") && !load(argv[2], &a)) {
        int want[3];
        if (!parse_colour(argv[6], want))
            rc = cmd_match(&a, atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), want, atoi(argv[7]));
    } else if (!a.s) {
        fputs("usage: pm_imgcheck size|pixel|compare|median|match ...\n", stderr);
    }
    if (a.s) cairo_surface_destroy(a.s);
    if (b.s) cairo_surface_destroy(b.s);
    return rc;
}
