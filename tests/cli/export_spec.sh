# A GeoPackage from `planmap export SPEC` carries its spec (gpkg_metadata), so
# `planmap render map.gpkg` draws the same map again from the GeoPackage alone.
. "$(dirname "$0")/lib/common.sh"
data="$PM_SOURCE_DIR/data"

# same_pixels A B: the two PNGs have the same size and pixels.
same_pixels() {
    python3 - "$1" "$2" <<'PY'
import sys, zlib, struct
def pixels(path):
    data = open(path, "rb").read()
    w, h = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    return w, h, zlib.decompress(idat)
a, b = pixels(sys.argv[1]), pixels(sys.argv[2])
sys.exit(0 if a == b else 1)
PY
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

# A GeoPackage without a spec: one line, a spec error (4).
ogr2ogr plain.gpkg "$data/plans/004-chongqing-htz/areas.geojson" 2>/dev/null
expect_fail 4 'plain.gpkg: no map spec inside' -- "$PLANMAP" render plain.gpkg -o plain.png
[ ! -e plain.png ] || fail "a failed render left plain.png"; ok
finish
