/* pm_walk: the one folder walk (see pm_walk.h), libc only. Folders are opened relative
 * to their parent (openat with O_DIRECTORY | O_NONBLOCK), entries are
 * classified with fstatat and never opened, and every folder and file is
 * remembered by device + inode so that links can neither loop nor list a
 * file twice. */
#include "pm_walk.h"
#include "pm_keymap.h"
#include "pm_strings.h"
#include "pm_alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

/* ---- a set of file ids, each with the path it was first seen at ---------- */

/* Files and folders seen, by device and inode, each with the path it was
 * first seen at (a char *, owned). */
typedef pm_keymap id_set;

/* The key of a file in an id_set. */
typedef struct id_key {
    char s[48];
} id_key;

static const char *id_key_of(pm_file_id id, id_key *k)
{
    snprintf(k->s, sizeof k->s, "%jx:%jx", (uintmax_t)id.dev, (uintmax_t)id.ino);
    return k->s;
}

/* The path `id` was first seen at, or NULL. */
static const char *id_find(const id_set *s, pm_file_id id)
{
    id_key k;
    char **path = pm_keymap_find(s, id_key_of(id, &k));
    return path ? *path : NULL;
}

static int id_add(id_set *s, pm_file_id id, const char *path)
{
    id_key k;
    int added = 0;
    char **seen = pm_keymap_get(s, id_key_of(id, &k), &added);
    if (!seen || (added && !(*seen = strdup(path))))
        return -1;
    return 0;
}

static void free_path(void *value)
{
    free(*(char **)value);
}

static void id_free(id_set *s)
{
    pm_keymap_free(s, free_path);
}

/* ---- the walk --------------------------------------------------------- */

typedef struct walker {
    const pm_walk_options *o;
    pm_error *err;
    id_set dirs, files;
    pm_file_id stack[PM_WALK_MAX_DEPTH + 1];   /* folders on the current path */
    const char *stack_path[PM_WALK_MAX_DEPTH + 1];
    size_t root_len;
} walker;

/* One entry of a folder being walked. */
typedef struct entry {
    char *name;
    struct stat st;
    int stat_errno;      /* 0: st is valid */
} entry;

static pm_file_id file_id(const struct stat *st)
{
    return (pm_file_id){st->st_dev, st->st_ino};
}

static pm_status nomem(walker *w, const char *path)
{
    return pm_error_set(w->err, PM_ERR_NOMEM, "%s: out of memory listing the folder", path);
}

/* A path as messages show it: a long one (deep trees reach PATH_MAX) keeps
 * its start and end, so the reason after it still fits on the line. */
typedef struct shown {
    char s[320];
} shown;

static const char *show(const char *path, shown *b)
{
    enum { HEAD = 100 };
    size_t n = strlen(path);
    if (n < sizeof b->s)
        return path;
    size_t head = pm_utf8_prefix(path, HEAD), tail = sizeof b->s - HEAD - 4;
    const char *t = path + n - tail;
    while (((unsigned char)*t & 0xC0) == 0x80)
        t++;
    snprintf(b->s, sizeof b->s, "%.*s...%s", (int)head, path, t);
    return b->s;
}

static pm_status issue(walker *w, pm_walk_issue kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Report "PATH: reason" to the caller. */
static pm_status issue(walker *w, pm_walk_issue kind, const char *path, const char *fmt, ...)
{
    if (!w->o->on_issue)
        return PM_OK;
    char line[PM_ERROR_MAX];
    shown b;
    int n = snprintf(line, sizeof line, "%s: ", show(path, &b));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    return w->o->on_issue(w->o->user, kind, line, w->err);
}

/* A folder's unreadable: the root is the caller's error, others are issues. */
static pm_status unreadable_dir(walker *w, const char *path, int depth, int e)
{
    if (depth == 0)
        return pm_error_set(w->err, PM_ERR_IO, "%s: cannot read the folder: %s", path, strerror(e));
    return issue(w, PM_WALK_UNREADABLE, path, "cannot read the folder: %s", strerror(e));
}

/* "a/b" ("/" + "b" is "/b"). */
static char *join(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    int sep = n > 0 && a[n - 1] != '/';
    char *s = malloc(n + m + 2);
    if (s) {
        memcpy(s, a, n);
        s[n] = '/';
        memcpy(s + n + sep, b, m + 1);
    }
    return s;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static void free_entries(entry *e, int n)
{
    for (int i = 0; i < n; i++)
        free(e[i].name);
    free(e);
}

/* The folder's visible entries, stat'ed (links followed) and sorted. */
static int read_entries(DIR *d, entry **out)
{
    entry *e = NULL;
    int n = 0, cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (pm_array_grow(&e, n, &cap, sizeof *e, 32) != 0)
            break;
        e[n].name = strdup(de->d_name);
        if (!e[n].name)
            break;
        e[n].stat_errno = fstatat(dirfd(d), de->d_name, &e[n].st, 0) == 0 ? 0 : errno;
        n++;
        errno = 0;
    }
    if (de || errno) {
        int saved = de ? ENOMEM : errno;
        free_entries(e, n);
        errno = saved;
        return -1;
    }
    if (n > 1)
        qsort(e, (size_t)n, sizeof *e, by_name);
    *out = e;
    return n;
}

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : "not a file or folder";
}

/* A wanted name that is not a regular file, or cannot be looked at. */
static pm_status odd_entry(walker *w, const char *path, const entry *e)
{
    if (e->stat_errno)
        return issue(w, PM_WALK_UNREADABLE, path, "cannot read: %s%s", strerror(e->stat_errno),
                     e->stat_errno == ENOENT ? " (a dangling symbolic link)" : "");
    return issue(w, PM_WALK_NOT_REGULAR, path, "not a regular file but %s",
                 kind_of(e->st.st_mode));
}

static int excluded(const walker *w, pm_file_id id)
{
    for (int i = 0; i < w->o->n_exclude; i++)
        if (w->o->exclude[i].dev == id.dev && w->o->exclude[i].ino == id.ino)
            return 1;
    return 0;
}

/* A regular file the caller wants: listed unless excluded or seen. */
static pm_status take_file(walker *w, pm_walk_file *f, const entry *e, int *taken)
{
    pm_file_id id = file_id(&e->st);
    const char *seen = id_find(&w->files, id);
    shown b;
    *taken = 0;
    if (excluded(w, id))
        return issue(w, PM_WALK_EXCLUDED, f->path, "the GeoPackage being written: not read");
    if (seen)
        return issue(w, PM_WALK_REPEAT, f->path, "the same file as %s: read once", show(seen, &b));
    if (strlen(f->path) >= PATH_MAX)
        return issue(w, PM_WALK_UNREADABLE, f->path, "cannot read: %s", strerror(ENAMETOOLONG));
    if (id_add(&w->files, id, f->path) != 0)
        return nomem(w, f->path);
    *taken = 1;
    return PM_OK;
}

static void free_files(pm_walk_file *f, int n)
{
    for (int i = 0; i < n; i++)
        free((char *)f[i].path);
    free(f);
}

/* Report the odd wanted entries and hand the folder's files to on_dir. */
static pm_status visit_files(walker *w, const pm_walk_dir *dir, const entry *e, int n)
{
    pm_walk_file *files = calloc((size_t)n + 1, sizeof *files);
    if (!files)
        return nomem(w, dir->path);
    int k = 0;
    pm_status st = PM_OK;
    for (int i = 0; st == PM_OK && i < n; i++) {
        int wanted = !w->o->want || w->o->want(e[i].name);
        if (!wanted || (!e[i].stat_errno && S_ISDIR(e[i].st.st_mode)))
            continue;
        char *path = join(dir->path, e[i].name);
        if (!path)
            st = nomem(w, dir->path);
        else if (e[i].stat_errno || !S_ISREG(e[i].st.st_mode))
            st = odd_entry(w, path, &e[i]);
        else {
            pm_walk_file *f = &files[k];
            const char *rel = path + w->root_len;
            *f = (pm_walk_file){path, rel + (*rel == '/'), strrchr(path, '/') + 1};
            int taken = 0;
            st = take_file(w, f, &e[i], &taken);
            if (taken) {
                k++;
                continue;
            }
        }
        free(path);
    }
    pm_walk_dir d = *dir;
    d.files = files;
    d.n_files = k;
    if (st == PM_OK && w->o->on_dir)
        st = w->o->on_dir(w->o->user, &d, w->err);
    free_files(files, k);
    return st;
}

static pm_status walk_dir(walker *w, int fd, const char *path, const char *rel, int depth);

/* Enter a subfolder unless it loops, repeats or is too deep. */
static pm_status enter(walker *w, int parent_fd, const char *path, const char *rel,
                       const entry *e, int depth)
{
    pm_file_id id = file_id(&e->st);
    shown b;
    for (int i = 0; i < depth; i++)
        if (w->stack[i].dev == id.dev && w->stack[i].ino == id.ino)
            return issue(w, PM_WALK_LOOP, path, "a link back to %s (a folder loop): not followed",
                         show(w->stack_path[i], &b));
    const char *seen = id_find(&w->dirs, id);
    if (seen)
        return issue(w, PM_WALK_REPEAT, path, "the same folder as %s: walked once", show(seen, &b));
    if (depth > PM_WALK_MAX_DEPTH)
        return issue(w, PM_WALK_TOO_DEEP, path, "folders nested more than %d levels deep",
                     PM_WALK_MAX_DEPTH);
    if (strlen(path) >= PATH_MAX)
        return issue(w, PM_WALK_UNREADABLE, path, "cannot read the folder: %s",
                     strerror(ENAMETOOLONG));
    int fd = openat(parent_fd, e->name, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return issue(w, PM_WALK_UNREADABLE, path, "cannot read the folder: %s", strerror(errno));
    return walk_dir(w, fd, path, rel, depth);
}

static pm_status walk_subdirs(walker *w, int fd, const char *path, const char *rel,
                              const entry *e, int n, int depth)
{
    pm_status st = PM_OK;
    for (int i = 0; st == PM_OK && i < n; i++) {
        if (e[i].stat_errno || !S_ISDIR(e[i].st.st_mode))
            continue;
        char *sub = join(path, e[i].name);
        char *sub_rel = rel[0] ? join(rel, e[i].name) : strdup(e[i].name);
        st = sub && sub_rel ? enter(w, fd, sub, sub_rel, &e[i], depth + 1) : nomem(w, path);
        free(sub);
        free(sub_rel);
    }
    return st;
}

/* Walk the open folder `fd` (closed here). */
static pm_status walk_dir(walker *w, int fd, const char *path, const char *rel, int depth)
{
    struct stat self;
    DIR *d = fstat(fd, &self) == 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int e = errno;
        close(fd);
        return unreadable_dir(w, path, depth, e);
    }
    /* Remember the folder by what was opened, not by what stat saw before. */
    w->stack[depth] = file_id(&self);
    w->stack_path[depth] = path;
    if (id_add(&w->dirs, file_id(&self), path) != 0) {
        closedir(d);
        return nomem(w, path);
    }
    entry *e = NULL;
    int n = read_entries(d, &e);
    pm_status st;
    if (n < 0) {
        st = errno == ENOMEM ? nomem(w, path) : unreadable_dir(w, path, depth, errno);
    } else {
        pm_walk_dir dir = {path, rel, depth, NULL, 0};
        st = visit_files(w, &dir, e, n);
        if (st == PM_OK)
            st = walk_subdirs(w, dirfd(d), path, rel, e, n, depth);
        free_entries(e, n);
    }
    closedir(d);
    return st;
}

/* The root without trailing slashes ("data/" -> "data"; "/" stays). */
static char *trim_root(const char *root)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, root, n);
        s[n] = '\0';
    }
    return s;
}

pm_status pm_walk(const char *root, const pm_walk_options *opts, pm_error *err)
{
    walker w = {.o = opts, .err = err, .dirs = pm_keymap_make(sizeof(char *), 0),
                .files = pm_keymap_make(sizeof(char *), 0)};
    char *path = trim_root(root);
    if (!path)
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", root);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
    pm_status st;
    if (fd < 0) {
        st = pm_error_set(err, PM_ERR_IO, "%s: cannot read the folder: %s", root, strerror(errno));
    } else {
        w.root_len = strlen(path);
        st = walk_dir(&w, fd, path, "", 0);
    }
    id_free(&w.dirs);
    id_free(&w.files);
    free(path);
    return st;
}

char *pm_walk_root_name(const char *root)
{
    char *path = trim_root(root);
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *base = slash && slash[1] ? slash + 1 : path;
    char *real = NULL;
    if (base && (!strcmp(base, ".") || !strcmp(base, "..") || !strcmp(base, "/"))) {
        real = realpath(path, NULL);
        slash = real ? strrchr(real, '/') : NULL;
        base = slash && slash[1] ? slash + 1 : "root";
    }
    char *name = base ? strdup(base) : NULL;
    free(real);
    free(path);
    return name;
}
