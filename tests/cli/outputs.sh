#!/usr/bin/env bash
# Several -o in one run: each output is byte for byte the file a run of its
# own writes; every output is checked against the inputs and the others
# before anything is drawn; all are written or none. And the rules between
# an output and its options: --format against the extension, --world-file
# beside a PNG only.
source "$(dirname "$0")/lib/common.sh"
T="timeout 60"
cp "$PM_SOURCE_DIR/tests/bad/layers/good.geojson" zones.geojson
cat > map.json <<'JSON'
{"title": "t", "page": {"width_mm": 140, "height_mm": 100}, "legend": false, "scale_bar": false,
 "north_arrow": false, "layers": [{"name": "zones", "source": "zones.geojson",
 "style": {"fill": "#3a7d44", "label": "name"}}]}
JSON
mkdir one
for f in png svg pdf; do $T "$PLANMAP" render map.json -o one/m.$f; done
$T "$PLANMAP" render map.json -o one/m.png --labels-json one/m.json

no_temps() {
    local left
    left=$(find . -name '.*' ! -name . | head -3)
    [ -z "$left" ] || fail "temporaries left: $left"
    ok
}

# --- one run, three formats ---------------------------------------------------
$T "$PLANMAP" render map.json -o m.png -o m.svg -o m.pdf --labels-json m.json
for f in png svg pdf; do cmp one/m.$f m.$f || fail "m.$f differs from its own run"; ok; done
cmp one/m.json m.json || fail "--labels-json of several -o is not the first's"; ok
# each read by another program
gdalinfo m.png | grep -q 'Size is' || fail "gdalinfo cannot read m.png"; ok
xmllint --noout m.svg || fail "xmllint refuses m.svg"; ok
pdfinfo m.pdf | grep -q '^Pages: *1' || fail "pdfinfo: m.pdf is not one page"; ok
# GeoTIFF and PNG together, world files beside the PNG:
$T "$PLANMAP" render map.json -o g.tif -o g.png --world-file
gdalinfo g.tif | grep -q 'Coordinate System is' || fail "g.tif has no CRS"; ok
[ -s g.pgw ] && [ -s g.prj ] || fail "no world file beside g.png"; ok
cmp one/m.png g.png || fail "g.png beside a GeoTIFF differs"; ok

# --- all or none ------------------------------------------------------------------
rm -f m.*
echo old > keep.png
cp keep.png m.png
expect_fail 3 '^planmap: nodir/m\.pdf: cannot write: No such file or directory$' \
    -- $T "$PLANMAP" render map.json -o m.png -o m.svg -o nodir/m.pdf
[ ! -e m.svg ] || fail "m.svg left by a failed run"; ok
cmp keep.png m.png || fail "m.png from before was replaced by a failed run"; ok
expect_fail 3 '^planmap: nodir/l\.json: cannot write labels: No such file or directory$' \
    -- $T "$PLANMAP" render map.json -o m.png -o m.svg --labels-json nodir/l.json
[ ! -e m.svg ] || fail "m.svg left when the labels failed"; ok
cmp keep.png m.png || fail "m.png replaced when the labels failed"; ok
# a full disk for the last output (a file-size limit): none written
rc=0; (ulimit -f 64; exec $T "$PLANMAP" render map.json -o s.svg -o big.png --dpi 600) 2> fsz.err || rc=$?
[ "$rc" -eq 3 ] && grep -q 'big\.png: cannot write: File too large' fsz.err || fail "ulimit: exit $rc: $(cat fsz.err)"; ok
[ ! -e s.svg ] && [ ! -e big.png ] || fail "outputs left past a file-size limit"; ok
rm -f fsz.err
no_temps

# --- checked before drawing -----------------------------------------------------
expect_fail 2 '^planmap: \./m\.svg: written twice: as the 1st -o and as the 2nd -o$' \
    -- $T "$PLANMAP" render map.json -o m.svg -o ./m.svg
expect_fail 2 '^planmap: m\.pgw: written twice: as its world file and as the 2nd -o$' \
    -- $T "$PLANMAP" render map.json -o m.png -o m.pgw --format png --world-file
expect_fail 2 '^planmap: m\.png: written twice: as the map and as --labels-json$' \
    -- $T "$PLANMAP" render map.json -o m.png --labels-json m.png
expect_fail 3 '^planmap: zones\.geojson: would overwrite an input of the map' \
    -- $T "$PLANMAP" render map.json -o m.png -o zones.geojson --format png
expect_fail 2 '^planmap: render: -o: at most 8 outputs in one run' \
    -- $T "$PLANMAP" render map.json -o 1.png -o 2.png -o 3.png -o 4.png -o 5.png -o 6.png -o 7.png -o 8.png -o 9.png
cmp keep.png m.png || fail "a refused run touched m.png"; ok
[ ! -e m.svg ] || fail "a refused run wrote m.svg"; ok

# --- --format and the extension ------------------------------------------------
expect_fail 2 '^planmap: render: a\.png: the extension says PNG but --format says SVG; rename the file or drop --format$' \
    -- $T "$PLANMAP" render map.json --format svg -o a.png
expect_fail 2 '^planmap: render: a\.tif: the extension says GeoTIFF but --format says PNG' \
    -- $T "$PLANMAP" render map.json --format png -o a.tif
[ ! -e a.png ] && [ ! -e a.tif ] || fail "a format clash wrote a file"; ok
# an extension that names no format takes --format; one that agrees is fine
$T "$PLANMAP" render map.json --format svg -o plain.map -o same.svg
xmllint --noout plain.map && cmp one/m.svg plain.map || fail "--format svg -o plain.map is not the SVG"; ok
$T "$PLANMAP" render map.json --format PNG -o upper.PNG
cmp one/m.png upper.PNG || fail "--format PNG -o upper.PNG"; ok

# --- --world-file needs a PNG ---------------------------------------------------
for o in w.svg w.pdf w.tif; do
    expect_fail 2 "^planmap: render: --world-file: ${o/./\\.} is not a PNG \\((SVG|PDF|GeoTIFF)\\): world files go beside a PNG" \
        -- $T "$PLANMAP" render map.json -o $o --world-file
    [ ! -e $o ] && [ ! -e "${o%.*}.pgw" ] || fail "--world-file with $o wrote something"; ok
done
# with a PNG among them, world files go beside the PNG only
$T "$PLANMAP" render map.json -o w.pdf -o w.png --world-file
[ -s w.pgw ] && [ ! -e w.pdf.pgw ] && gdalinfo w.png | grep -q 'Coordinate System is' \
    || fail "--world-file beside the PNG of several outputs"; ok
no_temps
finish
