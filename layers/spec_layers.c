/* Map spec: the layers array (name, source resolved against the spec's
 * folder, filter, style, rules). */
#include "spec_internal.h"
#include "pm_encoding.h"
#include "pm_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LAYER_KEYS[] = {
    "name", "source", "data", "layer", "where", "style", "rules", "legend", "projects", "raster",
    "classify", "size_by", "encoding", "crs", NULL
};

/* ---- paths -------------------------------------------------------------- */

/* GDAL connection strings and URLs ("PG:...", "https://...") are not paths;
 * two letters at least, so a Windows drive "C:" is still a path. */
static int has_scheme(const char *s)
{
    size_t i = 0;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')))
        i++;
    return i >= 2 && s[i] == ':';
}

/* Lexical clean-up ("a/./b/../c" -> "a/c"), like os.path.normpath: sources
 * read "data/plans/x.geojson" in messages rather than "data/maps/../plans". */
static char *normalise_path(const char *p)
{
    size_t n = strlen(p);
    char *out = malloc(n + 2);
    size_t *starts = malloc((n / 2 + 2) * sizeof *starts);
    if (!out || !starts) {
        free(out);
        free(starts);
        return NULL;
    }
    int absolute = p[0] == '/', depth = 0;
    size_t len = absolute ? 1 : 0;
    out[0] = '/';
    for (const char *s = p; *s;) {
        while (*s == '/')
            s++;
        size_t k = strcspn(s, "/");
        if (k == 0 || (k == 1 && s[0] == '.')) {
            s += k;
            continue;
        }
        int dotdot = k == 2 && s[0] == '.' && s[1] == '.';
        int top_is_dotdot = depth > 0 && strncmp(out + starts[depth - 1], "..", 2) == 0 &&
                            (out[starts[depth - 1] + 2] == '/' || starts[depth - 1] + 2 == len);
        if (dotdot && depth > 0 && !top_is_dotdot) {
            len = starts[--depth];
            len -= (len > (size_t)absolute) ? 1 : 0;   /* drop the separator too */
        } else if (!(dotdot && absolute && depth == 0)) {
            if (len > (size_t)absolute)
                out[len++] = '/';
            starts[depth++] = len;
            memcpy(out + len, s, k);
            len += k;
        }
        s += k;
    }
    if (len == 0)
        out[len++] = '.';
    out[len] = '\0';
    free(starts);
    return out;
}

char *pm_spec_resolve_source(const char *dir, const char *source)
{
    if (source[0] == '/' || has_scheme(source))
        return pm_strdup(source);
    if (strcmp(dir, ".") == 0)
        return normalise_path(source);
    size_t n = strlen(dir) + strlen(source) + 2;
    char *joined = malloc(n);
    if (!joined)
        return NULL;
    snprintf(joined, n, "%s/%s", dir, source);
    char *clean = normalise_path(joined);
    free(joined);
    return clean;
}

/* ---- layers ------------------------------------------------------------- */

/* Style keys written straight into a layer are a common slip: say where they go. */
static pm_status check_layer_keys(pm_json_reader *r, json_object *v)
{
    json_object_object_foreach(v, key, val) {
        (void)val;
        if (pm_name_index(key, PM_STYLE_KEYS, 0) >= 0) {
            pm_json_push_key(r, key);
            return pm_json_fail(r, PM_ERR_SPEC,
                                "unknown key (style keys go in \"style\" or in a rule)");
        }
    }
    return pm_json_check_keys(r, v, LAYER_KEYS, NULL);
}

static pm_status fn_where(pm_json_reader *r, json_object *v, void *out)
{
    pm_layer_spec *l = out;
    return pm_spec_read_where(r, v, &l->where, &l->n_where);
}

static pm_status fn_rules(pm_json_reader *r, json_object *v, void *out)
{
    pm_layer_spec *l = out;
    return pm_spec_read_rules(r, v, &l->rules, &l->n_rules);
}

pm_status pm_spec_read_encoding(pm_json_reader *r, json_object *v, void *out)
{
    char *name = NULL;
    if (pm_json_name_value(r, v, &name) != PM_OK)
        return r->status;
    if (!pm_encoding_known(name)) {
        const char *near = pm_encoding_nearest(name);
        pm_json_fail(r, PM_ERR_SPEC, "expected a character set iconv knows (\"GBK\", \"GB18030\", "
                     "\"BIG5\", \"LATIN1\", \"UTF-8\" ...), got \"%s\"%s%s%s", name,
                     near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
        free(name);
        return r->status;
    }
    *(char **)out = name;
    return PM_OK;
}

#define LAYER_FIELD(member, fn) PM_JSON_FIELD(pm_layer_spec, member, fn)

/* The keys of a layer, in the order they are read. */
static const pm_json_field LAYER_FIELDS[] = {
    LAYER_FIELD(name, pm_json_name_value),
    LAYER_FIELD(source, pm_json_name_value),
    LAYER_FIELD(layer, pm_json_name_value),
    PM_JSON_WHOLE("where", fn_where),
    LAYER_FIELD(style, pm_spec_read_style),
    PM_JSON_WHOLE("rules", fn_rules),
    LAYER_FIELD(legend, pm_json_bool_value),
    LAYER_FIELD(projects, pm_json_bool_value),
    PM_JSON_WHOLE("raster", pm_spec_read_raster),
    LAYER_FIELD(classify, pm_spec_read_classify),
    LAYER_FIELD(size_by, pm_spec_read_size_by),
    LAYER_FIELD(encoding, pm_spec_read_encoding),
    LAYER_FIELD(crs, pm_json_name_value),
    PM_JSON_END,
};

/* "data": the layer's features given inline as GeoJSON (a FeatureCollection
 * or one Feature), instead of a "source" file. They become an in-memory
 * source (geo/memfile.c) named after the layer, read like a file. */
static pm_status read_data(pm_json_reader *r, json_object *layer, pm_layer_spec *l)
{
    json_object *v, *type;
    if (!json_object_object_get_ex(layer, "data", &v))
        return l->source ? PM_OK : pm_json_require(r, layer, "source");
    size_t mark = pm_json_push_key(r, "data");
    const char *t = json_object_object_get_ex(v, "type", &type) ? json_object_get_string(type) : "";
    if (json_object_object_get_ex(layer, "source", NULL))
        pm_json_fail(r, PM_ERR_SPEC, "a layer has a \"source\" or \"data\", not both");
    else if (!json_object_is_type(v, json_type_object) ||
             (strcmp(t, "FeatureCollection") != 0 && strcmp(t, "Feature") != 0))
        pm_json_expected(r, "a GeoJSON FeatureCollection or Feature", v);
    else {
        size_t len = 0;
        const char *text = json_object_to_json_string_length(v, JSON_C_TO_STRING_PLAIN, &len);
        if (!(l->source = pm_source_memory(text, len, l->name)))
            pm_json_nomem(r);
    }
    pm_json_pop(r, mark);
    return r->status;
}

pm_status pm_layer_error_prefix(pm_error *err, const pm_spec *spec, int li)
{
    const pm_layer_spec *l = &spec->layers[li];
    char *at = err && pm_source_is_memory(l->source) ? strstr(err->msg, l->source) : NULL;
    if (!at)
        return pm_error_prefix(err, "%s: layers[%d] (%s)", spec->path, li, l->name);
    /* "…/zones.geojson: feature 3: …" → "feature 3: …" */
    size_t n = strlen(l->source);
    if (strncmp(at + n, ": ", 2) == 0)
        n += 2;
    memmove(at, at + n, strlen(at + n) + 1);
    return pm_error_prefix(err, "%s: layers[%d].data", spec->path, li);
}

static pm_status read_layer(pm_json_reader *r, json_object *v, const pm_spec *spec,
                            pm_layer_spec *l)
{
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "a layer object", v);
    l->legend = 1;
    if (check_layer_keys(r, v) != PM_OK || pm_json_require(r, v, "name") != PM_OK ||
        pm_json_read_fields(r, v, LAYER_FIELDS, l) != PM_OK ||
        pm_spec_check_raster_layer(r, v, l) != PM_OK)
        return r->status;
    if (read_data(r, v, l) != PM_OK)
        return r->status;
    char *resolved = pm_spec_resolve_source(spec->dir, l->source);
    if (!resolved)
        return pm_json_nomem(r);
    free(l->source);
    l->source = resolved;
    return PM_OK;
}

static pm_status check_unique(pm_json_reader *r, const pm_spec *spec, int i)
{
    for (int j = 0; j < i; j++) {
        if (strcmp(spec->layers[j].name, spec->layers[i].name) == 0) {
            size_t mark = pm_json_push_key(r, "name");
            pm_json_fail(r, PM_ERR_SPEC, "duplicate layer name \"%s\" (also layers[%d])",
                         spec->layers[i].name, j);
            pm_json_pop(r, mark);
            return r->status;
        }
    }
    return PM_OK;
}

static pm_status read_layer_at(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    pm_spec *spec = ctx;
    if (read_layer(r, e, spec, &spec->layers[i]) != PM_OK)
        return r->status;
    return check_unique(r, spec, (int)i);
}

pm_status pm_spec_read_layers(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    return PM_JSON_READ_VECTOR(r, v, "an array of layers", "at least one layer", spec->layers,
                               &spec->n_layers, read_layer_at, spec);
}
