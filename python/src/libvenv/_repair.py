"""libvenv's repair and rebuild (issue 25): an environment whose base Python
moved, was replaced, or is to become another minor version."""
from __future__ import annotations

import ctypes
from typing import Iterable, Optional

from . import _native
from ._errors import StrPath, check as _check, encode as _encode


def repair(env_dir: StrPath, python: Optional[StrPath] = None) -> int:
    """Point the environment at `env_dir` at a new base of its minor version
    (`python`: a path, a command or a version; None: the environment's X.Y as
    find_python chooses it): pyvenv.cfg's base lines, bin/'s links or copies
    and the console scripts that named the old base, all at once. Returns the
    number of files replaced (0 when it already used that base). Raises
    NotVenvError for a directory that is not an environment, NoPythonError
    for a base that is not CPython of the same minor version and ABI."""
    options = _native.RepairOptions(_native.REPAIR_OPTIONS_VERSION, _encode(python, "python"))
    replaced = ctypes.c_size_t(0)
    _check(_native.library().venv_repair(ctypes.byref(replaced), _encode(env_dir, "env_dir"),
                                         ctypes.byref(options)))
    return replaced.value


def rebuild(env_dir: StrPath, python: StrPath, *, find_links: Iterable[StrPath] = (), no_index: bool = False,
            prune: bool = False) -> None:
    """Move the environment at `env_dir` to the base `python` (a new minor
    version), keeping its packages: freeze is kept beside it as
    NAME.swift-venv-requirements.txt, a new environment made aside installs
    it with pip (`find_links`, `no_index` passed through), and only then the
    two swap; the old one is kept as NAME.swift-venv-old unless `prune`. On
    failure the old environment is untouched and the VenvError names the
    package pip could not install."""
    links = [_encode(link, "find_links") for link in find_links]
    array = (ctypes.c_char_p * max(len(links), 1))(*links)
    options = _native.RebuildOptions(_native.REBUILD_OPTIONS_VERSION, _encode(python, "python"), array, len(links),
                                     1 if no_index else 0, 1 if prune else 0)
    _check(_native.library().venv_rebuild(_encode(env_dir, "env_dir"), ctypes.byref(options)))
