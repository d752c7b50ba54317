/* Atlas entries: one job per feature of a coverage layer, with title and
 * file-name templates ("{name}", "zone-{id}") filled from the feature's
 * properties and the feature's lon/lat box (plus margin) as the extent. */
#include "batch_internal.h"
#include "pm_keymap.h"
#include "pm_strings.h"
#include "pm_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATLAS_MARGIN 0.1

/* ---- templates ----------------------------------------------------------- */

/* A byte of a property that may stand in a file name: ASCII letters,
 * digits, '.', '_', '+', '-', and every byte of a multi-byte UTF-8
 * character (Chinese names stay Chinese). Spaces, '&', '/', quotes and the
 * rest a shell or another system would read are not. */
static int name_safe(unsigned char ch)
{
    return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
           (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '_' || ch == '+' || ch == '-';
}

/* "{field}" → the property (empty when null). In file names, each run of
 * characters that is not name_safe becomes one '-' ("Park & Ride" →
 * "Park-Ride"), so a property cannot add folders or shell words; a name that
 * still leaves the output folder is refused later. */
static char *expand(const char *tpl, const pm_feature_ref *ref, int file_name, char *missing, size_t msize)
{
    size_t cap = strlen(tpl) + 256, len = 0;
    char *out = malloc(cap);
    for (const char *p = tpl; out && *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        char field[128] = "";
        const char *val = NULL;
        size_t n = 1;
        if (close && (size_t)(close - p - 1) < sizeof field) {
            snprintf(field, sizeof field, "%.*s", (int)(close - p - 1), p + 1);
            if (pm_layer_field_index(ref->layer, field) < 0 && !*missing)
                snprintf(missing, msize, "%s", field);
            val = pm_feature_ref_value(ref, field);
            val = val ? val : "";
            n = strlen(val);
        }
        if (len + n + 1 > cap) {
            char *grown = realloc(out, cap = 2 * (len + n + 1));
            if (!grown) {
                free(out);
                return NULL;
            }
            out = grown;
        }
        if (close && *field) {
            for (size_t i = 0; i < n; i++) {
                unsigned char ch = (unsigned char)val[i];
                if (!file_name || name_safe(ch))
                    out[len++] = (char)ch;
                else if (i == 0 || name_safe((unsigned char)val[i - 1]))
                    out[len++] = '-';   /* one '-' for the run */
            }
            p = close + 1;
        } else {
            out[len++] = *p++;
        }
    }
    if (out)
        out[len] = '\0';
    return out;
}

/* Two features whose names come out the same ("A & B" and "A B", or two
 * parks of one name) get "-2", "-3", ... in coverage order, so every page
 * has its own file and a rerun names them alike. Case is folded: the
 * files stay apart on a file system that folds it. */
static char *unique_name(char *base, pm_keymap *seen, int *dup)
{
    int added = 0;
    *dup = 0;
    if (!base || !pm_keymap_get(seen, base, &added)) {
        free(base);
        return NULL;
    }
    if (added)
        return base;
    size_t n = strlen(base) + 16;
    char *name = malloc(n);
    for (int k = 2; name; k++) {
        snprintf(name, n, "%s-%d", base, k);
        if (!pm_keymap_get(seen, name, &added)) {
            free(name);
            name = NULL;
        } else if (added) {
            *dup = k;
            break;
        }
    }
    free(base);
    return name;
}

static pm_status add_feature_job(const char *file, const pm_batch_atlas *a, const pm_batch_job *d,
                                 const pm_feature_ref *ref, pm_keymap *seen, int page,
                                 pm_batch *b, pm_error *err)
{
    pm_batch_job j = *d;
    char missing[128] = "";
    j.name = unique_name(expand(a->name, ref, 1, missing, sizeof missing), seen, &j.name_dup);
    j.atlas_page = page;
    j.spec = strdup(a->spec);
    /* Every template is expanded, so a field missing from any is reported. */
    char **texts[] = {&j.title, &j.subtitle, &j.title_en, &j.subtitle_en};
    int failed = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *tpl = *texts[i];
        *texts[i] = tpl ? expand(tpl, ref, 0, missing, sizeof missing) : NULL;
        failed |= tpl && !*texts[i];
    }
    failed = failed || pm_batch_job_fold_lang(&j) != 0;
    j.error = NULL;
    j.has_extent = 1;
    memcpy(j.extent, ref->feature->bbox, sizeof j.extent);
    j.margin = d->margin >= 0 ? d->margin : ATLAS_MARGIN;
    if (!j.name || !j.spec || failed) {
        pm_batch_job_free(&j);
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", file);
    }
    char why[128] = "";
    if (*missing)
        pm_batch_job_fail(&j, "%s: template names \"%s\", which the coverage layer does not have",
                          a->at, missing);
    else if (pm_batch_name_ok(j.name) != 0)
        pm_batch_job_fail(&j, "output name \"%s\" leaves the output folder", j.name);
    else if (j.title && pm_text_check(j.title, why, sizeof why) != 0)
        pm_batch_job_fail(&j, "%s: the page's title: %s", a->at, why);
    else if (j.subtitle && pm_text_check(j.subtitle, why, sizeof why) != 0)
        pm_batch_job_fail(&j, "%s: the page's subtitle: %s", a->at, why);
    if (pm_batch_add_job(b, &j) != 0)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", file);
    return PM_OK;
}

/* The first "{field}" of `tpl` that the coverage layer does not have, in
 * `field`; 0 when every one is there. */
static int unknown_field(const char *tpl, const pm_layer *cov, char *field, size_t size)
{
    for (const char *p = tpl; p && (p = strchr(p, '{')) != NULL; p++) {
        const char *close = strchr(p, '}');
        if (!close)
            break;
        if (close == p + 1 || (size_t)(close - p - 1) >= size)
            continue;   /* "{}" and over-long words stay as written (expand) */
        snprintf(field, size, "%.*s", (int)(close - p - 1), p + 1);
        if (pm_layer_field_index(cov, field) < 0)
            return 1;
    }
    return 0;
}

/* Every template names fields of the coverage layer: a typo fails the
 * batch once, before any page is drawn (error 4), with the nearest field. */
static pm_status check_templates(const char *file, const pm_batch_atlas *a,
                                 const pm_batch_job *d, const pm_layer *cov, pm_error *err)
{
    static const char *const keys[] = {"name", "title", "subtitle", "title_en", "subtitle_en"};
    const char *const tpls[] = {a->name, d->title, d->subtitle, d->title_en, d->subtitle_en};
    char field[128];
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (!unknown_field(tpls[k], cov, field, sizeof field))
            continue;
        const char *near = pm_nearest_name(field, (const char *const *)cov->schema, cov->n_schema);
        char hint[192] = "";
        if (near)
            snprintf(hint, sizeof hint, "; did you mean \"%s\"?", near);
        return pm_error_set(err, PM_ERR_SPEC,
                            "%s: %s.%s: the template names \"%s\", which the coverage layer %s "
                            "does not have%s", file, a->at, keys[k], field, a->source, hint);
    }
    return PM_OK;
}

pm_status pm_batch_expand_atlas(const char *file, const pm_batch_atlas *a,
                                const pm_batch_job *defaults, pm_batch *b,
                                const pm_context *ctx, pm_error *err)
{
    pm_load_options lo = {.layer_name = a->layer, .context = ctx, .encoding = a->encoding,
                          .crs = a->crs};
    pm_layer *cov = pm_layer_load(a->source, &lo, err);
    if (!cov)
        return pm_error_prefix(err, "%s: %s.coverage", file, a->at);
    pm_keymap seen = pm_keymap_make(1, 1);
    int first = b->n_jobs;
    pm_status st = check_templates(file, a, defaults, cov, err);
    for (int i = 0; i < cov->n_features && st == PM_OK; i++) {
        const pm_feature *f = &cov->features[i];
        pm_feature_ref ref = {cov, f};
        /* A feature without geometry has no place to map. */
        if (f->kind != PM_GEOM_NONE && pm_conditions_match(a->where, a->n_where, pm_feature_ref_value, &ref))
            st = add_feature_job(file, a, defaults, &ref, &seen, b->n_jobs - first + 1, b, err);
    }
    pm_keymap_free(&seen, NULL);
    pm_layer_destroy(cov);
    return st;
}
