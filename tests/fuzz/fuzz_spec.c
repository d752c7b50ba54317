/* libFuzzer harness: the map spec parser (pm_spec_parse) on arbitrary bytes.
 * A parsed spec is also walked the way pm_map walks it (fields each layer
 * needs), so half-filled structures left by an error path are exercised too. */
#include <stddef.h>
#include <stdint.h>

#include "pm_spec_data.h"
#include "pm_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse((const char *)data, size, "/fuzz/map.json", &err);
    if (!spec) {
        /* Every refusal must say why, on one line. */
        if (err.status == PM_OK || err.msg[0] == '\0')
            __builtin_trap();
        return 0;
    }
    for (int i = 0; i < spec->n_layers; i++) {
        char **fields = NULL;
        int n = pm_layer_spec_fields(&spec->layers[i], &fields);
        pm_strv_free(fields, n);
    }
    pm_spec_destroy(spec);
    return 0;
}
