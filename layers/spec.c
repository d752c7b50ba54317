/* The map spec: reading the file, JSON syntax errors with line and column,
 * and the top-level keys (page, extent, legend, layers). Style keys,
 * conditions and rules are in spec_style.c. */
#include "spec_internal.h"
#include "pm_source.h"
#include "pm_file.h"
#include "pm_strings.h"
#include "pm_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A spec is a few kilobytes; anything this big is surely the wrong file. */
#define SPEC_FILE_MAX ((size_t)64 << 20)

static const char *const TOP_KEYS[] = {
    "title", "subtitle", "page", "crs", "extent", "background", "layers", "legend",
    "scale_bar", "north_arrow", "notes", "title_en", "subtitle_en", "lang", "graticule",
    "inset", "notes_en", "plan_titles_en", "theme", "images", "title_block", NULL
};
static const char *const LEGEND_KEYS[] = {"show", "title", "title_en", "position", NULL};
static const char *const INSET_KEYS[] = {"source", "where", "position", "encoding", "crs", NULL};

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pm_strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* ---- legend, notes ------------------------------------------------------ */

/* Titles and the legend's title: text that is drawn. */
static pm_status read_legend(pm_json_reader *r, json_object *v, pm_spec *spec)
{
    static const pm_json_field fields[] = {
        PM_JSON_KEY("show", pm_spec, legend, pm_json_bool_value),
        PM_JSON_KEY("title", pm_spec, legend_title, pm_spec_read_text),
        PM_JSON_KEY("title_en", pm_spec, legend_title_en, pm_spec_read_text),
        PM_JSON_KEY("position", pm_spec, legend_place, pm_spec_read_place),
        PM_JSON_END,
    };
    return pm_json_read_switch(r, v, &spec->legend,
                               "true, false or an object {\"show\", \"title\", \"title_en\", \"position\"}",
                               LEGEND_KEYS, fields, spec);
}

static pm_status read_line(pm_json_reader *r, json_object *e, size_t i, void *ctx)
{
    char **lines = ctx;
    return pm_spec_read_text(r, e, &lines[i]);
}

static pm_status read_notes(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    return PM_JSON_READ_VECTOR(r, v, "an array of strings", NULL, spec->notes, &spec->n_notes,
                               read_line, spec->notes);
}

/* The English of each note, in the same order: read after "notes", so a
 * missing or extra line is named here rather than shown untranslated. */
static pm_status read_notes_en(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    size_t n;
    if (pm_json_array(r, v, "an array of strings", NULL, &n) != PM_OK)
        return r->status;
    if (n != (size_t)spec->n_notes)
        return pm_json_fail(r, PM_ERR_SPEC, "expected one English line for each of the %d notes, got %zu",
                            spec->n_notes, n);
    if (n == 0)
        return PM_OK;
    if (!(spec->notes_en = calloc(n, sizeof *spec->notes_en)))
        return pm_json_nomem(r);
    return pm_json_each_element(r, v, read_line, spec->notes_en);
}

/* {"<plan title as the features' plan property>": "<English gloss>", ...} */
static pm_status read_plan_titles(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "an object {\"<plan title>\": \"<English gloss>\"}", v);
    size_t n = (size_t)json_object_object_length(v);
    if (n == 0)
        return PM_OK;
    if (!(spec->plan_titles = calloc(n, sizeof *spec->plan_titles)) ||
        !(spec->plan_titles_en = calloc(n, sizeof *spec->plan_titles_en)))
        return pm_json_nomem(r);
    json_object_object_foreach(v, key, val) {
        size_t mark = pm_json_push_key(r, key);
        if (!*key)
            return pm_json_fail(r, PM_ERR_SPEC, "expected a plan title, got an empty key");
        int i = spec->n_plan_titles++;
        if (!(spec->plan_titles[i] = pm_strdup(key)))
            return pm_json_nomem(r);
        if (pm_spec_read_text(r, val, &spec->plan_titles_en[i]) != PM_OK)
            return r->status;
        pm_json_pop(r, mark);
    }
    return PM_OK;
}

static pm_status read_background(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    if (pm_spec_read_color(r, v, &spec->background_color) != PM_OK)
        return r->status;
    return pm_json_read_string(r, v, 1, &spec->background);
}

/* The names of PM_LANG_ZH and on, in order. */
static const char *const LANG_NAMES[] = {"zh", "en", "zh+en", NULL};

pm_lang pm_lang_from_name(const char *name)
{
    int i = pm_name_index(name, LANG_NAMES, 0);
    return i < 0 ? PM_LANG_DEFAULT : (pm_lang)(PM_LANG_ZH + i);
}

pm_status pm_spec_read_lang(pm_json_reader *r, json_object *v, void *out)
{
    const char *what = "\"zh\", \"en\" or \"zh+en\"";
    if (!json_object_is_type(v, json_type_string))
        return pm_json_expected(r, what, v);
    pm_lang lang = pm_lang_from_name(json_object_get_string(v));
    if (lang == PM_LANG_DEFAULT)
        return pm_json_expected(r, what, v);
    *(pm_lang *)out = lang;
    return PM_OK;
}

static pm_status read_theme(pm_json_reader *r, json_object *v, void *out)
{
    static const char *const NAMES[] = {"none", "plan", NULL};
    int i = 0;
    if (pm_json_read_name(r, v, NAMES, "\"none\" or \"plan\"", &i) != PM_OK)
        return r->status;
    *(pm_theme_mode *)out = (pm_theme_mode)i;
    return PM_OK;
}

static pm_status fn_inset_where(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    return pm_spec_read_where(r, v, &spec->inset_where, &spec->n_inset_where);
}

/* "inset": {"source": "../basemap/provinces.geojson", "where": {...}} or false. */
static pm_status read_inset(pm_json_reader *r, json_object *v, void *out)
{
    pm_spec *spec = out;
    if (json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v))
        return PM_OK;
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "false or an object {\"source\", \"where\", \"position\"}", v);
    char *source = NULL;
    if (pm_json_check_keys(r, v, INSET_KEYS, NULL) != PM_OK ||
        pm_json_require(r, v, "source") != PM_OK ||
        pm_json_read_field(r, v, "source", pm_json_name_value, &source) != PM_OK ||
        pm_json_read_field(r, v, "where", fn_inset_where, spec) != PM_OK ||
        pm_json_read_field(r, v, "position", pm_spec_read_place, &spec->inset_place) != PM_OK ||
        pm_json_read_field(r, v, "encoding", pm_spec_read_encoding, &spec->inset_encoding) != PM_OK ||
        pm_json_read_field(r, v, "crs", pm_json_name_value, &spec->inset_crs) != PM_OK) {
        free(source);
        return r->status;
    }
    spec->inset_source = pm_spec_resolve_source(spec->dir, source);
    free(source);
    return spec->inset_source ? PM_OK : pm_json_nomem(r);
}

/* ---- the document ------------------------------------------------------- */

static pm_status fn_legend(pm_json_reader *r, json_object *v, void *out)
{
    return read_legend(r, v, out);
}

static void set_defaults(pm_spec *spec)
{
    pm_spec_default_page(&spec->page);
    spec->extent_mode = PM_EXTENT_AUTO;
    spec->margin = 0.06;
    spec->legend = 1;
    spec->scale_bar = PM_PLATE_AUTO;
    spec->north_arrow = PM_PLATE_AUTO;
    spec->legend_place = PM_PLATE_AUTO;
    spec->inset_place = PM_PLATE_AUTO;
    spec->background_color = (pm_color){1, 1, 1, 1};
}

#define SPEC_FIELD(member, fn) PM_JSON_FIELD(pm_spec, member, fn)

/* The keys that decide the page, the layers and the extent, in the order
 * they are read: the fit of the map on its page is checked after them. */
static const pm_json_field FRAME_FIELDS[] = {
    SPEC_FIELD(title, pm_spec_read_text),
    SPEC_FIELD(subtitle, pm_spec_read_text),
    SPEC_FIELD(page, pm_spec_read_page),
    SPEC_FIELD(crs, pm_json_name_value),
    PM_JSON_WHOLE("layers", pm_spec_read_layers),
    PM_JSON_WHOLE("extent", pm_spec_read_extent),
    PM_JSON_END,
};

/* The keys read after the fit is checked. */
static const pm_json_field OTHER_FIELDS[] = {
    PM_JSON_WHOLE("background", read_background),
    PM_JSON_WHOLE("legend", fn_legend),
    SPEC_FIELD(scale_bar, pm_spec_read_plate),
    SPEC_FIELD(north_arrow, pm_spec_read_plate),
    PM_JSON_WHOLE("notes", read_notes),
    PM_JSON_WHOLE("notes_en", read_notes_en),
    PM_JSON_WHOLE("plan_titles_en", read_plan_titles),
    SPEC_FIELD(title_en, pm_spec_read_text),
    SPEC_FIELD(subtitle_en, pm_spec_read_text),
    SPEC_FIELD(lang, pm_spec_read_lang),
    SPEC_FIELD(graticule, pm_json_bool_value),
    PM_JSON_WHOLE("inset", read_inset),
    SPEC_FIELD(theme, read_theme),
    PM_JSON_WHOLE("images", pm_spec_read_images),
    PM_JSON_WHOLE("title_block", pm_spec_read_title_block),
    PM_JSON_END,
};

static pm_status read_document(pm_json_reader *r, json_object *root, pm_spec *spec)
{
    if (!json_object_is_type(root, json_type_object))
        return pm_json_expected(r, "an object", root);
    if (pm_json_check_keys(r, root, TOP_KEYS, NULL) != PM_OK ||
        pm_json_require(r, root, "title") != PM_OK || pm_json_require(r, root, "layers") != PM_OK ||
        pm_json_read_fields(r, root, FRAME_FIELDS, spec) != PM_OK ||
        pm_spec_check_fit(r, spec) != PM_OK ||
        pm_json_read_fields(r, root, OTHER_FIELDS, spec) != PM_OK)
        return r->status;
    for (int i = 0; i < spec->n_layers; i++)
        spec->layers[i].theme = spec->theme;
    if (!spec->crs && !(spec->crs = pm_strdup("auto")))
        return pm_json_nomem(r);
    if (!spec->legend_title && !(spec->legend_title = pm_strdup("图例")))
        return pm_json_nomem(r);
    return PM_OK;
}

pm_spec *pm_spec_parse_in(const char *text, size_t len, const char *name, const char *base_dir,
                          pm_error *err)
{
    pm_json_reader r = {.file = name ? name : "<spec>", .err = err};
    pm_spec *spec = calloc(1, sizeof *spec);
    if (!spec || !(spec->path = pm_strdup(r.file)) ||
        !(spec->dir = base_dir && base_dir[0] ? pm_strdup(base_dir) : dir_of(r.file))) {
        pm_spec_destroy(spec);
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", r.file);
        return NULL;
    }
    set_defaults(spec);
    json_object *root = text ? pm_json_parse(&r, text, len) : NULL;
    if (!text)
        pm_json_fail(&r, PM_ERR_USAGE, "no spec text");
    if (r.status == PM_OK)   /* a "null" document parses to NULL */
        read_document(&r, root, spec);
    /* Kept as written: an exported GeoPackage carries it (export_meta.c). */
    if (r.status == PM_OK && root && !(spec->json = strdup(json_object_to_json_string_ext(
                                           root, JSON_C_TO_STRING_PLAIN |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE))))
        pm_json_fail(&r, PM_ERR_NOMEM, "out of memory");
    json_object_put(root);
    if (r.status != PM_OK) {
        pm_spec_destroy(spec);
        return NULL;
    }
    return spec;
}

pm_spec *pm_spec_parse(const char *text, size_t len, const char *path, pm_error *err)
{
    return pm_spec_parse_in(text, len, path, NULL, err);
}

/* A GeoPackage is told by its SQLite header, not by its name alone: a JSON
 * spec that happens to be called *.gpkg is still read as a spec. */
static int is_geopackage(const char *path)
{
    size_t n = strlen(path);
    if (n <= 5 || strcasecmp(path + n - 5, ".gpkg") != 0)
        return 0;
    int fd = pm_open_input(path, NULL);
    if (fd < 0)
        return 0;   /* the JSON reader reports why it cannot be read */
    char head[16];
    ssize_t got = read(fd, head, sizeof head);
    close(fd);
    return got == (ssize_t)sizeof head && memcmp(head, "SQLite format 3", sizeof head) == 0;
}

pm_spec *pm_spec_load(const char *path, pm_error *err)
{
    if (!path) {
        pm_error_set(err, PM_ERR_USAGE, "pm_spec_load: no spec path");
        return NULL;
    }
    pm_json_reader r = {.file = path, .err = err};
    size_t len = 0;
    /* A GeoPackage planmap exported carries its map's spec. */
    char *text = is_geopackage(path) ? pm_gpkg_spec_text(path, &len, err)
                      : pm_json_load_text(&r, SPEC_FILE_MAX, "map spec", &len);
    if (!text)
        return NULL;
    pm_spec *spec = pm_spec_parse(text, len, path, err);
    free(text);
    return spec;
}

pm_spec *pm_spec_read(FILE *f, const char *name, const char *base, pm_error *err)
{
    size_t len = 0;
    char *text = pm_read_stream(f, name, SPEC_FILE_MAX, "map spec", &len, err);
    pm_spec *spec = text ? pm_spec_parse_in(text, len, name, base, err) : NULL;
    free(text);
    return spec;
}

void pm_spec_destroy(pm_spec *spec)
{
    if (!spec)
        return;
    for (int i = 0; spec->layers && i < spec->n_layers; i++) {
        pm_layer_spec *l = &spec->layers[i];
        pm_source_memory_drop(l->source);   /* inline "data" */
        PM_FREE_ALL(l->name, l->source, l->layer, l->encoding, l->crs);
        pm_spec_conditions_free(l->where, l->n_where);
        pm_spec_style_free(&l->style);
        pm_spec_rules_free(l->rules, l->n_rules);
        pm_spec_raster_free(l->raster);
        pm_spec_classify_free(l->classify);
        pm_spec_size_by_free(l->size_by);
    }
    pm_strv_free(spec->extent_layers, spec->n_extent_layers);
    pm_strv_free(spec->notes, spec->n_notes);
    pm_strv_free(spec->notes_en, spec->n_notes);
    pm_strv_free(spec->plan_titles, spec->n_plan_titles);
    pm_strv_free(spec->plan_titles_en, spec->n_plan_titles);
    pm_spec_conditions_free(spec->inset_where, spec->n_inset_where);
    pm_spec_furniture_free(spec);
    PM_FREE_ALL(spec->layers, spec->json, spec->legend_title_en, spec->path, spec->dir, spec->title,
                spec->subtitle, spec->crs, spec->legend_title, spec->background, spec->title_en,
                spec->subtitle_en, spec->inset_source, spec->inset_encoding, spec->inset_crs, spec);
}
