#!/usr/bin/env bash
# A PDF's layers: each data layer and each part of the page (background,
# labels, frame, furniture, title, notes) is an optional content group,
# named as the SVG's Inkscape layers are. GDAL's PDF driver lists them
# (gdalinfo -mdd LAYERS) in drawing order, Chinese names included, and
# turning one off (GDAL_PDF_LAYERS_OFF) takes its features off the page
# while the rest stays; poppler (pdftoppm) draws every layer, as the PNG.
# The georeferencing (GeoPDF) is kept.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
command -v gdalinfo >/dev/null && command -v pdftoppm >/dev/null || { echo "no gdalinfo/pdftoppm"; exit 77; }

geojson zones.geojson \
    "$(feature a Polygon '[[[104.0, 30.0], [104.05, 30.0], [104.05, 30.1], [104.0, 30.1], [104.0, 30.0]]]')"
geojson roads.geojson "$(feature r LineString '[[104.07, 30.0], [104.07, 30.1]]')"
# 72 dpi: one PNG pixel is one PDF point, as GDAL and pdftoppm draw it below.
cat > map.json <<'EOF'
{"title": "t", "crs": "EPSG:4326", "page": {"width_mm": 200, "height_mm": 200, "dpi": 72},
 "legend": false, "notes": ["n"],
 "layers": [
  {"name": "绿地 zones", "source": "zones.geojson", "style": {"fill": "#2050c0", "label": null}},
  {"name": "roads", "source": "roads.geojson", "style": {"stroke": "#c02020", "width": 8, "label": null}}]}
EOF
"$PLANMAP" render map.json -o map.pdf -o map.png --labels-json labels.json || fail "render"

pdfinfo map.pdf > /dev/null 2> pdfinfo.err || fail "pdfinfo cannot read the PDF"
[ ! -s pdfinfo.err ] || fail "poppler complains: $(cat pdfinfo.err)"; ok
gdalinfo map.pdf | grep -q 'Coordinate System is' || fail "the PDF lost its georeferencing"; ok
gdalinfo -mdd LAYERS map.pdf | sed -n 's/^ *LAYER_[0-9]*_NAME=//p' | tr '\n' '|' > layers.txt
# GDAL writes a name's spaces as _
want='Background|绿地_zones|roads|Labels|Map_frame|Scale_bar_and_north_arrow|Title|Notes|'
[ "$(cat layers.txt)" = "$want" ] || fail "GDAL lists the layers $(cat layers.txt), expected $want"; ok

# where the zone and the road are, in points (= pixels at 72 dpi)
python3 - labels.json <<'EOF' > spots
import json, sys
d = json.load(open(sys.argv[1]))
sx, tx, sy, ty = d["map_to_page"]
for lon, lat, what in ((104.025, 30.05, "zone"), (104.07, 30.05, "road")):
    print(round(sx * lon + tx), round(sy * lat + ty), what)
EOF
read -r zx zy _ < <(sed -n 1p spots)
read -r rx ry _ < <(sed -n 2p spots)
at() { "$PM_IMGCHECK" median "$1" "$2" "$3" 2; }
gdal_translate -q -of PNG --config GDAL_PDF_DPI 72 map.pdf all.png
gdal_translate -q -of PNG --config GDAL_PDF_DPI 72 --config GDAL_PDF_LAYERS_OFF "绿地_zones" map.pdf nozones.png
pdftoppm -r 72 -png -singlefile map.pdf poppler
for img in all.png poppler.png; do
    [ "$(at "$img" "$zx" "$zy")" = "$(at map.png "$zx" "$zy")" ] ||
        fail "$img: the zone is $(at "$img" "$zx" "$zy"), the PNG's $(at map.png "$zx" "$zy")"; ok
    [ "$(at "$img" "$rx" "$ry")" = "$(at map.png "$rx" "$ry")" ] ||
        fail "$img: the road is $(at "$img" "$rx" "$ry"), the PNG's $(at map.png "$rx" "$ry")"; ok
done
[ "$(at nozones.png "$zx" "$zy")" = "#ffffff" ] ||
    fail "the zones layer turned off still shows $(at nozones.png "$zx" "$zy")"; ok
[ "$(at nozones.png "$rx" "$ry")" = "$(at map.png "$rx" "$ry")" ] ||
    fail "turning the zones off took the road too: $(at nozones.png "$rx" "$ry")"; ok

echo "geopdf_layers: $checks checks passed"
