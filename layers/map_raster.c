/* A map's raster layers: opened when the map is made (the file checked, its
 * footprint kept for the extent), and read again for each render over
 * exactly the frame at the output's resolution (pm_map_raster_image):
 * warped to the map's CRS (geo/raster.c), shaded or coloured (shade.c),
 * and handed to render as an ARGB32 image. */
#include "pm_map_data.h"
#include "map_internal.h"
#include "pm_arena.h"
#include "pm_raster.h"
#include "shade_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

pm_status pm_map_raster_open(const pm_map *map, int li, pm_map_layer *ml, pm_error *err)
{
    const pm_layer_spec *ls = &map->spec->layers[li];
    ml->spec = ls;
    ml->raster_ring = malloc(2 * PM_RASTER_RING * sizeof *ml->raster_ring);
    ml->data = calloc(1, sizeof *ml->data);
    if (ml->data) {
        ml->data->source = strdup(ls->source);
        ml->data->arena = pm_arena_create();
        for (int i = 0; i < 4; i++)
            ml->data->extent[i] = NAN;
    }
    pm_status st = PM_OK;
    if (!ml->raster_ring || !ml->data || !ml->data->source || !ml->data->arena)
        st = pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    else
        st = pm_raster_probe(ls->source, &ml->raster_bands, ml->raster_ring, err);
    if (st == PM_OK)
        return PM_OK;
    /* A layer that failed is not counted in the map: nothing of it stays. */
    pm_layer_destroy(ml->data);
    free(ml->raster_ring);
    ml->data = NULL;
    ml->raster_ring = NULL;
    return pm_error_prefix(err, "%s: layers[%d] (%s)", map->spec->path, li, ls->name);
}

int pm_map_raster_fitted(const pm_spec *spec, int li)
{
    if (spec->n_extent_layers > 0)
        return pm_map_layer_fitted(spec, spec->layers[li].name);
    for (int l = 0; l < spec->n_layers; l++)
        if (!spec->layers[l].raster)
            return 0;   /* by default the data's features set the extent */
    return 1;
}

pm_status pm_map_raster_project(const pm_map *map, int li, pm_error *err)
{
    pm_map_layer *ml = &map->layers[li];
    ml->raster_projected = 0;
    if (!pm_map_raster_fitted(map->spec, li))
        return PM_OK;
    pm_status st = pm_crs_forward(map->crs, ml->raster_ring, PM_RASTER_RING, err);
    if (st != PM_OK)
        return pm_error_prefix(err, "%s: layers[%d] (%s): the raster's outline", map->spec->path,
                               li, ml->spec->name);
    ml->raster_projected = 1;
    return PM_OK;
}

/* ---- pixels for a render ------------------------------------------------- */

/* Metres a pixel spans across and down, at the box's centre. */
static void pixel_metres(const pm_map *map, const double box[4], int w, int h, double *dx,
                         double *dy)
{
    double c[2] = {0.5 * (box[0] + box[2]), 0.5 * (box[1] + box[3])};
    double ux = (box[2] - box[0]) / w, uy = (box[3] - box[1]) / h;
    double m = 1;
    if (pm_crs_inverse(map->crs, c, 1, NULL) == PM_OK)
        m = pm_crs_metres_per_unit(map->crs, c[0], c[1]);
    if (!(m > 0))
        m = 1;
    *dx = ux * m;
    /* Geographic: a degree of latitude is ~111 km wherever a degree of
     * longitude (m, along x) is shorter. Projected maps are conformal
     * enough at their centre for one scale. */
    *dy = pm_crs_is_geographic(map->crs) ? uy * 111195.0 : uy * m;
}

static uint32_t pixel_colour(const pm_raster_spec *rs, const pm_raster_pixels *px, size_t i,
                             const unsigned char *shade)
{
    double a = px->valid[i] / 255.0;
    if (a <= 0)
        return 0;
    size_t plane = (size_t)px->width * px->height;
    if (rs->hillshade || rs->n_ramp) {
        double s = shade ? shade[i] / 255.0 : 1;
        if (!rs->n_ramp)
            return pm_argb_premultiplied(s, s, s, a);
        pm_color c = pm_ramp_color(rs->ramp, rs->n_ramp, ((const float *)px->values)[i]);
        /* Shaded colours keep their hue: the light scales them, never to black. */
        double k = shade ? 0.35 + 0.65 * s : 1;
        return pm_argb_premultiplied(c.r * k, c.g * k, c.b * k, a * c.a);
    }
    const unsigned char *v = px->values;
    if (px->n_bands >= 3)
        return pm_argb_premultiplied(v[i] / 255.0, v[plane + i] / 255.0, v[2 * plane + i] / 255.0, a);
    return pm_argb_premultiplied(v[i] / 255.0, v[i] / 255.0, v[i] / 255.0, a);
}

/* The w × h pixels inside the warped ones, which have a border of `b`
 * pixels for the hillshade's neighbours. */
static pm_status compose(const pm_map *map, const pm_raster_spec *rs, const pm_raster_pixels *px,
                         const double box[4], int b, uint32_t *argb, pm_error *err)
{
    unsigned char *shade = NULL;
    if (rs->hillshade) {
        shade = malloc((size_t)px->width * px->height);
        if (!shade)
            return pm_error_set(err, PM_ERR_NOMEM, "out of memory shading a raster");
        double dx, dy;
        pixel_metres(map, box, px->width, px->height, &dx, &dy);
        pm_hillshade(px->values, px->valid, px->width, px->height, dx, dy, rs, shade);
    }
    int w = px->width - 2 * b, h = px->height - 2 * b;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            argb[(size_t)y * w + x] = pixel_colour(rs, px, (size_t)(y + b) * px->width + x + b, shade);
    free(shade);
    return PM_OK;
}

pm_status pm_map_raster_image(const pm_map *map, int layer, const double box[4], int w, int h,
                              uint32_t **argb, pm_error *err)
{
    static const char *const resampling[] = {"bilinear", "near", "cubic"};
    const pm_layer_spec *ls = map->layers[layer].spec;
    const pm_raster_spec *rs = ls->raster;
    *argb = NULL;
    /* The hillshade needs each pixel's neighbours: one more all round. */
    int b = rs->hillshade ? 1 : 0;
    double ux = (box[2] - box[0]) / w, uy = (box[3] - box[1]) / h;
    pm_raster_request rq = {
        .path = ls->source, .crs = pm_crs_definition(map->crs),
        .box = {box[0] - b * ux, box[1] - b * uy, box[2] + b * ux, box[3] + b * uy},
        .width = w + 2 * b, .height = h + 2 * b, .n_bands = rs->n_bands,
        .as_float = rs->hillshade || rs->n_ramp, .resampling = resampling[rs->resampling]};
    memcpy(rq.bands, rs->bands, sizeof rs->bands);
    if (rq.as_float && rq.n_bands == 0) {
        rq.n_bands = 1;
        rq.bands[0] = 1;
    }
    pm_raster_pixels px;
    pm_status st = pm_raster_warp(&rq, &px, err);
    if (st == PM_OK) {
        *argb = malloc((size_t)w * h * sizeof **argb);
        st = *argb ? compose(map, rs, &px, rq.box, b, *argb, err)
                   : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ls->source);
    }
    pm_raster_pixels_free(&px);
    if (st != PM_OK) {
        free(*argb);
        *argb = NULL;
        return pm_error_prefix(err, "%s: layers[%d] (%s)", map->spec->path, layer, ls->name);
    }
    return PM_OK;
}
