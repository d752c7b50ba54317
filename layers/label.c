/* Label text: a property by name, or a template "{name}（{invest:.1f} 亿元）"
 * filled from a feature's properties, in the map's language (pm_values.h,
 * docs/spec.md "Labels"). Templates are checked when the spec is read and
 * filled when labels are placed, by the one tokenizer below. */
#include "pm_values.h"
#include "pm_strings.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum tok_kind { TOK_END, TOK_TEXT, TOK_FIELD, TOK_ERROR } tok_kind;

typedef struct token {
    tok_kind kind;
    const char *s;        /* TOK_TEXT: the literal; TOK_FIELD: the name */
    size_t len;
    int grouped;          /* TOK_FIELD ":,": thousands separators */
    int decimals;         /* TOK_FIELD ":.Nf": N; -1: as the data has it */
    const char *why;      /* TOK_ERROR */
} token;

#define MAX_DECIMALS 12

/* The format after ':' — [,][.Nf] with at least one part; 0 if bad. */
static int read_format(const char *f, size_t len, token *t)
{
    size_t i = 0;
    if (i < len && f[i] == ',') {
        t->grouped = 1;
        i++;
    }
    if (i < len && f[i] == '.') {
        int d = 0, digits = 0;
        for (i++; i < len && f[i] >= '0' && f[i] <= '9' && digits < 3; i++, digits++)
            d = 10 * d + (f[i] - '0');
        if (!digits || d > MAX_DECIMALS || i >= len || f[i] != 'f')
            return 0;
        t->decimals = d;
        i++;
    }
    return i == len && len > 0;
}

/* The token at *p, moving *p past it. */
static token next_token(const char **p)
{
    token t = {TOK_END, *p, 0, 0, -1, NULL};
    const char *s = *p;
    if (!*s)
        return t;
    if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
        t = (token){TOK_TEXT, s, 1, 0, -1, NULL};   /* a doubled brace is one */
        *p = s + 2;
        return t;
    }
    if (*s == '}')
        return (token){TOK_ERROR, s, 0, 0, -1, "a single \"}\" (write \"}}\" for a brace)"};
    if (*s != '{') {
        size_t n = strcspn(s, "{}");
        *p = s + n;
        return (token){TOK_TEXT, s, n, 0, -1, NULL};
    }
    const char *name = s + 1;
    size_t n = strcspn(name, "{}:");
    const char *end = name + n;
    t = (token){TOK_FIELD, name, n, 0, -1, NULL};
    if (*end == ':') {
        size_t fl = strcspn(end + 1, "{}");
        if (!read_format(end + 1, fl, &t))
            return (token){TOK_ERROR, s, 0, 0, -1,
                           "a bad number format (use {field:.1f}, {field:,} or {field:,.2f})"};
        end += 1 + fl;
    }
    if (*end != '}')
        return (token){TOK_ERROR, s, 0, 0, -1, "an unclosed \"{\""};
    if (n == 0)
        return (token){TOK_ERROR, s, 0, 0, -1, "an empty field name in {}"};
    *p = end + 1;
    return t;
}

int pm_label_is_template(const char *label)
{
    return label && strchr(label, '{') != NULL;
}

int pm_label_check(const char *label, char *why, size_t n)
{
    if (!pm_label_is_template(label))
        return 0;
    const char *p = label;
    int fields = 0;
    for (token t; (t = next_token(&p)).kind != TOK_END;) {
        if (t.kind == TOK_ERROR) {
            long chars = g_utf8_pointer_to_offset(label, t.s) + 1;
            snprintf(why, n, "label template: %s at character %ld", t.why, chars);
            return -1;
        }
        fields += t.kind == TOK_FIELD;
    }
    if (fields == 0) {
        snprintf(why, n, "label template: names no field (write \"{{\" for a brace)");
        return -1;
    }
    return 0;
}

int pm_label_each_field(const char *label, void (*fn)(const char *field, void *ctx), void *ctx)
{
    if (!label)
        return 0;
    if (!pm_label_is_template(label)) {
        fn(label, ctx);
        return 1;
    }
    char **seen = NULL;
    int n = 0;
    const char *p = label;
    for (token t; (t = next_token(&p)).kind == TOK_FIELD || t.kind == TOK_TEXT;) {
        if (t.kind != TOK_FIELD)
            continue;
        char *name = g_strndup(t.s, t.len);
        int dup = 0;
        for (int i = 0; i < n && !dup; i++)
            dup = strcmp(seen[i], name) == 0;
        char **grown = dup ? seen : realloc(seen, (size_t)(n + 1) * sizeof *seen);
        if (!grown) {
            g_free(name);
            n = -1;
            break;
        }
        seen = grown;
        if (dup) {
            g_free(name);
            continue;
        }
        seen[n++] = name;
        fn(name, ctx);
    }
    for (int i = 0; i < (n > 0 ? n : 0); i++)
        g_free(seen[i]);
    free(seen);
    return n;
}

void pm_label_parts(const char *label, pm_label_part_fn fn, void *ctx)
{
    const char *p = label;
    for (token t; (t = next_token(&p)).kind == TOK_FIELD || t.kind == TOK_TEXT;) {
        char *part = g_strndup(t.s, t.len);
        fn(part, t.kind == TOK_FIELD, t.kind == TOK_FIELD ? t.decimals : -1, t.grouped, ctx);
        g_free(part);
    }
}

const char *pm_lang_pick(pm_lang lang, const char *zh, const char *en, char *buf, size_t n)
{
    int has_en = en && *en, has_zh = zh && *zh;
    switch (lang) {
    case PM_LANG_EN:
        return has_en ? en : zh;
    case PM_LANG_ZH_EN:
        if (has_en && has_zh && strcmp(zh, en) != 0) {
            snprintf(buf, n, "%s\n%s", zh, en);
            return buf;
        }
        return has_zh ? zh : en;
    default:
        return zh;
    }
}

/* "1234567.5" → "1,234,567.5": commas in the digits before the point. */
void pm_number_add_grouped(pm_sbuf *b, const char *num)
{
    const char *digits = num + (*num == '-');
    size_t whole = strspn(digits, "0123456789");
    pm_sbuf_add(b, *num == '-' ? "-" : "");
    for (size_t i = 0; i < whole; i++) {
        char c[3] = {digits[i], 0, 0};
        if ((whole - i - 1) % 3 == 0 && i + 1 < whole)
            c[1] = ',';
        pm_sbuf_add(b, c);
    }
    pm_sbuf_add(b, digits + whole);
}

/* A value as the format asks; text that is not a number is shown as it is. */
static void add_value(pm_sbuf *b, const char *v, const token *t)
{
    double d;
    if ((!t->grouped && t->decimals < 0) || !pm_number_parse(v, &d)) {
        pm_sbuf_add(b, v);
        return;
    }
    char num[G_ASCII_DTOSTR_BUF_SIZE + 320], fmt[16];
    if (t->decimals >= 0)
        snprintf(fmt, sizeof fmt, "%%.%df", t->decimals);
    else
        snprintf(fmt, sizeof fmt, d == (double)(long long)d ? "%%.0f" : "%%.15g");
    g_ascii_formatd(num, sizeof num, fmt, d);
    if (t->grouped && !strpbrk(num, "eE"))
        pm_number_add_grouped(b, num);
    else
        pm_sbuf_add(b, num);
}

/* Field X in English: X_en where the feature has it. */
static const char *field_value(const token *t, int english, pm_prop_getter get,
                               const void *feature)
{
    char name[256], en[260];
    if (t->len >= sizeof name)
        return NULL;
    memcpy(name, t->s, t->len);
    name[t->len] = '\0';
    const char *field_en = english ? pm_label_field_en(name, en, sizeof en) : NULL;
    const char *v = field_en ? get(feature, field_en) : NULL;
    return v && *v ? v : get(feature, name);
}

/* The template filled in one language; NULL when every field is empty. */
static char *fill(const char *label, int english, pm_prop_getter get, const void *feature)
{
    pm_sbuf b = {0};
    int any = 0;
    const char *p = label;
    for (token t; (t = next_token(&p)).kind == TOK_FIELD || t.kind == TOK_TEXT;) {
        if (t.kind == TOK_TEXT) {
            char *lit = g_strndup(t.s, t.len);
            pm_sbuf_add(&b, lit);
            g_free(lit);
            continue;
        }
        const char *v = field_value(&t, english, get, feature);
        if (v && *v) {
            any = 1;
            add_value(&b, v, &t);
        }
    }
    char *s = pm_sbuf_take(&b);
    if (!any) {
        free(s);
        return NULL;
    }
    return s;
}

static const char *copy_out(const char *text, char *buf, size_t n)
{
    if (!text || !n)
        return NULL;
    size_t len = pm_utf8_prefix(text, n - 1);
    memmove(buf, text, len);
    buf[len] = '\0';
    return buf;
}

const char *pm_label_text(const char *label, pm_lang lang, pm_prop_getter get,
                          const void *feature, char *buf, size_t n)
{
    if (!label)
        return NULL;
    if (!pm_label_is_template(label)) {
        const char *text = get(feature, label);
        char field[128];
        const char *en = pm_label_field_en(label, field, sizeof field);
        if (text && en)
            text = pm_lang_pick(lang, text, get(feature, en), buf, n);
        return text && *text ? text : NULL;
    }
    char *zh = lang == PM_LANG_EN ? NULL : fill(label, 0, get, feature);
    char *en = lang == PM_LANG_EN || lang == PM_LANG_ZH_EN ? fill(label, 1, get, feature) : NULL;
    char both[2048];
    const char *text = pm_lang_pick(lang, zh, en, both, sizeof both);
    text = copy_out(text, buf, n);
    free(zh);
    free(en);
    return text && *text ? text : NULL;
}
