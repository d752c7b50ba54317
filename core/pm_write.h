/* pm_write — the one way planmap writes a file: to a temporary beside the
 * target, renamed over it only when every byte was written, flushed, synced
 * and closed without error. So a failed or interrupted write never leaves a
 * partial file and an existing file stays as it was.
 *
 * - Every write is checked (short writes, fsync, close); on any failure the
 *   temporary is removed and the error names the target as given (never the
 *   temporary) with the system's reason: "map.png: cannot write: File too
 *   large". The error status is PM_ERR_IO (exit 3).
 * - A new file gets the mode open(..., 0666) gives under the umask; a
 *   replaced file keeps its mode.
 * - A symbolic link (a chain of them, or a dangling one) is followed: the
 *   file it points to is replaced and the link stays.
 * - A device or pipe (/dev/stdout into a pipe, /dev/null, /dev/full) is
 *   written in place, since a rename would replace the device node; with
 *   PM_WRITE_REGULAR it is refused instead. A folder is refused.
 * - "-" is the process's standard output, whatever it is (a pipe, a file
 *   the shell opened): written in place through its descriptor, named
 *   PM_WRITE_STDOUT_NAME in messages; with PM_WRITE_REGULAR or
 *   PM_WRITE_BY_NAME it is refused (a usage error). The caller asked for
 *   these bytes there: they are the output, not a message.
 * - The temporary is "<folder>/.<name>.XXXXXX" (".planmap.XXXXXX" when the
 *   name is too long for that) and is recorded for pm_cleanup_run(), so a
 *   signal handler can remove it (pm_cleanup.h).
 */
#ifndef PM_WRITE_H
#define PM_WRITE_H

#include <stddef.h>

#include "pm_error.h"

enum {
    /* Refuse a target that is not a regular file (GeoPackage, GeoTIFF). */
    PM_WRITE_REGULAR = 1,
    /* Another library (GDAL) creates and writes the temporary by its name,
     * pm_writer_temp(); the name ends in the target's extension. */
    PM_WRITE_BY_NAME = 2,
    /* The temporary is a SQLite database: its -journal/-wal/-shm go too. */
    PM_WRITE_SQLITE = 4
};

/* How messages name standard output ("-"). */
#define PM_WRITE_STDOUT_NAME "<stdout>"

typedef struct pm_writer pm_writer;

/* Start writing `path`; NULL (and err set) when it cannot be written. */
pm_writer *pm_writer_open(const char *path, unsigned flags, pm_error *err);

/* The temporary's path (PM_WRITE_BY_NAME), NULL when written in place. */
const char *pm_writer_temp(const pm_writer *w);

/* Append bytes (buffered). Returns 0, or -1 with errno set once a write has
 * failed; later writes then do nothing and the commit reports that reason. */
int pm_writer_write(pm_writer *w, const void *data, size_t len);

/* The reason (an errno) the first failed write gave, or 0. */
int pm_writer_error(const pm_writer *w);

/* Why a write by name (GDAL) failed, as far as the system shows it: EFBIG
 * when the temporary has reached the file-size limit (ulimit -f), ENOSPC
 * when its file system has no free block left, else 0 (GDAL's own message
 * is then the reason to give). */
int pm_writer_full(const pm_writer *w);

/* `msg` (a GDAL message) with the temporary's path replaced by the name the
 * caller gave, so an error never names the internal temporary. */
void pm_writer_unname(const pm_writer *w, const char *msg, char *out, size_t size);

/* Finish: flush, fsync, close and rename over the target. Frees `w` either
 * way; on failure the temporary is removed and the old file kept. */
pm_status pm_writer_commit(pm_writer *w, pm_error *err);

/* Give up: remove the temporary and free `w` (NULL is ignored). */
void pm_writer_abort(pm_writer *w);

/* Several files that stand or fall together (render -o a.png -o a.pdf):
 * a group the caller owns (on its stack; nothing to allocate). Between
 * pm_write_hold(g) and pm_write_release(g, ...), a commit made on the same
 * thread writes, syncs and closes its temporary but leaves the rename to
 * the group. `st` is how the run went: PM_OK renames every held temporary
 * over its target (the first failing rename is the error, in `err`, and
 * the rest are removed); any other status removes them all and is returned
 * as it is, `err` untouched. The held temporaries stay recorded for
 * pm_cleanup_run() until renamed or removed. Standard output and devices
 * are written in place as they come and cannot be held.
 *
 * The group belongs to the thread that holds it: two renders on two
 * threads hold two groups and neither renames or removes the other's
 * files. Groups held on one thread nest and are released in reverse order;
 * an inner group released with PM_OK hands its files to the outer one, so
 * the outer run still decides for all of them. */
typedef struct pm_write_group {
    pm_writer **held;                /* committed, waiting for the release */
    int n_held, cap_held;
    struct pm_write_group *outer;    /* the thread's group before this one */
} pm_write_group;

void pm_write_hold(pm_write_group *g);
pm_status pm_write_release(pm_write_group *g, pm_status st, pm_error *err);

/* The whole of `data` as the file `path`. `what` words the error
 * ("cannot write labels"); NULL means "cannot write". */
pm_status pm_write_file(const char *path, const void *data, size_t len, const char *what,
                        pm_error *err);

#endif
