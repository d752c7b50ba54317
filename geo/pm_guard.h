/* pm_guard — what a spec, a batch file or a data file may make planmap touch:
 * which files it reads (regular files only, never a FIFO it would block on),
 * and whether it may reach the network (off unless the caller allows it).
 * See docs/errors.md, Security.
 */
#ifndef PM_GUARD_H
#define PM_GUARD_H

#include "pm_error.h"
#include "pm_file.h"   /* opening inputs without blocking */

/* Before GDAL opens the source `path`: unless the network is allowed, a name
 * that reaches it (pm_path_reaches_network) is refused (IO error, "PATH:
 * reading it needs the network: network access is off (...)"). A plain path must be a regular file or
 * a folder, and no file GDAL may read with it (roads.shx/.dbf/.prj beside
 * roads.shp: every name in its folder that starts with its stem and a dot;
 * for a folder, every entry in it) may be a FIFO, socket or device.
 * Paths GDAL resolves itself (/vsizip/..., connection strings) are not
 * checked here. IO error naming the file at fault. */
pm_status pm_check_source(const char *path, pm_error *err);

/* Network access for sources, CRS links and PROJ grids: off unless this is
 * called with 1 before the first source is opened (pm_geo_init or
 * pm_geo_init_lean), which sets the policy for the whole process: GDAL's
 * network handlers are then replaced by refusals for good. Returns 0, or -1
 * when asked to allow it too late. The library never reads the environment:
 * the CLI calls this for --allow-network or PLANMAP_ALLOW_NETWORK=1. */
int pm_allow_network(int allow);
int pm_network_allowed(void);

/* 1 when GDAL would reach the network to read `path`: a URL (anything with
 * "://"), a network /vsi file system anywhere in a /vsi chain (/vsicurl/,
 * /vsis3/, /vsizip//vsicurl/...; only /vsimem/, /vsizip/ and the other
 * local ones are not), or a connection string of a driver that talks to a
 * host (PG:, MySQL:, WFS:, WMS:, OAPIF:, ...). */
int pm_path_reaches_network(const char *path);

/* PM_OK, or the IO error above when `path` needs a network that is off. */
pm_status pm_check_network(const char *path, pm_error *err);

/* Note the source `path` as an input of the map (pm_inputs.h) without
 * opening it: the file, or a folder's files; beside a Shapefile its sidecars
 * (.shx .dbf .prj .cpg .qix .sbn .sbx .qpj .shp.xml), made or not. A source
 * GDAL opens (pm_geo_open) is noted with the dataset's own file list too.
 * Network sources are not files and are skipped. */
void pm_inputs_add_source(const char *path);

#endif
