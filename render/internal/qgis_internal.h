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
#include "render_internal.h"

/* One atlas page as planmap batch lays it out (points), for the layout's
 * data-defined places (qgis_atlas_pages.c). */
typedef struct pm_qgis_atlas_page {
    pm_rect frame;          /* the map frame */
    double extent[4];       /* its map x/y box */
    pm_rect scalebar, north;
    double scalebar_m;      /* the bar's length; 0: no bar */
} pm_qgis_atlas_page;

/* What the layout needs: the page (points), where things landed, the map's
 * layers in the project, and the language texts are shown in. */
typedef struct pm_qgis_page {
    const pm_map *map;
    double w_pt, h_pt;
    pm_render_result result;      /* in points */
    double extent[4];             /* the map frame's map x/y box */
    const pm_qgis_layers *layers;
    int inset_layer;              /* index in layers of the locator, -1: none */
    const pm_qgis_atlas *atlases; /* a layout each; none: one plain layout */
    int n_atlases;
    const pm_qgis_atlas *atlas;   /* the layout's atlas, NULL: none */
    int atlas_layer;              /* index in layers of its coverage, -1: none */
    pm_qgis_atlas_page **atlas_pages; /* each atlas's pages laid out, NULL: none */
    const pm_qgis_atlas_page *pages;  /* the layout's atlas's, NULL: none */
    pm_lang lang;
    pm_render_kept kept;          /* the project badges and the panel's scale */
} pm_qgis_page;

/* Whether layer i is drawn by the map item (checked in the layer tree): not
 * the locator's, not an atlas's coverage, not project points the layout's
 * badges show (an atlas, which has no badges, draws them). */
int pm_qgis_on_map(const pm_qgis_page *page, int i);
/* The index in the project's layers of spec layer `spec_layer`, -1: none. */
int pm_qgis_layer_of(const pm_qgis_page *page, int spec_layer);

/* Lay out page->map as a PDF render does, onto a recording surface: the
 * page's size, the render's boxes and what it kept, the frame's extent. */
pm_status pm_qgis_lay_out(pm_qgis_page *page, const pm_export_options *opts, pm_error *err);
/* Each page of each atlas with pages laid out as planmap batch draws it,
 * into page->atlas_pages (free with pm_qgis_atlas_pages_free). */
pm_status pm_qgis_atlas_pages(pm_qgis_page *page, const char *path,
                             const pm_export_options *opts, pm_error *err);
void pm_qgis_atlas_pages_free(pm_qgis_page *page);
/* An item's <LayoutObject>: on an atlas with laid-out pages, its place
 * (and for `kind` "map" its size and extent) page by page as QGIS
 * data-defined properties; nothing otherwise. */
void pm_qgis_data_defined(pm_sbuf *b, const pm_qgis_page *page, const char *kind);
/* "50 km", "500 m" (the render's scale bar text) → metres; 0: not a length. */
double pm_qgis_scalebar_metres(const char *text);
/* The <Layouts> element: a print layout reproducing the page, or one per
 * atlas. */
void pm_qgis_layout(pm_sbuf *b, const pm_qgis_page *page);

#define PM_MM_PER_PT (25.4 / 72.0)

/* An item of the layout, at a box in points (qgis_layout.c). */
typedef struct pm_qgis_item {
    const char *type;    /* QgsLayoutItemRegistry type number */
    const char *uuid;
    const char *id;      /* the name QGIS shows */
    pm_rect r;           /* points */
    int z;
    int frame, background;
    const char *group;   /* the uuid of the group it is in, NULL: none */
} pm_qgis_item;

/* The opening tag and the colours every item has; `extra` are its own
 * attributes. The caller closes it with </LayoutItem>. */
void pm_qgis_item_open(pm_sbuf *b, const pm_qgis_item *it, const char *extra,
                       pm_color background);
/* A colour element (<FontColor red=.. />) and a QFont as QGIS stores it:
 * family, point size, pixel size, style hint, weight, italic, underline,
 * strike-out, fixed pitch, raw mode. */
void pm_qgis_color(pm_sbuf *b, const char *name, pm_color c);
void pm_qgis_font(pm_sbuf *b, const char *name, const char *family, double size, int bold);
/* The first box of that kind the render placed, NULL: none. */
const pm_render_box *pm_qgis_find_box(const pm_qgis_page *page, const char *kind);

/* The project badges on the map and the project table in the panel, each a
 * group of items at the places the render drew them (qgis_projects.c). */
void pm_qgis_projects(pm_sbuf *b, const pm_qgis_page *page);

/* A zip archive of one file `name` holding `data` (deflated), as QGIS reads
 * a .qgz. Malloc'd into *zip / *zip_len; -1 when out of memory. */
int pm_zip_one(const char *name, const char *data, size_t len, unsigned char **zip,
               size_t *zip_len);

#endif
