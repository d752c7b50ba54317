/* Editable SVG: words as <text> and one Inkscape layer per part of the map.
 * Private to render/.
 *
 * Cairo's SVG surface (1.16 and 1.18 alike) writes text as glyph outlines
 * and knows no groups, but draws everything else well. So Cairo still draws
 * the geometry, and where a word or a new part of the map would go the
 * drawing leaves a marker: a tiny fill in a colour that numbers an item kept
 * here (a <text> element, or the start of a layer group). When the document
 * is written, each marker's <path> is replaced by its item (svg_write.c),
 * so the items keep their place in the drawing order and inside Cairo's
 * clip groups. Only a surface with a pm_svg attached draws markers: PNG,
 * PDF and the ink mask draw as before. */
#ifndef PM_SVG_INTERNAL_H
#define PM_SVG_INTERNAL_H

#include "render_internal.h"

typedef struct pm_svg pm_svg;

/* A document's items (the output keeps them until it is written), attached
 * to the surface Cairo draws the SVG on. NULL out of memory. */
pm_svg *pm_svg_new(cairo_surface_t *surface);
void pm_svg_free(pm_svg *svg);
/* The items of the surface cr draws on, or NULL when it is not an
 * editable SVG. */
pm_svg *pm_svg_of(cairo_t *cr);
/* 1 if an item could not be kept (out of memory). */
int pm_svg_failed(const pm_svg *svg);

/* From here on, drawing goes into a new top-level layer group: id is made
 * from `id` (ASCII letters, digits, '-' and '_' kept), the label shown in
 * Inkscape is `label`. Nothing unless cr draws an editable SVG. */
void pm_svg_group(cairo_t *cr, const char *id, const char *label);
/* The layout as one <text> (a <tspan> a line) at x, y in cr's user space,
 * the halo as a stroke painted under the fill. 0 if it was kept, -1 when cr
 * does not draw an editable SVG (then draw the glyphs). */
int pm_svg_text(cairo_t *cr, PangoLayout *layout, double x, double y, pm_color text, pm_color halo,
                double halo_width);

/* A label set glyph by glyph along a curve: one <text>, a <tspan> a glyph,
 * each at its place and turned to the line. begin → glyph … → end. */
void pm_svg_curved_begin(pm_svg *svg, PangoLayout *font_of, pm_color text, pm_color halo,
                         double halo_width);
/* The glyph's layout at x, y (top left of its box) in cr's user space. */
void pm_svg_curved_glyph(pm_svg *svg, cairo_t *cr, PangoLayout *glyph, double x, double y);
void pm_svg_curved_end(pm_svg *svg, cairo_t *cr);

/* The opacity of every marker, and the XML of marker i (NULL: none). */
extern const double pm_svg_mark_alpha;
const char *pm_svg_item(const pm_svg *svg, long i);

/* svg_opacity.c: a <use> Cairo wrote for a group with an opacity (a <g> in
 * <defs> under a mask of one uniform alpha) and what replaces it: the group
 * itself, opened by `open` (<g opacity="A" transform=… clip-path=…>), its
 * definition and mask left out. Byte ranges of the document, [at, end). */
typedef struct pm_svg_inline {
    size_t use_at, use_end;
    size_t mask_at, mask_end;
    size_t group_at, group_end;   /* the whole <g id="surfaceN">…</g> */
    size_t body_at, body_end;     /* what is inside it */
    char *open;
} pm_svg_inline;
/* Every such <use> of the document, in order: their count (*out is the
 * caller's, for pm_svg_inlines_free), or -1 when out of memory. */
int pm_svg_find_inlines(const unsigned char *doc, size_t len, pm_svg_inline **out);
void pm_svg_inlines_free(pm_svg_inline *v, int n);

/* svg_write.c: the document Cairo wrote (len bytes) with each marker
 * replaced by its item, each layer with an opacity as a plain group
 * (svg_opacity.c), the Inkscape namespace declared and Cairo's
 * "surface<N>" ids renumbered from 1 (they come from a process-wide
 * counter), through the writer. 0, or -1 (the writer keeps a write error;
 * out of memory sets *nomem). */
int pm_svg_write(const pm_svg *svg, const unsigned char *doc, size_t len, pm_writer *w, int *nomem);

#endif
