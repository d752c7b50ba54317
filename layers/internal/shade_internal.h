/* Private to layers/: the pixels of a raster layer (shade.c) — shaded
 * relief and colour ramps over elevations, and the ARGB32 image render
 * draws (map_raster.c). Unit tests: tests/unit/test_layers_shade.c. */
#ifndef PM_SHADE_INTERNAL_H
#define PM_SHADE_INTERNAL_H

#include <stdint.h>

#include "pm_spec_data.h"

/* Shaded relief of the elevations `z` (w × h, rows north to south), as
 * gdaldem hillshade draws it: Horn's 3 × 3 slope and aspect with
 * rs->z_factor, pixels dx metres wide and dy metres tall, lit from
 * rs->azimuth (degrees clockwise from north) at rs->altitude; with
 * rs->multidirectional, gdaldem's blend of lights from 225, 270, 315 and
 * 360 degrees weighted by each pixel's aspect. `shade` gets 0 (no light)
 * … 255 (facing the light); flat ground gets 255 × sin(altitude). A pixel
 * on the edge or next to an invalid one (`valid` 0) takes its valid
 * neighbours' place for the missing ones. */
void pm_hillshade(const float *z, const unsigned char *valid, int w, int h, double dx, double dy,
                  const pm_raster_spec *rs, unsigned char *shade);

/* The ramp's colour at `value`: linear between the stops around it, the
 * end stops' colours beyond them. */
pm_color pm_ramp_color(const pm_ramp_stop *stops, int n, double value);

/* ARGB32 premultiplied (Cairo's CAIRO_FORMAT_ARGB32, native endian) from
 * r, g, b, a in 0..1. */
uint32_t pm_argb_premultiplied(double r, double g, double b, double a);

#endif
