/* pm_context — settings and the log callback (pm_context.h). */
#include "pm_context.h"
#include "pm_error.h"
#include "pm_strings.h"
#include "pm_alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pm_context {
    int threads;              /* 0: the online cores */
    pm_png_deflate deflate;
    int network;
    char *seeds;
    long long sqlite_heap;
    pm_log_fn log;
    void *log_user;
};

/* What a new context holds: every default in one place. */
static const pm_context DEFAULTS = {
    .threads = 0,                          /* every core */
    .deflate = PM_PNG_DEFLATE_DEFAULT,     /* ISA-L where built with it */
    .network = 0,                          /* no network */
    .seeds = NULL,                         /* found beside the data */
    .sqlite_heap = PM_SQLITE_HEAP_DEFAULT,
    .log = NULL,                           /* messages dropped */
};

pm_context *pm_context_create(void)
{
    pm_context *ctx = malloc(sizeof *ctx);
    if (ctx)
        *ctx = DEFAULTS;
    return ctx;
}

void pm_context_destroy(pm_context *ctx)
{
    if (ctx)
        PM_FREE_ALL(ctx->seeds, ctx);
}

int pm_context_set_threads(pm_context *ctx, int n)
{
    if (n < 0 || n > PM_THREADS_MAX)
        return -1;
    ctx->threads = n;
    return 0;
}

int pm_context_threads(const pm_context *ctx)
{
    if (ctx && ctx->threads > 0)
        return ctx->threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > PM_THREADS_MAX ? PM_THREADS_MAX : (int)cores;
}

int pm_context_parse_threads(const char *text)
{
    if (!text || *text < '0' || *text > '9')
        return 0;
    char *end;
    long n = strtol(text, &end, 10);
    return *end == '\0' && n >= 1 && n <= PM_THREADS_MAX ? (int)n : 0;
}

void pm_context_set_png_deflate(pm_context *ctx, pm_png_deflate how)
{
    ctx->deflate = how;
}

pm_png_deflate pm_context_png_deflate(const pm_context *ctx)
{
    return ctx ? ctx->deflate : PM_PNG_DEFLATE_DEFAULT;
}

int pm_context_parse_png_deflate(const char *name, pm_png_deflate *how)
{
    /* The names of PM_PNG_DEFLATE_DEFAULT and on, in order; unset is the default. */
    static const char *const names[] = {"", "isal", "zlib", NULL};
    int i = pm_name_index(name ? name : "", names, 0);
    if (i < 0)
        return -1;
    *how = (pm_png_deflate)i;
    return 0;
}

void pm_context_set_network(pm_context *ctx, int allow)
{
    ctx->network = allow != 0;
}

int pm_context_network(const pm_context *ctx)
{
    return ctx ? ctx->network : 0;
}

int pm_context_set_seeds(pm_context *ctx, const char *dir)
{
    char *copy = dir ? strdup(dir) : NULL;
    if (dir && !copy)
        return -1;
    free(ctx->seeds);
    ctx->seeds = copy;
    return 0;
}

const char *pm_context_seeds(const pm_context *ctx)
{
    return ctx ? ctx->seeds : NULL;
}

void pm_context_set_sqlite_heap(pm_context *ctx, long long bytes)
{
    ctx->sqlite_heap = bytes > 0 ? bytes : 0;
}

long long pm_context_sqlite_heap(const pm_context *ctx)
{
    return ctx ? ctx->sqlite_heap : PM_SQLITE_HEAP_DEFAULT;
}

void pm_context_set_log(pm_context *ctx, pm_log_fn fn, void *user)
{
    ctx->log = fn;
    ctx->log_user = user;
}

void pm_context_log(const pm_context *ctx, pm_log_level level, const char *fmt, ...)
{
    if (!ctx || !ctx->log)
        return;
    char line[4 * PM_LINE_MAX];   /* escaped: names and ids come from data */
    va_list ap;
    va_start(ap, fmt);
    pm_text_vformat(line, sizeof line, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_user, (int)level, line);
}
