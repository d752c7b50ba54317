/* Reading input files: regular files only (a FIFO, socket or device named
 * as a spec, a batch file or a plan text would make planmap wait forever for
 * a writer, so every input is looked at with stat before it is opened, and
 * opened without blocking), and read whole within a bound. */
#include "pm_file.h"
#include "pm_strings.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *pm_file_kind(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a folder";
    case S_IFIFO: return "a FIFO";
    case S_IFSOCK: return "a socket";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFLNK: return "a symbolic link";
    }
    return "not a file";
}

int pm_file_readable(unsigned mode)
{
    return S_ISREG(mode) || S_ISDIR(mode);
}

/* The caller's own standard input, named as /dev/stdin or /proc/self/fd/0:
 * what is piped in is read, as the user asked. */
static int is_own_stdin(const struct stat *st)
{
    struct stat in;
    return fstat(STDIN_FILENO, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino;
}

int pm_file_refuse(const char *path, unsigned mode, pm_error *err)
{
    pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s, not a regular file", path,
                 pm_file_kind(mode));
    return -1;
}

int pm_open_input(const char *path, pm_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    int own = !pm_file_readable(st.st_mode) && is_own_stdin(&st);
    if (!pm_file_readable(st.st_mode) && !own)
        return pm_file_refuse(path, st.st_mode, err);
    /* The name may be swapped for a FIFO between stat and open: opened
     * without blocking, and looked at again through the descriptor. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || (!pm_file_readable(st.st_mode) && !(own && is_own_stdin(&st)))) {
        close(fd);
        return pm_file_refuse(path, st.st_mode, err);
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

FILE *pm_fopen_input(const char *path, pm_error *err)
{
    int fd = pm_open_input(path, err);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (fd >= 0 && !f) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

char *pm_read_stream(FILE *f, const char *name, size_t max, const char *what, size_t *len,
                     pm_error *err)
{
    size_t cap = 0, n = 0;
    char *buf = NULL;
    pm_status st = PM_OK;
    while (st == PM_OK) {
        if (n + 1 >= cap) {   /* room for the closing NUL */
            if (n > max)
                break;   /* reported below */
            /* One byte more than allowed is read to tell a file too large. */
            size_t next = cap ? cap * 2 : 8192;
            next = next > max + 2 ? max + 2 : next;
            char *grown = realloc(buf, next);
            if (!grown) {
                st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", name);
                break;
            }
            buf = grown;
            cap = next;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0 && ferror(f))   /* a folder fails here, with EISDIR */
            st = pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", name, strerror(errno));
        else if (got == 0)
            break;
    }
    if (st == PM_OK && n > max)
        st = pm_error_set(err, PM_ERR_IO, "%s: too large for a %s (over %zu MiB)", name, what,
                          max >> 20);
    if (st != PM_OK) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Both ends made absolute (symbolic links resolved, so "../" counts real
 * folders), then one "../" per folder of `from_dir` below their common
 * part. */
char *pm_path_relative(const char *from_dir, const char *path)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (!realpath(from_dir, from) || !realpath(path, to))
        return pm_strdup(path);
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i + 1] == '\0' ? to[i + 1] == '/' || to[i + 1] == '\0' : from[i + 1] == '/')
            common = i + 1;
    if (strcmp(from, "/") == 0)
        common = 0;
    int up = 0;
    for (const char *p = from + common; *p; p++)
        up += *p == '/' && p[1] != '\0';
    const char *rest = to + common;
    rest += *rest == '/';
    size_t n = 2 + 3 * (size_t)up + strlen(rest) + 1;
    char *out = malloc(n);
    if (!out)
        return NULL;
    strcpy(out, up ? "" : "./");
    for (int i = 0; i < up; i++)
        strcat(out, "../");
    strcat(out, rest);
    return out;
}
