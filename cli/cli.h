/* The planmap command line: one function per command, each returning a
 * process exit code (see docs/cli.md). */
#ifndef PM_CLI_H
#define PM_CLI_H

int pm_cli_render(int argc, char **argv);
int pm_cli_info(int argc, char **argv);
int pm_cli_validate(int argc, char **argv);
int pm_cli_export(int argc, char **argv);
int pm_cli_batch(int argc, char **argv);

/* Print "planmap: <message>" on one line to stderr. */
void pm_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
