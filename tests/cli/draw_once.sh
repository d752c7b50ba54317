#!/usr/bin/env bash
# Several -o in one run draw the map once per format family: PNG and GeoTIFF
# share one raster drawing, SVG one, PDF one. Each output is the file a run
# of its own writes; -v names each drawing and the outputs it went to.
source "$(dirname "$0")/lib/common.sh"
T="timeout 60"
cp "$PM_SOURCE_DIR/tests/bad/layers/good.geojson" zones.geojson
cat > map.json <<'JSON'
{"title": "t", "page": {"width_mm": 140, "height_mm": 100}, "legend": true,
 "layers": [{"name": "zones", "source": "zones.geojson",
 "style": {"fill": "#3a7d44", "label": "name"}}]}
JSON
mkdir one
for f in png svg pdf tif; do $T "$PLANMAP" render map.json -o one/m.$f; done
$T "$PLANMAP" render map.json -o one/w.png --world-file --labels-json one/m.json

# --- two of each family, one run ----------------------------------------------
$T "$PLANMAP" render map.json -v -o a.png -o b.svg -o c.pdf -o d.tif -o e.png -o f.svg \
    -o g.pdf --world-file --labels-json m.json 2> v.err
grep -c 'drawn once' v.err > n.txt || true
[ "$(cat n.txt)" -eq 3 ] || fail "expected 3 drawings, -v says $(cat n.txt): $(cat v.err)"; ok
grep -Eq '^planmap: map\.json: drawn once as PNG in [0-9.]+ s for a\.png, d\.tif, e\.png$' v.err ||
    fail "the raster drawing does not name its PNGs and GeoTIFF: $(cat v.err)"; ok
grep -Eq '^planmap: map\.json: drawn once as SVG in [0-9.]+ s for b\.svg, f\.svg$' v.err ||
    fail "the SVG drawing does not name both SVGs: $(cat v.err)"; ok
grep -Eq '^planmap: map\.json: drawn once as PDF in [0-9.]+ s for c\.pdf, g\.pdf$' v.err ||
    fail "the PDF drawing does not name both PDFs: $(cat v.err)"; ok
# the order of the drawings is the order the outputs name their families
[ "$(grep -o 'as [A-Z]*' v.err | tr '\n' ' ')" = "as PNG as SVG as PDF " ] ||
    fail "drawings out of order: $(cat v.err)"; ok
for f in a e; do cmp one/m.png $f.png || fail "$f.png differs from a run of its own"; ok; done
for f in b f; do cmp one/m.svg $f.svg || fail "$f.svg differs from a run of its own"; ok; done
for f in c g; do cmp one/m.pdf $f.pdf || fail "$f.pdf differs from a run of its own"; ok; done
cmp one/m.tif d.tif || fail "d.tif differs from a run of its own"; ok
for f in a e; do
    cmp one/w.pgw $f.pgw || fail "$f.pgw differs from a run of its own"; ok
    cmp one/w.prj $f.prj || fail "$f.prj differs from a run of its own"; ok
done
cmp one/m.json m.json || fail "--labels-json is not the first output's"; ok
# the GeoTIFF's pixels are the PNG's, read back by GDAL
gdal_translate -q -of PNG d.tif d-read.png
gdallocationinfo -valonly d.tif 400 300 > t.txt
gdallocationinfo -valonly a.png 400 300 > p.txt
cmp t.txt p.txt || fail "the GeoTIFF's pixel at 400,300 is not the PNG's"; ok
gdalinfo d.tif | grep -q 'Coordinate System is' || fail "d.tif has no CRS"; ok

# --- one output: one drawing ---------------------------------------------------
$T "$PLANMAP" render map.json -v -o only.svg 2> v1.err
[ "$(grep -c 'drawn once as SVG' v1.err)" -eq 1 ] || fail "one -o: $(cat v1.err)"; ok
# without -v nothing is said
$T "$PLANMAP" render map.json -o q.png -o q.pdf 2> q.err
[ ! -s q.err ] || fail "a run without -v printed: $(cat q.err)"; ok

# --- standard output: in its drawing, after the files ----------------------------
# (--format names the format of every -o, so the others are SVG too)
$T "$PLANMAP" render map.json -v -o - -o s2.svg --format svg > s.svg 2> s.err
[ "$(grep -c 'drawn once' s.err)" -eq 1 ] || fail "stdout and a file: $(cat s.err)"; ok
grep -Eq 'drawn once as SVG in [0-9.]+ s for s2\.svg, -$' s.err ||
    fail "standard output is not written after the file: $(cat s.err)"; ok
cmp one/m.svg s.svg || fail "the SVG on standard output differs"; ok
cmp one/m.svg s2.svg || fail "s2.svg differs"; ok

# --- all or none across families ----------------------------------------------
rm -f a.* b.* c.*
expect_fail 3 '^planmap: nodir/c\.pdf: cannot write: No such file or directory$' \
    -- $T "$PLANMAP" render map.json -o a.png -o b.svg -o nodir/c.pdf -o d2.tif
for f in a.png b.svg d2.tif; do [ ! -e $f ] || fail "$f left by a failed run"; ok; done
left=$(find . -name '.*' ! -name . | head -3)
[ -z "$left" ] || fail "temporaries left: $left"; ok

echo "draw_once: $checks checks passed"
