/* A .dbf value as GDAL's Shapefile driver reads it and the loader
 * (source.c) prints it (shapefile.h): shapelib's text of the field (up to
 * a NUL, blanks trimmed at both ends), its null rules by the field's .dbf
 * type, and the text of the OGR type GDAL gives it. What GDAL might read
 * another way (a number with more than digits, a point and an exponent, a
 * date not of eight digits) is declined. */
#include "shapefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_encoding.h"

int pm_shp_readable(char dbf_type, int ogr_type, int subtype)
{
    int number = dbf_type == 'N' || dbf_type == 'F';
    switch (ogr_type) {
    case OFTString:
        return subtype == OFSTNone && !number && dbf_type != 'D' && dbf_type != 'L';
    case OFTInteger:
        return (subtype == OFSTNone && number) || (subtype == OFSTBoolean && dbf_type == 'L');
    case OFTInteger64:
    case OFTReal:
        return subtype == OFSTNone && number;
    case OFTDate:
        return dbf_type == 'D';
    default:
        return 0;
    }
}

/* The field's text as shapelib's DBFReadStringAttribute gives it (up to
 * a NUL, blanks trimmed at both ends), in place: *len bytes. */
static const char *raw_text(const pm_shp_field *f, const unsigned char *row, size_t *len)
{
    const char *p = (const char *)row + f->offset;
    const char *nul = memchr(p, '\0', (size_t)f->size);
    size_t n = nul ? (size_t)(nul - p) : (size_t)f->size;
    while (n > 0 && *p == ' ')
        p++, n--;
    while (n > 0 && p[n - 1] == ' ')
        n--;
    *len = n;
    return p;
}

/* shapelib's DBFIsValueNULL on the trimmed text t: numbers all blank or
 * starting with '*', logicals '?', dates "00000000", others empty; -1 for
 * a date GDAL versions read differently (blank, "0"). */
static int null_text(const pm_shp_field *f, const char *t, size_t n)
{
    switch (f->dbf_type) {
    case 'N':
    case 'F':
        return n == 0 || t[0] == '*';
    case 'D':
        return n >= 8 && memcmp(t, "00000000", 8) == 0 ? 1 : n == 8 ? 0 : -1;
    case 'L':
        return n == 0 ? -1 : t[0] == '?';
    default:
        return n == 0;
    }
}

int pm_shp_is_null(const pm_shp_field *f, const unsigned char *row)
{
    size_t n;
    const char *t = raw_text(f, row, &n);
    return null_text(f, t, n);
}

/* Digits with a sign at most, as many as GDAL reads exactly. */
static int plain_integer(const char *t)
{
    const char *d = t + (t[0] == '-' || t[0] == '+');
    size_t n = strspn(d, "0123456789");
    return n > 0 && n <= 18 && d[n] == '\0';
}

/* A decimal number: digits, a point, digits, an exponent. */
static int plain_real(const char *t)
{
    const char *d = t + (t[0] == '-' || t[0] == '+');
    size_t whole = strspn(d, "0123456789");
    d += whole;
    size_t frac = *d == '.' ? strspn(d + 1, "0123456789") : 0;
    d += *d == '.' ? 1 + frac : 0;
    if (whole + frac == 0)
        return 0;
    if (*d == 'e' || *d == 'E') {
        d += 1 + (d[1] == '-' || d[1] == '+');
        size_t exp = strspn(d, "0123456789");
        if (exp == 0)
            return 0;
        d += exp;
    }
    return *d == '\0';
}

static char *arena_text(pm_arena *a, const char *s, size_t n)
{
    char *kept = pm_arena_alloc(a, n + 1, 1);
    if (kept) {
        memcpy(kept, s, n);
        kept[n] = '\0';
    }
    return kept;
}

/* Text: converted into UTF-8 as GDAL does (CPLRecode from the source's
 * encoding); text that is not valid there, or not UTF-8, is the loader's
 * to refuse. */
static char *string_value(const char *t, size_t n, pm_recoder *r, pm_arena *a)
{
    char *u = r ? pm_recoder_run(r, t, n, &n) : NULL;
    const char *text = r ? u : t;
    char *kept = text && pm_utf8_valid(text, n) ? arena_text(a, text, n) : NULL;
    free(u);
    return kept;
}

/* The non-null value's text as OGR_F_GetFieldAsString (or, for integers,
 * the loader's digits) gives it. */
static char *typed_value(const pm_shp_field *f, const char *raw, size_t n, pm_recoder *r, pm_arena *a)
{
    if (f->ogr_type == OFTString)
        return string_value(raw, n, r, a);
    char t[256], buf[512];
    if (n >= sizeof t)
        return NULL;
    memcpy(t, raw, n);
    t[n] = '\0';
    switch (f->ogr_type) {
    case OFTInteger:
        if (f->dbf_type == 'L')   /* OGR's boolean: T, t, Y, y are true */
            return arena_text(a, strchr("TtYy", t[0]) ? "1" : "0", 1);
        /* fall through */
    case OFTInteger64:
        return plain_integer(t) ? pm_load_integer_text(a, strtoll(t, NULL, 10)) : NULL;
    case OFTReal:
        if (!plain_real(t) || f->precision < 0 || f->precision > 99)
            return NULL;
        snprintf(buf, sizeof buf, "%.*f", f->precision, strtod(t, NULL));
        return arena_text(a, buf, strlen(buf));
    case OFTDate: {
        if (strspn(t, "0123456789") != 8)
            return NULL;
        int ymd = atoi(t);
        snprintf(buf, sizeof buf, "%04d/%02d/%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
        return arena_text(a, buf, strlen(buf));
    }
    default:
        return NULL;
    }
}

int pm_shp_value(const pm_shp_field *f, const unsigned char *row, pm_recoder *r, pm_arena *a, char **out)
{
    *out = NULL;
    size_t n;
    const char *t = raw_text(f, row, &n);
    int null = null_text(f, t, n);
    if (null == 0)
        *out = typed_value(f, t, n, r, a);
    return null == 1 || *out ? 0 : -1;
}
