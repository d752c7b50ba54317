/* The nearest of a list of names to a word, for "did you mean" hints: on
 * spec keys, layer names, marker shapes and the fields of a source, which
 * are often Chinese, so distances count UTF-8 code points, not bytes. */
#include "pm_strings.h"

#include <stdint.h>
#include <string.h>

#define MAX_POINTS 63

/* The code points of s (a byte that starts no valid sequence counts as one
 * point of its own); -1 when s has more than `max`. */
static int code_points(const char *s, uint32_t *out, int max)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = 0;
    while (*p) {
        if (n == max)
            return -1;
        int len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 1;
        uint32_t c = len == 1 ? *p : (uint32_t)(*p & (0x7F >> len));
        for (int k = 1; k < len; k++) {
            if ((p[k] & 0xC0) != 0x80) {
                len = 1;
                c = *p;
                break;
            }
            c = (c << 6) | (p[k] & 0x3F);
        }
        out[n++] = c;
        p += len;
    }
    return n;
}

/* Optimal string alignment distance (edits with adjacent swaps), which is
 * what typos like "widht" need. */
static int osa_distance(const uint32_t *a, int n, const uint32_t *b, int m)
{
    int d[MAX_POINTS + 1][MAX_POINTS + 1];
    for (int i = 0; i <= n; i++)
        d[i][0] = i;
    for (int j = 0; j <= m; j++)
        d[0][j] = j;
    for (int i = 1; i <= n; i++) {
        for (int j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

int pm_utf8_distance(const char *a, const char *b)
{
    uint32_t pa[MAX_POINTS], pb[MAX_POINTS];
    int n = code_points(a, pa, MAX_POINTS), m = code_points(b, pb, MAX_POINTS);
    if (n < 0 || m < 0)
        return PM_FAR;
    return osa_distance(pa, n, pb, m);
}

const char *pm_nearest_name(const char *word, const char *const *names, int n)
{
    uint32_t w[MAX_POINTS], c[MAX_POINTS];
    int len = word ? code_points(word, w, MAX_POINTS) : -1;
    if (len <= 0)
        return NULL;
    /* Short words tolerate one edit, longer ones two: more would suggest noise. */
    int best_d = (len >= 4 ? 2 : 1) + 1;
    const char *best = NULL;
    for (int i = 0; n < 0 ? names[i] != NULL : i < n; i++) {
        int m = names[i] ? code_points(names[i], c, MAX_POINTS) : -1;
        if (m <= 0)
            continue;
        int d = osa_distance(w, len, c, m);
        /* Replacing a whole word is not a typo ("b" is not close to "a"). */
        if (d >= len || d >= m)
            continue;
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}
