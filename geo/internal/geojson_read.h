/* planmap's GeoJSON reader between its files (geo/geojson.c reads a
 * collection whole, geo/geojson_stream.c chunk by chunk): the collection
 * cut and typed once (pm_source_index, pm_source.h), what one reading
 * keeps of it, and one feature made from a parsed chunk. Private to geo/. */
#ifndef PM_GEOJSON_READ_H
#define PM_GEOJSON_READ_H

#include "geojson_doc.h"
#include "geojson_schema.h"
#include "geojson_split.h"
#include "load_internal.h"

/* A FeatureCollection this reader takes: its features cut into chunks,
 * its fields typed, its layer named. Read-only once made: streams on
 * several threads read it at once (pread on one descriptor). */
struct pm_source_index {
    char *path;
    int fd;                  /* the file, open while the index lives; -1: text in memory */
    pm_gj_text text;
    pm_gj_split split;
    char *name;              /* the layer's, as GDAL names it */
    pm_gj_schema sc;
    size_t *first;           /* per chunk: the features before it; [split.n]: all */
    pm_gj_facts facts;       /* its geometries: extent (a stream's), types
                                (`planmap info`); extent NAN: none, or not asked */
    struct pm_shp_index *shp;    /* not NULL: a Shapefile planmap's reader takes
                                    (shapefile.h), none of the above */
};

/* What one reading keeps of an index: fields by position, label fields. */
typedef struct pm_gj_read {
    const pm_source_index *ix;
    const pm_load_options *opts;
    int *keep;               /* per kept field: its position, -1 if absent */
    int *label;              /* positions of the label fields present */
    int n_label, cheap;
    pm_layer *out;           /* named, with its fields; features added by the reader */
} pm_gj_read;

/* The layer `g->out` (made here: source, name, fields and schema as
 * GDAL's reading gives them, no features) and what `g` keeps. */
pm_status pm_gj_read_begin(pm_gj_read *g, const pm_source_index *ix, const pm_load_options *opts,
                           const pm_load_lean *lean, pm_error *err);
void pm_gj_read_end(pm_gj_read *g);

/* Scratch of one thread reading features. */
typedef struct pm_gj_scratch {
    pm_gj_value *props;
    size_t cap;
    const pm_gj_value **at;
    pm_gj_geom gm;
    pm_geo_reader r;
    pm_gdal_failure gdal;    /* GEOS's refusal, noted by pm_load_note_failure */
} pm_gj_scratch;

/* 0, or -2 out of memory. */
int pm_gj_scratch_init(pm_gj_scratch *w, const pm_gj_read *g);
void pm_gj_scratch_free(pm_gj_scratch *w);

/* Feature i of the chunk parsed in `doc`, feature `nth` of the file,
 * appended to `part` (room for it reserved by the caller; values and
 * geometry in its arena). 0; -1 declined (a feature GDAL reads its own
 * way or refuses: GDAL is to read the source); -2 out of memory. */
int pm_gj_read_one(const pm_gj_read *g, pm_layer *part, const pm_gj_doc *doc, size_t i, size_t nth,
                   pm_gj_scratch *w);

/* A collection's features chunk by chunk from its index
 * (geo/geojson_stream.c), for pm_layer_stream: one text chunk parsed at a
 * time, features made as they are asked for. */
typedef struct pm_gj_stream pm_gj_stream;
/* `opts` and `lean` must outlive the stream; opts->within (lon/lat) keeps
 * only features whose box meets it. NULL with *err set: out of memory. */
pm_gj_stream *pm_gj_stream_open(const pm_source_index *ix, const pm_load_options *opts,
                                const pm_load_lean *lean, int chunk, pm_error *err);
/* The next chunk of at most `chunk` features; NULL at the end (err->status
 * PM_OK) or on an error. A feature GDAL reads its own way or refuses
 * (pm_gj_read_one's -1) sets *resume to the index in the file from which
 * GDAL is to read the rest (NULL returned, no error); else *resume is -1. */
pm_layer *pm_gj_stream_next(pm_gj_stream *s, long long *resume, pm_error *err);
/* The chunks read from now on hold at most `chunk` features. */
void pm_gj_stream_set_chunk(pm_gj_stream *s, int chunk);
void pm_gj_stream_close(pm_gj_stream *s);

/* The index of `path` (its text said to be in `encoding`, NULL: UTF-8)
 * with its facts, for `planmap info`: NULL when the reader leaves the file
 * to GDAL (or its geometries: facts.odd). */
pm_source_index *pm_gj_index_info(const char *path, const char *encoding);

#endif
