/* Reading a JSON document: the file, whole and bounded (pm_file.h), and
 * strict parsing with the line and column of a syntax error. Map specs and
 * batch files both come through here. */
#include "pm_json.h"
#include "pm_file.h"
#include "pm_inputs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* json-c takes int lengths, so text is fed in chunks. */
#define PARSE_CHUNK (1 << 20)

/* 1-based line and column (in characters, not bytes) of byte `offset`. */
static void line_column(const char *text, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xc0) != 0x80) {
            (*col)++;
        }
    }
}

static pm_status syntax_error(pm_json_reader *r, const char *text, size_t offset,
                              const char *reason)
{
    int line, col;
    line_column(text, offset, &line, &col);
    r->status = PM_ERR_PARSE;
    return pm_error_set(r->err, PM_ERR_PARSE, "%s:%d:%d: invalid JSON: %s", r->file, line,
                        col, reason);
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* 1 if a well-formed UTF-8 sequence of a non-ASCII character starts at `i`. */
static int utf8_valid_at(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i < len ? i : 0];
    int n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c <= 0xdf ? 1 : -1;
    if (i >= len || n < 0 || c > 0xf4 || len - i <= (size_t)n)
        return 0;
    for (int k = 1; k <= n; k++)
        if (((unsigned char)text[i + (size_t)k] & 0xc0) != 0x80)
            return 0;
    return 1;
}

/* Feed the tokener chunk by chunk; a final NUL ends a trailing number. */
static json_object *tokenize(json_tokener *tok, const char *text, size_t len,
                             size_t *end, enum json_tokener_error *e)
{
    json_object *root = NULL;
    size_t pos = 0;
    *e = json_tokener_continue;
    while (pos < len && *e == json_tokener_continue) {
        int chunk = len - pos > PARSE_CHUNK ? PARSE_CHUNK : (int)(len - pos);
        /* json-c checks UTF-8 within each chunk, so a character cut in two
         * at a chunk's end was refused as invalid: end chunks between
         * characters (a UTF-8 character has at most 3 continuation bytes). */
        for (int k = 0; k < 3 && pos + (size_t)chunk < len &&
                        ((unsigned char)text[pos + (size_t)chunk] & 0xc0) == 0x80; k++)
            chunk--;
        root = json_tokener_parse_ex(tok, text + pos, chunk);
        *e = json_tokener_get_error(tok);
        pos += *e == json_tokener_continue ? (size_t)chunk : json_tokener_get_parse_end(tok);
    }
    if (*e == json_tokener_continue) {
        root = json_tokener_parse_ex(tok, "", 1);
        *e = json_tokener_get_error(tok);
    }
    *end = pos;
    return root;
}

json_object *pm_json_parse(pm_json_reader *r, const char *text, size_t len)
{
    size_t start = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        start = 3;   /* a UTF-8 byte order mark, as some editors write */
    if (only_space(text + start, len - start)) {
        syntax_error(r, text, len, "the file is empty");
        return NULL;
    }
    json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
    if (!tok) {
        pm_json_nomem(r);
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    size_t end;
    enum json_tokener_error e;
    json_object *root = tokenize(tok, text + start, len - start, &end, &e);
    json_tokener_free(tok);
    end += start;
    if (e != json_tokener_success) {
        /* json-c blames UTF-8 for any non-ASCII character outside a string. */
        int misplaced = e == json_tokener_error_parse_utf8_string && utf8_valid_at(text, len, end);
        syntax_error(r, text, end, misplaced ? "unexpected character"
                                             : json_tokener_error_desc(e));
        return NULL;
    }
    if (!only_space(text + end, len - end)) {
        json_object_put(root);
        syntax_error(r, text, end, "unexpected text after the end of the document");
        return NULL;
    }
    return root;
}

char *pm_json_load_text(pm_json_reader *r, size_t max, const char *what, size_t *len)
{
    pm_error why = {0};
    FILE *f = pm_fopen_input(r->file, &why);   /* never a FIFO it would wait on */
    char *text = NULL;
    if (f) {
        pm_inputs_add(r->file);   /* no output may replace it */
        text = pm_read_stream(f, r->file, max, what, len, &why);
        fclose(f);
    }
    if (!text) {
        if (r->err)
            *r->err = why;
        r->status = why.status;
    }
    return text;
}

json_object *pm_json_load(pm_json_reader *r, size_t max, const char *what)
{
    size_t len = 0;
    char *text = pm_json_load_text(r, max, what, &len);
    json_object *root = text ? pm_json_parse(r, text, len) : NULL;
    free(text);
    return root;
}
