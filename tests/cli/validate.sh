#!/usr/bin/env bash
# planmap validate passes on every bundled layer, relation and map, and finds
# each kind of problem in deliberately broken data, a project's table text
# without its English among them (a structure whose note says why it is
# unplaced may have a null geometry: it adds no problem).
source "$(dirname "$0")/lib/common.sh"
seeds="$PM_SOURCE_DIR/../shared/seeds"

out=$("$PLANMAP" validate "$PM_SOURCE_DIR/data" 2>&1) || fail "bundled data does not validate: $out"; ok
if [ -d "$seeds" ]; then
    echo "$out" | grep -q 'citations not checked' && fail "plan texts not found at $seeds"; ok
fi

# A small broken plan: each problem must be reported on its own line.
plan=broken/plans/009-broken
mkdir -p "$plan"
cp "$PM_SOURCE_DIR/tests/data/cli/broken-areas.geojson" "$plan/areas.geojson"
cp "$PM_SOURCE_DIR/tests/data/cli/broken-relations.json" "$plan/relations.json"
cp "$PM_SOURCE_DIR/tests/data/cli/broken-projects.geojson" "$plan/projects.geojson"
rc=0
"$PLANMAP" validate --seeds "$PM_SOURCE_DIR/tests/data/cli/seeds" broken > problems.txt 2>summary.txt || rc=$?
[ "$rc" -eq 1 ] || fail "validate on broken data exits $rc, expected 1"; ok
expect_line() {
    grep -Eq -- "$1" problems.txt || fail "no problem matching /$1/ in: $(cat problems.txt)"
    ok
}
expect_line 'feature 0 \(id=cw\): polygon 0: exterior ring is clockwise'
expect_line 'feature 1 \(id=bowtie\): invalid geometry'
expect_line 'feature 2 \(id=cw\)'
expect_line "id 'cw' is used twice"
expect_line "feature 2 \(id=cw\): missing required property 'name_en'"
expect_line "feature 3 \(id=far\): name_en '远区' has Chinese characters; give the English name"
expect_line "feature 3 \(id=far\): vertex 1 \(.*\) is outside WGS84"
expect_line "feature 4 \(id=badcite\): source '009:2-3 [^']*': lines 2-3 contain neither the name"
expect_line "feature 5 \(id=unlocated\): null geometry"
expect_line "precision 'exact' is not"
expect_line "projects.geojson: feature 0 \\(id=proj-no-place-en\\): 'place' without 'place_en'; give its English"
expect_line "projects.geojson: feature 1 \\(id=proj-han-column-en\\): column_en 'Box 1: 测试' has Chinese characters; give the English\$"
expect_line "relations.json: \[0\]: ok-west \(.*\) east_of ok-east .* does not hold"
expect_line "relations.json: \[1\]: no feature with id 'ghost'"
[ "$(wc -l < problems.txt)" -eq 13 ] || fail "expected 13 problems, got: $(cat problems.txt)"; ok
finish
