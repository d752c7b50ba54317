# Shared by the whole-program tests: set -e, a clean work folder, assertions.
# No pipefail: checks are written `producer | grep -q pattern`, and grep -q
# leaving at the first match would fail the producer with SIGPIPE under load.
set -eu
: "${PLANMAP:?run through ctest}" "${PM_SOURCE_DIR:?}" "${PM_WORK:?}"
rm -rf "$PM_WORK"
mkdir -p "$PM_WORK"
cd "$PM_WORK"
checks=0

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

ok() {
    checks=$((checks + 1))
}

# expect_fail CODE PATTERN -- command...: the command exits with CODE and
# prints exactly one line on stderr that matches PATTERN (grep -E).
expect_fail() {
    local code=$1 pattern=$2
    shift 3
    local out rc=0
    out=$("$@" 2>&1 >/dev/null) || rc=$?
    [ "$rc" -eq "$code" ] || fail "$*: exit $rc, expected $code (stderr: $out)"
    [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "$*: expected one line on stderr, got: $out"
    printf '%s\n' "$out" | grep -Eq -- "$pattern" || fail "$*: stderr '$out' does not match /$pattern/"
    ok
}

# small_spec FILE: a small quick map (one layer, no furniture) for batch tests.
small_spec() {
    cat > "$1" <<EOF
{"title": "t", "page": {"width_mm": 140, "height_mm": 100}, "legend": false, "scale_bar": false,
 "north_arrow": false, "layers": [{"name": "a", "source": "$PM_SOURCE_DIR/tests/bad/layers/good.geojson",
 "style": {"label": null}}]}
EOF
}

# feature NAME TYPE COORDINATES: one GeoJSON feature named NAME, a geometry
# of TYPE ("Polygon", "LineString", "Point") at COORDINATES (JSON).
feature() {
    printf '{"type": "Feature", "properties": {"name": "%s"}, "geometry": {"type": "%s", "coordinates": %s}}' \
        "$1" "$2" "$3"
}

# geojson FILE FEATURE...: a FeatureCollection of the features (feature above)
# in FILE.
geojson() {
    local out=$1 sep=''
    shift
    {
        echo '{"type": "FeatureCollection", "features": ['
        for f in "$@"; do
            printf '%s%s' "$sep" "$f"
            sep=$',\n'
        done
        printf '\n]}\n'
    } > "$out"
}

# same_output A B: the same bytes, or for a PNG the same pixels. zlib's
# bands make a PNG's bytes independent of the thread count (cli_png_threads),
# but ISA-L's stream has been seen, rarely and under load, to differ for the
# same pixels: what a planner sees is what must be the same.
same_output() {
    cmp -s "$1" "$2" && return 0
    [[ $1 == *.png ]] && [ "$("$PM_IMGCHECK" size "$1")" = "$("$PM_IMGCHECK" size "$2")" ] &&
        [ "$("$PM_IMGCHECK" compare "$1" "$2")" = "mean=0.000 far=0.00000" ]
}

# same_pages A.pdf B.pdf: the same document as a reader sees it, though not
# the same bytes (the report's fonts are grouped by the worker that drew a
# page): page count, outline (titles and their pages), text, and every page's
# pixels rendered by pdftoppm at a low dpi.
same_pages() {
    local a=$1 b=$2 d
    [ "$(pdfinfo "$a" | grep '^Pages:')" = "$(pdfinfo "$b" | grep '^Pages:')" ] ||
        fail "$a and $b: not as many pages"
    [ "$(pdftohtml -xml -i -stdout -q "$a" | sed -n '/<outline>/,/<\/outline>/p')" = \
      "$(pdftohtml -xml -i -stdout -q "$b" | sed -n '/<outline>/,/<\/outline>/p')" ] ||
        fail "$a and $b: the outlines differ"
    [ "$(pdftotext "$a" -)" = "$(pdftotext "$b" -)" ] || fail "$a and $b: the text differs"
    d=$(mktemp -d same-pages.XXXXXX)
    pdftoppm -r 20 -png "$a" "$d/a"
    pdftoppm -r 20 -png "$b" "$d/b"
    [ -n "$(ls "$d")" ] || fail "$a: pdftoppm drew no page"
    for f in "$d"/a-*.png; do
        cmp -s "$f" "$d/b-${f##*/a-}" || fail "$a and $b: page ${f##*/a-} differs"
    done
    rm -rf "$d"
}

finish() {
    echo "$checks checks passed"
}
