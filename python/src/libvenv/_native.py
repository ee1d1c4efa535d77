"""Loading libvenv.so and declaring its functions (one table, at load time)."""
from __future__ import annotations

import ctypes
import os
import threading
from typing import List, Optional

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None


class ErrorStruct(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p)]


class CreateOptions(ctypes.Structure):
    """struct venv_create_options, version 1 (fields only ever appended)."""

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
    ]


CREATE_OPTIONS_VERSION = 1
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


# The store (issue 15): listing, removing, copying and moving environments.
class RelocateOptions(ctypes.Structure):
    """struct venv_relocate_options, version 1."""

    _fields_ = [("version", ctypes.c_uint), ("replace", ctypes.c_int)]


RELOCATE_OPTIONS_VERSION = 1
STORE_FIELDS = ["name", "path", "version", "project", "problem"]
_FUNCTIONS.update({
    "venv_store_list": (_c.c_int, [_c.POINTER(_c.c_void_p), _c.c_char_p]),
    "venv_store_entries_count": (_c.c_size_t, [_c.c_void_p]),
    "venv_store_entries_to_json": (_c.c_int, [_c.POINTER(_c.c_void_p), _c.c_void_p]),
    "venv_store_entries_free": (None, [_c.c_void_p]),
    "venv_remove": (_c.c_int, [_c.c_char_p]),
    "venv_copy": (_c.c_int, [_c.c_char_p, _c.c_char_p, _c.POINTER(RelocateOptions)]),
    "venv_move": (_c.c_int, [_c.c_char_p, _c.c_char_p, _c.POINTER(RelocateOptions)]),
})
for _name in STORE_FIELDS:
    _FUNCTIONS["venv_store_entries_" + _name] = (_c.c_char_p, [_c.c_void_p, _c.c_size_t])


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
