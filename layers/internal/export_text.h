/* Private to export.c: a layer copied from a source whose text planmap
 * converts itself (a layer's "encoding" its driver does not read, a GBK
 * CSV): its fields under their UTF-8 names, each string value converted
 * (export_text.c). A Shapefile's driver converts its own; then nothing is
 * to do and the copy goes by name as before. */
#ifndef PM_EXPORT_TEXT_H
#define PM_EXPORT_TEXT_H

#include <gdal.h>
#include <ogr_api.h>

#include "pm_encoding.h"
#include "pm_error.h"

typedef struct pm_export_text {
    pm_recoder *recode;    /* NULL: the source's text is copied as it is */
    const char *encoding;
    const char *source;    /* for messages */
    char **names;          /* each source field's name in UTF-8 */
    int *to;               /* each source field's index in the copy */
    int n;
} pm_export_text;

/* Set up for the layer `src` of `ds` read in `encoding` (NULL: as it is). */
pm_status pm_export_text_open(pm_export_text *t, GDALDatasetH ds, OGRLayerH src, const char *encoding,
                              const char *source, pm_error *err);
/* The name field i of the source gets in the copy. */
const char *pm_export_text_name(const pm_export_text *t, OGRFieldDefnH fd, int i);
/* Each source field's index in `dst`, once its fields are made. */
void pm_export_text_map(pm_export_text *t, OGRLayerH dst);
/* The index in the copy of source field i (by name when nothing converts). */
int pm_export_text_index(const pm_export_text *t, OGRFeatureH out, OGRFieldDefnH fd, int i);
/* `in`'s values into `out`, strings converted; DATA error naming the
 * feature and property for bytes that are not text in the encoding. */
pm_status pm_export_text_copy(const pm_export_text *t, OGRFeatureH in, OGRFeatureH out, long index,
                              pm_error *err);
void pm_export_text_close(pm_export_text *t);

#endif
