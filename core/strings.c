/* pm_strdup, string vectors, the Han test, name lookup and a text's line
 * breaks (pm_strings.h). */
#include "pm_strings.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *pm_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void pm_strv_free(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* CJK unified ideographs (with extension A and the compatibility block) and
 * the supplementary ideographic planes. Invalid UTF-8 is skipped byte by
 * byte: this only asks whether Chinese characters are there. */
int pm_utf8_is_han(unsigned cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

int pm_utf8_has_han(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        int len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        unsigned cp = len == 1 ? *p : *p & (0x3Fu >> (len - 1));
        int k = 1;
        for (; k < len && (p[k] & 0xC0) == 0x80; k++)
            cp = cp << 6 | (p[k] & 0x3F);
        if (k == len && len > 1 && pm_utf8_is_han(cp))
            return 1;
        p += k;
    }
    return 0;
}

int pm_name_index(const char *name, const char *const *names, int fold_ascii)
{
    for (int i = 0; name && names[i]; i++)
        if ((fold_ascii ? strcasecmp(name, names[i]) : strcmp(name, names[i])) == 0)
            return i;
    return -1;
}

int pm_has_ext(const char *path, const char *ext)
{
    size_t n = path ? strlen(path) : 0, k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

size_t pm_utf8_prefix(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    if (n < max || !s[n])
        return n;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

char *pm_line_cut(char *p)
{
    char *e = p + strcspn(p, "\r\n");
    if (!*e)
        return NULL;
    char *next = e + (e[0] == '\r' && e[1] == '\n' ? 2 : 1);
    *e = '\0';
    return next;
}
