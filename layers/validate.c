/* Layer and folder checks for `planmap validate` (see pm_validate.h). */
#include "pm_validate.h"
#include "validate_internal.h"
#include "pm_strings.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <ogr_srs_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "pm_spec_data.h"
#include "pm_source.h"
#include "pm_walk.h"
#include "pm_guard.h"
#include "pm_alloc.h"

static const char *const plan_kinds[] = {
    "core", "zone", "cluster", "axis", "wing", "belt", "corridor", "ring", "node", "park",
    "project", "river", "mountain", "lake", "road", "rail", "greenway", "boundary",
    "facility", "platform", "area", "hub", NULL};
static const char *const precisions[] = {"schematic", "approximate", "surveyed", NULL};
static const char *const confidences[] = {"high", "medium", "low", NULL};

void pm_vproblem(pm_vctx *ctx, const char *fmt, ...)
{
    char raw[2048], line[4 * 2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    pm_text_escape(line, sizeof line, raw);   /* names and ids come from the data */
    ctx->report->problems++;
    if (ctx->fn)
        ctx->fn(ctx->user, line);
}

static int in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(v, *list))
            return 1;
    return 0;
}


static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* A plan folder is named "NNN-slug" (data/plans/004-chongqing-htz). */
static int is_plan_folder(const char *dir)
{
    const char *b = base_name(dir);
    return isdigit((unsigned char)b[0]) && isdigit((unsigned char)b[1]) &&
           isdigit((unsigned char)b[2]) && b[3] == '-';
}

static int is_slug(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
            return 0;
    return 1;
}

/* ---- seeds ------------------------------------------------------------ */

static int dir_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Look for shared/seeds beside any ancestor of `path` (the repository sits
 * next to shared/), so validation works from anywhere in the tree. */
static void find_seeds(pm_vctx *ctx, const char *path)
{
    const pm_context *context = ctx->opts ? ctx->opts->context : NULL;
    const char *given = ctx->opts && ctx->opts->seeds_dir ? ctx->opts->seeds_dir
                                                          : pm_context_seeds(context);
    if (given) {
        snprintf(ctx->seeds, sizeof ctx->seeds, "%s", given);
        ctx->have_seeds = dir_exists(given);
        return;
    }
    char dir[PATH_MAX];
    if (!realpath(path, dir))
        return;
    for (;;) {
        char cand[PATH_MAX];
        int len = snprintf(cand, sizeof cand, "%s/shared/seeds", dir);
        if (len > 0 && (size_t)len < sizeof cand && dir_exists(cand)) {
            memcpy(ctx->seeds, cand, (size_t)len + 1);
            ctx->have_seeds = 1;
            return;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return;
        *slash = '\0';
    }
}

/* ---- one feature ------------------------------------------------------ */

static const char *field(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return OGR_F_GetFieldAsString(f, i);
}

static void check_required(pm_vctx *ctx, const char *where, OGRFeatureH f, int plan, int project)
{
    static const char *const plan_req[] = {"id", "name", "name_en", "kind", "plan", "source",
                                           "precision", "confidence", NULL};
    static const char *const base_req[] = {"id", "name", "kind", NULL};
    static const char *const project_req[] = {"column", "category", NULL};
    for (const char *const *k = plan ? plan_req : base_req; *k; k++) {
        const char *v = field(f, *k);
        if (!v || !*v)
            pm_vproblem(ctx, "%s: missing required property '%s'", where, *k);
    }
    for (const char *const *k = project_req; project && *k; k++)
        if (!field(f, *k))
            pm_vproblem(ctx, "%s: project without '%s'", where, *k);
}

/* Where a text is given in Chinese its English must be given too, without
 * Chinese characters: name → name_en, and a project's table texts (its 专栏
 * heading, category and place), so an English table has no Chinese-only row. */
static void check_english(pm_vctx *ctx, const char *where, OGRFeatureH f, int project)
{
    static const char *const pairs[][2] = {{"name", "name_en"}, {"column", "column_en"},
                                           {"category", "category_en"}, {"place", "place_en"}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        if (k > 0 && !project)
            break;
        const char *zh = field(f, pairs[k][0]), *en = field(f, pairs[k][1]);
        if (en && pm_utf8_has_han(en))
            pm_vproblem(ctx, "%s: %s '%s' has Chinese characters; give the English%s", where,
                        pairs[k][1], en, k == 0 ? " name" : "");
        else if (k > 0 && zh && *zh && !(en && *en))
            pm_vproblem(ctx, "%s: '%s' without '%s'; give its English", where, pairs[k][0],
                        pairs[k][1]);
    }
}

static void check_values(pm_vctx *ctx, const char *where, OGRFeatureH f, int plan)
{
    const char *id = field(f, "id"), *kind = field(f, "kind");
    if (id && !is_slug(id))
        pm_vproblem(ctx, "%s: id '%s' is not a slug of a-z, 0-9 and '-'", where, id);
    if (!plan)
        return;
    const char *p = field(f, "precision"), *c = field(f, "confidence");
    if (kind && !in_list(kind, plan_kinds))
        pm_vproblem(ctx, "%s: unknown kind '%s'", where, kind);
    if (p && !in_list(p, precisions))
        pm_vproblem(ctx, "%s: precision '%s' is not schematic, approximate or surveyed", where, p);
    if (c && !in_list(c, confidences))
        pm_vproblem(ctx, "%s: confidence '%s' is not high, medium or low", where, c);
}

static char **string_list(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
    if (t == OFTStringList)
        return CSLDuplicate(OGR_F_GetFieldAsStringList(f, i));
    return CSLAddString(NULL, OGR_F_GetFieldAsString(f, i));
}

static void describe(char *out, size_t n, const char *file, int index, OGRFeatureH f)
{
    const char *id = field(f, "id");
    if (id)
        snprintf(out, n, "%s: feature %d (id=%s)", file, index, id);
    else
        snprintf(out, n, "%s: feature %d", file, index);
}

static void add_feature(pm_vplan *plan, const char *file, OGRFeatureH f, OGRGeometryH g)
{
    /* Out of memory, the feature is left out of the checks across features
     * (before, a failed realloc was written through). */
    if (pm_array_grow(&plan->f, plan->n, &plan->cap, sizeof *plan->f, 64) != 0)
        return;
    pm_vfeature *v = &plan->f[plan->n++];
    memset(v, 0, sizeof *v);
    const char *id = field(f, "id"), *name = field(f, "name");
    v->id = strdup(id ? id : "");
    v->name = strdup(name ? name : "");
    v->file = strdup(file);
    v->geom = g ? OGR_G_Clone(g) : NULL;
}

static void check_feature(pm_vctx *ctx, pm_vplan *plan, const char *file, int index,
                          OGRFeatureH f, int plan_layer, int project_layer)
{
    char where[1024];
    describe(where, sizeof where, file, index, f);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    const char *kind = field(f, "kind");
    int project = project_layer || (kind && !strcmp(kind, "project"));
    check_required(ctx, where, f, plan_layer, project);
    check_values(ctx, where, f, plan_layer);
    if (plan_layer)
        check_english(ctx, where, f, project);
    /* A structure the text names but does not place is kept without geometry;
     * its note must say so, so an unplaced feature is never an accident. */
    const char *note = field(f, "note");
    if (g)
        pm_vcheck_geometry(ctx, where, g);
    else if (!project && !(note && *note))
        pm_vproblem(ctx, "%s: null geometry without a note (only projects, or structures "
                         "whose note says why, may be unlocated)", where);
    if (plan_layer && ctx->have_seeds) {
        char **aliases = string_list(f, "aliases");
        pm_vcheck_source(ctx, where, field(f, "source"), field(f, "name"), aliases);
        CSLDestroy(aliases);
    }
    add_feature(plan, file, f, g);
    ctx->report->features++;
}

/* RFC 7946 data carries no CRS or WGS84/CRS84 only. */
static void check_layer_crs(pm_vctx *ctx, const char *file, OGRLayerH layer)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs)
        return;
    const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
    int wgs84 = auth && code && ((!strcmp(auth, "EPSG") && !strcmp(code, "4326")) ||
                                 (!strcmp(auth, "OGC") && !strcmp(code, "CRS84")));
    if (!wgs84)
        pm_vproblem(ctx, "%s: CRS is %s:%s, RFC 7946 layers must be WGS84 lon/lat",
                    file, auth ? auth : "?", code ? code : "?");
}

/* What `planmap render` would refuse: failures GDAL reports while reading
 * (a coordinate given as a string, an unknown "crs" member) and property
 * text that is not UTF-8, which the checks above do not see. */
static void check_loads(pm_vctx *ctx, const char *path, const char *layer_name)
{
    pm_load_options opts = {.layer_name = layer_name,
                            .context = ctx->opts ? ctx->opts->context : NULL};
    pm_error err = {0};
    pm_layer *l = pm_layer_load(path, &opts, &err);
    if (l)
        pm_layer_destroy(l);
    else
        pm_vproblem(ctx, "%s (render refuses this layer)", err.msg);
}

/* A layer outside a plan folder whose fields are the plan data's (a source
 * to cite, how precisely and how surely it is placed: a draft of planmap
 * extract, wherever it was written) is checked as plan data too. */
static int has_plan_fields(OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    return OGR_FD_GetFieldIndex(defn, "source") >= 0 &&
           OGR_FD_GetFieldIndex(defn, "precision") >= 0 &&
           OGR_FD_GetFieldIndex(defn, "confidence") >= 0;
}

static void check_layer_file(pm_vctx *ctx, pm_vplan *plan, const char *path, int plan_folder)
{
    pm_error guard = {0};
    if (pm_check_source(path, &guard) != PM_OK) {   /* a FIFO would block GDAL */
        ctx->report->files++;
        pm_vproblem(ctx, "%s", guard.msg);
        return;
    }
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    ctx->report->files++;
    if (!ds) {
        pm_vproblem(ctx, "%s: GDAL cannot open it: %s", path, CPLGetLastErrorMsg());
        return;
    }
    int project_layer = strncmp(base_name(path), "projects", 8) == 0;
    for (int l = 0; l < GDALDatasetGetLayerCount(ds); l++) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, l);
        int problems_before = ctx->report->problems;
        int plan_layer = plan_folder || has_plan_fields(layer);
        check_layer_crs(ctx, path, layer);
        OGR_L_ResetReading(layer);
        OGRFeatureH f;
        int index = 0;
        while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
            check_feature(ctx, plan, path, index++, f, plan_layer, project_layer);
            OGR_F_Destroy(f);
        }
        if (index == 0)
            pm_vproblem(ctx, "%s: layer '%s' has no features", path, OGR_L_GetName(layer));
        /* Only when nothing else was found: the loader stops at the first
         * problem, usually one already reported above. */
        if (ctx->report->problems == problems_before)
            check_loads(ctx, path, OGR_L_GetName(layer));
    }
    GDALClose(ds);
}

static void check_unique_ids(pm_vctx *ctx, const pm_vplan *plan, const char *dir)
{
    for (int i = 0; i < plan->n; i++)
        for (int j = 0; j < i; j++)
            if (plan->f[i].id[0] && !strcmp(plan->f[i].id, plan->f[j].id)) {
                pm_vproblem(ctx, "%s: id '%s' is used twice (%s and %s)", dir, plan->f[i].id,
                            base_name(plan->f[j].file), base_name(plan->f[i].file));
                break;
            }
}

/* ---- folders ---------------------------------------------------------- */

static int is_layer_file(const char *name)
{
    return pm_has_ext(name, ".geojson") || pm_has_ext(name, ".gpkg") ||
           pm_has_ext(name, ".fgb") || pm_has_ext(name, ".shp");
}

static void free_plan(pm_vplan *plan)
{
    for (int i = 0; i < plan->n; i++) {
        free(plan->f[i].id);
        free(plan->f[i].name);
        free(plan->f[i].file);
        if (plan->f[i].geom)
            OGR_G_DestroyGeometry(plan->f[i].geom);
    }
    free(plan->f);
}

static int is_checked_name(const char *name)
{
    return is_layer_file(name) || pm_has_ext(name, ".json");
}

/* One folder: its layers first (relations need them), then its relations
 * and map specs; pm_walk goes on to the subfolders. */
static pm_status visit_dir(void *user, const pm_walk_dir *dir, pm_error *err)
{
    pm_vctx *ctx = user;
    pm_vplan plan = {0};
    int plan_dir = is_plan_folder(dir->path);
    for (int i = 0; i < dir->n_files; i++)
        if (is_layer_file(dir->files[i].name))
            check_layer_file(ctx, &plan, dir->files[i].path, plan_dir);
    check_unique_ids(ctx, &plan, dir->path);
    for (int i = 0; i < dir->n_files; i++) {
        const pm_walk_file *f = &dir->files[i];
        if (!strcmp(f->name, "relations.json"))
            pm_vcheck_relations(ctx, &plan, f->path);
        else if (!is_layer_file(f->name))
            pm_vcheck_spec(ctx, f->path);
    }
    free_plan(&plan);
    return PM_OK;
}

/* A folder loop or a second way to a folder or file is not a problem of the
 * data (everything is checked once); whatever cannot be read is. */
static pm_status walk_issue(void *user, pm_walk_issue issue, const char *message, pm_error *err)
{
    if (issue != PM_WALK_LOOP && issue != PM_WALK_REPEAT && issue != PM_WALK_EXCLUDED)
        pm_vproblem(user, "%s", message);
    return PM_OK;
}

static pm_status validate_dir(pm_vctx *ctx, const char *dir, pm_error *err)
{
    pm_walk_options wo = {is_checked_name, NULL, 0, visit_dir, walk_issue, ctx};
    return pm_walk(dir, &wo, err);
}

static pm_status validate_file(pm_vctx *ctx, const char *path, pm_error *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    pm_vplan plan = {0};
    if (is_layer_file(path))
        check_layer_file(ctx, &plan, path, is_plan_folder(dir));
    else if (!strcmp(base_name(path), "relations.json"))
        return pm_error_set(err, PM_ERR_USAGE,
                            "%s: relations are checked with their layers: validate the folder %s", path, dir);
    else if (pm_has_ext(path, ".json"))
        pm_vcheck_spec(ctx, path);
    else
        check_layer_file(ctx, &plan, path, 0);
    check_unique_ids(ctx, &plan, path);
    free_plan(&plan);
    return PM_OK;
}

pm_status pm_validate_path(const char *path, const pm_validate_options *opts,
                           pm_problem_fn report_fn, void *user,
                           pm_validate_report *report, pm_error *err)
{
    pm_validate_report local = {0};
    pm_vctx ctx = {.opts = opts, .fn = report_fn, .user = user, .report = report ? report : &local};
    memset(ctx.report, 0, sizeof *ctx.report);
    struct stat st;
    if (stat(path, &st) != 0)
        return pm_error_set(err, PM_ERR_IO, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))   /* reading a FIFO would wait */
        return pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s, not a regular file", path,
                            pm_file_kind(st.st_mode));
    pm_geo_init();
    find_seeds(&ctx, path);
    ctx.report->sources_checked = ctx.have_seeds;
    pm_status s = S_ISDIR(st.st_mode) ? validate_dir(&ctx, path, err) : validate_file(&ctx, path, err);
    pm_vseeds_free(&ctx);
    return s;
}
