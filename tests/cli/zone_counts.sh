#!/usr/bin/env bash
# The derived `zone_projects` counts of 004's places are what
# scripts/zone_projects.py computes from projects.geojson (so the graduated
# map draws computed numbers), and the check notices a stale count.
source "$(dirname "$0")/lib/common.sh"
script="$PM_SOURCE_DIR/scripts/zone_projects.py"
plan="$PM_SOURCE_DIR/data/plans/004-chongqing-htz"

python3 "$script" --check "$plan" || fail "zone_projects counts of $plan are stale"
ok

# Counted independently: projects per zone id, against the stored counts.
python3 - "$plan" <<'PY' || fail "stored counts differ from a recount"
import collections, json, sys
plan = sys.argv[1]
n = collections.Counter(f["properties"]["zone"] for f in json.load(open(plan + "/projects.geojson"))["features"]
                        if f["properties"].get("zone"))
stored = {}
for name in ("areas", "lines", "points"):
    for f in json.load(open("%s/%s.geojson" % (plan, name)))["features"]:
        if "zone_projects" in f["properties"]:
            stored[f["properties"]["id"]] = f["properties"]["zone_projects"]
assert stored == dict(n), (stored, dict(n))
assert stored["kexue-gu"] == 4 and stored["wuqu-beibei"] == 1
PY
ok

# A project moved to another place makes the check fail, and a rewrite of a
# copy mends it without touching other lines.
cp -r "$plan" plan
python3 - <<'PY'
import re
p = "plan/projects.geojson"
t = open(p, encoding="utf-8").read()
t = t.replace('"zone": "keyan-gang"', '"zone": "kexue-gu"', 1)
open(p, "w", encoding="utf-8").write(t)
PY
out=$(python3 "$script" --check plan 2>&1) && fail "a stale count passed the check"
printf '%s\n' "$out" | grep -q "stale zone_projects counts" || fail "check message: $out"
ok
python3 "$script" plan || fail "rewrite"
python3 "$script" --check plan || fail "still stale after the rewrite"
[ "$(diff "$plan/areas.geojson" plan/areas.geojson | grep -c '^>')" -eq 2 ] || fail "the rewrite changed more than the two counts' lines"
ok
finish
