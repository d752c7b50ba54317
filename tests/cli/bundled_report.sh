#!/usr/bin/env bash
# The bundled report (data/reports/chengdu-chongqing-atlas.json), rendered at
# a low resolution into a temporary folder: every map renders; the PDF has
# the contents pages, then one page per map with one bookmark each, then the
# table pages; every plan's title is in it; every feature of every plan's
# projects.geojson is in the tables (name and citation); and each page has
# its PNG.
source "$(dirname "$0")/lib/common.sh"
reports="$PM_SOURCE_DIR/data/reports"

# The batch file as bundled, its paths made absolute, at 36 dpi.
python3 "$(dirname "$0")/lib/bundled_batch.py" "$reports/chengdu-chongqing-atlas.json" 36 > atlas.json

"$PLANMAP" batch atlas.json -o out 2> err || fail "the report: $(cat err)"
grep -Eq "[0-9]+ maps: ([0-9]+) written, 0 failed" err || fail "$(cat err)"; ok

python3 - "$reports/chengdu-chongqing-atlas.json" "$PM_SOURCE_DIR/data/plans" "$(cat err)" <<'PY' ||
import json, os, re, subprocess, sys
batch, plans, summary = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
pdf = "out/chengdu-chongqing-atlas.pdf"
m = re.search(r"(\d+) map pages, (\d+) table pages", summary)
assert m, summary
maps, tables = int(m.group(1)), int(m.group(2))
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
contents = -(-(maps + len(batch["tables"])) // 32)
assert pages == contents + maps + tables, f"{pages} pages: {contents} + {maps} + {tables}?"
assert "成渝地区规划图集" in info, "PDF title"
def text(first, last):
    return subprocess.run(["pdftotext", "-raw", "-f", str(first), "-l", str(last), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
squeeze = lambda s: re.sub(r"\s+", "", s)
front = text(1, contents)
assert "成渝地区规划图集" in front and "目录" in front, front[:200]
numbered = re.findall(r"^(\d+)\. ", front, re.M)
assert len(numbered) == maps + len(batch["tables"]), f"contents: {len(numbered)} entries"
# One bookmark per map page, each leading to its own page; one per table.
xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", pdf],
                     capture_output=True, text=True, check=True).stdout
items = [int(p) for p in re.findall(r'<item page="(\d+)">', xml)]
map_pages = list(range(contents + 1, contents + maps + 1))
assert sorted(p for p in items if p <= contents + maps) == map_pages, "bookmarks of the map pages"
whole = squeeze(text(1, pages))
# Every bundled map is in the report.
maps_dir = os.path.join(os.path.dirname(plans), "maps")
named = {os.path.basename(m["spec"]) for m in batch["maps"]}
left_out = sorted(set(os.listdir(maps_dir)) - named)
assert not left_out, f"bundled maps not in the report: {left_out}"
for t in batch["tables"]:
    assert squeeze(t["title"]) in whole, t["title"]
# Every plan's title, as the plan names itself (in the maps' source notes or the tables).
table_text = squeeze(text(contents + maps + 1, pages))
missing = []
for plan in sorted(os.listdir(plans)):
    path = os.path.join(plans, plan, "projects.geojson")
    if not os.path.exists(path):
        continue
    features = json.load(open(path))["features"]
    title = features[0]["properties"]["plan"]
    norm = lambda s: squeeze(s).replace("(", "（").replace(")", "）")
    assert norm(title) in norm(whole), f"{plan}: plan title {title} not in the report"
    for f in features:
        p = f["properties"]
        if squeeze(p["name"]) not in table_text or squeeze(p["source"]) not in table_text:
            missing.append(f"{plan}: {p['id']}")
assert not missing, f"{len(missing)} projects not in the tables: {missing[:8]}"
pngs = sorted(os.listdir("out/chengdu-chongqing-atlas-pages"))
assert pngs == [f"{k:03d}.png" for k in range(1, pages + 1)], f"{len(pngs)} PNGs for {pages} pages"
print(f"{pages} pages: {contents} contents, {maps} maps, {tables} table pages")
PY
    fail "the bundled report is incomplete"
ok
finish
