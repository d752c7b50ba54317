/* Numbered project markers: the points of layers flagged "projects" are drawn
 * as numbered badges keyed to the project table in the panel. Numbers run
 * through the categories in the order they first appear (rule order), so a
 * category's rows sit together in the table and share its colour. A badge
 * that would cover another is moved out along a ring and tied to its true
 * place with a leader line. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_keymap.h"

#define BADGE_D 11.0

const char *pm_project_name(const pm_rctx *rc, const pm_project *p, char *buf, size_t n)
{
    const pm_layer *data = rc->map->layers[p->layer].data;
    const pm_feature *f = &data->features[p->feature];
    return pm_lang_text(rc, p->name, pm_feature_value(data, f, "name_en"), buf, n);
}

static int key_cmp(const void *pa, const void *pb)
{
    const pm_project *a = pa, *b = pb;
    /* number holds the group rank until numbering */
    return pm_rank_order(a->number, b->number, a->layer, b->layer, a->feature, b->feature);
}

static const char *category_of(const pm_layer *data, const pm_feature *f)
{
    const char *c = pm_feature_value(data, f, "category");
    return c && *c ? c : "其他";
}

/* Rank of a category: the order it is first met (layer, rule, feature). */
static int category_rank(const char **seen, int *n_seen, const char *c)
{
    for (int i = 0; i < *n_seen; i++)
        if (strcmp(seen[i], c) == 0)
            return i;
    seen[*n_seen] = c;
    return (*n_seen)++;
}

static int inside_frame(const pm_rctx *rc, double x, double y)
{
    const pm_rect *r = &rc->page.lay.frame;
    return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

/* The table lists what the map shows: projects outside the extent are left out. */
static int in_extent(const pm_map *map, const pm_feature *f)
{
    const double *e = map->extent;
    return f->xy[0] >= e[0] && f->xy[0] <= e[2] && f->xy[1] >= e[1] && f->xy[1] <= e[3];
}

static int count_points(const pm_map *map)
{
    int n = 0;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (!ml->spec->projects)
            continue;
        for (int i = 0; i < ml->data->n_features; i++)
            n += ml->rule_of[i] != PM_FEATURE_HIDDEN && ml->data->features[i].kind == PM_GEOM_POINT;
    }
    return n;
}

/* The category colours of the projects flagged in from_palette (their
 * number still holds the category's rank), distinct from the map's own. */
static int palette_colors(pm_rctx *rc, int n_categories, const int *from_palette)
{
    int any = 0;
    for (int k = 0; k < rc->page.n_projects; k++)
        any |= from_palette[k];
    if (!any)   /* every colour from the spec: nothing to choose */
        return 0;
    pm_color *drawn = NULL, *palette = malloc((size_t)n_categories * sizeof *palette);
    int *slot = malloc((size_t)n_categories * sizeof *slot);
    int n_drawn = palette && slot ? pm_map_drawn_colors(rc->map, 1, &drawn) : -1;
    if (n_drawn < 0) {
        free(palette), free(slot);
        return -1;
    }
    /* Only the categories that use the palette take a colour of it, in rank order. */
    int n = 0;
    for (int r = 0; r < n_categories; r++) {
        slot[r] = -1;
        for (int k = 0; k < rc->page.n_projects && slot[r] < 0; k++)
            if (from_palette[k] && rc->page.projects[k].number == r)
                slot[r] = n++;
    }
    pm_category_palette(drawn, n_drawn, palette, n);
    for (int k = 0; k < rc->page.n_projects; k++)
        if (from_palette[k])
            rc->page.projects[k].color = palette[slot[rc->page.projects[k].number]];
    free(drawn), free(palette), free(slot);
    return 0;
}

/* The projects a projects layer holds without a geometry (a plan names them,
 * nothing says where): the table lists them after the numbered ones, in the
 * data's order, and the map draws nothing for them. One whose name a drawn
 * feature of the map bears (a zone another layer draws) is on the map and
 * is not listed as missing from it. */
static int unplaced(const pm_map_layer *ml, int i)
{
    return ml->spec->projects && ml->data->features[i].kind == PM_GEOM_NONE &&
           ml->rule_of[i] != PM_FEATURE_HIDDEN;
}

/* The names and label texts the map's drawn features bear. */
static int drawn_names(const pm_rctx *rc, pm_keymap *names)
{
    const pm_map *map = rc->map;
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        for (int i = 0; i < ml->data->n_features; i++) {
            if (ml->data->features[i].kind == PM_GEOM_NONE || ml->rule_of[i] == PM_FEATURE_HIDDEN)
                continue;
            char buf[512];
            const char *name = pm_feature_value(ml->data, &ml->data->features[i], "name");
            const char *label = pm_feature_label(rc, l, i, buf, sizeof buf);
            if ((name && !pm_keymap_get(names, name, NULL)) ||
                (label && *label && !pm_keymap_get(names, label, NULL)))
                return -1;
        }
    }
    return 0;
}

/* 1 if the map draws a feature of the project's name or label. */
static int drawn(const pm_rctx *rc, const pm_keymap *names, int layer, int feature)
{
    const pm_map_layer *ml = &rc->map->layers[layer];
    char buf[512];
    const char *name = pm_feature_value(ml->data, &ml->data->features[feature], "name");
    const char *label = pm_feature_label(rc, layer, feature, buf, sizeof buf);
    return (name && pm_keymap_find(names, name)) || (label && *label && pm_keymap_find(names, label));
}

static int collect_unplaced(pm_rctx *rc)
{
    const pm_map *map = rc->map;
    int n = 0;
    rc->page.n_unplaced = 0;
    for (int l = 0; l < map->n_layers; l++)
        for (int i = 0; i < map->layers[l].data->n_features; i++)
            n += unplaced(&map->layers[l], i);
    if (n == 0)
        return 0;
    pm_keymap names = pm_keymap_make(1, 0);
    if (!(rc->page.unplaced = calloc((size_t)n, sizeof *rc->page.unplaced)) ||
        drawn_names(rc, &names) != 0) {
        pm_keymap_free(&names, NULL);
        return -1;
    }
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        for (int i = 0; i < ml->data->n_features; i++) {
            const pm_feature *f = &ml->data->features[i];
            const char *name = pm_feature_value(ml->data, f, "name");
            if (!unplaced(ml, i) || drawn(rc, &names, l, i))
                continue;
            rc->page.unplaced[rc->page.n_unplaced++] = (pm_project){
                .layer = l, .feature = i, .name = name ? name : "",
                .category = category_of(ml->data, f),
                .column = pm_feature_value(ml->data, f, "column")};
        }
    }
    pm_keymap_free(&names, NULL);
    return 0;
}

/* Every drawn point of a projects layer, before layout (the table needs them),
 * and the projects without geometry; page positions are filled in by
 * pm_draw_projects. */
int pm_projects_collect(pm_rctx *rc)
{
    const pm_map *map = rc->map;
    int total = count_points(map);
    rc->page.n_projects = 0;
    if (collect_unplaced(rc) != 0)
        return -1;
    if (total == 0)
        return 0;
    rc->page.projects = calloc((size_t)total, sizeof *rc->page.projects);
    const char **seen = calloc((size_t)total, sizeof *seen);
    int *from_palette = calloc((size_t)total, sizeof *from_palette);
    if (!rc->page.projects || !seen || !from_palette) {
        free(seen), free(from_palette);
        return -1;
    }
    int n_seen = 0;
    /* Rules first so categories come in the order the spec lists them. */
    for (int l = 0; l < map->n_layers; l++) {
        const pm_map_layer *ml = &map->layers[l];
        if (!ml->spec->projects)
            continue;
        for (int r = -1; r < ml->spec->n_rules; r++)
            for (int i = 0; i < ml->data->n_features; i++) {
                const pm_feature *f = &ml->data->features[i];
                int rule = ml->rule_of[i];
                if (f->kind != PM_GEOM_POINT || rule == PM_FEATURE_HIDDEN ||
                    (r >= 0 ? rule != r : rule != PM_FEATURE_NO_RULE) || !in_extent(map, f))
                    continue;
                pm_project *p = &rc->page.projects[rc->page.n_projects++];
                pm_style s = pm_map_feature_style(map, l, i);
                const char *name = pm_feature_value(ml->data, f, "name");
                p->layer = l;
                p->feature = i;
                p->category = category_of(ml->data, f);
                p->name = name ? name : "";
                p->column = pm_feature_value(ml->data, f, "column");
                int rank = category_rank(seen, &n_seen, p->category);
                p->number = rank;
                /* The spec's colour when it gives one, else one per category. */
                int own = pm_project_own_color(ml, rule, &s);
                from_palette[rc->page.n_projects - 1] = !own;
                p->color = s.fill;
                p->color.a = 1;
            }
    }
    free(seen);
    int bad = palette_colors(rc, n_seen, from_palette);
    free(from_palette);
    if (bad)
        return -1;
    qsort(rc->page.projects, (size_t)rc->page.n_projects, sizeof *rc->page.projects, key_cmp);
    for (int k = 0; k < rc->page.n_projects; k++)
        rc->page.projects[k].number = k + 1;
    return rc->page.n_projects;
}

static int badge_free(const pm_rctx *rc, pm_rect r)
{
    const pm_rect *f = &rc->page.lay.frame;
    return r.x >= f->x && r.y >= f->y && r.x + r.w <= f->x + f->w && r.y + r.h <= f->y + f->h &&
           !pm_grid_hits(&rc->place.grid, r);
}

/* On the point if free, else the nearest free spot on rings around it. */
static int find_spot(const pm_rctx *rc, double x, double y, double d, double *bx, double *by)
{
    for (int ring = 0; ring <= 4; ring++) {
        int steps = ring == 0 ? 1 : 8 * ring;
        double radius = ring * 1.15 * d;
        for (int k = 0; k < steps; k++) {
            /* Start up-right, the usual place of a callout. */
            double a = -PM_PI / 4 + 2 * PM_PI * k / steps;
            double cx = x + radius * cos(a), cy = y + radius * sin(a);
            pm_rect r = {cx - 0.5 * d, cy - 0.5 * d, d, d};
            if (badge_free(rc, r)) {
                *bx = cx;
                *by = cy;
                return 1;
            }
        }
    }
    return 0;
}

static void leader(cairo_t *cr, double x0, double y0, double x1, double y1, pm_color c)
{
    cairo_new_path(cr);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_set_line_width(cr, 0.7);
    cairo_set_dash(cr, NULL, 0, 0);
    pm_set_color(cr, c, 1);
    cairo_stroke(cr);
    cairo_arc(cr, x0, y0, 1.6, 0, 2 * PM_PI);
    cairo_fill(cr);
}

void pm_draw_projects(pm_rctx *rc)
{
    for (int k = 0; k < rc->page.n_projects; k++) {
        pm_project *p = &rc->page.projects[k];
        const pm_feature *f = &rc->map->layers[p->layer].data->features[p->feature];
        pm_to_page(&rc->page, f->xy[0], f->xy[1], &p->x, &p->y);
        p->badge = (pm_rect){0, 0, 0, 0};
        double d = p->number >= 100 ? 1.2 * BADGE_D : BADGE_D, bx, by;
        if (!inside_frame(rc, p->x, p->y) || !find_spot(rc, p->x, p->y, d, &bx, &by)) {
            if (rc->verbose)
                pm_context_log(rc->map->context, PM_LOG_VERBOSE,
                               "%s: project %d \"%s\": no room for its badge", rc->spec->path,
                               p->number, p->name);
            continue;
        }
        if (hypot(bx - p->x, by - p->y) > 0.5)
            leader(rc->draw.cr, p->x, p->y, bx, by, (pm_color){0.25, 0.25, 0.25, 1});
        pm_draw_badge(rc, p, bx, by, d);
        p->badge = (pm_rect){bx - 0.5 * d, by - 0.5 * d, d, d};
        if (pm_grid_add(&rc->place.grid, p->badge) != 0)
            rc->nomem = 1;
        char name[512], text[600];
        snprintf(text, sizeof text, "%d %s", p->number, pm_project_name(rc, p, name, sizeof name));
        pm_rctx_box(rc, "badge", text, p->badge);
    }
}
