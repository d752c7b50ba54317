/* Private to the export modules: a growing text buffer for the QML and SLD
 * documents and the filter expressions. */
#ifndef PM_EXPORT_INTERNAL_H
#define PM_EXPORT_INTERNAL_H

#include <stddef.h>

#include "pm_export.h"

typedef struct pm_sbuf {
    char *s;
    size_t len, cap;
    int nomem;        /* sticky: any failed append poisons the buffer */
} pm_sbuf;

void pm_sbuf_add(pm_sbuf *b, const char *text);
void pm_sbuf_addf(pm_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append with XML escaping (&, <, >, ", '). */
void pm_sbuf_xml(pm_sbuf *b, const char *text);
/* The text (caller frees), or NULL after an allocation failure. */
char *pm_sbuf_take(pm_sbuf *b);

/* "r,g,b,a" with 0..255 channels, as QGIS writes colours. */
void pm_sbuf_qcolor(pm_sbuf *b, pm_color c);
/* "#rrggbb" for SLD. */
void pm_sbuf_hex(pm_sbuf *b, pm_color c);

/* QGIS SimpleMarker / SLD WellKnownName of a marker shape. */
const char *pm_marker_qgis_name(pm_marker_shape shape);
const char *pm_marker_sld_name(pm_marker_shape shape);

/* Font family without a trailing " Bold"; *bold set when it had one. */
void pm_font_family(const char *font, char *family, size_t size, int *bold);

/* ---- GeoPackage and files (export_gpkg.c) ---- */

/* Create the QGIS `layer_styles` table in `ds` (a GDALDatasetH) and store each
 * layer's QML and SLD as its default style. */
pm_status pm_gpkg_write_styles(void *ds, const pm_export_layer *layers, int n, pm_error *err);

/* Vector files under `dir` (recursively, sorted, hidden files skipped) and a
 * layer name for each, "<folder>_<stem>", unique. Returns the count or -1. */
int pm_vector_files(const char *dir, char ***files, char ***names, pm_error *err);

#endif
