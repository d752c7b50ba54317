/* pm_picture — a picture file (a logo) read into pixels through GDAL's PNG
 * driver, for a map's "images" (layers/map_images.c). The file is checked
 * and noted as an input as a source is. Only PNG: SVG would need librsvg,
 * which planmap does not depend on.
 */
#ifndef PM_PICTURE_H
#define PM_PICTURE_H

#include <stdint.h>

#include "pm_error.h"

/* The largest picture read, pixels a side: a logo, not an aerial photo. */
#define PM_PICTURE_MAX_SIDE 8192

/* ARGB32 premultiplied pixels (Cairo's format), rows top down. */
typedef struct pm_picture {
    int width, height;
    uint32_t *pixels;
} pm_picture;

/* Read the PNG `path` into `out`. IO error for a file that cannot be read;
 * DATA error for one that is not a PNG, is damaged or too large; the
 * message is the reason alone ("not a PNG image …"), for the caller to say
 * where the picture was named. */
pm_status pm_picture_read(const char *path, pm_picture *out, pm_error *err);
void pm_picture_free(pm_picture *p);

#endif
