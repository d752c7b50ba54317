#!/usr/bin/env bash
# completions/planmap completes what the program offers: commands, each
# command's long options (all those its --help lists), option values and files.
# Usage: completion.sh PLANMAP SOURCE_DIR
set -uo pipefail
planmap=$1 src=$2
cd "$src" || exit 2
# shellcheck source=/dev/null
source completions/planmap || { echo "completion: cannot source completions/planmap" >&2; exit 1; }

failed=0
# complete LINE...: COMPREPLY for the last word of the command line.
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _planmap planmap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort
}
expect() {   # expect "WANTED (sorted, one a line)" WORDS...
    local want=$1 got
    shift
    got=$(complete_words "$@")
    if [ "$got" != "$want" ]; then
        echo "completion: '$*<TAB>' gave [$(echo $got)], expected [$(echo $want)]" >&2
        failed=$((failed + 1))
    fi
}
contains() {  # contains WORD WORDS...: WORD is among the completions
    local word=$1
    shift
    if ! grep -qxF -- "$word" <<< "$(complete_words "$@")"; then
        echo "completion: '$*<TAB>' does not offer $word" >&2
        failed=$((failed + 1))
    fi
}

expect "render" planmap re
expect "validate" planmap help va
expect "$(printf "%s\n" --formats --help --version)" planmap -
expect "$(printf '%s\n' batch export extract info place render validate)" planmap ''
expect "$(printf '%s\n' --width --world-file)" planmap render --w
expect "$(printf '%s\n' pdf png)" planmap render -f p
expect "$(printf '%s\n' en zh zh+en)" planmap render x.json --lang ''
expect "data/maps/001-park-city-structure.json" planmap render data/maps/001-park-city-st
expect "data/maps/001-park-city-structure.json" planmap render data/maps/001-park-city-structure.json -o x.png --labels-json data/maps/001-park-city-st
contains data planmap validate dat
contains data planmap batch b.json -o da
expect "data/basemap/provinces.geojson" planmap place d -g data/basemap/prov

# Every long option a command's --help lists is offered after "--".
for cmd in $("$planmap" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { on = 0 } on { print $1 }'); do
    offered=$(complete_words planmap "$cmd" --)
    for opt in $("$planmap" "$cmd" --help 2>&1 | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        grep -qxF -- "$opt" <<< "$offered" || {
            echo "completion: 'planmap $cmd --<TAB>' does not offer $opt" >&2
            failed=$((failed + 1))
        }
    done
done

[ $failed -eq 0 ] || exit 1
echo "completion: commands, options, values and files complete"
