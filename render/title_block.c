/* The title block (图签) of a planning drawing: a ruled table of labelled
 * fields (project, drawing number, date …) with a heavy outer rule, labels
 * on the left, values on the right, in the map's language. Text wraps in
 * its cell and shrinks when a word is wider than the cell, so it never
 * runs over a rule. */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pm_theme.h"

#define LABEL_SHARE 0.36   /* of the width, the labels' column */
#define PAD 2.5
#define LABEL_SIZE 7.0
#define VALUE_SIZE 7.5
#define MIN_SIZE 4.0

static const pm_color GREY = {0.3, 0.3, 0.3, 1};

/* `text` with "{date}" as the render's day (UTC, YYYY-MM-DD). */
static const char *with_date(const char *text, char *buf, size_t n)
{
    const char *at = strstr(text, "{date}");
    if (!at)
        return text;
    char day[16] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(buf, n, "%.*s%s%s", (int)(at - text), text, day, at + 6);
    return buf;
}

static const char *cell_text(const pm_rctx *rc, const pm_title_field *f, int value, char *buf,
                             size_t n)
{
    if (!value)
        return pm_lang_text(rc, f->label, f->label_en, buf, n);
    char dated[1024];
    const char *zh = with_date(f->value, dated, sizeof dated);
    char dated_en[1024];
    const char *en = f->value_en ? with_date(f->value_en, dated_en, sizeof dated_en) : NULL;
    const char *t = pm_lang_text(rc, zh, en, buf, n);
    if (t != buf)
        snprintf(buf, n, "%s", t);
    return buf;
}

/* The cell's text wrapped to `width`, smaller until no word sticks out. */
static PangoLayout *cell_layout(pm_rctx *rc, const char *text, int value, double width, double k)
{
    const char *font = value ? PM_THEME_FONT : PM_THEME_FONT " Bold";
    double size = (value ? VALUE_SIZE : LABEL_SIZE) * k;
    for (;;) {
        PangoLayout *t = pm_text_layout(rc->draw.pango, text, font, size, width);
        pango_layout_set_alignment(t, PANGO_ALIGN_LEFT);
        double w, h;
        pm_text_size(t, &w, &h);
        if (w <= width + 0.01 || size * 0.9 < MIN_SIZE * k)
            return t;
        g_object_unref(t);
        size *= 0.9;
    }
}

/* Row i's two cells (NULL when only measured) and its height. */
static double row(pm_rctx *rc, int i, double width, double k, PangoLayout *cells[2])
{
    const pm_title_field *f = &rc->spec->title_block->fields[i];
    double col[2] = {LABEL_SHARE * width, (1 - LABEL_SHARE) * width}, h = 0;
    for (int c = 0; c < 2; c++) {
        char buf[1024];
        PangoLayout *t = cell_layout(rc, cell_text(rc, f, c, buf, sizeof buf), c,
                                     fmax(col[c] - 2 * PAD * k, 4), k);
        double tw, th;
        pm_text_size(t, &tw, &th);
        h = fmax(h, th + 2 * PAD * k);
        if (cells)
            cells[c] = t;
        else
            g_object_unref(t);
    }
    return h;
}

double pm_title_block_height(pm_rctx *rc, double width, double k)
{
    double h = 0;
    for (int i = 0; i < rc->spec->title_block->n_fields; i++)
        h += row(rc, i, width, k, NULL);
    return h;
}

static void rule(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
}

void pm_draw_title_block(pm_rctx *rc, pm_rect r, double k)
{
    cairo_t *cr = rc->draw.cr;
    const pm_title_block *tb = rc->spec->title_block;
    double split = r.x + LABEL_SHARE * r.w, y = r.y;
    cairo_set_dash(cr, NULL, 0, 0);
    for (int i = 0; i < tb->n_fields; i++) {
        PangoLayout *cells[2];
        double h = row(rc, i, r.w, k, cells);
        pm_text_draw(cr, cells[0], r.x + PAD * k, y + PAD * k, GREY, PM_NO_HALO, 0);
        pm_text_draw(cr, cells[1], split + PAD * k, y + PAD * k, PM_INK, PM_NO_HALO, 0);
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", pango_layout_get_text(cells[1]));
        pm_rctx_box(rc, "title-field", buf, (pm_rect){split, y, r.x + r.w - split, h});
        g_object_unref(cells[0]);
        g_object_unref(cells[1]);
        y += h;
        pm_set_color(cr, PM_INK, 1);
        if (i + 1 < tb->n_fields)
            rule(cr, r.x, y, r.x + r.w, y, 0.5);
    }
    pm_set_color(cr, PM_INK, 1);
    rule(cr, split, r.y, split, r.y + r.h, 0.5);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    pm_rctx_box(rc, "title-block", "", r);
}
