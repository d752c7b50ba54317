/* planmap — turn the spatial structures of development plans into maps.
 * The program is thin: each command parses its options and calls the library. */
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pm_cleanup.h"
#include "pm_error.h"
#include "pm_source.h"
#include "pm_version.h"

static const char usage[] =
    "usage: planmap COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  render SPEC -o OUT     draw the map described by SPEC to PNG, SVG or PDF\n"
    "  info SOURCE            list the layers of a vector source (any GDAL format)\n"
    "  validate PATH...       check plan layers (a file or a folder) against the data rules\n"
    "  export SPEC|DIR -o F   write a QGIS-ready GeoPackage with styles (F.gpkg)\n"
    "  batch FILE             render many maps (a list or an atlas) and a PDF report\n"
    "  extract TEXT -o DIR    draft a cited plan folder from a plan text\n"
    "  place DIR -g PLACES    place a draft's features on the gazetteer's places they name\n"
    "\n"
    "Options:\n"
    "  -h, --help             show this help (also: planmap COMMAND --help)\n"
    "  -V, --version          show the version\n"
    "      --formats          list what planmap reads (GDAL vector and raster drivers\n"
    "                         built in here) and what it writes\n"
    "\n"
    "Every command takes -q (--quiet: errors only) and -v (--verbose). SPEC - reads\n"
    "the spec from standard input; render -o - writes the map to standard output.\n"
    "\n"
    "Exit codes: 0 success, 1 validation problems found, 2 usage error, 3 file error,\n"
    "4 spec error, 5 data or CRS error, 6 render error.\n";

void pm_print_line(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pm_text_vprint(out, fmt, ap);
    va_end(ap);
}

void pm_cli_fail(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pm_print_line(stderr, "planmap: %s", msg);
}

int pm_cli_error(const pm_error *err, pm_status status)
{
    pm_cli_fail("%s", err->msg);
    return pm_status_exit_code(status);
}

/* The commands, as the usage above lists them. */
static const pm_cli_command *const commands[] = {
    &pm_cli_render_command, &pm_cli_info_command,    &pm_cli_validate_command,
    &pm_cli_export_command, &pm_cli_batch_command,   &pm_cli_extract_command,
    &pm_cli_place_command,
};

static int dispatch(const char *cmd, int argc, char **argv)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(cmd, commands[i]->name))
            return pm_cli_main(commands[i], argc, argv);
    pm_cli_fail("unknown command '%s' (try planmap --help)", cmd);
    return 2;
}

/* planmap --formats: what this build reads and writes. */
static int print_formats(void)
{
    pm_error err = {0};
    char *text = NULL;
    pm_geo_init();
    if (pm_geo_formats(&text, &err) != PM_OK)
        return pm_cli_error(&err, err.status);
    fputs(text, stdout);
    free(text);
    return 0;
}

/* Ctrl-C, a scheduler's SIGTERM or a closed terminal: the batch workers are
 * stopped and reaped and the temporaries removed (pm_cleanup.h), then the
 * signal ends the process as it would have (SA_RESETHAND restored the
 * default; the signal raised here is delivered when the handler returns),
 * so the exit status still names it. */
static void on_fatal_signal(int sig)
{
    pm_cleanup_run();
    raise(sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    sigfillset(&sa.sa_mask);   /* one cleanup at a time */
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(fatal[i], &sa, NULL);
    }
    /* Past a file-size limit (ulimit -f) a write would kill the process and
     * leave its temporary file behind; ignored, the write fails with EFBIG
     * and is reported like a full disk. */
    signal(SIGXFSZ, SIG_IGN);
    /* A pipe closed by its reader (`-o /dev/stdout | head`) would kill the
     * process without a word; ignored, the write fails with EPIPE and is
     * an error 3 like any other. */
    signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char **argv)
{
    install_signals();
    /* Blocks from 256 KiB up (layer chunks, coordinate buffers) go back to
     * the system when freed. glibc would otherwise raise this bar past each
     * freed block and keep the next ones in its heaps, resident: a render
     * that reads a layer chunk by chunk would hold every chunk's pages. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        if (argc > 2 && strcmp(cmd, "help") == 0) {
            char *sub[] = {argv[2], "--help", NULL};
            return dispatch(argv[2], 2, sub);
        }
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("planmap %s\n", pm_version());
        return 0;
    }
    int st = pm_cli_context_init();
    if (!st && !strcmp(cmd, "--formats"))
        return print_formats();
    return st ? st : dispatch(cmd, argc - 1, argv + 1);
}
