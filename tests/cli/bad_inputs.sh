#!/usr/bin/env bash
# Hostile and broken inputs (tests/bad/cases.tsv): for every case, the exit
# code, one line on stderr matching the expected message (a batch adds one
# per failed map and a summary; none for inputs that are fine), no crash or
# hang, no output or temporary file left behind by a failure, an existing map
# kept byte for byte, and no device replaced. docs/errors.md is the contract.
source "$(dirname "$0")/lib/common.sh"
bad="$PM_SOURCE_DIR/tests/bad"
gen="$PM_WORK/gen"
mkdir -p "$gen" specs

# Large inputs are made here rather than committed.
python3 - "$gen" <<'PY'
import json, math, os, sys
gen = sys.argv[1]
def write(name, text):
    with open(os.path.join(gen, name), "w", encoding="utf-8") as f:
        f.write(text)
good = os.path.join(os.environ["PM_SOURCE_DIR"], "tests/bad/layers/good.geojson")
layer = [{"name": "a", "source": good}]
# 1,000,000 vertices on one ring (about 40 MB of GeoJSON).
n = 1_000_000
ring = ["[%.7f,%.7f]" % (106.32 + 0.02 * math.cos(2 * math.pi * i / n),
                         29.62 + 0.02 * math.sin(2 * math.pi * i / n)) for i in range(n)]
ring.append(ring[0])
write("million.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature",'
      '"properties":{"id":"million","name":"百万顶点","kind":"zone"},'
      '"geometry":{"type":"Polygon","coordinates":[[' + ",".join(ring) + "]]}}]}")
# Nesting far deeper than any parser should follow.
write("deep.json", '{"title": "t", "layers": ' + "[" * 100000 + "]" * 100000 + "}")
write("deep.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
      '"geometry":{"type":"Polygon","coordinates":' + "[" * 100000 + "]" * 100000 + "}}]}")
# A 1.2 MB title of 3-byte characters: crosses the parser's 1 MiB chunks.
write("huge-title.json", json.dumps({"title": "长" * 400000, "layers": layer}, ensure_ascii=False))
# A label of 100,000 characters.
write("huge-name.geojson", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "long", "name": "名" * 100000, "kind": "zone"},
     "geometry": {"type": "Point", "coordinates": [106.32, 29.62]}}]}, ensure_ascii=False))
# Shaped text is bounded (docs/errors.md): 5000 characters, 30 combining
# marks or joiners on one character. Stacked marks shape in quadratic time,
# so these must be refused at once, not drawn for minutes.
spec_dir = os.path.join(os.environ["PM_SOURCE_DIR"], "tests/bad/spec")
def spec(name, **keys):
    keys.setdefault("title", "t")
    keys.setdefault("layers", layer)
    write(name, json.dumps(keys, ensure_ascii=False))
def points(name, *props, projects=False):
    feats = [{"type": "Feature", "properties": dict(p, id="f%d" % i),
              "geometry": {"type": "Point", "coordinates": [106.3 + 0.01 * i, 29.6]}}
             for i, p in enumerate(props)]
    write(name + ".geojson", json.dumps({"type": "FeatureCollection", "features": feats},
                                        ensure_ascii=False))
    spec(name + ".json", layers=[{"name": "p", "source": os.path.join(gen, name + ".geojson"),
                                  "projects": projects, "style": {"label": "name"}}])
# One feature of about 3 MB: over a GeoJSON object limit of 1 MB set for a case.
n = 120000
ring = ["[%.7f,%.7f]" % (106.3 + 0.02 * math.cos(2 * math.pi * i / n),
                         29.6 + 0.02 * math.sin(2 * math.pi * i / n)) for i in range(n)]
write("big-feature.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature",'
      '"properties":{"id":"big","name":"大","kind":"zone"},'
      '"geometry":{"type":"Polygon","coordinates":[[' + ",".join(ring + ring[:1]) + "]]}}]}")
acute, zwj = "\u0301", "\u200d"
spec("title-marks.json", title="a" + acute * 200000)
spec("subtitle-joined-marks.json", subtitle="a" + (acute + zwj) * 20000)
spec("title-en-marks.json", title_en="x" + "\u0316" * 31)
spec("note-long.json", notes=["fine", "n" * 5001])
spec("legend-marks.json", layers=[dict(layer[0], rules=[{"legend": "e" + "\u0308" * 40000}])])
spec("title-at-limit.json", title="a" + acute * 30 + " é ñ 长", subtitle="s" * 200)
points("label-marks", {"name": "b" + acute * 40000})
points("label-long", {"name": "ok"}, {"name": "x" * 5001})
points("label-at-limit", {"name": "名" * 5000}, {"name": "a" + acute * 30},
       {"name": "👨\u200d👩\u200d👧\u200d👦 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"})
points("project-category-long", {"name": "p", "category": "c" * 6000}, projects=True)
points("project-column-marks", {"name": "p", "column": "专栏" + acute * 31}, projects=True)
# An atlas page title made from a property: one feature's is over the bound.
write("atlas-cover.geojson", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "ok", "name": "好"},
     "geometry": {"type": "Point", "coordinates": [106.32, 29.62]}},
    {"type": "Feature", "properties": {"id": "long", "name": "长" * 6000},
     "geometry": {"type": "Point", "coordinates": [106.33, 29.63]}}]}, ensure_ascii=False))
write("atlas-title-long.json", json.dumps({"atlas": {
    "spec": os.path.join(spec_dir, "good.json"), "coverage": os.path.join(gen, "atlas-cover.geojson"),
    "name": "{id}", "title": "{name}", "dpi": 36}}))
write("report-title-marks.json", json.dumps({"report_title": "r" + acute * 5000,
      "maps": [{"spec": os.path.join(spec_dir, "good.json")}]}))
PY
truncate -s 65M "$gen/too-large.json"   # sparse: over the 64 MiB spec limit

listing() { (cd "$1" && find . -mindepth 1 | sort); }
before_bad=$(listing "$bad")
reference="$PM_WORK/reference.png"
"$PLANMAP" render "$bad/spec/good.json" -o "$reference" || fail "tests/bad/spec/good.json does not render"

run_case() {  # name exit regex command...
    local name=$1 code=$2 regex=$3
    shift 3
    local out="$PM_WORK/out/$name" limit="" existing="" spec="" lines=1 keep="" absent="" device=""
    local words=() envs=() w
    mkdir -p "$out"
    for w in "$@"; do
        w=${w//@BAD@/$bad}; w=${w//@GEN@/$gen}; w=${w//@OUT@/$out}; w=${w//@EMPTY@/}
        case $w in
        layer=*)   # named after the layer, as messages name the spec
            spec="$PM_WORK/specs/$(basename "${w#layer=}").json"
            printf '{"title": "t", "layers": [{"name": "a", "source": "%s", "style": {"label": "name"}}]}\n' \
                "${w#layer=}" > "$spec" ;;
        ulimit=*) limit=${w#ulimit=} ;;
        env=*) envs+=("${w#env=}") ;;
        existing=*) existing="$out/${w#existing=}"; cp "$reference" "$existing" ;;
        mkdir=*) mkdir -p "$out/${w#mkdir=}" ;;
        device=*)   # a stand-in for /dev/full that a bug may replace safely
            [ "$(id -u)" -eq 0 ] || { echo "skip $name: mknod needs root"; return 0; }
            device="$out/${w#device=}"; mknod "$device" c 1 7 ;;
        lines=*) lines=${w#lines=} ;;
        keep=*) keep=${w#keep=} ;;
        absent=*) absent=${w#absent=} ;;
        *) words+=("${w//@SPEC@/$spec}") ;;
        esac
    done
    local before rc=0 err
    before=$(listing "$out")
    err=$( (if [ -n "$limit" ]; then ulimit -f "$limit"; fi
            exec env "${envs[@]}" timeout 300 "$PLANMAP" "${words[@]}") 2>&1 >/dev/null) || rc=$?
    [ "$rc" -lt 124 ] || fail "$name: crashed or hung (exit $rc): $err"
    [ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code (stderr: ${err:0:300})"
    if [ "$regex" = "-" ]; then
        [ -z "$err" ] || fail "$name: expected no message, got: ${err:0:300}"
    else
        [ "$(printf '%s\n' "$err" | wc -l)" -eq "$lines" ] ||
            fail "$name: expected $lines line(s) on stderr, got: ${err:0:600}"
        err=${err%%$'\n'*}   # the first line (a pipe into head could die of SIGPIPE)
        # Errors start "planmap: "; validate's problem summary (exit 1) does not.
        local prefix='^planmap: .*'
        [ "$code" -ne 1 ] || prefix=''
        grep -Eq -- "$prefix$regex" <<< "$err" ||
            fail "$name: stderr '${err:0:300}' does not match /$regex/"
    fi
    if [ "$code" -eq 0 ]; then
        if [[ " ${words[*]}" == *" $out"* ]]; then   # an output inside @OUT@
            [ -n "$(find "$out" -mindepth 1 -type f -size +0 ! -name '.*')" ] ||
                fail "$name: exit 0 but no output file"
        fi
        [ -z "$(find "$out" -name '.*' -mindepth 1)" ] || fail "$name: temporary file left: $(ls -A "$out")"
    else
        # A batch keeps the maps that did render (keep=).
        local expected=$before k
        for k in ${keep//,/ }; do expected=$(printf '%s\n%s\n' "$expected" "./$k" | sed '/^$/d' | sort); done
        [ "$(listing "$out")" = "$expected" ] || fail "$name: failed run left files: $(cd "$out" && find . -mindepth 1)"
    fi
    if [ -n "$absent" ] && [ -e "$absent" ]; then
        rm -f "$absent"
        fail "$name: wrote $absent, outside its output folder"
    fi
    if [ -n "$device" ] && [ ! -c "$device" ]; then
        fail "$name: the device $(basename "$device") was replaced by a file"
    fi
    if [ -n "$existing" ]; then
        cmp -s "$reference" "$existing" || fail "$name: the existing $(basename "$existing") was changed"
    fi
    ok
}

n=0
while IFS=$'\t' read -r name code regex command; do
    case $name in ''|'#'*) continue ;; esac
    read -r -a words <<< "$command"
    run_case "$name" "$code" "$regex" "${words[@]}"
    n=$((n + 1))
done < "$bad/cases.tsv"
[ "$n" -ge 60 ] || fail "only $n cases in tests/bad/cases.tsv"; ok

# Devices are written in place, never replaced by a renamed temporary.
[ -c /dev/full ] || fail "/dev/full is no longer a device"; ok
[ "$(listing "$bad")" = "$before_bad" ] || fail "tests/bad changed: files were written beside the inputs"; ok
finish
