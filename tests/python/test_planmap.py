"""The Python package against the installed library and program
(tests/python/run.sh sets PLANMAP, PM_IMGCHECK, PM_SOURCE_DIR, PM_WORK):
maps from a spec file and from a dict come out as `planmap render` draws
them, and failures carry the program's line and exit code."""
import json
import logging
import os
import subprocess

import pytest

import planmap

SRC = os.environ["PM_SOURCE_DIR"]
PLANMAP = os.environ["PLANMAP"]
IMGCHECK = os.environ["PM_IMGCHECK"]
MAPS = os.path.join(SRC, "data", "maps")
PARK = os.path.join(MAPS, "001-park-city-structure.json")
PLANS = os.path.join(SRC, "data", "plans")


def cli(*args):
    """Run the installed program: (exit code, stderr)."""
    p = subprocess.run([PLANMAP, *args], capture_output=True, text=True)
    return p.returncode, p.stderr


def cli_render(spec, out, *args):
    rc, err = cli("render", spec, "-o", out, *args)
    assert rc == 0, err
    return read(out)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def imgcheck(*args):
    return subprocess.run([IMGCHECK, *map(str, args)], capture_output=True, text=True,
                          check=True).stdout.strip()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


def test_version_is_the_programs():
    out = subprocess.run([PLANMAP, "--version"], capture_output=True, text=True).stdout
    assert out.strip() == "planmap " + planmap.version()


def test_spec_file_as_the_program_draws_it(tmp_path):
    want = cli_render(PARK, str(tmp_path / "cli.png"), "--lang", "en")
    r = planmap.render(PARK, tmp_path / "py.png", lang="en")
    assert read(tmp_path / "py.png") == want
    assert (r.width, r.height) == tuple(map(int, imgcheck("size", tmp_path / "py.png").split()))
    assert r.scale > 0


def test_svg_and_dpi_as_the_program_draws_them(tmp_path):
    want = cli_render(PARK, str(tmp_path / "cli.svg"))
    planmap.render(PARK, str(tmp_path / "py.svg"))
    assert read(tmp_path / "py.svg") == want
    want = cli_render(PARK, str(tmp_path / "cli72.png"), "--dpi", "72", "--lang", "zh+en")
    planmap.render(PARK, str(tmp_path / "py72.png"), dpi=72, lang="zh+en")
    assert read(tmp_path / "py72.png") == want


def test_spec_dict_as_the_program_draws_its_file(tmp_path):
    with open(PARK, encoding="utf-8") as f:
        spec = json.load(f)
    want = cli_render(PARK, str(tmp_path / "cli.png"), "--lang", "en")
    planmap.render(spec, str(tmp_path / "py.png"), lang="en", base=MAPS)
    assert read(tmp_path / "py.png") == want
    # Without base, relative sources are read from the working directory.
    cwd = os.getcwd()
    os.chdir(MAPS)
    try:
        planmap.render(spec, str(tmp_path / "cwd.png"), lang="en")
    finally:
        os.chdir(cwd)
    assert read(tmp_path / "cwd.png") == want


def same_failure(spec, tmp_path, cls, code, **kw):
    """planmap.render fails with the line `planmap render` prints, and the
    output already there is left alone."""
    out = tmp_path / "out.png"
    out.write_bytes(b"earlier map")
    rc, err = cli("render", spec, "-o", str(out))
    assert rc == code
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(cls) as e:
        planmap.render(spec, str(out), **kw)
    assert isinstance(e.value, planmap.Error)
    assert "planmap: %s\n" % e.value == err
    assert e.value.exit_code == code
    assert out.read_bytes() == b"earlier map"
    assert sorted(os.listdir(tmp_path)) == before   # no temporary left
    return e.value


def test_missing_spec_file(tmp_path):
    e = same_failure(str(tmp_path / "no-such-map.json"), tmp_path, planmap.FileError, 3)
    assert e.status == "io" and "no-such-map.json" in e.message


def test_malformed_spec(tmp_path):
    spec = write(tmp_path / "broken.json", '{"title": "x",\n "layers": [}\n')
    e = same_failure(spec, tmp_path, planmap.SpecError, 4)
    assert e.status == "parse" and "broken.json:2:" in e.message


def test_wrong_value_in_spec(tmp_path):
    spec = write(tmp_path / "wrong.json", json.dumps({
        "title": "x", "layers": [{"name": "a", "source": "a.geojson",
                                  "style": {"stroke": 12}}]}))
    e = same_failure(spec, tmp_path, planmap.SpecError, 4)
    assert "layers[0].style.stroke" in e.message


def test_mistyped_field(tmp_path):
    source = os.path.join(PLANS, "001-chengdu-park-city", "areas.geojson")
    spec = write(tmp_path / "typo.json", json.dumps({
        "title": "x", "layers": [{"name": "areas", "source": source,
                                  "style": {"label": "nmae"}}]}))
    e = same_failure(spec, tmp_path, planmap.Error, 4)
    assert "nmae" in e.message and "name" in e.message


def test_dict_spec_errors_name_the_spec(tmp_path):
    with pytest.raises(planmap.SpecError) as e:
        planmap.render({"title": "x", "layers": [{"name": "a", "source": "a.geojson",
                                                  "style": {"fill": "blau"}}]},
                       str(tmp_path / "x.png"))
    assert str(e.value).startswith("<spec>: layers[0].style.fill: ")
    with pytest.raises(planmap.FileError) as e:
        planmap.render({"title": "x", "layers": [{"name": "a", "source": "nowhere.geojson"}]},
                       str(tmp_path / "x.png"), base=str(tmp_path))
    assert str(tmp_path / "nowhere.geojson") in str(e.value)
    assert not os.path.exists(tmp_path / "x.png")


def test_arguments_are_checked(tmp_path):
    for kw in ({"lang": "fr"}, {"dpi": 5}, {"width": 100}, {"format": "gif"},
               {"format": "svg"}):
        with pytest.raises(planmap.UsageError) as e:
            planmap.render(PARK, str(tmp_path / "x.png"), **kw)
        assert e.value.exit_code == 2
    with pytest.raises(planmap.UsageError):
        planmap.render(PARK, str(tmp_path / "x.gif"))
    with pytest.raises(planmap.UsageError) as e:
        planmap.render(PARK, tmp_path / "x.svg", world_file=True)
    assert "world files go beside a PNG" in str(e.value)
    assert os.listdir(tmp_path) == []


# ---- GeoTIFF, world files, labels JSON, several outputs -----------------------

def test_georeferenced_outputs_as_the_program_writes_them(tmp_path):
    cli_dir, py_dir = tmp_path / "cli", tmp_path / "py"
    cli_dir.mkdir()
    py_dir.mkdir()
    rc, err = cli("render", PARK, "-o", str(cli_dir / "m.png"), "-o", str(cli_dir / "m.tif"),
                  "--world-file", "--labels-json", str(cli_dir / "m.json"), "--lang", "en")
    assert rc == 0, err
    r = planmap.render(PARK, [py_dir / "m.png", py_dir / "m.tif"], world_file=True,
                       labels_json=py_dir / "m.json", lang="en")
    assert r.path == str(py_dir / "m.png")
    names = sorted(os.listdir(cli_dir))
    assert names == ["m.json", "m.pgw", "m.png", "m.png.aux.xml", "m.prj", "m.tif"]
    assert sorted(os.listdir(py_dir)) == names
    for name in names:
        assert read(py_dir / name) == read(cli_dir / name), name
    # GDAL places the GeoTIFF and the PNG (by its world file) on the same ground
    for f in ("m.tif", "m.png"):
        info = json.loads(subprocess.run(["gdalinfo", "-json", str(py_dir / f)],
                                         capture_output=True, text=True, check=True).stdout)
        assert info["geoTransform"][1] == pytest.approx(1 / r.map_to_page[0])
        assert "coordinateSystem" in info
    labels = json.loads(read(py_dir / "m.json"))
    assert labels["map_to_page"] == pytest.approx(list(r.map_to_page))
    assert any(b["kind"] == "label" for b in labels["boxes"])


def test_several_outputs_are_drawn_once_per_family(tmp_path, caplog):
    outs = [tmp_path / n for n in ("a.png", "a.svg", "a.tif", "b.png")]
    with caplog.at_level("INFO", logger="planmap"):
        planmap.render(PARK, outs, verbose=True)
    drawn = [m for m in caplog.messages if "drawn once" in m]
    assert len(drawn) == 2, drawn
    assert drawn[0].endswith("for %s, %s, %s" % (outs[0], outs[2], outs[3]))
    assert read(outs[0]) == read(outs[3]) == cli_render(PARK, str(tmp_path / "c.png"))
    assert read(outs[1]) == cli_render(PARK, str(tmp_path / "c.svg"))
    # format= names the format where the extension names none
    planmap.render(PARK, tmp_path / "plain", format="tiff")
    assert read(tmp_path / "plain") == read(outs[2])


def test_several_outputs_are_all_or_none(tmp_path):
    keep = tmp_path / "a.png"
    keep.write_bytes(b"earlier map")
    with pytest.raises(planmap.FileError) as e:
        planmap.render(PARK, [keep, tmp_path / "a.svg", tmp_path / "no" / "a.pdf"])
    assert str(e.value) == "%s: cannot write: No such file or directory" % (tmp_path / "no" / "a.pdf")
    assert keep.read_bytes() == b"earlier map"
    assert sorted(os.listdir(tmp_path)) == ["a.png"]


# ---- layers given inline: GeoJSON dicts, GeoPandas-like frames ----------------

R = 6378137.0


def mercator(lon, lat):
    import math
    return R * math.radians(lon), R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def square(lon0, lon1, lat0=30.0, lat1=31.0):
    return {"type": "Polygon",
            "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]}


def zones(project=lambda lon, lat: (lon, lat)):
    """Two zones side by side and a hub, as GeoPandas' __geo_interface__ gives
    them (ids, a bbox, numpy numbers where numpy is there)."""
    try:
        import numpy
        area = numpy.float64(1234.5)
    except ImportError:
        area = 1234.5
    def geom(g):
        if g["type"] == "Point":
            return {"type": "Point", "coordinates": project(*g["coordinates"])}
        return {"type": g["type"], "coordinates": [[project(*p) for p in ring]
                                                   for ring in g["coordinates"]]}
    features = [
        ("0", {"name": "West", "use": "green", "area": area}, square(104.0, 104.5)),
        ("1", {"name": "East", "use": "work", "area": 2.0}, square(104.5, 105.0)),
    ]
    return {"type": "FeatureCollection", "bbox": (104.0, 30.0, 105.0, 31.0),
            "features": [{"id": i, "type": "Feature", "properties": p, "geometry": geom(g)}
                         for i, p, g in features]}


def inline_spec(data):
    return {"title": "Inline", "crs": "EPSG:3857", "page": {"size": "A5", "dpi": 100},
            "extent": {"bbox": [104.0, 30.0, 105.0, 31.0]},
            "layers": [{"name": "zones", "data": data, "style": {"label": "name"},
                        "rules": [{"where": {"use": "green"}, "fill": "#00ff00"},
                                  {"where": {"use": "work"}, "fill": "#0000ff"}]}]}


def colour_at(png, r, lon, lat):
    x, y = mercator(lon, lat)
    sx, tx, sy, ty = r.map_to_page
    return imgcheck("median", png, round(sx * x + tx), round(sy * y + ty), 3)


def test_inline_geojson_is_drawn_where_its_features_are(tmp_path):
    png = tmp_path / "inline.png"
    r = planmap.render(inline_spec(zones()), png)
    assert colour_at(png, r, 104.25, 30.25) == "#00ff00"   # West, below its label
    assert colour_at(png, r, 104.75, 30.75) == "#0000ff"   # East
    assert colour_at(png, r, 103.85, 30.5) == "#ffffff"    # beside both
    # The program draws the same spec from a file, "data" and all.
    spec = write(tmp_path / "inline.json", json.dumps(inline_spec(zones()), default=float))
    assert cli_render(spec, str(tmp_path / "cli.png")) == read(png)


def test_a_map_away_from_its_data_says_so(tmp_path, caplog):
    r = planmap.render(inline_spec(zones()), tmp_path / "here.png")
    assert r.shown >= 3   # two zones and the hub, with their labels
    away = inline_spec(zones())
    away["extent"]["bbox"] = [110.0, 20.0, 110.5, 20.5]
    with caplog.at_level(logging.WARNING, logger="planmap"):
        r = planmap.render(away, tmp_path / "away.png")
    assert r.shown == 0
    assert "no feature of its layers lies inside the map's extent" in caplog.text
    assert colour_at(tmp_path / "away.png", r, 110.25, 20.25) == "#ffffff"


class Frame:
    """What planmap reads of a GeoDataFrame: __geo_interface__, crs, to_crs."""

    class CRS:
        def __init__(self, epsg):
            self.epsg = epsg

        def to_epsg(self):
            return self.epsg

    def __init__(self, epsg):
        self.crs = Frame.CRS(epsg)

    @property
    def __geo_interface__(self):
        return zones(mercator if self.crs.epsg == 3857 else (lambda lon, lat: (lon, lat)))

    def to_crs(self, epsg):
        return Frame(epsg)


def test_geodataframe_in_another_crs(tmp_path):
    want = planmap.render(inline_spec(zones()), tmp_path / "dict.png")
    r = planmap.render(inline_spec(Frame(3857)), tmp_path / "frame.png")
    assert read(tmp_path / "frame.png") == read(tmp_path / "dict.png")
    assert r.map_to_page == want.map_to_page


def test_inline_data_errors_are_the_programs(tmp_path):
    bad = zones()
    bad["features"][1]["geometry"] = {"type": "Point", "coordinates": [1004.0, 30.0]}
    spec = write(tmp_path / "bad.json", json.dumps(inline_spec(bad), default=float))
    rc, err = cli("render", spec, "-o", str(tmp_path / "bad.png"))
    with pytest.raises(planmap.DataError) as e:
        planmap.render(inline_spec(bad), tmp_path / "bad.png")
    assert rc == e.value.exit_code == 5
    assert "planmap: %s\n" % e.value == err.replace(spec, "<spec>")
    # named by the spec's key, not the in-memory file that holds the data
    assert str(e.value).startswith("<spec>: layers[0].data: feature 1 (id=1): coordinate 0")
    assert "/vsimem" not in err
    spec = inline_spec(zones())
    spec["layers"][0]["source"] = "zones.geojson"
    with pytest.raises(planmap.SpecError) as e:
        planmap.render(spec, tmp_path / "bad.png")
    assert str(e.value) == '<spec>: layers[0].data: a layer has a "source" or "data", not both'
    assert not os.path.exists(tmp_path / "bad.png")


def test_info_is_the_programs(tmp_path):
    source = os.path.join(PLANS, "001-chengdu-park-city", "areas.geojson")
    want = subprocess.run([PLANMAP, "info", source], capture_output=True, text=True,
                          check=True).stdout
    assert planmap.info(source) == want
    assert "name" in want
    missing = str(tmp_path / "none.geojson")
    rc, err = cli("info", missing)
    with pytest.raises(planmap.FileError) as e:
        planmap.info(missing)
    assert (rc, err) == (e.value.exit_code, "planmap: %s\n" % e.value)


def test_info_reads_an_encoding(tmp_path):
    source = tmp_path / "gbk.csv"
    source.write_bytes('WKT,名称\n"POINT (104 30)",成都\n'.encode("gbk"))
    want = subprocess.run([PLANMAP, "info", "--encoding", "GBK", str(source)], capture_output=True,
                          text=True, check=True).stdout
    assert planmap.info(str(source), encoding="GBK") == want
    assert "    名称: String" in want
    assert "名称" not in planmap.info(str(source))
