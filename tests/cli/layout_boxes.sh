#!/usr/bin/env bash
# The legend, the inset, pictures (a logo) and the title block where the
# spec puts them, as a user sees them: over a polygon that covers the whole
# frame, each position shows the box's own pixels there (white ground,
# the logo's magenta) and the data's blue in the opposite corner; labels
# keep off every box (--labels-json); boxes sharing a spot never overlap;
# the title block's text is in the PDF (pdftotext) and drawn in the SVG
# (rsvg-convert); bad pictures and a box too big for the frame fail with one
# line naming the spec, the JSON path and the reason.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"

# A plain PNG of one colour (RGBA), written without any imaging library,
# and labelled points all over the frame (labels must find room off the boxes).
python3 - <<'PY'
import json, struct, zlib
def png(path, w, h, rgba):
    raw = b"".join(b"\0" + bytes(rgba) * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
png("logo.png", 40, 20, (200, 30, 160, 255))
pts = [{"type": "Feature", "properties": {"name": "点%d" % (i * 9 + j)},
        "geometry": {"type": "Point", "coordinates": [104.005 + 0.19 * i / 8, 30.605 + 0.11 * j / 8]}}
       for i in range(9) for j in range(9)]
json.dump({"type": "FeatureCollection", "features": pts}, open("points.geojson", "w"), ensure_ascii=False)
cover = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "区", "kind": "a"},
         "geometry": {"type": "Polygon", "coordinates": [[[104.0, 30.6], [104.2, 30.6], [104.2, 30.72],
                                                          [104.0, 30.72], [104.0, 30.6]]]}}]}
json.dump(cover, open("cover.geojson", "w"), ensure_ascii=False)
PY
printf 'not a picture\n' > fake.png
COVER='{"name": "a", "source": "cover.geojson", "style": {"fill": "#9ecae1", "label": null}, "rules": [{"where": {"kind": "a"}, "legend": "片区"}]}'
POINTS='{"name": "p", "source": "points.geojson", "legend": false, "style": {"marker": "circle", "marker_size": 3, "fill": "#333333", "label": "name"}}'

# spec FILE EXTRA [LAYERS]: a map of the cover with the extra top-level keys.
spec() {
    printf '{"title": "t", "extent": {"margin": 0}, "scale_bar": false, "north_arrow": false, %s,\n "layers": [%s]}\n' \
        "$2" "${3:-$COVER}" > "$1"
}

# check KIND WANT: in map.png, the box of KIND lies at WANT in the frame
# (top-left … bottom, or outside: beside it), its pixels are its own (white
# ground, or the logo's magenta) and the opposite corner shows the blue data.
check() {
    python3 - "$1" "$2" "$PM_IMGCHECK" <<'PY'
import json, os, subprocess, sys
sys.path.insert(0, os.path.join(os.environ["PM_SOURCE_DIR"], "tests/cli/lib"))
from frame_spot import spot
kind, want, imgcheck = sys.argv[1:4]
d = json.load(open("map.labels.json"))
b, got = spot(d, kind)
x, y, w, h = d["map_frame"]
if want == "outside":
    assert got == "right", "%s %r is not beside the frame %r" % (kind, b, d["map_frame"])
    sys.exit(0)
assert got == want, "%s is %s, expected %s" % (kind, got, want)
def px(u, v):
    return subprocess.run([imgcheck, "pixel", "map.png", str(int(u)), str(int(v))],
                          capture_output=True, text=True, check=True).stdout.strip()
# Its own pixels: the logo's magenta in the middle of a picture, white on
# the ground of any other box (just inside the legend's rule, in the white
# margin round the others).
if kind == "image":
    assert px(b["x"] + b["w"] / 2, b["y"] + b["h"] / 2) == "#c81ea0", "no logo at its place"
elif kind == "legend":
    c = px(b["x"] + 3, b["y"] + b["h"] - 3)
    assert c == "#ffffff", "legend: %s inside its edge, not its white ground" % c
else:
    c = px(b["x"] - 2, b["y"] + b["h"] / 2)
    assert c == "#ffffff", "%s: %s beside its edge, not its white margin" % (kind, c)
# The mirror point across the frame's centre shows the data, not a box.
mx, my = 2 * x + w - (b["x"] + b["w"] / 2), 2 * y + h - (b["y"] + b["h"] / 2)
assert px(mx, my) == "#9ecae1", "the point opposite %s shows %s, not the data" % (kind, px(mx, my))
PY
}

render() {  # render SPEC STEM [options]: PNG with its labels JSON
    local spec=$1 stem=$2
    shift 2
    "$PLANMAP" render "$spec" -o "$stem.png" --labels-json "$stem.labels.json" "$@" 2> err ||
        fail "$spec: $(head -c 300 err)"
}

for spot in top-left top-right bottom-left bottom-right top bottom; do
    spec legend.json "\"legend\": {\"position\": \"$spot\"}"
    render legend.json map
    check legend "$spot" || fail "legend at $spot"; ok
    spec inset.json "\"legend\": false, \"inset\": {\"source\": \"cover.geojson\", \"position\": \"$spot\"}"
    render inset.json map
    check inset "$spot" || fail "inset at $spot"; ok
    spec image.json "\"legend\": false, \"images\": [{\"path\": \"logo.png\", \"position\": \"$spot\", \"width_mm\": 20}]"
    render image.json map
    check image "$spot" || fail "logo at $spot"; ok
    spec block.json "\"legend\": false, \"title_block\": {\"position\": \"$spot\", \"fields\": [{\"label\": \"图号\", \"value\": \"A-1\"}]}"
    render block.json map
    check title-block "$spot" || fail "title block at $spot"; ok
done

# "outside": in the panel beside the frame, as the legend is by default.
spec out.json '"legend": {"position": "outside"}, "inset": {"source": "cover.geojson", "position": "outside"},
 "images": [{"path": "logo.png", "position": "outside"}],
 "title_block": {"position": "outside", "fields": [{"label": "图号", "value": "A-1"}]}'
render out.json map
for kind in legend inset image title-block; do check "$kind" outside || fail "$kind outside"; ok; done
spec default.json '"legend": true'
render default.json map
check legend outside || fail "legend by default"; ok

# Everything in the frame at once, with labels all over it and three
# things asked for one corner: no box covers another or a plate, and no
# label lies on a box, in every language.
all='"legend": {"position": "bottom-right"}, "inset": {"source": "cover.geojson", "position": "top-right"},
 "images": [{"path": "logo.png", "position": "top-left"}], "scale_bar": "bottom-right", "north_arrow": "inside",
 "title_block": {"position": "bottom-right", "fields": [{"label": "项目名称", "label_en": "Project",
   "value": "某片区控制性详细规划", "value_en": "Regulatory plan of a district"},
   {"label": "图号", "label_en": "Drawing", "value": "A-01"}, {"label": "日期", "label_en": "Date", "value": "{date}"}]}'
spec all.json "$all" "$COVER, $POINTS"
for lang in zh en zh+en; do
    render all.json "all-$lang" --lang "$lang"
    python3 - "all-$lang.labels.json" <<'PY' || fail "boxes in $lang"
import json, sys
d = json.load(open(sys.argv[1]))
x, y, w, h = d["map_frame"]
kinds = ("legend", "inset", "image", "title-block", "scalebar", "northarrow")
boxes = [b for b in d["boxes"] if b["kind"] in kinds]
assert sorted(b["kind"] for b in boxes) == sorted(kinds), [b["kind"] for b in boxes]
def meet(a, b):
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and \
           a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
for i, a in enumerate(boxes):
    assert a["x"] >= x and a["y"] >= y and a["x"] + a["w"] <= x + w and a["y"] + a["h"] <= y + h, a
    for b in boxes[i + 1:]:
        assert not meet(a, b), "%s overlaps %s" % (a["kind"], b["kind"])
labels = [b for b in d["boxes"] if b["kind"] == "label"]
assert len(labels) > 20, "only %d labels placed" % len(labels)
for l in labels:
    for b in boxes:
        assert not meet(l, b), "label %r on the %s" % (l["text"], b["kind"])
PY
    ok
done

# The title block's text: in the PDF and the SVG as text (the labels JSON
# names each value; rsvg-convert draws the outer rule).
"$PLANMAP" render all.json -o all.pdf --lang zh+en 2> err || fail "pdf: $(cat err)"
text=$(pdftotext -raw all.pdf -)
for want in 项目名称 Project 某片区控制性详细规划 "Regulatory plan" A-01 "$(date -u +%Y-%m-%d)"; do
    printf '%s' "$text" | grep -qF -- "$want" || fail "the PDF lacks '$want'"
done; ok
"$PLANMAP" render all.json -o all.svg --labels-json all-svg.labels.json 2> err || fail "svg: $(cat err)"
for want in 某片区控制性详细规划 A-01; do
    grep -qF -- "$want" all.svg || fail "the SVG lacks '$want' as text"
done; ok
rsvg-convert -o all-svg.png all.svg || fail "rsvg-convert"
python3 - "$PM_IMGCHECK" <<'PY' || fail "the SVG's title block"
import json, subprocess, sys
d = json.load(open("all-svg.labels.json"))
b = [b for b in d["boxes"] if b["kind"] == "title-block"][0]
fields = [f["text"] for f in d["boxes"] if f["kind"] == "title-field"]
assert fields[:2] == ["某片区控制性详细规划", "A-01"], fields
run = lambda *a: subprocess.run([sys.argv[1], *map(str, a)], capture_output=True, text=True, check=True).stdout
k = int(run("size", "all-svg.png").split()[0]) / d["width"]   # rsvg-convert's pixels a point
c = run("pixel", "all-svg.png", round(k * b["x"]), int(k * (b["y"] + b["h"] / 2))).strip()
assert int(c[1:3], 16) < 120, "no rule at the title block's edge: %s" % c
PY
ok

# Text too long for its cell wraps or shrinks inside it, never over a rule.
spec long.json '"legend": false, "title_block": {"width_mm": 30, "fields": [{"label": "Projectnamewithoutanyspace",
 "value": "Averyveryverylongwordthatcannotwrap and more words after it"}]}'
render long.json long
python3 - <<'PY' || fail "title block text overflows"
import json
d = json.load(open("long.labels.json"))
b = [b for b in d["boxes"] if b["kind"] == "title-block"][0]
v = [f for f in d["boxes"] if f["kind"] == "title-field"][0]
assert v["x"] + v["w"] <= b["x"] + b["w"] + 0.5 and v["y"] + v["h"] <= b["y"] + b["h"] + 0.5, (v, b)
PY
ok

# Errors: one line naming the spec, the JSON path and the reason.
spec bad.json '"images": [{"path": "missing.png"}]'
expect_fail 3 '^planmap: bad\.json: images\[0\]\.path: missing\.png: cannot read: No such file' -- \
    "$PLANMAP" render bad.json -o bad.png
spec bad.json '"images": [{"path": "logo.png"}, {"path": "fake.png"}]'
expect_fail 5 'bad\.json: images\[1\]\.path: fake\.png: not a PNG image' -- "$PLANMAP" render bad.json -o bad.png
spec bad.json '"images": [{"path": "logo.png", "width_mm": 900}]'
expect_fail 6 'bad\.json: images\[0\]\.position: .* does not fit inside the map frame .*"outside" puts it beside the map' -- \
    "$PLANMAP" render bad.json -o bad.png
[ ! -e bad.png ] || fail "a failed render left bad.png"; ok
# A picture is an input: no output may replace it.
cp logo.png logo.orig
spec in.json '"images": [{"path": "logo.png"}]'
expect_fail 3 'logo\.png' -- "$PLANMAP" render in.json -o logo.png
cmp -s logo.png logo.orig || fail "logo.png was overwritten"; ok
finish
