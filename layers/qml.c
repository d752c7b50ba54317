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

/* QGIS label placement modes: around point (0), parallel to lines (2),
 * horizontal inside the polygon (4): planmap places an area's label near its
 * point on surface and moves it inside the area when that is taken. */
static int placement(int geom_kind)
{
    return geom_kind == PM_GEOM_POINT ? 0 : geom_kind == PM_GEOM_LINE ? 2 : 4;
}

/* One label field in the map's language, as pm_label_text shows it: X; the
 * English X_en where a feature has it; or both on two lines when they
 * differ. attribute() reads a field the table lacks as NULL. */
static void field_expression(pm_sbuf *e, const char *field, pm_lang lang)
{
    char buf[128];
    const char *en = lang == PM_LANG_EN || lang == PM_LANG_ZH_EN
                         ? pm_label_field_en(field, buf, sizeof buf) : NULL;
    if (!en) {
        pm_sbuf_quoted(e, field, '"');
        return;
    }
    pm_sbuf_add(e, "with_variable('zh', coalesce(to_string(");
    pm_sbuf_quoted(e, field, '"');
    pm_sbuf_add(e, "), ''), with_variable('en', coalesce(to_string(attribute(");
    pm_sbuf_quoted(e, en, '\'');
    if (lang == PM_LANG_EN)
        pm_sbuf_add(e, ")), ''), if(@en <> '', @en, @zh)))");
    else
        pm_sbuf_add(e, ")), ''), CASE WHEN @zh <> '' AND @en <> '' AND @zh <> @en "
                       "THEN @zh || '\\n' || @en WHEN @zh <> '' THEN @zh ELSE @en END))");
}

typedef struct expr_ctx {
    pm_sbuf *e;
    pm_lang lang;
} expr_ctx;

static void expression_part(const char *text, int is_field, int decimals, int grouped, void *ctx)
{
    expr_ctx *x = ctx;
    int number = is_field && (grouped || decimals >= 0);
    pm_sbuf_add(x->e, number ? ", format_number(to_real(" : ", ");
    if (is_field)
        field_expression(x->e, text, x->lang);
    else
        pm_sbuf_quoted(x->e, text, '\'');
    if (number)
        pm_sbuf_addf(x->e, "), %d%s)", decimals < 0 ? 0 : decimals,
                     grouped ? "" : ", omit_group_separators:=true");
}

/* A label as a QGIS expression: a field in the map's language, or a
 * template as concat() of its parts (concat reads NULL as empty, as
 * planmap does). Number formats become format_number(), whose separators
 * follow the QGIS locale. 0: a plain field, written as its name. */
static int label_expression(pm_sbuf *b, const char *label, pm_lang lang)
{
    int template = pm_label_is_template(label);
    if (!template && lang != PM_LANG_EN && lang != PM_LANG_ZH_EN) {
        pm_sbuf_xml(b, label);
        return 0;
    }
    pm_sbuf e = {0};
    expr_ctx x = {&e, lang};
    if (template) {
        pm_sbuf_add(&e, "concat(''");
        pm_label_parts(label, expression_part, &x);
        pm_sbuf_add(&e, ")");
    } else {
        field_expression(&e, label, lang);
    }
    char *text = pm_sbuf_take(&e);
    if (!text)
        b->nomem = 1;
    else
        pm_sbuf_xml(b, text);
    free(text);
    return 1;
}

static void label_settings(pm_sbuf *b, const pm_export_layer *el, const pm_style *s)
{
    char family[256];
    int bold = 0;
    pm_font_family(s->font, family, sizeof family, &bold);
    pm_sbuf_add(b, "        <settings calloutType=\"simple\">\n          <text-style fieldName=\"");
    int expression = label_expression(b, s->label, el->lang);
    pm_sbuf_addf(b, "\" isExpression=\"%d\" fontFamily=\"", expression);
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
    /* An area keeps labels off its outline, not out of its inside (QGIS's
     * default): planmap places labels over areas, as a plan map must. */
    pm_sbuf_addf(b, "          <rendering obstacle=\"1\" obstacleType=\"%d\" displayAll=\"0\" "
                    "upsidedownLabels=\"0\"/>\n        </settings>\n",
                 el->geom_kind == PM_GEOM_POLYGON ? 1 : 0);
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

int pm_qml_has_labels(const pm_export_layer *el)
{
    int labels = 0;
    for (int i = 0; i < el->n_classes; i++)
        labels |= has_label(&el->classes[i].style);
    return labels;
}

void pm_qml_style(pm_sbuf *b, const pm_export_layer *el)
{
    renderer(b, el);
    if (pm_qml_has_labels(el))
        labeling(b, el);
    pm_sbuf_add(b, "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n");
    pm_sbuf_addf(b, "  <layerGeometryType>%d</layerGeometryType>\n",
                 el->geom_kind == PM_GEOM_POLYGON ? 2 : el->geom_kind == PM_GEOM_LINE ? 1 : 0);
}

char *pm_export_qml(const pm_export_layer *el)
{
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
    pm_sbuf_addf(&b, "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" "
                     "labelsEnabled=\"%d\">\n", pm_qml_has_labels(el));
    pm_qml_style(&b, el);
    pm_sbuf_add(&b, "</qgis>\n");
    return pm_sbuf_take(&b);
}
