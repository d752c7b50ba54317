/* pm_thread — how many threads one map may use.
 *
 * Loading a large layer, drawing it and encoding the PNG split their work
 * over this many threads. It is the number of online cores unless the
 * environment variable PLANMAP_THREADS (1–64) or pm_thread_limit says
 * otherwise: `planmap batch` runs one process per core already and gives
 * each one thread. */
#ifndef PM_THREAD_H
#define PM_THREAD_H

/* Threads a map may use, at least 1. */
int pm_thread_count(void);

/* A thread count as PLANMAP_THREADS gives it ("1" to "64"), or 0 if the
 * text is none (pm_thread_count ignores such a value; the CLI refuses it). */
int pm_thread_parse(const char *text);

/* Use at most n threads from now on (n <= 0: back to the default). Any
 * thread may call it at any time; a map being made meanwhile may use the
 * old or the new count for its remaining steps (its picture is the same for
 * any count). */
void pm_thread_limit(int n);

#endif
