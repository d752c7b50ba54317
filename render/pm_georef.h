/* pm_georef — georeferenced raster outputs: a world file (.pgw) and .prj
 * beside a PNG, and GeoTIFF through GDAL. Both come from the render result's
 * map→page transform, so the map frame is georeferenced exactly; page pixels
 * outside the frame (title, legend) extend the same affine transform. */
#ifndef PM_GEOREF_H
#define PM_GEOREF_H

#include "pm_map_data.h"
#include "pm_render.h"

#include <cairo.h>

/* GDAL geotransform {x0, dx, 0, y0, 0, dy} of the page's top-left pixel
 * corner, from a result in pixels (a PNG render). Returns 0, -1 if the
 * transform is degenerate. */
int pm_georef_geotransform(const pm_render_result *r, double gt[6]);

/* Beside `png_path`: "<stem>.pgw" (ESRI world file: pixel centres) and
 * "<stem>.prj" (the map CRS as WKT1_ESRI), and "<file>.png.aux.xml" holding
 * the same CRS for GDAL/QGIS (they do not read .prj beside a PNG). Each is
 * written via a temporary. */
pm_status pm_georef_write_world(const char *png_path, const pm_render_result *r,
                                const pm_crs *crs, pm_error *err);

/* The three files pm_georef_write_world writes beside `png_path` (.pgw, .prj,
 * .png.aux.xml), malloc'd into names[0..2]; -1 when out of memory. */
int pm_georef_world_names(const char *png_path, char *names[3]);

/* 1 if the path ends in .tif or .tiff (any case). */
int pm_georef_is_tiff(const char *path);

/* The image of a render (pm_render_raster, its `r` in pixels) as a GeoTIFF
 * with the map CRS and geotransform, written by GDAL through the one writer. */
pm_status pm_georef_write_tiff(cairo_surface_t *image, const char *tif_path,
                               const pm_render_result *r, const pm_crs *crs, pm_error *err);

/* Refuses a GeoTIFF path GDAL cannot write by name (standard output, a
 * device, a folder), before anything is drawn. */
pm_status pm_georef_tiff_probe(const char *tif_path, pm_error *err);

/* Render `map` as a GeoTIFF (the PNG raster of the page, RGB, deflate) with
 * the map CRS and geotransform. `opts` size/dpi apply as for PNG; `result`
 * (may be NULL) is in pixels. */
pm_status pm_render_geotiff(const pm_map *map, const char *tif_path,
                            const pm_render_options *opts, pm_render_result *result,
                            pm_error *err);

#endif
