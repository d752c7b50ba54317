#!/usr/bin/env bash
# Install what planmap needs (Debian packages) if it is missing, then configure
# and build. Usage: scripts/setup.sh [--tests] [BUILD_DIR [extra cmake args...]]
# --tests adds what the test suite uses besides the build.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config
          libgdal-dev gdal-bin libproj-dev proj-bin libsqlite3-dev
          libcairo2-dev libpng-dev libpango1.0-dev libjson-c-dev libcmocka-dev libisal-dev
          libsimdjson-dev
          fonts-noto-cjk fontconfig)
TEST_PACKAGES=(librsvg2-bin poppler-utils python3 file
          # the Python package's test (tests/python/run.sh): pip install ./python
          # offline into a venv, then pytest
          python3-pytest python3-venv python3-pip python3-setuptools
          # tests/valgrind.sh and the libFuzzer harnesses (tests/fuzz/run.sh)
          valgrind clang libclang-rt-14-dev
          # tests/cli/geojson_reader.sh counts the opens of a source
          strace
          # QGIS for the export round-trip test (tests/cli/export.sh): about
          # 110 MB download, 650 MB installed, ~80 s on a 2-core machine.
          python3-qgis
          # a one-node Slurm cluster started by tests/cli/slurm.sh (its own
          # munged, slurmctld and slurmd; the system's services are not used)
          slurm-wlm munge)
if [ "${1:-}" = "--tests" ]; then
    PACKAGES+=("${TEST_PACKAGES[@]}")
    shift
fi

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
    $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=${1:-build}
shift || true
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
