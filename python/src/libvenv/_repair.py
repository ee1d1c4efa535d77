"""libvenv's repair and rebuild (issue 25): an environment whose base Python
moved, was replaced, or is to become another minor version."""
from __future__ import annotations

import ctypes
from typing import Optional

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
