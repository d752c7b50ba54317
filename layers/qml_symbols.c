/* QGIS symbol layers for what planmap draws beyond a plain fill, line or
 * marker: hatching (a line pattern fill per angle), dots (a point pattern
 * fill), a line's casing (a wider line under it), arrow heads (filled arrow
 * heads at the line's ends, turned along it), a `size_by` marker size (a
 * data-defined size with planmap's formula) and the filters of `classify`
 * classes. Lengths in points, as in the spec. */
#include "export_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static pm_color or_stroke(pm_color c, const pm_style *s)
{
    return c.a < 0 ? s->stroke : c;
}

/* A sub-symbol of one simple line or marker, as pattern fills and marker
 * lines hold it. */
static void sub_line(pm_sbuf *b, pm_color color, double width)
{
    pm_style s = {.stroke = color, .width = width, .opacity = 1};
    pm_sbuf_add(b, "          <symbol type=\"line\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" "
                   "force_rhr=\"0\">\n");
    pm_qml_line_layer(b, &s);
    pm_sbuf_add(b, "          </symbol>\n");
}

static void sub_marker(pm_sbuf *b, const char *shape, pm_color color, double size, double angle)
{
    pm_sbuf_add(b, "          <symbol type=\"marker\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" "
                   "force_rhr=\"0\">\n"
                   "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    pm_qml_prop(b, "name", shape);
    pm_qml_prop_color(b, "color", color);
    pm_qml_prop(b, "outline_style", "no");
    pm_qml_prop_num(b, "size", size);
    pm_qml_prop(b, "size_unit", "Point");
    pm_qml_prop_num(b, "angle", angle);
    pm_sbuf_add(b, "        </layer>\n          </symbol>\n");
}

void pm_qml_patterns(pm_sbuf *b, const pm_style *s)
{
    const pm_hatch *h = &s->hatch;
    for (int i = 0; i < h->n_angles; i++) {
        pm_color c = or_stroke(h->color, s);
        pm_sbuf_add(b, "        <layer class=\"LinePatternFill\" enabled=\"1\" locked=\"0\" "
                       "pass=\"0\">\n");
        pm_qml_prop_num(b, "angle", h->angle[i]);
        pm_qml_prop_num(b, "distance", h->spacing);
        pm_qml_prop(b, "distance_unit", "Point");
        pm_qml_prop_num(b, "line_width", h->width);
        pm_qml_prop(b, "line_width_unit", "Point");
        pm_qml_prop_color(b, "color", c);
        sub_line(b, c, h->width);
        pm_sbuf_add(b, "        </layer>\n");
    }
    const pm_dots *d = &s->dots;
    if (d->spacing > 0 && d->size > 0) {
        pm_sbuf_add(b, "        <layer class=\"PointPatternFill\" enabled=\"1\" locked=\"0\" "
                       "pass=\"0\">\n");
        pm_qml_prop_num(b, "distance_x", d->spacing);
        pm_qml_prop_num(b, "distance_y", d->spacing);
        pm_qml_prop(b, "distance_x_unit", "Point");
        pm_qml_prop(b, "distance_y_unit", "Point");
        sub_marker(b, "circle", or_stroke(d->color, s), d->size, 0);
        pm_sbuf_add(b, "        </layer>\n");
    }
}

void pm_qml_casing(pm_sbuf *b, const pm_style *s)
{
    if (s->casing.width <= 0 || s->width <= 0)
        return;
    pm_style under = *s;
    under.stroke = s->casing.color;
    under.width = s->width + 2 * s->casing.width;
    under.n_dash = 0;   /* the casing is solid under a dashed line too */
    pm_qml_line_layer(b, &under);
}

void pm_qml_arrows(pm_sbuf *b, const pm_style *s)
{
    static const struct { int bit; const char *where; double angle; } ends[] = {
        {PM_ARROW_END, "lastvertex", 0}, {PM_ARROW_START, "firstvertex", 180}};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        if (!(s->arrow & ends[i].bit))
            continue;
        pm_sbuf_add(b, "        <layer class=\"MarkerLine\" enabled=\"1\" locked=\"0\" "
                       "pass=\"0\">\n");
        pm_qml_prop(b, "placement", ends[i].where);
        pm_qml_prop(b, "rotate", "1");
        sub_marker(b, "filled_arrowhead", s->stroke, fmax(3 * s->width, 6), ends[i].angle);
        pm_sbuf_add(b, "        </layer>\n");
    }
}

void pm_qml_size_by(pm_sbuf *b, const pm_export_layer *el, const pm_style *s)
{
    const pm_map_classes *mc = el->map_classes;
    if (!el->size_by || !mc || mc->vmax <= 0)
        return;
    /* pm_map_classes' sizes: √(v / vmax) of the largest, never under min;
     * no usable value keeps the style's size. */
    pm_sbuf e = {0};
    pm_sbuf_add(&e, "CASE WHEN to_real(");
    pm_sbuf_quoted(&e, el->size_by->field, '"');
    pm_sbuf_add(&e, ") IS NULL THEN ");
    pm_sbuf_number(&e, s->marker_size);
    pm_sbuf_add(&e, " ELSE max(");
    pm_sbuf_number(&e, el->size_by->min);
    pm_sbuf_add(&e, ", if(to_real(");
    pm_sbuf_quoted(&e, el->size_by->field, '"');
    pm_sbuf_add(&e, ") > 0, ");
    pm_sbuf_number(&e, el->size_by->max);
    pm_sbuf_add(&e, " * sqrt(to_real(");
    pm_sbuf_quoted(&e, el->size_by->field, '"');
    pm_sbuf_add(&e, ") / ");
    pm_sbuf_number(&e, mc->vmax);
    pm_sbuf_add(&e, "), 0)) END");
    char *expr = pm_sbuf_take(&e);
    if (!expr) {
        b->nomem = 1;
        return;
    }
    pm_sbuf_add(b, "          <data_defined_properties><Option type=\"Map\">"
                   "<Option type=\"QString\" name=\"name\" value=\"\"/>"
                   "<Option type=\"Map\" name=\"properties\"><Option type=\"Map\" name=\"size\">"
                   "<Option type=\"bool\" name=\"active\" value=\"true\"/>"
                   "<Option type=\"QString\" name=\"expression\" value=\"");
    pm_sbuf_xml(b, expr);
    pm_sbuf_add(b, "\"/><Option type=\"int\" name=\"type\" value=\"3\"/></Option></Option>"
                   "<Option type=\"QString\" name=\"type\" value=\"collection\"/>"
                   "</Option></data_defined_properties>\n");
    free(expr);
}

/* Class k holds up[k-1] < v <= up[k] (the first from the smallest value, the
 * last to the largest); a category, its value. */
void pm_qml_class_filter(pm_sbuf *b, const pm_export_layer *el, int k)
{
    const pm_map_classes *mc = el->map_classes;
    const char *field = el->classify->field;
    pm_sbuf e = {0};
    if (el->classify->method == PM_CLASS_CATEGORIES) {
        pm_sbuf_add(&e, "to_string(");
        pm_sbuf_quoted(&e, field, '"');
        pm_sbuf_add(&e, ") = ");
        pm_sbuf_quoted(&e, mc->cls[k].value ? mc->cls[k].value : "", '\'');
    } else {
        pm_sbuf_add(&e, "to_real(");
        pm_sbuf_quoted(&e, field, '"');
        pm_sbuf_add(&e, ") IS NOT NULL");
        if (k > 0) {
            pm_sbuf_add(&e, " AND to_real(");
            pm_sbuf_quoted(&e, field, '"');
            pm_sbuf_add(&e, ") > ");
            pm_sbuf_number(&e, mc->up[k - 1]);
        }
        if (k < mc->n - 1) {
            pm_sbuf_add(&e, " AND to_real(");
            pm_sbuf_quoted(&e, field, '"');
            pm_sbuf_add(&e, ") <= ");
            pm_sbuf_number(&e, mc->up[k]);
        }
    }
    pm_qml_filter_attr(b, pm_sbuf_take(&e));
}
