/* A worker's loaded maps: each spec is loaded, styled and projected once per
 * worker, then every job on that spec draws it as a page of its own
 * (pm_map_page: its title and extent), the loaded map left as it is. The
 * map keeps its CRS (for "auto": centred on the spec's own extent), so all
 * pages of an atlas share one projection. Maps are lean: a large layer that
 * is only drawn is read again by each job, only where the job's extent
 * shows it, instead of every worker holding all of it. */
#include "batch_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct loaded {
    char *spec_path;
    pm_spec *spec;
    pm_map *map;
    pm_error load_err;      /* why the spec or map failed, if it did */
} loaded;

struct pm_batch_maps {
    loaded *e;
    int n;
    const pm_context *ctx;
};

void pm_batch_maps_destroy(pm_batch_maps *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n; i++) {
        pm_map_destroy(c->e[i].map);
        pm_spec_destroy(c->e[i].spec);
        free(c->e[i].spec_path);
    }
    free(c->e);
    free(c);
}

pm_batch_maps *pm_batch_maps_create(const pm_context *ctx)
{
    pm_batch_maps *c = calloc(1, sizeof(pm_batch_maps));
    if (c)
        c->ctx = ctx;
    return c;
}

static loaded *load(pm_batch_maps *c, const char *path, pm_error *err)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->e[i].spec_path, path) == 0)
            return &c->e[i];
    loaded *grown = realloc(c->e, (size_t)(c->n + 1) * sizeof *grown);
    if (!grown) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    c->e = grown;
    loaded *e = &c->e[c->n];
    memset(e, 0, sizeof *e);
    e->spec_path = strdup(path);
    if (!e->spec_path) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    c->n++;
    e->spec = pm_spec_load(path, &e->load_err);
    e->map = e->spec ? pm_map_create_lean(e->spec, c->ctx, &e->load_err) : NULL;
    return e;
}

void pm_batch_maps_warm(pm_batch_maps *c, const char *spec_path)
{
    pm_error err = {0};
    load(c, spec_path, &err);
}

pm_status pm_batch_page(pm_batch_maps *c, const pm_batch_job *job, pm_map_page *page,
                        pm_error *err)
{
    loaded *e = load(c, job->spec, err);
    if (!e)
        return err->status;
    if (!e->map) {
        *err = e->load_err;
        return err->status ? err->status : PM_ERR_RENDER;
    }
    pm_map_overrides o = {job->title, job->subtitle, job->has_extent ? job->extent : NULL,
                          job->margin};
    return pm_map_page_init(page, e->map, &o, err);
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
