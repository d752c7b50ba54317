# planmap export: GeoPackage layers, counts and styles as QGIS sees them.
. "$(dirname "$0")/lib/common.sh"
data="$PM_SOURCE_DIR/data"
spec="$data/maps/004-chongqing-layout.json"
QGIS_PY=/usr/bin/python3
check="$PM_SOURCE_DIR/tests/tools/qgis_check.py"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$PM_WORK/xdg"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# From a spec: one table per spec layer, filtered as drawn, plus layer_styles.
"$PLANMAP" export "$spec" -o spec.gpkg
layers=$(ogrinfo -ro -q -nomd spec.gpkg | sed -E 's/^[0-9]+: ([^ ]+).*/\1/' | sort | tr '\n' ' ')
want=$(python3 -c 'import json,sys; print(" ".join(sorted([l["name"] for l in json.load(open(sys.argv[1]))["layers"]]+["layer_styles"])))' "$spec")
[ "$layers" = "$want " ] || fail "spec export layers: '$layers', expected '$want '"; ok
n=$(ogrinfo -ro -q spec.gpkg -sql "SELECT COUNT(*) AS n FROM zones" | sed -n 's/.*n (Integer) = //p')
[ "$n" = 3 ] || fail "zones: $n features, expected the 3 zones"; ok
n=$(ogrinfo -ro -q spec.gpkg -sql "SELECT COUNT(*) AS n FROM layer_styles WHERE useAsDefault = 1 AND styleQML LIKE '<!DOCTYPE qgis%' AND styleSLD LIKE '<?xml%StyledLayerDescriptor%'" | sed -n 's/.*n (Integer) = //p')
# One default style per spec layer: the count follows the spec, not a number written here.
nl=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["layers"]))' "$spec")
[ "$n" = "$nl" ] || fail "layer_styles: $n default styles with QML and SLD, expected $nl (one per spec layer)"; ok
# The tables keep the map's CRS (the spec's "auto": a local transverse Mercator).
ogrinfo -ro -so -nomd spec.gpkg zones | grep -q 'Transverse Mercator' \
    || fail "spec.gpkg is not in the map's CRS"; ok
# The SLD is well-formed XML with one rule per zone role.
python3 - spec.gpkg <<'PY' || fail "zones SLD: not three filtered rules"
import sqlite3, sys, xml.etree.ElementTree as ET
db = sqlite3.connect(sys.argv[1])
text = db.execute("SELECT styleSLD FROM layer_styles WHERE f_table_name = 'zones'").fetchone()[0]
root = ET.fromstring(text.encode("utf-8"))
se = "{http://www.opengis.net/se}"
rules = root.findall(f".//{se}Rule")
assert len(rules) == 3, len(rules)
assert all(r.find("{http://www.opengis.net/ogc}Filter") is not None for r in rules)
assert rules[0].find(f".//{se}PolygonSymbolizer") is not None
PY
ok

# The style table has the columns QGIS creates; list properties are JSON arrays.
python3 - spec.gpkg <<'PY' || fail "layer_styles columns or JSON lists"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in db.execute("PRAGMA table_info(layer_styles)")]
assert cols == ["id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui",
                "update_time"], cols
(functions,) = db.execute("SELECT functions FROM zones WHERE id = 'beibu-yanfa'").fetchone()
assert "基础研究" in json.loads(functions), functions
PY
ok

# From a folder: every vector file, basemap too; sidecars beside the GeoJSON.
cp -r "$data" data
"$PLANMAP" export data -o all.gpkg --sidecars
n_files=$(find data -name '*.geojson' | wc -l)
n_layers=$(ogrinfo -ro -q all.gpkg | grep -vc layer_styles)
[ "$n_layers" = "$n_files" ] || fail "folder export: $n_layers layers for $n_files files"; ok
ogrinfo -ro -q all.gpkg basemap_provinces -so >/dev/null || fail "no basemap_provinces layer"; ok
[ "$(find data -name '*.qml' | wc -l)" = "$n_files" ] || fail "not one .qml sidecar per GeoJSON"; ok

# QGIS itself: every layer loads, counts match, the default style is applied.
# scripts/setup.sh --tests (scripts/test.sh) installs python3-qgis (~80 s, 650 MB), so this is not optional.
"$QGIS_PY" -c 'import qgis.core' 2>/dev/null || fail "python3-qgis is not installed: run scripts/setup.sh --tests"
"$QGIS_PY" "$check" spec "$spec" spec.gpkg 2>&1 | grep -v XDG_RUNTIME || fail "QGIS check of spec.gpkg"; ok
"$QGIS_PY" "$check" dir data all.gpkg 2>&1 | grep -v XDG_RUNTIME || fail "QGIS check of all.gpkg"; ok
"$QGIS_PY" "$check" sidecar data/plans/004-chongqing-htz/areas.geojson 2>&1 | grep -v XDG_RUNTIME \
    || fail "QGIS check of the areas.qml sidecar"; ok
# The check can fail: without its stored style, QGIS falls back to one symbol.
cp spec.gpkg nostyle.gpkg
ogrinfo -q nostyle.gpkg -sql "DELETE FROM layer_styles WHERE f_table_name = 'zones'" >/dev/null
if "$QGIS_PY" "$check" spec "$spec" nostyle.gpkg >/dev/null 2>&1; then
    fail "QGIS check passed on a GeoPackage without the zones style"
fi
ok

# Errors: one line, non-zero exit, no file left behind.
expect_fail 2 'use -o FILE.gpkg' -- "$PLANMAP" export "$spec" -o out.png
expect_fail 2 'no SPEC or DIR' -- "$PLANMAP" export -o x.gpkg
expect_fail 3 'missing.json' -- "$PLANMAP" export missing.json -o x.gpkg
expect_fail 3 'no vector files' -- "$PLANMAP" export xdg -o x.gpkg
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
    expect_fail 3 'ro/x.gpkg' -- "$PLANMAP" export "$spec" -o ro/x.gpkg
fi
printf '{"title": "t", "layers": [{"name": "a", "source": "nope.geojson"}]}' > bad.json
expect_fail 3 'nope.geojson' -- "$PLANMAP" export bad.json -o bad.gpkg
[ -z "$(ls -A ro)" ] && [ ! -e bad.gpkg ] && [ ! -e x.gpkg ] || fail "a failed export left a file"; ok
[ -z "$(ls -a | grep '\.gpkg\.')" ] || fail "a temporary GeoPackage was left behind"; ok
finish
