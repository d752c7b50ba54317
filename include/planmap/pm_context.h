/* pm_context — the settings a caller gives the library, and where its
 * messages go (as PROJ's PJ_CONTEXT).
 *
 * The library never reads the environment and never prints: a program makes
 * a context, fills it (planmap's CLI reads PLANMAP_THREADS,
 * PLANMAP_PNG_DEFLATE, PLANMAP_ALLOW_NETWORK and PLANMAP_SEEDS once, in
 * cli/context.c), and hands it down explicitly to the code that needs it:
 * - maps: pm_map_create(spec, ctx, err) — the map holds the context it was
 *   made with; its layers load with it, and everything drawn from the map
 *   follows it (threads, the PNG deflater, messages such as a dropped
 *   label with pm_render_options.verbose);
 * - loading: pm_load_options.context; a loaded layer keeps it (the threads
 *   pm_layer_project may use);
 * - export and validate: pm_export_options.context,
 *   pm_validate_options.context (threads; validate's seeds folder);
 * - batch: pm_batch_options.context; a worker process sets its share of
 *   the threads on its own copy after the fork, not on a global;
 * - process-wide settings: pm_geo_apply_context (pm_init.h), below.
 * NULL anywhere means the defaults below (every core, ISA-L where built
 * with it, no network, no seeds folder, messages dropped).
 *
 * A context is filled by one thread before use and then only read, by as
 * many threads as the work takes: set nothing on a context in use. It must
 * outlive every layer and map made with it.
 *
 * What stays process-wide, and why: GDAL's configuration is the process's
 * (its drivers, its error handler of last resort, its network file systems),
 * and so is SQLite's soft heap limit. The library does not set them behind
 * the caller's back: pm_geo_apply_context (pm_init.h) applies a
 * context's network policy and SQLite heap budget, and replaces GDAL's
 * default error printer with a quiet one, once, when the program asks —
 * planmap's CLI does at start. Around its own GDAL calls the library pushes
 * a per-thread handler (CPLPushErrorHandlerEx) to keep GDAL's reasons for
 * its messages. Signal dispositions are the program's (cli/main.c).
 */
#ifndef PM_CONTEXT_H
#define PM_CONTEXT_H

#include "pm_api.h"

#include <stddef.h>

typedef struct pm_context pm_context;

/* How much a message matters; a log callback may show or drop by level. */
typedef enum pm_log_level {
    PM_LOG_ERROR = 0,
    PM_LOG_WARNING,
    PM_LOG_INFO,
    PM_LOG_VERBOSE   /* asked for (render --verbose): a dropped label, ... */
} pm_log_level;

/* Receives one message: `line` is one line, without the program's name and
 * without a newline, made safe for a terminal (pm_text_escape). `level` is a
 * pm_log_level. Called on whichever thread made the message. */
typedef void (*pm_log_fn)(void *user, int level, const char *line);

/* The PNG deflater: ISA-L's igzip (fast; the default where planmap was
 * built with it) or zlib (smaller files for more time). */
typedef enum pm_png_deflate {
    PM_PNG_DEFLATE_DEFAULT = 0,
    PM_PNG_DEFLATE_ISAL,
    PM_PNG_DEFLATE_ZLIB
} pm_png_deflate;

#define PM_THREADS_MAX 64

/* SQLite's soft heap limit applied by pm_geo_apply_context: past it SQLite
 * recycles page-cache pages rather than growing. PROJ's database (every
 * PROJ context that looks up a CRS keeps a connection) and GeoPackage
 * sources would each keep up to 2 MB of pages that planmap reads about
 * once: 1.3 MB less for a render of a Shapefile, 2-3 MB for a GeoPackage;
 * as fast either way. */
#define PM_SQLITE_HEAP_DEFAULT (1024LL * 1024)

/* A context with the defaults, or NULL when out of memory. */
PM_API pm_context *pm_context_create(void);
PM_API void pm_context_destroy(pm_context *ctx);

/* Threads one map may use to load, project, draw and encode: n from 1 to
 * PM_THREADS_MAX, or 0 for the online cores (at most PM_THREADS_MAX).
 * Returns 0, or -1 (nothing changed) for another n. Outputs are the same
 * bytes for any count. */
PM_API int pm_context_set_threads(pm_context *ctx, int n);
/* The threads to use, at least 1 (NULL: the cores). */
PM_API int pm_context_threads(const pm_context *ctx);
/* A thread count as PLANMAP_THREADS gives it ("1" to "64"), or 0 if the
 * text is none (the CLI refuses it). */
PM_API int pm_context_parse_threads(const char *text);

PM_API void pm_context_set_png_deflate(pm_context *ctx, pm_png_deflate how);
PM_API pm_png_deflate pm_context_png_deflate(const pm_context *ctx);
/* The deflater named like PLANMAP_PNG_DEFLATE: NULL or "" the default,
 * "isal", "zlib"; 0, or -1 for another name. */
PM_API int pm_context_parse_png_deflate(const char *name, pm_png_deflate *how);

/* Network access for sources, CRS links and PROJ grids (off by default).
 * Applied to GDAL and PROJ by pm_geo_apply_context (process-wide). */
PM_API void pm_context_set_network(pm_context *ctx, int allow);
PM_API int pm_context_network(const pm_context *ctx);

/* The folder with the plan texts validate checks `source` citations in
 * (copied; NULL: none given, validate looks for shared/seeds). Returns 0, or
 * -1 when out of memory. */
PM_API int pm_context_set_seeds(pm_context *ctx, const char *dir);
PM_API const char *pm_context_seeds(const pm_context *ctx);

/* SQLite's soft heap limit in bytes (0: none); PM_SQLITE_HEAP_DEFAULT
 * unless set. */
PM_API void pm_context_set_sqlite_heap(pm_context *ctx, long long bytes);
PM_API long long pm_context_sqlite_heap(const pm_context *ctx);

/* Where messages go (NULL fn: dropped, the default). */
PM_API void pm_context_set_log(pm_context *ctx, pm_log_fn fn, void *user);

/* Hand one message (printf-style, escaped like pm_error_set, so data cannot
 * start a new line) to the log callback, if any. */
PM_API void pm_context_log(const pm_context *ctx, pm_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
