/* Private to render/: the state of one render and the steps that share it.
 *
 * Everything is laid out and drawn in page points (1/72 in), y down; a PNG
 * surface gets one cairo_scale to pixels, so layout and label placement are
 * identical in every format. Boxes are converted to output units only when the
 * result is handed back.
 */
#ifndef PM_RENDER_INTERNAL_H
#define PM_RENDER_INTERNAL_H

#include <stdio.h>

#include <cairo.h>
#include <stdint.h>
#include <pango/pangocairo.h>

#include "pm_map_data.h"
#include "pm_render.h"
#include "pm_write.h"

#include "grid_internal.h"

/* M_PI is not in strict C11. */
#define PM_PI 3.14159265358979323846

/* ---- page layout (page.c) ---------------------------------------------- */

/* One legend row: a rule's (rule >= 0), a class's of a classified layer
 * (cls >= 0; -1 with ref -1: features without a value), a size
 * reference's of a proportional layer (ref >= 0) or all of them as nested
 * symbols (ref PM_LEGEND_SIZES, legend_classes.c). */
#define PM_LEGEND_SIZES (-2)
typedef struct pm_legend_entry {
    int layer, rule, feature;   /* feature: first drawn with the rule */
    const char *text;
    const char *text_en;        /* English, or NULL */
    int cls, ref;
} pm_legend_entry;

/* qsort order of features by a rank, then as drawn (layer, then feature):
 * label placement and project numbering break ties alike. */
static inline int pm_rank_order(int rank_a, int rank_b, int layer_a, int layer_b, int feature_a,
                                int feature_b)
{
    if (rank_a != rank_b)
        return rank_a - rank_b;
    if (layer_a != layer_b)
        return layer_a - layer_b;
    return feature_a - feature_b;
}

/* A numbered project badge and its row in the project table (projects.c);
 * an unplaced project (no geometry) has a row and no badge: number 0. */
typedef struct pm_project {
    int layer, feature, number;
    const char *name, *category, *column;
    pm_color color;
    double x, y;                /* the feature's point on the page */
    pm_rect badge;              /* where the badge landed (w = 0: outside the frame) */
} pm_project;

/* The panel's measures before its scale (panel.c; a QGIS layout redraws the
 * project table with them, qgis_layout.c): the column of the table's badges
 * (a badge is 0.8 of it across, the row's text starts 4 after it), a legend
 * swatch's height (a category's swatch is that wide, 0.7 of it high, its
 * text 4 after it), the text's size (a row's 0.9 of it) and a heading's. */
#define PM_TABLE_BADGE_W 16.0
#define PM_PANEL_SYMBOL_H 14.0
#define PM_PANEL_TEXT_SIZE 8.5
#define PM_PANEL_HEADING_SIZE 10.0
/* An unplaced project's dash, where a row's badge is: grey, as what the map does not show. */
#define PM_UNPLACED_INK ((pm_color){0.4, 0.4, 0.4, 1})

/* The side (or bottom) panel is a flow of items in balanced columns: the
 * inset map, the legend and the project table (panel.c). */
typedef enum pm_item_kind {
    PM_ITEM_INSET, PM_ITEM_HEADING, PM_ITEM_LEGEND, PM_ITEM_GROUP, PM_ITEM_ROW,
    PM_ITEM_MORE,               /* "… and N more": the rows a full page could not hold */
    PM_ITEM_UNPLACED,           /* a project without geometry: a row with no number */
    PM_ITEM_UNPLACED_MORE,      /* "N more not on the map": those the panel's room left out */
    PM_ITEM_IMAGE,              /* a picture of the spec's "images" (ref: its index) */
    PM_ITEM_TITLE_BLOCK,        /* the title block (图签) */
    PM_ITEM_LEGEND_BOX          /* in the frame only: the legend as a box of its own */
} pm_item_kind;

/* A legend, inset, picture or title block inside the map frame, or a plate
 * (frame_box.c, furniture_place.c). */
typedef struct pm_frame_box {
    pm_item_kind kind;
    int ref;                    /* the picture's index */
    int place;                  /* pm_plate_place: a spot or "inside" */
    double k;                   /* text scale of its content */
    pm_rect r;                  /* the box (a white margin round the content) */
} pm_frame_box;

typedef struct pm_panel_item {
    pm_item_kind kind;
    int ref;                    /* legend entry / project index; heading: 0 legend, 1 table,
                                   2 the unplaced projects; a "more" line: rows left out */
    double w, h, gap;           /* gap: space above it unless first in a column */
} pm_panel_item;

typedef struct pm_layout {
    double page_w, page_h;      /* points */
    double margin;
    pm_rect title;              /* title band (h = 0 without title) */
    pm_rect frame;              /* map frame: the extent, aspect kept */
    pm_rect legend;             /* legend panel (w = 0 without legend) */
    pm_rect footer;             /* source note */
    pm_rect spare;              /* right end of the footer row: scale bar and
                                   north arrow when no map corner is free */
    pm_rect scalebar;           /* plates (w = 0: none) */
    pm_rect north;
    int panel_cols;             /* columns of the panel */
    double panel_scale;         /* text size factor, < 1 when shrunk to fit */
    double col_w;
    int *col_start;             /* first item of each column (+ n_items) */
} pm_layout;

/* ---- one render --------------------------------------------------------- */

/* Where things go: the page's boxes, the map → page transform and what
 * the panel and furniture show (page.c, panel.c, furniture.c, projects.c,
 * inset.c). */
typedef struct pm_page_ctx {
    pm_layout lay;
    double sx, tx, sy, ty;      /* map x/y → page points */
    double view[4];             /* map x/y box the frame shows: the map's
                                   extent, grown to the frame for a thin one
                                   or set by a fixed scale (page.c) */
    double scale;               /* N of 1:N at the map's centre (0: unknown) */
    pm_legend_entry *legend;
    int n_legend;
    pm_project *projects;
    int n_projects;
    pm_project *unplaced;       /* projects without geometry, in the data's order */
    int n_unplaced;
    pm_panel_item *items;
    int n_items;
    const pm_layer *inset;      /* the map's locator layer, once placed (inset.c) */
    double inset_ext[4];        /* lon/lat box the inset shows */
    double view_lonlat[4];      /* the map extent in lon/lat */
    pm_panel_item *legend_items;   /* the legend's heading and entries when it
                                      is in the frame, not in the panel */
    int n_legend_items;
    pm_frame_box *boxes;        /* what goes inside the frame but the plates */
    int n_boxes;
    char *note;                 /* source note text */
    double scalebar_m;          /* scale bar length in metres (0: none) */
    double scalebar_pt;
} pm_page_ctx;

/* What is placed and where: the collision index and the boxes handed back
 * (draw.c's markers, labels.c, projects.c, furniture.c). */
typedef struct pm_place_ctx {
    pm_grid grid;
    int mark_grid;              /* markers go into the grid: something is placed after them */
    pm_render_box *boxes;       /* in points until handed back */
    int n_boxes, cap_boxes;
    int marker_boxes;           /* also record a box per marker (can be 100 000s) */
    struct pm_line_mask *lines; /* where lines are drawn (label_lines.c), while labels are placed */
    int avoid_lines;            /* labels: near places off the lines only (the first pass) */
    struct pm_label_ways *ways; /* labels: the last area's ways out (label_place.c), one a thread */
    struct pm_label_inks *inks; /* labels: placed, drawn later (label_draw.c), or NULL */
    struct pm_label_sizer *sizer; /* labels: the placing thread's measuring (label_size.c) */
} pm_place_ctx;

/* What is drawn on: the Cairo context, the text context, the resolution,
 * and the ink mask of the drawn data (render.c, draw.c). */
typedef struct pm_draw_ctx {
    cairo_t *cr;
    PangoContext *pango;
    double px_per_pt;           /* output pixels per point: sets how finely to draw */
    double image_px_per_pt;     /* pixels per point of raster layers' images:
                                   the PNG's, or the page's dpi in SVG/PDF */
    cairo_surface_t *ink;       /* A8 mask of the drawn data over the frame */
    double ink_scale;           /* its pixels per point (1, less on huge pages) */
    cairo_t *ink_cr;            /* drawing into it, until the data are inked */
    int ink_pass;               /* drawing into the ink mask: register nothing */
    pm_rect windows[4];         /* ink pass: only data touching these is drawn */
    int n_windows;
} pm_draw_ctx;

typedef struct pm_rctx {
    const pm_map *map;
    const pm_spec *spec;
    int verbose;
    pm_lang lang;
    pm_page_ctx page;
    pm_place_ctx place;
    pm_draw_ctx draw;
    int nomem;
    long n_shown;               /* features of the layers drawn in the frame */
    pm_error data_err;          /* a streamed layer failed to read (status set) */
} pm_rctx;

/* Switching the drawing to the ink mask and back (render.c). */
typedef struct pm_ink_state {
    cairo_t *cr;
    double px_per_pt;
} pm_ink_state;
void pm_ink_begin(pm_draw_ctx *dc, pm_ink_state *saved);
void pm_ink_end(pm_draw_ctx *dc, const pm_ink_state *saved);

/* Record a box for pm_render_result (points). */
void pm_rctx_box(pm_rctx *rc, const char *kind, const char *text, pm_rect r);

static inline void pm_to_page(const pm_page_ctx *pg, double x, double y, double *px, double *py)
{
    *px = pg->sx * x + pg->tx;
    *py = pg->sy * y + pg->ty;
}

/* Page points back to map x/y. */
static inline void pm_from_page(const pm_page_ctx *pg, double px, double py, double *x, double *y)
{
    *x = (px - pg->tx) / pg->sx;
    *y = (py - pg->ty) / pg->sy;
}

/* Gap between a furniture plate and the frame's edge (furniture.c). */
#define PM_PLATE_INSET 8.0

/* page.c */
#define PM_NOTE_FONT_SIZE 7.5
pm_status pm_page_layout(pm_rctx *rc, double page_w, double page_h, pm_error *err);
/* Title font size for a page (the subtitle is 0.6 of it). */
double pm_title_font_size(double page_w, double page_h);
/* Title (sub = 0) or subtitle in the render's language. */
const char *pm_title_text(const pm_rctx *rc, int sub, char *buf, size_t n);
/* Its layout, `width` wide (NULL when the spec has none), as page.c
 * measures it and furniture.c draws it. */
PangoLayout *pm_title_layout(pm_rctx *rc, int sub, double width, char *buf, size_t n);
/* zh+en: the size of the English line under a Chinese label or title. */
#define PM_ZH_EN_GLOSS 0.8

/* text.c — Pango text in point units. */
PangoContext *pm_text_context(void);
#include "pm_render_text.h"   /* pm_text_set */
PangoLayout *pm_text_layout(PangoContext *pc, const char *text, const char *font,
                            double size, double wrap_width);
void pm_text_size(PangoLayout *layout, double *w, double *h);
/* A wrapped layout made as narrow as it can be without another line, so
 * its lines are of similar width. */
void pm_text_balance(PangoLayout *layout);
/* Everything after the layout's first line break at `scale` times its size:
 * the English line under a Chinese one (zh+en) reads as its gloss. */
void pm_text_scale_second(PangoLayout *layout, double scale);
/* The near-black of the furniture's lines and texts (legend, panel, title
 * block, scale bar, north arrow), and no halo: the page's furniture is
 * drawn in one ink. */
#define PM_INK ((pm_color){0.13, 0.13, 0.13, 1})
#define PM_NO_HALO ((pm_color){0, 0, 0, 0})
/* Draw the layout with its top-left at x, y: halo (stroked outline) under fill. */
void pm_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y,
                  pm_color text, pm_color halo, double halo_width);
/* A halo's mask made ahead of drawing its text (on another thread, on a
 * context whose matrix is the page's): mask NULL where the halo is
 * stroked instead (vector output, no ink) or out of memory. */
typedef struct pm_text_halo {
    cairo_surface_t *mask;      /* A8, owned by whoever made it */
    int box[4];                 /* its device-pixel place and size */
} pm_text_halo;
pm_text_halo pm_text_halo_of(cairo_t *cr, PangoLayout *layout, double x, double y, pm_color halo,
                             double halo_width);
/* pm_text_draw with the halo's mask made before (NULL, or no mask: made
 * now). */
void pm_text_draw_halo(cairo_t *cr, PangoLayout *layout, double x, double y, pm_color text,
                       pm_color halo, double halo_width, const pm_text_halo *made);
/* halo.c: below this radius (pixels) each inked pixel lights its disc
 * (cheap); from it on, masks of the ink dilated by discs. */
#define PM_HALO_LITERAL_BELOW 3.0
/* halo.c: spread glyph coverage (w × h, stride s) by a halo r pixels wide
 * into out (stride so), keeping out's larger values; -1 out of memory. */
int pm_halo_spread(const unsigned char *in, int s, int w, int h, double r, unsigned char *out, int so);
/* 1 if the font family is known to fontconfig (else Pango substitutes). */
int pm_text_font_known(PangoContext *pc, const char *font);

/* draw_cairo.c: symbols drawn with Cairo; draw.c: the data layers */
void pm_set_color(cairo_t *cr, pm_color c, double alpha);
void pm_marker_path(cairo_t *cr, pm_marker_shape shape, double cx, double cy, double size);
void pm_draw_marker(cairo_t *cr, const pm_style *s, double cx, double cy, double size);
/* A line with its casing under it and arrow heads at the PM_ARROW_* ends. */
void pm_draw_arrow_line(cairo_t *cr, const double *pts, int n, const pm_style *s, int arrow);
void pm_draw_layers(pm_rctx *rc);
/* draw_pattern.c: fill patterns and line decorations, for features and
 * legend swatches alike. */
int pm_style_has_pattern(const pm_style *s);
/* Hatching and dots inside the current path (even-odd); the path stays. */
void pm_paint_patterns(cairo_t *cr, const pm_style *s);
/* The casing under the current path (stroked as the line is); the path stays. */
void pm_stroke_casing(cairo_t *cr, const pm_style *s);
/* How far a line's symbol reaches from its centre line, pt (casing and
 * arrow heads included). */
double pm_style_line_reach(const pm_style *s);
/* raster.c: plain fills and solid strokes straight into an image surface
 * (page points in, device pixels out). NULL when the target cannot take
 * them (vector output, a rotated transform); begin/end bracket direct
 * drawing between Cairo calls. */
typedef struct pm_raster pm_raster;
pm_raster *pm_raster_create(cairo_t *cr, pm_rect clip);
void pm_raster_destroy(pm_raster *r);
int pm_raster_failed(const pm_raster *r);
void pm_raster_begin(pm_raster *r);
void pm_raster_end(pm_raster *r);
/* Two rasterisers over the pixels of `r` (between begin and end), one for
 * its clip's rows above the device row nearest page y `at`, one for the rest,
 * each with its own buffers: two threads can draw into them at once. Page y
 * of the row where they meet in *split. Halves already made (non-NULL) are
 * only moved to the new rows, keeping their buffers and marker stamps.
 * 0, or -1 when out of memory (both halves then destroyed and NULL). */
int pm_raster_split(const pm_raster *r, double at, pm_raster *half[2], double *split);
void pm_raster_polygon(pm_raster *r, const double *xy, const int *ring_len, const char *exterior,
                       int n_rings, pm_color fill, pm_color stroke, double width);
void pm_raster_line(pm_raster *r, const double *pts, int n, pm_color color, double width);
void pm_raster_marker(pm_raster *r, const double *ring, int n, pm_color fill, pm_color stroke,
                      double width);
/* A marker symbol centred at page (x, y), as pm_raster_marker draws its
 * pm_marker_ring outline, from coverage kept per style and sub-pixel
 * position (within 1/128 pixel) when it is small. */
void pm_raster_marker_at(pm_raster *r, pm_marker_shape shape, double x, double y, double size,
                         double px_per_pt, pm_color fill, pm_color stroke, double width);
/* The outline of a marker symbol as a ring of at most PM_MARKER_RING points
 * (fine enough for `px_per_pt` pixels per point); its vertex count. */
#define PM_MARKER_RING 64
int pm_marker_ring(pm_marker_shape shape, double cx, double cy, double size, double px_per_pt,
                   double *ring);

/* The style a feature is drawn with, and whether its lines carry an arrow. */
pm_style pm_feature_draw_style(const pm_map *map, int layer, int feature, int *arrow);
/* A feature's style, as resolved with its layer (pm_map_layer_style_at).
 * Where the layer has no table of styles (too many distinct ones): a
 * style depends on its rule, its kind and role properties and (classified
 * layers) its class and proportional size only, and neighbouring features
 * mostly share them, so the memo resolves it once per change while a
 * layer is walked in order. */
typedef struct pm_style_memo {
    int kind_i, role_i;         /* field indexes, -1 when absent */
    int valid, rule, arrow;
    int cls;                    /* class, -1 none */
    double size;                /* proportional size, 0 none */
    pm_geom_kind geom;
    const char *kind, *role;
    pm_style s;
} pm_style_memo;
void pm_style_memo_init(pm_style_memo *m, const pm_layer *data);
const pm_style *pm_style_memo_get(pm_style_memo *m, const pm_map_layer *ml, int i, int *arrow);

/* labels.c */
void pm_place_labels(pm_rctx *rc);

/* panel.c */
/* 1 if a legend, inset, picture or title block at `place` (pm_plate_place)
 * goes in the panel: "outside" or "auto". */
int pm_place_in_panel(int place);
int pm_panel_build(pm_rctx *rc);
/* One item's width and height at text scale k, and drawing it at x, y. */
void pm_panel_item_measure(pm_rctx *rc, pm_panel_item *it, double k);
void pm_panel_item_draw(pm_rctx *rc, const pm_panel_item *it, double x, double y, double k);
/* Balanced split of the items into `cols` columns: the tallest column's height
 * (points, without padding); fills rc->page.lay.col_start when `commit`. */
double pm_panel_flow(pm_rctx *rc, int cols, int commit);
void pm_panel_measure(pm_rctx *rc, double scale);
/* Keep the first `keep` of the `n_all` items in `all` (moved back to the last
 * that ends a heading's group) and, when rows were left out, a closing
 * "… and N more" item. 0, or -1 out of memory. */
int pm_panel_cut(pm_rctx *rc, const pm_panel_item *all, int n_all, int keep);
void pm_panel_size(const pm_rctx *rc, int cols, double flow_h, double *w, double *h);
void pm_draw_panel(pm_rctx *rc);
/* A numbered badge of diameter d centred at cx, cy. */
void pm_draw_badge(pm_rctx *rc, const pm_project *p, double cx, double cy, double d);

/* projects.c */
int pm_projects_collect(pm_rctx *rc);
void pm_draw_projects(pm_rctx *rc);
/* A project's name in the map's language (its name_en in English). */
const char *pm_project_name(const pm_rctx *rc, const pm_project *p, char *buf, size_t n);
/* What a render hands over besides its boxes, for a QGIS layout: the
 * project badges it drew (numbers, colours, places; the caller frees
 * `projects`) and the panel's scale. */
typedef struct pm_render_kept {
    pm_project *projects;
    int n_projects;
    double panel_scale;
} pm_render_kept;
pm_status pm_render_surface_kept(const pm_map *map, cairo_surface_t *surface,
                                 const pm_render_options *opts, pm_render_result *result,
                                 pm_render_kept *kept, pm_error *err);

/* palette.c: colours of project categories without one in the spec. */
/* The least CIEDE2000 difference between a category's colour and any colour
 * the map draws (or another category's): clearly different at a glance. */
#define PM_CATEGORY_MIN_DE 15.0
/* CIEDE2000 colour difference of two sRGB colours (alpha ignored), and of
 * two CIE L*a*b* colours. */
double pm_color_delta_e(pm_color a, pm_color b);
double pm_lab_delta_e(const double p[3], const double q[3]);
/* Whether a projects layer's point has its colour from the spec (its
 * layer's or rule's fill) rather than from the category palette. */
int pm_project_own_color(const pm_map_layer *ml, int rule, const pm_style *s);
/* Every colour the map draws in its extent, as it looks on the white page
 * (deduplicated; project badges only `with_projects`, and only where the
 * spec gives their colour): *out is malloc'ed, returns how many, -1 when out
 * of memory. */
int pm_map_drawn_colors(const pm_map *map, int with_projects, pm_color **out);
/* n category colours, in order: each the first of a fixed qualitative
 * palette at least PM_CATEGORY_MIN_DE from every drawn colour and every
 * earlier category, else the one farthest from them. */
void pm_category_palette(const pm_color *drawn, int n_drawn, pm_color *out, int n);

/* text choice for --lang (labels.c) */
const char *pm_lang_text(const pm_rctx *rc, const char *zh, const char *en, char *buf, size_t n);
const char *pm_feature_label(const pm_rctx *rc, int layer, int feature, char *buf, size_t n);

/* graticule.c, inset.c */
void pm_draw_graticule(pm_rctx *rc);
/* The region the inset shows, around the map's extent; -1 with err set. */
int pm_inset_place(pm_rctx *rc, pm_error *err);
/* rc->page.view_lonlat from the map extent; 0 on success. */
int pm_inset_view(pm_rctx *rc);
/* The lon/lat box of a map x/y box, from points along its edges; -1 if
 * they do not all transform. */
int pm_view_lonlat(const pm_crs *crs, const double view[4], double out[4]);
/* The lon/lat region the locator shows around the map's lon/lat box `v`:
 * square in ground distance (x scaled by cos(latitude)). */
void pm_inset_region(const double v[4], double ext[4]);
void pm_inset_size(const pm_rctx *rc, double width, double *h);
void pm_draw_inset(pm_rctx *rc, pm_rect r);

/* frame_box.c: the content of an inset, picture, title block or (in the
 * frame) legend box at text scale k: its size, and drawing it in `r`. */
void pm_frame_box_size(pm_rctx *rc, pm_item_kind kind, int ref, double k, double *w, double *h);
void pm_frame_box_draw(pm_rctx *rc, pm_item_kind kind, int ref, double k, pm_rect r);
/* The boxes that go inside the frame, measured once the frame is laid out
 * (a legend shrinks its text to fit); an error when one cannot fit. */
pm_status pm_frame_boxes_measure(pm_rctx *rc, pm_error *err);
/* The boxes on their white ground, where furniture_place.c put them. */
void pm_draw_frame_boxes(pm_rctx *rc);
/* The spec key that places a box or plate ("legend.position"), for messages. */
const char *pm_frame_box_key(const pm_rctx *rc, pm_item_kind kind, int ref, char *buf, size_t n);

/* title_block.c: the title block `width` pt wide at text scale k: its
 * height, and drawing it with its top-left at x, y. */
double pm_title_block_height(pm_rctx *rc, double width, double k);
void pm_draw_title_block(pm_rctx *rc, pm_rect r, double k);

/* furniture_place.c: where the plates and the frame's boxes go (fixed
 * spots first, then "inside" corners, then free corners or the note row):
 * never on each other; an error naming the key when no room is left. */
pm_status pm_furniture_place(pm_rctx *rc, pm_error *err);

/* furniture.c */
void pm_legend_symbol(pm_rctx *rc, const pm_legend_entry *e, double x, double y);
/* The box a legend symbol needs, pt: the standard patch, larger for a
 * proportional symbol. */
void pm_legend_symbol_size(const pm_rctx *rc, const pm_legend_entry *e, double *w, double *h);
const char *pm_legend_text(const pm_rctx *rc, const pm_legend_entry *e, char *buf, size_t n);
int pm_legend_collect(pm_rctx *rc);
/* Append an entry (0; -1 out of memory); `cap` is the array's capacity. */
int pm_legend_push(pm_rctx *rc, int *cap, pm_legend_entry e);
/* The entries of layer `layer`'s classes and size references (legend_classes.c). */
int pm_legend_add_classes(pm_rctx *rc, int layer, int *cap);
/* The nested size symbols with their values (an entry of ref
 * PM_LEGEND_SIZES): the box they need, pt, and drawing them at (x, y). */
void pm_legend_sizes_size(const pm_rctx *rc, const pm_legend_entry *e, double *w, double *h);
void pm_legend_sizes_draw(pm_rctx *rc, const pm_legend_entry *e, double x, double y);
char *pm_source_note(const pm_map *map, pm_lang lang);
/* Scale bar length and the plate sizes (before layout). */
void pm_furniture_measure(pm_rctx *rc, double *w, double *h);
void pm_draw_furniture(pm_rctx *rc);

/* output.c */
#define PM_OUTPUT_MAX 8     /* files one drawing is written to (render -o) */
typedef struct pm_output {
    pm_format format;
    char *target;           /* the (first) output as named, for messages */
    pm_writer *w[PM_OUTPUT_MAX];   /* the files the one drawing is written to, in
                              order; none: only the surface (pm_render_raster) */
    int n_w;
    cairo_surface_t *surface;
    unsigned char *buf;     /* SVG, PDF: the document, kept till it is finished */
    struct pm_svg *svg;     /* SVG: its <text> and layer items (svg_internal.h) */
    char *pdf_viewport;     /* PDF: the page's /VP entry (pdf_geo.c), kept in buf till then */
    struct pm_pdf_parts *pdf_parts; /* PDF: its parts, to become layers (pdf_layers.c) */
    size_t len, cap;
    int nomem;
    unsigned ppm;           /* PNG: pixels per metre for its pHYs chunk (0: none) */
    const pm_context *context;  /* the map's: the PNG's threads and deflater */
} pm_output;

/* pdf_layers.c: the parts of a PDF's map (each pm_svg_group) drawn as
 * marked content and named, so the update below makes each an optional
 * content group (a layer GDAL and PDF readers list). */
typedef struct pm_pdf_parts {
    char **names;
    int n, cap;
    int nomem;
} pm_pdf_parts;
/* The objects an update writes and where, in the update's bytes. */
#define PM_PDF_XREF_MAX 512
typedef struct pm_pdf_xref {
    long num[PM_PDF_XREF_MAX];
    size_t at[PM_PDF_XREF_MAX];
    int n, full;
} pm_pdf_xref;
void pm_pdf_xref_add(pm_pdf_xref *x, long num, size_t at);
/* `parts` (the output's) collects the parts drawn on `s`; a surface
 * without one (the ink mask, a report page) draws as before. */
void pm_pdf_parts_attach(cairo_surface_t *s, pm_pdf_parts *parts);
/* A new part named `label` begins (the previous one ends); nothing unless
 * cr draws on a surface with parts. pm_pdf_parts_close ends the last. */
void pm_pdf_part(cairo_t *cr, const char *label);
void pm_pdf_parts_close(cairo_t *cr);
void pm_pdf_parts_free(pm_pdf_parts *p);
/* Appends to `b` (an update of Cairo's document pdf[0, len) whose page is
 * object `page`, catalog `root`, next free number *size) the page's content
 * with each part as an optional content group, its resources naming them,
 * the groups, and the catalog listing them; each object noted in x. 0, or
 * -1 when the document is not as Cairo writes it (b is then unusable). */
int pm_pdf_layers_update(pm_sbuf *b, const char *pdf, size_t len, long page, long root,
                         long *size, const pm_pdf_parts *parts, pm_pdf_xref *x);

/* pdf_geo.c: the first `word` in [p, end), or NULL (memmem is not C11). */
const char *pm_pdf_find(const char *p, const char *end, const char *word);
/* pdf_geo.c: the page's "/VP [...]" entry georeferencing the map frame
 * (page_h: the page's height in points), or NULL (err set). */
char *pm_pdf_geo_viewport(const pm_rctx *rc, double page_h, pm_error *err);
/* The PDF Cairo wrote (doc, len) and an incremental update adding
 * `viewport` to its page, through the writer; `target` names it in messages. */
pm_status pm_pdf_geo_append(const unsigned char *doc, size_t len, const char *viewport,
                            const pm_pdf_parts *parts, pm_writer *w, const char *target,
                            pm_error *err);

/* A surface of `format` whose drawing goes to each of `paths` (n of them,
 * at most PM_OUTPUT_MAX, in that order); n 0: no file, only the surface.
 * `name` names it in messages. */
pm_status pm_output_open(pm_output *out, const char *name, const char *const *paths, int n,
                         pm_format format, double page_w, double page_h, int px_w, int px_h,
                         pm_error *err);
/* Finish the surface, write it to each file and rename over the targets. */
pm_status pm_output_commit(pm_output *out, pm_error *err);
/* Remove the temporary file (after a failure) and free everything. */
void pm_output_abort(pm_output *out);
/* png.c: the RGB24 or ARGB32 surface as a PNG (pHYs from ppm, pixels per
 * metre, when not 0) through the writer, in as many bands as the context's
 * threads (ISA-L if it says so); `target` names it in messages. A
 * failed write is PM_OK: the writer keeps its reason for the commit. */
pm_status pm_png_write(cairo_surface_t *s, pm_writer *w, unsigned ppm, const pm_context *ctx,
                       const char *target, pm_error *err);

/* render.c: `map` drawn as a PNG would be, into an RGB24 image surface
 * that is not written anywhere (*image is the caller's to destroy): the
 * GeoTIFF's pixels, which GDAL writes through the one writer, and the
 * pixels of every PNG of a run; *ppm (may be NULL): its resolution in
 * pixels per metre, for the PNG's pHYs chunk. */
pm_status pm_render_raster(const pm_map *map, const char *name, const pm_render_options *opts,
                           pm_render_result *result, cairo_surface_t **image, unsigned *ppm,
                           pm_error *err);
/* render.c: `map` drawn once in `format` (SVG or PDF) and the document
 * written to each of `paths` (n ≥ 1, at most PM_OUTPUT_MAX, in order). */
pm_status pm_render_document(const pm_map *map, pm_format format, const char *const *paths,
                             int n, const pm_render_options *opts, pm_render_result *result,
                             pm_error *err);
/* output.c: an image surface (a render's, pm_render_raster) as a PNG file
 * or standard output ("-"), through the one writer. */
pm_status pm_output_png(cairo_surface_t *image, const char *path, unsigned ppm,
                        const pm_context *ctx, pm_error *err);

#endif
