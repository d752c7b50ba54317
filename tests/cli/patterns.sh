#!/usr/bin/env bash
# Fill patterns and line decorations as a user sees them, on generated data:
# hatching at its angle (pixels along a hatch line keep their colour, pixels
# across it alternate), lined up across two neighbouring polygons and
# clipped out of a hole; cross-hatching both ways; dots; arrow heads at both
# ends of a line; a casing's colour beside its line; the same hatching in
# the PDF (pdftoppm) and the SVG (rsvg-convert), where each pattern is one
# tiled fill of its polygon.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"

cat > zones.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "A", "kind": "protect"}, "geometry": {"type": "Polygon", "coordinates": [[[104.00, 30.00], [104.05, 30.00], [104.05, 30.05], [104.00, 30.05], [104.00, 30.00]], [[104.015, 30.015], [104.035, 30.015], [104.035, 30.035], [104.015, 30.035], [104.015, 30.015]]]}},
{"type": "Feature", "properties": {"name": "B", "kind": "protect"}, "geometry": {"type": "Polygon", "coordinates": [[[104.05, 30.00], [104.10, 30.00], [104.10, 30.05], [104.05, 30.05], [104.05, 30.00]]]}},
{"type": "Feature", "properties": {"name": "C", "kind": "farm"}, "geometry": {"type": "Polygon", "coordinates": [[[104.00, 30.06], [104.05, 30.06], [104.05, 30.09], [104.00, 30.09], [104.00, 30.06]]]}},
{"type": "Feature", "properties": {"name": "D", "kind": "dots"}, "geometry": {"type": "Polygon", "coordinates": [[[104.055, 30.06], [104.10, 30.06], [104.10, 30.09], [104.055, 30.09], [104.055, 30.06]]]}}
]}
EOF
cat > lines.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"kind": "road"}, "geometry": {"type": "LineString", "coordinates": [[104.0, 30.097], [104.1, 30.097]]}},
{"type": "Feature", "properties": {"kind": "link"}, "geometry": {"type": "LineString", "coordinates": [[104.01, 29.99], [104.09, 29.99]]}}
]}
EOF
# 144 dpi: 2 pixels a point.
cat > map.json <<'EOF'
{"title": "图案", "page": {"width_mm": 160, "height_mm": 120, "dpi": 144},
 "scale_bar": false, "north_arrow": false, "legend": false,
 "layers": [
  {"name": "zones", "source": "zones.geojson", "style": {"label": null, "fill": "white", "width": 0},
   "rules": [
    {"where": {"kind": "protect"}, "hatch": {"angle": 45, "spacing": 6, "width": 1.5, "color": "#008000"}},
    {"where": {"kind": "farm"}, "cross_hatch": {"angle": 0, "spacing": 8, "width": 1, "color": "#000080"}},
    {"where": {"kind": "dots"}, "dots": {"spacing": 8, "size": 3, "color": "#800000"}}]},
  {"name": "lines", "source": "lines.geojson", "style": {"label": null},
   "rules": [
    {"where": {"kind": "road"}, "stroke": "#ff0000", "width": 3, "casing": {"width": 2, "color": "#0000ff"}},
    {"where": {"kind": "link"}, "stroke": "#000000", "width": 2, "arrow": "both"}]}]}
EOF
"$PLANMAP" render map.json -o map.png --labels-json map.labels.json || fail "render png"
"$PLANMAP" render map.json -o map.svg || fail "render svg"
"$PLANMAP" render map.json -o map.pdf || fail "render pdf"
pdftoppm -r 144 -png -singlefile map.pdf pdf || fail "pdftoppm"
crs=$(python3 -c 'import json; print(json.load(open("map.labels.json"))["crs"])')

# Page pixels of lon/lat pairs on stdin, through the map's CRS and the
# renderer's published map→page transform.
cs2cs -f %.3f +proj=longlat +datum=WGS84 +to $crs > points.xy <<'EOF'
104.075 30.025
104.025 30.025
104.025 30.075
104.0775 30.075
104.01 29.99
104.09 29.99
104.05 29.99
104.05 30.097
EOF

# check.py PNG: every check on one picture; prints what failed.
cat > check.py <<'PY'
import json, subprocess, sys
png, imgcheck = sys.argv[1], sys.argv[2]
t = json.load(open("map.labels.json"))["map_to_page"]
pts = []
for line in open("points.xy"):
    x, y = map(float, line.split()[:2])
    pts.append((t[0] * x + t[1], t[2] * y + t[3]))
cache = {}
def rgb(x, y):
    k = (round(x), round(y))
    if k not in cache:
        out = subprocess.run([imgcheck, "pixel", png, str(k[0]), str(k[1])], capture_output=True,
                             text=True, check=True).stdout.strip()
        cache[k] = tuple(int(out[i:i + 2], 16) for i in (1, 3, 5))
    return cache[k]
def near(c, want, tol=90):
    return all(abs(a - b) <= tol for a, b in zip(c, want))
def dark(c):
    return sum(c) < 600
def transitions(x, y, dx, dy, n):
    seq = [dark(rgb(x + i * dx, y + i * dy)) for i in range(n)]
    return sum(1 for a, b in zip(seq, seq[1:]) if a != b), seq
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
# Hatching at 45° (anticlockwise from east: up and to the right on the page).
for name, (x, y) in (("B", pts[0]), ("A", (pts[1][0] - 80, pts[1][1] + 60))):
    along, seq = transitions(x, y, 1, -1, 30)
    across, seq2 = transitions(x, y, 1, 1, 40)
    want(along <= 2, f"{name}: pixels along the 45° hatch change {along} times")
    want(across >= 6, f"{name}: pixels across the 45° hatch change only {across} times")
    want(any(near(rgb(x + i, y + i), (0, 128, 0), 60) for i in range(12)), f"{name}: no hatch colour")
# Page-anchored: a hatch line of A continues into B across their shared edge.
edge = (pts[0][0] + pts[1][0]) / 2
ys = [pts[0][1] + d for d in range(-20, 21)]
lines_left = [y for y in ys if dark(rgb(edge - 8, y))]
shifted = [y + 16 for y in ys if dark(rgb(edge + 8, y))]   # 45°: 16 px right is 16 px up
want(lines_left and set(map(round, lines_left)) & set(map(round, shifted)),
     "hatch lines of A and B do not line up at their shared edge")
# The hole of A is not hatched.
x, y = pts[1]
want(all(not dark(rgb(x + i, y)) for i in range(-10, 11)), "the hole of A is hatched")
# Cross-hatching at 0° and 90°: both a row and a column of hatch colour.
x, y = pts[2]
rows = [j for j in range(-10, 11) if all(near(rgb(x + i, y + j), (0, 0, 128)) for i in range(-6, 7))]
cols = [i for i in range(-10, 11) if all(near(rgb(x + i, y + j), (0, 0, 128)) for j in range(-6, 7))]
want(rows and cols, f"cross-hatch rows {rows} columns {cols}")
# Dots: some pixels in the dot colour, most white.
x, y = pts[3]
dots = sum(near(rgb(x + i, y + j), (128, 0, 0), 60) for i in range(-16, 17, 2) for j in range(-16, 17, 2))
want(8 <= dots <= 150, f"{dots} dot pixels of 289")
# Arrow heads at both ends: 6 pt in from each tip, 2.5 pt beside the line
# (the line is 1 pt to each side) is the head's black; mid-line it is not.
for name, (x, y), inward in (("start", pts[4], 1), ("end", pts[5], -1)):
    hx = x + inward * 12
    want(dark(rgb(hx, y - 5)) and dark(rgb(hx, y + 5)), f"no arrow head at the {name}")
x, y = pts[6]
want(dark(rgb(x, y)) and not dark(rgb(x, y - 6)) and not dark(rgb(x, y + 6)),
     "the arrow line is wider than its width mid-way")
# Casing: red on the line, blue 2.5 pt to each side, white beyond it.
x, y = pts[7]
want(near(rgb(x, y), (255, 0, 0), 60), f"road centre is {rgb(x, y)}")
want(near(rgb(x, y - 5), (0, 0, 255), 60) and near(rgb(x, y + 5), (0, 0, 255), 60),
     f"beside the road {rgb(x, y - 5)} {rgb(x, y + 5)}, not the casing's blue")
want(not near(rgb(x, y - 10), (0, 0, 255), 60), "the casing is wider than 2 pt")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
python3 check.py map.png "$PM_IMGCHECK" || fail "map.png: patterns and decorations (above)"; ok
python3 check.py pdf.png "$PM_IMGCHECK" || fail "map.pdf through pdftoppm: patterns and decorations (above)"; ok
# PDF: the patterns are tiling patterns (one fill each), not clipped lines.
[ "$(grep -a -c '/PatternType 1' map.pdf)" -ge 3 ] || fail "map.pdf: no tiling patterns"; ok

# SVG: each pattern is one fill of its polygon with a repeating tile (a
# <pattern> a drawing program edits as the shape's fill), in the hatch
# colour, turned to the hatch angle, as wide as the spacing; rsvg-convert
# draws it as the PNG is drawn (the same checks).
X() { xmllint --xpath "$1" map.svg 2>/dev/null; }
P='//*[local-name()="pattern"]'
[ "$(X "count($P)")" -ge 3 ] || fail "map.svg: no <pattern> for hatching, cross-hatching and dots"; ok
[ "$(X "count($P[@width=\"6\" and starts-with(@patternTransform, \"matrix(0.707107,-0.707107,\")])")" -ge 1 ] \
    || fail "map.svg: no 6 pt hatch tile at 45°: $(X "$P/@patternTransform")"; ok
[ "$(X "count(//*[local-name()=\"path\" and contains(@style, \"fill:url(#pattern\")])")" -ge 3 ] \
    || fail "map.svg: no polygon filled with a pattern"; ok
grep -q 'fill:rgb(0%,50.196078%,0%)' map.svg || fail "map.svg: no hatch marks in their colour"; ok
grep -q '<image' map.svg && fail "map.svg: the pattern was drawn as an image"; ok
grep -q 'stroke:rgb(0%,50.196078%,0%)' map.svg && fail "map.svg: hatching drawn as clipped lines"; ok
if command -v rsvg-convert >/dev/null; then
    size=$("$PM_IMGCHECK" size map.png)
    rsvg-convert -w "${size% *}" -h "${size#* }" -b white map.svg -o svg.png || fail "rsvg-convert"
    python3 check.py svg.png "$PM_IMGCHECK" || fail "map.svg through rsvg-convert: patterns and decorations (above)"; ok
fi
finish
