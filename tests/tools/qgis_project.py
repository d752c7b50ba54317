#!/usr/bin/python3
"""Open a planmap QGIS project in QGIS (headless) and compare it with planmap's PNG.

usage: qgis_project.py PROJECT SPEC PLANMAP.png LABELS.json OUT.png [EXPECT_CRS]

PLANMAP.png and LABELS.json are `planmap render SPEC -o PLANMAP.png --labels-json
LABELS.json`. The check opens PROJECT as a QGIS user would and looks at:
- the project CRS (the map's, from LABELS.json, or EXPECT_CRS) and that every
  layer is valid, in that CRS;
- the layers: one per vector layer of SPEC, top first (planmap draws the
  spec's last layer on top);
- the layout's map item: the map frame's extent (from LABELS.json);
- the layout exported to OUT.png (QgsLayoutExporter) at the spec's dpi: the
  page size in pixels, the fill colours
  (a grid of points inside polygons, away from outlines, lines and text)
  against planmap's PNG, and the
  number of labels QGIS places in the map (QgsLabelingResults) against
  planmap's.
Prints one line of numbers ("qgis-project: ...") and exits 1 on a failure.
"""
import json
import re
import os
import sys

from qgis_headless import fail, failures  # first: Qt offscreen for qgis.core
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem,  # noqa: E402
                       QgsGeometry, QgsLayoutExporter, QgsLayoutItemLegend, QgsLayoutItemMap,
                       QgsLayoutItemPicture, QgsLayoutItemScaleBar,
                       QgsMapLayerType, QgsSymbol,
                       QgsPointXY, QgsProject,
                       QgsWkbTypes)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QTransform  # noqa: E402
from PIL import Image  # noqa: E402

def make_crs(definition):
    crs = QgsCoordinateReferenceSystem()
    if definition.startswith("+"):
        crs.createFromProj(definition)
    else:
        crs.createFromString(definition)
    return crs


def spec_layers(spec_path):
    """The project's layers, top first: the spec's, last first, then the inset's."""
    spec = json.load(open(spec_path, encoding="utf-8"))
    names = []
    for layer in spec["layers"]:
        names.append(layer["name"])
        raster = layer.get("raster") or {}
        if raster.get("ramp") and raster.get("hillshade"):   # the shade over the colours
            names.append(layer["name"] + " (hillshade)")
    return list(reversed(names)) + (["inset"] if spec.get("inset") else [])


def check_layers(project, want, crs):
    tree = [node.name() for node in project.layerTreeRoot().findLayers()]
    if tree != want:
        fail(f"layer order {tree}, expected {want}")
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if layer is None or not layer.isValid():
            fail(f"layer {node.name()} does not load")
        elif layer.type() == QgsMapLayerType.RasterLayer:
            if not open_source(project, layer).startswith("."):
                fail(f"raster {node.name()} is not named relative to the project")
        elif layer.crs() != crs:
            fail(f"layer {node.name()} is in {layer.crs().authid() or layer.crs().toProj()}")
    return [node.layer() for node in project.layerTreeRoot().findLayers()]


def open_source(project, layer):
    """The raster's file as the project file names it (relative or not)."""
    path = project.fileName()
    if path.endswith(".qgz"):
        import zipfile
        z = zipfile.ZipFile(path)
        text = z.read(z.namelist()[0]).decode("utf-8")
    else:
        text = open(path, encoding="utf-8").read()
    m = re.search(r"<id>" + re.escape(layer.id()) + r"</id>\s*<datasource>([^<]*)<", text)
    return m.group(1) if m else ""


def sample_rasters(layers, labels, boxes, planmap, qgis, step=16):
    """The colour at grid points of the frame outside every vector feature
    (and its outline, marker or text): where only rasters are drawn."""
    geoms = page_geometries(layers, labels)
    return [("raster", px, py, *compare(planmap, qgis, px, py))
            for px, py, pt in grid(labels, boxes, step)
            if not any(g.contains(pt) or edge.distance(pt) < 6 for _, g, edge, _ in geoms)]


def frame_extent(labels):
    x, y, w, h = labels["map_frame"]
    sx, tx, sy, ty = labels["map_to_page"]
    return ((x - tx) / sx, (y + h - ty) / sy, (x + w - tx) / sx, (y - ty) / sy)


def check_extent(item, want):
    e = item.extent()
    got = (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum())
    span = max(want[2] - want[0], want[3] - want[1])
    off = max(abs(a - b) for a, b in zip(got, want)) / span
    if off > 0.005:
        fail(f"map item extent {got}, expected {want} ({off:.1%} of the frame off)")
    return off


def text_boxes(labels, placed):
    """Where either side drew text, markers or furniture (scale bar, north
    arrow: each its own design), in page pixels: planmap's boxes, and QGIS's labels (map units through the same transform)."""
    boxes = [(b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"]) for b in labels["boxes"]
             if b["kind"] in ("label", "marker", "badge", "leader", "scalebar", "northarrow")]
    sx, tx, sy, ty = labels["map_to_page"]
    for p in placed:
        r = p.labelRect
        xs = (sx * r.xMinimum() + tx, sx * r.xMaximum() + tx)
        ys = (sy * r.yMinimum() + ty, sy * r.yMaximum() + ty)
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def free_of_text(boxes, px, py, r):
    return not any(x0 - r <= px <= x1 + r and y0 - r <= py <= y1 + r for x0, y0, x1, y1 in boxes)


def median_colour(img, px, py, r=2):
    pix = [img.getpixel((px + dx, py + dy)) for dx in range(-r, r + 1) for dy in range(-r, r + 1)]
    return tuple(sorted(p[c] for p in pix)[len(pix) // 2] for c in range(3))


def page_geometries(layers, labels):
    """Every feature in page pixels, top layer first: (layer, geometry, is_polygon)."""
    sx, tx, sy, ty = labels["map_to_page"]
    to_page = QTransform(sx, 0, 0, sy, tx, ty)
    out = []
    for layer in layers:
        polygon = layer.geometryType() == QgsWkbTypes.PolygonGeometry
        for f in layer.getFeatures():
            g = QgsGeometry(f.geometry())
            if g.isEmpty():
                continue
            g.transform(to_page)
            edge = QgsGeometry(g.constGet().boundary()) if polygon else g
            out.append((layer.name(), g, edge, polygon))
    return out


def grid(labels, boxes, step):
    """Points of a grid over the map frame, away from text (page pixels)."""
    fx, fy, fw, fh = labels["map_frame"]
    for py in range(int(fy) + step // 2, int(fy + fh) - 4, step):
        for px in range(int(fx) + step // 2, int(fx + fw) - 4, step):
            if free_of_text(boxes, px, py, 6):
                yield px, py, QgsGeometry.fromPointXY(QgsPointXY(px, py))


def compare(planmap, qgis, px, py):
    a, b = median_colour(planmap, px, py), median_colour(qgis, px, py)
    return a, b, max(abs(u - v) for u, v in zip(a, b))


def judge(samples, where):
    """At least 90 % of (at least 10) samples within 16 per channel; "n/m"."""
    close = [s for s in samples if s[5] <= 16]
    for name, px, py, a, b, d in samples:
        if d > 16:
            print(f"  colour differs: {name} at ({px},{py}): planmap {a}, QGIS {b}")
    if len(samples) < 10 or len(close) < 0.9 * len(samples):
        fail(f"colours {where}: {len(close)} of {len(samples)} samples match")
    return f"{len(close)}/{len(samples)}"


def sample_fills(layers, labels, boxes, planmap, qgis, step=24):
    """The colour at grid points inside polygons, away from every outline,
    line, marker and text (where drawing details, not colours, differ)."""
    geoms = page_geometries(layers, labels)
    samples = []
    for px, py, pt in grid(labels, boxes, step):
        inside = [name for name, g, _, poly in geoms if poly and g.contains(pt)]
        if inside and not any(edge.distance(pt) < 6 for _, _, edge, _ in geoms):
            samples.append((inside[0], px, py, *compare(planmap, qgis, px, py)))
    return samples


def legend_entries(layout):
    """The entries the layout's legend lists, as a reader sees them, each
    with its symbol's colour (None: no symbol): a layer of one class by its
    title, a layer of several by its classes' texts."""
    legends = [i for i in layout.items() if isinstance(i, QgsLayoutItemLegend)]
    if not legends:
        return None
    model = legends[0].model()
    entries = []
    for node in model.rootGroup().findLayers():
        nodes = [n for n in model.layerLegendNodes(node)
                 if str(n.data(Qt.DisplayRole) or "").strip()]
        for n in nodes:
            symbol = n.symbol() if hasattr(n, "symbol") else None
            rgb = None
            # a fill's colour, as drawn on white paper (markers and lines
            # are drawn too thin or too small in a swatch to sample)
            if symbol is not None and symbol.type() == QgsSymbol.Fill:
                c = symbol.color()
                a = c.alphaF() * symbol.opacity()
                rgb = tuple(round(v * a + 255 * (1 - a)) for v in (c.red(), c.green(), c.blue()))
            entries.append((str(n.data(Qt.DisplayRole)).strip(), rgb))
        if not nodes:
            entries.append((node.customProperty("legend/title-label") or node.name(), None))
    return entries


def legend_texts(layout):
    entries = legend_entries(layout)
    return None if entries is None else [t for t, _ in entries]


def check_swatches(layout, labels, planmap):
    """Each area legend entry's colour in QGIS (its fill's) against planmap's
    swatch (the middle of the entry's symbol, on planmap's page)."""
    entries = legend_entries(layout) or []
    colour = {re.sub(r"\s+", "", t): c for t, c in entries if c is not None}
    same = total = 0
    for b in labels["boxes"]:
        c = colour.get(re.sub(r"\s+", "", b["text"])) if b["kind"] == "legend-item" else None
        if c is None or "\n" in b["text"]:   # a size entry: circles of no one colour
            continue
        # planmap's swatch: 14 pt wide at the entry's left, in the middle of its row
        px, py = round(b["x"] + 0.4 * min(b["h"] * 1.6, b["w"] / 3)), round(b["y"] + b["h"] / 2)
        got = planmap.getpixel((px, py))
        total += 1
        if max(abs(u - v) for u, v in zip(got, c)) <= 40:
            same += 1
        else:
            print(f"  legend colour of {b['text']!r}: planmap {got}, QGIS {c}")
    if total and same < 0.8 * total:
        fail(f"legend colours: {same} of {total} match planmap's swatches")
    return f"{same}/{total}"


def check_legend(layout, labels):
    """QGIS's legend lists planmap's entries: nothing planmap leaves out (a
    rule without legend text), nothing twice, and nearly all of planmap's."""
    texts = legend_texts(layout)
    want = [b["text"] for b in labels["boxes"] if b["kind"] == "legend-item"]
    if texts is None:
        if want:
            fail("no legend in the layout")
        return 0, len(want)
    squeeze = lambda t: re.sub(r"\s+", "", t)
    wanted = {squeeze(t) for t in want}
    extra = [t for t in texts if squeeze(t) not in wanted]
    if extra:
        fail(f"QGIS legend entries planmap's legend does not have: {extra[:5]}")
    if len(texts) != len(set(map(squeeze, texts))):
        fail("an entry is twice in QGIS's legend")
    found = len(wanted & {squeeze(t) for t in texts})
    if found < 0.9 * len(wanted):
        fail(f"QGIS's legend has {found} of planmap's {len(wanted)} entries")
    return found, len(wanted)


def group_texts(layout, name):
    """The texts of the label items in the layout's group `name`."""
    from qgis.core import QgsLayoutItemGroup, QgsLayoutItemLabel
    groups = [i for i in layout.items() if isinstance(i, QgsLayoutItemGroup) and i.id() == name]
    if not groups:
        return []
    return [i.text() for i in groups[0].items() if isinstance(i, QgsLayoutItemLabel)]


def check_projects(layout, labels, planmap, qgis):
    """The numbered badges and the project table: the same numbers, in the
    same colours at the same places, and the table's rows."""
    badges = [b for b in labels["boxes"] if b["kind"] == "badge"]
    rows = [b for b in labels["boxes"] if b["kind"] == "table-row"]
    if not badges and not rows:
        return "-"
    numbers = sorted(group_texts(layout, "project badges"))
    want = sorted(b["text"].split(" ")[0] for b in badges)
    if numbers != want:
        fail(f"badge numbers {numbers}, planmap's {want}")
    # The disc's colour under the number, near its foot.
    same = 0
    for b in badges:
        px, py = round(b["x"] + b["w"] / 2), round(b["y"] + b["h"] * 0.86)
        a, q = planmap.getpixel((px, py)), qgis.getpixel((px, py))
        if max(abs(u - v) for u, v in zip(a, q)) <= 32:
            same += 1
        else:
            print(f"  badge {b['text'].split(' ')[0]} at ({px},{py}): planmap {a}, QGIS {q}")
    if same < 0.9 * len(badges):
        fail(f"badge colours: {same} of {len(badges)} match")
    table = group_texts(layout, "project table")
    squeeze = lambda t: re.sub(r"\s+", "", t)
    listed = {squeeze(t) for t in table}
    found = sum(1 for r in rows if squeeze(r["text"].split(" ", 1)[1]) in listed)
    if found != len(rows):
        fail(f"the layout's project table lists {found} of planmap's {len(rows)} rows")
    return f"badges {len(numbers)}/{len(want)} (colours {same}), table rows {found}/{len(rows)}"


def check_links(layout, map_item):
    """Every layout item has its own uuid, and the scale bar, north arrow and
    legend follow the map item (a shared uuid links them to another item)."""
    uuids = [i.uuid() for i in layout.items() if hasattr(i, "uuid")]
    twice = sorted({u for u in uuids if uuids.count(u) > 1})
    if twice:
        fail(f"layout items share a uuid: {twice[:3]}")
    for item in layout.items():
        kind = (None if not hasattr(item, "uuid")
                else "scale bar" if isinstance(item, QgsLayoutItemScaleBar)
                else "legend" if isinstance(item, QgsLayoutItemLegend)
                else "north arrow" if isinstance(item, QgsLayoutItemPicture)
                and item.id() == "north arrow" else None)
        if kind and item.linkedMap() is not map_item:
            fail(f"the {kind} is not linked to the map item")


def main():
    project_path, spec_path, planmap_png, labels_path, out_png = sys.argv[1:6]
    labels = json.load(open(labels_path, encoding="utf-8"))
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    if not project.read(project_path):
        print("FAIL: QGIS cannot read", project_path, project.error())
        return 1
    crs = make_crs(sys.argv[6] if len(sys.argv) > 6 else labels["crs"])
    if not project.crs().isValid() or project.crs() != crs:
        fail(f"project CRS {project.crs().authid() or project.crs().toProj()}, expected {crs.toProj()}")
    layers = check_layers(project, spec_layers(spec_path), crs)
    layout = project.layoutManager().layouts()[0]
    maps = [i for i in layout.items() if isinstance(i, QgsLayoutItemMap) and i.id() == "map"]
    if not maps:
        fail("no map item in the layout")
        return 1
    off = check_extent(maps[0], frame_extent(labels))
    check_links(layout, maps[0])
    spec = json.load(open(spec_path, encoding="utf-8"))
    legend_found, legend_want = check_legend(layout, labels)
    planmap = Image.open(planmap_png).convert("RGB")
    swatches = check_swatches(layout, labels, planmap)
    dpi = planmap.width / (layout.pageCollection().page(0).pageSize().width() / 25.4)
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    if exporter.exportToImage(out_png, settings) != QgsLayoutExporter.Success:
        fail(f"layout export to {out_png}: {exporter.errorMessage()}")
        return 1
    qgis = Image.open(out_png).convert("RGB")
    if abs(qgis.width - planmap.width) > 1 or abs(qgis.height - planmap.height) > 1:
        fail(f"page {qgis.width}x{qgis.height} px, planmap's {planmap.width}x{planmap.height}")
    qgis = qgis.resize(planmap.size) if qgis.size != planmap.size else qgis
    results = exporter.labelingResults()
    placed = results[maps[0].uuid()].allLabels() if maps[0].uuid() in results else []
    shown = [layer for layer in layers if layer.name() != "inset"   # the locator's only
             and layer.type() == QgsMapLayerType.VectorLayer]
    boxes = text_boxes(labels, placed)
    samples = sample_fills(shown, labels, boxes, planmap, qgis)
    if len(samples) < 40:   # a crowded map: look closer
        samples = sample_fills(shown, labels, boxes, planmap, qgis, step=8)
    fills = judge(samples, "inside polygons")
    rasters = "-"
    if any(layer.get("raster") for layer in spec["layers"]):
        rasters = judge(sample_rasters(shown, labels, boxes, planmap, qgis),
                        "where only rasters are drawn")
    projects = check_projects(layout, labels, planmap, qgis)
    planned = [b for b in labels["boxes"] if b["kind"] == "label"]
    if len(placed) < 0.8 * len(planned):
        fail(f"QGIS places {len(placed)} labels, planmap {len(planned)} (under 80 %)")
    # Two-language labels keep their second line.
    two = sum(1 for b in planned if "\n" in b["text"])
    two_qgis = sum(1 for p in placed if "\n" in p.labelText)
    if two_qgis < 0.8 * two:
        fail(f"QGIS places {two_qgis} two-line labels, planmap {two}")
    print(f"qgis-project: {os.path.basename(project_path)}: {len(layers)} layers, extent off "
          f"{off:.3%}, page {qgis.width}x{qgis.height} px, fills {fills} "
          f"match, rasters {rasters} match, labels QGIS {len(placed)} / planmap {len(planned)} = "
          f"{len(placed) / len(planned) if planned else 1:.0%} (two-line {two_qgis} / {two}), "
          f"legend {legend_found} / {legend_want} entries (colours {swatches}), "
          f"projects: {projects}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
