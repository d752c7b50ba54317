/* What the public handle (include/planmap/pm_spec.h) lets a caller read of a
 * parsed spec: its file, titles and the layers with their data files. */
#include "pm_spec_data.h"

#include <stddef.h>

const char *pm_spec_path(const pm_spec *spec)
{
    return spec ? spec->path : NULL;
}

const char *pm_spec_title(const pm_spec *spec)
{
    return spec ? spec->title : NULL;
}

const char *pm_spec_subtitle(const pm_spec *spec)
{
    return spec ? spec->subtitle : NULL;
}

int pm_spec_layer_count(const pm_spec *spec)
{
    return spec ? spec->n_layers : 0;
}

static const pm_layer_spec *layer_at(const pm_spec *spec, int i)
{
    return spec && i >= 0 && i < spec->n_layers ? &spec->layers[i] : NULL;
}

const char *pm_spec_layer_name(const pm_spec *spec, int i)
{
    const pm_layer_spec *l = layer_at(spec, i);
    return l ? l->name : NULL;
}

const char *pm_spec_layer_source(const pm_spec *spec, int i)
{
    const pm_layer_spec *l = layer_at(spec, i);
    return l ? l->source : NULL;
}

const char *pm_spec_inset_source(const pm_spec *spec)
{
    return spec ? spec->inset_source : NULL;
}
