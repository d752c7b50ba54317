/* libFuzzer harness: colours and style rules.
 *
 * The input is split at the first newline: the first line goes to
 * pm_color_parse as it is; the rest is put into a layer's "rules" (and, if
 * that fails, its "where") and, when it parses, every rule is matched
 * against a few fake features whose property values are also taken from the
 * input, so condition matching sees odd strings, numbers and nulls. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fake_feature {
    const char *value;   /* returned for every field whose name starts like it */
    int mode;            /* 0: value for all, 1: NULL for all, 2: value if field is "kind" */
} fake_feature;

static const char *fake_get(const void *feature, const char *field)
{
    const fake_feature *f = feature;
    if (f->mode == 1)
        return NULL;
    if (f->mode == 2 && strcmp(field, "kind") != 0)
        return NULL;
    return f->value;
}

static void check_color(const char *text)
{
    pm_color c;
    if (pm_color_parse(text, &c) == 0) {
        /* A parsed colour is always a real 0..1 colour. */
        if (!(c.r >= 0 && c.r <= 1 && c.g >= 0 && c.g <= 1 && c.b >= 0 && c.b <= 1 &&
              c.a >= 0 && c.a <= 1))
            __builtin_trap();
    }
}

static void match_rules(const pm_spec *spec, const char *value)
{
    fake_feature fs[3] = {{value, 0}, {value, 1}, {value, 2}};
    for (int l = 0; l < spec->n_layers; l++) {
        const pm_layer_spec *layer = &spec->layers[l];
        for (int k = 0; k < 3; k++) {
            int r = pm_layer_spec_match(layer, fake_get, &fs[k]);
            if (r < -1 || r >= layer->n_rules)
                __builtin_trap();
            pm_conditions_match(layer->where, layer->n_where, fake_get, &fs[k]);
            pm_style s = pm_style_merge(&layer->style, r >= 0 ? &layer->rules[r].style
                                                               : &layer->style);
            (void)s;
        }
    }
}

static void try_spec(const char *fmt, const char *body, const char *value)
{
    size_t n = strlen(fmt) + strlen(body) + 1;
    char *text = malloc(n);
    if (!text)
        return;
    snprintf(text, n, fmt, body);
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), "/fuzz/style.json", &err);
    if (spec) {
        match_rules(spec, value);
        pm_spec_destroy(spec);
    } else if (err.status == PM_OK || !err.msg[0]) {
        __builtin_trap();
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *nl = strchr(text, '\n');
    char *rest = nl ? nl + 1 : text + strlen(text);
    if (nl)
        *nl = '\0';
    check_color(text);
    /* The colour line doubles as the fake property value. */
    try_spec("{\"layers\": [{\"name\": \"a\", \"source\": \"a.geojson\", \"rules\": %s}]}",
             rest, text);
    try_spec("{\"layers\": [{\"name\": \"a\", \"source\": \"a.geojson\", \"where\": %s}]}",
             rest, text);
    free(text);
    return 0;
}
