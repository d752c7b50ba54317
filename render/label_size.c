/* A label's look (its style at a size, its wrap width) and the size of its
 * text block at that look, measured once per font, size and wrap through
 * Pango and kept in a table for the run: placement asks for sizes tens of
 * thousands of times and lays a text out only when it is drawn. */
#include "label_internal.h"
#include "pm_keymap.h"
#include "pm_strings.h"
#include "pm_text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A label's text block: long names wrap into a block instead of running
 * across the map (`wrap` wide, 0: one line); in zh+en the English under the
 * Chinese a size smaller, as a gloss (it takes less room, so more labels
 * find a place); lines balanced. */
PangoLayout *pm_label_layout(PangoContext *pc, const char *text, const pm_style *s, double wrap, int gloss)
{
    PangoLayout *layout = pm_text_layout(pc, text, s->font, s->font_size, wrap);
    if (gloss)
        pm_text_scale_second(layout, PM_ZH_EN_GLOSS);
    pm_text_balance(layout);
    return layout;
}

/* The feature's label style at `k` times its size, its wrap width `narrow`
 * times the usual (a line's label does not wrap). */
pm_label_look pm_label_look_of(const pm_rctx *rc, int layer, int feature, double k, double narrow)
{
    const pm_feature *f = &rc->map->layers[layer].data->features[feature];
    pm_label_look lk = {.s = pm_map_feature_style(rc->map, layer, feature)};
    lk.s.font_size = (lk.s.font_size > 0 ? lk.s.font_size : 9) * k;
    lk.wrap = f->kind == PM_GEOM_LINE ? 0 : narrow * fmin(7.5 * lk.s.font_size, 0.3 * rc->page.lay.frame.w);
    lk.gloss = rc->lang == PM_LANG_ZH_EN && f->kind != PM_GEOM_LINE;
    return lk;
}

/* A double's bits as 16 hex digits at p (distinct doubles, distinct keys). */
static char *key_bits(char *p, double v)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    for (int i = 15; i >= 0; i--, b >>= 4)
        p[i] = hex[b & 15];
    return p + 16;
}

/* The key of a text's size in the table of sizes; 0 if too long for one.
 * Built by hand: every search asks, and printf's "%a" was ~3 % of a
 * crowded map's run. */
int pm_label_size_key(char *key, size_t n, const char *text, const pm_label_look *lk)
{
    const char *font = lk->s.font ? lk->s.font : "";
    size_t lf = strlen(font), lt = strlen(text);
    if (33 + lf + 1 + lt + 1 > n)
        return 0;
    char *p = key_bits(key_bits(key, lk->s.font_size), lk->wrap);
    *p++ = lk->gloss ? '1' : '0';
    memcpy(p, font, lf);
    p[lf] = '\x1f';
    memcpy(p + lf + 1, text, lt + 1);
    return 1;
}

/* ---- measuring ----------------------------------------------------------- */

/* A name of CJK ideographs on one line, the most common label of a Chinese
 * plan, is as wide as its ideographs side by side: the font gives each the
 * same advance (one em) and Pango adds the glyphs' widths. So for a look
 * whose font measures "一" and "一一" alike, every ideograph is measured
 * alone once (then known to be in the font, and as wide as "一"), and a text
 * of such ideographs that fits the wrap width takes the sizes Pango would
 * give it, in its own units, without a layout. */
#define HAN_FIRST 0x4E00u   /* CJK Unified Ideographs */
#define HAN_LAST 0x9FFFu
enum { HAN_UNKNOWN, HAN_ALIKE, HAN_OTHER };

typedef struct pm_label_han {
    int usable;                 /* the look's "一" and "一一" measure alike */
    int w, h;                   /* "一", Pango units */
    unsigned char known[HAN_LAST - HAN_FIRST + 1];   /* per ideograph: HAN_* */
} pm_label_han;

/* The kept layout's logical size of `text` in Pango units, and its lines. */
static int layout_units(PangoLayout *layout, const char *text, int *w, int *h)
{
    PangoRectangle r;
    pm_text_set(layout, text);
    pango_layout_get_extents(layout, NULL, &r);
    *w = r.width;
    *h = r.height;
    return pango_layout_get_line_count(layout);
}

/* The look's reference ideograph, measured in its layout (which is wide
 * enough for two: a label's wrap is several ems). */
static pm_label_han *han_start(PangoLayout *layout)
{
    pm_label_han *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    int w2, h2;
    g->usable = layout_units(layout, "一", &g->w, &g->h) == 1 &&
                layout_units(layout, "一一", &w2, &h2) == 1 && g->w > 0 && w2 == 2 * g->w && h2 == g->h;
    return g;
}

/* 1 if ideograph cp measures alone as the reference does (asked once). */
static int han_alike(pm_label_sizer_look *e, unsigned cp)
{
    unsigned char *k = &e->han->known[cp - HAN_FIRST];
    if (*k == HAN_UNKNOWN) {
        char one[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
        int w, h;
        *k = layout_units(e->layout, one, &w, &h) == 1 && w == e->han->w && h == e->han->h ? HAN_ALIKE
                                                                                        : HAN_OTHER;
    }
    return *k == HAN_ALIKE;
}

/* The size of a text of ideographs alike on one line; 0 for any other text
 * (then laid out). */
static int han_size(pm_label_sizer_look *e, const char *text, double *w, double *h)
{
    if (!e->han && !(e->han = han_start(e->layout)))
        return 0;
    if (!e->han->usable || !*text)
        return 0;
    long n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; n++) {
        unsigned cp;
        int len = pm_utf8_length(p, &cp);
        /* A text past the bound is cut before Pango sees it (pm_text_set). */
        if (len != 3 || cp < HAN_FIRST || cp > HAN_LAST || n >= PM_TEXT_MAX_CHARS || !han_alike(e, cp))
            return 0;
        p += len;
    }
    /* One line: narrower than the wrap width by more than Pango's rounding
     * of it (a block as wide as the width may wrap). */
    long width = n * (long)e->han->w;
    if (e->wrap > 0 && width + 1 >= (long)(e->wrap * PANGO_SCALE))
        return 0;
    *w = (double)width / PANGO_SCALE;
    *h = (double)e->han->h / PANGO_SCALE;
    return 1;
}

void pm_label_sizer_init(pm_label_sizer *z, PangoContext *pc)
{
    memset(z, 0, sizeof *z);
    z->pc = pc;
}

static void look_free(pm_label_sizer_look *e)
{
    if (e->layout)
        g_object_unref(e->layout);
    free(e->han);
    memset(e, 0, sizeof *e);
}

void pm_label_sizer_free(pm_label_sizer *z)
{
    for (int i = 0; i < PM_SIZER_LOOKS; i++)
        look_free(&z->look[i]);
}

/* The kept entry with lk's font, size and wrap (and so its layout's
 * attributes and alignment), or NULL: a gloss's attributes depend on the
 * text, so such a layout is never kept. */
static pm_label_sizer_look *look_kept(pm_label_sizer *z, const pm_label_look *lk)
{
    const char *font = lk->s.font ? lk->s.font : "";
    for (int i = 0; i < PM_SIZER_LOOKS && !lk->gloss; i++) {
        pm_label_sizer_look *e = &z->look[i];
        if (e->layout && e->size == lk->s.font_size && e->wrap == lk->wrap && strcmp(e->font, font) == 0)
            return e;
    }
    return NULL;
}

void pm_label_sizer_size(pm_label_sizer *z, const char *text, const pm_label_look *lk, double *w, double *h)
{
    pm_label_sizer_look *e = look_kept(z, lk);
    if (e) {
        /* As pm_label_layout leaves a new layout: the wrap width (balancing
         * narrowed it), then the text. */
        pango_layout_set_width(e->layout, lk->wrap > 0 ? (int)(lk->wrap * PANGO_SCALE) : -1);
        if (han_size(e, text, w, h))
            return;
        pm_text_set(e->layout, text);
        pm_text_balance(e->layout);
        pm_text_size(e->layout, w, h);
        return;
    }
    PangoLayout *layout = pm_label_layout(z->pc, text, &lk->s, lk->wrap, lk->gloss);
    pm_text_size(layout, w, h);
    if (lk->gloss) {
        g_object_unref(layout);
        return;
    }
    /* The oldest look gives way. The style's strings live as long as the map. */
    e = &z->look[z->next];
    z->next = (z->next + 1) % PM_SIZER_LOOKS;
    look_free(e);
    *e = (pm_label_sizer_look){layout, lk->s.font ? lk->s.font : "", lk->s.font_size, lk->wrap, NULL};
}

/* The size of a label's block. A crowded map has tens of thousands of
 * labels, most of them never placed, and many sharing a name: each text is
 * laid out once per font, size and wrap here, and drawn only when placed.
 * `add`: a size not yet known is added to the table (else the table is only
 * read: other threads read it at the same time, and hold every size they
 * ask for, with no sizer: z is NULL). */
void pm_label_measure(pm_label_sizer *z, pm_keymap *sizes, int add, const char *text, const pm_label_look *lk,
                      double *w, double *h)
{
    char key[1400];
    pm_label_size *known = NULL;
    if (pm_label_size_key(key, sizeof key, text, lk))
        known = add ? pm_keymap_get(sizes, key, NULL) : pm_keymap_find(sizes, key);
    if ((known && known->known) || !z) {
        *w = known ? known->w : 0;
        *h = known ? known->h : 0;
        return;
    }
    pm_label_sizer_size(z, text, lk, w, h);
    if (known && add)
        *known = (pm_label_size){*w, *h, 1};
}
