#!/usr/bin/env python3
"""The benchmark matrix: planmap against MapServer and Mapnik cell by cell.

Usage:
  matrix.py cells WORK PLANMAP [--formats F,..] [--crs C,..] [--data D,..]
                               [--sizes S,..] [--tools T,..] [--runs N] [--zoom]
  matrix.py scale WORK PLANMAP [--counts N,..] [--runs N]
  matrix.py atlas WORK PLANMAP [--runs N]
  matrix.py report WORK        the tables (Markdown) from WORK/matrix.jsonl

A cell is one format (geojson gpkg shp fgb) x CRS (4326: lon/lat drawn as
such; tmerc: a local transverse Mercator; 3857) x data (polygons holes lines
points named; matrix_data.py) x size (2000x1500: 2000 x 1500 px with one
point a pixel; a4-300: A4 landscape at 300 dpi, 3508 x 2480 px, sizes
scaled by 300/72 in all three tools). Each tool draws the same features
with the same style into the same extent (planmap's page, read back from a
probe render, as make_configs.py does). Tools: planmap (all cores),
planmap-1t (PLANMAP_THREADS=1), mapserver (map2img), mapnik (python3-mapnik,
one process per map, Python start-up included). `scale` times the points of
scale-N.fgb (10^4 .. 10^7, a streamed layer); `atlas` the 48-page atlas of
atlas_gen.py against QGIS's atlas export (qgis_atlas.py). With --zoom the
cells show a small part of the layers (ZOOM, 1/117 of their area, as an
atlas page or a zoomed map does), named ...-zoom.

Runs are interleaved: every cell and tool once, then again, so load from
other work falls on all alike. Each run appends one line to
WORK/matrix.jsonl (bench.py's format; lines of a cell and tool add up).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

import bench
import make_configs as mc
import matrix_data

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"   # python3-mapnik and python3-qgis are Debian's
CRS = {
    "4326": ("EPSG:4326", "+proj=longlat +datum=WGS84 +no_defs", "DD"),
    "tmerc": (mc.CRS, mc.CRS, "METERS"),
    "3857": ("EPSG:3857", "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 "
             "+k=1 +units=m +nadgrids=@null +wktext +no_defs", "METERS"),
}
# name: (px wide, px high, page mm wide, mm high, px per pt)
SIZES = {"2000x1500": (2000, 1500, 2000 / 72 * 25.4, 1500 / 72 * 25.4, 1.0),
         "a4-300": (3508, 2480, 297.0, 210.0, 3508 / (297 / 25.4 * 72))}
FORMATS = list(matrix_data.FORMATS)
DATA = list(matrix_data.LAYERS)
TOOLS = ["planmap", "planmap-1t", "mapserver", "mapnik"]
PEERS = ["mapserver", "mapnik"]
# Styles in points (pixels at 2000x1500). "named" is the plan theme's
# default for an area without `kind` (layers/theme.c), labelled by name.
STYLE = {
    "polygons": {"geom": "polygon", "fill": "#9ecae1", "stroke": "#08519c", "width": 0.5},
    "holes": {"geom": "polygon", "fill": "#fdd0a2", "stroke": "#a63603", "width": 0.8},
    "lines": {"geom": "line", "stroke": "#31a354", "width": 1.0},
    "points": {"geom": "point", "fill": "#e6550d", "size": 3},
    "named": {"geom": "polygon", "fill": "#d2d2cd", "opacity": 0.55, "stroke": "#6e6e6e",
              "width": 0.8, "label": "name", "font_size": 9, "text": "#333333",
              "halo": "#ffffff", "halo_width": 1.5},
}
QUICK = ["--formats", "geojson,fgb", "--crs", "4326,tmerc", "--data", "polygons,named",
         "--sizes", "2000x1500", "--runs", "1"]


# A view of a small part of the layers (a district of the region).
ZOOM = [103.95, 30.55, 104.05, 30.625]


def cell_id(fmt, crs, data, size, zoom=False):
    return f"{fmt}-{crs}-{data}-{size}" + ("-zoom" if zoom else "")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---- planmap ------------------------------------------------------------------

def planmap_spec(source, data, crs, size, bbox=mc.REGION):
    w, h, wmm, hmm, _ = SIZES[size]
    layer = {"name": data, "source": source, "legend": False}
    if data != "named":   # named: the theme's own style and labels
        layer["style"] = mc.planmap_style(STYLE[data])
    spec = {"title": "", "page": {"width_mm": wmm, "height_mm": hmm, "width_px": w, "height_px": h},
            "crs": CRS[crs][0], "extent": {"bbox": bbox}, "legend": False, "scale_bar": False,
            "north_arrow": False, "layers": [layer]}
    if data == "named":
        spec["theme"] = "plan"
    return spec


def page_extent(planmap, work, crs, size, bbox=mc.REGION):
    """The map extent of planmap's whole page, from a probe render."""
    w, h = SIZES[size][:2]
    probe = os.path.join(work, "matrix", "probe")
    os.makedirs(probe, exist_ok=True)
    point = os.path.join(probe, "point.geojson")
    write(point, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
                 '"geometry":{"type":"Point","coordinates":[104.05,30.6]}}]}\n')
    spec = os.path.join(probe, f"probe-{crs}-{size}" + ("-zoom" if bbox != mc.REGION else "") + ".json")
    mc.write_json(spec, planmap_spec(point, "points", crs, size, bbox))
    boxes = spec[:-5] + ".labels.json"
    subprocess.run([planmap, "render", spec, "-o", spec[:-5] + ".png", "--labels-json", boxes],
                   check=True)
    with open(boxes, encoding="utf-8") as f:
        sx, tx, sy, ty = json.load(f)["map_to_page"]
    return [(0 - tx) / sx, (h - ty) / sy, (w - tx) / sx, (0 - ty) / sy]


# ---- MapServer ----------------------------------------------------------------

def mapfile(source, fmt, crs, data, size, extent, fontset):
    w, h, _, _, scale = SIZES[size]
    # MapServer reads Shapefiles itself, the other formats through OGR.
    where = (f'    DATA "{source[:-4]}"\n' if fmt == "shp" else
             f'    CONNECTIONTYPE OGR\n    CONNECTION "{source}"\n    DATA "0"\n')
    hx, hy = (extent[2] - extent[0]) / w / 2, (extent[3] - extent[1]) / h / 2
    e = [extent[0] + hx, extent[1] + hy, extent[2] - hx, extent[3] - hy]
    return (f'MAP\n  NAME "m"\n  SIZE {w} {h}\n  EXTENT {e[0]!r} {e[1]!r} {e[2]!r} {e[3]!r}\n'
            f'  UNITS {CRS[crs][2]}\n  RESOLUTION {72 * scale!r}\n  DEFRESOLUTION 72\n'
            f'  IMAGECOLOR 255 255 255\n  FONTSET "{fontset}"\n'
            f'  PROJECTION\n    "{CRS[crs][1]}"\n  END\n'
            '  OUTPUTFORMAT\n    NAME "png"\n    DRIVER AGG/PNG\n    MIMETYPE "image/png"\n'
            '    IMAGEMODE RGB\n    EXTENSION "png"\n  END\n  IMAGETYPE "png"\n'
            '  SYMBOL\n    NAME "circle"\n    TYPE ELLIPSE\n    FILLED TRUE\n    POINTS 1 1 END\n'
            f'  END\n{mc.ms_layer(data, where, STYLE[data])}END\n')


# ---- Mapnik -------------------------------------------------------------------

def mapnik_xml(source, fmt, crs, data):
    """Mapnik reads Shapefiles and GeoJSON with its own plugins, the other
    formats through OGR."""
    params = {"shp": {"type": "shape", "file": source[:-4], "encoding": "utf-8"},
              "geojson": {"type": "geojson", "file": source}}.get(
        fmt, {"type": "ogr", "file": source, "layer_by_index": "0"})
    return mc.mapnik_xml([data], None, srs=CRS[crs][1], styles={data: STYLE[data]},
                         sources={data: params})


# ---- cells --------------------------------------------------------------------

def prepare(planmap, work, fmt, crs, data, size, extents, source=None, cid=None, zoom=False):
    """Configuration files of one cell (named `cid`, default the cell's
    id; `zoom`: of the view ZOOM); the commands of each tool."""
    cfg = os.path.join(work, "matrix", "config")
    out = os.path.join(work, "matrix", "out")
    os.makedirs(cfg, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    bbox = ZOOM if zoom else mc.REGION
    if (crs, size, zoom) not in extents:
        extents[(crs, size, zoom)] = page_extent(planmap, work, crs, size, bbox)
    extent = extents[(crs, size, zoom)]
    cid = cid or cell_id(fmt, crs, data, size, zoom)
    source = source or os.path.join(work, "data", data + matrix_data.FORMATS[fmt])
    base = os.path.join(cfg, cid)
    mc.write_json(base + ".json", planmap_spec(source, data, crs, size, bbox))
    fontset = os.path.join(cfg, "fonts.txt")
    write(fontset, f"noto {mc.FONT_FILE}\n")
    write(os.path.join(cfg, "mapserver.conf"), 'CONFIG\n  ENV\n    MS_MAP_PATTERN "."\n  END\nEND\n')
    write(base + ".map", mapfile(source, fmt, crs, data, size, extent, fontset))
    write(base + ".xml", mapnik_xml(source, fmt, crs, data))
    w, h, _, _, scale = SIZES[size]
    png = os.path.join(out, cid + "-{}.png")
    return {
        "planmap": [planmap, "render", base + ".json", "-o", png.format("planmap")],
        "planmap-1t": ["env", "PLANMAP_THREADS=1", planmap, "render", base + ".json", "-o",
                       png.format("planmap-1t")],
        "mapserver": ["map2img", "-conf", os.path.join(cfg, "mapserver.conf"), "-m", base + ".map",
                      "-o", png.format("mapserver")],
        "mapnik": [PY, os.path.join(HERE, "mapnik_render.py"), base + ".xml", png.format("mapnik")]
        + [repr(v) for v in extent] + [str(w), str(h), repr(scale)],
    }


def load_note(work, what):
    with open(os.path.join(work, "matrix", "load.txt"), "a", encoding="utf-8") as f:
        f.write(f"{what}: load {open('/proc/loadavg').read().split()[:3]}\n")


def run_cells(args):
    results = os.path.join(args.work, "matrix.jsonl")
    extents = {}
    cells = [(f, c, d, s) for f in args.formats for c in args.crs for d in args.data
             for s in args.sizes]
    cmds = {cell: prepare(args.planmap, args.work, *cell, extents, zoom=args.zoom) for cell in cells}
    load_note(args.work, f"cells start ({len(cells)} cells)")
    for r in range(args.runs):
        for cell in cells:
            for tool in args.tools:
                bench.time_cmd(results, cell_id(*cell, args.zoom), tool, 1, cmds[cell][tool])
    load_note(args.work, "cells end")


def run_scale(args):
    results = os.path.join(args.work, "matrix.jsonl")
    data = os.path.join(args.work, "data")
    extents, cmds = {}, {}
    for n in args.counts:
        src = matrix_data.make_scale(data, n)
        cmds[n] = prepare(args.planmap, args.work, "fgb", "tmerc", "points", "2000x1500", extents,
                          source=src, cid=f"scale-{n}")
    load_note(args.work, "scale start")
    for r in range(args.runs):
        for n in args.counts:
            for tool in args.tools:
                bench.time_cmd(results, f"scale-{n}", tool, 1, cmds[n][tool])
    load_note(args.work, "scale end")


def run_atlas(args):
    results = os.path.join(args.work, "matrix.jsonl")
    subprocess.run([PY, os.path.join(HERE, "atlas_gen.py"), args.work], check=True)
    d = os.path.join(args.work, "atlas")
    batch = os.path.join(d, "batch.json")
    qgz = os.path.join(d, "atlas.qgz")
    # Made by the planmap under test each time: an older project may not
    # have its pages' frames (and is not timed).
    subprocess.run([args.planmap, "export", batch, "-o", qgz], check=True)
    env = ["env", "QT_QPA_PLATFORM=offscreen"]
    cmds = {"planmap": [args.planmap, "batch", batch, "-o", os.path.join(d, "out"), "-q"],
            "planmap-1t": ["env", "PLANMAP_THREADS=1", args.planmap, "batch", batch, "-o",
                           os.path.join(d, "out-1t"), "-q"],
            "qgis": env + [PY, os.path.join(HERE, "qgis_atlas.py"), qgz,
                           os.path.join(d, "out-qgis"), "150"]}
    load_note(args.work, "atlas start")
    for r in range(args.runs):
        for tool, cmd in cmds.items():
            bench.time_cmd(results, "atlas-48", tool, 1, cmd)
    load_note(args.work, "atlas end")


# ---- report -------------------------------------------------------------------

def med(r, key):
    return statistics.median(r[key])


def ratio_cell(recs, tool, key="wall_s"):
    """planmap tool's wall (or CPU) time over the faster peer's, or None."""
    peers = [recs[p] for p in PEERS if p in recs]
    if tool not in recs or not peers:
        return None
    return med(recs[tool], key) / min(med(p, key) for p in peers)


def rss_ratio(recs):
    peers = [recs[p] for p in PEERS if p in recs]
    if "planmap" not in recs or not peers:
        return None
    return max(recs["planmap"]["rss_kb"]) / min(max(p["rss_kb"]) for p in peers)


def summary(recs, zoom=False):
    """How many measured cells (of the whole layers, or of the view ZOOM)
    meet each target, and the median ratios."""
    cells = [c for k, c in recs.items()
             if not k.startswith(("scale-", "atlas-")) and k.endswith("-zoom") == zoom]
    rows = [("wall, all cores (target ≤ 0.5)", [ratio_cell(c, "planmap") for c in cells], 0.5),
            ("wall, one core (target ≤ 0.8)", [ratio_cell(c, "planmap-1t") for c in cells], 0.8),
            ("CPU, all cores", [ratio_cell(c, "planmap", "cpu_s") for c in cells], None),
            ("peak RSS (target ≤ 1)", [rss_ratio(c) for c in cells], 1.0)]
    print("| ratio to the faster peer | cells measured | cells meeting the target | median "
          "| best | worst |")
    print("|---|---|---|---|---|---|")
    for name, vals, target in rows:
        v = [x for x in vals if x is not None]
        if not v:
            continue
        met = "—" if target is None else str(sum(x <= target for x in v))
        print(f"| {name} | {len(v)} | {met} | {statistics.median(v):.2f} | {min(v):.2f} "
              f"| {max(v):.2f} |")


def fmt_s(recs, tool):
    if tool not in recs:
        return "n/m"
    r = recs[tool]
    return f"{med(r, 'wall_s'):.2f} ({med(r, 'cpu_s'):.2f})"


def spread(all_recs, key):
    """Median and largest max/min of `key` over cell/tool pairs with 2+ runs."""
    s = [max(r[key]) / min(r[key]) for tools in all_recs.values()
         for r in tools.values() if len(r[key]) > 1]
    return (statistics.median(s), max(s), len(s)) if s else None


def cell_tables(recs, zoom):
    """Per data and size, a row per format and CRS."""
    for size in SIZES:
        for data in DATA:
            c_all = [recs.get(cell_id(f, r, data, size, zoom)) for f in FORMATS for r in CRS]
            if not any(c_all):
                continue
            print(f"\n#### {data}, {size}{', zoomed' if zoom else ''}\n")
            print("| format | CRS | planmap | planmap 1 core | MapServer | Mapnik "
                  "| ratio all | ratio 1 core | CPU ratio | RSS ratio | runs |")
            print("|---|---|---|---|---|---|---|---|---|---|---|")
            for fmt in FORMATS:
                for crs in CRS:
                    c = recs.get(cell_id(fmt, crs, data, size, zoom), {})
                    ratios = [ratio_cell(c, "planmap"), ratio_cell(c, "planmap-1t"),
                              ratio_cell(c, "planmap", "cpu_s"), rss_ratio(c)]
                    runs = min((len(r["wall_s"]) for r in c.values()), default=0)
                    print(f"| {fmt} | {crs} | {fmt_s(c, 'planmap')} | {fmt_s(c, 'planmap-1t')} "
                          f"| {fmt_s(c, 'mapserver')} | {fmt_s(c, 'mapnik')} | "
                          + " | ".join("n/m" if r is None else f"{r:.2f}" for r in ratios)
                          + f" | {runs} |")


def report(work):
    recs = bench.load(os.path.join(work, "matrix.jsonl"))
    summary(recs)
    print("\nCells: median wall s (median CPU s) per tool; ratios are planmap's wall over the "
          "faster peer's (all cores, then PLANMAP_THREADS=1), its CPU time over the faster "
          "peer's, and planmap's peak RSS over the smaller peer's. The cells total "
          f"{len(FORMATS) * len(CRS) * len(DATA) * len(SIZES)}; n/m: not yet measured.\n")
    cell_tables(recs, False)
    if any(k.endswith("-zoom") for k in recs):
        print("\n#### zoomed views (ZOOM: 1/117 of the layers' area)\n")
        summary(recs, True)
        cell_tables(recs, True)
    scale = sorted((int(k[6:]), v) for k, v in recs.items() if k.startswith("scale-"))
    if scale:
        print("\n#### scale curve (points, FlatGeobuf, tmerc, 2000x1500)\n")
        print("| features | tool | median wall s | µs per feature | median CPU s "
              "| CPU µs per feature | peak RSS MiB | runs |")
        print("|---|---|---|---|---|---|---|---|")
        for n, tools in scale:
            for tool, r in tools.items():
                w, c = med(r, "wall_s"), med(r, "cpu_s")
                print(f"| {n} | {tool} | {w:.2f} | {1e6 * w / n:.2f} | {c:.2f} | "
                      f"{1e6 * c / n:.2f} | {max(r['rss_kb']) / 1024:.0f} | {len(r['wall_s'])} |")
    if "atlas-48" in recs:
        print("\n#### atlas: 48 pages over 100 000 parcels, A4 150 dpi, PNGs + one PDF\n")
        print("| tool | median wall s | median CPU s | peak RSS MiB | wall / QGIS | CPU / QGIS "
              "| runs |")
        print("|---|---|---|---|---|---|---|")
        a = recs["atlas-48"]
        q = med(a["qgis"], "wall_s") if "qgis" in a else None
        qc = med(a["qgis"], "cpu_s") if "qgis" in a else None
        for tool, r in a.items():
            w, c = med(r, "wall_s"), med(r, "cpu_s")
            print(f"| {tool} | {w:.2f} | {c:.2f} | {max(r['rss_kb']) / 1024:.0f} "
                  f"| {'n/m' if not q else f'{w / q:.2f}'} | {'n/m' if not qc else f'{c / qc:.2f}'} "
                  f"| {len(r['wall_s'])} |")
    for key, what in (("wall_s", "wall"), ("cpu_s", "CPU time")):
        sp = spread(recs, key)
        if sp:
            print(f"\nNoise: max/min {what} of one tool in one case over its runs: median "
                  f"{sp[0]:.2f}, largest {sp[1]:.2f} ({sp[2]} case-tool pairs).")


def main(argv):
    if len(argv) == 3 and argv[1] == "report":
        return report(argv[2])
    p = argparse.ArgumentParser(usage=__doc__)
    p.add_argument("what", choices=["cells", "scale", "atlas"])
    p.add_argument("work")
    p.add_argument("planmap")
    p.add_argument("--quick", action="store_true", help="cells: " + " ".join(QUICK))
    p.add_argument("--formats", default=",".join(FORMATS))
    p.add_argument("--crs", default=",".join(CRS))
    p.add_argument("--data", default=",".join(DATA))
    p.add_argument("--sizes", default=",".join(SIZES))
    p.add_argument("--tools", default=None)
    p.add_argument("--counts", default="10000,100000,1000000,10000000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--zoom", action="store_true", help="cells: a view of ZOOM")
    args = p.parse_args(argv[1:] + (QUICK if "--quick" in argv else []))
    args.work = os.path.abspath(args.work)
    args.planmap = os.path.abspath(args.planmap)
    for k, allowed in (("formats", FORMATS), ("crs", list(CRS)), ("data", DATA),
                       ("sizes", list(SIZES))):
        vals = getattr(args, k).split(",")
        bad = [v for v in vals if v not in allowed]
        if bad:
            sys.exit(f"matrix.py: --{k}: unknown {bad}; one of {allowed}")
        setattr(args, k, vals)
    args.tools = args.tools.split(",") if args.tools else TOOLS
    args.counts = [int(float(v)) for v in args.counts.split(",")]
    os.makedirs(os.path.join(args.work, "matrix"), exist_ok=True)
    {"cells": run_cells, "scale": run_scale, "atlas": run_atlas}[args.what](args)


if __name__ == "__main__":
    main(sys.argv)
