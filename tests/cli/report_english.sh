#!/usr/bin/env bash
# The bundled report reads in English with `planmap batch --lang en` and in
# both languages with --lang zh+en, read back from the PDF with pdftotext:
# - en: the report title, "Contents" and every contents line are English
#   (Chinese-only: Han characters and no word of two or more Latin letters,
#   the rule of english.sh); on the table pages nothing is Chinese at all:
#   titles, headings, every group heading (the data's column_en), category
#   (category_en), place (place_en) and citation (its lines) are English, so
#   one Han character on a table page fails.
# - zh+en: every contents entry and table title carries both its Chinese and
#   its English, and every category and 专栏 heading both.
source "$(dirname "$0")/lib/common.sh"
reports="$PM_SOURCE_DIR/data/reports"
python3 "$(dirname "$0")/lib/bundled_batch.py" "$reports/chengdu-chongqing-atlas.json" 36 > atlas.json

for lang in en zh+en; do
    "$PLANMAP" batch atlas.json -o "$lang" --lang "$lang" 2> "$lang.err" ||
        fail "--lang $lang: $(cat "$lang.err")"
    grep -Eq "[0-9]+ maps: [0-9]+ written, 0 failed" "$lang.err" || fail "$(cat "$lang.err")"; ok
done

python3 - atlas.json <<'PY' ||
import json, os, re, subprocess, sys

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
WORD = re.compile(r"[A-Za-z]{2,}")
chinese_only = lambda s: bool(HAN.search(s)) and not WORD.search(s)
squeeze = lambda s: re.sub(r"\s+", "", s)

batch = json.load(open(sys.argv[1]))
problems = []
def check(cond, what):
    if not cond:
        problems.append(what)

# The categories and groups of every row, in both languages, from the data.
rows, groups = {}, set()
for t in batch["tables"]:
    for f in json.load(open(t["source"]))["features"]:
        p = f["properties"]
        key = (p["category"], p.get("category_en") or "")
        rows[key] = rows.get(key, 0) + 1
        groups.add((p["column"], p.get("column_en") or ""))

def pages(lang):
    pdf = f"{lang}/chengdu-chongqing-atlas.pdf"
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:n]


# Contents pages come first, tables last: a page is told by its heading.
def contents_of(ps):
    return [p for p in ps if "Contents" in p.split("\n")[0] or "Contents" in p[:200]]
def tables_of(ps, lang):
    titles = [squeeze(t["title_en"] if lang == "en" else t["title"]) for t in batch["tables"]]
    return [p for p in ps if any(squeeze(p)[:400].startswith(t) for t in titles)]

en = pages("en")
contents, tables = contents_of(en), tables_of(en, "en")
check(contents and tables, f"en: {len(contents)} contents and {len(tables)} table pages found")
check(contents and squeeze(batch["report_title_en"]) in squeeze(contents[0]), "en: report title")
for page in contents:
    for line in page.split("\n"):
        check(not chinese_only(line), "en contents: Chinese-only: " + line)
table_text = "\n".join(tables)
for t in batch["tables"]:
    check(squeeze(t["title_en"]) in squeeze(table_text), "en: table title " + t["title_en"])
    for c in t["columns"]:
        check(c["heading_en"] in table_text, "en: heading " + c["heading_en"])
for page in tables:
    for line in page.split("\n"):
        check(not HAN.search(line), "en table: Chinese: " + line)
# Each row shows its category in English (a wrapped cell is squeezed whole),
# and every 专栏 heading is shown by its English.
squeezed = squeeze(table_text)
for (zh, en), n in rows.items():
    shown = squeezed.count(squeeze(en)) if en else 0
    check(shown >= n, f"en: category {zh} in English on {shown} of {n} rows")
for zh, en in groups:
    check(en and squeeze(en) in squeezed, f"en: group {zh} without its English {en!r}")

both = pages("zh+en")
contents, tables = contents_of(both), tables_of(both, "zh+en")
check(contents and tables, f"zh+en: {len(contents)} contents and {len(tables)} table pages found")
entries = re.split(r"\n(?=\d+\. )", "\n".join(contents))[1:]
check(len(entries) >= len(batch["tables"]), f"zh+en: {len(entries)} contents entries")
for e in entries:
    check(HAN.search(e) and WORD.search(e), "zh+en contents: not both: " + e.replace("\n", " / "))
table_text = squeeze("\n".join(tables))
for t in batch["tables"]:
    check(squeeze(t["title"]) in table_text and squeeze(t["title_en"]) in table_text,
          "zh+en: table title " + t["title"])
for (zh, en), n in rows.items():
    shown = table_text.count(squeeze(zh + en))
    check(shown >= n, f"zh+en: category {zh} with its English on {shown} of {n} rows")
for zh, en in groups:
    check(squeeze(zh + en) in table_text, f"zh+en: group {zh} not in both languages")

for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
PY
    fail "the report is not fully English (en) or not in both languages (zh+en)"
ok
finish
