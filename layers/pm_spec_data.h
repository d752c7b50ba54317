/* pm_spec_data — inside a map spec (include/planmap/pm_spec.h keeps it
 * opaque): its styles, rules, conditions, layers and page as parsed, for the
 * modules that style and draw it (layers, render, batch, cli). Not installed.
 *
 * Lengths in styles (widths, sizes, font sizes, dashes) are in points
 * (1/72 inch) on the page, so a map looks the same at any DPI.
 */
#ifndef PM_SPEC_DATA_H
#define PM_SPEC_DATA_H

#include "pm_spec.h"

/* ---- styles and rules ------------------------------------------------- */

typedef enum pm_marker_shape {
    PM_MARKER_NONE = 0, PM_MARKER_CIRCLE, PM_MARKER_SQUARE, PM_MARKER_TRIANGLE,
    PM_MARKER_DIAMOND, PM_MARKER_STAR
} pm_marker_shape;

/* Which fields of a pm_style were given explicitly (rules override only these). */
enum {
    PM_STYLE_FILL = 1u << 0, PM_STYLE_STROKE = 1u << 1, PM_STYLE_WIDTH = 1u << 2,
    PM_STYLE_DASH = 1u << 3, PM_STYLE_OPACITY = 1u << 4, PM_STYLE_MARKER = 1u << 5,
    PM_STYLE_MARKER_SIZE = 1u << 6, PM_STYLE_LABEL = 1u << 7, PM_STYLE_FONT = 1u << 8,
    PM_STYLE_FONT_SIZE = 1u << 9, PM_STYLE_TEXT_COLOR = 1u << 10,
    PM_STYLE_HALO = 1u << 11, PM_STYLE_HALO_WIDTH = 1u << 12, PM_STYLE_HATCH = 1u << 13,
    PM_STYLE_DOTS = 1u << 14, PM_STYLE_ARROW = 1u << 15, PM_STYLE_CASING = 1u << 16
};

/* Line ends that carry an arrow head (bits of pm_style.arrow). */
enum { PM_ARROW_NONE = 0, PM_ARROW_END = 1, PM_ARROW_START = 2, PM_ARROW_BOTH = 3 };

/* Hatching over a polygon's fill: parallel lines anchored to the page (so
 * neighbouring polygons' hatching lines up), clipped to the polygon. */
typedef struct pm_hatch {
    int n_angles;              /* 0 = none, 1 = hatch, 2 = cross-hatch */
    double angle[2];           /* degrees anticlockwise from the page's east */
    double spacing;            /* pt between lines */
    double width;              /* pt */
    pm_color color;            /* a < 0: the style's stroke colour */
} pm_hatch;

/* Dots over a polygon's fill on a square grid anchored to the page. */
typedef struct pm_dots {
    double spacing;            /* pt between dot centres; 0 = none */
    double size;               /* pt, diameter */
    pm_color color;            /* a < 0: the style's stroke colour */
} pm_dots;

/* A wider line drawn under a line (roads, rivers over busy ground). */
typedef struct pm_casing {
    double width;              /* pt added on each side of the line; 0 = none */
    pm_color color;
} pm_casing;

#define PM_MAX_DASH 8

typedef struct pm_style {
    unsigned set;              /* PM_STYLE_* bits given explicitly */
    pm_color fill;             /* polygons and markers */
    pm_color stroke;           /* outlines, lines, marker outlines */
    double width;              /* stroke width, pt */
    double dash[PM_MAX_DASH];  /* on/off lengths, pt */
    int n_dash;
    double opacity;            /* whole-symbol opacity 0..1 */
    pm_marker_shape marker;    /* point symbol */
    double marker_size;        /* pt, diameter */
    char *label;               /* property or template (pm_values.h) labelling it, or NULL */
    char *font;                /* Pango family, e.g. "Noto Sans CJK SC" */
    double font_size;          /* pt */
    pm_color text_color;
    pm_color halo;             /* text halo colour */
    double halo_width;         /* pt; 0 = none */
    pm_hatch hatch;            /* polygons: hatching (cross_hatch too) */
    pm_dots dots;              /* polygons: a dot pattern */
    int arrow;                 /* lines: PM_ARROW_* heads */
    pm_casing casing;          /* lines: a wider line underneath */
} pm_style;

/* What a condition tests (docs/spec.md, "Conditions"). */
typedef enum pm_condition_op {
    PM_COND_EQ = 0,    /* equal to one of `values` ("in" too) */
    PM_COND_GT,        /* a number > num[0] */
    PM_COND_GTE,       /* >= num[0] */
    PM_COND_LT,        /* < num[0] */
    PM_COND_LTE,       /* <= num[0] */
    PM_COND_BETWEEN,   /* num[0] <= number <= num[1] */
    PM_COND_LIKE,      /* matches one of the SQL LIKE patterns in `values` */
    PM_COND_ANY        /* one of the groups in `any` holds (no field) */
} pm_condition_op;

struct pm_condition;

/* Conditions that must all hold: one alternative of an "any". */
typedef struct pm_condition_group {
    struct pm_condition *where;
    int n_where;
} pm_condition_group;

/* A condition on one property. PM_COND_EQ: equal to one of `values`
 * (strings compared as written, or as numbers when both parse fully as
 * numbers); a NULL value (JSON null) matches a missing or null property.
 * The numeric operators hold only for a property whose text is a number;
 * LIKE only for a present one. `negate` turns the result over, so a
 * negated test holds for a missing property. */
typedef struct pm_condition {
    char *field;                /* NULL for PM_COND_ANY */
    char **values;              /* PM_COND_EQ, PM_COND_LIKE */
    int n_values;
    int negate;
    pm_condition_op op;
    double num[2];              /* the bounds of the numeric operators */
    pm_condition_group *any;    /* PM_COND_ANY: the alternatives */
    int n_any;
} pm_condition;

typedef struct pm_rule {
    pm_condition *where;       /* all must hold; none = always */
    int n_where;
    pm_style style;            /* fields given here override the layer style */
    char *legend;              /* legend text; NULL = no legend entry */
    char *legend_en;           /* English legend text (--lang en), or NULL */
} pm_rule;

/* Property accessor used for matching, so rules work on any feature type. */
typedef const char *(*pm_prop_getter)(const void *feature, const char *field);

/* ---- raster layers ---------------------------------------------------- */

typedef enum pm_resampling {
    PM_RESAMPLE_BILINEAR = 0, PM_RESAMPLE_NEAREST, PM_RESAMPLE_CUBIC
} pm_resampling;

/* A colour ramp stop: pixels of `value` get `color`, values between two
 * stops are interpolated linearly, values outside take the nearest end. */
typedef struct pm_ramp_stop {
    double value;
    pm_color color;
} pm_ramp_stop;

/* How a raster layer's pixels are drawn (spec key "raster", docs/spec.md).
 * Without hillshade or ramp, bands are drawn as they are: three as red,
 * green and blue, one as grey. With a ramp, band 1 (elevations) is coloured
 * by it; with hillshade, band 1 is shaded (Horn's method), and a ramp's
 * colours are darkened by the shade. */
typedef struct pm_raster_spec {
    int hillshade;             /* 1: shaded relief of band 1 */
    double azimuth;            /* light from, degrees clockwise from north */
    double altitude;           /* light above the horizon, degrees */
    double z_factor;           /* elevation units to horizontal (metres) */
    int multidirectional;      /* gdaldem's four-light blend */
    pm_ramp_stop *ramp;        /* ascending values */
    int n_ramp;
    double opacity;            /* 0..1 */
    pm_resampling resampling;
    int bands[3];              /* 1-based; n_bands 0: the raster's own */
    int n_bands;
} pm_raster_spec;

/* ---- classes from data (a layer's "classify") and proportional symbols - */

typedef enum pm_class_method {
    PM_CLASS_CATEGORIES = 0,   /* one class per distinct value */
    PM_CLASS_QUANTILE,         /* about as many features in each class */
    PM_CLASS_EQUAL,            /* equal intervals from min to max */
    PM_CLASS_JENKS,            /* natural breaks (Fisher-Jenks, exact) */
    PM_CLASS_MANUAL            /* the spec's breaks */
} pm_class_method;

/* Which style key the class colours: by geometry (polygons and points fill,
 * lines stroke), or as given. */
typedef enum pm_class_paint {
    PM_PAINT_AUTO = 0, PM_PAINT_FILL, PM_PAINT_STROKE, PM_PAINT_BOTH
} pm_class_paint;

typedef struct pm_classify {
    char *field;               /* property classified */
    pm_class_method method;
    int classes;               /* numeric methods: classes wanted (2-12) */
    double *breaks;            /* manual: class upper bounds but the last, ascending */
    int n_breaks;
    char *palette;             /* ColorBrewer name, or NULL with `colors` */
    pm_color *colors;          /* explicit colours, or NULL */
    int n_colors;
    pm_class_paint paint;
    int digits;                /* decimals in legend numbers; -1: up to 2, trailing zeros cut */
    char *legend;              /* template: {lo} {hi} {value} {count}; NULL: default */
    char *legend_en;
} pm_classify;

/* Marker size by value: area proportional to the value (diameter ∝ √value),
 * the largest value drawn `max` pt across, none under `min`. */
typedef struct pm_size_by {
    char *field;
    double min, max;           /* pt */
    int digits;                /* as pm_classify.digits, for the size legend */
    char *legend;              /* size legend template with {value}; NULL: "{value}" */
    char *legend_en;
} pm_size_by;

/* ---- the map spec ----------------------------------------------------- */

/* A layer entry of the spec as written: where its features come from and how
 * they are drawn, no data (a resolved map pairs it with its loaded features). */
/* Which styles and labels features get unasked (spec key "theme"): none
 * (the neutral style, labels only where a style sets `label`) or the built-in
 * planning theme by `kind` and `role` (layers/theme.c). */
typedef enum pm_theme_mode {
    PM_THEME_NONE = 0,
    PM_THEME_PLAN
} pm_theme_mode;

typedef struct pm_layer_spec {
    char *name;                /* unique in the map */
    char *source;              /* path resolved against the spec's folder */
    char *layer;               /* OGR layer inside the source, or NULL */
    pm_condition *where;       /* only features matching all of these are drawn */
    int n_where;
    pm_style style;            /* layer defaults (unset fields: theme defaults) */
    pm_rule *rules;            /* first matching rule wins */
    int n_rules;
    int legend;                /* 1: include this layer's rules in the legend */
    int projects;              /* 1: points drawn as numbered badges keyed to
                                  the project table */
    pm_raster_spec *raster;    /* a raster layer: how its pixels are drawn
                                  (no features); NULL for vector layers */
    pm_classify *classify;     /* colours by class of a property, or NULL */
    pm_size_by *size_by;       /* marker size by a property, or NULL */
    char *encoding;            /* the source's character set ("GBK"), or NULL:
                                  as the source says (UTF-8 for most) */
    char *crs;                 /* the CRS of the source's coordinates, taken
                                  instead of the source's own (a Shapefile
                                  without .prj), or NULL: as the source says */
    pm_theme_mode theme;       /* the spec's, for the styles of its features */
} pm_layer_spec;

typedef struct pm_page {
    double width_mm, height_mm;   /* paper size after orientation */
    double dpi;                   /* raster resolution */
    int width_px, height_px;      /* if > 0, the PNG size; overrides dpi */
} pm_page;

typedef enum pm_extent_mode {
    PM_EXTENT_AUTO = 0,  /* union of `extent_layers` (all layers if none) */
    PM_EXTENT_BOX        /* explicit lon/lat box */
} pm_extent_mode;

/* Where the scale bar or north arrow goes: a spot inside the map frame,
 * any free corner inside it, or the note row outside; automatic is a free
 * corner, else outside. */
typedef enum pm_plate_place {
    PM_PLATE_NONE = 0, PM_PLATE_AUTO, PM_PLATE_TOP_LEFT, PM_PLATE_TOP_RIGHT,
    PM_PLATE_BOTTOM_LEFT, PM_PLATE_BOTTOM_RIGHT, PM_PLATE_TOP, PM_PLATE_BOTTOM,
    PM_PLATE_INSIDE, PM_PLATE_OUTSIDE
} pm_plate_place;

/* A picture on the page (spec key "images"): a PNG drawn `width_mm` wide,
 * its height by its aspect, at `place` (a pm_plate_place; outside: in the
 * panel). */
typedef struct pm_spec_image {
    char *path;              /* as written, for messages */
    char *file;              /* resolved against the spec's folder */
    int place;
    double width_mm;
} pm_spec_image;

/* One row of the title block: a label and its value, each with an English
 * twin for --lang en and zh+en. "{date}" in a value is the render's day. */
typedef struct pm_title_field {
    char *label, *label_en;
    char *value, *value_en;
} pm_title_field;

/* The title block (图签, spec key "title_block"): a ruled table of fields. */
typedef struct pm_title_block {
    int place;               /* pm_plate_place; outside: in the panel */
    double width_mm;
    pm_title_field *fields;
    int n_fields;
} pm_title_block;

typedef struct pm_spec {
    char *path;              /* the spec file, for messages */
    char *json;              /* the spec as read (JSON), for an export to carry */
    char *dir;               /* its folder, for resolving sources */
    char *title;
    char *subtitle;
    pm_page page;
    char *crs;               /* "auto", "EPSG:nnnn", PROJ string or WKT */
    pm_extent_mode extent_mode;
    double extent[4];        /* PM_EXTENT_BOX: min lon, min lat, max lon, max lat */
    char **extent_layers;    /* PM_EXTENT_AUTO: layer names to fit */
    int n_extent_layers;
    double margin;           /* fraction of the extent added on each side */
    double scale;            /* > 0: the map at 1:scale, true at the centre */
    double center[2];        /* with scale: the centre (lon, lat) ... */
    int has_center;          /* ... if given, else the data's */
    pm_layer_spec *layers;   /* in draw order */
    int n_layers;
    int legend;              /* show the legend */
    char *legend_title;
    int scale_bar;           /* pm_plate_place: 0 none, else where */
    int north_arrow;
    char **notes;            /* printed under the map with the sources */
    int n_notes;
    char **notes_en;         /* English notes, one for each of notes, or NULL */
    char *legend_title_en;   /* English legend title, or NULL ("Legend" for 图例) */
    char **plan_titles;      /* plan titles (a feature's "plan") ... */
    char **plan_titles_en;   /* ... and their English gloss for the source note */
    int n_plan_titles;
    char *background;        /* unused if NULL */
    pm_color background_color;
    char *title_en;          /* English title/subtitle (--lang en), or NULL */
    char *subtitle_en;
    pm_lang lang;            /* PM_LANG_DEFAULT = Chinese */
    pm_theme_mode theme;     /* "theme": none (default) or plan */
    int graticule;           /* lon/lat lines with labels on the frame */
    char *inset_source;      /* locator map layer (provinces), or NULL */
    pm_condition *inset_where;
    int n_inset_where;
    char *inset_encoding;    /* the inset source's character set, or NULL */
    char *inset_crs;         /* the inset source's coordinates' CRS, or NULL */
    int legend_place;        /* pm_plate_place of the legend: outside (the
                                panel, PM_PLATE_AUTO too) or in the frame */
    int inset_place;         /* likewise for the inset */
    pm_spec_image *images;
    int n_images;
    pm_title_block *title_block;   /* NULL: none */
} pm_spec;

/* The properties a layer's rules, filters and labels read (for the loader to
 * keep): every field a condition names (inside "any" too), every field of a
 * label or label template, and for each label field its English X_en, which
 * --lang en reads where a feature has it (optional: a source without it is
 * no mistake). Returns the count; `*fields` is owned by the caller
 * (pm_strv_free). */
int pm_layer_spec_fields(const pm_layer_spec *layer, char ***fields);
/* Puts the layer before the message about it: "SPEC: layers[2] (name): …",
 * or for a layer given inline "SPEC: layers[2].data: …", with the name of
 * the in-memory file that holds it (geo/memfile.c, which nobody wrote)
 * taken out of the message. Returns err->status. */
pm_status pm_layer_error_prefix(pm_error *err, const pm_spec *spec, int li);

/* 1 if condition `c` holds for a property whose text is `have` (NULL:
 * missing or null). Not for PM_COND_ANY, which reads several properties. */
int pm_condition_holds_for(const pm_condition *c, const char *have);
/* 1 if every condition holds for the feature. */
int pm_conditions_match(const pm_condition *c, int n, pm_prop_getter get, const void *feature);
/* The first matching rule's index, or -1 if none matches. */
int pm_layer_spec_match(const pm_layer_spec *layer, pm_prop_getter get, const void *feature);
/* `base` with every field set in `over` replaced (strings are shared, not copied). */
pm_style pm_style_merge(const pm_style *base, const pm_style *over);

#endif
