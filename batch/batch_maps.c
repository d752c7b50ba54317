/* A worker's map cache: each spec is loaded, styled and projected once per
 * worker, then every job on that spec re-uses it with its own title and
 * extent. The map keeps its CRS (for "auto": centred on the spec's own
 * extent), so all pages of an atlas share one projection. Maps are lean:
 * a large layer that is only drawn is read again by each job, only where
 * the job's extent shows it, instead of every worker holding all of it. */
#include "batch_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cache_entry {
    char *spec_path;
    pm_spec *spec;
    pm_map *map;
    pm_error load_err;      /* why the spec or map failed, if it did */
    double extent0[4];
    char *title0, *subtitle0, *title_en0, *subtitle_en0;
} cache_entry;

struct pm_map_cache {
    cache_entry *e;
    int n;
    cache_entry *active;    /* overrides applied */
    const pm_context *ctx;
};

pm_map_cache *pm_map_cache_create(const pm_context *ctx)
{
    pm_map_cache *c = calloc(1, sizeof(pm_map_cache));
    if (c)
        c->ctx = ctx;
    return c;
}

void pm_map_cache_release(pm_map_cache *c)
{
    cache_entry *e = c ? c->active : NULL;
    if (!e)
        return;
    e->spec->title = e->title0;
    e->spec->subtitle = e->subtitle0;
    e->spec->title_en = e->title_en0;
    e->spec->subtitle_en = e->subtitle_en0;
    memcpy(e->map->extent, e->extent0, sizeof e->extent0);
    c->active = NULL;
}

void pm_map_cache_destroy(pm_map_cache *c)
{
    if (!c)
        return;
    pm_map_cache_release(c);
    for (int i = 0; i < c->n; i++) {
        pm_map_destroy(c->e[i].map);
        pm_spec_destroy(c->e[i].spec);
        free(c->e[i].spec_path);
    }
    free(c->e);
    free(c);
}

static cache_entry *load(pm_map_cache *c, const char *path, pm_error *err)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->e[i].spec_path, path) == 0)
            return &c->e[i];
    cache_entry *grown = realloc(c->e, (size_t)(c->n + 1) * sizeof *grown);
    if (!grown) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    c->e = grown;
    cache_entry *e = &c->e[c->n];
    memset(e, 0, sizeof *e);
    e->spec_path = strdup(path);
    if (!e->spec_path) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    c->n++;
    e->spec = pm_spec_load(path, &e->load_err);
    e->map = e->spec ? pm_map_create_lean(e->spec, c->ctx, &e->load_err) : NULL;
    if (e->map) {
        memcpy(e->extent0, e->map->extent, sizeof e->extent0);
        e->title0 = e->spec->title;
        e->subtitle0 = e->spec->subtitle;
        e->title_en0 = e->spec->title_en;
        e->subtitle_en0 = e->spec->subtitle_en;
    }
    return e;
}

/* Map x/y box of a lon/lat box (edges densified: they curve once
 * projected), grown by `margin` of its size on each side. */
static pm_status job_extent(const pm_map *map, const double ll[4], double margin, double box[4],
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

void pm_map_cache_warm(pm_map_cache *c, const char *spec_path)
{
    pm_error err = {0};
    load(c, spec_path, &err);
}

pm_map *pm_map_cache_get(pm_map_cache *c, const pm_batch_job *job, pm_error *err)
{
    pm_map_cache_release(c);
    cache_entry *e = load(c, job->spec, err);
    if (!e)
        return NULL;
    if (!e->map) {
        if (err)
            *err = e->load_err;
        return NULL;
    }
    double box[4];
    if (job->has_extent && job_extent(e->map, job->extent, job->margin, box, err) != PM_OK)
        return NULL;
    c->active = e;
    if (job->has_extent)
        memcpy(e->map->extent, box, sizeof box);
    /* Borrowed strings: restored by pm_map_cache_release before the job's
     * strings go away. */
    if (job->title)
        e->spec->title = e->spec->title_en = job->title;
    if (job->subtitle)
        e->spec->subtitle = e->spec->subtitle_en = job->subtitle;
    return e->map;
}

pm_render_options pm_batch_job_options(const pm_batch_job *job)
{
    pm_render_options o;
    memset(&o, 0, sizeof o);
    o.dpi = job->dpi;
    o.from_batch_file = 1;
    o.width_px = job->width_px;
    o.height_px = job->height_px;
    o.lang = job->lang;
    return o;
}
