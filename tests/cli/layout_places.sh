#!/usr/bin/env bash
# Where the scale bar and north arrow go: "top-left" … "bottom-right", "top",
# "bottom" put the plate at that spot of the map frame even over data,
# "inside" in a corner of the frame whatever lies under it, "outside" at the
# end of the note row, "auto" (and true) in an empty corner else outside.
# Read back from --labels-json over a polygon that covers the whole frame.
source "$(dirname "$0")/lib/common.sh"

cat > cover.geojson <<'EOF'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "区"},
 "geometry": {"type": "Polygon", "coordinates": [[[104.0, 30.6], [104.2, 30.6], [104.2, 30.72],
 [104.0, 30.72], [104.0, 30.6]]]}}]}
EOF

render_places() {  # scale_bar-json north_arrow-json → places.labels.json
    printf '{"title": "t", "legend": false, "extent": {"margin": 0}, "scale_bar": %s, "north_arrow": %s,
 "layers": [{"name": "a", "source": "cover.geojson", "style": {"fill": "#9ecae1", "label": null}}]}\n' \
        "$1" "$2" > places.json
    "$PLANMAP" render places.json -o places.png --labels-json places.labels.json 2> err ||
        fail "$1 $2: $(head -c 300 err)"
}

# where KIND EXPECTED: the plate's spot relative to the frame.
where() {
    python3 - "$1" "$2" <<'PY'
import json, os, sys
sys.path.insert(0, os.path.join(os.environ["PM_SOURCE_DIR"], "tests/cli/lib"))
from frame_spot import spot
d = json.load(open("places.labels.json"))
kind, want = sys.argv[1], sys.argv[2]
b, got = spot(d, kind)
if want == "outside":
    assert got == "below", "%s %r is not under the frame %r" % (kind, b, d["map_frame"])
elif want == "inside":
    assert got in ("top-left", "top-right", "bottom-left", "bottom-right"), "%s %r is in no corner" % (kind, b)
else:
    assert got == want, "%s is %s, expected %s (%r in %r)" % (kind, got, want, b, d["map_frame"])
PY
}

for spot in top-left top-right bottom-left bottom-right top bottom; do
    render_places "\"$spot\"" false
    where scalebar "$spot" || fail "scale bar at $spot"; ok
    render_places false "\"$spot\""
    where northarrow "$spot" || fail "north arrow at $spot"; ok
done
# Both in one corner: side by side, not on top of each other.
render_places '"bottom-right"' '"bottom-right"'
where scalebar bottom-right || fail "scale bar sharing a corner"
where northarrow bottom-right || fail "north arrow sharing a corner"
python3 - <<'PY' || fail "two plates in one corner overlap"
import json
d = json.load(open("places.labels.json"))
a, b = [b for b in d["boxes"] if b["kind"] in ("scalebar", "northarrow")]
assert a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"], (a, b)
PY
ok
# The data covers every corner: "inside" stays in the frame, "auto" and
# true go outside, "outside" goes outside.
render_places '"inside"' '"inside"'
where scalebar inside || fail "inside scale bar"; where northarrow inside || fail "inside north arrow"; ok
for place in '"auto"' true '"outside"'; do
    render_places "$place" "$place"
    where scalebar outside || fail "$place scale bar"; where northarrow outside || fail "$place north arrow"; ok
done

# The default picture is the same as "auto".
render_places true true && cp places.png a.png
render_places '"auto"' '"auto"'
cmp -s a.png places.png || fail "\"auto\" draws another map than true"; ok

printf '{"title": "t", "scale_bar": "top-centre", "layers": [{"name": "a", "source": "cover.geojson"}]}\n' > bad.json
expect_fail 4 'bad\.json: scale_bar: expected true, false or one of "auto", "top-left", .*"outside", got "top-centre"' -- \
    "$PLANMAP" render bad.json -o bad.png
printf '{"title": "t", "north_arrow": 1, "layers": [{"name": "a", "source": "cover.geojson"}]}\n' > bad.json
expect_fail 4 'bad\.json: north_arrow: expected true, false or one of' -- "$PLANMAP" render bad.json -o bad.png
finish
