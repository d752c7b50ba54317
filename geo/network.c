/* Network access is off unless the caller allows it: a spec's source, and
 * worse a data file alone (a GeoJSON "crs" link, a VRT naming /vsicurl/),
 * could otherwise make planmap reach any host. Three locks, set up once with
 * GDAL's error handler (pm_geo_init*):
 * - every HTTP request GDAL makes through CPLHTTPFetch (CRS links, WFS, WMS,
 *   OGC API, the HTTP driver) gets a failed reply without a connection;
 * - GDAL's network file systems (/vsicurl/, /vsis3/, ... also inside
 *   /vsizip/) are replaced by handlers that open nothing;
 * - PROJ may not download grids (planmap's contexts and GDAL's).
 * Before that, a source whose name reaches the network (a URL, a network
 * /vsi handler, a database connection string) is refused by name, with a
 * message saying how to allow it. */
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

#include "geo_internal.h"
#include "pm_guard.h"

#define REFUSED "network access is off (planmap --allow-network allows it)"

static atomic_int network_allowed;   /* 0 until the caller allows it */
static atomic_int locks_set;         /* the refusals are in place for good */

int pm_allow_network(int allow)
{
    if (allow && atomic_load(&locks_set))
        return -1;   /* GDAL's network handlers are gone already */
    atomic_store(&network_allowed, allow ? 1 : 0);
    return 0;
}

int pm_network_allowed(void)
{
    return atomic_load(&network_allowed);
}

void pm_proj_network(struct pj_ctx *ctx)
{
    proj_context_set_enable_network(ctx, pm_network_allowed());
}

static CPLHTTPResult *refuse_fetch(const char *url, CSLConstList options, GDALProgressFunc progress,
                                   void *progress_arg, CPLHTTPFetchWriteFunc write, void *write_arg,
                                   void *user)
{
    (void)options, (void)progress, (void)progress_arg, (void)write, (void)write_arg, (void)user;
    /* A failed reply, not NULL: NULL would hand the request to curl. */
    CPLHTTPResult *r = CPLCalloc(1, sizeof *r);
    r->nStatus = 1;
    r->pszErrBuf = CPLStrdup(REFUSED);
    CPLError(CE_Failure, CPLE_AppDefined, "%s: %s", url ? url : "URL", REFUSED);
    return r;
}

static int refuse_stat(void *user, const char *name, VSIStatBufL *buf, int flags)
{
    (void)user, (void)buf;
    if (flags & VSI_STAT_SET_ERROR_FLAG)
        CPLError(CE_Failure, CPLE_AppDefined, "%s: %s", name, REFUSED);
    return -1;
}

static void *refuse_open(void *user, const char *name, const char *access)
{
    (void)user, (void)access;
    CPLError(CE_Failure, CPLE_AppDefined, "%s: %s", name, REFUSED);
    return NULL;
}

static char **refuse_read_dir(void *user, const char *name, int max)
{
    (void)user, (void)name, (void)max;
    return NULL;
}

/* Every GDAL file system that reads over the network (GDAL 3.6). */
static const char *const network_vsi[] = {
    "/vsicurl/", "/vsicurl_streaming/", "/vsis3/", "/vsis3_streaming/", "/vsigs/",
    "/vsigs_streaming/", "/vsiaz/", "/vsiaz_streaming/", "/vsiadls/", "/vsioss/",
    "/vsioss_streaming/", "/vsiswift/", "/vsiswift_streaming/", "/vsiwebhdfs/", "/vsihdfs/"};

/* GDAL's own handler for a prefix (VSIFileManager::GetHandler, a static
 * member exported by libgdal; its C++ name is all C can call it by). */
extern void *pm_gdal_vsi_handler(const char *prefix) __asm__("_ZN14VSIFileManager10GetHandlerEPKc");

/* The handlers replaced below: GDAL drops them without freeing them when a
 * prefix gets another handler; kept here they stay reachable (a one-time
 * 2.6 KB that LeakSanitizer and valgrind would otherwise report for every
 * run). Volatile: the array is only ever written, and an optimising build
 * would drop the stores and with them the references. */
static void *volatile replaced[sizeof network_vsi / sizeof network_vsi[0]];

void pm_geo_network_locks(void)
{
    if (pm_network_allowed()) {
        OSRSetPROJEnableNetwork(1);
        return;
    }
    atomic_store(&locks_set, 1);
    OSRSetPROJEnableNetwork(0);
    CPLHTTPSetFetchCallback(refuse_fetch, NULL);
    for (size_t i = 0; i < sizeof network_vsi / sizeof network_vsi[0]; i++) {
        VSIFilesystemPluginCallbacksStruct *cb = VSIAllocFilesystemPluginCallbacksStruct();
        cb->stat = refuse_stat;
        cb->open = refuse_open;
        cb->read_dir = refuse_read_dir;
        replaced[i] = pm_gdal_vsi_handler(network_vsi[i]);
        VSIInstallPluginHandler(network_vsi[i], cb);   /* replaces GDAL's handler */
        VSIFreeFilesystemPluginCallbacksStruct(cb);
    }
}

/* GDAL file systems that read local files or memory only. */
static int local_vsi(const char *name, size_t n)
{
    static const char *const local[] = {"mem", "zip", "gzip", "tar", "7z", "rar", "subfile",
                                        "sparse", "stdin", "crypt", "cached"};
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
        if (strlen(local[i]) == n && strncmp(name, local[i], n) == 0)
            return 1;
    return 0;
}

/* Connection-string prefixes of GDAL drivers that reach a host. */
static int network_prefix(const char *path)
{
    static const char *const prefix[] = {
        "PG:", "PostgreSQL:", "MySQL:", "OCI:", "MSSQL:", "ODBC:", "WFS:", "WMS:", "WCS:",
        "OAPIF:", "WFS3:", "ES:", "Elasticsearch:", "CouchDB:", "Cloudant:", "MongoDB:",
        "MongoDBv3:", "AmigoCloud:", "Carto:", "CartoDB:", "NGW:", "EEDA:", "EEDAI:",
        "PLScenes:", "PLMosaic:", "DODS:", "HANA:", "IDB:", "GeoRaster:", "DAAS:", "OGCAPI:",
        "SDE:", "GFT:", "GME:", "AFS:", "CSW:", "WEBHDFS:", "HTTP:", "HTTPS:", "FTP:"};
    for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
        if (strncasecmp(path, prefix[i], strlen(prefix[i])) == 0)
            return 1;
    return 0;
}

int pm_path_reaches_network(const char *path)
{
    if (!path)
        return 0;
    if (strstr(path, "://") || network_prefix(path))
        return 1;
    if (strncmp(path, "/vsi", 4) != 0)
        return 0;   /* a plain file name */
    /* Every /vsi handler in the name, chained ones too (/vsizip//vsicurl/…,
     * /vsizip/{/vsis3/…}/f, /vsisubfile/0_9,/vsicurl/…, /vsicurl?url=…). */
    for (const char *p = path; p; p = strstr(p + 4, "/vsi")) {
        if (p != path && !strchr("/{,", p[-1]))
            continue;
        if (!local_vsi(p + 4, strcspn(p + 4, "/?{},")))
            return 1;
    }
    return 0;
}

pm_status pm_check_network(const char *path, pm_error *err)
{
    if (pm_network_allowed() || !pm_path_reaches_network(path))
        return PM_OK;
    return pm_error_set(err, PM_ERR_IO, "%s: reading it needs the network: %s", path, REFUSED);
}
