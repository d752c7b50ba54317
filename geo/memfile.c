/* Sources held in memory: a spec layer's "data" (GeoJSON given inline, as a
 * program hands over features it has, a GeoDataFrame from Python) becomes a
 * file of GDAL's /vsimem/ file system, so it is opened, loaded, streamed and
 * checked by the same code as a file on disk, and nothing is written to disk. */
#include "pm_source.h"

#include <cpl_vsi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMFILE_ROOT "/vsimem/planmap/"

/* The name in messages ends with the layer's name: what the user wrote,
 * with what cannot be in a file name made '_', cut between characters. */
static void clean_stem(char *dst, size_t cap, const char *stem)
{
    size_t n = 0;
    for (const unsigned char *s = (const unsigned char *)(stem ? stem : "data"); *s; s++) {
        if ((*s & 0xC0) != 0x80 && n + 5 > cap)
            break;   /* room for a whole character of up to 4 bytes */
        dst[n++] = (char)(*s == '/' || *s < 0x20 || *s == 0x7f ? '_' : *s);
    }
    dst[n] = '\0';
}

/* The first free number: the same names run after run (messages name the
 * file), unique among the files alive. */
static int free_name(char *name, size_t cap, const char *stem)
{
    char clean[128];
    clean_stem(clean, sizeof clean, stem);
    for (unsigned k = 1; k < 1u << 20; k++) {
        snprintf(name, cap, MEMFILE_ROOT "%u/%s.geojson", k, clean);
        VSILFILE *f = VSIFOpenL(name, "rb");
        if (!f)
            return 0;
        VSIFCloseL(f);
    }
    return -1;
}

char *pm_source_memory(const char *text, size_t len, const char *stem)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    char name[256];
    /* GDAL owns the copy once the file is made, and frees it when unlinked. */
    GByte *copy = VSIMalloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, text, len);
    copy[len] = 0;
    pthread_mutex_lock(&lock);
    VSILFILE *f = free_name(name, sizeof name, stem) == 0
                      ? VSIFileFromMemBuffer(name, copy, len, TRUE) : NULL;
    pthread_mutex_unlock(&lock);
    char *out = f ? pm_strdup(name) : NULL;
    if (f)
        VSIFCloseL(f);   /* the file stays until pm_source_memory_drop */
    if (f && !out)
        VSIUnlink(name);   /* frees the copy */
    else if (!f)
        VSIFree(copy);
    return out;
}

int pm_source_is_memory(const char *path)
{
    return path && strncmp(path, MEMFILE_ROOT, strlen(MEMFILE_ROOT)) == 0;
}

void pm_source_memory_drop(const char *path)
{
    if (pm_source_is_memory(path))
        VSIUnlink(path);
}
