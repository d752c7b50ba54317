/* pm_crs — map CRS through PROJ: one PJ_CONTEXT per pm_crs, and a normalised
 * EPSG:4326 → map transformation, so callers always pass lon/lat and get
 * easting/northing whatever axis order the CRS declares. */
#include "pm_crs.h"
#include "geo_internal.h"
#include "pm_alloc.h"

#include <geodesic.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct pm_crs {
    PJ_CONTEXT *ctx;
    PJ *target;        /* the map CRS itself (for WKT and its type) */
    PJ *op;            /* lon/lat (EPSG:4326, normalised) → map x/y */
    char *definition;
    char *wkt;         /* WKT1_ESRI, NULL if PROJ cannot express it */
    char *wkt2;        /* WKT2_2019, the same */
    int geographic;
    int identity;      /* op is PROJ's "noop": lon/lat in, the same numbers out */
    struct geod_geodesic geod;  /* WGS84 ellipsoid, for ground distances */
};

/* A bare "+proj=..." string is a conversion to PROJ ≥ 6, not a CRS; users
 * write such strings meaning a CRS, so add "+type=crs" when it is missing. */
static char *normalise_definition(const char *def)
{
    int proj_string = strstr(def, "+proj=") != NULL || strstr(def, "+init=") != NULL;
    if (!proj_string || strstr(def, "+type=crs"))
        return pm_strdup(def);
    size_t n = strlen(def) + sizeof " +type=crs";
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s +type=crs", def);
    return s;
}

static int axis_count(PJ_CONTEXT *ctx, const PJ *crs)
{
    PJ *cs = proj_crs_get_coordinate_system(ctx, crs);
    if (!cs)
        return -1;
    int n = proj_cs_get_axis_count(ctx, cs);
    proj_destroy(cs);
    return n;
}

static const char *type_name(PJ_TYPE type)
{
    switch (type) {
    case PJ_TYPE_GEOCENTRIC_CRS: return "a geocentric CRS";
    case PJ_TYPE_GEOGRAPHIC_3D_CRS: return "a 3-D geographic CRS";
    case PJ_TYPE_VERTICAL_CRS: return "a vertical CRS";
    case PJ_TYPE_COMPOUND_CRS: return "a compound (3-D) CRS";
    case PJ_TYPE_ENGINEERING_CRS: return "an engineering CRS";
    case PJ_TYPE_TEMPORAL_CRS: return "a temporal CRS";
    case PJ_TYPE_CONVERSION:
    case PJ_TYPE_TRANSFORMATION:
    case PJ_TYPE_CONCATENATED_OPERATION:
    case PJ_TYPE_OTHER_COORDINATE_OPERATION: return "a coordinate operation, not a CRS";
    case PJ_TYPE_ELLIPSOID:
    case PJ_TYPE_PRIME_MERIDIAN:
    case PJ_TYPE_GEODETIC_REFERENCE_FRAME:
    case PJ_TYPE_DYNAMIC_GEODETIC_REFERENCE_FRAME:
    case PJ_TYPE_VERTICAL_REFERENCE_FRAME:
    case PJ_TYPE_DYNAMIC_VERTICAL_REFERENCE_FRAME:
    case PJ_TYPE_DATUM_ENSEMBLE: return "a datum or ellipsoid, not a CRS";
    default: return "not a CRS PROJ can map to";
    }
}

/* Only 2-D geographic or projected CRSs can be a map's plane. A BoundCRS
 * (a "+towgs84=" string) is judged by the CRS it wraps. Sets *geographic. */
static pm_status check_crs_kind(PJ_CONTEXT *ctx, const PJ *target, const char *def,
                                int *geographic, pm_error *err)
{
    PJ_TYPE type = proj_get_type(target);
    PJ *base = NULL;
    if (type == PJ_TYPE_BOUND_CRS) {
        base = proj_get_source_crs(ctx, target);
        type = base ? proj_get_type(base) : PJ_TYPE_UNKNOWN;
    }
    int axes = axis_count(ctx, base ? base : target);
    proj_destroy(base);
    *geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS;
    if (type != PJ_TYPE_GEOGRAPHIC_2D_CRS && type != PJ_TYPE_PROJECTED_CRS)
        return pm_error_set(err, PM_ERR_CRS,
                            "CRS '%s' is %s; a map needs a 2-D geographic or projected CRS",
                            def, type_name(type));
    if (axes != 2)
        return pm_error_set(err, PM_ERR_CRS, "CRS '%s': has %d axes, a map needs 2", def, axes);
    return PM_OK;
}

/* A projected PROJ string on the WGS84 ellipsoid without a datum shift or
 * other frills. */
static int plain_wgs84_projection(const pm_crs *crs)
{
    static const char *const frills[] = {"towgs84", "nadgrids", "geoidgrids", "+init", "+pm=",
                                         "+axis=", "pipeline", "+proj=longlat", "+proj=latlong",
                                         "+proj=lonlat", "+proj=latlon", "+vunits", "+geoc"};
    const char *d = crs->definition;
    while (*d == ' ')
        d++;
    if (crs->geographic || strncmp(d, "+proj=", 6) != 0)
        return 0;
    for (size_t i = 0; i < sizeof frills / sizeof frills[0]; i++)
        if (strstr(d, frills[i]))
            return 0;
    const char *e = strstr(d, "+ellps="), *t = strstr(d, "+datum=");
    if (e && (strncmp(e, "+ellps=WGS84", 12) != 0 || strstr(e + 1, "+ellps=")))
        return 0;
    if (t && (strncmp(t, "+datum=WGS84", 12) != 0 || strstr(t + 1, "+datum=")))
        return 0;
    return e || t;
}

/* For such a string the operation from WGS84 lon/lat is the projection
 * itself after degrees to radians: what proj_create_crs_to_crs finds, and
 * normalising gives, after some 20 ms of database queries that every map
 * with the "auto" CRS would otherwise pay. NULL if it does not apply. */
static PJ *direct_operation(pm_crs *crs)
{
    if (!plain_wgs84_projection(crs))
        return NULL;
    static const char head[] = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step";
    size_t n = sizeof head + strlen(crs->definition) + 1;
    char *pipe = malloc(n), *copy = pm_strdup(crs->definition);
    PJ *op = NULL;
    if (pipe && copy) {
        snprintf(pipe, n, "%s", head);
        for (char *save = NULL, *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
            if (strcmp(tok, "+type=crs") != 0 && strcmp(tok, "+no_defs") != 0 && strcmp(tok, "+wktext") != 0)
                snprintf(pipe + strlen(pipe), n - strlen(pipe), " %s", tok);
        op = proj_create(crs->ctx, pipe);
    }
    free(pipe);
    free(copy);
    return op;
}

/* A map drawn in lon/lat on WGS84 (EPSG:4326, CRS84, a geographic CRS PROJ
 * takes for the same): PROJ's operation gives back what it is given, at a
 * call per batch, and a large layer's interpolation grid only rounds it. */
static int is_noop(const PJ *op)
{
    PJ_PROJ_INFO info = proj_pj_info((PJ *)op);
    return info.id && strcmp(info.id, "noop") == 0;
}

/* A map in WGS84 lon/lat itself, "EPSG:4326" (as most plans' data come):
 * the operation is the noop that the search in make_operation finds (and
 * normalises to lon/lat) after 1-2 ms of database queries, which a map in
 * a projection does not pay (direct_operation). NULL if it does not apply. */
static PJ *wgs84_itself(const pm_crs *crs)
{
    const char *d = crs->definition;
    while (*d == ' ')
        d++;
    if (!crs->geographic || strcasecmp(d, "EPSG:4326") != 0)
        return NULL;
    return proj_create(crs->ctx, "+proj=noop");
}

static pm_status make_operation(pm_crs *crs, pm_error *err)
{
    if ((crs->op = direct_operation(crs)) != NULL)
        return PM_OK;
    if ((crs->op = wgs84_itself(crs)) != NULL) {
        crs->identity = is_noop(crs->op);
        return PM_OK;
    }
    PJ *wgs84 = proj_create(crs->ctx, "EPSG:4326");
    if (!wgs84)
        return pm_error_set(err, PM_ERR_CRS, "PROJ: cannot create EPSG:4326 (%s); is proj.db installed?",
                            proj_context_errno_string(crs->ctx, proj_context_errno(crs->ctx)));
    PJ *op = proj_create_crs_to_crs_from_pj(crs->ctx, wgs84, crs->target, NULL, NULL);
    proj_destroy(wgs84);
    PJ *norm = op ? proj_normalize_for_visualization(crs->ctx, op) : NULL;
    proj_destroy(op);
    if (!norm)
        return pm_error_set(err, PM_ERR_CRS, "CRS '%s': no transformation from WGS84 lon/lat (%s)",
                            crs->definition,
                            proj_context_errno_string(crs->ctx, proj_context_errno(crs->ctx)));
    crs->op = norm;
    crs->identity = is_noop(norm);
    return PM_OK;
}

static pm_status build(pm_crs *crs, pm_error *err)
{
    char *normalised = normalise_definition(crs->definition);
    if (!normalised)
        return pm_error_set(err, PM_ERR_NOMEM, "CRS '%s': out of memory", crs->definition);
    crs->target = proj_create(crs->ctx, normalised);
    free(normalised);
    if (!crs->target)
        return pm_error_set(err, PM_ERR_CRS, "unknown CRS '%s' (%s)", crs->definition,
                            proj_context_errno_string(crs->ctx, proj_context_errno(crs->ctx)));
    pm_status st = check_crs_kind(crs->ctx, crs->target, crs->definition, &crs->geographic, err);
    if (st != PM_OK)
        return st;
    return make_operation(crs, err);
}

pm_crs *pm_crs_create(const char *definition, double lon0, double lat0, pm_error *err)
{
    int is_auto = !definition || strcmp(definition, "auto") == 0;
    if (is_auto && !(isfinite(lon0) && isfinite(lat0) && fabs(lon0) <= 180 && fabs(lat0) <= 90)) {
        pm_error_set(err, PM_ERR_CRS, "CRS 'auto': centre lon=%g lat=%g is not a valid WGS84 position",
                     lon0, lat0);
        return NULL;
    }
    if (!is_auto && !definition[0]) {
        pm_error_set(err, PM_ERR_CRS, "CRS '': empty definition");
        return NULL;
    }
    pm_crs *crs = calloc(1, sizeof *crs);
    if (!crs) {
        pm_error_set(err, PM_ERR_NOMEM, "CRS: out of memory");
        return NULL;
    }
    char generated[256];
    if (is_auto)
        snprintf(generated, sizeof generated,
                 "+proj=tmerc +lat_0=%.10g +lon_0=%.10g +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs",
                 lat0, lon0);
    crs->definition = pm_strdup(is_auto ? generated : definition);
    crs->ctx = proj_context_create();
    if (crs->ctx)
        pm_proj_network(crs->ctx);   /* no grid downloads unless allowed */
    geod_init(&crs->geod, 6378137.0, 1.0 / 298.257223563);
    if (!crs->definition || !crs->ctx) {
        pm_error_set(err, PM_ERR_NOMEM, "CRS: out of memory");
        pm_crs_destroy(crs);
        return NULL;
    }
    /* PROJ would otherwise print its own errors to stderr; ours carry them. */
    proj_log_level(crs->ctx, PJ_LOG_NONE);
    if (build(crs, err) != PM_OK) {
        pm_crs_destroy(crs);
        return NULL;
    }
    return crs;
}

pm_crs *pm_crs_create_for_box(const char *definition, const double ll[4], pm_error *err)
{
    double lon0 = 0.5 * (ll[0] + ll[2]), lat0 = 0.5 * (ll[1] + ll[3]);
    int is_auto = !definition || strcmp(definition, "auto") == 0;
    if (!is_auto || !(ll[2] - ll[0] > PM_CRS_LOCAL_SPAN))
        return pm_crs_create(definition, lon0, lat0, err);
    if (!(isfinite(lon0) && fabs(lon0) <= 180)) {
        pm_error_set(err, PM_ERR_CRS, "CRS 'auto': centre lon=%g is not a valid WGS84 longitude", lon0);
        return NULL;
    }
    char world[160];
    if (ll[1] >= 30 || ll[3] <= -30)
        snprintf(world, sizeof world, "+proj=laea +lat_0=%d +lon_0=%.10g +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs",
                 ll[1] >= 30 ? 90 : -90, lon0);
    else
        snprintf(world, sizeof world, "+proj=eqearth +lon_0=%.10g +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs", lon0);
    return pm_crs_create(world, lon0, lat0, err);
}

void pm_crs_destroy(pm_crs *crs)
{
    if (!crs)
        return;
    proj_destroy(crs->op);
    proj_destroy(crs->target);
    if (crs->ctx)
        proj_context_destroy(crs->ctx);
    PM_FREE_ALL(crs->definition, crs->wkt, crs->wkt2, crs);
}

pm_crs *pm_crs_clone(const pm_crs *crs, pm_error *err)
{
    pm_crs *c = crs ? calloc(1, sizeof *c) : NULL;
    if (!c) {
        pm_error_set(err, crs ? PM_ERR_NOMEM : PM_ERR_USAGE, "CRS: cannot copy");
        return NULL;
    }
    c->definition = pm_strdup(crs->definition);
    c->geographic = crs->geographic;
    c->identity = crs->identity;
    c->geod = crs->geod;
    c->ctx = proj_context_create();
    if (c->ctx) {
        proj_log_level(c->ctx, PJ_LOG_NONE);
        pm_proj_network(c->ctx);
    }
    c->target = c->ctx ? proj_clone(c->ctx, crs->target) : NULL;
    c->op = c->ctx ? proj_clone(c->ctx, crs->op) : NULL;
    if (!c->definition || !c->target || !c->op) {
        pm_error_set(err, PM_ERR_CRS, "CRS '%s': cannot copy for another thread", crs->definition);
        pm_crs_destroy(c);
        return NULL;
    }
    return c;
}

static pm_status transform(const pm_crs *crs, PJ_DIRECTION dir, double *xy, size_t n, pm_error *err)
{
    if (!crs || (n && !xy))
        return pm_error_set(err, PM_ERR_USAGE, "pm_crs transform: NULL argument");
    if (n == 0)
        return PM_OK;
    proj_errno_reset(crs->op);
    size_t stride = 2 * sizeof(double);
    if (!crs->identity)
        proj_trans_generic(crs->op, dir, xy, stride, n, xy + 1, stride, n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++) {
        if (isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1]) && fabs(xy[2 * i]) < HUGE_VAL / 2)
            continue;
        int code = proj_errno(crs->op);
        return pm_error_set(err, PM_ERR_CRS, "point %zu cannot be %s '%s'%s%s", i,
                            dir == PJ_FWD ? "projected to" : "unprojected from", crs->definition,
                            code ? ": " : "", code ? proj_context_errno_string(crs->ctx, code) : "");
    }
    return PM_OK;
}

pm_status pm_crs_forward(const pm_crs *crs, double *xy, size_t n, pm_error *err)
{
    return transform(crs, PJ_FWD, xy, n, err);
}

pm_status pm_crs_inverse(const pm_crs *crs, double *xy, size_t n, pm_error *err)
{
    return transform(crs, PJ_INV, xy, n, err);
}

/* Points a box's outline is taken through the CRS at, per side. */
#define BOX_DENSIFY 32

/* The box of `in`'s outline (its sides densified: they curve once
 * transformed) taken through the CRS in direction `dir`. */
static pm_status transform_box(const pm_crs *crs, PJ_DIRECTION dir, const double in[4],
                               double out[4], pm_error *err)
{
    double xy[2 * 4 * BOX_DENSIFY];
    int n = 0;
    for (int side = 0; side < 4; side++)
        for (int k = 0; k < BOX_DENSIFY; k++, n++) {
            double t = (double)k / BOX_DENSIFY;
            double x = in[0] + t * (in[2] - in[0]), y = in[1] + t * (in[3] - in[1]);
            xy[2 * n] = side == 0 ? x : side == 1 ? in[2] : side == 2 ? in[2] + in[0] - x : in[0];
            xy[2 * n + 1] = side == 0 ? in[1] : side == 1 ? y : side == 2 ? in[3] : in[3] + in[1] - y;
        }
    pm_status st = transform(crs, dir, xy, (size_t)n, err);
    if (st != PM_OK)
        return st;
    out[0] = out[2] = xy[0];
    out[1] = out[3] = xy[1];
    for (int i = 1; i < n; i++) {
        out[0] = fmin(out[0], xy[2 * i]);
        out[2] = fmax(out[2], xy[2 * i]);
        out[1] = fmin(out[1], xy[2 * i + 1]);
        out[3] = fmax(out[3], xy[2 * i + 1]);
    }
    return PM_OK;
}

pm_status pm_crs_forward_box(const pm_crs *crs, const double ll[4], double box[4], pm_error *err)
{
    return transform_box(crs, PJ_FWD, ll, box, err);
}

pm_status pm_crs_inverse_box(const pm_crs *crs, const double box[4], double ll[4], pm_error *err)
{
    return transform_box(crs, PJ_INV, box, ll, err);
}

double pm_crs_metres_per_unit(const pm_crs *crs, double lon, double lat)
{
    if (!crs)
        return -1;
    double p[2] = {lon, lat};
    if (pm_crs_forward(crs, p, 1, NULL) != PM_OK)
        return -1;
    /* Half a unit either side of the point, back to lon/lat, measured on the
     * ellipsoid: the ground length of one map unit along x. */
    double ends[4] = {p[0] - 0.5, p[1], p[0] + 0.5, p[1]};
    if (pm_crs_inverse(crs, ends, 2, NULL) != PM_OK)
        return -1;
    double s12 = 0;
    geod_inverse(&crs->geod, ends[1], ends[0], ends[3], ends[2], &s12, NULL, NULL);
    return s12 > 0 ? s12 : -1;
}

/* A step along the parallel either side of the point, in degrees: short
 * enough that the chord and the geodesic differ from the parallel by
 * ~1e-10 of its length, long enough (~100 m) that rounding of map
 * coordinates of 1e7 units stays below that. */
#define PARALLEL_STEP 1e-3

double pm_crs_ground_per_unit(const pm_crs *crs, double lon, double lat)
{
    if (!crs || !(fabs(lat) < 90))
        return -1;
    if (crs->geographic)   /* degrees: the scale bar's measure along the parallel */
        return pm_crs_metres_per_unit(crs, lon, lat);
    /* The ground length of a short step along the parallel over its length
     * on the map, through the map's own transform: the projection's scale
     * along the parallel, in the CRS's units and axis order whatever they
     * are (PROJ's proj_factors on a CRS searched its database for an
     * operation, 3-20 ms, and gave nonsense for CRSs in northing/easting
     * order such as CGCS2000's Gauss-Krüger zones). The ground is measured
     * on WGS84, as the scale bar's is (pm_crs_metres_per_unit); a shift
     * between datums moves it by far less than a scale can be printed. */
    double p[4] = {lon - PARALLEL_STEP, lat, lon + PARALLEL_STEP, lat};
    if (pm_crs_forward(crs, p, 2, NULL) != PM_OK)
        return -1;
    double s12 = 0, map = hypot(p[2] - p[0], p[3] - p[1]);
    geod_inverse(&crs->geod, lat, lon - PARALLEL_STEP, lat, lon + PARALLEL_STEP, &s12, NULL, NULL);
    return s12 > 0 && map > 0 && isfinite(map) ? s12 / map : -1;
}

double pm_crs_north_angle(const pm_crs *crs, double lon, double lat)
{
    if (!crs)
        return 0;
    /* A step of ~1 m towards north (south near the pole, then reversed). */
    double step = lat + 1e-5 <= 90 ? 1e-5 : -1e-5;
    double pts[4] = {lon, lat, lon, lat + step};
    if (pm_crs_forward(crs, pts, 2, NULL) != PM_OK)
        return 0;
    double dx = (pts[2] - pts[0]) * (step > 0 ? 1 : -1);
    double dy = (pts[3] - pts[1]) * (step > 0 ? 1 : -1);
    /* Counter-clockwise from +y: north leaning to -x is a positive angle. */
    return atan2(-dx, dy);
}

const char *pm_crs_definition(const pm_crs *crs)
{
    return crs ? crs->definition : NULL;
}

/* The map CRS as WKT of `type`, kept in *slot: made on first use (only
 * world files, GeoTIFFs and exports ask, and the export to ESRI WKT queries
 * PROJ's database for names). */
static const char *wkt_of(const pm_crs *crs, char **slot, PJ_WKT_TYPE type)
{
    if (!crs)
        return NULL;
    if (!*slot) {
        const char *wkt = proj_as_wkt(crs->ctx, crs->target, type, NULL);
        *slot = wkt ? pm_strdup(wkt) : NULL;
    }
    return *slot;
}

const char *pm_crs_wkt(const pm_crs *crs)
{
    return wkt_of(crs, crs ? &((pm_crs *)crs)->wkt : NULL, PJ_WKT1_ESRI);
}

const char *pm_crs_wkt2(const pm_crs *crs)
{
    return wkt_of(crs, crs ? &((pm_crs *)crs)->wkt2 : NULL, PJ_WKT2_2019);
}

int pm_crs_is_geographic(const pm_crs *crs)
{
    return crs ? crs->geographic : 0;
}

int pm_crs_is_identity(const pm_crs *crs)
{
    return crs ? crs->identity : 0;
}
