"""Exceptions carrying libplanmap's one-line messages and the exit codes
`planmap` gives them (docs/errors.md)."""


class Error(Exception):
    """A planmap failure. `message` is the line `planmap render` prints after
    "planmap: "; `status` its short name ("io", "spec", ...); `exit_code`
    the code the program exits with."""

    exit_code = 1
    status = "error"

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status:
            self.status = status


def _kind(name, builtin, exit_code, status, doc):
    """A subclass of Error and of the built-in exception a Python caller
    would catch for it."""
    return type(name, (Error, builtin), {"__doc__": doc, "exit_code": exit_code,
                                         "status": status, "__module__": "planmap"})


UsageError = _kind("UsageError", ValueError, 2, "usage", "A wrong argument (exit code 2).")
FileError = _kind("FileError", OSError, 3, "io",
                  "A missing, unreadable or unwritable file (exit code 3).")
SpecError = _kind("SpecError", ValueError, 4, "spec",
                  "Malformed JSON or a wrong value in a spec (exit code 4).")
DataError = _kind("DataError", ValueError, 5, "data",
                  "Bad layer data, an unknown CRS or a failed transformation (exit code 5).")
RenderError = _kind("RenderError", RuntimeError, 6, "render",
                    "Drawing or writing the map failed, or memory ran out (exit code 6).")

_BY_EXIT_CODE = {c.exit_code: c for c in (UsageError, FileError, SpecError, DataError,
                                          RenderError)}


def from_status(lib, status, message):
    """The exception for a pm_status and its message."""
    code = lib.pm_status_exit_code(status)
    name = lib.pm_status_name(status).decode()
    cls = _BY_EXIT_CODE.get(code, Error)
    return cls(message, name)
