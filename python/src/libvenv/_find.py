"""libvenv.find and libvenv.find_python: every Python on the machine, from files."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, List, Optional, Tuple

from . import _native


@dataclass(frozen=True)
class FoundPython:
    """One interpreter or environment, as `swift-venv find --json` writes it."""

    kind: str                      # "interpreter" or "environment"
    executable: str                # the python a user would run
    prefix: Optional[str]          # sys.prefix
    base_prefix: Optional[str]     # sys.base_prefix
    version: Optional[str]         # "X.Y.Z"
    site_packages: Tuple[str, ...]  # site.getsitepackages()
    implementation: str            # "cpython", "pypy", ...
    sources: Tuple[str, ...]       # where it was found: "path", "pyenv", ...
    manager: Optional[str]         # the tool that owns it
    creator: Optional[str]         # the tool that made it (environments)
    name: Optional[str]            # as its manager names it
    project: Optional[str]         # the project it belongs to
    symlinks: Tuple[str, ...]      # other paths that reach it
    error: Optional[str]           # why it is broken, or None
    unsupported: Optional[str]     # why creation does not take it (older than 3.8), or None

    @cached_property
    def problems(self) -> Tuple[str, ...]:
        """The codes of what libvenv.doctor finds in an environment, each once;
        () for a healthy one and for an interpreter. Computed on first use and
        kept (every check of doctor: several times the cost of the rest of the
        record, as venv_python_problems_count computes them); not a dataclass
        field, so dataclasses.asdict leaves it out, as `find --json` prints
        null without --problems."""
        if self.kind != "environment" or self.prefix is None:
            return ()
        from ._doctor import doctor
        from ._errors import VenvError
        try:
            return doctor(self.prefix, list_replacements=False).codes
        except VenvError:  # not an environment doctor takes (a conda prefix): none, as in C
            return ()


def _record(lib, pointer) -> FoundPython:
    def string(name: str) -> Optional[str]:
        value = getattr(lib, "venv_python_" + name)(pointer)
        return None if value is None else value.decode("utf-8")

    def strings(name: str) -> Tuple[str, ...]:
        count = getattr(lib, "venv_python_%s_count" % name)(pointer)
        at = getattr(lib, "venv_python_%s_at" % name)
        return tuple(at(pointer, i).decode("utf-8") for i in range(count))

    return FoundPython(
        kind=string("kind") or "", executable=string("executable") or "",
        prefix=string("prefix"), base_prefix=string("base_prefix"), version=string("version"),
        site_packages=strings("site_packages"), implementation=string("implementation") or "",
        sources=strings("sources"), manager=string("manager"), creator=string("creator"),
        name=string("name"), project=string("project"), symlinks=strings("symlinks"),
        error=string("error"), unsupported=string("unsupported"),
    )


def _options(workspaces: Iterable, search_paths: Iterable, encode):
    """The options struct, and the buffers it points into (kept alive by the caller)."""
    spaces = [encode(p, "workspace") for p in workspaces]
    paths = [encode(p, "search path") for p in search_paths]
    spaces_array = (ctypes.c_char_p * max(1, len(spaces)))(*spaces)
    paths_array = (ctypes.c_char_p * max(1, len(paths)))(*paths)
    options = _native.FindOptions(_native.FIND_OPTIONS_VERSION, spaces_array, len(spaces), paths_array, len(paths))
    return options, (spaces_array, paths_array)


def find(workspaces: Iterable = (), search_paths: Iterable = (), *, _check, _encode) -> List[FoundPython]:
    lib = _native.library()
    options, keep = _options(workspaces, search_paths, _encode)
    found: List[FoundPython] = []
    failure: List[BaseException] = []

    def receive(pointer, _payload):
        try:
            found.append(_record(lib, _native.PythonHandle(pointer)))
            return 0
        except BaseException as error:  # never let an exception cross into C
            failure.append(error)
            return 1

    callback = _native.FIND_CALLBACK(receive)
    code = lib.venv_find(callback, None, ctypes.byref(options))
    if failure:
        raise failure[0]
    _check(code)
    del keep
    return found


def find_python(spec, workspaces: Iterable = (), search_paths: Iterable = (), *, _check, _encode) -> FoundPython:
    lib = _native.library()
    options, keep = _options(workspaces, search_paths, _encode)
    pointer = _native.PythonHandle()
    _check(lib.venv_find_python(ctypes.byref(pointer), _encode(spec, "spec"), ctypes.byref(options)))
    del keep
    try:
        return _record(lib, pointer)
    finally:
        lib.venv_python_free(pointer)
