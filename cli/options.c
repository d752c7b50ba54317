/* The parts of option parsing every command shares (cli.h). */
#include "cli.h"

#include <getopt.h>

int pm_cli_shared_option(const char *command, int c, char **argv, const char *usage)
{
    if (c == PM_CLI_OPT_NET) {
        pm_cli_allow_network();
        return 0;
    }
    if (c == 'q' || c == 'v')
        return pm_cli_verbosity(command, c);
    if (c == 'h') {
        fputs(usage, stdout);
        return -1;
    }
    if (c == ':')
        pm_cli_fail("%s: option %s needs a value", command, argv[optind - 1]);
    else
        pm_cli_fail("%s: unknown option '%s' (try planmap %s --help)", command, argv[optind - 1],
                    command);
    return 2;
}

static int verbosity;   /* -1 quiet, 0, 1 verbose */

int pm_cli_verbosity(const char *command, int c)
{
    int v = c == 'q' ? -1 : 1;
    if (verbosity == -v) {
        pm_cli_fail("%s: -q (--quiet) and -v (--verbose) contradict each other", command);
        return 2;
    }
    verbosity = v;
    return 0;
}

int pm_cli_quiet(void)
{
    return verbosity < 0;
}

int pm_cli_verbose(void)
{
    return verbosity > 0;
}

void pm_cli_options_begin(void)
{
    optind = 1;
    opterr = 0;
}

int pm_cli_name_value(const char *command, const char *option, const char *what,
                      const char *value, const char **out)
{
    if (!*value) {
        pm_cli_fail("%s: %s: expected %s, got an empty name", command, option, what);
        return 2;
    }
    *out = value;
    return 0;
}

int pm_cli_one_operand(const char *command, int argc, char **argv, const char *none,
                       const char *one, const char **out)
{
    if (optind >= argc) {
        pm_cli_fail("%s: %s (try planmap %s --help)", command, none, command);
        return 2;
    }
    if (optind != argc - 1) {
        pm_cli_fail("%s: expected %s, got %d arguments", command, one, argc - optind);
        return 2;
    }
    *out = argv[optind];
    return 0;
}
