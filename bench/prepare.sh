# Sourced by run.sh and matrix.sh with bench, root, work and build set:
# installs the peers and tools that are missing, builds planmap (Release)
# and sets planmap and commit.
PACKAGES=(mapserver-bin mapnik-utils python3-mapnik python3-gdal python3-numpy time
          gdal-bin linux-perf python3-qgis
          libisal-dev)   # planmap's PNG deflate (scripts/setup.sh installs it too)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "bench: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# planmap is built from the last commit (git archive HEAD → bench/work/src),
# not from the working tree: others edit it while the suite runs, and the
# results must name the code they measured. PLANMAP_SRC=tree builds the
# working tree instead (to measure uncommitted changes).
if [ "${PLANMAP_SRC:-head}" = tree ]; then
    src=$root
    commit="$(git -C "$root" rev-parse --short HEAD) + working tree"
else
    src=$work/src
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$root" archive --format=tar HEAD | tar -x -C "$src"
    commit=$(git -C "$root" rev-parse --short HEAD)
fi
if [ -f "$build/CMakeCache.txt" ] &&
   ! grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$src" "$build/CMakeCache.txt"; then
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"   # configured for another source tree
fi
echo "bench: building planmap $commit (Release) in $build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPM_BUILD_TESTS=OFF -DCMAKE_C_FLAGS= >/dev/null
cmake --build "$build" --target planmap -j"$(nproc)" >/dev/null
planmap=$build/planmap
