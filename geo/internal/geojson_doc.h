/* A GeoJSON FeatureCollection parsed by simdjson (geo/geojson_doc.cpp, the
 * only C++ of the library), read feature by feature from C
 * (geo/geojson.c): its head (the collection without its features) and its
 * features a chunk at a time, so memory does not grow with the file. A
 * document is read-only once parsed: threads may read different features
 * at once, each with scratch of its own. Anything this
 * reader does not map exactly as GDAL's GeoJSON driver does is "unhandled"
 * (-1): the caller then reads the file through GDAL. Private to geo/. */
#ifndef PM_GEOJSON_DOC_H
#define PM_GEOJSON_DOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Readable bytes the parser needs after the text (it reads in blocks). */
#define PM_GJ_PADDING 64

typedef struct pm_gj_doc pm_gj_doc;

typedef enum pm_gj_status {
    PM_GJ_OK = 0,
    PM_GJ_SYNTAX,      /* not JSON: `why` says why */
    PM_GJ_UNHANDLED,   /* JSON, but not a collection this reader maps */
    PM_GJ_NOMEM
} pm_gj_status;

/* A document: a parser and what it last parsed. NULL: out of memory. */
pm_gj_doc *pm_gj_new(void);
/* Parse text[0, len) (PM_GJ_PADDING more bytes must be readable) as a
 * FeatureCollection with a "features" array, no "crs" member or the
 * OGC CRS84 one. `why` (128 bytes) gets the reason of a syntax error. */
pm_gj_status pm_gj_open(pm_gj_doc *doc, const char *text, size_t len, char *why);
/* Parse text[0, len) (padded the same) as a JSON array of features: a
 * chunk of a collection's "features" (geojson_split.c). */
pm_gj_status pm_gj_features(pm_gj_doc *doc, const char *text, size_t len, char *why);
void pm_gj_close(pm_gj_doc *doc);
/* The collection's "name" member (the layer name GDAL gives), or NULL. */
const char *pm_gj_name(const pm_gj_doc *doc);
size_t pm_gj_count(const pm_gj_doc *doc);

enum { PM_GJV_NULL, PM_GJV_BOOL, PM_GJV_INT, PM_GJV_REAL, PM_GJV_STRING, PM_GJV_OTHER };

/* One property: key and value point into the document. */
typedef struct pm_gj_value {
    const char *key;
    size_t key_len;
    int type;          /* PM_GJV_*; OTHER: arrays, objects, integers past int64 */
    long long i;       /* BOOL (0/1) and INT */
    double d;          /* REAL */
    const char *s;     /* STRING (may hold NUL bytes: see len) */
    size_t len;
} pm_gj_value;

/* Feature i's members. *id_kind: 0 no "id", 1 an integer (*id), 2 another
 * kind. Returns its property count with the properties in (*props)[]
 * (scratch grown to *cap, freed by the caller), or -1 unhandled (not an
 * object of type Feature, "properties" neither an object nor null), -2 out
 * of memory. */
int pm_gj_properties(const pm_gj_doc *doc, size_t i, pm_gj_value **props, size_t *cap,
                     int *id_kind, long long *id);

/* Feature i's geometry as flat parts, in the order GDAL's walk gives them
 * (geo/geom.c): empty members left out, a polygon whose outer ring is
 * empty left out. n_points 0: null or empty. */
/* A geometry's GeoJSON "type" (the feature's own, not its members'). */
enum { PM_GJT_NONE, PM_GJT_POINT, PM_GJT_LINE, PM_GJT_POLYGON, PM_GJT_MULTIPOINT,
       PM_GJT_MULTILINE, PM_GJT_MULTIPOLYGON, PM_GJT_COLLECTION, PM_GJT_N };

typedef struct pm_gj_geom {
    int n_parts, n_points, polys;
    unsigned dims;     /* 1 points, 2 lines, 4 polygons (or'ed) */
    int type;          /* PM_GJT_*; NONE: null */
    int z;             /* some position has a third number */
    int *part_len, *part_poly;
    double *xy;
    size_t cap_parts, cap_points;
} pm_gj_geom;
/* 0, -1 unhandled (an unknown type, a position of one number, a value
 * that is not a number), -2 out of memory. */
int pm_gj_geometry(const pm_gj_doc *doc, size_t i, pm_gj_geom *g);
void pm_gj_geom_free(pm_gj_geom *g);

#ifdef __cplusplus
}
#endif

#endif
