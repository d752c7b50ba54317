/* The one JSON reader (core/pm_json.h) and input files (core/pm_file.h), on
 * core alone: a syntax error at its line:column (in characters), a byte
 * order mark accepted, a value error at its JSON path, an unknown key with
 * the closest known one, a file over its bound, a FIFO refused without
 * blocking. Specs and batch files give these same messages (test_spec_errors,
 * tests/cli/batch_reader.sh). */
#include "pm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pm_file.h"
#include "pm_json.h"

/* The document in file `name` holding `text`, or NULL with r->err set. */
static json_object *read_doc(const char *name, const char *text, pm_json_reader *r,
                             pm_error *err)
{
    *r = (pm_json_reader){.file = pm_test_write(name, text), .err = err};
    size_t len = 0;
    char *buf = pm_json_load_text(r, 1 << 20, "test document", &len);
    json_object *root = buf ? pm_json_parse(r, buf, len) : NULL;
    free(buf);
    return root;
}

static const char *after_file(const pm_error *err, const char *file)
{
    size_t n = strlen(file);
    assert_int_equal(strncmp(err->msg, file, n), 0);
    return err->msg + n;
}

static void syntax_error_line_column(void **state)
{
    (void)state;
    pm_json_reader r;
    pm_error err = {0};
    /* "é" is one column though two bytes. */
    assert_null(read_doc("bad.json", "{\n  \"é\": 1,\n  \"b\": x\n}\n", &r, &err));
    assert_int_equal(err.status, PM_ERR_PARSE);
    assert_string_equal(after_file(&err, r.file), ":3:8: invalid JSON: unexpected character");
}

static void byte_order_mark_accepted(void **state)
{
    (void)state;
    pm_json_reader r;
    pm_error err = {0};
    json_object *root = read_doc("bom.json", "\xef\xbb\xbf{\"a\": 1}", &r, &err);
    assert_non_null(root);
    assert_int_equal(r.status, PM_OK);
    json_object_put(root);
}

static void empty_and_trailing(void **state)
{
    (void)state;
    pm_json_reader r;
    pm_error err = {0};
    assert_null(read_doc("empty.json", " \n", &r, &err));
    assert_string_equal(after_file(&err, r.file), ":2:1: invalid JSON: the file is empty");
    err = (pm_error){0};
    assert_null(read_doc("two.json", "{}\n {}", &r, &err));
    assert_string_equal(after_file(&err, r.file), ":2:2: invalid JSON: unexpected character");
}

static void value_error_at_json_path(void **state)
{
    (void)state;
    pm_json_reader r;
    pm_error err = {0};
    json_object *root = read_doc("v.json", "{\"maps\": [{\"dpi\": \"high\"}]}", &r, &err);
    assert_non_null(root);
    json_object *maps = json_object_object_get(root, "maps");
    size_t mark = pm_json_push_key(&r, "maps");
    pm_json_push_index(&r, 0);
    pm_json_push_key(&r, "dpi");
    int dpi = 0;
    assert_int_equal(pm_json_read_int(&r, json_object_object_get(
                         json_object_array_get_idx(maps, 0), "dpi"), 36, 1200, &dpi),
                     PM_ERR_SPEC);
    assert_string_equal(after_file(&err, r.file),
                        ": maps[0].dpi: expected an integer from 36 to 1200, got a string (\"high\")");
    /* The first failure stays. */
    pm_json_pop(&r, mark);
    pm_json_fail(&r, PM_ERR_SPEC, "later");
    assert_non_null(strstr(err.msg, "maps[0].dpi"));
    json_object_put(root);
}

static void unknown_key_suggests(void **state)
{
    (void)state;
    pm_json_reader r;
    pm_error err = {0};
    json_object *root = read_doc("k.json", "{\"widht\": 3, \"a.b\": 1}", &r, &err);
    static const char *const known[] = {"width", "height", "a.b", NULL};
    assert_int_equal(pm_json_check_keys(&r, root, known, NULL), PM_ERR_SPEC);
    assert_string_equal(after_file(&err, r.file), ": widht: unknown key (did you mean \"width\"?)");
    json_object_put(root);
}

static void file_over_its_bound(void **state)
{
    (void)state;
    const char *path = pm_test_write("big.txt", "0123456789");
    pm_error err = {0};
    FILE *f = pm_fopen_input(path, &err);
    assert_non_null(f);
    size_t len = 0;
    assert_null(pm_read_stream(f, path, 9, "big thing", &len, &err));
    fclose(f);
    assert_int_equal(err.status, PM_ERR_IO);
    assert_string_equal(after_file(&err, path), ": too large for a big thing (over 0 MiB)");
    f = pm_fopen_input(path, &err);
    char *text = pm_read_stream(f, path, 10, "big thing", &len, &err);
    fclose(f);
    assert_non_null(text);
    assert_int_equal(len, 10);
    assert_string_equal(text, "0123456789");
    free(text);
}

static void fifo_refused(void **state)
{
    (void)state;
    const char *path = pm_test_tmp("fifo.json");
    assert_int_equal(mkfifo(path, 0600), 0);
    pm_json_reader r = {.file = path};
    pm_error err = {0};
    r.err = &err;
    size_t len;
    assert_null(pm_json_load_text(&r, 1 << 20, "test document", &len));
    assert_int_equal(r.status, PM_ERR_IO);
    assert_string_equal(after_file(&err, path), ": cannot read: a FIFO, not a regular file");
}

PM_TEST_MAIN(syntax_error_line_column,
             byte_order_mark_accepted,
             empty_and_trailing,
             value_error_at_json_path,
             unknown_key_suggests,
             file_over_its_bound,
             fifo_refused)
