# A GeoPackage from `planmap export SPEC` carries its spec (gpkg_metadata), so
# `planmap render map.gpkg` draws the same map again from the GeoPackage alone.
. "$(dirname "$0")/lib/common.sh"
data="$PM_SOURCE_DIR/data"

# same_pixels A B: the two PNGs have the same size and the same pixels but
# for labels that found other places by a hair (tables in another CRS are
# projected twice, and a label's candidates tie): under 0.5 % of 4×4 blocks
# differ by more than 64 (a deleted zone: 3 %).
same_pixels() {
    [ "$("$PM_IMGCHECK" size "$1")" = "$("$PM_IMGCHECK" size "$2")" ] || return 1
    local far
    far=$("$PM_IMGCHECK" compare "$1" "$2" | sed -n 's/.*far=//p')
    echo "$(basename "$2"): far=$far" >> pixels.log
    awk -v f="$far" 'BEGIN { exit !(f < 0.005) }'
}

for map in 004-chongqing-layout 004-chongqing-project-counts 001-park-city-green; do
    spec="$data/maps/$map.json"
    "$PLANMAP" export "$spec" -o "$map.gpkg"
    python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); assert any("PLANMAP_SPEC" in m for (m,) in db.execute("SELECT metadata FROM gpkg_metadata"))' "$map.gpkg" \
        || fail "$map.gpkg carries no spec in gpkg_metadata"; ok
    # Moved away from the data: it reads its own tables.
    mkdir -p moved && mv "$map.gpkg" moved/
    "$PLANMAP" render "$spec" -o "$map.png"
    "$PLANMAP" render "moved/$map.gpkg" -o "$map.from-gpkg.png"
    same_pixels "$map.png" "$map.from-gpkg.png" || fail "$map: the map drawn from its GeoPackage differs"; ok
done
# The stored spec reads the GeoPackage's tables, not the original files.
python3 - moved/004-chongqing-layout.gpkg <<'PY' || fail "the stored spec does not read the GeoPackage's tables"
import json, sqlite3, sys, xml.etree.ElementTree as ET
db = sqlite3.connect(sys.argv[1])
(md,) = db.execute("SELECT metadata FROM gpkg_metadata").fetchone()
item = [i for i in ET.fromstring(md).iter("MDI") if i.get("key") == "PLANMAP_SPEC"][0]
spec = json.loads(item.text)
assert all(l["source"] == "004-chongqing-layout.gpkg" for l in spec["layers"]), spec["layers"]
assert [l["layer"] for l in spec["layers"]] == [l["name"] for l in spec["layers"]]
PY
ok
# The check can fail: a changed table draws another map.
cp moved/004-chongqing-layout.gpkg changed.gpkg
ogrinfo -q changed.gpkg -sql "DELETE FROM zones WHERE fid = 1" >/dev/null
"$PLANMAP" render changed.gpkg -o changed.png
if same_pixels 004-chongqing-layout.png changed.png; then
    fail "a GeoPackage with a zone deleted drew the same map"
fi
ok

# --crs: the map's (the default), WGS84, the sources' own, or one named.
spec="$data/maps/004-chongqing-layout.json"
srs() { ogrinfo -ro -so -nomd "$1" zones | grep -E '^(PROJCRS|GEOGCRS)\['; }
"$PLANMAP" export "$spec" -o wgs84.gpkg --crs wgs84
srs wgs84.gpkg | grep -q 'GEOGCRS\["WGS 84"' || fail "--crs wgs84: $(srs wgs84.gpkg)"; ok
"$PLANMAP" export "$spec" -o gk.gpkg --crs EPSG:4547
srs gk.gpkg | grep -q 'CGCS2000 / 3-degree Gauss-Kruger CM 114E' || fail "--crs EPSG:4547: $(srs gk.gpkg)"; ok
"$PLANMAP" export "$spec" -o own.gpkg --crs source
srs own.gpkg | grep -q 'GEOGCRS\["WGS 84"' || fail "--crs source (GeoJSON, WGS84): $(srs own.gpkg)"; ok
# In any CRS the GeoPackage draws the same map.
for g in wgs84 gk; do
    "$PLANMAP" render $g.gpkg -o $g.png
    same_pixels 004-chongqing-layout.png $g.png || fail "the map drawn from $g.gpkg differs"; ok
done
expect_fail 5 'EPSG:999999: unknown CRS' -- "$PLANMAP" export "$spec" -o bad.gpkg --crs EPSG:999999
expect_fail 2 'needs a map spec' -- "$PLANMAP" export moved -o dir.gpkg --crs map

# A GeoPackage without a spec: one line, a spec error (4).
ogr2ogr plain.gpkg "$data/plans/004-chongqing-htz/areas.geojson" 2>/dev/null
expect_fail 4 'plain.gpkg: no map spec inside' -- "$PLANMAP" render plain.gpkg -o plain.png
[ ! -e plain.png ] || fail "a failed render left plain.png"; ok
finish
