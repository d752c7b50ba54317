/* Internal to the spec parser (layers/spec*.c): the reader that walks the
 * JSON document, keeps the JSON path of the value being read and formats
 * "<file>: <json path>: <reason>" errors. Not part of the public API.
 */
#ifndef PM_SPEC_INTERNAL_H
#define PM_SPEC_INTERNAL_H

#include <json-c/json.h>

#include "pm_spec_data.h"
#include "pm_spec_reader.h"
#include "pm_strings.h"

/* Page and extent (spec_page.c); `out` is a pm_page / the pm_spec. */
void pm_spec_default_page(pm_page *page);
/* true/false or where the plate goes ("top-left" …), into an int
 * holding a pm_plate_place. */
pm_status pm_spec_read_plate(pm_json_reader *r, json_object *v, void *out);
/* Where a legend, inset, image or title block goes: one of the plates'
 * places by name (no true/false), into an int holding a pm_plate_place. */
pm_status pm_spec_read_place(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_page(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_extent(pm_json_reader *r, json_object *v, void *out);
/* Every extent.fit name is a layer of the map. */
pm_status pm_spec_check_fit(pm_json_reader *r, pm_spec *spec);

/* Layers (spec_layers.c); `out` is the pm_spec, whose `dir` anchors sources. */
/* `source` against the spec's folder (paths only; URLs and GDAL strings kept). */
char *pm_spec_resolve_source(const char *dir, const char *source);
pm_status pm_spec_read_layers(pm_json_reader *r, json_object *v, void *out);


/* Styles, conditions and rules (spec_style.c). */
extern const char *const PM_STYLE_KEYS[];   /* NULL-terminated */
/* Read key `key` (a style key) with value `v` into `style`; the path must
 * already point at the key. */
pm_status pm_spec_read_style_key(pm_json_reader *r, const char *key, json_object *v,
                                 pm_style *style);
/* A "style" object into the pm_style at `out`. */
pm_status pm_spec_read_style(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_rules(pm_json_reader *r, json_object *v, pm_rule **out, int *n);

/* Patterns and line decorations (spec_symbol.c); `cross`: cross_hatch. */
pm_status pm_spec_read_hatch(pm_json_reader *r, json_object *v, pm_style *style, int cross);
pm_status pm_spec_read_dots(pm_json_reader *r, json_object *v, pm_style *style);
pm_status pm_spec_read_arrow(pm_json_reader *r, json_object *v, pm_style *style);
pm_status pm_spec_read_casing(pm_json_reader *r, json_object *v, pm_style *style);

/* A layer's "classify" and "size_by" (spec_classify.c), into the
 * pm_classify * / pm_size_by * at `out`. */
pm_status pm_spec_read_classify(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_size_by(pm_json_reader *r, json_object *v, void *out);
void pm_spec_classify_free(pm_classify *c);
void pm_spec_size_by_free(pm_size_by *s);

void pm_spec_style_free(pm_style *style);
void pm_spec_rules_free(pm_rule *rules, int n);

/* A layer's "raster" object (spec_raster.c); `out` is the pm_layer_spec. */
pm_status pm_spec_read_raster(pm_json_reader *r, json_object *v, void *out);
/* A raster layer has none of the keys that filter or style features. */
pm_status pm_spec_check_raster_layer(pm_json_reader *r, json_object *layer, const pm_layer_spec *l);
void pm_spec_raster_free(pm_raster_spec *rs);

/* The spec a GeoPackage from planmap export carries, reading that
 * GeoPackage (export_meta.c). Malloc'd; NULL with err set. */
char *pm_gpkg_spec_text(const char *path, size_t *len, pm_error *err);

/* Pictures and the title block (spec_furniture.c); `out` is the pm_spec. */
pm_status pm_spec_read_images(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_title_block(pm_json_reader *r, json_object *v, void *out);
void pm_spec_furniture_free(pm_spec *spec);

#endif
