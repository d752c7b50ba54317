/* Table pages of the report: a "tables" entry's rows on A4 landscape pages,
 * long texts wrapped within their column, the column headings repeated at
 * the top of every page, a group's heading before its first row (and again,
 * "continued", at the top of a page that goes on with it), the page number
 * at the foot. The rows are measured once (pm_report_table_paginate) and
 * each page drawn from the rows it was given, so the contents page can name
 * every table's first page before any is drawn. Text goes through the one
 * door to Pango (pm_render_text.h). */
#include "batch_internal.h"
#include "pm_render_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN 36.0
#define PAD 3.0              /* inside a cell */
#define BODY_PT 7.5
#define HEAD_PT 8.0
#define GROUP_PT 8.5
#define TITLE_PT 13.0
#define TITLE_H 30.0         /* title line and the gap below it */
#define FOOT_H 22.0          /* page number line */
#define MAX_LINES 24         /* a cell longer than this ends in "…", so a row always fits a page */

/* Hinting off: the same text measures the same on the PDF and on a PNG. */
static PangoLayout *layout(cairo_t *cr, const char *text, const char *face, double size,
                           double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
    pango_layout_context_changed(l);
    cairo_font_options_destroy(fo);
    char font[96];
    snprintf(font, sizeof font, "%s %g", face, size);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(l, -MAX_LINES);
    pm_text_set(l, text ? text : "");
    return l;
}

static double text_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* Draw (cr non-NULL) or only measure a text; returns its height. */
static double text(cairo_t *cr, cairo_t *measure, const char *s, const char *face, double size,
                   double x, double y, double w, PangoAlignment align)
{
    PangoLayout *l = layout(cr ? cr : measure, s, face, size, w);
    pango_layout_set_alignment(l, align);
    double h = text_height(l);
    if (cr) {
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, l);
    }
    g_object_unref(l);
    return h;
}

#define REGULAR PM_REPORT_FONT
#define BOLD PM_REPORT_FONT " Bold"

static double table_w(void)
{
    return PM_TABLE_PAGE_W - 2 * MARGIN;
}

/* A row of cells (the headings when `cells` is t->headings); returns its height. */
static double row(cairo_t *cr, cairo_t *measure, const pm_batch_table *t, char *const *cells,
                  const char *face, double size, double y)
{
    double x = MARGIN, h = 0;
    for (int c = 0; c < t->n_cols; c++) {
        double w = t->widths[c] * table_w();
        double ch = text(cr, measure, cells[c], face, size, x + PAD, y + PAD, w - 2 * PAD,
                         PANGO_ALIGN_LEFT);
        h = ch > h ? ch : h;
        x += w;
    }
    return h + 2 * PAD;
}

int pm_report_table_starts_group(const pm_batch_table *t, int r)
{
    return t->groups && (r == 0 || strcmp(t->groups[r], t->groups[r - 1]) != 0);
}

static const char *continued(pm_lang lang)
{
    return lang == PM_LANG_EN ? " (continued)" : lang == PM_LANG_ZH_EN ? "（续 continued）" : "（续）";
}

/* A group's heading line (its value, "continued" at the top of a later page). */
static double group_line(cairo_t *cr, cairo_t *measure, const pm_batch_table *t, int r, int cont,
                         pm_lang lang, double y)
{
    char s[1024];
    snprintf(s, sizeof s, "%s%s", t->groups[r], cont ? continued(lang) : "");
    double h = text(NULL, measure, s, BOLD, GROUP_PT, 0, 0, table_w() - 2 * PAD, PANGO_ALIGN_LEFT) +
               2 * PAD;
    if (cr) {
        cairo_set_source_rgb(cr, 0.84, 0.89, 0.95);
        cairo_rectangle(cr, MARGIN, y, table_w(), h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.08, 0.16, 0.30);
        text(cr, measure, s, BOLD, GROUP_PT, MARGIN + PAD, y + PAD, table_w() - 2 * PAD,
             PANGO_ALIGN_LEFT);
    }
    return h;
}

static double header_height(cairo_t *measure, const pm_batch_table *t)
{
    return row(NULL, measure, t, t->headings, BOLD, HEAD_PT, 0);
}

static double row_height(cairo_t *measure, const pm_batch_table *t, int r)
{
    return row(NULL, measure, t, &t->cells[(size_t)r * (size_t)t->n_cols], REGULAR, BODY_PT, 0);
}

static cairo_t *measuring_context(void)
{
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    cairo_surface_destroy(s);
    return cr;
}

int pm_report_table_paginate(const pm_batch_table *t, pm_lang lang, int **starts)
{
    cairo_t *m = measuring_context();
    int n_pages = 0, cap = 8;
    int *s = malloc((size_t)cap * sizeof *s);
    double body = PM_TABLE_PAGE_H - 2 * MARGIN - TITLE_H - FOOT_H - header_height(m, t);
    for (int r = 0; s && r < t->n_rows;) {
        if (n_pages + 2 > cap) {
            int *grown = realloc(s, (size_t)(cap *= 2) * sizeof *s);
            if (!grown) {
                free(s);
                s = NULL;
                break;
            }
            s = grown;
        }
        s[n_pages++] = r;
        double used = t->groups && !pm_report_table_starts_group(t, r) ? group_line(NULL, m, t, r, 1, lang, 0) : 0;
        for (int first = 1; r < t->n_rows; first = 0, r++) {
            double h = row_height(m, t, r) +
                       (pm_report_table_starts_group(t, r) ? group_line(NULL, m, t, r, 0, lang, 0) : 0);
            /* A group's heading never ends a page: it goes with its row. */
            if (!first && used + h > body)
                break;
            used += h;
        }
    }
    if (s && n_pages == 0)
        s[n_pages++] = 0;   /* an empty table still gets its page, saying so */
    if (s)
        s[n_pages] = t->n_rows;
    cairo_destroy(m);
    *starts = s;
    return s ? n_pages : -1;
}

static void rule(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

static void draw_header(cairo_t *cr, cairo_t *m, const pm_batch_table *t, double y, double h)
{
    cairo_set_source_rgb(cr, 0.89, 0.91, 0.93);
    cairo_rectangle(cr, MARGIN, y, table_w(), h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    row(cr, m, t, t->headings, BOLD, HEAD_PT, y);
    rule(cr, MARGIN, y + h, MARGIN + table_w(), y + h, 0.8);
}

/* Column separators of one row (the headings or a row of cells; a group's
 * heading spans the table), and the table's outer sides. */
static void draw_columns(cairo_t *cr, const pm_batch_table *t, double y0, double y1)
{
    cairo_set_source_rgb(cr, 0.78, 0.78, 0.78);
    double x = MARGIN;
    for (int c = 0; c <= t->n_cols; c++) {
        rule(cr, x, y0, x, y1, 0.4);
        x += c < t->n_cols ? t->widths[c] * table_w() : 0;
    }
}

static void draw_sides(cairo_t *cr, double y0, double y1)
{
    cairo_set_source_rgb(cr, 0.78, 0.78, 0.78);
    rule(cr, MARGIN, y0, MARGIN, y1, 0.4);
    rule(cr, MARGIN + table_w(), y0, MARGIN + table_w(), y1, 0.4);
}

void pm_report_table_draw(cairo_t *cr, const pm_batch_table *t, pm_lang lang, const int *starts,
                          int page, int page_no)
{
    cairo_t *m = measuring_context();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    char title[1024];
    snprintf(title, sizeof title, "%s%s", t->title, page > 0 ? continued(lang) : "");
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, m, title, BOLD, TITLE_PT, MARGIN, MARGIN, table_w(), PANGO_ALIGN_LEFT);
    double top = MARGIN + TITLE_H, hh = header_height(m, t), y = top + hh;
    draw_header(cr, m, t, top, hh);
    draw_columns(cr, t, top, top + hh);
    int from = starts[page], to = starts[page + 1];
    if (t->groups && from < to && !pm_report_table_starts_group(t, from))
        y += group_line(cr, m, t, from, 1, lang, y);
    for (int r = from; r < to; r++) {
        if (pm_report_table_starts_group(t, r))
            y += group_line(cr, m, t, r, 0, lang, y);
        double h = row_height(m, t, r);
        if ((r - from) % 2) {
            cairo_set_source_rgb(cr, 0.965, 0.965, 0.965);
            cairo_rectangle(cr, MARGIN, y, table_w(), h);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        row(cr, m, t, &t->cells[(size_t)r * (size_t)t->n_cols], REGULAR, BODY_PT, y);
        draw_columns(cr, t, y, y + h);
        y += h;
        cairo_set_source_rgb(cr, 0.78, 0.78, 0.78);
        rule(cr, MARGIN, y, MARGIN + table_w(), y, 0.4);
    }
    if (from == to) {
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        y += text(cr, m, lang == PM_LANG_EN ? "(no rows)" : "（无）", REGULAR, BODY_PT,
                  MARGIN + PAD, y + PAD, table_w(), PANGO_ALIGN_LEFT) + 2 * PAD;
    }
    draw_sides(cr, top, y);
    char num[32];
    snprintf(num, sizeof num, "— %d —", page_no);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    text(cr, m, num, REGULAR, 8, MARGIN, PM_TABLE_PAGE_H - MARGIN - 10, table_w(),
         PANGO_ALIGN_CENTER);
    cairo_destroy(m);
}
