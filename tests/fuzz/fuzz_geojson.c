/* libFuzzer harness: planmap's own GeoJSON reader (geo/geojson.c).
 * Whatever the input, the reader answers or declines without a crash or a
 * sanitizer's report. With PM_FUZZ_DIFFERENTIAL=1 in the environment it is
 * also held against GDAL's reading: when it answers, GDAL reads the same
 * text (an in-memory file) to the same features, fields and values, or the
 * harness traps (mutated text finds corners of GDAL's driver: run it apart
 * from the smoke run, tests/fuzz/run.sh). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include "geojson_doc.h"
#include "load_internal.h"
#include "pm_inputs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int differential;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *d = getenv("PM_FUZZ_DIFFERENTIAL");
    differential = d && strcmp(d, "1") == 0;
    pm_geo_init();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    return 0;
}

static int same_value(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void compare(const pm_layer *own, const pm_layer *ref)
{
    if (own->n_features != ref->n_features || own->n_fields != ref->n_fields)
        __builtin_trap();
    for (int i = 0; i < own->n_features; i++) {
        const pm_feature *a = &own->features[i], *b = &ref->features[i];
        if (a->fid != b->fid || a->kind != b->kind || a->n_parts != b->n_parts)
            __builtin_trap();
        for (int k = 0; k < own->n_fields; k++)
            if (!same_value(a->values ? a->values[k] : NULL, b->values ? b->values[k] : NULL))
                __builtin_trap();
    }
}

/* GDAL picks a driver by the first bytes: text holding "<kml" or
 * "<OGRVRTDataSource" in a string goes to another driver, which fails.
 * 1 if GDAL takes `path` for GeoJSON. */
static int geojson_driver(const char *path)
{
    GDALDriverH drv = GDALIdentifyDriverEx(path, GDAL_OF_VECTOR, NULL, NULL);
    return drv && strcmp(GDALGetDriverShortName(drv), "GeoJSON") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_inputs_reset();
    char *text = malloc(size + PM_GJ_PADDING);
    if (!text)
        return 0;
    memcpy(text, data, size);
    memset(text + size, 0, PM_GJ_PADDING);
    static const char path[] = "/vsimem/fuzz.geojson";
    pm_error err = {0};
    pm_layer *own = NULL;
    int answered = pm_geojson_read_text(path, text, size, NULL, NULL, &own, &err);
    if (answered && !own && !err.msg[0])
        __builtin_trap();
    if (own && differential) {
        VSILFILE *f = VSIFileFromMemBuffer(path, (GByte *)data, (vsi_l_offset)size, FALSE);
        if (f) {
            VSIFCloseL(f);
            pm_error e2 = {0};
            pm_layer *ref = pm_load_gdal(path, NULL, NULL, &e2);
            if (!ref && geojson_driver(path))
                __builtin_trap();   /* read here, refused by GDAL */
            if (ref)   /* else another driver claimed it ("<kml" in a string) */
                compare(own, ref);
            pm_layer_destroy(ref);
            VSIUnlink(path);
        }
    }
    pm_layer_destroy(own);
    free(text);
    return 0;
}
