/* A layer's copy in the GeoPackage from a source whose text planmap
 * converts to UTF-8 (internal/export_text.h): OGR copies values by field
 * name, which the conversion changes, so the copy goes by index here. */
#include "export_text.h"

#include <stdlib.h>
#include <string.h>

#include "pm_gdal_open.h"
#include "pm_strings.h"

pm_status pm_export_text_open(pm_export_text *t, GDALDatasetH ds, OGRLayerH src, const char *encoding,
                              const char *source, pm_error *err)
{
    memset(t, 0, sizeof *t);
    t->encoding = encoding;
    t->source = source;
    pm_status st = pm_geo_recoder(ds, encoding, &t->recode, err);
    if (st != PM_OK || !t->recode)
        return st;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src);
    t->n = OGR_FD_GetFieldCount(defn);
    t->names = calloc((size_t)t->n + 1, sizeof *t->names);
    t->to = calloc((size_t)t->n + 1, sizeof *t->to);
    if (!t->names || !t->to)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", source);
    for (int i = 0; i < t->n; i++) {
        const char *raw = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        t->names[i] = pm_recoder_run(t->recode, raw, strlen(raw), NULL);
        if (!t->names[i])   /* the load refused such a name already */
            return pm_error_set(err, PM_ERR_DATA, "%s: the name of field %d is not %s text", source,
                                i + 1, encoding);
    }
    return PM_OK;
}

const char *pm_export_text_name(const pm_export_text *t, OGRFieldDefnH fd, int i)
{
    return t->recode ? t->names[i] : OGR_Fld_GetNameRef(fd);
}

void pm_export_text_map(pm_export_text *t, OGRLayerH dst)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(dst);
    for (int i = 0; t->recode && i < t->n; i++)
        t->to[i] = OGR_FD_GetFieldIndex(defn, t->names[i]);
}

int pm_export_text_index(const pm_export_text *t, OGRFeatureH out, OGRFieldDefnH fd, int i)
{
    return t->recode ? t->to[i] : OGR_F_GetFieldIndex(out, OGR_Fld_GetNameRef(fd));
}

pm_status pm_export_text_copy(const pm_export_text *t, OGRFeatureH in, OGRFeatureH out, long index,
                              pm_error *err)
{
    if (!t->recode)
        return OGR_F_SetFrom(out, in, TRUE) == OGRERR_NONE
                   ? PM_OK
                   : pm_error_set(err, PM_ERR_DATA, "%s: feature %ld: cannot copy its properties",
                                  t->source, index);
    if (OGR_F_SetFromWithMap(out, in, TRUE, t->to) != OGRERR_NONE)
        return pm_error_set(err, PM_ERR_DATA, "%s: feature %ld: cannot copy its properties", t->source,
                            index);
    for (int i = 0; i < t->n; i++) {
        OGRFieldDefnH fd = OGR_F_GetFieldDefnRef(in, i);
        if (t->to[i] < 0 || OGR_Fld_GetType(fd) != OFTString || !OGR_F_IsFieldSetAndNotNull(in, i))
            continue;
        const char *raw = OGR_F_GetFieldAsString(in, i);
        char *u = pm_recoder_run(t->recode, raw, strlen(raw), NULL);
        if (!u)
            return pm_error_set(err, PM_ERR_DATA, "%s: feature %ld: property '%s' is not %s text", t->source,
                                index, t->names[i], t->encoding);
        OGR_F_SetFieldString(out, t->to[i], u);
        free(u);
    }
    return PM_OK;
}

void pm_export_text_close(pm_export_text *t)
{
    pm_recoder_close(t->recode);
    pm_strv_free(t->names, t->n);
    free(t->to);
    memset(t, 0, sizeof *t);
}
