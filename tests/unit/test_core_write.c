/* The atomic writer: modes under the umask, a replaced file's mode kept,
 * links followed, failures that keep the old file and leave no temporary,
 * long names, GDAL-style writing by name, and the signal-time cleanup. */
#include "pm_test.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_cleanup.h"
#include "pm_write.h"

/* A fresh empty folder per test. */
static const char *fresh_dir(const char *name)
{
    const char *d = pm_test_tmp(name);
    assert_int_equal(mkdir(d, 0755), 0);
    return d;
}

static char *join(const char *dir, const char *name)
{
    static char buf[4][PATH_MAX];
    static int k;
    char *s = buf[k++ % 4];
    snprintf(s, PATH_MAX, "%s/%s", dir, name);
    return s;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static mode_t mode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_mode & 07777;
}

static void write_ok(const char *path, const char *text)
{
    pm_error err = {0};
    assert_int_equal(pm_write_file(path, text, strlen(text), NULL, &err), PM_OK);
}

static void new_file_follows_umask(void **state)
{
    (void)state;
    const char *d = fresh_dir("umask");
    static const struct { mode_t mask, want; } cases[] = {{022, 0644}, {077, 0600}, {002, 0664}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mode_t old = umask(cases[i].mask);
        char name[32];
        snprintf(name, sizeof name, "map%zu.png", i);
        write_ok(join(d, name), "new");
        umask(old);
        assert_int_equal(mode_of(join(d, name)), cases[i].want);
    }
    assert_int_equal(count_entries(d), 3);
}

static void replace_keeps_mode(void **state)
{
    (void)state;
    const char *d = fresh_dir("keepmode");
    const char *p = join(d, "map.pdf");
    put(p, "old", 0600);
    mode_t old = umask(022);
    write_ok(p, "new");
    assert_int_equal(mode_of(p), 0600);
    assert_int_equal(chmod(p, 0640), 0);
    write_ok(p, "newer");
    umask(old);
    assert_int_equal(mode_of(p), 0640);
    assert_string_equal(slurp(p), "newer");
    assert_int_equal(count_entries(d), 1);
}

static void symlink_followed(void **state)
{
    (void)state;
    const char *d = fresh_dir("links");
    put(join(d, "real.tif"), "old", 0644);
    assert_int_equal(symlink("real.tif", join(d, "a.tif")), 0);
    assert_int_equal(symlink("a.tif", join(d, "b.tif")), 0);   /* a chain */
    write_ok(join(d, "b.tif"), "new");
    struct stat sb;
    assert_int_equal(lstat(join(d, "b.tif"), &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(lstat(join(d, "a.tif"), &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_string_equal(slurp(join(d, "real.tif")), "new");
    /* A dangling link: the file it names is made, the link stays. */
    assert_int_equal(symlink("later.json", join(d, "dangling.json")), 0);
    write_ok(join(d, "dangling.json"), "{}");
    assert_int_equal(lstat(join(d, "dangling.json"), &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_string_equal(slurp(join(d, "later.json")), "{}");
    assert_int_equal(count_entries(d), 5);
}

/* Under a 16 KiB file-size limit a 100 KiB write fails with EFBIG. */
static void failure_keeps_old_file(void **state)
{
    (void)state;
    const char *d = fresh_dir("efbig");
    const char *p = join(d, "map.png");
    put(p, "old map", 0644);
    static char big[100 * 1024];
    memset(big, 'x', sizeof big);
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 16 * 1024;
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    pm_error err = {0};
    pm_status st = pm_write_file(p, big, sizeof big, NULL, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    assert_int_equal(st, PM_ERR_IO);
    assert_non_null(strstr(err.msg, "map.png: cannot write: File too large"));
    assert_null(strstr(err.msg, ".map.png."));   /* the target, not the temporary */
    assert_string_equal(slurp(p), "old map");
    assert_int_equal(count_entries(d), 1);
}

static void device_written_in_place(void **state)
{
    (void)state;
    pm_error err = {0};
    assert_int_equal(pm_write_file("/dev/full", "x", 1, "cannot write labels", &err), PM_ERR_IO);
    assert_string_equal(err.msg, "/dev/full: cannot write labels: No space left on device");
    write_ok("/dev/null", "x");
    pm_writer *w = pm_writer_open("/dev/null", PM_WRITE_REGULAR, &err);
    assert_null(w);
    assert_string_equal(err.msg, "/dev/null: cannot write: not a regular file");
}

static void folder_refused(void **state)
{
    (void)state;
    const char *d = fresh_dir("folder");
    assert_int_equal(mkdir(join(d, "out.png"), 0755), 0);
    pm_error err = {0};
    assert_int_equal(pm_write_file(join(d, "out.png"), "x", 1, NULL, &err), PM_ERR_IO);
    assert_non_null(strstr(err.msg, "out.png: cannot write: Is a directory"));
    assert_int_equal(pm_write_file(join(d, "no/such/x.png"), "x", 1, NULL, &err), PM_ERR_IO);
    assert_non_null(strstr(err.msg, "no/such/x.png: cannot write: No such file or directory"));
    assert_int_equal(count_entries(d), 1);
}

static void long_names(void **state)
{
    (void)state;
    const char *d = fresh_dir("long");
    char name[NAME_MAX + 1];
    memset(name, 'n', 246);
    memcpy(name + 246, ".png", 5);   /* 250 bytes */
    write_ok(join(d, name), "ok");
    assert_string_equal(slurp(join(d, name)), "ok");
    memset(name, 'm', 251);
    memcpy(name + 251, ".pdf", 5);   /* 255 bytes: NAME_MAX itself */
    write_ok(join(d, name), "ok2");
    /* Replacing, and GDAL-style with the extension kept. */
    pm_error err = {0};
    pm_writer *w = pm_writer_open(join(d, name), PM_WRITE_BY_NAME | PM_WRITE_REGULAR, &err);
    assert_non_null(w);
    const char *t = pm_writer_temp(w);
    assert_true(strlen(strrchr(t, '/') + 1) <= NAME_MAX);
    assert_string_equal(t + strlen(t) - 4, ".pdf");
    put(t, "gdal", 0600);
    assert_int_equal(pm_writer_commit(w, &err), PM_OK);
    assert_string_equal(slurp(join(d, name)), "gdal");
    assert_int_equal(count_entries(d), 2);
}

static void by_name(void **state)
{
    (void)state;
    const char *d = fresh_dir("byname");
    const char *p = join(d, "out.gpkg");
    put(p, "old", 0640);
    pm_error err = {0};
    unsigned fl = PM_WRITE_BY_NAME | PM_WRITE_REGULAR | PM_WRITE_SQLITE;
    pm_writer *w = pm_writer_open(p, fl, &err);
    assert_non_null(w);
    const char *t = pm_writer_temp(w);
    assert_string_equal(t + strlen(t) - 5, ".gpkg");
    assert_int_equal(access(t, F_OK), -1);   /* GPKG makes its file itself */
    put(t, "new", 0644);                      /* as SQLite would */
    assert_int_equal(pm_writer_commit(w, &err), PM_OK);
    assert_string_equal(slurp(p), "new");
    assert_int_equal(mode_of(p), 0640);
    /* Given up: the temporary and SQLite's companions go. */
    w = pm_writer_open(p, fl, &err);
    assert_non_null(w);
    char journal[PATH_MAX];
    snprintf(journal, sizeof journal, "%s-journal", pm_writer_temp(w));
    put(pm_writer_temp(w), "half", 0644);
    put(journal, "j", 0644);
    pm_writer_abort(w);
    assert_string_equal(slurp(p), "new");
    assert_int_equal(count_entries(d), 1);
}

static void buffered_large_writes(void **state)
{
    (void)state;
    const char *d = fresh_dir("large");
    const char *p = join(d, "big.svg");
    pm_error err = {0};
    pm_writer *w = pm_writer_open(p, 0, &err);
    assert_non_null(w);
    static char chunk[50000];
    size_t total = 0;
    for (int i = 0; i < 20; i++) {
        memset(chunk, 'a' + i, sizeof chunk);
        size_t n = i % 3 == 0 ? 7 : i % 3 == 1 ? sizeof chunk : 70000 % sizeof chunk;
        assert_int_equal(pm_writer_write(w, chunk, n), 0);
        total += n;
    }
    assert_int_equal(pm_writer_commit(w, &err), PM_OK);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal((size_t)sb.st_size, total);
}

/* What a signal handler does: the live temporary goes, the target stays. */
static void cleanup_removes_live_temps(void **state)
{
    (void)state;
    const char *d = fresh_dir("signal");
    const char *p = join(d, "map.pdf");
    put(p, "old", 0644);
    pm_error err = {0};
    pm_writer *a = pm_writer_open(p, 0, &err);
    pm_writer *b = pm_writer_open(join(d, "x.gpkg"), PM_WRITE_BY_NAME | PM_WRITE_SQLITE, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(pm_writer_write(a, "half", 4), 0);
    put(pm_writer_temp(b), "half", 0644);
    assert_int_equal(count_entries(d), 3);
    pm_cleanup_run();
    assert_int_equal(count_entries(d), 1);
    assert_string_equal(slurp(p), "old");
    pm_writer_abort(a);
    pm_writer_abort(b);
    /* Committed writers leave nothing recorded to remove. */
    write_ok(p, "new");
    pm_cleanup_run();
    assert_string_equal(slurp(p), "new");
}

PM_TEST_MAIN(new_file_follows_umask,
             replace_keeps_mode,
             symlink_followed,
             failure_keeps_old_file,
             device_written_in_place,
             folder_refused,
             long_names,
             by_name,
             buffered_large_writes,
             cleanup_removes_live_temps)
