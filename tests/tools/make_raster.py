#!/usr/bin/env python3
"""Synthetic rasters for the raster-layer tests and the bundled example, as
ESRI ASCII grids (gdal_translate turns them into GeoTIFF with a CRS):

  make_raster.py cone OUT N CELL X0 Y0 HEIGHT   a cone HEIGHT high filling N x N
                                                cells, nodata beyond its foot
  make_raster.py quad OUT N CELL X0 Y0 BAND     band BAND (1-3) of an image whose
                                                quarters are red (NW), green (NE),
                                                blue (SW) and yellow (SE)
  make_raster.py ridges OUT N CELL X0 Y0        synthetic hills: a few smooth
                                                ridges and valleys and a hill,
                                                200-1600 m
X0 Y0 is the lower-left corner. Nothing here is real terrain."""
import math
import sys


def header(f, n, cell, x0, y0, nodata):
    f.write(f"ncols {n}\nnrows {n}\nxllcorner {x0}\nyllcorner {y0}\ncellsize {cell}\n")
    if nodata is not None:
        f.write(f"NODATA_value {nodata}\n")


def cone(r, k, n, height):
    c = (n - 1) / 2
    d = math.hypot(k - c, r - c) / c
    return "%.2f" % ((1 - d) * height) if d < 1 else "-9999"


QUAD = {(0, 0): (255, 0, 0), (0, 1): (0, 160, 0), (1, 0): (0, 0, 255), (1, 1): (255, 220, 0)}


def quad(r, k, n, band):
    return str(QUAD[(int(r >= n / 2), int(k >= n / 2))][band - 1])


def ridges(r, k, n):
    x, y = k / n, 1 - r / n
    z = 650 + 380 * math.sin(11 * x + 3 * y) * math.cos(8 * y - 2 * x)
    z += 160 * math.sin(27 * x + 19 * y) * math.cos(23 * y - 13 * x)
    z += 420 * math.exp(-((x - 0.62) ** 2 + (y - 0.45) ** 2) / 0.004)
    return "%.1f" % max(200, min(1600, z))


def main():
    kind, out, n, cell, x0, y0 = sys.argv[1:7]
    n, cell = int(n), float(cell)
    with open(out, "w") as f:
        header(f, n, cell, x0, y0, -9999 if kind == "cone" else None)
        for r in range(n):
            if kind == "cone":
                row = [cone(r, k, n, float(sys.argv[7])) for k in range(n)]
            elif kind == "quad":
                row = [quad(r, k, n, int(sys.argv[7])) for k in range(n)]
            else:
                row = [ridges(r, k, n) for k in range(n)]
            f.write(" ".join(row) + "\n")


main()
