/* The library's version, set by the build from the project's. */
#include "pm_version.h"

#ifndef PM_VERSION
#define PM_VERSION "0.0.0"
#endif

const char *pm_version(void)
{
    return PM_VERSION;
}
