/* pm_info — what `planmap info SOURCE` shows about a data source. */
#ifndef PM_INFO_H
#define PM_INFO_H

#include "pm_api.h"
#include "pm_error.h"

/* Per layer of the vector or raster source at `path`: its name, feature
 * count, geometry types, CRS, extent (in the source's CRS and in lon/lat)
 * and fields, as lines of text in a fixed order, each line escaped as
 * messages are. *text is the caller's to free() (NULL on failure). Call
 * pm_geo_init first: any driver may be needed. */
PM_API pm_status pm_source_info(const char *path, char **text, pm_error *err);
/* The same for a source whose text is in `encoding` (a name iconv knows,
 * "GBK"; NULL: as the source says), as a layer's "encoding" reads it:
 * field names are shown in UTF-8. */
PM_API pm_status pm_source_info_as(const char *path, const char *encoding, char **text, pm_error *err);

#endif
