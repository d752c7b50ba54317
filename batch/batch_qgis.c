/* A batch file's atlas as a QGIS layout atlas (planmap export BATCH -o
 * MAP.qgz): the atlas's spec with its coverage layer added as a layer of
 * its own, and the QGIS expressions for the page name and the title made
 * from the atlas's templates ("zones/{id}", "{name}"). The batch file is
 * first read and checked as `planmap batch` reads it (pm_batch_load), so
 * the same mistakes give the same messages and the page count is planmap's. */
#include "batch_internal.h"
#include "pm_strings.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COVERAGE_LAYER "atlas_coverage"
#define ATLAS_MARGIN 0.1

int pm_batch_file_kind(const char *path)
{
    json_object *root = json_object_from_file(path);
    int kind = 0;
    if (root && json_object_is_type(root, json_type_object) &&
        !json_object_object_get_ex(root, "layers", NULL)) {
        if (json_object_object_get_ex(root, "atlas", NULL))
            kind = 1;
        else if (json_object_object_get_ex(root, "maps", NULL))
            kind = 2;
    }
    json_object_put(root);
    return kind;
}

static void add_quoted(pm_sbuf *b, const char *s, size_t n, char q)
{
    char one[2] = {0, 0};
    pm_sbuf_addf(b, "%c", q);
    for (size_t i = 0; i < n; i++) {
        one[0] = s[i];
        pm_sbuf_add(b, one);
        if (s[i] == q)
            pm_sbuf_add(b, one);   /* '' and "" inside QGIS quotes */
    }
    pm_sbuf_addf(b, "%c", q);
}

/* A template as QGIS text. `name`: an expression, literals quoted and each
 * field's value with every run of characters a file name does not keep
 * turned into one '-' (as planmap's file names); otherwise a label text,
 * literals as written and fields as [% %] expressions. "{}" and over-long
 * words stay as written, as batch_atlas.c's expand does. */
static char *qgis_template(const char *tpl, int name)
{
    pm_sbuf b = {0};
    int parts = 0;
    const char *lit = tpl;
    for (const char *p = tpl;; p++) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        int field = close && close > p + 1 && close - p - 1 < 128;
        if (*p && !field)
            continue;
        if (p > lit) {
            if (name) {
                if (parts++)
                    pm_sbuf_add(&b, " || ");
                add_quoted(&b, lit, (size_t)(p - lit), '\'');
            } else {
                pm_sbuf_addf(&b, "%.*s", (int)(p - lit), lit);
            }
        }
        if (!*p)
            break;
        if (name && parts++)
            pm_sbuf_add(&b, " || ");
        pm_sbuf_add(&b, name ? "regexp_replace(coalesce(to_string(" : "[% coalesce(to_string(");
        add_quoted(&b, p + 1, (size_t)(close - p - 1), '"');
        pm_sbuf_add(&b, name ? "), ''), '[^0-9A-Za-z._+[:^ascii:]-]+', '-')" : "), '') %]");
        p = close;
        lit = close + 1;
    }
    if (name && !parts)
        pm_sbuf_add(&b, "''");
    return pm_sbuf_take(&b);
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* A path of the batch file (against its folder), made absolute. */
static char *batch_relative(const char *dir, const char *path)
{
    char joined[PATH_MAX * 2], real[PATH_MAX];
    if (path[0] == '/')
        snprintf(joined, sizeof joined, "%s", path);
    else
        snprintf(joined, sizeof joined, "%s/%s", dir, path);
    return strdup(realpath(joined, real) ? real : joined);
}

/* A setting of the atlas, else of "defaults". */
static json_object *setting(json_object *atlas, json_object *defaults, const char *key)
{
    json_object *v = get(atlas, key);
    return v ? v : get(defaults, key);
}

static pm_status build(const char *path, json_object *root, pm_batch_qgis *out, pm_error *err)
{
    char *copy = strdup(path);
    if (!copy)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    char *dir = strdup(dirname(copy));
    free(copy);
    json_object *atlas = get(root, "atlas"), *defaults = get(root, "defaults");
    const char *at = "atlas";
    if (json_object_is_type(atlas, json_type_array)) {
        atlas = json_object_array_get_idx(atlas, 0);
        at = "atlas[0]";
    }
    json_object *cov = get(atlas, "coverage");
    const char *source = json_object_is_type(cov, json_type_string)
                             ? json_object_get_string(cov) : json_object_get_string(get(cov, "source"));
    char *spec_path = batch_relative(dir, json_object_get_string(get(atlas, "spec")));
    char *cov_path = batch_relative(dir, source);
    pm_status st = PM_OK;
    json_object *spec = spec_path ? json_object_from_file(spec_path) : NULL;
    json_object *layers = get(spec, "layers");
    if (!spec_path || !cov_path)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    else if (!json_object_is_type(layers, json_type_array))
        st = pm_error_set(err, PM_ERR_SPEC, "%s: %s.spec: a QGIS atlas needs a JSON map spec "
                          "with \"layers\" (%s)", path, at, spec_path);
    for (size_t i = 0; st == PM_OK && i < json_object_array_length(layers); i++) {
        const char *name = json_object_get_string(get(json_object_array_get_idx(layers, i), "name"));
        if (name && strcmp(name, COVERAGE_LAYER) == 0)
            st = pm_error_set(err, PM_ERR_SPEC, "%s: %s.spec: the spec has a layer named \"%s\", "
                              "the name the atlas's coverage layer takes", path, at,
                              COVERAGE_LAYER);
    }
    if (st == PM_OK) {
        json_object *l = json_object_new_object();
        json_object_object_add(l, "name", json_object_new_string(COVERAGE_LAYER));
        json_object_object_add(l, "source", json_object_new_string(cov_path));
        if (get(cov, "layer"))
            json_object_object_add(l, "layer", json_object_get(get(cov, "layer")));
        if (get(cov, "where"))
            json_object_object_add(l, "where", json_object_get(get(cov, "where")));
        json_object_object_add(l, "legend", json_object_new_boolean(0));
        out->atlas.coverage_layer = (int)json_object_array_length(layers);
        json_object_array_add(layers, l);
        /* The templates in the page's language (title_en folded in as
         * planmap folds the texts); they hold the title's place on the page. */
        char *title = pm_batch_both(json_object_get_string(setting(atlas, defaults, "title")),
                                    json_object_get_string(setting(atlas, defaults, "title_en")),
                                    out->lang);
        char *subtitle = pm_batch_both(
            json_object_get_string(setting(atlas, defaults, "subtitle")),
            json_object_get_string(setting(atlas, defaults, "subtitle_en")), out->lang);
        if (title)
            json_object_object_add(spec, "title", json_object_new_string(title));
        if (subtitle)
            json_object_object_add(spec, "subtitle", json_object_new_string(subtitle));
        json_object *name = get(atlas, "name"), *margin = setting(atlas, defaults, "margin");
        out->atlas.page_name = qgis_template(name ? json_object_get_string(name) : "{id}", 1);
        out->atlas.title = title ? qgis_template(title, 0) : NULL;
        out->atlas.subtitle = subtitle ? qgis_template(subtitle, 0) : NULL;
        out->atlas.margin = margin ? json_object_get_double(margin) : ATLAS_MARGIN;
        const char *text = json_object_to_json_string_ext(spec, JSON_C_TO_STRING_PLAIN);
        char *spec_dir = strdup(spec_path);
        if (!out->atlas.page_name || (title && !out->atlas.title) ||
            (subtitle && !out->atlas.subtitle) || !spec_dir)
            st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        else if (!(out->spec = pm_spec_parse_in(text, strlen(text), spec_path,
                                                dirname(spec_dir), err)))
            st = err->status ? err->status : PM_ERR_SPEC;
        free(spec_dir);
        free(title);
        free(subtitle);
    }
    json_object_put(spec);
    free(spec_path);
    free(cov_path);
    free(dir);
    return st;
}

pm_status pm_batch_qgis_load(const char *path, const pm_context *ctx, pm_batch_qgis *out,
                             pm_error *err)
{
    memset(out, 0, sizeof *out);
    pm_batch *b = pm_batch_load(path, NULL, PM_LANG_DEFAULT, ctx, err);
    if (!b)
        return err->status ? err->status : PM_ERR_SPEC;
    /* The pages: the first atlas's jobs, after the list's maps (the next
     * atlas's are on another spec or start its names again). */
    json_object *root = json_object_from_file(path);
    json_object *maps = get(root, "maps");
    int first = maps ? (int)json_object_array_length(maps) : 0;
    out->lang = first < b->n_jobs ? b->jobs[first].lang : PM_LANG_DEFAULT;
    for (int i = first; i < b->n_jobs && strcmp(b->jobs[i].spec, b->jobs[first].spec) == 0; i++)
        out->pages++;
    pm_batch_destroy(b);
    pm_status st = root ? build(path, root, out, err)
                        : pm_error_set(err, PM_ERR_IO, "%s: cannot read the batch file", path);
    json_object_put(root);
    if (st != PM_OK)
        pm_batch_qgis_free(out);
    return st;
}

void pm_batch_qgis_free(pm_batch_qgis *q)
{
    pm_spec_destroy(q->spec);
    free((char *)q->atlas.page_name);
    free((char *)q->atlas.title);
    free((char *)q->atlas.subtitle);
    memset(q, 0, sizeof *q);
}
