"""Finding libplanmap and declaring the C functions the package calls.

The library is looked up, in this order:
1. the file the environment variable PLANMAP_LIBRARY names;
2. libplanmap.so on the dynamic loader's path (LD_LIBRARY_PATH, ld.so.conf:
   /usr/local/lib after `cmake --install build` and ldconfig);
3. the libdir pkg-config gives for planmap (PKG_CONFIG_PATH set to an
   installed prefix's lib/pkgconfig).
"""
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import threading

_C_TYPES = {"int": ctypes.c_int, "double": ctypes.c_double, "long": ctypes.c_long,
            "long long": ctypes.c_longlong,
            "char": ctypes.c_char, "char *": ctypes.c_char_p}


def _fields(declaration, types=None):
    """ctypes fields from C member declarations as the header writes them,
    "int width; double map_frame[4]; ...": a type, a name, an optional [N]
    (a number or a constant of this module). `types` adds C types beyond
    the plain ones, such as a pointer to a structure of this module."""
    known = dict(_C_TYPES, **(types or {}))
    fields = []
    for member in filter(None, (m.strip() for m in declaration.split(";"))):
        ctype, _, name = member.rpartition(" ")
        count = 0
        if name.endswith("]"):
            name, _, n = name[:-1].partition("[")
            count = int(n) if n.isdigit() else globals()[n]
        t = known[ctype.strip()]
        fields.append((name, t * count if count else t))
    return fields


PM_ERROR_MAX = 1024


class PmError(ctypes.Structure):
    _fields_ = _fields("int status; char msg[PM_ERROR_MAX]")


# The option and result structures of include/planmap/pm_render.h. A field
# a later library adds at the end reads as zero (its default) from the spare
# bytes, and one it writes lands there.
_SPARE = 256


class RenderOptions(ctypes.Structure):
    _fields_ = _fields("int format; double dpi; int width_px; int height_px; int verbose; "
                       "int lang; int lean_result; long long max_pixels; "
                       "int from_batch_file; char _spare[_SPARE]")


class RenderBox(ctypes.Structure):
    _fields_ = _fields("char kind[16]; char * text; double x; double y; double w; double h")


class RenderResult(ctypes.Structure):
    _fields_ = _fields("int width; int height; double map_frame[4]; double map_to_page[4]; "
                       "double scale; pm_render_box * boxes; int n_boxes; long n_shown; "
                       "char _spare[_SPARE]",
                       {"pm_render_box *": ctypes.POINTER(RenderBox)})


class RenderOutput(ctypes.Structure):
    """pm_render_output: one output of pm_render_outputs."""
    _fields_ = _fields("char * path; int format; int geotiff; int world_file")


LOG_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p)

_P = ctypes.c_void_p
_S = ctypes.c_char_p
_ERR = ctypes.POINTER(PmError)

# name: (result type, argument types)
_FUNCTIONS = {
    "pm_version": (_S, []),
    "pm_status_name": (_S, [ctypes.c_int]),
    "pm_status_exit_code": (ctypes.c_int, [ctypes.c_int]),
    "pm_lang_from_name": (ctypes.c_int, [_S]),
    "pm_format_from_name": (ctypes.c_int, [_S]),
    "pm_format_from_path": (ctypes.c_int, [_S]),
    "pm_context_create": (_P, []),
    "pm_context_destroy": (None, [_P]),
    "pm_context_set_threads": (ctypes.c_int, [_P, ctypes.c_int]),
    "pm_context_set_log": (None, [_P, LOG_FN, _P]),
    "pm_geo_init_lean": (None, []),
    "pm_geo_init": (None, []),
    "pm_source_info": (ctypes.c_int, [_S, ctypes.POINTER(ctypes.c_void_p), _ERR]),
    "pm_source_info_as": (ctypes.c_int, [_S, _S, ctypes.POINTER(ctypes.c_void_p), _ERR]),
    "pm_geo_apply_context": (ctypes.c_int, [_P]),
    "pm_spec_load": (_P, [_S, _ERR]),
    "pm_spec_parse_in": (_P, [_S, ctypes.c_size_t, _S, _S, _ERR]),
    "pm_spec_destroy": (None, [_P]),
    "pm_map_create_lean": (_P, [_P, _P, _ERR]),
    "pm_map_destroy": (None, [_P]),
    "pm_render_file": (ctypes.c_int, [_P, _S, ctypes.POINTER(RenderOptions),
                                      ctypes.POINTER(RenderResult), _ERR]),
    "pm_render_result_free": (None, [ctypes.POINTER(RenderResult)]),
    "pm_render_outputs": (ctypes.c_int, [_P, ctypes.POINTER(RenderOutput), ctypes.c_int, _S,
                                         ctypes.POINTER(RenderOptions),
                                         ctypes.POINTER(RenderResult), _ERR]),
}


def _pkg_config_libdir():
    if not shutil.which("pkg-config"):
        return None
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "planmap"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def _candidates():
    named = os.environ.get("PLANMAP_LIBRARY")
    if named:
        return [named]   # asked for: that file and no other
    names = ["libplanmap.so"]
    found = ctypes.util.find_library("planmap")
    if found:
        names.append(found)
    libdir = _pkg_config_libdir()
    if libdir:
        names.append(os.path.join(libdir, "libplanmap.so"))
    return names


def _open():
    tried = []
    for name in _candidates():
        try:
            return ctypes.CDLL(name)
        except OSError as e:
            tried.append("%s (%s)" % (name, e))
    raise OSError("libplanmap not found: tried " + "; ".join(tried) +
                  "; install planmap (cmake --install build) or set PLANMAP_LIBRARY")


# The C library's free(), for text libplanmap hands over (pm_source_info).
libc_free = ctypes.CDLL(None).free
libc_free.restype = None
libc_free.argtypes = [ctypes.c_void_p]

_lib = None
_lock = threading.Lock()


def lib():
    """The loaded library with its functions declared, and GDAL set up once
    (lean registration; GDAL's error printer quiet; no network)."""
    global _lib
    with _lock:
        if _lib is None:
            handle = _open()
            for name, (restype, argtypes) in _FUNCTIONS.items():
                fn = getattr(handle, name)
                fn.restype = restype
                fn.argtypes = argtypes
            handle.pm_geo_init_lean()
            handle.pm_geo_apply_context(None)
            _lib = handle
        return _lib
