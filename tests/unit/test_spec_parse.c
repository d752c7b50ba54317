/* Parsing valid map specs: every key, the defaults, resolved sources. */
#include "pm_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_source.h"
#include "pm_spec_data.h"

/* Specs are written with ' for " so they read cleanly in C. */
static const char *json(const char *text)
{
    static char buf[8192];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *p = buf; *p; p++)
        if (*p == '\'')
            *p = '"';
    return buf;
}

static pm_spec *parse_at(const char *path, const char *text)
{
    pm_error err = {0};
    const char *t = json(text);
    pm_spec *spec = pm_spec_parse(t, strlen(t), path, &err);
    if (!spec)
        fail_msg("parse failed: %s", err.msg);
    return spec;
}

static const char *FULL =
    "{'title': '重庆高新区“北研发—中转化—南制造”空间布局',"
    " 'subtitle': 'Chongqing High-tech Zone',"
    " 'page': {'size': 'A3', 'orientation': 'portrait', 'dpi': 300},"
    " 'crs': 'EPSG:4547',"
    " 'extent': {'fit': ['zones', 'clusters'], 'margin': 0.08},"
    " 'background': '#fafafa',"
    " 'layers': ["
    "  {'name': 'zones', 'source': '../plans/004-chongqing-htz/areas.geojson',"
    "   'layer': 'areas', 'where': {'kind': 'zone'},"
    "   'style': {'stroke': '#555555', 'width': 0.8, 'label': 'name', 'font_size': 10,"
    "             'fill': 'rgba(0,0,0,0.5)', 'dash': [4, 2.5], 'opacity': 0.9,"
    "             'marker': 'star', 'marker_size': 12, 'font': 'Noto Sans CJK SC',"
    "             'text_color': 'black', 'halo': 'white', 'halo_width': 1.5},"
    "   'rules': ["
    "    {'where': {'role': '研发'}, 'fill': '#4e79a7', 'opacity': 0.35, 'legend': '北部研发策源地'},"
    "    {'where': {'role': ['转化', '服务']}, 'fill': '#f28e2b', 'legend': '中部转化引领区'},"
    "    {'label': null, 'stroke': 'none'}"
    "   ],"
    "   'legend': true},"
    "  {'name': 'clusters', 'source': 'clusters.geojson', 'legend': false}"
    " ],"
    " 'legend': {'show': true, 'title': 'Legend'},"
    " 'scale_bar': false,"
    " 'north_arrow': false,"
    " 'notes': ['Zone boundaries are schematic.', '来源：规划文本']"
    "}";

static void test_full_spec(void **state)
{
    (void)state;
    pm_spec *s = parse_at("/srv/data/maps/htz.json", FULL);
    assert_string_equal(s->path, "/srv/data/maps/htz.json");
    assert_string_equal(s->dir, "/srv/data/maps");
    assert_string_equal(s->title, "重庆高新区“北研发—中转化—南制造”空间布局");
    assert_string_equal(s->subtitle, "Chongqing High-tech Zone");
    assert_true(s->page.width_mm == 297 && s->page.height_mm == 420);
    assert_true(s->page.dpi == 300);
    assert_int_equal(s->page.width_px, 0);
    assert_string_equal(s->crs, "EPSG:4547");
    assert_int_equal(s->extent_mode, PM_EXTENT_AUTO);
    assert_int_equal(s->n_extent_layers, 2);
    assert_string_equal(s->extent_layers[0], "zones");
    assert_string_equal(s->extent_layers[1], "clusters");
    assert_true(s->margin == 0.08);
    assert_string_equal(s->background, "#fafafa");
    assert_true(fabs(s->background_color.r - 0xfa / 255.0) < 1e-9);
    assert_int_equal(s->legend, 1);
    assert_string_equal(s->legend_title, "Legend");
    assert_int_equal(s->scale_bar, 0);
    assert_int_equal(s->north_arrow, 0);
    assert_int_equal(s->n_notes, 2);
    assert_string_equal(s->notes[1], "来源：规划文本");

    assert_int_equal(s->n_layers, 2);
    const pm_layer_spec *z = &s->layers[0];
    assert_string_equal(z->name, "zones");
    assert_string_equal(z->source, "/srv/data/plans/004-chongqing-htz/areas.geojson");
    assert_string_equal(z->layer, "areas");
    assert_int_equal(z->n_where, 1);
    assert_string_equal(z->where[0].field, "kind");
    assert_int_equal(z->where[0].n_values, 1);
    assert_string_equal(z->where[0].values[0], "zone");
    assert_int_equal(z->where[0].negate, 0);
    assert_int_equal(z->legend, 1);

    const pm_style *st = &z->style;
    unsigned all = PM_STYLE_FILL | PM_STYLE_STROKE | PM_STYLE_WIDTH | PM_STYLE_DASH |
                   PM_STYLE_OPACITY | PM_STYLE_MARKER | PM_STYLE_MARKER_SIZE | PM_STYLE_LABEL |
                   PM_STYLE_FONT | PM_STYLE_FONT_SIZE | PM_STYLE_TEXT_COLOR | PM_STYLE_HALO |
                   PM_STYLE_HALO_WIDTH;
    assert_int_equal(st->set, all);
    assert_true(fabs(st->stroke.r - 0x55 / 255.0) < 1e-9 && st->stroke.a == 1);
    assert_true(st->fill.a == 0.5);
    assert_true(st->width == 0.8);
    assert_int_equal(st->n_dash, 2);
    assert_true(st->dash[0] == 4 && st->dash[1] == 2.5);
    assert_true(st->opacity == 0.9);
    assert_int_equal(st->marker, PM_MARKER_STAR);
    assert_true(st->marker_size == 12);
    assert_string_equal(st->label, "name");
    assert_string_equal(st->font, "Noto Sans CJK SC");
    assert_true(st->font_size == 10);
    assert_true(st->text_color.r == 0 && st->text_color.a == 1);
    assert_true(st->halo.r == 1 && st->halo.g == 1);
    assert_true(st->halo_width == 1.5);

    assert_int_equal(z->n_rules, 3);
    const pm_rule *r0 = &z->rules[0], *r1 = &z->rules[1], *r2 = &z->rules[2];
    assert_int_equal(r0->style.set, PM_STYLE_FILL | PM_STYLE_OPACITY);
    assert_true(r0->style.opacity == 0.35);
    assert_string_equal(r0->legend, "北部研发策源地");
    assert_string_equal(r0->where[0].field, "role");
    assert_string_equal(r0->where[0].values[0], "研发");
    assert_int_equal(r1->where[0].n_values, 2);
    assert_string_equal(r1->where[0].values[1], "服务");
    assert_string_equal(r1->legend, "中部转化引领区");
    /* A rule with no "where" always matches; label null means "no label". */
    assert_int_equal(r2->n_where, 0);
    assert_null(r2->legend);
    assert_int_equal(r2->style.set, PM_STYLE_LABEL | PM_STYLE_STROKE);
    assert_null(r2->style.label);
    assert_true(r2->style.stroke.a == 0);

    const pm_layer_spec *c = &s->layers[1];
    assert_string_equal(c->source, "/srv/data/maps/clusters.geojson");
    assert_null(c->layer);
    assert_int_equal(c->legend, 0);
    assert_int_equal(c->style.set, 0);
    assert_int_equal(c->n_rules, 0);
    pm_spec_destroy(s);
}

static void test_defaults(void **state)
{
    (void)state;
    pm_spec *s = parse_at("map.json", "{'title': 't', 'layers': [{'name': 'a', 'source': 'a.geojson'}]}");
    assert_string_equal(s->dir, ".");
    assert_null(s->subtitle);
    /* A4 landscape at 150 dpi. */
    assert_true(s->page.width_mm == 297 && s->page.height_mm == 210);
    assert_true(s->page.dpi == 150);
    assert_int_equal(s->page.width_px, 0);
    assert_int_equal(s->page.height_px, 0);
    assert_string_equal(s->crs, "auto");
    assert_int_equal(s->extent_mode, PM_EXTENT_AUTO);
    assert_int_equal(s->n_extent_layers, 0);
    assert_true(s->margin == 0.06);
    assert_null(s->background);
    assert_int_equal(s->legend, 1);
    assert_string_equal(s->legend_title, "图例");
    assert_int_equal(s->scale_bar, 1);
    assert_int_equal(s->north_arrow, 1);
    assert_int_equal(s->n_notes, 0);
    assert_int_equal(s->layers[0].legend, 1);
    assert_string_equal(s->layers[0].source, "a.geojson");
    pm_spec_destroy(s);
}

static void test_pages(void **state)
{
    (void)state;
    struct { const char *page; double w, h, dpi; int px_w, px_h; } cases[] = {
        {"{'size': 'A4', 'orientation': 'portrait'}", 210, 297, 150, 0, 0},
        {"{'orientation': 'portrait'}", 210, 297, 150, 0, 0},
        {"{'size': 'A5'}", 210, 148, 150, 0, 0},
        {"{'size': 'a3', 'dpi': 72}", 420, 297, 72, 0, 0},
        {"{'size': 'letter', 'dpi': 1200}", 279.4, 215.9, 1200, 0, 0},
        {"{'width_mm': 160, 'height_mm': 90, 'dpi': 36}", 160, 90, 36, 0, 0},
        {"{'width_px': 1920, 'height_px': 1080}", 297, 210, 150, 1920, 1080},
        {"{'width_px': 16, 'height_px': 20000, 'dpi': 96}", 297, 210, 96, 16, 20000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{'title': 't', 'page': %s, 'layers': [{'name': 'a', 'source': 'a'}]}",
                 cases[i].page);
        pm_spec *s = parse_at("map.json", text);
        if (s->page.width_mm != cases[i].w || s->page.height_mm != cases[i].h ||
            s->page.dpi != cases[i].dpi || s->page.width_px != cases[i].px_w ||
            s->page.height_px != cases[i].px_h)
            fail_msg("page %s -> %g x %g mm, %g dpi, %d x %d px", cases[i].page,
                     s->page.width_mm, s->page.height_mm, s->page.dpi, s->page.width_px,
                     s->page.height_px);
        pm_spec_destroy(s);
    }
}

static void test_extent_forms(void **state)
{
    (void)state;
    pm_spec *s = parse_at("m.json", "{'title': 't', 'extent': 'auto', 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->extent_mode, PM_EXTENT_AUTO);
    assert_int_equal(s->n_extent_layers, 0);
    pm_spec_destroy(s);

    s = parse_at("m.json", "{'title': 't', 'extent': {'bbox': [103.5, 29.8, 104.5, 31], 'margin': 0},"
                           " 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->extent_mode, PM_EXTENT_BOX);
    assert_true(s->extent[0] == 103.5 && s->extent[1] == 29.8);
    assert_true(s->extent[2] == 104.5 && s->extent[3] == 31);
    assert_true(s->margin == 0);
    pm_spec_destroy(s);

    s = parse_at("m.json", "{'title': 't', 'extent': {'fit': [], 'margin': 0.5},"
                           " 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->extent_mode, PM_EXTENT_AUTO);
    assert_int_equal(s->n_extent_layers, 0);
    assert_true(s->margin == 0.5);
    pm_spec_destroy(s);

    s = parse_at("m.json", "{'title': 't', 'legend': false, 'layers': [{'name': 'a', 'source': 'a'}]}");
    assert_int_equal(s->legend, 0);
    assert_string_equal(s->legend_title, "图例");
    pm_spec_destroy(s);
}

/* Relative sources resolve against the spec's folder, cleaned lexically;
 * absolute paths and GDAL connection strings are kept as written. */
static void test_source_resolution(void **state)
{
    (void)state;
    struct { const char *spec, *source, *want; } cases[] = {
        {"map.json", "a.geojson", "a.geojson"},
        {"map.json", "./x/../a.geojson", "a.geojson"},
        {"map.json", "../a.geojson", "../a.geojson"},
        {"maps/m.json", "a.geojson", "maps/a.geojson"},
        {"maps/m.json", "../plans/p/a.geojson", "plans/p/a.geojson"},
        {"maps/m.json", "../../a.geojson", "../a.geojson"},
        {"data/maps/m.json", "../plans//p/./a.geojson", "data/plans/p/a.geojson"},
        {"../maps/m.json", "../plans/a.geojson", "../plans/a.geojson"},
        {"/m.json", "a.geojson", "/a.geojson"},
        {"/m.json", "../a.geojson", "/a.geojson"},
        {"/d/m.json", "/abs/a.gpkg", "/abs/a.gpkg"},
        {"/d/m.json", "/vsizip/x.zip/a.shp", "/vsizip/x.zip/a.shp"},
        {"/d/m.json", "PG:dbname=plans", "PG:dbname=plans"},
        {"/d/m.json", "https://example.org/a.geojson", "https://example.org/a.geojson"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "{'title': 't', 'layers': [{'name': 'a', 'source': '%s'}]}",
                 cases[i].source);
        pm_spec *s = parse_at(cases[i].spec, text);
        if (strcmp(s->layers[0].source, cases[i].want) != 0)
            fail_msg("%s + %s -> %s, want %s", cases[i].spec, cases[i].source,
                     s->layers[0].source, cases[i].want);
        pm_spec_destroy(s);
    }
}

/* Spec text that is no file: its name in messages, its sources read from
 * the folder given (or from the name's folder, or the working directory). */
static void test_parse_in_base(void **state)
{
    (void)state;
    const char *t = json("{'title': 't', 'layers': [{'name': 'a', 'source': '../p/a.geojson'},"
                         " {'name': 'b', 'source': '/abs/b.shp'}]}");
    pm_error err = {0};
    pm_spec *s = pm_spec_parse_in(t, strlen(t), "<spec>", "/data/maps", &err);
    assert_non_null(s);
    assert_string_equal(pm_spec_path(s), "<spec>");
    assert_string_equal(pm_spec_layer_source(s, 0), "/data/p/a.geojson");
    assert_string_equal(pm_spec_layer_source(s, 1), "/abs/b.shp");
    pm_spec_destroy(s);
    s = pm_spec_parse_in(t, strlen(t), NULL, NULL, &err);
    assert_string_equal(pm_spec_path(s), "<spec>");
    assert_string_equal(pm_spec_layer_source(s, 0), "../p/a.geojson");
    pm_spec_destroy(s);
    s = pm_spec_parse_in(t, strlen(t), "maps/m.json", "", &err);
    assert_string_equal(pm_spec_layer_source(s, 0), "p/a.geojson");
    pm_spec_destroy(s);
    const char *bad = json("{'title': 't', 'layers': [{'name': 'a', 'source': 'a', 'style': 1}]}");
    assert_null(pm_spec_parse_in(bad, strlen(bad), NULL, "/d", &err));
    assert_int_equal(err.status, PM_ERR_SPEC);
    assert_true(strncmp(err.msg, "<spec>: layers[0].style: ", 25) == 0);
}

/* A layer's "data": GeoJSON given inline is read like a file, from memory
 * named after the layer, for as long as the spec lives. */
static void test_inline_data(void **state)
{
    (void)state;
    pm_geo_init_lean();
    pm_spec *s = parse_at("maps/m.json",
        "{'title': 't', 'layers': [{'name': 'zones/a', 'data': {'type': 'FeatureCollection',"
        " 'features': [{'type': 'Feature', 'properties': {'name': '西区', 'n': 2},"
        " 'geometry': {'type': 'Point', 'coordinates': [104.1, 30.6]}}]}},"
        " {'name': 'b', 'data': {'type': 'Feature', 'properties': {},"
        " 'geometry': {'type': 'Point', 'coordinates': [1, 2]}}}]}");
    const char *src = pm_spec_layer_source(s, 0);
    assert_true(pm_source_is_memory(src));
    assert_true(strstr(src, "/zones_a.geojson") != NULL);
    assert_string_not_equal(src, pm_spec_layer_source(s, 1));
    pm_error err = {0};
    pm_load_options opts = {0};
    pm_layer *l = pm_layer_load(src, &opts, &err);
    if (!l)
        fail_msg("%s", err.msg);
    assert_int_equal(l->n_features, 1);
    assert_string_equal(pm_feature_value(l, &l->features[0], "name"), "西区");
    assert_true(fabs(l->features[0].xy[0] - 104.1) < 1e-9);
    pm_layer_destroy(l);
    l = pm_layer_load(pm_spec_layer_source(s, 1), &opts, &err);
    assert_non_null(l);
    assert_int_equal(l->n_features, 1);
    pm_layer_destroy(l);
    char *kept = pm_strdup(src);
    pm_spec_destroy(s);
    assert_null(pm_layer_load(kept, &opts, &err));   /* gone with its spec */
    free(kept);
}

/* Condition values are kept as the strings features are compared with. */
static void test_condition_values(void **state)
{
    (void)state;
    pm_spec *s = parse_at("m.json",
        "{'title': 't', 'layers': [{'name': 'a', 'source': 'a', 'where': {"
        " 'n': 3, 'r': 2.5, 'f': 3.0, 'big': 12345678901, 'neg': -7, 'b': true, 'z': null,"
        " 'any': ['x', 1, null], 'not': {'not': ['p', 'q']}, 'nn': {'not': null}}}]}");
    const pm_layer_spec *l = &s->layers[0];
    assert_int_equal(l->n_where, 10);
    assert_string_equal(l->where[0].field, "n");
    assert_string_equal(l->where[0].values[0], "3");
    assert_string_equal(l->where[1].values[0], "2.5");
    assert_string_equal(l->where[2].values[0], "3");
    assert_string_equal(l->where[3].values[0], "12345678901");
    assert_string_equal(l->where[4].values[0], "-7");
    assert_int_equal(l->where[5].n_values, 2);
    assert_string_equal(l->where[5].values[0], "1");
    assert_string_equal(l->where[5].values[1], "true");
    assert_int_equal(l->where[6].n_values, 1);
    assert_null(l->where[6].values[0]);
    assert_int_equal(l->where[7].n_values, 3);
    assert_string_equal(l->where[7].values[1], "1");
    assert_null(l->where[7].values[2]);
    assert_string_equal(l->where[8].field, "not");
    assert_int_equal(l->where[8].negate, 1);
    assert_int_equal(l->where[8].n_values, 2);
    assert_int_equal(l->where[9].negate, 1);
    assert_null(l->where[9].values[0]);
    pm_spec_destroy(s);
}

/* The file loader: reads the file, names it in messages, anchors sources. */
static void test_load_file(void **state)
{
    (void)state;
    const char *path = pm_test_write("plan.json", json(FULL));
    pm_error err = {0};
    pm_spec *s = pm_spec_load(path, &err);
    if (!s)
        fail_msg("%s", err.msg);
    assert_string_equal(s->path, path);
    assert_string_equal(s->dir, pm_test_tmpdir());
    char want[4200];
    snprintf(want, sizeof want, "%s/clusters.geojson", pm_test_tmpdir());
    assert_string_equal(s->layers[1].source, want);
    pm_spec_destroy(s);

    /* A byte order mark and CRLF line ends, as some editors write. */
    path = pm_test_write("bom.json", "\xef\xbb\xbf{\"title\": \"t\",\r\n"
                                     "\"layers\": [{\"name\": \"a\", \"source\": \"a\"}]}\r\n");
    s = pm_spec_load(path, &err);
    if (!s)
        fail_msg("%s", err.msg);
    pm_spec_destroy(s);
}

/* A large but valid document parses (json-c is fed in chunks). */
static void test_large_document(void **state)
{
    (void)state;
    int n = 150000;
    size_t cap = (size_t)n * 40 + 256;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "{\"title\": \"t\", \"layers\": [{\"name\": \"a\", "
                                             "\"source\": \"a\"}], \"notes\": [");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s\"note number %d\"\n", i ? "," : "", i);
    len += (size_t)snprintf(text + len, cap - len, "]}");
    assert_true(len > (2u << 20));
    pm_error err = {0};
    pm_spec *s = pm_spec_parse(text, len, "big.json", &err);
    if (!s)
        fail_msg("%s", err.msg);
    assert_int_equal(s->n_notes, n);
    assert_string_equal(s->notes[n - 1], "note number 149999");
    pm_spec_destroy(s);
    free(text);
}

/* The public handle's accessors read what the parser stored, and are safe
 * on an index out of range and on NULL. */
static void test_accessors(void **state)
{
    (void)state;
    pm_spec *s = parse_at("maps/m.json", FULL);
    assert_string_equal(pm_spec_path(s), "maps/m.json");
    assert_string_equal(pm_spec_title(s), "重庆高新区“北研发—中转化—南制造”空间布局");
    assert_string_equal(pm_spec_subtitle(s), "Chongqing High-tech Zone");
    assert_int_equal(pm_spec_layer_count(s), 2);
    assert_string_equal(pm_spec_layer_name(s, 1), "clusters");
    assert_string_equal(pm_spec_layer_source(s, 0), "plans/004-chongqing-htz/areas.geojson");
    assert_string_equal(pm_spec_layer_source(s, 1), "maps/clusters.geojson");
    assert_null(pm_spec_layer_name(s, 2));
    assert_null(pm_spec_layer_source(s, -1));
    assert_null(pm_spec_inset_source(s));
    pm_spec_destroy(s);
    assert_null(pm_spec_title(NULL));
    assert_int_equal(pm_spec_layer_count(NULL), 0);
}

PM_TEST_MAIN(test_full_spec,
             test_defaults,
             test_pages,
             test_extent_forms,
             test_source_resolution,
             test_accessors,
             test_parse_in_base,
             test_inline_data,
             test_condition_values,
             test_load_file,
             test_large_document)
