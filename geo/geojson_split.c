/* pm_gj_split_text — the "features" array of a GeoJSON text found and cut
 * between features by a scan that knows strings, nesting and commas only
 * (geojson_split.h). Chunks are read back one at a time, so neither the
 * file nor the parser's structures for all of it are ever held. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geojson_doc.h"
#include "geojson_split.h"

/* Bytes the scan reads at once. */
#define BLOCK (1u << 20)

static int text_read(const pm_gj_text *t, unsigned long long off, size_t len, char *dst)
{
    if (t->fd < 0) {
        memcpy(dst, t->mem + off, len);
        return 0;
    }
    while (len > 0) {
        ssize_t r = pread(t->fd, dst, len, (off_t)off);
        if (r <= 0)
            return -1;
        dst += r;
        off += (unsigned long long)r;
        len -= (size_t)r;
    }
    return 0;
}

static int add_cut(pm_gj_split *s, unsigned long long at)
{
    if (s->n + 1 >= s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        unsigned long long *c = realloc(s->cut, sizeof *c * cap);
        if (!c)
            return -1;
        s->cut = c;
        s->cap = cap;
    }
    s->cut[s->n++] = at;   /* n counts cuts until the scan ends */
    return 0;
}

/* The scan's state between blocks. `key` holds the start of the last
 * string of the top object; `want`: 1 after the string "features" there,
 * 2 after its colon, when a '[' opens the array. */
typedef struct scan {
    int in_string, escape, depth, in_array, done, want;
    char key[9];
    int key_len;
    unsigned long long last;   /* the last cut */
} scan;

static void string_end(scan *sc)
{
    sc->want = sc->depth == 1 && sc->key_len == 8 && memcmp(sc->key, "features", 8) == 0;
}

static int step(scan *sc, pm_gj_split *s, unsigned char c, unsigned long long at, size_t chunk)
{
    if (sc->in_string) {
        if (sc->escape)
            sc->escape = 0, sc->key_len = 9;   /* an escaped key is not ours */
        else if (c == '\\')
            sc->escape = 1;
        else if (c == '"')
            sc->in_string = 0, string_end(sc);
        else if (sc->key_len < 9)
            sc->key[sc->key_len++] = (char)c;
        return 0;
    }
    switch (c) {
    case ' ': case '\t': case '\n': case '\r':
        return 0;
    case '"':
        sc->in_string = 1;
        sc->key_len = sc->depth == 1 ? 0 : 9;
        sc->want = 0;
        return 0;
    case ':':
        sc->want = sc->want == 1 && sc->depth == 1 ? 2 : 0;
        return 0;
    case '[': case '{':
        if (c == '[' && sc->want == 2 && !s->n) {
            sc->in_array = 1;
            sc->last = at;
            if (add_cut(s, at) != 0)
                return -1;
        }
        sc->want = 0;
        sc->depth++;
        return 0;
    case ']': case '}':
        sc->want = 0;
        if (--sc->depth == 1 && sc->in_array) {
            sc->in_array = 0;
            sc->done = 1;
            return add_cut(s, at);
        }
        return 0;
    case ',':
        sc->want = 0;
        if (sc->in_array && sc->depth == 2 && at - sc->last >= chunk) {
            sc->last = at;
            return add_cut(s, at);
        }
        return 0;
    default:
        sc->want = 0;
        return 0;
    }
}

int pm_gj_split_text(const pm_gj_text *t, size_t chunk, pm_gj_split *s)
{
    memset(s, 0, sizeof *s);
    char *block = malloc(BLOCK);
    scan sc = {0};
    int st = block ? 0 : -1;
    for (unsigned long long off = t->start; st == 0 && off < t->end; off += BLOCK) {
        size_t len = t->end - off < BLOCK ? (size_t)(t->end - off) : BLOCK;
        if (text_read(t, off, len, block) != 0)
            st = -1;
        for (size_t i = 0; st == 0 && i < len; i++)
            st = step(&sc, s, (unsigned char)block[i], off + i, chunk);
    }
    free(block);
    if (st == 0 && sc.done && s->n >= 2) {
        s->n--;   /* chunks between the cuts */
        return 0;
    }
    pm_gj_split_free(s);
    return -1;
}

void pm_gj_split_free(pm_gj_split *s)
{
    free(s->cut);
    memset(s, 0, sizeof *s);
}

static int room(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    char *b = realloc(*buf, need);
    if (!b)
        return -1;
    *buf = b;
    *cap = need;
    return 0;
}

int pm_gj_chunk(const pm_gj_text *t, const pm_gj_split *s, size_t k, char **buf, size_t *cap,
                size_t *len)
{
    unsigned long long from = s->cut[k] + 1, to = s->cut[k + 1];
    size_t n = (size_t)(to - from);
    if (room(buf, cap, n + 2 + PM_GJ_PADDING) != 0 || text_read(t, from, n, *buf + 1) != 0)
        return -1;
    (*buf)[0] = '[';
    (*buf)[n + 1] = ']';
    memset(*buf + n + 2, 0, PM_GJ_PADDING);
    *len = n + 2;
    return 0;
}

char *pm_gj_head(const pm_gj_text *t, const pm_gj_split *s, size_t *len)
{
    size_t a = (size_t)(s->cut[0] + 1 - t->start), b = (size_t)(t->end - s->cut[s->n]);
    char *buf = malloc(a + b + PM_GJ_PADDING);
    if (!buf || text_read(t, t->start, a, buf) != 0 || text_read(t, s->cut[s->n], b, buf + a) != 0) {
        free(buf);
        return NULL;
    }
    memset(buf + a + b, 0, PM_GJ_PADDING);
    *len = a + b;
    return buf;
}
