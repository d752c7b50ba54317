/* pm_map_stream — a streamed layer read again at a render, chunk by chunk
 * (pm_map.h). With two cores the next chunk is read, projected and its
 * rules resolved on a thread of its own while the caller draws this one:
 * reading a chunk in ranges instead held a second dataset, and with it a
 * second copy of the source's index, for no more speed. */
#include "map_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pm_map_stream {
    const pm_map *map;
    int layer;
    pm_layer_stream *src;
    double within[4];           /* lon/lat box read */
    pm_crs_grid *grid;          /* over where the features lie: one for all
                                   chunks (NULL: each chunk sees to its own) */
    pm_crs *own_crs;            /* the reader's copy of the map's CRS, when
                                   it reads ahead (PROJ wants a context per
                                   thread); NULL: the map's */

    /* Reading ahead: the reader hands over one chunk at a time and reads
     * the next once it is taken, so at most two are in memory. */
    int ahead;                  /* a reader thread runs */
    int chunk;                  /* features a chunk after the first */
    pthread_t reader;
    pthread_mutex_t lock;
    pthread_cond_t moved;       /* `full` or `stop` changed */
    int full;                   /* `next` waits to be taken (the end and an
                                   error wait for ever) */
    int stop;                   /* the caller closes the stream */
    pm_map_layer next;
    int next_rc;                /* as pm_map_stream_next */
    pm_error next_err;
};

/* The first chunk read ahead holds at least this many features. */
#define FIRST_MIN 64

/* The lon/lat box around a map x/y box, grown by a hundredth for the
 * curvature between the outline's points. 0 if PROJ cannot take a point of
 * it back. */
static int view_lonlat(const pm_map *map, const double view[4], double ll[4])
{
    if (pm_crs_inverse_box(map->crs, view, ll, NULL) != PM_OK)
        return 0;
    double dx = 0.01 * (ll[2] - ll[0]), dy = 0.01 * (ll[3] - ll[1]);
    ll[0] -= dx, ll[1] -= dy, ll[2] += dx, ll[3] += dy;
    return isfinite(ll[0]) && isfinite(ll[1]) && isfinite(ll[2]) && isfinite(ll[3]);
}

/* The next chunk, projected, its rules resolved: 1; 0 at the end; -1 with
 * *err set. */
static int read_chunk(pm_map_stream *s, pm_map_layer *chunk, pm_error *err)
{
    const pm_map_layer *ml = &s->map->layers[s->layer];
    memset(chunk, 0, sizeof *chunk);
    chunk->spec = ml->spec;
    pm_error e = {0};
    chunk->data = pm_layer_stream_next(s->src, &e);
    if (!chunk->data && e.status == PM_OK)
        return 0;
    pm_status st = e.status;
    const pm_crs *crs = s->own_crs ? s->own_crs : s->map->crs;
    if (chunk->data && (st = pm_layer_project_grid(chunk->data, crs, s->grid, &e)) == PM_OK)
        st = pm_map_resolve_rules(chunk, &e);
    if (st == PM_OK)
        st = pm_map_resolve_styles(chunk, &e);
    if (st == PM_OK)
        return 1;
    pm_map_chunk_free(chunk);
    pm_layer_error_prefix(&e, s->map->spec, s->layer);
    if (err)
        *err = e;
    return -1;
}

static void *read_ahead(void *arg)
{
    pm_map_stream *s = arg;
    int rc, stop;
    do {
        pm_map_layer c;
        pm_error e = {0};
        rc = read_chunk(s, &c, &e);
        pm_layer_stream_set_chunk(s->src, s->chunk);
        pthread_mutex_lock(&s->lock);
        s->next = c;
        s->next_rc = rc;
        s->next_err = e;
        s->full = 1;
        pthread_cond_broadcast(&s->moved);
        while (s->full && !s->stop)
            pthread_cond_wait(&s->moved, &s->lock);
        stop = s->stop;
        pthread_mutex_unlock(&s->lock);
    } while (rc > 0 && !stop);
    return NULL;
}

/* A reader thread with a CRS of its own; where there is none, the caller
 * reads each chunk when it asks. */
static void start_reader(pm_map_stream *s)
{
    s->own_crs = pm_crs_clone(s->map->crs, NULL);
    if (s->own_crs && pthread_mutex_init(&s->lock, NULL) == 0) {
        if (pthread_cond_init(&s->moved, NULL) == 0) {
            if (pthread_create(&s->reader, NULL, read_ahead, s) == 0) {
                s->ahead = 1;
                return;
            }
            pthread_cond_destroy(&s->moved);
        }
        pthread_mutex_destroy(&s->lock);
    }
    pm_crs_destroy(s->own_crs);
    s->own_crs = NULL;
}

pm_map_stream *pm_map_stream_open(const pm_map *map, int layer, const double view[4], pm_error *err)
{
    const pm_map_layer *ml = &map->layers[layer];
    struct pm_map_source *src = ml->streamed;
    pm_map_stream *s = calloc(1, sizeof *s);
    if (!s) {
        pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", map->spec->path);
        return NULL;
    }
    s->map = map;
    s->layer = layer;
    pm_load_options opts = src->opts;
    /* A view the CRS cannot take back (a pole, the far side of a globe)
     * reads the whole layer, as before. */
    if (view && view_lonlat(map, view, s->within))
        opts.within = s->within;
    /* Read in turn (one core), one chunk is in memory at a time: one twice
     * as large holds what two read ahead do, for half the chunks' work. */
    int ahead = pm_context_threads(map->context) >= 2;
    int chunk = ahead ? src->chunk : 2 * src->chunk;
    s->src = pm_layer_stream_open(ml->spec->source, &opts, &src->lean, chunk, err);
    if (!s->src) {
        free(s);
        pm_layer_error_prefix(err, map->spec, layer);
        return NULL;
    }
    double ll[4];
    if (pm_layer_stream_extent(s->src, ll))
        s->grid = pm_layer_box_grid(map->crs, ll);
    /* The drawing waits for the first chunk alone, the other core idle:
     * a quarter of one starts it sooner (holes: 64 large polygons read, not
     * 256), and the reader is a chunk ahead from the second on. */
    s->chunk = chunk;
    if (ahead) {
        int quarter = chunk / 4 > FIRST_MIN ? chunk / 4 : FIRST_MIN;
        pm_layer_stream_set_chunk(s->src, quarter < chunk ? quarter : chunk);
        start_reader(s);
        if (!s->ahead)
            pm_layer_stream_set_chunk(s->src, chunk);
    }
    return s;
}

int pm_map_stream_next(pm_map_stream *s, pm_map_layer *chunk, pm_error *err)
{
    if (s->ahead) {
        pthread_mutex_lock(&s->lock);
        while (!s->full)
            pthread_cond_wait(&s->moved, &s->lock);
    } else if (!s->full) {
        s->next_rc = read_chunk(s, &s->next, &s->next_err);
        s->full = 1;
    }
    int rc = s->next_rc;
    *chunk = s->next;
    if (rc < 0 && err)
        *err = s->next_err;
    /* The end, or an error, stays for any call after it. */
    if (rc > 0) {
        memset(&s->next, 0, sizeof s->next);
        s->full = 0;
    }
    if (s->ahead) {
        pthread_cond_broadcast(&s->moved);
        pthread_mutex_unlock(&s->lock);
    }
    return rc;
}

void pm_map_chunk_free(pm_map_layer *chunk)
{
    pm_layer_destroy(chunk->data);
    free(chunk->rule_of);
    free(chunk->rule_count);
    pm_map_styles_free(chunk);
    memset(chunk, 0, sizeof *chunk);
}

void pm_map_stream_close(pm_map_stream *s)
{
    if (!s)
        return;
    if (s->ahead) {
        pthread_mutex_lock(&s->lock);
        s->stop = 1;
        pthread_cond_broadcast(&s->moved);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->reader, NULL);
        pthread_cond_destroy(&s->moved);
        pthread_mutex_destroy(&s->lock);
    }
    if (s->full && s->next_rc > 0)
        pm_map_chunk_free(&s->next);
    pm_crs_destroy(s->own_crs);
    pm_layer_stream_close(s->src);
    pm_crs_grid_destroy(s->grid);
    free(s);
}
