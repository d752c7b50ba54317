/* A label's look (its style at a size, its wrap width) and the size of its
 * text block at that look, measured once per font, size and wrap through
 * Pango and kept in a table for the run: placement asks for sizes tens of
 * thousands of times and lays a text out only when it is drawn. */
#include "label_internal.h"
#include "pm_keymap.h"

#include <math.h>
#include <stdint.h>
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

void pm_label_sizer_init(pm_label_sizer *z, PangoContext *pc)
{
    *z = (pm_label_sizer){pc, NULL, NULL, 0, 0};
}

void pm_label_sizer_free(pm_label_sizer *z)
{
    if (z->layout)
        g_object_unref(z->layout);
    z->layout = NULL;
}

/* Whether the kept layout has lk's font, size and wrap (and so its
 * attributes and alignment): a gloss's attributes depend on the text, so
 * such a layout is never kept. */
static int same_look(const pm_label_sizer *z, const pm_label_look *lk)
{
    const char *font = lk->s.font ? lk->s.font : "";
    return z->layout && !lk->gloss && z->size == lk->s.font_size && z->wrap == lk->wrap &&
           strcmp(z->font, font) == 0;
}

void pm_label_sizer_size(pm_label_sizer *z, const char *text, const pm_label_look *lk, double *w, double *h)
{
    if (same_look(z, lk)) {
        /* As pm_label_layout leaves a new layout: the wrap width (balancing
         * narrowed it), then the text. */
        pango_layout_set_width(z->layout, lk->wrap > 0 ? (int)(lk->wrap * PANGO_SCALE) : -1);
        pm_text_set(z->layout, text);
        pm_text_balance(z->layout);
        pm_text_size(z->layout, w, h);
        return;
    }
    PangoLayout *layout = pm_label_layout(z->pc, text, &lk->s, lk->wrap, lk->gloss);
    pm_text_size(layout, w, h);
    pm_label_sizer_free(z);
    if (lk->gloss) {
        g_object_unref(layout);
        return;
    }
    /* The style's strings live as long as the map. */
    *z = (pm_label_sizer){z->pc, layout, lk->s.font ? lk->s.font : "", lk->s.font_size, lk->wrap};
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
