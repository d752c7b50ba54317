#!/usr/bin/env bash
# Every bundled map reads in English with --lang en and in both languages
# with --lang zh+en. Each drawn text is read from --labels-json: with en no
# title, legend entry, table row, label or note line may be Chinese-only; with
# zh+en every text that is Chinese also carries its English, and the map's own
# texts (title, legend, table, labels) carry their Chinese. Each failure names
# the map, the language, the kind of box and the text.
#
# Chinese-only: Han characters and no English word (two or more Latin letters
# in a row, so "（L158–L168）" does not make a Chinese sentence English). The
# one allowed exception is the issue's: plan titles in the source note stay as
# the plans name themselves, each followed by its English gloss.
source "$(dirname "$0")/lib/common.sh"
shopt -s nullglob
# The bundled maps and the specs of the bundled report's atlas pages.
specs=("$PM_SOURCE_DIR"/data/maps/*.json "$PM_SOURCE_DIR"/data/reports/atlas-*.json)
[ ${#specs[@]} -gt 0 ] || fail "no bundled maps in data/maps"

for spec in "${specs[@]}"; do
    name=$(basename "$spec" .json)
    for lang in en zh+en; do
        "$PLANMAP" render "$spec" --lang "$lang" --dpi 50 -o "$name.$lang.png" \
            --labels-json "$name.$lang.labels.json" || fail "$name: render --lang $lang failed"
    done
done

check() {
    python3 - "$@" <<'PY'
import json, os, re, sys

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
WORD = re.compile(r"[A-Za-z]{2,}")
# Boxes of drawn text; "marker" (the feature's name, nothing drawn), "inset"
# and "northarrow" hold none, "legend" repeats "legend-title".
DRAWN = {"title", "subtitle", "note", "legend-title", "legend-item", "table-title",
         "table-group", "table-row", "table-more", "unplaced-title", "table-unplaced",
         "unplaced-more", "badge", "label", "label-glyph",
         "leader", "scalebar", "graticule"}
# The map's own words: in zh+en these say both (the subtitle and the note's
# attributions may be English in every language).
BOTH = {"title", "legend-title", "legend-item", "table-title", "table-group",
        "table-row", "unplaced-title", "table-unplaced", "badge", "label"}

def chinese_only(s):
    return bool(HAN.search(s)) and not WORD.search(s)

SOURCES = {"en": "Sources: ", "zh+en": "资料来源 Sources："}
SEP = {"en": "; ", "zh+en": "；"}

def note_lines(text, lang):
    """The source line plan title by plan title (each needs its English
    gloss), then the note lines."""
    lines = text.split("\n")
    if lines[0].startswith(SOURCES[lang]):
        return lines[0][len(SOURCES[lang]):].split(SEP[lang]), lines[1:]
    return [], lines

problems = 0
for path in sys.argv[1:]:
    base = os.path.basename(path)[: -len(".labels.json")]
    name, lang = base.rsplit(".", 1)
    seen = set()
    boxes = json.load(open(path))["boxes"]
    if not any(b["kind"] == "title" for b in boxes):
        print("%s (--lang %s): no title drawn" % (name, lang))
        problems += 1
    for b in boxes:
        kind, text = b["kind"], b["text"]
        if kind not in DRAWN or (kind, text) in seen:
            continue
        seen.add((kind, text))
        bad = []
        if kind == "note":
            plans, lines = note_lines(text, lang)
            bad += ["plan title without an English gloss: " + p for p in plans if chinese_only(p)]
            if lang == "en":
                bad += ["Chinese-only: " + p for p in lines if chinese_only(p)]
            else:
                # zh+en: a Chinese note line is followed by its English line.
                bad += ["no English: " + p for i, p in enumerate(lines) if chinese_only(p) and not
                        (i + 1 < len(lines) and WORD.search(lines[i + 1]) and not HAN.search(lines[i + 1]))]
        elif lang == "en":
            bad += ["Chinese-only: " + p for p in text.split("\n") if chinese_only(p)]
        elif chinese_only(text):
            bad.append("no English: " + text)
        elif kind in BOTH and not HAN.search(text):
            bad.append("no Chinese: " + text)
        for p in bad:
            print("%s (--lang %s): %s: %s" % (name, lang, kind, p.replace("\n", " / ")))
        problems += len(bad)
print("%d problems" % problems)
sys.exit(1 if problems else 0)
PY
}

check *.labels.json > problems.txt || fail "texts that do not read in the map's language:
$(cat problems.txt)"
ok
finish
