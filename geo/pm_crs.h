/* pm_crs — the map's coordinate reference system, through PROJ.
 *
 * A pm_crs owns its own PJ_CONTEXT (one per thread that uses it, as PROJ asks)
 * and the transformation from WGS84 longitude/latitude (always lon, lat order)
 * to map x/y (easting, northing). Geographic map CRSs are allowed; their x/y
 * are then lon/lat degrees.
 */
#ifndef PM_CRS_H
#define PM_CRS_H

#include <stddef.h>

#include "pm_error.h"

typedef struct pm_crs pm_crs;

/* `definition` is "auto" (or NULL), an authority code ("EPSG:4547"), a PROJ
 * string ("+proj=tmerc ...") or WKT. "auto" makes a local conformal projection
 * (transverse Mercator on the WGS84 ellipsoid) centred on lon0/lat0, so north
 * is up at the centre and scale is true there. */
pm_crs *pm_crs_create(const char *definition, double lon0, double lat0, pm_error *err);
/* The same for the data's lon/lat box `ll` (minx, miny, maxx, maxy): "auto"
 * is the transverse Mercator above on the box's centre while the box spans at
 * most PM_CRS_LOCAL_SPAN degrees of longitude (a local projection cannot show
 * more: at 90° from its meridian it folds back); wider boxes get a Lambert
 * azimuthal equal-area projection on the pole for a polar cap (the box
 * north of 30°N or south of 30°S), else Equal Earth on the box's middle
 * meridian, which shows the whole world. Other definitions as given. */
#define PM_CRS_LOCAL_SPAN 100.0
pm_crs *pm_crs_create_for_box(const char *definition, const double ll[4], pm_error *err);
void pm_crs_destroy(pm_crs *crs);
/* The same CRS with its own PROJ context, for another thread to use. */
pm_crs *pm_crs_clone(const pm_crs *crs, pm_error *err);

/* Transform `n` points in place: xy = {lon, lat, lon, lat, ...} → {x, y, ...}.
 * Fails (PM_ERR_CRS) if any point does not transform to finite numbers. */
pm_status pm_crs_forward(const pm_crs *crs, double *xy, size_t n, pm_error *err);
/* Map x/y → lon/lat, in place. */
pm_status pm_crs_inverse(const pm_crs *crs, double *xy, size_t n, pm_error *err);
/* The box (minx, miny, maxx, maxy) around a lon/lat box taken to map x/y,
 * or a map x/y box taken back to lon/lat: from its outline, the sides
 * densified (they curve once transformed). */
pm_status pm_crs_forward_box(const pm_crs *crs, const double ll[4], double box[4], pm_error *err);
pm_status pm_crs_inverse_box(const pm_crs *crs, const double box[4], double ll[4], pm_error *err);

/* The forward transformation over a lon/lat box (minx, miny, maxx, maxy)
 * by quadratic interpolation between nodes PROJ computes: checked against
 * PROJ at every cell's centre and at the n_sample lon/lat points given, and
 * refined until within `tol` map units everywhere it was checked. NULL when
 * that cannot be had (the box reaches a projection's edge, PROJ fails in
 * it) or is not needed (an identity): transform with pm_crs_forward then. Read-only once made: threads may
 * share it. */
typedef struct pm_crs_grid pm_crs_grid;
pm_crs_grid *pm_crs_grid_create(const pm_crs *crs, const double box[4], const double *sample,
                                size_t n_sample, double tol);
/* 1 if the n lon/lat points lie in the grid's box and it gives them
 * within its tolerance (a grid made for a larger box, checked again on the
 * data it is about to transform). */
int pm_crs_grid_holds(const pm_crs_grid *g, const pm_crs *crs, const double *sample, size_t n);
/* Transform n points in place; -1 (nothing changed) if one lies outside
 * the grid's box. */
int pm_crs_grid_forward(const pm_crs_grid *g, double *xy, size_t n);
void pm_crs_grid_destroy(pm_crs_grid *g);

/* Ground metres per map unit at the given lon/lat, measured along the map's x
 * axis (geodesic distance), for scale bars. Returns <= 0 on failure. */
double pm_crs_metres_per_unit(const pm_crs *crs, double lon, double lat);

/* Ground metres per map unit at the given lon/lat from PROJ's scale factor
 * of the projection there (proj_factors), for a map at an exact scale; for a
 * geographic CRS, the ground length of a degree along the parallel (as the
 * scale bar measures). Returns <= 0 on failure. */
double pm_crs_ground_per_unit(const pm_crs *crs, double lon, double lat);

/* Direction of true north at lon/lat, in radians counter-clockwise from the
 * map's +y axis (0 for north-up at that point). */
double pm_crs_north_angle(const pm_crs *crs, double lon, double lat);

/* The definition as given or generated (PROJ string for "auto"). */
const char *pm_crs_definition(const pm_crs *crs);
/* WKT (WKT1_ESRI style suitable for .prj files); NULL on failure.
 * The string belongs to the crs; it is made on the first call, so make that
 * call before threads share the crs. */
const char *pm_crs_wkt(const pm_crs *crs);
/* WKT2 (2019), with the CRS's authority and code where it has them (a
 * GeoTIFF then names EPSG:4547 as such, not a look-alike in another axis
 * order); NULL on failure. Made and owned as pm_crs_wkt's. */
const char *pm_crs_wkt2(const pm_crs *crs);
/* 1 if map x/y are geographic degrees. */
int pm_crs_is_geographic(const pm_crs *crs);
/* 1 if map x/y are WGS84 lon/lat as given (the transformation is PROJ's
 * "noop"): transforming leaves the numbers as they are. */
int pm_crs_is_identity(const pm_crs *crs);

#endif
