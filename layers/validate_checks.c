/* Geometry (RFC 7946) and citation checks for `planmap validate`. */
#include "validate_internal.h"
#include "pm_guard.h"
#include "pm_strings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- geometry --------------------------------------------------------- */

static int check_coords(pm_vctx *ctx, const char *where, OGRGeometryH ring)
{
    int n = OGR_G_GetPointCount(ring);
    for (int i = 0; i < n; i++) {
        double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
        if (!isfinite(x) || !isfinite(y)) {
            pm_vproblem(ctx, "%s: vertex %d is not a finite number", where, i);
            return 0;
        }
        if (x < -180 || x > 180 || y < -90 || y > 90) {
            pm_vproblem(ctx, "%s: vertex %d (%g, %g) is outside WGS84 lon/lat", where, i, x, y);
            return 0;
        }
    }
    return 1;
}

/* Twice the signed area (shoelace): > 0 for counter-clockwise rings. */
static double signed_area2(OGRGeometryH ring)
{
    int n = OGR_G_GetPointCount(ring);
    double a = 0;
    for (int i = 0; i + 1 < n; i++)
        a += OGR_G_GetX(ring, i) * OGR_G_GetY(ring, i + 1) - OGR_G_GetX(ring, i + 1) * OGR_G_GetY(ring, i);
    return a;
}

static void check_polygon(pm_vctx *ctx, const char *where, OGRGeometryH poly, int part)
{
    int rings = OGR_G_GetGeometryCount(poly);
    for (int r = 0; r < rings; r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
        if (!check_coords(ctx, where, ring))
            return;
        double a = signed_area2(ring);
        if (r == 0 && a < 0)
            pm_vproblem(ctx, "%s: polygon %d: exterior ring is clockwise (RFC 7946 wants counter-clockwise)", where, part);
        if (r > 0 && a > 0)
            pm_vproblem(ctx, "%s: polygon %d: hole %d is counter-clockwise (RFC 7946 wants clockwise)", where, part, r);
    }
}

static void check_parts(pm_vctx *ctx, const char *where, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) {
        check_polygon(ctx, where, g, 0);
    } else if (t == wkbMultiPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            check_polygon(ctx, where, OGR_G_GetGeometryRef(g, i), i);
    } else if (t == wkbPoint || t == wkbLineString) {
        check_coords(ctx, where, g);
    } else if (t == wkbMultiPoint || t == wkbMultiLineString) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            check_coords(ctx, where, OGR_G_GetGeometryRef(g, i));
    } else {
        pm_vproblem(ctx, "%s: geometry type %s is not drawn by planmap", where, OGRGeometryTypeToName(t));
    }
}

void pm_vcheck_geometry(pm_vctx *ctx, const char *where, OGRGeometryH g)
{
    if (OGR_G_IsEmpty(g)) {
        pm_vproblem(ctx, "%s: empty geometry (use null for an unlocated feature)", where);
        return;
    }
    int before = ctx->report->problems;
    check_parts(ctx, where, g);
    if (ctx->report->problems == before && !OGR_G_IsValid(g))
        pm_vproblem(ctx, "%s: invalid geometry (self-intersection or bad ring)", where);
}

/* ---- citations -------------------------------------------------------- */

/* A plan's seed text is a chapter or two of prose; a larger file is not one
 * (and a citation into it reads as a seed that is not there). */
#define SEED_MAX ((size_t)64 << 20)

static pm_seed *load_seed(pm_vctx *ctx, int number)
{
    if (ctx->seed_cache[number])
        return ctx->seed_cache[number];
    pm_seed *s = calloc(1, sizeof *s);
    ctx->seed_cache[number] = s;
    char pattern[PATH_MAX + 16];
    snprintf(pattern, sizeof pattern, "%03d_", number);
    char **files = VSIReadDir(ctx->seeds);
    const char *found = NULL;
    for (int i = 0; files && files[i]; i++)
        if (!strncmp(files[i], pattern, 4) && strstr(files[i], ".txt"))
            found = files[i];
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", ctx->seeds, found ? found : "");
    FILE *fp = found ? pm_fopen_input(path, NULL) : NULL;   /* never a FIFO */
    CSLDestroy(files);
    size_t len;
    s->text = fp ? pm_read_stream(fp, path, SEED_MAX, "plan text", &len, NULL) : NULL;
    if (fp)
        fclose(fp);
    if (!s->text) {
        s->missing = 1;
        return s;
    }
    int cap = 1024;
    s->lines = malloc(cap * sizeof *s->lines);
    char *p = s->text;
    s->lines[0] = NULL;
    while (*p) {
        if (s->n_lines + 2 >= cap)
            s->lines = realloc(s->lines, (cap *= 2) * sizeof *s->lines);
        s->lines[++s->n_lines] = p;
        if (!(p = pm_line_cut(p)))   /* numbered as planmap extract numbers them */
            break;
    }
    return s;
}

void pm_vseeds_free(pm_vctx *ctx)
{
    for (int i = 0; i < PM_MAX_SEEDS; i++) {
        if (!ctx->seed_cache[i])
            continue;
        free(ctx->seed_cache[i]->text);
        free(ctx->seed_cache[i]->lines);
        free(ctx->seed_cache[i]);
        ctx->seed_cache[i] = NULL;
    }
}

static int lines_contain(const pm_seed *s, int first, int last, const char *needle)
{
    if (!needle || !*needle)
        return 0;
    for (int i = first; i <= last; i++)
        if (strstr(s->lines[i], needle))
            return 1;
    return 0;
}

/* source = "<seed>:<first>[-<last>] <chapter/section>" */
void pm_vcheck_source(pm_vctx *ctx, const char *where, const char *source,
                      const char *name, char **aliases)
{
    if (!source)
        return;
    int seed, first, last, used = 0;
    if (sscanf(source, "%3d:%d%n", &seed, &first, &used) < 2 || seed < 0 || seed >= PM_MAX_SEEDS) {
        pm_vproblem(ctx, "%s: source '%s' does not start with <seed>:<line>[-<line>]", where, source);
        return;
    }
    last = first;
    if (source[used] == '-' && sscanf(source + used + 1, "%d", &last) != 1)
        last = -1;
    pm_seed *s = load_seed(ctx, seed);
    if (s->missing) {
        pm_vproblem(ctx, "%s: source '%s': no seed file %03d_*.txt in %s", where, source, seed, ctx->seeds);
        return;
    }
    if (first < 1 || last < first || last > s->n_lines) {
        pm_vproblem(ctx, "%s: source '%s': lines %d-%d are outside the seed (1-%d)", where,
                    source, first, last, s->n_lines);
        return;
    }
    if (lines_contain(s, first, last, name))
        return;
    for (char **a = aliases; a && *a; a++)
        if (lines_contain(s, first, last, *a))
            return;
    pm_vproblem(ctx, "%s: source '%s': lines %d-%d contain neither the name '%s' nor an alias",
                where, source, first, last, name ? name : "");
}
