/* The spec an exported GeoPackage carries (gpkg_metadata, PM_GPKG_SPEC_KEY),
 * so `planmap render map.gpkg` draws the map again from the GeoPackage: the
 * spec as written, each vector layer reading its own table of the GeoPackage
 * (by the GeoPackage's name: sources resolve against its folder), and the
 * files it does not hold (raster layers, the inset) by absolute path. */
#include "export_internal.h"
#include "spec_internal.h"
#include "pm_json.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

static void set_string(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, json_object_new_string(value));
}

/* A file the GeoPackage does not hold: by absolute path, so the spec reads
 * it from wherever the GeoPackage goes. */
static void set_absolute(json_object *o, const char *key, const char *path)
{
    char abs[PATH_MAX];
    if (path && realpath(path, abs))
        set_string(o, key, abs);
}

/* The spec as written (kept when it was read). */
static json_object *spec_document(const pm_spec *spec, pm_error *err)
{
    pm_json_reader r = {.file = spec->path, .err = err};
    return spec->json ? pm_json_parse(&r, spec->json, strlen(spec->json)) : NULL;
}

char *pm_export_embedded_spec(const pm_spec *spec, char *const *tables, const char *gpkg_path,
                              pm_error *err)
{
    json_object *doc = spec_document(spec, err), *layers = NULL, *inset = NULL;
    if (!doc || !json_object_object_get_ex(doc, "layers", &layers) ||
        json_object_array_length(layers) != (size_t)spec->n_layers) {
        json_object_put(doc);
        return NULL;
    }
    const char *slash = strrchr(gpkg_path, '/');
    for (int l = 0; l < spec->n_layers; l++) {
        json_object *o = json_object_array_get_idx(layers, (size_t)l);
        if (spec->layers[l].raster) {
            set_absolute(o, "source", spec->layers[l].source);
            continue;
        }
        set_string(o, "source", slash ? slash + 1 : gpkg_path);
        set_string(o, "layer", tables[l]);
        json_object_object_del(o, "encoding");   /* a GeoPackage's text is UTF-8 */
        json_object_object_del(o, "crs");        /* and its tables carry their CRS */
    }
    if (json_object_object_get_ex(doc, "inset", &inset) && json_object_is_type(inset, json_type_object))
        set_absolute(inset, "source", spec->inset_source);
    char *text = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(doc);
    return text;
}

/* The spec a GeoPackage carries, its layers reading this GeoPackage under
 * whatever name it now has (a copy, a renamed file): a vector layer's source
 * was written as the GeoPackage's own name. */
char *pm_gpkg_spec_text(const char *path, size_t *len, pm_error *err)
{
    char *text = pm_gpkg_spec_read(path, len, err);
    pm_json_reader r = {.file = path, .err = err};
    json_object *doc = text ? pm_json_parse(&r, text, *len) : NULL, *layers = NULL;
    if (!doc || !json_object_object_get_ex(doc, "layers", &layers) ||
        !json_object_is_type(layers, json_type_array)) {
        json_object_put(doc);
        return text;   /* the spec reader says what is wrong */
    }
    const char *slash = strrchr(path, '/');
    for (size_t l = 0; l < json_object_array_length(layers); l++) {
        json_object *o = json_object_array_get_idx(layers, l), *src = NULL;
        const char *s = json_object_object_get_ex(o, "source", &src) ? json_object_get_string(src)
                                                                      : NULL;
        size_t n = s ? strlen(s) : 0;
        if (json_object_object_get_ex(o, "layer", NULL) && n > 5 && !strchr(s, '/') &&
            strcasecmp(s + n - 5, ".gpkg") == 0)
            set_string(o, "source", slash ? slash + 1 : path);
    }
    free(text);
    text = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(doc);
    *len = text ? strlen(text) : 0;
    if (!text)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    return text;
}
