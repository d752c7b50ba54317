/* planmap extract PLAN.txt -o DIR: a cited draft plan folder from a plan text. */
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "pm_extract.h"

static const char extract_usage[] =
    "usage: planmap extract PLAN.txt -o DIR [--plan-id ID] [-q | -v]\n"
    "\n"
    "Read a plan text (UTF-8, or GBK converted) and write a draft plan folder in\n"
    "the data/plans schema: its numeric structure phrases and their components\n"
    "(areas, lines, points.geojson), every item of its numbered boxes (专栏) and\n"
    "the named projects of its running text (projects.geojson), each citing the\n"
    "lines it came from; all unplaced (no geometry). Also relations.json,\n"
    "map.json (a plan-theme map of the folder) and README.md (what was found).\n"
    "\n"
    "  -o, --output DIR  the draft folder (made if missing; its files are replaced)\n"
    "      --plan-id ID  the 3-digit number sources cite (default: the digits the\n"
    "                    text's file name starts with, as in 004_name.txt)\n"
    PM_CLI_QUIET_HELP;

typedef struct extract_args {
    const char *text, *out, *plan_id;
} extract_args;

static const pm_cli_option extract_options[] = {
    {"output", 'o', "a folder", offsetof(extract_args, out), pm_cli_set_name},
    {"plan-id", 0, "a plan id", offsetof(extract_args, plan_id), pm_cli_set_name},
    {NULL, 0, NULL, 0, NULL}};

/* The one line that says what the draft holds (not with -q). */
static void say_extracted(const extract_args *a, const pm_extract_summary *sum)
{
    if (pm_cli_quiet())
        return;
    pm_print_line(stderr, "planmap: %s: %d lines%s: %d structures (%d components), %d boxes "
                          "with %d projects, %d named projects in the text, %d box paragraphs "
                          "not split → %s",
                  a->text, sum->lines, sum->was_gbk ? " (GBK)" : "", sum->structures,
                  sum->components, sum->boxes, sum->box_projects, sum->text_projects,
                  sum->unsplit, a->out);
}

static int run_extract(void *args)
{
    const extract_args *a = args;
    pm_error err = {0};
    pm_extract_summary sum;
    pm_status st = pm_extract_plan(a->text, a->out, a->plan_id, &sum, &err);
    if (st == PM_OK)
        say_extracted(a, &sum);
    return st == PM_OK ? 0 : pm_cli_error(&err, st);
}

PM_CLI_COMMAND(extract, extract_args, text,
               .operand = "plan text",
               .required = "output",
               .missing = "no output folder given (-o DIR)");
