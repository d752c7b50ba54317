#!/usr/bin/env bash
# Raster layers as a user sees them: a generated DEM (a cone) shaded with
# the light from the north-west is bright on its north-west flank and dark
# on its south-east one, in a projected CRS, in EPSG:4326 and in EPSG:4490
# (latitude first); a ramp colours it by height; an RGB GeoTIFF warped to
# another CRS shows its colours where they lie, in PNG, SVG and PDF, and
# from a GeoPackage and an MBTiles file; a raster outside the frame draws
# nothing; bad rasters fail with one line naming the file. Every raster is
# made here (tests/tools/make_raster.py); none is real terrain.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
command -v gdal_translate >/dev/null && command -v gdaltransform >/dev/null || {
    echo "gdal_translate and gdaltransform are needed" >&2
    exit 77
}
make_raster() { python3 "$PM_SOURCE_DIR/tests/tools/make_raster.py" "$@"; }

# A cone 2 km high, 10 km across (100 m cells), in UTM 48N near Chengdu.
make_raster cone cone.asc 101 100 395000 3385000 2000
gdal_translate -q -a_srs EPSG:32648 cone.asc cone_utm.tif
# The same shape in degrees (0.001° cells, ~100 m) near Chongqing.
make_raster cone cone_ll.asc 101 0.001 106.45 29.55 2000
gdal_translate -q -a_srs EPSG:4326 cone_ll.asc cone_4326.tif
gdal_translate -q -a_srs EPSG:4490 cone_ll.asc cone_4490.tif

spec() {   # spec FILE SOURCE RASTER_JSON [TOP-LEVEL JSON]
    cat > "$1" <<JSON
{"title": "合成地形，仅示意 / synthetic terrain, for illustration",
 "page": {"width_mm": 120, "height_mm": 120, "dpi": 96}, "legend": false,
 "scale_bar": false, "north_arrow": false ${4:+, $4},
 "layers": [{"name": "terrain", "source": "$2", "raster": $3}]}
JSON
}

# to_pixel LABELS_JSON SRC_CRS X Y → page pixel of that point.
to_pixel() {
    local crs
    crs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["crs"])' "$1")
    echo "$3 $4" | gdaltransform -s_srs "$2" -t_srs "$crs" -output_xy \
        | python3 -c 'import json,sys; x,y=map(float,sys.stdin.read().split()[:2]); t=json.load(open(sys.argv[1]))["map_to_page"]; print(round(t[0]*x+t[1]), round(t[2]*y+t[3]))' "$1"
}

# grey PNG X Y → the grey level there (the channels must agree).
grey() {
    "$PM_IMGCHECK" median "$1" "$2" "$3" 2 | python3 -c '
import sys
c = sys.stdin.read().strip(); r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
assert max(r, g, b) - min(r, g, b) <= 3, c
print(r)'
}

# lit_and_dark NAME SRC_CRS CX CY D: the flank D map units north-west of the
# centre is lit (> 200), the one south-east is in shadow (< 150).
lit_and_dark() {
    local png=$1.png json=$1.json px py nw se
    read -r px py < <(to_pixel "$json" "$2" "$(echo "$3 - $5" | bc -l)" "$(echo "$4 + $5" | bc -l)")
    nw=$(grey "$png" "$px" "$py") || fail "$1: no grey at the north-west flank ($px, $py)"
    read -r px py < <(to_pixel "$json" "$2" "$(echo "$3 + $5" | bc -l)" "$(echo "$4 - $5" | bc -l)")
    se=$(grey "$png" "$px" "$py") || fail "$1: no grey at the south-east flank ($px, $py)"
    [ "$nw" -gt 200 ] && [ "$se" -lt 150 ] || fail "$1: north-west flank $nw, south-east flank $se"
    ok
}

# render NAME SOURCE RASTER_JSON [TOP]: NAME.png and its labels JSON NAME.json.
render() {
    spec "$1.map.json" "$2" "$3" "${4:-}"
    "$PLANMAP" render "$1.map.json" -o "$1.png" --labels-json "$1.json" || fail "render $1"
}

# Hillshade in a projected CRS (the map's own, auto), in EPSG:4326 and
# EPSG:4490 rasters (degrees to metres) drawn on an auto map and on maps in
# those CRSs; 3.5 km / 0.035° from the top.
render utm cone_utm.tif '{"hillshade": true}'
lit_and_dark utm EPSG:32648 400050 3390050 1500
render ll cone_4326.tif '{"hillshade": {"azimuth": 315, "altitude": 45}}'
lit_and_dark ll EPSG:4326 106.5005 29.6005 0.015
render ll_geo cone_4326.tif '{"hillshade": true}' '"crs": "EPSG:4326"'
lit_and_dark ll_geo EPSG:4326 106.5005 29.6005 0.015
render cgcs cone_4490.tif '{"hillshade": true}' '"crs": "EPSG:4490"'
lit_and_dark cgcs EPSG:4326 106.5005 29.6005 0.015
# The light from the south-east swaps the sides.
render se cone_utm.tif '{"hillshade": {"azimuth": 135}}'
read -r px py < <(to_pixel se.json EPSG:32648 398550 3391550)
[ "$(grey se.png "$px" "$py")" -lt 150 ] || fail "light from the south-east: the north-west flank is lit"
ok
# Multidirectional: no flank in deep shadow.
render multi cone_utm.tif '{"hillshade": {"multidirectional": true}}'
read -r px py < <(to_pixel multi.json EPSG:32648 401550 3388550)
[ "$(grey multi.png "$px" "$py")" -gt 40 ] || fail "multidirectional: the south-east flank is black"
ok
# Outside the cone's foot (nodata) nothing is drawn: the page shows.
read -r px py < <(to_pixel utm.json EPSG:32648 395300 3385300)
[ "$("$PM_IMGCHECK" pixel utm.png "$px" "$py")" = "#ffffff" ] || fail "nodata is not transparent"
ok

# A ramp: the summit red, the foot blue, half way between them purple.
render ramp cone_utm.tif '{"ramp": [[0, "#0000ff"], [2000, "#ff0000"]], "resampling": "nearest"}'
read -r px py < <(to_pixel ramp.json EPSG:32648 400050 3390050)
c=$("$PM_IMGCHECK" median ramp.png "$px" "$py" 1)
python3 -c 'import sys; c=sys.argv[1]; r,g,b=(int(c[i:i+2],16) for i in (1,3,5)); sys.exit(0 if r > 230 and b < 30 else 1)' "$c" \
    || fail "ramp: the summit is $c"
read -r px py < <(to_pixel ramp.json EPSG:32648 402550 3390050)
c=$("$PM_IMGCHECK" median ramp.png "$px" "$py" 1)
python3 -c 'import sys; c=sys.argv[1]; r,g,b=(int(c[i:i+2],16) for i in (1,3,5)); sys.exit(0 if abs(r - b) < 40 and r > 90 and g < 20 else 1)' "$c" \
    || fail "ramp: half way down is $c"
ok

# An RGB image in UTM 48N (quarters red NW, green NE, blue SW, yellow SE)
# drawn on a Web Mercator map.
for b in 1 2 3; do make_raster quad "q$b.asc" 200 50 395000 3385000 "$b"; done
gdalbuildvrt -q -separate q.vrt q1.asc q2.asc q3.asc
gdal_translate -q -ot Byte -a_srs EPSG:32648 -co PHOTOMETRIC=RGB q.vrt rgb.tif
quarters() {   # quarters PNG LABELS: each quarter's centre has its colour
    local want x y px py c
    while read -r want x y; do
        read -r px py < <(to_pixel "$2" EPSG:32648 "$x" "$y")
        c=$("$PM_IMGCHECK" median "$1" "$px" "$py" 2)
        [ "$c" = "$want" ] || fail "$1: at ($x, $y) → ($px, $py): $c, not $want"
    done <<'Q'
#ff0000 397500 3392500
#00a000 402500 3392500
#0000ff 397500 3387500
#ffdc00 402500 3387500
Q
    ok
}
render rgb rgb.tif '{"resampling": "nearest"}' '"crs": "EPSG:3857"'
quarters rgb.png rgb.json
# The same in SVG and PDF: an embedded image, read back at the PNG's 96 dpi.
"$PLANMAP" render rgb.map.json -o rgb.svg && "$PLANMAP" render rgb.map.json -o rgb.pdf
grep -q '<image' rgb.svg || fail "the SVG has no image"
grep -aq '/Subtype /Image' rgb.pdf || fail "the PDF has no image"
if command -v rsvg-convert >/dev/null; then
    rsvg-convert rgb.svg -o rgb_svg.png && quarters rgb_svg.png rgb.json
fi
if command -v pdftoppm >/dev/null; then
    pdftoppm -r 96 -png -singlefile rgb.pdf rgb_pdf && quarters rgb_pdf.png rgb.json
fi
# Bands picked and swapped: [3, 2, 1] draws the red quarter blue.
render bgr rgb.tif '{"bands": [3, 2, 1], "resampling": "nearest"}'
read -r px py < <(to_pixel bgr.json EPSG:32648 397500 3392500)
[ "$("$PM_IMGCHECK" median bgr.png "$px" "$py" 2)" = "#0000ff" ] || fail "bands [3, 2, 1]"
ok
# Opacity: half the red over the white page.
render half rgb.tif '{"opacity": 0.5, "resampling": "nearest"}'
read -r px py < <(to_pixel half.json EPSG:32648 397500 3392500)
c=$("$PM_IMGCHECK" median half.png "$px" "$py" 2)
[ "$c" = "#ff8080" ] || [ "$c" = "#ff7f7f" ] || fail "opacity 0.5 over white: $c"
ok

# GeoPackage and MBTiles rasters (tiles read offline).
gdal_translate -q -of GPKG rgb.tif rgb.gpkg
render gpkg rgb.gpkg '{"resampling": "nearest"}'
quarters gpkg.png gpkg.json
gdalwarp -q -t_srs EPSG:3857 -r near -dstalpha rgb.tif rgb3857.tif
gdal_translate -q -of MBTILES rgb3857.tif rgb.mbtiles
render mbtiles rgb.mbtiles '{"resampling": "nearest"}'
quarters mbtiles.png mbtiles.json

# A raster outside the frame draws nothing and is no error.
render away cone_utm.tif '{"hillshade": true}' '"extent": {"bbox": [110, 20, 110.1, 20.1]}'
[ "$("$PM_IMGCHECK" median away.png 200 250 20)" = "#ffffff" ] || fail "a raster outside the frame drew"
ok

# A raster counts for the extent when named in extent.fit.
cat > fit.map.json <<JSON
{"title": "t", "legend": false, "extent": {"fit": ["terrain"], "margin": 0},
 "layers": [{"name": "pt", "source": "pt.geojson"},
            {"name": "terrain", "source": "cone_utm.tif", "raster": {"hillshade": true}}]}
JSON
echo '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [104.0, 30.6]}}]}' > pt.geojson
"$PLANMAP" render fit.map.json -o fit.png --labels-json fit.json
python3 - <<'PY' || fail "extent.fit on a raster layer: the frame does not hold the raster"
import json, subprocess
j = json.load(open("fit.json"))
out = subprocess.run(["gdaltransform", "-s_srs", "EPSG:4326", "-t_srs", j["crs"], "-output_xy"],
                     input="103.9038 30.5929\n104.0101 30.6849\n", capture_output=True, text=True).stdout.split()
x0, y0, x1, y1 = map(float, out[:4])
t, f = j["map_to_page"], j["map_frame"]
px = [t[0] * x + t[1] for x in (x0, x1)]
py = [t[2] * y + t[3] for y in (y0, y1)]
assert f[0] - 3 <= min(px) and max(px) <= f[0] + f[2] + 3, (px, f)
assert f[1] - 3 <= min(py) and max(py) <= f[1] + f[3] + 3, (py, f)
PY
ok

# planmap info describes a raster.
"$PLANMAP" info cone_utm.tif > info.txt
grep -q '^raster: 101 x 101 pixels, 1 band$' info.txt || fail "info: $(cat info.txt)"
grep -q '^band 1: Float32, Gray, nodata -9999, 0 overviews$' info.txt || fail "info: $(cat info.txt)"
grep -q 'crs: WGS 84 / UTM zone 48N (EPSG:32648), projected' info.txt || fail "info: $(cat info.txt)"
grep -q 'extent (lon/lat): 103.9' info.txt || fail "info: $(cat info.txt)"
ok

# Bad rasters: one line naming the file, exit 5 (3 for a missing one).
echo "not a raster" > junk.tif
spec junk.map.json junk.tif '{"hillshade": true}'
expect_fail 5 '^planmap: junk.map.json: layers\[0\] \(terrain\): .*junk.tif: not a raster GDAL can read' -- "$PLANMAP" render junk.map.json -o junk.png
gdal_translate -q cone.asc nocrs.tif
spec nocrs.map.json nocrs.tif '{"hillshade": true}'
expect_fail 5 'nocrs.tif: a raster without georeferencing' -- "$PLANMAP" render nocrs.map.json -o nocrs.png
spec gone.map.json gone.tif '{}'
expect_fail 3 'gone.tif: cannot read' -- "$PLANMAP" render gone.map.json -o gone.png
spec band.map.json rgb.tif '{"bands": [5]}'
expect_fail 5 'rgb.tif: no band 5 \(the raster has 3\)' -- "$PLANMAP" render band.map.json -o band.png
[ ! -e junk.png ] && [ ! -e nocrs.png ] && [ ! -e band.png ] || fail "a failed render left an output"
ok
# A raster layer takes no feature keys (spec error, exit 4).
spec where.map.json cone_utm.tif '{}, "where": {"a": 1}'
expect_fail 4 'layers\[0\]\.where: a raster layer has no features' -- "$PLANMAP" render where.map.json -o where.png

echo "raster: $checks checks passed"
