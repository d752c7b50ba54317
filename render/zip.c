/* A zip archive of one deflated file: what QGIS reads as a .qgz (the
 * project's .qgs inside). Local header, data, central directory, end record
 * (PKWARE APPNOTE 4.3); no dates (the same project gives the same bytes). */
#include "deflate_internal.h"
#include "qgis_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8 & 0xff);
    return p + 2;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p = put16(p, v & 0xffff);
    return put16(p, v >> 16);
}

/* Raw deflate of data into a malloc'd buffer (zlib, the PNG writer's
 * deflater). */
static unsigned char *deflate_all(const char *data, size_t len, size_t *out_len)
{
    pm_deflater *d = pm_deflater_create(0);
    size_t cap = len + len / 8 + 1024;
    unsigned char *buf = d ? malloc(cap) : NULL;
    const unsigned char *in = (const unsigned char *)data;
    size_t in_len = len, room = cap;
    unsigned char *out = buf;
    int r = buf ? pm_deflater_run(d, &in, &in_len, &out, &room, PM_DEFLATE_FINISH) : -1;
    pm_deflater_destroy(d);
    if (r != 1) {
        free(buf);
        return NULL;
    }
    *out_len = cap - room;
    return buf;
}

/* The header fields the local and the central records share. */
static unsigned char *common(unsigned char *p, uint32_t crc, size_t packed, size_t len,
                             size_t name_len)
{
    p = put16(p, 20);          /* version needed: 2.0 (deflate) */
    p = put16(p, 0x0800);      /* the name is UTF-8 */
    p = put16(p, 8);           /* deflate */
    p = put16(p, 0);           /* time: none */
    p = put16(p, 0x21);        /* date: 1980-01-01 */
    p = put32(p, crc);
    p = put32(p, (uint32_t)packed);
    p = put32(p, (uint32_t)len);
    p = put16(p, (unsigned)name_len);
    return put16(p, 0);        /* no extra field */
}

int pm_zip_one(const char *name, const char *data, size_t len, unsigned char **zip,
               size_t *zip_len)
{
    size_t packed, name_len = strlen(name);
    if (len > 0xfffffff0u || name_len > 0xffff)
        return -1;   /* a project is far from zip64's sizes */
    unsigned char *body = deflate_all(data, len, &packed);
    size_t total = 30 + name_len + packed + 46 + name_len + 22;
    unsigned char *z = body ? malloc(total) : NULL;
    if (!z) {
        free(body);
        return -1;
    }
    uint32_t crc = (uint32_t)crc32(crc32(0, NULL, 0), (const Bytef *)data, (uInt)len);
    unsigned char *p = put32(z, 0x04034b50);
    p = common(p, crc, packed, len, name_len);
    memcpy(p, name, name_len);
    memcpy(p + name_len, body, packed);
    p += name_len + packed;
    size_t central = (size_t)(p - z);
    p = put32(p, 0x02014b50);
    p = put16(p, 20);          /* made by: 2.0, MS-DOS attributes */
    p = common(p, crc, packed, len, name_len);
    p = put16(p, 0);           /* comment */
    p = put16(p, 0);           /* disk */
    p = put16(p, 0);           /* internal attributes */
    p = put32(p, 0);           /* external attributes */
    p = put32(p, 0);           /* the local header's offset */
    memcpy(p, name, name_len);
    p += name_len;
    p = put32(p, 0x06054b50);
    p = put16(p, 0);
    p = put16(p, 0);
    p = put16(p, 1);
    p = put16(p, 1);
    p = put32(p, (uint32_t)(46 + name_len));
    p = put32(p, (uint32_t)central);
    put16(p, 0);
    free(body);
    *zip = z;
    *zip_len = total;
    return 0;
}
