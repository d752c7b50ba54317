/* What a JSON value means to a map spec, for the spec (layers/spec*.c) and
 * the batch files that override it (batch/batch_parse.c): texts that are
 * drawn, colours, lon/lat boxes and feature conditions, read at the JSON
 * path of core's strict reader (pm_json.h) with its messages.
 */
#ifndef PM_SPEC_READER_H
#define PM_SPEC_READER_H

#include "pm_json.h"
#include "pm_spec_data.h"

/* A string that is drawn as text: also within the bound of pm_text.h. */
pm_status pm_spec_read_text(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_color(pm_json_reader *r, json_object *v, pm_color *out);
/* [min_lon, min_lat, max_lon, max_lat] within WGS84, min < max. */
pm_status pm_spec_read_bbox(pm_json_reader *r, json_object *v, double box[4]);
/* {"field": value | [values] | {"not": ...}, ...} into conditions. */
pm_status pm_spec_read_where(pm_json_reader *r, json_object *v, pm_condition **out, int *n);
void pm_spec_conditions_free(pm_condition *c, int n);

/* Field readers (pm_json_read_field) for what a spec's page and a batch
 * entry both set: a resolution (36-1200 dpi, a double), a size in pixels
 * (16-20000, an int) and a language ("zh", "en" or "zh+en", a pm_lang). */
pm_status pm_spec_read_dpi(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_pixels(pm_json_reader *r, json_object *v, void *out);
pm_status pm_spec_read_lang(pm_json_reader *r, json_object *v, void *out);
/* "encoding": the character set a source's text is in, a name iconv knows
 * (a layer's, the inset's, an atlas coverage's), into a malloc'd char *;
 * an unknown name is an error with the nearest common one. */
pm_status pm_spec_read_encoding(pm_json_reader *r, json_object *v, void *out);

#endif
