/* pm_file — opening and reading input files (a spec, a batch file, a plan
 * text): regular files only, never a FIFO, socket or device planmap would
 * block on, and read whole within a bound. See docs/errors.md, Security.
 */
#ifndef PM_FILE_H
#define PM_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "pm_error.h"

/* Open `path` to read it whole without ever blocking on it: a FIFO, socket
 * or device is refused with an IO error ("PATH: cannot read: a FIFO, not a
 * regular file"), except the process's own standard input named as a file
 * (/dev/stdin), which the caller chose to give. A folder opens (reading it
 * then fails with EISDIR, as before). Returns a blocking file descriptor, or
 * -1 with `err` set. */
int pm_open_input(const char *path, pm_error *err);

/* The same as a stdio stream ("rb"); NULL with `err` set. */
FILE *pm_fopen_input(const char *path, pm_error *err);

/* The rest of `f`, NUL-terminated, in *len bytes (the caller frees it); NULL
 * with `err` set ("NAME: cannot read: ...", error 3) when it cannot be read
 * or holds more than `max` bytes ("NAME: too large for a <what> (over N
 * MiB)"). `name` is how messages name the file. */
char *pm_read_stream(FILE *f, const char *name, size_t max, const char *what, size_t *len,
                     pm_error *err);

/* "a FIFO", "a socket", "a character device", ... for a stat mode. */
const char *pm_file_kind(unsigned mode);
/* 1 for what may be read as an input: a regular file or a folder. */
int pm_file_readable(unsigned mode);
/* The IO error "PATH: cannot read: <kind>, not a regular file"; returns -1. */
int pm_file_refuse(const char *path, unsigned mode, pm_error *err);

/* `path` as seen from the folder `from_dir` ("./x.tif", "../data/x.tif"),
 * for a file that names another relative to itself (a QGIS project its
 * rasters); `path` as given when either cannot be resolved. Malloc'd; NULL
 * when out of memory. */
char *pm_path_relative(const char *from_dir, const char *path);

#endif
