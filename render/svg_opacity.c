/* Editable SVG: a layer drawn with an opacity as a plain translucent group.
 *
 * Cairo 1.16 writes a group painted with an opacity (cairo_push_group, then
 * cairo_paint_with_alpha) as a <g id="surfaceN"> inside <defs>, shown by a
 * <use> under a <mask> whose only content is one rectangle of that alpha
 * through a luminance-to-alpha filter. Renderers draw it right, but an
 * editor shows a clone behind a mask: the paths cannot be picked. A mask
 * of one uniform alpha over the whole group is the group's opacity, so
 * such a <use> becomes the group itself with opacity="A", its transform
 * and its own clip, and the <mask> and the definition are left out.
 * Anything else Cairo writes is kept as it is. */
#include "svg_internal.h"
#include "pm_alloc.h"
#include "pm_keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text {
    const char *s;
    size_t len;
} text;

/* Where each mask and group is defined and how often each is referred to,
 * found in one pass over the document. */
typedef struct def {
    size_t at;          /* + 1: 0 is "not defined" */
    int refs;
} def;

static int starts(text d, size_t i, const char *word)
{
    size_t n = strlen(word);
    return i + n <= d.len && memcmp(d.s + i, word, n) == 0;
}

/* The first `word` in doc[from, to), or NULL (within one element). */
static const char *find(text d, size_t from, size_t to, const char *word)
{
    for (size_t i = from; i < to; i++)
        if (starts(d, i, word))
            return d.s + i;
    return NULL;
}

/* The entry of the name that starts at i and ends at `stop`, as a key
 * "<kind>name"; NULL with *nomem set when it cannot be kept (a name too
 * long for a key is one Cairo never writes: nothing is simplified then). */
static def *entry(pm_keymap *m, text d, size_t i, char stop, const char *kind, int *nomem)
{
    const char *e = memchr(d.s + i, stop, d.len - i);
    char key[64];
    def *v = NULL;
    if (e && e - (d.s + i) <= 40) {
        snprintf(key, sizeof key, "%s%.*s", kind, (int)(e - (d.s + i)), d.s + i);
        v = pm_keymap_get(m, key, NULL);
    }
    *nomem |= !v;
    return v;
}

static def *lookup(const pm_keymap *m, const char *kind, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "%s%s", kind, name);
    return pm_keymap_find(m, key);
}

/* Definitions, references and the <use> elements; -1 when they cannot all
 * be kept. */
static int index_doc(text d, pm_keymap *m, size_t **uses, int *n_uses)
{
    int cap = 0, lost = 0;
    def *e;
    for (size_t i = 0; i < d.len && !lost; i++) {
        if (d.s[i] == '<' && starts(d, i, "<use ")) {
            if (pm_array_grow(uses, *n_uses, &cap, sizeof **uses, 16) != 0)
                return -1;
            (*uses)[(*n_uses)++] = i;
        } else if (d.s[i] == '<' && starts(d, i, "<mask id=\"")) {
            if ((e = entry(m, d, i + 10, '"', "m:", &lost)))
                e->at = i + 1;
        } else if (d.s[i] == '<' && starts(d, i, "<g id=\"surface")) {
            if ((e = entry(m, d, i + 7, '"', "g:", &lost)))
                e->at = i + 1;
        } else if (d.s[i] == '#' && i > 0 && d.s[i - 1] == '"' && starts(d, i, "#surface")) {
            if ((e = entry(m, d, i + 1, '"', "g:", &lost)))
                e->refs++;
        } else if (d.s[i] == 'u' && starts(d, i, "url(#mask")) {
            if ((e = entry(m, d, i + 5, ')', "m:", &lost)))
                e->refs++;
        }
    }
    return lost ? -1 : 0;
}

/* The alpha of the mask defined at `at` when it is one rectangle of black
 * at that alpha from the origin through the alpha filter (what
 * cairo_paint_with_alpha writes), with its end; -1 when it is anything else. */
static double uniform_mask(text d, size_t at, size_t *end)
{
    const char *close = find(d, at, d.len, "</mask>");
    if (!close)
        return -1;
    *end = (size_t)(close - d.s) + strlen("</mask>");
    static const char fill[] = "style=\"fill:rgb(0%,0%,0%);fill-opacity:";
    const char *f = find(d, at, *end, fill);
    int tags = 0;
    for (size_t i = at; i < *end; i++)
        tags += d.s[i] == '<';
    if (tags != 5 ||   /* <mask>, <g>, <rect/>, </g>, </mask> */
        !find(d, at, *end, "<g filter=\"url(#alpha)\">") ||
        !find(d, at, *end, "<rect x=\"0\" y=\"0\" ") || !f)
        return -1;
    char *stop;
    double a = strtod(f + strlen(fill), &stop);
    return strncmp(stop, ";stroke:none;\"/>", 16) == 0 && a >= 0 && a <= 1 ? a : -1;
}

/* The whole <g id="surfaceN" …>…</g> element defined at `at` and its
 * inside, and the attributes after its id (its clip); 0, or -1. */
static int group_def(text d, size_t at, pm_svg_inline *in, char *attrs, size_t cap)
{
    const char *g = d.s + at;
    const char *id_end = memchr(g + 7, '"', d.len - at - 7);
    const char *gt = id_end ? memchr(id_end, '>', d.len - (size_t)(id_end - d.s)) : NULL;
    if (!gt || gt[-1] == '/' || (size_t)(gt - id_end - 1) >= cap)
        return -1;
    memcpy(attrs, id_end + 1, (size_t)(gt - id_end - 1));
    attrs[gt - id_end - 1] = 0;
    in->group_at = at;
    in->body_at = (size_t)(gt - d.s) + 1;
    int depth = 1;
    for (size_t i = in->body_at; i + 4 <= d.len; i++) {
        if (d.s[i] != '<')
            continue;
        if (starts(d, i, "</g>") && --depth == 0) {
            in->body_end = i;
            in->group_end = i + 4;
            return 0;
        }
        if (d.s[i + 1] == 'g' && (d.s[i + 2] == ' ' || d.s[i + 2] == '>')) {
            const char *e = memchr(d.s + i, '>', d.len - i);
            depth += e && e[-1] != '/';   /* <g …/> opens nothing */
        }
    }
    return -1;
}

/* The value of attribute `name` in the tag doc[at, end), into out; 0, or -1. */
static int attribute(text d, size_t at, size_t end, const char *name, char *out, size_t cap)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = find(d, at, end, key);
    if (!p)
        return -1;
    p += strlen(key);
    const char *q = memchr(p, '"', (size_t)(d.s + end - p));
    if (!q || (size_t)(q - p) >= cap)
        return -1;
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = 0;
    return 0;
}

/* The <use> at `at` as an inline group, when it is one Cairo wrote for an
 * opacity and nothing else refers to its definition or mask: 0, -1 when it
 * is not, -2 out of memory. */
static int one_use(text d, const pm_keymap *m, size_t at, pm_svg_inline *in)
{
    const char *close = find(d, at, d.len, "/>");
    size_t end = close ? (size_t)(close - d.s) + 2 : at;
    char href[48], mask[48], transform[160] = "", attrs[160];
    if (!close || attribute(d, at, end, "xlink:href", href, sizeof href) != 0 ||
        href[0] != '#' || attribute(d, at, end, "mask", mask, sizeof mask) != 0 ||
        strncmp(mask, "url(#", 5) != 0 || mask[strlen(mask) - 1] != ')')
        return -1;
    attribute(d, at, end, "transform", transform, sizeof transform);
    mask[strlen(mask) - 1] = 0;
    const def *g = lookup(m, "g:", href + 1), *k = lookup(m, "m:", mask + 5);
    if (!g || !k || !g->at || !k->at || g->refs != 1 || k->refs != 1)
        return -1;
    double alpha = uniform_mask(d, k->at - 1, &in->mask_end);
    in->mask_at = k->at - 1;
    if (alpha < 0 || group_def(d, g->at - 1, in, attrs, sizeof attrs) != 0 ||
        in->group_end > at || in->mask_end > at)
        return -1;
    char open[512];
    snprintf(open, sizeof open, "<g opacity=\"%g\"%s%s%s%s>", alpha,
             transform[0] ? " transform=\"" : "", transform, transform[0] ? "\"" : "", attrs);
    in->use_at = at;
    in->use_end = end;
    in->open = strdup(open);
    return in->open ? 0 : -2;
}

int pm_svg_find_inlines(const unsigned char *doc, size_t len, pm_svg_inline **out)
{
    text d = {(const char *)doc, len};
    pm_keymap m = pm_keymap_make(sizeof(def), 0);
    size_t *uses = NULL;
    int n_uses = 0, n = 0, cap = 0, r = index_doc(d, &m, &uses, &n_uses);
    pm_svg_inline *v = NULL;
    for (int i = 0; i < n_uses && r == 0; i++) {
        pm_svg_inline in = {0};
        int one = one_use(d, &m, uses[i], &in);
        if (one == -2 || (one == 0 && pm_array_grow(&v, n, &cap, sizeof *v, 8) != 0)) {
            free(in.open);
            r = -1;
        } else if (one == 0) {
            v[n++] = in;
        }
    }
    free(uses);
    pm_keymap_free(&m, NULL);
    if (r != 0) {
        pm_svg_inlines_free(v, n);
        v = NULL;
    }
    *out = v;
    return r == 0 ? n : -1;
}

void pm_svg_inlines_free(pm_svg_inline *v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i].open);
    free(v);
}
