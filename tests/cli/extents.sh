#!/usr/bin/env bash
# Degenerate and world-wide extents: a whole-world polygon, a north–south line
# (no width), an east–west line (no height), one point, coincident points,
# points on the poles and the antimeridian, a flat extent.bbox. Each renders
# with a map frame of sane proportions and furniture (scale bar, north arrow,
# title, labels) that does not overlap, read back from --labels-json. WGS84
# bounds are inclusive: ±90 and ±180 exactly are positions, just beyond not.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json
def fc(*geoms):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "f%d" % i, "name": "名%d" % i}, "geometry": g}
        for i, g in enumerate(geoms)]}
def pt(x, y):
    return {"type": "Point", "coordinates": [x, y]}
def line(*c):
    return {"type": "LineString", "coordinates": [list(p) for p in c]}
world = {"type": "Polygon", "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]]}
cases = {
    "world": fc(world),
    "world-points": fc(pt(-180, 0), pt(180, 10), pt(0, 90), pt(0, -90)),
    "north-south": fc(line((104, 20), (104, 40))),
    "north-south-long": fc(line((104, -80), (104, 80))),
    "east-west": fc(line((90, 30), (120, 30))),
    "east-west-wide": fc(line((-170, 0), (170, 0))),
    "point": fc(pt(104, 30)),
    "coincident": fc(pt(104, 30), pt(104, 30), pt(104, 30)),
    "south-pole": fc(pt(0, -90)),
    "north-pole": fc(pt(45, 90)),
    "pole-edges": fc(pt(-180, -90), pt(180, 90)),
    "antimeridian": fc(pt(180, 10), pt(-180, 10)),
    "arctic": fc(pt(-170, 70), pt(10, 80), pt(100, 85)),
}
for name, data in cases.items():
    json.dump(data, open(name + ".geojson", "w"), ensure_ascii=False)
    json.dump({"title": name, "layers": [{"name": "a", "source": name + ".geojson",
               "style": {"label": "name"}}]}, open(name + ".json", "w"))
json.dump({"title": "thin box", "extent": {"bbox": [104, 20, 104.0001, 40]},
           "layers": [{"name": "a", "source": "north-south.geojson"}]}, open("flat-bbox.json", "w"))
for name, p in {"beyond-south": (0, -90.000001), "beyond-east": (180.000001, 0),
                "beyond-west": (-180.00001, 45), "beyond-north": (10, 90.0001)}.items():
    json.dump(fc(p and pt(*p)), open(name + ".geojson", "w"))
    json.dump({"title": name, "layers": [{"name": "a", "source": name + ".geojson"}]},
              open(name + ".json", "w"))
PY

check_layout() {  # labels.json: frame proportions, furniture apart, on the page
    python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
W, H = d["width"], d["height"]
x, y, w, h = d["map_frame"]
assert min(w, h) >= 60 and (w >= 0.3 * W or h >= 0.3 * H), \
    "map frame %r on a %dx%d page" % (d["map_frame"], W, H)
# A thin extent grows to fill the frame's room: a frame thinner than 1:5
# is one that spans a page as thin.
assert max(w / h, h / w) <= 5 or w >= 0.9 * W or h >= 0.9 * H, "map frame %r too thin" % (d["map_frame"],)
furniture = [b for b in d["boxes"] if b["kind"] in ("scalebar", "northarrow", "title", "subtitle",
                                                    "legend", "inset", "label")]
for b in furniture:
    assert b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= W and b["y"] + b["h"] <= H, \
        "%s off the page: %r" % (b["kind"], b)
for i, a in enumerate(furniture):
    for b in furniture[:i]:
        inter = (min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > 0.5 and
                 min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > 0.5)
        assert not inter, "%s %r overlaps %s %r" % (a["kind"], a, b["kind"], b)
bars = [b for b in furniture if b["kind"] == "scalebar"]
assert not bars or bars[0]["w"] >= 1.4 * bars[0]["h"], "scale bar plate %r too small for its labels" % bars[0]
PY
}

for name in world world-points north-south north-south-long east-west east-west-wide point \
            coincident south-pole north-pole pole-edges antimeridian arctic flat-bbox; do
    for page in "" "--width 400 --height 1400" "--width 1400 --height 300"; do
        # shellcheck disable=SC2086
        "$PLANMAP" render "$name.json" -o "$name.png" --labels-json "$name.labels.json" $page 2> err ||
            fail "$name $page: $(head -c 300 err)"
        [ ! -s err ] || fail "$name $page: printed $(head -c 300 err)"
        check_layout "$name.labels.json" 2> err || fail "$name $page: $(tail -1 err)"
        ok
    done
done
grep -q eqearth world.labels.json || fail "the whole world is not drawn in a world projection"; ok
grep -q "proj=laea +lat_0=90" arctic.labels.json || fail "a polar cap is not drawn on the pole"; ok
grep -q "proj=tmerc" point.labels.json || fail "a local map left the local projection"; ok

expect_fail 5 'beyond-south\.geojson: feature 0 \(id=f0\): coordinate 0 .*latitude -90\.?0* is beyond ±90' -- \
    "$PLANMAP" render beyond-south.json -o x.png
expect_fail 5 'beyond-north\.geojson: feature 0 \(id=f0\): coordinate 0 .*beyond ±90' -- "$PLANMAP" render beyond-north.json -o x.png
expect_fail 5 'beyond-east\.geojson: feature 0 \(id=f0\): coordinate 0 .*longitude 180 is beyond ±180' -- \
    "$PLANMAP" render beyond-east.json -o x.png
expect_fail 5 'beyond-west\.geojson: feature 0 \(id=f0\): coordinate 0 .*beyond ±180' -- "$PLANMAP" render beyond-west.json -o x.png
[ ! -e x.png ] || fail "a refused map left x.png"; ok

# An extent.bbox away from every feature: the map is written (exit 0) with one
# warning, in each format drawn; a box that shows a feature, no warning.
away() {   # away NAME BBOX SOURCE
    printf '{"title": "%s", "extent": {"bbox": %s}, "layers": [{"name": "a", "source": "%s"}]}\n' \
        "$1" "$2" "$3" > "$1.json"
}
away sea '[110, 20, 111, 21]' point.geojson
away near '[103.99, 29.99, 104.01, 30.01]' point.geojson
"$PLANMAP" render sea.json -o sea.png -o sea.svg -o sea.pdf 2> err || fail "sea: $(cat err)"
[ -s sea.png ] && [ -s sea.svg ] && [ -s sea.pdf ] || fail "the empty map was not written"
[ "$(grep -c "^planmap: warning: sea\.json: no feature of its layers lies inside the map's extent" err)" -eq 1 ] &&
    [ "$(wc -l < err)" -eq 1 ] || fail "not one warning for a map showing nothing: $(cat err)"; ok
"$PLANMAP" render near.json -o near.png 2> err || fail "near: $(cat err)"
[ ! -s err ] || fail "a map showing its point warned: $(cat err)"; ok
sed 's|"source": "point.geojson"|&, "style": {"marker": "none", "label": "name"}|' near.json > text.json
"$PLANMAP" render text.json -o text.png 2> err || fail "text only: $(cat err)"
[ ! -s err ] || fail "a map showing a label and no symbol warned: $(cat err)"; ok
finish
