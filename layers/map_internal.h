/* Private to layers/: what the map (map.c) and its streamed layers
 * (map_stream.c) share. */
#ifndef PM_MAP_INTERNAL_H
#define PM_MAP_INTERNAL_H

#include "pm_map.h"

/* How a source is read: the fields and label fields a map needs, and the
 * loader's options pointing to them; kept by a streamed layer, which is read
 * again at each render. */
struct pm_map_source {
    char **fields;
    int n_fields;
    const char **labels;
    pm_load_options opts;
    pm_load_trim trim;
    int chunk;                  /* streamed: features per chunk */
};

/* rule_of / rule_count for one layer of the map. */
pm_status pm_map_resolve_rules(pm_map_layer *ml, pm_error *err);

/* Every text the map's drawn features show (labels, project table cells,
 * plans) within the bound on shaped text (pm_text.h); else PM_ERR_DATA
 * naming the feature and property. */
pm_status pm_map_check_text(const pm_map *map, pm_error *err);

#endif
