/* Character sets of data text and their conversion to UTF-8, through
 * glibc's iconv (which GDAL's CPLRecode uses too). A Shapefile without a
 * .cpg, a CSV or a MapInfo table from a Chinese GIS is mostly GBK: its
 * layer says so with "encoding", and its text is read as that. */
#include "pm_encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pm_strings.h"

struct pm_recoder {
    iconv_t cd;
};

/* The names a "did you mean" may offer: what GIS data in China and
 * elsewhere is written in. iconv knows many more, and takes them all. */
static const char *const COMMON[] = {
    "UTF-8", "GBK", "GB18030", "GB2312", "CP936", "BIG5", "BIG5-HKSCS", "CP950",
    "LATIN1", "ISO-8859-1", "ISO-8859-2", "ISO-8859-5", "ISO-8859-15", "CP1250", "CP1251",
    "CP1252", "CP1253", "CP1254", "CP1256", "CP437", "CP850", "CP866", "KOI8-R", "SHIFT_JIS",
    "CP932", "EUC-JP", "EUC-KR", "CP949", "EUC-TW", "ASCII", NULL
};

int pm_encoding_known(const char *name)
{
    if (!name || !name[0])
        return 0;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

int pm_encoding_is_utf8(const char *name)
{
    return name && (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0);
}

const char *pm_encoding_nearest(const char *name)
{
    char up[64];
    size_t i = 0;
    for (; name && name[i] && i + 1 < sizeof up; i++)
        up[i] = (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 'a' + 'A') : name[i];
    up[i] = '\0';
    return pm_nearest_name(up, COMMON, -1);
}

int pm_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int len = u[i] < 0x80 ? 1 : pm_utf8_length(u + i, &cp);
        if (!len || i + (size_t)len > n)
            return 0;
        i += (size_t)len;
    }
    return 1;
}

pm_recoder *pm_recoder_open(const char *from)
{
    pm_recoder *r = from && from[0] ? malloc(sizeof *r) : NULL;
    if (r && (r->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
        free(r);
        r = NULL;
    }
    return r;
}

char *pm_recoder_run(pm_recoder *r, const char *s, size_t n, size_t *out_len)
{
    size_t cap = n + n / 2 + 16;   /* GBK's two bytes are UTF-8's three */
    char *out = malloc(cap), *src = (char *)s, *dst = out;
    size_t left_in = n, left_out = cap - 1;
    iconv(r->cd, NULL, NULL, NULL, NULL);   /* a fresh start: no shift state */
    while (out && left_in > 0 && iconv(r->cd, &src, &left_in, &dst, &left_out) == (size_t)-1) {
        if (errno != E2BIG) {   /* EILSEQ, EINVAL: not text in this encoding */
            free(out);
            return NULL;
        }
        size_t used = (size_t)(dst - out);
        char *more = realloc(out, cap * 2);
        if (!more)
            break;
        out = more;
        dst = out + used;
        left_out += cap;
        cap *= 2;
    }
    if (!out || left_in > 0) {
        free(out);
        return NULL;
    }
    *dst = '\0';
    if (out_len)
        *out_len = (size_t)(dst - out);
    return out;
}

void pm_recoder_close(pm_recoder *r)
{
    if (r) {
        iconv_close(r->cd);
        free(r);
    }
}

char *pm_recode(const char *s, size_t n, const char *from, size_t *out_len)
{
    pm_recoder *r = pm_recoder_open(from);
    char *out = r ? pm_recoder_run(r, s, n, out_len) : NULL;
    pm_recoder_close(r);
    return out;
}
