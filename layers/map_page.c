/* A map for one page of a batch or an atlas: a loaded map shown with the
 * page's own title and extent. The map is loaded, styled and projected once
 * and drawn for many pages; each page is a small value of its own, so the
 * loaded map (and its spec, shared with every other page) never changes. */
#include "pm_map_data.h"

#include <math.h>
#include <string.h>

/* Map x/y box of a lon/lat box (edges densified: they curve once
 * projected), grown by `margin` of its size on each side. */
static pm_status page_extent(const pm_map *map, const double ll[4], double margin, double box[4],
                             pm_error *err)
{
    pm_status st = pm_crs_forward_box(map->crs, ll, box, err);
    if (st != PM_OK)
        return st;
    /* A point feature still needs an area around it: ~1 km. */
    double min_span = pm_crs_is_geographic(map->crs) ? 0.01 : 1000.0;
    for (int a = 0; a < 2; a++) {
        double span = fmax(box[a + 2] - box[a], min_span);
        double mid = 0.5 * (box[a] + box[a + 2]), m = margin > 0 ? margin : 0;
        box[a] = mid - span * (0.5 + m);
        box[a + 2] = mid + span * (0.5 + m);
    }
    return PM_OK;
}

pm_status pm_map_page_init(pm_map_page *page, const pm_map *base, const pm_map_overrides *o,
                           pm_error *err)
{
    page->spec = *base->spec;
    page->map = *base;
    page->map.spec = &page->spec;
    pm_status st = o->bbox ? page_extent(base, o->bbox, o->margin, page->map.extent, err) : PM_OK;
    if (st != PM_OK)
        return st;
    /* One title in every language: the page names its own place. */
    if (o->title)
        page->spec.title = page->spec.title_en = (char *)o->title;
    if (o->subtitle)
        page->spec.subtitle = page->spec.subtitle_en = (char *)o->subtitle;
    return PM_OK;
}
