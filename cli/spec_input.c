/* A spec named on the command line: a file, or standard input ("-", or
 * /dev/stdin and its other names), which has no folder of its own. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pm_inputs.h"

/* `arg` names the process's own standard input: "-", or /dev/stdin,
 * /dev/fd/0 and the like (the same open file). */
static int names_stdin(const char *arg)
{
    if (strcmp(arg, "-") == 0)
        return 1;
    struct stat a, in;
    return strncmp(arg, "/dev/", 5) == 0 || strncmp(arg, "/proc/", 6) == 0
               ? stat(arg, &a) == 0 && fstat(STDIN_FILENO, &in) == 0 && a.st_dev == in.st_dev &&
                     a.st_ino == in.st_ino
               : 0;
}

int pm_cli_set_base(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    (void)o;
    struct stat sb;
    if (!*value || stat(value, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        pm_cli_fail("%s: --base: expected a folder, got '%s'", command, value);
        return 2;
    }
    *(const char **)field = value;
    return 0;
}

pm_spec *pm_cli_load_spec(const char *command, const char *arg, const char *base, int *rc)
{
    pm_error err = {0};
    pm_spec *spec = NULL;
    *rc = 2;
    if (!names_stdin(arg)) {
        if (base) {
            pm_cli_fail("%s: --base: only for a spec read from standard input (-); %s "
                        "resolves its sources against its own folder", command, arg);
            return NULL;
        }
        spec = pm_spec_load(arg, &err);
    } else if (isatty(STDIN_FILENO)) {
        pm_cli_fail("%s: %s: standard input is a terminal: pipe or redirect a spec into it "
                    "(planmap %s - < map.json)", command, PM_CLI_STDIN, command);
        return NULL;
    } else {
        /* A file redirected in (< map.json) is an input: no output may
         * replace it. Its sources resolve against the working folder. */
        pm_inputs_add("/dev/stdin");
        spec = pm_spec_read(stdin, PM_CLI_STDIN, base ? base : ".", &err);
    }
    if (!spec)
        *rc = pm_cli_error(&err, err.status);
    return spec;
}
