/* The text a map will draw from its data — labels, project table cells, the
 * plans named in the source note — checked against the bound on shaped text
 * (pm_text.h) before anything is drawn, so a feature whose label would take
 * minutes to shape fails the map at once with its name, as bad UTF-8 does. */
#include "map_internal.h"

#include <string.h>

#include "pm_text.h"

static pm_status check_value(const pm_map *map, int l, int i, const char *field, pm_error *err)
{
    const pm_map_layer *ml = &map->layers[l];
    const pm_feature *f = &ml->data->features[i];
    const char *text = pm_feature_value(ml->data, f, field);
    char why[128], id_why[128];
    if (!text || pm_text_check(text, why, sizeof why) == 0)
        return PM_OK;
    const char *id = pm_feature_value(ml->data, f, "id");
    long long index = ml->data->first >= 0 ? ml->data->first + i : i;
    if (!err)
        return PM_ERR_DATA;
    if (id && *id && strlen(id) <= 64 && pm_text_check(id, id_why, sizeof id_why) == 0)
        pm_error_set(err, PM_ERR_DATA, "%s: feature %lld (id=%s): property '%s': %s",
                     ml->data->source, index, id, field, why);
    else
        pm_error_set(err, PM_ERR_DATA, "%s: feature %lld: property '%s': %s", ml->data->source,
                     index, field, why);
    return pm_layer_error_prefix(err, map->spec, l);
}

/* The properties feature i of layer l shows as text, besides its label. */
static int shown_fields(const pm_map *map, int l, const char *out[6])
{
    int n = 0;
    out[n++] = "plan";
    if (map->layers[l].spec->projects) {
        out[n++] = "name";
        out[n++] = "name_en";
        out[n++] = "category";
        out[n++] = "category_en";
        out[n++] = "column";
    }
    return n;
}

typedef struct label_check {
    const pm_map *map;
    int l, i;
    pm_error *err;
    pm_status st;
} label_check;

/* A field the label reads, and the one --lang en shows instead. */
static void check_label_field(const char *field, void *ctx)
{
    label_check *lc = ctx;
    char en[128];
    const char *field_en = pm_label_field_en(field, en, sizeof en);
    if (lc->st == PM_OK)
        lc->st = check_value(lc->map, lc->l, lc->i, field, lc->err);
    if (lc->st == PM_OK && field_en)
        lc->st = check_value(lc->map, lc->l, lc->i, field_en, lc->err);
}

static pm_status check_feature(const pm_map *map, int l, int i, pm_error *err)
{
    const char *fields[6];
    int n = shown_fields(map, l, fields);
    for (int k = 0; k < n; k++)
        if (check_value(map, l, i, fields[k], err) != PM_OK)
            return err ? err->status : PM_ERR_DATA;
    pm_style s = pm_map_feature_style(map, l, i);
    label_check lc = {map, l, i, err, PM_OK};
    if (s.label && pm_label_each_field(s.label, check_label_field, &lc) < 0)
        return pm_error_set(err, PM_ERR_NOMEM, "out of memory");
    return lc.st == PM_OK ? PM_OK : err ? err->status : PM_ERR_DATA;
}

pm_status pm_map_check_text(const pm_map *map, pm_error *err)
{
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (ml->shared || ml->streamed)
            continue;
        for (int i = 0; i < ml->data->n_features; i++)
            if (ml->rule_of[i] != PM_FEATURE_HIDDEN && check_feature(map, l, i, err) != PM_OK)
                return err ? err->status : PM_ERR_DATA;
    }
    return PM_OK;
}
