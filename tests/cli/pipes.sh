#!/usr/bin/env bash
# Pipes: a spec on standard input (`-`, /dev/stdin) resolves its sources
# against the working folder or --base; `-o -` writes exactly the bytes of
# the file render to standard output; the attack-ish cases (empty, binary,
# huge input, standard output asked twice, a terminal) fail on one line with
# their exit code and leave no file behind.
source "$(dirname "$0")/lib/common.sh"
T="timeout 60"
mkdir data run
cp "$PM_SOURCE_DIR/tests/bad/layers/good.geojson" data/zones.geojson
cat > data/map.json <<'JSON'
{"title": "t", "page": {"width_mm": 140, "height_mm": 100}, "legend": false, "scale_bar": false,
 "north_arrow": false, "layers": [{"name": "zones", "source": "zones.geojson",
 "style": {"fill": "#3a7d44", "label": null}}]}
JSON
# the reference: the spec as a file, each format
for f in png svg pdf; do $T "$PLANMAP" render data/map.json -o ref.$f; done

# no file but the ones named: no temporaries (.NAME.XXXXXX) anywhere here
no_temps() {
    local left
    left=$(find . -name '.*' ! -name . | head -3)
    [ -z "$left" ] || fail "temporaries left: $left"
    ok
}

# --- a spec on standard input ------------------------------------------------
(cd data && $T "$PLANMAP" render - -o ../stdin.png < map.json)
cmp ref.png stdin.png || fail "render - < spec differs from render spec"; ok
(cd data && cat map.json | $T "$PLANMAP" render /dev/stdin -o ../devstdin.png)
cmp ref.png devstdin.png || fail "/dev/stdin spec (a pipe) differs"; ok
# from another folder: the relative source is looked up there, named <stdin>
expect_fail 3 '^planmap: <stdin>: layers\[0\] \(zones\): .*zones\.geojson: cannot read: No such file' \
    -- $T "$PLANMAP" render - -o run/x.png < data/map.json
[ ! -e run/x.png ] || fail "a failed stdin render left run/x.png"; ok
# /dev/stdin is not /dev: its sources resolve against the working folder
expect_fail 3 '^planmap: <stdin>: layers\[0\] \(zones\): (\./)?zones\.geojson: cannot read' \
    -- $T "$PLANMAP" render /dev/stdin -o run/x.png < data/map.json
# --base: a spec piped from elsewhere finds its data
cat data/map.json | (cd run && $T "$PLANMAP" render - --base ../data -o base.png)
cmp ref.png run/base.png || fail "--base render differs"; ok
expect_fail 2 '^planmap: render: --base: expected a folder, got .*map\.json' \
    -- $T "$PLANMAP" render - --base data/map.json -o x.png < data/map.json
expect_fail 2 '^planmap: render: --base: only for a spec read from standard input' \
    -- $T "$PLANMAP" render data/map.json --base data -o x.png

# --- what standard input should not hold -----------------------------------
expect_fail 4 '^planmap: <stdin>:1:1: invalid JSON: the file is empty$' \
    -- $T "$PLANMAP" render - -o x.png < /dev/null
head -c 4096 /dev/urandom > garbage.bin
printf '\x89PNG\r\n\x1a\n\x00\x00' >> garbage.bin
expect_fail 4 '^planmap: <stdin>:[0-9]+:[0-9]+: invalid JSON' -- $T "$PLANMAP" render - -o x.png < garbage.bin
printf '{"title": "t", "layers": [' | expect_fail 4 '^planmap: <stdin>:1:[0-9]+: invalid JSON' \
    -- $T "$PLANMAP" render - -o x.png
# a huge stream is cut at the spec bound, not read whole into memory
rc=0; head -c 80000000 /dev/zero | $T "$PLANMAP" render - -o x.png 2> huge.err || rc=$?
[ "$rc" -eq 3 ] && grep -qx 'planmap: <stdin>: too large for a map spec (over 64 MiB)' huge.err \
    || fail "huge stdin: exit $rc: $(cat huge.err)"; ok
# a terminal on standard input would wait for typing: refused (script gives one)
if command -v script > /dev/null; then
    script -qec "$PLANMAP render - -o x.png" /dev/null > tty.out 2>&1 < /dev/null || true
    grep -q 'planmap: render: <stdin>: standard input is a terminal' tty.out \
        || fail "stdin terminal: $(cat tty.out)"; ok
fi
rm -f garbage.bin huge.err tty.out
[ ! -e x.png ] || fail "a failed render left x.png"; ok

# --- standard output ----------------------------------------------------------
for f in png svg pdf; do
    $T "$PLANMAP" render data/map.json -o - --format $f > out.$f
    cmp ref.$f out.$f || fail "-o - --format $f differs from -o ref.$f"; ok
    $T "$PLANMAP" render data/map.json -o - --format $f | cat > piped.$f
    cmp ref.$f piped.$f || fail "-o - --format $f into a pipe differs"; ok
done
# both ends piped
(cd data && cat map.json | $T "$PLANMAP" render - -o - --format png) > both.png
cmp ref.png both.png || fail "spec and map through pipes differ"; ok
# standard output is written in place: what the shell wrote before stays
{ printf 'HEAD'; $T "$PLANMAP" render data/map.json -o - --format svg; } > appended.svg
{ printf 'HEAD'; cat ref.svg; } | cmp - appended.svg || fail "-o - replaced the file it was in"; ok
# the other side reads it
rsvg-convert -o from-stdout.png out.svg && "$PM_IMGCHECK" size from-stdout.png > /dev/null \
    || fail "rsvg-convert cannot read the SVG from -o -"; ok
pdfinfo out.pdf > /dev/null || fail "pdfinfo cannot read the PDF from -o -"; ok
gdalinfo out.png > /dev/null || fail "gdalinfo cannot read the PNG from -o -"; ok

expect_fail 2 '^planmap: render: -o -: standard output has no extension: give --format png, svg or pdf$' \
    -- $T "$PLANMAP" render data/map.json -o -
expect_fail 2 '^planmap: render: -o -: standard output written twice \(as two maps\)' \
    -- $T "$PLANMAP" render data/map.json -o - -o - --format png
expect_fail 2 '^planmap: render: -o -: standard output written twice \(as a map and as --labels-json\)' \
    -- $T "$PLANMAP" render data/map.json -o - --labels-json - --format png
expect_fail 2 '^planmap: render: -o -: a GeoTIFF is written by GDAL and needs a file' \
    -- $T "$PLANMAP" render data/map.json -o - --format tiff
expect_fail 2 '^planmap: render: --world-file: needs a PNG file' \
    -- $T "$PLANMAP" render data/map.json -o - --format png --world-file
# a terminal on standard output: no binary on the screen
if command -v script > /dev/null; then
    script -qec "$PLANMAP render data/map.json -o - --format png" /dev/null > tty.out 2>&1 || true
    grep -q 'planmap: render: -o -: standard output is a terminal' tty.out \
        || fail "stdout terminal: $(head -c 300 tty.out)"; ok
    ! grep -q 'IHDR' tty.out || fail "PNG bytes reached the terminal"; ok
    rm tty.out
fi
# --labels-json - beside a map file: JSON on standard output
$T "$PLANMAP" render data/map.json -o lj.png --labels-json - > labels.json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["width"] > 0 and d["boxes"] is not None' labels.json \
    || fail "--labels-json - is not JSON"; ok
cmp ref.png lj.png || fail "the map beside --labels-json - differs"; ok
# a spec redirected from a file is an input: -o cannot replace it
cp data/map.json data/copy.json && cp data/map.json keep.json
expect_fail 3 '^planmap: data/copy\.json: would overwrite an input of the map' \
    -- $T "$PLANMAP" render - --base data -o data/copy.json --format png < data/copy.json
cmp keep.json data/copy.json || fail "the spec on stdin was overwritten"; ok
# export reads a spec on standard input too
(cd data && $T "$PLANMAP" export - -o ../stdin.gpkg < map.json)
ogrinfo -so stdin.gpkg zones | grep -q 'Feature Count: 2' \
    || fail "export - wrote no layer"; ok
no_temps
finish
