/* Map spec: a layer's "raster" object (hillshade, ramp, opacity,
 * resampling, bands), which makes the layer a raster layer. */
#include "spec_internal.h"
#include "pm_alloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const RASTER_KEYS[] = {
    "hillshade", "ramp", "opacity", "resampling", "bands", NULL
};
static const char *const HILLSHADE_KEYS[] = {
    "azimuth", "altitude", "z_factor", "multidirectional", NULL
};
/* What a raster layer cannot have: it has no features to filter or style. */
static const char *const VECTOR_ONLY[] = {"where", "style", "rules", "projects", "layer", "classify",
                                           "size_by", "data", "crs", NULL};

static pm_status fn_z_factor(pm_json_reader *r, json_object *v, void *out)
{
    double *z = out;
    if (pm_json_read_number(r, v, 0, 1e6, z) != PM_OK)
        return r->status;
    if (*z <= 0)
        return pm_json_fail(r, PM_ERR_SPEC, "expected a number above 0, got 0");
    return PM_OK;
}

static pm_status fn_hillshade(pm_json_reader *r, json_object *v, void *out)
{
    static const pm_json_field fields[] = {
        PM_JSON_NUMBER_FIELD(pm_raster_spec, azimuth, 0, 360),
        PM_JSON_NUMBER_FIELD(pm_raster_spec, altitude, 0, 90),
        PM_JSON_FIELD(pm_raster_spec, z_factor, fn_z_factor),
        PM_JSON_FIELD(pm_raster_spec, multidirectional, pm_json_bool_value),
        PM_JSON_END,
    };
    pm_raster_spec *rs = out;
    return pm_json_read_switch(r, v, &rs->hillshade,
                               "true, false or an object {\"azimuth\", \"altitude\", "
                               "\"z_factor\", \"multidirectional\"}",
                               HILLSHADE_KEYS, fields, rs);
}

static pm_status read_stop(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    pm_ramp_stop *stops = ctx;
    if (!json_object_is_type(e, json_type_array) || json_object_array_length(e) != 2)
        return pm_json_expected(r, "a stop [value, colour]", e);
    size_t mark = pm_json_push_index(r, 0);
    if (pm_json_read_number(r, json_object_array_get_idx(e, 0), -1e9, 1e9, &stops[i].value) != PM_OK)
        return r->status;
    if (i > 0 && !(stops[i].value > stops[i - 1].value))
        return pm_json_fail(r, PM_ERR_SPEC, "ramp values must ascend (%g after %g)",
                            stops[i].value, stops[i - 1].value);
    pm_json_pop(r, mark);
    pm_json_push_index(r, 1);
    if (pm_spec_read_color(r, json_object_array_get_idx(e, 1), &stops[i].color) != PM_OK)
        return r->status;
    pm_json_pop(r, mark);
    return PM_OK;
}

static pm_status fn_ramp(pm_json_reader *r, json_object *v, void *out)
{
    pm_raster_spec *rs = out;
    size_t n;
    if (pm_json_array(r, v, "an array of stops [value, colour]", "two stops or more", &n) != PM_OK)
        return r->status;
    if (n < 2)
        return pm_json_fail(r, PM_ERR_SPEC, "expected two stops or more, got one");
    return PM_JSON_READ_VECTOR(r, v, "an array of stops", NULL, rs->ramp, &rs->n_ramp, read_stop,
                               rs->ramp);
}

static pm_status fn_resampling(pm_json_reader *r, json_object *v, void *out)
{
    static const char *const names[] = {"bilinear", "nearest", "cubic", NULL};
    int i = 0;
    if (pm_json_read_name(r, v, names, "\"bilinear\", \"nearest\" or \"cubic\"", &i) != PM_OK)
        return r->status;
    *(pm_resampling *)out = (pm_resampling)i;
    return PM_OK;
}

static pm_status read_band(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    int *bands = ctx;
    return pm_json_read_int(r, e, 1, 65535, &bands[i]);
}

static pm_status fn_bands(pm_json_reader *r, json_object *v, void *out)
{
    pm_raster_spec *rs = out;
    size_t n;
    if (pm_json_array(r, v, "an array of band numbers", "one band or three", &n) != PM_OK)
        return r->status;
    if (n != 1 && n != 3)
        return pm_json_fail(r, PM_ERR_SPEC, "expected one band (grey) or three (red, green, blue), "
                                            "got %zu", n);
    rs->n_bands = (int)n;
    return pm_json_each_element(r, v, read_band, rs->bands);
}

#define RASTER_FIELD(member, fn) PM_JSON_FIELD(pm_raster_spec, member, fn)

static const pm_json_field RASTER_FIELDS[] = {
    PM_JSON_WHOLE("hillshade", fn_hillshade),
    PM_JSON_WHOLE("ramp", fn_ramp),
    PM_JSON_NUMBER_FIELD(pm_raster_spec, opacity, 0, 1),
    RASTER_FIELD(resampling, fn_resampling),
    PM_JSON_WHOLE("bands", fn_bands),
    PM_JSON_END,
};

/* A raster layer shows one band as elevations (hillshade, ramp) or one or
 * three as colours, not both. */
static pm_status check_bands(pm_json_reader *r, json_object *v, const pm_raster_spec *rs)
{
    if ((rs->hillshade || rs->n_ramp) && rs->n_bands == 3) {
        pm_json_push_key(r, "bands");
        (void)v;
        return pm_json_fail(r, PM_ERR_SPEC, "hillshade and ramp read one band of elevations, "
                                            "not three");
    }
    return PM_OK;
}

pm_status pm_spec_read_raster(pm_json_reader *r, json_object *v, void *out)
{
    pm_layer_spec *l = out;
    l->raster = pm_json_object_new(r, v, "an object {\"hillshade\", \"ramp\", \"opacity\", "
                                         "\"resampling\", \"bands\"}", sizeof *l->raster);
    if (!l->raster)
        return r->status;
    *l->raster = (pm_raster_spec){.azimuth = 315, .altitude = 45, .z_factor = 1, .opacity = 1};
    if (pm_json_check_keys(r, v, RASTER_KEYS, NULL) != PM_OK ||
        pm_json_read_fields(r, v, RASTER_FIELDS, l->raster) != PM_OK)
        return r->status;
    return check_bands(r, v, l->raster);
}

pm_status pm_spec_check_raster_layer(pm_json_reader *r, json_object *layer, const pm_layer_spec *l)
{
    for (int i = 0; l->raster && VECTOR_ONLY[i]; i++)
        if (json_object_object_get_ex(layer, VECTOR_ONLY[i], NULL)) {
            pm_json_push_key(r, VECTOR_ONLY[i]);
            return pm_json_fail(r, PM_ERR_SPEC, "a raster layer has no features: \"%s\" is for "
                                                "vector layers", VECTOR_ONLY[i]);
        }
    return PM_OK;
}

void pm_spec_raster_free(pm_raster_spec *rs)
{
    if (rs)
        PM_FREE_ALL(rs->ramp, rs);
}
