/* What planmap reads, and only that:
 * - regular files only: a FIFO (or socket, or device) named as a spec, a
 *   batch file or a layer source would make planmap wait forever for a
 *   writer, so every input is looked at with stat before it is opened, and
 *   opened without blocking;
 * - every file read for a source is noted as an input (pm_inputs.h), so no
 *   output replaces one. */
#include "pm_guard.h"
#include "pm_file.h"
#include "pm_inputs.h"
#include "geo_internal.h"

#include <cpl_string.h>
#include <ctype.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The local file a /vsi path reads from (/vsizip/dir/a.zip/x.shp → dir/a.zip):
 * the handlers taken off, then the longest leading part that is a file. */
static int local_file(const char *name, char *out, size_t size)
{
    if (pm_source_is_memory(name))
        return -1;   /* in memory: no file on disk to keep from being replaced */
    while (strncmp(name, "/vsi", 4) == 0 && strchr(name + 1, '/'))
        name = strchr(name + 1, '/') + 1;
    if (*name == '{')
        name++;
    if (*name != '/' && strncmp(name, "./", 2) != 0 && name != out && strchr(name, ':'))
        return -1;
    snprintf(out, size, "%s", name);
    struct stat sb;
    for (;;) {
        if (stat(out, &sb) == 0)
            return S_ISREG(sb.st_mode) ? 0 : -1;
        char *cut = strrchr(out, '/');
        if (!cut || cut == out)
            return -1;
        *cut = '\0';
    }
}

/* A Shapefile's sidecars: each is an input when it exists, and a name the
 * driver would read when it does not (a .prj made beside it would
 * re-georeference the data). */
static void note_shapefile(const char *file, const char *owner)
{
    static const char *const side[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix",
                                       ".sbn", ".sbx", ".qpj", ".shp.xml"};
    const char *slash = strrchr(file, '/');
    const char *dot = strrchr(slash ? slash : file, '.');
    if (!dot || (strcasecmp(dot, ".shp") && strcasecmp(dot, ".shx") && strcasecmp(dot, ".dbf")))
        return;
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
        char name[PATH_MAX];
        snprintf(name, sizeof name, "%.*s%s", (int)(dot - file), file, side[i]);
        struct stat sb;
        if (stat(name, &sb) == 0) {
            pm_inputs_add_part(name, owner);
            continue;
        }
        for (char *p = name + (dot - file); *p; p++)   /* roads.PRJ is read too */
            *p = (char)toupper((unsigned char)*p);
        if (stat(name, &sb) == 0)
            pm_inputs_add_part(name, owner);
        else
            pm_inputs_add_unmade(name, owner);
    }
}

static void note_file(const char *name, const char *owner)
{
    char file[PATH_MAX];
    if (local_file(name, file, sizeof file) != 0)
        return;
    pm_inputs_add_part(file, owner);
    note_shapefile(file, owner);
}

/* A folder source: GDAL reads a .gdb folder whole, and from any other the
 * Shapefiles (its other files, a map rendered there, are no input). */
static int read_from_folder(const char *folder, const char *name)
{
    size_t n = strlen(folder);
    while (n > 1 && folder[n - 1] == '/')
        n--;
    if (n > 4 && strncasecmp(folder + n - 4, ".gdb", 4) == 0)
        return 1;
    const char *dot = strrchr(name, '.');
    return dot && (!strcasecmp(dot, ".shp") || !strcasecmp(dot, ".shx") || !strcasecmp(dot, ".dbf"));
}

static void note_source(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        note_file(path, path);
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char name[PATH_MAX];
        if (read_from_folder(path, e->d_name) &&
            snprintf(name, sizeof name, "%s/%s", path, e->d_name) < (int)sizeof name)
            note_file(name, path);   /* a Shapefile's sidecars come with it */
    }
    if (d)
        closedir(d);
}

void pm_inputs_add_source(const char *path)
{
    if (path && !pm_path_reaches_network(path) && pm_inputs_note_source(path))
        note_source(path);
}

void pm_geo_note_inputs(GDALDatasetH ds, const char *path)
{
    /* Once per source: threads reading parts of a layer open it again. The
     * key differs from pm_inputs_add_source's, so a source noted before
     * it was opened still gets GDAL's own list. */
    char key[PATH_MAX + 8];
    snprintf(key, sizeof key, "gdal:%s", path);
    if (pm_path_reaches_network(path) || !pm_inputs_note_source(key))
        return;
    note_source(path);
    char **files = GDALGetFileList(ds);
    for (int i = 0; files && files[i]; i++)
        note_file(files[i], path);
    CSLDestroy(files);
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
            stat(path, &sb) != 0 || pm_file_readable(sb.st_mode))
            continue;
        pm_file_refuse(path, sb.st_mode, err);
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
    if (!pm_file_readable(st.st_mode))
        return pm_file_refuse(path, st.st_mode, err), PM_ERR_IO;
    if (S_ISDIR(st.st_mode))
        return check_folder(path, NULL, err);
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    return check_folder(dir, slash ? slash + 1 : path, err);
}
