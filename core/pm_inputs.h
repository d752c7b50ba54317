/* pm_inputs — no output may replace a file the map reads.
 *
 * The process keeps a list of its inputs: the spec, the batch file, and
 * every file GDAL opened for a source (geo/ adds a dataset's file list, so a
 * Shapefile's .shx/.dbf/.prj/.cpg/.qix count), with the names a reader would
 * take up if they were made (a roads.prj beside a roads.shp that has none).
 * Every writer asks pm_inputs_check_output before it writes anything.
 * Files are compared by device and inode (symbolic and hard links, ./x,
 * a/../x are all the same file), names not yet made by their folder's
 * device and inode and the name in lower case. Process-wide, behind a mutex.
 *
 * pm_path_key / pm_path_folds_case: one spelling per output file, for
 * finding two outputs of one run that are the same file (batch, render).
 */
#ifndef PM_INPUTS_H
#define PM_INPUTS_H

#include "pm_error.h"

/* An existing file read as an input; `path` is how messages name it. */
void pm_inputs_add(const char *path);
/* The same for a file read as part of the source `owner` (roads.prj of
 * roads.shp): messages name both. */
void pm_inputs_add_part(const char *path, const char *owner);

/* A name that `owner` (an input) reads when it exists, not made yet. */
void pm_inputs_add_unmade(const char *path, const char *owner);

/* 1 the first time `source` (a spec's source string) is noted, else 0: the
 * file list of a source is gathered once however often it is opened. */
int pm_inputs_note_source(const char *source);

/* IO error "PATH: would overwrite an input of the map (INPUT)" when writing
 * `path` would replace or create a file the map reads; PM_OK otherwise.
 * A device or pipe written in place (/dev/stdout) replaces nothing. */
pm_status pm_inputs_check_output(const char *path, pm_error *err);

/* Calls fn for every existing file read so far (not the unmade names), in
 * the order they were noted, with the path it was read by and its size
 * in bytes: what a run read, for a program's --verbose. */
void pm_inputs_each(void (*fn)(void *user, const char *path, long long size), void *user);

/* Forget every input (tests; a long-lived process between maps). */
void pm_inputs_reset(void);

/* An absolute spelling of `path` that is the same for every name of the same
 * file: the deepest folder that exists resolved with realpath (links, ".."),
 * the rest normalised by its words ("." and ".." parts, repeated slashes).
 * malloc'd; NULL when out of memory. */
char *pm_path_key(const char *path);

/* 1 when names in the folder of `path` (or its deepest existing ancestor)
 * are compared without case: an ext4/f2fs folder with the casefold flag, or
 * a FAT, exFAT, NTFS, SMB/CIFS or HFS+ file system. */
int pm_path_folds_case(const char *path);

/* The outputs of one run, so no two of them are one file (maps x and ./x,
 * a map's PDF and the report, -o x.png --labels-json x.png): each output is
 * added with its owner (a number the caller gives); pm_outset_add returns
 * the owner that added the same file before, or -1 (new, or written in
 * place: a device or pipe). Same file: the same pm_path_key, without case
 * where pm_path_folds_case. */
typedef struct pm_outset pm_outset;
pm_outset *pm_outset_new(void);
int pm_outset_add(pm_outset *s, const char *path, int owner);
void pm_outset_free(pm_outset *s);

#endif
