/* The atomic writer (pm_write.h). */
#include "pm_write.h"
#include "pm_cleanup.h"
#include "pm_inputs.h"
#include "pm_alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)
#define MAX_LINKS 40
#define NAME_TRIES 100
/* Bytes of the target's extension kept on a PM_WRITE_BY_NAME temporary. */
#define MAX_EXT 16

struct pm_writer {
    char *name;        /* as the caller gave it: what messages name */
    char *target;      /* the file the rename replaces (links followed) */
    char *temp;        /* NULL: written in place (a device or pipe) */
    const char *what;  /* "cannot write" */
    unsigned flags;
    int fd;            /* -1 once closed, and for PM_WRITE_BY_NAME */
    int slot;          /* pm_cleanup slot of the temporary, or -1 */
    mode_t mode;       /* what the committed file gets */
    int failed;        /* the first failed write's errno */
    unsigned char *buf;
    size_t len;
};

static pm_status fail(const pm_writer *w, const char *what, int e, pm_error *err)
{
    return pm_error_set(err, PM_ERR_IO, "%s: %s: %s", w->name, what, strerror(e));
}

/* ---- the target ---------------------------------------------------------- */

/* `link`'s value, relative to the link's folder: a malloc'd path. */
static char *follow(const char *link)
{
    char val[PATH_MAX];
    ssize_t n = readlink(link, val, sizeof val - 1);
    if (n < 0)
        return NULL;
    val[n] = '\0';
    const char *slash = strrchr(link, '/');
    size_t dir = val[0] == '/' || !slash ? 0 : (size_t)(slash - link) + 1;
    char *p = malloc(dir + (size_t)n + 1);
    if (p) {
        memcpy(p, link, dir);
        memcpy(p + dir, val, (size_t)n + 1);
    }
    return p;
}

/* The last name of a chain of links to a file not made yet: the link
 * stays and the file it names is made. */
static char *resolve_dangling(const char *path)
{
    char *p = strdup(path);
    struct stat sb;
    for (int i = 0; p && lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode); i++) {
        char *next = i < MAX_LINKS ? follow(p) : NULL;
        if (!next)
            errno = i < MAX_LINKS ? errno : ELOOP;
        free(p);
        p = next;
    }
    return p;
}

/* The file a rename must replace: through symbolic links (including
 * /dev/stdout redirected to a file) the linked file, never the link. A
 * device or pipe is opened by the name given (/dev/stdout is a link to
 * "pipe:[N]", which names no file). */
static char *resolve(const char *path, const struct stat *sb, int exists)
{
    if (exists && !S_ISREG(sb->st_mode))
        return strdup(path);
    char *real = exists ? realpath(path, NULL) : NULL;
    return real ? real : resolve_dangling(path);
}

/* ---- the temporary ------------------------------------------------------- */

static void random_tail(char *out, int n)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static atomic_uint_fast64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40) ^
                 (atomic_fetch_add(&counter, 1) * 0x9E3779B97F4A7C15ull);
    for (int i = 0; i < n; i++) {
        x ^= x >> 33;   /* a mix of splitmix64's, enough for a unique name */
        x *= 0xff51afd7ed558ccdull;
        x ^= x >> 29;
        out[i] = set[x % (sizeof set - 1)];
    }
}

/* "<folder>/.<name>.XXXXXX[.ext]"; ".planmap.XXXXXX[.ext]" when the name
 * would pass NAME_MAX (a legal 250-byte output name must still work). */
static char *temp_name(const char *target, int keep_ext)
{
    const char *slash = strrchr(target, '/');
    size_t dir = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + dir;
    const char *dot = strrchr(base, '.');
    const char *ext = keep_ext && dot && dot != base && strlen(dot) <= MAX_EXT ? dot : "";
    size_t base_len = strlen(base);
    if (1 + base_len + 7 + strlen(ext) > NAME_MAX) {
        base = "planmap";
        base_len = strlen(base);
    }
    size_t n = dir + 1 + base_len + 7 + strlen(ext) + 1;
    char *t = malloc(n);
    if (!t)
        return NULL;
    snprintf(t, n, "%.*s.%s.XXXXXX%s", (int)dir, target, base, ext);
    random_tail(t + dir + 1 + base_len + 1, 6);
    return t;
}

/* Create the temporary (O_EXCL, 0666: the kernel applies the umask) and
 * record it for the signal handler with signals held off, so no signal can
 * end the process between the two. */
static int create_temp(pm_writer *w)
{
    sigset_t all, old;
    sigfillset(&all);
    for (int i = 0; i < NAME_TRIES; i++) {
        free(w->temp);
        w->temp = temp_name(w->target, w->flags & PM_WRITE_BY_NAME);
        if (!w->temp) {
            errno = ENOMEM;
            return -1;
        }
        pthread_sigmask(SIG_BLOCK, &all, &old);
        w->fd = open(w->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        int e = errno;
        if (w->fd >= 0)
            w->slot = pm_cleanup_add_temp(w->temp, (w->flags & PM_WRITE_SQLITE) != 0);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (w->fd >= 0 || e != EEXIST) {
            errno = e;
            return w->fd >= 0 ? 0 : -1;
        }
    }
    errno = EEXIST;
    return -1;
}

static void drop_temp(pm_writer *w)
{
    if (!w->temp)
        return;
    unlink(w->temp);
    if (w->flags & PM_WRITE_SQLITE) {
        static const char *const side[] = {"-journal", "-wal", "-shm"};
        size_t n = strlen(w->temp);
        char *p = malloc(n + 9);
        for (int i = 0; p && i < 3; i++) {
            snprintf(p, n + 9, "%s%s", w->temp, side[i]);
            unlink(p);
        }
        free(p);
    }
    pm_cleanup_drop_temp(w->slot);
    w->slot = -1;
}

static void writer_free(pm_writer *w)
{
    if (w->fd >= 0)
        close(w->fd);
    PM_FREE_ALL(w->name, w->target, w->temp, w->buf, w);
}

/* ---- open ----------------------------------------------------------------- */

/* An existing target that is not a regular file: a device or pipe is
 * opened to be written in place (it cannot be renamed over); a folder, or
 * anything under PM_WRITE_REGULAR, is refused. 1: handled, 0: a regular
 * file or nothing there yet, -1: refused (err set). */
static int open_special(pm_writer *w, const struct stat *sb, pm_error *err)
{
    if (S_ISREG(sb->st_mode))
        return 0;
    if (S_ISDIR(sb->st_mode)) {
        fail(w, w->what, EISDIR, err);
        return -1;
    }
    if (w->flags & PM_WRITE_REGULAR) {
        pm_error_set(err, PM_ERR_IO, "%s: %s: not a regular file", w->name, w->what);
        return -1;
    }
    w->fd = open(w->target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
    if (w->fd < 0) {
        fail(w, w->what, errno, err);
        return -1;
    }
    return 1;
}

/* The temporary, with the mode the file must end up with: a replaced
 * file's own, or the umask's for a new one (what open gave the temporary). */
static int open_temp(pm_writer *w, const struct stat *old, pm_error *err)
{
    if (create_temp(w) != 0) {
        fail(w, w->what, errno, err);
        return -1;
    }
    struct stat sb;
    if (fstat(w->fd, &sb) == 0)
        w->mode = sb.st_mode & 07777;
    if (old) {
        w->mode = old->st_mode & 07777;
        /* Not fatal (a file system without modes): the bytes still land. */
        (void)!fchmod(w->fd, w->mode);
    }
    if (w->flags & PM_WRITE_BY_NAME) {
        /* GDAL's drivers create their file themselves (GPKG refuses an
         * existing one); the name stays recorded for the handler. */
        close(w->fd);
        w->fd = -1;
        unlink(w->temp);
    }
    return 0;
}

static pm_writer *writer_new(const char *path, unsigned flags, const char *what,
                             const struct stat *sb, int exists)
{
    pm_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fd = -1;
    w->slot = -1;
    w->flags = flags;
    w->what = what ? what : "cannot write";
    w->name = strdup(path);
    w->target = resolve(path, sb, exists);
    w->buf = flags & PM_WRITE_BY_NAME ? NULL : malloc(BUF_SIZE);
    if (!w->name || !w->target || (!w->buf && !(flags & PM_WRITE_BY_NAME))) {
        writer_free(w);
        return NULL;
    }
    return w;
}

/* "-": the process's standard output, written in place through a copy of
 * its descriptor (never renamed: it may be a file the shell opened, with
 * bytes before ours). A GDAL output needs a file by name and is refused. */
static pm_writer *open_stdout(unsigned flags, const char *what, pm_error *err)
{
    if (flags & (PM_WRITE_REGULAR | PM_WRITE_BY_NAME)) {
        pm_error_set(err, PM_ERR_USAGE, "%s: %s: this format needs a file, not standard output",
                     PM_WRITE_STDOUT_NAME, what ? what : "cannot write");
        return NULL;
    }
    struct stat sb = {0};
    pm_writer *w = writer_new(PM_WRITE_STDOUT_NAME, flags, what, &sb, 1);
    if (w)
        w->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
    if (!w || w->fd < 0) {
        int e = w ? errno : ENOMEM;
        if (w)
            writer_free(w);
        pm_error_set(err, e == ENOMEM ? PM_ERR_NOMEM : PM_ERR_IO, "%s: %s: %s",
                     PM_WRITE_STDOUT_NAME, what ? what : "cannot write", strerror(e));
        return NULL;
    }
    return w;
}

static pm_writer *open_as(const char *path, unsigned flags, const char *what, pm_error *err)
{
    if (!path || !*path) {
        pm_error_set(err, PM_ERR_USAGE, "no output file named");
        return NULL;
    }
    if (strcmp(path, "-") == 0)
        return open_stdout(flags, what, err);
    if (pm_inputs_check_output(path, err) != PM_OK)   /* never replace what the map reads */
        return NULL;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    errno = 0;
    pm_writer *w = writer_new(path, flags, what, &sb, exists);
    if (!w) {
        int e = errno == ELOOP ? ELOOP : ENOMEM;
        pm_error_set(err, e == ENOMEM ? PM_ERR_NOMEM : PM_ERR_IO, "%s: %s: %s", path,
                     what ? what : "cannot write", strerror(e));
        return NULL;
    }
    int r = exists ? open_special(w, &sb, err) : 0;
    if (r == 0)
        r = open_temp(w, exists ? &sb : NULL, err) == 0 ? 1 : -1;
    if (r < 0) {
        writer_free(w);
        return NULL;
    }
    return w;
}

pm_writer *pm_writer_open(const char *path, unsigned flags, pm_error *err)
{
    return open_as(path, flags, NULL, err);
}

const char *pm_writer_temp(const pm_writer *w)
{
    return w && (w->flags & PM_WRITE_BY_NAME) ? w->temp : NULL;
}

/* ---- writing -------------------------------------------------------------- */

static int write_fd(pm_writer *w, const unsigned char *p, size_t n)
{
    while (n > 0 && !w->failed) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            w->failed = k < 0 ? errno : EIO;
        else {
            p += k;
            n -= (size_t)k;
        }
    }
    return w->failed ? -1 : 0;
}

static int flush_buf(pm_writer *w)
{
    int r = write_fd(w, w->buf, w->len);
    w->len = 0;
    return r;
}

int pm_writer_write(pm_writer *w, const void *data, size_t len)
{
    if (len == 0 && !w->failed)
        return 0;   /* a PNG's empty IEND chunk: data may be NULL */
    if (w->fd < 0 && !w->failed)
        w->failed = EBADF;   /* PM_WRITE_BY_NAME: GDAL writes, not us */
    if (w->failed) {
        errno = w->failed;
        return -1;
    }
    if (w->len + len > BUF_SIZE && flush_buf(w) != 0) {
        errno = w->failed;
        return -1;
    }
    if (len >= BUF_SIZE) {
        int r = write_fd(w, data, len);
        errno = w->failed;
        return r;
    }
    memcpy(w->buf + w->len, data, len);
    w->len += len;
    return 0;
}

int pm_writer_error(const pm_writer *w)
{
    return w ? w->failed : 0;
}

int pm_writer_full(const pm_writer *w)
{
    struct stat sb;
    struct rlimit lim;
    if (!w || !w->temp || stat(w->temp, &sb) != 0)
        return 0;
    /* Within a block or a page of the limit: the next write passed it. */
    if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
        (rlim_t)sb.st_size + 65536 >= lim.rlim_cur)
        return EFBIG;
    struct statvfs vs;
    if (statvfs(w->temp, &vs) == 0 && vs.f_bavail == 0)
        return ENOSPC;
    return 0;
}

void pm_writer_unname(const pm_writer *w, const char *msg, char *out, size_t size)
{
    size_t used = 0, tl = w && w->temp ? strlen(w->temp) : 0;
    while (*msg && used + 1 < size) {
        const char *piece = msg;
        size_t n = 1;
        if (tl && strncmp(msg, w->temp, tl) == 0) {
            piece = w->name;
            n = strlen(w->name);
            msg += tl;
        } else {
            msg++;
        }
        n = n < size - 1 - used ? n : size - 1 - used;
        memcpy(out + used, piece, n);
        used += n;
    }
    out[used] = '\0';
}

/* ---- the end ---------------------------------------------------------------- */

/* GDAL has written and closed the temporary: it must be a regular file;
 * it gets its mode and goes to disk. */
static int finish_by_name(pm_writer *w)
{
    int fd = open(w->temp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    int e = fd < 0 ? errno : fstat(fd, &sb) != 0 ? errno : !S_ISREG(sb.st_mode) ? EINVAL : 0;
    if (!e && (sb.st_mode & 07777) != w->mode)
        (void)!fchmod(fd, w->mode);
    if (!e && fsync(fd) != 0)
        e = errno;
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    return e;
}

/* Flushed, synced (a regular temporary only: a pipe or terminal cannot
 * be) and closed; the first error's reason, or 0. */
static int finish_fd(pm_writer *w)
{
    if (w->len)
        flush_buf(w);
    int e = w->failed;
    if (!e && w->temp && fsync(w->fd) != 0)
        e = errno;
    if (close(w->fd) != 0 && !e)
        e = errno;
    w->fd = -1;
    return e;
}

/* The rename reaches the disk with the folder's entry. Best effort: a
 * folder that cannot be opened or synced does not undo a complete write. */
static void sync_folder(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? strndup(target, slash == target ? 1 : (size_t)(slash - target))
                      : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        (void)!fsync(fd);
        close(fd);
    }
    free(dir);
}

/* ---- held renames ---------------------------------------------------------- */

/* The group this thread's commits go to (pm_write_hold), or NULL: commits
 * rename at once. Per thread, so concurrent runs never share a group; the
 * held list itself lives in the caller's group. */
static _Thread_local pm_write_group *current;

void pm_write_hold(pm_write_group *g)
{
    memset(g, 0, sizeof *g);
    g->outer = current;
    current = g;
}

/* Keeps the finished writer in `g` for its release; 0, or -1 (no group,
 * or no memory: the caller renames at once). */
static int hold(pm_write_group *g, pm_writer *w)
{
    if (!g || pm_array_grow(&g->held, g->n_held, &g->cap_held, sizeof *g->held, 8) != 0)
        return -1;
    g->held[g->n_held++] = w;
    free(w->buf);   /* written out: only the names are needed now */
    w->buf = NULL;
    return 0;
}

/* A finished write's end: with `st` PM_OK its temporary renamed over the
 * target, else (or when the rename fails) removed. Frees `w`. */
static pm_status finish(pm_writer *w, pm_status st, pm_error *err)
{
    if (st == PM_OK && w->temp && rename(w->temp, w->target) != 0)
        st = fail(w, "cannot replace", errno, err);
    if (st == PM_OK && w->temp)
        sync_folder(w->target);
    if (st == PM_OK) {
        pm_cleanup_drop_temp(w->slot);   /* renamed: nothing left to remove */
        w->slot = -1;
    } else {
        drop_temp(w);
    }
    writer_free(w);
    return st;
}

pm_status pm_write_release(pm_write_group *g, pm_status st, pm_error *err)
{
    if (current == g)
        current = g->outer;
    for (int i = 0; i < g->n_held; i++) {
        /* nested and fine: the outer group decides; else after a failure
         * the rest are removed */
        if (st != PM_OK || hold(g->outer, g->held[i]) != 0)
            st = finish(g->held[i], st, err);
    }
    free(g->held);
    g->held = NULL;
    g->n_held = g->cap_held = 0;
    return st;
}

pm_status pm_writer_commit(pm_writer *w, pm_error *err)
{
    if (!w)
        return pm_error_set(err, PM_ERR_USAGE, "pm_writer_commit: no writer");
    int e = w->flags & PM_WRITE_BY_NAME ? finish_by_name(w) : finish_fd(w);
    pm_status st = e ? fail(w, w->what, e, err) : PM_OK;
    if (st == PM_OK && w->temp && hold(current, w) == 0)
        return PM_OK;
    return finish(w, st, err);
}

void pm_writer_abort(pm_writer *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    drop_temp(w);
    writer_free(w);
}

pm_status pm_write_file(const char *path, const void *data, size_t len, const char *what,
                        pm_error *err)
{
    pm_writer *w = open_as(path, 0, what, err);
    if (!w)
        return err && err->status ? err->status : PM_ERR_IO;
    if (pm_writer_write(w, data, len) != 0) {
        /* the commit reports the reason */
    }
    return pm_writer_commit(w, err);
}
