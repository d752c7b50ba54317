/* An atlas's pages in a QGIS layout as planmap batch draws them. planmap
 * shapes each page's map frame to the page's box (a tall district gets a
 * narrow frame) and places the scale bar and north arrow where that page's
 * data leaves room; one QGIS layout has one frame, so each page is laid out
 * here as batch lays it out (pm_map_page_init, a render onto a recording
 * surface) and the map item's place, size and extent and the furniture's
 * places become data-defined properties: arrays of the pages' values taken
 * at the atlas feature's place in the coverage table ($id, numbered from 1
 * in page order, as the page names are). */
#include "qgis_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The render's box of a kind, or `fallback` (the whole map's) when this
 * page has none. */
static pm_rect box_of(const pm_qgis_page *one, const pm_qgis_page *whole, const char *kind)
{
    const pm_render_box *b = pm_qgis_find_box(one, kind);
    if (!b)
        b = pm_qgis_find_box(whole, kind);
    return b ? (pm_rect){b->x, b->y, b->w, b->h} : (pm_rect){0, 0, 0, 0};
}

/* One page: the whole map with the page's title and box, without the
 * coverage layers (they come last in the spec; batch does not draw them). */
static pm_status lay_out_page(const pm_qgis_page *whole, const pm_map_overrides *o,
                              int n_layers, const pm_export_options *opts,
                              pm_qgis_atlas_page *out, pm_error *err)
{
    pm_map_page pg;
    pm_status st = pm_map_page_init(&pg, whole->map, o, err);
    if (st != PM_OK)
        return st;
    pg.map.n_layers = pg.spec.n_layers = n_layers;
    pm_qgis_page one = {.map = &pg.map, .inset_layer = -1, .atlas_layer = -1};
    st = pm_qgis_lay_out(&one, opts, err);
    if (st == PM_OK) {
        const double *f = one.result.map_frame;
        out->frame = (pm_rect){f[0], f[1], f[2], f[3]};
        memcpy(out->extent, one.extent, sizeof out->extent);
        const pm_render_box *bar = pm_qgis_find_box(&one, "scalebar");
        out->scalebar_m = bar ? pm_qgis_scalebar_metres(bar->text) : 0;
        out->scalebar = box_of(&one, whole, "scalebar");
        out->north = box_of(&one, whole, "northarrow");
    }
    pm_render_result_free(&one.result);
    free(one.kept.projects);
    return st;
}

pm_status pm_qgis_atlas_pages(pm_qgis_page *page, const char *path,
                             const pm_export_options *opts, pm_error *err)
{
    int n_layers = page->map->n_layers;
    for (int k = 0; k < page->n_atlases; k++)
        if (page->atlases[k].coverage_layer < n_layers)
            n_layers = page->atlases[k].coverage_layer;
    for (int k = 0; k < page->n_atlases; k++) {
        const pm_qgis_atlas *a = &page->atlases[k];
        if (!a->pages || a->n_pages <= 0)
            continue;
        if (!page->atlas_pages &&
            !(page->atlas_pages = calloc((size_t)page->n_atlases, sizeof *page->atlas_pages)))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        pm_qgis_atlas_page *p = calloc((size_t)a->n_pages, sizeof *p);
        if (!(page->atlas_pages[k] = p))
            return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        for (int i = 0; i < a->n_pages; i++) {
            pm_status st = lay_out_page(page, &a->pages[i], n_layers, opts, &p[i], err);
            if (st != PM_OK)
                return st;
        }
    }
    return PM_OK;
}

void pm_qgis_atlas_pages_free(pm_qgis_page *page)
{
    for (int k = 0; page->atlas_pages && k < page->n_atlases; k++)
        free(page->atlas_pages[k]);
    free(page->atlas_pages);
    page->atlas_pages = NULL;
}

/* What a data-defined property reads of a page. */
typedef enum { DD_X, DD_Y, DD_W, DD_H, DD_XMIN, DD_YMIN, DD_XMAX, DD_YMAX } dd_what;

static double dd_value(const pm_qgis_atlas_page *p, const char *kind, dd_what w)
{
    const pm_rect r = strcmp(kind, "map") == 0        ? p->frame
                      : strcmp(kind, "scalebar") == 0 ? p->scalebar
                                                      : p->north;
    switch (w) {
    case DD_X: return r.x * PM_MM_PER_PT;
    case DD_Y: return r.y * PM_MM_PER_PT;
    case DD_W: return r.w * PM_MM_PER_PT;
    case DD_H: return r.h * PM_MM_PER_PT;
    default: return p->extent[w - DD_XMIN];
    }
}

void pm_qgis_data_defined(pm_sbuf *b, const pm_qgis_page *page, const char *kind)
{
    static const char *const names[] = {"PositionX", "PositionY", "Width", "Height",
                                        "MapXMin", "MapYMin", "MapXMax", "MapYMax"};
    const pm_qgis_atlas *a = page->atlas;
    if (!page->pages || !a)
        return;
    /* The map item's place, size and extent; the furniture's place (QGIS
     * sizes a scale bar to its text, and the arrow keeps its size). */
    int n = strcmp(kind, "map") == 0 ? 8 : 2;
    pm_sbuf_add(b, "      <LayoutObject>\n       <dataDefinedProperties>\n"
                   "        <Option type=\"Map\">\n"
                   "         <Option value=\"\" type=\"QString\" name=\"name\"/>\n"
                   "         <Option type=\"Map\" name=\"properties\">\n");
    for (int w = 0; w < n; w++) {
        pm_sbuf_addf(b, "          <Option type=\"Map\" name=\"dataDefined%s\">\n"
                        "           <Option value=\"true\" type=\"bool\" name=\"active\"/>\n"
                        "           <Option value=\"array(",
                     names[w]);
        for (int i = 0; i < a->n_pages; i++)
            pm_sbuf_addf(b, w < DD_XMIN ? "%s%.4f" : "%s%.10g", i ? ", " : "",
                         dd_value(&page->pages[i], kind, (dd_what)w));
        pm_sbuf_add(b, ")[$id - 1]\" type=\"QString\" name=\"expression\"/>\n"
                       "           <Option value=\"3\" type=\"int\" name=\"type\"/>\n"
                       "          </Option>\n");
    }
    pm_sbuf_add(b, "         </Option>\n"
                   "         <Option value=\"collection\" type=\"QString\" name=\"type\"/>\n"
                   "        </Option>\n       </dataDefinedProperties>\n"
                   "       <customproperties/>\n      </LayoutObject>\n");
}
