/* Assertions for the geo tests: cmocka 1.1.5 compares floats only. */
#ifndef PM_GEO_ASSERT_H
#define PM_GEO_ASSERT_H

#include <math.h>

/* |a - b| <= eps, in double precision, with both values in the failure. */
#define assert_near(a, b, eps)                                                     \
    do {                                                                           \
        double a_ = (a), b_ = (b), e_ = (eps);                                     \
        if (!(fabs(a_ - b_) <= e_))                                                \
            fail_msg("%s = %.12g, expected %.12g within %g", #a, a_, b_, e_);      \
    } while (0)

/* The message contains `part` (for errors naming file, feature and reason). */
#define assert_contains(msg, part)                                                 \
    do {                                                                           \
        if (!strstr((msg), (part)))                                                \
            fail_msg("message \"%s\" lacks \"%s\"", (msg), (part));                \
    } while (0)

#endif
