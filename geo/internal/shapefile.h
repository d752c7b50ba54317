/* planmap's Shapefile reader for streamed layers (geo/shapefile.c,
 * geo/shapefile_stream.c, geo/shapefile_rings.cpp): the .shp records taken
 * in order with buffered reads, the .shx read alongside to check that each
 * record is where GDAL would look for it, the .dbf only for its deletion
 * flags and the fields a chunk keeps. GDAL opens the source once, when the
 * index is made, for what it says of the layer (name, fields and their
 * types, the .prj's CRS, the text's encoding, the extent) and is closed
 * again: no GDAL dataset, and none of its .shx arrays, lives while a map
 * is drawn. Anything this reader does not map exactly as GDAL's Shapefile
 * driver does is declined, and GDAL reads the layer. Private to geo/. */
#ifndef PM_SHAPEFILE_H
#define PM_SHAPEFILE_H

#include "load_internal.h"

/* One .dbf field as a chunk reads it. */
typedef struct pm_shp_field {
    int offset, size;        /* in the record (after its deletion flag) */
    char dbf_type;           /* 'C', 'N', 'F', 'D', 'L', ... */
    int ogr_type;            /* OGRFieldType GDAL gives it */
    int precision;           /* its precision (a real's decimals) */
    int readable;            /* a type this reader makes values of as GDAL does */
} pm_shp_field;

typedef struct pm_shp_index {
    char *shp, *shx, *dbf;   /* the files */
    int type;                /* the .shp's shape type */
    long long records;       /* in the .shx and the .dbf alike */
    int dbf_header, dbf_record;  /* .dbf header and record sizes in bytes */
    int n_fields;
    pm_shp_field *fields;
    char **names;            /* the fields' names as GDAL gives them */
    char *layer;             /* the layer's name */
    char *encoding;          /* GDAL's SOURCE_ENCODING ("": text as it is) */
    OGRSpatialReferenceH srs;    /* the layer's (NULL: none, read as lon/lat) */
    double extent[4];        /* in the layer's coordinates (the .shp header) */
    int extent_known;
} pm_shp_index;

/* The index of a .shp this reader takes for `opts` (layer name, no
 * `where`, encoding); NULL when it leaves the file to GDAL. */
pm_shp_index *pm_shp_index_open(const char *path, const pm_load_options *opts);
void pm_shp_index_close(pm_shp_index *ix);

/* A Shapefile read chunk by chunk (pm_layer_stream). `opts` and `lean`
 * must outlive the stream. *ll gets the lon/lat box its features lie in
 * (NANs: not known). NULL without an error: declined (GDAL reads). */
typedef struct pm_shp_stream pm_shp_stream;
pm_shp_stream *pm_shp_stream_open(const pm_shp_index *ix, const pm_load_options *opts,
                                  const pm_load_lean *lean, int chunk, double ll[4], pm_error *err);
/* The next chunk of at most `chunk` features; NULL at the end (err->status
 * PM_OK) or on an error. A record this reader leaves to GDAL sets *resume
 * (NULL returned, no error): unfiltered, to the record from which GDAL is
 * to read the rest; under a filter, to PM_SHP_RESUME_FILTERED: GDAL is to
 * read on under the same filter after the features handed out so far (its
 * .qix then keeps a record out of view, even a broken one, unread, as
 * before). Else *resume is -1. */
#define PM_SHP_RESUME_FILTERED (-2)
pm_layer *pm_shp_stream_next(pm_shp_stream *s, long long *resume, pm_error *err);
void pm_shp_stream_close(pm_shp_stream *s);
/* The records, when nothing filters them; else -1. */
long long pm_shp_stream_count(const pm_shp_stream *s);
/* The chunks read from now on hold at most `chunk` features. */
void pm_shp_stream_set_chunk(pm_shp_stream *s, int chunk);

/* Field `f` of the .dbf record `row` as GDAL's driver and the loader
 * make its text (geo/shapefile_values.c): *out in arena `a`, NULL for a
 * null; text through `r` into UTF-8 (NULL: as it is). 0, or -1: declined
 * (a value GDAL might read otherwise, text that is not UTF-8, out of
 * memory). */
int pm_shp_value(const pm_shp_field *f, const unsigned char *row, struct pm_recoder *r, pm_arena *a,
                 char **out);
/* 1 if the value is null as GDAL reads it, 0 if not, -1 declined. */
int pm_shp_is_null(const pm_shp_field *f, const unsigned char *row);
/* Whether pm_shp_value reads a field GDAL types so. */
int pm_shp_readable(char dbf_type, int ogr_type, int subtype);

/* A polygon record of several rings as GDAL's Shapefile driver makes it
 * (OGRGeometryFactory::organizePolygons, METHOD=ONLY_CCW): rings
 * [start[k], start[k+1]) of the n points at x/y. NULL: out of memory. */
OGRGeometryH pm_shp_polygon(const double *xy, const int *start, int n_rings, int n_points);

#endif
