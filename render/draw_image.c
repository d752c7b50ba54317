/* Raster layers (pm_map_layer.raster_ring): the map hands over the layer's
 * pixels for exactly the frame at the output's resolution (device pixels
 * for PNG, the page's dpi for SVG and PDF, where Cairo embeds the image),
 * and they are painted into the frame with the layer's opacity. Render
 * reads no file: the map warps and shades (pm_map_raster_image). */
#include <math.h>
#include <stdlib.h>

#include "draw_backend.h"
#include "draw_internal.h"

/* A frame's image is held whole (4 bytes a pixel): past this many pixels
 * it is drawn at a coarser resolution rather than not at all. */
#define IMAGE_MAX_PIXELS (64.0 * 1024 * 1024)

void pm_draw_raster_layer(pm_drawer *d, int l)
{
    pm_rctx *rc = d->rc;
    /* The ink mask marks data for the furniture to avoid: a raster under
     * the whole frame would leave it no corner. */
    if (rc->draw.ink_pass || rc->data_err.status != PM_OK)
        return;
    pm_rect f = d->frame;
    double k = rc->draw.image_px_per_pt > 0 ? rc->draw.image_px_per_pt : 1;
    k = fmin(k, sqrt(IMAGE_MAX_PIXELS / fmax(1, f.w * f.h)));
    int w = (int)ceil(f.w * k - 1e-6), h = (int)ceil(f.h * k - 1e-6);
    if (w < 1 || h < 1)
        return;
    double x0, y0, x1, y1;
    pm_from_page(&rc->page, f.x, f.y + f.h, &x0, &y0);
    pm_from_page(&rc->page, f.x + f.w, f.y, &x1, &y1);
    double box[4] = {fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1)};
    uint32_t *argb = NULL;
    if (pm_map_raster_image(rc->map, l, box, w, h, &argb, &rc->data_err) != PM_OK)
        return;
    cairo_surface_t *img = cairo_image_surface_create_for_data(
        (unsigned char *)argb, CAIRO_FORMAT_ARGB32, w, h, w * 4);
    pm_backend_flush(d->out);
    cairo_t *cr = rc->draw.cr;
    cairo_save(cr);
    cairo_rectangle(cr, f.x, f.y, f.w, f.h);
    cairo_clip(cr);
    cairo_translate(cr, f.x, f.y);
    cairo_scale(cr, f.w / w, f.h / h);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_paint_with_alpha(cr, rc->map->layers[l].spec->raster->opacity);
    cairo_restore(cr);
    /* SVG and PDF surfaces copy the pixels when the page is finished:
     * keep them until then by handing them to the surface. */
    if (cairo_surface_set_user_data(img, (const cairo_user_data_key_t *)&pm_draw_raster_layer,
                                    argb, free) != CAIRO_STATUS_SUCCESS)
        free(argb);
    cairo_surface_destroy(img);
}
