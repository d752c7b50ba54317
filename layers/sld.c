/* SLD 1.1 (Symbology Encoding) for an exported layer: one se:Rule per style
 * class with its OGC filter. SE lengths are in "pixels" of the OGC standard
 * rendering pixel (0.28 mm), so points are converted with PX_PER_PT. */
#include "export_internal.h"
#include "pm_values.h"

#include <stdio.h>
#include <stdlib.h>

#define PX_PER_PT (25.4 / 72.0 / 0.28)

static void param(pm_sbuf *b, const char *name, const char *fmt, double v)
{
    pm_sbuf_addf(b, "<se:SvgParameter name=\"%s\">", name);
    pm_sbuf_addf(b, fmt, v);
    pm_sbuf_add(b, "</se:SvgParameter>");
}

static void color_params(pm_sbuf *b, const char *name, pm_color c, double opacity)
{
    pm_sbuf_addf(b, "<se:SvgParameter name=\"%s\">", name);
    pm_sbuf_hex(b, c);
    pm_sbuf_add(b, "</se:SvgParameter>");
    char op[32];
    snprintf(op, sizeof op, "%s-opacity", name);
    param(b, op, "%g", c.a * opacity);
}

static void fill(pm_sbuf *b, pm_color c, double opacity)
{
    pm_sbuf_add(b, "<se:Fill>");
    color_params(b, "fill", c, opacity);
    pm_sbuf_add(b, "</se:Fill>");
}

static void stroke(pm_sbuf *b, const pm_style *s)
{
    pm_sbuf_add(b, "<se:Stroke>");
    color_params(b, "stroke", s->stroke, s->opacity);
    param(b, "stroke-width", "%g", s->width * PX_PER_PT);
    pm_sbuf_add(b, "<se:SvgParameter name=\"stroke-linejoin\">round</se:SvgParameter>");
    if (s->n_dash > 0) {
        pm_sbuf_add(b, "<se:SvgParameter name=\"stroke-dasharray\">");
        for (int i = 0; i < s->n_dash; i++)
            pm_sbuf_addf(b, "%s%g", i ? " " : "", s->dash[i] * PX_PER_PT);
        pm_sbuf_add(b, "</se:SvgParameter>");
    }
    pm_sbuf_add(b, "</se:Stroke>");
}

static void ogc_in(pm_sbuf *b, const pm_filter *f)
{
    if (f->n_values > 1)
        pm_sbuf_add(b, "<ogc:Or>");
    for (int i = 0; i < f->n_values; i++) {
        const char *tag = f->values[i] ? "ogc:PropertyIsEqualTo" : "ogc:PropertyIsNull";
        pm_sbuf_addf(b, "<%s><ogc:PropertyName>", tag);
        pm_sbuf_xml(b, f->field);
        pm_sbuf_add(b, "</ogc:PropertyName>");
        if (f->values[i]) {
            pm_sbuf_add(b, "<ogc:Literal>");
            pm_sbuf_xml(b, f->values[i]);
            pm_sbuf_add(b, "</ogc:Literal>");
        }
        pm_sbuf_addf(b, "</%s>", tag);
    }
    if (f->n_values > 1)
        pm_sbuf_add(b, "</ogc:Or>");
}

static void ogc_literal(pm_sbuf *b, const char *tag, double v)
{
    pm_sbuf_addf(b, "<%s><ogc:Literal>", tag);
    pm_sbuf_number(b, v);
    pm_sbuf_addf(b, "</ogc:Literal></%s>", tag);
}

static void ogc_test(pm_sbuf *b, const pm_filter *f)
{
    static const char *const TAGS[] = {
        "ogc:PropertyIsGreaterThan", "ogc:PropertyIsGreaterThanOrEqualTo",
        "ogc:PropertyIsLessThan", "ogc:PropertyIsLessThanOrEqualTo", "ogc:PropertyIsBetween",
    };
    const pm_condition *c = f->test;
    int like = c->op == PM_COND_LIKE, n = like ? c->n_values : 1;
    pm_sbuf_add(b, n > 1 ? "<ogc:Or>" : "");
    for (int i = 0; i < n; i++) {
        pm_sbuf_add(b, like ? "<ogc:PropertyIsLike wildCard=\"%\" singleChar=\"_\" escapeChar=\"\\\">"
                            : "");
        if (!like)
            pm_sbuf_addf(b, "<%s>", TAGS[c->op - PM_COND_GT]);
        pm_sbuf_add(b, "<ogc:PropertyName>");
        pm_sbuf_xml(b, f->field);
        pm_sbuf_add(b, "</ogc:PropertyName>");
        if (like) {
            pm_sbuf_add(b, "<ogc:Literal>");
            pm_sbuf_xml(b, c->values[i]);
            pm_sbuf_add(b, "</ogc:Literal></ogc:PropertyIsLike>");
        } else if (c->op == PM_COND_BETWEEN) {
            ogc_literal(b, "ogc:LowerBoundary", c->num[0]);
            ogc_literal(b, "ogc:UpperBoundary", c->num[1]);
        } else {
            pm_sbuf_add(b, "<ogc:Literal>");
            pm_sbuf_number(b, c->num[0]);
            pm_sbuf_add(b, "</ogc:Literal>");
        }
        if (!like)
            pm_sbuf_addf(b, "</%s>", TAGS[c->op - PM_COND_GT]);
    }
    pm_sbuf_add(b, n > 1 ? "</ogc:Or>" : "");
}

/* An AND of nothing matches everything: no filter element at all. */
static const pm_filter_syntax OGC_FILTER = {
    ogc_in, ogc_test, "<ogc:Not>", "</ogc:Not>", "", "<ogc:And>", "", "</ogc:And>", "", "",
    "<ogc:Or>", "", "</ogc:Or>",
};

static void symbolizer(pm_sbuf *b, int geom_kind, const pm_style *s)
{
    if (geom_kind == PM_GEOM_POLYGON) {
        pm_sbuf_add(b, "<se:PolygonSymbolizer>");
        fill(b, s->fill, s->opacity);
        if (s->width > 0 && s->stroke.a > 0)
            stroke(b, s);
        pm_sbuf_add(b, "</se:PolygonSymbolizer>\n");
    } else if (geom_kind == PM_GEOM_LINE) {
        pm_sbuf_add(b, "<se:LineSymbolizer>");
        stroke(b, s);
        pm_sbuf_add(b, "</se:LineSymbolizer>\n");
    } else if (s->marker != PM_MARKER_NONE) {
        pm_sbuf_addf(b, "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>%s"
                        "</se:WellKnownName>", pm_marker_sld_name(s->marker));
        fill(b, s->fill, s->opacity);
        stroke(b, s);
        pm_sbuf_addf(b, "</se:Mark><se:Size>%g</se:Size>", s->marker_size * PX_PER_PT);
        if (s->marker == PM_MARKER_DIAMOND)
            pm_sbuf_add(b, "<se:Rotation>45</se:Rotation>");
        pm_sbuf_add(b, "</se:Graphic></se:PointSymbolizer>\n");
    }
}

/* SLD labels mix text and properties; number formats are not kept. */
static void label_part(const char *text, int is_field, int decimals, int grouped, void *ctx)
{
    (void)decimals, (void)grouped;
    pm_sbuf *b = ctx;
    pm_sbuf_add(b, is_field ? "<ogc:PropertyName>" : "");
    pm_sbuf_xml(b, text);
    pm_sbuf_add(b, is_field ? "</ogc:PropertyName>" : "");
}

static void text_symbolizer(pm_sbuf *b, const pm_style *s)
{
    char family[256];
    int bold = 0;
    pm_font_family(s->font, family, sizeof family, &bold);
    pm_sbuf_add(b, "<se:TextSymbolizer><se:Label>");
    if (pm_label_is_template(s->label))
        pm_label_parts(s->label, label_part, b);
    else
        label_part(s->label, 1, -1, 0, b);
    pm_sbuf_add(b, "</se:Label><se:Font>"
                   "<se:SvgParameter name=\"font-family\">");
    pm_sbuf_xml(b, family);
    pm_sbuf_add(b, "</se:SvgParameter>");
    param(b, "font-size", "%g", s->font_size * PX_PER_PT);
    if (bold)
        pm_sbuf_add(b, "<se:SvgParameter name=\"font-weight\">bold</se:SvgParameter>");
    pm_sbuf_add(b, "</se:Font>");
    if (s->halo_width > 0 && s->halo.a > 0) {
        pm_sbuf_addf(b, "<se:Halo><se:Radius>%g</se:Radius>", s->halo_width * PX_PER_PT);
        fill(b, s->halo, 1);
        pm_sbuf_add(b, "</se:Halo>");
    }
    fill(b, s->text_color, 1);
    pm_sbuf_add(b, "</se:TextSymbolizer>\n");
}

static void rule(pm_sbuf *b, const pm_export_layer *el, const pm_style_class *c)
{
    pm_sbuf_add(b, "<se:Rule><se:Name>");
    pm_sbuf_xml(b, c->label);
    pm_sbuf_add(b, "</se:Name><se:Description><se:Title>");
    pm_sbuf_xml(b, c->label);
    pm_sbuf_add(b, "</se:Title></se:Description>\n");
    if (c->filter.n_kids > 0) {
        pm_sbuf_add(b, "<ogc:Filter xmlns:ogc=\"http://www.opengis.net/ogc\">");
        pm_filter_write(b, &c->filter, &OGC_FILTER);
        pm_sbuf_add(b, "</ogc:Filter>\n");
    }
    symbolizer(b, el->geom_kind, &c->style);
    if (c->style.label && *c->style.label && c->style.opacity > 0)
        text_symbolizer(b, &c->style);
    pm_sbuf_add(b, "</se:Rule>\n");
}

char *pm_export_sld(const pm_export_layer *el)
{
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" "
                    "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
                    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\" "
                    "xsi:schemaLocation=\"http://www.opengis.net/sld "
                    "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
                    "<NamedLayer><se:Name>");
    pm_sbuf_xml(&b, el->name);
    pm_sbuf_add(&b, "</se:Name>\n<UserStyle><se:Name>");
    pm_sbuf_xml(&b, el->name);
    pm_sbuf_add(&b, "</se:Name>\n<se:FeatureTypeStyle>\n");
    for (int i = 0; i < el->n_classes; i++)
        rule(&b, el, &el->classes[i]);
    pm_sbuf_add(&b, "</se:FeatureTypeStyle>\n</UserStyle>\n</NamedLayer>\n"
                    "</StyledLayerDescriptor>\n");
    return pm_sbuf_take(&b);
}
