/* The inset locator map: a small map of the region (province outlines from
 * the spec's "inset" source, read with the map: pm_map.inset) with the main map's extent as a red box, drawn
 * as an item of the panel so it never covers the data. It uses its own
 * simple lon/lat view (x scaled by cos(latitude)): at this size a projection
 * would change nothing a reader can see. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The region around the map: at least 3× the map's size and 5° across. */
#define INSET_GROW 3.0
#define INSET_MIN_DEG 5.0

int pm_view_lonlat(const pm_crs *crs, const double view[4], double out[4])
{
    const double *e = view;
    enum { N = 8 };
    double xy[8 * N];
    for (int k = 0; k < N; k++) {
        double t = (double)k / (N - 1);
        double x = e[0] + t * (e[2] - e[0]), y = e[1] + t * (e[3] - e[1]);
        double pts[8] = {x, e[1], x, e[3], e[0], y, e[2], y};
        memcpy(xy + 8 * k, pts, sizeof pts);
    }
    pm_error err = {0};
    if (pm_crs_inverse(crs, xy, 4 * N, &err) != PM_OK)
        return -1;
    out[0] = out[1] = INFINITY;
    out[2] = out[3] = -INFINITY;
    for (int i = 0; i < 4 * N; i++) {
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1]))
            return -1;
        out[0] = fmin(out[0], xy[2 * i]);
        out[1] = fmin(out[1], xy[2 * i + 1]);
        out[2] = fmax(out[2], xy[2 * i]);
        out[3] = fmax(out[3], xy[2 * i + 1]);
    }
    return 0;
}

/* The map's lon/lat box, once (graticule and inset share it). */
int pm_inset_view(pm_rctx *rc)
{
    const double *v = rc->page.view_lonlat;
    if (v[2] > v[0] && v[3] > v[1])
        return 0;
    return pm_view_lonlat(rc->map->crs, rc->page.view, rc->page.view_lonlat);
}

int pm_inset_place(pm_rctx *rc, pm_error *err)
{
    const pm_spec *spec = rc->spec;
    if (!rc->map->inset)
        return 0;
    if (pm_inset_view(rc) != 0) {
        pm_error_set(err, PM_ERR_RENDER, "%s: inset: cannot load %s", spec->path, spec->inset_source);
        return -1;
    }
    rc->page.inset = rc->map->inset;
    pm_inset_region(rc->page.view_lonlat, rc->page.inset_ext);
    return 0;
}

void pm_inset_region(const double v[4], double ext[4])
{
    double cx = 0.5 * (v[0] + v[2]), cy = 0.5 * (v[1] + v[3]);
    double k = cos(cy * PM_PI / 180);
    double half = 0.5 * fmax(INSET_MIN_DEG, INSET_GROW * fmax((v[2] - v[0]) * k, v[3] - v[1]));
    ext[0] = cx - half / k;
    ext[2] = cx + half / k;
    ext[1] = cy - half;
    ext[3] = cy + half;
}

void pm_inset_size(const pm_rctx *rc, double width, double *h)
{
    /* Square in ground distance: the box above is square in degrees × cos. */
    (void)rc;
    *h = 0.8 * width;
}

static void to_inset(const pm_rctx *rc, pm_rect r, double lon, double lat, double *x, double *y)
{
    const double *e = rc->page.inset_ext;
    double s = fmin(r.w / (e[2] - e[0]) / cos(0.5 * (e[1] + e[3]) * PM_PI / 180), r.h / (e[3] - e[1]));
    double k = cos(0.5 * (e[1] + e[3]) * PM_PI / 180);
    *x = r.x + 0.5 * r.w + (lon - 0.5 * (e[0] + e[2])) * k * s;
    *y = r.y + 0.5 * r.h - (lat - 0.5 * (e[1] + e[3])) * s;
}

static void draw_feature(pm_rctx *rc, pm_rect r, const pm_feature *f)
{
    cairo_t *cr = rc->draw.cr;
    int first = 0;
    cairo_new_path(cr);
    for (int p = 0; p < f->n_parts; p++) {
        for (int i = 0; i < f->part_len[p]; i++) {
            double x, y;
            to_inset(rc, r, f->xy[2 * (first + i)], f->xy[2 * (first + i) + 1], &x, &y);
            if (i == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        if (f->kind == PM_GEOM_POLYGON)
            cairo_close_path(cr);
        first += f->part_len[p];
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (f->kind == PM_GEOM_POLYGON) {
        cairo_set_source_rgb(cr, 0.93, 0.92, 0.89);
        cairo_fill_preserve(cr);
    }
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.5);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
}

void pm_draw_inset(pm_rctx *rc, pm_rect r)
{
    cairo_t *cr = rc->draw.cr;
    const pm_layer *L = rc->page.inset;
    const double *e = rc->page.inset_ext;
    if (!L)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_set_source_rgb(cr, 0.86, 0.92, 0.97);   /* outside the provinces: a pale sea tone */
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    for (int i = 0; i < L->n_features; i++) {
        const pm_feature *f = &L->features[i];
        pm_feature_ref ref = {L, f};
        if (f->kind == PM_GEOM_NONE || f->bbox[2] < e[0] || f->bbox[0] > e[2] ||
            f->bbox[3] < e[1] || f->bbox[1] > e[3] ||
            !pm_conditions_match(rc->spec->inset_where, rc->spec->n_inset_where, pm_feature_ref_value, &ref))
            continue;
        draw_feature(rc, r, f);
    }
    /* The main map's extent. */
    const double *v = rc->page.view_lonlat;
    double x0, y0, x1, y1;
    to_inset(rc, r, v[0], v[3], &x0, &y0);
    to_inset(rc, r, v[2], v[1], &x1, &y1);
    double w = fmax(x1 - x0, 3), h = fmax(y1 - y0, 3);
    cairo_rectangle(cr, x0 + 0.5 * (x1 - x0 - w), y0 + 0.5 * (y1 - y0 - h), w, h);
    cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    pm_rctx_box(rc, "inset", "locator", r);
}
