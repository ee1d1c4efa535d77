"""libvenv.packages and libvenv.freeze: what is installed in an environment,
read from its files as pip reads them, without starting Python."""
from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

from . import _native
from ._errors import StrPath, check as _check, encode as _encode


@dataclass(frozen=True)
class Distribution:
    """One installed distribution, as the environment's pip reports it."""

    name: str
    version: str
    normalized_name: str
    location: Path
    installer: str
    requested: bool
    editable: bool
    editable_project_location: Optional[Path]
    direct_url: Optional[Dict[str, object]]


def _read_packages(env: StrPath):
    lib = _native.library()
    handle = _native.PackagesHandle()
    _check(lib.venv_packages_read(ctypes.byref(handle), _encode(env, "env")))
    return lib, handle


def packages(env: StrPath) -> Tuple[Distribution, ...]:
    """The distributions installed in an environment (or interpreter), in
    pip list's order, read from files without starting Python."""
    lib, handle = _read_packages(env)
    try:
        def string(name: str, i: int) -> Optional[str]:
            value = getattr(lib, "venv_packages_" + name)(handle, i)
            return None if value is None else value.decode("utf-8")

        result = []
        for i in range(lib.venv_packages_count(handle)):
            editable_at = string("editable_project_location", i)
            direct_url = string("direct_url", i)
            result.append(Distribution(
                name=string("name", i) or "",
                version=string("version", i) or "",
                normalized_name=string("normalized_name", i) or "",
                location=Path(string("location", i) or ""),
                installer=string("installer", i) or "",
                requested=lib.venv_packages_requested(handle, i) == 1,
                editable=lib.venv_packages_editable(handle, i) == 1,
                editable_project_location=Path(editable_at) if editable_at is not None else None,
                direct_url=json.loads(direct_url) if direct_url is not None else None,
            ))
        return tuple(result)
    finally:
        lib.venv_packages_free(handle)


def freeze(env: StrPath, *, all: bool = False, exclude_editable: bool = False,
           exclude: Iterable[str] = (), local: bool = False, user: bool = False) -> str:
    """What the environment's `python -m pip freeze` prints, with pip
    freeze's options, read from files without starting Python."""
    names = [_encode(name, "exclude") for name in exclude]
    excluded = (ctypes.c_char_p * (len(names) + 1))(*names, None)
    options = _native.FreezeOptions()
    lib = _native.library()
    _check(lib.venv_freeze_options_init(ctypes.byref(options), _native.FREEZE_OPTIONS_VERSION))
    options.all, options.exclude_editable = int(all), int(exclude_editable)
    options.local, options.user = int(local), int(user)
    options.exclude = ctypes.cast(excluded, ctypes.POINTER(ctypes.c_char_p))
    lib, handle = _read_packages(env)
    try:
        text = _native.StringHandle()
        _check(lib.venv_packages_freeze(ctypes.byref(text), handle, ctypes.byref(options)))
        try:
            return ctypes.string_at(text).decode("utf-8")
        finally:
            lib.venv_string_free(text)
    finally:
        lib.venv_packages_free(handle)
