/* pm_map — a spec resolved against its data: every layer loaded once,
 * projected to the map CRS, each feature matched to its rule, and the extent
 * to show. This is the "style" step between loading and rendering; the map is
 * what pm_render_file draws.
 */
#ifndef PM_MAP_H
#define PM_MAP_H

#include "pm_api.h"
#include "pm_context.h"
#include "pm_error.h"
#include "pm_spec.h"

/* A resolved map (opaque). It refers to its spec, which must outlive it. */
typedef struct pm_map pm_map;

/* Load every layer of `spec`, project it and match its rules; the inset's
 * outlines too (a missing inset source fails here, not at the render). The map
 * keeps `ctx` (NULL: the defaults; not owned, it must outlive the map): its
 * layers load with it, and everything drawn from the map follows it
 * (threads, PNG deflater, messages). */
PM_API pm_map *pm_map_create(const pm_spec *spec, const pm_context *ctx, pm_error *err);
/* The same for a map rendered once or a few times (planmap render): a large
 * layer that is only drawn (no labels, legend entries, plan or precision
 * fields, extent fit, and no other layer on its source) keeps none of its
 * features. Each render reads them again chunk by chunk: memory holds two
 * chunks (one drawn, the next read meanwhile) instead of the layer, as a
 * streaming renderer's. */
PM_API pm_map *pm_map_create_lean(const pm_spec *spec, const pm_context *ctx, pm_error *err);
PM_API void pm_map_destroy(pm_map *map);

#endif
