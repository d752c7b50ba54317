/* Where the furniture inside the map frame goes: the scale bar and north
 * arrow (furniture.c draws them) and the boxes of frame_box.c (legend,
 * inset, pictures, title block). Three passes: what the spec puts at a
 * spot ("bottom-right" …), then what goes in any corner ("inside": the
 * first with no data under it, else the one with least), then the plates
 * left automatic (a free corner, else the end of the note row). Nothing
 * covers anything placed before it: a box whose spot is taken moves to the
 * nearest free place beside or above/below what is there (along the edge
 * first); when the frame has no such place left, the render fails naming
 * the key, rather than drawing one over the other. Everything placed goes
 * into the collision index, so labels keep off it. */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define GAP 6.0

/* Share of the plate's pixels in the ink mask that carry data. */
static double ink_share(const pm_rctx *rc, pm_rect r)
{
    if (!rc->draw.ink)
        return 0;
    cairo_surface_flush(rc->draw.ink);
    const unsigned char *px = cairo_image_surface_get_data(rc->draw.ink);
    int stride = cairo_image_surface_get_stride(rc->draw.ink);
    int W = cairo_image_surface_get_width(rc->draw.ink), H = cairo_image_surface_get_height(rc->draw.ink);
    double k = rc->draw.ink_scale;
    int x0 = (int)floor(k * (r.x - rc->page.lay.frame.x)), y0 = (int)floor(k * (r.y - rc->page.lay.frame.y));
    int x1 = (int)ceil(k * (r.x + r.w - rc->page.lay.frame.x)), y1 = (int)ceil(k * (r.y + r.h - rc->page.lay.frame.y));
    long inked = 0, all = 0;
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < H; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < W; x++, all++)
            inked += px[(size_t)y * (size_t)stride + (size_t)x] > 16;
    return all ? (double)inked / (double)all : 1;
}

static int corner_free(const pm_rctx *rc, pm_rect r)
{
    return !pm_grid_hits(&rc->place.grid, r) && ink_share(rc, r) <= 0.002;
}

/* Corners in order of preference for each plate: north arrow top right
 * first, scale bar bottom left; the first with no data under it wins. */
static int try_corners(pm_rctx *rc, pm_rect *plate, const int order[4])
{
    const pm_rect fr = rc->page.lay.frame;
    if (plate->w + 2 * PM_PLATE_INSET > fr.w || plate->h + 2 * PM_PLATE_INSET > fr.h)
        return 0;   /* would stick out of a narrow frame */
    for (int k = 0; k < 4; k++) {
        int right = order[k] & 1, bottom = order[k] >> 1;
        pm_rect r = {right ? fr.x + fr.w - PM_PLATE_INSET - plate->w : fr.x + PM_PLATE_INSET,
                     bottom ? fr.y + fr.h - PM_PLATE_INSET - plate->h : fr.y + PM_PLATE_INSET,
                     plate->w, plate->h};
        if (corner_free(rc, r)) {
            *plate = r;
            return 1;
        }
    }
    return 0;
}

/* The box of w × h at the spot of the frame `place` names. */
static pm_rect spot(pm_rect fr, int place, double w, double h)
{
    double in = PM_PLATE_INSET;
    int right = place == PM_PLATE_TOP_RIGHT || place == PM_PLATE_BOTTOM_RIGHT;
    int centre = place == PM_PLATE_TOP || place == PM_PLATE_BOTTOM;
    int bottom = place == PM_PLATE_BOTTOM_LEFT || place == PM_PLATE_BOTTOM_RIGHT ||
                 place == PM_PLATE_BOTTOM;
    return (pm_rect){centre ? fr.x + 0.5 * (fr.w - w) : right ? fr.x + fr.w - in - w : fr.x + in,
                     bottom ? fr.y + fr.h - in - h : fr.y + in, w, h};
}

/* 1 if `r` is inside the frame (the plates' inset kept) and on nothing taken. */
static int room(pm_rect fr, pm_rect r, const pm_rect *taken, int n)
{
    double in = PM_PLATE_INSET - 1e-6;
    if (r.x < fr.x + in || r.y < fr.y + in || r.x + r.w > fr.x + fr.w - in ||
        r.y + r.h > fr.y + fr.h - in)
        return 0;
    for (int i = 0; i < n; i++)
        if (pm_rect_overlap(r, taken[i]))
            return 0;
    return 1;
}

/* `r` moved to the nearest free place: its own, or beside or above/below
 * something taken (x and y each from the spot or next to a taken box),
 * moving along the edge weighing less than moving off it. 0: none. */
static int nudge(pm_rect fr, pm_rect *r, const pm_rect *taken, int n)
{
    if (room(fr, *r, taken, n))
        return 1;
    double xs[1 + 2 * 16], ys[1 + 2 * 16];
    int nx = 0, ny = 0;
    xs[nx++] = r->x;
    ys[ny++] = r->y;
    for (int i = 0; i < n && i < 16; i++) {
        xs[nx++] = taken[i].x + taken[i].w + GAP;
        xs[nx++] = taken[i].x - GAP - r->w;
        ys[ny++] = taken[i].y + taken[i].h + GAP;
        ys[ny++] = taken[i].y - GAP - r->h;
    }
    double best = INFINITY;
    pm_rect found = *r;
    for (int a = 0; a < nx; a++)
        for (int b = 0; b < ny; b++) {
            pm_rect c = {xs[a], ys[b], r->w, r->h};
            double cost = fabs(c.x - r->x) + 1.5 * fabs(c.y - r->y);
            if (cost < best && room(fr, c, taken, n)) {
                best = cost;
                found = c;
            }
        }
    *r = found;
    return isfinite(best);
}

/* What is placed and what has been: the frame's boxes, then the plates. */
typedef struct placing {
    pm_rect *taken;
    int n;
} placing;

static const char *key_of(const pm_rctx *rc, int box, char *buf, size_t n)
{
    if (box == -1)
        return "north_arrow";
    if (box == -2)
        return "scale_bar";
    return pm_frame_box_key(rc, rc->page.boxes[box].kind, rc->page.boxes[box].ref, buf, n);
}

static pm_status no_room(const pm_rctx *rc, int box, pm_error *err)
{
    char key[64];
    return pm_error_set(err, PM_ERR_RENDER, "%s: %s: no room left inside the map frame (the legend, "
                        "inset, pictures, title block and plates placed there would overlap); "
                        "move it or put it \"outside\"", rc->spec->path, key_of(rc, box, key, sizeof key));
}

static void take(pm_rctx *rc, placing *p, pm_rect r)
{
    p->taken[p->n++] = r;
    if (pm_grid_add(&rc->place.grid, r) != 0)
        rc->nomem = 1;
}

/* Corner orders (bit 0 right, bit 1 bottom) for "inside" and automatic
 * places: the north arrow top right first, the scale bar bottom left. */
static const int NORTH_ORDER[4] = {1, 0, 3, 2};
static const int BAR_ORDER[4] = {2, 3, 0, 1};
static const int BOX_ORDER[4] = {3, 2, 1, 0};
static const int CORNER_PLACE[4] = {PM_PLATE_TOP_LEFT, PM_PLATE_TOP_RIGHT, PM_PLATE_BOTTOM_LEFT,
                                    PM_PLATE_BOTTOM_RIGHT};

/* "inside": the first corner (moved past what is there) with no data under
 * it, else the one with the least. */
static int any_corner(pm_rctx *rc, const placing *p, pm_rect *r, const int order[4])
{
    pm_rect fr = rc->page.lay.frame, best = *r;
    double least = INFINITY;
    for (int k = 0; k < 4; k++) {
        pm_rect c = spot(fr, CORNER_PLACE[order[k]], r->w, r->h);
        if (!nudge(fr, &c, p->taken, p->n))
            continue;
        if (corner_free(rc, c)) {
            *r = c;
            return 1;
        }
        double ink = ink_share(rc, c);
        if (ink < least) {
            least = ink;
            best = c;
        }
    }
    *r = best;
    return isfinite(least);
}

static int is_spot(int place)
{
    return place >= PM_PLATE_TOP_LEFT && place <= PM_PLATE_BOTTOM;
}

/* Pass 1 and 2 for one box (-1 north arrow, -2 scale bar, else a frame box). */
static pm_status place_one(pm_rctx *rc, placing *p, int box, pm_rect *r, int place, int pass,
                           pm_error *err)
{
    if (r->w <= 0 || (pass == 1 && !is_spot(place)) || (pass == 2 && place != PM_PLATE_INSIDE))
        return PM_OK;
    const int *order = box == -1 ? NORTH_ORDER : box == -2 ? BAR_ORDER : BOX_ORDER;
    int ok = 0;
    if (pass == 1) {
        *r = spot(rc->page.lay.frame, place, r->w, r->h);
        ok = nudge(rc->page.lay.frame, r, p->taken, p->n);
    } else {
        ok = any_corner(rc, p, r, order);
    }
    if (!ok)
        return no_room(rc, box, err);
    take(rc, p, *r);
    return PM_OK;
}

pm_status pm_furniture_place(pm_rctx *rc, pm_error *err)
{
    pm_rect *plates[2] = {&rc->page.lay.north, &rc->page.lay.scalebar};
    const int places[2] = {rc->spec->north_arrow, rc->spec->scale_bar};
    placing p = {calloc((size_t)rc->page.n_boxes + 2, sizeof *p.taken), 0};
    if (!p.taken)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", rc->spec->path);
    pm_status st = PM_OK;
    for (int pass = 1; pass <= 2 && st == PM_OK; pass++) {
        for (int i = 0; i < rc->page.n_boxes && st == PM_OK; i++)
            st = place_one(rc, &p, i, &rc->page.boxes[i].r, rc->page.boxes[i].place, pass, err);
        for (int k = 0; k < 2 && st == PM_OK; k++)
            st = place_one(rc, &p, -1 - k, plates[k], places[k], pass, err);
    }
    free(p.taken);
    if (st != PM_OK)
        return st;
    /* Pass 3: the automatic plates, in a free corner, else outside the
     * frame at the end of the note row. */
    static const int *orders[2] = {NORTH_ORDER, BAR_ORDER};
    pm_rect spare = rc->page.lay.spare;
    double sx = spare.x + spare.w;
    for (int k = 0; k < 2; k++) {
        pm_rect *r = plates[k];
        if (r->w <= 0 || is_spot(places[k]) || places[k] == PM_PLATE_INSIDE)
            continue;
        if (places[k] == PM_PLATE_OUTSIDE || !try_corners(rc, r, orders[k])) {
            sx -= r->w;
            *r = (pm_rect){sx, spare.y, r->w, r->h};
            sx -= 6;
        }
        if (pm_grid_add(&rc->place.grid, *r) != 0)
            rc->nomem = 1;
    }
    return PM_OK;
}
