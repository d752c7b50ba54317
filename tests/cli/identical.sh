#!/usr/bin/env bash
# Every bundled map, in PNG, SVG, PDF and GeoTIFF with its label boxes and
# world file, and the synthetic layers of tests/identical/make_data.py
# (streamed, drawn in bands, on one thread and on two) come out byte for byte
# as recorded in tests/identical/sha256.txt (a PNG by its chunks and inflated
# image data, tests/tools/pngsum.py): a change inside the library that
# is not meant to change a map cannot. The record holds for the software
# stack it names (tests/identical/stack.sh); on another stack the test is
# skipped (exit 77) and says which packages differ.
source "$(dirname "$0")/lib/common.sh"
ref="$PM_SOURCE_DIR/tests/identical/sha256.txt"
[ -f "$ref" ] || fail "no $ref (run tests/identical/update.sh)"
"$PM_SOURCE_DIR/tests/identical/stack.sh" "$PLANMAP" > stack.now
sed -n 's/^# stack: //p' "$ref" > stack.ref
if ! cmp -s stack.now stack.ref; then
    echo "SKIP: the reference bytes were made with another software stack:" >&2
    diff stack.ref stack.now | grep '^[<>]' >&2 || true
    exit 77
fi
mkdir out
(cd out && "$PM_SOURCE_DIR/tests/identical/outputs.sh" "$PLANMAP" "$PM_SOURCE_DIR") > sums.now
grep -v '^#' "$ref" > sums.ref
python3 "$PM_SOURCE_DIR/tests/tools/pngsum.py" --same out/synthetic.png out/synthetic-1thread.png || fail "synthetic map differs on one thread and on two"
ok
if ! cmp -s sums.ref sums.now; then
    diff sums.ref sums.now | sed -n 's/^> [0-9a-f]*  /changed: /p' >&2
    fail "outputs differ from tests/identical/sha256.txt (kept in $PM_WORK/out)"
fi
checks=$((checks + $(wc -l < sums.now)))
finish
