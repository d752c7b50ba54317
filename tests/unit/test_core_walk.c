/* pm_walk: order, hidden entries, symbolic link loops of every shape, depth,
 * FIFOs, sockets and devices (never opened: the test has an alarm so a walk
 * that blocks fails instead of hanging), dangling links, unreadable
 * folders, excluded files, names and paths of any length. */
#include "pm_test.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm_walk.h"

/* ---- a tree under the test's temporary folder ----------------------------- */

static const char *root(const char *name)
{
    const char *r = pm_test_tmp(name);
    assert_int_equal(mkdir(r, 0755), 0);
    return r;
}

static void mk(const char *r, const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", r, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void touch(const char *r, const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", r, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("{}", f);
    fclose(f);
}

static void link_to(const char *target, const char *r, const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", r, rel);
    assert_int_equal(symlink(target, p), 0);
}

/* ---- what the walk reported --------------------------------------------- */

typedef struct record {
    char text[1 << 17];  /* "D rel" per folder, "F rel" per file, "I kind message" per issue */
    int dirs, files, issues[6];
    int stop_after;     /* on_dir fails after this many folders (0: never) */
} record;

static void add(record *r, const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(r->text);
    snprintf(r->text + n, sizeof r->text - n, fmt, a, b);
}

static pm_status on_dir(void *user, const pm_walk_dir *d, pm_error *err)
{
    record *r = user;
    add(r, "D %s%s\n", d->rel, "");
    for (int i = 0; i < d->n_files; i++) {
        add(r, "F %s%s\n", d->files[i].rel, "");
        /* path is root/rel, name its last part */
        size_t pl = strlen(d->files[i].path), rl = strlen(d->files[i].rel);
        assert_true(pl > rl && strcmp(d->files[i].path + pl - rl, d->files[i].rel) == 0);
        assert_string_equal(strrchr(d->files[i].path, '/') + 1, d->files[i].name);
        r->files++;
    }
    r->dirs++;
    if (r->stop_after && r->dirs == r->stop_after)
        return pm_error_set(err, PM_ERR_DATA, "stopped");
    return PM_OK;
}

static pm_status on_issue(void *user, pm_walk_issue kind, const char *msg, pm_error *err)
{
    record *r = user;
    char k[8];
    snprintf(k, sizeof k, "%d", (int)kind);
    add(r, "I %s %s\n", k, msg);
    r->issues[kind]++;
    return PM_OK;
}

static int want_geojson(const char *name)
{
    size_t n = strlen(name);
    return n > 8 && strcmp(name + n - 8, ".geojson") == 0;
}

static pm_status walk(const char *r, record *rec, const pm_file_id *ex, int n_ex)
{
    pm_walk_options o = {want_geojson, ex, n_ex, on_dir, on_issue, rec};
    pm_error err = {0};
    return pm_walk(r, &o, &err);
}

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* ---- tests ------------------------------------------------------------ */

/* Byte order (not the locale's), files before subfolders, hidden skipped. */
static void test_order(void **state)
{
    (void)state;
    const char *r = root("order");
    touch(r, "b.geojson");
    touch(r, "B.geojson");
    touch(r, "a.txt");
    touch(r, ".hidden.geojson");
    mk(r, "sub");
    touch(r, "sub/x.geojson");
    mk(r, ".git");
    touch(r, ".git/y.geojson");
    mk(r, "A");
    touch(r, "A/z.geojson");
    record rec = {0};
    assert_int_equal(walk(r, &rec, NULL, 0), PM_OK);
    assert_string_equal(rec.text, "D \nF B.geojson\nF b.geojson\nD A\nF A/z.geojson\nD sub\nF sub/x.geojson\n");
}

/* Links to the parent, to the folder itself, two levels up, and two
 * folders linking to each other: every folder and file once, no endless walk. */
static void test_loops(void **state)
{
    (void)state;
    const char *r = root("loops");
    touch(r, "top.geojson");
    mk(r, "sub");
    touch(r, "sub/s.geojson");
    link_to("..", r, "sub/up");
    link_to(".", r, "self");
    mk(r, "a");
    mk(r, "a/b");
    touch(r, "a/b/deep.geojson");
    link_to("../..", r, "a/b/gp");
    mk(r, "m1");
    mk(r, "m2");
    touch(r, "m1/one.geojson");
    touch(r, "m2/two.geojson");
    link_to("../m2", r, "m1/to2");
    link_to("../m1", r, "m2/to1");
    record rec = {0};
    assert_int_equal(walk(r, &rec, NULL, 0), PM_OK);
    assert_int_equal(rec.files, 5);
    assert_int_equal(rec.dirs, 6);       /* root, a, a/b, m1, m1/to2 (= m2), sub */
    assert_int_equal(rec.issues[PM_WALK_LOOP], 4);
    assert_int_equal(rec.issues[PM_WALK_REPEAT], 1);
    assert_int_equal(count(rec.text, "sub/up: a link back to"), 1);
    assert_int_equal(count(rec.text, "/self: a link back to"), 1);
    assert_int_equal(count(rec.text, "a/b/gp: a link back to"), 1);
    assert_int_equal(count(rec.text, "m1/to2/to1: a link back to"), 1);
    assert_int_equal(count(rec.text, "/m2: the same folder as"), 1);
}

/* Folders nest at most PM_WALK_MAX_DEPTH levels below the root. */
static void test_depth(void **state)
{
    (void)state;
    const char *r = root("depth");
    char rel[512] = "";
    touch(r, "f.geojson");
    for (int i = 0; i < PM_WALK_MAX_DEPTH + 8; i++) {
        strcat(rel, i ? "/d" : "d");
        mk(r, rel);
        char f[600];
        snprintf(f, sizeof f, "%s/f.geojson", rel);
        touch(r, f);
    }
    record rec = {0};
    assert_int_equal(walk(r, &rec, NULL, 0), PM_OK);
    assert_int_equal(rec.dirs, PM_WALK_MAX_DEPTH + 1);
    assert_int_equal(rec.files, PM_WALK_MAX_DEPTH + 1);
    assert_int_equal(rec.issues[PM_WALK_TOO_DEEP], 1);
    assert_non_null(strstr(rec.text, "levels deep"));
}

static void make_socket(const char *path)
{
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    assert_true(strlen(path) < sizeof a.sun_path);
    strcpy(a.sun_path, path);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    close(s);
}

/* A FIFO, a socket and a device with a wanted name are reported and never
 * opened; with another name they are not looked at. Dangling links the
 * same; a link to a file outside is followed; a link to a listed file is
 * listed once. */
static void test_odd_files(void **state)
{
    (void)state;
    const char *r = root("odd");
    char p[4096];
    touch(r, "a.geojson");
    snprintf(p, sizeof p, "%s/p.geojson", r);
    assert_int_equal(mkfifo(p, 0644), 0);
    snprintf(p, sizeof p, "%s/pipe", r);
    assert_int_equal(mkfifo(p, 0644), 0);
    /* sun_path is short: bind inside the folder by a relative name */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(r), 0);
    make_socket("s.geojson");
    assert_int_equal(chdir(cwd), 0);
    int devices = 0;
    snprintf(p, sizeof p, "%s/c.geojson", r);
    if (geteuid() == 0 && mknod(p, S_IFCHR | 0644, makedev(1, 3)) == 0)
        devices = 1;
    link_to("nowhere.geojson", r, "gone.geojson");
    link_to("nowhere", r, "gone");
    const char *outside = pm_test_write("outside.geojson", "{}");
    link_to(outside, r, "out.geojson");
    link_to("a.geojson", r, "twice.geojson");
    record rec = {0};
    assert_int_equal(walk(r, &rec, NULL, 0), PM_OK);
    assert_int_equal(rec.issues[PM_WALK_NOT_REGULAR], 2 + devices);
    assert_non_null(strstr(rec.text, "p.geojson: not a regular file but a FIFO"));
    assert_non_null(strstr(rec.text, "s.geojson: not a regular file but a socket"));
    if (devices)
        assert_non_null(strstr(rec.text, "c.geojson: not a regular file but a character device"));
    assert_int_equal(rec.issues[PM_WALK_UNREADABLE], 1);
    assert_non_null(strstr(rec.text, "gone.geojson: cannot read: No such file or directory"));
    assert_int_equal(rec.issues[PM_WALK_REPEAT], 1);
    assert_non_null(strstr(rec.text, "twice.geojson: the same file as"));
    assert_string_equal(strstr(rec.text, "D \n"), "D \nF a.geojson\nF out.geojson\n");
}

/* Excluded files (the GeoPackage being written) are skipped, under any name. */
static void test_exclude(void **state)
{
    (void)state;
    const char *r = root("exclude");
    touch(r, "all.geojson");
    touch(r, "keep.geojson");
    link_to("all.geojson", r, "alias.geojson");
    char p[4096];
    snprintf(p, sizeof p, "%s/all.geojson", r);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    pm_file_id id = {sb.st_dev, sb.st_ino};
    record rec = {0};
    assert_int_equal(walk(r, &rec, &id, 1), PM_OK);
    assert_int_equal(rec.files, 1);
    assert_int_equal(rec.issues[PM_WALK_EXCLUDED], 2);
    assert_non_null(strstr(rec.text, "F keep.geojson"));
}

/* A folder that cannot be listed is an issue, and the walk goes on. Root
 * reads every folder, so it walks as nobody in a child process. */
static void test_unreadable(void **state)
{
    (void)state;
    char r[] = "/tmp/pm_walk_test.XXXXXX";
    assert_non_null(mkdtemp(r));
    assert_int_equal(chmod(r, 0755), 0);
    mk(r, "locked");
    touch(r, "locked/x.geojson");
    mk(r, "open");
    touch(r, "open/y.geojson");
    char p[4096];
    snprintf(p, sizeof p, "%s/locked", r);
    assert_int_equal(chmod(p, 0), 0);
    pid_t pid = fork();
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(2);
        record rec = {0};
        pm_status st = walk(r, &rec, NULL, 0);
        int ok = st == PM_OK && rec.files == 1 && rec.issues[PM_WALK_UNREADABLE] == 1 &&
                 strstr(rec.text, "locked: cannot read the folder: Permission denied");
        if (!ok)
            fprintf(stderr, "%s", rec.text);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    chmod(p, 0755);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", r);
    assert_int_equal(system(cmd), 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* The root itself: missing, a file or a FIFO is an error (never a wait);
 * a callback's failure stops the walk with its status. */
static void test_root_and_stop(void **state)
{
    (void)state;
    record rec = {0};
    assert_int_equal(walk(pm_test_tmp("missing"), &rec, NULL, 0), PM_ERR_IO);
    assert_int_equal(walk(pm_test_write("plain.geojson", "{}"), &rec, NULL, 0), PM_ERR_IO);
    assert_int_equal(mkfifo(pm_test_tmp("rootfifo"), 0644), 0);
    assert_int_equal(walk(pm_test_tmp("rootfifo"), &rec, NULL, 0), PM_ERR_IO);
    pm_error err = {0};
    pm_walk_options o = {want_geojson, NULL, 0, on_dir, on_issue, &rec};
    assert_int_equal(pm_walk(pm_test_tmp("missing"), &o, &err), PM_ERR_IO);
    assert_non_null(strstr(err.msg, "missing: cannot read the folder: No such file or directory"));
    const char *r = root("stop");
    mk(r, "a");
    mk(r, "b");
    record stop = {.stop_after = 2};
    assert_int_equal(walk(r, &stop, NULL, 0), PM_ERR_DATA);
    assert_int_equal(stop.dirs, 2);
}

/* 160 folders of 200-byte names, and a path longer than PATH_MAX (made
 * with mkdirat, as mkdir cannot name it): no fixed buffer, no crash. */
static void test_long_names(void **state)
{
    (void)state;
    const char *r = root("long");
    char name[256], rel[600];
    for (int i = 0; i < 160; i++) {
        snprintf(name, sizeof name, "%0200d", i);
        mk(r, name);
        snprintf(rel, sizeof rel, "%s/areas.geojson", name);
        touch(r, rel);
    }
    record rec = {0};
    assert_int_equal(walk(r, &rec, NULL, 0), PM_OK);
    assert_int_equal(rec.files, 160);

    const char *deep = root("deeppath");
    int fd = open(deep, O_RDONLY | O_DIRECTORY);
    memset(name, 'x', 250);
    name[250] = '\0';
    for (int i = 0; i < 20; i++) {
        assert_int_equal(mkdirat(fd, name, 0755), 0);
        int sub = openat(fd, name, O_RDONLY | O_DIRECTORY);
        close(fd);
        fd = sub;
    }
    close(fd);
    record deep_rec = {0};
    assert_int_equal(walk(deep, &deep_rec, NULL, 0), PM_OK);
    assert_int_equal(deep_rec.issues[PM_WALK_UNREADABLE], 1);
    if (!strstr(deep_rec.text, "File name too long"))
        fail_msg("%s", deep_rec.text);
}

static void test_root_name(void **state)
{
    (void)state;
    char *n = pm_walk_root_name("data/plans/");
    assert_string_equal(n, "plans");
    free(n);
    n = pm_walk_root_name("basemap");
    assert_string_equal(n, "basemap");
    free(n);
    n = pm_walk_root_name("/");
    assert_string_equal(n, "root");
    free(n);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    n = pm_walk_root_name(".");
    assert_string_equal(n, strrchr(cwd, '/') + 1);
    free(n);
}

int main(void)
{
    alarm(120);   /* a walk that blocks on a FIFO fails instead of hanging */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_loops),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_odd_files),
        cmocka_unit_test(test_exclude),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_root_and_stop),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_root_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
