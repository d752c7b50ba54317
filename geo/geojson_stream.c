/* pm_gj_stream — a GeoJSON collection planmap's reader takes, read chunk by
 * chunk from its index (geojson_read.h) for a streamed layer: the text
 * chunks the index cut are parsed one at a time, as the features are asked
 * for, so a render holds a chunk, not the layer. The features are the ones
 * the whole reading (geojson.c) makes, in the same order. */
#include <cpl_error.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geojson_read.h"
#include "pm_strings.h"

struct pm_gj_stream {
    pm_gj_read g;            /* g.out: the chunks' name and fields */
    pm_gj_scratch w;
    pm_gj_doc *doc;          /* text chunk c - 1, parsed */
    char *buf;
    size_t cap, len;
    size_t c;                /* text chunks parsed */
    size_t i, n;             /* the next feature of the parsed one; its features */
    int chunk;
    int filtered;            /* only features meeting `within` */
    double within[4];
};

void pm_gj_stream_close(pm_gj_stream *s)
{
    if (!s)
        return;
    pm_gj_scratch_free(&s->w);
    pm_gj_read_end(&s->g);
    pm_gj_close(s->doc);
    free(s->buf);
    free(s);
}

pm_gj_stream *pm_gj_stream_open(const pm_source_index *ix, const pm_load_options *opts,
                                const pm_load_lean *lean, int chunk, pm_error *err)
{
    pm_gj_stream *s = calloc(1, sizeof *s);
    if (!s || pm_gj_read_begin(&s->g, ix, opts, lean, err) != PM_OK ||
        pm_gj_scratch_init(&s->w, &s->g) != 0 || !(s->doc = pm_gj_new())) {
        pm_gj_stream_close(s);
        if (!err || err->status == PM_OK)
            pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ix->path);
        return NULL;
    }
    s->chunk = chunk > 0 ? chunk : 1;
    s->filtered = opts && opts->within;
    if (s->filtered)
        memcpy(s->within, opts->within, sizeof s->within);
    return s;
}

static int meets(const double b[4], const double w[4])
{
    return b[0] <= w[2] && b[2] >= w[0] && b[1] <= w[3] && b[3] >= w[1];
}

/* The next text chunk parsed. 0, or -1: GDAL's to read or explain. */
static int parse_next(pm_gj_stream *s)
{
    const pm_source_index *ix = s->g.ix;
    char why[128];
    if (pm_gj_chunk(&ix->text, &ix->split, s->c, &s->buf, &s->cap, &s->len) != 0 ||
        pm_gj_features(s->doc, s->buf, s->len, why) != PM_GJ_OK)
        return -1;
    s->c++;
    s->i = 0;
    s->n = pm_gj_count(s->doc);
    return 0;
}

/* The features of the stream into `l` while it has room; under a filter,
 * after `chunk` features looked at, whatever it has (the others' storage
 * freed while it has none). 0, -1 declined, -2 out of memory. */
static int fill(pm_gj_stream *s, pm_layer *l)
{
    const pm_source_index *ix = s->g.ix;
    int st = 0, seen = 0;
    while (st == 0 && l->n_features < s->chunk) {
        if (s->i == s->n) {
            if (s->c == ix->split.n)
                break;
            st = parse_next(s);
            continue;
        }
        if (seen >= s->chunk && l->n_features > 0)
            break;
        if (seen >= s->chunk) {
            pm_arena *fresh = pm_arena_create();
            if (!fresh)
                return -2;
            pm_arena_destroy(l->arena);
            l->arena = fresh;
            seen = 0;
        }
        size_t nth = ix->first[s->c - 1] + s->i;
        st = pm_gj_read_one(&s->g, l, s->doc, s->i++, nth, &s->w);
        seen++;
        if (st == 0 && s->filtered && !meets(l->features[l->n_features - 1].bbox, s->within))
            l->n_features--;
        else if (st == 0 && l->n_features == 1)
            l->first = s->filtered ? -1 : (long long)nth;
    }
    return st;
}

void pm_gj_stream_set_chunk(pm_gj_stream *s, int chunk)
{
    s->chunk = chunk > 0 ? chunk : 1;
}

pm_layer *pm_gj_stream_next(pm_gj_stream *s, long long *resume, pm_error *err)
{
    const pm_source_index *ix = s->g.ix;
    *resume = -1;
    if (err)
        err->status = PM_OK;
    long long at = (long long)(s->c > 0 ? ix->first[s->c - 1] + s->i : 0);
    pm_layer *l = pm_layer_chunk_like(s->g.out, s->chunk);
    int st = l ? 0 : -2;
    CPLPushErrorHandlerEx(pm_load_note_failure, &s->w.gdal);
    if (st == 0)
        st = fill(s, l);
    CPLPopErrorHandler();
    if (st != 0 || l->n_features == 0) {
        pm_layer_destroy(l);
        l = NULL;
    }
    if (st == -1)
        *resume = at;
    else if (st == -2)
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", ix->path);
    return l;
}
