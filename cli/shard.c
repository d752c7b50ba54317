/* `planmap batch --shard auto`: the share from the scheduler's environment,
 * read here in the program (the library never reads the environment).
 * - Slurm job arrays: SLURM_ARRAY_TASK_ID among the SLURM_ARRAY_TASK_COUNT
 *   tasks from SLURM_ARRAY_TASK_MIN to SLURM_ARRAY_TASK_MAX, evenly spaced
 *   (--array=0-15, 1-31:2, 0,4,8): the share is the task's place among them.
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based) of the count
 *   given by --shard-count or PLANMAP_SHARD_COUNT (a Job's `completions`,
 *   which Kubernetes does not put in the environment).
 * docs/scale-out.md shows both. */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

/* A whole number from lo to hi in environment variable `name`: 0, 1 when
 * it is not set, -1 (and the message) when it is something else. */
static int env_number(const char *name, long lo, long hi, long *out)
{
    const char *v = getenv(name);
    if (!v)
        return 1;
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) {
        pm_cli_fail("batch: --shard auto: %s: expected a whole number from %ld to %ld, got '%s'",
                    name, lo, hi, v);
        return -1;
    }
    *out = n;
    return 0;
}

#define SHARDS_MAX 100000

/* The spacing of the array's tasks: SLURM_ARRAY_TASK_STEP for a range
 * with a step (--array=1-7:2); Slurm says 1 for a list (--array=0,2,4,6),
 * whose spacing follows from its extent and count. 0 when the tasks are not
 * evenly spaced (--array=0,3,7): maps would be left out. */
static long task_spacing(long min, long max, long count, long step)
{
    if (max < 0 || count < 0)
        return step;
    if (count == 1)
        return max == min ? step : 0;
    if (step == 1 && (max - min) % (count - 1) == 0)
        step = (max - min) / (count - 1);
    return min + (count - 1) * step == max ? step : 0;
}

static int from_slurm(long id, int *k, int *n)
{
    long min = 0, max = -1, count = -1, step = 1;
    if (env_number("SLURM_ARRAY_TASK_MIN", 0, 4000000, &min) < 0 ||
        env_number("SLURM_ARRAY_TASK_MAX", 0, 4000000, &max) < 0 ||
        env_number("SLURM_ARRAY_TASK_COUNT", 1, SHARDS_MAX, &count) < 0 ||
        env_number("SLURM_ARRAY_TASK_STEP", 1, 4000000, &step) < 0)
        return -1;
    if (max < 0 && count < 0) {
        pm_cli_fail("batch: --shard auto: SLURM_ARRAY_TASK_ID without SLURM_ARRAY_TASK_COUNT "
                    "or SLURM_ARRAY_TASK_MAX");
        return -1;
    }
    if (max >= 0 && max < min) {
        pm_cli_fail("batch: --shard auto: SLURM_ARRAY_TASK_MAX %ld is below SLURM_ARRAY_TASK_MIN %ld",
                    max, min);
        return -1;
    }
    long spacing = task_spacing(min, max, count, step);
    if (spacing == 0) {
        pm_cli_fail("batch: --shard auto: the Slurm array's %ld tasks from %ld to %ld are not evenly "
                    "spaced (give --array=0-%ld)", count, min, max, count - 1);
        return -1;
    }
    long shares = count >= 0 ? count : (max - min) / spacing + 1;
    if (shares > SHARDS_MAX || id < min || (id - min) % spacing != 0 || (id - min) / spacing >= shares) {
        pm_cli_fail("batch: --shard auto: SLURM_ARRAY_TASK_ID %ld is not among the %ld tasks "
                    "from %ld by %ld", id, shares, min, spacing);
        return -1;
    }
    *k = (int)((id - min) / spacing) + 1;
    *n = (int)shares;
    return 0;
}

int pm_cli_shard_auto(int count, int *k, int *n)
{
    long id = 0;
    int rc = env_number("SLURM_ARRAY_TASK_ID", 0, 4000000, &id);
    if (rc <= 0)
        return rc < 0 ? -1 : from_slurm(id, k, n);
    if ((rc = env_number("JOB_COMPLETION_INDEX", 0, SHARDS_MAX - 1, &id)) < 0)
        return -1;
    if (rc == 1) {
        pm_cli_fail("batch: --shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor "
                    "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set");
        return -1;
    }
    long shares = count;
    if (count <= 0 && (rc = env_number("PLANMAP_SHARD_COUNT", 1, SHARDS_MAX, &shares)) != 0) {
        if (rc == 1)
            pm_cli_fail("batch: --shard auto: JOB_COMPLETION_INDEX needs the number of shares: "
                        "--shard-count N or PLANMAP_SHARD_COUNT");
        return -1;
    }
    if (id >= shares) {
        pm_cli_fail("batch: --shard auto: JOB_COMPLETION_INDEX %ld is not below the %ld shares",
                    id, shares);
        return -1;
    }
    *k = (int)id + 1;
    *n = (int)shares;
    return 0;
}
