#!/usr/bin/env bash
# planmap vs MapServer (map2img) vs Mapnik (python3-mapnik): the whole suite.
# Usage: bench/run.sh            (from anywhere; takes ~15 minutes)
# Env:   RUNS=5       runs per single-map case and tool
#        SLOW_RUNS=RUNS runs of planmap in lines, all and all-furniture (fewer if they get slow)
#        BATCH_RUNS=1 runs of each 50-map batch
#        CASES="polygons points lines labels all"   subset of the single-map cases
#        SKIP_BATCH=1 / SKIP_BUNDLED=1 / PROFILE=1 (perf profile of planmap per case)
# Writes bench/work/ (data, configs, PNGs, results.jsonl, results.md), not in git.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
work=$bench/work
build=$root/build-bench
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-$RUNS}
BATCH_RUNS=${BATCH_RUNS:-1}
CASES=${CASES:-"polygons points lines labels all"}
PY=/usr/bin/python3   # python3-mapnik is built for Debian's Python, not a pyenv one

# ---- tools and planmap (installs the peers, builds planmap) ---------------
. "$bench/prepare.sh"

# ---- data ----------------------------------------------------------------
data=$work/data
mkdir -p "$data" "$work/out"
if [ ! -f "$data/labels.index" ]; then
    echo "run.sh: generating synthetic layers in $data"
    $PY "$bench/gen_data.py" "$data"
    for n in polygons points lines labels; do
        # Shapefile for all three: MapServer's and Mapnik's native reader,
        # and the fastest GDAL driver for planmap (measured against FlatGeobuf
        # and GeoJSON, see README). UTF-8 names, declared in the .cpg.
        rm -f "$data/$n".{shp,shx,dbf,prj,cpg,qix,index}
        ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$data/$n.shp" "$data/$n.geojson"
        shptree "$data/$n.shp" >/dev/null    # .qix: MapServer's (and GDAL's) spatial index
        shapeindex "$data/$n.shp" >/dev/null # .index: Mapnik's
    done
fi
$PY "$bench/make_configs.py" "$planmap" "$work"
cfg=$work/config
out=$work/out

render_planmap() { "$planmap" render "$cfg/$1.json" -o "$out/$1-planmap.png"; }
render_mapserver() { map2img -conf "$cfg/mapserver.conf" -m "$cfg/$1.map" -o "$out/$1-mapserver.png" >/dev/null; }
render_mapnik() { $PY "$bench/mapnik_render.py" "$cfg/$1.xml" "$out/$1-mapnik.png" $(cat "$cfg/$1.extent"); }

# ---- same picture? ------------------------------------------------------------
echo "run.sh: rendering each case once with each tool and comparing"
: > "$work/compare.txt"
for c in $CASES; do
    render_planmap "$c"; render_mapserver "$c"; render_mapnik "$c"
    $PY "$bench/compare.py" "$out" "$c" | tee -a "$work/compare.txt"
done

# ---- timings ---------------------------------------------------------------
results=$work/results.jsonl
: > "$results"
T() { $PY "$bench/bench.py" time "$results" "$@"; }

# The machine is shared (2 cores, other builds and tests running): the tools
# take turns run by run, so a busy spell hits all of them alike, and CPU time
# is reported beside wall time. Load average before and after goes on record.
{
    echo "planmap commit: $commit"
    if grep -q '^ISAL_FOUND:INTERNAL=1' "$build/CMakeCache.txt"; then
        echo "PNG deflate: ISA-L igzip"
    else
        echo "PNG deflate: zlib"
    fi
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$work/load.txt"

echo "run.sh: process start-up"
for ((r = 1; r <= RUNS; r++)); do
    T startup planmap 1 -- "$planmap" --version
    T startup mapserver 1 -- map2img -v
    T startup mapnik 1 -- $PY -c "import mapnik"
done

echo "run.sh: single maps (2000x1500 PNG)"
for c in $CASES; do
    n=$RUNS
    case $c in lines|all) n=$SLOW_RUNS ;; esac
    for ((r = 1; r <= RUNS; r++)); do
        if ((r <= n)); then
            T "$c" planmap 1 -- "$planmap" render "$cfg/$c.json" -o "$out/$c-planmap.png"
        fi
        T "$c" mapserver 1 -- map2img -conf "$cfg/mapserver.conf" -m "$cfg/$c.map" \
            -o "$out/$c-mapserver.png"
        T "$c" mapnik 1 -- $PY "$bench/mapnik_render.py" "$cfg/$c.xml" "$out/$c-mapnik.png" \
            $(cat "$cfg/$c.extent")
        if [ "$c" = all ] && ((r <= n)); then
            T all planmap-with-furniture 1 -- \
                "$planmap" render "$cfg/all-furniture.json" -o "$out/all-furniture-planmap.png"
        fi
    done
done

if [ -z "${SKIP_BATCH:-}" ]; then
    echo "run.sh: batch of 50 maps"
    tools="planmap mapserver mapnik"
    # `planmap batch` renders the 50 maps in one process, where it exists.
    if "$planmap" help batch >/dev/null 2>&1; then
        tools="planmap planmap-batch mapserver mapnik"
    fi
    for ((r = 1; r <= BATCH_RUNS; r++)); do
        for tool in $tools; do
            T batch-50 "$tool" 1 -- bash "$bench/batch.sh" "$tool" "$work" "$planmap"
        done
    done
fi

if [ -z "${SKIP_BUNDLED:-}" ]; then
    echo "run.sh: bundled maps (data/maps, planmap only, spec page size)"
    for spec in "$src"/data/maps/*.json; do
        name=$(basename "$spec" .json)
        T bundled planmap:"$name" "$RUNS" -- "$planmap" render "$spec" -o "$out/bundled-$name.png"
    done
fi

if [ -n "${PROFILE:-}" ]; then
    bash "$bench/profile.sh" "$planmap" "$work" $CASES
fi

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/load.txt"
{ cat "$work/load.txt"; $PY "$bench/bench.py" report "$results"; } | tee "$work/results.md"
echo "run.sh: results in $work/results.md, pictures in $out"
