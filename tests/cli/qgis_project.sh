# planmap export SPEC -o MAP.qgz: the QGIS project opens in QGIS as the same map.
# QGIS (headless) reads the project, exports its print layout to PNG, and
# tests/tools/qgis_project.py compares that with planmap's own PNG: CRS, layer
# order, extent, page size, fill colours at polygons' inside points, labels placed.
. "$(dirname "$0")/lib/common.sh"
data="$PM_SOURCE_DIR/data"
. "$(dirname "$0")/lib/qgis.sh"

# Bundled maps: as .qgz (with an inset), as .qgs.
"$PLANMAP" export "$data/maps/004-chongqing-layout.json" -o layout.qgz
[ -f layout.gpkg ] || fail "no layout.gpkg beside layout.qgz"; ok
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; assert z.namelist() == ["layout.qgs"], z.namelist()' layout.qgz \
    || fail "layout.qgz is not a zip holding layout.qgs"; ok
qgis_compare "$data/maps/004-chongqing-layout.json" layout.qgz || fail "QGIS check of layout.qgz"; ok

# Classes by value (classify) and sizes by value (size_by): QGIS draws the map's.
"$PLANMAP" export "$data/maps/004-chongqing-project-counts.json" -o counts.qgz
qgis_compare "$data/maps/004-chongqing-project-counts.json" counts.qgz || fail "QGIS check of counts.qgz"; ok

# Numbered project badges and the project table, as layout items.
"$PLANMAP" export "$data/maps/004-chongqing-projects.json" -o projects.qgs
qgis_compare "$data/maps/004-chongqing-projects.json" projects.qgs || fail "QGIS check of projects.qgs"; ok
# The check can fail: a badge with another number.
sed 's/labelText="1"/labelText="100"/' projects.qgs > renumbered.qgs
if "$QGIS_PY" "$qgis_check" renumbered.qgs "$data/maps/004-chongqing-projects.json" \
        projects.planmap.png projects.labels.json renumbered.png >/dev/null 2>&1; then
    fail "the QGIS check passed a project whose badge 1 reads 100"
fi
ok

"$PLANMAP" export "$data/maps/000-chengdu-htz-structure.json" -o structure.qgs
xmllint --noout structure.qgs || fail "structure.qgs is not well-formed XML"; ok
grep -q '<datasource>./structure.gpkg|layername=' structure.qgs \
    || fail "structure.qgs does not name its GeoPackage relative to itself"; ok
qgis_compare "$data/maps/000-chengdu-htz-structure.json" structure.qgs || fail "QGIS check of structure.qgs"; ok

# A spec of our own in Web Mercator, labels in Chinese and English.
mkdir -p own
plans="$data/plans/004-chongqing-htz"
cat > own/mercator.json <<EOF
{"title": "重庆高新区 Web Mercator", "subtitle": "EPSG:3857, zh+en", "theme": "plan",
 "crs": "EPSG:3857", "lang": "zh+en", "page": {"width_mm": 297, "height_mm": 210, "dpi": 120},
 "extent": {"fit": ["areas"], "margin": 0.05},
 "layers": [
  {"name": "areas", "source": "$plans/areas.geojson"},
  {"name": "lines", "source": "$plans/lines.geojson"},
  {"name": "points", "source": "$plans/points.geojson"}]}
EOF
"$PLANMAP" export own/mercator.json -o own/mercator.qgz
ogrinfo -ro -so own/mercator.gpkg areas | grep -q 'EPSG.*3857\|Pseudo-Mercator' \
    || fail "own/mercator.gpkg is not in EPSG:3857"; ok
qgis_compare own/mercator.json own/mercator.qgz EPSG:3857 || fail "QGIS check of own/mercator.qgz"; ok
# zh+en: QGIS draws the English second line (an expression over name and name_en).
python3 - own/mercator.qgz <<'PY' || fail "zh+en labels are not an expression over name and name_en"
import sys, zipfile
text = zipfile.ZipFile(sys.argv[1]).read("mercator.qgs").decode("utf-8")
assert "attribute(&apos;name_en&apos;)" in text, "no name_en in the label expression"
assert 'obstacleType="1"' in text, "polygon labels are not boundary obstacles"
PY
ok

# The check can fail: a project whose map item shows another extent.
sed 's/<Extent xmin="[^"]*"/<Extent xmin="0"/' structure.qgs > shifted.qgs
if "$QGIS_PY" "$qgis_check" shifted.qgs "$data/maps/000-chengdu-htz-structure.json" \
        structure.planmap.png structure.labels.json shifted.png >/dev/null 2>&1; then
    fail "the QGIS check passed a project with another extent"
fi
ok

# --sidecars: a .qml beside a GeoJSON, none beside a GeoPackage (QGIS reads its styles inside).
mkdir -p side
cp "$plans/areas.geojson" side/areas.geojson
ogr2ogr side/points.gpkg "$plans/points.geojson" -nln points 2>/dev/null
ogr2ogr -update side/points.gpkg "$plans/lines.geojson" -nln lines 2>/dev/null
"$PLANMAP" export side -o side.gpkg --sidecars
[ -f side/areas.qml ] && [ ! -e side/points.qml ] || fail "sidecars: $(ls side)"; ok
# Every layer of a GeoPackage of several: one table each, named after file and layer.
tables=$(ogrinfo -ro -q side.gpkg | sed -E 's/^[0-9]+: ([^ ]+).*/\1/' | sort | tr '\n' ' ')
[ "$tables" = "layer_styles side_areas side_points_lines side_points_points " ] \
    || fail "export of a folder with a two-layer GeoPackage: tables $tables"; ok
n=$(ogrinfo -ro -q side.gpkg -sql "SELECT COUNT(*) AS n FROM side_points_lines" | sed -n 's/.*n (Integer) = //p')
want=$(ogrinfo -ro -q side/points.gpkg -sql "SELECT COUNT(*) AS n FROM lines" | sed -n 's/.*n (Integer) = //p')
[ "$n" = "$want" ] || fail "side_points_lines: $n features, the source's lines layer has $want"; ok

# Errors: one line, the documented exit code, nothing left behind.
expect_fail 2 'needs a map spec' -- "$PLANMAP" export own -o x.qgz
printf '{"title": "t", "layers": [{"name": "a", "source": "clash.gpkg"}]}' > own/clash.json
ogr2ogr own/clash.gpkg "$plans/areas.geojson" 2>/dev/null
expect_fail 3 'clash.gpkg' -- "$PLANMAP" export own/clash.json -o own/clash.qgz
[ ! -e own/clash.qgz ] && [ ! -e x.qgz ] || fail "a failed project export left a file"; ok
[ -z "$(ls -a own | grep '\.tmp\|\.gpkg\.')" ] || fail "a temporary was left behind"; ok
finish
