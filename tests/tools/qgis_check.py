#!/usr/bin/python3
"""Open a planmap GeoPackage in QGIS (headless) and check what a QGIS user sees.

usage: qgis_check.py spec SPEC.json OUT.gpkg
       qgis_check.py dir DATA_DIR OUT.gpkg
       qgis_check.py sidecar FILE.geojson

Expected counts and style classes are computed here from the GeoJSON sources,
independently of planmap: the layer `where` filter, then one class per
(kind, zone role, first matching rule) in feature order.
"""
import json
import os
import sys

from qgis_headless import fail, failures  # first: Qt offscreen for qgis.core
from qgis.core import (QgsApplication, QgsExpression, QgsFeatureRequest,  # noqa: E402
                       QgsVectorLayer, QgsUnitTypes)

def value_text(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def conditions(where):
    out = []
    for field, want in (where or {}).items():
        negate = isinstance(want, dict) and "not" in want
        if negate:
            want = want["not"]
        values = want if isinstance(want, list) else [want]
        out.append((field, [value_text(v) for v in values], negate))
    return out


def matches(props, conds):
    for field, values, negate in conds:
        hit = value_text(props.get(field)) in values
        if hit == negate:
            return False
    return True


def classify(features, layer_spec):
    """[(key, count, rule_legend)] in first-seen order, and the kept count."""
    where = conditions(layer_spec.get("where")) if layer_spec else []
    rules = [conditions(r.get("where")) for r in (layer_spec or {}).get("rules", [])]
    legends = [r.get("legend") for r in (layer_spec or {}).get("rules", [])]
    classes, kept = {}, 0
    for f in features:
        p = f.get("properties") or {}
        if not matches(p, where):
            continue
        kept += 1
        rule = next((i for i, c in enumerate(rules) if matches(p, c)), -1)
        kind = p.get("kind")
        key = (kind, p.get("role") if kind == "zone" else None, rule)
        if key not in classes:
            classes[key] = [0, legends[rule] if rule >= 0 else None]
        classes[key][0] += 1
    return [(k, v[0], v[1]) for k, v in classes.items()], kept


def check_layer(uri, name, features, layer_spec):
    layer = QgsVectorLayer(uri, name, "ogr")
    if not layer.isValid():
        fail(f"{name}: QGIS cannot load {uri}")
        return None
    classes, kept = classify(features, layer_spec)
    if layer.featureCount() != kept:
        fail(f"{name}: {layer.featureCount()} features in QGIS, expected {kept}")
    r = layer.renderer()
    want_type = "singleSymbol" if len(classes) <= 1 else "RuleRenderer"
    if r.type() != want_type:
        fail(f"{name}: renderer {r.type()}, expected {want_type} (default style not applied?)")
        return layer
    if want_type == "RuleRenderer":
        rules = r.rootRule().children()
        if len(rules) != len(classes):
            fail(f"{name}: {len(rules)} rules, expected {len(classes)}")
        total = 0
        for rule, (key, count, legend) in zip(rules, classes):
            req = QgsFeatureRequest(QgsExpression(rule.filterExpression()))
            got = sum(1 for _ in layer.getFeatures(req))
            total += got
            if got != count:
                fail(f"{name}: rule '{rule.label()}' ({rule.filterExpression()}) selects {got} "
                     f"features, expected {count} for {key}")
            if legend and rule.label() != legend:
                fail(f"{name}: rule label '{rule.label()}', expected '{legend}'")
        if total != kept:
            fail(f"{name}: rules select {total} features in all, expected {kept}")
    return layer


def symbol_of(layer, label):
    r = layer.renderer()
    if r.type() == "singleSymbol":
        return r.symbol()
    for rule in r.rootRule().children():
        if rule.label() == label:
            return rule.symbol()
    fail(f"{layer.name()}: no rule labelled '{label}'")
    return None


def check_color(layer, label, want_rgb, want_alpha=None):
    s = symbol_of(layer, label)
    if s is None:
        return
    c = s.symbolLayer(0).color()
    if (c.red(), c.green(), c.blue()) != want_rgb:
        fail(f"{layer.name()}: '{label}' fill {c.red()},{c.green()},{c.blue()}, expected {want_rgb}")
    if want_alpha is not None and abs(s.opacity() - want_alpha) > 0.01:
        fail(f"{layer.name()}: '{label}' opacity {s.opacity()}, expected {want_alpha}")


def check_spec(spec_path, gpkg):
    spec = json.load(open(spec_path, encoding="utf-8"))
    base = os.path.dirname(spec_path)
    layers = {}
    for ls in spec["layers"]:
        src = os.path.normpath(os.path.join(base, ls["source"]))
        feats = json.load(open(src, encoding="utf-8"))["features"]
        layers[ls["name"]] = check_layer(f"{gpkg}|layername={ls['name']}", ls["name"], feats, ls)
    return layers


def data_files(root):
    for d, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".geojson") and not f.startswith("."):
                yield os.path.join(d, f), f"{os.path.basename(d)}_{f[:-8]}"


def check_dir(root, gpkg):
    layers = {}
    names = []
    for path, name in data_files(root):
        names.append(name)
        feats = json.load(open(path, encoding="utf-8"))["features"]
        layers[name] = check_layer(f"{gpkg}|layername={name}", name, feats, None)
    whole = QgsVectorLayer(gpkg, "all", "ogr")
    in_gpkg = sorted(s.split("!!::!!")[1] for s in whole.dataProvider().subLayers()
                     if "layer_styles" not in s)
    if in_gpkg != sorted(names):
        fail(f"GeoPackage layers {in_gpkg} != source files {sorted(names)}")
    return layers


def main():
    qgs = QgsApplication([], False)
    qgs.initQgis()
    mode, arg = sys.argv[1], sys.argv[2]
    if mode == "spec":
        layers = check_spec(arg, sys.argv[3])
        z = layers.get("zones")
        if z is not None and z.renderer().type() == "RuleRenderer":
            check_color(z, "北部研发策源地（研发）", (0x9e, 0xca, 0xe1), 0.6)
            check_color(z, "南部制造示范带（制造）", (0xbc, 0xa0, 0xdc), 0.6)
            lab = z.labeling()
            if not z.labelsEnabled() or lab is None or lab.type() != "rule-based":
                fail("zones: labels not enabled as rule-based labelling")
            else:
                st = lab.rootRule().children()[0].settings()
                if st.fieldName != "short_name":
                    fail(f"zones: label field {st.fieldName}, expected short_name")
                fmt = st.format()
                if fmt.font().family() != "Noto Sans CJK SC" or not fmt.font().bold():
                    fail(f"zones: label font {fmt.font().family()} bold={fmt.font().bold()}")
                if abs(fmt.size() - 11.5) > 1e-6 or fmt.sizeUnit() != QgsUnitTypes.RenderPoints:
                    fail(f"zones: label size {fmt.size()} unit {fmt.sizeUnit()}, expected 11.5 pt")
                if not fmt.buffer().enabled() or abs(fmt.buffer().size() - 2) > 1e-6:
                    fail("zones: label halo missing or not 2 pt")
        sc = layers.get("science-centre")
        if sc is not None:
            line = sc.renderer().symbol().symbolLayer(1)
            if line.layerType() != "SimpleLine" or not line.useCustomDashPattern() or \
                    [round(x, 3) for x in line.customDashVector()] != [7, 3, 1.5, 3] or \
                    line.widthUnit() != QgsUnitTypes.RenderPoints:
                fail("science-centre: outline is not a 1.6 pt line dashed 7,3,1.5,3 pt")
    elif mode == "dir":
        layers = check_dir(arg, sys.argv[3])
        a = layers.get("004-chongqing-htz_areas")
        if a is not None:
            check_color(a, "zone · 研发", (158, 202, 225), 1.0)
        pts = layers.get("000-chengdu-htz_points")
        if pts is not None and pts.renderer().type() == "RuleRenderer":
            s = symbol_of(pts, "core")
            if s is not None and (s.symbolLayer(0).layerType() != "SimpleMarker" or
                                  abs(s.size() - 18) > 1e-6):
                fail("000 points: core is not an 18 pt marker")
    elif mode == "sidecar":
        feats = json.load(open(arg, encoding="utf-8"))["features"]
        check_layer(arg, os.path.basename(arg), feats, None)
    if not failures:
        print("qgis: all checks passed")
    sys.stdout.flush()
    # QGIS 3.22 may crash while tearing down its Qt objects at exit: leave
    # without the teardown so the verdict is the exit code.
    os._exit(1 if failures else 0)


main()
