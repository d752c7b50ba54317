/* pm_guard — what a spec, a batch file or a data file may make planmap touch:
 * which files it reads (regular files only, never a FIFO it would block on),
 * and whether it may reach the network (off unless the caller allows it).
 * See docs/errors.md, Security.
 */
#ifndef PM_GUARD_H
#define PM_GUARD_H

#include <stdio.h>

#include "pm_error.h"

/* Open `path` to read it whole (a spec, a batch file, a plan text) without
 * ever blocking on it: a FIFO, socket or device is refused with an IO error
 * ("PATH: cannot read: a FIFO, not a regular file"), except the process's own
 * standard input named as a file (/dev/stdin), which the caller chose to give.
 * A folder opens (reading it then fails with EISDIR, as before). Returns a
 * blocking file descriptor, or -1 with `err` set. */
int pm_open_input(const char *path, pm_error *err);

/* The same as a stdio stream ("rb"); NULL with `err` set. */
FILE *pm_fopen_input(const char *path, pm_error *err);

/* Before GDAL opens the source `path`: a plain path must be a regular file or
 * a folder, and no file GDAL may read with it (roads.shx/.dbf/.prj beside
 * roads.shp: every name in its folder that starts with its stem and a dot;
 * for a folder, every entry in it) may be a FIFO, socket or device.
 * Paths GDAL resolves itself (/vsizip/..., connection strings) are not
 * checked here. IO error naming the file at fault. */
pm_status pm_check_source_files(const char *path, pm_error *err);

/* "a FIFO", "a socket", "a character device", ... for a stat mode. */
const char *pm_file_kind(unsigned mode);

#endif
