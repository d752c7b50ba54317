/* Held writes (pm_write_group): two runs on two threads hold their files in
 * groups of their own, so one run's failure removes only its own
 * temporaries and the other's commit renames only its own files; nested
 * groups hand their files to the outer run; the signal-cleanup table stays
 * consistent while threads add and drop temporaries at once. */
#include "pm_test.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_cleanup.h"
#include "pm_write.h"

static char *join(char *buf, const char *dir, const char *name)
{
    snprintf(buf, PATH_MAX, "%s/%s", dir, name);
    return buf;
}

/* Entries of `dir` other than . and ..; those starting with '.' (the
 * writer's temporaries) counted in *temps. */
static int count_entries(const char *dir, int *temps)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    *temps = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        *temps += e->d_name[0] == '.';
    }
    closedir(d);
    return n;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int has_text(const char *path, const char *text)
{
    char buf[256] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    return n == strlen(text) && memcmp(buf, text, n) == 0;
}

/* One run: holds a group, writes its two files, then waits until both runs
 * hold theirs; the failing run releases first, the other one after it. */
typedef struct {
    const char *dir;
    const char *names[2];
    pm_status outcome;              /* what the run reports to its release */
    pthread_barrier_t *both_held, *failed_released;
    pm_status released;
    int temps_seen_after_other_failed;
} run;

static void *run_main(void *arg)
{
    run *r = arg;
    char path[PATH_MAX];
    pm_error err = {0};
    pm_write_group files;
    pm_write_hold(&files);
    for (int i = 0; i < 2; i++) {
        pm_writer *w = pm_writer_open(join(path, r->dir, r->names[i]), 0, &err);
        if (!w || pm_writer_write(w, r->names[i], strlen(r->names[i])) != 0 ||
            pm_writer_commit(w, &err) != PM_OK)
            r->released = PM_ERR_IO;
    }
    pthread_barrier_wait(r->both_held);
    if (r->outcome != PM_OK) {
        r->released = pm_write_release(&files, r->outcome, &err);
        pthread_barrier_wait(r->failed_released);
        return NULL;
    }
    pthread_barrier_wait(r->failed_released);
    count_entries(r->dir, &r->temps_seen_after_other_failed);
    if (r->released == PM_OK)
        r->released = pm_write_release(&files, PM_OK, &err);
    return NULL;
}

static void two_groups_on_two_threads(void **state)
{
    (void)state;
    const char *dir = pm_test_tmp("groups");
    assert_int_equal(mkdir(dir, 0755), 0);
    char path[PATH_MAX];
    put(join(path, dir, "keep.txt"), "untouched");
    put(join(path, dir, "b1.txt"), "old b1");   /* the failing run's target */

    pthread_barrier_t both_held, failed_released;
    pthread_barrier_init(&both_held, NULL, 2);
    pthread_barrier_init(&failed_released, NULL, 2);
    run ok = {dir, {"a1.txt", "a2.txt"}, PM_OK, &both_held, &failed_released, PM_OK, -1};
    run bad = {dir, {"b1.txt", "b2.txt"}, PM_ERR_RENDER, &both_held, &failed_released, PM_OK, -1};
    pthread_t t_ok, t_bad;
    assert_int_equal(pthread_create(&t_ok, NULL, run_main, &ok), 0);
    assert_int_equal(pthread_create(&t_bad, NULL, run_main, &bad), 0);
    pthread_join(t_ok, NULL);
    pthread_join(t_bad, NULL);
    pthread_barrier_destroy(&both_held);
    pthread_barrier_destroy(&failed_released);

    /* The failed release removed its own two temporaries, not the other's. */
    assert_int_equal(ok.temps_seen_after_other_failed, 2);
    assert_int_equal(bad.released, PM_ERR_RENDER);
    assert_int_equal(ok.released, PM_OK);
    assert_true(has_text(join(path, dir, "a1.txt"), "a1.txt"));
    assert_true(has_text(join(path, dir, "a2.txt"), "a2.txt"));
    assert_true(has_text(join(path, dir, "b1.txt"), "old b1"));
    assert_int_equal(access(join(path, dir, "b2.txt"), F_OK), -1);
    assert_true(has_text(join(path, dir, "keep.txt"), "untouched"));
    int temps;
    assert_int_equal(count_entries(dir, &temps), 4);   /* keep, b1, a1, a2 */
    assert_int_equal(temps, 0);
}

static void write_one(const char *path, const char *text)
{
    pm_error err = {0};
    pm_writer *w = pm_writer_open(path, 0, &err);
    assert_non_null(w);
    assert_int_equal(pm_writer_write(w, text, strlen(text)), 0);
    assert_int_equal(pm_writer_commit(w, &err), PM_OK);
}

/* An inner group released fine still waits for the outer run: the outer
 * failure removes both; after the release, commits rename at once again. */
static void nested_group_hands_files_out(void **state)
{
    (void)state;
    const char *dir = pm_test_tmp("nested");
    assert_int_equal(mkdir(dir, 0755), 0);
    char path[PATH_MAX];
    pm_error err = {0};
    pm_write_group outer, inner;
    pm_write_hold(&outer);
    write_one(join(path, dir, "outer.txt"), "outer");
    pm_write_hold(&inner);
    write_one(join(path, dir, "inner.txt"), "inner");
    assert_int_equal(pm_write_release(&inner, PM_OK, &err), PM_OK);
    assert_int_equal(access(join(path, dir, "inner.txt"), F_OK), -1);   /* still held */
    assert_int_equal(pm_write_release(&outer, PM_ERR_DATA, &err), PM_ERR_DATA);
    int temps;
    assert_int_equal(count_entries(dir, &temps), 0);
    write_one(join(path, dir, "after.txt"), "after");
    assert_true(has_text(path, "after"));
}

/* Threads opening and dropping temporaries at once: every one removed or
 * renamed, none left in the signal-cleanup table for pm_cleanup_run(). */
static void *churn(void *arg)
{
    const char *dir = arg;
    char path[PATH_MAX];
    pm_error err = {0};
    for (int i = 0; i < 200; i++) {
        snprintf(path, sizeof path, "%s/t%lx-%d.txt", dir, (unsigned long)pthread_self(), i % 3);
        pm_writer *w = pm_writer_open(path, 0, &err);
        if (!w)
            return (void *)1;
        pm_writer_write(w, "x", 1);
        if (i % 2)
            pm_writer_abort(w);
        else if (pm_writer_commit(w, &err) != PM_OK)
            return (void *)1;
    }
    return NULL;
}

static void cleanup_table_under_threads(void **state)
{
    (void)state;
    const char *dir = pm_test_tmp("churn");
    assert_int_equal(mkdir(dir, 0755), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, churn, (void *)dir), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
    int temps;
    int n = count_entries(dir, &temps);
    assert_int_equal(temps, 0);
    pm_cleanup_run();   /* nothing recorded: the committed files stay */
    assert_int_equal(count_entries(dir, &temps), n);
    assert_int_equal(n, 4 * 3);
}

PM_TEST_MAIN(two_groups_on_two_threads,
             nested_group_hands_files_out,
             cleanup_table_under_threads)
