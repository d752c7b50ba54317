/* Reading a batch file: maps with overrides, atlases expanded into one job
 * per coverage feature. Mistakes in the file stop the batch ("<file>:
 * maps[3].extent: ..."); a problem with one map only (an output name that
 * leaves the output folder, a template naming a missing property) marks that
 * job, so the others still run. */
#include "batch_internal.h"
#include "pm_text.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *file;
    const char *dir;      /* batch file folder, anchors relative paths */
    pm_error *err;
    pm_batch *b;
} reader;

static pm_status bad(reader *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static pm_status bad(reader *r, const char *where, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pm_error_set(r->err, PM_ERR_SPEC, "%s: %s: %s", r->file, where, msg);
}

static char *join(const char *dir, const char *path)
{
    if (!path)
        return NULL;
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

/* ---- the settings a map entry, an atlas or "defaults" may give ------------ */

static const char *const SETTING_KEYS[] = {"title", "subtitle", "extent", "margin", "dpi",
                                           "width", "height", "lang", "outputs", NULL};

static int is_setting(const char *key)
{
    for (int i = 0; SETTING_KEYS[i]; i++)
        if (strcmp(key, SETTING_KEYS[i]) == 0)
            return 1;
    return 0;
}

static pm_status read_outputs(reader *r, const char *where, json_object *v, unsigned *out)
{
    static const struct { const char *name; unsigned bit; } kinds[] = {
        {"png", PM_OUT_PNG}, {"svg", PM_OUT_SVG}, {"pdf", PM_OUT_PDF}, {"tif", PM_OUT_TIFF},
        {"tiff", PM_OUT_TIFF}, {"world", PM_OUT_WORLD}};
    if (!json_object_is_type(v, json_type_array))
        return bad(r, where, "outputs: expected a list such as [\"png\", \"pdf\"]");
    unsigned bits = 0;
    for (size_t i = 0; i < json_object_array_length(v); i++) {
        const char *s = json_object_get_string(json_object_array_get_idx(v, i));
        unsigned bit = 0;
        for (size_t k = 0; s && k < sizeof kinds / sizeof kinds[0]; k++)
            if (strcmp(s, kinds[k].name) == 0)
                bit = kinds[k].bit;
        if (!bit)
            return bad(r, where, "outputs[%zu]: expected png, svg, pdf, tiff or world, got \"%s\"",
                       i, s ? s : "?");
        bits |= bit;
    }
    if (bits == PM_OUT_WORLD)
        bits |= PM_OUT_PNG;
    *out = bits;
    return PM_OK;
}

static pm_status read_number(reader *r, const char *where, const char *key, json_object *v,
                             double lo, double hi, double *out)
{
    double d = json_object_get_double(v);
    if (!(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)) ||
        !(d >= lo && d <= hi)) {
        bad(r, where, "%s: expected a number from %g to %g", key, lo, hi);
        /* A constant, not bad()'s result: the compiler then sees that a
         * failed read never reaches code that uses the unset *out. */
        return PM_ERR_SPEC;
    }
    *out = d;
    return PM_OK;
}

static pm_status read_extent(reader *r, const char *where, json_object *v, pm_batch_job *j)
{
    if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) != 4)
        return bad(r, where, "extent: expected [min lon, min lat, max lon, max lat]");
    for (int i = 0; i < 4; i++)
        if (read_number(r, where, "extent", json_object_array_get_idx(v, (size_t)i), -180, 180,
                        &j->extent[i]) != PM_OK)
            return PM_ERR_SPEC;
    if (!(j->extent[0] < j->extent[2] && j->extent[1] < j->extent[3]) ||
        fabs(j->extent[1]) > 90 || fabs(j->extent[3]) > 90)
        return bad(r, where, "extent: expected min < max and latitudes within ±90");
    j->has_extent = 1;
    return PM_OK;
}

static pm_status read_text(reader *r, const char *where, const char *key, json_object *v, char **out)
{
    if (!json_object_is_type(v, json_type_string))
        return bad(r, where, "%s: expected a string", key);
    char why[128];
    if (pm_text_check(json_object_get_string(v), why, sizeof why) != 0)
        return bad(r, where, "%s: %s", key, why);
    free(*out);
    *out = strdup(json_object_get_string(v));
    return *out ? PM_OK : pm_error_set(r->err, PM_ERR_NOMEM, "%s: out of memory", r->file);
}

static pm_status read_setting(reader *r, const char *where, const char *key, json_object *v,
                              pm_batch_job *j)
{
    if (!strcmp(key, "title") || !strcmp(key, "subtitle"))
        return read_text(r, where, key, v, !strcmp(key, "title") ? &j->title : &j->subtitle);
    if (!strcmp(key, "extent"))
        return read_extent(r, where, v, j);
    if (!strcmp(key, "margin"))
        return read_number(r, where, key, v, 0, 10, &j->margin);
    if (!strcmp(key, "dpi"))
        return read_number(r, where, key, v, 36, 1200, &j->dpi);
    if (!strcmp(key, "width") || !strcmp(key, "height")) {
        /* A rejected value leaves the job's size as it was. */
        double d;
        pm_status st = read_number(r, where, key, v, 16, 20000, &d);
        if (st == PM_OK)
            *(!strcmp(key, "width") ? &j->width_px : &j->height_px) = (int)d;
        return st;
    }
    if (!strcmp(key, "lang")) {
        j->lang = json_object_is_type(v, json_type_string) ? pm_lang_from_name(json_object_get_string(v))
                                                          : PM_LANG_DEFAULT;
        return j->lang != PM_LANG_DEFAULT ? PM_OK : bad(r, where, "lang: expected zh, en or zh+en");
    }
    return read_outputs(r, where, v, &j->outputs);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static pm_batch_job job_copy(const pm_batch_job *d)
{
    pm_batch_job j = *d;
    j.name = dup_or_null(d->name);
    j.spec = dup_or_null(d->spec);
    j.title = dup_or_null(d->title);
    j.subtitle = dup_or_null(d->subtitle);
    j.error = NULL;
    return j;
}

static void job_free(pm_batch_job *j)
{
    free(j->name);
    free(j->spec);
    free(j->title);
    free(j->subtitle);
    free(j->error);
}

/* Settings of `obj` over `base`; keys not in `extra` or the settings fail. */
static pm_status read_settings(reader *r, const char *where, json_object *obj,
                               const char *const *extra, pm_batch_job *j)
{
    if (!json_object_is_type(obj, json_type_object))
        return bad(r, where, "expected an object");
    json_object_object_foreach(obj, key, v) {
        int known = 0;
        for (int i = 0; extra && extra[i]; i++)
            known |= strcmp(extra[i], key) == 0;
        if (known)
            continue;
        if (!is_setting(key))
            return bad(r, where, "%s: unknown key", key);
        if (read_setting(r, where, key, v, j) != PM_OK)
            return PM_ERR_SPEC;
    }
    return PM_OK;
}

static pm_status add_job(reader *r, pm_batch_job *j)
{
    pm_batch *b = r->b;
    pm_batch_job *grown = realloc(b->jobs, (size_t)(b->n_jobs + 1) * sizeof *grown);
    if (!grown) {
        job_free(j);
        return pm_error_set(r->err, PM_ERR_NOMEM, "%s: out of memory", r->file);
    }
    b->jobs = grown;
    b->jobs[b->n_jobs++] = *j;
    return PM_OK;
}

void pm_batch_job_fail(pm_batch_job *j, const char *fmt, ...)
{
    if (j->error)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    j->error = strdup(msg);
}

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

static pm_status read_map(reader *r, int i, json_object *m, const pm_batch_job *defaults)
{
    static const char *const extra[] = {"spec", "name", NULL};
    char where[48];
    snprintf(where, sizeof where, "maps[%d]", i);
    pm_batch_job j = job_copy(defaults);
    json_object *spec = NULL, *name = NULL;
    pm_status st = read_settings(r, where, m, extra, &j);
    if (st == PM_OK && (!json_object_object_get_ex(m, "spec", &spec) ||
                        !json_object_is_type(spec, json_type_string)))
        st = bad(r, where, "spec: required, the map spec file");
    if (st == PM_OK && json_object_object_get_ex(m, "name", &name) &&
        !json_object_is_type(name, json_type_string))
        st = bad(r, where, "name: expected a string");
    if (st != PM_OK) {
        job_free(&j);
        return st;
    }
    j.spec = join(r->dir, json_object_get_string(spec));
    j.name = name ? strdup(json_object_get_string(name)) : stem_of(json_object_get_string(spec));
    if (!j.spec || !j.name) {
        job_free(&j);
        return pm_error_set(r->err, PM_ERR_NOMEM, "%s: out of memory", r->file);
    }
    if (pm_batch_name_ok(j.name) != 0)
        pm_batch_job_fail(&j, "output name \"%s\" leaves the output folder", j.name);
    return add_job(r, &j);
}

static pm_status read_atlases(reader *r, json_object *v, const pm_batch_job *defaults)
{
    int list = json_object_is_type(v, json_type_array);
    int n = list ? (int)json_object_array_length(v) : 1;
    for (int i = 0; i < n; i++) {
        char where[48];
        snprintf(where, sizeof where, list ? "atlas[%d]" : "atlas", i);
        json_object *a = list ? json_object_array_get_idx(v, (size_t)i) : v;
        pm_batch_job j = job_copy(defaults);
        static const char *const extra[] = {"spec", "coverage", "name", NULL};
        pm_status st = read_settings(r, where, a, extra, &j);
        if (st == PM_OK)
            st = pm_batch_read_atlas(r->file, r->dir, where, a, &j, r->b, r->err);
        job_free(&j);
        if (st != PM_OK)
            return st;
    }
    return PM_OK;
}

static pm_status check_duplicates(reader *r)
{
    pm_batch *b = r->b;
    for (int i = 0; i < b->n_jobs; i++)
        for (int k = 0; k < i && !b->jobs[i].error; k++)
            if (strcmp(b->jobs[i].name, b->jobs[k].name) == 0)
                pm_batch_job_fail(&b->jobs[i], "output name \"%s\" is already used by map %d",
                                  b->jobs[i].name, k + 1);
    return PM_OK;
}

static pm_status read_top(reader *r, json_object *root, const char *out_dir)
{
    static const char *const keys[] = {"output_dir", "report", "report_title", "defaults",
                                       "maps", "atlas", NULL};
    if (!json_object_is_type(root, json_type_object))
        return bad(r, "(top)", "expected an object with \"maps\" and/or \"atlas\"");
    json_object_object_foreach(root, key, v) {
        int known = 0;
        for (int i = 0; keys[i]; i++)
            known |= strcmp(keys[i], key) == 0;
        if (!known)
            return bad(r, key, "unknown key (expected output_dir, report, report_title, defaults, maps, atlas)");
        (void)v;
    }
    pm_batch *b = r->b;
    json_object *val;
    b->out_dir = out_dir ? strdup(out_dir)
               : json_object_object_get_ex(root, "output_dir", &val) ? join(r->dir, json_object_get_string(val))
               : strdup(*r->dir ? r->dir : ".");
    if (json_object_object_get_ex(root, "report", &val) && json_object_get_string(val)) {
        if (pm_batch_name_ok(json_object_get_string(val)) != 0)
            return bad(r, "report", "the report must stay inside the output folder");
        b->report = join(b->out_dir, json_object_get_string(val));
    }
    b->report_title = strdup(json_object_object_get_ex(root, "report_title", &val) ?
                             json_object_get_string(val) : "planmap report");
    char why[128];
    if (b->report_title && pm_text_check(b->report_title, why, sizeof why) != 0)
        return bad(r, "report_title", "%s", why);
    pm_batch_job defaults = {0};
    defaults.outputs = PM_OUT_PNG;
    defaults.margin = -1;
    pm_status st = json_object_object_get_ex(root, "defaults", &val)
                       ? read_settings(r, "defaults", val, NULL, &defaults) : PM_OK;
    json_object *maps = NULL, *atlas = NULL;
    json_object_object_get_ex(root, "maps", &maps);
    json_object_object_get_ex(root, "atlas", &atlas);
    if (st == PM_OK && !maps && !atlas)
        st = bad(r, "(top)", "nothing to render: give \"maps\" and/or \"atlas\"");
    if (st == PM_OK && maps && !json_object_is_type(maps, json_type_array))
        st = bad(r, "maps", "expected a list of maps");
    for (int i = 0; st == PM_OK && maps && i < (int)json_object_array_length(maps); i++)
        st = read_map(r, i, json_object_array_get_idx(maps, (size_t)i), &defaults);
    if (st == PM_OK && atlas)
        st = read_atlases(r, atlas, &defaults);
    job_free(&defaults);
    if (st == PM_OK && (!b->out_dir || !b->report_title))
        st = pm_error_set(r->err, PM_ERR_NOMEM, "%s: out of memory", r->file);
    return st == PM_OK ? check_duplicates(r) : st;
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

#define BATCH_FILE_MAX (16u << 20)

static char *read_whole_file(const char *path, size_t *len, pm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno)), NULL;
    size_t cap = 0, n = 0;
    char *buf = NULL;
    pm_status st = PM_OK;
    for (;;) {
        if (n + 1 >= cap) {   /* room for the closing NUL */
            char *grown = cap < BATCH_FILE_MAX ? realloc(buf, cap ? 2 * cap : 8192) : NULL;
            if (!grown) {
                st = cap < BATCH_FILE_MAX
                         ? pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path)
                         : pm_error_set(err, PM_ERR_IO, "%s: too large for a batch file (over %u MiB)",
                                        path, BATCH_FILE_MAX >> 20);
                break;
            }
            buf = grown;
            cap = cap ? 2 * cap : 8192;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {   /* a folder fails here, with EISDIR */
            if (ferror(f))
                st = pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (st != PM_OK) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static pm_status syntax_error(const char *path, const char *text, size_t end, const char *why,
                              pm_error *err)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < end; i++, col++)
        if (text[i] == '\n')
            line++, col = 0;
    return pm_error_set(err, PM_ERR_PARSE, "%s:%d:%d: invalid JSON: %s", path, line, col, why);
}

/* Strict JSON, as for map specs: the place of a syntax error, and text that
 * is not UTF-8 refused (titles are drawn by Pango). */
static json_object *read_json(const char *path, pm_error *err)
{
    size_t len = 0;
    char *text = read_whole_file(path, &len, err);
    if (!text)
        return NULL;
    size_t skip = strspn(text, " \t\r\n");
    json_tokener *tok = json_tokener_new();
    json_object *root = NULL;
    if (skip >= len || memchr(text, '\0', len)) {
        syntax_error(path, text, skip < len ? skip : len,
                     skip >= len ? "the file is empty" : "contains a NUL byte", err);
    } else if (!tok) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    } else {
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
        root = json_tokener_parse_ex(tok, text, (int)len);
        enum json_tokener_error e = json_tokener_get_error(tok);
        size_t end = len;
        if (e == json_tokener_continue) {   /* a final NUL ends a trailing number */
            root = json_tokener_parse_ex(tok, "", 1);
            e = json_tokener_get_error(tok);
        } else {
            end = json_tokener_get_parse_end(tok);
        }
        int trailing = e == json_tokener_success && strspn(text + end, " \t\r\n") < len - end;
        if (e != json_tokener_success || trailing) {
            syntax_error(path, text, end, trailing ? "unexpected text after the end of the document"
                                                   : json_tokener_error_desc(e), err);
            json_object_put(root);
            root = NULL;
        }
    }
    if (tok)
        json_tokener_free(tok);
    free(text);
    return root;
}

pm_batch *pm_batch_load(const char *path, const char *out_dir, pm_error *err)
{
    json_object *root = read_json(path, err);
    if (!root)
        return NULL;
    pm_batch *b = calloc(1, sizeof *b);
    char *dir = dir_of(path);
    reader r = {path, dir, err, b};
    pm_status st = b && dir && (b->path = strdup(path)) ? read_top(&r, root, out_dir)
                                                       : pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    json_object_put(root);
    free(dir);
    if (st != PM_OK) {
        pm_batch_destroy(b);
        return NULL;
    }
    return b;
}

void pm_batch_destroy(pm_batch *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n_jobs; i++)
        job_free(&b->jobs[i]);
    free(b->jobs);
    free(b->path);
    free(b->out_dir);
    free(b->report);
    free(b->report_title);
    free(b);
}

char *pm_batch_report_path(const char *report, int k, int n)
{
    if (!report)
        return NULL;
    if (n <= 1)
        return strdup(report);
    size_t len = strlen(report) + 32;
    char *s = malloc(len);
    const char *slash = strrchr(report, '/');
    const char *dot = strrchr(slash ? slash : report, '.');
    int stem = dot ? (int)(dot - report) : (int)strlen(report);
    if (s)
        snprintf(s, len, "%.*s.%dof%d%s", stem, report, k, n, dot ? dot : ".pdf");
    return s;
}
