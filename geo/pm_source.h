/* pm_source — load vector layers through GDAL/OGR.
 *
 * Any vector format GDAL reads (GeoJSON, GeoPackage, Shapefile, FlatGeobuf,
 * CSV with WKT, ...). Features come out as flat coordinate arrays in WGS84
 * lon/lat (source CRS transformed with PROJ, axis order handled), keeping only
 * the properties asked for. pm_layer_project() then moves them to map x/y.
 */
#ifndef PM_SOURCE_H
#define PM_SOURCE_H

#include <stdio.h>

#include "pm_context.h"

#include "pm_crs.h"
#include "pm_error.h"
#include "pm_info.h"
#include "pm_init.h"
#include "pm_strings.h"

typedef enum pm_geom_kind {
    PM_GEOM_NONE = 0,   /* null or empty geometry: kept, never drawn */
    PM_GEOM_POINT,      /* point or multipoint: each part has 1 vertex */
    PM_GEOM_LINE,       /* linestring or multilinestring: parts are lines */
    PM_GEOM_POLYGON     /* polygon or multipolygon: parts are rings */
} pm_geom_kind;

/* A feature's arrays and strings point into its layer's storage: read them,
 * never free or grow them on their own. */
typedef struct pm_feature {
    long fid;
    pm_geom_kind kind;
    int n_parts;
    int *part_len;      /* vertices in each part */
    int *part_poly;     /* polygons: index of the polygon each ring belongs to
                           (rings of one polygon: exterior first, then holes) */
    double *xy;         /* all vertices, parts one after another: x0,y0,x1,y1,... */
    double bbox[4];     /* minx, miny, maxx, maxy (in the current coordinates) */
    double anchor[2];   /* label anchor: the point itself, the middle of a line
                           by length, or a point on the polygon's surface
                           (cheaper where nothing labels it: pm_load_lean) */
    char **values;      /* one per layer field, NULL where the property is null */
} pm_feature;

/* Features loaded from one layer of a source (see layers/pm_map_data.h for the
 * three layer types). */
typedef struct pm_layer {
    char *source;       /* path as given */
    char *name;         /* OGR layer name */
    int n_fields;
    char **fields;      /* kept property names */
    int n_schema;
    char **schema;      /* every field of the source's layer, in its order (for a
                           GeoJSON the union of its features' properties): what
                           a spec may name (layers/map_fields.c) */
    int n_features;
    pm_feature *features;
    double extent[4];   /* of all non-null geometries; NAN if none */
    int projected;      /* 0: lon/lat, 1: map x/y after pm_layer_project */
    long long first;    /* index in the source of features[0] (a stream's
                           chunk starts further on), for errors; -1: name
                           features by their FID (a filtered read) */
    struct pm_arena *arena;  /* owns the features' arrays and strings: they are
                                freed with the layer, never one by one */
    const pm_context *context;  /* the load's (pm_load_options.context): the
                                   threads pm_layer_project may use */
} pm_layer;

typedef struct pm_source_index pm_source_index;

typedef struct pm_load_options {
    const char *layer_name;         /* NULL: the only layer, or the first */
    const char *const *fields;      /* properties to keep; NULL keeps all */
    int n_fields;
    const char *where;              /* optional OGR SQL attribute filter */
    const double *within;           /* lon/lat box (minx, miny, maxx, maxy):
                                       only features whose box meets it,
                                       through the source's spatial index if
                                       any, where they can come in their
                                       order (Shapefile, FlatGeobuf, a
                                       GeoPackage's R-tree); others give
                                       all. NULL: all */
    const pm_context *context;      /* threads to read and project with
                                       (NULL: the defaults); the layer keeps
                                       it, so it must outlive the layer */
    const char *encoding;           /* the source's character set (a name
                                       iconv knows, "GBK"), its text read
                                       as that into UTF-8; NULL: as the
                                       source says (a Shapefile's .cpg) */
    const char *crs;                /* the CRS the source's coordinates are
                                       in, taken instead of what the source
                                       says (a Shapefile without .prj):
                                       anything OSRSetFromUserInput takes
                                       but a file name. NULL: the source's */
    const pm_source_index *index;   /* the source read once already
                                       (pm_source_index_open): loads and
                                       streams read only its features.
                                       NULL: none */
} pm_load_options;

/* A lean load: what a caller that only draws the layer lets the loader
 * leave out ("lean" is the one word for a layer read only for drawing: a
 * lean map, pm_map_create_lean, streams such layers). Kept
 * apart from pm_load_options, which callers fill positionally; all zero is
 * pm_layer_load's full layer.
 *
 * Label anchors on the surface cost GEOS a copy of every polygon. With
 * `cheap_anchors`, a feature with no value (absent or null) in any of
 * `label_fields` — one nothing can label — gets a cheap anchor instead: the
 * centre of the box of its largest polygon's outer ring, the middle vertex of
 * its longest line (points keep the point). Rings GEOS would refuse are
 * refused either way.
 *
 * With `drop_absent_fields`, requested fields the source does not have are
 * not kept (pm_feature_value gives NULL for them all the same): a value slot
 * per feature for each of them adds up over 100 000 features. */
typedef struct pm_load_lean {
    int cheap_anchors;
    const char *const *label_fields;   /* may be NULL when n_label_fields is 0 */
    int n_label_fields;
    int drop_absent_fields;
} pm_load_lean;

/* Lift (0) or restore (1) the cap on SQLite's heap that pm_geo_apply_context
 * set (nothing if none was). Near the cap SQLite sorts through a temporary
 * file, which a file-size limit (ulimit -f) makes fail: PROJ then calls a
 * CRS lookup a "disk I/O error".
 * A caller about to write under such a limit lifts it for its lookups. */
void pm_geo_sqlite_heap_cap(int on);

/* Load one layer. Errors name the file, the feature (by index and id) and why:
 * "zones.geojson: feature 3 (id=xiyong): coordinate 2 is not finite". */
pm_layer *pm_layer_load(const char *path, const pm_load_options *opts, pm_error *err);
/* The same, leaving out what `lean` allows (NULL: nothing, as pm_layer_load). */
pm_layer *pm_layer_load_lean(const char *path, const pm_load_options *opts,
                             const pm_load_lean *lean, pm_error *err);
void pm_layer_destroy(pm_layer *layer);

/* A feature with its layer, for readers of properties by name such as the
 * rule matchers (pm_prop_getter): pm_feature_ref_value(&ref, field) is
 * pm_feature_value(ref.layer, ref.feature, field). */
typedef struct pm_feature_ref {
    const pm_layer *layer;
    const pm_feature *feature;
} pm_feature_ref;
const char *pm_feature_ref_value(const void *ref, const char *field);

/* A layer read chunk by chunk, for callers that draw it and keep none of
 * it: each chunk is a layer of its own with the fields a whole load keeps,
 * features in source order, and errors naming a feature by its index in
 * the source, as pm_layer_load names it. One reader goes through the
 * source, on one dataset; a stream may go from one thread to another between
 * chunks, never on two at once. `opts` and `lean` (copied) must point to
 * what lives as long as the stream. */
typedef struct pm_layer_stream pm_layer_stream;
pm_layer_stream *pm_layer_stream_open(const char *path, const pm_load_options *opts,
                                      const pm_load_lean *lean, int chunk, pm_error *err);
/* The next chunk of about `chunk` features; NULL at the end (err->status
 * PM_OK) or on an error. */
pm_layer *pm_layer_stream_next(pm_layer_stream *s, pm_error *err);
void pm_layer_stream_close(pm_layer_stream *s);
/* Features in the source, if the driver knows without reading; else -1. */
long long pm_layer_stream_count(const pm_layer_stream *s);
/* The chunks read from now on hold about `chunk` features. */
void pm_layer_stream_set_chunk(pm_layer_stream *s, int chunk);
/* 1 if the source's driver reads features from the file as they are asked
 * for (Shapefile, GeoPackage, FlatGeobuf, ...), 0 if it holds the whole
 * source in memory once open (GeoJSON, CSV, KML, ...): reading such a source
 * chunk by chunk saves nothing. Told from the file's first bytes, without
 * opening it (GDAL parses a GeoJSON file when it opens it). */
int pm_source_on_demand(const char *path);
/* A source read once so that the loads and streams given it
 * (pm_load_options.index) read only its features, however often: a GeoJSON
 * FeatureCollection planmap's own reader takes (geo/geojson.c), its
 * features cut into chunks of text, its fields typed as GDAL types them,
 * its lon/lat extent known, the file kept open. A render of a streamed
 * GeoJSON layer then parses one chunk at a time instead of holding the
 * layer. A Shapefile planmap's reader takes (geo/shapefile.c) gets an
 * index too, for its streams only (a whole load is GDAL's): its records
 * are read in order by planmap, no GDAL dataset open while it is drawn.
 * NULL for any other source (or out of memory): it is read as before. `opts` as the loads will give them (layer name, `where`). */
pm_source_index *pm_source_index_open(const char *path, const pm_load_options *opts);
void pm_source_index_close(pm_source_index *ix);
/* A source held in memory (geo/memfile.c): GeoJSON text copied into GDAL's
 * /vsimem/ file system under a name unique in the process and ending in
 * "<stem>.geojson"; read like any source by that name. Returns the name
 * (the caller frees it after pm_source_memory_drop), or NULL when out of
 * memory. */
char *pm_source_memory(const char *text, size_t len, const char *stem);
/* Is `path` such a name. */
int pm_source_is_memory(const char *path);
/* Remove the file pm_source_memory made (nothing for another path). */
void pm_source_memory_drop(const char *path);
/* Drop a layer's features, keeping its source, name and fields. */
void pm_layer_clear(pm_layer *l);

/* The GeoPackage metadata item (gpkg_metadata, through GDAL) holding the
 * spec of a map planmap exported, so `planmap render map.gpkg` draws it. */
#define PM_GPKG_SPEC_KEY "PLANMAP_SPEC"
/* That spec's text (malloc'd, *len its length), or NULL with err set: the
 * GeoPackage cannot be read, or carries no spec. */
char *pm_gpkg_spec_read(const char *path, size_t *len, pm_error *err);

/* Names of all layers in a source (for "all layers" loads). The caller frees
 * with pm_strv_free. Returns the count, or -1 on error. */
int pm_source_layer_names(const char *path, char ***names, pm_error *err);

/* Transform every vertex, anchor, bbox and the extent to map x/y. */
pm_status pm_layer_project(pm_layer *layer, const pm_crs *crs, pm_error *err);
/* A grid (pm_crs_grid) over a lon/lat box to the tolerance pm_layer_project
 * keeps, made once for every chunk of a stream; NULL where none holds. */
pm_crs_grid *pm_layer_box_grid(const pm_crs *crs, const double ll[4]);
/* pm_layer_project through `grid` (NULL: none) where it holds for this
 * layer, checked at some of its vertices; else through a grid of its own,
 * as pm_layer_project. */
pm_status pm_layer_project_grid(pm_layer *layer, const pm_crs *crs, const pm_crs_grid *grid,
                                pm_error *err);
/* The lon/lat box the stream's features lie in (the source's extent, as
 * far as the driver knows it without reading, within pm_load_options.within);
 * 0 if it is not known. */
int pm_layer_stream_extent(const pm_layer_stream *s, double ll[4]);

/* Index of a field in the layer, or -1. */
int pm_layer_field_index(const pm_layer *layer, const char *field);
/* Property value of a feature, NULL if absent or null. */
const char *pm_feature_value(const pm_layer *layer, const pm_feature *f, const char *field);

/* Grow extent `e` (minx,miny,maxx,maxy; NAN = empty) to hold `other`. */
void pm_extent_union(double e[4], const double other[4]);
/* Extent (minx,miny,maxx,maxy) of n > 0 points x0,y0,x1,y1,... */
void pm_points_extent(const double *xy, size_t n, double e[4]);

/* The same facts as pm_source_info_as (pm_info.h) as one JSON document
 * (`planmap info --json`, info_json.c): driver, kind, per layer its
 * features, geometry types, CRS (name, authority, WKT2), extents and fields
 * with types. */
pm_status pm_source_info_json(const char *path, const char *encoding, char **text, pm_error *err);
/* `planmap --formats`: the GDAL drivers built in that open vectors and
 * rasters, and what planmap writes, as lines of text. */
pm_status pm_geo_formats(char **text, pm_error *err);

#endif
