/* pm_feature_source — how a renderer gets a map layer's features: chunk by
 * chunk, each chunk a layer of the map of its own (projected, its rules
 * resolved, pm_map_layer). The map layer decides how they arrive; the
 * renderer only asks for the next chunk and draws it, opening nothing and
 * never looking at the source behind it:
 *  - a layer the map holds in memory comes as one chunk, the layer itself;
 *  - a streamed layer (pm_map_layer.streamed) is read again, chunk by chunk
 *    (pm_map_stream), the next one read ahead on a thread while the caller
 *    draws this one: two chunks in memory, never the layer.
 * Another provider (a test, a future format) fills in the two callbacks. */
#ifndef PM_FEATURES_H
#define PM_FEATURES_H

#include "pm_map_data.h"

typedef struct pm_feature_source pm_feature_source;
struct pm_feature_source {
    /* 1: *chunk is the next chunk, the source's until the next call or
     * close; 0: the end; -1: an error, err set. The end and an error stay
     * for any call after them. */
    int (*next)(pm_feature_source *self, const pm_map_layer **chunk, pm_error *err);
    /* Frees the source and the chunk it handed out last. */
    void (*close)(pm_feature_source *self);
};

/* The features of layer `layer` of `map`. `view` (a map x/y box, NULL: all)
 * is where they are wanted: a streamed layer reads only features whose box
 * meets it where the format allows; a layer in memory gives all of them.
 * NULL with err set when a streamed layer cannot be opened. The map must
 * outlive the source. */
pm_feature_source *pm_map_features(const pm_map *map, int layer, const double view[4],
                                   pm_error *err);

static inline int pm_feature_source_next(pm_feature_source *s, const pm_map_layer **chunk,
                                         pm_error *err)
{
    return s->next(s, chunk, err);
}

/* NULL is ignored. */
static inline void pm_feature_source_close(pm_feature_source *s)
{
    if (s)
        s->close(s);
}

#endif
