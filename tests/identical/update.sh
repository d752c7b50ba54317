#!/usr/bin/env bash
# Record the bytes of the bundled maps (and the synthetic layers) as they are
# now, deliberately: run it only for a change that is meant to alter what the
# maps look like, after looking at the pictures, and commit the result.
#   tests/identical/update.sh [BUILD_DIR]      (default: build)
# tests/cli/identical.sh then checks that every render gives these bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
    echo "# Bytes of every output tests/cli/identical.sh compares (tests/identical/update.sh)."
    echo "# They hold for this software stack; on another the check is skipped."
    "$here/stack.sh" "$build/planmap" | sed 's/^/# stack: /'
    (cd "$work" && "$here/outputs.sh" "$build/planmap" "$root")
} > "$here/sha256.txt.tmp"
mv "$here/sha256.txt.tmp" "$here/sha256.txt"
echo "$here/sha256.txt: $(grep -vc '^#' "$here/sha256.txt") outputs"
