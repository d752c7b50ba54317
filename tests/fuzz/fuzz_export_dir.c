/* libFuzzer harness: the folder walk behind `planmap export DIR` and
 * `planmap validate DIR`. The input is a small script that builds a folder
 * tree in a private temporary folder, one command per line:
 *
 *   d PATH          make the folder PATH (and its parents)
 *   f K PATH        write file PATH with content K (0-4: GeoJSON of several
 *                   kinds, an empty collection, text that is not GeoJSON)
 *   l TARGET PATH   a symbolic link PATH -> TARGET (links whose target
 *                   resolves outside the tree are removed before the walk)
 *   p PATH          a FIFO (the walk must never open it)
 *   n K PATH        K (at most 64) folders PATHnnn, each with 2020/areas.geojson
 *                   (content 0 or 1)
 *   o PATH          write the GeoPackage at PATH inside the tree (and export
 *                   twice: the second run must give the same tables)
 *
 * PATH parts are any bytes but '/' (no "." or ".." parts). The tree is then
 * exported (GeoPackage outside the tree unless `o`) and validated, and
 * removed without following links. Checks: a failure always has a message;
 * an export into its own folder run twice gives the same number of tables;
 * every note is one line. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include "pm_inputs.h"
#include "pm_export.h"
#include "pm_init.h"
#include "pm_validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char base[64] = "/tmp/pm_fuzz_export.XXXXXX";
static char tree[96], outside_gpkg[96], real_tree[PATH_MAX];

static const char *const contents[] = {
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
    "{\"id\":\"a\",\"name\":\"区\",\"kind\":\"zone\",\"role\":\"研发\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[104,30],[104.1,30],[104.1,30.1],[104,30]]]}}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
    "{\"id\":\"p\",\"kind\":\"project\"},\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":"
    "[[104,30],[104.2,30.2]]}},{\"type\":\"Feature\",\"properties\":{\"id\":\"q\"},\"geometry\":null}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[]}",
    "not a vector file",
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
    "\"EPSG:3857\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"kind\":\"axis\"},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[11500000,3500000],[11600000,3600000]]}}]}",
};

static void remove_base(void)
{
    unlink(outside_gpkg);
    rmdir(tree);
    rmdir(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pm_geo_init();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    /* Throw-away GeoPackages: no fsync per transaction (10 times the execs). */
    CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
    if (!mkdtemp(base))
        abort();
    snprintf(tree, sizeof tree, "%s/t", base);
    snprintf(outside_gpkg, sizeof outside_gpkg, "%s/out.gpkg", base);
    atexit(remove_base);
    return 0;
}

/* ---- building the tree -------------------------------------------------- */
/* Everything is made relative to folder descriptors opened with O_NOFOLLOW,
 * so a link made by an earlier line can never lead a later line outside. */

/* A plain name: no '/', not "." or "..", not empty. */
static int plain(const char *p, size_t n)
{
    return n > 0 && n < 256 && !memchr(p, '/', n) && !(n == 1 && p[0] == '.') &&
           !(n == 2 && p[0] == '.' && p[1] == '.');
}

/* Every part of rel is plain. */
static int plain_path(const char *rel, size_t len)
{
    for (size_t i = 0; i <= len;) {
        const char *slash = memchr(rel + i, '/', len - i);
        size_t n = slash ? (size_t)(slash - (rel + i)) : len - i;
        if (!plain(rel + i, n))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* The folder holding the last part of rel (made as needed, never through a
 * link), its descriptor, and that last part (malloc'd). -1: not a path. */
static int open_parent(const char *rel, size_t len, char **last)
{
    int fd = open(tree, O_RDONLY | O_DIRECTORY);
    size_t i = 0;
    for (int depth = 0; fd >= 0 && depth < 48; depth++) {
        const char *slash = memchr(rel + i, '/', len - i);
        size_t n = slash ? (size_t)(slash - (rel + i)) : len - i;
        char *part = plain(rel + i, n) ? strndup(rel + i, n) : NULL;
        if (!part)
            break;
        if (!slash) {
            *last = part;
            return fd;
        }
        mkdirat(fd, part, 0755);
        int sub = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        free(part);
        close(fd);
        fd = sub;
        i += n + 1;
    }
    if (fd >= 0)
        close(fd);
    return -1;
}

static void write_file(int dir, const char *name, int kind)
{
    int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
    if (fd >= 0) {
        const char *c = contents[kind % 5];
        if (write(fd, c, strlen(c)) < 0)
            errno = 0;
        close(fd);
    }
}

/* n folders NAMEnnn, each with 2020/areas.geojson. */
static void make_cities(int dir, const char *name, int n)
{
    char city[300];
    for (int i = 0; i < n && i < 64; i++) {
        snprintf(city, sizeof city, "%s%03d", name, i);
        mkdirat(dir, city, 0755);
        int c = openat(dir, city, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (c < 0)
            continue;
        mkdirat(c, "2020", 0755);
        int y = openat(c, "2020", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (y >= 0) {
            write_file(y, "areas.geojson", i % 2);
            close(y);
        }
        close(c);
    }
}

/* The number in front of a command's path ("f 3 PATH"). */
static int leading_number(const char **arg, size_t *len)
{
    int k = 0;
    while (*len && **arg >= '0' && **arg <= '9' && k < 1000) {
        k = 10 * k + (*(*arg)++ - '0');
        (*len)--;
    }
    if (!*len || **arg != ' ')
        return -1;
    (*arg)++, (*len)--;
    return k;
}

/* One command line. `o` sets *out (tree-relative output path). */
static void run_command(const char *line, size_t len, char **out)
{
    if (len < 3 || line[1] != ' ')
        return;
    char op = line[0];
    const char *arg = line + 2, *target = NULL;
    size_t alen = len - 2, tlen = 0;
    int k = op == 'f' || op == 'n' ? leading_number(&arg, &alen) : 0;
    if (op == 'l') {
        const char *sp = memchr(arg, ' ', alen);
        target = arg, tlen = sp ? (size_t)(sp - arg) : 0;
        alen = sp ? alen - tlen - 1 : 0, arg = sp ? sp + 1 : arg;
    }
    if (op == 'o') {   /* used after the links are fenced in: nothing is made */
        if (!plain_path(arg, alen))
            return;
        free(*out);
        *out = malloc(strlen(tree) + alen + 8);
        if (*out)
            sprintf(*out, "%s/%.*s", tree, (int)alen, arg);
        return;
    }
    char *name = NULL;
    int dir = k < 0 ? -1 : open_parent(arg, alen, &name);
    if (dir < 0)
        return;
    if (op == 'd') {
        mkdirat(dir, name, 0755);
    } else if (op == 'f') {
        write_file(dir, name, k);
    } else if (op == 'p') {
        mkfifoat(dir, name, 0644);
    } else if (op == 'n') {
        make_cities(dir, name, k);
    } else if (op == 'l' && tlen > 0 && tlen < 1024 && target[0] != '/') {
        char *t = strndup(target, tlen);
        if (t && symlinkat(t, dir, name) != 0)
            errno = 0;
        free(t);
    }
    free(name);
    close(dir);
}

/* ---- keeping the walk inside the tree ----------------------------------- */

/* The folder open at `fd` to list; NULL (fd closed) when it cannot be. */
static DIR *open_dir(int fd)
{
    DIR *d = fdopendir(fd);
    if (!d)
        close(fd);
    return d;
}

/* The next entry of `d` but "." and "..", with its lstat in *st (one that
 * cannot be stat'ed is passed over); NULL after the last. */
static const char *next_entry(DIR *d, struct stat *st)
{
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            fstatat(dirfd(d), e->d_name, st, AT_SYMLINK_NOFOLLOW) == 0)
            return e->d_name;
    return NULL;
}

/* Remove every link under `fd` that resolves outside the tree: the walk
 * must read only this input's files (not /, not /tmp). */
static void fence_links(int fd, const char *path, int depth)
{
    if (depth >= 64) {
        close(fd);
        return;
    }
    DIR *d = open_dir(fd);
    if (!d)
        return;
    struct stat st;
    for (const char *name; (name = next_entry(d, &st));) {
        char *p = malloc(strlen(path) + strlen(name) + 2);
        if (!p)
            continue;
        sprintf(p, "%s/%s", path, name);
        if (S_ISLNK(st.st_mode)) {
            char *real = realpath(p, NULL);
            size_t n = strlen(real_tree);
            if (real && !(strncmp(real, real_tree, n) == 0 && (real[n] == '/' || !real[n])))
                unlinkat(dirfd(d), name, 0);
            free(real);
        } else if (S_ISDIR(st.st_mode)) {
            int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (sub >= 0)
                fence_links(sub, p, depth + 1);
        }
        free(p);
    }
    closedir(d);
}

/* rm -rf without following links (any depth the commands can make). */
static void remove_tree(int fd)
{
    DIR *d = open_dir(fd);
    if (!d)
        return;
    struct stat st;
    for (const char *name; (name = next_entry(d, &st));) {
        int sub = S_ISDIR(st.st_mode) ? openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) : -1;
        if (sub >= 0)
            remove_tree(sub);
        unlinkat(dirfd(d), name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
    }
    closedir(d);
}

/* ---- the checks ------------------------------------------------------- */

static void check_note(void *user, int level, const char *line)
{
    (void)user;
    if (level != PM_LOG_VERBOSE || !line[0] || strchr(line, '\n'))
        __builtin_trap();
}

static int table_count(const char *gpkg)
{
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    int n = ds ? GDALDatasetGetLayerCount(ds) : -1;
    if (ds)
        GDALClose(ds);
    return n;
}

static void export_and_check(const char *out, int inside)
{
    static pm_context *notes;   /* the notes' log, made once */
    if (!notes && (!(notes = pm_context_create())))
        __builtin_trap();
    pm_context_set_log(notes, check_note, NULL);
    pm_export_options opts = {.verbose = 1, .context = notes};
    pm_error err = {0};
    pm_status st = pm_export_dir(tree, out, &opts, &err);
    if (st != PM_OK && (err.status == PM_OK || !err.msg[0]))
        __builtin_trap();
    if (st != PM_OK || !inside)
        return;
    int first = table_count(out);
    pm_error again = {0};
    /* The second run must not read the first one's GeoPackage. */
    if (pm_export_dir(tree, out, &opts, &again) != PM_OK || table_count(out) != first) {
        fprintf(stderr, "second export: %s (tables %d, then %d)\n", again.msg, first,
                table_count(out));
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each input is a job of its own: inputs of earlier ones (whose files
     * are gone, their inodes and names reused) are not this one's. */
    pm_inputs_reset();
    if (size > 4096)
        return 0;
    mkdir(tree, 0755);
    if (!realpath(tree, real_tree))
        abort();
    char *out = NULL;
    const char *s = (const char *)data, *end = s + size;
    for (int lines = 0; s < end && lines < 200; lines++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        if (!memchr(s, '\0', len))
            run_command(s, len, &out);
        s += len + 1;
    }
    if (out) {   /* the GeoPackage needs the extension */
        size_t n = strlen(out);
        if (n < 6 || strcmp(out + n - 5, ".gpkg") != 0)
            strcat(out, ".gpkg");
    }
    int fd = open(tree, O_RDONLY | O_DIRECTORY);
    if (fd >= 0)
        fence_links(fd, tree, 0);
    export_and_check(out ? out : outside_gpkg, out != NULL);
    pm_validate_report rep;
    pm_error err = {0};
    if (pm_validate_path(tree, NULL, NULL, NULL, &rep, &err) != PM_OK && !err.msg[0])
        __builtin_trap();
    free(out);
    unlink(outside_gpkg);
    fd = open(tree, O_RDONLY | O_DIRECTORY);
    if (fd >= 0)
        remove_tree(fd);
    rmdir(tree);
    return 0;
}
