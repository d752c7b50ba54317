#!/usr/bin/env python3
"""GeoJSON reader benchmark (issue #20, bench/RESULTS.md "GeoJSON reader").

80 000 overlapping polygons, a fifth with a hole, EPSG:4326 lon/lat, ~36 MB
of GeoJSON, drawn at 2400x1800 in four classes (property "cls"), by:
  planmap from the GeoJSON and from the same data as FlatGeobuf,
  MapServer's map2img from the GeoJSON, and `planmap info` vs `ogrinfo -so`;
each with all cores and with PLANMAP_THREADS=1 (planmap only), best of N.
Parsers alone (json-c, core/'s JSON reader; simdjson; GDAL's driver) are
timed on the same file by bench/geojson_parsers.sh.

  bench/geojson_reader.py BUILD_DIR WORK_DIR [--runs N] [--baseline PLANMAP]

--baseline times another planmap binary too (one that reads GeoJSON through
GDAL, e.g. a build of an earlier commit). Python stdlib only, fixed seed.
"""
import json
import os
import subprocess
import sys

from gen_data import write_parcels  # noqa: E402  (the 80 000 parcels)
import time

WEST, EAST, SOUTH, NORTH = 103.5, 104.6, 30.2, 31.0
N = 80000
COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]


def make_data(path):
    write_parcels(path, N, 20261207, (9, 16), (WEST, EAST, SOUTH, NORTH))


def spec(source):
    return {"title": "", "crs": "EPSG:4326",
            "page": {"width_mm": 203.2, "height_mm": 152.4, "width_px": 2400, "height_px": 1800},
            "extent": {"bbox": [WEST, SOUTH, EAST, NORTH]},
            "legend": False, "scale_bar": False, "north_arrow": False,
            "layers": [{"name": "parcels", "source": source, "legend": False,
                        "style": {"stroke": "#333333", "width": 0.3, "label": None},
                        "rules": [{"where": {"cls": c}, "fill": COLORS[c]} for c in range(4)]}]}


def mapfile(source):
    classes = "".join(
        f'    CLASS\n      EXPRESSION ([cls] = {c})\n      STYLE\n        COLOR "{COLORS[c]}"\n'
        f'        OUTLINECOLOR "#333333"\n        WIDTH 0.3\n      END\n    END\n'
        for c in range(4))
    return (f'MAP\n  SIZE 2400 1800\n  EXTENT {WEST} {SOUTH} {EAST} {NORTH}\n'
            '  IMAGECOLOR 255 255 255\n  PROJECTION\n    "init=epsg:4326"\n  END\n'
            '  OUTPUTFORMAT\n    NAME "png"\n    DRIVER AGG/PNG\n    IMAGEMODE RGB\n'
            '    EXTENSION "png"\n  END\n'
            f'  LAYER\n    NAME "parcels"\n    TYPE POLYGON\n    STATUS ON\n'
            f'    CONNECTIONTYPE OGR\n    CONNECTION "{source}"\n    DATA "0"\n'
            f'{classes}  END\nEND\n')


def best(cmd, runs, env=None):
    """Best wall time and best CPU time (user + system) of `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - t)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            raise SystemExit(f"{cmd} failed")
    return min(walls), min(cpus)


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    baseline = args[args.index("--baseline") + 1] if "--baseline" in args else None
    build, work = os.path.abspath(args[0]), os.path.abspath(args[1])
    os.makedirs(work, exist_ok=True)
    gj = os.path.join(work, "parcels.geojson")
    fgb = os.path.join(work, "parcels.fgb")
    if not os.path.exists(gj):
        make_data(gj)
    if not os.path.exists(fgb):
        subprocess.run(["ogr2ogr", "-f", "FlatGeobuf", fgb, gj], check=True)
    for name, src in (("geojson", gj), ("fgb", fgb)):
        with open(os.path.join(work, f"{name}.json"), "w") as f:
            json.dump(spec(src), f, ensure_ascii=False)
    with open(os.path.join(work, "map2img.map"), "w") as f:
        f.write(mapfile(gj))
    planmap = os.path.join(build, "planmap")
    out = os.path.join(work, "out.png")
    one = dict(os.environ, PLANMAP_THREADS="1")
    print(f"{os.path.getsize(gj) / 1e6:.1f} MB GeoJSON, {N} polygons; best of {runs}; "
          f"{os.cpu_count()} cores")
    rows = []
    for label, binary in (("planmap", planmap), ("planmap (baseline)", baseline)):
        if not binary:
            continue
        for src in ("geojson", "fgb"):
            cmd = [binary, "render", os.path.join(work, f"{src}.json"), "-o", out]
            rows.append((f"{label} render {src}", best(cmd, runs), best(cmd, runs, one)))
        cmd = [binary, "info", gj]
        rows.append((f"{label} info geojson", best(cmd, runs), best(cmd, runs, one)))
    map2img = ["map2img", "-m", os.path.join(work, "map2img.map"), "-o", out]
    rows.append(("map2img geojson", best(map2img, runs), None))
    rows.append(("ogrinfo -so geojson", best(["ogrinfo", "-so", "-al", gj], runs), None))
    print(f"{'':34s} {'all cores':>16s}   {'PLANMAP_THREADS=1':>16s}")
    print(f"{'':34s} {'wall':>7s} {'cpu':>8s}   {'wall':>7s} {'cpu':>8s}")
    for name, all_cores, single in rows:
        one_s = f"{single[0]:7.2f} {single[1]:8.2f}" if single else f"{'-':>7s} {'-':>8s}"
        print(f"{name:34s} {all_cores[0]:7.2f} {all_cores[1]:8.2f}   {one_s}")


if __name__ == "__main__":
    main()
