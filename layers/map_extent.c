/* The map's extent: the given box, or the box of the drawn features of the
 * fitted layers with a margin; a point or a thin line gets an area to show. */
#include "pm_map_data.h"
#include "map_internal.h"
#include "pm_raster.h"

#include <math.h>
#include <string.h>

static void grow_box(double box[4], double x, double y)
{
    if (isnan(box[0]) || x < box[0]) box[0] = x;
    if (isnan(box[1]) || y < box[1]) box[1] = y;
    if (isnan(box[2]) || x > box[2]) box[2] = x;
    if (isnan(box[3]) || y > box[3]) box[3] = y;
}

int pm_map_layer_fitted(const pm_spec *spec, const char *name)
{
    if (spec->n_extent_layers == 0)
        return 1;
    for (int i = 0; i < spec->n_extent_layers; i++)
        if (strcmp(spec->extent_layers[i], name) == 0)
            return 1;
    return 0;
}

/* Box of every vertex of the drawn features of the fitted layers, in the
 * layers' current coordinates (computed from vertices, so it is exact after
 * projection too). */
static void data_box(const pm_map *map, double box[4])
{
    box[0] = box[1] = box[2] = box[3] = NAN;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (ml->raster_ring) {
            /* Lon/lat before the map is projected, then map x/y. */
            int now = !map->crs || ml->raster_projected;
            for (int v = 0; now && pm_map_raster_fitted(map->spec, l) && v < PM_RASTER_RING; v++)
                grow_box(box, ml->raster_ring[2 * v], ml->raster_ring[2 * v + 1]);
            continue;
        }
        if (!pm_map_layer_fitted(map->spec, ml->spec->name))
            continue;
        for (int i = 0; i < ml->data->n_features; i++) {
            if (!pm_map_feature_drawn(ml, i))
                continue;
            const pm_feature *f = &ml->data->features[i];
            int nv = 0;
            for (int p = 0; p < f->n_parts; p++)
                nv += f->part_len[p];
            for (int v = 0; v < nv; v++)
                grow_box(box, f->xy[2 * v], f->xy[2 * v + 1]);
        }
    }
}

pm_status pm_map_check_fit_names(const pm_spec *spec, pm_error *err)
{
    for (int i = 0; i < spec->n_extent_layers; i++) {
        int found = 0;
        for (int l = 0; l < spec->n_layers && !found; l++)
            found = strcmp(spec->layers[l].name, spec->extent_layers[i]) == 0;
        if (!found)
            return pm_error_set(err, PM_ERR_SPEC, "%s: extent.fit[%d]: no layer named \"%s\"",
                                spec->path, i, spec->extent_layers[i]);
    }
    return PM_OK;
}

/* An extent this many times longer than wide (or wide than tall) is widened:
 * a north–south line would otherwise get a frame a fraction of a point wide,
 * with no room for the scale bar or a label. */
#define MAX_EXTENT_ASPECT 4.0

static void widen(double e[4], int a, double span)
{
    double mid = 0.5 * (e[a] + e[a + 2]);
    e[a] = mid - 0.5 * span;
    e[a + 2] = mid + 0.5 * span;
}

/* A single point, coincident points or a flat line still need an area to
 * show (~1 km), and a thin one a frame of sane proportions. */
static void pad_degenerate(double e[4], int geographic)
{
    double min_span = geographic ? 0.01 : 1000.0;
    for (int a = 0; a < 2; a++)
        if (!(e[a + 2] - e[a] >= min_span))
            widen(e, a, min_span);
    for (int a = 0; a < 2; a++) {
        double other = e[3 - a] - e[1 - a];
        if (e[a + 2] - e[a] < other / MAX_EXTENT_ASPECT)
            widen(e, a, other / MAX_EXTENT_ASPECT);
    }
}

pm_status pm_map_fit_box(const pm_map *map, double ll[4], pm_error *err)
{
    const pm_spec *spec = map->spec;
    if (spec->extent_mode == PM_EXTENT_BOX) {
        memcpy(ll, spec->extent, 4 * sizeof *ll);
        return PM_OK;
    }
    data_box(map, ll);
    if (isnan(ll[0]))
        return pm_map_empty_error(map, err);
    return PM_OK;
}

pm_status pm_map_make_extent(pm_map *map, const double ll[4], pm_error *err)
{
    const pm_spec *spec = map->spec;
    double *e = map->extent;
    if (spec->extent_mode == PM_EXTENT_BOX) {
        /* An explicit box is shown as given, without margin. */
        pm_status st = pm_crs_forward_box(map->crs, ll, e, err);
        if (st != PM_OK)
            return pm_error_prefix(err, "%s: extent", spec->path);
        pad_degenerate(e, pm_crs_is_geographic(map->crs));
        return PM_OK;
    }
    data_box(map, e);
    pad_degenerate(e, pm_crs_is_geographic(map->crs));
    double m = spec->margin > 0 ? spec->margin : 0;
    double dx = (e[2] - e[0]) * m, dy = (e[3] - e[1]) * m;
    e[0] -= dx;
    e[1] -= dy;
    e[2] += dx;
    e[3] += dy;
    return PM_OK;
}
