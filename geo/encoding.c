/* A source's character set (a layer's "encoding"): handed to the driver
 * that reads it (a Shapefile's ENCODING open option), else the strings a
 * driver gives are converted here; and the one guess planmap makes, as a
 * warning only: a .dbf without a .cpg whose text is GBK. */
#include <cpl_string.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "geo_internal.h"
#include "pm_encoding.h"
#include "pm_file.h"
#include "pm_strings.h"

/* 1 when the driver converts text itself given an ENCODING open option. */
static int driver_takes_encoding(GDALDatasetH ds)
{
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    const char *list = drv ? GDALGetMetadataItem(drv, GDAL_DMD_OPENOPTIONLIST, NULL) : NULL;
    return list && (strstr(list, "name='ENCODING'") || strstr(list, "name=\"ENCODING\""));
}

/* 1 when a MapInfo table's header names its charset: GDAL has converted
 * its text from that already (it says so as OLCStringsAsUTF8; a CSV says
 * the same of any bytes, so only MapInfo is asked). */
static int mapinfo_converts(GDALDatasetH ds)
{
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    OGRLayerH layer = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
    return drv && layer && strcmp(GDALGetDriverShortName(drv), "MapInfo File") == 0 &&
           OGR_L_TestCapability(layer, OLCStringsAsUTF8);
}

pm_status pm_geo_recoder(GDALDatasetH ds, const char *encoding, pm_recoder **out, pm_error *err)
{
    *out = NULL;
    if (!encoding || pm_encoding_is_utf8(encoding) || driver_takes_encoding(ds) || mapinfo_converts(ds))
        return PM_OK;
    if (!(*out = pm_recoder_open(encoding)))   /* the spec's reader checked the name */
        return pm_error_set(err, PM_ERR_DATA, "cannot read text as %s (iconv does not know it)", encoding);
    return PM_OK;
}

char *pm_geo_field_name(const char *raw, pm_recoder *r)
{
    char *u = r ? pm_recoder_run(r, raw, strlen(raw), NULL) : NULL;
    return u ? u : pm_strdup(raw);
}

/* ---- the warning --------------------------------------------------------- */

enum { DBF_HEAD = 32, DBF_FIELD = 32, MAX_FIELDS = 255, SCAN_BYTES = 1 << 20 };

typedef struct dbf_text {
    int not_utf8;       /* some text is not UTF-8 */
    int not_gbk;        /* some of that is not GBK either */
    pm_recoder *gbk;    /* opened once for the whole scan */
} dbf_text;

static void look_at(dbf_text *t, const char *s, size_t n)
{
    if (pm_utf8_valid(s, n))
        return;
    t->not_utf8 = 1;
    char *u = t->not_gbk || !t->gbk ? NULL : pm_recoder_run(t->gbk, s, n, NULL);
    t->not_gbk |= !u;
    free(u);
}

static unsigned le16(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8;
}

/* Language driver ids GDAL reads as an East Asian code page (its
 * ConvertCodePage): the .dbf says what it is, and GDAL converts it. */
static int ldid_east_asian(unsigned char id)
{
    return (id >= 0x4D && id <= 0x50) || (id >= 0x78 && id <= 0x7C);
}

/* The field names and the character fields of the first records (up to
 * SCAN_BYTES of the file) of a dBase file: their text. 0 if it cannot be
 * read as one, or says its own code page. */
static int scan_dbf(const char *path, dbf_text *t)
{
    int fd = pm_open_input(path, NULL);
    if (fd < 0)
        return 0;
    unsigned char *buf = malloc(SCAN_BYTES);
    ssize_t got = buf ? pread(fd, buf, SCAN_BYTES, 0) : -1;
    close(fd);
    size_t n = got > 0 ? (size_t)got : 0;
    int ok = n >= DBF_HEAD && !ldid_east_asian(buf[29]);
    size_t head = ok ? le16(buf + 8) : 0, rec = ok ? le16(buf + 10) : 0;
    ok = ok && head > DBF_HEAD && head <= n && rec > 0;
    unsigned at[MAX_FIELDS], len[MAX_FIELDS];
    int nc = 0;
    for (size_t d = DBF_HEAD, start = 1; ok && d + DBF_FIELD <= head && buf[d] != 0x0D; d += DBF_FIELD) {
        look_at(t, (const char *)buf + d, strnlen((const char *)buf + d, 11));
        if (buf[d + 11] == 'C' && nc < MAX_FIELDS) {
            at[nc] = (unsigned)start;
            len[nc++] = buf[d + 16];
        }
        start += buf[d + 16];
    }
    for (size_t r = head; ok && r + rec <= n; r += rec)
        for (int i = 0; i < nc && at[i] + len[i] <= rec; i++)
            look_at(t, (const char *)buf + r + at[i], len[i]);
    free(buf);
    return ok;
}

/* A .cpg of the same stem among the dataset's files. */
static int has_cpg(char **files, const char *dbf)
{
    size_t stem = strlen(dbf) - 4;
    for (int i = 0; files[i]; i++)
        if (strlen(files[i]) == stem + 4 && strncmp(files[i], dbf, stem) == 0 && pm_has_ext(files[i], ".cpg"))
            return 1;
    return 0;
}

void pm_geo_encoding_hint(GDALDatasetH ds, const pm_context *ctx)
{
    GDALDriverH drv = ds ? GDALGetDatasetDriver(ds) : NULL;
    if (!drv || strcmp(GDALGetDriverShortName(drv), "ESRI Shapefile") != 0)
        return;
    char **files = GDALGetFileList(ds);
    for (int i = 0; files && files[i]; i++) {
        if (!pm_has_ext(files[i], ".dbf") || has_cpg(files, files[i]))
            continue;
        dbf_text t = {.gbk = pm_recoder_open("GBK")};
        int gbk = scan_dbf(files[i], &t) && t.not_utf8 && !t.not_gbk;
        pm_recoder_close(t.gbk);
        if (gbk)
            pm_context_log(ctx, PM_LOG_WARNING,
                           "warning: %s: its text is not UTF-8 and no .cpg names its encoding; it reads as "
                           "GBK: say \"encoding\": \"GBK\" in the layer",
                           files[i]);
    }
    CSLDestroy(files);
}
