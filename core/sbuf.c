/* pm_sbuf: append-only text (QML and SLD documents, filter expressions). A
 * failed allocation is remembered, so callers check once at the end instead
 * of after every line. */
#include "pm_strings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(pm_sbuf *b, size_t more)
{
    if (b->nomem)
        return 0;
    if (b->len + more + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *grown = realloc(b->s, cap);
    if (!grown) {
        b->nomem = 1;
        return 0;
    }
    b->s = grown;
    b->cap = cap;
    return 1;
}

void pm_sbuf_addn(pm_sbuf *b, const char *data, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, n ? data : "", n);
    b->len += n;
    b->s[b->len] = '\0';
}

void pm_sbuf_add(pm_sbuf *b, const char *text)
{
    pm_sbuf_addn(b, text ? text : "", text ? strlen(text) : 0);
}

void pm_sbuf_vaddf(pm_sbuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);   /* measured first, then written: ap is read twice */
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n >= 0 && reserve(b, (size_t)n)) {
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void pm_sbuf_addf(pm_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pm_sbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

char *pm_vformat(const char *fmt, va_list ap)
{
    pm_sbuf b = {0};
    pm_sbuf_vaddf(&b, fmt, ap);
    return pm_sbuf_take(&b);
}

void pm_sbuf_xml(pm_sbuf *b, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        char one[2] = {*p, '\0'};
        pm_sbuf_add(b, *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
                     : *p == '"' ? "&quot;" : *p == '\'' ? "&apos;" : one);
    }
}

char *pm_sbuf_take(pm_sbuf *b)
{
    if (!b->nomem && !b->s)
        pm_sbuf_add(b, "");
    char *s = b->nomem ? NULL : b->s;
    if (b->nomem)
        free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void pm_sbuf_json(pm_sbuf *b, const char *text)
{
    pm_sbuf_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p;) {
        unsigned cp;
        int n = *p < 0x80 ? 1 : pm_utf8_length(p, &cp);
        char one[5] = {0};
        if (*p == '"' || *p == '\\')
            pm_sbuf_addf(b, "\\%c", *p);
        else if (*p < 0x20)
            pm_sbuf_addf(b, "\\u%04x", *p);
        else if (n == 0)
            pm_sbuf_add(b, "\xef\xbf\xbd");   /* U+FFFD for a byte that is not UTF-8 */
        else
            pm_sbuf_add(b, memcpy(one, p, (size_t)n));
        p += n ? n : 1;
    }
    pm_sbuf_add(b, "\"");
}
