/* Joining PDFs that Cairo wrote into one document: the report's pages are
 * drawn by the worker processes (or by the shards of a cluster run), each
 * into a PDF of its own, and joined here after them with the contents and
 * table pages, plus the outline. Only Cairo's own output is read: a classic
 * cross-reference table, one flat page tree, objects laid end to end. Each
 * object is copied with its references renumbered; stream data is copied as
 * it is, so a page joined is byte for byte the page drawn. */
#include "batch_internal.h"
#include "pm_alloc.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct pm_pdf_join {
    pm_writer *w;
    const char *path;      /* the joined file, for messages */
    size_t at;             /* bytes written */
    long *offsets;         /* [object number] byte offset; object 1 is the page tree */
    int n_obj, cap_obj;
    long *pages;           /* page object numbers, in the order added */
    int n_pages, cap_pages;
    int failed;
};

static void put(pm_pdf_join *j, const void *data, size_t len)
{
    if (pm_writer_write(j->w, data, len) != 0)
        j->failed = 1;
    j->at += len;
}

static void put_str(pm_pdf_join *j, const char *text)
{
    put(j, text, strlen(text));
}

static void putf(pm_pdf_join *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(pm_pdf_join *j, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(j, buf, n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* A new object number, its offset to be set when it is written. */
static long new_object(pm_pdf_join *j)
{
    if (pm_array_grow(&j->offsets, j->n_obj, &j->cap_obj, sizeof *j->offsets, 256) != 0) {
        j->failed = 1;
        return 1;
    }
    j->offsets[j->n_obj] = 0;
    return j->n_obj++;
}

static void begin_object(pm_pdf_join *j, long num)
{
    if (num < j->n_obj)   /* not after a failed allocation */
        j->offsets[num] = (long)j->at;
    putf(j, "%ld 0 obj\n", num);
}

pm_pdf_join *pm_pdf_join_open(pm_writer *w, const char *path)
{
    pm_pdf_join *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->w = w;
    j->path = path;
    new_object(j);   /* 0, the free list's head */
    new_object(j);   /* 1, the page tree, written last */
    /* The binary comment tells transfer programs the file is not text. */
    put_str(j, "%PDF-1.5\n%\xb5\xed\xae\xfb\n");
    return j;
}

/* ---- reading Cairo's PDF --------------------------------------------------- */

typedef struct source {
    const char *pdf;
    size_t len;
    long n;                /* objects in its table */
    long *off;             /* [n] offsets, -1 for a free entry */
    long *map;             /* [n] its number here, 0 when not copied */
    const char *xref;      /* its cross-reference table */
    long root, pages;      /* its catalogue and page tree */
} source;

static const char *find(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    for (; p && p + n <= end; p++)
        if (memcmp(p, word, n) == 0)
            return p;
    return NULL;
}

/* The number after `key` ("/Root") in [p, end): "/Root 12 0 R" gives 12. */
static long number_after(const char *p, const char *end, const char *key)
{
    const char *k = find(p, end, key);
    return k ? strtol(k + strlen(key), NULL, 10) : -1;
}

/* Where object `num` ends: the next object's start, or the table's. */
static const char *object_end(const source *s, long num)
{
    const char *end = s->xref;
    for (long i = 1; i < s->n; i++)
        if (s->off[i] > s->off[num] && s->pdf + s->off[i] < end)
            end = s->pdf + s->off[i];
    return end;
}

static int read_table(source *s)
{
    /* The last "startxref", in the file's last bytes (never in a stream). */
    const char *end = s->pdf + s->len, *sx = NULL;
    for (const char *p = s->len > 256 ? end - 256 : s->pdf; (p = find(p, end, "startxref")); p++)
        sx = p;
    if (!sx)
        return -1;
    long at = strtol(sx + 9, NULL, 10);
    if (at <= 0 || (size_t)at >= s->len || strncmp(s->pdf + at, "xref", 4) != 0)
        return -1;
    char *p;
    s->xref = s->pdf + at;
    long first = strtol(s->pdf + at + 4, &p, 10);
    s->n = strtol(p, &p, 10);
    if (first != 0 || s->n < 2 || s->n > (long)(s->len / 20))
        return -1;
    s->off = calloc((size_t)s->n, sizeof *s->off);
    s->map = calloc((size_t)s->n, sizeof *s->map);
    if (!s->off || !s->map)
        return -1;
    for (long i = 0; i < s->n; i++) {
        long off = strtol(p, &p, 10);
        strtol(p, &p, 10);
        while (*p == ' ')
            p++;
        s->off[i] = *p == 'n' && off > 0 && (size_t)off < (size_t)at ? off : -1;
        p++;
    }
    const char *trailer = find(p, end, "trailer");
    s->root = trailer ? number_after(trailer, end, "/Root") : -1;
    if (s->root <= 0 || s->root >= s->n || s->off[s->root] < 0)
        return -1;
    const char *r = s->pdf + s->off[s->root];
    s->pages = number_after(r, object_end(s, s->root), "/Pages");
    return s->pages > 0 && s->pages < s->n && s->off[s->pages] >= 0 ? 0 : -1;
}

/* ---- copying objects ------------------------------------------------------- */

static int is_delim(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '/' || c == '[' || c == ']' ||
           c == '<' || c == '>' || c == '(' || c == ')' || c == '%';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "N G R" at p (N and G whole numbers): its number, the end in *next. */
static long reference_at(const char *p, const char *end, const char **next)
{
    char *q;
    long num = strtol(p, &q, 10);
    if (q >= end || *q != ' ' || !is_digit(q[1]))
        return -1;
    strtol(q + 1, &q, 10);
    if (q + 2 > end || q[0] != ' ' || q[1] != 'R' || (q + 2 < end && !is_delim(q[2])))
        return -1;
    *next = q + 2;
    return num;
}

/* Length of the token at p that is copied whole: a literal string (nested
 * brackets, escapes), a hex string, a comment, a name or a number. */
static size_t token_len(const char *p, const char *end)
{
    const char *q = p + 1;
    if (*p == '<' && q < end && *q == '<') {
        q++;   /* a dictionary's start, not a hex string */
    } else if (*p == '(') {
        for (int depth = 1; q < end && depth > 0; q++) {
            if (*q == '\\')
                q++;
            else
                depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
        }
    } else if (*p == '<') {
        while (q < end && *q != '>')
            q++;
        q += q < end;
    } else if (*p == '%') {
        while (q < end && *q != '\n')
            q++;
    } else if (*p == '/' || is_digit(*p) || *p == '-' || *p == '.' || *p == '+') {
        while (q < end && !is_delim(*q))
            q++;
    }
    return (size_t)(q - p);
}

/* The body of object `num` (after "N 0 obj") with every reference renumbered;
 * a stream's data goes as it is. -1 for a reference to an object not copied. */
static int copy_body(pm_pdf_join *j, const source *s, const char *p, const char *end)
{
    while (p < end) {
        const char *next;
        long ref = is_digit(*p) ? reference_at(p, end, &next) : -1;
        if (ref >= 0) {
            if (ref >= s->n || s->map[ref] <= 0)
                return -1;
            putf(j, "%ld 0 R", s->map[ref]);
            p = next;
        } else if (strncmp(p, "stream", 6) == 0 && p + 6 < end && (p[6] == '\n' || p[6] == '\r')) {
            put(j, p, (size_t)(end - p));
            return 0;
        } else {
            size_t n = token_len(p, end);
            put(j, p, n);
            p += n;
        }
    }
    return 0;
}

/* The page objects of the page tree, renumbered, in its order. */
static int add_kids(pm_pdf_join *j, const source *s)
{
    const char *p = s->pdf + s->off[s->pages], *end = object_end(s, s->pages);
    const char *kids = find(p, end, "/Kids");
    if (!kids || !(p = find(kids, end, "[")))
        return -1;
    const char *close = find(p, end, "]");
    for (p++; close && p < close;) {
        const char *next;
        long ref = is_digit(*p) ? reference_at(p, close, &next) : -1;
        if (ref < 0) {
            p++;
            continue;
        }
        if (ref >= s->n || s->map[ref] <= 0)
            return -1;
        if (pm_array_grow(&j->pages, j->n_pages, &j->cap_pages, sizeof *j->pages, 64) != 0)
            return -1;
        j->pages[j->n_pages++] = s->map[ref];
        p = next;
    }
    return 0;
}

static int join_source(pm_pdf_join *j, source *s)
{
    if (read_table(s) != 0)
        return -1;
    /* Everything but the catalogue, the information dictionary and the page
     * tree (whose place the joined tree takes) keeps its place, renumbered. */
    long info = number_after(find(s->xref, s->pdf + s->len, "trailer"), s->pdf + s->len, "/Info");
    for (long i = 1; i < s->n; i++)
        if (s->off[i] >= 0 && i != s->root && i != info)
            s->map[i] = i == s->pages ? 1 : new_object(j);
    for (long i = 1; i < s->n && !j->failed; i++) {
        if (s->map[i] <= 1)
            continue;
        const char *p = s->pdf + s->off[i], *end = object_end(s, i);
        const char *body = find(p, end, " obj");
        if (!body)
            return -1;
        begin_object(j, s->map[i]);
        body += 4;
        body += *body == '\n';
        if (copy_body(j, s, body, end) != 0)
            return -1;
    }
    return add_kids(j, s);
}

int pm_pdf_join_add(pm_pdf_join *j, const char *pdf, size_t len, const char *name, pm_error *err)
{
    source s = {.pdf = pdf, .len = len};
    int before = j->n_pages;
    int rc = join_source(j, &s);
    free(s.off);
    free(s.map);
    if (rc != 0 || j->failed) {
        if (!j->failed)
            pm_error_set(err, PM_ERR_RENDER, "%s: not a PDF page planmap drew (it cannot be joined into %s)",
                         name, j->path);
        j->failed = 1;
        return -1;
    }
    return j->n_pages - before;
}

/* ---- the joined document ------------------------------------------------- */

/* A text string: ASCII as a literal, anything else as UTF-16 with its mark. */
static void put_text(pm_pdf_join *j, const char *text)
{
    int ascii = 1;
    for (const char *c = text; *c; c++)
        ascii &= *c >= 0x20 && *c < 0x7f;
    if (ascii) {
        put_str(j, "(");
        for (const char *c = text; *c; c++) {
            if (*c == '(' || *c == ')' || *c == '\\')
                put_str(j, "\\");
            put(j, c, 1);
        }
        put_str(j, ")");
        return;
    }
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(text, -1, NULL, &n, NULL);
    put_str(j, "<FEFF");
    for (glong i = 0; u && i < n; i++)
        putf(j, "%04X", (unsigned)u[i]);
    put_str(j, ">");
    g_free(u);
}

/* Outline entries' objects: `first` is entry 0's number, in entry order. */
static void write_outline(pm_pdf_join *j, const pm_pdf_outline *o, int n, const int *order,
                          long root, long first)
{
    int top = 0;
    for (int k = 0; k < n; k++)
        top += o[k].parent < 0;
    begin_object(j, root);
    putf(j, "<< /Type /Outlines\n   /First %ld 0 R\n   /Last %ld 0 R\n   /Count %d\n>>\nendobj\n",
         first, first + n - 1, top);
    for (int k = 0; k < n; k++) {
        int prev = -1, next = -1, kids = 0, first_kid = -1, last_kid = -1;
        for (int i = 0; i < n; i++) {
            if (o[i].parent == o[k].parent && i < k)
                prev = i;
            if (o[i].parent == o[k].parent && i > k && next < 0)
                next = i;
            if (o[i].parent == k) {
                kids++;
                first_kid = first_kid < 0 ? i : first_kid;
                last_kid = i;
            }
        }
        begin_object(j, first + k);
        put_str(j, "<< /Title ");
        put_text(j, o[k].title ? o[k].title : "");
        putf(j, "\n   /Parent %ld 0 R\n", o[k].parent < 0 ? root : first + o[k].parent);
        if (prev >= 0)
            putf(j, "   /Prev %ld 0 R\n", first + prev);
        if (next >= 0)
            putf(j, "   /Next %ld 0 R\n", first + next);
        if (kids)
            putf(j, "   /First %ld 0 R\n   /Last %ld 0 R\n   /Count -%d\n", first + first_kid,
                 first + last_kid, kids);
        putf(j, "   /Dest [%ld 0 R /XYZ null null 0]\n>>\nendobj\n", j->pages[order[o[k].page]]);
    }
}

pm_status pm_pdf_join_finish(pm_pdf_join *j, const int *order, int n_order,
                             const pm_pdf_outline *outline, int n_outline, const char *title,
                             pm_error *err)
{
    if (j->failed)
        return err && err->status ? err->status : PM_ERR_IO;
    begin_object(j, 1);
    put_str(j, "<< /Type /Pages\n   /Kids [");
    for (int k = 0; k < n_order; k++)
        putf(j, " %ld 0 R", j->pages[order[k]]);
    putf(j, " ]\n   /Count %d\n>>\nendobj\n", n_order);
    long outlines = n_outline > 0 ? new_object(j) : 0, first = 0;
    for (int k = 0; k < n_outline; k++) {
        long id = new_object(j);
        first = k == 0 ? id : first;
    }
    if (n_outline > 0)
        write_outline(j, outline, n_outline, order, outlines, first);
    long info = new_object(j), cat = new_object(j);
    begin_object(j, info);
    put_str(j, "<< /Creator (planmap)\n   /Title ");
    put_text(j, title ? title : "");
    put_str(j, "\n>>\nendobj\n");
    begin_object(j, cat);
    put_str(j, "<< /Type /Catalog\n   /Pages 1 0 R\n");
    if (outlines)
        putf(j, "   /Outlines %ld 0 R\n", outlines);
    put_str(j, ">>\nendobj\n");
    size_t xref = j->at;
    putf(j, "xref\n0 %d\n0000000000 65535 f \n", j->n_obj);
    for (int i = 1; i < j->n_obj; i++)
        putf(j, "%010ld 00000 n \n", j->offsets[i]);
    putf(j, "trailer\n<< /Size %d\n   /Root %ld 0 R\n   /Info %ld 0 R\n>>\nstartxref\n%zu\n%%%%EOF\n",
         j->n_obj, cat, info, xref);
    return j->failed ? PM_ERR_IO : PM_OK;
}

void pm_pdf_join_free(pm_pdf_join *j)
{
    if (!j)
        return;
    free(j->offsets);
    free(j->pages);
    free(j);
}
