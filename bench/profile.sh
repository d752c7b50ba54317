#!/usr/bin/env bash
# Where planmap's time goes: perf profile of one render per case.
# Usage: profile.sh PLANMAP WORK CASE...   → WORK/profile/CASE.txt
# Each report has planmap's stages with inclusive time (DWARF call graphs;
# the Debian libraries have no symbols, so their time is shown by library),
# then self time by library, then the top self-time symbols.
set -euo pipefail
planmap=$1 work=$2
shift 2
mkdir -p "$work/profile"
for c in "$@"; do
    data=$work/profile/$c.perf
    txt=$work/profile/$c.txt
    # planmap's lines and all cases run for minutes: sample their first
    # 60 s (loading and most of the drawing), at a lower rate.
    freq=199 limit=()
    case $c in lines|all) freq=49 limit=(timeout -s INT 60) ;; esac
    perf record -q -F "$freq" --call-graph dwarf,16384 -o "$data" \
        "${limit[@]}" "$planmap" render "$work/config/$c.json" -o "$work/profile/$c.png" \
        2>/dev/null || true
    # head closes the pipes early: no pipefail (or -e) for the reports.
    set +e +o pipefail
    {
        echo "== $c: planmap stages (inclusive %)"
        perf report -i "$data" --stdio --children --sort symbol -g none 2>/dev/null |
            grep -E '\] (pm_|main$|draw_|place_|cairo_surface_write_to_png|cairo_pop_group|cairo_push_group|cairo_stroke|cairo_fill|OGR_|GDAL|proj_trans)' |
            head -40
        echo "== $c: self time by library"
        perf report -i "$data" --stdio --no-children --sort dso -g none 2>/dev/null | grep '%' | head -15
        echo "== $c: top self-time symbols"
        perf report -i "$data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null |
            grep '%' | head -25
    } > "$txt"
    set -e -o pipefail
    rm -f "$data"
    echo "profile.sh: $txt"
done
