/* Legend entries of a classified layer (`classify`: one per class, then
 * "no data" for drawn features without a value) and of a proportional one
 * (`size_by`: three reference sizes, largest first). The classes and their
 * texts come resolved from layers/ (pm_classes.h). */
#include "render_internal.h"

#include "pm_classes.h"

/* A drawn feature of the layer in class `cls` (-1: without a class), or -1. */
static int feature_in(const pm_map_layer *ml, int cls)
{
    for (int i = 0; i < ml->data->n_features; i++)
        if (ml->rule_of[i] != PM_FEATURE_HIDDEN && ml->data->features[i].kind != PM_GEOM_NONE &&
            (cls == -2 || ml->classes->class_of[i] == cls))
            return i;
    return -1;
}

int pm_legend_add_classes(pm_rctx *rc, int layer, int *cap)
{
    const pm_map_layer *ml = &rc->map->layers[layer];
    const pm_map_classes *c = ml->classes;
    int any = c ? feature_in(ml, -2) : -1;
    if (any < 0)
        return 0;
    for (int k = 0; k < c->n; k++) {
        int f = c->cls[k].first >= 0 ? c->cls[k].first : any;
        if (pm_legend_push(rc, cap, (pm_legend_entry){layer, -1, f, c->cls[k].legend,
                                                      c->cls[k].legend_en, k, -1}) != 0)
            return -1;
    }
    if (ml->spec->classify && c->n_missing > 0 &&
        pm_legend_push(rc, cap, (pm_legend_entry){layer, -1, feature_in(ml, -1), c->missing,
                                                  c->missing_en, -1, -1}) != 0)
        return -1;
    for (int r = 0; r < c->n_refs; r++)
        if (pm_legend_push(rc, cap, (pm_legend_entry){layer, -1, any, c->refs[r].legend,
                                                      c->refs[r].legend_en, -1, r}) != 0)
            return -1;
    return 0;
}
