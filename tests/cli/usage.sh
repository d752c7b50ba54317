#!/usr/bin/env bash
# The command line itself: help, version, usage errors and their exit codes.
source "$(dirname "$0")/lib/common.sh"

"$PLANMAP" --version | grep -Eq '^planmap [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"; ok
for cmd in "" "render " "info " "validate "; do
    out=$("$PLANMAP" $cmd--help) || fail "planmap $cmd--help exits non-zero"
    echo "$out" | grep -q '^usage: planmap' || fail "planmap $cmd--help prints no usage"
    ok
done
"$PLANMAP" help render | grep -q 'usage: planmap render' || fail "help render"; ok

expect_fail 2 '^planmap: unknown command .frobnicate.' -- "$PLANMAP" frobnicate
expect_fail 2 '^planmap: render: no SPEC given' -- "$PLANMAP" render
expect_fail 2 '^planmap: render: no output given' -- "$PLANMAP" render x.json
expect_fail 2 'cannot tell the format' -- "$PLANMAP" render x.json -o out.bmp
expect_fail 2 '^planmap: render: --format: expected png, svg or pdf' -- "$PLANMAP" render x.json -o o.png --format gif
expect_fail 2 '^planmap: render: --dpi: expected a number' -- "$PLANMAP" render x.json -o o.png --dpi 0
expect_fail 2 '^planmap: render: --width and --height go together' -- "$PLANMAP" render x.json -o o.png --width 100
expect_fail 2 '^planmap: render: unknown option' -- "$PLANMAP" render x.json -o o.png --colour
expect_fail 2 '^planmap: info: no SOURCE given' -- "$PLANMAP" info
expect_fail 2 '^planmap: info: expected one SOURCE, got 2 arguments' -- "$PLANMAP" info a.geojson b.geojson
expect_fail 2 '^planmap: info: unknown option' -- "$PLANMAP" info --jsn a.geojson
expect_fail 2 '^planmap: validate: no PATH given' -- "$PLANMAP" validate
"$PLANMAP" 2>/dev/null && fail "no arguments exits 0"; ok
[ -z "$(ls -A)" ] || fail "usage errors left files behind: $(ls -A)"; ok
finish
