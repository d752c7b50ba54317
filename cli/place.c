/* planmap place DIR --gazetteer PLACES: place a draft's features by name. */
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "pm_extract.h"

static const char place_usage[] =
    "usage: planmap place DIR --gazetteer PLACES [--gazetteer PLACES2 ...] [-q | -v]\n"
    "\n"
    "Place the unplaced features of a draft plan folder (planmap extract) from\n"
    "gazetteers: any GDAL sources of named points, lines or polygons (a field\n"
    "'name'), such as the bundled basemap or a township layer. A feature whose\n"
    "name or alias is a gazetteer name takes that geometry (confidence high); one\n"
    "whose place, or a place its name holds, is a gazetteer name goes on that\n"
    "place as a point (approximate, confidence medium); nothing else is placed.\n"
    "The folder's layers are rewritten; -v says why each feature was placed.\n"
    "\n"
    "  -g, --gazetteer PLACES  a gazetteer (repeatable, up to 8; the first that\n"
    "                          names a feature wins)\n"
    PM_CLI_QUIET_HELP
    PM_CLI_NETWORK_HELP;

#define MAX_GAZETTEERS 8

typedef struct place_args {
    const char *dir;
    const char *gazetteers[MAX_GAZETTEERS];
    int n_gazetteers;
} place_args;

/* --gazetteer may be given again: each one is added to the list. */
static int add_gazetteer(const char *command, const pm_cli_option *o, const char *value,
                         void *field)
{
    place_args *a = (place_args *)((char *)field - offsetof(place_args, gazetteers));
    if (a->n_gazetteers == MAX_GAZETTEERS) {
        pm_cli_fail("%s: more than %d gazetteers given", command, MAX_GAZETTEERS);
        return 2;
    }
    return pm_cli_set_name(command, o, value, &a->gazetteers[a->n_gazetteers++]);
}

static const pm_cli_option place_options[] = {
    {"gazetteer", 'g', "a gazetteer", offsetof(place_args, gazetteers), add_gazetteer},
    {NULL, 0, NULL, 0, NULL}};

static void print_placed(void *user, const char *line)
{
    (void)user;
    if (pm_cli_verbose())
        pm_print_line(stderr, "planmap: place: %s", line);
}

static int run_place(void *args)
{
    const place_args *a = args;
    pm_place_options opts = {.context = pm_cli_context(), .report = print_placed};
    pm_place_summary sum;
    pm_error err = {0};
    if (pm_place_plan(a->dir, a->gazetteers, a->n_gazetteers, &opts, &sum, &err) != PM_OK)
        return pm_cli_error(&err, err.status);
    if (!pm_cli_quiet())   /* the count of each way a feature was placed */
        pm_print_line(stderr, "planmap: %s: %d unplaced features: %d placed by name, %d on a "
                              "place they name, %d left unplaced",
                      a->dir, sum.features, sum.exact, sum.approximate, sum.unplaced);
    return 0;
}

PM_CLI_COMMAND(place, place_args, dir,
               .operand = "draft folder",
               .required = "gazetteer",
               .missing = "no gazetteer given (--gazetteer PLACES)");
