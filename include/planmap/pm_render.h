/* pm_render — draw a resolved map with Cairo (text through Pango) to PNG,
 * SVG or PDF: fills → lines → markers → labels → furniture (legend, scale bar,
 * north arrow, title, source note).
 *
 * Output is written to a temporary file beside the target and renamed into
 * place, so a failed render never leaves a half-written file. The same input
 * gives the same bytes (no dates or random ids in SVG/PDF).
 */
#ifndef PM_RENDER_H
#define PM_RENDER_H

#include "pm_api.h"

#include "pm_map.h"

typedef enum pm_format {
    PM_FORMAT_AUTO = 0,   /* from the output file's extension */
    PM_FORMAT_PNG,
    PM_FORMAT_SVG,
    PM_FORMAT_PDF
} pm_format;

/* The raster memory budget: 150 megapixels (600 MB of 32-bit pixels; an A0
 * page at 300 dpi is 140). planmap render/batch --max-pixels raise it. */
#define PM_MAX_PIXELS_DEFAULT 150000000LL

typedef struct pm_render_options {
    pm_format format;
    double dpi;            /* > 0 overrides the spec's page dpi */
    int width_px;          /* > 0 override the output size in pixels (PNG) */
    int height_px;
    int verbose;           /* report dropped labels etc. to the map's
                              context's log callback (PM_LOG_VERBOSE) */
    pm_lang lang;          /* PM_LANG_DEFAULT: the spec's "lang" */
    int lean_result;       /* 1: no per-marker boxes in pm_render_result (a
                              layer of 200 000 points would make 35 MB of them) */
    long long max_pixels;  /* raster budget in pixels (PNG, GeoTIFF); 0: the
                              default PM_MAX_PIXELS_DEFAULT. A larger page is
                              refused before anything is allocated. */
    int from_batch_file;   /* dpi/width/height above come from a batch file:
                              a size they make too large is a spec error, not
                              a usage error */
} pm_render_options;

/* Parse "png", "svg", "pdf" (any case). PM_FORMAT_AUTO if unknown. */
PM_API pm_format pm_format_from_name(const char *name);
/* Format implied by a file name's extension, PM_FORMAT_AUTO if none. */
PM_API pm_format pm_format_from_path(const char *path);

/* Where things landed, for tests and checks (page units: points, or pixels
 * for PNG). */
typedef struct pm_render_box {
    char kind[16];         /* "label", "marker", "badge", "legend", "table-row",
                              "scalebar", "northarrow", "inset", ... */
    char *text;            /* the whole text drawn there (never cut), or the
                              feature's name for a marker; freed by
                              pm_render_result_free */
    double x, y, w, h;
} pm_render_box;

typedef struct pm_render_result {
    int width, height;            /* page size in output units */
    double map_frame[4];          /* x, y, w, h of the map area */
    double map_to_page[4];        /* {sx, tx, sy, ty}: page x = sx*x + tx,
                                     page y = sy*y + ty (sy < 0: north up) */
    double scale;                 /* N of the map's scale 1:N, true at its
                                     centre (0 when the CRS gives none) */
    pm_render_box *boxes;
    int n_boxes;
    long n_shown;                 /* features of the map's layers drawn in its
                                     frame, project badges included (0: the
                                     map shows none of its data) */
} pm_render_result;

/* Render `map` to `out_path`. `result` may be NULL. */
PM_API pm_status pm_render_file(const pm_map *map, const char *out_path,
                         const pm_render_options *opts, pm_render_result *result,
                         pm_error *err);
PM_API void pm_render_result_free(pm_render_result *result);

/* One output of pm_render_outputs. */
typedef struct pm_render_output {
    const char *path;      /* a file, or "-": standard output (PNG, SVG, PDF) */
    pm_format format;      /* PM_FORMAT_AUTO: from the path's extension */
    int geotiff;           /* 1: a GeoTIFF, the PNG's pixels with the map's
                              CRS and geotransform (a file, not "-") */
    int world_file;        /* 1, a PNG file: also OUT.pgw, OUT.prj and
                              OUT.png.aux.xml beside it */
} pm_render_output;

/* Render `map` to every output, drawing it once per family: PNG and
 * GeoTIFF share one raster drawing, SVG one, PDF one. With `labels_json`
 * (a file, or "-") every placed label, marker and furniture box of the
 * first output is written as JSON with the map's CRS and map→page
 * transform. All are written or none: the files' renames wait until all
 * are written, and standard output is written last. `result` (may be
 * NULL) is the first output's. With opts->verbose each drawing is logged
 * (PM_LOG_VERBOSE) with the outputs it went to. */
PM_API pm_status pm_render_outputs(const pm_map *map, const pm_render_output *outputs, int n,
                                   const char *labels_json, const pm_render_options *opts,
                                   pm_render_result *result, pm_error *err);

#endif
