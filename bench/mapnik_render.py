#!/usr/bin/env python3
"""Render with Mapnik (python3-mapnik), the way a Python user would.

  mapnik_render.py MAP.xml OUT.png MINX MINY MAXX MAXY [WIDTH HEIGHT [SCALE]]
      one map: load the XML, zoom to the extent, write a 2000x1500 RGB PNG
      (or WIDTH x HEIGHT, every size multiplied by SCALE: matrix.py's A4 at
      300 dpi).
  mapnik_render.py --batch MAP.xml EXTENTS.txt OUTDIR
      the batch case: one process, the map (and its layers) loaded once, then
      one PNG per line of EXTENTS.txt ("name minx miny maxx maxy ...").

PNG is written as "png32:t=0" (RGB: no palette, no alpha channel): planmap and map2img write RGB
too, whereas Mapnik's default "png" quantises to a palette.
"""
import sys

import mapnik

WIDTH, HEIGHT = 2000, 1500


def render(m, extent, out, scale=1.0):
    m.zoom_to_box(mapnik.Box2d(*extent))
    mapnik.render_to_file(m, out, "png32:t=0", scale)


def main(argv):
    size = [int(v) for v in argv[7:9]] if len(argv) > 8 else [WIDTH, HEIGHT]
    m = mapnik.Map(*size)
    if argv[1] == "--batch":
        mapnik.load_map(m, argv[2])
        with open(argv[3], encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                render(m, [float(v) for v in parts[1:5]], f"{argv[4]}/{parts[0]}.png")
    else:
        mapnik.load_map(m, argv[1])
        render(m, [float(v) for v in argv[3:7]], argv[2], float(argv[9]) if len(argv) > 9 else 1.0)


if __name__ == "__main__":
    main(sys.argv)
