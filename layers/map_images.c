/* A map's pictures (spec "images", a logo): read when the map is made, so
 * a missing or broken file fails before anything is drawn and render draws
 * pixels it is handed (it reads no file). */
#include "map_internal.h"
#include "pm_map_data.h"

#include <stdlib.h>

pm_status pm_map_read_picture(const pm_spec *spec, int i, pm_picture *out, pm_error *err)
{
    pm_error why = {0};
    if (pm_picture_read(spec->images[i].file, out, &why) == PM_OK)
        return PM_OK;
    return pm_error_set(err, why.status, "%s: images[%d].path: %s: %s", spec->path, i,
                        spec->images[i].path, why.msg);
}

pm_status pm_map_load_images(pm_map *map, pm_error *err)
{
    const pm_spec *spec = map->spec;
    if (spec->n_images == 0)
        return PM_OK;
    map->pictures = calloc((size_t)spec->n_images, sizeof *map->pictures);
    if (!map->pictures)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    for (int i = 0; i < spec->n_images; i++)
        if (pm_map_read_picture(spec, i, &map->pictures[i], err) != PM_OK)
            return err ? err->status : PM_ERR_DATA;
    return PM_OK;
}

void pm_map_images_free(pm_map *map)
{
    for (int i = 0; map->pictures && i < map->spec->n_images; i++)
        pm_picture_free(&map->pictures[i]);
    free(map->pictures);
}
