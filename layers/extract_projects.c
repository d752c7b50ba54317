/* Projects in the sentences of a plan text: the lists after a building verb
 * (up to 等 or the clause's end, split on 、) and named projects of running
 * text (a building verb before a proper name that ends as facilities are
 * named: …中心, …基地, …实验室). Lists after context verbs (依托, 围绕,
 * 聚焦 …) name what a project leans on, not projects: only the land they
 * name counts. The numbered boxes that hold these sentences are read by
 * extract_boxes.c. */
#include "extract_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"
#include "pm_strings.h"

/* Past the adverbs and building verbs at s; *verb 1 when there was a verb. */
static const char *past_verbs(const char *s, const char *end, int *verb)
{
    size_t k;
    *verb = 0;
    for (;;) {
        if (s < end && (k = pm_ex_starts(s, pm_ex_adverb)))
            s += k, *verb |= pm_ex_has_prefix(s - k, "将");   /* 将X纳入…: X are objects */
        else if (s < end && (k = pm_ex_starts(s, pm_ex_build)))
            s += k, *verb = 1;
        else
            return s;
    }
}

pm_ex_project *pm_ex_add_project(pm_extract *x, char *name, const char *column,
                                 const char *category, char *place, int first, int last)
{
    if (!name) {
        free(place);
        x->nomem = 1;
        return NULL;
    }
    for (int i = 0; i < x->n_projects; i++) {
        pm_ex_project *p = &x->projects[i];
        int same_col = (!p->column && !column) || (p->column && column && !strcmp(p->column, column));
        if (same_col && !strcmp(p->name, name)) {
            free(name);
            free(place);
            return NULL;
        }
    }
    if (pm_array_grow(&x->projects, x->n_projects, &x->cap_projects,
                      sizeof *x->projects, 64)) {
        free(name);
        free(place);
        x->nomem = 1;
        return NULL;
    }
    pm_ex_project *p = &x->projects[x->n_projects++];
    *p = (pm_ex_project){.name = name, .column = column ? strdup(column) : NULL,
                         .category = category ? strdup(category) : NULL, .place = place,
                         .first = first, .last = last};
    return p;
}

void pm_ex_add_unsplit(pm_extract *x, int line, const char *text, size_t n)
{
    if (pm_array_grow(&x->unsplit, x->n_unsplit, &x->cap_unsplit,
                      sizeof *x->unsplit, 8)) {
        x->nomem = 1;
        return;
    }
    size_t keep = n > 90 ? 90 : n;
    while (keep < n && ((unsigned char)text[keep] & 0xC0) == 0x80)
        keep--;
    char *s = malloc(keep + 32);
    if (!s) {
        x->nomem = 1;
        return;
    }
    snprintf(s, keep + 32, "line %d: %.*s%s", line, (int)keep, text, keep < n ? "…" : "");
    x->unsplit[x->n_unsplit++] = s;
}

/* 1 when [s, s+n) is a place's name as a name holds it: Han characters,
 * digits and letters, no bracket, quote or blank (东港(青石湖 is no place). */
static int place_chars(const char *s, size_t n)
{
    for (size_t at = 0; at < n;) {
        int len;
        unsigned cp = pm_ex_cp(s + at, &len);
        if (!len || !(pm_ex_is_han(cp) || pm_ex_is_digit(cp) || (cp < 0x80 && isalnum((int)cp))))
            return 0;
        at += (size_t)len;
    }
    return 1;
}

/* The place word a name starts with (青石镇卫生院 → 青石镇), new, or NULL.
 * The place word is a whole word of the name: not the head of a longer
 * word (街 of 特色街区, 路 of 配套路网) nor the tail of a common noun
 * (铁路, 公路, 集成电路, 城乡): a line's or a trade's own name is no place,
 * nor is a count-and-noun phrase (一带一路). */
static char *place_of(const char *name)
{
    size_t n = strlen(name);
    for (size_t at = 6; at < n; at += pm_ex_next_cp(name + at)) {
        size_t k = pm_ex_starts(name + at, pm_ex_place);
        if (!k || at + k >= n || pm_ex_han_count(name, at + k) > 8 ||
            pm_ex_starts(name + at, pm_ex_place_longer) ||
            pm_ex_ends_in(name, at + k, pm_ex_place_common) || !place_chars(name, at + k) ||
            pm_ex_is_phrase(name, at + k))
            continue;
        return strndup(name, at + k);
    }
    return NULL;
}

/* Where a note says the project is (总投资50亿元，位于北片。 → 北片), new,
 * or NULL: the words after 位于, 地处, 坐落于 … up to the clause's end. */
static char *place_in_note(const char *note)
{
    static const char *const lead[] = {"坐落于", "选址于", "落位于", "位于", "地处", "坐落在",
                                       "选址在", NULL};
    static const char *const stop[] = {"，", "。", "；", "、", ",", ";", "（", "(", " ", NULL};
    for (const char *p = note; p && *p; p += pm_ex_next_cp(p)) {
        size_t k = pm_ex_starts(p, lead);
        if (!k)
            continue;
        const char *s = p + k, *e = s;
        while (*e && !pm_ex_starts(e, stop))
            e += pm_ex_next_cp(e);
        size_t han = pm_ex_han_count(s, (size_t)(e - s));
        if (han >= 2 && han <= 12 && place_chars(s, (size_t)(e - s)))
            return strndup(s, (size_t)(e - s));
    }
    return NULL;
}

/* [s, s+n) without blanks, quotes and a leading 将 at its ends, cut where
 * the sentence goes on after the name (等, 建设, 升级为 …). */
static void trim_item(const char **sp, size_t *np)
{
    const char *s = *sp;
    size_t n = *np, k;
    while (n && (*s == ' ' ||
                 (k = pm_ex_starts(s, (const char *const[]){"“", "‘", "将", "把", NULL})))) {
        k = *s == ' ' ? 1 : k;
        s += k, n -= k;
    }
    for (size_t at = 0; at < n; at += pm_ex_next_cp(s + at))
        if (pm_ex_starts(s + at, pm_ex_tail) && pm_ex_han_count(s, at) >= 2) {
            n = at;
            break;
        }
    while (n && (s[n - 1] == ' ' || pm_ex_ends_with(s, n, "”") || pm_ex_ends_with(s, n, "’"))) {
        if (s[n - 1] != ' ') {
            const char *open = strstr(s, "“");
            if (open && open < s + n)
                break;                                   /* a quoted word inside */
        }
        n -= s[n - 1] == ' ' ? 1 : 3;
    }
    *sp = s;
    *np = n;
}

/* The length of [s, s+n) without a bracket at its end: 人民小学校（二期）. */
static size_t bare(const char *s, size_t n)
{
    if (!pm_ex_ends_with(s, n, "）"))
        return n;
    for (size_t at = n; at > 0; at--)
        if (at >= 3 && pm_ex_has_prefix(s + at - 3, "（"))
            return at - 3;
    return n;
}

/* A description or a title, not a name: …的…, 以…, 若干…, …高地. */
static int not_a_name(const char *s, size_t n)
{
    for (size_t at = 0; at < n; at += pm_ex_next_cp(s + at))
        if (pm_ex_has_prefix(s + at, "的"))
            return 1;
    return pm_ex_has_prefix(s, "以") || pm_ex_starts(s, pm_ex_quantity) ||
           pm_ex_ends_in(s, bare(s, n), pm_ex_title);
}

/* One list item [s, s+n): a route in brackets at its end is its place
 * (3号线一期（东站—西港）); added as a project when it reads as a name. A
 * building verb before a facility's name (扩建实验小学) and a count after
 * it (…中心20个) are what the text says of the project, not its name: they
 * go to its remark with `remark` (the note after "Name："). Returns 1 when
 * it reads as a name (*added: the new project, NULL when the draft held it
 * already). */
static int add_item(pm_extract *x, const char *s, size_t n, const char *column,
                    const char *category, int line, const char *remark, pm_ex_project **added)
{
    *added = NULL;
    trim_item(&s, &n);
    char *place = NULL;
    size_t b = bare(s, n);
    if (b < n) {
        char *inner = strndup(s + b + 3, n - b - 6);
        if (inner && (strstr(inner, "—") || strstr(inner, "至"))) {
            place = inner;
            n = b;
        } else {
            free(inner);
        }
    }
    size_t c = pm_ex_count_tail(s, n), v = pm_ex_starts(s, pm_ex_build);
    const char *count = s + c;
    size_t count_n = n - c;
    if (c < n && pm_ex_han_count(s, c) >= 2)
        n = c;
    else
        count_n = 0;
    const char *verb = s;
    if (v && pm_ex_han_count(s + v, n - v) >= 2 && pm_ex_ends_in(s + v, bare(s + v, n - v), pm_ex_suffix))
        s += v, n -= v;
    else
        v = 0;
    size_t han = pm_ex_han_count(s, n);
    if (han < 2 || han > 40 || not_a_name(s, n)) {
        free(place);
        return 0;
    }
    char *name = strndup(s, n);
    if (!place && remark)
        place = place_in_note(remark);     /* what the text says first */
    if (!place && name)
        place = place_of(name);
    pm_ex_project *p = pm_ex_add_project(x, name, column, category, place, line, line);
    *added = p;
    if (p && (v || count_n || remark)) {
        pm_sbuf r = {0};
        pm_sbuf_addf(&r, "%.*s%s%.*s", (int)v, verb, v && count_n ? "…" : "", (int)count_n, count);
        size_t said = remark ? strlen(remark) : 0;
        while (said && (remark[said - 1] == ' ' || pm_ex_ends_with(remark, said, "。")))
            said -= remark[said - 1] == ' ' ? 1 : 3;
        if (said)
            pm_sbuf_addf(&r, "%s%.*s", r.len ? "; " : "", (int)said, remark);
        p->remark = r.nomem ? NULL : r.s;
        x->nomem |= r.nomem;
    }
    return 1;
}

int pm_ex_add_item(pm_extract *x, const char *s, size_t n, const char *column,
                   const char *category, int line)
{
    pm_ex_project *p;
    return add_item(x, s, n, column, category, line, NULL, &p);
}

int pm_ex_add_noted(pm_extract *x, const char *s, size_t n, const char *column,
                    const char *category, int line, const char *remark)
{
    pm_ex_project *p;
    return add_item(x, s, n, column, category, line, remark, &p);
}

static int names_project(const char *s, size_t n)
{
    trim_item(&s, &n);
    n = bare(s, n);
    if (pm_ex_ends_with(s, n, "项目") && n > 6)
        n -= 6;                                  /* …平台项目: a facility's project */
    if (pm_ex_ends_in(s, n, pm_ex_suffix) || pm_ex_ends_in(s, n, pm_ex_class_noun))
        return 1;
    for (const char *const *w = pm_ex_works; *w; w++) {
        size_t k = strlen(*w);
        if (n > k && pm_ex_ends_with(s, n, *w))   /* not 共同提升: an activity, no thing */
            return !(n >= k + 6 && pm_ex_starts(s + n - k - 6, pm_ex_adverb) == 6);
    }
    return 0;
}

/* The next list item's end after r: the first ，。；等 outside brackets. */
static const char *segment_end(const char *r, const char *end)
{
    static const char *const stop[] = {"，", "。", "；", "等", ";", NULL};
    int depth = 0;
    for (; r < end; r += pm_ex_next_cp(r)) {
        if (pm_ex_has_prefix(r, "（"))
            depth++;
        else if (pm_ex_has_prefix(r, "）") && depth)
            depth--;
        else if (!depth && pm_ex_starts(r, stop))
            return r;
    }
    return end;
}

/* The end of a list that starts at q (before `end`): the first 。；：, or 等
 * (*et set), or a ， unless the item before it and the one after it are
 * both named as facilities are (实验室，创伤、烧伤…实验室，…). */
static const char *list_end(const char *q, const char *end, const char **et)
{
    static const char *const hard[] = {"。", "；", "：", ";", ":", NULL};
    int depth = 0;
    const char *item = q;
    *et = NULL;
    for (const char *r = q; r < end; r += pm_ex_next_cp(r)) {
        if (pm_ex_has_prefix(r, "（") || *r == '(')
            depth++;
        else if ((pm_ex_has_prefix(r, "）") || *r == ')') && depth)
            depth--;
        if (depth)
            continue;
        if (pm_ex_starts(r, hard))
            return r;
        if (pm_ex_has_prefix(r, "等")) {
            *et = r;
            return r;
        }
        if (pm_ex_has_prefix(r, "、"))
            item = r + 3;
        if (pm_ex_has_prefix(r, "，")) {
            const char *next = segment_end(r + 3, end);
            int verb;
            if (!names_project(item, (size_t)(r - item)) ||
                !names_project(r + 3, (size_t)(next - r - 3)) ||
                past_verbs(r + 3, next, &verb) != r + 3 || pm_ex_starts(r + 3, pm_ex_context) ||
                pm_ex_starts(r + 3, pm_ex_clause))
                return r;
            item = r + 3;
        }
    }
    return end;
}

/* What follows 等 names projects: 等项目建设, 等医院, 等重大高铁项目 (not
 * 等功能于一体的平台). */
static int project_object(const char *et, const char *end)
{
    int han = 0, len;
    for (const char *r = et + 3; r < end && han < 8; r += len) {
        unsigned cp = pm_ex_cp(r, &len);
        if (!len || pm_ex_has_prefix(r, "，") || pm_ex_has_prefix(r, "。") ||
            pm_ex_has_prefix(r, "的") || pm_ex_has_prefix(r, "于"))
            return 0;
        if (pm_ex_starts(r, pm_ex_project_words))
            return 1;
        han += pm_ex_is_han(cp);
    }
    return 0;
}

/* A context list's item up to the land it names (a short name at its
 * start), 0 if it names none: 青石工业园产业基础 → 青石工业园. */
static size_t land_end(const char *s, size_t n)
{
    for (size_t at = 0, k; at < n && pm_ex_han_count(s, at) <= 10; at += pm_ex_next_cp(s + at))
        if ((k = pm_ex_starts(s + at, pm_ex_land)) && at + k <= n && pm_ex_han_count(s, at) >= 2)
            return at + k;
    return 0;
}

/* One part [s, s+n) of a list item, the run's noun appended when `add`;
 * in a run (in_run), a zone's bare name is its place (东江高新区 is in
 * 东江) and an appended name cites the run the line holds (its alias). A
 * context verb's list keeps only the land it names. `verb` (the list's 新建,
 * 扩建 …) is said of each piece that has no verb of its own. */
static int add_piece(pm_extract *x, const pm_ex_list_item *li, const char *s, size_t n, int add,
                     int in_run, int context, const char *verb, const char *column,
                     const char *category, int line)
{
    int noun = in_run && li->noun;
    char buf[512];
    if (!(add && noun && n + li->noun_n < sizeof buf))
        add = 0;
    if (add) {
        memcpy(buf, s, n);
        memcpy(buf + n, li->noun, li->noun_n);
        buf[n + li->noun_n] = '\0';
    }
    const char *name = add ? buf : s;
    size_t len = add ? n + li->noun_n : n;
    if (context)
        len = land_end(name, len);
    pm_ex_project *p;
    const char *said = pm_ex_starts(name, pm_ex_build) ? NULL : verb;  /* its own verb wins */
    int found = len ? add_item(x, name, len, column, category, line, said, &p) : 0;
    if (!found || !p || !noun)
        return found;
    if (li->zone) {
        free(p->place);
        p->place = strndup(s, add ? n : n - li->noun_n);
    }
    if (add)
        p->alias = strndup(li->run, (size_t)(li->run_end - li->run));
    return found;
}

/* The items of the list [q, lim), split on 、 ， and ”“ outside brackets.
 * A building verb's list is kept when it names projects (its last item
 * ends as facilities are named, or 等 is followed by 项目 …) and is not a
 * modifier (…、…的X); a context verb's list gives only the land it names.
 * `verb` (the list's 新建, 扩建 …) is said of each item that has none of its own. */
static int add_list(pm_extract *x, const char *q, const char *lim, int named, int context,
                    const char *verb, const char *column, const char *category, int line)
{
    const char *cut[65];
    int n = 0, depth = 0;
    cut[n++] = q;
    for (const char *r = q; r < lim && n < 63; r += pm_ex_next_cp(r)) {
        if (pm_ex_has_prefix(r, "（") || *r == '(')
            depth++;
        else if ((pm_ex_has_prefix(r, "）") || *r == ')') && depth)
            depth--;
        else if (!depth && (pm_ex_has_prefix(r, "、") || pm_ex_has_prefix(r, "，") ||
                            pm_ex_has_prefix(r, "”“")))
            cut[n++] = r + 3;
    }
    cut[n] = lim + 3;
    const char *last = cut[n - 1];
    size_t last_n = (size_t)(lim - last);
    trim_item(&last, &last_n);
    for (size_t at = 0; at < last_n; at += pm_ex_next_cp(last + at))
        if (pm_ex_has_prefix(last + at, "的"))
            return 0;
    if (pm_ex_has_prefix(q, "以") || (!context && !named && !names_project(last, last_n)))
        return 0;
    pm_ex_list_item it[64];
    for (int i = 0; i < n; i++) {
        it[i] = (pm_ex_list_item){.s = cut[i], .n = (size_t)(cut[i + 1] - 3 - cut[i])};
        trim_item(&it[i].s, &it[i].n);
    }
    pm_ex_shared_nouns(it, n);
    int found = 0;
    for (int i = 0; i < n; i++) {
        const pm_ex_list_item *li = &it[i];
        if (li->split) {
            found += add_piece(x, li, li->s, (size_t)(li->split - li->joiner - li->s),
                               li->add_head, li->head_in_run, context, verb, column, category,
                               line);
            found += add_piece(x, li, li->split, (size_t)(li->s + li->n - li->split), li->add,
                               1, context, verb, column, category, line);
        } else {
            found += add_piece(x, li, li->s, li->n, li->add, li->noun != NULL, context, verb,
                               column, category, line);
        }
    }
    return found;
}

/* A list of names with no verb after a heading, "先进制造：A、B、C。": joined by
 * 、 only (a ， or a verb makes it a sentence), two items or more, the last
 * named as a facility or land is. */
int pm_ex_bare_list(pm_extract *x, const char *s, const char *column, const char *category,
                    int line)
{
    static const char *const stop[] = {"。", "；", ";", NULL};
    const char *lim = s, *last = s;
    int items = 1, verb;
    while (*lim && !pm_ex_starts(lim, stop)) {
        if (pm_ex_has_prefix(lim, "，") || *lim == ',' || pm_ex_has_prefix(lim, "："))
            return 0;
        if (pm_ex_has_prefix(lim, "、"))
            items++, last = lim + 3;
        lim += pm_ex_next_cp(lim);
    }
    size_t last_n = (size_t)(lim - last);
    if (items < 2 || past_verbs(s, lim, &verb) != s || pm_ex_starts(s, pm_ex_context) ||
        !(names_project(last, last_n) || pm_ex_ends_in(last, last_n, pm_ex_land)))
        return 0;
    return add_list(x, s, lim, 1, 0, NULL, column, category, line);
}

/* A headed paragraph's last clause "打造X。" says what the item is to
 * become (…集聚区, …示范区), not more projects; a quoted name is one. */
static int goal_clause(const char *c, const char *q, const char *lim, const char *end)
{
    size_t k;
    while ((k = pm_ex_starts(c, pm_ex_adverb)))
        c += k;
    if (!pm_ex_has_prefix(c, "打造") || pm_ex_has_prefix(q, "“"))
        return 0;
    while (lim < end && (*lim == ' ' || pm_ex_has_prefix(lim, "。")))
        lim += *lim == ' ' ? 1 : 3;
    return lim == end;
}

/* Lists in [s, end): after a building verb up to 等 or the clause's end,
 * or after a context verb (the land only). */
int pm_ex_body_lists(pm_extract *x, const char *s, const char *end, const char *column,
                      const char *category, int line)
{
    static const char *const clause_start[] = {"，", "。", "；", "：", ";", ":", NULL};
    int found = 0;
    for (const char *c = s; c < end;) {
        int verb, context = pm_ex_starts(c, pm_ex_context) != 0;
        const char *q = context ? c + pm_ex_starts(c, pm_ex_context) : past_verbs(c, end, &verb),
                   *et = NULL;
        const char *lim = context || verb ? list_end(q, end, &et) : NULL;
        if (lim && lim > q && !(et && pm_ex_starts(et + 3, pm_ex_means)) &&
            !(category && goal_clause(c, q, lim, end))) {
            int named =
                (et && project_object(et, end)) || (q - c >= 6 && pm_ex_has_prefix(q - 6, "包括"));
            char *said = context ? NULL : strndup(c, (size_t)(q - c));
            found += add_list(x, q, lim, named, context, said, column, category, line);
            free(said);
            c = lim;
        }
        while (c < end && !pm_ex_starts(c, clause_start))
            c += pm_ex_next_cp(c);
        if (c < end)
            c += pm_ex_starts(c, clause_start);
    }
    return found;
}

/* Named projects in a running sentence: a building verb, then a name that
 * ends as facilities are named, up to the clause's end. */
int pm_ex_named_projects(pm_extract *x, const char *s, const char *column,
                          const char *category, int line)
{
    static const char *const stop[] = {"，", "。", "；", "、", "：", "和", "等", "及", ",", ";",
                                       "（", NULL};
    int found = 0;
    for (const char *p = s; *p; p += pm_ex_next_cp(p)) {
        size_t v = pm_ex_starts(p, pm_ex_build);
        if (!v || pm_ex_starts(p, pm_ex_context))
            continue;
        const char *q = p + v;
        size_t w;
        while ((w = pm_ex_starts(q, pm_ex_build)))
            q += w;
        const char *e = q;
        while (*e && !pm_ex_starts(e, stop))
            e += pm_ex_next_cp(e);
        const char *name = q;
        size_t n = (size_t)(e - q);
        trim_item(&name, &n);
        size_t han = pm_ex_han_count(name, n);
        if (han >= 3 && han <= 24 && pm_ex_ends_in(name, bare(name, n), pm_ex_suffix))
            found += pm_ex_add_item(x, name, n, column, category, line);
        p = e > p ? e - 1 : p;
    }
    return found;
}
