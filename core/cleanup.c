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
    atomic_int state;
    int sqlite;
    char path[PATH_MAX];
} temps[PM_CLEANUP_TEMPS];

static struct {
    atomic_int state;
    pid_t pid;
} children[PM_CLEANUP_CHILDREN];

static int claim(atomic_int *state)
{
    int expect = FREE;
    return atomic_compare_exchange_strong(state, &expect, BUSY);
}

int pm_cleanup_add_temp(const char *path, int sqlite)
{
    size_t n = strlen(path);
    if (n + sizeof "-journal" > PATH_MAX)
        return -1;
    for (int i = 0; i < PM_CLEANUP_TEMPS; i++) {
        if (!claim(&temps[i].state))
            continue;
        memcpy(temps[i].path, path, n + 1);
        temps[i].sqlite = sqlite;
        atomic_store(&temps[i].state, LIVE);
        return i;
    }
    return -1;
}

void pm_cleanup_drop_temp(int slot)
{
    if (slot >= 0 && slot < PM_CLEANUP_TEMPS)
        atomic_store(&temps[slot].state, FREE);
}

int pm_cleanup_add_child(pid_t pid)
{
    for (int i = 0; i < PM_CLEANUP_CHILDREN; i++) {
        if (!claim(&children[i].state))
            continue;
        children[i].pid = pid;
        atomic_store(&children[i].state, LIVE);
        return i;
    }
    return -1;
}

void pm_cleanup_drop_child(int slot)
{
    if (slot >= 0 && slot < PM_CLEANUP_CHILDREN)
        atomic_store(&children[slot].state, FREE);
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
