#!/usr/bin/env bash
# -v on every command says what was read and how long each stage took:
# render (spec, files, loading, each drawing), info (the files GDAL read
# for the source, a Shapefile's sidecars among them), validate (per PATH:
# its files and its time), batch (the batch file, a line per map, the
# maps' time). Without -v none of it is printed. Times are not compared.
source "$(dirname "$0")/lib/common.sh"
T="timeout 120"
cp "$PM_SOURCE_DIR/tests/bad/layers/good.geojson" zones.geojson
small_spec map.json
src=$PM_SOURCE_DIR/tests/bad/layers/good.geojson
size() { stat -c %s "$1"; }
S='[0-9]+\.[0-9]{2} s'

# --- render -----------------------------------------------------------------------
$T "$PLANMAP" render map.json -v -o m.png 2> r.err
grep -Eq "^planmap: render: map\.json read in $S$" r.err || fail "render: no spec stage: $(cat r.err)"; ok
grep -Fxq "planmap: render: read $src ($(size "$src") bytes)" r.err ||
    fail "render: the source is not listed with its size: $(cat r.err)"; ok
grep -Eq "^planmap: render: 2 files read, $(($(size map.json) + $(size "$src"))) bytes$" r.err ||
    fail "render: files read: $(cat r.err)"; ok
grep -Eq "^planmap: render: 1 layer loaded, styled and projected \(2 features\) in $S$" r.err ||
    fail "render: no loading stage: $(cat r.err)"; ok
grep -Eq "^planmap: map\.json: drawn once as PNG in $S for m\.png$" r.err ||
    fail "render: no drawing: $(cat r.err)"; ok
$T "$PLANMAP" render map.json -o q.png 2> q.err
[ ! -s q.err ] || fail "render without -v printed: $(cat q.err)"; ok

# --- info: every file GDAL read, a Shapefile's parts too ---------------------------------
ogr2ogr -f "ESRI Shapefile" zones.shp zones.geojson
$T "$PLANMAP" info -v zones.shp > info.out 2> i.err
for f in zones.shp zones.shx zones.dbf zones.prj; do
    grep -Fxq "planmap: info: read $f ($(size $f) bytes)" i.err || fail "info: $f not listed: $(cat i.err)"; ok
done
grep -Eq "^planmap: info: zones\.shp described in $S$" i.err || fail "info: no time: $(cat i.err)"; ok
$T "$PLANMAP" info zones.shp > info2.out 2> i2.err
[ ! -s i2.err ] || fail "info without -v printed: $(cat i2.err)"; ok
cmp info.out info2.out || fail "info -v changed what goes to standard output"; ok
$T "$PLANMAP" info -v --json zones.geojson 2> ij.err | python3 -m json.tool > /dev/null ||
    fail "info -v --json: standard output is no longer JSON alone"; ok

# --- validate: per PATH --------------------------------------------------------------
mkdir other && cp zones.geojson other/more.geojson
$T "$PLANMAP" validate -v map.json other > v.out 2> v.err || true
[ "$(grep -Ec "^planmap: validate: (map\.json|other) checked in $S$" v.err)" -eq 2 ] ||
    fail "validate: not one time per PATH: $(cat v.err)"; ok
# other's files are listed after map.json's time, and map.json's not again
awk '/map\.json checked in/ { on = 1 } on' v.err > after.err
grep -q 'read other/more\.geojson' after.err || fail "validate: other's file not listed: $(cat v.err)"; ok
! grep -q 'read .*good\.geojson' after.err || fail "validate: map.json's files listed again for other"; ok
$T "$PLANMAP" validate map.json > /dev/null 2> v2.err || true
! grep -q 'read \|checked in' v2.err || fail "validate without -v: $(cat v2.err)"; ok

# --- batch: the batch file, a line per map, the maps' time ---------------------------------
cat > b.json <<'JSON'
{"output_dir": "out", "defaults": {"dpi": 36},
 "maps": [{"spec": "map.json", "name": "one"}, {"spec": "map.json", "name": "two"},
          {"spec": "map.json", "name": "three"}]}
JSON
$T "$PLANMAP" batch -v b.json 2> b.err
grep -Eq "^planmap: batch: b\.json read: 3 maps in $S$" b.err || fail "batch: no file stage: $(cat b.err)"; ok
for m in one two three; do
    grep -Eq "^planmap: batch: \[[1-3]/3\] $m reported at $S$" b.err || fail "batch: no line for $m: $(cat b.err)"; ok
done
grep -Eq "^planmap: batch: 3 maps drawn and written in $S$" b.err || fail "batch: no run time: $(cat b.err)"; ok
grep -q '^planmap: batch: 3 maps: 3 written' b.err || fail "batch -v lost the summary: $(cat b.err)"; ok
$T "$PLANMAP" batch b.json 2> b2.err
! grep -q 'reported at\|read' b2.err || fail "batch without -v: $(cat b2.err)"; ok

echo "verbose: $checks checks passed"
