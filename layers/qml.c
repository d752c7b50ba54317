/* QML: the QGIS style document of an exported layer. One class → a single
 * symbol renderer; several → a rule-based renderer whose filters are the
 * classes' (mutually exclusive) expressions, in planmap's draw order. Labels
 * use rule-based labelling with the same filters. Every length is in points,
 * as in the spec, so QGIS shows the sizes planmap prints. */
#include "export_internal.h"
#include "pm_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void prop(pm_sbuf *b, const char *k, const char *v)
{
    pm_sbuf_add(b, "          <prop k=\"");
    pm_sbuf_xml(b, k);
    pm_sbuf_add(b, "\" v=\"");
    pm_sbuf_xml(b, v);
    pm_sbuf_add(b, "\"/>\n");
}

static void prop_num(pm_sbuf *b, const char *k, double v)
{
    char num[64];
    snprintf(num, sizeof num, "%g", v);
    prop(b, k, num);
}

static void prop_color(pm_sbuf *b, const char *k, pm_color c)
{
    pm_sbuf q = {0};
    pm_sbuf_qcolor(&q, c);
    char *text = pm_sbuf_take(&q);
    if (!text) {
        b->nomem = 1;
        return;
    }
    prop(b, k, text);
    free(text);
}

static void dash_props(pm_sbuf *b, const pm_style *s)
{
    char dash[256] = "";
    size_t used = 0;
    for (int i = 0; i < s->n_dash && used < sizeof dash; i++)
        used += (size_t)snprintf(dash + used, sizeof dash - used, "%s%g", i ? ";" : "", s->dash[i]);
    prop(b, "use_custom_dash", s->n_dash > 0 ? "1" : "0");
    prop(b, "customdash", s->n_dash > 0 ? dash : "5;2");
    prop(b, "customdash_unit", "Point");
}

static void line_layer(pm_sbuf *b, const pm_style *s)
{
    pm_sbuf_add(b, "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    prop_color(b, "line_color", s->stroke);
    prop_num(b, "line_width", s->width);
    prop(b, "line_width_unit", "Point");
    prop(b, "line_style", s->stroke.a > 0 && s->width > 0 ? "solid" : "no");
    prop(b, "joinstyle", "round");
    prop(b, "capstyle", "round");
    dash_props(b, s);
    pm_sbuf_add(b, "        </layer>\n");
}

static void fill_layer(pm_sbuf *b, const pm_style *s)
{
    pm_sbuf_add(b, "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    prop_color(b, "color", s->fill);
    prop(b, "style", s->fill.a > 0 ? "solid" : "no");
    /* The outline is a separate line layer: SimpleFill has no custom dashes. */
    prop(b, "outline_style", "no");
    prop_num(b, "outline_width", 0);
    prop(b, "outline_width_unit", "Point");
    pm_sbuf_add(b, "        </layer>\n");
}

static void marker_layer(pm_sbuf *b, const pm_style *s)
{
    pm_sbuf_add(b, "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    prop(b, "name", pm_marker_qgis_name(s->marker));
    prop_color(b, "color", s->fill);
    prop_color(b, "outline_color", s->stroke);
    prop(b, "outline_style", s->stroke.a > 0 && s->width > 0 ? "solid" : "no");
    prop_num(b, "outline_width", s->width);
    prop(b, "outline_width_unit", "Point");
    prop_num(b, "size", s->marker_size);
    prop(b, "size_unit", "Point");
    prop(b, "scale_method", "diameter");
    pm_sbuf_add(b, "        </layer>\n");
}

static void symbol(pm_sbuf *b, const pm_export_layer *el, int i, const pm_style *s)
{
    const char *type = el->geom_kind == PM_GEOM_POLYGON ? "fill"
                     : el->geom_kind == PM_GEOM_LINE ? "line" : "marker";
    pm_sbuf_addf(b, "      <symbol type=\"%s\" name=\"%d\" alpha=\"%g\" clip_to_extent=\"1\" "
                    "force_rhr=\"0\">\n", type, i, s->opacity);
    if (el->geom_kind == PM_GEOM_POLYGON) {
        fill_layer(b, s);
        line_layer(b, s);
    } else if (el->geom_kind == PM_GEOM_LINE) {
        line_layer(b, s);
    } else if (s->marker != PM_MARKER_NONE) {
        marker_layer(b, s);
    }
    pm_sbuf_add(b, "      </symbol>\n");
}

static void symbols(pm_sbuf *b, const pm_export_layer *el)
{
    pm_sbuf_add(b, "    <symbols>\n");
    for (int i = 0; i < el->n_classes; i++)
        symbol(b, el, i, &el->classes[i].style);
    pm_sbuf_add(b, "    </symbols>\n");
}

static void filter_attr(pm_sbuf *b, const pm_filter *f)
{
    char *e = pm_filter_expression(f);
    if (!e) {
        b->nomem = 1;
        return;
    }
    pm_sbuf_add(b, " filter=\"");
    pm_sbuf_xml(b, e);
    pm_sbuf_add(b, "\"");
    free(e);
}

static void renderer(pm_sbuf *b, const pm_export_layer *el)
{
    const char *head = "  <renderer-v2 type=\"%s\" symbollevels=\"0\" enableorderby=\"0\" "
                       "forceraster=\"0\">\n";
    if (el->n_classes <= 1) {
        pm_sbuf_addf(b, head, "singleSymbol");
    } else {
        pm_sbuf_addf(b, head, "RuleRenderer");
        pm_sbuf_add(b, "    <rules key=\"{planmap-root}\">\n");
        for (int i = 0; i < el->n_classes; i++) {
            pm_sbuf_addf(b, "      <rule key=\"{planmap-rule-%d}\" symbol=\"%d\" label=\"", i, i);
            pm_sbuf_xml(b, el->classes[i].label);
            pm_sbuf_add(b, "\"");
            filter_attr(b, &el->classes[i].filter);
            pm_sbuf_add(b, "/>\n");
        }
        pm_sbuf_add(b, "    </rules>\n");
    }
    if (el->n_classes == 0) {
        /* An empty layer still gets a drawable default. */
        pm_style s = {0};
        s.opacity = 1;
        pm_sbuf_add(b, "    <symbols>\n");
        symbol(b, el, 0, &s);
        pm_sbuf_add(b, "    </symbols>\n");
    } else {
        symbols(b, el);
    }
    pm_sbuf_add(b, "  </renderer-v2>\n");
}

/* QGIS label placement modes: around point, parallel to lines, over the
 * polygon's point on surface (planmap places area labels near it too). */
static int placement(int geom_kind)
{
    return geom_kind == PM_GEOM_POINT ? 0 : geom_kind == PM_GEOM_LINE ? 2 : 1;
}

static void expression_part(const char *text, int is_field, int decimals, int grouped, void *ctx)
{
    pm_sbuf *e = ctx;
    int number = grouped || decimals >= 0;
    pm_sbuf_add(e, number ? ", format_number(to_real(" : ", ");
    pm_sbuf_quoted(e, text, is_field ? '"' : '\'');
    if (number)
        pm_sbuf_addf(e, "), %d%s)", decimals < 0 ? 0 : decimals,
                     grouped ? "" : ", omit_group_separators:=true");
}

/* A label template as a QGIS expression: concat() of its parts (concat
 * reads NULL as empty, as planmap does). Number formats become
 * format_number(), whose separators follow the QGIS locale. */
static void template_expression(pm_sbuf *b, const char *label)
{
    pm_sbuf e = {0};
    pm_sbuf_add(&e, "concat(''");
    pm_label_parts(label, expression_part, &e);
    pm_sbuf_add(&e, ")");
    char *text = pm_sbuf_take(&e);
    if (!text)
        b->nomem = 1;
    else
        pm_sbuf_xml(b, text);
    free(text);
}

static void label_settings(pm_sbuf *b, const pm_export_layer *el, const pm_style *s)
{
    char family[256];
    int bold = 0;
    pm_font_family(s->font, family, sizeof family, &bold);
    pm_sbuf_add(b, "        <settings calloutType=\"simple\">\n          <text-style fieldName=\"");
    int template = pm_label_is_template(s->label);
    if (template)
        template_expression(b, s->label);
    else
        pm_sbuf_xml(b, s->label);
    pm_sbuf_addf(b, "\" isExpression=\"%d\" fontFamily=\"", template);
    pm_sbuf_xml(b, family);
    pm_sbuf_addf(b, "\" fontSize=\"%g\" fontSizeUnit=\"Point\" fontWeight=\"%d\" "
                    "namedStyle=\"%s\" fontItalic=\"0\" textOpacity=\"1\" textColor=\"",
                 s->font_size, bold ? 75 : 50, bold ? "Bold" : "Regular");
    pm_sbuf_qcolor(b, s->text_color);
    pm_sbuf_addf(b, "\">\n            <text-buffer bufferDraw=\"%d\" bufferSize=\"%g\" "
                    "bufferSizeUnits=\"Point\" bufferOpacity=\"1\" bufferNoFill=\"1\" "
                    "bufferJoinStyle=\"128\" bufferColor=\"",
                 s->halo_width > 0 && s->halo.a > 0, s->halo_width);
    pm_sbuf_qcolor(b, s->halo);
    pm_sbuf_add(b, "\"/>\n          </text-style>\n");
    pm_sbuf_addf(b, "          <placement placement=\"%d\" dist=\"%g\" distUnits=\"Point\"/>\n",
                 placement(el->geom_kind), el->geom_kind == PM_GEOM_POINT ? 2.0 : 0.0);
    pm_sbuf_add(b, "          <rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\"/>\n"
                   "        </settings>\n");
}

static int has_label(const pm_style *s)
{
    return s->label && *s->label && s->opacity > 0;
}

static void labeling(pm_sbuf *b, const pm_export_layer *el)
{
    pm_sbuf_add(b, "  <labeling type=\"rule-based\">\n    <rules key=\"{planmap-labels}\">\n");
    for (int i = 0; i < el->n_classes; i++) {
        const pm_style_class *c = &el->classes[i];
        if (!has_label(&c->style))
            continue;
        pm_sbuf_addf(b, "      <rule key=\"{planmap-label-%d}\" description=\"", i);
        pm_sbuf_xml(b, c->label);
        pm_sbuf_add(b, "\"");
        filter_attr(b, &c->filter);
        pm_sbuf_add(b, ">\n");
        label_settings(b, el, &c->style);
        pm_sbuf_add(b, "      </rule>\n");
    }
    pm_sbuf_add(b, "    </rules>\n  </labeling>\n");
}

char *pm_export_qml(const pm_export_layer *el)
{
    int labels = 0;
    for (int i = 0; i < el->n_classes; i++)
        labels |= has_label(&el->classes[i].style);
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
    pm_sbuf_addf(&b, "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" "
                     "labelsEnabled=\"%d\">\n", labels);
    renderer(&b, el);
    if (labels)
        labeling(&b, el);
    pm_sbuf_add(&b, "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n");
    pm_sbuf_add(&b, "  <layerGeometryType>");
    pm_sbuf_addf(&b, "%d", el->geom_kind == PM_GEOM_POLYGON ? 2 : el->geom_kind == PM_GEOM_LINE ? 1 : 0);
    pm_sbuf_add(&b, "</layerGeometryType>\n</qgis>\n");
    return pm_sbuf_take(&b);
}
