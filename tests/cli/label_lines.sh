#!/usr/bin/env bash
# Labels keep off drawn lines where they can: a point whose usual place (to
# the right) is crossed by a river takes a free place instead; a point in a
# mesh of roads where every place crosses one is still labelled; a line's own
# label still sits on or beside its line. Generated data, checked from --labels-json.
source "$(dirname "$0")/lib/common.sh"

cat > points.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Riverside Town"}, "geometry": {"type": "Point", "coordinates": [104.04, 30.08]}},
{"type": "Feature", "properties": {"name": "Mesh Town"}, "geometry": {"type": "Point", "coordinates": [104.0805, 30.0505]}}
]}
EOF
# A river 0.002° (about 5 pt) east of the first town; a mesh of roads every
# 0.004° round the second.
python3 - > lines.geojson <<'PY'
import json
feats = [{"type": "Feature", "properties": {"name": "River", "kind": "river"},
          "geometry": {"type": "LineString", "coordinates": [[104.042, 30.0], [104.042, 30.1]]}}]
for i in range(11):
    x = 104.06 + 0.004 * i
    feats.append({"type": "Feature", "properties": {"kind": "road"},
                  "geometry": {"type": "LineString", "coordinates": [[x, 30.03], [x, 30.07]]}})
    y = 30.03 + 0.004 * i
    feats.append({"type": "Feature", "properties": {"kind": "road"},
                  "geometry": {"type": "LineString", "coordinates": [[104.06, y], [104.10, y]]}})
print(json.dumps({"type": "FeatureCollection", "features": feats}))
PY
cat > map.json <<'EOF'
{"title": "t", "page": {"width_mm": 200, "height_mm": 120}, "legend": false, "scale_bar": false,
 "north_arrow": false, "extent": {"bbox": [104.0, 30.0, 104.11, 30.1]},
 "layers": [
  {"name": "lines", "source": "lines.geojson",
   "rules": [{"where": {"kind": "river"}, "stroke": "#3182bd", "width": 2, "label": "name"},
             {"where": {"kind": "road"}, "stroke": "#999999", "width": 1, "label": null}]},
  {"name": "points", "source": "points.geojson",
   "style": {"marker": "circle", "marker_size": 5, "label": "name", "font_size": 9}}]}
EOF
"$PLANMAP" render map.json -o map.png --labels-json map.labels.json --verbose 2> render.log || fail "render"
grep -q dropped render.log && fail "a label was dropped: $(cat render.log)"
ok
python3 - <<'PY' || fail "labels and lines (above)"
import json, subprocess, sys
d = json.load(open("map.labels.json"))
crs, t = d["crs"], d["map_to_page"]
def page(lon, lat):
    out = subprocess.run(["cs2cs", "-f", "%.3f", "+proj=longlat", "+datum=WGS84", "+to"] + crs.split(),
                         input=f"{lon} {lat}\n", capture_output=True, text=True, check=True).stdout
    x, y = map(float, out.split()[:2])
    return t[0] * x + t[1], t[2] * y + t[3]
labels = {b["text"]: b for b in d["boxes"] if b["kind"] == "label"}
bad = []
river_x = page(104.042, 30.08)[0]
town = labels.get("Riverside Town")
if not town:
    bad.append("Riverside Town has no label")
elif town["x"] < river_x + 1.5 and town["x"] + town["w"] > river_x - 1.5:
    bad.append("Riverside Town's label crosses the river at x %.1f: %s" % (river_x, town))
if "Mesh Town" not in labels:
    bad.append("Mesh Town has no label (every place crosses a road: it still gets one)")
river = [b for b in d["boxes"] if b["kind"] in ("label", "label-glyph") and b["text"] == "River"]
if not river or not any(b["x"] - 30 <= river_x <= b["x"] + b["w"] + 30 for b in river):
    bad.append("the river's own label is not on or beside the river")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
ok
finish
