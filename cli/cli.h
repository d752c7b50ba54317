/* The planmap command line: one table per command (pm_cli_command), run by
 * pm_cli_main, returning a process exit code (see docs/cli.md). */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "pm_context.h"
#include "pm_error.h"
#include "pm_spec.h"

/* The commands (one file each), as main.c lists them: run by pm_cli_main. */
typedef struct pm_cli_command pm_cli_command;
extern const pm_cli_command pm_cli_render_command;
extern const pm_cli_command pm_cli_info_command;
extern const pm_cli_command pm_cli_validate_command;
extern const pm_cli_command pm_cli_export_command;
extern const pm_cli_command pm_cli_batch_command;
extern const pm_cli_command pm_cli_extract_command;
extern const pm_cli_command pm_cli_place_command;

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

/* Option parsing (options.c). A command lists its own options in a table
 * of pm_cli_option ended by {NULL}; pm_cli_main adds the options every
 * command has (--allow-network, -q, -v, -h: the usage on stdout) and
 * words the usage errors (a missing value, an unknown option, a missing
 * or extra operand). A setter reads one option's value into `field`, the
 * command's arguments at the option's offset; it returns 0, or the exit
 * code after printing why. */
typedef struct pm_cli_option pm_cli_option;
typedef int (*pm_cli_setter)(const char *command, const pm_cli_option *o, const char *value,
                             void *field);
struct pm_cli_option {
    const char *name;    /* the long name, without "--" */
    int letter;          /* the short one, 0: none */
    const char *what;    /* what the value is ("a file"), NULL: the option takes none */
    size_t offset;       /* of `field` in the command's arguments */
    pm_cli_setter set;
};
/* The operands of a command that takes one or more (validate PATH...). */
typedef struct pm_cli_operands {
    char **v;
    int n;
} pm_cli_operands;
struct pm_cli_command {
    const char *name;               /* "render" */
    const char *usage;              /* --help */
    const pm_cli_option *options;
    const char *operand;            /* in errors: "no SPEC given" */
    const char *required;           /* an option (long name, its field a string) the
                                     * command cannot go without, or NULL */
    const char *missing;            /* the error when it is not given: "no output
                                     * folder given (-o DIR)" */
    size_t args_size;               /* the command's arguments, zeroed before parsing */
    size_t operand_at;              /* their field for the operand: a string, or
                                     * with `many` a pm_cli_operands */
    int many;                       /* one or more operands, not exactly one */
    int (*run)(void *args);         /* the command's work; returns the exit code */
};
/* Declares pm_cli_NAME_command from the names a command file gives its
 * parts (NAME_usage, NAME_options, run_NAME), its arguments' type and the
 * field of its operand; the rest (.operand, .required, .many …) follows. */
#define PM_CLI_COMMAND(NAME, ARGS, OPERAND_FIELD, ...)                                     \
    const pm_cli_command pm_cli_##NAME##_command = {                                      \
        .name = #NAME, .usage = NAME##_usage, .options = NAME##_options,                  \
        .args_size = sizeof(ARGS), .operand_at = offsetof(ARGS, OPERAND_FIELD),           \
        .run = run_##NAME, __VA_ARGS__}
/* Runs command `cmd` on argv (its own, argv[0] its name): parses the
 * options into a fresh arguments struct, puts the operands in it, and
 * returns cmd->run's exit code, or the usage error's (0 after --help). */
int pm_cli_main(const pm_cli_command *cmd, int argc, char **argv);

/* Setters for options several commands share: a non-empty name (o->what
 * says what it names), an on/off flag (int), --lang (pm_lang),
 * --max-pixels (long long). */
int pm_cli_set_name(const char *command, const pm_cli_option *o, const char *value, void *field);
int pm_cli_set_flag(const char *command, const pm_cli_option *o, const char *value, void *field);
int pm_cli_set_lang(const char *command, const pm_cli_option *o, const char *value, void *field);
int pm_cli_set_max_pixels(const char *command, const pm_cli_option *o, const char *value,
                          void *field);
/* A number from lo to hi for option `o`. */
int pm_cli_number(const char *command, const pm_cli_option *o, const char *value, double lo,
                  double hi, double *out);

/* -q prints errors only (no notes, summaries or progress), -v also what the
 * command can say in detail; both at once is a usage error. The context's
 * log callback shows messages by this level. */
int pm_cli_quiet(void);
int pm_cli_verbose(void);
#define PM_CLI_QUIET_HELP \
    "  -q, --quiet            print errors only (no notes, summaries or progress)\n"

/* -v (verbose.c): the seconds of a monotonic clock; a line "planmap:
 * COMMAND: <what> in 0.42 s" for the stage begun at `since`; and one line
 * per file the run has read so far (its size), then their count. Nothing
 * without -v. */
double pm_cli_seconds(void);
void pm_cli_stage(const char *command, double since, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pm_cli_inputs_read(const char *command);

/* How messages name a spec read from standard input. */
#define PM_CLI_STDIN "<stdin>"

/* The SPEC operand (spec_input.c): a file, or standard input ("-",
 * /dev/stdin) read within a spec's size bound, its relative sources
 * resolved against `base` (--base DIR) or the working folder. A terminal
 * on standard input is refused (nobody would know planmap waits). NULL
 * with *rc set to the exit code after printing why. */
pm_spec *pm_cli_load_spec(const char *command, const char *arg, const char *base, int *rc);
/* --base DIR: an existing folder (a setter, as above). */
int pm_cli_set_base(const char *command, const pm_cli_option *o, const char *value, void *field);
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

/* `batch --shard auto` (cli/shard.c): the share K of N (1-based) from a Slurm
 * job array or a Kubernetes Indexed Job; `count` (> 0) the --shard-count.
 * 0, or -1 after printing why. */
int pm_cli_shard_auto(int count, int *k, int *n);

#endif
