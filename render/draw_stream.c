/* Streamed layers (pm_map_layer.streamed): the map reads them chunk by
 * chunk where the frame shows them (pm_features.h), each chunk drawn as a
 * whole layer would be. */
#include <math.h>

#include "draw_internal.h"
#include "pm_features.h"

/* The chunk drawn on the page into the ink mask too, when there is one. */
static void ink_chunk(pm_drawer *ink, const pm_map_layer *chunk)
{
    pm_ink_state saved;
    pm_ink_begin(&ink->rc->draw, &saved);
    pm_draw_chunk(ink, chunk);
    pm_ink_end(&ink->rc->draw, &saved);
}

/* How far a symbol of style `s` reaches beyond its feature's box, pt: a
 * marker, or a stroke with its arrowhead (draw_lines' margin); sizes it
 * leaves unset count as the theme's largest (`unset` 1) or not at all. */
#define THEME_MARKER_MAX 18.0
#define THEME_WIDTH_MAX 12.0
static double reach_of(const pm_style *s, int unset)
{
    double marker = (s->set & PM_STYLE_MARKER_SIZE) ? s->marker_size : unset ? THEME_MARKER_MAX : 0;
    double width = (s->set & PM_STYLE_WIDTH) ? s->width : unset ? THEME_WIDTH_MAX : 0;
    return fmax(marker, 3.5 * width + 6);
}

/* The map x/y box a streamed layer is read in: the frame, grown by the
 * most its symbols reach and a point more. */
static void stream_view(const pm_drawer *d, int l, double box[4])
{
    const pm_rctx *rc = d->rc;
    const pm_layer_spec *ls = rc->map->layers[l].spec;
    double reach = reach_of(&ls->style, 1);
    for (int r = 0; r < ls->n_rules; r++)
        reach = fmax(reach, reach_of(&ls->rules[r].style, 0));
    double m = reach + 1;
    pm_rect f = d->frame;
    double x0, y0, x1, y1;
    pm_from_page(&rc->page, f.x - m, f.y - m, &x0, &y0);
    pm_from_page(&rc->page, f.x + f.w + m, f.y + f.h + m, &x1, &y1);
    box[0] = fmin(x0, x1), box[2] = fmax(x0, x1);
    box[1] = fmin(y0, y1), box[3] = fmax(y0, y1);
}

/* A streamed layer, chunk by chunk as the map's feature source gives them:
 * each is drawn as the whole layer would be, in the same order; it is
 * inked then, not read again for the ink. The source reads the next chunk
 * meanwhile. */
void pm_draw_streamed_layer(pm_drawer *d, int l)
{
    pm_rctx *rc = d->rc;
    double box[4];
    stream_view(d, l, box);
    pm_feature_source *src = pm_map_features(rc->map, l, box, &rc->data_err);
    if (!src)
        return;
    pm_drawer ink;
    pm_ink_state saved;
    int inking = rc->draw.ink_cr != NULL;
    if (inking) {
        pm_ink_begin(&rc->draw, &saved);
        pm_drawer_begin(&ink, rc);
        pm_ink_end(&rc->draw, &saved);
    }
    const pm_map_layer *chunk;
    while (pm_feature_source_next(src, &chunk, &rc->data_err) > 0) {
        /* The bands move with each chunk's work but keep their buffers
         * and marker stamps. */
        pm_draw_chunk(d, chunk);
        if (inking)
            ink_chunk(&ink, chunk);
    }
    pm_drawer_end_chunks(d);
    if (inking) {
        pm_ink_begin(&rc->draw, &saved);
        pm_drawer_end(&ink);
        pm_ink_end(&rc->draw, &saved);
    }
    pm_feature_source_close(src);
}
