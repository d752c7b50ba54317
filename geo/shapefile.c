/* pm_shp_index — what planmap's Shapefile reader (shapefile.h) needs to
 * know of a .shp before its records: the three files' headers checked
 * against each other, and what GDAL says of the layer, asked once with the
 * dataset closed again before anything is drawn. */
#include "shapefile.h"

#include <cpl_error.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_file.h"
#include "pm_guard.h"

enum { SHP_HEAD = 100, DBF_HEAD = 32, DBF_FIELD = 32 };

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static unsigned le32(const unsigned char *p)
{
    return (unsigned)p[3] << 24 | (unsigned)p[2] << 16 | (unsigned)p[1] << 8 | p[0];
}

void pm_shp_index_close(pm_shp_index *ix)
{
    if (!ix)
        return;
    free(ix->shp);
    free(ix->shx);
    free(ix->dbf);
    free(ix->fields);
    pm_strv_free(ix->names, ix->n_fields);
    free(ix->layer);
    free(ix->encoding);
    if (ix->srs)
        OSRRelease(ix->srs);
    free(ix);
}

/* `shp` with its extension (.shp or .SHP) swapped for `ext` in the same
 * case; NULL when out of memory. */
static char *sibling(const char *shp, const char *ext)
{
    size_t n = strlen(shp);
    char *s = pm_strdup(shp);
    if (!s || n < 4)
        return s;
    int upper = shp[n - 3] == 'S';
    for (int i = 0; i < 3; i++)
        s[n - 3 + i] = upper ? (char)(ext[i] - 'a' + 'A') : ext[i];
    return s;
}

/* `n` bytes at the start of `path`, and the file's size; 0 or -1. */
static int read_head(const char *path, unsigned char *buf, size_t n, long long *size)
{
    FILE *f = pm_fopen_input(path, NULL);
    if (!f)
        return -1;
    int ok = fread(buf, 1, n, f) == n && fseek(f, 0, SEEK_END) == 0;
    *size = ok ? (long long)ftell(f) : -1;
    fclose(f);
    return ok && *size >= (long long)n ? 0 : -1;
}

/* Shape types this reader reads: null, point, arc, polygon, multipoint, in
 * 2D, Z and M. */
static int known_type(unsigned t)
{
    unsigned base = t % 10;
    return t <= 28 && (base == 1 || base == 3 || base == 5 || base == 8) && (t < 10 || t > 10);
}

/* The .shp's and .shx's headers: the shape type, the record count. */
static int read_shapes(pm_shp_index *ix)
{
    unsigned char h[SHP_HEAD];
    long long size = 0, shx_size = 0;
    if (read_head(ix->shp, h, sizeof h, &size) != 0 || be32(h) != 9994 || le32(h + 28) != 1000 ||
        (long long)be32(h + 24) * 2 != size || !known_type(le32(h + 32)))
        return -1;
    ix->type = (int)le32(h + 32);
    if (read_head(ix->shx, h, sizeof h, &shx_size) != 0 || be32(h) != 9994 ||
        (long long)be32(h + 24) * 2 != shx_size || (shx_size - SHP_HEAD) % 8 != 0 ||
        (int)le32(h + 32) != ix->type)
        return -1;
    ix->records = (shx_size - SHP_HEAD) / 8;
    return 0;
}

/* The .dbf's header: its fields' places and sizes, as many records as the
 * .shx. */
static int read_table(pm_shp_index *ix)
{
    unsigned char h[DBF_HEAD], d[DBF_FIELD];
    long long size = 0;
    if (read_head(ix->dbf, h, sizeof h, &size) != 0)
        return -1;
    ix->dbf_header = h[8] | h[9] << 8;
    ix->dbf_record = h[10] | h[11] << 8;
    int n = (ix->dbf_header - DBF_HEAD - 1) / DBF_FIELD;
    if ((long long)le32(h + 4) != ix->records || n < 0 || ix->dbf_record < 1 ||
        size < ix->dbf_header + ix->records * ix->dbf_record)
        return -1;
    FILE *f = pm_fopen_input(ix->dbf, NULL);
    ix->fields = calloc((size_t)n + 1, sizeof *ix->fields);
    int offset = 1, ok = f && ix->fields && fseek(f, DBF_HEAD, SEEK_SET) == 0;
    for (int i = 0; ok && i < n; i++) {
        if (fread(d, 1, sizeof d, f) != sizeof d || d[0] == 0x0D) {
            n = i;
            break;
        }
        /* shapelib: a number's second byte is its decimals, any other
         * field's the high byte of its size. */
        int numeric = d[11] == 'N' || d[11] == 'F';
        ix->fields[i].offset = offset;
        ix->fields[i].dbf_type = (char)d[11];
        ix->fields[i].size = numeric ? d[16] : d[16] | d[17] << 8;
        offset += ix->fields[i].size;
    }
    if (f)
        fclose(f);
    ix->n_fields = n;
    return ok && offset <= ix->dbf_record ? 0 : -1;
}

/* What GDAL says of the layer: its name, fields (which must be the .dbf's,
 * in its order), CRS, encoding and extent. */
static int ask_gdal(pm_shp_index *ix, const char *path, const pm_load_options *opts)
{
    GDALDatasetH ds = pm_geo_open_as(path, opts ? opts->encoding : NULL, NULL);
    OGRLayerH layer = ds ? pm_geo_pick_layer(ds, path, opts ? opts->layer_name : NULL, NULL) : NULL;
    OGRFeatureDefnH defn = layer ? OGR_L_GetLayerDefn(layer) : NULL;
    int ok = defn && GDALDatasetGetLayerCount(ds) == 1 && OGR_FD_GetFieldCount(defn) == ix->n_fields;
    ix->names = ok ? calloc((size_t)ix->n_fields + 1, sizeof *ix->names) : NULL;
    ok = ok && ix->names && (ix->layer = pm_strdup(OGR_L_GetName(layer))) != NULL;
    for (int i = 0; ok && i < ix->n_fields; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        pm_shp_field *f = &ix->fields[i];
        f->ogr_type = (int)OGR_Fld_GetType(fd);
        f->precision = OGR_Fld_GetPrecision(fd);
        f->readable = pm_shp_readable(f->dbf_type, f->ogr_type, (int)OGR_Fld_GetSubType(fd)) &&
                      OGR_Fld_GetWidth(fd) > 0;
        ok = (ix->names[i] = pm_strdup(OGR_Fld_GetNameRef(fd))) != NULL;
    }
    const char *enc = layer ? GDALGetMetadataItem((GDALMajorObjectH)layer, "SOURCE_ENCODING", "SHAPEFILE") : NULL;
    ok = ok && (ix->encoding = pm_strdup(enc ? enc : "")) != NULL;
    /* A CRS the spec gives spares the .prj (and GDAL's import of it). */
    OGRSpatialReferenceH srs = NULL;
    ok = ok && pm_geo_layer_srs(layer, opts ? opts->crs : NULL, &srs, NULL) == PM_OK;
    if (ok && srs)
        ok = (ix->srs = OSRClone(srs)) != NULL;
    if (srs)
        OSRRelease(srs);
    OGREnvelope e = {0};
    if (ok) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        ix->extent_known = OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE;
        CPLPopErrorHandler();
        ix->extent[0] = e.MinX, ix->extent[1] = e.MinY, ix->extent[2] = e.MaxX, ix->extent[3] = e.MaxY;
    }
    if (ds)
        GDALClose(ds);
    CPLErrorReset();
    return ok ? 0 : -1;
}

pm_shp_index *pm_shp_index_open(const char *path, const pm_load_options *opts)
{
    if (!path || !pm_has_ext(path, ".shp") || strncmp(path, "/vsi", 4) == 0 ||
        (opts && opts->where && opts->where[0]) || pm_check_source(path, NULL) != PM_OK)
        return NULL;
    pm_shp_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->shp = pm_strdup(path)) || !(ix->shx = sibling(path, "shx")) ||
        !(ix->dbf = sibling(path, "dbf")) || read_shapes(ix) != 0 || read_table(ix) != 0 ||
        ask_gdal(ix, path, opts) != 0) {
        pm_shp_index_close(ix);
        return NULL;
    }
    return ix;
}
