/* Spatial-structure phrases of a plan text: 一核四区, 两轴两翼、三组团四区,
 * "1+4+N", 北研发—中转化—南制造 … A phrase is two or more units, each a count
 * (一 两 三 … 十 百 多 N, digits, full-width digits) before a structural noun
 * (核 心 轴 翼 带 廊 区 片 组团 环 圈 …), joined directly or by 、 · — + or
 * one linking character; or digits joined by + or -; or three or more
 * directions joined by dashes. Its components come from the text that spells
 * a unit out ("“一核”即…", "“四区”：…", a parenthesised list after it). */
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"
#include "pm_strings.h"

/* Count words, not digits (digits are pm_ex_is_digit). */
static const char *const COUNTS[] = {"一", "二", "两", "三", "四", "五", "六", "七", "八",
                                     "九", "十", "百", "千", "多", "双", "N", "n", NULL};

/* Structural nouns, longest first, with the kind each suggests. */
static const struct { const char *noun, *kind; } NOUNS[] = {
    {"组团", "cluster"}, {"廊道", "corridor"}, {"绿心", "core"}, {"核", "core"},
    {"心", "core"},      {"极", "core"},       {"轴", "axis"},   {"翼", "wing"},
    {"带", "belt"},      {"廊", "corridor"},   {"区", "zone"},   {"片", "zone"},
    {"团", "cluster"},   {"环", "ring"},       {"圈", "ring"},   {"网", "corridor"},
    {"城", "zone"},      {"岛", "node"},       {"港", "hub"},    {"横", "axis"},
    {"纵", "axis"},      {"山", "mountain"},   {"水", "river"},  {"河", "river"},
    {"江", "river"},     {"溪", "river"},      {"湖", "lake"},   {"屏", "mountain"},
    {"园", "park"},      {"谷", "zone"},       {"湾", "zone"},   {"点", "node"},
    {"街", "zone"},      {"路", "road"},       {"线", "axis"},   {"射", "axis"},
    {"镇", "zone"},      {"珠", "node"},       {"站", "hub"},    {"基地", "zone"},
};
#define N_NOUNS (sizeof NOUNS / sizeof NOUNS[0])

/* What may join two units: 、 · ・ — – - ＋ + and a blank. */
static const char *const JOINS[] = {"、", "·", "・", "—", "–", "-", "－", "＋", "+", " ", NULL};

static size_t starts(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (pm_ex_has_prefix(s, *list))
            return strlen(*list);
    return 0;
}

static size_t count_word(const char *s)
{
    size_t n = 0;
    for (;;) {
        int len;
        unsigned cp = pm_ex_cp(s + n, &len);
        size_t k = pm_ex_is_digit(cp) ? (size_t)len : starts(s + n, COUNTS);
        if (!k || !len || n >= 9)
            return n;
        n += k;
    }
}

static size_t noun_at(const char *s, const char **kind)
{
    for (size_t i = 0; i < N_NOUNS; i++)
        if (pm_ex_has_prefix(s, NOUNS[i].noun)) {
            if (kind)
                *kind = NOUNS[i].kind;
            return strlen(NOUNS[i].noun);
        }
    return 0;
}

/* One unit at s: count, at most one other character, noun; its length. */
static size_t unit_at(const char *s, const char **kind)
{
    size_t c = count_word(s);
    if (!c)
        return 0;
    size_t n = noun_at(s + c, kind);
    if (n)
        return c + n;
    int len;
    unsigned cp = pm_ex_cp(s + c, &len);
    if (!pm_ex_is_han(cp) || count_word(s + c))
        return 0;
    n = noun_at(s + c + len, kind);
    return n ? c + (size_t)len + n : 0;
}

/* 1 when the character before `s` (in `line`) continues a count or a word
 * the unit would be cut out of (十四五 → not 四五, 第一核 → not 一核). */
static int glued_before(const char *line, const char *s)
{
    if (s == line)
        return 0;
    const char *p = s - 1;
    while (p > line && ((unsigned char)*p & 0xC0) == 0x80)
        p--;
    int len;
    unsigned cp = pm_ex_cp(p, &len);
    return pm_ex_is_digit(cp) || count_word(p) || pm_ex_has_prefix(p, "第");
}

/* A run of units from s; its length, the number of units, the first kind. */
static size_t unit_run(const char *line, const char *s, int *units, const char **kind)
{
    if (glued_before(line, s))
        return 0;
    size_t at = 0, good = 0;
    *units = 0;
    for (;;) {
        const char *k = NULL;
        size_t u = unit_at(s + at, &k);
        if (!u)
            break;
        if (!*units && kind)
            *kind = k;
        at += u;
        good = at;
        (*units)++;
        size_t j = starts(s + at, JOINS);
        if (unit_at(s + at, NULL))
            continue;                           /* 一核四区 */
        if (j && unit_at(s + at + j, NULL)) {
            at += j;
            continue;
        }
        int len;
        unsigned cp = pm_ex_cp(s + at, &len);
        if (pm_ex_is_han(cp) && !count_word(s + at) && unit_at(s + at + len, NULL)) {
            at += (size_t)len;                  /* 一山连两翼 */
            continue;
        }
        /* 多廊串珠, 百溪润城: a linking character and a noun end the run */
        size_t n;
        if (pm_ex_is_han(cp) && !count_word(s + at) && (n = noun_at(s + at + len, NULL)))
            good = at + (size_t)len + n;
        break;
    }
    return *units >= 2 ? good : 0;
}

/* Digits (or N) joined by + or - three or more times: 1+4+N, 1-3-N-10. */
static size_t digit_run(const char *line, const char *s, int quoted)
{
    if (glued_before(line, s))
        return 0;
    size_t at = 0, good = 0;
    int parts = 0;
    for (;;) {
        size_t c = 0;
        int len;
        unsigned cp;
        while ((cp = pm_ex_cp(s + at + c, &len)) && (pm_ex_is_digit(cp) || cp == 'N'))
            c += (size_t)len;
        if (!c)
            break;
        at += c;
        good = at;
        parts++;
        static const char *const plus[] = {"+", "＋", "-", "－", NULL};
        size_t j = starts(s + at, plus);
        if (!j)
            break;
        at += j;
    }
    int len;
    unsigned next = pm_ex_cp(s + good, &len);
    if (pm_ex_is_digit(next) || (next < 0x80 && next && next != ' ' && !strchr("\",.;:)", (int)next)))
        return 0;
    return (parts >= 3 || (parts >= 2 && quoted)) ? good : 0;
}

/* Three or more direction-led parts joined by dashes: 北研发—中转化—南制造. */
static size_t direction_run(const char *s)
{
    static const char *const dirs[] = {"东", "西", "南", "北", "中", NULL};
    static const char *const dashes[] = {"—", "－", "-", NULL};
    size_t at = 0, good = 0;
    int parts = 0;
    for (;;) {
        if (!starts(s + at, dirs))
            break;
        size_t p = 0;
        int han = 0, len;
        while (han < 5 && pm_ex_is_han(pm_ex_cp(s + at + p, &len)))
            p += (size_t)len, han++;
        if (han < 2 || han > 4)
            break;
        at += p;
        good = at;
        parts++;
        size_t j = starts(s + at, dashes);
        while (j && starts(s + at + j, dashes))
            j += starts(s + at + j, dashes);
        if (!j)
            break;
        at += j;
    }
    return parts >= 3 ? good : 0;
}

static pm_ex_struct *find_struct(pm_extract *x, const char *name, size_t n)
{
    for (int i = 0; i < x->n_structs; i++)
        if (strlen(x->structs[i].name) == n && !memcmp(x->structs[i].name, name, n))
            return &x->structs[i];
    return NULL;
}

static void add_struct(pm_extract *x, const char *s, size_t n, const char *kind, int line)
{
    if (find_struct(x, s, n))
        return;
    if (pm_array_grow(&x->structs, x->n_structs, &x->cap_structs,
                      sizeof *x->structs, 16)) {
        x->nomem = 1;
        return;
    }
    pm_ex_struct *st = &x->structs[x->n_structs];
    memset(st, 0, sizeof *st);
    st->name = strndup(s, n);
    if (!st->name) {
        x->nomem = 1;
        return;
    }
    st->kind = kind ? kind : "zone";
    st->line = line;
    x->n_structs++;
}

static int after_quote(const char *line, const char *s)
{
    return (s - line >= 3 && (pm_ex_has_prefix(s - 3, "“") || pm_ex_has_prefix(s - 3, "「"))) ||
           (s > line && s[-1] == '"');
}

static void scan_line(pm_extract *x, const char *line, int ln)
{
    for (const char *s = line; *s;) {
        int units = 0, len;
        const char *kind = NULL;
        size_t n = unit_run(line, s, &units, &kind);
        if (!n && (n = digit_run(line, s, after_quote(line, s))))
            kind = "zone";
        if (!n && after_quote(line, s) && (n = direction_run(s)))
            kind = "zone";
        if (n) {
            add_struct(x, s, n, kind, ln);
            s += n;
            continue;
        }
        pm_ex_cp(s, &len);
        s += len ? len : 1;
    }
}

/* ---- components ------------------------------------------------------- */

static void add_part(pm_extract *x, pm_ex_struct *st, const char *s, size_t n, const char *kind,
                     int line)
{
    char *name = pm_ex_clean(s, n);
    if (!name || pm_ex_han_count(name, strlen(name)) < 2 || strlen(name) > 90) {
        free(name);
        return;
    }
    for (int i = 0; i < st->n_parts; i++)
        if (!strcmp(st->parts[i].name, name)) {
            free(name);
            return;
        }
    if (pm_array_grow(&st->parts, st->n_parts, &st->cap_parts,
                      sizeof *st->parts, 8)) {
        free(name);
        x->nomem = 1;
        return;
    }
    st->parts[st->n_parts++] = (pm_ex_part){name, kind, line};
}

/* Split a list on 、 and 和 / 及 / 与 before its last item; stop at ；。 */
static void split_list(pm_extract *x, pm_ex_struct *st, const char *s, const char *kind, int line)
{
    static const char *const stops[] = {"；", "。", "）", ";", "，", "\xEF\xBC\x9A", NULL};
    static const char *const seps[] = {"、", "和", "及", "与", ",", NULL};
    const char *item = s;
    int n_items = 0;
    for (const char *p = s;; ) {
        int len;
        size_t k = *p ? starts(p, stops) : 1;
        size_t sep = *p ? starts(p, seps) : 0;
        if (k || sep || !*p) {
            const char *end = p;
            while (end > item && (pm_ex_has_prefix(end - 3, "”") ))
                end -= 3;
            if (end > item && n_items < 16) {
                const char *b = item;
                while (pm_ex_has_prefix(b, "“"))
                    b += 3;
                if (end > b)
                    add_part(x, st, b, (size_t)(end - b), kind, line);
                n_items++;
            }
            if (k || !*p)
                return;
            p += sep;
            item = p;
            continue;
        }
        pm_ex_cp(p, &len);
        p += len ? len : 1;
    }
}

/* The text right after a unit that spells it out: 即, 是, 为, 指, ：, ，即. */
static const char *spelled_out(const char *p)
{
    static const char *const intro[] = {"”，即", "”即", "”是", "”为", "”指", "”：", "”:",
                                        "即", "是指", "：", NULL};
    size_t k = starts(p, intro);
    return k ? p + k : NULL;
}

static void components(pm_extract *x, pm_ex_struct *st)
{
    const pm_ex_text *t = &x->text;
    size_t n = strlen(st->name);
    int first = st->line - 1, last = first + 40 < t->n_lines ? first + 40 : t->n_lines;
    /* A parenthesised list right after the phrase: 一核四区（A、B、C） */
    for (int i = first; i < last; i++) {
        for (const char *p = strstr(t->line[i], st->name); p; p = strstr(p + 1, st->name)) {
            const char *q = p + n;
            if (pm_ex_has_prefix(q, "”"))
                q += 3;
            if (pm_ex_has_prefix(q, "（"))
                split_list(x, st, q + 3, st->kind, i + 1);
        }
    }
    /* Each unit spelled out: “一核”即成都科学城；“四区”即… */
    for (size_t at = 0; at < n;) {
        const char *kind = NULL;
        size_t u = unit_at(st->name + at, &kind);
        if (!u) {
            int len;
            pm_ex_cp(st->name + at, &len);
            at += len ? (size_t)len : 1;
            continue;
        }
        char unit[64];
        if (u < sizeof unit) {
            memcpy(unit, st->name + at, u);
            unit[u] = '\0';
            for (int i = first; i < last; i++)
                for (const char *p = strstr(t->line[i], unit); p; p = strstr(p + 1, unit)) {
                    const char *q = spelled_out(p + u);
                    if (q && !unit_at(q, NULL))
                        split_list(x, st, q, kind, i + 1);
                }
        }
        at += u;
    }
}

void pm_ex_structures(pm_extract *x)
{
    for (int i = 0; i < x->text.n_lines; i++)
        scan_line(x, x->text.line[i], i + 1);
    for (int i = 0; i < x->n_structs; i++)
        components(x, &x->structs[i]);
}
