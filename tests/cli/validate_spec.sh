#!/usr/bin/env bash
# planmap validate SPEC.json lists every problem of a spec in one run, one
# line each (the file, the JSON path, the reason, the nearest field), and
# exits 1; a valid spec gives one summary line and exit 0. The field check
# and its message are render's own: render stops at the first of them.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json, struct, zlib
raw = b"".join(b"\0" + bytes((40, 90, 160, 255)) * 8 for _ in range(4))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open("logo.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 6, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
feats = [{"type": "Feature", "properties": {"name": "区%d" % i, "category": "产业", "invest": 10 * i},
          "geometry": {"type": "Point", "coordinates": [104 + 0.01 * i, 30.6]}} for i in range(5)]
json.dump({"type": "FeatureCollection", "features": feats}, open("districts.geojson", "w"), ensure_ascii=False)
PY
ogr2ogr -f GPKG districts.gpkg districts.geojson -nln districts || fail "ogr2ogr"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n' > logo.svg

# Seven problems in four layers, the inset and two pictures.
cat > bad.json <<'EOF'
{"title": "t", "inset": {"source": "districts.geojson", "where": {"nmae": "x"}},
 "images": [{"path": "logo.png"}, {"path": "logo.svg"}, {"path": "gone.png"}],
 "layers": [
  {"name": "a", "source": "districts.gpkg", "where": {"catgory": "产业"}},
  {"name": "b", "source": "districts.geojson", "style": {"label": "{nam}（{invest} 亿元）"}},
  {"name": "c", "source": "nowhere.geojson"},
  {"name": "d", "source": "districts.gpkg", "classify": {"field": "invset", "method": "quantile", "classes": 3}}]}
EOF
rc=0
"$PLANMAP" validate bad.json > out 2> summary || rc=$?
[ "$rc" -eq 1 ] || fail "validate of a bad spec: exit $rc, expected 1"; ok
expect() {   # expect REGEX: one line of out matches
    grep -Eq -- "$1" out || fail "no line /$1/ in: $(cat out)"
    ok
}
expect "^bad\.json: layers\[0\]\.where\.catgory: the source districts\.gpkg .*has no field 'catgory' \(fields: name, category, invest\); did you mean 'category'\?$"
expect "^bad\.json: layers\[1\]\.style\.label: the source districts\.geojson has no field 'nam' .*did you mean 'name'\?$"
expect "^bad\.json: layers\[2\] \(c\): .*nowhere\.geojson.*"
expect "^bad\.json: layers\[3\]\.classify.*: the source districts\.gpkg .*has no field 'invset' .*did you mean 'invest'\?$"
expect "^bad\.json: inset\.where\.nmae: the source districts\.geojson has no field 'nmae' .*did you mean 'name'\?$"
expect "^bad\.json: images\[1\]\.path: logo\.svg: not a PNG image"
expect "^bad\.json: images\[2\]\.path: gone\.png: cannot read: No such file or directory$"
[ "$(wc -l < out)" -eq 7 ] || fail "expected 7 problem lines, got: $(cat out)"; ok
grep -qx "bad.json: 1 map spec, 4 layers checked: 7 problems" summary || fail "summary: $(cat summary)"; ok

# render says the first field problem only, in the same words.
first=$(grep -m1 "catgory" out)
expect_fail 4 'layers\[0\]\.where\.catgory: the source' -- "$PLANMAP" render bad.json -o bad.png
"$PLANMAP" render bad.json -o bad.png 2>&1 | grep -qF -- "$first" || fail "render words the typo otherwise"; ok

# A valid spec: no problem line, one summary line, exit 0.
cat > good.json <<'EOF'
{"title": "t", "images": [{"path": "logo.png", "position": "top-left"}],
 "legend": {"position": "bottom-right"},
 "title_block": {"fields": [{"label": "图号", "value": "A-1"}]},
 "layers": [{"name": "a", "source": "districts.gpkg", "where": {"category": "产业"},
             "style": {"label": "{name}（{invest} 亿元）"}}]}
EOF
"$PLANMAP" validate good.json > out 2> summary || fail "validate of a good spec: $(cat out summary)"
[ ! -s out ] || fail "problems for a good spec: $(cat out)"
[ "$(cat summary)" = "good.json: 1 map spec, 1 layer checked: 0 problems" ] || fail "summary: $(cat summary)"; ok
"$PLANMAP" validate --quiet good.json > out 2> summary || fail "--quiet"
[ ! -s out ] && [ ! -s summary ] || fail "--quiet printed something"; ok

# A spec that does not parse: its first error, as render gives it.
printf '{"title": "t", "legend": {"position": "middle"}, "layers": [{"name": "a", "source": "districts.gpkg"}]}\n' > parse.json
rc=0
"$PLANMAP" validate parse.json > out 2> /dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "validate of an unparsable spec: exit $rc"
grep -q '^parse\.json: legend\.position: expected one of "auto", "top-left"' out || fail "parse error: $(cat out)"; ok
finish
