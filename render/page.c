/* Page geometry: title band on top, the map frame (the extent fitted with its
 * aspect ratio kept) and the panel (inset, legend, project table) beside or
 * below it, centred as one group, and the source note under both. The panel's
 * side and column count are chosen to give the map the largest scale; its
 * text shrinks only when no arrangement fits, so it never runs off the page.
 * The right end of the note row is kept free for the scale bar and north
 * arrow in case no corner of the map is empty. */
#include "render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_crs.h"
#include "pm_theme.h"

#define GAP 10.0
#define MAX_COLS 6
#define MIN_FOOTER_W 300.0

double pm_title_font_size(double page_w, double page_h)
{
    return fmin(20, fmax(12, 0.03 * fmin(page_w, page_h)));
}

static double text_height(pm_rctx *rc, const char *text, const char *font, double size,
                          double wrap)
{
    if (!text || !*text)
        return 0;
    PangoLayout *t = pm_text_layout(rc->draw.pango, text, font, size, wrap);
    double w, h;
    pm_text_size(t, &w, &h);
    g_object_unref(t);
    return h;
}

const char *pm_title_text(const pm_rctx *rc, int sub, char *buf, size_t n)
{
    const pm_spec *s = rc->spec;
    return pm_lang_text(rc, sub ? s->subtitle : s->title, sub ? s->subtitle_en : s->title_en,
                        buf, n);
}

PangoLayout *pm_title_layout(pm_rctx *rc, int sub, double width, char *buf, size_t n)
{
    const char *text = pm_title_text(rc, sub, buf, n);
    if (!text || !*text)
        return NULL;
    double size = pm_title_font_size(rc->page.lay.page_w, rc->page.lay.page_h);
    PangoLayout *t = pm_text_layout(rc->draw.pango, text, sub ? PM_THEME_FONT : PM_THEME_FONT " Bold",
                                    sub ? 0.6 * size : size, width);
    /* zh+en: the English title under the Chinese as its gloss, so the
     * title band leaves the map more of the page. */
    if (rc->lang == PM_LANG_ZH_EN)
        pm_text_scale_second(t, PM_ZH_EN_GLOSS);
    return t;
}

static double title_height(pm_rctx *rc, double width)
{
    double h = 0, sub = 0, w;
    for (int k = 0; k < 2; k++) {
        char buf[1024];
        PangoLayout *t = pm_title_layout(rc, k, width, buf, sizeof buf);
        if (t) {
            pm_text_size(t, &w, k ? &sub : &h);
            g_object_unref(t);
        }
    }
    if (sub > 0)
        h += (h > 0 ? 2 : 0) + sub;
    return h > 0 ? h + 0.6 * GAP : 0;
}

/* One arrangement: the panel's side, columns and size, and the map scale. */
typedef struct arrangement {
    int below, cols;
    double panel_w, panel_h, scale;
} arrangement;

/* The room for the frame beside a panel of pw × ph (right or below);
 * 0 when the panel does not fit. */
static int frame_room(const pm_rctx *rc, double footer_h, int below, double pw, double ph,
                      double *aw, double *ah)
{
    const pm_layout *L = &rc->page.lay;
    *aw = L->page_w - 2 * L->margin;
    *ah = L->page_h - L->margin - L->title.h - L->margin - (footer_h > 0 ? footer_h + 0.6 * GAP : 0);
    if (pw > 0 && !below) {
        if (ph > *ah)
            return 0;
        *aw -= pw + GAP;
    } else if (pw > 0) {
        if (pw > *aw)
            return 0;
        *ah -= ph + GAP;
    }
    return *aw >= 40 && *ah >= 40;
}

/* Map scale for the space left by a panel of pw × ph (right or below). */
static double scale_for(const pm_rctx *rc, double footer_h, int below, double pw, double ph)
{
    const double *e = rc->map->extent;
    double ew = e[2] - e[0], eh = e[3] - e[1], aw, ah;
    if (!frame_room(rc, footer_h, below, pw, ph, &aw, &ah) || !(ew > 0) || !(eh > 0))
        return -1;
    return fmin(aw / ew, ah / eh);
}

/* A frame less than this share of its room across (or down) is a strip:
 * the extent grows to fill the room instead of leaving the page blank. */
#define THIN_FRAME 0.5

/* Ground metres per map unit at the map's centre: the map's own, else
 * worked out (a map made another way). */
static double ground_per_unit(const pm_rctx *rc)
{
    const double *c = rc->map->center_lonlat;
    return rc->map->ground_per_unit != 0 ? rc->map->ground_per_unit
                                         : pm_crs_ground_per_unit(rc->map->crs, c[0], c[1]);
}

/* Points on the page per map unit at 1:N, true at the map's centre. */
static double fixed_scale(const pm_rctx *rc)
{
    double mpu = ground_per_unit(rc);
    return mpu > 0 ? mpu / rc->spec->scale / 0.0254 * 72 : -1;
}

/* The frame's size and the map box it shows: the extent at scale s, or at
 * a fixed scale the whole room around the centre; a strip grows to its
 * room around the extent's middle. */
static void frame_view(pm_rctx *rc, double s, double aw, double ah, double *fw, double *fh)
{
    const double *e = rc->map->extent;
    double *v = rc->page.view;
    double cx = 0.5 * (e[0] + e[2]), cy = 0.5 * (e[1] + e[3]);
    *fw = (e[2] - e[0]) * s;
    *fh = (e[3] - e[1]) * s;
    memcpy(v, e, sizeof rc->page.view);
    if (rc->spec->scale > 0) {
        double c[2] = {rc->map->center_lonlat[0], rc->map->center_lonlat[1]};
        if (pm_crs_forward(rc->map->crs, c, 1, NULL) == PM_OK) {
            cx = c[0];
            cy = c[1];
        }
        *fw = aw;
        *fh = ah;
    } else if (*fw < THIN_FRAME * aw || *fh < THIN_FRAME * ah) {
        *fw = aw;   /* one side fills its room already: the other grows */
        *fh = ah;
    } else {
        return;
    }
    v[0] = cx - 0.5 * *fw / s;
    v[2] = cx + 0.5 * *fw / s;
    v[1] = cy - 0.5 * *fh / s;
    v[3] = cy + 0.5 * *fh / s;
}

/* Best side and column count at the current text scale. */
static arrangement best_arrangement(pm_rctx *rc, double footer_h)
{
    arrangement best = {0, 1, 0, 0, -1};
    if (rc->page.n_items == 0) {
        best.scale = scale_for(rc, footer_h, 0, 0, 0);
        return best;
    }
    for (int below = 0; below < 2; below++)
        for (int cols = 1; cols <= MAX_COLS; cols++) {
            double pw, ph;
            pm_panel_size(rc, cols, pm_panel_flow(rc, cols, 0), &pw, &ph);
            double s = scale_for(rc, footer_h, below, pw, ph);
            /* A little more scale is not worth a scattered panel. */
            if (s > best.scale * 1.02)
                best = (arrangement){below, cols, pw, ph, s};
        }
    return best;
}

static void place(pm_rctx *rc, const arrangement *a, double footer_h)
{
    pm_layout *L = &rc->page.lay;
    const double *e = rc->page.view;
    double s = a->scale, fw, fh, aw, ah;
    if (rc->spec->scale > 0 && fixed_scale(rc) > 0)
        s = fixed_scale(rc);
    frame_room(rc, footer_h, a->below, a->panel_w, a->panel_h, &aw, &ah);
    frame_view(rc, s, aw, ah, &fw, &fh);
    double top = L->margin + L->title.h, inner = L->page_w - 2 * L->margin;
    double group_w = a->below ? fmax(fw, a->panel_w) : fw + (a->panel_w > 0 ? a->panel_w + GAP : 0);
    double x0 = L->margin + 0.5 * (inner - group_w);
    if (a->below) {
        L->frame = (pm_rect){x0 + 0.5 * (group_w - fw), top, fw, fh};
        L->legend = (pm_rect){x0 + 0.5 * (group_w - a->panel_w), top + fh + GAP, a->panel_w, a->panel_h};
    } else {
        L->frame = (pm_rect){x0, top, fw, fh};
        L->legend = (pm_rect){x0 + fw + GAP, top, a->panel_w, a->panel_h};
    }
    if (a->panel_w <= 0)
        L->legend = (pm_rect){0, 0, 0, 0};
    rc->page.sx = s;
    double mpu = ground_per_unit(rc);
    rc->page.scale = mpu > 0 ? mpu / s / 0.0254 * 72 : 0;
    rc->page.tx = L->frame.x - e[0] * s;
    rc->page.sy = -s;
    rc->page.ty = L->frame.y + e[3] * s;
    double bottom = fmax(L->frame.y + L->frame.h, L->legend.y + L->legend.h);
    /* A narrow map and panel would leave the note and the plates at its end
     * no room side by side: the note row then takes the page's width. */
    if (group_w < MIN_FOOTER_W)
        L->footer = (pm_rect){L->margin, bottom + 0.6 * GAP, inner, footer_h};
    else
        L->footer = (pm_rect){x0, bottom + 0.6 * GAP, group_w, footer_h};
}

static const double SCALES[] = {1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.42, 0.35};
#define N_SCALES (sizeof SCALES / sizeof SCALES[0])

/* 1 if the arrangement leaves the map a fifth of the page. */
static int roomy(const pm_rctx *rc, const arrangement *a)
{
    const double *e = rc->map->extent;
    double area = (e[2] - e[0]) * (e[3] - e[1]) * a->scale * a->scale;
    return a->scale > 0 && area >= 0.2 * rc->page.lay.page_w * rc->page.lay.page_h;
}

/* The panel's arrangement at the largest text scale that still leaves the
 * map a fifth of the page (0). If none does (1, or -1 when the map gets no
 * room at all), the largest text scale whose map is within 2 % of the
 * largest map any gives: smaller text that does not make the map larger
 * (a tall map on a wide page, whose height sets its scale) only makes the
 * legend harder to read. */
static int fit_scales(pm_rctx *rc, double footer_h, arrangement *out)
{
    double best = -1;
    for (size_t k = 0; k < N_SCALES; k++) {
        pm_panel_measure(rc, SCALES[k]);
        *out = best_arrangement(rc, footer_h);
        if (roomy(rc, out))
            return 0;
        best = fmax(best, out->scale);
    }
    for (size_t k = 0; best > 0 && k + 1 < N_SCALES; k++) {
        pm_panel_measure(rc, SCALES[k]);
        arrangement a = best_arrangement(rc, footer_h);
        if (a.scale >= 0.98 * best) {
            *out = a;
            return 1;
        }
    }
    if (best > 0) {   /* the smallest text it is, measured last */
        pm_panel_measure(rc, SCALES[N_SCALES - 1]);
        *out = best_arrangement(rc, footer_h);
    }
    return out->scale > 0 ? 1 : -1;
}

/* Largest `keep` in [lo, hi] whose cut table, at the smallest text, passes
 * `ok` (roomy, or only some room); -1 if none. */
static int most_rows(pm_rctx *rc, const pm_panel_item *all, int n_all, int lo, int hi,
                     double footer_h, int need_roomy)
{
    int best = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (pm_panel_cut(rc, all, n_all, mid) != 0)
            return -1;
        pm_panel_measure(rc, SCALES[N_SCALES - 1]);
        arrangement a = best_arrangement(rc, footer_h);
        if (need_roomy ? roomy(rc, &a) : a.scale > 0) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

/* A table too long for the page even at the smallest text is cut after the
 * rows that fit, with "… and N more (numbers)" as its last line: many
 * projects never fail a map (their badges on the map keep their numbers). */
static int fit(pm_rctx *rc, double footer_h, arrangement *out)
{
    int whole = fit_scales(rc, footer_h, out);
    int n_all = rc->page.n_items, first_row = -1;
    for (int i = 0; i < n_all && first_row < 0; i++)
        if (rc->page.items[i].kind == PM_ITEM_ROW)
            first_row = i;
    pm_panel_item *all = whole != 0 && first_row >= 0 ? malloc((size_t)n_all * sizeof *all) : NULL;
    if (!all)
        return whole >= 0 ? 0 : -1;
    memcpy(all, rc->page.items, (size_t)n_all * sizeof *all);
    /* Rows cut to leave the map a fifth of the page; when not even that
     * can, as many as leave it some room. */
    int keep = most_rows(rc, all, n_all, first_row, n_all - 1, footer_h, 1);
    if (keep < 0 && whole < 0)
        keep = most_rows(rc, all, n_all, first_row, n_all - 1, footer_h, 0);
    int st = -1;
    if (keep >= 0 && pm_panel_cut(rc, all, n_all, keep) == 0)
        st = fit_scales(rc, footer_h, out);
    if (st < 0) {   /* back to the whole table */
        if (pm_panel_cut(rc, all, n_all, n_all) != 0)
            rc->nomem = 1;
        st = fit_scales(rc, footer_h, out);
    }
    free(all);
    return st >= 0 ? 0 : -1;
}

/* The room the unplaced projects may take: as much as keeps the map within
 * 3 % of the scale the numbered table alone leaves it, at the same text. */
#define UNPLACED_SCALE 0.97

static int heading_at(const pm_panel_item *items, int n, int which)
{
    for (int i = 0; i < n; i++)
        if (items[i].kind == PM_ITEM_HEADING && items[i].ref == which)
            return i;
    return -1;
}

/* The panel's items with the first `u` unplaced projects under their heading
 * (at `at` in `base`, followed there by the count line it replaces) and a
 * line counting those left out. `base` and `rows` (every unplaced project's
 * row) are measured at the panel's scale already: only the count is. */
static void with_unplaced(pm_rctx *rc, const pm_panel_item *base, int n_base, int at,
                          const pm_panel_item *rows, int u)
{
    int n = rc->page.n_unplaced, k = at + 1;
    pm_panel_item *it = rc->page.items;
    memcpy(it, base, (size_t)(at + 1) * sizeof *it);
    memcpy(it + k, rows, (size_t)u * sizeof *it);
    k += u;
    if (u < n) {
        it[k] = (pm_panel_item){PM_ITEM_UNPLACED_MORE, n - u, 0, 0, u ? 3 : 0};
        pm_panel_item_measure(rc, &it[k++], rc->page.lay.panel_scale);
    }
    memcpy(it + k, base + at + 2, (size_t)(n_base - at - 2) * sizeof *it);
    rc->page.n_items = k + n_base - at - 2;
}

/* The numbered table is fitted first with the unplaced projects as one line
 * ("N not on the map"), so they never shrink its text or the map; then as
 * many of them are listed as the room it leaves holds, the rest counted. */
static int fit_unplaced(pm_rctx *rc, double footer_h, arrangement *out)
{
    int n = rc->page.n_unplaced, at = heading_at(rc->page.items, rc->page.n_items, 2);
    if (at < 0)
        return fit(rc, footer_h, out);
    /* the section's rows (all of them, or those an earlier round kept, and
     * its count line) become one count line */
    int end = at + 1;
    while (end < rc->page.n_items && (rc->page.items[end].kind == PM_ITEM_UNPLACED ||
                                      rc->page.items[end].kind == PM_ITEM_UNPLACED_MORE))
        end++;
    int rest = rc->page.n_items - end;
    if (end == at + 1)   /* a heading over nothing: fitted as it is */
        return fit(rc, footer_h, out);
    memmove(rc->page.items + at + 2, rc->page.items + end, (size_t)rest * sizeof *rc->page.items);
    rc->page.items[at + 1] = (pm_panel_item){PM_ITEM_UNPLACED_MORE, n, 0, 0, 0};
    rc->page.n_items = at + 2 + rest;
    if (fit(rc, footer_h, out) != 0)
        return -1;
    int n_base = rc->page.n_items;
    at = heading_at(rc->page.items, n_base, 2);
    pm_panel_item *base = malloc((size_t)(n_base + n) * sizeof *base), *grown;
    grown = base ? realloc(rc->page.items, (size_t)(n_base + n + 1) * sizeof *grown) : NULL;
    if (!grown || at < 0) {   /* no room even for the heading: the table as fitted */
        rc->nomem |= at >= 0;
        free(base);
        return 0;
    }
    rc->page.items = grown;
    memcpy(base, grown, (size_t)n_base * sizeof *base);
    pm_panel_item *rows = base + n_base;
    for (int r = 0; r < n; r++) {
        rows[r] = (pm_panel_item){PM_ITEM_UNPLACED, r, 0, 0, 0};
        pm_panel_item_measure(rc, &rows[r], rc->page.lay.panel_scale);
    }
    double floor = UNPLACED_SCALE * out->scale;
    int lo = 1, hi = n, best = 0;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        with_unplaced(rc, base, n_base, at, rows, mid);
        arrangement a = best_arrangement(rc, footer_h);
        if (a.scale >= floor) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    with_unplaced(rc, base, n_base, at, rows, best);
    *out = best_arrangement(rc, footer_h);
    free(base);
    return 0;
}

pm_status pm_page_layout(pm_rctx *rc, double page_w, double page_h, pm_error *err)
{
    pm_layout *L = &rc->page.lay;
    L->page_w = page_w;
    L->page_h = page_h;
    L->margin = fmin(36, fmax(10, 0.035 * fmin(page_w, page_h)));
    double inner = page_w - 2 * L->margin;
    L->title = (pm_rect){L->margin, L->margin, inner, title_height(rc, inner)};
    if (pm_panel_build(rc) < 0)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", rc->spec->path);
    /* The note wraps beside the spare plate room; both depend on the frame,
     * which depends on the note's height: settle it in a few rounds. */
    double fw = 0, fh = 0, footer_h = 40;
    arrangement a;
    for (int round = 0; round < 4; round++) {
        if (fit_unplaced(rc, footer_h, &a) != 0)
            return pm_error_set(err, PM_ERR_RENDER,
                                "%s: page: %.0f x %.0f pt leaves no room for the map",
                                rc->spec->path, page_w, page_h);
        place(rc, &a, footer_h);
        pm_furniture_measure(rc, &fw, &fh);
        double note_w = L->footer.w - (fw > 0 ? fw + GAP : 0);
        double h = fmax(fh, text_height(rc, rc->page.note, PM_THEME_FONT, PM_NOTE_FONT_SIZE,
                                        fmax(note_w, 60)));
        if (fabs(h - footer_h) < 0.5 || (round >= 2 && h <= footer_h))
            break;
        footer_h = h;
    }
    pm_panel_flow(rc, a.cols, 1);
    /* The graticule and the inset's box follow the area the frame shows. */
    if (memcmp(rc->page.view, rc->map->extent, sizeof rc->page.view) != 0) {
        memset(rc->page.view_lonlat, 0, sizeof rc->page.view_lonlat);
        pm_inset_view(rc);
    }
    L->footer.h = footer_h;
    L->spare = (pm_rect){L->footer.x + L->footer.w - fw, L->footer.y, fw, fh};
    return PM_OK;
}
