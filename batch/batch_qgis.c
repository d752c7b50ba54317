/* A batch file's atlas as a QGIS layout atlas (planmap export BATCH -o
 * MAP.qgz): the atlas's spec with its coverage layer added as a layer of
 * its own, and the QGIS expressions for the page name and the title made
 * from the atlas's templates ("zones/{id}", "{name}"). The batch file is
 * first read and checked as `planmap batch` reads it (pm_batch_load), so
 * the same mistakes give the same messages and the page count is planmap's. */
#include "batch_internal.h"
#include "pm_alloc.h"
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

/* The page name: the name template as an expression, and the "-2", "-3"
 * planmap batch added to names that came out the same, page by page (an
 * array QGIS indexes by the feature's id), when it added any. */
static char *page_name(const char *tpl, const pm_batch_job *jobs, int n)
{
    char *base = qgis_template(tpl, 1);
    int dup = 0;
    for (int i = 0; i < n; i++)
        dup |= jobs[i].name_dup > 0;
    if (!base || !dup)
        return base;
    pm_sbuf b = {0};
    pm_sbuf_addf(&b, "(%s) || array(", base);
    for (int i = 0; i < n; i++) {
        if (jobs[i].name_dup > 0)
            pm_sbuf_addf(&b, "%s'-%d'", i ? ", " : "", jobs[i].name_dup);
        else
            pm_sbuf_addf(&b, "%s''", i ? ", " : "");
    }
    /* The coverage table holds the pages in order, numbered from 1. */
    pm_sbuf_add(&b, ")[$id - 1]");
    free(base);
    return pm_sbuf_take(&b);
}

/* What one atlas entry gives the project: its coverage as one more layer
 * of the spec (`layers`), named `name`, and its layout. */
typedef struct atlas_entry {
    json_object *json;
    char at[24];                  /* "atlas", "atlas[1]" */
    char *spec_path;
    const pm_batch_job *jobs;     /* its pages */
    int n_jobs;
} atlas_entry;

/* The pages as planmap batch draws them (pm_map_page_init's overrides),
 * owned by `qa`: the jobs go with the batch. One block: the overrides, then
 * their boxes. */
static int add_pages(pm_qgis_atlas *qa, const atlas_entry *e)
{
    size_t n = (size_t)e->n_jobs;
    pm_map_overrides *pages = calloc(n, sizeof *pages + 4 * sizeof(double));
    if (!pages)
        return -1;
    double *boxes = (double *)(pages + n);
    qa->pages = pages;
    qa->n_pages = e->n_jobs;
    for (size_t i = 0; i < n; i++) {
        const pm_batch_job *j = &e->jobs[i];
        pages[i].margin = j->margin;
        if (j->has_extent) {
            memcpy(boxes + 4 * i, j->extent, sizeof j->extent);
            pages[i].bbox = boxes + 4 * i;
        }
        if ((j->title && !(pages[i].title = strdup(j->title))) ||
            (j->subtitle && !(pages[i].subtitle = strdup(j->subtitle))))
            return -1;
    }
    return 0;
}

static pm_status add_atlas(const char *path, const char *dir, const atlas_entry *e,
                           json_object *defaults, json_object *layers, const char *name,
                           int several, pm_qgis_atlas *qa, char **title, char **subtitle,
                           pm_error *err)
{
    json_object *cov = get(e->json, "coverage");
    const char *source = json_object_is_type(cov, json_type_string)
                             ? json_object_get_string(cov) : json_object_get_string(get(cov, "source"));
    char *cov_path = batch_relative(dir, source);
    json_object *l = json_object_new_object();
    json_object_object_add(l, "name", json_object_new_string(name));
    json_object_object_add(l, "source", json_object_new_string(cov_path ? cov_path : ""));
    if (get(cov, "layer"))
        json_object_object_add(l, "layer", json_object_get(get(cov, "layer")));
    if (get(cov, "where"))
        json_object_object_add(l, "where", json_object_get(get(cov, "where")));
    if (get(cov, "encoding"))   /* read as the batch reads it */
        json_object_object_add(l, "encoding", json_object_get(get(cov, "encoding")));
    if (get(cov, "crs"))
        json_object_object_add(l, "crs", json_object_get(get(cov, "crs")));
    json_object_object_add(l, "legend", json_object_new_boolean(0));
    qa->coverage_layer = (int)json_object_array_length(layers);
    json_object_array_add(layers, l);
    free(cov_path);
    /* The templates in the page's language (title_en folded in as planmap
     * folds the texts). */
    pm_lang lang = e->n_jobs ? e->jobs[0].lang : PM_LANG_DEFAULT;
    json_object *atlas = e->json;
    *title = pm_batch_both(json_object_get_string(setting(atlas, defaults, "title")),
                           json_object_get_string(setting(atlas, defaults, "title_en")), lang);
    *subtitle = pm_batch_both(json_object_get_string(setting(atlas, defaults, "subtitle")),
                              json_object_get_string(setting(atlas, defaults, "subtitle_en")),
                              lang);
    json_object *tpl = get(atlas, "name"), *margin = setting(atlas, defaults, "margin");
    qa->layout = strdup(several ? e->at : "planmap");
    qa->page_name = page_name(tpl ? json_object_get_string(tpl) : "{id}", e->jobs, e->n_jobs);
    qa->title = *title ? qgis_template(*title, 0) : NULL;
    qa->subtitle = *subtitle ? qgis_template(*subtitle, 0) : NULL;
    qa->margin = margin ? json_object_get_double(margin) : ATLAS_MARGIN;
    /* Its own resolution or size, as planmap batch draws its pages, and
     * each page's title and box, so the layout places each page's parts as
     * planmap does. */
    if (e->n_jobs && add_pages(qa, e) != 0)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (e->n_jobs) {
        qa->dpi = e->jobs[0].dpi;
        qa->width_px = e->jobs[0].width_px;
        qa->height_px = e->jobs[0].height_px;
    }
    if (!qa->layout || !qa->page_name || (*title && !qa->title) || (*subtitle && !qa->subtitle))
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    return PM_OK;
}

/* The spec's layers may not take a coverage layer's name. */
static pm_status check_names(const char *path, const char *at, json_object *layers, int n,
                             pm_error *err)
{
    for (size_t i = 0; i < json_object_array_length(layers); i++) {
        const char *name = json_object_get_string(get(json_object_array_get_idx(layers, i), "name"));
        if (name && strncmp(name, COVERAGE_LAYER, strlen(COVERAGE_LAYER)) == 0 &&
            (name[strlen(COVERAGE_LAYER)] == '\0' ||
             (name[strlen(COVERAGE_LAYER)] == '_' && n > 1)))
            return pm_error_set(err, PM_ERR_SPEC, "%s: %s.spec: the spec has a layer named \"%s\", "
                                "the name an atlas's coverage layer takes", path, at, name);
    }
    return PM_OK;
}

static pm_status build(const char *path, json_object *root, atlas_entry *entries, int n,
                       pm_batch_qgis *out, pm_error *err)
{
    char *copy = strdup(path);
    if (!copy)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    char *dir = strdup(dirname(copy));
    free(copy);
    json_object *defaults = get(root, "defaults");
    pm_status st = PM_OK;
    for (int k = 0; k < n && st == PM_OK; k++) {
        entries[k].spec_path = batch_relative(dir, json_object_get_string(get(entries[k].json, "spec")));
        if (!entries[k].spec_path)
            st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        else if (k > 0 && strcmp(entries[k].spec_path, entries[0].spec_path) != 0)
            st = pm_error_set(err, PM_ERR_USAGE, "%s: %s.spec: %s, another map than %s.spec (%s); a "
                              "QGIS project holds one map's layers: export the atlases of each "
                              "spec from a batch file of their own", path, entries[k].at,
                              entries[k].spec_path, entries[0].at, entries[0].spec_path);
    }
    const char *spec_path = entries[0].spec_path;
    json_object *spec = st == PM_OK ? json_object_from_file(spec_path) : NULL;
    json_object *layers = get(spec, "layers");
    if (st == PM_OK && !json_object_is_type(layers, json_type_array))
        st = pm_error_set(err, PM_ERR_SPEC, "%s: %s.spec: a QGIS atlas needs a JSON map spec "
                          "with \"layers\" (%s)", path, entries[0].at, spec_path);
    if (st == PM_OK)
        st = check_names(path, entries[0].at, layers, n, err);
    out->atlases = st == PM_OK ? calloc((size_t)n, sizeof *out->atlases) : NULL;
    if (st == PM_OK && !out->atlases)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    for (int k = 0; st == PM_OK && k < n; k++) {
        char name[64], *title = NULL, *subtitle = NULL;
        snprintf(name, sizeof name, k ? COVERAGE_LAYER "_%d" : COVERAGE_LAYER, k + 1);
        out->n_atlases++;
        st = add_atlas(path, dir, &entries[k], defaults, layers, name, n > 1,
                       &out->atlases[k], &title, &subtitle, err);
        /* The first atlas's titles hold the title's place on the page. */
        if (st == PM_OK && k == 0 && title)
            json_object_object_add(spec, "title", json_object_new_string(title));
        if (st == PM_OK && k == 0 && subtitle)
            json_object_object_add(spec, "subtitle", json_object_new_string(subtitle));
        free(title);
        free(subtitle);
    }
    if (st == PM_OK) {
        const char *text = json_object_to_json_string_ext(spec, JSON_C_TO_STRING_PLAIN);
        char *spec_dir = strdup(spec_path);
        if (!spec_dir)
            st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
        else if (!(out->spec = pm_spec_parse_in(text, strlen(text), spec_path,
                                                dirname(spec_dir), err)))
            st = err->status ? err->status : PM_ERR_SPEC;
        free(spec_dir);
    }
    json_object_put(spec);
    free(dir);
    return st;
}

/* The atlas entries of the batch file, each with its pages: the jobs after
 * the list's maps, an atlas's first page numbered 1. */
static int atlas_entries(json_object *root, const pm_batch *b, atlas_entry **out)
{
    json_object *atlas = get(root, "atlas");
    int array = json_object_is_type(atlas, json_type_array);
    int n = array ? (int)json_object_array_length(atlas) : 1;
    atlas_entry *e = calloc((size_t)n + 1, sizeof *e);
    *out = e;
    if (!e)
        return -1;
    for (int k = 0; k < n; k++) {
        e[k].json = array ? json_object_array_get_idx(atlas, (size_t)k) : atlas;
        snprintf(e[k].at, sizeof e[k].at, array ? "atlas[%d]" : "atlas", k);
    }
    int k = -1;
    for (int i = 0; i < b->n_jobs; i++) {
        if (b->jobs[i].atlas_page == 1)
            k++;
        if (b->jobs[i].atlas_page < 1 || k < 0 || k >= n)
            continue;
        if (!e[k].jobs)
            e[k].jobs = &b->jobs[i];
        e[k].n_jobs++;
    }
    return k + 1 == n ? n : -2;
}

pm_status pm_batch_qgis_load(const char *path, const pm_context *ctx, pm_batch_qgis *out,
                             pm_error *err)
{
    memset(out, 0, sizeof *out);
    pm_batch *b = pm_batch_load(path, NULL, PM_LANG_DEFAULT, ctx, err);
    if (!b)
        return err->status ? err->status : PM_ERR_SPEC;
    json_object *root = json_object_from_file(path);
    atlas_entry *entries = NULL;
    int n = root ? atlas_entries(root, b, &entries) : 0;
    pm_status st = PM_OK;
    if (!root)
        st = pm_error_set(err, PM_ERR_IO, "%s: cannot read the batch file", path);
    else if (n == -1)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    else if (n < 0)   /* its pages cannot be told from the next atlas's */
        st = pm_error_set(err, PM_ERR_DATA, "%s: an atlas has no pages (no feature of its "
                          "coverage is kept): a QGIS atlas needs one", path);
    for (int k = 0; st == PM_OK && k < n; k++) {
        out->pages += entries[k].n_jobs;
        if (k == 0 && entries[k].n_jobs)
            out->lang = entries[k].jobs[0].lang;
    }
    if (st == PM_OK)
        st = build(path, root, entries, n, out, err);
    for (int k = 0; entries && k < n; k++)
        free(entries[k].spec_path);
    free(entries);
    json_object_put(root);
    pm_batch_destroy(b);
    if (st != PM_OK)
        pm_batch_qgis_free(out);
    return st;
}

void pm_batch_qgis_free(pm_batch_qgis *q)
{
    pm_spec_destroy(q->spec);
    for (int k = 0; k < q->n_atlases; k++) {
        pm_qgis_atlas *a = &q->atlases[k];
        PM_FREE_ALL((char *)a->layout, (char *)a->page_name, (char *)a->title,
                    (char *)a->subtitle);
        for (int i = 0; i < a->n_pages; i++)
            PM_FREE_ALL((char *)a->pages[i].title, (char *)a->pages[i].subtitle);
        free((void *)a->pages);   /* and their boxes */
    }
    free(q->atlases);
    memset(q, 0, sizeof *q);
}
