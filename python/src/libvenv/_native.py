"""Loading libvenv.so and declaring its functions (one table, at load time).

Handles are typed: each opaque pointer the library hands out has its own
ctypes class, and a function declared to take one accepts nothing else (not
another kind of handle, not an integer), so a mix-up raises ctypes'
ArgumentError instead of crashing. At load the library's version and every
symbol of the table are checked; when no copy loads, the error names every
place looked in and why each failed.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
from typing import List, Optional

#: The library's major version this package speaks, and the least minor.
ABI_MAJOR, ABI_MINOR = 0, 5

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None


class ErrorStruct(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p),
                ("sys_errno", ctypes.c_int), ("path", ctypes.c_char_p)]


class CreateOptions(ctypes.Structure):
    """struct venv_create_options, version 4 (fields only ever appended)."""

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
        ("command", ctypes.c_char_p),
        ("prompt_literal", ctypes.c_char_p),
        ("relocatable", ctypes.c_int),
        ("scripts", ctypes.c_int),
    ]


CREATE_OPTIONS_VERSION = 4
LINK_DEFAULT, LINK_SYMLINKS, LINK_COPIES = 0, 1, 2


class _Handle(ctypes.c_void_p):
    """An owned opaque pointer of one kind. As an argument it accepts only
    its own class (ctypes' c_void_p would take any integer)."""

    @classmethod
    def from_param(cls, value):
        if isinstance(value, cls):
            return value
        raise TypeError("expected a %s, got %s" % (cls.__name__, type(value).__name__))


class InfoHandle(_Handle):
    """venv_info *"""


class ActivationHandle(_Handle):
    """venv_activation *"""


class BuilderHandle(_Handle):
    """venv_builder *"""


class StringHandle(_Handle):
    """char * owned by the library (venv_string_free)."""


_c = ctypes
_P = _c.POINTER
_str = _c.c_char_p
# name: (restype, argtypes)
_FUNCTIONS = {
    "venv_version": (None, [_P(_c.c_int)] * 3),
    "venv_error_last": (_P(ErrorStruct), []),
    "venv_create_options_init": (_c.c_int, [_P(CreateOptions), _c.c_uint]),
    "venv_create": (_c.c_int, [_str, _P(CreateOptions)]),
    "venv_resolve": (_c.c_int, [_P(InfoHandle), _str]),
    "venv_info_free": (None, [InfoHandle]),
    "venv_info_to_json": (_c.c_int, [_P(StringHandle), InfoHandle]),
    "venv_string_free": (None, [StringHandle]),
    "venv_info_site_packages_count": (_c.c_size_t, [InfoHandle]),
    "venv_info_site_packages_at": (_str, [InfoHandle, _c.c_size_t]),
    "venv_info_is_venv": (_c.c_int, [InfoHandle]),
    "venv_info_include_system_site_packages": (_c.c_int, [InfoHandle]),
    "venv_activation_env": (_c.c_int, [_P(ActivationHandle), _str, _P(_str)]),
    "venv_activation_set_count": (_c.c_size_t, [ActivationHandle]),
    "venv_activation_set_name": (_str, [ActivationHandle, _c.c_size_t]),
    "venv_activation_set_value": (_str, [ActivationHandle, _c.c_size_t]),
    "venv_activation_unset_count": (_c.c_size_t, [ActivationHandle]),
    "venv_activation_unset_name": (_str, [ActivationHandle, _c.c_size_t]),
    "venv_activation_free": (None, [ActivationHandle]),
    # EnvBuilder's steps
    "venv_builder_ensure_directories": (_c.c_int, [_P(BuilderHandle), _str, _P(CreateOptions)]),
    "venv_builder_create_git_ignore_file": (_c.c_int, [BuilderHandle]),
    "venv_builder_create_configuration": (_c.c_int, [BuilderHandle, _c.c_int, _str, _str]),
    "venv_builder_setup_python": (_c.c_int, [BuilderHandle]),
    "venv_builder_setup_pip": (_c.c_int, [BuilderHandle]),
    "venv_builder_setup_scripts": (_c.c_int, [BuilderHandle]),
    "venv_builder_upgrade_dependencies": (_c.c_int, [BuilderHandle]),
    "venv_builder_free": (None, [BuilderHandle]),
    "venv_install_wheels": (_c.c_int, [_str, _P(_str), _c.c_size_t]),
}
INFO_STRINGS = [
    "prefix", "exec_prefix", "base_prefix", "base_exec_prefix", "version", "home",
    "executable", "base_executable", "prompt", "purelib", "platlib", "scripts", "include",
]
for _name in INFO_STRINGS:
    _FUNCTIONS["venv_info_" + _name] = (_str, [InfoHandle])
BUILDER_STRINGS = [
    "env_dir", "prompt", "bin_name", "bin_path", "lib_path", "include_path", "executable",
    "env_executable", "version",
]
for _name in BUILDER_STRINGS:
    _FUNCTIONS["venv_builder_" + _name] = (_str, [BuilderHandle])


# What is installed (issue 16): venv_packages_* and pip freeze's options.
class PackagesHandle(_Handle):
    """venv_packages *"""


class FreezeOptions(ctypes.Structure):
    """struct venv_freeze_options, version 1 (fields only ever appended)."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("all", ctypes.c_int),
        ("exclude_editable", ctypes.c_int),
        ("local", ctypes.c_int),
        ("user", ctypes.c_int),
        ("exclude", ctypes.POINTER(ctypes.c_char_p)),
    ]


FREEZE_OPTIONS_VERSION = 1
_FUNCTIONS.update({
    "venv_packages_read": (_c.c_int, [_P(PackagesHandle), _str]),
    "venv_packages_count": (_c.c_size_t, [PackagesHandle]),
    "venv_packages_requested": (_c.c_int, [PackagesHandle, _c.c_size_t]),
    "venv_packages_editable": (_c.c_int, [PackagesHandle, _c.c_size_t]),
    "venv_packages_note_count": (_c.c_size_t, [PackagesHandle]),
    "venv_packages_note_at": (_str, [PackagesHandle, _c.c_size_t]),
    "venv_packages_free": (None, [PackagesHandle]),
    "venv_packages_to_json": (_c.c_int, [_P(StringHandle), PackagesHandle]),
    "venv_freeze_options_init": (_c.c_int, [_P(FreezeOptions), _c.c_uint]),
    "venv_packages_freeze": (_c.c_int, [_P(StringHandle), PackagesHandle, _P(FreezeOptions)]),
})
PACKAGE_STRING_ACCESSORS = [
    "name", "version", "normalized_name", "location", "installer", "editable_project_location", "direct_url",
]
for _name in PACKAGE_STRING_ACCESSORS:
    _FUNCTIONS["venv_packages_" + _name] = (_str, [PackagesHandle, _c.c_size_t])


# The store (issue 15): listing, removing, copying and moving environments.
class StoreEntriesHandle(_Handle):
    """venv_store_entries *"""


class RelocateOptions(ctypes.Structure):
    """struct venv_relocate_options, version 1."""

    _fields_ = [("version", ctypes.c_uint), ("replace", ctypes.c_int)]


RELOCATE_OPTIONS_VERSION = 1
STORE_FIELDS = ["name", "path", "version", "project", "problem"]
_FUNCTIONS.update({
    "venv_store_list": (_c.c_int, [_P(StoreEntriesHandle), _str]),
    "venv_store_entries_count": (_c.c_size_t, [StoreEntriesHandle]),
    "venv_store_entries_to_json": (_c.c_int, [_P(StringHandle), StoreEntriesHandle]),
    "venv_store_entries_free": (None, [StoreEntriesHandle]),
    "venv_remove": (_c.c_int, [_str]),
    "venv_copy": (_c.c_int, [_str, _str, _P(RelocateOptions)]),
    "venv_move": (_c.c_int, [_str, _str, _P(RelocateOptions)]),
})
for _name in STORE_FIELDS:
    _FUNCTIONS["venv_store_entries_" + _name] = (_str, [StoreEntriesHandle, _c.c_size_t])


# Repair and rebuild (issue 25, 0.5): an environment whose base Python changed.
class RepairOptions(ctypes.Structure):
    """struct venv_repair_options, version 1."""

    _fields_ = [("version", ctypes.c_uint), ("python", ctypes.c_char_p)]


REPAIR_OPTIONS_VERSION = 1


class RebuildOptions(ctypes.Structure):
    """struct venv_rebuild_options, version 1."""

    _fields_ = [("version", ctypes.c_uint), ("python", ctypes.c_char_p),
                ("find_links", ctypes.POINTER(ctypes.c_char_p)), ("find_links_count", ctypes.c_size_t),
                ("no_index", ctypes.c_int), ("prune", ctypes.c_int)]


REBUILD_OPTIONS_VERSION = 1
_FUNCTIONS.update({
    "venv_repair_options_init": (_c.c_int, [_P(RepairOptions), _c.c_uint]),
    "venv_repair": (_c.c_int, [_P(_c.c_size_t), _str, _P(RepairOptions)]),
    "venv_rebuild_options_init": (_c.c_int, [_P(RebuildOptions), _c.c_uint]),
    "venv_rebuild": (_c.c_int, [_str, _P(RebuildOptions)]),
})


def candidates() -> List[str]:
    """Where the library is looked for, in order."""
    places = []
    env = os.environ.get("LIBVENV_PATH")
    if env:
        places.append(env)
    places.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "libvenv.so"))
    places.append("libvenv.so.0")  # the system's search path (ld.so.cache, LD_LIBRARY_PATH)
    return places


def _declare(lib: ctypes.CDLL) -> Optional[str]:
    """Checks the version and declares every function; says what is wrong."""
    try:
        version = lib.venv_version
    except AttributeError:
        return "not libvenv (no venv_version)"
    parts = [ctypes.c_int() for _ in range(3)]
    version.restype, version.argtypes = None, [ctypes.POINTER(ctypes.c_int)] * 3
    version(*(ctypes.byref(p) for p in parts))
    major, minor, patch = (p.value for p in parts)
    if major != ABI_MAJOR or minor < ABI_MINOR:
        return "version %d.%d.%d, and this package needs %d.x with x >= %d" % (major, minor, patch, ABI_MAJOR, ABI_MINOR)
    missing = [name for name in _FUNCTIONS if not hasattr(lib, name)]
    if missing:
        return "version %d.%d.%d lacks %s" % (major, minor, patch, ", ".join(missing))
    for name, (restype, argtypes) in _FUNCTIONS.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return None


def library() -> ctypes.CDLL:
    """The loaded libvenv.so, loaded, checked and declared on first use."""
    global _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for place in candidates():
            if os.sep in place and not os.path.exists(place):
                tried.append("%s (no such file)" % place)
                continue
            try:
                lib = ctypes.CDLL(place)
            except OSError as error:
                tried.append("%s (%s)" % (place, error))
                continue
            wrong = _declare(lib)
            if wrong:
                tried.append("%s (%s)" % (place, wrong))
                continue
            _lib = lib
            return lib
        raise ImportError(
            "libvenv: cannot load libvenv.so; looked in: " + "; ".join(tried)
            + ". Reinstall the package (pip install builds the library), or set LIBVENV_PATH to a libvenv.so."
        )


#: The versions libvenv creates environments for (virtualenv's and tox's
#: plugins ask `unsupported` before they hand libvenv an environment).
OLDEST, NEWEST = (3, 8), (3, 13)


def unsupported(interpreter) -> Optional[str]:
    """Why libvenv cannot make an environment for this interpreter (an
    object with virtualenv's or python_discovery's interpreter attributes:
    platform, implementation, version_info, system_executable), or None.
    Never raises; imports nothing of virtualenv's."""
    try:
        if not sys.platform.startswith("linux") or getattr(interpreter, "platform", "") != "linux":
            return "libvenv creates environments on Linux only"
        if getattr(interpreter, "implementation", None) != "CPython":
            return "libvenv creates CPython environments only"
        version = tuple(interpreter.version_info[:2])
        if not OLDEST <= version <= NEWEST:
            return "libvenv creates environments for CPython %d.%d to %d.%d" % (OLDEST + NEWEST)
        if not getattr(interpreter, "system_executable", None):
            return "the interpreter's base executable is unknown"
        library()
        return None
    except Exception as error:  # noqa: BLE001
        return "libvenv cannot be used: %r" % (error,)


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


class PythonHandle(_Handle):
    """venv_python * (owned by the caller from venv_find_python; borrowed,
    for the callback's duration, from venv_find)."""


FIND_OPTIONS_VERSION = 1
# The callback's record arrives as a plain pointer; _find wraps it in a PythonHandle.
FIND_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_FUNCTIONS.update({
    "venv_find_options_init": (_c.c_int, [_c.POINTER(FindOptions), _c.c_uint]),
    "venv_find": (_c.c_int, [FIND_CALLBACK, _c.c_void_p, _c.POINTER(FindOptions)]),
    "venv_find_python": (_c.c_int, [_c.POINTER(PythonHandle), _c.c_char_p, _c.POINTER(FindOptions)]),
    "venv_python_free": (None, [PythonHandle]),
    "venv_python_to_json": (_c.c_int, [_c.POINTER(StringHandle), PythonHandle]),
})
for _name in ("kind", "executable", "prefix", "base_prefix", "version", "implementation", "manager",
              "creator", "name", "project", "error", "unsupported"):
    _FUNCTIONS["venv_python_" + _name] = (_c.c_char_p, [PythonHandle])
for _name in ("site_packages", "sources", "symlinks", "problems"):
    _FUNCTIONS["venv_python_%s_count" % _name] = (_c.c_size_t, [PythonHandle])
    _FUNCTIONS["venv_python_%s_at" % _name] = (_c.c_char_p, [PythonHandle, _c.c_size_t])


# -- doctor (venv_doctor, issue 25) ------------------------------------------

class DoctorOptions(ctypes.Structure):
    """struct venv_doctor_options, version 1 (fields only ever appended)."""

    _fields_ = [("version", ctypes.c_uint), ("list_replacements", ctypes.c_int)]


class DiagnosisHandle(_Handle):
    """venv_diagnosis *"""


DOCTOR_OPTIONS_VERSION = 1
_FUNCTIONS.update({
    "venv_doctor_options_init": (_c.c_int, [_P(DoctorOptions), _c.c_uint]),
    "venv_doctor": (_c.c_int, [_P(DiagnosisHandle), _str, _P(DoctorOptions)]),
    "venv_diagnosis_free": (None, [DiagnosisHandle]),
    "venv_diagnosis_healthy": (_c.c_int, [DiagnosisHandle]),
    "venv_diagnosis_problem_count": (_c.c_size_t, [DiagnosisHandle]),
    "venv_diagnosis_replacement_count": (_c.c_size_t, [DiagnosisHandle]),
    "venv_diagnosis_to_json": (_c.c_int, [_P(StringHandle), DiagnosisHandle]),
})
for _name in ("environment", "version", "home", "base_version", "base_executable"):
    _FUNCTIONS["venv_diagnosis_" + _name] = (_str, [DiagnosisHandle])
for _name in ("code", "path", "cause", "remedy"):
    _FUNCTIONS["venv_diagnosis_problem_" + _name] = (_str, [DiagnosisHandle, _c.c_size_t])
for _name in ("version", "executable"):
    _FUNCTIONS["venv_diagnosis_replacement_" + _name] = (_str, [DiagnosisHandle, _c.c_size_t])
