#!/usr/bin/env bash
# FIFOs, sockets and devices as inputs are refused at once (exit 3, one line)
# instead of waiting forever for a writer: a spec, a batch file, a layer
# source, a file GDAL reads beside a source (a Shapefile's .dbf), an entry of
# a folder source, the inset and the atlas coverage. Every run is under
# `timeout`, so a regression fails instead of hanging the suite.
source "$(dirname "$0")/lib/common.sh"
good="$PM_SOURCE_DIR/tests/bad/layers/good.geojson"
T="timeout 20"

mkfifo spec.json batch.json layer.geojson
expect_fail 3 '^planmap: spec\.json: cannot read: a FIFO, not a regular file$' -- $T "$PLANMAP" render spec.json -o out.png
expect_fail 3 '^planmap: spec\.json: cannot read: a FIFO' -- $T "$PLANMAP" export spec.json -o out.gpkg
expect_fail 3 '^planmap: batch\.json: cannot read: a FIFO, not a regular file$' -- $T "$PLANMAP" batch batch.json -o maps
expect_fail 3 '^planmap: layer\.geojson: cannot read: a FIFO' -- $T "$PLANMAP" info layer.geojson
expect_fail 3 '^planmap: layer\.geojson: cannot read: a FIFO' -- $T "$PLANMAP" validate layer.geojson

spec() {  # NAME SOURCE [MORE JSON]
    printf '{"title": "t", "layers": [{"name": "a", "source": "%s"}]%s}\n' "$2" "${3:-}" > "$1"
}
spec src.json layer.geojson
expect_fail 3 '^planmap: src\.json: layers\[0\] \(a\): .*layer\.geojson: cannot read: a FIFO' -- $T "$PLANMAP" render src.json -o out.png
expect_fail 3 'layer\.geojson: cannot read: a FIFO' -- $T "$PLANMAP" export src.json -o out.gpkg

# A Shapefile whose .dbf (or .prj, in another case) is a FIFO: GDAL would
# block opening it.
ogr2ogr -f "ESRI Shapefile" roads.shp "$good" 2>/dev/null
ogr2ogr -f "ESRI Shapefile" areas.shp "$good" 2>/dev/null
rm roads.dbf areas.prj
mkfifo roads.dbf areas.PRJ
spec shp.json roads.shp
expect_fail 3 'roads\.dbf: cannot read: a FIFO' -- $T "$PLANMAP" render shp.json -o out.png
spec shp2.json areas.shp
expect_fail 3 'areas\.PRJ: cannot read: a FIFO' -- $T "$PLANMAP" render shp2.json -o out.png
expect_fail 3 'roads\.dbf: cannot read: a FIFO' -- $T "$PLANMAP" info roads.shp

# A folder source (a folder of Shapefiles) holding a FIFO.
mkdir folder && ogr2ogr -f "ESRI Shapefile" folder/zones.shp "$good" 2>/dev/null && mkfifo folder/zones.cpg
spec dir.json folder
expect_fail 3 'folder/zones\.cpg: cannot read: a FIFO' -- $T "$PLANMAP" render dir.json -o out.png

# The inset's source and an atlas coverage.
spec inset.json "$good" ', "inset": {"source": "layer.geojson"}'
expect_fail 3 'layer\.geojson: cannot read: a FIFO' -- $T "$PLANMAP" render inset.json -o out.png
spec base.json "$good"
printf '{"atlas": {"spec": "base.json", "coverage": "layer.geojson", "name": "id"}}\n' > atlas.json
rc=0; $T "$PLANMAP" batch atlas.json -o maps 2>err.txt || rc=$?
[ "$rc" -eq 3 ] && grep -q 'layer\.geojson: cannot read: a FIFO' err.txt \
    || fail "atlas coverage FIFO: exit $rc: $(cat err.txt)"; ok

# A socket and a character device other than standard input.
python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.bind("sock.json")'
expect_fail 3 '^planmap: sock\.json: cannot read: a socket, not a regular file$' -- $T "$PLANMAP" render sock.json -o out.png
expect_fail 3 '^planmap: /dev/zero: cannot read: a character device' -- $T "$PLANMAP" render /dev/zero -o out.png
expect_fail 3 '^planmap: /dev/zero: cannot read: a character device' -- $T "$PLANMAP" batch /dev/zero -o maps

# The process's own standard input, named /dev/stdin, is read: the user
# piped the spec in.
spec piped.json "$good"
$T "$PLANMAP" render /dev/stdin -o piped.png < <(cat piped.json) || fail "a spec piped into /dev/stdin is refused"
[ -s piped.png ] || fail "no map from /dev/stdin"; ok
[ ! -e out.png ] && [ ! -e out.gpkg ] && [ ! -e maps/base.png ] || fail "a refused run wrote an output"; ok
finish
