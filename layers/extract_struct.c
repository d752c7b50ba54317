/* Spatial-structure phrases of a plan text: 一带三廊五组团, 一主两副、三轴六片,
 * "1+4+N", 东智造—中商贸—西文旅 … A phrase is two or more units, each a count
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
    {"镇", "zone"},      {"珠", "node"},       {"站", "hub"},    {"基地", "zone"},   {"坪", "zone"},
    {"主", "core"},     {"副", "core"},
};
#define N_NOUNS (sizeof NOUNS / sizeof NOUNS[0])

/* What may join two units: 、 · ・ — – - ＋ + and a blank. */
static const char *const JOINS[] = {"、", "·", "・", "—", "–", "-", "－", "＋", "+", " ", NULL};

static size_t count_word(const char *s)
{
    size_t n = 0;
    for (;;) {
        int len;
        unsigned cp = pm_ex_cp(s + n, &len);
        size_t k = pm_ex_is_digit(cp) ? (size_t)len : pm_ex_starts(s + n, COUNTS);
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
        size_t j = pm_ex_starts(s + at, JOINS);
        if (unit_at(s + at, NULL))
            continue;                           /* 一带三廊 */
        if (j && unit_at(s + at + j, NULL)) {
            at += j;
            continue;
        }
        int len;
        unsigned cp = pm_ex_cp(s + at, &len);
        if (pm_ex_is_han(cp) && !count_word(s + at) && unit_at(s + at + len, NULL)) {
            at += (size_t)len;                  /* 一江连两岸 */
            continue;
        }
        /* 多廊串珠, 千湖映城: a linking character and a noun end the run */
        size_t n;
        if (pm_ex_is_han(cp) && !count_word(s + at) && (n = noun_at(s + at + len, NULL)))
            good = at + (size_t)len + n;
        break;
    }
    return *units >= 2 ? good : 0;
}

int pm_ex_is_phrase(const char *s, size_t n)
{
    char buf[256];
    int units = 0;
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return unit_run(buf, buf, &units, NULL) == n;
}

/* Digits (or N) joined by + or - three or more times: 1+4+N, 1-3-N-10. */
static size_t digit_run(const char *line, const char *s, int quoted)
{
    if (glued_before(line, s))
        return 0;
    size_t at = 0, good = 0;
    int parts = 0, has_n = 0, longest = 0;
    for (;;) {
        size_t c = 0;
        int len;
        unsigned cp;
        int digits = 0;
        while ((cp = pm_ex_cp(s + at + c, &len)) && (pm_ex_is_digit(cp) || cp == 'N' || cp == 0xFF2E)) {
            c += (size_t)len;
            has_n |= cp == 'N' || cp == 0xFF2E;
            digits++;
        }
        if (!c)
            break;
        longest = digits > longest ? digits : longest;
        at += c;
        good = at;
        parts++;
        static const char *const plus[] = {"+", "＋", "-", "－", NULL};
        size_t j = pm_ex_starts(s + at, plus);
        if (!j)
            break;
        at += j;
    }
    int len;
    unsigned next = pm_ex_cp(s + good, &len);
    if (pm_ex_is_digit(next) || (next < 0x80 && next && next != ' ' && !strchr("\",.;:)", (int)next)))
        return 0;
    /* dates (2021-2025) and phone numbers are no structure */
    if (longest > 2 && !has_n)
        return 0;
    return (parts >= 3 || (parts >= 2 && quoted)) ? good : 0;
}

/* Three or more direction-led parts joined by dashes: 东智造—中商贸—西文旅. */
static size_t direction_run(const char *s)
{
    static const char *const dirs[] = {"东", "西", "南", "北", "中", NULL};
    static const char *const dashes[] = {"—", "－", "-", NULL};
    size_t at = 0, good = 0;
    int parts = 0;
    for (;;) {
        if (!pm_ex_starts(s + at, dirs))
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
        size_t j = pm_ex_starts(s + at, dashes);
        while (j && pm_ex_starts(s + at + j, dashes))
            j += pm_ex_starts(s + at + j, dashes);
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

/* Count-and-noun idioms of policy language that are no spatial structure. */
static const char *const IDIOMS[] = {"一带一路", NULL};

static pm_ex_struct *add_struct(pm_extract *x, const char *s, size_t n, const char *kind, int line)
{
    for (const char *const *i = IDIOMS; *i; i++)
        if (strlen(*i) == n && !memcmp(*i, s, n))
            return NULL;
    if (find_struct(x, s, n))
        return NULL;
    if (pm_array_grow(&x->structs, x->n_structs, &x->cap_structs,
                      sizeof *x->structs, 16)) {
        x->nomem = 1;
        return NULL;
    }
    pm_ex_struct *st = &x->structs[x->n_structs];
    memset(st, 0, sizeof *st);
    st->name = strndup(s, n);
    if (!st->name) {
        x->nomem = 1;
        return NULL;
    }
    st->kind = kind ? kind : "zone";
    st->line = line;
    x->n_structs++;
    return st;
}

static int after_quote(const char *line, const char *s)
{
    return (s - line >= 3 && (pm_ex_has_prefix(s - 3, "“") || pm_ex_has_prefix(s - 3, "「"))) ||
           (s > line && s[-1] == '"');
}

/* Quoted single units of one sentence, “两山”…“两水”: one structure named
 * by their concatenation (两江两岸), each quoted unit an alias the cited
 * line holds. */
static void quoted_units(pm_extract *x, const char *line, int ln)
{
    char name[128] = "", alias[64] = "";
    const char *kind = NULL;
    int units = 0;
    for (const char *s = line;; ) {
        int len;
        if (!*s || pm_ex_has_prefix(s, "。") || pm_ex_has_prefix(s, "；")) {
            if (units >= 2) {
                pm_ex_struct *st = add_struct(x, name, strlen(name), kind, ln);
                if (st)
                    st->alias = strdup(alias);
            }
            if (!*s)
                return;
            units = 0;
            name[0] = '\0';
        } else if (pm_ex_has_prefix(s, "“")) {
            const char *k = NULL;
            size_t u = unit_at(s + 3, &k);
            if (u && pm_ex_has_prefix(s + 3 + u, "”") && strlen(name) + u < sizeof name) {
                if (!units++) {
                    kind = k;
                    snprintf(alias, sizeof alias, "“%.*s”", (int)u, s + 3);
                }
                strncat(name, s + 3, u);
                s += 3 + u + 3;
                continue;
            }
        }
        pm_ex_cp(s, &len);
        s += len ? len : 1;
    }
}

/* A quoted phrase is named as the plan quotes it: “一廊一环、四片联动” with
 * the word (at most three Han characters) between the units and the quote. */
static size_t quoted_rest(const char *s)
{
    size_t at = 0;
    int len;
    for (int han = 0; han < 4; han++) {
        if (pm_ex_has_prefix(s + at, "”") || pm_ex_has_prefix(s + at, "」") || s[at] == '"')
            return at;
        if (!pm_ex_is_han(pm_ex_cp(s + at, &len)))
            return 0;
        at += (size_t)len;
    }
    return 0;
}

/* 1 when the words after a digit phrase name a system, not a layout:
 * “1+3+N”产业体系, 1+N服务机制 (…体系, …工程, …行动, …机制 with no spatial
 * noun before it: “1+4+N”创新空间 is a layout). */
static int names_system(const char *p)
{
    static const char *const system[] = {"体系", "工程", "行动", "机制", "计划", "政策", "制度",
                                         "模式", "谱系", "架构", NULL};
    static const char *const spatial[] = {"空间", "格局", "结构", "片区", "区域", "组团", "城区",
                                          "走廊", "廊道", NULL};
    static const char *const quote[] = {"”", "」", "\"", NULL};
    p += pm_ex_starts(p, quote);
    int len;
    for (int han = 0; han < 10 && pm_ex_is_han(pm_ex_cp(p, &len)); han++, p += len) {
        if (pm_ex_starts(p, spatial))
            return 0;
        if (pm_ex_starts(p, system))
            return 1;
    }
    return 0;
}

static void scan_line(pm_extract *x, const char *line, int ln)
{
    quoted_units(x, line, ln);
    for (const char *s = line; *s;) {
        int units = 0, len;
        const char *kind = NULL;
        size_t n = unit_run(line, s, &units, &kind);
        int digits = 0;
        if (!n && (n = digit_run(line, s, after_quote(line, s))))
            kind = "zone", digits = 1;
        if (!n && after_quote(line, s) && (n = direction_run(s)))
            kind = "zone";
        if (n && after_quote(line, s))
            n += quoted_rest(s + n);
        if (n) {
            int system = digits && names_system(s + n);
            pm_ex_struct *st = add_struct(x, s, n, kind, ln);
            if (!st && !system && (st = find_struct(x, s, n)))
                st->system = 0;             /* named as a layout elsewhere */
            else if (st)
                st->system = system;
            s += n;
            continue;
        }
        pm_ex_cp(s, &len);
        s += len ? len : 1;
    }
}

/* ---- components ------------------------------------------------------- */

/* The kind of the structural noun [s, s+n) ends with (科创走廊 → corridor),
 * or NULL. */
static const char *ends_in_noun(const char *s, size_t n)
{
    for (size_t i = 0; i < N_NOUNS; i++)
        if (pm_ex_ends_with(s, n, NOUNS[i].noun) && n > strlen(NOUNS[i].noun))
            return NOUNS[i].kind;
    return NULL;
}

static void add_part(pm_extract *x, pm_ex_struct *st, const char *s, size_t n, const char *kind,
                     int line)
{
    /* “一核”即A, 依次打造A: the part is what follows the last such word */
    static const char *const lead[] = {"即", "打造", "建设", "包括", "形成", NULL};
    for (size_t at = 0; at < n; at++) {
        size_t k = pm_ex_starts(s + at, lead);
        if (k && at + k <= n) {
            s += at + k;
            n -= at + k;
            at = (size_t)-1;
        }
    }
    /* …三个产城融合: a count and a measure word end the name */
    for (size_t at = 0; at < n; at++)
        if ((count_word(s + at) && pm_ex_has_prefix(s + at + count_word(s + at), "个")) ||
            pm_ex_has_prefix(s + at, "等")) {
            n = at;
            break;
        }
    static const char *const verbs[] = {"提升", "推进", "推动", "建成", "加快", "强化", "构建",
                                        "按照", "沿", "依托", "围绕", NULL};
    if (pm_ex_starts(s, verbs) && !(pm_ex_has_prefix(s, "沿") && ends_in_noun(s, n)))
        return;                                 /* 沿江发展带 is a name, 沿江布局 no */
    while (n >= 3 && (pm_ex_has_prefix(s, "“") || pm_ex_has_prefix(s, "”")))
        s += 3, n -= 3;
    while (n >= 3 && (pm_ex_ends_with(s, n, "”") || pm_ex_ends_with(s, n, "“")))
        n -= 3;
    /* a part is a name: short, no description (…的…, 以…为…) */
    size_t han = pm_ex_han_count(s, n);
    if (han < 2 || han > 16 || pm_ex_has_prefix(s, "以"))
        return;
    for (size_t at = 0; at < n; at++)
        if (pm_ex_has_prefix(s + at, "的") || pm_ex_has_prefix(s + at, "“"))
            return;
    char *name = pm_ex_clean(s, n);
    if (!name) {
        x->nomem = 1;
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
static void split_item(pm_extract *x, pm_ex_struct *st, const char *item, const char *end,
                       const char *kind, int line, int n_items)
{
    if (end > item && n_items < 16)
        add_part(x, st, item, (size_t)(end - item), kind, line);
}

static void split_list(pm_extract *x, pm_ex_struct *st, const char *s, const char *kind, int line)
{
    static const char *const stops[] = {"；", "。", ";", "，", "\xEF\xBC\x9A", NULL};
    static const char *const seps[] = {"、", "和", "及", "与", ",", NULL};
    const char *item = s;
    int n_items = 0, depth = 0;
    for (const char *p = s;;) {
        int len;
        if (pm_ex_has_prefix(p, "（")) {
            depth++;
        } else if (pm_ex_has_prefix(p, "）")) {
            if (!depth)
                return pm_ex_cp(p, &len) ? split_item(x, st, item, p, kind, line, n_items) : (void)0;
            depth--;
        }
        size_t k = *p ? (depth ? 0 : pm_ex_starts(p, stops)) : 1;
        size_t sep = *p && !depth ? pm_ex_starts(p, seps) : 0;
        if (k || sep || !*p) {
            split_item(x, st, item, p, kind, line, n_items++);
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

/* A sentence's list of a phrase's parts, split on 、 ， 和 及 与 以及, each of
 * the kind its noun says (科创走廊 → corridor, 北片 → zone). */
static void sentence_list(pm_extract *x, pm_ex_struct *st, const char *s, int line)
{
    static const char *const seps[] = {"、", "，", "以及", "和", "及", "与", ",", NULL};
    static const char *const stops[] = {"。", "；", ";", "：", NULL};
    const char *item = s, *p = s;
    for (;;) {
        size_t sep = *p ? pm_ex_starts(p, seps) : 0;
        if (!sep && *p && !pm_ex_starts(p, stops)) {
            p += pm_ex_next_cp(p);
            continue;
        }
        if (p > item) {
            const char *kind = ends_in_noun(item, (size_t)(p - item));
            add_part(x, st, item, (size_t)(p - item), kind ? kind : st->kind, line);
        }
        if (!sep)
            return;
        p += sep;
        item = p;
    }
}

/* The text right after a unit that spells it out: 即, 是, 为, 指, ：, ，即. */
static const char *spelled_out(const char *p)
{
    static const char *const intro[] = {"”，即", "”即", "”是", "”为", "”指", "”：", "”:",
                                        "即", "是指", "：", NULL};
    size_t k = pm_ex_starts(p, intro);
    return k ? p + k : NULL;
}

/* The phrase is named on line i or the five before it (a glossary entry, a
 * box that spells out the structure it names). */
static int near(const pm_ex_text *t, int i, const char *name)
{
    for (int k = i; k >= 0 && k >= i - 5; k--)
        if (strstr(t->line[k], name))
            return 1;
    return 0;
}

static void components(pm_extract *x, pm_ex_struct *st)
{
    const pm_ex_text *t = &x->text;
    size_t n = strlen(st->name);
    int first = st->line - 1, last = t->n_lines;
    /* A parenthesised list right after the phrase: 一主两副（A、B、C） */
    for (int i = first; i < last; i++) {
        for (const char *p = strstr(t->line[i], st->name); p; p = strstr(p + 1, st->name)) {
            const char *q = p + n;
            if (pm_ex_has_prefix(q, "”"))
                q += 3;
            if (pm_ex_has_prefix(q, "（"))
                split_list(x, st, q + 3, st->kind, i + 1);
        }
    }
    /* The sentence that names the phrase spells it out after 即: “一廊一环”的
     *格局，即A、B，以及C、D四个片区。 */
    for (const char *p = strstr(t->line[first], st->name); p; p = NULL) {
        const char *q = p + n;
        while (*q && !pm_ex_starts(q, (const char *const[]){"。", "；", "“", "即", NULL}))
            q += pm_ex_next_cp(q);
        if (pm_ex_has_prefix(q, "即"))
            sentence_list(x, st, q + 3, first + 1);
    }
    /* Each unit spelled out: “一主”即老城；“两副”即… */
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
            for (int i = 0; i < last; i++)
                for (const char *p = strstr(t->line[i], unit); p && near(t, i, st->name);
                     p = strstr(p + 1, unit)) {
                    const char *q = spelled_out(p + u);
                    if (q && !unit_at(q, NULL))
                        split_list(x, st, q, kind, i + 1);
                }
        }
        at += u;
    }
}

/* 1 when one of the structure's parts is a place of a layout (科创走廊,
 * 北片: it ends in a structural noun). */
static int spatial_parts(const pm_ex_struct *st)
{
    for (int i = 0; i < st->n_parts; i++)
        if (ends_in_noun(st->parts[i].name, strlen(st->parts[i].name)))
            return 1;
    return 0;
}

void pm_ex_structures(pm_extract *x)
{
    for (int i = 0; i < x->text.n_lines; i++)
        scan_line(x, x->text.line[i], i + 1);
    int kept = 0;
    for (int i = 0; i < x->n_structs; i++) {
        pm_ex_struct *st = &x->structs[i];
        components(x, st);
        if (st->system && !spatial_parts(st)) {      /* a system, not a layout */
            for (int k = 0; k < st->n_parts; k++)
                free(st->parts[k].name);
            PM_FREE_ALL(st->parts, st->name, st->alias);
            continue;
        }
        x->structs[kept++] = *st;
    }
    x->n_structs = kept;
}
