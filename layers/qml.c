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

void pm_qml_prop(pm_sbuf *b, const char *k, const char *v)
{
    pm_sbuf_add(b, "          <prop k=\"");
    pm_sbuf_xml(b, k);
    pm_sbuf_add(b, "\" v=\"");
    pm_sbuf_xml(b, v);
    pm_sbuf_add(b, "\"/>\n");
}

void pm_qml_prop_num(pm_sbuf *b, const char *k, double v)
{
    char num[64];
    snprintf(num, sizeof num, "%g", v);
    pm_qml_prop(b, k, num);
}

void pm_qml_prop_color(pm_sbuf *b, const char *k, pm_color c)
{
    pm_sbuf q = {0};
    pm_sbuf_qcolor(&q, c);
    char *text = pm_sbuf_take(&q);
    if (!text) {
        b->nomem = 1;
        return;
    }
    pm_qml_prop(b, k, text);
    free(text);
}

static void dash_props(pm_sbuf *b, const pm_style *s)
{
    char dash[256] = "";
    size_t used = 0;
    for (int i = 0; i < s->n_dash && used < sizeof dash; i++)
        used += (size_t)snprintf(dash + used, sizeof dash - used, "%s%g", i ? ";" : "", s->dash[i]);
    pm_qml_prop(b, "use_custom_dash", s->n_dash > 0 ? "1" : "0");
    pm_qml_prop(b, "customdash", s->n_dash > 0 ? dash : "5;2");
    pm_qml_prop(b, "customdash_unit", "Point");
}

void pm_qml_line_layer(pm_sbuf *b, const pm_style *s)
{
    pm_sbuf_add(b, "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    pm_qml_prop_color(b, "line_color", s->stroke);
    pm_qml_prop_num(b, "line_width", s->width);
    pm_qml_prop(b, "line_width_unit", "Point");
    pm_qml_prop(b, "line_style", s->stroke.a > 0 && s->width > 0 ? "solid" : "no");
    pm_qml_prop(b, "joinstyle", "round");
    pm_qml_prop(b, "capstyle", "round");
    dash_props(b, s);
    pm_sbuf_add(b, "        </layer>\n");
}

static void fill_layer(pm_sbuf *b, const pm_style *s)
{
    pm_sbuf_add(b, "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    pm_qml_prop_color(b, "color", s->fill);
    pm_qml_prop(b, "style", s->fill.a > 0 ? "solid" : "no");
    /* The outline is a separate line layer: SimpleFill has no custom dashes. */
    pm_qml_prop(b, "outline_style", "no");
    pm_qml_prop_num(b, "outline_width", 0);
    pm_qml_prop(b, "outline_width_unit", "Point");
    pm_sbuf_add(b, "        </layer>\n");
}

static void marker_layer(pm_sbuf *b, const pm_export_layer *el, const pm_style *s)
{
    pm_sbuf_add(b, "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n");
    pm_qml_prop(b, "name", pm_marker_qgis_name(s->marker));
    pm_qml_prop_color(b, "color", s->fill);
    pm_qml_prop_color(b, "outline_color", s->stroke);
    pm_qml_prop(b, "outline_style", s->stroke.a > 0 && s->width > 0 ? "solid" : "no");
    pm_qml_prop_num(b, "outline_width", s->width);
    pm_qml_prop(b, "outline_width_unit", "Point");
    pm_qml_prop_num(b, "size", s->marker_size);
    pm_qml_prop(b, "size_unit", "Point");
    pm_qml_prop(b, "scale_method", "diameter");
    pm_qml_size_by(b, el, s);
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
        pm_qml_patterns(b, s);
        pm_qml_line_layer(b, s);
    } else if (el->geom_kind == PM_GEOM_LINE) {
        pm_qml_casing(b, s);
        pm_qml_line_layer(b, s);
        pm_qml_arrows(b, s);
    } else if (s->marker != PM_MARKER_NONE) {
        marker_layer(b, el, s);
    }
    pm_sbuf_add(b, "      </symbol>\n");
}

void pm_qml_filter_attr(pm_sbuf *b, char *expr)
{
    if (!expr) {
        b->nomem = 1;
        return;
    }
    pm_sbuf_add(b, " filter=\"");
    pm_sbuf_xml(b, expr);
    pm_sbuf_add(b, "\"");
    free(expr);
}

static void filter_attr(pm_sbuf *b, const pm_filter *f)
{
    pm_qml_filter_attr(b, pm_filter_expression(f));
}

/* The symbols a renderer refers to by number, written as they are made. */
typedef struct symbol_list {
    pm_sbuf xml;
    int n;
} symbol_list;

static int add_symbol(symbol_list *l, const pm_export_layer *el, const pm_style *s)
{
    symbol(&l->xml, el, l->n, s);
    return l->n++;
}

static void rule_open(pm_sbuf *b, const char *key, int k, int symbol, const char *label,
                      const char *indent)
{
    pm_sbuf_addf(b, "%s<rule key=\"{planmap-%s-%d}\"", indent, key, k);
    if (symbol >= 0)
        pm_sbuf_addf(b, " symbol=\"%d\"", symbol);
    pm_sbuf_add(b, " label=\"");
    pm_sbuf_xml(b, label ? label : "");
    pm_sbuf_add(b, "\"");
}

/* Under a class's rule, one rule per `classify` class in its colour, and
 * ELSE (no usable value) in the class's own style. */
static void class_rules(pm_sbuf *b, const pm_export_layer *el, int i, symbol_list *syms)
{
    const pm_map_classes *mc = el->map_classes;
    for (int k = 0; k < mc->n; k++) {
        pm_style s = el->classes[i].style;
        pm_class_paint_style(&s, mc->cls[k].color, el->classify->paint, el->geom_kind);
        rule_open(b, "class", i * 100 + k, add_symbol(syms, el, &s), mc->cls[k].legend,
                  "        ");
        pm_qml_class_filter(b, el, k);
        pm_sbuf_add(b, "/>\n");
    }
    rule_open(b, "missing", i, add_symbol(syms, el, &el->classes[i].style), mc->missing,
              "        ");
    pm_sbuf_add(b, " filter=\"ELSE\"/>\n");
}

static void renderer(pm_sbuf *b, const pm_export_layer *el)
{
    const char *head = "  <renderer-v2 type=\"%s\" symbollevels=\"0\" enableorderby=\"0\" "
                       "forceraster=\"0\">\n";
    symbol_list syms = {0};
    pm_sbuf_add(&syms.xml, "    <symbols>\n");
    if (el->n_classes <= 1 && !el->map_classes) {
        pm_sbuf_addf(b, head, "singleSymbol");
        /* An empty layer still gets a drawable default. */
        pm_style none = {.opacity = 1};
        add_symbol(&syms, el, el->n_classes ? &el->classes[0].style : &none);
    } else {
        pm_sbuf_addf(b, head, "RuleRenderer");
        pm_sbuf_add(b, "    <rules key=\"{planmap-root}\">\n");
        for (int i = 0; i < el->n_classes; i++) {
            int classed = el->map_classes != NULL;
            rule_open(b, "rule", i, classed ? -1 : add_symbol(&syms, el, &el->classes[i].style),
                      el->classes[i].label, "      ");
            filter_attr(b, &el->classes[i].filter);
            pm_sbuf_add(b, classed ? ">\n" : "/>\n");
            if (classed) {
                class_rules(b, el, i, &syms);
                pm_sbuf_add(b, "      </rule>\n");
            }
        }
        pm_sbuf_add(b, "    </rules>\n");
    }
    pm_sbuf_add(&syms.xml, "    </symbols>\n");
    char *text = pm_sbuf_take(&syms.xml);
    if (!text)
        b->nomem = 1;
    else
        pm_sbuf_add(b, text);
    free(text);
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
