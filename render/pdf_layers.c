/* GeoPDF layers: each part of the map (the parts an editable SVG makes
 * Inkscape layers of, pm_svg_group) as a PDF optional content group, so a
 * PDF reader, GDAL and map apps list the layers and can hide them.
 *
 * Cairo (1.16) writes no optional content, but it writes marked content:
 * each part is drawn inside a "Sect" structure tag, which Cairo writes as
 * "/Sect << /MCID n >> BDC … EMC" in the page's content stream, with a
 * structure element per tag (in the order the tags began) naming its MCIDs.
 * The incremental update of pdf_geo.c then gives the page a new content
 * stream in which each "/Sect << /MCID n >> BDC" is "/OC /ocK BDC" (K the
 * part of MCID n), the page's resources with /Properties naming the groups,
 * the groups themselves, and a catalog with /OCProperties instead of the
 * structure tree (which named the marked content now gone). Anything else
 * in Cairo's document is kept as written. */
#include "render_internal.h"
#include "pm_alloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const cairo_user_data_key_t parts_key;

void pm_pdf_xref_add(pm_pdf_xref *x, long num, size_t at)
{
    if (x->n < PM_PDF_XREF_MAX) {
        x->num[x->n] = num;
        x->at[x->n++] = at;
    } else {
        x->full = 1;
    }
}
static const char TAG[] = "Sect";

void pm_pdf_parts_attach(cairo_surface_t *s, pm_pdf_parts *parts)
{
    cairo_surface_set_user_data(s, &parts_key, parts, NULL);
}

void pm_pdf_part(cairo_t *cr, const char *label)
{
    pm_pdf_parts *p = cairo_surface_get_user_data(cairo_get_target(cr), &parts_key);
    char *name = p ? strdup(label) : NULL;
    if (!name || pm_array_grow(&p->names, p->n, &p->cap, sizeof *p->names, 16) != 0) {
        free(name);
        if (p)
            p->nomem = 1;
        return;
    }
    if (p->n > 0)
        cairo_tag_end(cr, TAG);
    p->names[p->n++] = name;
    cairo_tag_begin(cr, TAG, "");
}

void pm_pdf_parts_close(cairo_t *cr)
{
    pm_pdf_parts *p = cairo_surface_get_user_data(cairo_get_target(cr), &parts_key);
    if (p && p->n > 0)
        cairo_tag_end(cr, TAG);
}

void pm_pdf_parts_free(pm_pdf_parts *p)
{
    for (int i = 0; p && i < p->n; i++)
        free(p->names[i]);
    if (p)
        free(p->names);
    free(p);
}

/* ---- reading Cairo's document ------------------------------------------------ */

/* Object `num`'s bytes from "<<" up to its "endobj", or NULL. */
static const char *object(const char *pdf, size_t len, long num, const char **end)
{
    char head[32];
    int n = snprintf(head, sizeof head, "\n%ld 0 obj", num);
    for (const char *p = pdf, *stop = pdf + len; (p = pm_pdf_find(p, stop, head)); p++) {
        const char *body = p + n;
        *end = pm_pdf_find(body, stop, "endobj");
        return *end ? body : NULL;
    }
    return NULL;
}

/* The number of the reference after `key` ("/Contents 6 0 R") in [p, end). */
static long ref_after(const char *p, const char *end, const char *key)
{
    const char *k = pm_pdf_find(p, end, key);
    return k ? strtol(k + strlen(key), NULL, 10) : -1;
}

/* The MCIDs' parts: the structure tree's elements, in order, are the parts;
 * each names its MCIDs (/K n or /K [ n m … ]). part_of[mcid], -1: none. */
static int mcid_parts(const char *pdf, size_t len, long root_num, int *part_of, int cap)
{
    const char *end, *root = object(pdf, len, root_num, &end);
    long tree = root ? ref_after(root, end, "/StructTreeRoot ") : -1;
    const char *tend, *t = tree > 0 ? object(pdf, len, tree, &tend) : NULL;
    const char *kids = t ? pm_pdf_find(t, tend, "/K [") : NULL;
    for (int i = 0; i < cap; i++)
        part_of[i] = -1;
    if (!kids)
        return -1;
    char *p = (char *)kids + 4;
    for (int part = 0;; part++) {
        long el = strtol(p, &p, 10);
        if (el <= 0)
            return 0;
        strtol(p, &p, 10);   /* generation */
        while (*p == ' ' || *p == 'R')
            p++;
        const char *eend, *e = object(pdf, len, el, &eend);
        const char *k = e ? pm_pdf_find(e, eend, "/K ") : NULL;
        if (!k)
            continue;
        char *q = (char *)k + 3;
        int list = *q == '[';
        q += list;
        for (;;) {
            char *stop;
            long m = strtol(q, &stop, 10);
            if (stop == q)
                break;
            if (m >= 0 && m < cap)
                part_of[m] = part;
            q = stop;
            if (!list)
                break;
        }
    }
}

/* The stream of object `num`, inflated when Cairo deflated it. */
static char *stream_of(const char *pdf, size_t len, long num, size_t *out_len)
{
    const char *end, *o = object(pdf, len, num, &end);
    const char *s = o ? pm_pdf_find(o, end, "stream\n") : NULL;
    const char *e = s ? pm_pdf_find(s, end, "endstream") : NULL;
    if (!e)
        return NULL;
    s += strlen("stream\n");
    size_t n = (size_t)(e - s);
    if (!pm_pdf_find(o, s, "/FlateDecode")) {
        char *copy = malloc(n + 1);
        if (copy)
            memcpy(copy, s, n), *out_len = n;
        return copy;
    }
    z_stream z = {0};
    size_t cap = 4 * n + 1024;
    char *buf = malloc(cap);
    if (!buf || inflateInit(&z) != Z_OK)
        return free(buf), NULL;
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)n;
    int r = Z_OK;
    while (r == Z_OK) {
        if (z.total_out == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown)
                break;
            buf = grown;
        }
        z.next_out = (Bytef *)buf + z.total_out;
        z.avail_out = (uInt)(cap - z.total_out);
        r = inflate(&z, Z_NO_FLUSH);
    }
    inflateEnd(&z);
    if (r != Z_STREAM_END)
        return free(buf), NULL;
    *out_len = z.total_out;
    return buf;
}

/* ---- writing the update ---------------------------------------------------------- */

/* The content with each part's marked content as its optional content. */
static int rewrite_content(pm_sbuf *b, const char *c, size_t n, const int *part_of, int cap)
{
    static const char head[] = "/Sect << /MCID ";
    const char *end = c + n, *at = c, *p;
    int marks = 0;
    while ((p = pm_pdf_find(at, end, head))) {
        char *stop;
        long m = strtol(p + sizeof head - 1, &stop, 10);
        const char *bdc = pm_pdf_find(stop, end, "BDC");
        if (!bdc || m < 0 || m >= cap || part_of[m] < 0 || bdc - stop > 8)
            return -1;
        pm_sbuf_addn(b, at, (size_t)(p - at));
        pm_sbuf_addf(b, "/OC /oc%d BDC", part_of[m]);
        at = bdc + 3;
        marks++;
    }
    pm_sbuf_addn(b, at, (size_t)(end - at));
    return marks;
}

/* A PDF text string: ASCII as it is, anything else UTF-16BE with its BOM. */
static void add_text_string(pm_sbuf *b, const char *s)
{
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        ascii &= *p >= 0x20 && *p < 0x7f && *p != '(' && *p != ')' && *p != '\\';
    if (ascii) {
        pm_sbuf_addf(b, "(%s)", s);
        return;
    }
    pm_sbuf_add(b, "<FEFF");
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= more ? 0x3F >> more : 0x7F;
        for (; more > 0 && (*p & 0xC0) == 0x80; more--)
            c = c << 6 | (*p++ & 0x3F);
        if (c >= 0x10000)
            pm_sbuf_addf(b, "%04X%04X", 0xD800 + ((c - 0x10000) >> 10), 0xDC00 + (c & 0x3FF));
        else
            pm_sbuf_addf(b, "%04X", c);
    }
    pm_sbuf_add(b, ">");
}

/* Object `num` again: its dictionary (up to its last ">>") with `drop`
 * keys' entries taken out and `add` put at the end. */
static void redo_dict(pm_sbuf *b, const char *pdf, size_t len, long num, const char *const *drop,
                      const char *add, pm_pdf_xref *x)
{
    const char *end, *o = object(pdf, len, num, &end);
    const char *open = o ? pm_pdf_find(o, end, "<<") : NULL;
    const char *close = open ? end : NULL;
    while (close && close > open && memcmp(close, ">>", 2) != 0)
        close--;
    if (!open || close <= open) {
        b->nomem = 1;   /* not the document Cairo writes: the caller gives up */
        return;
    }
    pm_pdf_xref_add(x, num, b->len);
    pm_sbuf_addf(b, "%ld 0 obj\n", num);
    const char *at = open;
    for (int i = 0; drop[i]; i++) {
        const char *k = pm_pdf_find(at, close, drop[i]);
        const char *nl = k ? pm_pdf_find(k, close, "\n") : NULL;
        if (!nl)
            continue;
        pm_sbuf_addf(b, "%.*s", (int)(k - at), at);
        at = nl;
    }
    pm_sbuf_addf(b, "%.*s%s>>\nendobj\n", (int)(close - at), at, add);
}

int pm_pdf_layers_update(pm_sbuf *b, const char *pdf, size_t len, long page, long root,
                         long *size, const pm_pdf_parts *parts, pm_pdf_xref *x)
{
    const char *pend, *pg = object(pdf, len, page, &pend);
    long contents = pg ? ref_after(pg, pend, "/Contents ") : -1;
    long resources = pg ? ref_after(pg, pend, "/Resources ") : -1;
    if (!parts || parts->n == 0 || parts->nomem || contents <= 0 || resources <= 0)
        return -1;
    enum { MAX_MCID = 4096 };
    int *part_of = malloc(MAX_MCID * sizeof *part_of);
    size_t n = 0;
    char *content = part_of && mcid_parts(pdf, len, root, part_of, MAX_MCID) == 0
                        ? stream_of(pdf, len, contents, &n) : NULL;
    pm_sbuf c = {0};
    int marks = content ? rewrite_content(&c, content, n, part_of, MAX_MCID) : -1;
    free(content);
    free(part_of);
    uLongf zlen = compressBound((uLong)c.len);
    unsigned char *z = marks > 0 && !c.nomem ? malloc(zlen) : NULL;
    if (!z || compress2(z, &zlen, (const Bytef *)c.s, (uLong)c.len, 6) != Z_OK) {
        free(z);
        free(c.s);
        return -1;
    }
    free(c.s);
    pm_pdf_xref_add(x, contents, b->len);
    pm_sbuf_addf(b, "%ld 0 obj\n<< /Length %lu /Filter /FlateDecode >>\nstream\n", contents,
                 (unsigned long)zlen);
    pm_sbuf_addn(b, (const char *)z, zlen);
    pm_sbuf_add(b, "\nendstream\nendobj\n");
    free(z);
    long first = *size;
    pm_sbuf props = {0}, ocgs = {0};
    for (int i = 0; i < parts->n; i++) {
        pm_sbuf_addf(&props, " /oc%d %ld 0 R", i, first + i);
        pm_sbuf_addf(&ocgs, " %ld 0 R", first + i);
        pm_pdf_xref_add(x, first + i, b->len);
        pm_sbuf_addf(b, "%ld 0 obj\n<< /Type /OCG /Name ", first + i);
        add_text_string(b, parts->names[i]);
        pm_sbuf_add(b, " >>\nendobj\n");
    }
    *size = first + parts->n;
    char *add = NULL;
    static const char *const none[] = {NULL};
    static const char *const tree[] = {"/StructTreeRoot", "/MarkInfo", NULL};
    pm_sbuf r = {0};
    pm_sbuf_addf(&r, "   /Properties <<%s >>\n", props.s ? props.s : "");
    redo_dict(b, pdf, len, resources, none, (add = pm_sbuf_take(&r)) ? add : "", x);
    free(add);
    pm_sbuf_addf(&r, "   /OCProperties << /OCGs [%s ] /D << /Order [%s ] /ON [%s ] >> >>\n",
                 ocgs.s, ocgs.s, ocgs.s);
    redo_dict(b, pdf, len, root, tree, (add = pm_sbuf_take(&r)) ? add : "", x);
    free(add);
    free(props.s);
    free(ocgs.s);
    return b->nomem ? -1 : 0;
}
