/* A raster layer of a spec as QGIS layers of a project: the same file, named
 * relative to the project, drawn as planmap draws it (docs/spec.md, Raster
 * layers): imagery as its bands, a DEM by its colour ramp, shaded by QGIS's
 * hillshade renderer (Horn's method, as gdaldem and planmap), and a ramp
 * with hillshade as two layers, the shade multiplied over the colours. */
#include "pm_export_qgis.h"
#include "pm_file.h"

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_srs_api.h>

/* Metres of a degree of latitude (WGS84 mean). */
#define METRES_PER_DEGREE 111320.0
/* Planmap darkens a ramp's colours by the shade down to 35 %: the shade
 * multiplied over them at 65 % opacity gives c · (0.35 + 0.65 · shade). */
#define SHADE_WEIGHT 0.65

/* What the file is, for the renderer: its CRS, bands and kind of units. */
typedef struct raster_info {
    char *wkt;
    int n_bands;
    int alpha_band;      /* 1-based; -1: none */
    double z_scale;      /* elevation units to the cell's horizontal units */
    int map_crs;         /* 1: in the map's CRS (QGIS does not warp it) */
} raster_info;

static int read_info(const char *path, double z_factor, const char *map_crs, raster_info *ri)
{
    memset(ri, 0, sizeof *ri);
    ri->alpha_band = -1;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return -1;
    ri->n_bands = GDALGetRasterCount(ds);
    if (ri->n_bands > 1 &&
        GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, ri->n_bands)) == GCI_AlphaBand)
        ri->alpha_band = ri->n_bands;
    const char *wkt = GDALGetProjectionRef(ds);
    ri->wkt = strdup(wkt ? wkt : "");
    ri->z_scale = z_factor;
    double gt[6];
    OGRSpatialReferenceH srs = wkt && *wkt ? OSRNewSpatialReference(wkt) : NULL;
    /* A raster in degrees: QGIS takes its cells as they are, planmap in
     * metres at the middle; one factor for both axes can only be the
     * geometric mean of a degree east and a degree north there. */
    if (srs && OSRIsGeographic(srs) && GDALGetGeoTransform(ds, gt) == CE_None) {
        double lat = gt[3] + 0.5 * GDALGetRasterYSize(ds) * gt[5];
        double c = cos(fmin(fabs(lat), 89.0) * M_PI / 180.0);
        ri->z_scale = z_factor / (METRES_PER_DEGREE * sqrt(c));
    }
    OGRSpatialReferenceH map = OSRNewSpatialReference(NULL);
    ri->map_crs = srs && map && OSRSetFromUserInput(map, map_crs) == OGRERR_NONE &&
                  OSRIsSame(srs, map);
    if (map)
        OSRDestroySpatialReference(map);
    if (srs)
        OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return ri->wkt ? 0 : -1;
}

/* QGIS's resampler names; nearest is no resampler at all. */
static const char *resampling_name(pm_resampling r)
{
    return r == PM_RESAMPLE_NEAREST ? "" : r == PM_RESAMPLE_CUBIC ? "cubic" : "bilinear";
}

static void hex_color(pm_sbuf *b, pm_color c)
{
    pm_sbuf_addf(b, "#%02x%02x%02x", (int)lround(c.r * 255), (int)lround(c.g * 255),
                 (int)lround(c.b * 255));
}

/* The colour ramp: linear between the stops, the end colours beyond them
 * (clip off). */
static void ramp_renderer(pm_sbuf *b, const pm_raster_spec *r, double opacity, int alpha)
{
    double lo = r->ramp[0].value, hi = r->ramp[r->n_ramp - 1].value;
    pm_sbuf_addf(b, "        <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" "
                    "opacity=\"%g\" alphaBand=\"%d\" nodataColor=\"\" classificationMin=\"%.10g\" "
                    "classificationMax=\"%.10g\">\n          <rastershader>\n"
                    "            <colorrampshader colorRampType=\"INTERPOLATED\" "
                    "classificationMode=\"1\" clip=\"0\" minimumValue=\"%.10g\" "
                    "maximumValue=\"%.10g\">\n",
                 opacity, alpha, lo, hi, lo, hi);
    for (int i = 0; i < r->n_ramp; i++) {
        pm_sbuf_add(b, "              <item color=\"");
        hex_color(b, r->ramp[i].color);
        pm_sbuf_addf(b, "\" alpha=\"%d\" value=\"%.10g\" label=\"%g\"/>\n",
                     (int)lround(r->ramp[i].color.a * 255), r->ramp[i].value, r->ramp[i].value);
    }
    pm_sbuf_add(b, "            </colorrampshader>\n          </rastershader>\n"
                   "        </rasterrenderer>\n");
}

static void shade_renderer(pm_sbuf *b, const pm_raster_spec *r, double opacity, double z_scale)
{
    pm_sbuf_addf(b, "        <rasterrenderer type=\"hillshade\" band=\"1\" opacity=\"%g\" "
                    "alphaBand=\"-1\" nodataColor=\"\" azimuth=\"%g\" angle=\"%g\" "
                    "zfactor=\"%.10g\" multidirection=\"%d\"/>\n",
                 opacity, r->azimuth, r->altitude, z_scale, r->multidirectional);
}

/* Imagery as it is: three bands as red, green and blue, one as grey, with
 * no stretch (planmap draws the values). */
static void bands_renderer(pm_sbuf *b, const pm_raster_spec *r, const raster_info *ri)
{
    int n = r->n_bands ? r->n_bands : (ri->n_bands - (ri->alpha_band > 0) >= 3 ? 3 : 1);
    int band[3] = {1, 2, 3};
    for (int i = 0; i < r->n_bands; i++)
        band[i] = r->bands[i];
    if (n == 3)
        pm_sbuf_addf(b, "        <rasterrenderer type=\"multibandcolor\" redBand=\"%d\" "
                        "greenBand=\"%d\" blueBand=\"%d\" opacity=\"%g\" alphaBand=\"%d\" "
                        "nodataColor=\"\"/>\n",
                     band[0], band[1], band[2], r->opacity, ri->alpha_band);
    else
        pm_sbuf_addf(b, "        <rasterrenderer type=\"singlebandgray\" grayBand=\"%d\" "
                        "gradient=\"BlackToWhite\" opacity=\"%g\" alphaBand=\"%d\" "
                        "nodataColor=\"\"/>\n",
                     band[0], r->opacity, ri->alpha_band);
}

typedef enum raster_part { PART_BANDS, PART_RAMP, PART_SHADE, PART_SHADE_OVER } raster_part;

static char *raster_xml(const pm_layer_spec *ls, const char *id, const char *name,
                        const char *ref, const raster_info *ri, raster_part part)
{
    const pm_raster_spec *r = ls->raster;
    pm_sbuf b = {0};
    pm_qgis_maplayer_open(&b, "type=\"raster\"", id, ref, NULL, name, ri->wkt);
    pm_sbuf_add(&b, "    <provider>gdal</provider>\n    <pipe>\n");
    /* Where QGIS warps the raster, the provider resamples the elevations
     * and the projector takes nearest cells of what is drawn; in the map's
     * own CRS, resampling the elevations would shade each cell's bilinear
     * facets (a grid on the relief), so the drawn pixels are resampled. */
    const char *how = resampling_name(r->resampling);
    if (!ri->map_crs)
        pm_sbuf_addf(&b, "      <provider><resampling enabled=\"%s\" "
                         "zoomedInResamplingMethod=\"%s\" zoomedOutResamplingMethod=\"%s\" "
                         "maxOversampling=\"2\"/></provider>\n",
                     *how ? "true" : "false", *how ? how : "nearestNeighbour",
                     *how ? how : "nearestNeighbour");
    if (part == PART_RAMP)
        ramp_renderer(&b, r, r->opacity, ri->alpha_band);
    else if (part == PART_SHADE)
        shade_renderer(&b, r, r->opacity, ri->z_scale);
    else if (part == PART_SHADE_OVER)
        shade_renderer(&b, r, SHADE_WEIGHT * r->opacity, ri->z_scale);
    else
        bands_renderer(&b, r, ri);
    if (ri->map_crs)
        pm_sbuf_addf(&b, "      <rasterresampler zoomedInResampler=\"%s\" "
                         "zoomedOutResampler=\"%s\" maxOversampling=\"2\"/>\n", how, how);
    /* QgsPainting's multiply (6) lays the shade over the ramp's colours. */
    pm_sbuf_addf(&b, "    </pipe>\n    <blendMode>%d</blendMode>\n  </maplayer>\n",
                 part == PART_SHADE_OVER ? 6 : 0);
    return pm_sbuf_take(&b);
}

static pm_status add_part(pm_qgis_layers *out, const pm_layer_spec *ls, int l, const char *ref,
                          const raster_info *ri, raster_part part, pm_error *err)
{
    pm_qgis_layer *q = &out->v[out->n++];
    char id[64], name[512];
    snprintf(id, sizeof id, "planmap_layer_%d", out->n);
    snprintf(name, sizeof name, "%s%s", ls->name, part == PART_SHADE_OVER ? " (hillshade)" : "");
    q->spec_layer = l;
    q->raster = 1;
    q->id = strdup(id);
    q->name = strdup(name);
    q->xml = raster_xml(ls, id, name, ref, ri, part);
    if (!q->id || !q->name || !q->xml)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ls->source);
    return PM_OK;
}

int pm_qgis_raster_parts(const pm_layer_spec *ls)
{
    return ls->raster ? 1 + (ls->raster->hillshade && ls->raster->n_ramp > 0) : 0;
}

pm_status pm_qgis_raster_layers(const pm_spec *spec, int l, const char *project_dir,
                                const char *map_crs, pm_qgis_layers *out, pm_error *err)
{
    const pm_layer_spec *ls = &spec->layers[l];
    const pm_raster_spec *r = ls->raster;
    raster_info ri;
    if (read_info(ls->source, r->z_factor > 0 ? r->z_factor : 1, map_crs, &ri) != 0) {
        free(ri.wkt);
        return pm_error_set(err, PM_ERR_IO, "%s: layers[%d] (%s): %s: cannot open it as a raster",
                            spec->path, l, ls->name, ls->source);
    }
    char *ref = pm_path_relative(project_dir, ls->source);
    pm_status st = ref ? PM_OK : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    if (st == PM_OK && r->n_ramp > 0) {
        st = add_part(out, ls, l, ref, &ri, PART_RAMP, err);
        if (st == PM_OK && r->hillshade)
            st = add_part(out, ls, l, ref, &ri, PART_SHADE_OVER, err);
    } else if (st == PM_OK) {
        st = add_part(out, ls, l, ref, &ri, r->hillshade ? PART_SHADE : PART_BANDS, err);
    }
    free(ref);
    free(ri.wkt);
    return st;
}
