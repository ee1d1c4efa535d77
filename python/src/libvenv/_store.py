"""libvenv's store: environments in $WORKON_HOME, as virtualenvwrapper
keeps them (list, remove, copy, move), from files."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from . import _native
from ._errors import StrPath, check as _check, encode as _encode

@dataclass(frozen=True)
class StoreEntry:
    """One environment of a store, as `swift-venv list` describes it."""

    name: str
    path: Path
    version: Optional[str]
    project: Optional[Path]
    #: Why the environment cannot be used; None when it can.
    problem: Optional[str]

    @property
    def broken(self) -> bool:
        return self.problem is not None


def list_environments(workon_home: Optional[StrPath] = None) -> List[StoreEntry]:
    """The environments of the store at `workon_home` (None: $WORKON_HOME,
    else ~/.virtualenvs), sorted by name, read from files alone. A missing
    store is empty; one that is not a directory raises InvalidArgumentError,
    one that cannot be listed or searched VenvError."""
    lib = _native.library()
    entries = _native.StoreEntriesHandle()
    _check(lib.venv_store_list(ctypes.byref(entries), _encode(workon_home, "workon_home")))
    try:
        def field(name: str, index: int) -> Optional[str]:
            value = getattr(lib, "venv_store_entries_" + name)(entries, index)
            return None if value is None else value.decode("utf-8")

        result = []
        for i in range(lib.venv_store_entries_count(entries)):
            project = field("project", i)
            result.append(StoreEntry(
                name=field("name", i) or "",
                path=Path(field("path", i) or ""),
                version=field("version", i),
                project=Path(project) if project is not None else None,
                problem=field("problem", i),
            ))
        return result
    finally:
        lib.venv_store_entries_free(entries)


def remove(env_dir: StrPath) -> None:
    """Remove the environment at `env_dir` with --clear's guarantees (only a
    directory holding pyvenv.cfg, links never followed, pyvenv.cfg last,
    never / or home)."""
    _check(_native.library().venv_remove(_encode(env_dir, "env_dir")))


def _relocate(function: str, src: StrPath, dst: StrPath, replace: bool) -> None:
    options = _native.RelocateOptions(_native.RELOCATE_OPTIONS_VERSION, 1 if replace else 0)
    _check(getattr(_native.library(), function)(_encode(src, "src"), _encode(dst, "dst"), ctypes.byref(options)))


def copy(src: StrPath, dst: StrPath, *, replace: bool = False) -> None:
    """Copy the environment at `src` to `dst`, rewriting everything that names
    its path; `dst` appears whole or not at all."""
    _relocate("venv_copy", src, dst, replace)


def move(src: StrPath, dst: StrPath, *, replace: bool = False) -> None:
    """Move the environment at `src` to `dst`, rewriting everything that names
    its path; called again with the same arguments, finishes an interrupted move."""
    _relocate("venv_move", src, dst, replace)
