/* relations.json: the relative layouts a plan states ("科研港 lies west of
 * 科学公园"), checked against the encoded geometry. */
#include "validate_internal.h"
#include "pm_json.h"

#include <json-c/json.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <string.h>

typedef struct relation {
    const char *a, *rel, *b;
    double tolerance_km;
} relation;

/* A plan's relations take kilobytes; anything this big is surely the wrong file. */
#define RELATIONS_FILE_MAX ((size_t)64 << 20)

static const pm_vfeature *find(const pm_vplan *plan, const char *id)
{
    for (int i = 0; i < plan->n; i++)
        if (!strcmp(plan->f[i].id, id))
            return &plan->f[i];
    return NULL;
}

/* The label anchor, as the loader computes it: the point, the middle of the
 * longest line part, or a point on the polygon's surface. */
static OGRGeometryH anchor_of(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPoint)
        return OGR_G_Clone(g);
    if (t == wkbMultiPoint)
        return OGR_G_Clone(OGR_G_GetGeometryRef(g, 0));
    if (t == wkbLineString || t == wkbMultiLineString) {
        OGRGeometryH line = g;
        double best = -1;
        for (int i = 0; t == wkbMultiLineString && i < OGR_G_GetGeometryCount(g); i++) {
            OGRGeometryH part = OGR_G_GetGeometryRef(g, i);
            if (OGR_G_Length(part) > best) {
                best = OGR_G_Length(part);
                line = part;
            }
        }
        return OGR_G_Value(line, OGR_G_Length(line) / 2);
    }
    return OGR_G_PointOnSurface(g);
}

/* Local metric projection centred on the plan, for distances in km. */
static OGRCoordinateTransformationH local_transform(const pm_vplan *plan)
{
    OGREnvelope env = {180, -180, 90, -90}, e;
    for (int i = 0; i < plan->n; i++) {
        if (!plan->f[i].geom)
            continue;
        OGR_G_GetEnvelope(plan->f[i].geom, &e);
        env.MinX = fmin(env.MinX, e.MinX);
        env.MaxX = fmax(env.MaxX, e.MaxX);
        env.MinY = fmin(env.MinY, e.MinY);
        env.MaxY = fmax(env.MaxY, e.MaxY);
    }
    char proj[256];
    snprintf(proj, sizeof proj, "+proj=tmerc +lat_0=%.4f +lon_0=%.4f +ellps=WGS84 +units=m +no_defs",
             (env.MinY + env.MaxY) / 2, (env.MinX + env.MaxX) / 2);
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL), loc = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs, "WGS84");
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRImportFromProj4(loc, proj);
    OSRSetAxisMappingStrategy(loc, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs, loc);
    OSRRelease(wgs);
    OSRRelease(loc);
    return ct;
}

static double distance_km(OGRGeometryH a, OGRGeometryH b, OGRCoordinateTransformationH ct)
{
    OGRGeometryH pa = OGR_G_Clone(a), pb = OGR_G_Clone(b);
    double d = -1;
    if (OGR_G_Transform(pa, ct) == OGRERR_NONE && OGR_G_Transform(pb, ct) == OGRERR_NONE)
        d = OGR_G_Distance(pa, pb) / 1000.0;
    OGR_G_DestroyGeometry(pa);
    OGR_G_DestroyGeometry(pb);
    return d;
}

/* Returns 1 if it holds, 0 if not, -1 for an unknown relation; `why` says
 * what was measured. */
static int holds(const relation *r, const pm_vfeature *fa, const pm_vfeature *fb,
                 OGRCoordinateTransformationH ct, char *why, size_t n)
{
    OGRGeometryH a = anchor_of(fa->geom), b = anchor_of(fb->geom);
    double ax = OGR_G_GetX(a, 0), ay = OGR_G_GetY(a, 0), bx = OGR_G_GetX(b, 0), by = OGR_G_GetY(b, 0);
    int ok = -1;
    snprintf(why, n, "anchors (%.3f, %.3f) and (%.3f, %.3f)", ax, ay, bx, by);
    if (!strcmp(r->rel, "north_of")) ok = ay > by;
    else if (!strcmp(r->rel, "south_of")) ok = ay < by;
    else if (!strcmp(r->rel, "east_of")) ok = ax > bx;
    else if (!strcmp(r->rel, "west_of")) ok = ax < bx;
    else if (!strcmp(r->rel, "within")) {
        ok = OGR_G_Within(a, fb->geom);
        snprintf(why, n, "anchor (%.3f, %.3f) of %s", ax, ay, fa->id);
    } else if (!strcmp(r->rel, "intersects")) {
        ok = OGR_G_Intersects(fa->geom, fb->geom);
        snprintf(why, n, "geometries do not meet");
    } else if (!strcmp(r->rel, "along") || !strcmp(r->rel, "near")) {
        double d = !strcmp(r->rel, "along") ? distance_km(fa->geom, fb->geom, ct)
                                            : distance_km(a, b, ct);
        ok = d >= 0 && d <= r->tolerance_km;
        snprintf(why, n, "distance %.2f km, tolerance %.2f km", d, r->tolerance_km);
    }
    OGR_G_DestroyGeometry(a);
    OGR_G_DestroyGeometry(b);
    return ok;
}

static const char *str_member(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v) : NULL;
}

static void check_one(pm_vctx *ctx, const pm_vplan *plan, const char *path, int i,
                      json_object *o, OGRCoordinateTransformationH ct)
{
    relation r = {str_member(o, "a"), str_member(o, "rel"), str_member(o, "b"), 2.0};
    json_object *tol;
    if (json_object_object_get_ex(o, "tolerance_km", &tol))
        r.tolerance_km = json_object_get_double(tol);
    if (!r.a || !r.rel || !r.b) {
        pm_vproblem(ctx, "%s: [%d]: a relation needs string members a, rel and b", path, i);
        return;
    }
    if (!str_member(o, "source"))
        pm_vproblem(ctx, "%s: [%d]: no source cited", path, i);
    const pm_vfeature *fa = find(plan, r.a), *fb = find(plan, r.b);
    if (!fa || !fb) {
        pm_vproblem(ctx, "%s: [%d]: no feature with id '%s'", path, i, fa ? r.b : r.a);
        return;
    }
    if (!fa->geom || !fb->geom) {
        pm_vproblem(ctx, "%s: [%d]: %s %s %s: '%s' has no geometry", path, i, r.a, r.rel, r.b,
                    fa->geom ? r.b : r.a);
        return;
    }
    char why[256];
    int ok = holds(&r, fa, fb, ct, why, sizeof why);
    if (ok < 0)
        pm_vproblem(ctx, "%s: [%d]: unknown relation '%s'", path, i, r.rel);
    else if (!ok)
        pm_vproblem(ctx, "%s: [%d]: %s (%s) %s %s (%s) does not hold: %s", path, i, r.a,
                    fa->name, r.rel, r.b, fb->name, why);
    ctx->report->relations++;
}

void pm_vcheck_relations(pm_vctx *ctx, const pm_vplan *plan, const char *path)
{
    ctx->report->files++;
    pm_error err = {0};
    pm_json_reader r = {.file = path, .err = &err};
    json_object *root = pm_json_load(&r, RELATIONS_FILE_MAX, "relations file");
    if (r.status != PM_OK) {
        pm_vproblem(ctx, "%s", err.msg);   /* with its line and column */
        return;
    }
    if (!json_object_is_type(root, json_type_array)) {
        pm_vproblem(ctx, "%s: expected a JSON array of relations", path);
        json_object_put(root);
        return;
    }
    OGRCoordinateTransformationH ct = local_transform(plan);
    for (size_t i = 0; i < json_object_array_length(root); i++) {
        json_object *o = json_object_array_get_idx(root, i);
        if (!json_object_is_type(o, json_type_object))
            pm_vproblem(ctx, "%s: [%zu]: expected an object", path, i);
        else
            check_one(ctx, plan, path, (int)i, o, ct);
    }
    OCTDestroyCoordinateTransformation(ct);
    json_object_put(root);
}
