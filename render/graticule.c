/* Optional graticule ("graticule": true): meridians and parallels at a round
 * step (about four lines across the map), drawn under the data, with their
 * degree labels inside the frame edge, on the top and left, where they are
 * registered in the collision index so map labels keep clear of them. */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>

#include "pm_theme.h"

static double step_for(double span)
{
    static const double steps[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] <= 5)
            return steps[i];
    return 10;
}

static void format_deg(double v, int lon, char *buf, size_t n)
{
    char hemi = lon ? (v < 0 ? 'W' : 'E') : (v < 0 ? 'S' : 'N');
    double a = fabs(v);
    int decimals = fabs(a - round(a)) < 1e-9 ? 0 : fabs(a * 10 - round(a * 10)) < 1e-6 ? 1 : 2;
    snprintf(buf, n, "%.*f°%c", decimals, a, hemi);
}

/* One meridian (lon) or parallel (lat) at `v`, densified and projected. */
static int line_points(const pm_rctx *rc, int lon, double v, const double *box, double *pts, int n)
{
    for (int k = 0; k < n; k++) {
        double t = (double)k / (n - 1);
        pts[2 * k] = lon ? v : box[0] + t * (box[2] - box[0]);
        pts[2 * k + 1] = lon ? box[1] + t * (box[3] - box[1]) : v;
    }
    pm_error err = {0};
    if (pm_crs_forward(rc->map->crs, pts, (size_t)n, &err) != PM_OK)
        return -1;
    for (int k = 0; k < n; k++)
        pm_to_page(&rc->page, pts[2 * k], pts[2 * k + 1], &pts[2 * k], &pts[2 * k + 1]);
    return 0;
}

static void edge_label(pm_rctx *rc, const char *text, double x, double y, int lon)
{
    PangoLayout *t = pm_text_layout(rc->draw.pango, text, PM_THEME_FONT, 6.5, 0);
    double w, h;
    pm_text_size(t, &w, &h);
    const pm_rect fr = rc->page.lay.frame;
    pm_rect r = lon ? (pm_rect){x - 0.5 * w, fr.y + 1.5, w, h} : (pm_rect){fr.x + 2, y - 0.5 * h, w, h};
    if (r.x >= fr.x && r.x + r.w <= fr.x + fr.w && r.y >= fr.y && r.y + r.h <= fr.y + fr.h &&
        !pm_grid_hits(&rc->place.grid, r)) {
        pm_text_draw(rc->draw.cr, t, r.x, r.y, (pm_color){0.35, 0.35, 0.35, 1}, (pm_color){1, 1, 1, 1}, 1.2);
        if (pm_grid_add(&rc->place.grid, r) != 0)
            rc->nomem = 1;
        pm_rctx_box(rc, "graticule", text, r);
    }
    g_object_unref(t);
}

/* Where a projected line crosses the top edge (meridians) or left edge
 * (parallels) of the frame. */
static int edge_cross(const pm_rctx *rc, const double *pts, int n, int lon, double *at)
{
    const pm_rect fr = rc->page.lay.frame;
    double edge = lon ? fr.y : fr.x;
    for (int k = 0; k + 1 < n; k++) {
        double a = lon ? pts[2 * k + 1] : pts[2 * k], b = lon ? pts[2 * k + 3] : pts[2 * k + 2];
        if ((a - edge) * (b - edge) <= 0 && a != b) {
            double t = (edge - a) / (b - a);
            *at = lon ? pts[2 * k] + t * (pts[2 * k + 2] - pts[2 * k])
                      : pts[2 * k + 1] + t * (pts[2 * k + 3] - pts[2 * k + 1]);
            return 1;
        }
    }
    return 0;
}

void pm_draw_graticule(pm_rctx *rc)
{
    if (!rc->spec->graticule || pm_inset_view(rc) != 0)
        return;
    const double *v = rc->page.view_lonlat;
    double step = step_for(fmax(v[2] - v[0], v[3] - v[1]));
    enum { N = 48 };
    double pts[2 * N];
    cairo_t *cr = rc->draw.cr;
    const pm_rect fr = rc->page.lay.frame;
    for (int lon = 1; lon >= 0; lon--) {
        double lo = lon ? v[0] : v[1], hi = lon ? v[2] : v[3];
        for (double d = ceil(lo / step) * step; d <= hi + 1e-9; d += step) {
            if (line_points(rc, lon, d, v, pts, N) != 0)
                continue;
            cairo_save(cr);
            cairo_rectangle(cr, fr.x, fr.y, fr.w, fr.h);
            cairo_clip(cr);
            cairo_new_path(cr);
            for (int k = 0; k < N; k++)
                (k ? cairo_line_to : cairo_move_to)(cr, pts[2 * k], pts[2 * k + 1]);
            cairo_set_source_rgba(cr, 0.4, 0.4, 0.5, 0.45);
            cairo_set_line_width(cr, 0.4);
            cairo_set_dash(cr, NULL, 0, 0);
            cairo_stroke(cr);
            cairo_restore(cr);
            double at;
            char text[32];
            format_deg(d, lon, text, sizeof text);
            if (edge_cross(rc, pts, N, lon, &at))
                edge_label(rc, text, lon ? at : 0, lon ? 0 : at, lon);
        }
    }
}
