/* The numbered project badges and the project table of a plan map in its
 * QGIS print layout: the badges where the render drew them (a circle in the
 * category's colour with its number, a leader to the project's point when
 * it had to move) and the table where the panel drew it (heading, category
 * swatches, a badge and a text per row), each a group of layout items, so
 * the numbers read as on planmap's page and the pair can be moved as one. */
#include "qgis_internal.h"
#include "pm_theme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_BADGES "{9d0e3c1a-0000-4000-8000-000000000020}"
#define GROUP_TABLE "{9d0e3c1a-0000-4000-8000-000000000021}"
#define LEADER_COLOR ((pm_color){0.25, 0.25, 0.25, 1})
#define WHITE ((pm_color){1, 1, 1, 1})
#define BLACK ((pm_color){0, 0, 0, 1})

/* Items of a group, named by numbers after the group's (the same map gives
 * the same project). */
typedef struct group {
    const char *uuid, *name;
    int n;
    char (*members)[48];
    int cap;
    pm_rect box;    /* the union of its members */
} group;

static const char *member(pm_sbuf *b, group *g, pm_rect r)
{
    if (g->n == g->cap) {
        int cap = g->cap ? 2 * g->cap : 64;
        char(*grown)[48] = realloc(g->members, (size_t)cap * sizeof *grown);
        if (!grown) {
            b->nomem = 1;
            return "";
        }
        g->members = grown;
        g->cap = cap;
    }
    /* Block 0000 holds the layout's fixed items (page, map, inset): a
     * group's members number from block 0001 on. */
    snprintf(g->members[g->n], sizeof g->members[0], "{9d0e3c1a-%04x-4000-8000-%012x}",
             (unsigned)(g->uuid[36] - '0') + 1, (unsigned)g->n + 1);
    double x1 = fmax(g->box.x + g->box.w, r.x + r.w), y1 = fmax(g->box.y + g->box.h, r.y + r.h);
    if (g->n == 0)
        g->box = r;
    else {
        g->box.x = fmin(g->box.x, r.x);
        g->box.y = fmin(g->box.y, r.y);
        g->box.w = x1 - g->box.x;
        g->box.h = y1 - g->box.y;
    }
    return g->members[g->n++];
}

static void rgb(pm_sbuf *b, pm_color c)
{
    pm_sbuf_addf(b, "%d,%d,%d,%d", (int)lround(c.r * 255), (int)lround(c.g * 255),
                 (int)lround(c.b * 255), (int)lround(c.a * 255));
}

/* A shape item (0: ellipse, 1: rectangle) filled with `fill`, outlined
 * `stroke_pt` wide in `stroke` (none at 0). */
static void shape(pm_sbuf *b, group *g, pm_rect r, int kind, pm_color fill, pm_color stroke,
                  double stroke_pt)
{
    pm_qgis_item it = {"65643", member(b, g, r), "", r, 7, 0, 0, g->uuid};
    char extra[64];
    snprintf(extra, sizeof extra, "shapeType=\"%d\" cornerRadiusMeasure=\"0,mm\"", kind);
    pm_qgis_item_open(b, &it, extra, WHITE);
    pm_sbuf_add(b, "      <symbol type=\"fill\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" "
                   "force_rhr=\"0\">\n        <layer class=\"SimpleFill\" enabled=\"1\" "
                   "locked=\"0\" pass=\"0\">\n          <prop k=\"color\" v=\"");
    rgb(b, fill);
    pm_sbuf_addf(b, "\"/>\n          <prop k=\"style\" v=\"solid\"/>\n"
                    "          <prop k=\"outline_style\" v=\"%s\"/>\n"
                    "          <prop k=\"outline_color\" v=\"",
                 stroke_pt > 0 ? "solid" : "no");
    rgb(b, stroke);
    pm_sbuf_addf(b, "\"/>\n          <prop k=\"outline_width\" v=\"%g\"/>\n"
                    "          <prop k=\"outline_width_unit\" v=\"MM\"/>\n"
                    "        </layer>\n      </symbol>\n    </LayoutItem>\n",
                 stroke_pt * PM_MM_PER_PT);
}

/* A text item: `halign` Qt's 1 (left) or 4 (centre), vertically centred
 * (0x80) or at the top (0x20). */
static void text(pm_sbuf *b, group *g, pm_rect r, const char *words, double size, int bold,
                 pm_color color, int centred)
{
    pm_qgis_item it = {"65641", member(b, g, r), "", r, 8, 0, 0, g->uuid};
    pm_sbuf extra = {0};
    pm_sbuf_addf(&extra, "halign=\"%d\" valign=\"%d\" marginX=\"0\" marginY=\"0\" "
                         "htmlState=\"0\" labelText=\"",
                 centred ? 4 : 1, centred ? 128 : 32);
    pm_sbuf_xml(&extra, words);
    pm_sbuf_add(&extra, "\"");
    char *attrs = pm_sbuf_take(&extra);
    if (!attrs) {
        b->nomem = 1;
        return;
    }
    pm_qgis_item_open(b, &it, attrs, (pm_color){1, 1, 1, 0});
    free(attrs);
    pm_qgis_font(b, "LabelFont", PM_THEME_FONT, size, bold);
    pm_qgis_color(b, "FontColor", color);
    pm_sbuf_add(b, "    </LayoutItem>\n");
}

/* A straight line from (x0, y0) to (x1, y1), points. */
static void line(pm_sbuf *b, group *g, double x0, double y0, double x1, double y1,
                 double width_pt, pm_color c)
{
    pm_rect r = {fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0)};
    pm_qgis_item it = {"65645", member(b, g, r), "", r, 6, 0, 0, g->uuid};
    pm_qgis_item_open(b, &it, "markerMode=\"0\" startMarkerMode=\"0\" arrowHeadWidth=\"4\"", WHITE);
    pm_sbuf_add(b, "      <symbol type=\"line\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" "
                   "force_rhr=\"0\">\n        <layer class=\"SimpleLine\" enabled=\"1\" "
                   "locked=\"0\" pass=\"0\">\n          <prop k=\"line_color\" v=\"");
    rgb(b, c);
    pm_sbuf_addf(b, "\"/>\n          <prop k=\"line_style\" v=\"solid\"/>\n"
                    "          <prop k=\"line_width\" v=\"%g\"/>\n"
                    "          <prop k=\"line_width_unit\" v=\"MM\"/>\n"
                    "          <prop k=\"capstyle\" v=\"flat\"/>\n"
                    "        </layer>\n      </symbol>\n      <nodes>\n"
                    "        <node x=\"%.4f\" y=\"%.4f\"/>\n        <node x=\"%.4f\" y=\"%.4f\"/>\n"
                    "      </nodes>\n    </LayoutItem>\n",
                 width_pt * PM_MM_PER_PT, (x0 - r.x) * PM_MM_PER_PT, (y0 - r.y) * PM_MM_PER_PT,
                 (x1 - r.x) * PM_MM_PER_PT, (y1 - r.y) * PM_MM_PER_PT);
}

/* A badge as render/panel.c draws one: the disc, a white ring 0.08 of it,
 * the number in white bold. */
static void badge(pm_sbuf *b, group *g, int number, pm_color fill, double cx, double cy, double d)
{
    pm_rect r = {cx - 0.5 * d, cy - 0.5 * d, d, d};
    shape(b, g, r, 0, fill, WHITE, 0.08 * d);
    char num[16];
    snprintf(num, sizeof num, "%d", number);
    text(b, g, r, num, (number >= 100 ? 0.42 : 0.55) * d, 1, WHITE, 1);
}

static void close_group(pm_sbuf *b, group *g)
{
    if (g->n > 0) {
        pm_qgis_item it = {"65637", g->uuid, g->name, g->box, 7, 0, 0, NULL};
        pm_qgis_item_open(b, &it, "", WHITE);
        for (int i = 0; i < g->n; i++)
            pm_sbuf_addf(b, "      <ComposerItemGroupElement uuid=\"%s\"/>\n", g->members[i]);
        pm_sbuf_add(b, "    </LayoutItem>\n");
    }
    free(g->members);
}

/* Each badge the render placed, with its leader when it moved off its point. */
static void map_badges(pm_sbuf *b, const pm_qgis_page *page)
{
    group g = {GROUP_BADGES, "project badges", 0, NULL, 0, {0, 0, 0, 0}};
    for (int k = 0; k < page->kept.n_projects; k++) {
        const pm_project *p = &page->kept.projects[k];
        if (p->badge.w <= 0)
            continue;
        double cx = p->badge.x + 0.5 * p->badge.w, cy = p->badge.y + 0.5 * p->badge.h;
        if (hypot(cx - p->x, cy - p->y) > 0.5) {
            line(b, &g, p->x, p->y, cx, cy, 0.7, LEADER_COLOR);
            shape(b, &g, (pm_rect){p->x - 1.6, p->y - 1.6, 3.2, 3.2}, 0, LEADER_COLOR,
                  LEADER_COLOR, 0);
        }
        badge(b, &g, p->number, p->color, cx, cy, p->badge.w);
    }
    close_group(b, &g);
}

/* The project a table row lists: its box's text starts with the number. */
static const pm_project *row_project(const pm_qgis_page *page, const pm_render_box *row)
{
    int number = atoi(row->text);
    return number >= 1 && number <= page->kept.n_projects ? &page->kept.projects[number - 1]
                                                          : NULL;
}

/* A category's colour: that of the first row after its heading. */
static pm_color group_color(const pm_qgis_page *page, int from)
{
    for (int i = from; i < page->result.n_boxes; i++) {
        const pm_render_box *box = &page->result.boxes[i];
        const pm_project *p = strcmp(box->kind, "table-row") == 0 ? row_project(page, box) : NULL;
        if (p)
            return p->color;
    }
    return BLACK;
}

static void table_row(pm_sbuf *b, group *g, const pm_qgis_page *page,
                      const pm_render_box *box, double k)
{
    const pm_project *p = row_project(page, box);
    const char *words = strchr(box->text, ' ');
    if (!p || !words)
        return;
    double d = 0.8 * PM_TABLE_BADGE_W * k, tx = box->x + (PM_TABLE_BADGE_W + 4) * k;
    double size = 0.9 * PM_PANEL_TEXT_SIZE * k;
    badge(b, g, p->number, p->color, box->x + 0.5 * PM_TABLE_BADGE_W * k,
          box->y + fmin(0.5 * (box->h - 2 * k), 0.5 * d + 1), d);
    /* A little room, so QGIS's own metrics do not wrap a line planmap kept. */
    text(b, g, (pm_rect){tx, box->y, box->x + box->w - tx + size, box->h + 0.3 * size},
         words + 1, size, 0, BLACK, 0);
}

/* A project without geometry: a dash where a row's badge is, then its text
 * (the box's text is "— text"). */
static void unplaced_row(pm_sbuf *b, group *g, const pm_render_box *box, double k)
{
    const char *words = strchr(box->text, ' ');
    if (!words)
        return;
    double size = 0.9 * PM_PANEL_TEXT_SIZE * k, tx = box->x + (PM_TABLE_BADGE_W + 4) * k;
    text(b, g, (pm_rect){box->x, box->y, PM_TABLE_BADGE_W * k, box->h}, "—", size, 0,
         PM_UNPLACED_INK, 1);
    text(b, g, (pm_rect){tx, box->y, box->x + box->w - tx + size, box->h + 0.3 * size},
         words + 1, size, 0, BLACK, 0);
}

/* The table's heading, categories and rows where the panel drew them. */
static void table(pm_sbuf *b, const pm_qgis_page *page)
{
    group g = {GROUP_TABLE, "project table", 0, NULL, 0, {0, 0, 0, 0}};
    double k = page->kept.panel_scale > 0 ? page->kept.panel_scale : 1;
    for (int i = 0; i < page->result.n_boxes; i++) {
        const pm_render_box *box = &page->result.boxes[i];
        pm_rect r = {box->x, box->y, box->w, box->h};
        if (strcmp(box->kind, "table-title") == 0) {
            double size = PM_PANEL_HEADING_SIZE * k;
            text(b, &g, (pm_rect){r.x, r.y, r.w + size, r.h + 0.3 * size}, box->text, size, 1,
                 BLACK, 0);
        } else if (strcmp(box->kind, "table-group") == 0) {
            double sw = PM_PANEL_SYMBOL_H * k, tx = r.x + sw + 4 * k;
            double size = PM_PANEL_TEXT_SIZE * k;
            shape(b, &g, (pm_rect){r.x + 1, r.y + 0.5 * (r.h - 0.7 * sw), sw, 0.7 * sw}, 1,
                  group_color(page, i + 1), BLACK, 0);
            text(b, &g, (pm_rect){tx, r.y, r.x + r.w - tx + size, r.h + 0.3 * size}, box->text,
                 size, 1, BLACK, 0);
        } else if (strcmp(box->kind, "table-row") == 0) {
            table_row(b, &g, page, box, k);
        } else if (strcmp(box->kind, "unplaced-title") == 0) {
            double size = PM_PANEL_TEXT_SIZE * k;
            text(b, &g, (pm_rect){r.x, r.y, r.w + size, r.h + 0.3 * size}, box->text, size, 1,
                 BLACK, 0);
        } else if (strcmp(box->kind, "table-unplaced") == 0) {
            unplaced_row(b, &g, box, k);
        } else if (strcmp(box->kind, "table-more") == 0 || strcmp(box->kind, "unplaced-more") == 0) {
            double size = 0.9 * PM_PANEL_TEXT_SIZE * k;
            text(b, &g, (pm_rect){r.x, r.y, r.w + size, r.h + 0.3 * size}, box->text, size, 0,
                 BLACK, 0);
        }
    }
    close_group(b, &g);
}

void pm_qgis_projects(pm_sbuf *b, const pm_qgis_page *page)
{
    map_badges(b, page);
    table(b, page);
}
