/* The numbered boxes of a plan text (专栏N, 重点工程N) and their items.
 *
 * A box runs from its title to the next heading, box, figure caption or
 * paragraph written as running text ("Topic。sentence…"). In a box, a
 * paragraph "Heading：body" (or "**Heading。**body") gives its heading; the
 * body's lists (extract_projects.c) give the items. A heading whose body
 * lists items is their category, unless it is itself named as a project
 * (…行动, …工程, …中心 …). */
#include "extract_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"

/* Past a box's number at p: digits (２, 5-1, 3.2) or a Chinese numeral (一,
 * 十二); p itself when there is none. */
static const char *box_number(const char *p)
{
    int len, digits = 0;
    const char *q = p;
    while (pm_ex_is_digit(pm_ex_cp(q, &len)))
        q += len, digits++;
    if (digits) {
        static const char *const sub[] = {"-", "－", "—", ".", "．", NULL};
        size_t k = pm_ex_starts(q, sub);
        const char *r = q + k;
        int more = 0;
        while (k && pm_ex_is_digit(pm_ex_cp(r, &len)))
            r += len, more++;
        return more ? r : q;
    }
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九",
                                           "十", NULL};
    size_t k;
    while (digits < 3 && (k = pm_ex_starts(q, numerals)))
        q += k, digits++;
    /* a numeral ends the number (专栏一：, 专栏二 title), not a word (一样) */
    static const char *const after[] = {" ", "：", ":", "、", "．", "】", "]", "\xE3\x80\x80", NULL};
    return digits && (!*q || pm_ex_starts(q, after)) ? q : p;
}

static int title_gap(const char *p)
{
    static const char *const gap[] = {" ", ":", "\xE3\x80\x80", "：", "、", "．", "】", "]", NULL};
    return (int)pm_ex_starts(p, gap);
}

/* "专栏 2 …", "专栏２", "专栏一：…", "【专栏4】…", "专栏5-1 …", "重点工程 1 …": the
 * box's title (专栏N title, the number as written), new, or NULL. */
static char *box_title(const char *line)
{
    char *c = pm_ex_clean(line, strlen(line));
    if (!c)
        return NULL;
    const char *s = c;
    static const char *const open[] = {"【", "[", NULL};
    s += pm_ex_starts(s, open);
    static const char *const marks[] = {"专栏", "重点工程", NULL};
    size_t m = pm_ex_starts(s, marks);
    const char *num = s + m;
    while (*num == ' ' || pm_ex_has_prefix(num, "\xE3\x80\x80"))
        num += *num == ' ' ? 1 : 3;
    const char *p = box_number(num);
    if (!m || p == num || strlen(c) > 200) {
        free(c);
        return NULL;
    }
    /* mark + number without blanks, one blank before the title */
    size_t n = strlen(c);
    char *t = malloc(n + 2);
    if (t) {
        memcpy(t, s, m);
        size_t k = m;
        memcpy(t + k, num, (size_t)(p - num));
        k += (size_t)(p - num);
        for (size_t g; (g = (size_t)title_gap(p));)
            p += g;
        if (*p) {
            t[k++] = ' ';
            for (; *p; p++)
                if (!(p[0] == ' ' && p[1] == ' '))
                    t[k++] = *p;
            while (k > m && (pm_ex_ends_with(t, k, "】") || t[k - 1] == ']' || t[k - 1] == ' '))
                k -= t[k - 1] == ']' || t[k - 1] == ' ' ? 1 : 3;
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
    if (pm_ex_has_prefix(s, "**") || pm_ex_starts(s, pm_ex_bullets))
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

/* The heading of a box paragraph ("Heading：", "**Heading。**"): its length
 * in `c` (the cleaned paragraph) and where the body starts, or 0; *titled
 * is 1 when the heading is set off as an item's title (bold or bulleted). */
static size_t item_heading(const char *raw, const char *c, const char **body, int *titled)
{
    const char *r = raw;
    size_t k = 0;
    *titled = 0;
    while (*r == ' ' || (k = pm_ex_starts(r, pm_ex_bullets))) {
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

/* The length of a paragraph's first clause when it reads as a heading
 * (4–16 Han characters up to ， or 。, not a verb's clause nor a date), or 0. */
static size_t lead_clause(const char *s)
{
    const char *e = s;
    while (*e && !pm_ex_has_prefix(e, "，") && !pm_ex_has_prefix(e, "。") && !pm_ex_is_digit(pm_ex_cp(e, &(int){0})))
        e += pm_ex_next_cp(e);
    size_t han = pm_ex_han_count(s, (size_t)(e - s));
    if (!*e || pm_ex_is_digit(pm_ex_cp(e, &(int){0})) || han < 4 || han > 16 ||
        pm_ex_starts(s, pm_ex_context) || pm_ex_starts(s, pm_ex_build) ||
        pm_ex_starts(s, pm_ex_adverb) || pm_ex_starts(s, pm_ex_clause))
        return 0;
    return (size_t)(e - s);
}

/* What a box carries from line to line: the class a heading alone on its
 * line ("交通：") gives the items under it, and a table's columns. */
typedef struct box_state {
    char *category;
    int name_col, class_col;    /* -1: no table header read */
    int note_col;               /* 建设内容: what the row says of its project */
} box_state;

/* The cells of a table row, cleaned, new: "| a | b |" (pipes) or "a<TAB>b"
 * (tabs, as a table copied from a spreadsheet or a word processor is). 0
 * when the line is no table row, -1 when memory is short. */
static int table_cells(const char *raw, char **cell, int max)
{
    const char *s = raw;
    while (*s == ' ' || *s == '\t')
        s++;
    int pipes = *s == '|', n = 0;
    if (!pipes && !strchr(s, '\t'))
        return 0;
    char sep = pipes ? '|' : '\t';
    for (const char *p = s + pipes, *e; n < max && *p; p = e + 1) {
        e = strchr(p, sep);
        if (!e && pipes)
            break;                               /* past the last pipe */
        e = e ? e : p + strlen(p);
        char *c = pm_ex_clean(p, (size_t)(e - p));
        if (!c) {
            while (n)
                free(cell[--n]);
            return -1;
        }
        if (!pipes && !*c)
            free(c);                             /* tabs in a row: one gap */
        else
            cell[n++] = c;
        if (!*e)
            break;
    }
    if (!pipes && n < 2) {                       /* one cell: a line, not a row */
        while (n)
            free(cell[--n]);
    }
    return n;
}

/* A table row "| a | b |" of a box: its header says which column names the
 * project (…名称), which its class (类别) and which what is built (建设内容,
 * its note); a row under it gives one project. Returns -1 when the line is
 * no table row, else the projects. */
static int table_row(pm_extract *x, box_state *st, const char *column, const char *raw, int line)
{
    char *cell[16];
    int n = table_cells(raw, cell, 16), found = 0;
    if (n < 0) {
        x->nomem = 1;
        return 0;
    }
    if (!n) {
        st->name_col = st->class_col = st->note_col = -1;
        return -1;
    }
    int header = -1, han = 0;
    for (int i = 0; i < n; i++) {
        han += (int)pm_ex_han_count(cell[i], strlen(cell[i]));
        if (strstr(cell[i], "名称") || !strcmp(cell[i], "项目"))
            header = st->name_col = i;
        else if (strstr(cell[i], "类别") || strstr(cell[i], "类型") || strstr(cell[i], "领域"))
            st->class_col = i;
        else if (strstr(cell[i], "内容") || strstr(cell[i], "规模"))
            st->note_col = i;
    }
    int name = st->name_col;
    for (int i = 0; name < 0 && i < n; i++)       /* no header: the first named cell */
        if (pm_ex_han_count(cell[i], strlen(cell[i])) >= 2)
            name = i;
    if (header < 0 && han && name >= 0 && name < n) {
        const char *cls = st->class_col >= 0 && st->class_col < n ? cell[st->class_col]
                                                                  : st->category;
        found = pm_ex_add_noted(x, cell[name], strlen(cell[name]), column,
                                cls && *cls ? cls : NULL, line,
                                st->note_col >= 0 && st->note_col < n ? cell[st->note_col] : NULL);
    }
    for (int i = 0; i < n; i++)
        free(cell[i]);
    return found;
}

/* An item alone on its line, numbered or bulleted (①溪江大桥, - 北环路):
 * no sentence in it, 2–30 Han characters. */
static int lone_item(const char *raw, const char *c)
{
    while (*raw == ' ')
        raw++;
    if (*raw == '*' || *raw == '#' || pm_ex_has_prefix(raw, c))
        return 0;                                 /* not numbered or bulleted */
    static const char *const stops[] = {"，", "。", "；", "：", "、", ":", ";", NULL};
    for (const char *p = c; *p; p += pm_ex_next_cp(p))
        if (pm_ex_starts(p, stops))
            return 0;
    size_t han = pm_ex_han_count(c, strlen(c));
    return han >= 2 && han <= 30;
}

static void box_paragraph(pm_extract *x, box_state *st, const char *column, const char *raw,
                          int line)
{
    int rows = table_row(x, st, column, raw, line);
    if (rows >= 0)
        return;
    char *c = pm_ex_clean(raw, strlen(raw));
    if (!c) {
        x->nomem = 1;
        return;
    }
    if (lone_item(raw, c)) {
        pm_ex_add_item(x, c, strlen(c), column, st->category, line);
        free(c);
        return;
    }
    const char *body = c;
    int titled;
    size_t h = item_heading(raw, c, &body, &titled);
    char *head = h ? strndup(c, h) : NULL;
    while (head && h && (head[h - 1] == ' '))
        head[--h] = '\0';
    while (head && (*body == ' ' || pm_ex_has_prefix(body, "\xE3\x80\x80")))
        body += *body == ' ' ? 1 : 3;
    if (head && !*body && !titled) {
        /* "交通：" alone on its line: the class of the items under it */
        free(st->category);
        st->category = head;
        free(c);
        return;
    }
    int lead = 0;
    if (!head && (h = lead_clause(body))) {
        /* a short first clause is the paragraph's heading, even a slogan:
         * 营造全民健身的新风尚，实施… */
        head = strndup(body, h);
        body += h + 3;
        lead = 1;
    }
    int head_han = head ? (int)pm_ex_han_count(head, h) : 0;
    const char *cat = head_han >= 2 ? head : NULL;
    int n = pm_ex_body_lists(x, body, body + strlen(body), column, cat, line);
    if (!n && head && !lead)          /* 先进制造：A开发区、B物流园 */
        n = pm_ex_bare_list(x, body, column, cat, line);
    if (!head)
        n += pm_ex_named_projects(x, body, column, NULL, line);
    if (head && heading_is_project(column, head, h, titled, n))
        n += lead ? !!pm_ex_add_project(x, strdup(head), column, NULL, NULL, line, line)
                  : pm_ex_add_noted(x, head, h, column, NULL, line, n || !*body ? NULL : body);
    if (!n && pm_ex_han_count(c, strlen(c)) >= 4)
        pm_ex_add_unsplit(x, line, c, strlen(c));
    free(head);
    free(c);
}

/* A numbered line in a box "（一）先进制造：A、B" (or 一、…：…): a sub-heading
 * with its items after the colon, not a section of the text. */
static int sub_heading(const char *line)
{
    char *c = pm_ex_clean(line, strlen(line));
    const char *body = NULL;
    int titled;
    size_t h = c ? item_heading(line, c, &body, &titled) : 0;
    int sub = h && pm_ex_han_count(c, h) <= 16 && body && pm_ex_han_count(body, strlen(body)) >= 2;
    free(c);
    return sub;
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
    box_state st = {NULL, -1, -1, -1};
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
        if (other || (pm_ex_is_heading(l) && !sub_heading(l)) || is_caption(l) ||
            (paragraphs && running_paragraph(l)))
            break;
        paragraphs++;
        if (!skip)
            box_paragraph(x, &st, title, l, i + 1);
    }
    free(st.category);
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
        pm_ex_add_item(x, name + 1, strlen(name + 1), title, NULL, at + 1);
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
            pm_ex_named_projects(x, t->line[i], NULL, NULL, i + 1);
        i++;
    }
}
