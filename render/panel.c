/* The panel beside or below the map: inset locator map, legend and project
 * table as one flow of items in balanced columns. The page layout (page.c)
 * tries a few column counts on either side and keeps the one that gives the
 * map the largest scale; text shrinks only when nothing else fits. */
#include "render_internal.h"
#include "svg_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_strings.h"
#include "pm_theme.h"
#include "pm_alloc.h"

#define PAD 8.0
#define COL_GAP 12.0
#define SYMBOL_GAP 6.0
#define TEXT_WRAP 120.0
#define ROW_WRAP 150.0
#define GLOSS 0.88        /* zh+en: the English line's size in entries and rows */


static int push(pm_panel_item **items, int *n, int *cap, pm_item_kind kind, int ref, double gap)
{
    if (pm_array_grow(items, *n, cap, sizeof **items, 32) != 0)
        return -1;
    (*items)[(*n)++] = (pm_panel_item){kind, ref, 0, 0, gap};
    return 0;
}

/* 1 if a legend, inset, picture or title block at `place` goes in the panel. */
int pm_place_in_panel(int place)
{
    return place == PM_PLATE_AUTO || place == PM_PLATE_OUTSIDE;
}

/* The legend's heading and entries, into the panel's items or the frame's
 * legend box's. */
static int push_legend(pm_rctx *rc, pm_panel_item **items, int *n, int *cap)
{
    int bad = push(items, n, cap, PM_ITEM_HEADING, 0, 10);
    for (int k = 0; k < rc->page.n_legend; k++) {
        int new_layer = k > 0 && rc->page.legend[k].layer != rc->page.legend[k - 1].layer;
        bad |= push(items, n, cap, PM_ITEM_LEGEND, k, new_layer ? 4 : 0);
    }
    return bad;
}

/* Items in reading order: inset, legend, the table grouped by category,
 * pictures, title block; those placed in the frame are left out (the
 * legend's go to its own box there). */
int pm_panel_build(pm_rctx *rc)
{
    int cap = 0, bad = 0, lcap = 0;
    pm_panel_item **it = &rc->page.items;
    int *n = &rc->page.n_items;
    const pm_spec *spec = rc->spec;
    rc->page.n_items = rc->page.n_legend_items = 0;
    if (rc->page.inset && pm_place_in_panel(spec->inset_place))
        bad |= push(it, n, &cap, PM_ITEM_INSET, 0, 0);
    if (rc->page.n_legend > 0 && pm_place_in_panel(spec->legend_place))
        bad |= push_legend(rc, it, n, &cap);
    else if (rc->page.n_legend > 0)
        bad |= push_legend(rc, &rc->page.legend_items, &rc->page.n_legend_items, &lcap);
    if (rc->page.n_projects > 0 || rc->page.n_unplaced > 0)
        bad |= push(it, n, &cap, PM_ITEM_HEADING, 1, 12);
    for (int k = 0; k < rc->page.n_projects; k++) {
        const char *c = rc->page.projects[k].category;
        if (k == 0 || strcmp(c, rc->page.projects[k - 1].category) != 0)
            bad |= push(it, n, &cap, PM_ITEM_GROUP, k, k ? 5 : 0);
        bad |= push(it, n, &cap, PM_ITEM_ROW, k, 0);
    }
    /* The projects without a place: listed, not numbered (page.c lists as
     * many as the room the numbered table leaves holds). */
    if (rc->page.n_unplaced > 0)
        bad |= push(it, n, &cap, PM_ITEM_HEADING, 2, rc->page.n_projects ? 8 : 0);
    for (int k = 0; k < rc->page.n_unplaced; k++)
        bad |= push(it, n, &cap, PM_ITEM_UNPLACED, k, 0);
    for (int i = 0; i < spec->n_images; i++)
        if (pm_place_in_panel(spec->images[i].place))
            bad |= push(it, n, &cap, PM_ITEM_IMAGE, i, 10);
    if (spec->title_block && pm_place_in_panel(spec->title_block->place))
        bad |= push(it, n, &cap, PM_ITEM_TITLE_BLOCK, 0, 10);
    return bad ? -1 : rc->page.n_items;
}

static const char *heading_text(const pm_rctx *rc, int which, char *buf, size_t n)
{
    if (which == 0) {
        const char *t = rc->spec->legend_title && *rc->spec->legend_title ? rc->spec->legend_title
                                                                           : "图例";
        const char *en = rc->spec->legend_title_en;
        return pm_lang_text(rc, t, en ? en : strcmp(t, "图例") == 0 ? "Legend" : NULL, buf, n);
    }
    if (which == 2)
        return pm_lang_text(rc, "未落位项目（无位置，不在图上）", "Not on the map (no location)",
                            buf, n);
    return pm_lang_text(rc, "重点项目", "Key projects", buf, n);
}

/* A category heading: in English the category's own English (the data's
 * category_en), else the legend_en of the rule that drew the category's
 * first project, when the spec gives one. */
static const char *group_text(const pm_rctx *rc, const pm_project *p, char *buf, size_t n)
{
    const pm_map_layer *ml = &rc->map->layers[p->layer];
    int rule = ml->rule_of[p->feature];
    const char *en = pm_feature_value(ml->data, &ml->data->features[p->feature], "category_en");
    if (!en || !*en)
        en = rule >= 0 ? ml->spec->rules[rule].legend_en : NULL;
    return pm_lang_text(rc, p->category, en, buf, n);
}

/* "专栏9 …" → "（专栏9）", "(Box 9)" in English, "（专栏9 / Box 9）" in both; a
 * column named otherwise ("正文 …", "附件一 …") is kept as written, except in
 * English, where it has no translation and is left out so no row is half Chinese. */
static void column_text(const pm_rctx *rc, const char *column, char *out, size_t n)
{
    static const char prefix[] = "专栏";
    size_t k = strcspn(column, " \t");
    /* A long first word is cut at a character, never inside one, and the
     * cut is shown. */
    int w = (int)pm_utf8_prefix(column, k < 40 ? k : 40);
    const char *more = (size_t)w < k ? "…" : "";
    size_t pl = sizeof prefix - 1;
    int boxed = k > pl && strncmp(column, prefix, pl) == 0;
    int rest = w - (int)pl;
    if (!boxed && rc->lang == PM_LANG_EN)
        out[0] = '\0';
    else if (!boxed || rc->lang == PM_LANG_ZH || rc->lang == PM_LANG_DEFAULT)
        snprintf(out, n, "（%.*s%s）", w, column, more);
    else if (rc->lang == PM_LANG_EN)
        snprintf(out, n, " (Box %.*s%s)", rest, column + pl, more);
    else
        snprintf(out, n, "（%.*s%s / Box %.*s%s）", w, column, more, rest, column + pl, more);
}

static const char *row_text(const pm_rctx *rc, const pm_project *p, char *buf, size_t n)
{
    char name[512];
    const char *text = pm_project_name(rc, p, name, sizeof name);
    /* "专栏9 成果转化…" → "专栏9": the table says where in the plan, briefly. */
    char col[128] = "";
    if (p->column && *p->column)
        column_text(rc, p->column, col, sizeof col);
    snprintf(buf, n, "%s%s", text ? text : "", col);
    return buf;
}

/* The last line of a cut table: how many rows and which numbers it leaves out. */
static const char *more_text(const pm_rctx *rc, const pm_panel_item *it, char *buf, size_t n)
{
    char zh[128], en[128];
    int first = rc->page.projects[rc->page.n_projects - it->ref].number, last = rc->page.projects[rc->page.n_projects - 1].number;
    snprintf(zh, sizeof zh, "…… 另有 %d 项未列出（%d–%d）", it->ref, first, last);
    snprintf(en, sizeof en, "… and %d more (%d–%d)", it->ref, first, last);
    const char *t = pm_lang_text(rc, zh, en, buf, n);
    if (t != buf)
        snprintf(buf, n, "%s", t);
    return buf;
}

/* The last line of the unplaced projects: how many are not listed. */
static const char *unplaced_more_text(const pm_rctx *rc, const pm_panel_item *it, char *buf,
                                      size_t n)
{
    char zh[128], en[128];
    int all = it->ref == rc->page.n_unplaced;
    snprintf(zh, sizeof zh, all ? "共 %d 项，未列出" : "…… 另有 %d 项未列出", it->ref);
    snprintf(en, sizeof en, all ? "%d projects, not listed" : "… and %d more not listed", it->ref);
    const char *t = pm_lang_text(rc, zh, en, buf, n);
    if (t != buf)
        snprintf(buf, n, "%s", t);
    return buf;
}

static PangoLayout *item_layout(pm_rctx *rc, const pm_panel_item *it, double k, char *buf, size_t n)
{
    switch (it->kind) {
    case PM_ITEM_UNPLACED_MORE:
        return pm_text_layout(rc->draw.pango, unplaced_more_text(rc, it, buf, n), PM_THEME_FONT,
                              0.9 * PM_PANEL_TEXT_SIZE * k, ROW_WRAP * k);
    case PM_ITEM_UNPLACED:
        return pm_text_layout(rc->draw.pango, row_text(rc, &rc->page.unplaced[it->ref], buf, n),
                              PM_THEME_FONT, 0.9 * PM_PANEL_TEXT_SIZE * k, ROW_WRAP * k);
    case PM_ITEM_MORE:
        return pm_text_layout(rc->draw.pango, more_text(rc, it, buf, n), PM_THEME_FONT,
                              0.9 * PM_PANEL_TEXT_SIZE * k, ROW_WRAP * k);
    case PM_ITEM_HEADING:   /* the unplaced projects' as a category's, under the table's */
        return pm_text_layout(rc->draw.pango, heading_text(rc, it->ref, buf, n), PM_THEME_FONT " Bold",
                              (it->ref == 2 ? PM_PANEL_TEXT_SIZE : PM_PANEL_HEADING_SIZE) * k,
                              it->ref == 2 ? ROW_WRAP * k : 0);
    case PM_ITEM_LEGEND: {
        /* Nested size symbols carry their values beside them. */
        const pm_legend_entry *e = &rc->page.legend[it->ref];
        return pm_text_layout(rc->draw.pango, e->ref == PM_LEGEND_SIZES ? "" : pm_legend_text(rc, e, buf, n),
                              PM_THEME_FONT, PM_PANEL_TEXT_SIZE * k, TEXT_WRAP * k);
    }
    case PM_ITEM_GROUP:
        return pm_text_layout(rc->draw.pango, group_text(rc, &rc->page.projects[it->ref], buf, n),
                              PM_THEME_FONT " Bold", PM_PANEL_TEXT_SIZE * k, ROW_WRAP * k);
    case PM_ITEM_ROW:
        return pm_text_layout(rc->draw.pango, row_text(rc, &rc->page.projects[it->ref], buf, n),
                              PM_THEME_FONT, 0.9 * PM_PANEL_TEXT_SIZE * k, ROW_WRAP * k);
    default:
        return NULL;
    }
}

/* Left-aligned, as a list reads; in zh+en an entry's or row's English line
 * a little smaller than its Chinese, as a gloss, so the panel leaves the
 * map more room. */
static PangoLayout *left_layout(pm_rctx *rc, const pm_panel_item *it, double k, char *buf, size_t n)
{
    PangoLayout *t = item_layout(rc, it, k, buf, n);
    if (t)
        pango_layout_set_alignment(t, PANGO_ALIGN_LEFT);
    if (t && rc->lang == PM_LANG_ZH_EN &&
        (it->kind == PM_ITEM_LEGEND || it->kind == PM_ITEM_ROW || it->kind == PM_ITEM_UNPLACED))
        pm_text_scale_second(t, GLOSS);
    return t;
}

void pm_panel_item_measure(pm_rctx *rc, pm_panel_item *it, double k)
{
    if (it->kind == PM_ITEM_INSET || it->kind == PM_ITEM_IMAGE || it->kind == PM_ITEM_TITLE_BLOCK) {
        pm_frame_box_size(rc, it->kind, it->ref, k, &it->w, &it->h);
        return;
    }
    char buf[1024];
    PangoLayout *t = left_layout(rc, it, k, buf, sizeof buf);
    double w = 0, h = 0;
    pm_text_size(t, &w, &h);
    g_object_unref(t);
    if (it->kind == PM_ITEM_LEGEND) {
        double sw, sh;
        pm_legend_symbol_size(rc, &rc->page.legend[it->ref], &sw, &sh);
        it->w = (sw + SYMBOL_GAP) * k + w;
        it->h = fmax(h, sh * k) + 4 * k;
    } else if (it->kind == PM_ITEM_ROW || it->kind == PM_ITEM_UNPLACED) {
        it->w = (PM_TABLE_BADGE_W + 4) * k + w;
        it->h = fmax(h, PM_TABLE_BADGE_W * k * 0.8) + 2 * k;
    } else if (it->kind == PM_ITEM_GROUP) {
        it->w = (PM_PANEL_SYMBOL_H + 4) * k + w;
        it->h = h + 3 * k;
    } else {
        it->w = w;
        it->h = h + 5 * k;
    }
}

/* Width and height of every item at text scale k. */
void pm_panel_measure(pm_rctx *rc, double k)
{
    rc->page.lay.panel_scale = k;
    for (int i = 0; i < rc->page.n_items; i++)
        pm_panel_item_measure(rc, &rc->page.items[i], k);
}

static int keeps_with_next(const pm_panel_item *it)
{
    return it->kind == PM_ITEM_HEADING || it->kind == PM_ITEM_GROUP;
}

int pm_panel_cut(pm_rctx *rc, const pm_panel_item *all, int n_all, int keep)
{
    pm_panel_item *items = realloc(rc->page.items, (size_t)(n_all + 1) * sizeof *items);
    if (!items)
        return -1;
    rc->page.items = items;
    while (keep > 0 && keep < n_all && keeps_with_next(&all[keep - 1]))
        keep--;
    memcpy(items, all, (size_t)keep * sizeof *items);
    int left_out = 0;
    for (int i = keep; i < n_all; i++)
        left_out += all[i].kind == PM_ITEM_ROW;
    rc->page.n_items = keep;
    /* The rows run in number order, so those left out are the last ones. */
    if (left_out > 0)
        items[rc->page.n_items++] = (pm_panel_item){PM_ITEM_MORE, left_out, 0, 0, 3};
    return 0;
}

/* Greedy fill with columns at most `limit` tall; returns the columns used. */
static int fill(const pm_rctx *rc, double limit, int *starts, double *tallest)
{
    int cols = 1;
    double used = 0, top = 0;
    if (starts)
        starts[0] = 0;
    for (int i = 0; i < rc->page.n_items; i++) {
        const pm_panel_item *it = &rc->page.items[i];
        double need = (used > 0 ? it->gap : 0) + it->h;
        /* A heading never ends a column: it goes with the items under it up
         * to the first that is not a heading itself (table heading → category
         * → first row), so a chain of headings moves as one. */
        for (int j = i; j + 1 < rc->page.n_items && keeps_with_next(&rc->page.items[j]); j++)
            need += rc->page.items[j + 1].gap + rc->page.items[j + 1].h;
        /* The item under a heading is glued to it. */
        int glued = i > 0 && keeps_with_next(&rc->page.items[i - 1]);
        if (used > 0 && !glued && used + need > limit + 1e-6) {
            if (starts)
                starts[cols] = i;
            cols++;
            top = fmax(top, used);
            used = 0;
        }
        used += (used > 0 ? it->gap : 0) + it->h;
    }
    if (starts)
        starts[cols] = rc->page.n_items;
    *tallest = fmax(top, used);
    return cols;
}

double pm_panel_flow(pm_rctx *rc, int cols, int commit)
{
    double lo = 0, total = 0, tallest = 0;
    for (int i = 0; i < rc->page.n_items; i++) {
        lo = fmax(lo, rc->page.items[i].h);
        total += rc->page.items[i].h + rc->page.items[i].gap;
    }
    double hi = total;
    /* Smallest height limit that needs no more than `cols` columns. */
    for (int it = 0; it < 40 && hi - lo > 0.25; it++) {
        double mid = 0.5 * (lo + hi);
        if (fill(rc, mid, NULL, &tallest) <= cols)
            hi = mid;
        else
            lo = mid;
    }
    int used = fill(rc, hi, NULL, &tallest);
    if (commit) {
        free(rc->page.lay.col_start);
        rc->page.lay.col_start = calloc((size_t)used + 2, sizeof *rc->page.lay.col_start);
        if (!rc->page.lay.col_start) {
            rc->nomem = 1;
            return tallest;
        }
        rc->page.lay.panel_cols = fill(rc, hi, rc->page.lay.col_start, &tallest);
        double w = 0;
        for (int i = 0; i < rc->page.n_items; i++)
            w = fmax(w, rc->page.items[i].w);
        rc->page.lay.col_w = w;
    }
    return tallest;
}

void pm_panel_size(const pm_rctx *rc, int cols, double flow_h, double *w, double *h)
{
    double cw = 0;
    for (int i = 0; i < rc->page.n_items; i++)
        cw = fmax(cw, rc->page.items[i].w);
    *w = rc->page.n_items ? cols * cw + (cols - 1) * COL_GAP * rc->page.lay.panel_scale + 2 * PAD : 0;
    *h = rc->page.n_items ? flow_h + 2 * PAD : 0;
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_legend_item(pm_rctx *rc, const pm_panel_item *it, double x, double y, double k)
{
    char buf[1024];
    const pm_legend_entry *e = &rc->page.legend[it->ref];
    double row = it->h - 4 * k, sw, sh;
    pm_legend_symbol_size(rc, e, &sw, &sh);
    cairo_save(rc->draw.cr);
    cairo_translate(rc->draw.cr, x, y + 0.5 * (row - sh * k));
    cairo_scale(rc->draw.cr, k, k);
    pm_legend_symbol(rc, e, 0, 0);
    cairo_restore(rc->draw.cr);
    PangoLayout *t = left_layout(rc, it, k, buf, sizeof buf);
    double w, h;
    pm_text_size(t, &w, &h);
    pm_text_draw(rc->draw.cr, t, x + (sw + SYMBOL_GAP) * k, y + 0.5 * (row - h), PM_INK, PM_NO_HALO, 0);
    g_object_unref(t);
    pm_rctx_box(rc, "legend-item", pm_legend_text(rc, e, buf, sizeof buf),
                (pm_rect){x, y, (sw + SYMBOL_GAP) * k + w, row});
}

static void badge(cairo_t *cr, PangoContext *pc, int number, pm_color fill, double cx, double cy,
                  double d)
{
    char num[16];
    snprintf(num, sizeof num, "%d", number);
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, 0.5 * d, 0, 2 * PM_PI);
    pm_set_color(cr, fill, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.08 * d);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
    PangoLayout *t = pm_text_layout(pc, num, PM_THEME_FONT " Bold", (number >= 100 ? 0.42 : 0.55) * d, 0);
    double w, h;
    pm_text_size(t, &w, &h);
    pm_text_draw(cr, t, cx - 0.5 * w, cy - 0.5 * h, (pm_color){1, 1, 1, 1}, PM_NO_HALO, 0);
    g_object_unref(t);
}

void pm_draw_badge(pm_rctx *rc, const pm_project *p, double cx, double cy, double d)
{
    badge(rc->draw.cr, rc->draw.pango, p->number, p->color, cx, cy, d);
}

void pm_panel_item_draw(pm_rctx *rc, const pm_panel_item *it, double x, double y, double k)
{
    char buf[1024];
    if (it->kind == PM_ITEM_INSET || it->kind == PM_ITEM_IMAGE || it->kind == PM_ITEM_TITLE_BLOCK) {
        pm_frame_box_draw(rc, it->kind, it->ref, k, (pm_rect){x, y, it->w, it->h});
        return;
    }
    if (it->kind == PM_ITEM_LEGEND) {
        draw_legend_item(rc, it, x, y, k);
        return;
    }
    PangoLayout *t = left_layout(rc, it, k, buf, sizeof buf);
    double w, h, tx = x;
    pm_text_size(t, &w, &h);
    if (it->kind == PM_ITEM_GROUP) {
        const pm_project *p = &rc->page.projects[it->ref];
        cairo_rectangle(rc->draw.cr, x + 1, y + 0.5 * (h - PM_PANEL_SYMBOL_H * k * 0.7),
                        PM_PANEL_SYMBOL_H * k, PM_PANEL_SYMBOL_H * k * 0.7);
        pm_set_color(rc->draw.cr, p->color, 1);
        cairo_fill(rc->draw.cr);
        tx += (PM_PANEL_SYMBOL_H + 4) * k;
        pm_rctx_box(rc, "table-group", group_text(rc, p, buf, sizeof buf), (pm_rect){x, y, tx - x + w, h});
    } else if (it->kind == PM_ITEM_ROW) {
        const pm_project *p = &rc->page.projects[it->ref];
        double d = PM_TABLE_BADGE_W * k * 0.8;
        badge(rc->draw.cr, rc->draw.pango, p->number, p->color, x + 0.5 * PM_TABLE_BADGE_W * k,
              y + fmin(0.5 * h, 0.5 * d + 1), d);
        tx += (PM_TABLE_BADGE_W + 4) * k;
        char label[1100];
        snprintf(label, sizeof label, "%d %s", p->number, buf);
        pm_rctx_box(rc, "table-row", label, (pm_rect){x, y, it->w, it->h});
    } else if (it->kind == PM_ITEM_UNPLACED) {
        /* a dash where the number would be: no badge on the map to look for */
        PangoLayout *dash = pm_text_layout(rc->draw.pango, "—", PM_THEME_FONT,
                                           0.9 * PM_PANEL_TEXT_SIZE * k, 0);
        double dw, dh;
        pm_text_size(dash, &dw, &dh);
        pm_text_draw(rc->draw.cr, dash, x + 0.5 * (PM_TABLE_BADGE_W * k - dw), y, PM_UNPLACED_INK,
                     PM_NO_HALO, 0);
        g_object_unref(dash);
        tx += (PM_TABLE_BADGE_W + 4) * k;
        char label[1100];
        snprintf(label, sizeof label, "— %s", buf);
        pm_rctx_box(rc, "table-unplaced", label, (pm_rect){x, y, it->w, it->h});
    } else if (it->kind == PM_ITEM_MORE || it->kind == PM_ITEM_UNPLACED_MORE) {
        pm_rctx_box(rc, it->kind == PM_ITEM_MORE ? "table-more" : "unplaced-more", buf,
                    (pm_rect){x, y, w, h});
    }
    pm_text_draw(rc->draw.cr, t, tx, y, PM_INK, PM_NO_HALO, 0);
    g_object_unref(t);
    if (it->kind == PM_ITEM_HEADING)
        pm_rctx_box(rc, it->ref == 0 ? "legend-title" : it->ref == 1 ? "table-title" : "unplaced-title",
                    heading_text(rc, it->ref, buf, sizeof buf), (pm_rect){x, y, w, h});
}

/* The panel's parts, each its own SVG layer: inset, legend, project table,
 * pictures, title block. */
static void panel_part(pm_rctx *rc, const pm_panel_item *it, int *part)
{
    static const char *const ids[] = {"inset", "legend", "project-table", "pictures", "title-block"};
    static const char *const labels[] = {"Inset map", "Legend", "Project table", "Pictures", "Title block"};
    int now = it->kind == PM_ITEM_INSET ? 0
              : it->kind == PM_ITEM_LEGEND || (it->kind == PM_ITEM_HEADING && it->ref == 0) ? 1
              : it->kind == PM_ITEM_IMAGE ? 3 : it->kind == PM_ITEM_TITLE_BLOCK ? 4 : 2;
    if (now != *part)
        pm_svg_group(rc->draw.cr, ids[now], labels[now]);
    *part = now;
}

void pm_draw_panel(pm_rctx *rc)
{
    pm_rect panel = rc->page.lay.legend;
    if (panel.w <= 0 || !rc->page.lay.col_start)
        return;
    cairo_t *cr = rc->draw.cr;
    pm_svg_group(cr, "panel", "Panel");
    cairo_rectangle(cr, panel.x, panel.y, panel.w, panel.h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgba(cr, 0.55, 0.55, 0.55, 1);
    cairo_stroke(cr);
    char buf[256];
    pm_rctx_box(rc, "legend", rc->page.n_legend ? heading_text(rc, 0, buf, sizeof buf) : "", panel);
    double k = rc->page.lay.panel_scale;
    int part = -1;
    for (int c = 0; c < rc->page.lay.panel_cols; c++) {
        double x = panel.x + PAD + c * (rc->page.lay.col_w + COL_GAP * k), y = panel.y + PAD;
        for (int i = rc->page.lay.col_start[c]; i < rc->page.lay.col_start[c + 1]; i++) {
            const pm_panel_item *it = &rc->page.items[i];
            if (i > rc->page.lay.col_start[c])
                y += it->gap;
            panel_part(rc, it, &part);
            pm_panel_item_draw(rc, it, x, y, k);
            y += it->h;
        }
    }
}
