"""planmap: render regional development plan maps from Python.

    import planmap
    planmap.render("data/maps/001-park-city-structure.json", "park.png", lang="en")
    planmap.render({"title": "Parks", "layers": [
                       {"name": "parks", "data": gdf}]},   # a GeoDataFrame, or a
                   "parks.png")                         # GeoJSON dict

    planmap.render(spec, ["plan.png", "plan.tif", "plan.pdf"], world_file=True,
                   labels_json="plan-labels.json")     # drawn once per format family

A ctypes binding over the installed libplanmap (docs/python.md). Failures
raise planmap.Error subclasses with the line and exit code `planmap render`
gives.
"""
import ctypes
import json
import logging
import os

from . import _lib
from ._errors import (DataError, Error, FileError, RenderError, SpecError, UsageError,
                      from_status)

__all__ = ["render", "info", "version", "Rendered", "Error", "UsageError", "FileError",
           "SpecError", "DataError", "RenderError"]

log = logging.getLogger("planmap")

_LEVELS = {0: logging.ERROR, 1: logging.WARNING, 2: logging.INFO, 3: logging.INFO}


@_lib.LOG_FN
def _on_log(user, level, line):
    log.log(_LEVELS.get(level, logging.INFO), "%s", line.decode("utf-8", "replace"))


class Rendered:
    """What render() drew: the page size (pixels for PNG, points for SVG and
    PDF), the map frame on it (x, y, w, h), the map→page transform
    (sx, tx, sy, ty: page x = sx * x + tx, page y = sy * y + ty for x, y in
    the map's CRS), the scale 1:N at its centre (0 when the CRS gives
    none) and `shown`, the features drawn in the frame (symbols, labels and
    project badges; 0 when the map shows none of its data)."""

    def __init__(self, result, path):
        self.path = path
        self.width = result.width
        self.height = result.height
        self.map_frame = tuple(result.map_frame)
        self.map_to_page = tuple(result.map_to_page)
        self.scale = result.scale
        self.shown = result.n_shown

    def __repr__(self):
        return "Rendered(%r, %dx%d, scale 1:%.0f)" % (self.path, self.width, self.height,
                                                     self.scale)


def version():
    """The version of the libplanmap in use, e.g. "0.1.0"."""
    return _lib.lib().pm_version().decode()


PM_ERR_RENDER = 7


def info(source, encoding=None):
    """What `planmap info SOURCE` prints about a data source (any vector or
    raster format GDAL reads), as one string: per layer its name, feature
    count, geometry types, CRS, extent and fields. `encoding` ("GBK") reads
    the source's text in that character set, as `info --encoding`."""
    lib = _lib.lib()
    lib.pm_geo_init()   # every driver, as the program's info
    err = _lib.PmError()
    text = ctypes.c_void_p()
    enc = encoding.encode() if encoding is not None else None
    if lib.pm_source_info_as(os.fsencode(source), enc, ctypes.byref(text), ctypes.byref(err)) != 0:
        _raise(lib, err)
    try:
        return ctypes.string_at(text).decode("utf-8", "replace")
    finally:
        _lib.libc_free(text)


def _raise(lib, err):
    # A failure that set no status is a render error, as the program says.
    raise from_status(lib, err.status or PM_ERR_RENDER, err.msg.decode("utf-8", "replace"))


def _lonlat(frame):
    """A GeoDataFrame or GeoSeries in another CRS, moved to WGS84 lon/lat:
    GeoJSON, and so a spec's "data", is lon/lat."""
    crs = getattr(frame, "crs", None)
    if crs is None or not hasattr(frame, "to_crs"):
        return frame
    epsg = crs.to_epsg() if hasattr(crs, "to_epsg") else None
    return frame if epsg == 4326 else frame.to_crs(4326)


def _json_default(obj):
    """GeoPandas and shapely objects give GeoJSON by __geo_interface__;
    numpy numbers become Python ones."""
    if hasattr(obj, "__geo_interface__"):
        return _lonlat(obj).__geo_interface__
    if hasattr(obj, "item"):
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError("%s is not JSON: %r" % (type(obj).__name__, obj))


def _encode(value):
    return os.fsencode(value) if value is not None else None


def _load_spec(lib, spec, base, err):
    if isinstance(spec, (str, bytes, os.PathLike)):
        if base is not None:
            raise UsageError("base: only for a spec given as a dict (a file's sources "
                             "are resolved against its folder)")
        return lib.pm_spec_load(os.fsencode(spec), ctypes.byref(err))
    if not isinstance(spec, dict):
        raise UsageError("spec: expected a path or a dict, got %s" % type(spec).__name__)
    text = json.dumps(spec, ensure_ascii=False, default=_json_default).encode("utf-8")
    return lib.pm_spec_parse_in(text, len(text), b"<spec>", _encode(base), ctypes.byref(err))


_PNG = 1   # PM_FORMAT_PNG: also a GeoTIFF's pixels
_TIFF_NAMES = ("tif", "tiff", "geotiff")
_TIFF_EXTENSIONS = (".tif", ".tiff")


def _format_name(fmt, tiff):
    return "GeoTIFF" if tiff else {1: "PNG", 2: "SVG", 3: "PDF"}[fmt]


def _asked_format(lib, format):
    """format= as (pm_format, is GeoTIFF), or (0, False) when not given."""
    if format is None:
        return 0, False
    if format.lower() in _TIFF_NAMES:
        return _PNG, True
    fmt = lib.pm_format_from_name(format.encode())
    if not fmt:
        raise UsageError("format: expected png, svg or pdf (or tiff: GeoTIFF), got '%s'" % format)
    return fmt, False


def _outputs(lib, out, format, world_file):
    """The pm_render_output records of `out` (a path, or a list of up to 8):
    each one's format from its extension, or from `format` where the
    extension names none, as `planmap render -o` decides."""
    paths = [out] if isinstance(out, (str, bytes, os.PathLike)) else list(out)
    if not 1 <= len(paths) <= 8:
        raise UsageError("out: expected 1 to 8 outputs, got %d" % len(paths))
    want = _asked_format(lib, format)
    records = (_lib.RenderOutput * len(paths))()
    for rec, path in zip(records, paths):
        rec.path, name = os.fsencode(path), os.fsdecode(path)
        tiff = name.lower().endswith(_TIFF_EXTENSIONS)
        fmt = _PNG if tiff else lib.pm_format_from_path(rec.path)
        if fmt and format is not None and (fmt, tiff) != want:
            raise UsageError("%s: the extension says %s but format says %s; rename the file or "
                             "drop format" % (name, _format_name(fmt, tiff), _format_name(*want)))
        if not fmt:
            if format is None:
                raise UsageError("%s: cannot tell the format from the extension; use .png, "
                                 ".svg, .pdf, .tif or format=" % name)
            fmt, tiff = want
        rec.format, rec.geotiff = fmt, int(tiff)
        rec.world_file = int(bool(world_file) and fmt == _PNG and not tiff)
    if world_file and not any(rec.world_file for rec in records):
        first = records[0]
        raise UsageError("world_file: %s is not a PNG (%s): world files go beside a PNG" %
                         (os.fsdecode(first.path), _format_name(first.format, first.geotiff)))
    return records


def _options(lib, lang, dpi, width, height, verbose):
    opts = _lib.RenderOptions()
    opts.lean_result = 1
    opts.verbose = 1 if verbose else 0
    if lang is not None:
        opts.lang = lib.pm_lang_from_name(lang.encode())
        if not opts.lang:
            raise UsageError("lang: expected zh, en or zh+en, got '%s'" % lang)
    if dpi is not None:
        if not 36 <= dpi <= 1200:
            raise UsageError("dpi: expected a number from 36 to 1200, got %r" % (dpi,))
        opts.dpi = float(dpi)
    if (width is None) != (height is None):
        raise UsageError("width and height go together")
    if width is not None:
        for name, v in (("width", width), ("height", height)):
            if not 16 <= v <= 20000:
                raise UsageError("%s: expected a number from 16 to 20000, got %r" % (name, v))
        opts.width_px, opts.height_px = int(width), int(height)
    return opts


def render(spec, out, *, lang=None, dpi=None, format=None, width=None, height=None,
           base=None, threads=None, verbose=False, world_file=False, labels_json=None):
    """Draw a map to `out`, as `planmap render SPEC -o OUT` does, and return
    a Rendered.

    spec    a spec file's path, or the spec as a dict (docs/spec.md). A layer
            of a dict may give its features inline: "data" instead of
            "source", a GeoJSON FeatureCollection dict or anything with
            __geo_interface__ (a GeoDataFrame).
    out     the output: .png, .svg, .pdf or .tif/.tiff (GeoTIFF), or as
            `format` says; or a list of up to 8 outputs, drawn once per
            format family (PNG and GeoTIFF share one drawing) and written
            all or none.
    lang    "zh", "en" or "zh+en" (default: the spec's "lang").
    dpi     raster resolution, 36 to 1200 (default: the spec's page.dpi).
    format  "png", "svg", "pdf" or "tiff": the format of an output whose
            extension names none.
    width, height  the PNG's size in pixels, together.
    world_file  also OUT.pgw, OUT.prj and OUT.png.aux.xml beside each PNG.
    labels_json  a file to write every placed label, marker and furniture
            box of the first output to, as JSON (as --labels-json).
    base    the folder a dict's relative sources are read from (default:
            the working directory).
    threads threads to use (default: every core).
    verbose report each drawing and labels that found no room to the
            "planmap" logger.

    Raises a planmap.Error subclass with the message and exit code of
    `planmap render`; the outputs are then left as they were.
    """
    lib = _lib.lib()
    outputs = _outputs(lib, out, format, world_file)
    opts = _options(lib, lang, dpi, width, height, verbose)
    err = _lib.PmError()
    ctx = lib.pm_context_create()
    if not ctx:
        raise RenderError("out of memory", "nomem")
    spec_h = map_h = None
    result = _lib.RenderResult()
    try:
        if threads is not None and lib.pm_context_set_threads(ctx, int(threads)) != 0:
            raise UsageError("threads: expected 0 to 64, got %r" % (threads,))
        lib.pm_context_set_log(ctx, _on_log, None)
        spec_h = _load_spec(lib, spec, base, err)
        if not spec_h:
            _raise(lib, err)
        map_h = lib.pm_map_create_lean(spec_h, ctx, ctypes.byref(err))
        if not map_h:
            _raise(lib, err)
        if lib.pm_render_outputs(map_h, outputs, len(outputs), _encode(labels_json),
                                 ctypes.byref(opts), ctypes.byref(result),
                                 ctypes.byref(err)) != 0:
            _raise(lib, err)
        return Rendered(result, os.fsdecode(outputs[0].path))
    finally:
        lib.pm_render_result_free(ctypes.byref(result))
        lib.pm_map_destroy(map_h)
        lib.pm_spec_destroy(spec_h)
        lib.pm_context_destroy(ctx)
