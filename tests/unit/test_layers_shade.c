/* Raster layers: the hillshade (Horn's method, gdaldem's conventions), the
 * multidirectional blend, colour ramps, and the "raster" spec object with
 * its errors. */
#include "pm_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_spec_data.h"
#include "shade_internal.h"

enum { N = 5 };

/* A plane z = gx * x + gy * y (x east, y north) over N × N pixels of
 * `cell` metres, rows north to south. */
static void plane(float *z, double gx, double gy, double cell)
{
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++)
            z[r * N + c] = (float)(gx * c * cell + gy * (N - 1 - r) * cell);
}

static unsigned char centre_shade(double gx, double gy, const pm_raster_spec *rs)
{
    float z[N * N];
    unsigned char s[N * N];
    plane(z, gx, gy, 30);
    pm_hillshade(z, NULL, N, N, 30, 30, rs, s);
    return s[N * N / 2];
}

static pm_raster_spec light(double az, double alt)
{
    return (pm_raster_spec){.hillshade = 1, .azimuth = az, .altitude = alt, .z_factor = 1, .opacity = 1};
}

/* Light from the north-west: a slope down to the east (facing east) is in
 * shadow, one down to the west (facing west) is lit, flat ground is
 * 255 sin(altitude). */
static void test_hillshade_sides(void **state)
{
    (void)state;
    pm_raster_spec rs = light(315, 45);
    unsigned char flat = centre_shade(0, 0, &rs);
    unsigned char east = centre_shade(-0.5, 0, &rs), west = centre_shade(0.5, 0, &rs);
    assert_int_equal(flat, 180);   /* 255 sin 45° */
    assert_true(east < flat - 40);
    assert_true(west > flat + 20);
    /* Exactly: the normal (0.5, 0, 1)/|.| against the light (-½, ½, √2/2·…). */
    double n = sqrt(1.25), lx = sin(315 * M_PI / 180) * cos(M_PI / 4), lz = sin(M_PI / 4);
    assert_int_equal(east, lround(255 * (0.5 * lx + lz) / n));
    /* A slope facing the light at its altitude is fully lit; facing away
     * as steeply, dark. */
    double t = 1 / tan(M_PI / 4) / sqrt(2);
    assert_int_equal(centre_shade(t, -t, &rs), 255);            /* faces north-west */
    assert_int_equal(centre_shade(-t * 4, t * 4, &rs), 0);       /* steep to the south-east */
    /* The z factor steepens the same plane. */
    pm_raster_spec steep = rs;
    steep.z_factor = 3;
    assert_true(centre_shade(-0.5, 0, &steep) < east);
    /* Pixel size matters: the same rise over wider pixels is gentler. */
    float z[N * N];
    unsigned char s[N * N];
    plane(z, -0.5, 0, 30);
    pm_hillshade(z, NULL, N, N, 300, 300, &rs, s);
    assert_true(s[N * N / 2] > east);
}

/* Edges and invalid pixels take the centre's place: the edge of a plane
 * shades like its inside. */
static void test_hillshade_edges(void **state)
{
    (void)state;
    pm_raster_spec rs = light(315, 45);
    float z[N * N];
    unsigned char s[N * N], valid[N * N];
    plane(z, 0.3, 0.2, 30);
    memset(valid, 255, sizeof valid);
    valid[N * N / 2 + 1] = 0;
    pm_hillshade(z, valid, N, N, 30, 30, &rs, s);
    unsigned char inside = s[1 * N + 1];
    assert_in_range(s[0], inside - 40, inside + 40);
    assert_true(s[N * N / 2] != 0);
}

/* gdaldem -multidirectional (lights from 225, 270, 315 and 360 degrees
 * weighted by aspect): the values gdaldem 3.6 gives for these planes
 * (1 + 254 × brightness there, 255 × here). */
static void test_hillshade_multidirectional(void **state)
{
    (void)state;
    pm_raster_spec multi = light(315, 45);
    multi.multidirectional = 1;
    pm_raster_spec one = light(315, 45);
    static const struct { double gx, gy; int single, multi; } planes[] = {
        {1, 1, 105, 178}, {-1, -1, 105, 53}, {0.5, 0, 218, 230}, {-0.5, 0.2, 81, 87}, {-1, 1, 1, 1},
    };
    for (size_t i = 0; i < sizeof planes / sizeof planes[0]; i++) {
        int want = (int)lround((planes[i].multi - 1) / 254.0 * 255);
        assert_in_range(centre_shade(planes[i].gx, planes[i].gy, &multi), want > 0 ? want - 1 : 0,
                        want + 1);
        want = (int)lround((planes[i].single - 1) / 254.0 * 255);
        assert_in_range(centre_shade(planes[i].gx, planes[i].gy, &one), want > 0 ? want - 1 : 0,
                        want + 1);
    }
    assert_int_equal(centre_shade(0, 0, &multi), 180);
    /* The azimuth does not matter to it. */
    multi.azimuth = 90;
    assert_in_range(centre_shade(1, 1, &multi), 176, 178);
}

static void test_ramp(void **state)
{
    (void)state;
    pm_ramp_stop stops[3] = {{0, {0, 0, 1, 1}}, {100, {0, 1, 0, 1}}, {300, {1, 1, 1, 0.5}}};
    pm_color c = pm_ramp_color(stops, 3, -50);
    assert_true(c.b == 1 && c.g == 0);
    c = pm_ramp_color(stops, 3, 50);
    assert_true(fabs(c.b - 0.5) < 1e-9 && fabs(c.g - 0.5) < 1e-9);
    c = pm_ramp_color(stops, 3, 200);
    assert_true(fabs(c.r - 0.5) < 1e-9 && fabs(c.g - 1) < 1e-9 && fabs(c.a - 0.75) < 1e-9);
    c = pm_ramp_color(stops, 3, 1000);
    assert_true(c.r == 1 && c.a == 0.5);
    assert_int_equal(pm_argb_premultiplied(1, 0.5, 0, 0.5), 0x80804000u);
    assert_int_equal(pm_argb_premultiplied(0, 0, 0, 0), 0);
}

static pm_spec *parse(const char *text, pm_error *err)
{
    char *t = strdup(text);
    for (char *p = t; *p; p++)
        if (*p == '\'')
            *p = '"';
    pm_spec *s = pm_spec_parse(t, strlen(t), "map.json", err);
    free(t);
    return s;
}

#define RASTER(rest) "{'title': 't', 'layers': [{'name': 'dem', 'source': 'dem.tif', " rest "}]}"

static void test_spec_raster(void **state)
{
    (void)state;
    pm_error err = {0};
    pm_spec *s = parse(RASTER("'raster': {'hillshade': {'azimuth': 300, 'multidirectional': true},"
                              " 'ramp': [[0, '#00ff00'], [500, 'white']], 'opacity': 0.5,"
                              " 'resampling': 'cubic'}"), &err);
    assert_non_null(s);
    const pm_raster_spec *rs = s->layers[0].raster;
    assert_non_null(rs);
    assert_true(rs->hillshade && rs->multidirectional && rs->azimuth == 300 && rs->altitude == 45);
    assert_true(rs->z_factor == 1 && rs->opacity == 0.5 && rs->resampling == PM_RESAMPLE_CUBIC);
    assert_int_equal(rs->n_ramp, 2);
    assert_true(rs->ramp[1].value == 500 && rs->ramp[1].color.b == 1);
    pm_spec_destroy(s);
    s = parse(RASTER("'raster': {'bands': [3, 2, 1]}"), &err);
    assert_non_null(s);
    assert_int_equal(s->layers[0].raster->n_bands, 3);
    assert_int_equal(s->layers[0].raster->bands[0], 3);
    assert_false(s->layers[0].raster->hillshade);
    pm_spec_destroy(s);
    s = parse(RASTER("'style': {'fill': 'red'}"), &err);
    assert_null(s->layers[0].raster);
    pm_spec_destroy(s);
}

static void test_spec_raster_errors(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {RASTER("'raster': 1"), "layers[0].raster: expected an object {\"hillshade\", \"ramp\", "
                                "\"opacity\", \"resampling\", \"bands\"}, got 1"},
        {RASTER("'raster': {'hilshade': true}"),
         "layers[0].raster.hilshade: unknown key (did you mean \"hillshade\"?)"},
        {RASTER("'raster': {'hillshade': {'azimuth': 400}}"),
         "layers[0].raster.hillshade.azimuth: expected a number from 0 to 360, got 400"},
        {RASTER("'raster': {'hillshade': {'z_factor': 0}}"),
         "layers[0].raster.hillshade.z_factor: expected a number above 0, got 0"},
        {RASTER("'raster': {'ramp': [[0, 'red']]}"),
         "layers[0].raster.ramp: expected two stops or more, got one"},
        {RASTER("'raster': {'ramp': [[10, 'red'], [5, 'blue']]}"),
         "layers[0].raster.ramp[1][0]: ramp values must ascend (5 after 10)"},
        {RASTER("'raster': {'ramp': [[0, 'red'], [5, 'bleu']]}"),
         "layers[0].raster.ramp[1][1]: expected a colour, got \"bleu\""},
        {RASTER("'raster': {'ramp': [0, 'red']}"),
         "layers[0].raster.ramp[0]: expected a stop [value, colour], got 0"},
        {RASTER("'raster': {'opacity': 2}"),
         "layers[0].raster.opacity: expected a number from 0 to 1, got 2"},
        {RASTER("'raster': {'resampling': 'lanczos'}"),
         "layers[0].raster.resampling: expected \"bilinear\", \"nearest\" or \"cubic\", got a "
         "string (\"lanczos\")"},
        {RASTER("'raster': {'bands': [1, 2]}"),
         "layers[0].raster.bands: expected one band (grey) or three (red, green, blue), got 2"},
        {RASTER("'raster': {'bands': [0]}"),
         "layers[0].raster.bands[0]: expected an integer from 1 to 65535, got 0"},
        {RASTER("'raster': {'hillshade': true, 'bands': [1, 2, 3]}"),
         "layers[0].raster.bands: hillshade and ramp read one band of elevations, not three"},
        {RASTER("'raster': {}, 'where': {'a': 1}"),
         "layers[0].where: a raster layer has no features: \"where\" is for vector layers"},
        {RASTER("'raster': {}, 'style': {}"),
         "layers[0].style: a raster layer has no features: \"style\" is for vector layers"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pm_error err = {0};
        pm_spec *s = parse(cases[i][0], &err);
        if (s || strncmp(err.msg, "map.json: ", 10) != 0 || strcmp(err.msg + 10, cases[i][1]) != 0)
            print_error("case %zu: got \"%s\"\n", i, err.msg);
        assert_null(s);
        assert_int_equal(err.status, PM_ERR_SPEC);
        assert_string_equal(err.msg + 10, cases[i][1]);
    }
}

PM_TEST_MAIN(test_hillshade_sides,
             test_hillshade_edges,
             test_hillshade_multidirectional,
             test_ramp,
             test_spec_raster,
             test_spec_raster_errors)
