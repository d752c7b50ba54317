/* What a spec may put inside the map frame besides the plates: the legend,
 * the inset, pictures (a logo) and the title block, each at a "position"
 * (furniture_place.c decides where exactly). Each sits on a white box so
 * the data under it never shows through, and is registered in the
 * collision index so labels keep off it. The same contents go in the
 * panel at "outside" (panel.c), drawn by the functions here. */
#include "render_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSET_W 120.0
#define HALO 3.0          /* white margin round an inset, picture or title block */
#define LEGEND_PAD 7.0    /* inside the legend box's border */
#define MM (72 / 25.4)

static const double SCALES[] = {1, 0.9, 0.8, 0.7, 0.6};
#define N_SCALES (sizeof SCALES / sizeof SCALES[0])

/* The legend box: its items in one column, under a border. */
static void legend_size(pm_rctx *rc, double k, double *w, double *h)
{
    double cw = 0, ch = 0;
    for (int i = 0; i < rc->page.n_legend_items; i++) {
        pm_panel_item *it = &rc->page.legend_items[i];
        pm_panel_item_measure(rc, it, k);
        cw = fmax(cw, it->w);
        ch += (i ? it->gap : 0) + it->h;
    }
    *w = cw + 2 * LEGEND_PAD;
    *h = ch + 2 * LEGEND_PAD;
}

static void draw_legend(pm_rctx *rc, double k, pm_rect r)
{
    double y = r.y + LEGEND_PAD;
    for (int i = 0; i < rc->page.n_legend_items; i++) {
        const pm_panel_item *it = &rc->page.legend_items[i];
        y += i ? it->gap : 0;
        pm_panel_item_draw(rc, it, r.x + LEGEND_PAD, y, k);
        y += it->h;
    }
}

void pm_frame_box_size(pm_rctx *rc, pm_item_kind kind, int ref, double k, double *w, double *h)
{
    *w = *h = 0;
    if (kind == PM_ITEM_INSET) {
        *w = INSET_W * k;
        pm_inset_size(rc, *w, h);
    } else if (kind == PM_ITEM_IMAGE) {
        const pm_picture *p = &rc->map->pictures[ref];
        *w = rc->spec->images[ref].width_mm * MM * k;
        *h = *w * p->height / p->width;
    } else if (kind == PM_ITEM_TITLE_BLOCK) {
        *w = rc->spec->title_block->width_mm * MM * k;
        *h = pm_title_block_height(rc, *w, k);
    } else if (kind == PM_ITEM_LEGEND_BOX) {
        legend_size(rc, k, w, h);
    }
}

static void draw_picture(pm_rctx *rc, int ref, pm_rect r)
{
    const pm_picture *p = &rc->map->pictures[ref];
    cairo_surface_t *img = cairo_image_surface_create_for_data(
        (unsigned char *)p->pixels, CAIRO_FORMAT_ARGB32, p->width, p->height, p->width * 4);
    cairo_t *cr = rc->draw.cr;
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_clip(cr);
    cairo_translate(cr, r.x, r.y);
    cairo_scale(cr, r.w / p->width, r.h / p->height);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    pm_rctx_box(rc, "image", rc->spec->images[ref].path, r);
}

void pm_frame_box_draw(pm_rctx *rc, pm_item_kind kind, int ref, double k, pm_rect r)
{
    if (kind == PM_ITEM_INSET)
        pm_draw_inset(rc, r);
    else if (kind == PM_ITEM_IMAGE)
        draw_picture(rc, ref, r);
    else if (kind == PM_ITEM_TITLE_BLOCK)
        pm_draw_title_block(rc, r, k);
    else if (kind == PM_ITEM_LEGEND_BOX)
        draw_legend(rc, k, r);
}

const char *pm_frame_box_key(const pm_rctx *rc, pm_item_kind kind, int ref, char *buf, size_t n)
{
    (void)rc;
    if (kind == PM_ITEM_LEGEND_BOX)
        return "legend.position";
    if (kind == PM_ITEM_INSET)
        return "inset.position";
    if (kind == PM_ITEM_TITLE_BLOCK)
        return "title_block.position";
    snprintf(buf, n, "images[%d].position", ref);
    return buf;
}

static int push_box(pm_rctx *rc, pm_item_kind kind, int ref, int place)
{
    if (pm_place_in_panel(place) || place == PM_PLATE_NONE)
        return 0;
    pm_frame_box *grown = realloc(rc->page.boxes, (size_t)(rc->page.n_boxes + 1) * sizeof *grown);
    if (!grown)
        return -1;
    rc->page.boxes = grown;
    grown[rc->page.n_boxes++] = (pm_frame_box){kind, ref, place, 1, {0, 0, 0, 0}};
    return 0;
}

/* The box's size at the largest text scale that fits the frame. */
static pm_status measure(pm_rctx *rc, pm_frame_box *b, pm_error *err)
{
    pm_rect fr = rc->page.lay.frame;
    double room_w = fr.w - 2 * PM_PLATE_INSET, room_h = fr.h - 2 * PM_PLATE_INSET;
    /* A legend's text shrinks to fit; the others are as large as asked. */
    size_t tries = b->kind == PM_ITEM_LEGEND_BOX ? N_SCALES : 1;
    double w = 0, h = 0, halo = b->kind == PM_ITEM_LEGEND_BOX ? 0 : 2 * HALO;
    for (size_t i = 0; i < tries; i++) {
        b->k = SCALES[i];
        pm_frame_box_size(rc, b->kind, b->ref, b->k, &w, &h);
        w += halo;
        h += halo;
        if (w <= room_w && h <= room_h)
            break;
    }
    b->r = (pm_rect){0, 0, w, h};
    if (w <= room_w && h <= room_h)
        return PM_OK;
    char key[64];
    return pm_error_set(err, PM_ERR_RENDER, "%s: %s: %.0f × %.0f pt does not fit inside the map "
                        "frame (%.0f × %.0f pt); \"outside\" puts it beside the map",
                        rc->spec->path, pm_frame_box_key(rc, b->kind, b->ref, key, sizeof key), w, h,
                        fr.w, fr.h);
}

pm_status pm_frame_boxes_measure(pm_rctx *rc, pm_error *err)
{
    const pm_spec *s = rc->spec;
    rc->page.n_boxes = 0;
    /* In the order they claim their spots: the title block keeps its
     * corner, as drawings have it, the legend and inset next. */
    int bad = 0;
    if (s->title_block)
        bad |= push_box(rc, PM_ITEM_TITLE_BLOCK, 0, s->title_block->place);
    if (rc->page.n_legend_items > 0)
        bad |= push_box(rc, PM_ITEM_LEGEND_BOX, 0, s->legend_place);
    if (rc->page.inset)
        bad |= push_box(rc, PM_ITEM_INSET, 0, s->inset_place);
    for (int i = 0; i < s->n_images; i++)
        bad |= push_box(rc, PM_ITEM_IMAGE, i, s->images[i].place);
    if (bad)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", s->path);
    for (int i = 0; i < rc->page.n_boxes; i++)
        if (measure(rc, &rc->page.boxes[i], err) != PM_OK)
            return err ? err->status : PM_ERR_RENDER;
    return PM_OK;
}

void pm_draw_frame_boxes(pm_rctx *rc)
{
    cairo_t *cr = rc->draw.cr;
    for (int i = 0; i < rc->page.n_boxes; i++) {
        const pm_frame_box *b = &rc->page.boxes[i];
        pm_rect r = b->r;
        cairo_rectangle(cr, r.x, r.y, r.w, r.h);
        cairo_set_source_rgb(cr, 1, 1, 1);
        if (b->kind != PM_ITEM_LEGEND_BOX) {
            cairo_fill(cr);
            pm_frame_box_draw(rc, b->kind, b->ref, b->k,
                              (pm_rect){r.x + HALO, r.y + HALO, r.w - 2 * HALO, r.h - 2 * HALO});
            continue;
        }
        /* The legend box is drawn as the panel is: white under a grey rule. */
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 0.5);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
        cairo_stroke(cr);
        char buf[256];
        const char *t = rc->spec->legend_title, *en = rc->spec->legend_title_en;
        if (!en && strcmp(t, "图例") == 0)
            en = "Legend";
        pm_rctx_box(rc, "legend", pm_lang_text(rc, t, en, buf, sizeof buf), r);
        draw_legend(rc, b->k, r);
    }
}
