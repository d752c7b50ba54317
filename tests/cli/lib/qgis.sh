# Headless QGIS for the QGIS round-trip tests (sourced after common.sh):
# QGIS_PY, the offscreen platform, and qgis_compare.
QGIS_PY=/usr/bin/python3
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$PM_WORK/xdg"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$QGIS_PY" -c 'import qgis.core, PIL' 2>/dev/null \
    || fail "python3-qgis (and python3-pil) not installed: run scripts/setup.sh --tests"
qgis_check="$PM_SOURCE_DIR/tests/tools/qgis_project.py"

# qgis_compare SPEC PROJECT [CRS]: planmap's PNG and labels, then QGIS's view
# (tests/tools/qgis_project.py); prints its line of numbers.
qgis_compare() {
    local spec=$1 project=$2 stem=${2%.*}
    "$PLANMAP" render "$spec" -o "$stem.planmap.png" --labels-json "$stem.labels.json"
    "$QGIS_PY" "$qgis_check" "$project" "$spec" "$stem.planmap.png" "$stem.labels.json" \
        "$stem.qgis.png" ${3:+"$3"} > "$stem.check" 2>&1 || { cat "$stem.check"; return 1; }
    grep '^qgis-project:' "$stem.check"
}
