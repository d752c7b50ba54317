/* Private to render/'s QGIS project writer: the page as laid out (from a
 * render onto a recording surface, so the boxes are planmap's own) and the
 * print layout written from it (qgis_layout.c); the .qgz container (zip.c). */
#ifndef PM_QGIS_INTERNAL_H
#define PM_QGIS_INTERNAL_H

#include <stddef.h>

#include "pm_export_qgis.h"
#include "pm_qgis.h"
#include "pm_map_data.h"
#include "pm_render.h"
#include "pm_strings.h"

/* What the layout needs: the page (points), where things landed, the map's
 * layers in the project, and the language texts are shown in. */
typedef struct pm_qgis_page {
    const pm_map *map;
    double w_pt, h_pt;
    pm_render_result result;      /* in points */
    double extent[4];             /* the map frame's map x/y box */
    const pm_qgis_layers *layers;
    int inset_layer;              /* index in layers of the locator, -1: none */
    const pm_qgis_atlas *atlas;   /* the layout's atlas, NULL: none */
    int atlas_layer;              /* index in layers of its coverage, -1: none */
    pm_lang lang;
} pm_qgis_page;

/* The <Layouts> element: one print layout reproducing the page. */
void pm_qgis_layout(pm_sbuf *b, const pm_qgis_page *page);

/* A zip archive of one file `name` holding `data` (deflated), as QGIS reads
 * a .qgz. Malloc'd into *zip / *zip_len; -1 when out of memory. */
int pm_zip_one(const char *name, const char *data, size_t len, unsigned char **zip,
               size_t *zip_len);

#endif
