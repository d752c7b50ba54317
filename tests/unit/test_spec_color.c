/* Colour parsing: every accepted notation, and what must be refused. */
#include "pm_test.h"

#include <math.h>
#include <string.h>

#include "pm_spec.h"

typedef struct color_case {
    const char *text;
    double r, g, b, a;
} color_case;

static void test_valid_colours(void **state)
{
    (void)state;
    static const color_case cases[] = {
        {"#fff", 1, 1, 1, 1},
        {"#000", 0, 0, 0, 1},
        {"#f80", 1, 0x88 / 255.0, 0, 1},
        {"#f808", 1, 0x88 / 255.0, 0, 0x88 / 255.0},
        {"#4e79a7", 0x4e / 255.0, 0x79 / 255.0, 0xa7 / 255.0, 1},
        {"#4E79A7", 0x4e / 255.0, 0x79 / 255.0, 0xa7 / 255.0, 1},
        {"#ff800080", 1, 0x80 / 255.0, 0, 0x80 / 255.0},
        {"rgb(255,128,0)", 1, 128 / 255.0, 0, 1},
        {"rgb( 255 , 128 , 0 )", 1, 128 / 255.0, 0, 1},
        {"RGB(0,0,255)", 0, 0, 1, 1},
        {"rgb(100%, 0%, 50%)", 1, 0, 0.5, 1},
        {"rgba(0,0,255,0.5)", 0, 0, 1, 0.5},
        {"rgba(0,0,255,.25)", 0, 0, 1, 0.25},
        {"rgba(10,20,30,50%)", 10 / 255.0, 20 / 255.0, 30 / 255.0, 0.5},
        {"red", 1, 0, 0, 1},
        {"Red", 1, 0, 0, 1},
        {"lime", 0, 1, 0, 1},
        {"green", 0, 128 / 255.0, 0, 1},
        {"navy", 0, 0, 128 / 255.0, 1},
        {"gray", 128 / 255.0, 128 / 255.0, 128 / 255.0, 1},
        {"grey", 128 / 255.0, 128 / 255.0, 128 / 255.0, 1},
        {"orange", 1, 165 / 255.0, 0, 1},
        {"steelblue", 70 / 255.0, 130 / 255.0, 180 / 255.0, 1},
        {"rebeccapurple", 0x66 / 255.0, 0x33 / 255.0, 0x99 / 255.0, 1},
        {"yellowgreen", 0x9a / 255.0, 0xcd / 255.0, 0x32 / 255.0, 1},
        {"aliceblue", 0xf0 / 255.0, 0xf8 / 255.0, 1, 1},
        {"none", 0, 0, 0, 0},
        {"transparent", 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pm_color c = {-1, -1, -1, -1};
        if (pm_color_parse(cases[i].text, &c) != 0)
            fail_msg("\"%s\" was refused", cases[i].text);
        if (fabs(c.r - cases[i].r) > 1e-9 || fabs(c.g - cases[i].g) > 1e-9 ||
            fabs(c.b - cases[i].b) > 1e-9 || fabs(c.a - cases[i].a) > 1e-9)
            fail_msg("\"%s\" -> %g %g %g %g", cases[i].text, c.r, c.g, c.b, c.a);
    }
}

/* The 17 CSS basic colours all resolve. */
static void test_basic_names(void **state)
{
    (void)state;
    static const char *const names[] = {
        "aqua", "black", "blue", "fuchsia", "gray", "green", "lime", "maroon", "navy",
        "olive", "orange", "purple", "red", "silver", "teal", "white", "yellow",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        pm_color c;
        if (pm_color_parse(names[i], &c) != 0 || c.a != 1)
            fail_msg("basic colour \"%s\" not known", names[i]);
    }
}

static void test_invalid_colours(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "#", "#f", "#ff", "#fffff", "#fffffff", "#fffffffff", "#ggg", "#12345g",
        " #fff", "fff", "rgb(256,0,0)", "rgb(1,2)", "rgb(1,2,3,4)", "rgba(1,2,3)",
        "rgb(1,2,3", "rgb(1,2,3)x", "rgb(-1,0,0)", "rgb(1,,3)", "rgb(a,b,c)",
        "rgba(0,0,0,1.5)", "rgb(101%,0%,0%)", "redd", "red ", "blu", "12", "hsl(0,0%,0%)",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pm_color c = {0.25, 0.25, 0.25, 0.25};
        if (pm_color_parse(bad[i], &c) == 0)
            fail_msg("\"%s\" was accepted", bad[i]);
        /* A refused colour leaves the output alone. */
        assert_true(c.r == 0.25 && c.a == 0.25);
    }
    pm_color c;
    assert_int_not_equal(pm_color_parse(NULL, &c), 0);
}

PM_TEST_MAIN(test_valid_colours,
             test_basic_names,
             test_invalid_colours)
