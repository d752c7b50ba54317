/* pm_cleanup — what a process must undo when a signal ends it: the
 * temporary files the writer has open (pm_write.h) and the worker processes
 * a batch started.
 *
 * This is the one piece of process-wide mutable state planmap keeps beyond
 * GDAL/PROJ initialisation, and it has to be: a signal handler gets no
 * argument, so the live temporaries and children must be reachable from a
 * static table. The tables are fixed-size and use lock-free atomics only, so
 * pm_cleanup_run() is async-signal-safe (no malloc, no locks, no stdio).
 *
 * The library never installs a handler; the CLI does (cli/main.c), and calls
 * pm_cleanup_run() from it before re-raising the signal. */
#ifndef PM_CLEANUP_H
#define PM_CLEANUP_H

#include <sys/types.h>

/* Slots in each table: more live temporaries or workers than this in one
 * process are still written and run, only not cleaned up on a signal. */
#define PM_CLEANUP_TEMPS 64
#define PM_CLEANUP_CHILDREN 64

/* Record a temporary file (an absolute or working-folder-relative path of
 * less than PATH_MAX bytes) to unlink on a signal; `sqlite` also removes
 * its "-journal", "-wal" and "-shm" companions. Returns the slot, or -1 when
 * the table is full or the path too long. */
int pm_cleanup_add_temp(const char *path, int sqlite);
/* The temporary was renamed or removed: forget slot (-1 is ignored). */
void pm_cleanup_drop_temp(int slot);

/* Record a child process to terminate (SIGTERM) and reap on a signal. */
int pm_cleanup_add_child(pid_t pid);
void pm_cleanup_drop_child(int slot);

/* In a freshly forked child: forget the parent's temporaries and children
 * (they are not this process's to remove or to kill). */
void pm_cleanup_forget_all(void);

/* Async-signal-safe: SIGTERM every recorded child and wait for it (each
 * removes its own temporaries in its own handler), then unlink every
 * recorded temporary. */
void pm_cleanup_run(void);

#endif
