#!/usr/bin/env bash
# Regenerate the reference pictures of the bundled maps, deliberately: run it
# after a change to the renderer or a map that is meant to change the picture,
# look at every PNG it writes, and commit them with the change.
#   tests/reference/update.sh [BUILD_DIR]     (default: build)
# The pictures are small (60 dpi) so the repository stays light; the test
# (tests/cli/reference.sh) renders at the same size and compares them with
# pm_imgcheck (4×4 block means): mean difference < 3 and at most 1 % of the
# blocks off by more than 64 levels.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
for spec in "$root"/data/maps/*.json; do
    name=$(basename "$spec" .json)
    "$build/planmap" render "$spec" --dpi 60 -o "$here/$name.png"
    echo "$here/$name.png"
done
