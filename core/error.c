#include "pm_error.h"
#include "pm_strings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Length of the UTF-8 character at s (2-4), 0 when s does not start one
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
int pm_utf8_length(const unsigned char *s, unsigned *cp)
{
    int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (n == 0 || s[0] > 0xf4)
        return 0;
    unsigned c = s[0] & (0x7f >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

/* The escape for a character a terminal acts on, "" for one to keep. */
static void escape_of(const unsigned char *s, int n, unsigned cp, char out[8])
{
    static const char shortcut[] = {['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't'};
    out[0] = '\0';
    if (n == 0 && s[0] < sizeof shortcut && shortcut[s[0]])
        snprintf(out, 8, "\\%c", shortcut[s[0]]);
    else if (n == 0)   /* another C0 control, DEL, or a byte that is not UTF-8 */
        snprintf(out, 8, "\\x%02x", s[0]);
    else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
        snprintf(out, 8, "\\u%04x", cp);
}

size_t pm_text_escape(char *dst, size_t cap, const char *src)
{
    const unsigned char *s = (const unsigned char *)(src ? src : "");
    size_t used = 0;
    if (cap == 0)
        return 0;
    while (*s) {
        unsigned cp = *s;
        int n = *s < 0x80 ? (*s >= 0x20 && *s != 0x7f) : pm_utf8_length(s, &cp);
        char esc[8];
        escape_of(s, n, cp, esc);
        const char *piece = esc[0] ? esc : (const char *)s;
        size_t len = esc[0] ? strlen(esc) : (size_t)n;
        if (len > cap - 1 - used)
            break;
        memcpy(dst + used, piece, len);
        used += len;
        s += n ? n : 1;
    }
    dst[used] = '\0';
    return used;
}

/* A message formatted into `s` (size + 1 bytes) and cut to at most size - 1
 * bytes at a whole character: vsnprintf alone would cut wherever the buffer
 * ends, and a character cut in half would show as \xNN escapes. The one byte
 * formatted past the cut tells whether a character goes on there. */
static void format_cut(char *s, size_t size, const char *fmt, va_list ap)
{
    vsnprintf(s, size + 1, fmt, ap);
    s[pm_utf8_prefix(s, size - 1)] = '\0';
}

pm_status pm_error_set(pm_error *err, pm_status status, const char *fmt, ...)
{
    if (!err)
        return status;
    char raw[PM_ERROR_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    format_cut(raw, PM_ERROR_MAX, fmt, ap);
    va_end(ap);
    pm_text_escape(err->msg, sizeof err->msg, raw);
    err->status = status;
    return status;
}

pm_status pm_error_prefix(pm_error *err, const char *fmt, ...)
{
    if (!err)
        return PM_ERR_USAGE;
    char joined[2 * PM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    format_cut(joined, PM_ERROR_MAX, fmt, ap);
    va_end(ap);
    /* Joined by hand: a long message is cut at the buffer's end on purpose,
     * and snprintf("%s: %s") would make GCC's -Wformat-truncation fail the build.
     * The old message is escaped already; escaping it again changes nothing. */
    size_t used = strlen(joined);
    const char *pieces[2] = {": ", err->msg};
    for (int i = 0; i < 2; i++) {
        size_t len = strlen(pieces[i]);
        if (len > sizeof joined - 1 - used)
            len = sizeof joined - 1 - used;
        memcpy(joined + used, pieces[i], len);
        used += len;
    }
    joined[used] = '\0';
    pm_text_escape(err->msg, sizeof err->msg, joined);
    return err->status;
}

size_t pm_text_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
{
    char raw[PM_LINE_MAX + 1];
    format_cut(raw, PM_LINE_MAX, fmt, ap);
    return pm_text_escape(dst, cap, raw);
}

void pm_text_vprint(FILE *out, const char *fmt, va_list ap)
{
    char line[4 * PM_LINE_MAX];
    pm_text_vformat(line, sizeof line, fmt, ap);
    fprintf(out, "%s\n", line);
}

void pm_error_clear(pm_error *err)
{
    if (!err)
        return;
    err->status = PM_OK;
    err->msg[0] = '\0';
}

const char *pm_status_name(pm_status status)
{
    switch (status) {
    case PM_OK: return "ok";
    case PM_ERR_USAGE: return "usage";
    case PM_ERR_IO: return "io";
    case PM_ERR_PARSE: return "parse";
    case PM_ERR_SPEC: return "spec";
    case PM_ERR_DATA: return "data";
    case PM_ERR_CRS: return "crs";
    case PM_ERR_RENDER: return "render";
    case PM_ERR_NOMEM: return "nomem";
    }
    return "unknown";
}

int pm_status_exit_code(pm_status status)
{
    switch (status) {
    case PM_OK: return 0;
    case PM_ERR_USAGE: return 2;
    case PM_ERR_IO: return 3;
    case PM_ERR_PARSE:
    case PM_ERR_SPEC: return 4;
    case PM_ERR_DATA:
    case PM_ERR_CRS: return 5;
    case PM_ERR_RENDER:
    case PM_ERR_NOMEM: return 6;
    }
    return 1;
}
