/* Helpers shared by the unit tests. */
#ifndef PM_TEST_H
#define PM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Path inside the source tree: pm_test_src("data/maps/x.json"). Static buffer
 * rotated over 8 slots, so a few may be used at once. */
const char *pm_test_src(const char *relative);
/* A fresh empty temporary directory for this test process (removed at exit). */
const char *pm_test_tmpdir(void);
/* Path inside the temporary directory (same rotating buffers). */
const char *pm_test_tmp(const char *name);
/* Write `text` to a file in the temporary directory; returns its path. */
const char *pm_test_write(const char *name, const char *text);
/* A context whose thread budget is `threads` (0: the cores), the same one
 * for the whole test process. */
const struct pm_context *pm_test_context(int threads);

#endif
