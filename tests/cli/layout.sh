#!/usr/bin/env bash
# Layout control: a map at an exact scale (extent.scale, extent.center), read
# back from --labels-json and measured again independently with PROJ's
# cs2cs and geod; named paper sizes A0–A5 and B0–B5 in both orientations; a
# long thin layer that fills the page's frame instead of leaving a strip.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json
def one_feature(kind, coords, name):
    feature = {"type": "Feature", "properties": {"name": name},
               "geometry": {"type": kind, "coordinates": coords}}
    return {"type": "FeatureCollection", "features": [feature]}
# A road 200 km east–west, 2 km from its southern to its northern bend.
road = [[103.0, 30.5], [104.0, 30.518], [105.0 + 0.08, 30.5]]
json.dump(one_feature("LineString", road, "路"), open("road.geojson", "w"))
block = [[[104.0, 30.6], [104.1, 30.6], [104.1, 30.7], [104.0, 30.7], [104.0, 30.6]]]
json.dump(one_feature("Polygon", block, "块"), open("block.geojson", "w"))
red = {"stroke": "#d00000", "width": 3, "label": None}
json.dump({"title": "thin", "legend": False, "layers": [{"name": "road", "source": "road.geojson",
           "style": red}]}, open("thin.json", "w"))
for crs in ("EPSG:4490", "EPSG:3857", "auto", "EPSG:4547"):
    name = "scale-" + crs.replace(":", "")
    json.dump({"title": name, "crs": crs, "page": {"size": "A4", "dpi": 150},
               "extent": {"scale": 50000, "center": [104.07, 30.66]},
               "layers": [{"name": "b", "source": "block.geojson",
                           "style": {"fill": "#cccccc", "label": None}}]}, open(name + ".json", "w"))
json.dump({"title": "data centre", "extent": {"scale": 25000},
           "layers": [{"name": "b", "source": "block.geojson", "style": {"label": None}}]},
          open("scale-data-centre.json", "w"))
PY

# ---- an exact scale ---------------------------------------------------------
# Measured again: two points 0.01° apart along the centre's parallel, their
# ground distance (geod, WGS84) over their distance on paper (cs2cs into the
# map CRS, then map_to_page at 150 dpi). Along a parallel neither CRS's
# scale changes, so the two agree to rounding (away from a Gauss-Krüger
# zone's central meridian the parallel runs at an angle on the map: its
# length there is the chord's, not its width).
check_scale() {  # labels.json crs-for-cs2cs expected-N lon lat
    local json=$1 crs=$2 want=$3 lon=$4 lat=$5
    local xs ground
    xs=$(printf '%s %s\n%s %s\n' "$(echo "$lon - 0.005" | bc -l)" "$lat" "$(echo "$lon + 0.005" | bc -l)" "$lat" |
         cs2cs -f %.9f +proj=longlat +datum=WGS84 +to $crs | awk '{print $1, $2}' | tr '\n' ' ')
    ground=$(echo "$lat $(echo "$lon - 0.005" | bc -l) $lat $(echo "$lon + 0.005" | bc -l)" |
             geod +ellps=WGS84 -I -f %.6f +units=m | awk '{print $3}')
    python3 - "$json" "$want" "$ground" $xs <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
want, ground = float(sys.argv[2]), float(sys.argv[3])
x0, y0, x1, y1 = map(float, sys.argv[4:8])
assert abs(d["scale"] - want) <= 1e-6 * want, "reported scale 1:%r, expected 1:%r" % (d["scale"], want)
paper_m = math.hypot(x1 - x0, y1 - y0) * d["map_to_page"][0] / 150 * 0.0254
measured = ground / paper_m
assert abs(measured - want) <= 1e-5 * want, "measured 1:%r, expected 1:%r" % (measured, want)
bars = [b for b in d["boxes"] if b["kind"] == "scalebar"]
assert bars and "1:%s" % format(int(want), ",").replace(",", " ") in bars[0]["text"], \
    "scale bar %r does not show the ratio" % bars
PY
}

for crs in EPSG4490 EPSG3857 auto EPSG4547; do
    "$PLANMAP" render "scale-$crs.json" -o "scale-$crs.png" --labels-json "scale-$crs.labels.json" 2> err ||
        fail "scale-$crs: $(head -c 300 err)"
    ok
done
check_scale scale-EPSG4490.labels.json "+proj=longlat +ellps=GRS80" 50000 104.07 30.66 ||
    fail "EPSG:4490 map is not at 1:50 000"; ok
check_scale scale-EPSG3857.labels.json EPSG:3857 50000 104.07 30.66 || fail "EPSG:3857 map is not at 1:50 000"; ok
# CGCS2000's Gauss-Krüger zones name northing first; cs2cs is given the
# zone's projection in easting/northing order, as the map draws it.
check_scale scale-EPSG4547.labels.json "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +ellps=GRS80 +units=m" \
    50000 104.07 30.66 || fail "EPSG:4547 map is not at 1:50 000"; ok
tmerc=$(python3 -c "import json; print(json.load(open('scale-auto.labels.json'))['crs'])")
check_scale scale-auto.labels.json "$tmerc" 50000 104.07 30.66 || fail "auto map is not at 1:50 000"; ok
# The frame shows the centre at its middle and is as large as its room: the
# extent follows from the scale, not from the data.
python3 - <<'PY' || fail "the fixed-scale frame is not centred on extent.center"
import json
d = json.load(open("scale-EPSG4490.labels.json"))
sx, tx, sy, ty = d["map_to_page"]
x, y, w, h = d["map_frame"]
px, py = sx * 104.07 + tx, sy * 30.66 + ty
assert abs(px - (x + w / 2)) < 0.01 and abs(py - (y + h / 2)) < 0.01, (px, py, d["map_frame"])
# 1:50 000 on A4: the frame's width on paper times 50 000 is the ground shown.
assert w / 150 * 25.4 > 200, "frame %r too small" % d["map_frame"]
PY
ok
"$PLANMAP" render scale-data-centre.json -o sdc.png --labels-json sdc.labels.json 2> err || fail "$(cat err)"
python3 -c "
import json; d = json.load(open('sdc.labels.json'))
assert abs(d['scale'] - 25000) < 1e-6 * 25000, d['scale']" || fail "data-centred map is not at 1:25 000"; ok

# ---- paper sizes --------------------------------------------------------------
for size in A0:841:1189 A1:594:841 A2:420:594 A3:297:420 A4:210:297 A5:148:210 B0:1000:1414 B5:176:250; do
    IFS=: read -r name w h <<< "$size"
    for orient in portrait landscape; do
        sed -e "s/\"size\": \"A4\", \"dpi\": 150/\"size\": \"$name\", \"orientation\": \"$orient\", \"dpi\": 36/" \
            scale-auto.json > paper.json
        "$PLANMAP" render paper.json -o paper.png 2> err || fail "$name $orient: $(head -c 300 err)"
        want_w=$(python3 -c "print(round(($w if '$orient' == 'portrait' else $h) / 25.4 * 36))")
        want_h=$(python3 -c "print(round(($h if '$orient' == 'portrait' else $w) / 25.4 * 36))")
        [ "$("$PM_IMGCHECK" size paper.png)" = "$want_w $want_h" ] ||
            fail "$name $orient: $("$PM_IMGCHECK" size paper.png), expected $want_w $want_h"
        ok
    done
done

# ---- a long thin layer ----------------------------------------------------------
"$PLANMAP" render thin.json -o thin.png --labels-json thin.labels.json 2> err || fail "thin: $(cat err)"
[ "$("$PM_IMGCHECK" size thin.png)" = "1754 1240" ] || fail "thin: not an A4 page at 150 dpi"; ok
crs=$(python3 -c "import json; print(json.load(open('thin.labels.json'))['crs'])")
ends=$(printf '103.0 30.5\n105.08 30.5\n104.0 30.518\n' | cs2cs -f %.6f +proj=longlat +datum=WGS84 +to $crs |
       awk '{print $1, $2}' | tr '\n' ' ')
# shellcheck disable=SC2086
python3 - thin.labels.json $ends <<'PY' || fail "thin layer"
import json, sys
d = json.load(open(sys.argv[1]))
v = [float(a) for a in sys.argv[2:]]
W, H = d["width"], d["height"]
x, y, w, h = d["map_frame"]
sx, tx, sy, ty = d["map_to_page"]
# The frame takes the page, not a strip across it.
assert w >= 0.85 * W and h >= 0.6 * H, "frame %r on a %dx%d page" % (d["map_frame"], W, H)
# The road is inside the frame and centred in it.
pts = [(sx * v[i] + tx, sy * v[i + 1] + ty) for i in (0, 2, 4)]
for px, py in pts:
    assert x < px < x + w and y < py < y + h, "road point %r outside the frame %r" % ((px, py), d["map_frame"])
cx = 0.5 * (min(p[0] for p in pts) + max(p[0] for p in pts))
cy = 0.5 * (min(p[1] for p in pts) + max(p[1] for p in pts))
assert abs(cx - (x + w / 2)) < 2 and abs(cy - (y + h / 2)) < 2, "road centre %r, frame %r" % ((cx, cy), d["map_frame"])
print("%.0f %.0f" % pts[2])
PY
ok
# The road is drawn where the transform puts it (the middle bend).
mid=$(python3 - thin.labels.json $ends <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); v = [float(a) for a in sys.argv[2:]]
sx, tx, sy, ty = d["map_to_page"]
print("%d %d" % (round(sx * v[4] + tx), round(sy * v[5] + ty)))
PY
)
# shellcheck disable=SC2086
share=$("$PM_IMGCHECK" match thin.png $mid 3 '#d00000' 60)
python3 -c "import sys; sys.exit(0 if float('$share') > 0.2 else 1)" || fail "no road at $mid ($share)"; ok

# ---- errors --------------------------------------------------------------------
bad() {  # extent-json expected-message
    printf '{"title": "t", "extent": %s, "layers": [{"name": "a", "source": "block.geojson"}]}\n' "$1" > bad.json
    expect_fail 4 "$2" -- "$PLANMAP" render bad.json -o bad.png
}
bad '{"scale": 50000, "bbox": [104, 30, 105, 31]}' 'bad\.json: extent\.scale: not allowed together with "bbox"'
bad '{"scale": 50000, "margin": 0.1}' 'extent\.scale: not allowed together with "margin"'
bad '{"center": [104, 30]}' 'extent\.center: needs "scale"'
bad '{"scale": 10}' 'extent\.scale: expected a number from 100 to 1e\+09, got 10'
bad '{"scale": "1:50000"}' 'extent\.scale: expected a number'
bad '{"scale": 50000, "center": [200, 30]}' 'extent\.center\[0\]: expected a number from -180 to 180'
bad '{"scale": 50000, "center": [104]}' 'extent\.center: expected an array \[lon, lat\]'
bad '{"scale": 50000, "center": [104, 90]}' 'extent\.center: a map cannot be centred on a pole'
printf '{"title": "t", "page": {"size": "A6"}, "layers": [{"name": "a", "source": "block.geojson"}]}\n' > bad.json
expect_fail 4 'page\.size: expected one of "A0" … "A5", "B0" … "B5", "letter", got "A6"' -- "$PLANMAP" render bad.json -o bad.png
[ ! -e bad.png ] || fail "a refused map left bad.png"; ok
finish
