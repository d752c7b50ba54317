/* The threads labels are searched on (labels.c): a few workers kept for the
 * whole of pm_place_labels, handed run after run of work. A run is a range
 * of indices, shared out by index modulo the thread count (worker 0 is the
 * caller), and returns when every index is done; what a run computes must
 * not depend on which thread computes it, so the map is the same on any
 * number of threads. */
#include "label_internal.h"

#include <pthread.h>
#include <stdlib.h>

struct pm_label_pool {
    pthread_t *thread;
    int n;                      /* threads, the caller's included */
    pthread_mutex_t lock;
    pthread_cond_t go, idle;
    unsigned long run;          /* runs handed out so far */
    int busy;                   /* workers still in the current run */
    int quit;
    int lo, hi;
    void (*fn)(void *ctx, int worker, int i);
    void *ctx;
};

typedef struct worker_arg {
    pm_label_pool *p;
    int worker;
} worker_arg;

static void share(pm_label_pool *p, int worker)
{
    for (int i = p->lo + worker; i < p->hi; i += p->n)
        p->fn(p->ctx, worker, i);
}

static void *work(void *arg)
{
    worker_arg *a = arg;
    pm_label_pool *p = a->p;
    int worker = a->worker;
    free(a);
    unsigned long seen = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->run == seen && !p->quit)
            pthread_cond_wait(&p->go, &p->lock);
        if (p->quit)
            break;
        seen = p->run;
        pthread_mutex_unlock(&p->lock);
        share(p, worker);
        pthread_mutex_lock(&p->lock);
        if (--p->busy == 0)
            pthread_cond_signal(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
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

void pm_label_pool_run(pm_label_pool *p, int lo, int hi, void (*fn)(void *ctx, int worker, int i),
                       void *ctx)
{
    if (!p || p->n < 2) {
        for (int i = lo; i < hi; i++)
            fn(ctx, 0, i);
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->lo = lo;
    p->hi = hi;
    p->fn = fn;
    p->ctx = ctx;
    p->busy = p->n - 1;
    p->run++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->lock);
    share(p, 0);
    pthread_mutex_lock(&p->lock);
    while (p->busy > 0)
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void pm_label_pool_free(pm_label_pool *p)
{
    if (!p)
        return;
    if (p->thread) {
        pthread_mutex_lock(&p->lock);
        p->quit = 1;
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
