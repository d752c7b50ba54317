#!/usr/bin/env bash
# The Python package as a user installs it: the built tree installed into a
# temporary prefix (as tests/install/run.sh does), `pip install ./python`
# offline into a fresh venv over Debian's python3 (which brings pytest), then
# tests/python/test_planmap.py run by pytest against that prefix's library
# and program.
# Usage: run.sh BUILD_DIR SOURCE_DIR PM_IMGCHECK
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) imgcheck=$(realpath "$3")
work=$build/python-test
rm -rf "$work"
mkdir -p "$work"
fail() { echo "python: $*" >&2; exit 1; }
py=/usr/bin/python3
"$py" -c 'import pytest, venv' 2>/dev/null ||
    fail "python3-pytest and python3-venv are not installed: run scripts/setup.sh --tests"

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" > "$work/install.log" ||
    fail "cmake --install failed (see $work/install.log)"
lib=$(find "$prefix" -name libplanmap.so | head -n 1)
[ -n "$lib" ] || fail "no libplanmap.so installed"

# A copy of python/, so setuptools' build/ and egg-info stay out of the tree;
# Debian's pip and setuptools from the system site, nothing from the network.
cp -r "$src/python" "$work/src"
"$py" -m venv --without-pip --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install --no-build-isolation --no-index --no-deps \
    --disable-pip-version-check -q "$work/src" > "$work/pip.log" 2>&1 ||
    { cat "$work/pip.log" >&2; fail "pip install ./python failed"; }

# The package finds the library through the loader's path, as after an
# install into a system prefix; the tests compare with the installed program.
cd "$work"
PYTHONDONTWRITEBYTECODE=1 LD_LIBRARY_PATH=$(dirname "$lib") PLANMAP="$prefix/bin/planmap" PM_IMGCHECK="$imgcheck" \
    PM_SOURCE_DIR="$src" PM_WORK="$work" \
    "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$src/tests/python/test_planmap.py"
rm -rf "$work"
