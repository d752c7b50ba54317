/* Layers that are only drawn are not kept by a lean map (planmap render):
 * each render reads them chunk by chunk. The picture and the label boxes
 * must be those of a map that keeps every feature, on one thread and on
 * two; an error in a late chunk must fail the render as the whole load
 * fails, naming the same feature, and leave no file. Layers labels, plans
 * or another layer need are kept. Data are written through OGR here. */
#include "pm_test.h"

#include <cairo.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ogr_write.h"
#include "pm_map_data.h"
#include "pm_render.h"

#define N 40000

/* Hexagons (every fifth with a hole), wavy lines and points, crowded
 * towards the north-west; feature `bad` of the polygons (or none) has a
 * vertex that is not a number. In one GeoPackage, or in a folder of
 * FlatGeobuf files (a path ending in '/'), one per layer. */
static void write_data(const char *path, int bad)
{
    GDALAllRegister();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    int folder = dir[strlen(dir) - 1] == '/';
    if (folder)
        dir[strlen(dir) - 1] = '\0';
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName(folder ? "FlatGeobuf" : "GPKG"), dir, 0, 0, 0,
                                 GDT_Unknown, NULL);
    assert_non_null(ds);
    const char *fields[] = {"name", "cls", NULL}, *with_plan[] = {"name", "cls", "plan", NULL};
    OGRLayerH polys = ogr_new_layer(ds, "polys", wkbPolygon, fields);
    OGRLayerH lines = ogr_new_layer(ds, "lines", wkbLineString, fields);
    OGRLayerH points = ogr_new_layer(ds, "points", wkbPoint, fields);
    OGRLayerH planned = ogr_new_layer(ds, "planned", wkbPoint, with_plan);
    OGRLayerH sites = ogr_new_layer(ds, "sites", wkbPoint, fields);
    const char *a[] = {NULL, "a"}, *b[] = {NULL, "b"};
    const char *plan[] = {NULL, "a", "成都高新区“十四五”规划"};
    GDALDatasetStartTransaction(ds, FALSE);
    for (int i = 0; i < N; i++) {
        double x, y;
        ogr_spot(i, 3, 0.5, &x, &y);
        ogr_add(polys, ogr_hexagon(x, y, i % 5 == 0, i == bad), i % 3 ? a : b);
        ogr_add(lines, ogr_wave(x, y, i), a);
        ogr_spot(i + N, 3, 0.5, &x, &y);
        ogr_add(points, ogr_point(x, y), i % 2 ? a : b);
        if (i % 4 == 0) {
            ogr_spot(i + 3 * N, 3, 0.5, &x, &y);
            ogr_add(planned, ogr_point(x, y), plan);
        }
        if (i % 200 == 0) {
            ogr_spot(i + 2 * N, 3, 0.5, &x, &y);
            const char *site[] = {i % 400 ? "青龙镇" : "石桥社区", "a"};
            ogr_add(sites, ogr_point(x, y), site);
        }
    }
    GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
}

/* Polygons coloured by rule, lines, points, points from a source that names
 * its plan, then labelled sites: the sites' labels keep off every marker. */
static const char *SPEC =
    "{\"title\": \"\", \"legend\": false, \"scale_bar\": false, \"north_arrow\": false,"
    " \"page\": {\"width_mm\": 200, \"height_mm\": 150, \"width_px\": 1000, \"height_px\": 750},"
    " \"extent\": {\"bbox\": [%s]},"
    " \"layers\": ["
    "  {\"name\": \"polys\", \"source\": \"%s\", \"layer\": \"polys\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"fill\": \"#9ecae1\", \"stroke\": \"#08519c\", \"width\": 0.6},"
    "   \"rules\": [{\"where\": {\"cls\": \"b\"}, \"fill\": \"#fdae6b\"}]},"
    "  {\"name\": \"lines\", \"source\": \"%s\", \"layer\": \"lines\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"stroke\": \"#31a354\", \"width\": 1.2}},"
    "  {\"name\": \"points\", \"source\": \"%s\", \"layer\": \"points\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"marker\": \"circle\", \"marker_size\": 2, \"fill\": \"#e6550d\","
    "    \"width\": 0}, \"rules\": [{\"where\": {\"cls\": \"b\"}, \"marker\": \"square\"}]},"
    "  {\"name\": \"planned\", \"source\": \"%s\", \"layer\": \"planned\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"marker\": \"circle\", \"marker_size\": 3, \"fill\": \"#756bb1\","
    "    \"width\": 0}},"
    "  {\"name\": \"sites\", \"source\": \"%s\", \"layer\": \"sites\", \"legend\": false,"
    "   \"style\": {\"label\": \"name\", \"marker\": \"circle\", \"marker_size\": 5, \"fill\": \"#d7191c\","
    "    \"width\": 0, \"font_size\": 9}}"
    " ]}";

typedef struct rendering {
    cairo_surface_t *image;
    pm_render_result res;
} rendering;

/* A scale bar and a north arrow go to the corners the data cover least: the
 * render looks at the layers again there, streamed ones too. Here only
 * streamed layers can tell the corners apart. */
static const char *SPEC_FURNITURE =
    "{\"title\": \"\", \"legend\": false, \"scale_bar\": true, \"north_arrow\": true,"
    " \"page\": {\"width_mm\": 200, \"height_mm\": 150, \"width_px\": 1000, \"height_px\": 750},"
    " \"extent\": {\"bbox\": [103.5, 30.2, 104.6, 31.0]},"
    " \"layers\": ["
    "  {\"name\": \"polys\", \"source\": \"%s\", \"layer\": \"polys\", \"legend\": false,"
    "   \"style\": {\"label\": null, \"fill\": \"#9ecae1\", \"stroke\": \"#08519c\", \"width\": 0.6}}"
    " ]}";

/* A layer's file: the GeoPackage, or its own in a folder of FlatGeobuf
 * (or of GeoJSON: a folder named "...-geojson/"). */
static void source_of(const char *data, const char *layer, char out[1024])
{
    size_t n = strlen(data);
    if (n > 9 && strcmp(data + n - 9, "-geojson/") == 0)
        snprintf(out, 1024, "%s%s.geojson", data, layer);
    else if (data[n - 1] == '/')
        snprintf(out, 1024, "%s%s.fgb", data, layer);
    else
        snprintf(out, 1024, "%s", data);
}

/* The whole region, and a tenth of it away from the crowd (room for
 * labels). */
#define REGION "103.5, 30.2, 104.6, 31.0"
#define ZOOMED "104.32, 30.18, 104.62, 30.40"

static pm_spec *spec_at(const char *data, int furniture, const char *bbox)
{
    char text[8192];
    if (furniture)
        snprintf(text, sizeof text, SPEC_FURNITURE, data);
    else {
        char src[5][1024];
        const char *names[] = {"polys", "lines", "points", "planned", "sites"};
        for (int k = 0; k < 5; k++)
            source_of(data, names[k], src[k]);
        snprintf(text, sizeof text, SPEC, bbox, src[0], src[1], src[2], src[3], src[4]);
    }
    pm_error err = {0};
    pm_spec *spec = pm_spec_parse(text, strlen(text), "stream.json", &err);
    if (!spec)
        fail_msg("%s", err.msg);
    return spec;
}

static pm_spec *spec_for(const char *data, int furniture)
{
    return spec_at(data, furniture, REGION);
}

static pm_map *lean_map(const pm_spec *spec)
{
    pm_error err = {0};
    pm_map *map = pm_map_create_lean(spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    return map;
}

static rendering render_at(const char *data, int furniture, const char *bbox, int lean, int threads,
                           const char *png)
{
    pm_spec *spec = spec_at(data, furniture, bbox);
    pm_error err = {0};
    const pm_context *ctx = pm_test_context(threads);
    pm_map *map = lean ? pm_map_create_lean(spec, ctx, &err) : pm_map_create(spec, ctx, &err);
    if (!map)
        fail_msg("%s", err.msg);
    rendering r = {0};
    pm_render_options opts = {.format = PM_FORMAT_PNG};
    if (pm_render_file(map, png, &opts, &r.res, &err) != PM_OK)
        fail_msg("%s", err.msg);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    r.image = cairo_image_surface_create_from_png(png);
    assert_int_equal(cairo_surface_status(r.image), CAIRO_STATUS_SUCCESS);
    return r;
}

static rendering render_with(const char *data, int furniture, int lean, int threads, const char *png)
{
    return render_at(data, furniture, REGION, lean, threads, png);
}

static void rendering_free(rendering *r)
{
    cairo_surface_destroy(r->image);
    pm_render_result_free(&r->res);
}

/* The streamed layers are projected through a grid over where the stream
 * reads (checked to 1e-8 of its size, as the whole layer's is): a pixel's
 * coverage may round the other way, by one level, and a small marker whose
 * centre moves across one of the 1/32-pixel steps its stamps are kept at
 * moves its edge pixels by a few levels (by 1/32 of a pixel: 8 levels at most).
 * Everything else is the same: every label and marker box, to 1e-4 point
 * (the grids agree with PROJ to 1e-8 of the layer's size, some 1e-5 point
 * here). */
static void assert_same_rendering(rendering *a, rendering *b)
{
    int w = cairo_image_surface_get_width(a->image), h = cairo_image_surface_get_height(a->image);
    int stride = cairo_image_surface_get_stride(a->image);
    assert_int_equal(h, cairo_image_surface_get_height(b->image));
    const unsigned char *pa = cairo_image_surface_get_data(a->image);
    const unsigned char *pb = cairo_image_surface_get_data(b->image);
    int differ = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < 4 * w; x++) {
            int d = abs(pa[(size_t)y * stride + x] - pb[(size_t)y * stride + x]);
            assert_in_range(d, 0, 8);
            differ += d;
        }
    assert_in_range(differ, 0, w * h / 1000);
    assert_int_equal(a->res.n_boxes, b->res.n_boxes);
    for (int i = 0; i < a->res.n_boxes; i++) {
        const pm_render_box *ba = &a->res.boxes[i], *bb = &b->res.boxes[i];
        assert_string_equal(ba->kind, bb->kind);
        assert_string_equal(ba->text, bb->text);
        double d = fmax(fmax(fabs(ba->x - bb->x), fabs(ba->y - bb->y)),
                        fmax(fabs(ba->w - bb->w), fabs(ba->h - bb->h)));
        if (!(d < 1e-4))
            fail_msg("%s box %d '%s' moved by %g pt", ba->kind, i, ba->text, d);
    }
    printf("pixel channels of %d differ by %d levels in all\n", 4 * w * h, differ);
}

static const char *data_path(void)
{
    static int written;
    const char *path = pm_test_tmp("stream.gpkg");
    if (!written) {
        write_data(path, -1);
        written = 1;
    }
    return path;
}

/* The same data in FlatGeobuf files, which a spatial filter reads in
 * their order (a GeoPackage's R-tree does not: it is read whole). */
static const char *fgb_path(void)
{
    static int written;
    const char *path = pm_test_tmp("fgb/");
    if (!written) {
        write_data(path, -1);
        written = 1;
    }
    return path;
}

/* Which layers a lean map reads again at each render. */
static void test_only_drawn_layers_are_streamed(void **state)
{
    (void)state;
    pm_spec *spec = spec_for(data_path(), 0);
    pm_error err = {0};
    pm_map *map = lean_map(spec);
    for (int l = 0; l < 3; l++) {
        assert_non_null(map->layers[l].streamed);
        assert_int_equal(map->layers[l].data->n_features, 0);
    }
    /* Its source names the plan (for the source note); its features are kept. */
    assert_null(map->layers[3].streamed);
    assert_int_equal(map->layers[3].data->n_features, N / 4);   /* 10 000 */
    assert_int_equal(map->n_plans, 1);
    /* Labelled. */
    assert_null(map->layers[4].streamed);
    pm_map_destroy(map);
    /* The same spec made whole keeps everything. */
    map = pm_map_create(spec, NULL, &err);
    assert_non_null(map);
    for (int l = 0; l < 5; l++)
        assert_null(map->layers[l].streamed);
    assert_int_equal(map->layers[0].data->n_features, N);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

static int count_kind(const pm_render_result *res, const char *kind)
{
    int n = 0;
    for (int i = 0; i < res->n_boxes; i++)
        n += strcmp(res->boxes[i].kind, kind) == 0;
    return n;
}

/* The lean map of the same spec, on one thread and on two, renders as
 * `whole` does. */
static void assert_lean_same(const char *data, const char *bbox, rendering *whole)
{
    for (int threads = 1; threads <= 2; threads++) {
        rendering lean = render_at(data, 0, bbox, 1, threads, pm_test_tmp("lean.png"));
        assert_same_rendering(whole, &lean);
        rendering_free(&lean);
    }
}

static void test_same_map_streamed(void **state)
{
    (void)state;
    const char *data = data_path();
    rendering whole = render_with(data, 0, 0, 1, pm_test_tmp("whole.png"));
    /* Labels were placed, around the markers of the streamed layers (the
     * crowded map leaves them room at its edges only). */
    int labels = count_kind(&whole.res, "label");
    if (labels < 5)
        fail_msg("%d labels placed", labels);
    assert_lean_same(data, REGION, &whole);
    rendering_free(&whole);
}

static void test_furniture_sees_streamed_layers(void **state)
{
    (void)state;
    const char *data = data_path();
    rendering whole = render_with(data, 1, 0, 2, pm_test_tmp("whole-furniture.png"));
    rendering lean = render_with(data, 1, 1, 2, pm_test_tmp("lean-furniture.png"));
    assert_int_equal(count_kind(&whole.res, "scalebar"), 1);
    assert_int_equal(count_kind(&whole.res, "northarrow"), 1);
    assert_same_rendering(&whole, &lean);
    rendering_free(&lean);
    rendering_free(&whole);
}

/* A vertex that is not a number in the last chunk: the lean map is made (the
 * chunk is not read yet), its render fails naming the feature the whole
 * load names, and writes nothing. */
static void test_error_in_a_late_chunk(void **state)
{
    (void)state;
    const char *data = pm_test_tmp("broken.gpkg");
    write_data(data, N - 10);
    pm_spec *spec = spec_for(data, 0);
    pm_error whole_err = {0}, err = {0};
    assert_null(pm_map_create(spec, NULL, &whole_err));
    assert_non_null(strstr(whole_err.msg, "feature 39990"));
    for (int threads = 1; threads <= 2; threads++) {
        pm_map *map = pm_map_create_lean(spec, pm_test_context(threads), &err);
        if (!map)
            fail_msg("%d threads: %s", threads, err.msg);
        const char *png = pm_test_tmp("broken.png");
        pm_render_options opts = {.format = PM_FORMAT_PNG};
        assert_int_not_equal(pm_render_file(map, png, &opts, NULL, &err), PM_OK);
        assert_string_equal(err.msg, whole_err.msg);
        assert_int_equal(err.status, whole_err.status);
        assert_int_not_equal(access(png, F_OK), 0);
        pm_map_destroy(map);
    }
    pm_spec_destroy(spec);
}

/* A view of part of the data reads the streamed layers through the
 * FlatGeobuf files' spatial index, only where it shows (and a symbol's
 * reach beyond): the picture and every box are those of the map that keeps
 * every feature. */
static void test_zoomed_view(void **state)
{
    (void)state;
    const char *data = fgb_path();
    rendering whole = render_at(data, 0, ZOOMED, 0, 1, pm_test_tmp("whole-zoomed.png"));
    assert_in_range(count_kind(&whole.res, "label"), 1, 1000);
    assert_lean_same(data, ZOOMED, &whole);
    rendering_free(&whole);
}

/* A feature outside the view is not read: a broken one there fails the
 * whole load but not a lean render of the view. */
static void test_error_outside_the_view(void **state)
{
    (void)state;
    const char *data = pm_test_tmp("broken-far/");
    write_data(data, N - 10);
    double x, y;
    ogr_spot(N - 10, 3, 0.5, &x, &y);
    char bbox[128];
    /* A view as large as ZOOMED, a view's width away from the feature. */
    double left = x > 104.0 ? x - 0.65 : x + 0.35;
    snprintf(bbox, sizeof bbox, "%.4f, %.4f, %.4f, %.4f", left, y - 0.11, left + 0.3, y + 0.11);
    pm_spec *spec = spec_at(data, 0, bbox);
    pm_error err = {0};
    assert_null(pm_map_create(spec, NULL, &err));
    assert_non_null(strstr(err.msg, "polys.fgb: feature "));
    pm_map *map = pm_map_create_lean(spec, NULL, &err);
    if (!map)
        fail_msg("%s", err.msg);
    pm_render_options opts = {.format = PM_FORMAT_PNG};
    if (pm_render_file(map, pm_test_tmp("broken-far.png"), &opts, NULL, &err) != PM_OK)
        fail_msg("%s", err.msg);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

/* The chunks of streamed layer l, read on one thread and read ahead on two:
 * the same features, coordinates and rules in the same order;
 * the end (or the error) again after it. The caller projects with the
 * map's CRS between chunks while the reader works with its own. On an
 * error, the message; NULL at the end. */
static void read_all(const pm_map *map, int l, int threads, pm_map_layer **out, int *n, pm_error *err)
{
    /* The stream reads ahead by the map's budget: this read's, for now. */
    pm_map *m = (pm_map *)map;
    const pm_context *was = m->context;
    m->context = pm_test_context(threads);
    pm_map_stream *s = pm_map_stream_open(map, l, NULL, err);
    assert_non_null(s);
    *out = NULL;
    *n = 0;
    pm_map_layer c;
    int rc;
    while ((rc = pm_map_stream_next(s, &c, err)) > 0) {
        double lonlat[2] = {104.0, 30.6};
        assert_int_equal(pm_crs_forward(map->crs, lonlat, 1, NULL), PM_OK);
        *out = realloc(*out, sizeof **out * (size_t)(*n + 1));
        (*out)[(*n)++] = c;
    }
    pm_error again = {0};
    assert_int_equal(pm_map_stream_next(s, &c, &again), rc);
    assert_null(c.data);
    if (rc < 0)
        assert_string_equal(again.msg, err->msg);
    else
        assert_int_equal(err->status, PM_OK);
    pm_map_stream_close(s);
    m->context = was;
}

/* The features of chunks a[0..na) and b[0..nb), one after the other (with
 * `prefix`, b may go on after a ends):
 * chunks of other sizes check the stream's projection grid at other
 * vertices, so coordinates agree to the grid's tolerance (a millimetre
 * over these 100 km), not to the bit. */
static void assert_same_chunks(const pm_map_layer *a, int na, const pm_map_layer *b, int nb,
                               int prefix)
{
    int ka = 0, ia = 0, kb = 0, ib = 0;
    for (;;) {
        while (ka < na && ia == a[ka].data->n_features)
            ka++, ia = 0;
        while (kb < nb && ib == b[kb].data->n_features)
            kb++, ib = 0;
        if (ka == na || kb == nb)
            break;
        const pm_layer *la = a[ka].data, *lb = b[kb].data;
        assert_int_equal(la->first + ia, lb->first + ib);
        const pm_feature *fa = &la->features[ia], *fb = &lb->features[ib];
        assert_int_equal(fa->fid, fb->fid);
        assert_int_equal(a[ka].rule_of[ia], b[kb].rule_of[ib]);
        int nv = 0;
        for (int p = 0; p < fa->n_parts; p++)
            nv += fa->part_len[p];
        for (int v = 0; v < 2 * nv; v++)
            if (!(fabs(fa->xy[v] - fb->xy[v]) <= 1e-3))
                fail_msg("feature %lld vertex %d: %.9f against %.9f", la->first + ia, v / 2,
                         fa->xy[v], fb->xy[v]);
        ia++, ib++;
    }
    assert_int_equal(ka, na);
    if (!prefix)
        assert_int_equal(kb, nb);
}

static void free_chunks(pm_map_layer *c, int n)
{
    for (int k = 0; k < n; k++)
        pm_map_chunk_free(&c[k]);
    free(c);
}

/* Streamed layer l read on one thread and read ahead on two: the same
 * N features; read in turn, chunks are twice as large; read ahead, the
 * first is a quarter of the others (the drawing waits for it alone). */
static void assert_read_alike(const pm_map *map, int l)
{
    pm_error err = {0};
    pm_map_layer *one, *two;
    int n1, n2, features = 0;
    read_all(map, l, 1, &one, &n1, &err);
    read_all(map, l, 2, &two, &n2, &err);
    assert_in_range(n2, 3, N);
    assert_int_equal(two[0].data->n_features, two[1].data->n_features / 4);
    assert_int_equal(n2 / 2, n1);
    assert_in_range(n1, 2, N);
    assert_same_chunks(one, n1, two, n2, 0);
    for (int k = 0; k < n1; k++)
        features += one[k].data->n_features;
    assert_int_equal(features, N);
    free_chunks(one, n1);
    free_chunks(two, n2);
}

static void test_read_ahead(void **state)
{
    (void)state;
    pm_spec *spec = spec_for(data_path(), 0);
    pm_error err = {0};
    pm_map *map = lean_map(spec);
    for (int l = 0; l < 3; l++)
        assert_read_alike(map, l);
    /* Closed at once, after a chunk, and with the next one read ahead. */
    for (int taken = 0; taken <= 2; taken++) {
        map->context = pm_test_context(2);
        pm_map_stream *s = pm_map_stream_open(map, 0, NULL, &err);
        assert_non_null(s);
        for (int k = 0; k < taken; k++) {
            pm_map_layer c;
            assert_int_equal(pm_map_stream_next(s, &c, &err), 1);
            pm_map_chunk_free(&c);
        }
        pm_map_stream_close(s);
        map->context = NULL;
    }
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

/* A broken feature in the last chunk: the chunks before it come first,
 * then the error the whole load gives, read ahead or not (the chunk with
 * the broken feature is larger read in turn, so fewer features come). */
static void test_read_ahead_error(void **state)
{
    (void)state;
    const char *data = pm_test_tmp("broken-ahead.gpkg");
    write_data(data, N - 10);
    pm_spec *spec = spec_for(data, 0);
    pm_error whole = {0}, err[2] = {{0}};
    assert_null(pm_map_create(spec, NULL, &whole));
    pm_map *map = lean_map(spec);
    pm_map_layer *c[2];
    int n[2];
    for (int t = 0; t < 2; t++) {
        read_all(map, 0, t + 1, &c[t], &n[t], &err[t]);
        assert_string_equal(err[t].msg, whole.msg);
    }
    assert_in_range(n[1], 1, N);
    assert_same_chunks(c[0], n[0], c[1], n[1], 1);
    free_chunks(c[0], n[0]);
    free_chunks(c[1], n[1]);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

/* The GeoPackage's layers copied to GeoJSON files in a folder, as GDAL
 * writes them (`bad`: feature `bad` of the polygons, or none, has a
 * coordinate given as a string). A path ending in "-geojson/". */
static void write_geojson(const char *folder, int bad)
{
    const char *names[] = {"polys", "lines", "points", "planned", "sites"};
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", folder);
    assert_int_equal(mkdir(dir, 0700), 0);
    GDALDatasetH src = GDALOpenEx(data_path(), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(src);
    for (int k = 0; k < 5; k++) {
        char out[1100];
        snprintf(out, sizeof out, "%s%s.geojson", dir, names[k]);
        char *argv[] = {"-f", "GeoJSON", (char *)names[k], NULL};
        GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
        GDALDatasetH ds = GDALVectorTranslate(out, NULL, 1, &src, o, NULL);
        assert_non_null(ds);
        GDALClose(ds);
        GDALVectorTranslateOptionsFree(o);
        if (bad < 0 || k > 0)
            continue;
        /* The feature's first x as a string: JSON all the same. */
        FILE *f = fopen(out, "r+");
        assert_non_null(f);
        char line[4096];
        for (int i = -1; i < bad && fgets(line, sizeof line, f);)
            i += strncmp(line, "{ \"type\": \"Feature\"", 19) == 0;
        long at = ftell(f) - (long)strlen(line);
        char *x = strstr(line, "[ [ [ ");
        assert_non_null(x);
        x += 6;
        size_t digits = strspn(x, "0123456789.");
        assert_true(digits >= 3);
        x[0] = '"', x[digits - 1] = '"';
        fseek(f, at, SEEK_SET);
        fputs(line, f);
        fclose(f);
    }
    GDALClose(src);
}

static const char *geojson_path(void)
{
    static char path[1024];
    if (!path[0]) {
        snprintf(path, sizeof path, "%s", pm_test_tmp("stream-geojson/"));
        write_geojson(path, -1);
    }
    return path;
}

/* A GeoJSON planmap's own reader takes is streamed from its chunks of text,
 * as a driver reading on demand is, and draws as the map that keeps every
 * feature, all of the region or a corner of it (features outside the view
 * left out by their box). */
static void test_geojson_is_streamed(void **state)
{
    (void)state;
    const char *data = geojson_path();
    pm_spec *spec = spec_for(data, 0);
    pm_map *map = lean_map(spec);
    for (int l = 0; l < 3; l++) {
        assert_non_null(map->layers[l].streamed);
        assert_int_equal(map->layers[l].data->n_features, 0);
    }
    assert_null(map->layers[3].streamed);   /* names its plan */
    assert_null(map->layers[4].streamed);   /* labelled */
    for (int l = 0; l < 3; l++)
        assert_read_alike(map, l);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
    const char *views[] = {REGION, ZOOMED};
    for (int v = 0; v < 2; v++) {
        rendering whole = render_at(data, 0, views[v], 0, 1, pm_test_tmp("whole-geojson.png"));
        assert_lean_same(data, views[v], &whole);
        rendering_free(&whole);
    }
}

/* A feature the reader leaves to GDAL in a late chunk: the chunks before
 * it come from the reader, the rest from GDAL, which refuses the feature
 * as the whole load does. */
static void test_geojson_declined_late(void **state)
{
    (void)state;
    char data[1024];
    snprintf(data, sizeof data, "%s", pm_test_tmp("broken-geojson/"));
    write_geojson(data, N - 10);
    pm_spec *spec = spec_for(data, 0);
    pm_error whole = {0}, err = {0};
    assert_null(pm_map_create(spec, NULL, &whole));
    assert_non_null(strstr(whole.msg, "polys.geojson"));
    pm_map *map = lean_map(spec);
    assert_non_null(map->layers[0].streamed);
    pm_map_layer *c;
    int n;
    read_all(map, 0, 2, &c, &n, &err);
    assert_string_equal(err.msg, whole.msg);
    assert_in_range(n, 1, N);
    free_chunks(c, n);
    pm_map_destroy(map);
    pm_spec_destroy(spec);
}

PM_TEST_MAIN(test_only_drawn_layers_are_streamed,
             test_same_map_streamed,
             test_furniture_sees_streamed_layers,
             test_error_in_a_late_chunk,
             test_zoomed_view,
             test_error_outside_the_view,
             test_read_ahead,
             test_read_ahead_error,
             test_geojson_is_streamed,
             test_geojson_declined_late)
