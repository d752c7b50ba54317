/* A program built against the installed libplanmap (tests/install/run.sh):
 * say what a map spec holds (title, layers and their data files) through the
 * opaque pm_spec handle, then render it to a file, as `planmap render SPEC
 * -o OUT` does. Usage: example SPEC OUT.png */
#include <planmap/planmap.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: example SPEC OUT.png\n");
        return 2;
    }
    pm_error err = {0};
    pm_geo_init_lean();
    pm_context *ctx = pm_context_create();   /* the defaults: every core, no network */
    pm_spec *spec = ctx ? pm_spec_load(argv[1], &err) : NULL;
    if (spec) {
        printf("%s: %s, %d layers\n", pm_spec_path(spec), pm_spec_title(spec),
               pm_spec_layer_count(spec));
        for (int i = 0; i < pm_spec_layer_count(spec); i++)
            printf("  %s: %s\n", pm_spec_layer_name(spec, i), pm_spec_layer_source(spec, i));
    }
    pm_map *map = spec ? pm_map_create_lean(spec, ctx, &err) : NULL;
    pm_render_options opts = {.format = pm_format_from_path(argv[2])};
    pm_render_result result = {0};
    if (map && pm_render_file(map, argv[2], &opts, &result, &err) == PM_OK)
        printf("%s: %d x %d\n", argv[2], result.width, result.height);
    else
        fprintf(stderr, "example: %s (%s)\n", err.msg, pm_status_name(err.status));
    pm_render_result_free(&result);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    pm_context_destroy(ctx);
    return pm_status_exit_code(err.status);
}
