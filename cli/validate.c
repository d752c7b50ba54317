/* planmap validate PATH...: check plan layers, relations and map specs. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pm_batch.h"
#include "pm_inputs.h"
#include "pm_spec.h"
#include "pm_validate.h"

static const char validate_usage[] =
    "usage: planmap validate [--seeds DIR] [-q | -v] PATH...\n"
    "\n"
    "Check a layer file, a map spec or a folder (recursively) against planmap's data\n"
    "rules: the file opens with GDAL; RFC 7946 (WGS84, counter-clockwise exterior rings,\n"
    "valid geometry); unique ids; required properties and allowed values; each source\n"
    "cites lines of its plan text that contain the feature's name; every relation in\n"
    "relations.json holds; a map spec parses, each source it names opens, every field\n"
    "it names (where, rules, labels, templates, classify) is a field of its source,\n"
    "and its pictures read: every problem of a spec in one run.\n"
    "One problem per line; exit 1 if any.\n"
    "\n"
    "  --seeds DIR   folder with the plan texts (default: $PLANMAP_SEEDS, or a\n"
    "                shared/seeds folder beside the data's ancestors)\n"
    "  -q, --quiet   print problems only, no summary\n"
    "  -v, --verbose also the summary of each PATH (as without -q), the files it\n"
    "                read and how long it took\n"
    PM_CLI_NETWORK_HELP;

/* A batch file reads (its tables and atlas coverages too), and each map of
 * it has a spec that loads: the first problem, as the batch would say it. */
static pm_status check_batch(const char *path, pm_error *err)
{
    pm_batch *b = pm_batch_load(path, NULL, PM_LANG_DEFAULT, pm_cli_context(), err);
    if (!b)
        return err->status;
    for (int i = 0; i < b->n_jobs && err->status == PM_OK; i++) {
        const pm_batch_job *j = &b->jobs[i];
        if (j->error) {
            pm_error_set(err, PM_ERR_SPEC, "%s: %s: %s", path, j->name, j->error);
        } else if (i == 0 || strcmp(j->spec, b->jobs[i - 1].spec) != 0) {
            pm_spec *spec = pm_spec_load(j->spec, err);
            if (spec)
                pm_spec_destroy(spec);
            else
                pm_error_prefix(err, "%s: %s", path, j->name);
        }
    }
    pm_batch_destroy(b);
    return err->status;
}

static void print_problem(void *user, const char *line)
{
    (void)user;
    pm_print_line(stdout, "%s", line);
}

/* --seeds DIR, as given */
static int set_seeds(const char *command, const pm_cli_option *o, const char *value, void *field)
{
    (void)command, (void)o;
    *(const char **)field = value;
    return 0;
}

typedef struct validate_args {
    pm_validate_options opts;
    pm_cli_operands paths;
} validate_args;

static const pm_cli_option validate_options[] = {
    {"seeds", 0, "a folder", offsetof(validate_args, opts.seeds_dir), set_seeds},
    {NULL, 0, NULL, 0, NULL}};

/* The line under a PATH's problems: what was checked and how many. */
static void say_checked(const char *path, const pm_validate_report *rep)
{
    if (pm_cli_quiet())
        return;
    if (rep->specs > 0 && rep->specs == rep->files)
        pm_print_line(stderr, "%s: %d map spec%s, %d layer%s checked: %d problem%s", path,
                      rep->specs, rep->specs == 1 ? "" : "s", rep->layers,
                      rep->layers == 1 ? "" : "s", rep->problems, rep->problems == 1 ? "" : "s");
    else
        pm_print_line(stderr, "%s: %d file%s, %d feature%s, %d relation%s checked%s: %d problem%s",
                      path, rep->files, rep->files == 1 ? "" : "s", rep->features,
                      rep->features == 1 ? "" : "s", rep->relations,
                      rep->relations == 1 ? "" : "s",
                      rep->sources_checked ? "" : " (plan texts not found: citations not checked)",
                      rep->problems, rep->problems == 1 ? "" : "s");
}

static int run_validate(void *args)
{
    validate_args *a = args;
    a->opts.context = pm_cli_context();
    a->opts.check_batch = check_batch;
    int problems = 0;
    for (int i = 0; i < a->paths.n; i++) {
        const char *path = a->paths.v[i];
        pm_error err = {0};
        pm_validate_report rep = {0};
        double t0 = pm_cli_seconds();
        pm_inputs_reset();   /* -v lists what this PATH read; validate writes nothing */
        if (pm_validate_path(path, &a->opts, print_problem, NULL, &rep, &err) != PM_OK)
            return pm_cli_error(&err, err.status);
        pm_cli_inputs_read("validate");
        pm_cli_stage("validate", t0, "%s checked", path);
        problems += rep.problems;
        say_checked(path, &rep);
    }
    return problems ? 1 : 0;
}

PM_CLI_COMMAND(validate, validate_args, paths, .operand = "PATH", .many = 1);
