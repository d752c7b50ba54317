/* pm_walk — the one folder walk behind every command that takes a folder
 * (`export DIR`, `validate DIR`).
 *
 * The walk is safe on any tree a user or an attacker can make:
 * - symbolic links to folders are followed, but each folder is walked once:
 *   a link back to a folder on the current path (a loop: `sub/up -> ..`) or
 *   to a folder already walked is reported and not entered (device + inode);
 * - folders nest at most PM_WALK_MAX_DEPTH levels below the root;
 * - nothing is ever opened but folders (O_DIRECTORY: a FIFO is never opened);
 *   files are only classified with stat, so a FIFO, socket or device node
 *   is reported, never read, and the walk never blocks;
 * - names have no length limit but the system's (no fixed buffers);
 * - the order is deterministic: byte order of names in each folder (not the
 *   locale's), a folder's files before its subfolders; hidden entries (a
 *   leading '.') are skipped.
 * Each regular file is listed once even when links reach it twice.
 */
#ifndef PM_WALK_H
#define PM_WALK_H

#include <sys/types.h>

#include "pm_error.h"

#define PM_WALK_MAX_DEPTH 32

/* What the walk did not take, and why. */
typedef enum pm_walk_issue {
    PM_WALK_LOOP,        /* a link back to a folder on the current path: not entered */
    PM_WALK_REPEAT,      /* a folder or file already walked under another name: skipped */
    PM_WALK_EXCLUDED,    /* a file the caller excluded (its own output): skipped */
    PM_WALK_UNREADABLE,  /* a folder that cannot be listed, a dangling link, a name too long */
    PM_WALK_NOT_REGULAR, /* a FIFO, socket or device node: never opened */
    PM_WALK_TOO_DEEP     /* a folder more than PM_WALK_MAX_DEPTH levels down: not entered */
} pm_walk_issue;

typedef struct pm_walk_file {
    const char *path;    /* root + "/" + rel, as it can be opened */
    const char *rel;     /* relative to the root: "city001/2020/areas.geojson" */
    const char *name;    /* last part of path */
} pm_walk_file;

/* One folder with its wanted regular files, sorted by name. */
typedef struct pm_walk_dir {
    const char *path;
    const char *rel;     /* "" for the root */
    int depth;           /* 0 for the root */
    const pm_walk_file *files;
    int n_files;
} pm_walk_dir;

/* A file identity (device + inode). */
typedef struct pm_file_id {
    dev_t dev;
    ino_t ino;
} pm_file_id;

typedef struct pm_walk_options {
    /* Which file names the caller reads (NULL: all). Unwanted files are
     * never reported; folders are always walked. */
    int (*want)(const char *name);
    /* Files to skip (PM_WALK_EXCLUDED), e.g. the GeoPackage being written. */
    const pm_file_id *exclude;
    int n_exclude;
    /* Called for every folder walked, before its subfolders; a status other
     * than PM_OK stops the walk and is returned. */
    pm_status (*on_dir)(void *user, const pm_walk_dir *dir, pm_error *err);
    /* Called for each issue with a one-line message "PATH: reason"; a
     * status other than PM_OK stops the walk (err is then the caller's).
     * NULL: issues are skipped silently. */
    pm_status (*on_issue)(void *user, pm_walk_issue issue, const char *message, pm_error *err);
    void *user;
} pm_walk_options;

/* Walk the folder `root`. Fails (PM_ERR_IO) when root is not a folder that
 * can be listed, or returns what a callback stopped it with. */
pm_status pm_walk(const char *root, const pm_walk_options *opts, pm_error *err);

/* The name of a walk's root as a table or layer prefix: its last path
 * component ("data/plans/" -> "plans"; "." -> the current folder's name).
 * Malloc'd; NULL when out of memory. */
char *pm_walk_root_name(const char *root);

#endif
