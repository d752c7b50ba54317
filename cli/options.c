/* Option parsing for every command (cli.h): a command lists its options in
 * a table; getopt_long's tables, the options every command has and the
 * operands are handled here once. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_NET = 0x1000, OPT_OWN = 0x2000 };   /* above any short letter */
#define MAX_OPTIONS 24

static int verbosity;   /* -1 quiet, 0, 1 verbose */

static int set_verbosity(const char *command, int c)
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

/* The options every command has; -1 after the help. */
static int shared_option(const pm_cli_command *cmd, int c, char **argv)
{
    if (c == OPT_NET) {
        pm_cli_allow_network();
        return 0;
    }
    if (c == 'q' || c == 'v')
        return set_verbosity(cmd->name, c);
    if (c == 'h') {
        fputs(cmd->usage, stdout);
        return -1;
    }
    if (c == ':')
        pm_cli_fail("%s: option %s needs a value", cmd->name, argv[optind - 1]);
    else
        pm_cli_fail("%s: unknown option '%s' (try planmap %s --help)", cmd->name,
                    argv[optind - 1], cmd->name);
    return 2;
}

/* getopt_long's tables for the command's options and the shared ones; an
 * option's value is its letter, or OPT_OWN + its index without one. */
static void getopt_tables(const pm_cli_option *own, struct option *longopts, char *letters)
{
    static const struct option shared[] = {
        {"allow-network", no_argument, NULL, OPT_NET},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
    };
    int n = 0;
    char *l = letters;
    *l++ = ':';   /* a missing value is ':', told apart from an unknown option */
    for (; own[n].name; n++) {
        int has_value = own[n].what != NULL;
        longopts[n] = (struct option){own[n].name, has_value ? required_argument : no_argument,
                                      NULL, own[n].letter ? own[n].letter : OPT_OWN + n};
        if (own[n].letter) {
            *l++ = (char)own[n].letter;
            if (has_value)
                *l++ = ':';
        }
    }
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
        longopts[n++] = shared[i];
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    strcpy(l, "qvh");
}

static const pm_cli_option *own_option(const pm_cli_option *own, int c)
{
    for (int i = 0; own[i].name; i++)
        if (c == (own[i].letter ? own[i].letter : OPT_OWN + i))
            return &own[i];
    return NULL;
}

/* The operands after the options: exactly one into *one, or with one NULL
 * at least one, which the command reads from argv[optind] on. */
static int operands(const pm_cli_command *cmd, int argc, char **argv, const char **one)
{
    if (optind >= argc) {
        pm_cli_fail("%s: no %s given (try planmap %s --help)", cmd->name, cmd->operand, cmd->name);
        return 2;
    }
    if (one && optind != argc - 1) {
        pm_cli_fail("%s: expected one %s, got %d arguments", cmd->name, cmd->operand, argc - optind);
        return 2;
    }
    if (one)
        *one = argv[optind];
    return 0;
}

/* 1 (after saying so) when the command's required option was not given. */
static int required(const pm_cli_command *cmd, const void *args)
{
    for (const pm_cli_option *o = cmd->options; cmd->required && o->name; o++)
        if (!strcmp(o->name, cmd->required) &&
            !*(const char *const *)((const char *)args + o->offset)) {
            pm_cli_fail("%s: %s", cmd->name, cmd->missing);
            return 1;
        }
    return 0;
}

static int parse(const pm_cli_command *cmd, int argc, char **argv, void *args, const char **one)
{
    struct option longopts[MAX_OPTIONS + 5];
    char letters[2 * MAX_OPTIONS + 8];
    getopt_tables(cmd->options, longopts, letters);
    optind = 1;   /* argv is the command's own: getopt starts again at argv[1] */
    opterr = 0;   /* and the command words its own errors */
    int c;
    while ((c = getopt_long(argc, argv, letters, longopts, NULL)) != -1) {
        const pm_cli_option *o = own_option(cmd->options, c);
        int rc = o ? o->set(cmd->name, o, optarg, (char *)args + o->offset)
                   : shared_option(cmd, c, argv);
        if (rc)
            return rc;
    }
    int rc = operands(cmd, argc, argv, one);
    return rc ? rc : required(cmd, args) ? 2 : 0;
}

/* The operands into their field of `args`. */
static void put_operands(const pm_cli_command *cmd, int argc, char **argv, void *args,
                         const char *one)
{
    void *field = (char *)args + cmd->operand_at;
    if (cmd->many)
        *(pm_cli_operands *)field = (pm_cli_operands){argv + optind, argc - optind};
    else
        *(const char **)field = one;
}

int pm_cli_main(const pm_cli_command *cmd, int argc, char **argv)
{
    void *args = calloc(1, cmd->args_size);
    if (!args) {
        pm_cli_fail("%s: out of memory", cmd->name);
        return pm_status_exit_code(PM_ERR_NOMEM);
    }
    const char *one = NULL;
    int rc = parse(cmd, argc, argv, args, cmd->many ? NULL : &one);
    if (rc == 0) {
        put_operands(cmd, argc, argv, args, one);
        rc = cmd->run(args);
    }
    free(args);
    return rc < 0 ? 0 : rc;
}

/* ---- setters ------------------------------------------------------------ */

/* How errors name the option: "-o" where it has a letter, else "--name". */
static const char *shown(const pm_cli_option *o, char *buf, size_t size)
{
    if (o->letter)
        snprintf(buf, size, "-%c", o->letter);
    else
        snprintf(buf, size, "--%s", o->name);
    return buf;
}

int pm_cli_set_name(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    char opt[64];
    if (!*value) {
        pm_cli_fail("%s: %s: expected %s, got an empty name", command, shown(o, opt, sizeof opt),
                    o->what);
        return 2;
    }
    *(const char **)field = value;
    return 0;
}

int pm_cli_set_flag(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    (void)command, (void)o, (void)value;
    *(int *)field = 1;
    return 0;
}

int pm_cli_set_lang(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    char opt[64];
    pm_lang lang = pm_lang_from_name(value);
    if (lang == PM_LANG_DEFAULT) {
        pm_cli_fail("%s: %s: expected zh, en or zh+en, got '%s'", command, shown(o, opt, sizeof opt),
                    value);
        return 2;
    }
    *(pm_lang *)field = lang;
    return 0;
}

int pm_cli_number(const char *command, const pm_cli_option *o, const char *value, double lo,
                  double hi, double *out)
{
    char opt[64], *end = NULL;
    errno = 0;
    double v = strtod(value, &end);
    if (errno || end == value || *end || !(v >= lo && v <= hi)) {
        pm_cli_fail("%s: %s: expected a number from %g to %g, got '%s'", command,
                    shown(o, opt, sizeof opt), lo, hi, value);
        return 2;
    }
    *out = v;
    return 0;
}

int pm_cli_set_max_pixels(const char *command, const pm_cli_option *o, const char *value,
                          void *field)
{
    double v;
    if (pm_cli_number(command, o, value, 1e6, 32767.0 * 32767.0, &v))
        return 2;
    *(long long *)field = (long long)v;
    return 0;
}
