#!/usr/bin/env bash
# planmap place: a draft extracted from an invented plan text placed from a
# gazetteer the test builds (GeoJSON and GeoPackage): exact names and aliases
# take the gazetteer's geometry, place words put a point on their place,
# nothing else is placed (a region, by its width or by how far the
# gazetteer's features holding its name lie from it); the draft validates
# and renders with the placed features drawn at their places; errors leave
# the draft as it was.
source "$(dirname "$0")/lib/common.sh"
data=$PM_SOURCE_DIR/tests/data/extract

"$PLANMAP" extract -q "$data/901_lanchuan.txt" -o d || fail "extract failed"
# A planner gives one area an alias, as a curated folder does.
python3 - d/areas.geojson <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for f in d["features"]:
    if f["properties"]["name"] == "港城组团":
        f["properties"]["aliases"] = ["港城"]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY

# The gazetteers: names of the plan's features and places, a one-character
# name (湖, inside 环湖大道 and 滨湖软件园: too short to place anything), a name
# with no geometry, a region 40 km wide (临空, inside 临空冷链物流园 and 临空组团:
# a point on it would be no position), and in the GeoPackage a second 老城组团
# the first loses to.
cat > gaz.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "老城组团"}, "geometry": {"type": "Polygon", "coordinates": [[[104.00, 30.60], [104.04, 30.60], [104.04, 30.63], [104.00, 30.63], [104.00, 30.60]]]}},
{"type": "Feature", "properties": {"name": "北山 生态廊道"}, "geometry": {"type": "LineString", "coordinates": [[103.98, 30.68], [104.06, 30.69], [104.12, 30.68]]}},
{"type": "Feature", "properties": {"name": "澜川国际会展中心"}, "geometry": {"type": "Point", "coordinates": [104.08, 30.62]}},
{"type": "Feature", "properties": {"name": "港城"}, "geometry": {"type": "Polygon", "coordinates": [[[104.10, 30.58], [104.14, 30.58], [104.14, 30.61], [104.10, 30.61], [104.10, 30.58]]]}},
{"type": "Feature", "properties": {"name": "白沙街道"}, "geometry": {"type": "Polygon", "coordinates": [[[104.05, 30.55], [104.07, 30.55], [104.07, 30.57], [104.05, 30.57], [104.05, 30.55]]]}},
{"type": "Feature", "properties": {"name": "湖"}, "geometry": {"type": "Point", "coordinates": [104.02, 30.66]}},
{"type": "Feature", "properties": {"name": "临空"}, "geometry": {"type": "Polygon", "coordinates": [[[103.70, 30.40], [104.10, 30.40], [104.10, 30.70], [103.70, 30.70], [103.70, 30.40]]]}},
{"type": "Feature", "properties": {"name": "南岭生态廊道"}, "geometry": null}
]}
JSON
cat > towns.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "青石"}, "geometry": {"type": "Point", "coordinates": [103.96, 30.62]}},
{"type": "Feature", "properties": {"name": "老城组团"}, "geometry": {"type": "Point", "coordinates": [100, 20]}}
]}
JSON
ogr2ogr -f GPKG towns.gpkg towns.geojson || fail "ogr2ogr could not write the GeoPackage gazetteer"
cp -r d before
cp gaz.geojson gaz.orig; cp towns.gpkg towns.orig

# Errors first: each one line, the draft untouched.
expect_fail 2 'no gazetteer given' -- "$PLANMAP" place d
expect_fail 2 'no draft folder given' -- "$PLANMAP" place -g gaz.geojson
expect_fail 3 'missing.gpkg' -- "$PLANMAP" place d -g gaz.geojson -g missing.gpkg
expect_fail 3 'would overwrite an input' -- "$PLANMAP" place d -g gaz.geojson -g d/areas.geojson
diff -r before d >/dev/null || fail "a failed place changed the draft"; ok

# Placed: one line per feature with -v, and the summary.
"$PLANMAP" place -v d -g gaz.geojson --gazetteer towns.gpkg 2>msg || fail "place failed: $(cat msg)"
grep -q 'd: 30 unplaced features: 4 placed by name, 4 on a place they name, 22 left unplaced' msg \
    || fail "summary: $(cat msg)"; ok
[ "$(grep -c "^planmap: place: " msg)" -eq 8 ] || fail "not one line per placed feature: $(cat msg)"; ok
grep -q "^planmap: place: projects.geojson: 青石污水处理厂: a point on '青石' of towns.gpkg, by a place its name holds$" msg \
    || fail "no reason given for 青石污水处理厂: $(cat msg)"; ok
grep -q "^planmap: place: areas.geojson: 港城组团: the geometry of '港城' of gaz.geojson, by an alias$" msg \
    || fail "no reason given for 港城组团: $(cat msg)"; ok
grep -q "^planmap: place: projects.geojson: 白沙街道文创街区: a point on '白沙街道' of gaz.geojson, by its place$" msg \
    || fail "no reason given for 白沙街道文创街区: $(cat msg)"; ok
cmp -s gaz.geojson gaz.orig && cmp -s towns.gpkg towns.orig || fail "a gazetteer was changed"; ok
cmp -s d/README.md before/README.md && cmp -s d/map.json before/map.json \
    && cmp -s d/relations.json before/relations.json || fail "place changed a file it does not place"; ok
ls -A d | grep -v -x -e README.md -e map.json -e relations.json -e areas.geojson -e lines.geojson \
    -e projects.geojson && fail "place left files behind"; ok

# What GDAL reads: each placed feature's geometry, precision and confidence.
ogrinfo -ro -al -q d/areas.geojson > areas.txt
grep -q 'POLYGON ((104.0 30.6,104.04 30.6,104.04 30.63' areas.txt || fail "老城组团 did not take its polygon: $(cat areas.txt)"; ok
python3 - d <<'PY' || fail "placed features are wrong"
import json, sys
feats = {}
for layer in ("areas", "lines", "projects"):
    for f in json.load(open(f"{sys.argv[1]}/{layer}.geojson", encoding="utf-8"))["features"]:
        feats[f["properties"]["name"]] = f
def check(name, gtype, coords, confidence):
    f = feats[name]
    g, p = f["geometry"], f["properties"]
    assert g and g["type"] == gtype, (name, g)
    if coords is not None:
        assert g["coordinates"] == coords, (name, g["coordinates"], coords)
    assert p["precision"] == "approximate" and p["confidence"] == confidence, (name, p)
    assert "planmap place" in p["note"], (name, p["note"])
# exact name (the first gazetteer wins over the GeoPackage's point), blanks folded, an alias
check("老城组团", "Polygon", None, "high")
check("北山生态廊道", "LineString", [[103.98, 30.68], [104.06, 30.69], [104.12, 30.68]], "high")
check("澜川国际会展中心", "Point", [104.08, 30.62], "high")
check("港城组团", "Polygon", None, "high")
# place word, and a place the name holds: a point on it
check("白沙街道文创街区", "Point", [104.06, 30.56], "medium")
check("青石污水处理厂", "Point", [103.96, 30.62], "medium")
check("青石组团", "Point", [103.96, 30.62], "medium")
x, y = feats["港城汽车零部件产业园"]["geometry"]["coordinates"]
assert 104.10 < x < 104.14 and 30.58 < y < 30.61, (x, y)
# nothing invented: no match, a one-character name, a gazetteer name without
# geometry, a region
for name in ("南岭生态廊道", "环湖大道", "滨湖软件园", "澜江四桥", "临空冷链物流园", "临空组团", "５号线"):
    f = feats[name]
    assert f["geometry"] is None and f["properties"]["confidence"] == "low", (name, f)
PY
ok

# A place inside a name does not cut its number: 13号线 does not hold 3号线
# (a project added to a copy of the draft), 轨道交通3号线 does.
cp -r before digits
python3 - digits/projects.geojson <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["features"].append({"type": "Feature", "geometry": None, "properties": {
    "name": "13号线二期", "kind": "project", "note": "added by the test"}})
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
echo '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "3号线二期"}, "geometry": {"type": "Point", "coordinates": [104.0, 30.6]}}, {"type": "Feature", "properties": {"name": "3号线一期"}, "geometry": {"type": "Point", "coordinates": [104.1, 30.6]}}]}' > lines.geojson
"$PLANMAP" place -v digits -g lines.geojson 2>msg || fail "place (numbers) failed: $(cat msg)"
grep -q "轨道交通３号线一期: a point on '3号线一期'" msg || fail "轨道交通３号线一期 not on 3号线一期: $(cat msg)"; ok
grep -q "13号线二期" msg && fail "13号线二期 put on 3号线二期: $(cat msg)"; ok

# Regions a gazetteer tells by its names: the city marker 澜川 is held by
# features 15-25 km from it (a name of the city, not a place: 澜川科技馆 stays
# unplaced), the town 白沙 by one beside it (白沙卫生院 goes there); of two
# names as long (澜江, 白沙), the smaller place; a structure phrase is not put
# on one of its parts (三廊).
cp -r before spread
python3 - spread/projects.geojson <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for name in ("澜川科技馆", "白沙卫生院", "澜江白沙段整治"):
    d["features"].append({"type": "Feature", "geometry": None, "properties": {
        "name": name, "kind": "project", "note": "added by the test"}})
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
cat > spread.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "澜川"}, "geometry": {"type": "Point", "coordinates": [104.00, 30.60]}},
{"type": "Feature", "properties": {"name": "澜川高新区"}, "geometry": {"type": "Point", "coordinates": [104.20, 30.60]}},
{"type": "Feature", "properties": {"name": "澜川机场"}, "geometry": {"type": "Point", "coordinates": [104.00, 30.80]}},
{"type": "Feature", "properties": {"name": "澜川港"}, "geometry": {"type": "Point", "coordinates": [103.85, 30.55]}},
{"type": "Feature", "properties": {"name": "澜江"}, "geometry": {"type": "LineString", "coordinates": [[103.90, 30.50], [104.10, 30.58]]}},
{"type": "Feature", "properties": {"name": "白沙"}, "geometry": {"type": "Point", "coordinates": [104.06, 30.56]}},
{"type": "Feature", "properties": {"name": "白沙中学"}, "geometry": {"type": "Point", "coordinates": [104.061, 30.561]}},
{"type": "Feature", "properties": {"name": "三廊"}, "geometry": {"type": "Point", "coordinates": [104.02, 30.64]}}
]}
JSON
"$PLANMAP" place -v spread -g spread.geojson 2>msg || fail "place (regions) failed: $(cat msg)"
grep -q "白沙卫生院: a point on '白沙'" msg || fail "白沙卫生院 not on 白沙: $(cat msg)"; ok
grep -q "澜江白沙段整治: a point on '白沙'" msg || fail "澜江白沙段整治 not on the town 白沙: $(cat msg)"; ok
grep -q "澜川科技馆" msg && fail "澜川科技馆 put on the city's marker: $(cat msg)"; ok
grep -q "一带三廊五组团:" msg && fail "a structure phrase put on one of its parts: $(cat msg)"; ok

# Placed already: a second run places nothing and rewrites nothing.
cp -r d once
"$PLANMAP" place d -g gaz.geojson -g towns.gpkg 2>msg || fail "second place failed: $(cat msg)"
grep -q '22 unplaced features: 0 placed by name, 0 on a place they name, 22 left unplaced' msg \
    || fail "second run: $(cat msg)"; ok
diff -r once d >/dev/null || fail "a run that placed nothing changed the draft"; ok
"$PLANMAP" place -q d -g gaz.geojson > out 2>&1 || fail "place -q failed"
[ ! -s out ] || fail "place -q printed: $(cat out)"; ok

# The draft validates and renders: placed features at their places.
"$PLANMAP" validate --seeds "$data" d >problems 2>&1 || fail "the placed draft does not validate: $(cat problems)"; ok
"$PLANMAP" render -q d/map.json -o map.png --labels-json map.json || fail "render of the placed draft failed"
python3 - map.json map.png <<'PY' || fail "the placed features are not drawn at their places"
import json, subprocess, sys
lab = json.load(open(sys.argv[1]))
sx, tx, sy, ty = lab["map_to_page"]
def pixel(lon, lat, dx=0):
    out = subprocess.run(["cs2cs", "-f", "%.4f", "+proj=longlat", "+datum=WGS84", "+to",
                          *lab["crs"].split()], input=f"{lon} {lat}\n", capture_output=True,
                         text=True, check=True).stdout.split()
    px, py = sx * float(out[0]) + tx, sy * float(out[1]) + ty
    v = subprocess.run(["gdallocationinfo", "-valonly", sys.argv[2], str(int(px) + dx), str(int(py))],
                       capture_output=True, text=True, check=True).stdout.split()
    return tuple(int(c) for c in v[:3])
white = (255, 255, 255)
inside = pixel(104.004, 30.604)          # 老城组团's polygon, away from its label
assert inside != white and min(inside) > 200 and inside[2] < inside[0], inside   # a pale zone fill
r, g, b = pixel(104.08, 30.62, -7)       # 澜川国际会展中心's badge, beside its number: red
assert r > 180 and g < 90 and b < 90, (r, g, b)
r, g, b = pixel(104.03, 30.685)          # 北山生态廊道 (its first segment): green
assert g > r and g > b, (r, g, b)
assert pixel(104.06, 30.59) == white, pixel(104.06, 30.59)   # nothing placed there
PY
ok

# The project table: the placed projects numbered (a badge each on the map),
# the unplaced ones listed under their own heading with a dash for a number
# (grey, no badge), none left out silently.
python3 - map.json map.png d/projects.geojson <<'PY' || fail "the project table does not list the unplaced projects"
import json, subprocess, sys
boxes = json.load(open(sys.argv[1]))["boxes"]
feats = json.load(open(sys.argv[3], encoding="utf-8"))["features"]
placed = {f["properties"]["name"] for f in feats if f["geometry"]}
unplaced = [f["properties"]["name"] for f in feats if not f["geometry"]]
kinds = lambda k: [b for b in boxes if b["kind"] == k]
rows = {b["text"].split(" ", 1)[1].split("（")[0] for b in kinds("table-row")}
assert rows == placed, (rows, placed)
assert len(kinds("badge")) == len(placed), kinds("badge")
assert [b["text"] for b in kinds("unplaced-title")] == ["未落位项目（无位置，不在图上）"], kinds("unplaced-title")
listed = [b["text"] for b in kinds("table-unplaced")]
assert all(t.startswith("— ") for t in listed), listed
assert [t[2:].rsplit("（", 1)[0] for t in listed] == unplaced, (listed, unplaced)
assert not kinds("unplaced-more"), "all fit: nothing to count"
title = kinds("unplaced-title")[0]
assert all(b["y"] > title["y"] for b in kinds("table-unplaced")), "rows above their heading"

def window(b):
    """The pixels of a row's number column (its left 30 px)."""
    pts = "".join(f"{x} {y}\n" for x in range(int(b["x"]), int(b["x"]) + 30)
                  for y in range(int(b["y"]), int(b["y"] + b["h"])))
    out = subprocess.run(["gdallocationinfo", "-valonly", sys.argv[2]], input=pts,
                         capture_output=True, text=True, check=True).stdout.split()
    v = [int(c) for c in out]
    bands = len(v) // (len(pts.splitlines()))
    return [tuple(v[i:i + 3]) for i in range(0, len(v), bands)]
colour = lambda px: max(px) - min(px) > 60
grey = lambda px: max(px) - min(px) < 20 and max(px) < 170
row, dash = window(kinds("table-row")[0]), window(kinds("table-unplaced")[0])
assert sum(map(colour, row)) > 20, "a numbered row has no coloured badge"
assert not any(map(colour, dash)) and sum(map(grey, dash)) >= 3, "an unplaced row: not a grey dash"
PY
ok
finish
