/* Colours of the project categories that have none in the spec. A fixed
 * palette put a red category beside the red of a rule drawn on the same map;
 * here each category takes the first colour of a qualitative palette that is
 * perceptibly different (CIEDE2000) from every colour the map draws and from
 * the categories before it, so a badge is never mistaken for a zone or a line. */
#include "render_internal.h"
#include "pm_alloc.h"

#include <math.h>
#include <stdlib.h>

/* ColorBrewer Set1 (without yellow, lost on white), then Dark2, Paired's
 * darker half and Tableau 10's olive and cyan: saturated colours that carry
 * white badge numbers. */
static const unsigned CANDIDATES[] = {
    0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3, 0xff7f00, 0xa65628, 0xf781bf, 0x666666,
    0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xa6761d, 0x1f78b4, 0x33a02c,
    0x6a3d9a, 0xb15928, 0x000000, 0x00838f, 0xbcbd22, 0x17becf,
};
#define N_CANDIDATES ((int)(sizeof CANDIDATES / sizeof CANDIDATES[0]))

static pm_color hex(unsigned rgb)
{
    return (pm_color){(rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0, 1};
}

static double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

/* sRGB → CIE L*a*b* (D65). */
static void to_lab(pm_color c, double lab[3])
{
    double r = linear(c.r), g = linear(c.g), b = linear(c.b);
    double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
    lab[0] = 116 * fy - 16;
    lab[1] = 500 * (fx - fy);
    lab[2] = 200 * (fy - fz);
}

static double hue_deg(double b, double a)
{
    if (a == 0 && b == 0)
        return 0;
    double h = atan2(b, a) * 180 / PM_PI;
    return h < 0 ? h + 360 : h;
}

/* CIEDE2000 (Sharma, Wu and Dalal 2005), kL = kC = kH = 1. */
double pm_lab_delta_e(const double p[3], const double q[3])
{
    double c1 = hypot(p[1], p[2]), c2 = hypot(q[1], q[2]), cm = (c1 + c2) / 2;
    double c7 = pow(cm, 7), g = 0.5 * (1 - sqrt(c7 / (c7 + pow(25, 7))));
    double a1 = (1 + g) * p[1], a2 = (1 + g) * q[1];
    double C1 = hypot(a1, p[2]), C2 = hypot(a2, q[2]);
    double h1 = hue_deg(p[2], a1), h2 = hue_deg(q[2], a2);
    double dL = q[0] - p[0], dC = C2 - C1, dh = 0;
    if (C1 * C2 != 0) {
        dh = h2 - h1;
        dh += dh > 180 ? -360 : dh < -180 ? 360 : 0;
    }
    double dH = 2 * sqrt(C1 * C2) * sin(dh / 2 * PM_PI / 180);
    double Lm = (p[0] + q[0]) / 2, Cm = (C1 + C2) / 2, hm = h1 + h2;
    if (C1 * C2 != 0)
        hm = fabs(h1 - h2) <= 180 ? hm / 2 : hm < 360 ? (hm + 360) / 2 : (hm - 360) / 2;
    double rad = PM_PI / 180;
    double t = 1 - 0.17 * cos((hm - 30) * rad) + 0.24 * cos(2 * hm * rad) +
               0.32 * cos((3 * hm + 6) * rad) - 0.20 * cos((4 * hm - 63) * rad);
    double l50 = (Lm - 50) * (Lm - 50);
    double sl = 1 + 0.015 * l50 / sqrt(20 + l50), sc = 1 + 0.045 * Cm, sh = 1 + 0.015 * Cm * t;
    double cm7 = pow(Cm, 7);
    double rt = -2 * sqrt(cm7 / (cm7 + pow(25, 7))) *
                sin(60 * exp(-pow((hm - 275) / 25, 2)) * rad);
    double x = dL / sl, y = dC / sc, z = dH / sh;
    return sqrt(x * x + y * y + z * z + rt * y * z);
}

double pm_color_delta_e(pm_color a, pm_color b)
{
    double p[3], q[3];
    to_lab(a, p);
    to_lab(b, q);
    return pm_lab_delta_e(p, q);
}

/* What a colour looks like on the white page, its alpha and the symbol's
 * opacity applied. */
static pm_color on_white(pm_color c, double opacity)
{
    double a = c.a * opacity;
    return (pm_color){a * c.r + 1 - a, a * c.g + 1 - a, a * c.b + 1 - a, 1};
}

static int push_color(pm_color **list, int *n, int *cap, pm_color c)
{
    for (int k = 0; k < *n; k++)
        if ((*list)[k].r == c.r && (*list)[k].g == c.g && (*list)[k].b == c.b)
            return 0;
    if (pm_array_grow(list, *n, cap, sizeof c, 32) != 0)
        return -1;
    (*list)[(*n)++] = c;
    return 0;
}

static int in_view(const pm_map *map, const pm_feature *f)
{
    const double *e = map->extent;
    return f->bbox[0] <= e[2] && f->bbox[2] >= e[0] && f->bbox[1] <= e[3] && f->bbox[3] >= e[1];
}

int pm_project_own_color(const pm_map_layer *ml, int rule, const pm_style *s)
{
    return (s->set & PM_STYLE_FILL) &&
           ((ml->spec->style.set & PM_STYLE_FILL) ||
            (rule >= 0 && (ml->spec->rules[rule].style.set & PM_STYLE_FILL)));
}

int pm_map_drawn_colors(const pm_map *map, int with_projects, pm_color **out)
{
    pm_color *list = NULL;
    int n = 0, cap = 0, bad = 0;
    for (int l = 0; l < map->n_layers && !bad; l++) {
        const pm_map_layer *ml = &map->layers[l];
        for (int i = 0; i < ml->data->n_features && !bad; i++) {
            const pm_feature *f = &ml->data->features[i];
            int rule = ml->rule_of[i];
            if (rule == PM_FEATURE_HIDDEN || f->kind == PM_GEOM_NONE || !in_view(map, f))
                continue;
            pm_style s = pm_map_feature_style(map, l, i);
            if (s.opacity <= 0)
                continue;
            /* A project's badge is drawn in its category's colour: only a
             * colour the spec gives it is drawn whatever the palette says. */
            if (ml->spec->projects) {
                if (with_projects && f->kind == PM_GEOM_POINT && pm_project_own_color(ml, rule, &s))
                    bad |= push_color(&list, &n, &cap, on_white(s.fill, 1));
                continue;
            }
            int filled = f->kind == PM_GEOM_POLYGON ||
                         (f->kind == PM_GEOM_POINT && s.marker != PM_MARKER_NONE);
            if (filled && s.fill.a > 0)
                bad |= push_color(&list, &n, &cap, on_white(s.fill, s.opacity));
            if (s.width > 0 && s.stroke.a > 0)
                bad |= push_color(&list, &n, &cap, on_white(s.stroke, s.opacity));
        }
    }
    if (bad) {
        free(list);
        return -1;
    }
    *out = list;
    return n;
}

/* The smallest distance from candidate c to the drawn colours and to the
 * categories already given a colour. */
static double nearest(pm_color c, const pm_color *drawn, int n_drawn, const pm_color *taken,
                      int n_taken)
{
    double d = 1e9;
    for (int k = 0; k < n_drawn; k++)
        d = fmin(d, pm_color_delta_e(c, drawn[k]));
    for (int k = 0; k < n_taken; k++)
        d = fmin(d, pm_color_delta_e(c, taken[k]));
    return d;
}

void pm_category_palette(const pm_color *drawn, int n_drawn, pm_color *out, int n)
{
    int used[N_CANDIDATES] = {0};
    for (int k = 0; k < n; k++) {
        /* The first unused candidate far enough from everything; failing
         * that (a map of many colours), the unused one farthest from it. */
        int best = -1;
        double best_d = -1;
        for (int c = 0; c < N_CANDIDATES; c++) {
            if (used[c])
                continue;
            double d = nearest(hex(CANDIDATES[c]), drawn, n_drawn, out, k);
            if (d >= PM_CATEGORY_MIN_DE) {
                best = c;
                break;
            }
            if (d > best_d)
                best = c, best_d = d;
        }
        if (best < 0) {   /* more categories than candidates: start again */
            out[k] = out[k % N_CANDIDATES];
            continue;
        }
        used[best] = 1;
        out[k] = hex(CANDIDATES[best]);
    }
}
