/* The planmap command line: one function per command, each returning a
 * process exit code (see docs/cli.md). */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <stdio.h>

#include "pm_context.h"
#include "pm_error.h"
#include "pm_spec.h"

int pm_cli_render(int argc, char **argv);
int pm_cli_info(int argc, char **argv);
int pm_cli_validate(int argc, char **argv);
int pm_cli_export(int argc, char **argv);
int pm_cli_batch(int argc, char **argv);

/* The run's context: filled from the environment (read here and nowhere
 * else) by pm_cli_context_init before any command, with a log callback
 * printing "planmap: <line>" on stderr. Returns 0, or the exit code after
 * printing why (a value planmap would not use is refused). */
int pm_cli_context_init(void);
pm_context *pm_cli_context(void);

/* --allow-network (every command that reads sources) and
 * PLANMAP_ALLOW_NETWORK=1: sources, CRS links and PROJ grids may reach the
 * network. Called before the command opens anything. */
void pm_cli_allow_network(void);
#define PM_CLI_NETWORK_HELP \
    "      --allow-network    let sources, CRS links and PROJ grids reach the network\n" \
    "                         (off by default; also PLANMAP_ALLOW_NETWORK=1)\n"

/* Option parsing (options.c): each returns 0 to go on, -1 to exit 0 after
 * the help, or the exit code after printing why. getopt_long's `c` that the
 * command does not handle itself: the options every command has
 * (--allow-network, -q, -v, -h, which end each command's table as
 * PM_CLI_SHARED_LONGOPTS) are handled here; a missing value or an unknown
 * option is a usage error. */
int pm_cli_shared_option(const char *command, int c, char **argv, const char *usage);
enum { PM_CLI_OPT_NET = 0x1000 };   /* above any command's own long-only values */
#define PM_CLI_SHARED_LONGOPTS                                   \
    {"allow-network", no_argument, NULL, PM_CLI_OPT_NET},      \
    {"quiet", no_argument, NULL, 'q'},                           \
    {"verbose", no_argument, NULL, 'v'},                         \
    {"help", no_argument, NULL, 'h'},                            \
    {NULL, 0, NULL, 0}
/* Before a command's getopt_long loop: argv is the command's own, so getopt
 * starts again at argv[1], and the command words its own errors. */
void pm_cli_options_begin(void);
/* -q and -v, the same on every command: -q prints errors only (no notes,
 * summaries or progress), -v also what the command can say in detail;
 * both at once is a usage error (returns 2 after printing why, else 0).
 * The context's log callback shows messages by this level. */
int pm_cli_verbosity(const char *command, int c);
int pm_cli_quiet(void);
int pm_cli_verbose(void);
#define PM_CLI_QUIET_HELP \
    "  -q, --quiet            print errors only (no notes, summaries or progress)\n"

/* A file or folder name given to `option`, which must not be empty. */
int pm_cli_name_value(const char *command, const char *option, const char *what,
                      const char *value, const char **out);
/* The one operand after the options: `none` says what is missing, `one`
 * what was expected when there are more. */
int pm_cli_one_operand(const char *command, int argc, char **argv, const char *none,
                       const char *one, const char **out);

/* How messages name a spec read from standard input. */
#define PM_CLI_STDIN "<stdin>"

/* The SPEC operand (spec_input.c): a file, or standard input ("-",
 * /dev/stdin) read within a spec's size bound, its relative sources
 * resolved against `base` (--base DIR) or the working folder. A terminal
 * on standard input is refused (nobody would know planmap waits). NULL
 * with *rc set to the exit code after printing why. */
pm_spec *pm_cli_load_spec(const char *command, const char *arg, const char *base, int *rc);
/* --base DIR: an existing folder. */
int pm_cli_base_value(const char *command, const char *value, const char **out);
#define PM_CLI_BASE_HELP \
    "      --base DIR         a spec read from standard input (-) resolves its sources\n" \
    "                         against DIR (default: the working folder)\n"

/* Print one line, made like an error message (printf-style, cut and
 * escaped by pm_text_vformat so data cannot start a new line or send escape
 * sequences), and a newline to `out`. Only the program prints; the library
 * hands its messages to the context's log callback. */
void pm_print_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "planmap: <message>" on one line to stderr. */
void pm_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A library call failed: print its error and give the exit code for
 * `status` (docs/errors.md). */
int pm_cli_error(const pm_error *err, pm_status status);

#endif
