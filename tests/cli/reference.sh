#!/usr/bin/env bash
# Every bundled map, rendered at 60 dpi, looks like its reference picture in
# tests/reference/ (made by tests/reference/update.sh): pm_imgcheck compares
# 4×4 block means, mean difference < 3 levels and at most 1 % of the blocks
# off by more than 64. A moved label or a different legend breaks it.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
shopt -s nullglob
specs=("$PM_SOURCE_DIR"/data/maps/*.json)
[ ${#specs[@]} -gt 0 ] || fail "no bundled maps"
for spec in "${specs[@]}"; do
    name=$(basename "$spec" .json)
    ref="$PM_SOURCE_DIR/tests/reference/$name.png"
    [ -f "$ref" ] || fail "$name: no reference picture (run tests/reference/update.sh)"
    "$PLANMAP" render "$spec" --dpi 60 -o "$name.png" || fail "$name does not render"
    read -r w h < <("$PM_IMGCHECK" size "$name.png")
    read -r rw rh < <("$PM_IMGCHECK" size "$ref")
    [ "$w $h" = "$rw $rh" ] || fail "$name: ${w}x$h, reference ${rw}x$rh"
    read -r mean far < <("$PM_IMGCHECK" compare "$name.png" "$ref" | tr -d 'a-z=')
    python3 -c "import sys; sys.exit(0 if $mean < 3 and $far <= 0.01 else 1)" \
        || fail "$name differs from tests/reference/$name.png (mean $mean, far $far)"
    ok
done
finish
