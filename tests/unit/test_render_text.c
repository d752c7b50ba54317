/* Label halos on an image are the glyphs' coverage spread by the halo's
 * width (text.c); elsewhere Cairo strokes the outlines. The two must look
 * alike: the same band of halo colour round the same text. */
#include "pm_test.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "label_internal.h"
#include "render_internal.h"
#include "pm_text.h"
#include "pm_theme.h"

enum { W = 260, H = 80 };

static const pm_color BLACK = {0, 0, 0, 1}, WHITE = {1, 1, 1, 1};

/* The label drawn on a dark page at 2 pixels per point; `stroked` draws it
 * inside a group, where the halo is stroked as on vector output. */
static cairo_surface_t *label(PangoContext *pc, const char *text, double halo_width, int stroked)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.1, 0.2, 0.4);
    cairo_paint(cr);
    cairo_scale(cr, 2, 2);
    PangoLayout *l = pm_text_layout(pc, text, NULL, 14, 0);
    if (stroked)
        cairo_push_group(cr);
    pm_text_draw(cr, l, 8, 8, BLACK, WHITE, halo_width);
    if (stroked) {
        cairo_pop_group_to_source(cr);
        cairo_paint(cr);
    }
    g_object_unref(l);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static int bright(uint32_t px)
{
    return ((px >> 16) & 255) > 200 && ((px >> 8) & 255) > 200 && (px & 255) > 200;
}

static void compare(PangoContext *pc, const char *text, double halo_width)
{
    cairo_surface_t *a = label(pc, text, halo_width, 0), *b = label(pc, text, halo_width, 1);
    const unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
    int stride = cairo_image_surface_get_stride(a), halo_a = 0, halo_b = 0;
    double diff = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t u = ((const uint32_t *)(pa + y * stride))[x], v = ((const uint32_t *)(pb + y * stride))[x];
            halo_a += bright(u);
            halo_b += bright(v);
            for (int k = 0; k < 3; k++)
                diff += abs((int)((u >> (8 * k)) & 255) - (int)((v >> (8 * k)) & 255));
        }
    diff /= 3.0 * W * H;
    /* Thin halos fade a little sooner spread than stroked. */
    if (halo_b < 200 || halo_a < 0.8 * halo_b || halo_a > 1.15 * halo_b || diff > 4)
        fail_msg("\"%s\" halo %.1f pt: %d bright pixels spread, %d stroked; mean difference %.2f",
                 text, halo_width, halo_a, halo_b, diff);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

static void test_spread_halo_matches_stroke(void **state)
{
    (void)state;
    PangoContext *pc = pm_text_context();
    assert_non_null(pc);
    compare(pc, "成都科学城", 1);
    compare(pc, "天府新区 CBD", 1.5);
    compare(pc, "锦江·東風渠", 0.6);
    /* Past 6 pixels (A4 at 300 dpi draws 1.5 pt as 6.25): spread too. */
    compare(pc, "成都科学城", 3.125);
    compare(pc, "天府新区", 5);
    g_object_unref(pc);
}

/* The lines of a wrapped, balanced label: each break in Latin text at a
 * space or after a hyphen, never inside a word; returns the line count and
 * the widths (pt) of the widest and narrowest line. */
static int wrapped_lines(PangoContext *pc, const char *text, double size, double wrap,
                         double *widest, double *narrowest)
{
    PangoLayout *l = pm_text_layout(pc, text, NULL, size, wrap);
    pm_text_balance(l);
    int n = pango_layout_get_line_count(l);
    *widest = 0;
    *narrowest = 1e9;
    for (int i = 0; i < n; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
        int at = line->start_index;
        if (i > 0 && !(text[at - 1] == ' ' || text[at - 1] == '-' || (unsigned char)text[at - 1] >= 0x80))
            fail_msg("\"%s\" broken inside a word at byte %d: line %d starts \"%s\"", text, at, i,
                     text + at);
        PangoRectangle r;
        pango_layout_line_get_extents(line, NULL, &r);
        /* The line's own text is not followed by a hyphen Pango added. */
        if (r.width > 0) {
            *widest = fmax(*widest, r.width / (double)PANGO_SCALE);
            *narrowest = fmin(*narrowest, r.width / (double)PANGO_SCALE);
        }
    }
    g_object_unref(l);
    return n;
}

static void test_latin_wraps_at_spaces_and_hyphens(void **state)
{
    (void)state;
    PangoContext *pc = pm_text_context();
    assert_non_null(pc);
    static const char *const names[] = {
        "Chengdu Supercomputing Center", "Hi-tech Industrial Development Zone",
        "Western (Chengdu) Science City", "Tianfu International Biotown",
        "Chengdu High-tech Zone Xinchuan Science and Technology Park",
        "Supercalifragilisticexpialidocious",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        double wide, narrow;
        int n = wrapped_lines(pc, names[i], 9, 7.5 * 9, &wide, &narrow);
        if (n > 1 && strchr(names[i], ' ') && wide > 2.2 * narrow + 20)
            fail_msg("\"%s\": unbalanced lines, %.1f pt and %.1f pt", names[i], wide, narrow);
    }
    /* A word wider than the width stays whole: one line, wider than asked. */
    double wide, narrow;
    assert_int_equal(wrapped_lines(pc, "Supercomputing", 9, 20, &wide, &narrow), 1);
    assert_true(wide > 20);
    /* Chinese still breaks between characters, in balanced lines: 16
     * characters in 6, 6 and 4 rather than 7, 7 and 2. */
    int n = wrapped_lines(pc, "成都高新技术产业开发区新川科技园", 9, 7.5 * 9, &wide, &narrow);
    assert_int_equal(n, 3);
    if (narrow < 0.6 * wide)
        fail_msg("Chinese lines %.1f pt and %.1f pt", wide, narrow);
    g_object_unref(pc);
}

/* zh+en: the English line a size smaller than the Chinese above it; the
 * Chinese line and a text of one line are untouched. */
static void test_second_line_gloss(void **state)
{
    (void)state;
    PangoContext *pc = pm_text_context();
    assert_non_null(pc);
    PangoLayout *full = pm_text_layout(pc, "成都高新区\nChengdu High-tech Zone", NULL, 10, 0);
    PangoLayout *gloss = pm_text_layout(pc, "成都高新区\nChengdu High-tech Zone", NULL, 10, 0);
    pm_text_scale_second(gloss, 0.8);
    PangoRectangle a[2], b[2];
    for (int i = 0; i < 2; i++) {
        pango_layout_line_get_extents(pango_layout_get_line_readonly(full, i), NULL, &a[i]);
        pango_layout_line_get_extents(pango_layout_get_line_readonly(gloss, i), NULL, &b[i]);
    }
    assert_int_equal(a[0].width, b[0].width);
    double ratio = (double)b[1].width / a[1].width;
    if (ratio < 0.75 || ratio > 0.85)
        fail_msg("English line %.2f of its full width, not 0.8", ratio);
    PangoLayout *one = pm_text_layout(pc, "成都", NULL, 10, 0);
    double w0, h0, w1, h1;
    pm_text_size(one, &w0, &h0);
    pm_text_scale_second(one, 0.5);
    pm_text_size(one, &w1, &h1);
    assert_true(w0 == w1 && h0 == h1);
    g_object_unref(full);
    g_object_unref(gloss);
    g_object_unref(one);
    g_object_unref(pc);
}


/* A sizer lays each text out in the layout it kept from the text before
 * when the look is the same: every size must be the one a new layout
 * gives, whatever came before (a narrower balanced width, more lines, a
 * gloss, another font, size or wrap). */
static void test_sizer_measures_as_a_new_layout(void **state)
{
    (void)state;
    PangoContext *pc = pm_text_context();
    assert_non_null(pc);
    static const char *const texts[] = {
        "成都高新区", "天府新区成都直管区", "成都高新技术产业开发区新川科技园", "西部（成都）科学城",
        "Chengdu Supercomputing Center", "Hi-tech Industrial Development Zone", "Supercalifragilisticexpialidocious",
        "成都高新区\nChengdu High-tech Zone", "A", "", "交子公园金融商务区 Jiaozi Park CBD", "مدينة العلوم",
        "新川创新科技园（一期、二期）", "1+4+N",
    };
    enum { N_TEXTS = sizeof texts / sizeof texts[0] };
    pm_label_look looks[6];
    for (int i = 0; i < 6; i++) {
        memset(&looks[i], 0, sizeof looks[i]);
        looks[i].s.font = PM_THEME_FONT;
        looks[i].s.font_size = 9;
        looks[i].wrap = 67.5;
    }
    looks[1].s.font_size = 8.1;
    looks[1].wrap = 60.75;
    looks[2].wrap = 0;                 /* a line's: no wrap */
    looks[3].gloss = 1;
    looks[4].s.font = PM_THEME_FONT " Bold";
    looks[5].wrap = 40.5;              /* narrower block */
    pm_label_sizer z;
    pm_label_sizer_init(&z, pc);
    unsigned seed = 7;
    for (int n = 0; n < 2000; n++) {
        seed = seed * 1103515245u + 12345u;
        const char *text = texts[(seed >> 8) % N_TEXTS];
        /* Mostly one look in a row, as a crowded map asks. */
        const pm_label_look *lk = &looks[(seed >> 20) % 8 < 5 ? 0 : (seed >> 24) % 6];
        double w, h, w0, h0;
        pm_label_sizer_size(&z, text, lk, &w, &h);
        PangoLayout *fresh = pm_label_layout(pc, text, &lk->s, lk->wrap, lk->gloss);
        pm_text_size(fresh, &w0, &h0);
        g_object_unref(fresh);
        if (w != w0 || h != h0)
            fail_msg("\"%s\" at %g pt, wrap %g, gloss %d: %g x %g, a new layout %g x %g", text,
                     lk->s.font_size, lk->wrap, lk->gloss, w, h, w0, h0);
    }
    pm_label_sizer_free(&z);
    g_object_unref(pc);
}

/* UTF-8 of code point cp (below 0x10000) at p; the bytes written. */
static int utf8_put(char *p, unsigned cp)
{
    if (cp < 0x80) {
        p[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | cp >> 6);
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    p[0] = (char)(0xE0 | cp >> 12);
    p[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    p[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

static void sizes_agree(pm_label_sizer *z, PangoContext *pc, const char *text, const pm_label_look *lk)
{
    double w, h, w0, h0;
    pm_label_sizer_size(z, text, lk, &w, &h);
    PangoLayout *fresh = pm_label_layout(pc, text, &lk->s, lk->wrap, lk->gloss);
    pm_text_size(fresh, &w0, &h0);
    g_object_unref(fresh);
    if (w != w0 || h != h0)
        fail_msg("\"%s\" at %g pt, wrap %g: %.17g x %.17g, a new layout %.17g x %.17g", text,
                 lk->s.font_size, lk->wrap, w, h, w0, h0);
}

/* Names of ideographs are sized without a layout where the font sets them
 * side by side: every ideograph alone, names of one to twelve of them (across
 * the wrap width: the longer ones wrap and are laid out) and ideographs
 * mixed with other characters, at the sizes and wraps labels take, must
 * measure as a new layout does. */
static void test_sizer_ideographs_as_pango(void **state)
{
    (void)state;
    PangoContext *pc = pm_text_context();
    assert_non_null(pc);
    static const double sizes[] = {9, 9 * PM_LABEL_SHRINK, 11, 7.3};
    pm_label_sizer z;
    pm_label_sizer_init(&z, pc);
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        pm_label_look lk;
        memset(&lk, 0, sizeof lk);
        lk.s.font = si == 2 ? PM_THEME_FONT " Bold" : PM_THEME_FONT;
        lk.s.font_size = sizes[si];
        lk.wrap = 7.5 * sizes[si];
        char text[64];
        /* Every ideograph once at the first size, a sample at the others. */
        for (unsigned cp = 0x4E00; cp <= 0x9FFF; cp += si == 0 ? 1 : 97) {
            text[utf8_put(text, cp)] = 0;
            sizes_agree(&z, pc, text, &lk);
        }
        unsigned seed = 11 + (unsigned)si;
        for (int n = 0; n < 400; n++) {
            int len = 1 + n % 12, o = 0;
            for (int i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                unsigned cp = 0x4E00 + (seed >> 8) % 0x5200;
                /* Now and then a character of another kind among them. */
                if (n % 9 == 0 && i == len / 2)
                    cp = (const unsigned[]){0x3001, 0xFF08, 0x41, 0x3042, 0x20, 0x31}[seed % 6];
                o += utf8_put(text + o, cp);
            }
            text[o] = 0;
            sizes_agree(&z, pc, text, &lk);
        }
    }
    /* A name past the bound on a text's characters, unwrapped: Pango is
     * given it cut short, and so is its size. */
    enum { LONG = PM_TEXT_MAX_CHARS + 3 };
    char *name = malloc(3 * LONG + 1);
    assert_non_null(name);
    for (int i = 0; i < LONG; i++)
        utf8_put(name + 3 * i, 0x4E00 + (unsigned)(i % 50));
    name[3 * LONG] = 0;
    pm_label_look line;
    memset(&line, 0, sizeof line);
    line.s.font = PM_THEME_FONT;
    line.s.font_size = 9;
    sizes_agree(&z, pc, name, &line);
    sizes_agree(&z, pc, name, &line);
    free(name);
    pm_label_sizer_free(&z);
    g_object_unref(pc);
}

PM_TEST_MAIN(test_spread_halo_matches_stroke, test_sizer_measures_as_a_new_layout,
             test_sizer_ideographs_as_pango,
             test_latin_wraps_at_spaces_and_hyphens,
             test_second_line_gloss)
