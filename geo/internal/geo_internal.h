/* Private helpers shared by the geo/ sources (not installed, not for callers). */
#ifndef PM_GEO_INTERNAL_H
#define PM_GEO_INTERNAL_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "pm_arena.h"
#include "pm_gdal_open.h"
#include "pm_source.h"
#include "pm_strings.h"

/* network.c: the refusals of pm_allow_network, set up once with GDAL
 * (pm_geo_init*), and a PROJ context's network switch to match. */
void pm_geo_network_locks(void);
struct pj_ctx;
void pm_proj_network(struct pj_ctx *ctx);

/* guard.c: the files GDAL reads for `ds` are inputs no output may replace. */
void pm_geo_note_inputs(GDALDatasetH ds, const char *path);

/* "path: feature 3 (id=xiyong)" in front of a feature's error, as the loader
 * and the projection both name it: by its index in the source, or (index
 * < 0: behind a spatial filter, where a count of the features read is no
 * index) by its FID, as GIS tools show it; `id` may be NULL. */
pm_status pm_geo_name_feature(pm_error *err, const char *path, long long index, long long fid,
                              const char *id);

/* Open a vector source read-only. IO error for a missing/unreadable file,
 * DATA error when GDAL cannot read it as vectors; messages start with path. */
GDALDatasetH pm_geo_open(const char *path, pm_error *err);
/* A Shapefile or DBF table without a .cpg whose text is not UTF-8 but
 * reads as GBK: one warning through ctx's log naming the .dbf and the
 * layer key that reads it (a warning only: valid data is never guessed). */
void pm_geo_encoding_hint(GDALDatasetH ds, const pm_context *ctx);
/* A field's name in UTF-8 through `r` (NULL: as GDAL gives it; a name
 * that is not text in r's encoding stays as it is), malloc'd; NULL when
 * memory is short. */
char *pm_geo_field_name(const char *raw, struct pm_recoder *r);

/* Open a raster read-only (raster.c): georeferenced, with a band at least;
 * the files GDAL reads for it noted as inputs. IO error for a missing
 * file, DATA error naming it when GDAL cannot read it as such a raster. */
GDALDatasetH pm_geo_open_raster(const char *path, pm_error *err);

/* 1 for a name ending in .geojson or .json (any case): a JSON format,
 * which GDAL reads whole, and which planmap's GeoJSON reader may take. */
int pm_geo_json_name(const char *path);

/* 1 if ds's driver reads a feature from the file when it is asked for;
 * 0 if it read the whole source into memory when it was opened (GeoJSON
 * through GDAL, KML, ...), so that every open parses it all again. */
int pm_geo_reads_on_demand(GDALDatasetH ds);

/* The layer called `name`, or the first when name is NULL. An unknown name
 * gives an error listing the layers the source has. */
OGRLayerH pm_geo_pick_layer(GDALDatasetH ds, const char *path, const char *name, pm_error *err);

/* GDAL's last error message, or `fallback` if GDAL said nothing. */
const char *pm_geo_gdal_reason(const char *fallback);

/* A new WGS84 SRS in lon/lat order; release with OSRRelease. */
OGRSpatialReferenceH pm_geo_wgs84(void);

/* 1 if `srs` is WGS84 lon/lat in degrees however it is named ("EPSG:4326",
 * "OGC:CRS84", "+proj=longlat +datum=WGS84", an ESRI .prj's GCS_WGS_1984),
 * which OSRIsSame tells apart by their names. */
int pm_geo_is_wgs84(OGRSpatialReferenceH srs);

/* Transformation from `srs` (not owned; NULL = WGS84) to WGS84 lon/lat.
 * *ct is NULL when no transformation is needed. */
pm_status pm_geo_to_wgs84(OGRSpatialReferenceH srs, OGRCoordinateTransformationH *ct, pm_error *err);

/* pm_geo_to_wgs84 for the CRS pm_geo_layer_srs gives. */
pm_status pm_geo_layer_to_wgs84(OGRLayerH layer, const char *crs, OGRCoordinateTransformationH *ct,
                                pm_error *err);

/* What reading one geometry needs besides the geometry. */
typedef struct pm_geo_reader {
    OGRCoordinateTransformationH ct;  /* to WGS84; NULL when the source is lon/lat */
    pm_arena *arena;                  /* the layer's: parts and vertices go here */
    int cheap_anchor;                 /* 1: nothing labels this feature (pm_load_lean) */
    double *x, *y;                    /* scratch for ct, kept from feature to feature */
    int *ok;
    size_t cap;
} pm_geo_reader;

/* Free the reader's scratch (not the arena, which the layer owns). */
void pm_geo_reader_release(pm_geo_reader *r);

/* Fill f's kind, parts, vertices, bbox and anchor from `geom` (may be NULL).
 * On failure err holds the reason only (the caller prefixes file and
 * feature); what was allocated stays in the arena. */
pm_status pm_geo_read_geometry(OGRGeometryH geom, pm_geo_reader *r, pm_feature *f, pm_error *err);

/* The same for a feature whose kind, parts (part_len, part_poly for
 * polygons) and lon/lat vertices are already in the arena, in the order
 * pm_geo_read_geometry would have put them (geo/geojson.c): the label's
 * part, the anchor, the checks and the box, alike to the last bit. */
pm_status pm_geo_read_flat(pm_geo_reader *r, pm_feature *f, pm_error *err);

/* anchor.c: GEOS' point on the surface of one polygon (its rings, the
 * outer first, `ring_len` points each, x/y interleaved in `xy`), computed as
 * GEOS 3.11 computes it, to the last bit. 0 where GEOS must be asked
 * instead: a ring it refuses or GDAL pads (fewer than 4 points, not
 * closed), or numbers that overflow. */
int pm_polygon_anchor(const double *xy, const int *ring_len, int n_rings, double out[2]);

/* `planmap info` (info.c, info_json.c): what both the text and the JSON
 * say, found once, in one summary (info_summary.c): from planmap's GeoJSON
 * reader where it takes the file, else from GDAL. */
enum { PM_INFO_MAX_TYPES = 16 };
typedef struct pm_info_types {
    const char *names[PM_INFO_MAX_TYPES];   /* GDAL's static names, in the order met */
    long long counts[PM_INFO_MAX_TYPES];
    int n;
    long long none;    /* null or empty geometries */
    long long other;   /* beyond PM_INFO_MAX_TYPES distinct types */
} pm_info_types;

typedef struct pm_info_field {
    char *name;          /* UTF-8 (read in the source's encoding) */
    int type, subtype;   /* OGRFieldType, OGRFieldSubType */
    int width, precision;
} pm_info_field;

typedef struct pm_info_layer {
    char *name;
    long long features;
    int declared;                /* the layer's OGRwkbGeometryType */
    pm_info_types types;
    OGRSpatialReferenceH srs;    /* NULL: none (the layer's or the summary's) */
    int has_extent;              /* 0: the driver knows none */
    double extent[4];            /* in the source CRS */
    pm_error lonlat;             /* PM_OK: extent_lonlat holds; else why not */
    double extent_lonlat[4];     /* of the loaded vertices: exact, unlike a
                                    transformed box, and loading problems show */
    int n_fields;
    pm_info_field *fields;
} pm_info_layer;

typedef struct pm_info_summary {
    GDALDatasetH ds;             /* the open source; NULL: described by planmap's reader */
    int raster;                  /* ds is a raster: no layers (info.c, info_json.c read it) */
    const char *driver;          /* GDAL's short name */
    char open_error[512];        /* what GDAL said opening the vectors (a GeoJSON "crs"
                                    PROJ does not know); "": nothing */
    OGRSpatialReferenceH own_srs;   /* the summary's own (a GeoJSON's WGS 84) */
    int n_layers;
    pm_info_layer *layers;
} pm_info_summary;

/* The facts of the source at `path` (read in `encoding`, NULL: as it
 * says) into `s`; pm_info_summary_free after, either way. */
pm_status pm_info_summarise(const char *path, const char *encoding, pm_info_summary *s, pm_error *err);
void pm_info_summary_free(pm_info_summary *s);
/* The lon/lat extent of a raster's footprint. */
pm_status pm_info_raster_lonlat(const char *path, double e[4], pm_error *err);
/* A raster's extent in its own CRS, from its geotransform. */
void pm_info_raster_extent(GDALDatasetH ds, double e[4]);

#endif
