/* planmap extract PLAN.txt -o DIR: a cited draft plan folder from a plan text. */
#include <getopt.h>
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
    "lines it came from; all unplaced until `planmap place`. Also relations.json,\n"
    "map.json (a plan-theme map of the folder) and README.md (what was found).\n"
    "\n"
    "  -o, --output DIR  the draft folder (made if missing; its files are replaced)\n"
    "      --plan-id ID  the 3-digit number sources cite (default: the digits the\n"
    "                    text's file name starts with, as in 004_name.txt)\n"
    PM_CLI_QUIET_HELP;

int pm_cli_extract(int argc, char **argv)
{
    enum { OPT_PLAN_ID = 0x2000 };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"plan-id", required_argument, NULL, OPT_PLAN_ID},
        PM_CLI_SHARED_LONGOPTS};
    const char *out = NULL, *plan_id = NULL, *text = NULL;
    int c;
    pm_cli_options_begin();
    while ((c = getopt_long(argc, argv, ":o:qvh", longopts, NULL)) != -1) {
        int rc = c == 'o'           ? pm_cli_name_value("extract", "-o", "folder", optarg, &out)
                 : c == OPT_PLAN_ID ? (plan_id = optarg, 0)
                                    : pm_cli_shared_option("extract", c, argv, extract_usage);
        if (rc)
            return rc < 0 ? 0 : rc;
    }
    int rc = pm_cli_one_operand("extract", argc, argv, "no plan text given", "one plan text",
                                &text);
    if (rc)
        return rc;
    if (!out) {
        pm_cli_fail("extract: no output folder given (-o DIR)");
        return 2;
    }
    pm_error err = {0};
    pm_extract_summary sum;
    if (pm_extract_plan(text, out, plan_id, &sum, &err) != PM_OK)
        return pm_cli_error(&err, err.status);
    if (!pm_cli_quiet())
        pm_print_line(stderr, "planmap: %s: %d lines%s: %d structures (%d components), %d "
                              "boxes with %d projects, %d named projects in the text, %d box "
                              "paragraphs not split → %s",
                      text, sum.lines, sum.was_gbk ? " (GBK)" : "", sum.structures,
                      sum.components, sum.boxes, sum.box_projects, sum.text_projects,
                      sum.unsplit, out);
    return 0;
}
