/* Editable SVG, the drawing side: words become <text> items and parts of
 * the map become layer groups, each left in Cairo's drawing as a numbered
 * marker (svg_internal.h). The items are written out by svg_write.c. */
#include "svg_internal.h"
#include "pm_alloc.h"
#include "pm_strings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The marker's opacity: with its colour, what svg_write.c looks for. */
const double pm_svg_mark_alpha = 0.0123;

struct pm_svg {
    char **items;       /* item i: the XML that replaces marker i */
    int n, cap;
    int nomem;
    pm_sbuf curved;     /* the <text> of a curved label being set */
    double curved_at[2];   /* its first glyph's page place, for its marker */
    int curved_glyphs;
};

void pm_svg_free(pm_svg *svg)
{
    if (!svg)
        return;
    pm_strv_free(svg->items, svg->n);
    PM_FREE_ALL(svg->curved.s, svg);
}

static cairo_user_data_key_t svg_key;

pm_svg *pm_svg_new(cairo_surface_t *surface)
{
    pm_svg *svg = calloc(1, sizeof *svg);
    if (svg && cairo_surface_set_user_data(surface, &svg_key, svg, NULL) != CAIRO_STATUS_SUCCESS) {
        free(svg);
        return NULL;
    }
    return svg;
}

pm_svg *pm_svg_of(cairo_t *cr)
{
    return cairo_surface_get_user_data(cairo_get_target(cr), &svg_key);
}

int pm_svg_failed(const pm_svg *svg)
{
    return svg->nomem;
}

const char *pm_svg_item(const pm_svg *svg, long i)
{
    return i >= 0 && i < svg->n ? svg->items[i] : NULL;
}

/* Keep the item (taken from b) and draw its marker at device point (dx, dy):
 * a square a hundredth of a point wide whose colour is the item's number.
 * The caller's path and clip are left as they were. */
static void mark(pm_svg *svg, cairo_t *cr, pm_sbuf *b, double dx, double dy)
{
    char *item = pm_sbuf_take(b);
    /* Past 16M items the document is too large anyway. */
    if (!item || svg->n >= (1 << 24) ||
        pm_array_grow(&svg->items, svg->n, &svg->cap, sizeof *svg->items, 64) != 0) {
        free(item);
        svg->nomem = 1;
        return;
    }
    long k = svg->n;
    svg->items[svg->n++] = item;
    cairo_path_t *path = cairo_copy_path(cr);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, dx, dy, 0.01, 0.01);
    cairo_set_source_rgba(cr, (k >> 16 & 255) / 255.0, (k >> 8 & 255) / 255.0, (k & 255) / 255.0,
                          pm_svg_mark_alpha);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
    if (path && path->status == CAIRO_STATUS_SUCCESS)
        cairo_append_path(cr, path);
    cairo_path_destroy(path);
}

/* An XML id from s: ASCII letters, digits, '-' and '_' kept, other ASCII
 * as '_', the rest left out ("layer-2-道路 roads" → "layer-2-_roads"). */
static void add_id(pm_sbuf *b, const char *s)
{
    char part[96];
    size_t n = 0;
    for (; *s && n + 1 < sizeof part; s++) {
        unsigned char c = (unsigned char)*s;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_';
        if (c < 0x80)
            part[n++] = keep ? (char)c : '_';
    }
    while (n > 0 && (part[n - 1] == '-' || part[n - 1] == '_'))
        n--;
    part[n] = 0;
    pm_sbuf_add(b, part);
}

void pm_svg_group(cairo_t *cr, const char *id, const char *label)
{
    pm_pdf_part(cr, label);   /* in a PDF, the same part is a layer */
    pm_svg *svg = pm_svg_of(cr);
    if (!svg)
        return;
    /* svg_write.c closes each group where the next begins. */
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "<g id=\"");
    add_id(&b, id);
    pm_sbuf_add(&b, "\" inkscape:groupmode=\"layer\" inkscape:label=\"");
    pm_sbuf_xml(&b, label);
    pm_sbuf_add(&b, "\">\n");
    /* Outside every clip, so Cairo closes its clip groups first and the
     * layer groups stay at the top of the page. */
    cairo_save(cr);
    cairo_reset_clip(cr);
    mark(svg, cr, &b, 0, 0);
    cairo_restore(cr);
}

static void add_color(pm_sbuf *b, const char *attr, pm_color c)
{
    pm_sbuf_addf(b, " %s=\"#%02x%02x%02x\"", attr, (int)lround(fmin(1, fmax(0, c.r)) * 255),
                 (int)lround(fmin(1, fmax(0, c.g)) * 255), (int)lround(fmin(1, fmax(0, c.b)) * 255));
    if (c.a < 1)
        pm_sbuf_addf(b, " %s-opacity=\"%.3g\"", attr, fmax(0, c.a));
}

/* <text with the layout's font, the fill and the halo (a stroke painted
 * first, as the halo lies under the glyphs in PNG). */
static void open_text(pm_sbuf *b, PangoLayout *layout, pm_color text, pm_color halo, double halo_width)
{
    const PangoFontDescription *fd = pango_layout_get_font_description(layout);
    const char *family = fd ? pango_font_description_get_family(fd) : NULL;
    pm_sbuf_add(b, "<text xml:space=\"preserve\" font-family=\"");
    for (const char *f = family ? family : "sans-serif"; *f; f++) {
        char one[2] = {*f == '"' || *f == '\'' ? ' ' : *f, 0};
        pm_sbuf_xml(b, one);
    }
    pm_sbuf_addf(b, "\" font-size=\"%.4g\"", fd ? pango_font_description_get_size(fd) / (double)PANGO_SCALE : 9);
    PangoWeight weight = fd ? pango_font_description_get_weight(fd) : PANGO_WEIGHT_NORMAL;
    if (weight != PANGO_WEIGHT_NORMAL)
        pm_sbuf_addf(b, " font-weight=\"%d\"", (int)weight);
    if (fd && pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL)
        pm_sbuf_add(b, " font-style=\"italic\"");
    if (text.a > 0)
        add_color(b, "fill", text);
    else
        pm_sbuf_add(b, " fill=\"none\"");
    if (halo_width > 0 && halo.a > 0) {
        add_color(b, "stroke", halo);
        pm_sbuf_addf(b, " stroke-width=\"%.4g\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                     2 * halo_width);
    }
}

/* The text of bytes [start, start + len) without line ends or trailing
 * spaces (a wrapped line keeps the space it broke at). */
static void add_words(pm_sbuf *b, const char *s, int start, int len)
{
    while (len > 0 && (s[start + len - 1] == ' ' || s[start + len - 1] == '\n' || s[start + len - 1] == '\r'))
        len--;
    char *part = malloc((size_t)len + 1);
    if (!part) {
        b->nomem = 1;
        return;
    }
    memcpy(part, s + start, (size_t)len);
    part[len] = 0;
    for (char *p = part; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    pm_sbuf_xml(b, part);
    free(part);
}

/* The user-space matrix as an attribute, unless it only moves: then the
 * move is added to the places instead. */
static int add_transform(pm_sbuf *b, cairo_t *cr, double *ox, double *oy)
{
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xx == 1 && m.yy == 1 && m.xy == 0 && m.yx == 0) {
        *ox = m.x0;
        *oy = m.y0;
        return 0;
    }
    *ox = *oy = 0;
    pm_sbuf_addf(b, " transform=\"matrix(%.6g %.6g %.6g %.6g %.6g %.6g)\"", m.xx, m.yx, m.xy, m.yy, m.x0, m.y0);
    return 1;
}

int pm_svg_text(cairo_t *cr, PangoLayout *layout, double x, double y, pm_color text, pm_color halo,
                double halo_width)
{
    pm_svg *svg = pm_svg_of(cr);
    if (!svg)
        return -1;
    pm_sbuf b = {0};
    open_text(&b, layout, text, halo, halo_width);
    double ox, oy;
    add_transform(&b, cr, &ox, &oy);
    pm_sbuf_add(&b, ">");
    const char *s = pango_layout_get_text(layout);
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double bx = x + ox + (double)logical.x / PANGO_SCALE;
        double by = y + oy + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        pm_sbuf_addf(&b, "<tspan x=\"%.3f\" y=\"%.3f\">", bx, by);
        add_words(&b, s, line->start_index, line->length);
        pm_sbuf_add(&b, "</tspan>");
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    pm_sbuf_add(&b, "</text>\n");
    /* The marker at the middle of the text, inside whatever clip it is. */
    double w, h;
    pm_text_size(layout, &w, &h);
    double cx = x + 0.5 * w, cy = y + 0.5 * h;
    cairo_user_to_device(cr, &cx, &cy);
    mark(svg, cr, &b, cx, cy);
    return 0;
}

void pm_svg_curved_begin(pm_svg *svg, PangoLayout *font_of, pm_color text, pm_color halo,
                         double halo_width)
{
    free(svg->curved.s);
    memset(&svg->curved, 0, sizeof svg->curved);
    svg->curved_glyphs = 0;
    open_text(&svg->curved, font_of, text, halo, halo_width);
    pm_sbuf_add(&svg->curved, ">");
}

void pm_svg_curved_glyph(pm_svg *svg, cairo_t *cr, PangoLayout *glyph, double x, double y)
{
    /* The glyph's origin on its baseline, on the page, and its turn:
     * `rotate` turns each glyph about that origin. */
    double bx = x, by = y + (double)pango_layout_get_baseline(glyph) / PANGO_SCALE;
    cairo_user_to_device(cr, &bx, &by);
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    double deg = atan2(m.yx, m.xx) * 180 / PM_PI;
    pm_sbuf_addf(&svg->curved, "<tspan x=\"%.3f\" y=\"%.3f\" rotate=\"%.2f\">", bx, by, deg);
    add_words(&svg->curved, pango_layout_get_text(glyph), 0, (int)strlen(pango_layout_get_text(glyph)));
    pm_sbuf_add(&svg->curved, "</tspan>");
    if (svg->curved_glyphs++ == 0) {
        svg->curved_at[0] = bx;
        svg->curved_at[1] = by;
    }
}

void pm_svg_curved_end(pm_svg *svg, cairo_t *cr)
{
    pm_sbuf_add(&svg->curved, "</text>\n");
    if (svg->curved_glyphs > 0) {
        mark(svg, cr, &svg->curved, svg->curved_at[0], svg->curved_at[1]);
    } else {
        free(svg->curved.s);
    }
    memset(&svg->curved, 0, sizeof svg->curved);
}
