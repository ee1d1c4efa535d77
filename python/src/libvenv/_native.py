"""Loading libvenv.so and declaring its functions (one table, at load time)."""
from __future__ import annotations

import ctypes
import os
import threading
from typing import List, Optional

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None


class ErrorStruct(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p),
                ("sys_errno", ctypes.c_int), ("path", ctypes.c_char_p)]


class CreateOptions(ctypes.Structure):
    """struct venv_create_options, version 2 (fields only ever appended)."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("python", ctypes.c_char_p),
        ("system_site_packages", ctypes.c_int),
        ("link", ctypes.c_int),
        ("clear", ctypes.c_int),
        ("upgrade", ctypes.c_int),
        ("with_pip", ctypes.c_int),
        ("prompt", ctypes.c_char_p),
        ("upgrade_deps", ctypes.c_int),
        ("scm_ignore_files", ctypes.c_int),
        ("allow_existing", ctypes.c_int),
        ("force", ctypes.c_int),
        ("command_name", ctypes.c_char_p),
    ]


CREATE_OPTIONS_VERSION = 2
LINK_DEFAULT, LINK_SYMLINKS, LINK_COPIES = 0, 1, 2

_c = ctypes
_info_p = _c.c_void_p  # owned pointers stay c_void_p so they can be freed
# name: (restype, argtypes)
_FUNCTIONS = {
    "venv_version": (None, [_c.POINTER(_c.c_int)] * 3),
    "venv_error_last": (_c.POINTER(ErrorStruct), []),
    "venv_create_options_init": (_c.c_int, [_c.POINTER(CreateOptions), _c.c_uint]),
    "venv_create": (_c.c_int, [_c.c_char_p, _c.POINTER(CreateOptions)]),
    "venv_resolve": (_c.c_int, [_c.POINTER(_info_p), _c.c_char_p]),
    "venv_info_free": (None, [_info_p]),
    "venv_info_to_json": (_c.c_int, [_c.POINTER(_c.c_void_p), _info_p]),
    "venv_string_free": (None, [_c.c_void_p]),
    "venv_info_site_packages_count": (_c.c_size_t, [_info_p]),
    "venv_info_site_packages_at": (_c.c_char_p, [_info_p, _c.c_size_t]),
    "venv_info_is_venv": (_c.c_int, [_info_p]),
    "venv_info_include_system_site_packages": (_c.c_int, [_info_p]),
    "venv_activation_env": (_c.c_int, [_c.POINTER(_c.c_void_p), _c.c_char_p, _c.POINTER(_c.c_char_p)]),
    "venv_activation_set_count": (_c.c_size_t, [_c.c_void_p]),
    "venv_activation_set_name": (_c.c_char_p, [_c.c_void_p, _c.c_size_t]),
    "venv_activation_set_value": (_c.c_char_p, [_c.c_void_p, _c.c_size_t]),
    "venv_activation_unset_count": (_c.c_size_t, [_c.c_void_p]),
    "venv_activation_unset_name": (_c.c_char_p, [_c.c_void_p, _c.c_size_t]),
    "venv_activation_free": (None, [_c.c_void_p]),
}
STRING_ACCESSORS = [
    "prefix", "exec_prefix", "base_prefix", "base_exec_prefix", "version", "home",
    "executable", "base_executable", "prompt", "purelib", "platlib", "scripts", "include",
]
for _name in STRING_ACCESSORS:
    _FUNCTIONS["venv_info_" + _name] = (_c.c_char_p, [_info_p])


def _candidates() -> List[str]:
    places = []
    env = os.environ.get("LIBVENV_PATH")
    if env:
        places.append(env)
    places.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "libvenv.so"))
    places.append("libvenv.so.0")  # the system's search path (ld.so.cache, LD_LIBRARY_PATH)
    return places


def library() -> ctypes.CDLL:
    """The loaded libvenv.so, loaded and declared on first use."""
    global _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for place in _candidates():
            if os.sep in place and not os.path.exists(place):
                tried.append("%s (no such file)" % place)
                continue
            try:
                lib = ctypes.CDLL(place)
            except OSError as error:
                tried.append("%s (%s)" % (place, error))
                continue
            for name, (restype, argtypes) in _FUNCTIONS.items():
                function = getattr(lib, name)
                function.restype = restype
                function.argtypes = argtypes
            _lib = lib
            return lib
        raise ImportError(
            "libvenv: cannot load libvenv.so; looked in: " + "; ".join(tried)
            + ". Set LIBVENV_PATH to the library's path, or install it (scripts/install)."
        )


# -- find (venv_find, venv_find_python) --------------------------------------

class FindOptions(ctypes.Structure):
    """struct venv_find_options, version 1 (fields only ever appended)."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("workspaces", ctypes.POINTER(ctypes.c_char_p)),
        ("workspaces_count", ctypes.c_size_t),
        ("search_paths", ctypes.POINTER(ctypes.c_char_p)),
        ("search_paths_count", ctypes.c_size_t),
    ]


FIND_OPTIONS_VERSION = 1
FIND_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_FUNCTIONS.update({
    "venv_find_options_init": (_c.c_int, [_c.POINTER(FindOptions), _c.c_uint]),
    "venv_find": (_c.c_int, [FIND_CALLBACK, _c.c_void_p, _c.POINTER(FindOptions)]),
    "venv_find_python": (_c.c_int, [_c.POINTER(_c.c_void_p), _c.c_char_p, _c.POINTER(FindOptions)]),
    "venv_python_free": (None, [_c.c_void_p]),
    "venv_python_to_json": (_c.c_int, [_c.POINTER(_c.c_void_p), _c.c_void_p]),
})
for _name in ("kind", "executable", "prefix", "base_prefix", "version", "implementation", "manager",
              "creator", "name", "project", "error"):
    _FUNCTIONS["venv_python_" + _name] = (_c.c_char_p, [_c.c_void_p])
for _name in ("site_packages", "sources", "symlinks"):
    _FUNCTIONS["venv_python_%s_count" % _name] = (_c.c_size_t, [_c.c_void_p])
    _FUNCTIONS["venv_python_%s_at" % _name] = (_c.c_char_p, [_c.c_void_p, _c.c_size_t])
