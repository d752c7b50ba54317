/* pm_batch_run reports through its caller's callbacks only: each map's
 * progress and the end of the run to the progress callback, each failure to
 * the context's log; nothing is printed on stderr by the library or its
 * workers. */
#include "pm_test.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_batch.h"
#include "pm_init.h"

typedef struct seen {
    int calls, ended, last_done, total;
    char names[4][64];
    char log[4][512];
    int levels[4];
    int n_log;
} seen;

static void on_progress(void *user, int done, int total, const char *name)
{
    seen *s = user;
    if (!name) {
        s->ended++;
        return;
    }
    assert_int_equal(done, s->last_done + 1);   /* one call per map, in order */
    s->last_done = done;
    s->total = total;
    if (s->calls < 4)
        snprintf(s->names[s->calls], sizeof s->names[0], "%s", name);
    s->calls++;
}

static void on_log(void *user, int level, const char *line)
{
    seen *s = user;
    if (s->n_log < 4) {
        snprintf(s->log[s->n_log], sizeof s->log[0], "%s", line);
        s->levels[s->n_log] = level;
    }
    s->n_log++;
}

/* Not pm_test_tmpdir: its removal at exit would run in the forked workers
 * too (they end with exit) and take the outputs with it. */
static char dir[64] = "/tmp/pm_test_batch_run.XXXXXX";

static const char *in_dir(const char *name)
{
    static char path[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
    return path[k];
}

static void messages_go_to_the_callbacks(void **state)
{
    pm_geo_init();
    assert_non_null(mkdtemp(dir));
    char text[2048];
    snprintf(text, sizeof text,
             "{\"output_dir\": \"out\", \"defaults\": {\"dpi\": 36}, \"maps\": ["
             "{\"spec\": \"%s\", \"name\": \"good\"},"
             "{\"spec\": \"missing.json\", \"name\": \"bad\"}]}",
             pm_test_src("tests/data/render/map.json"));
    pm_error err = {0};
    FILE *f = fopen(in_dir("run.json"), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    pm_batch *b = pm_batch_load(in_dir("run.json"), NULL, PM_LANG_DEFAULT, NULL, &err);
    if (!b)
        fail_msg("batch: %s", err.msg);
    pm_context *ctx = pm_context_create();
    seen s = {0};
    pm_context_set_log(ctx, on_log, &s);
    pm_batch_options o = {.workers = 1, .context = ctx, .progress = on_progress, .progress_user = &s};
    pm_batch_summary sum;

    /* stderr into a file for the run: the library must leave it empty. */
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(in_dir("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, STDERR_FILENO);
    pm_status st = pm_batch_run(b, &o, &sum, &err);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    struct stat sb;
    assert_int_equal(stat(in_dir("stderr.txt"), &sb), 0);
    assert_int_equal(sb.st_size, 0);

    assert_int_equal(st, PM_OK);
    assert_int_equal(sum.ok, 1);
    assert_int_equal(sum.failed, 1);
    assert_int_equal(sum.first_failure, PM_ERR_IO);
    assert_int_equal(s.calls, 2);
    assert_int_equal(s.total, 2);
    assert_int_equal(s.ended, 1);
    assert_true(strcmp(s.names[0], "good") == 0 || strcmp(s.names[1], "good") == 0);
    assert_int_equal(s.n_log, 1);
    assert_int_equal(s.levels[0], PM_LOG_ERROR);
    assert_true(strncmp(s.log[0], "batch: bad: ", 12) == 0);
    assert_non_null(strstr(s.log[0], "missing.json"));
    assert_int_equal(access(in_dir("out/good.png"), F_OK), 0);
    pm_context_destroy(ctx);
    pm_batch_destroy(b);
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    assert_int_equal(system(rm), 0);
}

PM_TEST_MAIN(messages_go_to_the_callbacks)
