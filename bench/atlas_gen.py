#!/usr/bin/env python3
"""The atlas case: 100 000 parcels and 48 districts, a spec and a batch file.

Usage: atlas_gen.py WORK_DIR [PARCELS]

Writes into WORK_DIR/atlas/:
  parcels.gpkg    PARCELS (100 000) parcels: jittered quadrilaterals on a grid
                  over the region (103.5-104.6E, 30.2-31.0N), each with `kind`
                  (zone, cluster, park, lake, mountain: the plan theme styles
                  each its own way, so neighbours differ), `role` and `name`
  districts.gpkg  48 districts (8 x 6), `id` and `name`: the atlas coverage
  atlas.json      the map: theme "plan", A4 landscape, 150 dpi, parcels drawn
                  and labelled by the theme's defaults, title, legend, scale
                  bar and north arrow
  batch.json      one atlas page per district, PNGs plus the PDF report
The same map goes to QGIS as `planmap export batch.json -o atlas.qgz`
(qgis_atlas.py), so both draw the same frame, projection and furniture.
Python stdlib plus ogr2ogr (GeoJSON is written first, then converted).
"""
import json
import os
import random
import subprocess
import sys

from gen_data import write_collection

WEST, EAST, SOUTH, NORTH = 103.5, 104.6, 30.2, 31.0
SEED = 20261207
KINDS = ["zone", "cluster", "park", "lake", "mountain"]
ROLES = ["居住", "产业", "商业", "科研", "物流"]
COLS, ROWS = 8, 6   # districts


def parcels(n):
    rng = random.Random(SEED)
    cols = int((n * (EAST - WEST) / (NORTH - SOUTH)) ** 0.5) + 1
    rows = (n + cols - 1) // cols
    dx, dy = (EAST - WEST) / cols, (NORTH - SOUTH) / rows
    for i in range(n):
        c, r = i % cols, i // cols
        x0, y0 = WEST + c * dx, SOUTH + r * dy
        j = lambda: rng.uniform(0.05, 0.2)   # noqa: E731 - a gap inside the cell
        ring = [[x0 + j() * dx, y0 + j() * dy], [x0 + (1 - j()) * dx, y0 + j() * dy],
                [x0 + (1 - j()) * dx, y0 + (1 - j()) * dy], [x0 + j() * dx, y0 + (1 - j()) * dy]]
        ring = [[round(x, 6), round(y, 6)] for x, y in ring]
        ring.append(ring[0])
        kind = rng.choice(KINDS)
        yield {"type": "Feature",
               "properties": {"id": i, "kind": kind, "role": rng.choice(ROLES),
                              "name": f"地块{i}"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}


def districts():
    dx, dy = (EAST - WEST) / COLS, (NORTH - SOUTH) / ROWS
    for r in range(ROWS):
        for c in range(COLS):
            x0, y0 = WEST + c * dx, SOUTH + r * dy
            ring = [[x0, y0], [x0 + dx, y0], [x0 + dx, y0 + dy], [x0, y0 + dy], [x0, y0]]
            ring = [[round(x, 6), round(y, 6)] for x, y in ring]
            k = r * COLS + c + 1
            yield {"type": "Feature", "properties": {"id": f"D{k:02d}", "name": f"第{k}片区"},
                   "geometry": {"type": "Polygon", "coordinates": [ring]}}


def to_gpkg(geojson, gpkg):
    if os.path.exists(gpkg):
        os.remove(gpkg)
    subprocess.run(["ogr2ogr", "-f", "GPKG", gpkg, geojson], check=True)
    os.remove(geojson)


def main():
    work = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    d = os.path.join(work, "atlas")
    os.makedirs(d, exist_ok=True)
    if not os.path.exists(os.path.join(d, "parcels.gpkg")):
        write_collection(os.path.join(d, "parcels.geojson"), parcels(n))
        to_gpkg(os.path.join(d, "parcels.geojson"), os.path.join(d, "parcels.gpkg"))
        write_collection(os.path.join(d, "districts.geojson"), districts())
        to_gpkg(os.path.join(d, "districts.geojson"), os.path.join(d, "districts.gpkg"))
    spec = {
        "title": "地块图集", "theme": "plan",
        "page": {"size": "A4", "orientation": "landscape", "dpi": 150},
        "crs": "auto", "extent": {"bbox": [WEST, SOUTH, EAST, NORTH]},
        "scale_bar": True, "north_arrow": True,
        "layers": [{"name": "parcels", "source": "parcels.gpkg"}],
    }
    batch = {
        "output_dir": "out", "report": "atlas.pdf", "report_title": "地块图集",
        "defaults": {"dpi": 150, "outputs": ["png"]},
        "atlas": {"spec": "atlas.json", "coverage": {"source": "districts.gpkg"},
                  "name": "pages/{id}", "title": "地块图集 · {name}", "margin": 0.05},
    }
    for name, obj in (("atlas.json", spec), ("batch.json", batch)):
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"atlas_gen: {n} parcels, {COLS * ROWS} districts in {d}")


if __name__ == "__main__":
    main()
