/* Reading a batch file: maps with overrides, atlases expanded into one job
 * per coverage feature. The file is read by the one JSON reader
 * (core/pm_json.h), so it gets the same strict typed reading: a syntax
 * error at its line:column, a wrong value at its JSON path ("<file>:
 * maps[3].dpi: expected a number from 36 to 1200, got 0"), unknown keys
 * refused; any of these stops the batch. A problem with one map only (an
 * output name that leaves the output folder, a template naming a missing
 * property) marks that job, so the others still run. */
#include "batch_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec_reader.h"
#include "pm_alloc.h"
#include "pm_strings.h"

/* A batch file is a few kilobytes even for hundreds of maps. */
#define BATCH_FILE_MAX ((size_t)16 << 20)

/* The spec reader first, so a value reader's pm_json_reader * is this. */
typedef struct reader {
    pm_json_reader r;
    const char *dir;      /* batch file folder, anchors relative paths */
    pm_batch *b;
    pm_lang lang;         /* planmap batch --lang (PM_LANG_DEFAULT: none) */
    const pm_context *ctx;  /* reads the atlas coverages */
} reader;

static char *join(const char *dir, const char *path)
{
    if (path[0] == '/' || !dir || !*dir)
        return strdup(path);
    size_t n = strlen(dir) + strlen(path) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, path);
    return s;
}

int pm_batch_name_ok(const char *name)
{
    if (!name || !*name || name[0] == '/')
        return -1;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if ((n == 2 && p[0] == '.' && p[1] == '.') || n == 0)
            return -1;
        p += n;
        if (*p == '/')
            p++;
    }
    return 0;
}

void pm_batch_job_fail(pm_batch_job *j, const char *fmt, ...)
{
    if (j->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    j->error = pm_vformat(fmt, ap);
    va_end(ap);
}

/* ---- values ---------------------------------------------------------------- */

/* Titles: drawn, so within the text bound of pm_text.h. */
pm_status pm_batch_read_title(pm_json_reader *r, json_object *v, void *out)
{
    if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0)
        return pm_json_read_string(r, v, 1, out);   /* "expected a non-empty string" */
    return pm_spec_read_text(r, v, out);
}

/* A file or folder named in the batch file: non-empty, against its folder. */
pm_status pm_batch_read_path(pm_json_reader *r, json_object *v, void *out)
{
    char *s = NULL;
    if (pm_json_read_string(r, v, 1, &s) != PM_OK)
        return r->status;
    char *joined = join(((reader *)r)->dir, s);
    free(s);
    if (!joined)
        return pm_json_nomem(r);
    free(*(char **)out);
    *(char **)out = joined;
    return PM_OK;
}

/* ---- the settings a map entry, an atlas or "defaults" may give ------------ */

#define SETTING_KEYS "title", "subtitle", "title_en", "subtitle_en", "extent", "margin", "dpi", "width", "height", \
                     "lang", "outputs"

static pm_status fn_outputs(pm_json_reader *r, json_object *v, void *out)
{
    static const struct { const char *name; unsigned bit; } kinds[] = {
        {"png", PM_OUT_PNG}, {"svg", PM_OUT_SVG}, {"pdf", PM_OUT_PDF}, {"tif", PM_OUT_TIFF},
        {"tiff", PM_OUT_TIFF}, {"world", PM_OUT_WORLD}};
    const char *what = "a non-empty array such as [\"png\", \"pdf\"]";
    size_t n;
    if (pm_json_array(r, v, what, what, &n) != PM_OK)
        return r->status;
    unsigned bits = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        unsigned bit = 0;
        for (size_t k = 0; json_object_is_type(e, json_type_string) &&
                           k < sizeof kinds / sizeof kinds[0]; k++)
            if (strcmp(json_object_get_string(e), kinds[k].name) == 0)
                bit = kinds[k].bit;
        if (!bit) {
            pm_json_push_index(r, (int)i);
            return pm_json_expected(r, "\"png\", \"svg\", \"pdf\", \"tiff\" or \"world\"", e);
        }
        bits |= bit;
    }
    if (bits == PM_OUT_WORLD)
        bits |= PM_OUT_PNG;
    *(unsigned *)out = bits;
    return PM_OK;
}

static pm_status fn_extent(pm_json_reader *r, json_object *v, void *out)
{
    pm_batch_job *j = out;
    if (pm_spec_read_bbox(r, v, j->extent) != PM_OK)
        return r->status;
    j->has_extent = 1;
    return PM_OK;
}

#define JOB_FIELD(member, fn) PM_JSON_FIELD(pm_batch_job, member, fn)

/* The settings a map entry, an atlas or "defaults" may give, in the order
 * they are read. */
static const pm_json_field SETTING_FIELDS[] = {
    JOB_FIELD(title, pm_spec_read_text),
    JOB_FIELD(subtitle, pm_spec_read_text),
    JOB_FIELD(title_en, pm_spec_read_text),
    JOB_FIELD(subtitle_en, pm_spec_read_text),
    PM_JSON_WHOLE("extent", fn_extent),
    PM_JSON_NUMBER_FIELD(pm_batch_job, margin, 0, 10),
    JOB_FIELD(dpi, pm_spec_read_dpi),
    PM_JSON_KEY("width", pm_batch_job, width_px, pm_spec_read_pixels),
    PM_JSON_KEY("height", pm_batch_job, height_px, pm_spec_read_pixels),
    JOB_FIELD(lang, pm_spec_read_lang),
    JOB_FIELD(outputs, fn_outputs),
    PM_JSON_END,
};

/* The settings of object `obj` over `j`; `keys` are all the object may hold. */
static pm_status read_settings(pm_json_reader *r, json_object *obj, const char *const *keys,
                               const char *what, pm_batch_job *j)
{
    if (!json_object_is_type(obj, json_type_object))
        return pm_json_expected(r, what, obj);
    if (pm_json_check_keys(r, obj, keys, NULL) != PM_OK)
        return r->status;
    if (pm_json_read_fields(r, obj, SETTING_FIELDS, j) != PM_OK)
        return r->status;
    pm_lang forced = ((reader *)r)->lang;   /* the command line's wins */
    if (forced != PM_LANG_DEFAULT)
        j->lang = forced;
    return PM_OK;
}

char *pm_batch_both(const char *zh, const char *en, pm_lang lang)
{
    const char *one = lang == PM_LANG_EN && en && *en ? en : zh;
    if (lang != PM_LANG_ZH_EN || !en || !*en || !zh || strcmp(zh, en) == 0)
        return one ? strdup(one) : NULL;
    size_t n = strlen(zh) + strlen(en) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s\n%s", zh, en);
    return s;
}

/* One text in the page's language: a title_en without a title replaces the
 * spec's title in English only. */
static int fold(char **zh, char **en, pm_lang lang)
{
    if (!*en)
        return 0;
    char *t = pm_batch_both(*zh, *en, lang);
    int failed = !t && (*zh || lang == PM_LANG_EN);
    free(*zh), free(*en);
    *zh = t;
    *en = NULL;
    return failed ? -1 : 0;
}

int pm_batch_job_fold_lang(pm_batch_job *j)
{
    int failed = fold(&j->title, &j->title_en, j->lang);
    return fold(&j->subtitle, &j->subtitle_en, j->lang) || failed ? -1 : 0;
}

void pm_batch_job_free(pm_batch_job *j)
{
    PM_FREE_ALL(j->name, j->spec, j->title, j->subtitle, j->title_en, j->subtitle_en, j->error);
}

static int dup_field(char **field)
{
    if (*field && !(*field = strdup(*field)))
        return -1;
    return 0;
}

/* The defaults with strings of their own (NULL when out of memory). */
static pm_status job_copy(pm_json_reader *r, const pm_batch_job *d, pm_batch_job *j)
{
    *j = *d;
    j->name = j->spec = j->error = NULL;
    /* Each is copied or set to NULL, so job_free can free them all. */
    char **texts[] = {&j->title, &j->subtitle, &j->title_en, &j->subtitle_en};
    int failed = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (failed)
            *texts[i] = NULL;
        else
            failed = dup_field(texts[i]);
    if (failed) {
        pm_batch_job_free(j);
        return pm_json_nomem(r);
    }
    return PM_OK;
}

int pm_batch_add_job(pm_batch *b, pm_batch_job *j)
{
    if (pm_array_grow(&b->jobs, b->n_jobs, &b->cap_jobs, sizeof *b->jobs, 16) != 0) {
        pm_batch_job_free(j);
        return -1;
    }
    b->jobs[b->n_jobs++] = *j;
    return 0;
}

/* ---- map entries ----------------------------------------------------------- */

/* "<stem>" of a spec path: the default output name. */
static char *stem_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *s = malloc(n + 1);
    if (s)
        snprintf(s, n + 1, "%.*s", (int)n, base);
    return s;
}

/* Map entry `i` (an element reader: `ctx` is the defaults). */
static pm_status read_map(pm_json_reader *r, json_object *m, size_t i, void *ctx)
{
    static const char *const keys[] = {"spec", "name", SETTING_KEYS, NULL};
    const pm_batch_job *defaults = ctx;
    pm_batch_job j;
    (void)i;
    if (job_copy(r, defaults, &j) != PM_OK)
        return r->status;
    if (read_settings(r, m, keys, "an object such as {\"spec\": \"map.json\"}", &j) != PM_OK ||
        pm_json_require(r, m, "spec") != PM_OK ||
        pm_json_read_field(r, m, "spec", pm_batch_read_path, &j.spec) != PM_OK ||
        pm_json_read_field(r, m, "name", pm_json_name_value, &j.name) != PM_OK ||
        (!j.name && !(j.name = stem_of(j.spec)) && pm_json_nomem(r) != PM_OK)) {
        pm_batch_job_free(&j);
        return r->status;
    }
    if (pm_batch_job_fold_lang(&j) != 0) {
        pm_batch_job_free(&j);
        return pm_json_nomem(r);
    }
    if (pm_batch_name_ok(j.name) != 0)
        pm_batch_job_fail(&j, "output name \"%s\" leaves the output folder", j.name);
    return pm_batch_add_job(((reader *)r)->b, &j) == 0 ? PM_OK : pm_json_nomem(r);
}

/* ---- atlas entries --------------------------------------------------------- */

static const char *const COVERAGE_KEYS[] = {"source", "layer", "where", "encoding", "crs", NULL};

static pm_status fn_where(pm_json_reader *r, json_object *v, void *out)
{
    pm_batch_atlas *a = out;
    return pm_spec_read_where(r, v, &a->where, &a->n_where);
}

/* "coverage": "zones.geojson" or {"source", "layer", "where", "encoding", "crs"}. */
static pm_status fn_coverage(pm_json_reader *r, json_object *v, void *out)
{
    pm_batch_atlas *a = out;
    if (json_object_is_type(v, json_type_string))
        return pm_batch_read_path(r, v, &a->source);
    if (!json_object_is_type(v, json_type_object))
        return pm_json_expected(r, "a vector file, or {\"source\", \"layer\", \"where\"}", v);
    if (pm_json_check_keys(r, v, COVERAGE_KEYS, NULL) != PM_OK ||
        pm_json_require(r, v, "source") != PM_OK ||
        pm_json_read_field(r, v, "source", pm_batch_read_path, &a->source) != PM_OK ||
        pm_json_read_field(r, v, "layer", pm_json_name_value, &a->layer) != PM_OK ||
        pm_json_read_field(r, v, "where", fn_where, a) != PM_OK ||
        pm_json_read_field(r, v, "encoding", pm_spec_read_encoding, &a->encoding) != PM_OK ||
        pm_json_read_field(r, v, "crs", pm_json_name_value, &a->crs) != PM_OK)
        return r->status;
    return PM_OK;
}

static void atlas_free(pm_batch_atlas *a)
{
    PM_FREE_ALL(a->spec, a->source, a->layer, a->name, a->encoding, a->crs);
    pm_spec_conditions_free(a->where, a->n_where);
}

/* Atlas entry `i` (an element reader: `ctx` is the defaults). */
static pm_status read_atlas(pm_json_reader *r, json_object *v, size_t i, void *ctx)
{
    static const char *const keys[] = {"spec", "coverage", "name", SETTING_KEYS, NULL};
    const pm_batch_job *defaults = ctx;
    pm_batch_atlas a = {.at = r->path};
    pm_batch_job j;
    (void)i;
    if (job_copy(r, defaults, &j) != PM_OK)
        return r->status;
    if (read_settings(r, v, keys, "an object such as {\"spec\", \"coverage\"}", &j) == PM_OK &&
        pm_json_require(r, v, "spec") == PM_OK && pm_json_require(r, v, "coverage") == PM_OK &&
        pm_json_read_field(r, v, "spec", pm_batch_read_path, &a.spec) == PM_OK &&
        pm_json_read_field(r, v, "coverage", fn_coverage, &a) == PM_OK &&
        pm_json_read_field(r, v, "name", pm_json_name_value, &a.name) == PM_OK &&
        (a.name || (a.name = strdup("{id}")) || pm_json_nomem(r) == PM_OK)) {
        r->status = pm_batch_expand_atlas(r->file, &a, &j, ((reader *)r)->b,
                                          ((reader *)r)->ctx, r->err);
    }
    atlas_free(&a);
    pm_batch_job_free(&j);
    return r->status;
}

/* ---- the document ---------------------------------------------------------- */

/* Resolution of the report's page PNGs when "defaults" gives no dpi. */
#define REPORT_DPI 150

/* The map entries; `defaults` is what they start from. */
static pm_status fn_maps(pm_json_reader *r, json_object *v, void *defaults)
{
    const char *what = "an array of map entries";
    size_t n;
    if (pm_json_array(r, v, what, what, &n) != PM_OK)
        return r->status;
    return pm_json_each_element(r, v, read_map, defaults);
}

/* One atlas entry, or an array of them. */
static pm_status fn_atlas(pm_json_reader *r, json_object *v, void *defaults)
{
    if (!json_object_is_type(v, json_type_array))
        return read_atlas(r, v, 0, defaults);
    size_t n;   /* an array here: only emptiness can fail */
    if (pm_json_array(r, v, "", "an atlas entry or a non-empty array of them", &n) != PM_OK)
        return r->status;
    return pm_json_each_element(r, v, read_atlas, defaults);
}

static pm_status fn_defaults(pm_json_reader *r, json_object *v, void *out)
{
    static const char *const keys[] = {SETTING_KEYS, NULL};
    return read_settings(r, v, keys, "an object of settings", out);
}

/* The report: a file name inside the output folder. */
static pm_status fn_report(pm_json_reader *r, json_object *v, void *out)
{
    char *name = NULL;
    if (pm_json_read_string(r, v, 1, &name) != PM_OK)
        return r->status;
    if (pm_batch_name_ok(name) != 0) {
        free(name);
        return pm_json_fail(r, PM_ERR_SPEC, "the report must stay inside the output folder");
    }
    /* "x/", "." or "sub/." name a folder, which the report would replace. */
    const char *last = strrchr(name, '/');
    last = last ? last + 1 : name;
    if (!*last || strcmp(last, ".") == 0) {
        free(name);
        return pm_json_fail(r, PM_ERR_SPEC, "expected a file name, got a folder");
    }
    pm_batch *b = out;
    b->report = join(b->out_dir, name);
    free(name);
    return b->report ? PM_OK : pm_json_nomem(r);
}

static pm_status read_output_dir(reader *br, json_object *root, const char *out_dir)
{
    pm_json_reader *r = &br->r;
    pm_batch *b = br->b;
    if (pm_json_read_field(r, root, "output_dir", pm_batch_read_path, &b->out_dir) != PM_OK)
        return r->status;
    if (out_dir) {   /* planmap batch -o DIR, checked for type all the same */
        free(b->out_dir);
        b->out_dir = strdup(out_dir);
    } else if (!b->out_dir) {
        b->out_dir = strdup(*br->dir ? br->dir : ".");
    }
    return b->out_dir ? PM_OK : pm_json_nomem(r);
}

static pm_status check_duplicates(pm_batch *b)
{
    for (int i = 0; i < b->n_jobs; i++)
        for (int k = 0; k < i && !b->jobs[i].error; k++)
            if (strcmp(b->jobs[i].name, b->jobs[k].name) == 0)
                pm_batch_job_fail(&b->jobs[i], "output name \"%s\" is already used by map %d",
                                  b->jobs[i].name, k + 1);
    return PM_OK;
}

/* The report's own pages: its English title, its tables, its PNGs. */
static pm_status read_report_pages(pm_json_reader *r, json_object *root, pm_batch *b)
{
    char *title_en = NULL;
    if (pm_json_read_field(r, root, "report_title_en", pm_batch_read_title, &title_en) != PM_OK ||
        pm_json_read_field(r, root, "report_png", pm_json_bool_value, &b->report_png) != PM_OK) {
        free(title_en);
        return r->status;
    }
    if (title_en) {
        char *t = pm_batch_both(b->report_title, title_en, b->lang);
        free(title_en);
        if (!t)
            return pm_json_nomem(r);
        free(b->report_title);
        b->report_title = t;
    }
    if (!b->report && (b->report_png || json_object_object_get_ex(root, "tables", NULL))) {
        const char *key = b->report_png ? "report_png" : "tables";
        size_t mark = pm_json_push_key(r, key);
        pm_json_fail(r, PM_ERR_SPEC, "belongs to the report: give \"report\" too");
        pm_json_pop(r, mark);
        return r->status;
    }
    return pm_json_read_field(r, root, "tables", pm_batch_read_tables, b);
}

static pm_status read_top(reader *br, json_object *root, const char *out_dir)
{
    static const char *const keys[] = {"output_dir", "report", "report_title", "report_title_en",
                                       "report_png", "defaults", "maps", "atlas", "tables", NULL};
    pm_json_reader *r = &br->r;
    pm_batch *b = br->b;
    if (!json_object_is_type(root, json_type_object))
        return pm_json_expected(r, "an object with \"maps\" and/or \"atlas\"", root);
    pm_batch_job defaults = {.outputs = PM_OUT_PNG, .margin = -1, .lang = br->lang};
    if (pm_json_check_keys(r, root, keys, NULL) == PM_OK &&
        read_output_dir(br, root, out_dir) == PM_OK &&
        pm_json_read_field(r, root, "report", fn_report, b) == PM_OK &&
        pm_json_read_field(r, root, "report_title", pm_batch_read_title, &b->report_title) == PM_OK &&
        (b->report_title || (b->report_title = strdup("planmap report")) ||
         pm_json_nomem(r) == PM_OK) &&
        pm_json_read_field(r, root, "defaults", fn_defaults, &defaults) == PM_OK) {
        b->lang = defaults.lang;
        b->report_dpi = defaults.dpi > 0 ? defaults.dpi : REPORT_DPI;
        if (!json_object_object_get_ex(root, "maps", NULL) &&
            !json_object_object_get_ex(root, "atlas", NULL))
            pm_json_fail(r, PM_ERR_SPEC, "nothing to render: give \"maps\" and/or \"atlas\"");
        else if (pm_json_read_field(r, root, "maps", fn_maps, &defaults) == PM_OK &&
                 pm_json_read_field(r, root, "atlas", fn_atlas, &defaults) == PM_OK)
            read_report_pages(r, root, b);
    }
    pm_batch_job_free(&defaults);
    return r->status == PM_OK ? check_duplicates(b) : r->status;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    char *d = malloc(n + 1);
    if (d)
        snprintf(d, n + 1, "%.*s", (int)n, path);
    return d;
}

void pm_batch_destroy(pm_batch *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n_jobs; i++)
        pm_batch_job_free(&b->jobs[i]);
    free(b->jobs);
    for (int i = 0; i < b->n_tables; i++)
        pm_batch_table_free(&b->tables[i]);
    PM_FREE_ALL(b->tables, b->path, b->out_dir, b->report, b->report_title, b);
}

pm_batch *pm_batch_load(const char *path, const char *out_dir, pm_lang lang,
                        const pm_context *ctx, pm_error *err)
{
    if (!path || (out_dir && !*out_dir)) {
        pm_error_set(err, PM_ERR_USAGE, "batch: %s", path ? "the output folder name is empty"
                                                          : "no batch file given");
        return NULL;
    }
    reader br = {.r = {.file = path, .err = err}, .lang = lang, .ctx = ctx};
    json_object *root = pm_json_load(&br.r, BATCH_FILE_MAX, "batch file");
    if (br.r.status != PM_OK)
        return NULL;
    pm_batch *b = calloc(1, sizeof *b);
    char *dir = dir_of(path);
    br.dir = dir;
    br.b = b;
    if (!b || !dir || !(b->path = strdup(path)))
        pm_json_nomem(&br.r);
    else
        read_top(&br, root, out_dir);
    json_object_put(root);
    free(dir);
    if (br.r.status == PM_OK && pm_batch_check_outputs(b, err) != PM_OK)
        br.r.status = err ? err->status : PM_ERR_IO;
    if (br.r.status != PM_OK) {
        pm_batch_destroy(b);
        return NULL;
    }
    return b;
}
