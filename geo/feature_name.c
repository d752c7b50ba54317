/* How a feature is named in an error message (see geo_internal.h). */
#include "geo_internal.h"

#include <stdio.h>

pm_status pm_geo_name_feature(pm_error *err, const char *path, long long index, long long fid,
                              const char *id)
{
    char which[64];
    if (index < 0)
        snprintf(which, sizeof which, "feature with FID %lld", fid);
    else
        snprintf(which, sizeof which, "feature %lld", index);
    if (id)
        return pm_error_prefix(err, "%s: %s (id=%s)", path, which, id);
    return pm_error_prefix(err, "%s: %s", path, which);
}
