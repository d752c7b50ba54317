/* The context of this run: the environment read once, and where the
 * library's messages are printed (pm_context.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pm_init.h"

static pm_context *context;

/* The library's messages, one line each on stderr as every planmap line. */
static void print_message(void *user, int level, const char *line)
{
    (void)user;
    if (level == PM_LOG_ERROR || (level < PM_LOG_VERBOSE ? !pm_cli_quiet() : pm_cli_verbose()))
        fprintf(stderr, "planmap: %s\n", line);
}

pm_context *pm_cli_context(void)
{
    return context;
}

static void destroy_context(void)
{
    pm_context_destroy(context);
    context = NULL;
}

/* The environment is input too: a value planmap would not use is refused,
 * not quietly replaced by the default. */
int pm_cli_context_init(void)
{
    context = pm_context_create();
    if (!context) {
        pm_cli_fail("out of memory");
        return 2;
    }
    atexit(destroy_context);
    pm_context_set_log(context, print_message, NULL);
    const char *threads = getenv("PLANMAP_THREADS");
    int n = pm_context_parse_threads(threads);
    if (threads && *threads && !n) {
        pm_cli_fail("PLANMAP_THREADS: expected a whole number from 1 to 64, got '%s'", threads);
        return 2;
    }
    pm_context_set_threads(context, n);
    const char *net = getenv("PLANMAP_ALLOW_NETWORK");
    if (net && *net && strcmp(net, "0") != 0 && strcmp(net, "1") != 0) {
        pm_cli_fail("PLANMAP_ALLOW_NETWORK: expected 0 or 1, got '%s'", net);
        return 2;
    }
    pm_context_set_network(context, net && strcmp(net, "1") == 0);
    const char *deflate = getenv("PLANMAP_PNG_DEFLATE");
    pm_png_deflate how;
    if (pm_context_parse_png_deflate(deflate, &how) != 0) {
        pm_cli_fail("PLANMAP_PNG_DEFLATE: expected isal or zlib, got '%s'", deflate);
        return 2;
    }
    pm_context_set_png_deflate(context, how);
    const char *seeds = getenv("PLANMAP_SEEDS");
    if (seeds && pm_context_set_seeds(context, seeds) != 0) {
        pm_cli_fail("out of memory");
        return 2;
    }
    pm_geo_apply_context(context);
    return 0;
}

void pm_cli_allow_network(void)
{
    pm_context_set_network(context, 1);
    pm_geo_apply_context(context);
}
