/* `planmap batch --shard auto`: the share from the scheduler's environment,
 * read here in the program (the library never reads the environment).
 * - Slurm job arrays: SLURM_ARRAY_TASK_ID among SLURM_ARRAY_TASK_MIN ..
 *   SLURM_ARRAY_TASK_MAX (a step of 1), or among SLURM_ARRAY_TASK_COUNT
 *   tasks counted from SLURM_ARRAY_TASK_MIN (0 when not set).
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
    long shares = max >= 0 ? max - min + 1 : count;
    /* An array with gaps (--array=0,3,7 or a step) would leave maps out. */
    if (step != 1 || (count >= 0 && max >= 0 && count != shares)) {
        pm_cli_fail("batch: --shard auto: the Slurm array is not one range with a step of 1 "
                    "(give --array=0-%ld)", (count >= 0 ? count : shares) - 1);
        return -1;
    }
    if (shares < 1 || shares > SHARDS_MAX || id < min || id - min >= shares) {
        pm_cli_fail("batch: --shard auto: SLURM_ARRAY_TASK_ID %ld is not among the %ld tasks "
                    "from %ld", id, shares, min);
        return -1;
    }
    *k = (int)(id - min) + 1;
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
