/* The threads labels are measured and searched on (label_ahead.c): a few
 * workers kept for the whole of pm_place_labels, handed run after run of
 * work. A run is a range of indices, taken one at a time by whichever thread
 * is free: with the caller as worker 0 (pm_label_pool_run, which returns when
 * every index is done), or on the workers alone while the caller goes on
 * (pm_label_pool_start, then pm_label_pool_wait). What a run computes must
 * not depend on which thread computes it, so the map is the same on any
 * number of threads. */
#include "label_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

/* A run's work is a few hundred microseconds, and the placing thread's
 * turn between runs a few tens: a worker put to sleep between them pays
 * a wake-up per run (on a virtual machine often as long as the run). So
 * a worker waits for the next run, and the caller for the workers, by
 * watching a counter for up to SPIN_NS before sleeping on the lock,
 * yielding the core between looks after the first few (on a machine busy
 * with other work, the thread it waits for may need it). */
#define SPIN_NS 100000L
#define SPIN_PAUSES 64

struct pm_label_pool {
    pthread_t *thread;
    int n;                      /* threads, the caller's included */
    pthread_mutex_t lock;
    pthread_cond_t go, idle;
    atomic_ulong run;           /* runs handed out so far */
    atomic_int busy;            /* workers still in the current run */
    atomic_int next;            /* the run's next index to take */
    atomic_int quit;
    int hi;
    void (*fn)(void *ctx, int worker, int i);
    void *ctx;
};

typedef struct worker_arg {
    pm_label_pool *p;
    int worker;
} worker_arg;

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Watch until done(p, arg) or SPIN_NS pass; 1 if done. */
static int spin(const pm_label_pool *p, int (*done)(const pm_label_pool *, unsigned long),
                unsigned long arg)
{
    for (int i = 0; i < SPIN_PAUSES; i++) {
        if (done(p, arg))
            return 1;
        relax();
    }
    for (long until = now_ns() + SPIN_NS; now_ns() < until;) {
        if (done(p, arg))
            return 1;
        sched_yield();
    }
    return done(p, arg);
}

static int run_begun(const pm_label_pool *p, unsigned long seen)
{
    return atomic_load(&p->run) != seen || atomic_load(&p->quit);
}

static int run_done(const pm_label_pool *p, unsigned long unused)
{
    (void)unused;
    return atomic_load(&p->busy) == 0;
}

/* Indices are taken one at a time, so a thread that got the long
 * searches does not hold the others up. */
static void share(pm_label_pool *p, int worker)
{
    for (int i; (i = atomic_fetch_add(&p->next, 1)) < p->hi;)
        p->fn(p->ctx, worker, i);
}

static void *work(void *arg)
{
    worker_arg *a = arg;
    pm_label_pool *p = a->p;
    int worker = a->worker;
    free(a);
    unsigned long seen = 0;
    for (;;) {
        if (!spin(p, run_begun, seen)) {
            pthread_mutex_lock(&p->lock);
            while (!run_begun(p, seen))
                pthread_cond_wait(&p->go, &p->lock);
            pthread_mutex_unlock(&p->lock);
        }
        if (atomic_load(&p->quit))
            break;
        seen = atomic_load(&p->run);
        share(p, worker);
        if (atomic_fetch_sub(&p->busy, 1) == 1) {
            pthread_mutex_lock(&p->lock);
            pthread_cond_signal(&p->idle);
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

pm_label_pool *pm_label_pool_new(int threads)
{
    pm_label_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = 1;
    if (threads < 2)
        return p;
    p->thread = calloc((size_t)threads, sizeof *p->thread);
    if (!p->thread || pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p->thread);
        free(p);
        return NULL;
    }
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->idle, NULL);
    /* A worker that cannot be started leaves the others more to do. */
    for (int k = 1; k < threads; k++) {
        worker_arg *a = malloc(sizeof *a);
        if (a)
            *a = (worker_arg){p, p->n};
        if (!a || pthread_create(&p->thread[p->n - 1], NULL, work, a) != 0) {
            free(a);
            break;
        }
        p->n++;
    }
    return p;
}

int pm_label_pool_threads(const pm_label_pool *p)
{
    return p ? p->n : 1;
}

/* Every worker has left the last run (busy is 0): the run's fields are
 * theirs to read once its number moves on. */
static void start(pm_label_pool *p, int lo, int hi, void (*fn)(void *ctx, int worker, int i), void *ctx)
{
    p->hi = hi;
    p->fn = fn;
    p->ctx = ctx;
    atomic_store(&p->next, lo);
    atomic_store(&p->busy, p->n - 1);
    pthread_mutex_lock(&p->lock);
    atomic_fetch_add(&p->run, 1);
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->lock);
}

void pm_label_pool_wait(pm_label_pool *p)
{
    if (!p || p->n < 2 || spin(p, run_done, 0))
        return;
    pthread_mutex_lock(&p->lock);
    while (!run_done(p, 0))
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void pm_label_pool_run(pm_label_pool *p, int lo, int hi, void (*fn)(void *ctx, int worker, int i),
                       void *ctx)
{
    if (!p || p->n < 2) {
        for (int i = lo; i < hi; i++)
            fn(ctx, 0, i);
        return;
    }
    start(p, lo, hi, fn, ctx);
    share(p, 0);
    pm_label_pool_wait(p);
}

void pm_label_pool_start(pm_label_pool *p, int lo, int hi, void (*fn)(void *ctx, int worker, int i),
                         void *ctx)
{
    if (p && p->n > 1)
        start(p, lo, hi, fn, ctx);
}

void pm_label_pool_free(pm_label_pool *p)
{
    if (!p)
        return;
    if (p->thread) {
        pthread_mutex_lock(&p->lock);
        atomic_store(&p->quit, 1);
        pthread_cond_broadcast(&p->go);
        pthread_mutex_unlock(&p->lock);
        for (int k = 0; k < p->n - 1; k++)
            pthread_join(p->thread[k], NULL);
        pthread_cond_destroy(&p->go);
        pthread_cond_destroy(&p->idle);
        pthread_mutex_destroy(&p->lock);
        free(p->thread);
    }
    free(p);
}
