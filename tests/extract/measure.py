#!/usr/bin/env python3
"""Measure a `planmap extract` draft against a curated plan folder.

usage: measure.py DRAFT_DIR CURATED_DIR [--json]
       measure.py DRAFT_DIR --expected LIST [--json]

Projects: the curated features (projects, or areas, lines and points of the
layout) whose column is a box (专栏N …) against the
draft's projects of the same box number. Names are normalised (blanks,
quotes, brackets' kind, markdown marks and full-width forms removed or
folded); a curated and a drafted name match when they are equal, or when one
contains the other and the shorter has at least two Han characters
("containment"). Exact matches are counted too. Recall = matched curated /
curated; precision = matched drafted / drafted.

Structures: the curated `structure` values that are numeric phrases (two or
more count+noun units, digits joined by + or -, or three dash-joined
directions) against the draft's structure phrases, matched the same way.

--expected: the draft's box projects against a hand-made list of an invented
plan text, one "BOX name" a line (BOX: 专栏N or 重点工程N, N as the text
numbers it: 2, ２, 5-1, 一, 十二; # comments),
matched by the same rule, box by box.
"""
import json
import re
import sys
import unicodedata

COUNT = "一二两三四五六七八九十百千多双Nn0-9"
NOUN = "核心极轴翼带廊区片团环圈网城岛港横纵山水河江溪湖屏园谷湾点街路线射镇珠站坪"
UNIT = re.compile("[%s]+[^%s%s]?[%s]" % (COUNT, COUNT, NOUN, NOUN))


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"[\s“”‘’\"'《》〈〉「」*·・、，,]", "", s)


def han(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")


def match(a, b):
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return han(short) >= 2 and short in long_


NUMERALS = "一二三四五六七八九"
BOX_NUMBER = r"(\d+(?:[-.]\d+)?|[一二三四五六七八九十]{1,3})"


def box_number(text):
    """A box's number as written (2, ２, 5-1, 十二) → 2, 2, "5-1", 12."""
    if text[0].isdigit():
        return int(text) if text.isdigit() else text
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return NUMERALS.index(text) + 1
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(units) + 1 if units else 0)


def box_no(column):
    m = re.search(r"专栏\s*" + BOX_NUMBER, unicodedata.normalize("NFKC", column or ""))
    return box_number(m.group(1)) if m else None


def features(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["features"]
    except FileNotFoundError:
        return []


def numeric_phrase(s):
    s = unicodedata.normalize("NFKC", s)
    return (len(UNIT.findall(s)) >= 2 or re.search(r"[0-9N]+([+-][0-9N]+){1,}", s) is not None
            or re.search(r"[东西南北中]\w{1,3}[—-][东西南北中]\w{1,3}[—-][东西南北中]", s) is not None)


def measure(draft, curated):
    # A box item the curated folder placed as an area, line or point of its
    # layout (its `column` names the box) is one of the box's items too.
    cur = [f["properties"] for layer in ("projects", "areas", "lines", "points")
           for f in features(curated + "/" + layer + ".geojson")]
    dra = [f["properties"] for f in features(draft + "/projects.geojson")]
    cur = [p for p in cur if box_no(p.get("column")) is not None]
    dra = [p for p in dra if box_no(p.get("column")) is not None]
    boxes = {box_no(p["column"]) for p in cur}
    rec = [any(box_no(d["column"]) == box_no(c["column"]) and match(c["name"], d["name"]) for d in dra)
           for c in cur]
    exact = [any(box_no(d["column"]) == box_no(c["column"]) and norm(c["name"]) == norm(d["name"])
                 for d in dra) for c in cur]
    # precision over the boxes the curated data encodes (an indicator box
    # it leaves out is not held against the draft)
    dra_in = [d for d in dra if box_no(d["column"]) in boxes]
    prec = [any(box_no(d["column"]) == box_no(c["column"]) and match(c["name"], d["name"]) for c in cur)
            for d in dra_in]
    structs = set()
    for layer in ("areas", "lines", "points", "projects"):
        for f in features("%s/%s.geojson" % (curated, layer)):
            s = f["properties"].get("structure")
            if s and numeric_phrase(s):
                structs.add(s)
    drafted = {f["properties"]["structure"] for layer in ("areas", "lines", "points")
               for f in features("%s/%s.geojson" % (draft, layer)) if f["properties"].get("structure")}
    found = sorted(s for s in structs if any(match(s, d) for d in drafted))
    return {
        "box_projects_curated": len(cur), "box_projects_drafted": len(dra_in),
        "recall": sum(rec) / len(cur) if cur else None,
        "exact_recall": sum(exact) / len(cur) if cur else None,
        "precision": sum(prec) / len(dra_in) if dra_in else None,
        "missed": [c["column"].split(" ")[0] + " " + c["name"] for c, r in zip(cur, rec) if not r],
        "false": [d["column"].split(" ")[0] + " " + d["name"] for d, p in zip(dra_in, prec) if not p],
        "structures_curated": sorted(structs), "structures_found": found,
        "structure_recall": len(found) / len(structs) if structs else None,
        "structures_missed": sorted(set(structs) - set(found)),
    }


def box_key(column):
    m = re.search(r"(专栏|重点工程)\s*" + BOX_NUMBER, unicodedata.normalize("NFKC", column or ""))
    return (m.group(1), box_number(m.group(2))) if m else None


def measure_expected(draft, expected):
    with open(expected, encoding="utf-8") as f:
        cur = [l.strip().split(" ", 1) for l in f if l.strip() and not l.startswith("#")]
    cur = [(box_key(b), n) for b, n in cur]
    boxes = {b for b, _ in cur}
    dra = [(box_key(p.get("column")), p["name"])
           for p in (f["properties"] for f in features(draft + "/projects.geojson"))]
    dra = [d for d in dra if d[0] in boxes]
    label = lambda b, n: "%s%s %s" % (b[0], b[1], n)
    rec = [any(b == db and match(n, dn) for db, dn in dra) for b, n in cur]
    prec = [any(b == db and match(n, dn) for b, n in cur) for db, dn in dra]
    exact = [any(b == db and norm(n) == norm(dn) for db, dn in dra) for b, n in cur]
    return {
        "box_projects_curated": len(cur), "box_projects_drafted": len(dra),
        "recall": sum(rec) / len(cur) if cur else None,
        "exact_recall": sum(exact) / len(cur) if cur else None,
        "precision": sum(prec) / len(dra) if dra else None,
        "missed": [label(b, n) for (b, n), r in zip(cur, rec) if not r],
        "false": [label(b, n) for (b, n), p in zip(dra, prec) if not p],
        "structures_curated": [], "structures_found": [], "structure_recall": None,
        "structures_missed": [],
    }


if __name__ == "__main__":
    if sys.argv[2] == "--expected":
        r = measure_expected(sys.argv[1], sys.argv[3])
    else:
        r = measure(sys.argv[1], sys.argv[2])
    if "--json" in sys.argv:
        print(json.dumps(r, ensure_ascii=False, indent=1))
    else:
        pct = lambda v: "—" if v is None else "%.1f %%" % (100 * v)
        print("box projects: curated %d, drafted %d, recall %s (exact %s), precision %s" % (
            r["box_projects_curated"], r["box_projects_drafted"], pct(r["recall"]),
            pct(r["exact_recall"]), pct(r["precision"])))
        print("structures: %d/%d, recall %s" % (len(r["structures_found"]), len(r["structures_curated"]),
                                               pct(r["structure_recall"])))
        for k in ("missed", "false", "structures_missed"):
            for v in r[k]:
                print("  %s: %s" % (k, v))
