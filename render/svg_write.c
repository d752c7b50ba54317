/* Editable SVG, the writing side: Cairo's document with each marker <path>
 * replaced by the item it numbers (svg_internal.h), a group with an opacity
 * put in place of its masked <use> (svg_opacity.c), the Inkscape namespace
 * on the root element, the layer groups closed, and Cairo's "surface<N>"
 * ids renumbered in order of first appearance. */
#include "svg_internal.h"
#include "pm_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct svg_out {
    pm_writer *w;
    const unsigned char *doc;
    size_t len, done;   /* doc[0, done) is written */
    long *old;          /* Cairo's surface numbers, in order of appearance */
    int n_old, cap_old;
    int ok, nomem;
    char mark_sig[48];  /* the markers' fill-opacity, as Cairo writes it */
    const pm_svg *svg;
    pm_svg_inline *inl; /* groups with an opacity written in place of their <use> */
    int n_inl;
    int root, open;     /* <svg> seen; a layer group is open */
    size_t last_close;  /* the page group's </g>: the layer groups close before */
} svg_out;

static void put(svg_out *o, const void *p, size_t n)
{
    if (o->ok && n && pm_writer_write(o->w, p, n) != 0)
        o->ok = 0;
}

/* Write the document up to `at`, then `text` in place of doc[at, skip_to). */
static void replace(svg_out *o, size_t at, size_t skip_to, const char *text)
{
    put(o, o->doc + o->done, at - o->done);
    put(o, text, strlen(text));
    o->done = skip_to;
}

static int starts(const svg_out *o, size_t i, const char *word)
{
    size_t n = strlen(word);
    return i + n <= o->len && memcmp(o->doc + i, word, n) == 0;
}

/* Cairo names SVG groups "surface<N>" from a process-wide counter, so a
 * second render in the same process would differ: the N of an id or a
 * #reference becomes its rank of first appearance. Returns the last byte
 * of the number, or i when there is none at i. */
static size_t renumber(svg_out *o, size_t i)
{
    static const char word[] = "surface";
    const size_t wl = sizeof word - 1;
    if (!(i > 0 && (o->doc[i - 1] == '"' || o->doc[i - 1] == '#') && starts(o, i, word) &&
          i + wl < o->len && o->doc[i + wl] >= '0' && o->doc[i + wl] <= '9'))
        return i;
    size_t q = i + wl;
    long old = 0, id = 0;
    while (q < o->len && o->doc[q] >= '0' && o->doc[q] <= '9')
        old = old * 10 + (o->doc[q++] - '0');
    for (int k = 0; k < o->n_old && !id; k++)
        if (o->old[k] == old)
            id = k + 1;
    if (!id) {
        if (pm_array_grow(&o->old, o->n_old, &o->cap_old, sizeof *o->old, 64) != 0) {
            o->ok = 0;
            o->nomem = 1;
            return q - 1;
        }
        o->old[o->n_old++] = old;
        id = o->n_old;
    }
    char num[32];
    snprintf(num, sizeof num, "surface%ld", id);
    replace(o, i, q, num);
    return q - 1;
}

/* A colour channel Cairo wrote as a percentage ("41.960784%"), back to 0..255. */
static long channel(const char *s, char **end)
{
    double pct = strtod(s, end);
    if (**end != '%')
        return -1;
    (*end)++;
    return (long)(pct * 255 / 100 + 0.5);
}

/* Where `word` first stands in doc[i, end), or NULL. */
static const char *find(const svg_out *o, size_t i, size_t end, const char *word)
{
    size_t n = strlen(word);
    for (; i + n <= end; i++)
        if (memcmp(o->doc + i, word, n) == 0)
            return (const char *)o->doc + i;
    return NULL;
}

/* The item number of the marker <path> at i, or -1 when it is another
 * path. The element ends in '>', so no number read in it runs past it. */
static long marker_at(const svg_out *o, size_t i, size_t *end)
{
    static const char fill[] = "fill:rgb(";
    const unsigned char *close = memchr(o->doc + i, '>', o->len - i);
    if (!close)
        return -1;
    *end = (size_t)(close - o->doc) + 1;
    const char *rgb = find(o, i, *end, fill);
    if (!rgb || !find(o, i, *end, o->mark_sig))
        return -1;
    char *p = (char *)rgb + sizeof fill - 1;
    long r = channel(p, &p);
    long g = r >= 0 && *p == ',' ? channel(p + 1, &p) : -1;
    long b = g >= 0 && *p == ',' ? channel(p + 1, &p) : -1;
    return b >= 0 && r < 256 && g < 256 && b < 256 ? r << 16 | g << 8 | b : -1;
}

static void pass(svg_out *o, size_t from, size_t to);

/* A marker <path> at i: its item in its place (a layer group closes the
 * one before). Returns the last byte used. */
static size_t marker(svg_out *o, size_t i)
{
    size_t end;
    long k = marker_at(o, i, &end);
    const char *item = k >= 0 ? pm_svg_item(o->svg, k) : NULL;
    if (!item)
        return i;
    int group = item[1] == 'g';
    replace(o, i, end, group && o->open ? "</g>\n" : "");
    put(o, item, strlen(item));
    o->open |= group;
    return end - 1;
}

/* The element at i when it is part of a group with an opacity: its mask
 * and definition are dropped, its <use> becomes the group. Returns the
 * last byte used, or i when it is none of them. */
static size_t inline_part(svg_out *o, size_t i)
{
    for (int k = 0; k < o->n_inl; k++) {
        const pm_svg_inline *in = &o->inl[k];
        size_t skip = i == in->mask_at ? in->mask_end : i == in->group_at ? in->group_end : 0;
        if (skip) {
            replace(o, i, skip, "");
            return skip - 1;
        }
        if (i == in->use_at) {
            replace(o, i, i, in->open);
            pass(o, in->body_at, in->body_end);
            put(o, "</g>", 4);
            o->done = in->use_end;
            return in->use_end - 1;
        }
    }
    return i;
}

/* Writes doc[from, to) with the changes above. */
static void pass(svg_out *o, size_t from, size_t to)
{
    static const char ns[] = " xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\"";
    const unsigned char *doc = o->doc;
    o->done = from;
    for (size_t i = from; o->ok && i < to; i++) {
        size_t used = i;
        if (!o->root && starts(o, i, "<svg ")) {
            o->root = 1;
            replace(o, i, i + 4, "<svg");
            put(o, ns, sizeof ns - 1);
        } else if (doc[i] == 's') {
            i = renumber(o, i);
        } else if (doc[i] == '<' && (used = inline_part(o, i)) != i) {
            i = used;
        } else if (doc[i] == '<' && starts(o, i, "<path ")) {
            i = marker(o, i);
        } else if (i == o->last_close && o->open) {
            replace(o, i, i, "</g>\n");
        }
    }
    if (o->ok)
        put(o, doc + o->done, to - o->done);
    o->done = to;
}

int pm_svg_write(const pm_svg *svg, const unsigned char *doc, size_t len, pm_writer *w, int *nomem)
{
    svg_out o = {.w = w, .doc = doc, .len = len, .ok = 1, .svg = svg, .last_close = len};
    snprintf(o.mark_sig, sizeof o.mark_sig, "fill-opacity:%g;", pm_svg_mark_alpha);
    /* The page's own group closes last: the layer groups close before it. */
    for (size_t i = len; i-- > 0;)
        if (starts(&o, i, "</g>")) {
            o.last_close = i;
            break;
        }
    o.n_inl = pm_svg_find_inlines(doc, len, &o.inl);
    if (o.n_inl < 0) {
        *nomem = 1;
        return -1;
    }
    pass(&o, 0, len);
    pm_svg_inlines_free(o.inl, o.n_inl);
    free(o.old);
    *nomem = o.nomem;
    return o.ok ? 0 : -1;
}
