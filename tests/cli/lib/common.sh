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

finish() {
    echo "$checks checks passed"
}
