/* GeoPDF: the map frame's georeferencing as an ISO 32000 geospatial measure
 * (a /Viewport in the page's /VP array whose /BBox is the frame, with a
 * /Measure /GEO dictionary: the frame's corners in latitude and longitude,
 * and the map CRS as WKT), which GDAL and map apps read.
 *
 * Cairo cannot write these dictionaries, so the finished PDF gets an
 * incremental update (ISO 32000-1, 7.5.6): the page object again, with /VP
 * added, a cross-reference section for it alone and a trailer whose /Prev
 * points at Cairo's. The bytes Cairo wrote stay as they were, so the page
 * draws exactly as before. The same update makes the map's parts optional
 * content groups (pdf_layers.c). */
#include "render_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_crs.h"

/* A PDF literal string: ( ) and \ escaped. */
static void add_pdf_string(pm_sbuf *b, const char *s)
{
    pm_sbuf_add(b, "(");
    for (; *s; s++) {
        char c[3] = {*s, 0, 0};
        if (*s == '(' || *s == ')' || *s == '\\') {
            c[0] = '\\';
            c[1] = *s;
        }
        pm_sbuf_add(b, c);
    }
    pm_sbuf_add(b, ")");
}

char *pm_pdf_geo_viewport(const pm_rctx *rc, double page_h, pm_error *err)
{
    const pm_crs *crs = rc->map->crs;
    const char *wkt = pm_crs_wkt(crs);
    pm_rect fr = rc->page.lay.frame;
    if (!wkt || !(fr.w > 0 && fr.h > 0) || rc->page.sx == 0 || rc->page.sy == 0) {
        pm_error_set(err, PM_ERR_CRS, "%s: the map CRS has no WKT for the PDF's georeferencing",
                     rc->spec->path);
        return NULL;
    }
    /* The frame's corners in the order of /LPTS (unit square over /BBox,
     * y up): bottom left, top left, top right, bottom right. */
    double xy[8] = {fr.x, fr.y + fr.h, fr.x, fr.y, fr.x + fr.w, fr.y, fr.x + fr.w, fr.y + fr.h};
    for (int k = 0; k < 4; k++) {
        xy[2 * k] = (xy[2 * k] - rc->page.tx) / rc->page.sx;
        xy[2 * k + 1] = (xy[2 * k + 1] - rc->page.ty) / rc->page.sy;
    }
    if (pm_crs_inverse(crs, xy, 4, err) != PM_OK)
        return NULL;
    pm_sbuf b = {0};
    pm_sbuf_addf(&b, "/VP [ << /Type /Viewport /Name (Map) /BBox [ %.4f %.4f %.4f %.4f ]\n",
                 fr.x, page_h - fr.y - fr.h, fr.x + fr.w, page_h - fr.y);
    pm_sbuf_add(&b, "  /Measure << /Type /Measure /Subtype /GEO /Bounds [ 0 0 0 1 1 1 1 0 ]\n"
                    "    /LPTS [ 0 0 0 1 1 1 1 0 ]\n    /GPTS [");
    for (int k = 0; k < 4; k++)   /* latitude first */
        pm_sbuf_addf(&b, " %.9f %.9f", xy[2 * k + 1], xy[2 * k]);
    pm_sbuf_addf(&b, " ]\n    /GCS << /Type /%s /WKT ", pm_crs_is_geographic(crs) ? "GEOGCS" : "PROJCS");
    add_pdf_string(&b, wkt);
    pm_sbuf_add(&b, " >> >> >> ]\n");
    char *vp = pm_sbuf_take(&b);
    if (!vp)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", rc->spec->path);
    return vp;
}

/* The first occurrence of word in [p, end), or NULL (memmem is not C11). */
const char *pm_pdf_find(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    for (; p && end - p >= (ptrdiff_t)n; p++)
        if (memcmp(p, word, n) == 0)
            return p;
    return NULL;
}

/* The last occurrence of word in pdf[0, len), or NULL. */
static const char *last(const char *pdf, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(pdf + i, word, n) == 0)
            return pdf + i;
    return NULL;
}

/* The only page object: its number and its dictionary's bytes up to (not
 * including) the closing ">>". -1 when there is none, or more than one. */
static int find_page(const char *pdf, size_t len, long *num, const char **dict, size_t *dict_len)
{
    static const char word[] = "/Type /Page";
    const char *found = NULL, *end = pdf + len;
    for (const char *p = pdf; (p = pm_pdf_find(p, end, word)); p++) {
        char after = p + sizeof word - 1 < end ? p[sizeof word - 1] : 0;
        if (after == 's')
            continue;   /* /Pages */
        if (found)
            return -1;
        found = p;
    }
    if (!found)
        return -1;
    /* "N 0 obj" before it, "endobj" after it. */
    const char *obj = last(pdf, (size_t)(found - pdf), " 0 obj");
    const char *open = obj ? pm_pdf_find(obj, found, "<<") : NULL;
    const char *stop = pm_pdf_find(found, end, "endobj");
    const char *close = stop ? last(found, (size_t)(stop - found), ">>") : NULL;
    if (!open || !close)
        return -1;
    const char *digits = obj;
    while (digits > pdf && digits[-1] >= '0' && digits[-1] <= '9')
        digits--;
    if (digits == obj)
        return -1;
    *num = strtol(digits, NULL, 10);
    *dict = open;
    *dict_len = (size_t)(close - open);
    return 0;
}

/* The number after `key` in the last trailer, or -1. */
static long trailer_number(const char *trailer, size_t len, const char *key)
{
    const char *k = pm_pdf_find(trailer, trailer + len, key);
    if (!k)
        return -1;
    char *e;
    long v = strtol(k + strlen(key), &e, 10);
    return e == k + strlen(key) ? -1 : v;
}

/* The parts' optional content (pdf_layers.c) after the page object, and the
 * cross-reference entries of every object the update writes. When the
 * document is not as Cairo writes it, the PDF keeps no layers. */
static void add_layers(pm_sbuf *b, const char *pdf, size_t len, long page, long root,
                       long *size, const pm_pdf_parts *parts, pm_sbuf *xref)
{
    pm_pdf_xref x = {0};
    pm_sbuf lb = {0};
    long grown = *size;
    if (parts && pm_pdf_layers_update(&lb, pdf, len, page, root, &grown, parts, &x) == 0 &&
        !x.full && !lb.nomem) {
        size_t base = len + b->len;
        pm_sbuf_addn(b, lb.s, lb.len);
        for (int i = 0; i < x.n; i++)
            pm_sbuf_addf(xref, "%ld 1\n%010zu 00000 n \n", x.num[i], base + x.at[i]);
        *size = grown;
    }
    free(lb.s);
}

pm_status pm_pdf_geo_append(const unsigned char *doc, size_t len, const char *viewport,
                            const pm_pdf_parts *parts, pm_writer *w, const char *target,
                            pm_error *err)
{
    const char *pdf = (const char *)doc;
    const char *trailer = last(pdf, len, "trailer");
    const char *sx = last(pdf, len, "startxref");
    long num, size = -1, root = -1, info = -1, prev = -1;
    const char *dict;
    size_t dict_len;
    if (trailer && sx) {
        size_t tl = (size_t)(sx - trailer);
        size = trailer_number(trailer, tl, "/Size");
        root = trailer_number(trailer, tl, "/Root");
        info = trailer_number(trailer, tl, "/Info");
        prev = trailer_number(sx, len - (size_t)(sx - pdf), "startxref");
    }
    if (size <= 0 || root <= 0 || prev <= 0 || find_page(pdf, len, &num, &dict, &dict_len) != 0)
        return pm_error_set(err, PM_ERR_RENDER,
                            "%s: cannot georeference the PDF: its page object or trailer was not found",
                            target);
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "\n");
    size_t at = len + b.len;
    pm_sbuf_addf(&b, "%ld 0 obj\n", num);
    /* The dictionary as Cairo wrote it, then /VP before its end. */
    char *copy = malloc(dict_len + 1);
    if (copy) {
        memcpy(copy, dict, dict_len);
        copy[dict_len] = 0;
        pm_sbuf_add(&b, copy);
        free(copy);
    } else {
        b.nomem = 1;
    }
    pm_sbuf_add(&b, "\n   ");
    pm_sbuf_add(&b, viewport);
    pm_sbuf_add(&b, ">>\nendobj\n");
    pm_sbuf more = {0};
    add_layers(&b, pdf, len, num, root, &size, parts, &more);
    size_t xref = len + b.len;
    pm_sbuf_addf(&b, "xref\n%ld 1\n%010zu 00000 n \n", num, at);
    if (more.s)
        pm_sbuf_addn(&b, more.s, more.len);
    b.nomem |= more.nomem;
    free(more.s);
    pm_sbuf_addf(&b, "trailer\n<< /Size %ld /Root %ld 0 R", size, root);
    if (info > 0)
        pm_sbuf_addf(&b, " /Info %ld 0 R", info);
    pm_sbuf_addf(&b, " /Prev %ld >>\nstartxref\n%zu\n%%%%EOF\n", prev, xref);
    size_t update_len = b.len;   /* a deflated stream may hold NULs */
    char *update = pm_sbuf_take(&b);
    if (!update)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", target);
    /* A failed write is the writer's, reported by its commit. */
    if (pm_writer_write(w, doc, len) == 0)
        pm_writer_write(w, update, update_len);
    free(update);
    return PM_OK;
}
