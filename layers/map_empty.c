/* When no fitted layer has a feature to draw, say what happened to each:
 * an empty source, a `where` nothing matches (with the counts and the
 * conditions), features without geometry. An extent is no culprit there. */
#include "map_internal.h"

#include <stdlib.h>
#include <string.h>

/* The values of an equality or like test: "v", [v1, v2] or null. */
static void add_values(pm_sbuf *b, const pm_condition *c)
{
    if (c->n_values != 1)
        pm_sbuf_add(b, "[");
    for (int v = 0; v < c->n_values; v++) {
        pm_sbuf_add(b, v ? ", " : "");
        if (c->values[v])
            pm_sbuf_addf(b, "\"%s\"", c->values[v]);
        else
            pm_sbuf_add(b, "null");
    }
    if (c->n_values != 1)
        pm_sbuf_add(b, "]");
}

static void add_where(pm_sbuf *b, const pm_condition *c, int n);

/* One condition's value as a spec writes it. */
static void add_test(pm_sbuf *b, const pm_condition *c)
{
    static const char *const OPS[] = {"", "gt", "gte", "lt", "lte", "between", "like", "any"};
    if (c->op == PM_COND_EQ) {
        add_values(b, c);
    } else if (c->op == PM_COND_LIKE) {
        pm_sbuf_add(b, "{\"like\": ");
        add_values(b, c);
        pm_sbuf_add(b, "}");
    } else if (c->op == PM_COND_BETWEEN) {
        pm_sbuf_addf(b, "{\"between\": [%.15g, %.15g]}", c->num[0], c->num[1]);
    } else {
        pm_sbuf_addf(b, "{\"%s\": %.15g}", OPS[c->op], c->num[0]);
    }
}

static void add_condition(pm_sbuf *b, const pm_condition *c)
{
    if (c->op == PM_COND_ANY) {
        pm_sbuf_add(b, "\"any\": [");
        for (int k = 0; k < c->n_any; k++) {
            pm_sbuf_add(b, k ? ", " : "");
            add_where(b, c->any[k].where, c->any[k].n_where);
        }
        pm_sbuf_add(b, "]");
        return;
    }
    pm_sbuf_addf(b, "\"%s\": ", c->field);
    if (c->negate)
        pm_sbuf_add(b, "{\"not\": ");
    add_test(b, c);
    if (c->negate)
        pm_sbuf_add(b, "}");
}

/* {"field": "value", "other": ["a", "b"], "x": {"not": null}} as written. */
static void add_where(pm_sbuf *b, const pm_condition *c, int n)
{
    pm_sbuf_add(b, "{");
    for (int i = 0; i < n; i++) {
        pm_sbuf_add(b, i ? ", " : "");
        add_condition(b, &c[i]);
    }
    pm_sbuf_add(b, "}");
}

/* One layer's story; 1 when its `where` left nothing. */
static int add_layer(pm_sbuf *b, const pm_map_layer *ml, int li)
{
    int n = ml->data->n_features, passed = 0;
    for (int i = 0; i < n; i++)
        passed += ml->rule_of[i] != PM_FEATURE_HIDDEN;
    pm_sbuf_addf(b, "layers[%d] '%s' ", li, ml->spec->name);
    if (n == 0) {
        pm_sbuf_add(b, "has no features");
        return 0;
    }
    if (passed == 0) {
        pm_sbuf_addf(b, "0 of %d match ", n);
        add_where(b, ml->spec->where, ml->spec->n_where);
        return 1;
    }
    if (passed == n)
        pm_sbuf_addf(b, "has %d feature%s, none with a geometry", n, n == 1 ? "" : "s");
    else
        pm_sbuf_addf(b, "%d of %d match its where, none with a geometry", passed, n);
    return 0;
}

pm_status pm_map_empty_error(const pm_map *map, pm_error *err)
{
    const pm_spec *spec = map->spec;
    pm_sbuf b = {0};
    int layers = 0, by_where = 0;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (ml->raster_ring || !pm_map_layer_fitted(spec, ml->spec->name))
            continue;
        pm_sbuf_add(&b, layers++ ? "; " : "");
        by_where += add_layer(&b, ml, l);
    }
    char *story = pm_sbuf_take(&b);
    if (!story)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", spec->path);
    const char *what = by_where == layers ? "every feature was filtered out by where"
                                          : "no feature to draw";
    pm_status st = pm_error_set(err, PM_ERR_DATA, "%s: %s%s: %s", spec->path, what,
                                spec->n_extent_layers ? " in the layers extent.fit names" : "",
                                story);
    free(story);
    return st;
}
