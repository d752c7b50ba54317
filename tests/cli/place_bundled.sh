#!/usr/bin/env bash
# extract → place → validate → render on each bundled plan text
# (../shared/seeds; skipped when absent): placed from a gazetteer built from
# the curated folder's placed features and the bundled basemap, every
# placeable feature within 1 km of its curated position (docs/extract.md),
# no feature on a region, the draft valid, and its map a PNG GDAL reads, with
# the placed projects drawn and listed and the unplaced ones listed as far as
# the page holds them, the rest counted.
source "$(dirname "$0")/lib/common.sh"
seeds=$PM_SOURCE_DIR/../shared/seeds
basemap=$PM_SOURCE_DIR/data/basemap
[ -d "$seeds" ] || { echo "no plan texts in $seeds"; exit 77; }
command -v gdalinfo >/dev/null || { echo "gdalinfo missing"; exit 77; }

for plan in "$PM_SOURCE_DIR"/data/plans/*/; do
    id=$(basename "$plan"); id=${id%%-*}
    text=$(ls "$seeds/${id}"_*.txt)
    # a folder named NNN-…: validate checks the citations of a plan folder only
    "$PLANMAP" extract -q "$text" -o "$id-draft" || fail "extract $text failed"
    python3 "$PM_SOURCE_DIR/tests/extract/measure_place.py" gazetteer "$plan" "gaz$id.geojson"
    gaz=("gaz$id.geojson" "$basemap/provinces.geojson" "$basemap/rivers.geojson"
         "$basemap/rivers_minor.geojson")
    "$PLANMAP" place -v "$id-draft" "${gaz[@]/#/-g}" 2>"place$id.txt" \
        || fail "place $id failed: $(cat "place$id.txt")"
    grep -q "placed by name" "place$id.txt" || fail "place $id: no summary: $(cat "place$id.txt")"
    "$PLANMAP" validate -q --seeds "$seeds" "$id-draft" >problems 2>&1 \
        || fail "the placed draft $id does not validate: $(cat problems)"
    ok
    python3 "$PM_SOURCE_DIR/tests/extract/measure_place.py" measure "$id-draft" "$plan" "${gaz[@]}" \
        --json > "m$id.json"
    python3 - "m$id.json" "$id" <<'PY' || fail "draft $id placed badly: $(cat m$id.json)"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["placeable"] > 0 and m["share"] >= 0.9, "placeable features within 1 km"
assert m["on_place_within_1km"] == m["on_place_matched"], "a project on a place far from its curated one"
# a place wider than 30 km is a region: nothing is put on one
assert m["place_widest_km"] is None or m["place_widest_km"] <= 30, m["place_widest_km"]
PY
    ok
    # leave one out: each curated feature whose name holds a place, drafted
    # again without its geometry and placed from the rest
    python3 "$PM_SOURCE_DIR/tests/extract/measure_place.py" curated "$PLANMAP" "$plan" \
        "${gaz[@]:1}" --json > "loo$id.json" || fail "leave-one-out $id failed"
    ok
    "$PLANMAP" render -q "$id-draft/map.json" -o "$id-draft.png" --labels-json "$id-draft.labels.json" \
        || fail "render of the placed draft $id failed"
    gdalinfo "$id-draft.png" | grep -q '^Size is 1754, 1240' || fail "$id-draft.png: $(gdalinfo "$id-draft.png" | head -3)"
    python3 - "$id-draft" "$id-draft.labels.json" <<'PY' || fail "map $id: the table does not list the draft's projects"
import json, os, re, sys
draft, labels = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
feats = json.load(open(draft + "/projects.geojson", encoding="utf-8"))["features"]
# the table numbers the projects drawn as points (a project given a
# polygon's geometry is drawn as the polygon)
placed = [f["properties"]["name"] for f in feats if f["geometry"] and f["geometry"]["type"] == "Point"]
boxes = labels["boxes"]
rows = [b["text"] for b in boxes if b["kind"] == "table-row"]
badges = [b for b in boxes if b["kind"] == "badge"]
assert len(rows) == len(placed), (len(rows), len(placed))
assert len(badges) >= 0.8 * len(placed), (len(badges), len(placed))
# the unplaced projects: as many listed as the page holds, the rest counted;
# one named as a feature the map draws is on the map, not listed as missing
drawn = {f["properties"]["name"] for layer in ("areas", "lines", "points", "projects")
         for f in (json.load(open("%s/%s.geojson" % (draft, layer), encoding="utf-8"))["features"]
                   if os.path.exists("%s/%s.geojson" % (draft, layer)) else [])
         if f["geometry"]}
unplaced = [f["properties"]["name"] for f in feats
            if not f["geometry"] and f["properties"]["name"] not in drawn]
listed = [b for b in boxes if b["kind"] == "table-unplaced"]
more = [b["text"] for b in boxes if b["kind"] == "unplaced-more"]
left = int(re.search(r"(\d+) 项", more[0]).group(1)) if more else 0
assert len(listed) + left == len(unplaced), (len(listed), more, len(unplaced))
assert [b["text"][2:].rsplit("（", 1)[0] for b in listed] == unplaced[:len(listed)]
for b in boxes:
    if b["kind"].startswith(("table", "unplaced")):
        assert 0 <= b["x"] and b["x"] + b["w"] <= labels["width"] and b["y"] + b["h"] <= labels["height"], b
PY
    ok
done
# Placed on a place they name, over the five plans: within 2 km of the
# curated position for 85 %, within 5 km for 90 % (docs/extract.md).
python3 - loo*.json <<'PY' || fail "features put on a place they name land far from where they are"
import json, sys
rows = [r for f in sys.argv[1:] for r in json.load(open(f))["rows"] if "km" in r]
near = lambda km: sum(r["km"] <= km for r in rows) / len(rows)
print("on a place: %d placed, %.0f %% within 2 km, %.0f %% within 5 km" % (len(rows), 100 * near(2), 100 * near(5)))
assert len(rows) >= 40 and near(2) >= 0.85 and near(5) >= 0.9, [r for r in rows if r["km"] > 2]
PY
ok
echo "place_bundled: $checks checks passed"
