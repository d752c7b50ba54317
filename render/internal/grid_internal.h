/* Private to render/: page rectangles and the collision index (grid.c) that
 * furniture, project badges and labels are placed through. */
#ifndef PM_GRID_INTERNAL_H
#define PM_GRID_INTERNAL_H

#include <stdint.h>

typedef struct pm_rect {
    double x, y, w, h;
} pm_rect;

/* 1 if a and b share more than an edge. */
static inline int pm_rect_overlap(pm_rect a, pm_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* ---- collision index (grid.c) -------------------------------------------- */

/* Uniform grid over the page; each cell lists the boxes that touch it, with
 * a float copy of each box rounded outwards beside the index, so most boxes
 * are ruled out without fetching them from the box array. Markers past the
 * first few thousand go into a bitmap of the page instead (half a point a
 * bit, set wherever a marker's box reaches): a map of 200 000 points would
 * hold 14 MB of boxes, and tests a label against a few words. */
typedef struct pm_grid {
    double cell;
    int cols, rows;
    int **cell_items;
    float **cell_box;           /* per cell: x0, y0, x1, y1 of each item */
    int *cell_n, *cell_cap;
    pm_rect *boxes;
    unsigned char *is_text;     /* per box: a label or leader (else a symbol, plate) */
    int n_boxes, cap_boxes;
    double page_w, page_h;
    int n_marks;                /* markers added */
    uint64_t *marks;            /* the bitmap, made with the first marker past the boxes */
    int mark_w, mark_h, mark_words;   /* bits across and down, words a row */
    uint64_t *blocks;           /* a bit per 8 × 8 of the bitmap's: any set there */
    int block_words;
    uint64_t *full;             /* a bit per 2 × 2 points wholly inside a box added;
                                   then levels of its rows' ORs (grid.c) */
    int full_w, full_h, full_words;
    pm_rect *reach;             /* when set, the box of the look-ups answered
                                   "free" since the last "taken" (labels.c) */
} pm_grid;

int pm_grid_init(pm_grid *g, double page_w, double page_h, double cell);
void pm_grid_free(pm_grid *g);
/* 1 if `r` overlaps a box already in the index. */
int pm_grid_hits(const pm_grid *g, pm_rect r);
/* 1 if `r` overlaps space wholly covered by a box in the index: a quick
 * refusal (then pm_grid_hits is 1 too); 0 says nothing. */
int pm_grid_covered(const pm_grid *g, pm_rect r);
/* The first of boxes i = from, from + 1, … < n (each 2hw × 2hh about
 * (cx[i], cy[i])) that pm_grid_covered does not refuse, or n; looked up
 * as those calls would be, in one call (a leader search asks for up to 112). */
int pm_grid_first_uncovered(const pm_grid *g, const double *cx, const double *cy, int from, int n,
                            double hw, double hh);
/* Occupy `r`; returns 0 on success, -1 out of memory. */
int pm_grid_add(pm_grid *g, pm_rect r);
/* Occupy a marker's box (a box, or bits of the bitmap); 0 or -1. */
int pm_grid_add_marker(pm_grid *g, pm_rect r);

/* 1 if the segment crosses or touches the inside of a box in the index. */
int pm_grid_hits_segment(const pm_grid *g, double x0, double y0, double x1, double y1);
/* The same, against labels and leaders only. */
int pm_grid_hits_segment_text(const pm_grid *g, double x0, double y0, double x1, double y1);
/* Occupy `r` with text (a label). */
int pm_grid_add_text(pm_grid *g, pm_rect r);
/* Occupy a thin strip of text kind along the segment (a leader line). */
int pm_grid_add_segment(pm_grid *g, double x0, double y0, double x1, double y1);
/* Bring `copy` (zeroed the first time, then only ever given g) up to g:
 * the same boxes, markers and covered space. Threads may search the copy
 * while g grows; 0, or -1 out of memory (then the copy holds less than g:
 * what a search of it found free may be taken). */
int pm_grid_follow(pm_grid *copy, const pm_grid *g);

#endif
