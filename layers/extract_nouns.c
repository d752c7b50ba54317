/* A class noun written once for a list's items (the lists are read by
 * extract_projects.c): 东江、西岭、南屏高新区 names three 高新区. Bare short
 * names before an item that ends in a class noun of places or projects take
 * the noun too; a whole item joined to the first of them by 和/与/及
 * (…经济圈和东江) is an item of its own. A run needs two or more bare names,
 * so a single name before a noun (南屏高新区) is read as it is written. */
#include "extract_internal.h"

#include <string.h>

static int is_word(const char *s, size_t n, pm_ex_words list)
{
    for (const char *const *w = list; *w; w++)
        if (strlen(*w) == n && !memcmp(s, *w, n))
            return 1;
    return 0;
}

/* A bare short name: 2–4 Han characters and nothing else, not a word of a
 * sentence (a verb, an adverb), a class's modifier (产业), nor itself named
 * as a facility. */
static int bare_name(const char *s, size_t n)
{
    size_t han = pm_ex_han_count(s, n);
    if (han < 2 || han > 4 || han * 3 != n || pm_ex_ends_in(s, n, pm_ex_suffix) ||
        pm_ex_ends_in(s, n, pm_ex_class_noun) || pm_ex_starts(s, pm_ex_build) ||
        pm_ex_starts(s, pm_ex_context) || pm_ex_starts(s, pm_ex_adverb) ||
        pm_ex_starts(s, pm_ex_clause) || is_word(s, n, pm_ex_class_modifier))
        return 0;
    for (size_t at = 0; at < n; at += pm_ex_next_cp(s + at))
        if (pm_ex_starts(s + at, (const char *const[]){"和", "与", "及", "的", "或", NULL}))
            return 0;
    return 1;
}

static const char *const JOINERS[] = {"和", "与", "及", NULL};

/* Where a bare name starts after the last 和/与/及 of [s, s+n) that joins
 * it to a whole item (2+ Han characters) before it; NULL if none. */
static const char *joined_tail(const char *s, size_t n, size_t *joiner)
{
    const char *hit = NULL;
    for (size_t at = 0, k; at < n; at += pm_ex_next_cp(s + at))
        if ((k = pm_ex_starts(s + at, JOINERS)) && pm_ex_han_count(s, at) >= 2 &&
            bare_name(s + at + k, n - at - k))
            hit = s + at + k, *joiner = k;
    return hit;
}

/* [s, s+n) is made of class modifiers only (工业, 重点 …), or is empty. */
static int modifiers_only(const char *s, size_t n)
{
    size_t k;
    while (n && (k = pm_ex_starts(s, pm_ex_class_modifier)) && k <= n)
        s += k, n -= k;
    return n == 0;
}

/* Where the name of [s, s+n) ends and the noun a run shares begins: a bare
 * name, then modifiers and a class noun (南屏|高新区, 成北|工业园区). Names
 * in a list run alike: a name as long as the one before it (want Han
 * characters) is tried first. 0 when the item is no name + noun. */
static size_t name_end(const char *s, size_t n, size_t want)
{
    for (const char *const *w = pm_ex_class_noun; *w; w++) {
        size_t k = strlen(*w);
        if (!pm_ex_ends_with(s, n, *w) || n <= k)
            continue;
        size_t p = 0;
        for (size_t h = 0; h < want && p < n - k; h++)
            p += pm_ex_next_cp(s + p);
        if (want && p < n - k && modifiers_only(s + p, n - k - p) && bare_name(s, p))
            return p;
        return bare_name(s, n - k) ? n - k : 0;
    }
    return 0;
}

/* The Han length of the bare name that ends item `it` (a whole bare item,
 * or one after a joiner), 0 if none. */
static size_t last_name(const pm_ex_list_item *it)
{
    size_t j;
    if (it->noun)
        return 0;
    if (bare_name(it->s, it->n))
        return pm_ex_han_count(it->s, it->n);
    const char *t = joined_tail(it->s, it->n, &j);
    return t ? pm_ex_han_count(t, (size_t)(it->s + it->n - t)) : 0;
}

/* Mark a run ending at it[j], whose name is [name, name+e) and noun the
 * rest; t: a bare name joined before it inside it[j] (西岭和南屏高新区). */
static void mark_run(pm_ex_list_item *it, int j, const char *name, size_t e, const char *t, size_t tj)
{
    int k = j - 1;
    while (k >= 0 && !it[k].noun && bare_name(it[k].s, it[k].n))
        k--;
    size_t kj = 0;
    const char *kt = k >= 0 && !it[k].noun ? joined_tail(it[k].s, it[k].n, &kj) : NULL;
    if (k == j - 1 && !kt && !t)
        return;                                   /* one name: as it is written */
    const char *end = it[j].s + it[j].n, *noun = name + e;
    int zone = 0;
    for (const char *const *w = pm_ex_zone_noun; *w && !zone; w++)
        zone = pm_ex_ends_with(noun, (size_t)(end - noun), *w);
    const char *run = kt ? kt : k + 1 < j ? it[k + 1].s : it[j].s;
    for (int m = kt ? k : k + 1; m <= j; m++)
        it[m] = (pm_ex_list_item){it[m].s, it[m].n, NULL, 0, m < j, 0, 0, noun, (size_t)(end - noun),
                            zone, run, end};
    if (kt)
        it[k].split = kt, it[k].joiner = kj;
    if (t)
        it[j].split = name, it[j].joiner = tj, it[j].add_head = it[j].head_in_run = 1;
}

/* Mark the runs of it[0..n): for each item that ends in a class noun after
 * a bare name, the bare names before it take its noun. */
void pm_ex_shared_nouns(pm_ex_list_item *it, int n)
{
    for (int j = 0; j < n; j++) {
        if (it[j].noun)
            continue;
        size_t want = j ? last_name(&it[j - 1]) : 0, e = name_end(it[j].s, it[j].n, want);
        if (e) {
            mark_run(it, j, it[j].s, e, NULL, 0);
            continue;
        }
        /* 西岭和南屏高新区: two bare names joined, the noun written once */
        for (size_t at = 0, k; at < it[j].n; at += pm_ex_next_cp(it[j].s + at)) {
            if (!(k = pm_ex_starts(it[j].s + at, JOINERS)) || !bare_name(it[j].s, at))
                continue;
            const char *t = it[j].s + at + k;
            size_t rest = (size_t)(it[j].s + it[j].n - t);
            if ((e = name_end(t, rest, pm_ex_han_count(it[j].s, at)))) {
                mark_run(it, j, t, e, t, k);
                break;
            }
        }
    }
}
