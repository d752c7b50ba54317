# planmap export SPEC -o MAP.qgz with raster layers: QGIS draws the same
# files (named relative to the project) as planmap draws them — a DEM by its
# colour ramp with the relief shaded over it, imagery as its bands with the
# layer's opacity — in the spec's order under and over the vector layers.
# Headless QGIS (tests/tools/qgis_project.py) exports the layout and compares
# colours where only the rasters are drawn, and inside the polygons, with
# planmap's PNG. Unlike cases: a map in EPSG:4490 (latitude first), a raster
# in that CRS, a polygon layer whose names are English only, and project and
# rasters in different folders. Every raster is made here (make_raster.py).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/qgis.sh"
command -v gdal_translate >/dev/null || fail "gdal_translate is needed"
make_raster() { python3 "$PM_SOURCE_DIR/tests/tools/make_raster.py" "$@"; }

# A cone 2 km high in degrees near Chongqing (EPSG:4490, latitude first), and
# an RGB picture in EPSG:4326 over the same place (quarters of colours).
mkdir -p data maps out
make_raster cone data/cone.asc 101 0.001 106.45 29.55 2000
gdal_translate -q -a_srs EPSG:4490 data/cone.asc data/cone_4490.tif
for b in 1 2 3; do make_raster quad "data/q$b.asc" 200 0.0005 106.45 29.55 "$b"; done
gdalbuildvrt -q -separate data/q.vrt data/q1.asc data/q2.asc data/q3.asc
gdal_translate -q -ot Byte -a_srs EPSG:4326 -co PHOTOMETRIC=RGB data/q.vrt data/rgb.tif
# Two parks, named in English only, over part of the cone.
cat > data/parks.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "North Park"}, "geometry": {"type": "Polygon",
  "coordinates": [[[106.46, 29.63], [106.49, 29.63], [106.49, 29.645], [106.46, 29.645], [106.46, 29.63]]]}},
 {"type": "Feature", "properties": {"name": "Riverside Gardens"}, "geometry": {"type": "Polygon",
  "coordinates": [[[106.51, 29.56], [106.545, 29.56], [106.545, 29.58], [106.51, 29.58], [106.51, 29.56]]]}}]}
EOF

parks='{"name": "parks", "source": "../data/parks.geojson",
        "style": {"fill": "#9fd08a", "stroke": "#3d7a32", "width": 1, "label": "name",
                  "font_size": 9}}'
# Terrain: the ramp with the relief over it, the map in EPSG:4490.
cat > maps/terrain.json <<EOF
{"title": "Synthetic terrain, for illustration", "crs": "EPSG:4490",
 "page": {"width_mm": 160, "height_mm": 150, "dpi": 110}, "legend": false,
 "layers": [
  {"name": "terrain", "source": "../data/cone_4490.tif",
   "raster": {"hillshade": {"azimuth": 315, "altitude": 45},
              "ramp": [[0, "#c8dcb4"], [800, "#e8d8a8"], [2000, "#c8a078"]], "opacity": 0.9}},
  $parks]}
EOF
"$PLANMAP" export maps/terrain.json -o out/terrain.qgz
python3 - out/terrain.qgz <<'PY' || fail "terrain.qgz does not name its rasters relative to itself"
import sys, zipfile
text = zipfile.ZipFile(sys.argv[1]).read("terrain.qgs").decode("utf-8")
assert text.count("<datasource>../data/cone_4490.tif</datasource>") == 2, "two layers of the DEM"
assert 'type="singlebandpseudocolor"' in text and 'type="hillshade"' in text
assert "<blendMode>6</blendMode>" in text, "the shade is not multiplied over the colours"
PY
ok
qgis_compare maps/terrain.json out/terrain.qgz EPSG:4490 || fail "QGIS check of terrain.qgz"; ok

# Imagery: bands as they are, half see-through over a shaded relief, on an
# auto map (the rasters are warped by QGIS as by planmap).
cat > maps/imagery.json <<EOF
{"title": "Synthetic imagery", "page": {"width_mm": 150, "height_mm": 150, "dpi": 100},
 "legend": false,
 "layers": [
  {"name": "relief", "source": "../data/cone_4490.tif", "raster": {"hillshade": true}},
  {"name": "imagery", "source": "../data/rgb.tif",
   "raster": {"opacity": 0.5, "resampling": "nearest"}},
  $parks]}
EOF
"$PLANMAP" export maps/imagery.json -o out/imagery.qgs
grep -q 'type="multibandcolor" redBand="1" greenBand="2" blueBand="3" opacity="0.5"' out/imagery.qgs \
    || fail "imagery.qgs does not draw the picture's bands at half opacity"; ok
qgis_compare maps/imagery.json out/imagery.qgs || fail "QGIS check of imagery.qgs"; ok

# The check can fail: the relief drawn without its shade.
sed 's/type="hillshade"/type="singlebandgray" grayBand="1"/' out/imagery.qgs > out/flat.qgs
if "$QGIS_PY" "$qgis_check" out/flat.qgs maps/imagery.json out/imagery.planmap.png \
        out/imagery.labels.json out/flat.png >/dev/null 2>&1; then
    fail "the QGIS check passed a project whose relief is not shaded"
fi
ok

# A raster GDAL cannot read fails the export as it fails the map, naming it.
printf 'not a raster' > data/bad.tif
sed 's/cone_4490.tif/bad.tif/' maps/imagery.json > maps/bad.json
expect_fail 5 'bad.tif' -- "$PLANMAP" export maps/bad.json -o out/bad.qgz
[ ! -e out/bad.qgz ] && [ ! -e out/bad.gpkg ] || fail "a failed export left a file"; ok
finish
