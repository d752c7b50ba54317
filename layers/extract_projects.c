/* Projects of a plan text: every item of every numbered box (专栏N, 重点工程N),
 * and named projects of the running text (a building verb before a proper
 * name that ends as facilities are named: …中心, …基地, …实验室).
 *
 * A box runs from its title to the next heading, box, figure caption or
 * paragraph written as running text ("Topic。sentence…"). In a box, a
 * paragraph "Heading：body" (or "**Heading。**body") gives its heading; the
 * body's lists (after a building verb, up to 等 or the clause's end, split on
 * 、) give the items. A heading whose body lists items is their category,
 * unless it is itself named as a project (…行动, …工程, …中心 …). Lists after
 * context verbs (依托, 围绕, 聚焦 …) name what a project leans on, not projects. */
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"

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
    *p = (pm_ex_project){name, column ? strdup(column) : NULL, category ? strdup(category) : NULL,
                         place, first, last};
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

/* The place word a name starts with (青石镇卫生院 → 青石镇), new, or NULL. */
static char *place_of(const char *name)
{
    size_t n = strlen(name);
    for (size_t at = 6; at < n; at += pm_ex_next_cp(name + at)) {
        size_t k = pm_ex_starts(name + at, pm_ex_place);
        if (k && at + k < n && pm_ex_han_count(name, at + k) <= 8)
            return strndup(name, at + k);
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
 * (3号线一期（东站—西港）); added as a project when it reads as a name. */
static int add_item(pm_extract *x, const char *s, size_t n, const char *column,
                    const char *category, int line)
{
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
    size_t han = pm_ex_han_count(s, n);
    if (han < 2 || han > 40 || not_a_name(s, n)) {
        free(place);
        return 0;
    }
    char *name = strndup(s, n);
    if (!place && name)
        place = place_of(name);
    pm_ex_add_project(x, name, column, category, place, line, line);
    return 1;
}

static int names_project(const char *s, size_t n)
{
    trim_item(&s, &n);
    n = bare(s, n);
    return pm_ex_ends_in(s, n, pm_ex_suffix) || pm_ex_ends_in(s, n, pm_ex_works);
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

/* The items of the list [q, lim), split on 、 ， and ”“ outside brackets.
 * A building verb's list is kept when it names projects (its last item
 * ends as facilities are named, or 等 is followed by 项目 …) and is not a
 * modifier (…、…的X); a context verb's list gives only the land it names. */
static int add_list(pm_extract *x, const char *q, const char *lim, int named, int context,
                    const char *column, const char *category, int line)
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
    int found = 0;
    for (int i = 0; i < n; i++) {
        const char *s = cut[i];
        size_t len = (size_t)(cut[i + 1] - 3 - s);
        trim_item(&s, &len);
        if (!context || pm_ex_ends_in(s, bare(s, len), pm_ex_land))
            found += add_item(x, s, len, column, category, line);
    }
    return found;
}

/* Lists in [s, end): after a building verb up to 等 or the clause's end,
 * or after a context verb (the land only). */
static int body_lists(pm_extract *x, const char *s, const char *end, const char *column,
                      const char *category, int line)
{
    static const char *const clause_start[] = {"，", "。", "；", "：", ";", ":", NULL};
    int found = 0;
    for (const char *c = s; c < end;) {
        int verb, context = pm_ex_starts(c, pm_ex_context) != 0;
        const char *q = context ? c + pm_ex_starts(c, pm_ex_context) : past_verbs(c, end, &verb),
                   *et = NULL;
        const char *lim = context || verb ? list_end(q, end, &et) : NULL;
        if (lim && lim > q) {
            int named =
                (et && project_object(et, end)) || (q - c >= 6 && pm_ex_has_prefix(q - 6, "包括"));
            found += add_list(x, q, lim, named, context, column, category, line);
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
static int named_projects(pm_extract *x, const char *s, const char *column,
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
            found += add_item(x, q, n, column, category, line);
        p = e > p ? e - 1 : p;
    }
    return found;
}

/* ---- boxes ------------------------------------------------------------ */

/* "专栏 2 …", "专栏２", "重点工程 1 …": the box's title (专栏2 …), new, or NULL. */
static char *box_title(const char *line)
{
    char *c = pm_ex_clean(line, strlen(line));
    if (!c)
        return NULL;
    static const char *const marks[] = {"专栏", "重点工程", NULL};
    size_t m = pm_ex_starts(c, marks);
    const char *p = c + m;
    while (*p == ' ' || pm_ex_has_prefix(p, "\xE3\x80\x80"))
        p += *p == ' ' ? 1 : 3;
    int len, digits = 0;
    unsigned cp;
    while ((cp = pm_ex_cp(p + 0, &len)) && pm_ex_is_digit(cp))
        p += len, digits++;
    if (!m || !digits || strlen(c) > 200) {
        free(c);
        return NULL;
    }
    /* mark + number without blanks, one blank before the title */
    size_t n = strlen(c);
    char *t = malloc(n + 2);
    if (t) {
        size_t k = 0;
        memcpy(t, c, m);
        k = m;
        for (const char *q = c + m; q < p; q++)
            if (*q != ' ' && !(q[0] == '\xE3' && q[1] == '\x80' && q[2] == '\x80'))
                t[k++] = *q;
            else if (*q == '\xE3')
                q += 2;
        while (*p == ' ' || *p == ':' || pm_ex_has_prefix(p, "\xE3\x80\x80") ||
               pm_ex_has_prefix(p, "：") || pm_ex_has_prefix(p, "、") || pm_ex_has_prefix(p, "．"))
            p += (*p == ' ' || *p == ':') ? 1 : 3;
        if (*p) {
            t[k++] = ' ';
            for (; *p; p++)
                if (!(p[0] == ' ' && p[1] == ' '))
                    t[k++] = *p;
        }
        t[k] = '\0';
    }
    free(c);
    return t;
}

/* A paragraph written as running text: "Topic。sentence…" (not bold). */
static int running_paragraph(const char *line)
{
    const char *s = line;
    while (*s == ' ')
        s++;
    if (pm_ex_has_prefix(s, "**") || pm_ex_starts(s, (const char *const[]){"- ", "•", "●", "➤", "◆",
                                                                      "■", "▶", NULL}))
        return 0;
    int han = 0, len;
    for (const char *p = s; *p && han <= 30; p += len) {
        unsigned cp = pm_ex_cp(p, &len);
        if (pm_ex_has_prefix(p, "。"))
            return han >= 2;
        if (pm_ex_has_prefix(p, "，") || pm_ex_has_prefix(p, "：") || cp == ':' || !len)
            return 0;
        han += pm_ex_is_han(cp);
    }
    return 0;
}

static int is_caption(const char *line)
{
    const char *s = line;
    while (*s == ' ' || *s == '#' || *s == '*')
        s++;
    int len;
    return pm_ex_has_prefix(s, "图") && (s[3] == ' ' || pm_ex_is_digit(pm_ex_cp(s + 3, &len)));
}

static const char *const BULLETS[] = {"- ", "•", "●", "➤", "◆", "■", "▶", NULL};

/* The heading of a box paragraph ("Heading：", "**Heading。**"): its length
 * in `c` (the cleaned paragraph) and where the body starts, or 0; *titled
 * is 1 when the heading is set off as an item's title (bold or bulleted). */
static size_t item_heading(const char *raw, const char *c, const char **body, int *titled)
{
    const char *r = raw;
    size_t k;
    *titled = 0;
    while (*r == ' ' || (k = pm_ex_starts(r, BULLETS))) {
        *titled |= *r != ' ';
        r += *r == ' ' ? 1 : k;
    }
    int bold = pm_ex_has_prefix(r, "**");
    *titled |= bold;
    int han = 0, len;
    for (const char *p = c; *p && han <= 30; p += len) {
        unsigned cp = pm_ex_cp(p, &len);
        size_t colon = pm_ex_has_prefix(p, "：") ? 3 : cp == ':' ? 1 : 0;
        if (colon || (bold && pm_ex_has_prefix(p, "。"))) {
            *body = p + (colon ? colon : 3);
            return han >= 1 ? (size_t)(p - c) : 0;
        }
        if (pm_ex_has_prefix(p, "，") || pm_ex_has_prefix(p, "。") || pm_ex_has_prefix(p, "；") ||
            !len)
            return 0;
        han += pm_ex_is_han(cp);
    }
    return 0;
}

/* A heading that names a class of things (小学、初中、高中; 三级综合医院或…;
 * 二级综合医院; 轨道工程): the category of its list, never a project. */
static int class_heading(const char *h, size_t n)
{
    for (size_t at = 0; at < n; at += pm_ex_next_cp(h + at))
        if (pm_ex_starts(h + at, (const char *const[]){"、", "或", "及", NULL}))
            return 1;
    static const char *const grades[] = {"一级", "二级", "三级", "甲级", "乙级", NULL};
    return pm_ex_starts(h, grades) ||
           (pm_ex_han_count(h, n) <= 4 && pm_ex_ends_in(h, n, pm_ex_programme));
}

/* A box titled as a list of projects (…重点项目, …产业平台, …中心): its
 * headings over lists are categories. Other boxes (…布局, …行动, …区域,
 * …体系) list headed items. */
static int lists_projects(const char *column)
{
    size_t n = strlen(column);
    return pm_ex_ends_with(column, n, "项目") || pm_ex_ends_in(column, n, pm_ex_suffix);
}

/* Is the heading of a paragraph whose body listed `listed` items a project?
 * A title set off as such always is; "Heading：" is, when nothing was
 * listed, when the box is not a list of projects (专栏N …重点项目) but of
 * headed items (…布局, …行动, …区域), or when it is named as a project or a
 * programme and no class. */
static int heading_is_project(const char *column, const char *h, size_t n, int titled, int listed)
{
    if (pm_ex_han_count(h, n) < 2)
        return 0;
    if (titled || !listed || !lists_projects(column))
        return 1;
    return (pm_ex_ends_in(h, n, pm_ex_programme) || pm_ex_ends_in(h, n, pm_ex_suffix)) &&
           !class_heading(h, n);
}

static void box_paragraph(pm_extract *x, const char *column, const char *raw, int line)
{
    char *c = pm_ex_clean(raw, strlen(raw));
    if (!c) {
        x->nomem = 1;
        return;
    }
    const char *body = c;
    int titled;
    size_t h = item_heading(raw, c, &body, &titled);
    char *head = h ? strndup(c, h) : NULL;
    while (head && h && (head[h - 1] == ' '))
        head[--h] = '\0';
    int head_han = head ? (int)pm_ex_han_count(head, h) : 0;
    int n = body_lists(x, body, body + strlen(body), column, head_han >= 2 ? head : NULL, line);
    if (!n && !head)
        n = named_projects(x, body, column, NULL, line);
    if (head && heading_is_project(column, head, h, titled, n))
        n += add_item(x, head, h, column, NULL, line);
    if (!n && !head) {
        /* a short first clause names the item: 营造全民健身的新风尚，… */
        const char *e = body;
        while (*e && !pm_ex_has_prefix(e, "，") && !pm_ex_has_prefix(e, "。"))
            e += pm_ex_next_cp(e);
        size_t han = pm_ex_han_count(body, (size_t)(e - body));
        if (*e && han >= 4 && han <= 16 && !pm_ex_starts(body, pm_ex_context) &&
            !pm_ex_starts(body, pm_ex_build))
            n += add_item(x, body, (size_t)(e - body), column, NULL, line);
    }
    if (!n && pm_ex_han_count(c, strlen(c)) >= 4)
        pm_ex_add_unsplit(x, line, c, strlen(c));
    free(head);
    free(c);
}

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '-' || *s == '*')
        s++;
    return !*s || !strcmp(s, "\xE3\x80\x80");
}

/* The box whose title is on line `at` (0-based); returns the line after it. */
static int read_box(pm_extract *x, char *title, int at)
{
    const pm_ex_text *t = &x->text;
    int i = at + 1, paragraphs = 0, skip = strstr(title, "指标") != NULL;
    int before = x->n_projects;
    for (; i < t->n_lines; i++) {
        const char *l = t->line[i];
        if (is_blank(l)) {
            const char *s = l;
            while (*s == ' ')
                s++;
            if (*s == '-' && paragraphs)
                break;                              /* a list's closing mark */
            continue;
        }
        char *other = box_title(l);
        free(other);
        if (other || pm_ex_is_heading(l) || is_caption(l) ||
            (paragraphs && running_paragraph(l)))
            break;
        paragraphs++;
        if (!skip)
            box_paragraph(x, title, l, i + 1);
    }
    if (pm_array_grow(&x->boxes, x->n_boxes, &x->cap_boxes, sizeof *x->boxes, 8)) {
        free(title);
        x->nomem = 1;
        return i;
    }
    /* A box about one facility (专栏N …科学中心), whose text lists nothing
     * else, names that project. */
    static const char *const generic[] = {"重大", "重点", "主要", NULL};
    const char *name = strchr(title, ' ');
    int works = name && (pm_ex_ends_with(name, strlen(name), "工程") ||
                         pm_ex_ends_with(name, strlen(name), "项目"));
    if (name && !skip && x->n_projects - before <= 1 &&
        (pm_ex_has_prefix(title, "重点工程") || (!works && !pm_ex_starts(name + 1, generic))) &&
        pm_ex_ends_in(name + 1, strlen(name + 1), pm_ex_suffix) &&
        pm_ex_han_count(name + 1, strlen(name + 1)) <= 16)
        add_item(x, name + 1, strlen(name + 1), title, NULL, at + 1);
    x->boxes[x->n_boxes++] = (pm_ex_box){title, at + 1, i, x->n_projects - before};
    return i;
}

void pm_ex_projects(pm_extract *x)
{
    const pm_ex_text *t = &x->text;
    for (int i = 0; i < t->n_lines;) {
        char *title = box_title(t->line[i]);
        if (title) {
            i = read_box(x, title, i);
            continue;
        }
        if (!pm_ex_is_heading(t->line[i]))
            named_projects(x, t->line[i], NULL, NULL, i + 1);
        i++;
    }
}
