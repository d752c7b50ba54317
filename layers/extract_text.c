/* A plan text for `planmap extract`: read whole, converted to UTF-8 when it
 * is GBK (GB18030 read by glibc's iconv) or UTF-16 with a byte order mark,
 * split into numbered lines, which are the citation base of every feature
 * the extractor writes. A binary file, an empty one or one with no Chinese
 * is refused: there is nothing to draft. */
#include "extract_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alloc.h"
#include "pm_encoding.h"
#include "pm_file.h"
#include "pm_strings.h"

#define MAX_TEXT (64u << 20)

static pm_status split_lines(pm_ex_text *t, pm_error *err)
{
    int cap = 0;
    char *p = t->buf;
    if (!strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while (*p || t->n_lines == 0) {
        if (pm_array_grow(&t->line, t->n_lines, &cap, sizeof *t->line, 256))
            return pm_error_set(err, PM_ERR_NOMEM, "out of memory reading the plan text");
        t->line[t->n_lines++] = p;
        if (!(p = pm_line_cut(p)))          /* LF, CRLF or a bare CR */
            break;
    }
    return PM_OK;
}

/* A byte no text holds: a control character other than tab, line and page
 * breaks (a DOS end-of-file mark ^Z last is allowed). */
static int binary_byte(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && !strchr("\t\n\r\f\v", c) && !(c == 0x1A && i + 1 == len)) || c == 0x7F)
            return 1;
    }
    return 0;
}

/* Why the n bytes at raw are no plan text, or NULL. */
static const char *not_a_text(const char *raw, size_t len)
{
    if (memchr(raw, '\0', len))
        return "not a plan text (it holds NUL bytes, as a binary file does)";
    if (binary_byte(raw, len))
        return "not a plan text (it holds control bytes, as a binary file does)";
    return NULL;
}

/* Why the UTF-8 text is nothing to read: empty, or no Chinese in it; or NULL. */
static const char *nothing_to_read(const char *s)
{
    if (!strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    size_t n = strlen(s);
    if (n == strspn(s, " \t\r\n\f\v"))
        return "the file is empty: no plan text to read";
    if (!pm_ex_han_count(s, n))
        return "no Chinese text in it (planmap extract reads plan texts written in Chinese)";
    return NULL;
}

/* The bytes as UTF-8: UTF-16 with its byte order mark (a "Unicode" text of
 * Windows), UTF-8, else GBK/GB18030 (t->was_gbk). NULL with *why set when
 * they are none of these. */
static char *as_utf8(char *raw, size_t len, pm_ex_text *t, const char **why)
{
    if (len >= 2 && (!memcmp(raw, "\xFF\xFE", 2) || !memcmp(raw, "\xFE\xFF", 2))) {
        size_t n = 0;
        char *conv = pm_recode(raw, len, "UTF-16", &n);
        free(raw);
        *why = !conv ? "the text is not UTF-16 although it starts with UTF-16's byte order mark"
                     : not_a_text(conv, n);
        if (*why)
            free(conv);
        return *why ? NULL : conv;
    }
    if ((*why = not_a_text(raw, len))) {
        free(raw);
        return NULL;
    }
    if (pm_utf8_valid(raw, len))
        return raw;
    /* GB18030 is a superset of GBK and GB2312. */
    char *conv = pm_recode(raw, len, "GB18030", NULL);
    free(raw);
    *why = conv ? not_a_text(conv, strlen(conv)) : "the text is neither UTF-8 nor GBK/GB18030";
    if (*why) {
        free(conv);
        return NULL;
    }
    t->was_gbk = 1;
    return conv;
}

pm_status pm_ex_text_read(const char *path, pm_ex_text *t, pm_error *err)
{
    memset(t, 0, sizeof *t);
    FILE *f = pm_fopen_input(path, err);
    if (!f)
        return err->status;
    size_t len = 0;
    char *raw = pm_read_stream(f, path, MAX_TEXT, "plan text", &len, err);
    fclose(f);
    if (!raw)
        return err->status;
    const char *why = NULL;
    char *text = as_utf8(raw, len, t, &why);
    if (text && !why)
        why = nothing_to_read(text);
    if (why) {
        free(text);
        return pm_error_set(err, PM_ERR_DATA, "%s: %s", path, why);
    }
    t->buf = text;
    pm_status st = split_lines(t, err);
    if (st != PM_OK)
        pm_ex_text_free(t);
    return st;
}

void pm_ex_text_free(pm_ex_text *t)
{
    free(t->buf);
    free(t->line);
    memset(t, 0, sizeof *t);
}

unsigned pm_ex_cp(const char *s, int *len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned cp;
    if (u[0] < 0x80) {
        *len = u[0] ? 1 : 0;
        return u[0];
    }
    *len = pm_utf8_length(u, &cp);
    if (*len)
        return cp;
    *len = 1;            /* the text was checked; a stray byte is skipped */
    return 0xFFFD;
}

int pm_ex_is_han(unsigned cp)
{
    return pm_utf8_is_han(cp);
}

int pm_ex_is_digit(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

int pm_ex_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int pm_ex_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

size_t pm_ex_han_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        int len;
        unsigned cp = pm_ex_cp(s + i, &len);
        if (!len)
            break;
        count += pm_ex_is_han(cp) != 0;
        i += (size_t)len;
    }
    return count;
}

static const char *skip_marks(const char *s)
{
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '#' || *s == '*')
            s++;
        if (pm_ex_has_prefix(s, "\xE3\x80\x80"))      /* ideographic space */
            s += 3;
        else
            return s;
    }
}

/* Chinese numerals as heading counters: 第三章, 二、, （五）. */
static int is_cn_numeral(unsigned cp)
{
    static const char numerals[] = "一二三四五六七八九十百零〇";
    if (cp < 0x80)
        return 0;
    int len = 0;
    for (const char *p = numerals; *p; p += len) {
        unsigned c = pm_ex_cp(p, &len);
        if (c == cp)
            return 1;
    }
    return 0;
}

int pm_ex_is_heading(const char *line)
{
    const char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '#')
        return 1;
    s = skip_marks(s);
    int len;
    unsigned cp;
    if (pm_ex_has_prefix(s, "第")) {
        const char *p = s + 3;
        int n = 0;
        while ((cp = pm_ex_cp(p, &len)) && (is_cn_numeral(cp) || pm_ex_is_digit(cp)))
            p += len, n++;
        if (n && (pm_ex_has_prefix(p, "篇") || pm_ex_has_prefix(p, "章") ||
                  pm_ex_has_prefix(p, "节") || pm_ex_has_prefix(p, "部分")))
            return 1;
    }
    const char *p = s;
    int paren = pm_ex_has_prefix(p, "（") ? (p += 3, 1) : *p == '(' ? (p++, 1) : 0;
    int n = 0;
    while ((cp = pm_ex_cp(p, &len)) && is_cn_numeral(cp))
        p += len, n++;
    if (n && n <= 3 && !paren && pm_ex_has_prefix(p, "、"))
        return 1;
    if (n && n <= 3 && paren && (pm_ex_has_prefix(p, "）") || *p == ')'))
        return 1;
    return 0;
}

/* An item's number: 1． 1. 1、 (1) （1） ① 一是. Past it, or s. */
static const char *item_number(const char *s)
{
    const char *p = s;
    int len, digits = 0, paren = 0;
    if (pm_ex_has_prefix(p, "（") || *p == '(')
        p += *p == '(' ? 1 : 3, paren = 1;
    unsigned cp;
    while ((cp = pm_ex_cp(p, &len)) && pm_ex_is_digit(cp) && digits < 3)
        p += len, digits++;
    if (digits && paren && (pm_ex_has_prefix(p, "）") || *p == ')'))
        return p + (*p == ')' ? 1 : 3);
    if (digits && !paren && (pm_ex_has_prefix(p, "．") || pm_ex_has_prefix(p, "、") ||
                             (*p == '.' && p[1] == ' ') || (*p == '.' && (unsigned char)p[1] >= 0x80)))
        return p + (*p == '.' ? 1 : 3);
    cp = pm_ex_cp(s, &len);
    if (cp >= 0x2460 && cp <= 0x2473)                  /* ① … ⑳ */
        return s + len;
    /* （一） 一、: a sub-heading's number inside a box */
    p = s + (paren ? (*s == '(' ? 1 : 3) : 0);
    int numerals = 0;
    while ((cp = pm_ex_cp(p, &len)) && is_cn_numeral(cp) && numerals < 3)
        p += len, numerals++;
    if (numerals && paren && (pm_ex_has_prefix(p, "）") || *p == ')'))
        return p + (*p == ')' ? 1 : 3);
    if (numerals && !paren && pm_ex_has_prefix(p, "、"))
        return p + 3;
    return s;
}

/* List bullets, and the dash that leads an item (——智能制造产业园：…). */
const char *const pm_ex_bullets[] = {"- ", "•", "●", "➤", "◆", "■", "▶", "○", "——", "－－", NULL};

char *pm_ex_clean(const char *s, size_t n)
{
    const char *end = s + n;
    s = skip_marks(s);
    for (;;) {   /* list bullets: - • ● ➤ ◆ ■ ▶ */
        int hit = 0;
        for (const char *const *b = pm_ex_bullets; *b; b++)
            if (s < end && pm_ex_has_prefix(s, *b)) {
                s += strlen(*b);
                hit = 1;
            }
        const char *t = skip_marks(s);
        hit |= t != s;
        s = t;
        t = item_number(s);
        hit |= t != s;
        s = t;
        if (!hit)
            break;
    }
    while (end > s && (end[-1] == ' ' || end[-1] == '*' || end[-1] == '\t' || end[-1] == '#'))
        end--;
    size_t len = s < end ? (size_t)(end - s) : 0;
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    /* Markdown bold inside the text (**…**) is not part of any name. */
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (!(s[i] == '*' && i + 1 < len && s[i + 1] == '*') &&
            !(s[i] == '*' && i > 0 && s[i - 1] == '*'))
            out[k++] = s[i];
    out[k] = '\0';
    return out;
}

size_t pm_ex_starts(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (pm_ex_has_prefix(s, *list))
            return strlen(*list);
    return 0;
}

int pm_ex_ends_in(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (pm_ex_ends_with(s, n, *list) && n > strlen(*list))
            return 1;
    return 0;
}

size_t pm_ex_next_cp(const char *s)
{
    int len;
    pm_ex_cp(s, &len);
    return len ? (size_t)len : 1;
}
