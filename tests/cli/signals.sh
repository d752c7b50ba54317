# Signals and processes: SIGINT, SIGTERM or SIGHUP during a render or a
# batch ends planmap by that signal (the exit status says so) with no
# temporary left and the existing output unchanged; SIGTERM or SIGKILL to a
# batch parent ends its workers too; a pipe closed by its reader is an error
# 3 with one line. No timing is asserted: the signal is sent once a
# temporary exists (polled), and waits are bounded only against hangs.
. "$(dirname "$0")/lib/common.sh"
set -m   # each job in its own process group, SIGINT not ignored in the background

python3 - <<'PY'
import json, random
random.seed(1)
feats = []
for i in range(40000):
    x, y, d = 104 + random.random() * 0.5, 30.5 + random.random() * 0.5, 0.002
    ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    feats.append({"type": "Feature", "properties": {"id": "f%d" % i, "kind": "zone"},
                  "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "features": feats}, open("big.geojson", "w"))
json.dump({"title": "big", "layers": [{"name": "a", "source": "big.geojson"}]}, open("big.json", "w"))
maps = [{"spec": "big.json", "name": "m%02d" % i, "outputs": ["pdf"]} for i in range(12)]
json.dump({"report": "report.pdf", "maps": maps}, open("batch.json", "w"))
PY

temps() { find "$1" -mindepth 1 -name '.*' 2>/dev/null; }

# Poll until a temporary appears in folder $1 while process $2 runs.
wait_for_temp() {
    local i
    for i in $(seq 1 6000); do
        [ -z "$(temps "$1")" ] || return 0
        kill -0 "$2" 2>/dev/null || fail "planmap ended before writing anything in $1"
        sleep 0.05
    done
    fail "no temporary in $1 after 300 s"
}

# Until no process of group $1 is left (bounded against a hang only).
wait_group_gone() {
    local i
    for i in $(seq 1 600); do
        pgrep -g "$1" > /dev/null || return 0
        sleep 0.1
    done
    fail "processes of group $1 still running: $(pgrep -a -g "$1")"
}

signum() { kill -l "$1"; }

# ---- a render, each signal ----------------------------------------------------
for sig in INT TERM HUP; do
    for fmt in pdf svg; do
        out="render-$sig-$fmt"
        mkdir "$out"
        echo old > "$out/map.$fmt"
        "$PLANMAP" render big.json -o "$out/map.$fmt" 2> "$out.err" &
        pid=$!
        wait_for_temp "$out" "$pid"
        kill -"$sig" "$pid"
        rc=0
        wait "$pid" || rc=$?
        [ "$rc" -eq $((128 + $(signum "$sig"))) ] || fail "render, SIG$sig: exit $rc: $(cat "$out.err")"; ok
        [ -z "$(temps "$out")" ] || fail "render, SIG$sig: temporary left: $(temps "$out")"; ok
        [ "$(cat "$out/map.$fmt")" = old ] || fail "render, SIG$sig: the existing map changed"; ok
    done
done

# ---- an export: GDAL's GeoPackage temporary and SQLite's journal go too ----------
out=export-TERM
mkdir "$out"
echo old > "$out/all.gpkg"
"$PLANMAP" export big.json -o "$out/all.gpkg" 2> "$out.err" &
pid=$!
wait_for_temp "$out" "$pid"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 143 ] || fail "export, SIGTERM: exit $rc: $(cat "$out.err")"; ok
[ -z "$(temps "$out")" ] || fail "export, SIGTERM: temporary left: $(temps "$out")"; ok
[ "$(cat "$out/all.gpkg")" = old ] || fail "export, SIGTERM: the existing GeoPackage changed"; ok

# ---- a batch: SIGTERM or SIGINT to the parent only, SIGINT to the group (Ctrl-C) ----
for how in TERM INT group-INT; do
    out="batch-$how"
    "$PLANMAP" batch batch.json -o "$out" --jobs 2 --quiet 2> "$out.err" &
    pid=$!
    mkdir -p "$out"
    wait_for_temp "$out" "$pid"
    sig=${how#group-}
    if [ "$how" = "group-INT" ]; then kill -INT -- "-$pid"; else kill -"$sig" "$pid"; fi
    rc=0
    wait "$pid" || rc=$?
    [ "$rc" -eq $((128 + $(signum "$sig"))) ] || fail "batch, $how: exit $rc: $(cat "$out.err")"; ok
    # The parent reaped its workers before it died: nothing is left running.
    ! pgrep -g "$pid" > /dev/null || fail "batch, $how: workers outlived the parent: $(pgrep -a -g "$pid")"; ok
    [ -z "$(temps "$out")" ] || fail "batch, $how: temporaries left: $(temps "$out")"; ok
done

# ---- SIGKILL to a batch parent: the workers die with it (PR_SET_PDEATHSIG) ----
out=batch-KILL
"$PLANMAP" batch batch.json -o "$out" --jobs 2 --quiet 2> "$out.err" &
pid=$!
mkdir -p "$out"
wait_for_temp "$out" "$pid"
kill -KILL "$pid"
wait "$pid" || true
wait_group_gone "$pid"; ok
[ -z "$(temps "$out")" ] || fail "batch, SIGKILL: the workers left temporaries: $(temps "$out")"; ok

# ---- a pipe closed by its reader ------------------------------------------------------
{ rc=0; "$PLANMAP" render big.json -o /dev/stdout --format svg 2> pipe.err || rc=$?
  echo "$rc" > pipe.rc; } | head -c 100 > /dev/null
rc=$(cat pipe.rc)
[ "$rc" -eq 3 ] || fail "-o /dev/stdout into a closed pipe: exit $rc: $(cat pipe.err)"; ok
[ "$(wc -l < pipe.err)" -eq 1 ] && grep -q '^planmap: /dev/stdout: cannot write: Broken pipe$' pipe.err ||
    fail "closed pipe: expected one 'Broken pipe' line, got: $(cat pipe.err)"; ok
finish
