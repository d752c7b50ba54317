#!/usr/bin/env bash
# Atlas file names: each run of characters a shell or another system would
# read (spaces, '&', '/', quotes) becomes one '-', Chinese stays, and names
# that come out the same get -2, -3 in coverage order. A template naming a
# field the coverage lacks fails the batch once, before any page, naming the
# batch file, the JSON path and the nearest field.
source "$(dirname "$0")/lib/common.sh"
T="timeout 120"
small_spec map.json
python3 - > cov.geojson <<'PY'
import json
names = ["Park & Ride", "Park Ride", "东区 新城", "a/b\\c", "Zone", "zone", "it's \"quoted\"", "Zone"]
feats = []
for i, n in enumerate(names):
    x = 106.30 + 0.01 * i
    feats.append({"type": "Feature", "properties": {"id": f"z{i}", "name": n},
                  "geometry": {"type": "Polygon", "coordinates": [[[x, 29.6], [x + 0.01, 29.6], [x + 0.01, 29.61], [x, 29.61], [x, 29.6]]]}})
print(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False))
PY
cat > atlas.json <<'JSON'
{"output_dir": "out", "defaults": {"dpi": 36},
 "atlas": {"spec": "map.json", "coverage": "cov.geojson", "name": "{name}", "title": "{name}"}}
JSON
$T "$PLANMAP" batch -q atlas.json
(cd out && ls *.png | sort) > got.txt
python3 - got.txt <<'PY' || fail "atlas file names: $(tr '\n' ' ' < got.txt)"
import sys
got = open(sys.argv[1]).read().split()
want = sorted(["Park-Ride.png", "Park-Ride-2.png", "东区-新城.png", "a-b-c.png", "Zone.png",
               "zone-2.png", "it-s-quoted-.png", "Zone-3.png"])
assert sorted(got) == want, (sorted(got), want)
PY
ok
# the same names on a second run: deterministic
$T "$PLANMAP" batch -q atlas.json -o out2
(cd out2 && ls *.png | sort) | cmp - got.txt || fail "a second run named the files otherwise"; ok
# each is a real map
for f in out/*.png; do gdalinfo "$f" | grep -q 'Size is' || fail "$f is not an image"; done; ok

# --- a typo in a template fails once, before any page ------------------------------
sed 's/"name": "{name}"/"name": "zone-{nmae}"/' atlas.json > typo.json
expect_fail 4 '^planmap: typo\.json: atlas\.name: the template names "nmae", which the coverage layer cov\.geojson does not have; did you mean "name"\?$' \
    -- $T "$PLANMAP" batch typo.json -o typo-out
[ ! -e typo-out ] || [ -z "$(ls -A typo-out)" ] || fail "a template typo left pages: $(ls typo-out)"; ok
sed 's/"title": "{name}"/"title": "{nam} plan"/' atlas.json > typo2.json
expect_fail 4 '^planmap: typo2\.json: atlas\.title: the template names "nam", which the coverage layer cov\.geojson does not have; did you mean "name"\?$' \
    -- $T "$PLANMAP" batch typo2.json -o typo-out
# validate says the same for the batch file
rc=0; $T "$PLANMAP" validate typo.json > v.out 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q 'atlas\.name: the template names "nmae"' v.out || fail "validate typo.json: exit $rc: $(cat v.out)"; ok
finish
