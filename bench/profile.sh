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
    perf record -q -F 199 --call-graph dwarf,16384 -o "$data" \
        "$planmap" render "$work/config/$c.json" -o "$work/profile/$c.png" 2>/dev/null
    {
        echo "== $c: planmap stages (inclusive %)"
        perf report -i "$data" --stdio --children --sort symbol -g none 2>/dev/null |
            grep -E '\] (pm_|main$|draw_|place_|cairo_surface_write_to_png|cairo_pop_group|cairo_push_group|cairo_stroke|cairo_fill|OGR_|GDAL|proj_trans)' |
            head -40
        echo "== $c: self time by library"
        perf report -i "$data" --stdio --no-children --sort dso 2>/dev/null | grep '%' | head -15
        echo "== $c: top self-time symbols"
        perf report -i "$data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null |
            grep '%' | head -25
    } > "$txt"
    rm -f "$data"
    echo "profile.sh: $txt"
done
