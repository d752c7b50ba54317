/* Opening sources through GDAL: process-wide registration, file checks,
 * layer choice, the transformation to WGS84, and layer listing. */
#include <cpl_conv.h>
#include <cpl_error.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo_internal.h"
#include "pm_guard.h"
#include "pm_init.h"

/* Driver registration functions GDALAllRegister calls in turn (exported by
 * libgdal, declared in its C++ headers only). */
void RegisterOGRShape(void);
void RegisterOGRCSV(void);
void RegisterOGRGeoJSON(void);
void RegisterOGRGeoJSONSeq(void);
void RegisterOGRTopoJSON(void);
void RegisterOGRGeoPackage(void);
void RegisterOGRFlatGeobuf(void);

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT, common_once = PTHREAD_ONCE_INIT,
                      all_once = PTHREAD_ONCE_INIT;

/* SQLite's soft heap limit as the program applied it (pm_context.h,
 * PM_SQLITE_HEAP_DEFAULT says why); -1: never applied, left as it is. */
static _Atomic long long sqlite_heap = -1;

int pm_geo_apply_context(const pm_context *ctx)
{
    /* GDAL would print to stderr; our messages carry CPLGetLastErrorMsg. */
    CPLSetErrorHandler(CPLQuietErrorHandler);
    long long heap = pm_context_sqlite_heap(ctx);
    atomic_store(&sqlite_heap, heap);
    sqlite3_soft_heap_limit64(heap);
    return pm_allow_network(pm_context_network(ctx));
}

static void quiet_gdal(void)
{
    pm_geo_network_locks();
}

/* In GDALAllRegister's order, so a file they share is probed as it would
 * be with every driver. */
static void register_common(void)
{
    RegisterOGRShape();
    RegisterOGRCSV();
    RegisterOGRGeoJSON();
    RegisterOGRGeoJSONSeq();
    RegisterOGRTopoJSON();
    RegisterOGRGeoPackage();
    RegisterOGRFlatGeobuf();
}

static void register_all(void)
{
    GDALAllRegister();   /* keeps the drivers already there */
}

void pm_geo_sqlite_heap_cap(int on)
{
    long long heap = atomic_load(&sqlite_heap);
    if (heap >= 0)
        sqlite3_soft_heap_limit64(on ? heap : 0);
}

void pm_geo_init(void)
{
    pthread_once(&quiet_once, quiet_gdal);
    pthread_once(&all_once, register_all);
}

void pm_geo_init_lean(void)
{
    pthread_once(&quiet_once, quiet_gdal);
    pthread_once(&common_once, register_common);
}

/* Extensions only the common drivers read, whatever else is registered:
 * for them GDAL's full probe would pick the same driver. */
static int common_format(const char *path)
{
    static const char *const ext[] = {".shp", ".dbf", ".csv", ".geojson", ".geojsonl",
                                      ".geojsons", ".topojson", ".gpkg", ".fgb"};
    size_t n = strlen(path);
    if ((strncmp(path, "/vsi", 4) == 0 && !pm_source_is_memory(path)) || strchr(path, ':'))
        return 0;   /* a spec's inline "data" is GeoJSON in memory */
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && strcasecmp(path + n - k, ext[i]) == 0)
            return 1;
    }
    return 0;
}

/* A process that reads one Shapefile need not run every driver's
 * registration: GDALAllRegister touches code all over libgdal, 7 MB of
 * resident pages. Lean processes register the rest on the first source of
 * another kind. */
static void need_driver_for(const char *path)
{
    pm_geo_init_lean();
    if (!common_format(path))
        pm_geo_init();
}

const char *pm_geo_gdal_reason(const char *fallback)
{
    const char *msg = CPLGetLastErrorMsg();
    return msg && msg[0] ? msg : fallback;
}

/* Paths GDAL resolves itself (/vsizip/…, "PG:…" connection strings) are not
 * checked on the file system. */
static int is_plain_path(const char *path)
{
    return strncmp(path, "/vsi", 4) != 0 && !strchr(path, ':');
}

/* GDAL reports the cause first and its consequences after ("object too
 * large", then "Failed to read GeoJSON data"): keep the first failure. */
static void CPL_STDCALL keep_first_error(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    char *first = CPLGetErrorHandlerUserData();
    if (level >= CE_Failure && first && !first[0] && msg)
        snprintf(first, 512, "%s", msg);
}

/* Every file GDAL reads for the source is an input no output may replace. */
static GDALDatasetH noted(GDALDatasetH ds, const char *path)
{
    pm_geo_note_inputs(ds, path);
    return ds;
}

GDALDatasetH pm_geo_open(const char *path, pm_error *err)
{
    return pm_geo_open_as(path, NULL, err);
}

GDALDatasetH pm_geo_open_as(const char *path, const char *encoding, pm_error *err)
{
    need_driver_for(path ? path : "");
    if (!path || !path[0]) {
        pm_error_set(err, PM_ERR_USAGE, "no source path given");
        return NULL;
    }
    struct stat st;
    if (is_plain_path(path) && (stat(path, &st) != 0 || access(path, R_OK) != 0)) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    if (pm_check_source(path, err) != PM_OK)   /* a FIFO would block GDAL */
        return NULL;
    CPLErrorReset();
    /* Drivers without the option ignore it: pm_geo_recoder converts for them. */
    char option[96];
    snprintf(option, sizeof option, "ENCODING=%s", encoding ? encoding : "");
    const char *const with_encoding[] = {option, NULL};
    const char *const *oo = encoding ? with_encoding : NULL;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, oo, NULL);
    if (ds)
        return noted(ds, path);
    /* Failed: open once more with a handler of ours on top (the caller's may
     * be counting failures during the first open, and GDAL cannot pass a
     * message on down the stack) to learn GDAL's first reason. */
    char first[512] = "";
    CPLPushErrorHandlerEx(keep_first_error, first);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, oo, NULL);
    CPLPopErrorHandler();
    if (ds)
        return noted(ds, path);
    if (strstr(first, "OGR_GEOJSON_MAX_OBJ_SIZE"))
        pm_error_set(err, PM_ERR_IO,
                     "%s: a GeoJSON feature is larger than GDAL reads (%s MB, its OGR_GEOJSON_MAX_OBJ_SIZE "
                     "setting): set the environment variable OGR_GEOJSON_MAX_OBJ_SIZE to a size in MB, or 0 "
                     "for no limit (reading takes about 20 times the file's size in memory), or convert the "
                     "file to GeoPackage or FlatGeobuf, which are read a feature at a time",
                     path, CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "200"));
    else
        pm_error_set(err, PM_ERR_IO, "%s: not a vector source GDAL can read (%s)", path,
                     first[0] ? first : pm_geo_gdal_reason("no driver recognises it"));
    return NULL;
}

/* Drivers that read a feature from the file when it is asked for, rather
 * than the whole source into memory when it is opened. */
static int driver_on_demand(GDALDriverH drv)
{
    static const char *const lazy[] = {"ESRI Shapefile", "GPKG", "FlatGeobuf", "OpenFileGDB",
                                       "SQLite", "PostgreSQL"};
    const char *name = drv ? GDALGetDriverShortName(drv) : "";
    for (size_t i = 0; i < sizeof lazy / sizeof lazy[0]; i++)
        if (strcmp(name, lazy[i]) == 0)
            return 1;
    return 0;
}

int pm_geo_reads_on_demand(GDALDatasetH ds)
{
    return driver_on_demand(ds ? GDALGetDatasetDriver(ds) : NULL);
}

int pm_geo_json_name(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return (n > 8 && strcasecmp(path + n - 8, ".geojson") == 0) ||
           (n > 5 && strcasecmp(path + n - 5, ".json") == 0);
}

int pm_source_on_demand(const char *path)
{
    /* GeoJSON (and the other JSON formats) is read whole: no need to open
     * the file to tell, one read of it per render is enough. */
    if (pm_geo_json_name(path))
        return 0;
    need_driver_for(path ? path : "");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDriverH drv = path ? GDALIdentifyDriverEx(path, GDAL_OF_VECTOR, NULL, NULL) : NULL;
    CPLPopErrorHandler();
    CPLErrorReset();
    return driver_on_demand(drv);
}

static void list_layers(GDALDatasetH ds, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < GDALDatasetGetLayerCount(ds) && used < size; i++) {
        const char *name = OGR_L_GetName(GDALDatasetGetLayer(ds, i));
        int n = snprintf(buf + used, size - used, "%s'%s'", i ? ", " : "", name);
        used += n > 0 ? (size_t)n : 0;
    }
}

OGRLayerH pm_geo_pick_layer(GDALDatasetH ds, const char *path, const char *name, pm_error *err)
{
    if (GDALDatasetGetLayerCount(ds) == 0) {
        pm_error_set(err, PM_ERR_DATA, "%s: has no vector layers", path);
        return NULL;
    }
    if (!name)
        return GDALDatasetGetLayer(ds, 0);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, name);
    if (!layer) {
        char names[512];
        list_layers(ds, names, sizeof names);
        pm_error_set(err, PM_ERR_DATA, "%s: no layer named '%s' (layers: %s)", path, name, names);
    }
    return layer;
}

OGRSpatialReferenceH pm_geo_wgs84(void)
{
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    if (wgs && OSRSetWellKnownGeogCS(wgs, "WGS84") != OGRERR_NONE) {
        OSRRelease(wgs);
        return NULL;
    }
    if (wgs)
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    return wgs;
}

/* A layer's CRS given by name reads no file: a name that is one (GDAL
 * would read it, a FIFO would hang) is refused, as a URL is by the network
 * lock. */
pm_status pm_geo_layer_srs(OGRLayerH layer, const char *crs, OGRSpatialReferenceH *srs, pm_error *err)
{
    *srs = NULL;
    if (!crs) {
        OGRSpatialReferenceH own = layer ? OGR_L_GetSpatialRef(layer) : NULL;
        if (own)
            OSRReference(own);
        *srs = own;
        return PM_OK;
    }
    struct stat st;
    if (stat(crs, &st) == 0)
        return pm_error_set(err, PM_ERR_CRS, "crs '%s' names a file: give the CRS itself "
                                             "(\"EPSG:4547\", a PROJ string or WKT)", crs);
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    CPLErrorReset();
    if (!s || OSRSetFromUserInput(s, crs) != OGRERR_NONE) {
        if (s)
            OSRRelease(s);
        return pm_error_set(err, PM_ERR_CRS, "crs '%s': unknown CRS (%s)", crs,
                            pm_geo_gdal_reason("GDAL cannot read it"));
    }
    CPLErrorReset();
    *srs = s;
    return PM_OK;
}

pm_status pm_geo_layer_to_wgs84(OGRLayerH layer, const char *crs, OGRCoordinateTransformationH *ct,
                                pm_error *err)
{
    OGRSpatialReferenceH srs;
    *ct = NULL;
    pm_status st = pm_geo_layer_srs(layer, crs, &srs, err);
    if (st == PM_OK)
        st = pm_geo_to_wgs84(srs, ct, err);
    if (srs)
        OSRRelease(srs);
    return st;
}

int pm_geo_is_wgs84(OGRSpatialReferenceH srs)
{
    const double degree = 0.0174532925199433;
    if (!srs || !OSRIsGeographic(srs) || fabs(OSRGetAngularUnits(srs, NULL) - degree) > 1e-15)
        return 0;
    char *proj = NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int same = OSRExportToProj4(srs, &proj) == OGRERR_NONE && proj &&
               strcmp(proj, "+proj=longlat +datum=WGS84 +no_defs") == 0;
    CPLPopErrorHandler();
    CPLErrorReset();
    CPLFree(proj);
    return same;
}

pm_status pm_geo_to_wgs84(OGRSpatialReferenceH srs, OGRCoordinateTransformationH *ct, pm_error *err)
{
    *ct = NULL;
    if (!srs)
        return PM_OK;   /* no CRS: GeoJSON's default, WGS84 lon/lat */
    OGRSpatialReferenceH src = OSRClone(srs);
    OGRSpatialReferenceH wgs = pm_geo_wgs84();
    pm_status st = PM_OK;
    if (!src || !wgs) {
        st = pm_error_set(err, PM_ERR_CRS, "cannot set up WGS84 (%s)", pm_geo_gdal_reason("OSR failed"));
    } else {
        /* Data axes are x/y (lon/lat) whatever order the CRS declares. */
        OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
        /* No transformation, and no search for one in PROJ's database,
         * for WGS84 lon/lat under another name. */
        if (!OSRIsSame(src, wgs) && !pm_geo_is_wgs84(src)) {
            CPLErrorReset();
            *ct = OCTNewCoordinateTransformation(src, wgs);
            if (!*ct)
                st = pm_error_set(err, PM_ERR_CRS, "cannot transform from '%s' to WGS84 (%s)",
                                  OSRGetName(src) ? OSRGetName(src) : "unnamed CRS",
                                  pm_geo_gdal_reason("PROJ found no transformation"));
        }
    }
    if (src)
        OSRRelease(src);
    if (wgs)
        OSRRelease(wgs);
    return st;
}

char *pm_gpkg_spec_read(const char *path, size_t *len, pm_error *err)
{
    GDALDatasetH ds = pm_geo_open(path, err);
    if (!ds)
        return NULL;
    const char *text = GDALGetMetadataItem(ds, PM_GPKG_SPEC_KEY, NULL);
    char *copy = text ? pm_strdup(text) : NULL;
    GDALClose(ds);
    if (!text)
        pm_error_set(err, PM_ERR_SPEC, "%s: no map spec inside (a GeoPackage from planmap export "
                                       "of a spec carries one)", path);
    else if (!copy)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (copy)
        *len = strlen(copy);
    return copy;
}

int pm_source_layer_names(const char *path, char ***names, pm_error *err)
{
    if (names)
        *names = NULL;
    GDALDatasetH ds = pm_geo_open(path, err);
    if (!ds)
        return -1;
    int n = GDALDatasetGetLayerCount(ds);
    char **v = calloc((size_t)n + 1, sizeof *v);
    for (int i = 0; v && i < n; i++)
        if (!(v[i] = pm_strdup(OGR_L_GetName(GDALDatasetGetLayer(ds, i))))) {
            pm_strv_free(v, i);
            v = NULL;
        }
    GDALClose(ds);
    if (!v) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        return -1;
    }
    if (names)
        *names = v;
    else
        pm_strv_free(v, n);
    return n;
}
