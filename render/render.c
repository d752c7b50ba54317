/* pm_render_file: page size → layout → data → labels → furniture → output. */
#include "pm_render_cairo.h"
#include "render_internal.h"
#include "svg_internal.h"
#include "pm_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_PAGE_W_MM 297.0
#define DEFAULT_PAGE_H_MM 210.0
#define DEFAULT_DPI 150.0
#define MAX_PIXELS 32767
#define INK_MAX_PIXELS 16e6

typedef struct page_size {
    double w, h;    /* points */
    double scale;   /* output units per point */
    double image_scale;   /* raster layers' pixels per point */
    int px_w, px_h; /* PNG */
} page_size;

static void free_boxes(pm_render_box *boxes, int n)
{
    for (int i = 0; boxes && i < n; i++)
        free(boxes[i].text);
    free(boxes);
}

void pm_rctx_box(pm_rctx *rc, const char *kind, const char *text, pm_rect r)
{
    if (pm_array_grow(&rc->place.boxes, rc->place.n_boxes, &rc->place.cap_boxes,
                      sizeof *rc->place.boxes, 64) != 0) {
        rc->nomem = 1;
        return;
    }
    pm_render_box *b = &rc->place.boxes[rc->place.n_boxes++];
    memset(b, 0, sizeof *b);
    snprintf(b->kind, sizeof b->kind, "%s", kind);
    if (!(b->text = pm_strdup(text ? text : "")))
        rc->nomem = 1;
    b->x = r.x;
    b->y = r.y;
    b->w = r.w;
    b->h = r.h;
}

/* Where the raster size came from, for a message that names what to change:
 * the command line (a usage error), a batch file or the spec (spec errors). */
static pm_status size_error(const pm_spec *spec, const pm_render_options *o, const char *what,
                            pm_error *err)
{
    int px = o && o->width_px > 0, dpi = !px && o && o->dpi > 0;
    int batch = o && o->from_batch_file;
    if ((px || dpi) && !batch)
        return pm_error_set(err, PM_ERR_USAGE, "render: %s: %s", px ? "--width/--height" : "--dpi", what);
    if (px || dpi)
        return pm_error_set(err, PM_ERR_SPEC, "%s: batch file %s: %s", spec->path,
                            px ? "width/height" : "dpi", what);
    return pm_error_set(err, PM_ERR_SPEC, "%s: %s: %s", spec->path,
                        spec->page.width_px > 0 || spec->page.height_px > 0
                            ? "page.width_px/page.height_px" : "page.width_mm/page.height_mm/page.dpi",
                        what);
}

/* The raster must fit Cairo (32767 pixels a side) and the memory budget
 * (pm_render_options.max_pixels), checked before anything is allocated. */
static pm_status check_raster(const pm_spec *spec, const pm_render_options *o, double wpx,
                              double hpx, pm_error *err)
{
    char what[256];
    long long budget = o && o->max_pixels > 0 ? o->max_pixels : PM_MAX_PIXELS_DEFAULT;
    if (!(wpx >= 1 && hpx >= 1 && wpx <= MAX_PIXELS && hpx <= MAX_PIXELS)) {
        snprintf(what, sizeof what, "the page would be %.0f x %.0f pixels, out of range (1..%d a side)",
                 wpx, hpx, MAX_PIXELS);
        return size_error(spec, o, what, err);
    }
    if (wpx * hpx > (double)budget) {
        snprintf(what, sizeof what,
                 "the page would be %.0f x %.0f pixels (%.0f megapixels, %.0f MB), over the budget of "
                 "%lld pixels (--max-pixels)", wpx, hpx, wpx * hpx / 1e6, wpx * hpx * 4 / 1e6, budget);
        return size_error(spec, o, what, err);
    }
    return PM_OK;
}

static pm_status page_size_for(const pm_spec *spec, const pm_render_options *o, pm_format format,
                               page_size *ps, pm_error *err)
{
    double wmm = spec->page.width_mm > 0 ? spec->page.width_mm : DEFAULT_PAGE_W_MM;
    double hmm = spec->page.height_mm > 0 ? spec->page.height_mm : DEFAULT_PAGE_H_MM;
    ps->w = wmm / 25.4 * 72;
    ps->h = hmm / 25.4 * 72;
    ps->scale = 1;
    ps->px_w = (int)lround(ps->w);
    ps->px_h = (int)lround(ps->h);
    double dpi = o && o->dpi > 0 ? o->dpi : spec->page.dpi > 0 ? spec->page.dpi : DEFAULT_DPI;
    ps->image_scale = dpi / 72;
    if (format != PM_FORMAT_PNG)
        return PM_OK;
    double wpx = o && o->width_px > 0 ? o->width_px : spec->page.width_px;
    double hpx = o && o->height_px > 0 ? o->height_px : spec->page.height_px;
    if (wpx > 0 && hpx > 0) {
        /* Exact pixel size: scale the page to fit, then let it take the
         * pixel aspect so the layout fills the whole image. */
        ps->scale = fmin(wpx / ps->w, hpx / ps->h);
        ps->w = wpx / ps->scale;
        ps->h = hpx / ps->scale;
    } else if (wpx > 0) {
        ps->scale = wpx / ps->w;
        hpx = round(ps->h * ps->scale);
    } else if (hpx > 0) {
        ps->scale = hpx / ps->h;
        wpx = round(ps->w * ps->scale);
    } else {
        ps->scale = dpi / 72;
        wpx = round(ps->w * ps->scale);
        hpx = round(ps->h * ps->scale);
    }
    pm_status st = check_raster(spec, o, wpx, hpx, err);
    if (st != PM_OK)
        return st;
    ps->px_w = (int)wpx;
    ps->px_h = (int)hpx;
    return PM_OK;
}

static int generic_family(const char *font)
{
    static const char *const generic[] = {"sans", "sans-serif", "serif", "monospace", "system-ui"};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if (strncasecmp(font, generic[i], strlen(generic[i])) == 0)
            return 1;
    return 0;
}

/* A font named in the spec must exist: a silent substitute could lack the
 * Chinese glyphs and print boxes. */
static pm_status check_font(pm_rctx *rc, const pm_style *s, int l, const char *where, pm_error *err)
{
    if (!(s->set & PM_STYLE_FONT) || !s->font || generic_family(s->font) ||
        pm_text_font_known(rc->draw.pango, s->font))
        return PM_OK;
    return pm_error_set(err, PM_ERR_RENDER, "%s: layers[%d] (%s)%s.font: font \"%s\" is not installed",
                        rc->spec->path, l, rc->spec->layers[l].name, where, s->font);
}

static pm_status check_fonts(pm_rctx *rc, pm_error *err)
{
    for (int l = 0; l < rc->spec->n_layers; l++) {
        const pm_layer_spec *ls = &rc->spec->layers[l];
        pm_status st = check_font(rc, &ls->style, l, "", err);
        for (int r = 0; st == PM_OK && r < ls->n_rules; r++) {
            char where[32];
            snprintf(where, sizeof where, ".rules[%d]", r);
            st = check_font(rc, &ls->rules[r].style, l, where, err);
        }
        if (st != PM_OK)
            return st;
    }
    return PM_OK;
}

/* Whether a layer can show labels: its style, or one of its rules, names
 * a label property, or leaves the theme's ("name") in place. */
static int may_label(const pm_layer_spec *ls)
{
    if (!(ls->style.set & PM_STYLE_LABEL) || ls->style.label)
        return 1;
    for (int r = 0; r < ls->n_rules; r++)
        if ((ls->rules[r].style.set & PM_STYLE_LABEL) && ls->rules[r].style.label)
            return 1;
    return 0;
}

/* Markers take room in the collision grid only when something is placed
 * after them: labels, project badges, graticule labels, a scale bar or
 * north arrow. 200 000 points on a map without text would fill it for
 * nothing (11 MB). */
static int grid_needed(const pm_rctx *rc)
{
    if (rc->spec->graticule || rc->page.lay.scalebar.w > 0 || rc->page.lay.north.w > 0 ||
        rc->page.n_boxes > 0)
        return 1;
    for (int l = 0; l < rc->spec->n_layers; l++)
        if (rc->spec->layers[l].projects || may_label(&rc->spec->layers[l]))
            return 1;
    return 0;
}

static pm_status prepare(pm_rctx *rc, const page_size *ps, pm_error *err)
{
    rc->draw.pango = pm_text_context();
    rc->page.note = pm_source_note(rc->map, rc->lang);
    if (!rc->draw.pango || !rc->page.note || pm_legend_collect(rc) < 0 || pm_projects_collect(rc) < 0 ||
        pm_grid_init(&rc->place.grid, ps->w, ps->h, 24) != 0)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", rc->spec->path);
    memcpy(rc->page.view, rc->map->extent, sizeof rc->page.view);   /* until the layout */
    if (pm_inset_place(rc, err) != 0)
        return err ? err->status : PM_ERR_RENDER;
    pm_status st = check_fonts(rc, err);
    if (st == PM_OK)
        st = pm_page_layout(rc, ps->w, ps->h, err);
    if (st == PM_OK)
        st = pm_frame_boxes_measure(rc, err);
    rc->place.mark_grid = grid_needed(rc);
    return st;
}

static void paint_background(pm_rctx *rc)
{
    cairo_t *cr = rc->draw.cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    /* After the page's paint, which drops what an SVG surface drew before. */
    pm_svg_group(cr, "background", "Background");
    if (rc->spec->background) {
        pm_rect fr = rc->page.lay.frame;
        cairo_rectangle(cr, fr.x, fr.y, fr.w, fr.h);
        pm_set_color(cr, rc->spec->background_color, 1);
        cairo_fill(cr);
    }
}

/* The data once more into an A8 mask over the frame, so furniture can tell
 * an empty corner from a covered one whatever the output format. Only the
 * corners where a plate may go are looked at, so only data touching them is
 * drawn; no plate, no mask. Made before the data are drawn: a streamed layer
 * inks each chunk while it is at hand (pm_ink_begin), the other layers are
 * inked after (draw_ink). */
static void ink_setup(pm_rctx *rc)
{
    pm_rect fr = rc->page.lay.frame;
    double pw = fmax(rc->page.lay.north.w, rc->page.lay.scalebar.w), ph = fmax(rc->page.lay.north.h, rc->page.lay.scalebar.h);
    for (int i = 0; i < rc->page.n_boxes; i++) {   /* the frame's boxes look for a corner too */
        pw = fmax(pw, rc->page.boxes[i].r.w);
        ph = fmax(ph, rc->page.boxes[i].r.h);
    }
    if (pw <= 0 || ph <= 0)
        return;
    pw += 2 * PM_PLATE_INSET;
    ph += 2 * PM_PLATE_INSET;
    for (int k = 0; k < 4; k++)
        rc->draw.windows[k] = (pm_rect){k & 1 ? fr.x + fr.w - pw : fr.x, k & 2 ? fr.y + fr.h - ph : fr.y,
                                   pw, ph};
    /* A point a pixel, coarser on pages so large (a wall map as PDF) that
     * the mask would grow past INK_MAX_PIXELS bytes. */
    rc->draw.ink_scale = fmin(1, sqrt(INK_MAX_PIXELS / fmax(1, (fr.w + 1) * (fr.h + 1))));
    int w = (int)ceil(fr.w * rc->draw.ink_scale) + 1, h = (int)ceil(fr.h * rc->draw.ink_scale) + 1;
    rc->draw.ink = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    if (cairo_surface_status(rc->draw.ink) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(rc->draw.ink);
        rc->draw.ink = NULL;
        return;
    }
    rc->draw.ink_cr = cairo_create(rc->draw.ink);
    cairo_scale(rc->draw.ink_cr, rc->draw.ink_scale, rc->draw.ink_scale);
    cairo_translate(rc->draw.ink_cr, -fr.x, -fr.y);
}

void pm_ink_begin(pm_draw_ctx *dc, pm_ink_state *saved)
{
    saved->cr = dc->cr;
    saved->px_per_pt = dc->px_per_pt;
    dc->cr = dc->ink_cr;
    dc->ink_pass = 1;
    dc->n_windows = 4;
    dc->px_per_pt = dc->ink_scale;
}

void pm_ink_end(pm_draw_ctx *dc, const pm_ink_state *saved)
{
    dc->px_per_pt = saved->px_per_pt;
    dc->n_windows = 0;
    dc->ink_pass = 0;
    dc->cr = saved->cr;
}

static void draw_ink(pm_rctx *rc)
{
    if (!rc->draw.ink_cr)
        return;
    pm_ink_state saved;
    pm_ink_begin(&rc->draw, &saved);
    pm_draw_layers(rc);
    pm_ink_end(&rc->draw, &saved);
    cairo_destroy(rc->draw.ink_cr);
    rc->draw.ink_cr = NULL;
}

static pm_status draw_all(pm_rctx *rc, const page_size *ps, pm_output *out, pm_error *err)
{
    rc->draw.cr = cairo_create(out->surface);
    /* Vector output keeps detail to a twentieth of a point for zooming in. */
    rc->draw.px_per_pt = out->format == PM_FORMAT_PNG ? ps->scale : 10;
    rc->draw.image_px_per_pt = out->format == PM_FORMAT_PNG ? ps->scale : ps->image_scale;
    if (ps->scale != 1)
        cairo_scale(rc->draw.cr, ps->scale, ps->scale);
    /* In SVG each step's drawing is a named layer (svg_internal.h). */
    paint_background(rc);
    if (rc->spec->graticule)
        pm_svg_group(rc->draw.cr, "graticule", "Graticule");
    pm_draw_graticule(rc);
    ink_setup(rc);
    pm_draw_layers(rc);
    draw_ink(rc);
    if (rc->page.n_projects)
        pm_svg_group(rc->draw.cr, "project-badges", "Project badges");
    pm_draw_projects(rc);
    pm_status placed = pm_furniture_place(rc, err);
    if (placed == PM_OK) {
        pm_svg_group(rc->draw.cr, "labels", "Labels");
        pm_place_labels(rc);
        pm_draw_furniture(rc);
    }
    pm_pdf_parts_close(rc->draw.cr);
    cairo_status_t cs = cairo_status(rc->draw.cr);
    cairo_destroy(rc->draw.cr);
    rc->draw.cr = NULL;
    if (placed != PM_OK)
        return placed;
    if (cs != CAIRO_STATUS_SUCCESS)
        return pm_error_set(err, PM_ERR_RENDER, "%s: drawing failed: %s", out->target,
                            cairo_status_to_string(cs));
    if (rc->data_err.status != PM_OK) {
        if (err)
            *err = rc->data_err;
        return rc->data_err.status;
    }
    if (rc->nomem)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory while drawing", out->target);
    return PM_OK;
}

/* Hand the boxes back in output units (pixels for PNG). */
static void fill_result(pm_rctx *rc, const page_size *ps, pm_format format, pm_render_result *res)
{
    double k = ps->scale;
    res->width = format == PM_FORMAT_PNG ? ps->px_w : (int)lround(ps->w);
    res->height = format == PM_FORMAT_PNG ? ps->px_h : (int)lround(ps->h);
    pm_rect fr = rc->page.lay.frame;
    double frame[4] = {fr.x * k, fr.y * k, fr.w * k, fr.h * k};
    double m2p[4] = {rc->page.sx * k, rc->page.tx * k, rc->page.sy * k, rc->page.ty * k};
    memcpy(res->map_frame, frame, sizeof frame);
    memcpy(res->map_to_page, m2p, sizeof m2p);
    res->scale = rc->page.scale;
    res->n_shown = rc->n_shown + rc->page.n_projects;
    for (int i = 0; i < rc->place.n_boxes; i++) {
        rc->place.boxes[i].x *= k;
        rc->place.boxes[i].y *= k;
        rc->place.boxes[i].w *= k;
        rc->place.boxes[i].h *= k;
    }
    res->boxes = rc->place.boxes;
    res->n_boxes = rc->place.n_boxes;
    rc->place.boxes = NULL;
}

static void rctx_free(pm_rctx *rc)
{
    if (rc->draw.pango)
        g_object_unref(rc->draw.pango);
    pm_grid_free(&rc->place.grid);
    PM_FREE_ALL(rc->page.legend, rc->page.projects, rc->page.unplaced, rc->page.items,
                rc->page.legend_items, rc->page.boxes, rc->page.lay.col_start);
    if (rc->draw.ink_cr)
        cairo_destroy(rc->draw.ink_cr);
    if (rc->draw.ink)
        cairo_surface_destroy(rc->draw.ink);
    free(rc->page.note);
    free_boxes(rc->place.boxes, rc->place.n_boxes);
}

/* The page size for the format, and the context of a render of `map`. */
static pm_status rctx_init(pm_rctx *rc, page_size *ps, const pm_map *map, pm_format format,
                           const pm_render_options *opts, const pm_render_result *result,
                           pm_error *err)
{
    memset(rc, 0, sizeof *rc);
    rc->map = map;
    rc->spec = map->spec;
    rc->verbose = opts ? opts->verbose : 0;
    rc->lang = opts && opts->lang != PM_LANG_DEFAULT ? opts->lang : map->spec->lang;
    rc->place.marker_boxes = result && !(opts && opts->lean_result);
    return page_size_for(map->spec, opts, format, ps, err);
}

/* Draw `map` once in `format` and write it to each of `paths` (n of them;
 * `name` names it in messages); with `image` (a raster only) the image
 * surface is handed back instead of written, and *ppm its resolution. */
static pm_status render_to(const pm_map *map, const char *name, const char *const *paths, int n,
                           pm_format format, const pm_render_options *opts,
                           pm_render_result *result, cairo_surface_t **image, unsigned *ppm,
                           pm_error *err)
{
    page_size ps;
    pm_rctx rc;
    pm_status st = rctx_init(&rc, &ps, map, format, opts, result, err);
    if (st != PM_OK)
        return st;
    pm_output out;
    memset(&out, 0, sizeof out);
    st = prepare(&rc, &ps, err);
    if (st == PM_OK)
        st = pm_output_open(&out, name, paths, image ? 0 : n, format, ps.w, ps.h, ps.px_w,
                            ps.px_h, err);
    out.context = map->context;
    if (st == PM_OK)
        st = draw_all(&rc, &ps, &out, err);
    /* A PDF carries the frame's georeferencing (GeoPDF). */
    if (st == PM_OK && format == PM_FORMAT_PDF && !(out.pdf_viewport = pm_pdf_geo_viewport(&rc, ps.h, err)))
        st = err && err->status ? err->status : PM_ERR_CRS;
    if (st == PM_OK && image) {
        cairo_surface_flush(out.surface);
        *image = out.surface;
        out.surface = NULL;
        if (ppm)
            *ppm = out.ppm;
    } else if (st == PM_OK) {
        st = pm_output_commit(&out, err);
    }
    pm_output_abort(&out);   /* after a commit: only frees */
    if (st == PM_OK && result)
        fill_result(&rc, &ps, format, result);
    rctx_free(&rc);
    return st;
}

pm_status pm_render_file(const pm_map *map, const char *out_path,
                         const pm_render_options *opts, pm_render_result *result,
                         pm_error *err)
{
    if (result)
        memset(result, 0, sizeof *result);
    if (!map || !out_path || !*out_path)
        return pm_error_set(err, PM_ERR_USAGE, "pm_render_file: no map or no output path");
    pm_format format = opts && opts->format != PM_FORMAT_AUTO ? opts->format
                                                               : pm_format_from_path(out_path);
    if (format == PM_FORMAT_AUTO)
        return pm_error_set(err, PM_ERR_USAGE,
                            "%s: unknown output format (use .png, .svg or .pdf, or --format)",
                            out_path);
    return render_to(map, out_path, &out_path, 1, format, opts, result, NULL, NULL, err);
}

pm_status pm_render_document(const pm_map *map, pm_format format, const char *const *paths,
                             int n, const pm_render_options *opts, pm_render_result *result,
                             pm_error *err)
{
    if (result)
        memset(result, 0, sizeof *result);
    return render_to(map, paths[0], paths, n, format, opts, result, NULL, NULL, err);
}

pm_status pm_render_raster(const pm_map *map, const char *name, const pm_render_options *opts,
                           pm_render_result *result, cairo_surface_t **image, unsigned *ppm,
                           pm_error *err)
{
    if (result)
        memset(result, 0, sizeof *result);
    *image = NULL;
    return render_to(map, name, NULL, 0, PM_FORMAT_PNG, opts, result, image, ppm, err);
}

void pm_render_result_free(pm_render_result *result)
{
    if (!result)
        return;
    free_boxes(result->boxes, result->n_boxes);
    result->boxes = NULL;
    result->n_boxes = 0;
}

/* ---- hook for pm_batch's report: a page of someone else's surface ------- */

pm_status pm_render_page_size(const pm_map *map, const pm_render_options *opts,
                              double *w_pt, double *h_pt, pm_error *err)
{
    page_size ps;
    pm_status st = page_size_for(map->spec, opts, PM_FORMAT_PDF, &ps, err);
    *w_pt = ps.w;
    *h_pt = ps.h;
    return st;
}

pm_status pm_render_surface(const pm_map *map, cairo_surface_t *surface,
                            const pm_render_options *opts, pm_render_result *result,
                            pm_error *err)
{
    return pm_render_surface_kept(map, surface, opts, result, NULL, err);
}

pm_status pm_render_surface_kept(const pm_map *map, cairo_surface_t *surface,
                                 const pm_render_options *opts, pm_render_result *result,
                                 pm_render_kept *kept, pm_error *err)
{
    if (result)
        memset(result, 0, sizeof *result);
    /* The surface is borrowed: draw_all only draws on it. */
    pm_output out = {.format = PM_FORMAT_PDF, .surface = surface, .target = map->spec->path};
    page_size ps;
    pm_rctx rc;
    pm_status st = rctx_init(&rc, &ps, map, PM_FORMAT_PDF, opts, result, err);
    if (st == PM_OK)
        st = prepare(&rc, &ps, err);
    if (st == PM_OK)
        st = draw_all(&rc, &ps, &out, err);
    if (st == PM_OK && result)
        fill_result(&rc, &ps, PM_FORMAT_PDF, result);
    if (st == PM_OK && kept) {   /* handed over, not freed with the render */
        kept->projects = rc.page.projects;
        kept->n_projects = rc.page.n_projects;
        kept->panel_scale = rc.page.lay.panel_scale;
        rc.page.projects = NULL;
    }
    rctx_free(&rc);
    return st;
}
