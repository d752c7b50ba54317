#!/usr/bin/env bash
# Batch files and map specs are read by one reader: the same broken text gives
# the same "FILE:LINE:COLUMN: invalid JSON: reason" (exit 4) whether it is
# given to `render` or to `batch`, a UTF-8 byte order mark is accepted by
# both, and the same file-level errors (empty, a folder) read the same.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
texts = {
    "trailing-comma": '{"title": "t", "layers": [],}',
    "unclosed": '{"title": "t",\n "layers": [\n',
    "bad-utf8": b'{"title": "\xff\xfe"}',
    "raw-nul": b'{"title": "a\x00b"}',
    "after-cjk": '{"title": "长长长",\n  "layers": [长]}',
    "bom-then-error": b'\xef\xbb\xbf{\n\n  "title": 1 2}',
    "bom-only": b'\xef\xbb\xbf',
    "second-bom": b'\xef\xbb\xbf\xef\xbb\xbf{}',
    "empty": '',
    "spaces": ' \n\t \n',
    "trailing-text": '{"title": "t"} x',
    "single-quotes": "{'title': 't'}",
    "comment": '{"title": "t" /* c */}',
    "deep": '[' * 5000 + ']' * 5000,
    "cut-number": '{"title": 1',
    "cut-string": '{"title": "长',
}
for name, t in texts.items():
    with open(name + ".json", "wb") as f:
        f.write(t if isinstance(t, bytes) else t.encode("utf-8"))
PY

for f in *.json; do
    rc=0
    spec=$("$PLANMAP" render "$f" -o out.png 2>&1) || rc=$?
    [ "$rc" -eq 4 ] || fail "render $f: exit $rc, expected 4: $spec"
    rc=0
    batch=$("$PLANMAP" batch "$f" -o out --quiet 2>&1) || rc=$?
    [ "$rc" -eq 4 ] || fail "batch $f: exit $rc, expected 4: $batch"
    grep -Eq "^planmap: $f:[0-9]+:[0-9]+: invalid JSON: " <<< "$spec" || fail "render $f: $spec"
    [ "$spec" = "$batch" ] || fail "$f: the spec reader says '$spec', the batch reader '$batch'"
    ok
done
[ ! -e out.png ] && [ ! -e out ] || fail "a refused file left output"; ok

# A byte order mark before a valid document: both accept it.
printf '\xef\xbb\xbf{"title": "t", "layers": [{"name": "a", "source": "%s"}]}' \
    "$PM_SOURCE_DIR/tests/bad/layers/good.geojson" > bom-spec.json
printf '\xef\xbb\xbf{"maps": [{"spec": "bom-spec.json", "name": "m"}]}' > bom-batch.json
"$PLANMAP" render bom-spec.json -o bom.png || fail "render refused a BOM"; ok
"$PLANMAP" batch bom-batch.json -o bom-out --quiet || fail "batch refused a BOM"
[ -s bom-out/m.png ] || fail "batch with a BOM wrote no map"; ok

# The same value error reads the same way: path, then what was expected.
printf '{"title": "t", "layers": [{"name": "a", "source": "x.geojson"}], "lang": "fr"}' > lang-spec.json
printf '{"maps": [{"spec": "lang-spec.json", "lang": "fr"}]}' > lang-batch.json
expect_fail 4 '^planmap: lang-spec\.json: lang: expected "zh", "en" or "zh\+en", got a string \("fr"\)$' -- \
    "$PLANMAP" render lang-spec.json -o out.png
expect_fail 4 '^planmap: lang-batch\.json: maps\[0\]\.lang: expected "zh", "en" or "zh\+en", got a string \("fr"\)$' -- \
    "$PLANMAP" batch lang-batch.json -o out --quiet
expect_fail 2 "^planmap: batch: --lang: expected zh, en or zh\+en, got 'fr'$" -- \
    "$PLANMAP" batch lang-batch.json -o out --lang fr
# The English settings and a column's values_en are read as strictly.
good="$PM_SOURCE_DIR/tests/bad/layers/good.geojson"
printf '{"maps": [{"spec": "lang-spec.json", "title_en": 3}]}' > title-en.json
expect_fail 4 '^planmap: title-en\.json: maps\[0\]\.title_en: expected a string' -- \
    "$PLANMAP" batch title-en.json -o out --quiet
printf '{"report": "r.pdf", "maps": [{"spec": "lang-spec.json"}], "tables": {"source": "%s", "title": "t",
 "columns": [{"field": "name", "heading": "h", "values_en": {"a": ""}}]}}' "$good" > values-en.json
expect_fail 4 '^planmap: values-en\.json: tables\.columns\[0\]\.values_en\.a: ' -- \
    "$PLANMAP" batch values-en.json -o out --quiet
printf '{"report": "r.pdf", "maps": [{"spec": "lang-spec.json"}], "tables": {"source": "%s", "title": "t",
 "columns": [{"field": "name", "heading": "h", "values_en": ["a"]}]}}' "$good" > values-list.json
expect_fail 4 '^planmap: values-list\.json: tables\.columns\[0\]\.values_en: expected an object' -- \
    "$PLANMAP" batch values-list.json -o out --quiet

# A folder, and a missing file.
mkdir -p folder.json
expect_fail 3 '^planmap: folder\.json: cannot read: Is a directory$' -- "$PLANMAP" batch folder.json -o out
expect_fail 3 '^planmap: folder\.json: cannot read: Is a directory$' -- "$PLANMAP" render folder.json -o out.png
finish
