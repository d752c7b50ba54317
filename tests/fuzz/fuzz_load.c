/* libFuzzer harness: the loader path. The input is handed to GDAL as an
 * in-memory GeoJSON file (/vsimem/), loaded with pm_layer_load and projected
 * with pm_layer_project to an "auto" CRS centred on the layer, as pm_map does. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <cpl_vsi.h>
#include <gdal.h>

#include "pm_inputs.h"
#include "pm_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pm_geo_init();
    /* GDAL's own error printing would flood the fuzzer's output. */
    CPLSetErrorHandler(CPLQuietErrorHandler);
    return 0;
}

static void project(pm_layer *layer)
{
    double lon0 = 104.0, lat0 = 30.6;
    if (isfinite(layer->extent[0]) && isfinite(layer->extent[2])) {
        lon0 = 0.5 * (layer->extent[0] + layer->extent[2]);
        lat0 = 0.5 * (layer->extent[1] + layer->extent[3]);
    }
    pm_error err = {0};
    pm_crs *crs = pm_crs_create("auto", lon0, lat0, &err);
    if (!crs)
        return;
    if (pm_layer_project(layer, crs, &err) != PM_OK && !err.msg[0])
        __builtin_trap();
    pm_crs_destroy(crs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each input is a job of its own: inputs of earlier ones (whose files
     * are gone, their inodes and names reused) are not this one's. */
    pm_inputs_reset();
    static const char path[] = "/vsimem/fuzz.geojson";
    VSILFILE *f = VSIFileFromMemBuffer(path, (GByte *)data, (vsi_l_offset)size, FALSE);
    if (!f)
        return 0;
    VSIFCloseL(f);
    pm_error err = {0};
    pm_layer *layer = pm_layer_load(path, NULL, &err);
    if (layer) {
        project(layer);
        pm_layer_destroy(layer);
    } else if (err.status == PM_OK || !err.msg[0]) {
        __builtin_trap();
    }
    VSIUnlink(path);
    return 0;
}
