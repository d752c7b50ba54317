/* pm_render_cairo — draw a map as one page of a caller's Cairo vector surface
 * (a multi-page PDF report, pm_batch). Page layout is the PDF output's. */
#ifndef PM_RENDER_CAIRO_H
#define PM_RENDER_CAIRO_H

#include "pm_api.h"

#include <cairo.h>

#include "pm_render.h"

/* The page size (points) `map` is laid out on as a PDF with `opts`. */
PM_API pm_status pm_render_page_size(const pm_map *map, const pm_render_options *opts,
                              double *w_pt, double *h_pt, pm_error *err);

/* Draw `map` onto the current page of `surface` (sized as above by the
 * caller, who also shows the page). `result` may be NULL. */
PM_API pm_status pm_render_surface(const pm_map *map, cairo_surface_t *surface,
                            const pm_render_options *opts, pm_render_result *result,
                            pm_error *err);

#endif
