/* pm_thread — the thread budget of one map (see pm_thread.h). */
#include "pm_thread.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 64

/* 0: the default. Atomic: a program may set it on one thread while maps are
 * made on others, whose helper threads (a stream's reader, a projection's
 * ranges) read it; nothing else is ordered by it, so relaxed will do. */
static atomic_int limit;

int pm_thread_parse(const char *text)
{
    if (!text || *text < '0' || *text > '9')
        return 0;
    char *end;
    long n = strtol(text, &end, 10);
    return *end == '\0' && n >= 1 && n <= MAX_THREADS ? (int)n : 0;
}

static int default_count(void)
{
    int n = pm_thread_parse(getenv("PLANMAP_THREADS"));
    if (n > 0)
        return n;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (int)cores;
}

int pm_thread_count(void)
{
    int n = atomic_load_explicit(&limit, memory_order_relaxed);
    return n > 0 ? n : default_count();
}

void pm_thread_limit(int n)
{
    atomic_store_explicit(&limit, n > 0 && n <= MAX_THREADS ? n : 0, memory_order_relaxed);
}
