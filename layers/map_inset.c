/* The inset locator map's data (pm_map.inset): read when the map is made,
 * like its layers, so a render only draws it. Which features show and
 * where is the renderer's (render/inset.c): it follows the extent each
 * render is given. */
#include "map_internal.h"

pm_status pm_map_load_inset(pm_map *map, pm_error *err)
{
    const pm_spec *spec = map->spec;
    if (!spec->inset_source)
        return PM_OK;
    /* Every field, with the map's context; the source's own reason
     * (missing, a FIFO, bad data), as for a layer. */
    pm_load_options opts = {.context = map->context, .encoding = spec->inset_encoding,
                            .crs = spec->inset_crs};
    map->inset = pm_layer_load(spec->inset_source, &opts, err);
    if (map->inset && pm_map_check_inset_fields(spec, map->inset, NULL, NULL, err) != 0)
        return err && err->status ? err->status : PM_ERR_SPEC;
    if (map->inset)
        return PM_OK;
    pm_error_prefix(err, "%s: inset", spec->path);
    return err && err->status ? err->status : PM_ERR_IO;
}
