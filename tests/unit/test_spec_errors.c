/* Every way a spec can be wrong: the status and the exact one-line message. */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec.h"

typedef struct error_case {
    const char *text;     /* ' stands for " */
    const char *message;  /* after "map.json: " */
} error_case;

#define L "{'name': 'a', 'source': 'a'}"
#define TOP(rest) "{'title': 't', 'layers': [" L "], " rest "}"
#define LAYER(rest) "{'title': 't', 'layers': [{'name': 'a', 'source': 'a', " rest "}]}"

static const error_case SPEC_ERRORS[] = {
    /* the examples of the spec's documentation */
    {"{'title': 't', 'layers': [" L ", {'name': 'b', 'source': 'b'},"
     " {'name': 'c', 'source': 'c', 'rules': [{'stroke': 12}]}]}",
     "layers[2].rules[0].stroke: expected a colour, got 12"},
    {LAYER("'style': {'widht': 1}"), "layers[0].style.widht: unknown key (did you mean \"width\"?)"},
    {TOP("'page': {'dpi': 0}"), "page.dpi: expected a number from 36 to 1200, got 0"},
    /* required keys, top level */
    {"{'layers': [" L "]}", "title: required key missing"},
    {"{'title': 't'}", "layers: required key missing"},
    {"{'title': 't', 'layers': [{'name': 'a'}]}", "layers[0].source: required key missing"},
    {"{'title': 't', 'layers': [{'source': 'a'}]}", "layers[0].name: required key missing"},
    /* features given inline */
    {"{'title': 't', 'layers': [{'name': 'a', 'data': 'a.geojson'}]}",
     "layers[0].data: expected a GeoJSON FeatureCollection or Feature, got a string (\"a.geojson\")"},
    {"{'title': 't', 'layers': [{'name': 'a', 'data': {'type': 'Point', 'coordinates': [1, 2]}}]}",
     "layers[0].data: expected a GeoJSON FeatureCollection or Feature, got an object"},
    {LAYER("'data': {'type': 'FeatureCollection', 'features': []}"),
     "layers[0].data: a layer has a \"source\" or \"data\", not both"},
    {"{'title': 't', 'layers': [{'name': 'a', 'raster': {},"
     " 'data': {'type': 'FeatureCollection', 'features': []}}]}",
     "layers[0].data: a raster layer has no features: \"data\" is for vector layers"},
    {"{'title': 't', 'layers': []}", "layers: expected at least one layer, got an empty array"},
    {"[1]", "top level: expected an object, got an array"},
    {"'x'", "top level: expected an object, got a string (\"x\")"},
    {"null", "top level: expected an object, got null"},
    /* wrong types, each named */
    {"{'title': 5, 'layers': [" L "]}", "title: expected a string, got 5"},
    {"{'title': 't', 'layers': {}}", "layers: expected an array of layers, got an object"},
    {TOP("'scale_bar': 'yes'"), "scale_bar: expected true, false or one of \"auto\", \"top-left\", \"top-right\", \"bottom-left\", \"bottom-right\", \"top\", \"bottom\", \"inside\", \"outside\", got \"yes\""},
    {TOP("'north_arrow': 1"), "north_arrow: expected true, false or one of \"auto\", \"top-left\", \"top-right\", \"bottom-left\", \"bottom-right\", \"top\", \"bottom\", \"inside\", \"outside\", got 1"},
    {TOP("'notes': [1]"), "notes[0]: expected a string, got 1"},
    {TOP("'notes': 'x'"), "notes: expected an array of strings, got a string (\"x\")"},
    {TOP("'legend': null"), "legend: expected true, false or an object {\"show\", \"title\", \"title_en\", \"position\"}, got null"},
    {TOP("'legend': {'title': []}"), "legend.title: expected a string, got an array"},
    /* positions, pictures and the title block */
    {TOP("'legend': {'position': 'middle'}"), "legend.position: expected one of \"auto\", \"top-left\", "
     "\"top-right\", \"bottom-left\", \"bottom-right\", \"top\", \"bottom\", \"inside\", \"outside\", got \"middle\""},
    {TOP("'legend': {'position': true}"), "legend.position: expected one of \"auto\", \"top-left\", "
     "\"top-right\", \"bottom-left\", \"bottom-right\", \"top\", \"bottom\", \"inside\", \"outside\", got true"},
    {TOP("'inset': {'source': 'p', 'positon': 'top-left'}"), "inset.positon: unknown key (did you mean \"position\"?)"},
    {TOP("'images': {}"), "images: expected an array of images, got an object"},
    {TOP("'images': [{'position': 'top'}]"), "images[0].path: required key missing"},
    {TOP("'images': [{'path': ''}]"), "images[0].path: expected a non-empty string, got \"\""},
    {TOP("'images': [{'path': 'a.png', 'width_mm': 0}]"), "images[0].width_mm: expected a number from 2 to 1000, got 0"},
    {TOP("'images': [{'path': 'a.png', 'widht_mm': 3}]"), "images[0].widht_mm: unknown key (did you mean \"width_mm\"?)"},
    {TOP("'title_block': true"), "title_block: expected false or an object {\"position\", \"width_mm\", \"fields\"}, got a boolean (true)"},
    {TOP("'title_block': {}"), "title_block.fields: required key missing"},
    {TOP("'title_block': {'fields': []}"), "title_block.fields: expected at least one field, got an empty array"},
    {TOP("'title_block': {'fields': [{'label': 'a'}]}"), "title_block.fields[0].value: required key missing"},
    {TOP("'title_block': {'fields': [{'label': 'a', 'value': 1}]}"), "title_block.fields[0].value: expected a string, got 1"},
    {TOP("'title_block': {'position': 'left', 'fields': [{'label': 'a', 'value': 'b'}]}"),
     "title_block.position: expected one of \"auto\", \"top-left\", \"top-right\", \"bottom-left\", "
     "\"bottom-right\", \"top\", \"bottom\", \"inside\", \"outside\", got \"left\""},

    {TOP("'legend': {'title_en': 5}"), "legend.title_en: expected a string, got 5"},
    {TOP("'notes': ['a'], 'notes_en': []"),
     "notes_en: expected one English line for each of the 1 notes, got 0"},
    {TOP("'notes_en': ['a']"), "notes_en: expected one English line for each of the 0 notes, got 1"},
    {TOP("'notes': ['a'], 'notes_en': [1]"), "notes_en[0]: expected a string, got 1"},
    {TOP("'notes': ['a'], 'notes_en': 'a'"), "notes_en: expected an array of strings, got a string (\"a\")"},
    {TOP("'plan_titles_en': ['a']"),
     "plan_titles_en: expected an object {\"<plan title>\": \"<English gloss>\"}, got an array"},
    {TOP("'plan_titles_en': {'p': 1}"), "plan_titles_en.p: expected a string, got 1"},
    {TOP("'plan_titles_en': {'': 'x'}"), "plan_titles_en[\"\"]: expected a plan title, got an empty key"},
    {TOP("'legend': {'shown': true}"), "legend.shown: unknown key (did you mean \"show\"?)"},
    {TOP("'crs': ''"), "crs: expected a non-empty string, got \"\""},
    {TOP("'background': 'blu'"), "background: expected a colour, got \"blu\""},
    {TOP("'background': false"), "background: expected a colour, got a boolean (false)"},
    {TOP("'foo': 1"), "foo: unknown key (allowed: title, subtitle, page, crs, extent, background, "
                      "layers, legend, scale_bar, north_arrow, notes, title_en, subtitle_en, lang, graticule, inset, "
                      "notes_en, plan_titles_en, theme, images, title_block)"},
    {TOP("'titel': 1"), "titel: unknown key (did you mean \"title\"?)"},
    {"{'title': '\\u0000', 'layers': [" L "]}", "title: string contains a NUL character (\\u0000)"},
    /* page */
    {TOP("'page': 'A4'"), "page: expected an object, got a string (\"A4\")"},
    {TOP("'extent': {'scale': 50000, 'bbox': [104, 30, 105, 31]}"), "extent.scale: not allowed together with \"bbox\" (the scale and the frame's size set the area shown)"},
    {TOP("'extent': {'center': [104, 30]}"), "extent.center: needs \"scale\" (a centre places a map at a fixed scale)"},
    {TOP("'extent': {'scale': 50000, 'center': [104, 'x']}"), "extent.center[1]: expected a number from -90 to 90, got a string (\"x\")"},
    {TOP("'page': {'size': 'A6'}"), "page.size: expected one of \"A0\" … \"A5\", \"B0\" … \"B5\", \"letter\", got \"A6\""},
    {TOP("'page': {'orientation': 'sideways'}"),
     "page.orientation: expected \"portrait\" or \"landscape\", got \"sideways\""},
    {TOP("'page': {'dpi': 1201}"), "page.dpi: expected a number from 36 to 1200, got 1201"},
    {TOP("'page': {'dpi': '150'}"), "page.dpi: expected a number from 36 to 1200, got a string (\"150\")"},
    {TOP("'page': {'width_px': 800}"),
     "page.height_px: required key missing (\"width_px\" and \"height_px\" go together)"},
    {TOP("'page': {'height_mm': 100}"),
     "page.width_mm: required key missing (\"width_mm\" and \"height_mm\" go together)"},
    {TOP("'page': {'width_px': 10, 'height_px': 10}"),
     "page.width_px: expected an integer from 16 to 20000, got 10"},
    {TOP("'page': {'width_px': 100.5, 'height_px': 100}"),
     "page.width_px: expected an integer from 16 to 20000, got 100.5"},
    {TOP("'page': {'size': 'A4', 'width_mm': 100, 'height_mm': 100}"),
     "page.width_mm: not allowed together with \"size\""},
    {TOP("'page': {'width_mm': 5, 'height_mm': 100}"),
     "page.width_mm: expected a number from 10 to 5000, got 5"},
    /* extent */
    {TOP("'extent': 'all'"),
     "extent: expected \"auto\" or an object with \"fit\" or \"bbox\", got a string (\"all\")"},
    {TOP("'extent': {'fit': ['a', 'b']}"), "extent.fit[1]: unknown layer \"b\""},
    {"{'title': 't', 'extent': {'fit': ['zone']}, 'layers': [{'name': 'zones', 'source': 'z'}]}",
     "extent.fit[0]: unknown layer \"zone\" (did you mean \"zones\"?)"},
    {TOP("'extent': {'fit': 'a'}"), "extent.fit: expected an array of layer names, got a string (\"a\")"},
    {TOP("'extent': {'bbox': [100, 20, 200, 30]}"),
     "extent.bbox[2]: expected a longitude from -180 to 180, got 200"},
    {TOP("'extent': {'bbox': [100, -91, 110, 30]}"),
     "extent.bbox[1]: expected a latitude from -90 to 90, got -91"},
    {TOP("'extent': {'bbox': [100, 20, 110, '30']}"),
     "extent.bbox[3]: expected a latitude from -90 to 90, got a string (\"30\")"},
    {TOP("'extent': {'bbox': [110, 20, 100, 30]}"),
     "extent.bbox: min_lon (110) must be less than max_lon (100)"},
    {TOP("'extent': {'bbox': [100, 30, 110, 30]}"),
     "extent.bbox: min_lat (30) must be less than max_lat (30)"},
    {TOP("'extent': {'bbox': [100, 20, 110]}"),
     "extent.bbox: expected 4 numbers [min_lon, min_lat, max_lon, max_lat], got 3"},
    {TOP("'extent': {'bbox': [1, 2, 3, 4], 'fit': ['a']}"),
     "extent.bbox: not allowed together with \"fit\""},
    {TOP("'extent': {'margin': 0.7}"), "extent.margin: expected a number from 0 to 0.5, got 0.7"},
    {TOP("'extent': {'margin': -0.1}"), "extent.margin: expected a number from 0 to 0.5, got -0.1"},
    /* layers */
    {"{'title': 't', 'layers': [" L ", " L "]}", "layers[1].name: duplicate layer name \"a\" (also layers[0])"},
    {"{'title': 't', 'layers': ['a']}", "layers[0]: expected a layer object, got a string (\"a\")"},
    {"{'title': 't', 'layers': [{'name': '', 'source': 'a'}]}",
     "layers[0].name: expected a non-empty string, got \"\""},
    {"{'title': 't', 'layers': [{'name': 'a', 'source': 3}]}",
     "layers[0].source: expected a non-empty string, got 3"},
    {LAYER("'fill': 'red'"), "layers[0].fill: unknown key (style keys go in \"style\" or in a rule)"},
    {LAYER("'legend': 'no'"), "layers[0].legend: expected true or false, got a string (\"no\")"},
    {LAYER("'layer': ''"), "layers[0].layer: expected a non-empty string, got \"\""},
    {LAYER("'style': []"), "layers[0].style: expected an object of style keys, got an array"},
    /* style keys */
    {LAYER("'style': {'width': true}"),
     "layers[0].style.width: expected a number from 0 to 100, got a boolean (true)"},
    {LAYER("'style': {'width': 120}"), "layers[0].style.width: expected a number from 0 to 100, got 120"},
    {LAYER("'style': {'font_size': -1}"),
     "layers[0].style.font_size: expected a number from 0 to 500, got -1"},
    {LAYER("'style': {'halo_width': 51}"),
     "layers[0].style.halo_width: expected a number from 0 to 50, got 51"},
    {LAYER("'style': {'dash': [4, 0]}"),
     "layers[0].style.dash[1]: expected a positive number up to 1000 (pt), got 0"},
    {LAYER("'style': {'dash': [1, 1, 1, 1, 1, 1, 1, 1, 1]}"),
     "layers[0].style.dash: expected at most 8 numbers, got 9"},
    /* patterns and line decorations */
    {LAYER("'style': {'hatch': 45}"),
     "layers[0].style.hatch: expected an object with angle, spacing, width, color, got 45"},
    {LAYER("'style': {'hatch': {'angel': 45}}"),
     "layers[0].style.hatch.angel: unknown key (did you mean \"angle\"?)"},
    {LAYER("'style': {'hatch': {'angle': 400}}"),
     "layers[0].style.hatch.angle: expected a number from -360 to 360, got 400"},
    {LAYER("'style': {'hatch': {'angle': [0, 45, 90]}}"),
     "layers[0].style.hatch.angle: expected a number or two (degrees), got an array"},
    {LAYER("'style': {'hatch': {'angle': [0, 'x']}}"),
     "layers[0].style.hatch.angle[1]: expected a number from -360 to 360, got a string (\"x\")"},
    {LAYER("'style': {'cross_hatch': {'angle': [0, 45]}}"),
     "layers[0].style.cross_hatch.angle: expected a number (degrees), got an array"},
    {LAYER("'style': {'hatch': {'spacing': 300}}"),
     "layers[0].style.hatch.spacing: expected a number from 0.5 to 200, got 300"},
    {LAYER("'style': {'hatch': {'spacing': 2, 'width': 3}}"),
     "layers[0].style.hatch: width 3 pt leaves no gap at spacing 2 pt: make it smaller than the spacing"},
    {LAYER("'style': {'hatch': {'color': 'greeen'}}"),
     "layers[0].style.hatch.color: expected a colour, got \"greeen\""},
    {LAYER("'style': {'dots': {'size': 5}}"),
     "layers[0].style.dots: size 5 pt leaves no gap at spacing 4 pt: make it smaller than the spacing"},
    {LAYER("'style': {'dots': {'spacing': 0}}"),
     "layers[0].style.dots.spacing: expected a number from 0.5 to 200, got 0"},
    {LAYER("'style': {'arrow': 'tail'}"),
     "layers[0].style.arrow: expected one of \"none\", \"end\", \"start\", \"both\", got a string (\"tail\")"},
    {LAYER("'style': {'arrow': true}"),
     "layers[0].style.arrow: expected one of \"none\", \"end\", \"start\", \"both\", got a boolean (true)"},
    {LAYER("'style': {'casing': {'width': 1}}"), "layers[0].style.casing.color: required key missing"},
    {LAYER("'style': {'casing': {'width': 60, 'color': 'white'}}"),
     "layers[0].style.casing.width: expected a number from 0.05 to 50, got 60"},
    {LAYER("'rules': [{'casing': 'white'}]"),
     "layers[0].rules[0].casing: expected an object with width and color, got a string (\"white\")"},
    {LAYER("'style': {'dash': 4}"),
     "layers[0].style.dash: expected an array of up to 8 positive numbers, got 4"},
    {LAYER("'style': {'marker': 'cirle'}"),
     "layers[0].style.marker: expected one of \"none\", \"circle\", \"square\", \"triangle\", "
     "\"diamond\", \"star\", got \"cirle\" (did you mean \"circle\"?)"},
    {LAYER("'style': {'label': 5}"), "layers[0].style.label: expected a property name, a template or null, got 5"},
    {LAYER("'style': {'label': ''}"), "layers[0].style.label: expected a non-empty string, got \"\""},
    {LAYER("'style': {'font': ''}"), "layers[0].style.font: expected a non-empty string, got \"\""},
    {LAYER("'style': {'halo': '#12'}"), "layers[0].style.halo: expected a colour, got \"#12\""},
    {LAYER("'style': {'text_color': null}"), "layers[0].style.text_color: expected a colour, got null"},
    /* rules */
    {LAYER("'rules': {}"), "layers[0].rules: expected an array of rules, got an object"},
    {LAYER("'rules': [1]"), "layers[0].rules[0]: expected a rule object, got 1"},
    {LAYER("'rules': [{'opacity': 1.5}]"),
     "layers[0].rules[0].opacity: expected a number from 0 to 1, got 1.5"},
    {LAYER("'rules': [{'lengend': 'x'}]"),
     "layers[0].rules[0].lengend: unknown key (did you mean \"legend\"?)"},
    {LAYER("'rules': [{'legend': 3}]"), "layers[0].rules[0].legend: expected a string, got 3"},
    {LAYER("'rules': [{'where': 'kind=zone'}]"),
     "layers[0].rules[0].where: expected an object of field conditions, got a string (\"kind=zone\")"},
    {LAYER("'rules': [{}, {'where': {'kind': []}}]"),
     "layers[0].rules[1].where.kind: expected at least one value, got an empty array"},
    /* conditions */
    {LAYER("'where': {'kind': {'not': {'not': 1}}}"),
     "layers[0].where.kind.not.not: unknown key (\"not\" takes a value, an array or one operator)"},
    {LAYER("'where': {'kind': {'nope': 1}}"), "layers[0].where.kind.nope: unknown key (did you mean \"not\"?)"},
    {LAYER("'where': {'kind': {'other': 1}}"),
     "layers[0].where.kind.other: unknown key (a condition object holds operators: gt, gte, lt, lte, between, in, like, not)"},
    {LAYER("'where': {'kind': {'gte ': 1}}"),
     "layers[0].where.kind[\"gte \"]: unknown key (did you mean \"gte\"?)"},
    {LAYER("'where': {'invest': {'gt': 'x'}}"),
     "layers[0].where.invest.gt: expected a number, got a string (\"x\")"},
    {LAYER("'where': {'invest': {'lte': null}}"),
     "layers[0].where.invest.lte: expected a number, got null"},
    {LAYER("'where': {'invest': {'between': [1]}}"),
     "layers[0].where.invest.between: expected [low, high], two numbers, got an array"},
    {LAYER("'where': {'invest': {'between': [1, 'a']}}"),
     "layers[0].where.invest.between[1]: expected a number, got a string (\"a\")"},
    {LAYER("'where': {'invest': {'between': [5, 2]}}"),
     "layers[0].where.invest.between: expected low <= high, got [5, 2]"},
    {LAYER("'where': {'kind': {'in': 'a'}}"),
     "layers[0].where.kind.in: expected an array of values, got a string (\"a\")"},
    {LAYER("'where': {'kind': {'in': []}}"),
     "layers[0].where.kind.in: expected at least one value, got an empty array"},
    {LAYER("'where': {'kind': {'like': 3}}"),
     "layers[0].where.kind.like: expected a pattern string, got 3"},
    {LAYER("'where': {'kind': {'like': ['a%', 3]}}"),
     "layers[0].where.kind.like[1]: expected a pattern string, got 3"},
    {LAYER("'where': {'kind': {'not': {'gt': 1, 'lt': 5}}}"),
     "layers[0].where.kind.not: expected one operator (gt, gte, lt, lte, between, like, in), got 2"},
    {LAYER("'where': {'kind': {'not': {'gt': 'x'}}}"),
     "layers[0].where.kind.not.gt: expected a number, got a string (\"x\")"},
    {LAYER("'where': {'any': [{'kind': 'a'}, 'x']}"),
     "layers[0].where.any[1]: expected an object of field conditions, got a string (\"x\")"},
    {LAYER("'where': {'any': [{'kind': 'a'}, {}]}"),
     "layers[0].where.any[1]: expected an object of field conditions, got an empty object"},
    {LAYER("'rules': [{'where': {'any': [{'role': {'in': ['a', {}]}}]}}]"),
     "layers[0].rules[0].where.any[0].role.in[1]: expected a string, number, boolean or null, got an object"},
    {LAYER("'where': {'any': [{'any': [{'v': {'gt': true}}]}]}"),
     "layers[0].where.any[0].any[0].v.gt: expected a number, got a boolean (true)"},
    /* label templates */
    {LAYER("'style': {'label': '{name'}"),
     "layers[0].style.label: label template: an unclosed \"{\" at character 1"},
    {LAYER("'style': {'label': '名称{name}}'}"),
     "layers[0].style.label: label template: a single \"}\" (write \"}}\" for a brace) at character 9"},
    {LAYER("'style': {'label': '{invest:.x}'}"),
     "layers[0].style.label: label template: a bad number format (use {field:.1f}, {field:,} or {field:,.2f}) at character 1"},
    {LAYER("'style': {'label': '{a} {invest:}'}"),
     "layers[0].style.label: label template: a bad number format (use {field:.1f}, {field:,} or {field:,.2f}) at character 5"},
    {LAYER("'style': {'label': '{invest:.20f}'}"),
     "layers[0].style.label: label template: a bad number format (use {field:.1f}, {field:,} or {field:,.2f}) at character 1"},
    {LAYER("'rules': [{'label': '{}'}]"),
     "layers[0].rules[0].label: label template: an empty field name in {} at character 1"},
    {LAYER("'style': {'label': '{{x}}'}"),
     "layers[0].style.label: label template: names no field (write \"{{\" for a brace)"},
    {LAYER("'where': {'kind': [[1]]}"),
     "layers[0].where.kind[0]: expected a string, number, boolean or null, got an array"},
    {LAYER("'where': {'kind': ['a', {}]}"),
     "layers[0].where.kind[1]: expected a string, number, boolean or null, got an object"},
    {LAYER("'where': {'a.b': {}}"),
     "layers[0].where[\"a.b\"]: expected a value, an array or an object of operators, got an empty object"},
    {LAYER("'where': {'': 1}"), "layers[0].where[\"\"]: empty field name"},
    {LAYER("'where': 3"), "layers[0].where: expected an object of field conditions, got 3"},
};

static const char *quote(const char *text)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *p = buf; *p; p++)
        if (*p == '\'')
            *p = '"';
    return buf;
}

static void expect_error(const char *text, size_t len, pm_status status, const char *message)
{
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, len, "map.json", &err);
    if (spec) {
        pm_spec_destroy(spec);
        fail_msg("accepted: %.80s", text);
    }
    if (err.status != status || strcmp(err.msg, message) != 0)
        fail_msg("for %.80s\n  got  [%s] %s\n  want [%s] %s", text, pm_status_name(err.status),
                 err.msg, pm_status_name(status), message);
}

static void test_spec_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof SPEC_ERRORS / sizeof SPEC_ERRORS[0]; i++) {
        const char *text = quote(SPEC_ERRORS[i].text);
        char want[1024];
        snprintf(want, sizeof want, "map.json: %s", SPEC_ERRORS[i].message);
        expect_error(text, strlen(text), PM_ERR_SPEC, want);
    }
}

/* The error-free parse of every valid base shape, so the cases above fail
 * for the reason they name rather than an unrelated one. */
static void test_bases_are_valid(void **state)
{
    (void)state;
    const char *bases[] = {TOP("'scale_bar': true"), LAYER("'legend': false")};
    for (size_t i = 0; i < 2; i++) {
        const char *text = quote(bases[i]);
        pm_error err = {0};
        pm_spec *s = pm_spec_parse(text, strlen(text), "map.json", &err);
        if (!s)
            fail_msg("%s", err.msg);
        pm_spec_destroy(s);
    }
}

typedef struct syntax_case {
    const char *text;
    const char *message;
} syntax_case;

static void test_json_syntax(void **state)
{
    (void)state;
    static const syntax_case cases[] = {
        {"{\n  \"title\": \"t\",\n  \"layers\": [\n    {\"name\": }\n  ]\n}",
         "map.json:4:14: invalid JSON: unexpected character"},
        {"{\"title\": \"t\"", "map.json:1:14: invalid JSON: unexpected end of data"},
        {"{\"a\": 1} x", "map.json:1:10: invalid JSON: unexpected character"},
        {"{\"a\": 1,}", "map.json:1:9: invalid JSON: unexpected character"},
        /* columns count characters, not bytes */
        {"{\"title\": \"图例\",\n \"x\": 图}", "map.json:2:7: invalid JSON: unexpected character"},
        {"{\"title\": \"\xff\"}", "map.json:1:12: invalid JSON: invalid utf-8 string"},
        {"", "map.json:1:1: invalid JSON: the file is empty"},
        {"  \n ", "map.json:2:2: invalid JSON: the file is empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, strlen(cases[i].text), PM_ERR_PARSE, cases[i].message);
}

/* json-c's depth limit ends deep nesting with a message, not a crash. */
static void test_deep_nesting(void **state)
{
    (void)state;
    char text[20100];
    size_t n = (size_t)snprintf(text, sizeof text, "{\"title\": ");
    for (int i = 0; i < 10000; i++)
        text[n++] = '[';
    text[n] = '\0';
    expect_error(text, n, PM_ERR_PARSE, "map.json:1:42: invalid JSON: nesting too deep");
}

/* Line numbers stay right past json-c's chunk boundaries (1 MiB). */
static void test_error_far_into_a_large_file(void **state)
{
    (void)state;
    size_t lines = 3u << 20;
    char *text = malloc(lines + 8);
    assert_non_null(text);
    memset(text, '\n', lines);
    strcpy(text + lines, "{x");
    char want[128];
    snprintf(want, sizeof want, "map.json:%zu:2: invalid JSON: quoted object property name expected",
             lines + 1);
    expect_error(text, lines + 2, PM_ERR_PARSE, want);
    free(text);
}

static void test_unreadable_files(void **state)
{
    (void)state;
    pm_error err = {0};
    const char *missing = pm_test_tmp("missing.json");
    assert_null(pm_spec_load(missing, &err));
    assert_int_equal(err.status, PM_ERR_IO);
    char want[4200];
    snprintf(want, sizeof want, "%s: cannot read: No such file or directory", missing);
    assert_string_equal(err.msg, want);

    pm_error_clear(&err);
    assert_null(pm_spec_load(pm_test_tmpdir(), &err));
    assert_int_equal(err.status, PM_ERR_IO);
    snprintf(want, sizeof want, "%s: cannot read: Is a directory", pm_test_tmpdir());
    assert_string_equal(err.msg, want);

    /* A file's own errors carry its path. */
    const char *bad = pm_test_write("bad.json", "{\"title\": \"t\", \"layers\": 1}");
    pm_error_clear(&err);
    assert_null(pm_spec_load(bad, &err));
    snprintf(want, sizeof want, "%s: layers: expected an array of layers, got 1", bad);
    assert_string_equal(err.msg, want);
    assert_int_equal(err.status, PM_ERR_SPEC);

    /* A NULL error is allowed. */
    assert_null(pm_spec_load(missing, NULL));
    assert_null(pm_spec_parse("[", 1, "x.json", NULL));
}

/* Every cut-short or byte-damaged copy of a valid spec is either parsed or
 * refused with a one-line message: never a crash or a leak (run under ASan). */
static void test_damaged_specs(void **state)
{
    (void)state;
    const char *text = quote(
        "{'title': '北研发', 'page': {'size': 'A4', 'dpi': 150}, 'extent': {'fit': ['a']},"
        " 'layers': [{'name': 'a', 'source': 'a', 'where': {'k': {'not': [1, null]}},"
        " 'style': {'fill': 'rgba(1,2,3,0.5)', 'dash': [1, 2], 'label': 'name'},"
        " 'rules': [{'where': {'r': true}, 'stroke': '#fff', 'legend': '研发'}]}],"
        " 'legend': {'title': '图例'}, 'notes': ['n']}");
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    int refused = 0;
    for (size_t cut = 0; cut < len; cut++) {
        pm_error err = {0};
        pm_spec *s = pm_spec_parse(text, cut, "map.json", &err);
        assert_null(s);   /* every strict prefix is incomplete JSON */
        assert_int_equal(err.status, PM_ERR_PARSE);
        assert_null(strchr(err.msg, '\n'));
    }
    static const char junk[] = {'"', '{', ']', ',', '0', 'x', ' ', '\\', (char)0xe5};
    for (size_t i = 0; i < len; i++) {
        for (size_t j = 0; j < sizeof junk; j++) {
            memcpy(copy, text, len + 1);
            copy[i] = junk[j];
            pm_error err = {0};
            pm_spec *s = pm_spec_parse(copy, len, "map.json", &err);
            if (s) {
                pm_spec_destroy(s);
                continue;
            }
            refused++;
            assert_true(err.status == PM_ERR_PARSE || err.status == PM_ERR_SPEC);
            assert_true(strncmp(err.msg, "map.json", 8) == 0);
        }
    }
    assert_true(refused > (int)len);
    free(copy);
}

PM_TEST_MAIN(test_bases_are_valid,
             test_spec_errors,
             test_json_syntax,
             test_deep_nesting,
             test_error_far_into_a_large_file,
             test_unreadable_files,
             test_damaged_specs)
