/* planmap — the whole public API of libplanmap in one include:
 *
 *     #include <planmap/planmap.h>
 *     cc prog.c $(pkg-config --cflags --libs planmap)
 *
 * Open a spec (pm_spec_load), resolve it against its data (pm_map_create),
 * render it to a file (pm_render_file) or onto a Cairo surface
 * (pm_render_surface), export it for QGIS (pm_export_spec) or check plan data
 * (pm_validate_path). Call pm_geo_init or pm_geo_init_lean once first;
 * the settings a program gives the library are a pm_context.
 * Every fallible function fills a pm_error and returns a pm_status.
 */
#ifndef PLANMAP_H
#define PLANMAP_H

#include "pm_api.h"
#include "pm_context.h"
#include "pm_error.h"
#include "pm_export.h"
#include "pm_info.h"
#include "pm_init.h"
#include "pm_map.h"
#include "pm_render.h"
#include "pm_render_cairo.h"
#include "pm_spec.h"
#include "pm_validate.h"
#include "pm_version.h"

#endif
