/* pm_version — which libplanmap this is, for a caller that loads it at run
 * time (the Python package) or prints it (planmap --version). */
#ifndef PM_VERSION_H
#define PM_VERSION_H

#include "pm_api.h"

/* The library's version, "MAJOR.MINOR.PATCH" as planmap.pc gives it. */
PM_API const char *pm_version(void);

#endif
