"""The Python package against the installed library and program
(tests/python/run.sh sets PLANMAP, PM_IMGCHECK, PM_SOURCE_DIR, PM_WORK):
maps from a spec file and from a dict come out as `planmap render` draws
them, and failures carry the program's line and exit code."""
import json
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
    for kw in ({"lang": "fr"}, {"dpi": 5}, {"width": 100}, {"format": "gif"}):
        with pytest.raises(planmap.UsageError) as e:
            planmap.render(PARK, str(tmp_path / "x.png"), **kw)
        assert e.value.exit_code == 2
    with pytest.raises(planmap.UsageError):
        planmap.render(PARK, str(tmp_path / "x.gif"))
    assert os.listdir(tmp_path) == []
