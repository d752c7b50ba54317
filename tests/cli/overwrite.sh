#!/usr/bin/env bash
# No output replaces a file the map reads, and no two outputs of one run are
# one file. Inputs: the spec, the batch file, every file of every source
# (a Shapefile's .shx/.dbf/.prj, made or not), the inset's source. Outputs:
# the map, its world file, .prj and .aux.xml, --labels-json, a GeoTIFF, a
# GeoPackage, batch maps and the report. Names: plain, ./x, a/../x, a
# symbolic link, a hard link. Every refused run leaves the inputs byte for
# byte as they were and writes nothing.
source "$(dirname "$0")/lib/common.sh"
good="$PM_SOURCE_DIR/tests/bad/layers/good.geojson"

ogr2ogr -f "ESRI Shapefile" roads.shp "$good" 2>/dev/null
ogr2ogr -f "ESRI Shapefile" bare.shp "$good" 2>/dev/null && rm bare.prj
cp "$good" zones.geojson
printf '{"title": "t", "layers": [{"name": "a", "source": "roads.shp"}]}\n' > roads.json
printf '{"title": "t", "layers": [{"name": "a", "source": "bare.shp"}]}\n' > bare.json
printf '{"title": "t", "layers": [{"name": "a", "source": "zones.geojson"}], "inset": {"source": "inset.geojson"}}\n' > inset.json
cp "$good" inset.geojson
mkdir sub
ln -s roads.dbf link.png
ln roads.shx hard.png
snapshot() { md5sum roads.* bare.* zones.geojson inset.geojson 2>/dev/null | sort; }
before=$(snapshot)
unchanged() {
    [ "$(snapshot)" = "$before" ] || fail "$1: an input changed: $(diff <(echo "$before") <(snapshot))"
    ok
}
r() { "$PLANMAP" render "$@"; }

# The issue's case: --world-file beside the map's own Shapefile.
expect_fail 3 '^planmap: roads\.prj: would overwrite an input of the map \(roads\.prj, part of roads\.shp\)$' -- \
    r roads.json -o roads.png --world-file
[ ! -e roads.png ] && [ ! -e roads.pgw ] || fail "the refused render wrote the map first"; ok
# A Shapefile without a .prj: a new one would re-georeference it.
expect_fail 3 '^planmap: bare\.prj: would overwrite an input of the map \(bare\.shp\)$' -- \
    r bare.json -o bare.png --world-file
[ ! -e bare.prj ] && [ ! -e bare.png ] || fail "bare.prj or the map was made"; ok
expect_fail 3 '^planmap: \./sub/\.\./roads\.dbf: would overwrite an input' -- r roads.json -o ./sub/../roads.dbf --format png
expect_fail 3 '^planmap: bare\.PRJ: would overwrite an input of the map \(bare\.shp\)$' -- r bare.json -o bare.PRJ --format png
expect_fail 3 '^planmap: link\.png: would overwrite an input of the map \(roads\.dbf, part of roads\.shp\)$' -- r roads.json -o link.png
expect_fail 3 '^planmap: hard\.png: would overwrite an input of the map \(roads\.shx' -- r roads.json -o hard.png
expect_fail 3 '^planmap: roads\.json: would overwrite an input of the map \(roads\.json\)$' -- r roads.json -o roads.json --format pdf
expect_fail 3 '^planmap: \./roads\.json: would overwrite an input' -- r roads.json -o out.png --labels-json ./roads.json
expect_fail 3 '^planmap: zones\.geojson: would overwrite an input' -- r inset.json -o zones.geojson --format svg
expect_fail 3 '^planmap: inset\.geojson: would overwrite an input' -- r inset.json -o inset.geojson --format png
expect_fail 3 '^planmap: roads\.shp: would overwrite an input' -- r roads.json -o roads.shp --format tiff
unchanged render

# A folder of Shapefiles as the source: its Shapefiles are inputs, a map
# rendered into the folder is not (rendering it again works).
mkdir shapes && ogr2ogr -f "ESRI Shapefile" shapes/zones.shp "$good" 2>/dev/null
printf '{"title": "t", "layers": [{"name": "a", "source": "shapes"}]}\n' > shapes.json
r shapes.json -o shapes/map.png && r shapes.json -o shapes/map.png || fail "a map in the source folder cannot be rendered again"; ok
expect_fail 3 '^planmap: shapes/zones\.prj: would overwrite an input of the map \(shapes/zones\.prj, part of shapes\)$' -- \
    r shapes.json -o shapes/zones.png --world-file

# World files and .aux.xml over a source that happens to have such a name
# (GDAL reads GeoJSON whatever the extension).
cp "$good" w.pgw && cp "$good" v.png.aux.xml
printf '{"title": "t", "layers": [{"name": "a", "source": "w.pgw"}, {"name": "b", "source": "v.png.aux.xml"}]}\n' > w.json
expect_fail 3 '^planmap: w\.pgw: would overwrite an input' -- r w.json -o w.png --world-file
expect_fail 3 '^planmap: v\.png\.aux\.xml: would overwrite an input' -- r w.json -o v.png --world-file
cmp -s w.pgw "$good" && cmp -s v.png.aux.xml "$good" || fail "a world file replaced a source"; ok

# Two outputs of one render that are one file (usage error).
expect_fail 2 '^planmap: \./x\.png: written twice: as the map and as --labels-json$' -- r roads.json -o x.png --labels-json ./x.png
expect_fail 2 '^planmap: y\.pgw: written twice: as its world file and as --labels-json$' -- r roads.json -o y.png --world-file --labels-json y.pgw
[ ! -e x.png ] && [ ! -e y.png ] || fail "a refused render wrote the map"; ok

# export: the GeoPackage over its own source or the spec.
ogr2ogr -f GPKG src.gpkg "$good" 2>/dev/null
printf '{"title": "t", "layers": [{"name": "a", "source": "src.gpkg"}]}\n' > g.json
cp g.json spec.gpkg
expect_fail 3 '^planmap: src\.gpkg: would overwrite an input' -- "$PLANMAP" export g.json -o src.gpkg
expect_fail 3 '^planmap: spec\.gpkg: would overwrite an input' -- "$PLANMAP" export spec.gpkg -o spec.gpkg
ogrinfo -so src.gpkg >/dev/null 2>&1 && cmp -s spec.gpkg g.json || fail "export replaced an input"; ok

# batch: a map over a source fails (its world .prj), the others run; maps
# that are one file (x and ./x, real/y and alias/y through a linked folder,
# the report and a map's PDF):
# the later one fails, naming both; the report over an input stops the run.
cat > batch.json <<'EOF'
{"output_dir": ".", "report": "book.pdf",
 "maps": [{"spec": "roads.json", "name": "roads", "outputs": ["png", "world"]},
          {"spec": "roads.json", "name": "x"},
          {"spec": "roads.json", "name": "./x"},
          {"spec": "roads.json", "name": "real/y"},
          {"spec": "roads.json", "name": "alias/y"},
          {"spec": "roads.json", "name": "book", "outputs": ["pdf"]},
          {"spec": "bare.json", "name": "bare", "outputs": ["svg", "png", "world"]}]}
EOF
mkdir real && ln -s real alias
rc=0; "$PLANMAP" batch batch.json --quiet 2>err.txt || rc=$?
[ "$rc" -eq 4 ] || fail "batch with clashing outputs: exit $rc: $(cat err.txt)"
[ "$(wc -l < err.txt)" -eq 6 ] || fail "batch: expected 5 failures and the summary: $(cat err.txt)"
grep -qx 'planmap: batch: roads: \./roads\.prj: would overwrite an input of the map (roads\.prj, part of roads\.shp)' err.txt \
    || fail "batch over an input: $(cat err.txt)"; ok
grep -qx 'planmap: batch: \./x: \./\./x\.png: is also an output of map 2 (x)' err.txt || fail "x and ./x: $(cat err.txt)"; ok
grep -qx 'planmap: batch: alias/y: \./alias/y\.png: is also an output of map 4 (real/y)' err.txt || fail "real/y and alias/y: $(cat err.txt)"; ok
grep -q '^planmap: batch: book: \./book\.pdf: is also the report ("report" in batch\.json)$' err.txt || fail "book: $(cat err.txt)"; ok
grep -q '^planmap: batch: bare: .*bare\.prj: would overwrite an input of the map (bare\.shp)$' err.txt || fail "bare: $(cat err.txt)"; ok
grep -q '7 maps: 2 written, 5 failed' err.txt || fail "summary: $(tail -1 err.txt)"; ok
[ -s x.png ] && [ -s real/y.png ] && [ -s book.pdf ] && [ ! -e bare.svg ] || fail "batch outputs: $(ls)"; ok
unchanged batch
printf '{"output_dir": ".", "report": "roads.dbf", "maps": [{"spec": "roads.json", "name": "z"}]}\n' > b2.json
expect_fail 3 '^planmap: \./roads\.dbf: would overwrite an input of the map \(roads\.dbf, part of roads\.shp\)$' -- \
    "$PLANMAP" batch b2.json
printf '{"output_dir": ".", "report": "b3.json", "maps": [{"spec": "roads.json", "name": "z"}]}\n' > b3.json
expect_fail 3 '^planmap: \./b3\.json: would overwrite an input of the map \(b3\.json\)$' -- "$PLANMAP" batch b3.json
[ ! -e z.png ] || fail "a refused batch drew a map"; ok
unchanged "batch report"
finish
