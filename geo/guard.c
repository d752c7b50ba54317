/* Reading only regular files: a FIFO (or socket, or device) named as a spec,
 * a batch file or a layer source would make planmap wait forever for a
 * writer, so every input is looked at with stat before it is opened, and
 * opened without blocking. */
#include "pm_guard.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
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

static int readable_kind(const struct stat *st)
{
    return S_ISREG(st->st_mode) || S_ISDIR(st->st_mode);
}

/* The caller's own standard input, named as /dev/stdin or /proc/self/fd/0:
 * what is piped in is read, as the user asked. */
static int is_own_stdin(const struct stat *st)
{
    struct stat in;
    return fstat(STDIN_FILENO, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino;
}

static int refuse(const char *path, const struct stat *st, pm_error *err)
{
    pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s, not a regular file", path,
                 pm_file_kind(st->st_mode));
    return -1;
}

int pm_open_input(const char *path, pm_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    int own = !readable_kind(&st) && is_own_stdin(&st);
    if (!readable_kind(&st) && !own)
        return refuse(path, &st, err);
    /* The name may be swapped for a FIFO between stat and open: opened
     * without blocking, and looked at again through the descriptor. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        pm_error_set(err, PM_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || (!readable_kind(&st) && !(own && is_own_stdin(&st)))) {
        close(fd);
        return refuse(path, &st, err);
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

/* Is `name` (in the folder of the source) a file GDAL may read with a source
 * whose file name is `base`: its stem and a dot, in any case
 * (roads.shp → roads.SHX, roads.dbf, roads.prj, roads.shp.aux.xml). */
static int sibling_of(const char *name, const char *base)
{
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return strncasecmp(name, base, stem) == 0 && (name[stem] == '.' || name[stem] == '\0');
}

/* Every entry of the folder `dir` ("" for the current one; siblings of
 * `base` only, when given) must be a file or a folder. */
static pm_status check_folder(const char *dir, const char *base, pm_error *err)
{
    DIR *d = opendir(dir[0] ? dir : ".");
    if (!d)
        return PM_OK;   /* GDAL reports what it cannot read */
    pm_status st = PM_OK;
    struct dirent *e;
    while (st == PM_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        if (base && !sibling_of(e->d_name, base))
            continue;
        char path[PATH_MAX];
        struct stat sb;
        const char *sep = dir[0] && dir[strlen(dir) - 1] != '/' ? "/" : "";
        if (snprintf(path, sizeof path, "%s%s%s", dir, sep, e->d_name) >= (int)sizeof path ||
            stat(path, &sb) != 0 || readable_kind(&sb))
            continue;
        refuse(path, &sb, err);
        st = PM_ERR_IO;
    }
    closedir(d);
    return st;
}

pm_status pm_check_source(const char *path, pm_error *err)
{
    if (pm_check_network(path, err) != PM_OK)
        return PM_ERR_IO;
    if (!path || strncmp(path, "/vsi", 4) == 0 || strchr(path, ':'))
        return PM_OK;
    struct stat st;
    if (stat(path, &st) != 0)
        return PM_OK;   /* the caller reports a missing file */
    if (!readable_kind(&st))
        return refuse(path, &st, err), PM_ERR_IO;
    if (S_ISDIR(st.st_mode))
        return check_folder(path, NULL, err);
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    return check_folder(dir, slash ? slash + 1 : path, err);
}
