#!/usr/bin/env bash
# Terminal injection: control characters in feature ids, names, property
# values, layer names and file names reach stderr (and validate's stdout)
# only as visible escapes, so data can neither forge a "planmap: ..." line nor
# send escape sequences. Checked byte by byte: the line count, no ESC, CR,
# C1 or other control byte, Chinese kept as it is.
source "$(dirname "$0")/lib/common.sh"

# Any byte a terminal acts on, other than the newline ending each line.
no_controls() {  # what file
    if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$2"; then
        fail "$1: control bytes reached the output: $(od -c "$2" | head -5)"
    fi
    if grep -qP '\xc2[\x80-\x9f]' "$2"; then fail "$1: a C1 control reached the output"; fi
    ok
}
lines_are() {  # what file N
    local n
    n=$(wc -l < "$2")
    [ "$n" -eq "$3" ] || fail "$1: expected $3 lines, got $n: $(cat -v "$2")"
    [ -z "$(tail -c1 "$2")" ] || fail "$1: the last line is not ended"
    ok
}

# Ids, names and kinds laced with ESC sequences, a newline starting a forged
# line, CR, BEL, DEL and the C1 CSI; one feature's coordinate is out of range
# so render fails on it and names it by its id.
python3 - <<'PY'
import json
bad = "\x1b[31m\x1b]0;pwned\x07\nplanmap: forged line\rX\x7f\u009b2J\u2028"
def square(x, fid, name, kind):
    return {"type": "Feature", "properties": {"id": fid, "name": name, "kind": kind},
            "geometry": {"type": "Polygon", "coordinates": [[[x, 29.6], [x + 0.04, 29.6],
                         [x + 0.04, 29.64], [x, 29.64], [x, 29.6]]]}}
good = {"type": "FeatureCollection", "features": [
    square(106.3, "west" + bad, "西区" + bad, "zone" + bad),
    square(106.4, "东区" + bad, "东区", "zone")]}
json.dump(good, open("hostile.geojson", "w"), ensure_ascii=True)
broken = json.loads(json.dumps(good))
broken["features"][1]["geometry"]["coordinates"][0][1][1] = 95.0
json.dump(broken, open("broken.geojson", "w"), ensure_ascii=True)
for name, src in (("spec-broken.json", "broken.geojson"), ("spec-good.json", "hostile.geojson")):
    json.dump({"title": "t", "layers": [{"name": "roads" + bad, "source": src,
               "style": {"label": "name"}}]}, open(name, "w"))
json.dump({"title": "t", "layers": [{"name": "l" + bad, "source": "no\nsuch\x1b[2J.geojson"}]},
          open("spec-missing.json", "w"))
# Labels on one spot: all but one find no place (render --verbose).
pile = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "p%d" % i, "name": "名%d" % i + bad},
     "geometry": {"type": "Point", "coordinates": [106.3, 29.6]}} for i in range(300)]}
json.dump(pile, open("pile.geojson", "w"), ensure_ascii=True)
json.dump({"title": "t", "extent": {"bbox": [106.2, 29.5, 106.4, 29.7]},
           "layers": [{"name": "pile" + bad, "source": "pile.geojson", "style": {"label": "name"}}]},
          open("spec-pile.json", "w"))
PY

# render: the failing feature's id and the layer name are escaped.
rc=0; "$PLANMAP" render spec-broken.json -o out.png 2>err.txt || rc=$?
[ "$rc" -eq 5 ] || fail "render of a bad coordinate: exit $rc: $(cat -v err.txt)"
lines_are "render bad coordinate" err.txt 1
no_controls "render bad coordinate" err.txt
grep -qF 'id=东区\x1b[31m\x1b]0;pwned\x07\nplanmap: forged line\rX\x7f\u009b2J\u2028' err.txt \
    || fail "the id is not shown escaped: $(cat err.txt)"; ok
grep -qF 'layers[0] (roads\x1b[31m' err.txt || fail "the layer name is not escaped: $(cat err.txt)"; ok

# A source file name with a newline and an ESC sequence.
rc=0; "$PLANMAP" render spec-missing.json -o out.png 2>err.txt || rc=$?
[ "$rc" -eq 3 ] || fail "missing source: exit $rc"
lines_are "missing source" err.txt 1
no_controls "missing source" err.txt
grep -qF 'no\nsuch\x1b[2J.geojson' err.txt || fail "file name not escaped: $(cat err.txt)"; ok

# A spec named with a newline, a CR and a byte that is not UTF-8.
name=$'evil\nplanmap: ok\r\xff.json'
rc=0; "$PLANMAP" render "$name" -o out.png 2>err.txt || rc=$?
[ "$rc" -eq 3 ] || fail "missing spec: exit $rc"
lines_are "spec name" err.txt 1
no_controls "spec name" err.txt
grep -qF 'evil\nplanmap: ok\r\xff.json' err.txt || fail "spec name not escaped: $(cat err.txt)"; ok

# --verbose warnings name labels (the names above) that found no place.
rc=0; "$PLANMAP" render spec-pile.json -o pile.png --verbose 2>err.txt || rc=$?
[ "$rc" -eq 0 ] || fail "render --verbose: exit $rc: $(cat err.txt)"
[ "$(wc -l < err.txt)" -gt 100 ] || fail "render --verbose: too few lines: $(cat -v err.txt)"; ok
no_controls "render --verbose" err.txt
grep -q '^planmap: ' err.txt && ! grep -qv '^planmap: ' err.txt \
    || fail "a verbose line does not start with planmap: $(cat -v err.txt)"; ok

# validate: one problem per line on stdout (ids and kinds are wrong), the
# summary on stderr; none of them carries a control byte.
rc=0; "$PLANMAP" validate hostile.geojson >problems.txt 2>err.txt || rc=$?
[ "$rc" -eq 1 ] || fail "validate: exit $rc"
no_controls "validate stdout" problems.txt
no_controls "validate stderr" err.txt
lines_are "validate stderr" err.txt 1
if grep -v "^hostile\.geojson: " problems.txt; then fail "a problem line was forged"; fi; ok
grep -qF "id 'west\x1b[31m" problems.txt || fail "validate does not escape ids: $(cat problems.txt)"; ok
grep -qF "东区" problems.txt || fail "validate lost the Chinese id: $(cat problems.txt)"; ok

# info prints layer and field names from the data.
python3 -c '
import json
json.dump({"type": "FeatureCollection", "name": "lay\x1b[2Jer\nlayer 9: x",
           "features": [{"type": "Feature", "properties": {"fi\x1beld\nx": 1},
                         "geometry": {"type": "Point", "coordinates": [106.3, 29.6]}}]},
          open("names.geojson", "w"))'
"$PLANMAP" info names.geojson >info.txt
no_controls "info" info.txt
grep -qF 'lay\x1b[2Jer\nlayer 9: x' info.txt || fail "info does not escape layer names: $(cat info.txt)"; ok
finish
