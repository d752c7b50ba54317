#!/usr/bin/env python3
"""Write the planmap specs, MapServer mapfiles and Mapnik XML for every case.

Usage: make_configs.py PLANMAP WORK_DIR

All three tools get the same data (the Shapefiles in WORK/data), the same
projected CRS (an explicit tmerc PROJ string, what planmap's "auto" would pick
for this region), the same 2000x1500 PNG and the same styles. planmap lengths
are in points; the page is sized 2000x1500 pt (705.56 x 529.17 mm) so that one
point is one pixel and the numbers below mean the same in every tool.

planmap fits the extent into a frame inside a 36 px page margin. The peers are
given the extent of planmap's whole page (read back from a probe render with
--labels-json), so every feature lands on the same pixel in all three PNGs.
"""
import json
import os
import random
import subprocess
import sys

CRS = "+proj=tmerc +lat_0=30.6 +lon_0=104.05 +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
WGS84 = "+proj=longlat +datum=WGS84 +no_defs"
REGION = [103.5, 30.2, 104.6, 31.0]
WIDTH, HEIGHT = 2000, 1500
PAGE_MM = (WIDTH / 72 * 25.4, HEIGHT / 72 * 25.4)
FONT_DIR = "/usr/share/fonts/opentype/noto"
FONT_FILE = FONT_DIR + "/NotoSansCJK-Regular.ttc"
MAPNIK_FACE = "Noto Sans CJK SC Regular"
PLANMAP_FONT = "Noto Sans CJK SC"

# One style per synthetic layer, in pixels (= points for planmap).
LAYERS = {
    "polygons": {"geom": "polygon", "fill": "#9ecae1", "stroke": "#08519c", "width": 0.5},
    "lines": {"geom": "line", "stroke": "#31a354", "width": 1.0},
    "points": {"geom": "point", "fill": "#e6550d", "size": 3},
    "labels": {"geom": "point", "fill": "#d7191c", "size": 5, "label": "name",
               "font_size": 10, "text": "#333333", "halo": "#ffffff", "halo_width": 1},
}
CASES = {
    "polygons": ["polygons"],
    "points": ["points"],
    "lines": ["lines"],
    "labels": ["labels"],
    "all": ["polygons", "lines", "points", "labels"],
}
# The batch leaves out the lines layer: planmap needs minutes per map for it
# today (a Cairo group per line, drawn twice; see RESULTS.md), which would make
# the batch alone take hours. Put it back once that is fixed.
BATCH_LAYERS = ["polygons", "points", "labels"]
BATCH_MAPS = 50
BATCH_SEED = 7


def rgb(hexcolor):
    h = hexcolor.lstrip("#")
    return " ".join(str(int(h[i:i + 2], 16)) for i in (0, 2, 4))


def ms_fill(s):
    """A fill colour for a mapfile: with an "opacity", as #rrggbbaa."""
    if "opacity" not in s:
        return rgb(s["fill"])
    return f'"{s["fill"]}{round(255 * s["opacity"]):02x}"'


# ---- planmap ---------------------------------------------------------------

def planmap_style(s):
    """A planmap layer style from a style of LAYERS' form."""
    style = {"label": s.get("label")}
    if s["geom"] == "polygon":
        style.update(fill=s["fill"], stroke=s["stroke"], width=s["width"])
    elif s["geom"] == "line":
        style.update(stroke=s["stroke"], width=s["width"], dash=[])
    else:
        style.update(marker="circle", marker_size=s["size"], fill=s["fill"], width=0)
    if s.get("label"):
        style.update(font=PLANMAP_FONT, font_size=s["font_size"], text_color=s["text"],
                     halo=s["halo"], halo_width=s["halo_width"])
    return style


def planmap_layer(name, data_dir):
    return {"name": name, "source": os.path.join(data_dir, name + ".shp"),
            "style": planmap_style(LAYERS[name]), "legend": False}


def planmap_spec(layers, data_dir, bbox, furniture=False):
    """Bare map: no title, legend, scale bar or north arrow (the peers draw
    none). The title key is required, but an empty title takes no space."""
    spec = {
        "title": "合成基准图 Synthetic benchmark" if furniture else "",
        "page": {"width_mm": PAGE_MM[0], "height_mm": PAGE_MM[1],
                 "width_px": WIDTH, "height_px": HEIGHT},
        "crs": CRS,
        "extent": {"bbox": bbox},
        "legend": furniture,
        "scale_bar": furniture,
        "north_arrow": furniture,
        "layers": [planmap_layer(n, data_dir) for n in layers],
    }
    if furniture:
        # A legend needs entries: one rule per layer with a legend text.
        for layer in spec["layers"]:
            layer["legend"] = True
            layer["rules"] = [{"legend": layer["name"]}]
    return spec


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def page_extent(planmap, spec_path, work):
    """Render a probe (same page, CRS and box, one tiny layer) and turn
    planmap's map->page transform into the map extent of the whole page."""
    out = os.path.join(work, "probe.png")
    boxes = os.path.join(work, "probe.labels.json")
    subprocess.run([planmap, "render", spec_path, "-o", out, "--labels-json", boxes], check=True)
    with open(boxes, encoding="utf-8") as f:
        sx, tx, sy, ty = json.load(f)["map_to_page"]
    return [(0 - tx) / sx, (HEIGHT - ty) / sy, (WIDTH - tx) / sx, (0 - ty) / sy]


def probe_extents(planmap, work, bboxes):
    probe_dir = os.path.join(work, "probe")
    os.makedirs(probe_dir, exist_ok=True)
    point = os.path.join(probe_dir, "point.geojson")
    with open(point, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
                '"geometry":{"type":"Point","coordinates":[104.05,30.6]}}]}\n')
    extents = []
    for i, bbox in enumerate(bboxes):
        spec = planmap_spec(["points"], probe_dir, bbox)
        spec["layers"][0]["source"] = point
        path = os.path.join(probe_dir, f"probe-{i:02d}.json")
        write_json(path, spec)
        extents.append(page_extent(planmap, path, probe_dir))
    return extents


# ---- MapServer -------------------------------------------------------------

def ms_extent(e):
    """MapServer extents run from pixel centre to pixel centre: pull the page
    edges in by half a pixel so its pixels coincide with planmap's."""
    hx = (e[2] - e[0]) / WIDTH / 2
    hy = (e[3] - e[1]) / HEIGHT / 2
    return [e[0] + hx, e[1] + hy, e[2] - hx, e[3] - hy]


def ms_class(name, s=None):
    """A layer's CLASS; `s` a style of LAYERS' form (default LAYERS[name])."""
    s = s or LAYERS[name]
    if s["geom"] == "line":
        return (f'    CLASS\n      STYLE\n        COLOR {rgb(s["stroke"])}\n'
                f'        WIDTH {s["width"]}\n        LINECAP ROUND\n        LINEJOIN ROUND\n'
                f'      END\n    END\n')
    text = ""
    position = "CC" if s["geom"] == "polygon" else "AUTO"
    if s.get("label"):
        # MapServer sizes text as points at 96 dpi (FreeType char size): 7.5
        # gives the 10 px em that planmap and Mapnik draw for 10.
        text = (f'      LABEL\n        TYPE TRUETYPE\n        FONT "noto"\n'
                f'        SIZE {s["font_size"] * 72 / 96}\n        COLOR {rgb(s["text"])}\n'
                f'        OUTLINECOLOR {rgb(s["halo"])}\n        OUTLINEWIDTH {s["halo_width"]}\n'
                f'        POSITION {position}\n        PARTIALS FALSE\n      END\n')
    if s["geom"] == "polygon":
        return (f'    CLASS\n      STYLE\n        COLOR {ms_fill(s)}\n'
                f'        OUTLINECOLOR {rgb(s["stroke"])}\n        WIDTH {s["width"]}\n'
                f'        LINEJOIN ROUND\n      END\n{text}    END\n')
    return (f'    CLASS\n      STYLE\n        SYMBOL "circle"\n        SIZE {s["size"]}\n'
            f'        COLOR {rgb(s["fill"])}\n      END\n{text}    END\n')


def ms_layer(name, data, s=None, srs=WGS84):
    """A LAYER: `data` its DATA (or CONNECTION) lines, `s` its style."""
    s = s or LAYERS[name]
    label = f'    LABELITEM "{s["label"]}"\n' if s.get("label") else ""
    return (f'  LAYER\n    NAME "{name}"\n    TYPE {s["geom"].upper()}\n    STATUS ON\n{data}'
            f'    PROJECTION\n      "{srs}"\n    END\n{label}{ms_class(name, s)}  END\n')


def mapfile(layers, data_dir, extent, fontset):
    e = ms_extent(extent)
    out = ['MAP\n  NAME "bench"\n', f'  SIZE {WIDTH} {HEIGHT}\n',
           f'  EXTENT {e[0]!r} {e[1]!r} {e[2]!r} {e[3]!r}\n', '  UNITS METERS\n',
           '  IMAGECOLOR 255 255 255\n', f'  FONTSET "{fontset}"\n',
           f'  PROJECTION\n    "{CRS}"\n  END\n',
           '  OUTPUTFORMAT\n    NAME "png"\n    DRIVER AGG/PNG\n    MIMETYPE "image/png"\n'
           '    IMAGEMODE RGB\n    EXTENSION "png"\n  END\n  IMAGETYPE "png"\n',
           '  SYMBOL\n    NAME "circle"\n    TYPE ELLIPSE\n    FILLED TRUE\n'
           '    POINTS 1 1 END\n  END\n']
    for name in layers:
        out.append(ms_layer(name, f'    DATA "{os.path.join(data_dir, name)}"\n'))
    out.append("END\n")
    return "".join(out)


# ---- Mapnik ----------------------------------------------------------------

def mapnik_styles(name, s=None):
    """Style names and XML for one layer (`s` a style of LAYERS' form,
    default LAYERS[name]). A labelled layer gets two styles,
    markers then text: Mapnik runs a layer's styles one after the other, so
    every marker is in the collision detector before the first label is
    placed, as in planmap (markers first, then labels avoiding them)."""
    s = s or LAYERS[name]
    if s["geom"] == "polygon":
        opacity = f' fill-opacity="{s["opacity"]}"' if "opacity" in s else ""
        sym = (f'<PolygonSymbolizer fill="{s["fill"]}"{opacity}/>'
               f'<LineSymbolizer stroke="{s["stroke"]}" stroke-width="{s["width"]}" '
               f'stroke-linejoin="round"/>')
    elif s["geom"] == "line":
        sym = (f'<LineSymbolizer stroke="{s["stroke"]}" stroke-width="{s["width"]}" '
               f'stroke-linejoin="round" stroke-linecap="round"/>')
    else:
        # Markers are always drawn (allow-overlap) and every marker blocks
        # labels (ignore-placement false), as in planmap's collision index.
        # MapServer has no such switch: only a labelled layer's markers
        # keep labels off.
        sym = (f'<MarkersSymbolizer marker-type="ellipse" fill="{s["fill"]}" '
               f'width="{s["size"]}" height="{s["size"]}" stroke-width="0" '
               f'allow-overlap="true" ignore-placement="false"/>')
    styles = [(name, sym)]
    if s.get("label"):
        text = (f'<TextSymbolizer face-name="{MAPNIK_FACE}" size="{s["font_size"]}" '
                f'fill="{s["text"]}" halo-fill="{s["halo"]}" halo-radius="{s["halo_width"]}" ')
        if s["geom"] == "polygon":
            text += 'placement="interior"'
        else:
            d = s["size"] / 2 + 2
            text += (f'placement-type="simple" placements="E,NE,SE,W,NW,SW,N,S" '
                     f'dx="{d}" dy="{d}"')
        styles.append((name + "-text", f'{text}>[{s["label"]}]</TextSymbolizer>'))
    return styles


def mapnik_xml(layers, data_dir, srs=CRS, styles=None, sources=None):
    """`styles` and `sources`: per layer name, a style of LAYERS' form and
    the datasource's parameters (default: LAYERS, the Shapefile in data_dir)."""
    styles = styles or {}
    sources = sources or {}
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n'
           f'<Map srs="{srs}" background-color="#ffffff" font-directory="{FONT_DIR}">\n']
    for name in layers:
        for style, sym in mapnik_styles(name, styles.get(name)):
            out.append(f'  <Style name="{style}"><Rule>{sym}</Rule></Style>\n')
    for name in layers:
        refs = "".join(f"<StyleName>{style}</StyleName>"
                       for style, _ in mapnik_styles(name, styles.get(name)))
        params = sources.get(name) or {"type": "shape", "file": os.path.join(data_dir, name),
                                       "encoding": "utf-8"}
        ds = "".join(f'<Parameter name="{k}">{v}</Parameter>' for k, v in params.items())
        out.append(f'  <Layer name="{name}" srs="{WGS84}">{refs}'
                   f'<Datasource>{ds}</Datasource></Layer>\n')
    out.append("</Map>\n")
    return "".join(out)


# ---- batch -----------------------------------------------------------------

def batch_boxes():
    """50 windows inside the region, from a sixth to half of its width."""
    rng = random.Random(BATCH_SEED)
    w0, h0 = REGION[2] - REGION[0], REGION[3] - REGION[1]
    boxes = []
    for _ in range(BATCH_MAPS):
        f = rng.uniform(1 / 6, 1 / 2)
        w, h = w0 * f, h0 * f
        x = rng.uniform(REGION[0], REGION[2] - w)
        y = rng.uniform(REGION[1], REGION[3] - h)
        boxes.append([round(x, 6), round(y, 6), round(x + w, 6), round(y + h, 6)])
    return boxes


def main():
    planmap, work = sys.argv[1], os.path.abspath(sys.argv[2])
    data = os.path.join(work, "data")
    cfg = os.path.join(work, "config")
    os.makedirs(cfg, exist_ok=True)
    # MapServer 8 wants a config file; this one allows maps anywhere.
    with open(os.path.join(cfg, "mapserver.conf"), "w", encoding="utf-8") as f:
        f.write('CONFIG\n  ENV\n    MS_MAP_PATTERN "."\n  END\nEND\n')
    fontset = os.path.join(cfg, "fonts.txt")
    with open(fontset, "w", encoding="utf-8") as f:
        f.write(f"noto {FONT_FILE}\n")

    full = probe_extents(planmap, work, [REGION])[0]
    for case, layers in CASES.items():
        write_json(os.path.join(cfg, f"{case}.json"), planmap_spec(layers, data, REGION))
        with open(os.path.join(cfg, f"{case}.map"), "w", encoding="utf-8") as f:
            f.write(mapfile(layers, data, full, fontset))
        with open(os.path.join(cfg, f"{case}.xml"), "w", encoding="utf-8") as f:
            f.write(mapnik_xml(layers, data))
        with open(os.path.join(cfg, f"{case}.extent"), "w", encoding="utf-8") as f:
            f.write(" ".join(repr(v) for v in full) + "\n")
    write_json(os.path.join(cfg, "all-furniture.json"),
               planmap_spec(CASES["all"], data, REGION, furniture=True))

    # Batch: one planmap spec per window; one line per window for the peers:
    # name, page extent (Mapnik), pixel-centre extent (map2img -e).
    with open(os.path.join(cfg, "batch.map"), "w", encoding="utf-8") as f:
        f.write(mapfile(BATCH_LAYERS, data, full, fontset))
    with open(os.path.join(cfg, "batch.xml"), "w", encoding="utf-8") as f:
        f.write(mapnik_xml(BATCH_LAYERS, data))
    bdir = os.path.join(cfg, "batch")
    os.makedirs(bdir, exist_ok=True)
    boxes = batch_boxes()
    extents = probe_extents(planmap, work, boxes)
    with open(os.path.join(bdir, "extents.txt"), "w", encoding="utf-8") as f:
        for i, (box, e) in enumerate(zip(boxes, extents)):
            write_json(os.path.join(bdir, f"map-{i:02d}.json"),
                       planmap_spec(BATCH_LAYERS, data, box))
            ms = ms_extent(e)
            f.write(f"map-{i:02d} " + " ".join(repr(v) for v in e + ms) + "\n")
    # The same 50 maps as one `planmap batch` file (docs/batch.md): one base
    # spec, each map overriding the extent, loaded and styled once.
    write_json(os.path.join(bdir, "base.json"), planmap_spec(BATCH_LAYERS, data, REGION))
    write_json(os.path.join(bdir, "batch.json"), {
        "defaults": {"width": WIDTH, "height": HEIGHT, "margin": 0, "outputs": ["png"]},
        "maps": [{"spec": "base.json", "name": f"map-{i:02d}", "extent": box}
                 for i, box in enumerate(boxes)]})
    print(f"make_configs: {len(CASES)} cases, {len(boxes)} batch maps in {cfg}")


if __name__ == "__main__":
    main()
