/* pm_shp_stream — a Shapefile's records read in order, chunk by chunk
 * (shapefile.h), made into the features GDAL's Shapefile driver and the
 * loader (source.c) would make: the same FIDs (the record's number),
 * deleted .dbf records left out, the same parts in the same order, values
 * as GDAL prints them. Buffered reads of the three files side by side: a
 * chunk's memory, never a file's. */
#include "shapefile.h"

#include <cpl_error.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"
#include "pm_encoding.h"
#include "pm_file.h"

enum { READ_BUFFER = 1 << 16, MAX_PARTS = 1 << 24, MAX_POINTS = 1 << 26 };

struct pm_shp_stream {
    const pm_shp_index *ix;
    FILE *shp, *shx, *dbf;
    unsigned char *rec, *row;    /* a .shp record's content; a .dbf record */
    size_t rec_cap;
    long long next;              /* the next record */
    long long pos;               /* its place in the .shp */
    long long given;             /* features handed out (deleted records left out) */
    int chunk;
    int filtered;
    double box[4];               /* the filter, in the layer's coordinates */
    pm_layer *shape;             /* the chunks' name, fields and schema */
    int *keep;                   /* per kept field: its .dbf field, -1 absent */
    int *label;                  /* the label fields present */
    int n_label, cheap;
    pm_recoder *recode;          /* the .dbf's text to UTF-8; NULL: as it is */
    OGRPreparedGeometryH prepared;   /* the filter's rectangle, as GDAL tests it */
    pm_geo_reader r;
    pm_gdal_failure gdal;
};

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static int le32(const unsigned char *p)
{
    return (int)((unsigned)p[3] << 24 | (unsigned)p[2] << 16 | (unsigned)p[1] << 8 | p[0]);
}

static double le64d(const unsigned char *p)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = p[i];   /* the host is little-endian (pm_shp_stream_open) */
    double d;
    memcpy(&d, b, sizeof d);
    return d;
}

void pm_shp_stream_close(pm_shp_stream *s)
{
    if (!s)
        return;
    if (s->shp)
        fclose(s->shp);
    if (s->shx)
        fclose(s->shx);
    if (s->dbf)
        fclose(s->dbf);
    free(s->rec);
    free(s->row);
    pm_layer_destroy(s->shape);
    free(s->keep);
    free(s->label);
    pm_recoder_close(s->recode);
    if (s->prepared)
        OGRDestroyPreparedGeometry(s->prepared);
    if (s->r.ct)
        OCTDestroyCoordinateTransformation(s->r.ct);
    pm_geo_reader_release(&s->r);
    free(s);
}

static int field_of(const pm_shp_index *ix, const char *name)
{
    for (int i = 0; name && i < ix->n_fields; i++)
        if (strcmp(ix->names[i], name) == 0)
            return i;
    return -1;
}

/* The kept fields as the loader keeps them (source.c, choose_fields): all
 * of them, or those asked for. 0, or -1: one this reader cannot read. */
static int choose_fields(pm_shp_stream *s, const pm_load_options *opts, const pm_load_lean *lean)
{
    const pm_shp_index *ix = s->ix;
    pm_layer *l = s->shape;
    int all = !opts || !opts->fields;
    int n = all ? ix->n_fields : (opts->n_fields > 0 ? opts->n_fields : 0);
    l->fields = calloc((size_t)n + 1, sizeof *l->fields);
    s->keep = calloc((size_t)n + 1, sizeof *s->keep);
    if (!l->fields || !s->keep)
        return -1;
    for (int i = 0; i < n; i++) {
        const char *name = all ? ix->names[i] : opts->fields[i];
        if (!name || pm_layer_field_index(l, name) >= 0)
            continue;
        int at = all ? i : field_of(ix, name);
        if (at < 0 && lean && lean->drop_absent_fields)
            continue;
        if (at >= 0 && !ix->fields[at].readable)
            return -1;   /* kept, but not read here */
        if (!(l->fields[l->n_fields] = pm_strdup(name)))
            return -1;
        s->keep[l->n_fields++] = at;
    }
    return 0;
}

/* The schema, the label fields and the text's encoding. 0, or -1. */
static int describe(pm_shp_stream *s, const pm_load_lean *lean)
{
    const pm_shp_index *ix = s->ix;
    pm_layer *l = s->shape;
    l->schema = calloc((size_t)ix->n_fields + 1, sizeof *l->schema);
    for (int i = 0; l->schema && i < ix->n_fields; i++) {
        if (!pm_utf8_valid(ix->names[i], strlen(ix->names[i])))
            return -1;   /* the loader's error to give */
        if (!(l->schema[l->n_schema++] = pm_strdup(ix->names[i])))
            return -1;
    }
    s->cheap = lean && lean->cheap_anchors;
    int n = s->cheap && lean->label_fields ? lean->n_label_fields : 0;
    s->label = calloc((size_t)n + 1, sizeof *s->label);
    for (int i = 0; s->label && i < n; i++) {
        int at = field_of(ix, lean->label_fields[i]);
        if (at >= 0 && !ix->fields[at].readable)
            return -1;
        if (at >= 0)
            s->label[s->n_label++] = at;
    }
    const char *enc = ix->encoding;
    if (enc[0] && !pm_encoding_is_utf8(enc) && !(s->recode = pm_recoder_open(enc)))
        return -1;
    return l->schema && s->label ? 0 : -1;
}

static FILE *open_buffered(const char *path, long offset)
{
    FILE *f = pm_fopen_input(path, NULL);
    if (f && (setvbuf(f, NULL, _IOFBF, READ_BUFFER) != 0 || fseek(f, offset, SEEK_SET) != 0)) {
        fclose(f);
        f = NULL;
    }
    return f;
}

static int little_endian(void)
{
    const unsigned one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* The filter's rectangle as OGR_L_SetSpatialFilterRect makes it. 0, or -1. */
static int prepare_filter(pm_shp_stream *s)
{
    const double *w = s->box;
    double x[5] = {w[0], w[0], w[2], w[2], w[0]}, y[5] = {w[1], w[3], w[3], w[1], w[1]};
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing), poly = OGR_G_CreateGeometry(wkbPolygon);
    if (ring && poly) {
        OGR_G_SetPoints(ring, 5, x, sizeof *x, y, sizeof *y, NULL, 0);
        OGR_G_AddGeometryDirectly(poly, ring);
        ring = NULL;
        s->prepared = OGRCreatePreparedGeometry(poly);
    }
    OGR_G_DestroyGeometry(ring);
    OGR_G_DestroyGeometry(poly);
    return s->prepared ? 0 : -1;
}

/* The filter and where the features lie: the layer's extent in lon/lat
 * (*ll), and the view's box in its coordinates when a filter pays. */
static int bounds(pm_shp_stream *s, const pm_load_options *opts, double ll[4])
{
    const pm_shp_index *ix = s->ix;
    if (pm_geo_to_wgs84(ix->srs, &s->r.ct, NULL) != PM_OK)
        return -1;
    pm_load_extent_lonlat(ix->extent_known ? ix->extent : NULL, s->r.ct, ll);
    s->filtered = opts && opts->within &&
                  pm_load_filter_srs(ix->srs, s->r.ct, ix->extent_known ? ix->extent : NULL,
                                     opts->within, s->box);
    CPLErrorReset();
    return s->filtered ? prepare_filter(s) : 0;
}

pm_shp_stream *pm_shp_stream_open(const pm_shp_index *ix, const pm_load_options *opts,
                                  const pm_load_lean *lean, int chunk, double ll[4], pm_error *err)
{
    (void)err;   /* out of memory declines too: GDAL says it */
    pm_shp_stream *s = little_endian() ? calloc(1, sizeof *s) : NULL;
    if (!s)
        return NULL;
    s->ix = ix;
    s->chunk = chunk > 0 ? chunk : 1;
    s->pos = 100;
    s->shape = calloc(1, sizeof *s->shape);
    int ok = s->shape && (s->shape->source = pm_strdup(ix->shp)) && (s->shape->name = pm_strdup(ix->layer)) &&
             choose_fields(s, opts, lean) == 0 && describe(s, lean) == 0 && bounds(s, opts, ll) == 0 &&
             (s->row = malloc((size_t)ix->dbf_record)) && (s->shp = open_buffered(ix->shp, 100)) &&
             (s->shx = open_buffered(ix->shx, 100)) && (s->dbf = open_buffered(ix->dbf, ix->dbf_header));
    if (!ok) {
        pm_shp_stream_close(s);
        return NULL;
    }
    s->shape->context = opts ? opts->context : NULL;
    return s;
}

long long pm_shp_stream_count(const pm_shp_stream *s)
{
    return s->filtered ? -1 : s->ix->records;
}

void pm_shp_stream_set_chunk(pm_shp_stream *s, int chunk)
{
    s->chunk = chunk > 0 ? chunk : 1;
}

/* ---- one record ------------------------------------------------------- */

/* Kept value k into *out (NULL: null). 0, or -1: declined. */
static int value(pm_shp_stream *s, pm_layer *l, int k, char **out)
{
    *out = NULL;
    return s->keep[k] < 0 ? 0 : pm_shp_value(&s->ix->fields[s->keep[k]], s->row, s->recode, l->arena, out);
}

/* 1 if some label field has a value, 0 if none; -1 declined. */
static int may_be_labelled(const pm_shp_stream *s)
{
    for (int i = 0; i < s->n_label; i++) {
        int null = pm_shp_is_null(&s->ix->fields[s->label[i]], s->row);
        if (null <= 0)
            return null < 0 ? -1 : 1;
    }
    return 0;
}

/* ---- one shape -------------------------------------------------------- */

/* A record's parts and points as GDAL's driver reads them: `np` part
 * starts (NULL for points) and `n` points at c[xy]. */
typedef struct shape {
    int base;                /* 1 point, 3 arc, 5 polygon, 8 multipoint */
    int np, n;
    const unsigned char *parts, *xy;
} shape;

/* The record's type, parts and points checked as shapelib checks them
 * (and more: no empty part, no part before the first point). 1: a shape;
 * 0: null; -1: declined. */
static int parse(const pm_shp_stream *s, const unsigned char *c, long long len, shape *sh)
{
    if (len < 4)
        return -1;
    int type = le32(c);
    if (type == 0)
        return 0;
    if (type != s->ix->type)
        return -1;
    sh->base = type % 10;
    int z = type > 10 && type < 20;
    long long need;
    if (sh->base == 1) {
        sh->np = 0, sh->n = 1, sh->xy = c + 4;
        need = z ? 28 : 20;
    } else if (sh->base == 8) {
        if (len < 40)
            return -1;
        sh->np = 0, sh->n = le32(c + 36), sh->xy = c + 40;
        need = 40 + 16LL * sh->n + (z ? 16 + 8LL * sh->n : 0);
    } else {
        if (len < 44)
            return -1;
        sh->np = le32(c + 36), sh->n = le32(c + 40), sh->parts = c + 44;
        sh->xy = sh->parts + 4 * (size_t)(sh->np > 0 ? sh->np : 0);
        need = 44 + 4LL * sh->np + 16LL * sh->n + (z ? 16 + 8LL * sh->n : 0);
    }
    if (sh->np < 0 || sh->np > MAX_PARTS || sh->n < 0 || sh->n > MAX_POINTS || len < need)
        return -1;
    if (sh->n == 0 || (sh->base != 1 && sh->base != 8 && sh->np == 0))
        return sh->np == 0 && sh->n == 0 ? 0 : -1;
    for (int p = 0; p < sh->np; p++) {
        int at = le32(sh->parts + 4 * (size_t)p);
        if ((p == 0 && at != 0) || (p > 0 && at <= le32(sh->parts + 4 * (size_t)(p - 1))) || at >= sh->n)
            return -1;
    }
    return 1;
}

static int meets(const double b[4], const double w[4])
{
    return b[0] <= w[2] && b[2] >= w[0] && b[1] <= w[3] && b[3] >= w[1];
}

/* The points into xy (2n doubles); 0, or -1 for a coordinate that is not
 * finite (GDAL's loader names it). */
static int points(const shape *sh, double *xy)
{
    for (int i = 0; i < 2 * sh->n; i++) {
        xy[i] = le64d(sh->xy + 8 * (size_t)i);
        if (!isfinite(xy[i]))
            return -1;
    }
    return 0;
}

static int part_start(const shape *sh, int p)
{
    return p < sh->np ? le32(sh->parts + 4 * (size_t)p) : sh->n;
}

/* The shape's feature: kind, parts and points in source coordinates, then
 * what pm_geo_read_flat makes of them. 0, or -1 declined. */
static int flat(pm_shp_stream *s, const shape *sh, pm_feature *f, pm_arena *a)
{
    int parts = sh->base == 1 || sh->base == 8 ? sh->n : sh->np;
    f->kind = sh->base == 3 ? PM_GEOM_LINE : sh->base == 5 ? PM_GEOM_POLYGON : PM_GEOM_POINT;
    f->n_parts = parts;
    f->xy = pm_arena_alloc(a, 2 * sizeof(double) * (size_t)sh->n, sizeof(double));
    f->part_len = pm_arena_alloc(a, sizeof(int) * (size_t)parts, sizeof(int));
    if (f->kind == PM_GEOM_POLYGON && !(f->part_poly = pm_arena_alloc(a, sizeof(int), sizeof(int))))
        return -1;
    if (!f->xy || !f->part_len || points(sh, f->xy) != 0)
        return -1;
    for (int p = 0; p < parts; p++)
        f->part_len[p] = f->kind == PM_GEOM_POINT ? 1 : part_start(sh, p + 1) - part_start(sh, p);
    if (f->part_poly)
        f->part_poly[0] = 0;
    pm_error e = {0};
    return pm_geo_read_flat(&s->r, f, &e) == PM_OK ? 0 : -1;
}

/* The shape as the OGR geometry GDAL's driver makes of it, for the
 * filter's GEOS test; NULL: out of memory or not finite. */
static OGRGeometryH ogr_shape(const shape *sh)
{
    double *xy = malloc(2 * sizeof *xy * (size_t)sh->n);
    int *start = malloc(sizeof *start * (size_t)(sh->np + 1));
    OGRGeometryH g = NULL;
    if (xy && start && points(sh, xy) == 0) {
        for (int p = 0; p <= sh->np; p++)
            start[p] = part_start(sh, p);
        if (sh->base == 5 && sh->np > 1)
            g = pm_shp_polygon(xy, start, sh->np, sh->n);
        else if (sh->base == 1 || sh->base == 8) {
            g = OGR_G_CreateGeometry(sh->base == 1 ? wkbPoint : wkbMultiPoint);
            for (int i = 0; g && i < sh->n; i++) {
                OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
                OGR_G_SetPoint_2D(pt, 0, xy[2 * i], xy[2 * i + 1]);
                if (sh->base == 1)
                    OGR_G_DestroyGeometry(g), g = pt;
                else
                    OGR_G_AddGeometryDirectly(g, pt);
            }
        } else {
            int multi = sh->base == 3 && sh->np > 1;
            g = OGR_G_CreateGeometry(multi ? wkbMultiLineString : sh->base == 3 ? wkbLineString : wkbPolygon);
            for (int p = 0; g && p < sh->np; p++) {
                OGRGeometryH part = sh->base == 5 ? OGR_G_CreateGeometry(wkbLinearRing)
                                    : multi ? OGR_G_CreateGeometry(wkbLineString) : g;
                int n = start[p + 1] - start[p];
                const double *v = xy + 2 * (size_t)start[p];
                OGR_G_SetPoints(part, n, v, 2 * sizeof *v, v + 1, 2 * sizeof *v, NULL, 0);
                if (part != g)
                    OGR_G_AddGeometryDirectly(g, part);
            }
        }
    }
    free(xy);
    free(start);
    return g;
}

/* A polygon of several rings: GDAL's organisation of them (ogr_shape),
 * read as the loader reads any geometry. */
static int rings(pm_shp_stream *s, const shape *sh, pm_feature *f)
{
    OGRGeometryH g = ogr_shape(sh);
    pm_error e = {0};
    int st = g && pm_geo_read_geometry(g, &s->r, f, &e) == PM_OK ? 0 : -1;
    OGR_G_DestroyGeometry(g);   /* a delete: NULL is fine */
    return st;
}

/* Whether GDAL's spatial filter keeps the shape (OGRLayer::FilterGeometry):
 * its box meets the filter's, and lies within it or the shape meets the
 * filter's rectangle (GEOS). 1, 0, or -1 declined. */
static int in_view(const pm_shp_stream *s, const shape *sh)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    const double *w = s->box;
    for (int i = 0; i < sh->n; i++) {
        double x = le64d(sh->xy + 16 * (size_t)i), y = le64d(sh->xy + 16 * (size_t)i + 8);
        if (!isfinite(x) || !isfinite(y))
            return -1;
        b[0] = fmin(b[0], x), b[1] = fmin(b[1], y), b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
    }
    if (!meets(b, w))
        return 0;
    if (b[0] >= w[0] && b[1] >= w[1] && b[2] <= w[2] && b[3] <= w[3])
        return 1;
    OGRGeometryH g = ogr_shape(sh);
    int hit = g ? OGRPreparedGeometryIntersects(s->prepared, g) != 0 : -1;
    OGR_G_DestroyGeometry(g);   /* a delete: NULL is fine */
    return hit;
}

/* Record c[0, len) as feature f. 0; 1 left out by the filter; -1 declined. */
static int geometry(pm_shp_stream *s, pm_layer *l, pm_feature *f, const unsigned char *c, long long len)
{
    shape sh = {0};
    int got = parse(s, c, len, &sh);
    if (got < 0)
        return -1;
    int shown = s->filtered && got == 1 ? in_view(s, &sh) : 1;
    if (shown < 0)
        return -1;
    if (s->filtered && (got == 0 || shown == 0))
        return 1;
    f->kind = PM_GEOM_NONE;
    for (int i = 0; i < 4; i++)
        f->bbox[i] = NAN;
    f->anchor[0] = f->anchor[1] = NAN;
    if (got == 0)
        return 0;
    if (sh.base == 5 && sh.np > 1)
        return rings(s, &sh, f);
    return flat(s, &sh, f, l->arena);
}

/* ---- records ---------------------------------------------------------- */

/* The next record into s->rec (*len bytes) and s->row. 1; 0 at the end;
 * -1 declined: the .shx does not point where the records lie. */
static int next_record(pm_shp_stream *s, long long *len)
{
    unsigned char h[8], r[8];
    if (s->next >= s->ix->records)
        return 0;
    if (fread(h, 1, 8, s->shx) != 8 || 2LL * be32(h) != s->pos || fread(r, 1, 8, s->shp) != 8 ||
        be32(r + 4) != be32(h + 4) || be32(h + 4) > (1u << 29))
        return -1;
    size_t n = 2 * (size_t)be32(h + 4);
    if (n > s->rec_cap) {
        unsigned char *grown = realloc(s->rec, n);
        if (!grown)
            return -1;
        s->rec = grown, s->rec_cap = n;
    }
    if (fread(s->rec, 1, n, s->shp) != n ||
        fread(s->row, 1, (size_t)s->ix->dbf_record, s->dbf) != (size_t)s->ix->dbf_record)
        return -1;
    s->pos += 8 + (long long)n;
    *len = (long long)n;
    return 1;
}

/* Values of the kept fields. 0, or -1. */
static int values(pm_shp_stream *s, pm_layer *l, pm_feature *f)
{
    if (l->n_fields == 0)
        return 0;
    f->values = pm_arena_alloc(l->arena, sizeof *f->values * (size_t)l->n_fields, sizeof *f->values);
    for (int k = 0; f->values && k < l->n_fields; k++)
        if (value(s, l, k, &f->values[k]) != 0)
            return -1;
    return f->values ? 0 : -1;
}

/* Features into `l` until it holds a chunk or the records end. 0, or -1
 * declined. */
static int fill(pm_shp_stream *s, pm_layer *l)
{
    while (l->n_features < s->chunk) {
        long long len = 0;
        int got = next_record(s, &len);
        if (got <= 0)
            return got;
        long long fid = s->next++;
        if (s->row[0] == '*')
            continue;   /* deleted: GDAL skips it */
        pm_feature *f = &l->features[l->n_features];
        memset(f, 0, sizeof *f);
        int labelled = s->cheap ? may_be_labelled(s) : 1;
        if (labelled < 0)
            return -1;
        s->r.cheap_anchor = !labelled;
        int st = geometry(s, l, f, s->rec, len);
        if (st == 1 && !s->gdal.failed)
            continue;   /* left out by the filter */
        if (st != 0 || s->gdal.failed || values(s, l, f) != 0)
            return -1;
        f->fid = (long)fid;
        if (l->n_features++ == 0)
            l->first = s->filtered ? -1 : s->given;
        s->given++;
        pm_extent_union(l->extent, f->bbox);
    }
    return 0;
}

pm_layer *pm_shp_stream_next(pm_shp_stream *s, long long *resume, pm_error *err)
{
    *resume = -1;
    if (err)
        err->status = PM_OK;
    long long at = s->next;
    pm_layer *l = pm_layer_chunk_like(s->shape, s->chunk);
    if (!l) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", s->ix->shp);
        return NULL;
    }
    s->r.arena = l->arena;
    CPLPushErrorHandlerEx(pm_load_note_failure, &s->gdal);
    int st = fill(s, l);
    CPLPopErrorHandler();
    if (st != 0)
        *resume = s->filtered ? PM_SHP_RESUME_FILTERED : at;
    if (st != 0 || l->n_features == 0) {
        pm_layer_destroy(l);
        l = NULL;
    }
    return l;
}
