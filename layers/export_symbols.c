/* How a style is spelled in QGIS and SLD documents: colours, marker names,
 * font families (see export_internal.h). */
#include "export_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int channel(double v)
{
    long c = lround(v * 255);
    return c < 0 ? 0 : c > 255 ? 255 : (int)c;
}

void pm_sbuf_qcolor(pm_sbuf *b, pm_color c)
{
    pm_sbuf_addf(b, "%d,%d,%d,%d", channel(c.r), channel(c.g), channel(c.b), channel(c.a));
}

void pm_sbuf_hex(pm_sbuf *b, pm_color c)
{
    pm_sbuf_addf(b, "#%02x%02x%02x", channel(c.r), channel(c.g), channel(c.b));
}

const char *pm_marker_qgis_name(pm_marker_shape shape)
{
    switch (shape) {
    case PM_MARKER_SQUARE: return "square";
    case PM_MARKER_TRIANGLE: return "triangle";
    case PM_MARKER_DIAMOND: return "diamond";
    case PM_MARKER_STAR: return "star";
    default: return "circle";
    }
}

const char *pm_marker_sld_name(pm_marker_shape shape)
{
    switch (shape) {
    case PM_MARKER_SQUARE: return "square";
    case PM_MARKER_TRIANGLE: return "triangle";
    case PM_MARKER_DIAMOND: return "square";   /* SLD has no diamond: a rotated square */
    case PM_MARKER_STAR: return "star";
    default: return "circle";
    }
}

void pm_font_family(const char *font, char *family, size_t size, int *bold)
{
    static const char suffix[] = " Bold";
    snprintf(family, size, "%s", font ? font : "Noto Sans CJK SC");
    size_t n = strlen(family), k = sizeof suffix - 1;
    *bold = n > k && strcmp(family + n - k, suffix) == 0;
    if (*bold)
        family[n - k] = '\0';
}
