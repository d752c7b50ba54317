#!/usr/bin/env bash
# The batch report's contents pages and outline point at the right pages: with
# 1, 31, 32, 33, 64 and 65 maps (and a run where half the entries fail, which
# the contents list too), every contents line's page number is the page that
# shows that map (read back with pdftotext), every outline entry leads there
# (pdftohtml -xml), and the PDF has exactly the contents pages plus one page
# per map.
source "$(dirname "$0")/lib/common.sh"
small_spec small.json

# batch.json with N maps titled map-001..; FAILED of them (every other one
# from the start) have a name leaving the output folder, so they fail.
make_batch() {  # n failed
    python3 - "$1" "$2" > batch.json <<'PY'
import json, sys
n, failed = int(sys.argv[1]), int(sys.argv[2])
maps = []
for i in range(1, n + 1):
    bad = i % 2 == 0 and i // 2 <= failed
    maps.append({"spec": "small.json", "title": f"map-{i:03d}",
                 "name": f"../escape-{i}" if bad else f"m{i:03d}"})
print(json.dumps({"report": "report.pdf", "defaults": {"dpi": 36}, "maps": maps}))
PY
}

check_report() {  # n failed
    local n=$1 failed=$2 out="out-$1-$2"
    make_batch "$n" "$failed"
    local rc=0
    "$PLANMAP" batch batch.json -o "$out" --quiet 2> err || rc=$?
    if [ "$failed" -eq 0 ]; then
        [ "$rc" -eq 0 ] || fail "$n maps: exit $rc: $(head -3 err)"
    else
        [ "$rc" -eq 4 ] || fail "$n maps, $failed failing: exit $rc: $(head -3 err)"
    fi
    python3 - "$out/report.pdf" "$n" "$failed" <<'PY' || fail "report of $n maps ($failed failing) is wrong"
import re, subprocess, sys
pdf, n, failed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ok = n - failed
contents = max(1, -(-n // 32))
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
assert pages == contents + ok, f"{pages} pages, expected {contents} contents + {ok} maps"
def page_text(p):
    return subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
# Contents: "k. map-kkk ....... page" (or "– " for a failed map).
listed = {}
for p in range(1, contents + 1):
    for line in page_text(p).splitlines():
        m = re.match(r"\s*(\d+)\. (map-\d{3})(.*?)\s(\d+|–)\s*$", line)
        if m:
            listed[m.group(2)] = (p, m.group(4), "failed" in m.group(3))
assert len(listed) == n, f"contents list {len(listed)} of {n} maps"
for k in range(1, n + 1):
    title = f"map-{k:03d}"
    p, num, failed_here = listed[title]
    assert p == 1 + (k - 1) // 32, f"{title} listed on contents page {p}"
    if failed_here:
        assert num == "–", (title, num)
        continue
    target = int(num)
    assert contents < target <= pages, f"{title}: page {target} of {pages}"
    assert title in page_text(target), f"{title}: contents say page {target}, which shows something else"
# Outline: one entry per map page, leading to the page that shows it.
xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", pdf],
                     capture_output=True, text=True, check=True).stdout
items = re.findall(r'<item page="(\d+)">(map-\d{3})</item>', xml)
assert len(items) == ok, f"{len(items)} outline entries for {ok} map pages"
for page, title in items:
    assert listed[title][1] == page, f"outline: {title} -> page {page}, contents say {listed[title][1]}"
PY
    ok
}

for n in 1 31 32 33 64 65; do
    check_report "$n" 0
done
check_report 40 20   # 2 contents pages for 40 entries, though only 20 maps
check_report 33 1
finish
