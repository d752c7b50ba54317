/* The bound on shaped text (pm_text.h): one definition of "too long" for the
 * spec reader, the data checks and the renderer's last line of defence. */
#include "pm_text.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks and default-ignorable format characters: HarfBuzz skips the latter
 * when it attaches a mark to the marks before it, so they do not end a run. */
static int extends_cluster(gunichar c)
{
    return g_unichar_ismark(c) || g_unichar_type(c) == G_UNICODE_FORMAT;
}

/* The next character of `p` (up to `end`) and its length; U+FFFD and one
 * byte for an invalid sequence (*bad set). */
static gunichar next_char(const char *p, const char *end, size_t *len, int *bad)
{
    gunichar c = g_utf8_get_char_validated(p, (gssize)(end - p));
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *bad = 1;
        *len = 1;
        return 0xFFFD;
    }
    *bad = 0;
    *len = (size_t)(g_utf8_next_char(p) - p);
    return c;
}

int pm_text_check(const char *text, char *why, size_t n)
{
    const char *p = text, *end = text + strlen(text);
    long chars = 0, run = 0;
    while (p < end) {
        size_t len;
        int bad;
        gunichar c = next_char(p, end, &len, &bad);
        if (bad) {
            snprintf(why, n, "text is not valid UTF-8 (byte %ld)", (long)(p - text));
            return -1;
        }
        run = extends_cluster(c) ? run + 1 : 0;
        if (run > PM_TEXT_MAX_MARKS) {
            snprintf(why, n, "character %ld carries more than %d combining marks or joiners", chars - run + 1,
                     PM_TEXT_MAX_MARKS);
            return -1;
        }
        chars++;
        p += len;
    }
    if (chars > PM_TEXT_MAX_CHARS) {
        snprintf(why, n, "text of %ld characters is longer than the %d allowed", chars, PM_TEXT_MAX_CHARS);
        return -1;
    }
    return 0;
}

char *pm_text_bounded(const char *text, int *nomem)
{
    char why[128];
    *nomem = 0;
    if (pm_text_check(text, why, sizeof why) == 0)
        return NULL;
    /* Each kept character takes at most 4 bytes (U+FFFD 3), plus "…". */
    const char *p = text, *end = text + strlen(text);
    char *out = malloc(4 * (size_t)PM_TEXT_MAX_CHARS + 4);
    if (!out) {
        *nomem = 1;
        return NULL;
    }
    size_t o = 0;
    long chars = 0, run = 0;
    while (p < end) {
        size_t len;
        int bad;
        gunichar c = next_char(p, end, &len, &bad);
        p += len;
        run = extends_cluster(c) ? run + 1 : 0;
        if (run > PM_TEXT_MAX_MARKS)
            continue;
        if (chars == PM_TEXT_MAX_CHARS - 1 && p < end) {
            o += (size_t)g_unichar_to_utf8(0x2026, out + o);   /* … */
            break;
        }
        o += (size_t)g_unichar_to_utf8(c, out + o);
        chars++;
    }
    out[o] = '\0';
    return out;
}
