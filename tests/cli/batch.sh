# planmap batch: a list of ≥ 20 maps, an atlas over a bundled zone layer, the
# multi-page report, shards that add up to the full set, a failing map in the
# middle, output names that would leave the output folder.
. "$(dirname "$0")/lib/common.sh"
maps="$PM_SOURCE_DIR/data/maps"
areas000="$PM_SOURCE_DIR/data/plans/000-chengdu-htz/areas.geojson"

# 24 maps: every bundled spec three times (as is, new title, new extent).
python3 - "$maps" > list.json <<'PY'
import glob, json, os, sys
specs = sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))
maps = []
for s in specs:
    stem = os.path.basename(s)[:-5]
    maps.append({"spec": s, "name": f"plain/{stem}"})
    maps.append({"spec": s, "name": f"titled/{stem}", "title": f"批量 {stem}"})
    maps.append({"spec": s, "name": f"box/{stem}", "extent": [103.9, 30.4, 104.2, 30.8], "dpi": 50})
while len(maps) < 24:
    maps.append({"spec": specs[0], "name": f"extra/{len(maps)}", "outputs": ["png", "pdf"]})
print(json.dumps({"output_dir": "list-out", "report": "report.pdf", "report_title": "批量测试",
                  "defaults": {"dpi": 36}, "maps": maps[:max(24, len(maps))]}, ensure_ascii=False))
PY
n=$(python3 -c 'import json; print(len(json.load(open("list.json"))["maps"]))')
[ "$n" -ge 24 ] || fail "the list batch has only $n maps"
rc=0
"$PLANMAP" batch list.json 2> list.err || rc=$?
[ "$rc" -eq 0 ] || fail "list batch: exit $rc: $(cat list.err)"; ok
grep -q "^planmap: batch: $n maps: $n written, 0 failed" list.err || fail "list batch summary: $(cat list.err)"; ok
# Not a terminal (a scheduler's log): one line per map, then the summary.
[ "$(grep -c '^planmap: batch: \[[0-9]*/'"$n"'\] ' list.err)" -eq "$n" ] || fail "not one progress line per map: $(head -3 list.err)"; ok
[ "$(wc -l < list.err)" -eq $((n + 1)) ] || fail "more than progress and the summary on stderr: $(cat list.err)"; ok
grep -q $'\r' list.err && fail "a terminal's progress line written to a non-terminal"; ok
[ ! -e list-out/report.parts ] || fail "the report's parts were left after the run"; ok
[ "$(find list-out -name '*.png' | wc -l)" -eq "$n" ] || fail "list batch: not one PNG per map"; ok
for f in $(find list-out -name '*.png'); do
    file "$f" | grep -q 'PNG image data' || fail "$f is not a PNG"
done; ok
# dpi overrides reach the output: A4 landscape at 50 dpi vs the default 36.
w50=$(python3 -c 'import struct,sys; print(struct.unpack(">I", open(sys.argv[1],"rb").read()[16:20])[0])' "$(find list-out/box -name '*.png' | head -1)")
w36=$(python3 -c 'import struct,sys; print(struct.unpack(">I", open(sys.argv[1],"rb").read()[16:20])[0])' "$(find list-out/plain -name '*.png' | head -1)")
[ "$w50" -gt "$w36" ] || fail "dpi override: box map $w50 px wide, plain $w36"; ok
# Report: contents pages (32 entries to a page), then one page per map.
pages=$(pdfinfo list-out/report.pdf | sed -n 's/^Pages: *//p')
contents=$(( (n + 31) / 32 ))
[ "$pages" -eq $((n + contents)) ] || fail "report has $pages pages, expected $((n + contents))"; ok
pdftotext -f 1 -l 1 list-out/report.pdf - | grep -q "批量 000-chengdu-htz-structure" \
    || fail "contents page does not list the overridden title"; ok

# Atlas: one map per 000 area with geometry, names and titles from properties,
# extent = the feature's box + margin (checked through the world file).
cat > atlas.json <<EOF2
{"output_dir": "atlas-out", "report": "atlas.pdf",
 "atlas": {"spec": "$maps/000-chengdu-htz-structure.json", "coverage": "$areas000",
           "name": "area-{id}", "title": "{name}", "margin": 0.1, "dpi": 36,
           "outputs": ["png", "world"]}}
EOF2
"$PLANMAP" batch atlas.json 2> atlas.err || fail "atlas batch failed: $(cat atlas.err)"
python3 - "$areas000" atlas-out <<'PY' || fail "atlas pages do not frame their features"
import json, os, subprocess, sys
feats = [f for f in json.load(open(sys.argv[1], encoding="utf-8"))["features"] if f["geometry"]]
out = sys.argv[2]
pngs = sorted(f for f in os.listdir(out) if f.endswith(".png"))
want = sorted(f"area-{f['properties']['id']}.png" for f in feats)
assert pngs == want, (pngs, want)
def ring_pts(g):
    c = g["coordinates"]
    polys = [c] if g["type"] == "Polygon" else c
    return [p for poly in polys for ring in poly for p in ring]
for f in feats:
    base = os.path.join(out, f"area-{f['properties']['id']}")
    a, d, b, e, c, fy = [float(x) for x in open(base + ".pgw")]
    info = json.loads(subprocess.check_output(["gdalinfo", "-json", base + ".png"]))
    w, h = info["size"]
    left, right = c - a / 2, c - a / 2 + w * a
    top, bottom = fy - e / 2, fy - e / 2 + h * e
    pts = ring_pts(f["geometry"])
    xy = subprocess.run(["gdaltransform", "-s_srs", "+proj=longlat +datum=WGS84", "-t_srs", base + ".prj"],
                        input="".join(f"{x} {y}\n" for x, y in pts), capture_output=True, text=True,
                        check=True).stdout.split("\n")
    xy = [tuple(map(float, l.split()[:2])) for l in xy if l.strip()]
    minx, maxx = min(p[0] for p in xy), max(p[0] for p in xy)
    miny, maxy = min(p[1] for p in xy), max(p[1] for p in xy)
    assert left < minx and maxx < right and bottom < miny and maxy < top, (base, left, right, minx, maxx)
    # The feature fills a good part of the page (its box + 10 % margin is the map frame).
    assert (maxx - minx) > 0.3 * (right - left) or (maxy - miny) > 0.3 * (top - bottom), base
PY
ok
n_atlas=$(ls atlas-out/*.png | wc -l)
pages=$(pdfinfo atlas-out/atlas.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -eq $((n_atlas + 1)) ] || fail "atlas report has $pages pages for $n_atlas maps"; ok
name=$(python3 -c 'import json,sys; f=[f for f in json.load(open(sys.argv[1]))["features"] if f["geometry"]][0]; print(f["properties"]["name"])' "$areas000")
pdftotext -f 1 -l 1 atlas-out/atlas.pdf - | grep -qF "$name" || fail "atlas contents lacks the title '$name'"; ok

# Shards: 1/3 + 2/3 + 3/3 into one folder = the full set, disjoint, byte-identical
# files; --merge then writes the report of the full run, the same pages (the
# bytes differ: each worker's pages share their fonts, and the workers differ).
for k in 1 2 3; do
    "$PLANMAP" batch list.json -o shards --shard "$k/3" 2> "shard$k.err" || fail "shard $k/3 failed: $(cat "shard$k.err")"
    grep -q "report pages in shards/report.parts (for --merge)" "shard$k.err" || fail "shard $k: $(tail -1 "shard$k.err")"
    (cd shards && find . -name '*.png' -o -name '*.pdf' ! -path './report*' | sort) > "after$k.txt"
done; ok
[ ! -e shards/report.pdf ] || fail "a share wrote the report"; ok
(cd list-out && find . -name '*.png' -o -name '*.pdf' ! -path './report*' | sort) > full.txt
cmp -s full.txt after3.txt || fail "shards do not add up to the full set: $(diff full.txt after3.txt | head -5)"; ok
[ "$(wc -l < after1.txt)" -lt "$(wc -l < after2.txt)" ] || fail "share 2 wrote nothing new"; ok
while read -r f; do
    same_output "shards/$f" "list-out/$f" || fail "shards/$f differs from the full run"
done < full.txt; ok
[ "$(find shards/report.parts -name '*.json' | wc -l)" -eq "$n" ] || fail "not one page record per map"; ok
# One PDF per worker of each share, not one per map.
pdfs=$(find shards/report.parts -name 'pages-*.pdf' | wc -l)
[ "$pdfs" -ge 3 ] && [ "$pdfs" -lt "$n" ] || fail "$pdfs worker PDFs for 3 shares of $n maps"; ok
# One share's page missing: one line naming the map and its share, exit 3, no report.
mv shards/report.parts/000004.json rec4.json
expect_fail 3 'report.parts: no page of 1 of [0-9]+ maps \(.*\): share 2 not finished' -- "$PLANMAP" batch list.json -o shards --merge
[ ! -e shards/report.pdf ] || fail "a report was written with a page missing"; ok
mv rec4.json shards/report.parts/000004.json
"$PLANMAP" batch list.json -o shards --merge 2> merge.err || fail "merge failed: $(cat merge.err)"
grep -q "^planmap: batch: $n maps (merged): $n written, 0 failed; .*report shards/report.pdf ($n map pages)" merge.err || fail "merge summary: $(cat merge.err)"; ok
same_pages shards/report.pdf list-out/report.pdf; ok
[ ! -e shards/report.parts ] || fail "the parts were left after the merge"; ok
expect_fail 3 'report.parts: no page of [0-9]+ of [0-9]+ maps' -- "$PLANMAP" batch list.json -o shards --merge
expect_fail 2 'merge' -- "$PLANMAP" batch list.json --merge --shard 1/2

# A failing map in the middle: the others are written, one line, exit ≠ 0.
cat > mixed.json <<EOF2
{"output_dir": "mixed-out", "defaults": {"dpi": 36},
 "maps": [{"spec": "$maps/002-tianfu-structure.json", "name": "m1"},
          {"spec": "$maps/004-chongqing-layout.json", "name": "m2"},
          {"spec": "missing-spec.json", "name": "m3"},
          {"spec": "$maps/002-tianfu-structure.json", "name": "../outside"},
          {"spec": "$maps/004-chongqing-layout.json", "name": "m5"}]}
EOF2
rc=0
"$PLANMAP" batch mixed.json 2> mixed.err || rc=$?
[ "$rc" -ne 0 ] || fail "a batch with failing maps exited 0"; ok
[ -f mixed-out/m1.png ] && [ -f mixed-out/m2.png ] && [ -f mixed-out/m5.png ] || fail "maps after the failure were not written"; ok
[ ! -e mixed-out/m3.png ] && [ ! -e outside.png ] || fail "a failed or escaping map left a file"; ok
grep -q '^planmap: batch: m3: .*missing-spec.json' mixed.err || fail "no failure line for m3: $(cat mixed.err)"; ok
grep -q '^planmap: batch: ../outside: output name "../outside" leaves the output folder' mixed.err || fail "escaping name not refused"; ok
grep -q '5 maps: 3 written, 2 failed' mixed.err || fail "mixed summary: $(cat mixed.err)"; ok
[ -z "$(find . -name '.*.png.*' -o -name '.*.pdf.*')" ] || fail "temporary files left behind"; ok

# On a terminal (a pseudo-terminal through script(1)) a progress line counts the maps.
if command -v script >/dev/null; then
    script -qc "'$PLANMAP' batch mixed.json -o tty-out" /dev/null > tty.log || true
    grep -q '\[5/5\]' tty.log || fail "no progress on a terminal: $(head -c 300 tty.log)"; ok
    "$PLANMAP" batch mixed.json -o quiet-out --quiet 2> quiet.err || true
    grep -q '\[1/5\]' quiet.err && fail "progress written with --quiet"; ok
fi

# Maps on one spec: loaded once before the workers start when more than one
# renders it (--jobs 3), by the only worker with --jobs 1; the same files.
cat > shared.json <<EOF2
{"output_dir": "shared-out", "defaults": {"dpi": 40},
 "maps": [{"spec": "$maps/000-chengdu-htz-structure.json", "name": "a"},
          {"spec": "$maps/000-chengdu-htz-structure.json", "name": "b", "extent": [103.95, 30.45, 104.15, 30.7]},
          {"spec": "$maps/002-tianfu-structure.json", "name": "c"},
          {"spec": "$maps/000-chengdu-htz-structure.json", "name": "d", "title": "共享"}]}
EOF2
"$PLANMAP" batch shared.json -o shared1 --jobs 1 2>/dev/null || fail "shared batch, one worker, failed"
"$PLANMAP" batch shared.json -o shared3 --jobs 3 2>/dev/null || fail "shared batch, three workers, failed"
for f in a b c d; do
    cmp -s "shared1/$f.png" "shared3/$f.png" || fail "$f.png differs between one worker and three"
done; ok
"$PLANMAP" render "$maps/000-chengdu-htz-structure.json" --dpi 40 -o shared-a.png 2>/dev/null || fail "render failed"
cmp -s shared-a.png shared3/a.png || fail "batch map a differs from planmap render of its spec"; ok

# --shard auto: the share from a Slurm array or a Kubernetes Indexed Job
# (docs/scale-out.md); the run says which share it took.
small_spec small.json
python3 -c 'import json; print(json.dumps({"output_dir": "auto-out", "report": "r.pdf",
  "maps": [{"spec": "small.json", "name": f"s{i}"} for i in range(5)]}))' > auto.json
env -u JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID=7 SLURM_ARRAY_TASK_MIN=6 SLURM_ARRAY_TASK_MAX=8 \
    SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_STEP=1 "$PLANMAP" batch auto.json --shard auto 2> auto.err ||
    fail "--shard auto under Slurm: $(cat auto.err)"
grep -q '^planmap: batch: 2 maps (share 2 of 3): 2 written' auto.err || fail "Slurm task 7 of 6-8: $(cat auto.err)"; ok
[ -f auto-out/s1.png ] && [ -f auto-out/s4.png ] && [ ! -e auto-out/s0.png ] || fail "Slurm share 2 of 3 wrote $(ls auto-out)"; ok
env -u SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX=0 "$PLANMAP" batch auto.json --shard auto --shard-count 2 2> auto.err ||
    fail "--shard auto, Indexed Job: $(cat auto.err)"
grep -q '^planmap: batch: 3 maps (share 1 of 2): 3 written' auto.err || fail "Indexed Job 0 of 2: $(cat auto.err)"; ok
env -u SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX=1 PLANMAP_SHARD_COUNT=2 "$PLANMAP" batch auto.json --shard auto 2> auto.err ||
    fail "--shard auto, PLANMAP_SHARD_COUNT: $(cat auto.err)"
"$PLANMAP" batch auto.json --merge 2> auto.err || fail "merge of the Indexed Job's shares: $(cat auto.err)"
[ "$(pdfinfo auto-out/r.pdf | sed -n 's/^Pages: *//p')" -eq 6 ] || fail "merged report: not 1 + 5 pages"; ok
expect_fail 2 'neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX' -- \
    env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX "$PLANMAP" batch auto.json --shard auto
expect_fail 2 'JOB_COMPLETION_INDEX needs the number of shares' -- \
    env -u SLURM_ARRAY_TASK_ID -u PLANMAP_SHARD_COUNT JOB_COMPLETION_INDEX=0 "$PLANMAP" batch auto.json --shard auto
expect_fail 2 'JOB_COMPLETION_INDEX 4 is not below the 4 shares' -- \
    env -u SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX=4 "$PLANMAP" batch auto.json --shard auto --shard-count 4
# Arrays with a step or a list, with the variables Slurm 22 sets for them:
# --array=1-7:2 (STEP 2) and --array=0,2,4,6 (STEP 1): every task its share.
slurm_array() {   # slurm_array MIN MAX COUNT STEP ID...: the shares' maps in one folder
    local min=$1 max=$2 count=$3 step=$4 id
    shift 4
    rm -rf auto-out
    for id in "$@"; do
        env -u JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID="$id" SLURM_ARRAY_TASK_MIN="$min" \
            SLURM_ARRAY_TASK_MAX="$max" SLURM_ARRAY_TASK_COUNT="$count" SLURM_ARRAY_TASK_STEP="$step" \
            "$PLANMAP" batch auto.json --shard auto 2> "auto-$id.err" || fail "Slurm task $id of $min-$max: $(cat "auto-$id.err")"
    done
    [ "$(cd auto-out && ls s*.png | tr '\n' ' ')" = "s0.png s1.png s2.png s3.png s4.png " ] ||
        fail "the array's shares wrote $(ls auto-out)"
}
slurm_array 1 7 4 2 1 3 5 7
grep -q '(share 3 of 4)' auto-5.err || fail "task 5 of 1-7:2: $(cat auto-5.err)"; ok
slurm_array 0 6 4 1 0 2 4 6
grep -q '(share 4 of 4)' auto-6.err || fail "task 6 of 0,2,4,6: $(cat auto-6.err)"; ok
"$PLANMAP" batch auto.json --merge 2> auto.err || fail "merge of a listed array's shares: $(cat auto.err)"; ok
expect_fail 2 'the Slurm array.s 3 tasks from 0 to 7 are not evenly spaced \(give --array=0-2\)' -- \
    env SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=7 SLURM_ARRAY_TASK_COUNT=3 \
    SLURM_ARRAY_TASK_STEP=1 "$PLANMAP" batch auto.json --shard auto
expect_fail 2 'SLURM_ARRAY_TASK_ID 3 is not among the 4 tasks from 0 by 2' -- env SLURM_ARRAY_TASK_ID=3 \
    SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=6 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_STEP=2 \
    "$PLANMAP" batch auto.json --shard auto
expect_fail 2 'SLURM_ARRAY_TASK_MAX 2 is below SLURM_ARRAY_TASK_MIN 5' -- env SLURM_ARRAY_TASK_ID=5 \
    SLURM_ARRAY_TASK_MIN=5 SLURM_ARRAY_TASK_MAX=2 "$PLANMAP" batch auto.json --shard auto
expect_fail 2 'SLURM_ARRAY_TASK_ID: expected a whole number' -- env SLURM_ARRAY_TASK_ID=x "$PLANMAP" batch auto.json --shard auto
expect_fail 2 'shard-count: only with --shard auto' -- "$PLANMAP" batch auto.json --shard-count 2
expect_fail 4 'mixed.json: --merge: the batch file has no "report"' -- "$PLANMAP" batch mixed.json --merge

# Batch file errors: one line, exit code of the kind of error.
echo '{"maps": [], "colour": 1}' > badkey.json
expect_fail 4 'badkey.json: colour: unknown key' -- "$PLANMAP" batch badkey.json
echo '{"maps": [' > badjson.json
expect_fail 4 'badjson\.json:[0-9]+:[0-9]+: invalid JSON' -- "$PLANMAP" batch badjson.json
expect_fail 3 'nope.json: cannot read' -- "$PLANMAP" batch nope.json
expect_fail 2 'shard' -- "$PLANMAP" batch list.json --shard 4/3
echo '{"report": "../r.pdf", "maps": []}' > badreport.json
expect_fail 4 'report' -- "$PLANMAP" batch badreport.json
# An output folder that is a file: one line, before any map is drawn.
: > afile
expect_fail 3 'afile: cannot make the output folder: Not a directory' -- "$PLANMAP" batch list.json -o afile
finish
