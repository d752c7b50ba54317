#!/usr/bin/env bash
# planmap info, text and --json, describes a GeoJSON FeatureCollection its
# own reader takes from that reader's one pass (GDAL never opens the file),
# and says exactly what GDAL's reading says: every GeoJSON file of
# tests/data/geojson and RFC 7946 edge cases, each also named .txt (which
# planmap's reader leaves to GDAL's driver), print the same bytes both ways;
# the text and the JSON fall back to GDAL for the same files; the facts
# agree with ogrinfo -so -al's.
source "$(dirname "$0")/lib/common.sh"

mkdir corpus gdal
cp "$PM_SOURCE_DIR"/tests/data/geojson/*/*.*json corpus/
python3 - <<'PY'
import json
def feat(geom, props=None, **extra):
    f = {"type": "Feature", "properties": props, "geometry": geom}
    f.update(extra)
    return f
pt = lambda x, y: {"type": "Point", "coordinates": [x, y]}
line = {"type": "LineString", "coordinates": [[104.0, 30.5], [104.1, 30.6]]}
ring = [[104, 30], [105, 30], [105, 31], [104, 30]]
hole = [[104.2, 30.1], [104.3, 30.1], [104.3, 30.2], [104.2, 30.1]]
poly = {"type": "Polygon", "coordinates": [ring, hole]}
fc = lambda feats, **extra: dict({"type": "FeatureCollection", "features": feats}, **extra)
cases = {
    "empty": fc([]),
    "all_null": fc([feat(None, {"a": 1}), feat(None, {"a": 2})]),
    "mixed": fc([feat(None, {"a": 1}), feat(line, {"a": 2}), feat(pt(104, 30), {"a": 3}),
                 feat(poly, {"a": 4.5})]),
    "multi": fc([feat({"type": "MultiPolygon", "coordinates": [[ring, hole]]}, {"a": 1}), feat(poly, {"a": 2}),
                 feat({"type": "MultiLineString", "coordinates": [line["coordinates"]]}, {"a": 3}),
                 feat({"type": "MultiPoint", "coordinates": [[104, 30], [104.5, 30.2]]}, {"a": 4})]),
    "nested": fc([feat(pt(104, 30), {"o": {"x": {"y": 1}}, "l": [1, 2]})]),
    "non_ascii": fc([feat(pt(104.1, 30.1), {"名称": "成都", "ü": "x", "类别": 3})], name="图层 ü"),
    "types": fc([feat(pt(104, 30), {"i": 1, "i64": 5000000000, "r": 1.5, "s": "a", "b": True, "n": None, "ri": 2}),
                 feat(pt(105, 31), {"i": 2, "i64": 1, "r": 2, "s": "b", "b": False, "n": None, "ri": 2.5})]),
    "dates": fc([feat(pt(104, 30), {"d": "2020-01-02", "t": "12:00:00", "dt": "2020-01-02T12:00:00Z"})]),
    "lists": fc([feat(pt(104, 30), {"il": [1, 2], "sl": ["a"], "rl": [1.5]})]),
    "ids": fc([feat(pt(104, 30), {"a": 1}, id=5), feat(pt(104, 31), {"a": 2}, id=7)]),
    "string_ids": fc([feat(pt(104, 30), {"a": 1}, id="x"), feat(pt(104, 31), {"a": 2}, id="y")]),
    "foreign": fc([feat(pt(104, 30), {"a": 1}, extra={"k": 1})], title="x", bbox=[104, 30, 104, 30]),
    "old_crs": fc([feat(pt(11500000, 3500000), {"a": 1})],
                  crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}),
    "z": fc([feat({"type": "Point", "coordinates": [104, 30, 5]}, {"a": 1})]),
    "empty_geometry": fc([feat({"type": "Point", "coordinates": []}, {"a": 1}), feat(pt(104, 30), {"a": 2})]),
    "collection": fc([feat({"type": "GeometryCollection", "geometries": [pt(104, 30)]}, {"a": 1})]),
    "no_properties": fc([feat(pt(104, 30), None), feat(pt(104.5, 30.5), {})]),
    "precise": fc([feat(pt(104.123456789012345, 30.98765432109876), {"a": 0.1}),
                   feat(pt(-179.99999999999, -89.9999999999), {"a": 1e300})]),
}
# Several of the reader's 1 MB chunks: kinds first met, and a type widened,
# in a later chunk than the first.
big = []
for i in range(30000):
    g = pt(104 + (i % 300) * 0.001, 30 + (i // 300) * 0.001)
    if i >= 20000 and i % 3 == 0:
        g = {"type": "LineString", "coordinates": [[104, 30], [104.2 + i * 1e-6, 30.3]]}
    if i % 1000 == 999:
        g = None
    big.append(feat(g, {"n": i if i < 29000 else 5000000000 + i, "x": i if i < 25000 else i + 0.5,
                        "name": "点%d" % i, "on": i % 2 == 0}))
cases["chunks"] = fc(big, name="chunks")
# A ring GEOS refuses after a few chunks of the lon/lat extent's stream:
# the extent is unavailable, the feature named alike both ways.
cases["open_ring"] = fc([feat(pt(104 + i * 1e-4, 30), {"a": i}) for i in range(9000)] +
                        [feat({"type": "Polygon", "coordinates": [[[104, 30], [105, 30], [105, 31]]]}, {"a": 1})])
for k, v in cases.items():
    with open("corpus/%s.geojson" % k, "w") as f:
        json.dump(v, f, ensure_ascii=False)
PY
[ "$(stat -c %s corpus/chunks.geojson)" -gt 2500000 ] || fail "chunks.geojson is not several chunks"; ok

# Which reader described a file: planmap's opens it once; GDAL's open and
# the lon/lat extent's read are two (a file without geometries, whose
# extent is not read, is GDAL's all the same: planmap's reader declines it
# after its one open, and GDAL opens it again).
# LeakSanitizer cannot run under ptrace: no leak check in the traced runs.
opens() {
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -qq -e trace=open,openat -o trace.txt "$PLANMAP" info "$@" > /dev/null 2>&1 || true
    grep -Fc "\"${*: -1}\"" trace.txt || true
}

own=0
for f in corpus/*; do
    name=$(basename "$f")
    stem=${name%.*}
    cp "$f" "gdal/$stem.txt"
    for mode in text json; do
        flag=$([ $mode = json ] && echo --json || true)
        rc=0
        "$PLANMAP" info $flag "$f" > "$name.$mode" 2> "$name.$mode.err" || rc=$?
        rc_gdal=0
        "$PLANMAP" info $flag "gdal/$stem.txt" > "$name.gdal.$mode" 2> "$name.gdal.$mode.err" || rc_gdal=$?
        [ $rc = $rc_gdal ] || fail "$name: info $flag exits $rc, through GDAL $rc_gdal"
        # The source's path (in the source line and in messages) is the only difference.
        sed -i "s|$f|SOURCE|g" "$name.$mode" "$name.$mode.err"
        sed -i "s|gdal/$stem.txt|SOURCE|g" "$name.gdal.$mode" "$name.gdal.$mode.err"
        cmp -s "$name.$mode" "$name.gdal.$mode" ||
            fail "$name: info $flag differs from GDAL's reading: $(diff "$name.$mode" "$name.gdal.$mode" | cut -c1-400)"
        cmp -s "$name.$mode.err" "$name.gdal.$mode.err" ||
            fail "$name: info $flag says otherwise than through GDAL: $(diff "$name.$mode.err" "$name.gdal.$mode.err")"
        ok
    done
    # The text and the JSON leave the same files to GDAL.
    text=$(opens "$f")
    json=$(opens --json "$f")
    [ "$text" = "$json" ] || fail "$name: info opens it $text times, info --json $json times"; ok
    [ "$json" = 1 ] && own=$((own + 1))
done
# Files planmap's reader takes, and files it leaves to GDAL.
[ "$(opens --json corpus/chunks.geojson)" = 1 ] || fail "info --json on chunks.geojson: GDAL opened it"; ok
[ "$(opens --json corpus/types.geojson)" = 1 ] || fail "info --json on types.geojson: GDAL opened it"; ok
[ "$(opens --json corpus/non_ascii.geojson)" = 1 ] || fail "info --json on non_ascii.geojson: GDAL opened it"; ok
[ "$own" -ge 10 ] || fail "planmap's reader described only $own files"; ok
for f in old_crs z empty empty_geometry collection string_ids; do
    [ "$(opens --json corpus/$f.geojson)" -gt 1 ] || fail "info --json on $f.geojson did not fall back to GDAL"; ok
done
# A text said to be UTF-8 is the reader's; one in another encoding GDAL's.
[ "$(opens --json --encoding UTF-8 corpus/types.geojson)" = 1 ] || fail "--encoding UTF-8: GDAL opened it"; ok
"$PLANMAP" info --json --encoding UTF-8 corpus/types.geojson | sed "s|corpus/types.geojson|SOURCE|g" > utf8.json
cmp -s utf8.json types.geojson.json || fail "--encoding UTF-8 describes types.geojson otherwise"; ok
[ "$(opens --json --encoding GBK corpus/types.geojson)" -gt 1 ] || fail "--encoding GBK: not GDAL's"; ok

# What planmap's reader says is what ogrinfo says.
for f in chunks types non_ascii mixed multi precise; do
    ogrinfo -so -al "corpus/$f.geojson" > $f.ogr 2> /dev/null
    python3 - $f.geojson.json $f.ogr <<'PY' || fail "info --json of $f.geojson disagrees with ogrinfo"
import json, re, sys
mine, text = json.load(open(sys.argv[1]))["layers"], open(sys.argv[2]).read()
assert len(mine) == 1, mine
l, b = mine[0], text.split("\nLayer name: ", 1)[1]
assert l["name"] == b.split("\n", 1)[0], l["name"]
assert l["geometry_type"] == re.search(r"^Geometry: (.*)$", b, re.M).group(1), l["geometry_type"]
assert l["features"] == int(re.search(r"Feature Count: (\d+)", b).group(1)), l["features"]
e = [float(v) for v in re.search(r"Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)", b).groups()]
assert all(abs(x - y) <= 5e-7 for x, y in zip(l["extent"], e)), (l["extent"], e)
wkt = "".join(s.strip() for s in b.split("Layer SRS WKT:\n", 1)[1].split("\nData axis")[0].split("\n"))
assert l["crs"]["wkt"] == wkt, (l["crs"]["wkt"], wkt)
fields = re.findall(r"^(.+): (\w+)(?:\((\w+)\))? \((\d+)\.(\d+)\)$", b.split("Data axis", 1)[1], re.M)
assert [(f["name"], f["type"], f["subtype"] or "", str(f["width"]), str(f["precision"])) for f in l["fields"]] \
    == fields, (l["fields"], fields)
PY
    ok
done
grep -q 'extent (lon/lat): unavailable: SOURCE: feature 9000: .*closed linestring' open_ring.geojson.text ||
    fail "open_ring.geojson: $(cat open_ring.geojson.text)"; ok
grep -q '"extent": \[104, 30, 105, 31\], "extent_lonlat": null' open_ring.geojson.json ||
    fail "open_ring.geojson: $(cut -c1-300 open_ring.geojson.json)"; ok
grep -q '"geometry_type": "Unknown (any)", "geometries": {"Point": 26640, "Line String": 3330}, "empty_geometries": 30' \
    chunks.geojson.json || fail "chunks.geojson: geometries: $(cut -c1-300 chunks.geojson.json)"; ok
finish
