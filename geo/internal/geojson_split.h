/* A GeoJSON FeatureCollection's text cut without parsing it
 * (geo/geojson_split.c): its "features" array into chunks of whole
 * features, each parsed on its own as a JSON array (pm_gj_features), and
 * the rest, its head (pm_gj_open). One pass over the text tracking only
 * strings and nesting: what is JSON and what is GeoJSON is the parser's
 * to say, chunk by chunk. Private to geo/. */
#ifndef PM_GEOJSON_SPLIT_H
#define PM_GEOJSON_SPLIT_H

#include <stddef.h>

/* Where the text is: a file read a piece at a time (fd >= 0), or memory. */
typedef struct pm_gj_text {
    int fd;
    const char *mem;
    unsigned long long start, end;   /* [start, end): after a byte-order mark */
} pm_gj_text;

/* The array "features" of the top object, at cut[0] ('['), cut[n] (']'),
 * and the commas between features cutting it into n chunks of about the
 * size asked (a feature larger than that is a chunk of its own). */
typedef struct pm_gj_split {
    unsigned long long *cut;
    size_t n, cap;
} pm_gj_split;

/* 0: found; -1: no such array where the scan looks for it (the caller
 * declines the text), or out of memory. */
int pm_gj_split_text(const pm_gj_text *t, size_t chunk, pm_gj_split *s);
void pm_gj_split_free(pm_gj_split *s);
/* Chunk k as a JSON array of its features, padded for the parser, in *buf
 * (grown to *cap); its length in *len. 0, or -1 (read error, no memory). */
int pm_gj_chunk(const pm_gj_text *t, const pm_gj_split *s, size_t k, char **buf, size_t *cap,
                size_t *len);
/* The text without the features (an empty array left), padded; NULL: no
 * memory or a read error. */
char *pm_gj_head(const pm_gj_text *t, const pm_gj_split *s, size_t *len);

#endif
