/* The inputs of the map, so no output replaces one (pm_inputs.h), and one
 * spelling per output path. */
#include "pm_inputs.h"
#include "pm_keymap.h"
#include "pm_alloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef FS_CASEFOLD_FL
#define FS_CASEFOLD_FL 0x40000000
#endif

typedef struct input {
    dev_t dev;         /* the file, or for an unmade name its folder */
    ino_t ino;
    char *name;        /* the file as messages name it */
    char *base;        /* unmade names: the name in its folder, lower case */
    char *path;        /* files: the path it was read by, to see it is still there */
} input;

typedef struct list {
    input *v;
    int n, cap;
} list;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static list files, unmade;
static char **sources;
static int n_sources, cap_sources;

/* Add (dev, ino, name[, base][, path]) unless that file or name is there already. */
static void add(list *l, const struct stat *sb, const char *name, const char *base,
                const char *path)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].dev == sb->st_dev && l->v[i].ino == sb->st_ino &&
            (!base || strcmp(l->v[i].base, base) == 0))
            return;
    if (pm_array_grow(&l->v, l->n, &l->cap, sizeof *l->v, 16) != 0)
        return;
    input in = {sb->st_dev, sb->st_ino, strdup(name), base ? strdup(base) : NULL,
                path ? strdup(path) : NULL};
    if (!in.name || (base && !in.base) || (path && !in.path)) {
        free(in.name);
        free(in.base);
        free(in.path);
        return;
    }
    l->v[l->n++] = in;
}

void pm_inputs_each(void (*fn)(void *user, const char *name, long long size), void *user)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < files.n; i++) {
        struct stat sb;
        const input *in = &files.v[i];
        const char *path = in->path ? in->path : in->name;
        fn(user, path, stat(path, &sb) == 0 ? (long long)sb.st_size : 0);
    }
    pthread_mutex_unlock(&lock);
}

void pm_inputs_add_part(const char *path, const char *owner)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return;
    char name[2 * PATH_MAX + 32];
    if (owner && strcmp(owner, path) != 0)
        snprintf(name, sizeof name, "%s, part of %s", path, owner);
    else
        snprintf(name, sizeof name, "%s", path);
    pthread_mutex_lock(&lock);
    add(&files, &sb, name, NULL, path);
    pthread_mutex_unlock(&lock);
}

void pm_inputs_add(const char *path)
{
    pm_inputs_add_part(path, NULL);
}

/* The folder of `path` (stat'd into *sb) and its last name in lower case. */
static int split(const char *path, struct stat *sb, char *base, size_t size)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + (slash == path)) : 1,
             slash ? path : ".");
    const char *name = slash ? slash + 1 : path;
    if (!*name || strlen(name) >= size || stat(dir, sb) != 0)
        return -1;
    for (size_t i = 0; name[i]; i++)
        base[i] = (char)tolower((unsigned char)name[i]);
    base[strlen(name)] = '\0';
    return 0;
}

void pm_inputs_add_unmade(const char *path, const char *owner)
{
    struct stat sb;
    char base[NAME_MAX + 1];
    if (!path || !owner || split(path, &sb, base, sizeof base) != 0)
        return;
    pthread_mutex_lock(&lock);
    add(&unmade, &sb, owner, base, NULL);
    pthread_mutex_unlock(&lock);
}

int pm_inputs_note_source(const char *source)
{
    int added = 0;
    pthread_mutex_lock(&lock);
    int seen = 0;
    for (int i = 0; i < n_sources && !seen; i++)
        seen = strcmp(sources[i], source) == 0;
    if (!seen && pm_array_grow(&sources, n_sources, &cap_sources, sizeof *sources, 16) == 0 &&
        (sources[n_sources] = strdup(source)))
        n_sources++, added = 1;
    pthread_mutex_unlock(&lock);
    return added;
}

static pm_status refuse(const char *path, const char *read, pm_error *err)
{
    return pm_error_set(err, PM_ERR_IO, "%s: would overwrite an input of the map (%s)", path,
                        read);
}

/* An input read earlier may since have gone and its inode been given to a
 * new file (a long-lived program, a batch whose inputs change): it matches
 * only while its name still leads to the same file. */
static int still_there(const input *in, const struct stat *sb)
{
    struct stat now;
    return in->path && stat(in->path, &now) == 0 && now.st_dev == sb->st_dev && now.st_ino == sb->st_ino;
}

pm_status pm_inputs_check_output(const char *path, pm_error *err)
{
    if (!path)
        return PM_OK;
    struct stat sb, dir;
    char base[NAME_MAX + 1];
    int exists = stat(path, &sb) == 0;
    if (exists && !S_ISREG(sb.st_mode))
        return PM_OK;   /* a device is written in place; a folder is refused anyway */
    int named = split(path, &dir, base, sizeof base) == 0;
    pm_status st = PM_OK;
    pthread_mutex_lock(&lock);
    for (int i = 0; exists && st == PM_OK && i < files.n; i++)
        if (files.v[i].dev == sb.st_dev && files.v[i].ino == sb.st_ino &&
            still_there(&files.v[i], &sb))
            st = refuse(path, files.v[i].name, err);
    for (int i = 0; named && st == PM_OK && i < unmade.n; i++)
        if (unmade.v[i].dev == dir.st_dev && unmade.v[i].ino == dir.st_ino &&
            strcmp(unmade.v[i].base, base) == 0)
            st = refuse(path, unmade.v[i].name, err);
    pthread_mutex_unlock(&lock);
    return st;
}

static void clear(list *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].base);
        free(l->v[i].path);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

void pm_inputs_reset(void)
{
    pthread_mutex_lock(&lock);
    clear(&files);
    clear(&unmade);
    for (int i = 0; i < n_sources; i++)
        free(sources[i]);
    free(sources);
    sources = NULL;
    n_sources = cap_sources = 0;
    pthread_mutex_unlock(&lock);
}

/* ---- one spelling per path ------------------------------------------------ */

/* Append the words of `rest` to the absolute `out` (size PATH_MAX * 2),
 * dropping "." and empty words and taking ".." back one word. */
static void append_words(char *out, const char *rest)
{
    size_t n = strlen(out);
    while (*rest) {
        size_t k = strcspn(rest, "/");
        if (k == 2 && rest[0] == '.' && rest[1] == '.') {
            while (n > 1 && out[n - 1] != '/')
                n--;
            n = n > 1 ? n - 1 : 1;
        } else if (k > 0 && !(k == 1 && rest[0] == '.') && n + k + 2 < 2 * PATH_MAX) {
            if (n > 1)
                out[n++] = '/';
            memcpy(out + n, rest, k);
            n += k;
        }
        out[n] = '\0';
        rest += k + (rest[k] == '/');
    }
    out[n] = '\0';
}

char *pm_path_key(const char *path)
{
    char abs[2 * PATH_MAX], real[PATH_MAX];
    if (path[0] == '/')
        snprintf(abs, sizeof abs, "%s", path);
    else if (getcwd(real, sizeof real))
        snprintf(abs, sizeof abs, "%s/%s", real, path);
    else
        return NULL;
    /* The deepest part that exists, with links and ".." resolved by the
     * system; the rest, not made yet, by its words. */
    size_t cut = strlen(abs);
    for (;;) {
        char head[2 * PATH_MAX];
        snprintf(head, sizeof head, "%.*s", (int)cut, abs);
        if (realpath(head, real))
            break;
        while (cut > 0 && abs[cut - 1] != '/')
            cut--;
        while (cut > 1 && abs[cut - 1] == '/')
            cut--;
    }
    char out[2 * PATH_MAX];
    snprintf(out, sizeof out, "%s", cut ? real : "/");
    append_words(out, abs + cut);
    return strdup(out);
}

int pm_path_folds_case(const char *path)
{
    char *key = pm_path_key(path);
    if (!key)
        return 0;
    struct stat sb;
    while (stat(key, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        char *slash = strrchr(key, '/');
        if (!slash || slash == key) {
            strcpy(key, "/");
            break;
        }
        *slash = '\0';
    }
    int folds = 0, fd = open(key, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    int flags = 0;   /* FS_IOC_GETFLAGS takes an int, whatever its declaration says */
    if (fd >= 0 && ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_CASEFOLD_FL))
        folds = 1;
    struct statfs fs;
    static const unsigned long folding[] = {0x4d44 /* FAT */, 0x2011BAB0 /* exFAT */,
                                            0x5346544e /* NTFS */, 0x7366746e /* ntfs3 */,
                                            0xFF534D42 /* CIFS */, 0xFE534D42 /* SMB2 */,
                                            0x517B /* SMB */, 0x482b /* HFS+ */};
    if (!folds && fd >= 0 && fstatfs(fd, &fs) == 0)
        for (size_t i = 0; i < sizeof folding / sizeof folding[0]; i++)
            folds |= (unsigned long)fs.f_type == folding[i];
    if (fd >= 0)
        close(fd);
    free(key);
    return folds;
}

/* ---- outputs of one run ---------------------------------------------------- */

struct pm_outset {
    pm_keymap owners;  /* path key -> int, the owner that added it */
};

pm_outset *pm_outset_new(void)
{
    pm_outset *s = malloc(sizeof *s);
    if (s)
        s->owners = pm_keymap_make(sizeof(int), 0);
    return s;
}

void pm_outset_free(pm_outset *s)
{
    if (!s)
        return;
    pm_keymap_free(&s->owners, NULL);
    free(s);
}

int pm_outset_add(pm_outset *s, const char *path, int owner)
{
    struct stat sb;
    if (!s || !path || (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)))
        return -1;
    char *key = pm_path_key(path);
    if (!key)
        return -1;
    if (pm_path_folds_case(path))
        for (char *p = key; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    int added = 0;
    int *own = pm_keymap_get(&s->owners, key, &added);
    free(key);
    if (!own)
        return -1;
    if (!added)
        return *own;
    *own = owner;
    return -1;
}
