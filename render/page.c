/* Page geometry: title band on top, the map frame (the extent fitted with its
 * aspect ratio kept) and the legend panel beside it, centred as one group,
 * and the source note under the map. No furniture is laid over the data
 * except the scale bar and north arrow plates. */
#include "render_internal.h"

#include <math.h>

#include "theme_internal.h"

#define GAP 10.0

double pm_title_font_size(double page_w, double page_h)
{
    return fmin(20, fmax(12, 0.03 * fmin(page_w, page_h)));
}

static double text_height(pm_rctx *rc, const char *text, const char *font, double size,
                          double wrap)
{
    if (!text || !*text)
        return 0;
    PangoLayout *t = pm_text_layout(rc->pango, text, font, size, wrap);
    double w, h;
    pm_text_size(t, &w, &h);
    g_object_unref(t);
    return h;
}

static double title_height(pm_rctx *rc, double width)
{
    double size = pm_title_font_size(rc->lay.page_w, rc->lay.page_h);
    double h = text_height(rc, rc->spec->title, PM_THEME_FONT " Bold", size, width);
    double sub = text_height(rc, rc->spec->subtitle, PM_THEME_FONT, 0.6 * size, width);
    if (sub > 0)
        h += (h > 0 ? 2 : 0) + sub;
    return h > 0 ? h + 0.6 * GAP : 0;
}

/* Frame + legend as one group, centred across the page right under the
 * title; spare height goes below the note rather than between the parts. */
static int fit_frame(pm_rctx *rc, double footer_h, double legend_w)
{
    pm_layout *L = &rc->lay;
    const double *e = rc->map->extent;
    double ew = e[2] - e[0], eh = e[3] - e[1];
    double top = L->margin + L->title.h;
    double aw = L->page_w - 2 * L->margin - (legend_w > 0 ? legend_w + GAP : 0);
    double ah = L->page_h - top - L->margin - (footer_h > 0 ? footer_h + 0.6 * GAP : 0);
    if (!(ew > 0) || !(eh > 0) || aw < 20 || ah < 20)
        return -1;
    double s = fmin(aw / ew, ah / eh);
    double fw = ew * s, fh = eh * s;
    double group = fw + (legend_w > 0 ? legend_w + GAP : 0);
    L->frame = (pm_rect){L->margin + 0.5 * (L->page_w - 2 * L->margin - group),
                         top, fw, fh};
    rc->sx = s;
    rc->tx = L->frame.x - e[0] * s;
    rc->sy = -s;
    rc->ty = L->frame.y + e[3] * s;
    return 0;
}

static void place_legend(pm_rctx *rc, double w, double h)
{
    pm_layout *L = &rc->lay;
    if (w <= 0) {
        L->legend = (pm_rect){0, 0, 0, 0};
        return;
    }
    double x = L->frame.x + L->frame.w + GAP, y = L->frame.y;
    /* A long legend may run below the frame's top but stays on the page. */
    double bottom = L->page_h - L->margin - h;
    if (y > bottom)
        y = fmax(L->margin, bottom);
    L->legend = (pm_rect){x, y, w, h};
}

pm_status pm_page_layout(pm_rctx *rc, double page_w, double page_h, pm_error *err)
{
    pm_layout *L = &rc->lay;
    L->page_w = page_w;
    L->page_h = page_h;
    L->margin = fmin(36, fmax(10, 0.035 * fmin(page_w, page_h)));
    double inner = page_w - 2 * L->margin;
    L->title = (pm_rect){L->margin, L->margin, inner, title_height(rc, inner)};
    double legend_w = 0, legend_h = 0;
    if (rc->n_legend > 0)
        pm_legend_size(rc, &legend_w, &legend_h);
    /* The note wraps to the width of the frame group, which depends on the
     * space the note leaves: settle it in a few rounds. */
    double footer_h = text_height(rc, rc->note, PM_THEME_FONT, PM_NOTE_FONT_SIZE, inner);
    double group_w = inner;
    for (int round = 0; round < 3; round++) {
        if (fit_frame(rc, footer_h, legend_w) != 0)
            return pm_error_set(err, PM_ERR_RENDER,
                                "%s: page: %.0f x %.0f pt leaves no room for the map",
                                rc->spec->path, page_w, page_h);
        group_w = L->frame.w + (legend_w > 0 ? legend_w + GAP : 0);
        double h = text_height(rc, rc->note, PM_THEME_FONT, PM_NOTE_FONT_SIZE, group_w);
        if (h <= footer_h)
            break;
        footer_h = h;
    }
    place_legend(rc, legend_w, legend_h);
    L->footer = (pm_rect){L->frame.x, L->frame.y + L->frame.h + 0.6 * GAP, group_w, footer_h};
    return PM_OK;
}
