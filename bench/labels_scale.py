#!/usr/bin/env python3
"""Labels at scale (issue 20, item 4): planmap vs MapServer vs Mapnik placing
the labels of 80 000 named polygons (bench/RESULTS.md, "Labels at scale").

  bench/labels_scale.py PLANMAP [WORK] [RUNS]      (WORK: bench/work/labels)

Data (Python stdlib, fixed seed): 80 000 overlapping polygons in the plans'
region, 10-18 vertices, 0.002-0.012 degrees across, a fifth with a hole, in
four classes (`cls`), each named `地块N` (`name`): the GeoJSON case of issue
20, written as GeoJSON and converted by ogr2ogr to a Shapefile (UTF-8, with
MapServer's .qix). Drawn in EPSG:4326 lon/lat at 2400 x 1800 px (a page of
203.2 x 152.4 mm at 300 dpi), four fills and a 0.3 pt outline.

Labels: planmap's plan theme labels a feature with no `kind` by its `name`
(Noto Sans CJK SC 9 pt, #333333, white halo 1.5 pt): the spec sets no label.
The peers get the same text at the same pixel size (9 pt at 300 dpi is
37.5 px; MapServer sizes text as points at 96 dpi: SIZE 28.125), centred on
the polygon, no overlaps, none cut by the map's edge. Each tool also renders
the map without labels, so the cost of placing them shows apart from drawing.
planmap fits the bbox into a frame inside its page margin; the peers draw
the bbox over the whole image, so their maps are a little larger.

Mapnik runs in Debian's Python (/usr/bin/python3), the one python3-mapnik is
built for. Every tool runs RUNS times (default 5), taking turns run by run; planmap
with all cores and with PLANMAP_THREADS=1. Timing and the report use
bench.py. Files go to WORK (data/, out/, results.jsonl).
"""
import json
import os
import statistics
import subprocess
import sys

from gen_data import write_parcels  # noqa: E402  (the 80 000 parcels)

import bench

WEST, EAST, SOUTH, NORTH = 103.5, 104.6, 30.2, 31.0
N = 80000
SEED = 20261207
COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]
W, H, DPI = 2400, 1800, 300
FONT_PX = 9 * DPI / 72        # the theme's 9 pt
HALO_PX = 1.5 * DPI / 72      # the theme's 1.5 pt halo
FONT_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_DIR = os.path.dirname(FONT_FILE)
MAPNIK_FACE = "Noto Sans CJK SC Regular"
HERE = os.path.dirname(os.path.abspath(__file__))


# ---- data --------------------------------------------------------------------

def make_data(data):
    gj = os.path.join(data, "parcels.geojson")
    shp = os.path.join(data, "parcels.shp")
    if os.path.exists(shp):
        return gj, shp
    write_parcels(gj, N, SEED, (10, 18), (WEST, EAST, SOUTH, NORTH))
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp, gj],
                   check=True)
    subprocess.run(["shptree", shp], check=True, stdout=subprocess.DEVNULL)
    return gj, shp


# ---- configurations ------------------------------------------------------------

def planmap_spec(source, labels):
    style = {"stroke": "#333333", "width": 0.3}
    if not labels:
        style["label"] = None
    return {"title": "", "theme": "plan", "crs": "EPSG:4326",
            "page": {"width_mm": W / DPI * 25.4, "height_mm": H / DPI * 25.4,
                     "width_px": W, "height_px": H},
            "extent": {"bbox": [WEST, SOUTH, EAST, NORTH]},
            "legend": False, "scale_bar": False, "north_arrow": False,
            "layers": [{"name": "parcels", "source": source, "legend": False, "style": style,
                        "rules": [{"where": {"cls": c}, "fill": COLORS[c]} for c in range(4)]}]}


def mapfile(shp, labels):
    label = ""
    if labels:
        label = ('      LABEL\n        TYPE TRUETYPE\n        FONT "noto"\n'
                 f'        SIZE {FONT_PX * 72 / 96}\n        COLOR 51 51 51\n'
                 f'        OUTLINECOLOR 255 255 255\n        OUTLINEWIDTH {HALO_PX:.2f}\n'
                 '        POSITION CC\n        PARTIALS FALSE\n      END\n')
    classes = "".join(
        f'    CLASS\n      EXPRESSION ([cls] = {c})\n      STYLE\n        COLOR "{COLORS[c]}"\n'
        f'        OUTLINECOLOR "#333333"\n        WIDTH {0.3 * DPI / 72:.2f}\n      END\n'
        f'{label}    END\n' for c in range(4))
    item = '    LABELITEM "name"\n' if labels else ""
    return (f'MAP\n  SIZE {W} {H}\n  EXTENT {WEST} {SOUTH} {EAST} {NORTH}\n'
            f'  IMAGECOLOR 255 255 255\n  FONTSET "{os.path.dirname(shp)}/fonts.txt"\n'
            '  PROJECTION\n    "init=epsg:4326"\n  END\n'
            '  OUTPUTFORMAT\n    NAME "png"\n    DRIVER AGG/PNG\n    IMAGEMODE RGB\n'
            '    EXTENSION "png"\n  END\n'
            '  LAYER\n    NAME "parcels"\n    TYPE POLYGON\n    STATUS ON\n'
            f'    DATA "{shp[:-4]}"\n{item}{classes}  END\nEND\n')


def mapnik_xml(shp, labels):
    rules = "".join(
        f'<Rule><Filter>[cls] = {c}</Filter><PolygonSymbolizer fill="{COLORS[c]}"/>'
        f'<LineSymbolizer stroke="#333333" stroke-width="{0.3 * DPI / 72:.2f}"/></Rule>'
        for c in range(4))
    text = ""
    if labels:
        # A second style: every polygon is drawn before the first label.
        text = (f'<Style name="text"><Rule><TextSymbolizer face-name="{MAPNIK_FACE}" '
                f'size="{FONT_PX}" fill="#333333" halo-fill="#ffffff" halo-radius="{HALO_PX}" '
                f'placement="interior">[name]</TextSymbolizer></Rule></Style>')
    refs = "<StyleName>fill</StyleName>" + ("<StyleName>text</StyleName>" if labels else "")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<Map srs="+proj=longlat +datum=WGS84 +no_defs" background-color="#ffffff" '
            f'font-directory="{FONT_DIR}"><Style name="fill">{rules}</Style>{text}'
            f'<Layer name="parcels" srs="+proj=longlat +datum=WGS84 +no_defs">{refs}'
            f'<Datasource><Parameter name="type">shape</Parameter>'
            f'<Parameter name="file">{shp[:-4]}</Parameter>'
            f'<Parameter name="encoding">utf-8</Parameter></Datasource></Layer></Map>\n')


MAPNIK_RUN = ("import mapnik, sys\n"
              f"m = mapnik.Map({W}, {H})\n"
              "mapnik.load_map(m, sys.argv[1])\n"
              f"m.zoom_to_box(mapnik.Box2d({WEST}, {SOUTH}, {EAST}, {NORTH}))\n"
              "mapnik.render_to_file(m, sys.argv[2], 'png32:t=0')\n")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def commands(planmap, work, gj, shp):
    """(case, tool, command, environment) for every run."""
    data, out = os.path.join(work, "data"), os.path.join(work, "out")
    write(os.path.join(data, "fonts.txt"), f"noto {FONT_FILE}\n")
    one = dict(os.environ, PLANMAP_THREADS="1")
    runs = []
    for labels, case in ((True, "labels"), (False, "no-labels")):
        for fmt, src in (("shp", shp), ("geojson", gj)):
            spec = write(os.path.join(work, f"{case}-{fmt}.json"),
                         json.dumps(planmap_spec(src, labels), ensure_ascii=False))
            png = os.path.join(out, f"planmap-{case}-{fmt}.png")
            cmd = [planmap, "render", spec, "-o", png]
            runs.append((f"{case}-{fmt}", "planmap", cmd, None))
            runs.append((f"{case}-{fmt}", "planmap-1thread", cmd, one))
        ms = write(os.path.join(work, f"{case}.map"), mapfile(shp, labels))
        runs.append((f"{case}-shp", "mapserver",
                     ["map2img", "-m", ms, "-o", os.path.join(out, f"mapserver-{case}.png")], None))
        xml = write(os.path.join(work, f"{case}.xml"), mapnik_xml(shp, labels))
        runs.append((f"{case}-shp", "mapnik",
                     ["/usr/bin/python3", "-c", MAPNIK_RUN, xml, os.path.join(out, f"mapnik-{case}.png")],
                     None))
    return runs


def time_all(results, runs, n):
    if os.path.exists(results):
        os.remove(results)
    for _ in range(n):
        for case, tool, cmd, env in runs:
            saved = dict(os.environ)
            if env:
                os.environ.clear()
                os.environ.update(env)
            try:
                bench.time_cmd(results, case, tool, 1, cmd)
            finally:
                os.environ.clear()
                os.environ.update(saved)


def summary(results):
    """planmap's ratios to the faster peer, wall, CPU and peak RSS."""
    recs = bench.load(results)
    print("\n| case | tool | median wall s | median CPU s | peak RSS MiB "
          "| / faster peer: wall | CPU | RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for case, tools in recs.items():
        med = {t: (statistics.median(r["wall_s"]), statistics.median(r["cpu_s"]),
                   max(r["rss_kb"]) / 1024) for t, r in tools.items()}
        peers = [med[t] for t in ("mapserver", "mapnik") if t in med]
        best = min(peers) if peers else None
        for tool, (wall, cpu, rss) in med.items():
            ratio = "| | |"
            if best and tool.startswith("planmap"):
                ratio = f"{wall / best[0]:.2f} | {cpu / best[1]:.2f} | {rss / best[2]:.2f} |"
            print(f"| {case} | {tool} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {ratio}")


def placed(work):
    """How many labels planmap placed (its --labels-json)."""
    spec = os.path.join(work, "labels-shp.json")
    boxes = os.path.join(work, "out", "labels.json")
    subprocess.run([sys.argv[1], "render", spec, "-o", os.path.join(work, "out", "probe.png"),
                    "--labels-json", boxes], check=True)
    with open(boxes, encoding="utf-8") as f:
        kinds = [b["kind"] for b in json.load(f)["boxes"]]
    return kinds.count("label"), kinds.count("leader")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    planmap = os.path.abspath(argv[1])
    work = os.path.abspath(argv[2] if len(argv) > 2 else os.path.join(HERE, "work", "labels"))
    n = int(argv[3]) if len(argv) > 3 else 5
    for d in ("data", "out"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    gj, shp = make_data(os.path.join(work, "data"))
    runs = commands(planmap, work, gj, shp)
    print("labels_scale: planmap placed %d labels (%d on leaders)" % placed(work), flush=True)
    results = os.path.join(work, "results.jsonl")
    time_all(results, runs, n)
    summary(results)


if __name__ == "__main__":
    main(sys.argv)
