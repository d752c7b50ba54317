/* Shaded relief and colour ramps (shade_internal.h): what a raster layer's
 * elevations look like. The hillshade follows gdaldem's: Horn's method for
 * the slope and aspect, Lambert's cosine of the light on the surface, and
 * Mark (1992)'s weights for the multidirectional blend. */
#include "shade_internal.h"

#include <math.h>

#define DEG (3.14159265358979323846 / 180.0)

/* Elevation at (x, y) for the window around (cx, cy): an invalid or
 * outside neighbour takes the centre's value, so an edge is flat across
 * it rather than a cliff. */
static double at(const float *z, const unsigned char *valid, int w, int h, int x, int y, int cx,
                 int cy)
{
    if (x < 0 || y < 0 || x >= w || y >= h || (valid && !valid[(size_t)y * w + x]))
        return z[(size_t)cy * w + cx];
    return z[(size_t)y * w + x];
}

/* Brightness 0..1 of a surface whose downhill gradient is (gx, gy)
 * (east, north; rise per metre, z factor applied) under a light from
 * azimuth `az` (radians clockwise from north) at altitude `alt`. */
static double lambert(double gx, double gy, double az, double alt)
{
    /* The normal (-dz/dx, -dz/dy, 1) against the light's direction. */
    double lx = sin(az) * cos(alt), ly = cos(az) * cos(alt), lz = sin(alt);
    double c = (gx * lx + gy * ly + lz) / sqrt(gx * gx + gy * gy + 1);
    return c > 0 ? c : 0;
}

/* Mark (1992), as gdaldem -multidirectional: four lights, each weighted by
 * cos² of the angle between it and the slope's aspect (a light along the
 * slope counts most); the weights sum to 2. */
static double multidirectional(double gx, double gy, double alt)
{
    if (gx == 0 && gy == 0)
        return sin(alt);
    double aspect = atan2(gx, gy);   /* downhill direction, clockwise from north */
    double sum = 0;
    for (int k = 0; k < 4; k++) {
        double az = (225 + 45 * k) * DEG;
        double s = cos(aspect - az);
        sum += s * s * lambert(gx, gy, az, alt);
    }
    return 0.5 * sum;
}

void pm_hillshade(const float *z, const unsigned char *valid, int w, int h, double dx, double dy,
                  const pm_raster_spec *rs, unsigned char *shade)
{
    double az = rs->azimuth * DEG, alt = rs->altitude * DEG, k = rs->z_factor;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double a = at(z, valid, w, h, x - 1, y - 1, x, y), b = at(z, valid, w, h, x, y - 1, x, y);
            double c = at(z, valid, w, h, x + 1, y - 1, x, y), d = at(z, valid, w, h, x - 1, y, x, y);
            double f = at(z, valid, w, h, x + 1, y, x, y), g = at(z, valid, w, h, x - 1, y + 1, x, y);
            double hh = at(z, valid, w, h, x, y + 1, x, y), i = at(z, valid, w, h, x + 1, y + 1, x, y);
            /* Horn: rows run north to south, so the north row is a b c. */
            double dzdx = ((c + 2 * f + i) - (a + 2 * d + g)) / (8 * dx) * k;
            double dzdy = ((a + 2 * b + c) - (g + 2 * hh + i)) / (8 * dy) * k;
            double gx = -dzdx, gy = -dzdy;
            double v = rs->multidirectional ? multidirectional(gx, gy, alt) : lambert(gx, gy, az, alt);
            shade[(size_t)y * w + x] = (unsigned char)lround(255 * fmin(1, v));
        }
}

pm_color pm_ramp_color(const pm_ramp_stop *stops, int n, double value)
{
    if (value <= stops[0].value)
        return stops[0].color;
    for (int i = 1; i < n; i++)
        if (value <= stops[i].value) {
            double t = (value - stops[i - 1].value) / (stops[i].value - stops[i - 1].value);
            const pm_color *p = &stops[i - 1].color, *q = &stops[i].color;
            return (pm_color){p->r + t * (q->r - p->r), p->g + t * (q->g - p->g),
                              p->b + t * (q->b - p->b), p->a + t * (q->a - p->a)};
        }
    return stops[n - 1].color;
}

uint32_t pm_argb_premultiplied(double r, double g, double b, double a)
{
    unsigned A = (unsigned)lround(255 * a);
    unsigned R = (unsigned)lround(255 * r * a), G = (unsigned)lround(255 * g * a),
             B = (unsigned)lround(255 * b * a);
    return (uint32_t)A << 24 | R << 16 | G << 8 | B;
}
