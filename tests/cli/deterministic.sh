#!/usr/bin/env bash
# A bundled map gives the same PNG bytes however it is run: on one thread,
# on two, on as many as planmap allows (which starts every thread a render
# can use: bands, load ranges, the stream's reader), with --labels-json or
# without, with the heap filled with different bytes before each allocation
# (glibc's MALLOC_PERTURB_: an output that depends on memory nothing wrote
# changes with it), and with the variants run all at once, so they compete
# for the cores and their threads finish in other orders than on an idle
# machine. No timing is asserted: only bytes are compared.
source "$(dirname "$0")/lib/common.sh"
shopt -s nullglob
specs=("$PM_SOURCE_DIR"/data/maps/*.json)
[ ${#specs[@]} -gt 0 ] || fail "no bundled maps in data/maps"

# variant NAME ENV... : the render of $spec into $name.NAME.png
variant() {
    local tag=$1
    shift
    env "$@" "$PLANMAP" render "$spec" -o "$name.$tag.png" 2>"$name.$tag.err" \
        || { echo "render failed: $(cat "$name.$tag.err")" > "$name.$tag.err"; return 1; }
}

for spec in "${specs[@]}"; do
    name=$(basename "$spec" .json)
    PLANMAP_THREADS=2 "$PLANMAP" render "$spec" -o "$name.png" --labels-json "$name.labels.json" \
        || fail "$name.png does not render"
    pids=()
    variant t1 PLANMAP_THREADS=1 & pids+=($!)
    variant t2 PLANMAP_THREADS=2 & pids+=($!)
    variant t64 PLANMAP_THREADS=64 & pids+=($!)
    variant perturb85 PLANMAP_THREADS=2 MALLOC_PERTURB_=85 & pids+=($!)
    variant perturb170 PLANMAP_THREADS=64 MALLOC_PERTURB_=170 & pids+=($!)
    for p in "${pids[@]}"; do
        wait "$p" || true
    done
    for tag in t1 t2 t64 perturb85 perturb170; do
        [ -s "$name.$tag.png" ] || fail "$name ($tag) did not render: $(cat "$name.$tag.err")"
        cmp -s "$name.png" "$name.$tag.png" || fail "$name.png: the $tag render differs"
        ok
    done
done
finish
