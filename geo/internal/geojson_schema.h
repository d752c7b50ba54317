/* The fields of a GeoJSON FeatureCollection as GDAL's driver would make
 * them: their names in GDAL's order, each one's type, where the FIDs come
 * from (geo/geojson_schema.c). A file whose fields GDAL would work out
 * otherwise (mixed types, an order of fields it would pick, string ids,
 * dates) is declined. Private to geo/. */
#ifndef PM_GEOJSON_SCHEMA_H
#define PM_GEOJSON_SCHEMA_H

#include "geojson_doc.h"
#include "geojson_split.h"
#include "pm_keymap.h"

/* How a field's values print: GDAL's type for them (Integer(Boolean),
 * Integer or Integer64, Real, String), or all null. */
enum { PM_GJ_NULL, PM_GJ_BOOL, PM_GJ_INT, PM_GJ_REAL, PM_GJ_STRING };

typedef struct pm_gj_schema {
    pm_keymap keys;          /* property name -> position (int) */
    char **names;            /* in GDAL's order */
    unsigned *seen;          /* what its values were, per field */
    unsigned char *covered;  /* fields k and k+1 side by side in a feature */
    unsigned char *type;     /* PM_GJ_* per field */
    int n, cap;
    int ids;                 /* features carry integer ids: they are the FIDs */
    int id_field;            /* else the position of an integer "id" property
                                on every feature, which GDAL takes for the
                                FIDs; -1: FIDs count from 0 */
} pm_gj_schema;

/* What the same pass tells of the geometries: where they lie (a stream's
 * grid) and what `planmap info` counts. */
typedef struct pm_gj_facts {
    double extent[4];           /* lon/lat box of every point; NANs on entry */
    long long count[PM_GJT_N];  /* features per geometry type (NONE: null) */
    long long first[PM_GJT_N];  /* the first feature of each type */
    int odd;                    /* a geometry GDAL describes its own way: with
                                   a z, empty, a collection, or one this
                                   reader leaves to GDAL */
} pm_gj_facts;

/* Every feature's properties and id into `sc` (from {0}), the chunks of
 * the text `t` cut as `s` parsed one at a time; (*first)[k] the features
 * before chunk k, [s->n] all of them (freed by the caller); with `facts`
 * the geometries' too. 0, or -1: declined (or out of memory);
 * pm_gj_schema_free either way. */
int pm_gj_scan(pm_gj_schema *sc, const pm_gj_text *t, const pm_gj_split *s, size_t **first,
               pm_gj_facts *facts);
/* Field k's type, subtype and width as GDAL's driver makes it
 * (OGRFieldType, OGRFieldSubType; a boolean's width is 1). */
void pm_gj_field_type(const pm_gj_schema *sc, int k, int *type, int *subtype, int *width);
void pm_gj_schema_free(pm_gj_schema *sc);

#endif
