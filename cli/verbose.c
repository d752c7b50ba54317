/* What -v adds on every command: how long each stage took and what was
 * read, one "planmap: COMMAND: …" line each on stderr. The library says
 * nothing of this; the program measures around its calls. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "pm_inputs.h"
#include "pm_strings.h"

double pm_cli_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void pm_cli_stage(const char *command, double since, const char *fmt, ...)
{
    if (!pm_cli_verbose())
        return;
    va_list ap;
    va_start(ap, fmt);
    char *what = pm_vformat(fmt, ap);
    va_end(ap);
    pm_print_line(stderr, "planmap: %s: %s in %.2f s", command, what ? what : "(out of memory)",
                  pm_cli_seconds() - since);
    free(what);
}

typedef struct read_list {
    const char *command;
    int n;
    long long bytes;
} read_list;

static void print_read(void *user, const char *path, long long size)
{
    read_list *r = user;
    r->n++;
    r->bytes += size;
    pm_print_line(stderr, "planmap: %s: read %s (%lld bytes)", r->command, path, size);
}

void pm_cli_inputs_read(const char *command)
{
    if (!pm_cli_verbose())
        return;
    read_list r = {command, 0, 0};
    pm_inputs_each(print_read, &r);
    pm_print_line(stderr, "planmap: %s: %d file%s read, %lld bytes", command, r.n,
                  r.n == 1 ? "" : "s", r.bytes);
}
