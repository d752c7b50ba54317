/* The tables pm_cleanup_run() works from in a signal handler (pm_cleanup.h).
 * A slot is FREE, BUSY (being filled or emptied: the handler skips it) or
 * LIVE; only LIVE slots are read by the handler, and a path is complete
 * before its slot turns LIVE (sequentially consistent atomics). */
#include "pm_cleanup.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A lock-free atomic is what makes these usable from a handler. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic int must be lock-free");

enum { FREE, BUSY, LIVE };

static struct {
    atomic_int state;   /* first in each entry (state_at) */
    int sqlite;
    char path[PATH_MAX];
} temps[PM_CLEANUP_TEMPS];

static struct {
    atomic_int state;   /* first in each entry (state_at) */
    pid_t pid;
} children[PM_CLEANUP_CHILDREN];

static int claim(atomic_int *state)
{
    int expect = FREE;
    return atomic_compare_exchange_strong(state, &expect, BUSY);
}

/* Both tables' entries start with their state: slot i's state is `stride`
 * bytes times i into the table. */
static atomic_int *state_at(void *table, size_t stride, int i)
{
    return (atomic_int *)((char *)table + stride * (size_t)i);
}

/* The index of a FREE slot of an n-slot table, now BUSY for the caller to
 * fill and make LIVE; -1 when all are taken. */
static int claim_slot(void *table, size_t stride, int n)
{
    for (int i = 0; i < n; i++)
        if (claim(state_at(table, stride, i)))
            return i;
    return -1;
}

static void free_slot(void *table, size_t stride, int n, int slot)
{
    if (slot >= 0 && slot < n)
        atomic_store(state_at(table, stride, slot), FREE);
}

int pm_cleanup_add_temp(const char *path, int sqlite)
{
    size_t n = strlen(path);
    int i = n + sizeof "-journal" > PATH_MAX ? -1 : claim_slot(temps, sizeof temps[0], PM_CLEANUP_TEMPS);
    if (i >= 0) {
        memcpy(temps[i].path, path, n + 1);
        temps[i].sqlite = sqlite;
        atomic_store(&temps[i].state, LIVE);
    }
    return i;
}

void pm_cleanup_drop_temp(int slot)
{
    free_slot(temps, sizeof temps[0], PM_CLEANUP_TEMPS, slot);
}

int pm_cleanup_add_child(pid_t pid)
{
    int i = claim_slot(children, sizeof children[0], PM_CLEANUP_CHILDREN);
    if (i >= 0) {
        children[i].pid = pid;
        atomic_store(&children[i].state, LIVE);
    }
    return i;
}

void pm_cleanup_drop_child(int slot)
{
    free_slot(children, sizeof children[0], PM_CLEANUP_CHILDREN, slot);
}

void pm_cleanup_forget_all(void)
{
    for (int i = 0; i < PM_CLEANUP_TEMPS; i++)
        atomic_store(&temps[i].state, FREE);
    for (int i = 0; i < PM_CLEANUP_CHILDREN; i++)
        atomic_store(&children[i].state, FREE);
}

/* unlink(path + suffix) without snprintf (not async-signal-safe). */
static void unlink_with(const char *path, const char *suffix)
{
    char buf[PATH_MAX];
    size_t n = strlen(path), m = strlen(suffix);
    if (n + m >= sizeof buf)
        return;
    memcpy(buf, path, n);
    memcpy(buf + n, suffix, m + 1);
    unlink(buf);
}

static void stop_children(void)
{
    for (int i = 0; i < PM_CLEANUP_CHILDREN; i++)
        if (atomic_load(&children[i].state) == LIVE)
            kill(children[i].pid, SIGTERM);
    /* Reaped before this process dies, so that when its exit is seen every
     * worker has removed its temporaries too. */
    for (int i = 0; i < PM_CLEANUP_CHILDREN; i++) {
        if (atomic_load(&children[i].state) != LIVE)
            continue;
        while (waitpid(children[i].pid, NULL, 0) < 0 && errno == EINTR)
            ;
        atomic_store(&children[i].state, FREE);
    }
}

void pm_cleanup_run(void)
{
    int saved = errno;
    stop_children();
    for (int i = 0; i < PM_CLEANUP_TEMPS; i++) {
        if (atomic_load(&temps[i].state) != LIVE)
            continue;
        unlink(temps[i].path);
        if (temps[i].sqlite) {
            unlink_with(temps[i].path, "-journal");
            unlink_with(temps[i].path, "-wal");
            unlink_with(temps[i].path, "-shm");
        }
        atomic_store(&temps[i].state, FREE);
    }
    errno = saved;
}
