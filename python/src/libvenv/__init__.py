"""Create Python virtual environments exactly as the standard library's venv
does, and resolve their site paths without starting Python, through
libvenv.so (swift-venv).

    EnvBuilder(...).create(d)   the running version's venv.EnvBuilder, subclasses included
    create(env_dir, ...)        the running version's venv.create
    resolve(path)               EnvironmentInfo: prefixes, site-packages, ...
    activated_environ(env_dir)  os.environ as bin/activate would leave it
    packages(env)               what pip list reports there, from files
    freeze(env, ...)            what pip freeze prints there, from files

    python -m libvenv ...       the running version's python -m venv
"""
from __future__ import annotations

import ctypes
import os
from typing import TYPE_CHECKING, Dict, Iterable, List, Mapping, Optional, Tuple

from . import _native
from ._builder import CORE_VENV_DEPS, EnvBuilder, create
from ._errors import (ExistsError, InvalidArgumentError, NoPythonError, NotAVenvError, StrPath,
                      VenvError, check as _check, encode as _encode)

__all__ = [
    "create", "EnvBuilder", "CORE_VENV_DEPS", "resolve", "resolve_json", "EnvironmentInfo",
    "library_version", "activation_env", "activated_environ",
    "packages", "freeze", "Distribution",
    "VenvError", "InvalidArgumentError", "ExistsError", "NotAVenvError", "NoPythonError",
]


def library_version() -> Tuple[int, int, int]:
    """The loaded libvenv.so's version."""
    parts = [ctypes.c_int() for _ in range(3)]
    _native.library().venv_version(*(ctypes.byref(p) for p in parts))
    return (parts[0].value, parts[1].value, parts[2].value)


def _resolve(path: StrPath, as_json: bool = False):
    from pathlib import Path
    from ._info import EnvironmentInfo
    lib = _native.library()
    info = _native.InfoHandle()
    _check(lib.venv_resolve(ctypes.byref(info), _encode(path, "path")))
    try:
        if as_json:
            text = _native.StringHandle()
            _check(lib.venv_info_to_json(ctypes.byref(text), info))
            try:
                return ctypes.string_at(text).decode("utf-8")
            finally:
                lib.venv_string_free(text)

        def string(name: str) -> Optional[str]:
            value = getattr(lib, "venv_info_" + name)(info)
            return None if value is None else value.decode("utf-8")

        def path_of(name: str) -> Path:
            return Path(string(name) or "")

        count = lib.venv_info_site_packages_count(info)
        home = string("home")
        return EnvironmentInfo(
            prefix=path_of("prefix"),
            exec_prefix=path_of("exec_prefix"),
            base_prefix=path_of("base_prefix"),
            base_exec_prefix=path_of("base_exec_prefix"),
            site_packages=tuple(Path(lib.venv_info_site_packages_at(info, i).decode("utf-8")) for i in range(count)),
            version=string("version") or "",
            include_system_site_packages=bool(lib.venv_info_include_system_site_packages(info)),
            home=Path(home) if home is not None else None,
            executable=path_of("executable"),
            base_executable=path_of("base_executable"),
            is_venv=bool(lib.venv_info_is_venv(info)),
            prompt=string("prompt"),
            purelib=path_of("purelib"),
            platlib=path_of("platlib"),
            scripts=path_of("scripts"),
            include=path_of("include"),
        )
    finally:
        lib.venv_info_free(info)


def resolve(path: StrPath) -> EnvironmentInfo:
    """Resolve an environment directory, a python inside one, or a base
    interpreter, from files alone (no Python is started)."""
    return _resolve(path)


def resolve_json(path: StrPath) -> Dict[str, object]:
    """The same as resolve(), as the dict of `swift-venv info --json`."""
    import json
    return json.loads(_resolve(path, as_json=True))


def activation_env(env_dir: StrPath, environ: Optional[Mapping[str, str]] = None) -> Tuple[Dict[str, str], List[str]]:
    """What sourcing env_dir/bin/activate does to the environment variables,
    as (variables to set, names to remove), for the environment `environ`
    (default: os.environ; only its PATH is read). PS1 is left alone."""
    environ = os.environ if environ is None else environ
    entries = [_encode("%s=%s" % (k, v), "environ") for k, v in environ.items() if k == "PATH"]
    envp = (ctypes.c_char_p * (len(entries) + 1))(*entries, None)
    lib = _native.library()
    activation = _native.ActivationHandle()
    _check(lib.venv_activation_env(ctypes.byref(activation), _encode(env_dir, "env_dir"), envp))
    try:
        to_set = {
            lib.venv_activation_set_name(activation, i).decode("utf-8"): lib.venv_activation_set_value(activation, i).decode("utf-8")
            for i in range(lib.venv_activation_set_count(activation))
        }
        to_unset = [lib.venv_activation_unset_name(activation, i).decode("utf-8")
                    for i in range(lib.venv_activation_unset_count(activation))]
        return to_set, to_unset
    finally:
        lib.venv_activation_free(activation)


def activated_environ(env_dir: StrPath, base: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """A copy of `base` (default: os.environ) as activating env_dir would
    leave it, ready for subprocess.run(..., env=...)."""
    base = os.environ if base is None else base
    to_set, to_unset = activation_env(env_dir, base)
    result = {k: v for k, v in base.items() if k not in to_unset}
    result.update(to_set)
    return result


# -- what is installed (issue 16) ----------------------------------------------


# -- find: every Python on the machine (issue 14) ------------------------------

__all__ += ["find", "find_python", "FoundPython"]


def find(workspaces: Iterable[StrPath] = (), search_paths: Iterable[StrPath] = ()) -> List[FoundPython]:
    """Every Python interpreter and environment on the machine, one
    FoundPython each, found where each tool keeps them and resolved from files
    (no Python is started). `workspaces`: project directories (their .venv,
    venv, env ...); `search_paths`: directories whose children are environments."""
    from . import _find
    return _find.find(workspaces, search_paths, _check=_check, _encode=_encode)


def find_python(spec: Optional[StrPath] = None, workspaces: Iterable[StrPath] = (),
                search_paths: Iterable[StrPath] = ()) -> FoundPython:
    """The one Python `spec` means, as `swift-venv --python SPEC` takes it: a
    version ("3.12"), a PEP 440 specifier (">=3.10,<3.13"), a path, a command
    name, or None for pyenv's choice, else python3 on PATH. Raises
    NoPythonError when nothing matches."""
    from . import _find
    return _find.find_python(spec, workspaces, search_paths, _check=_check, _encode=_encode)

# -- the store (issue 15): environments in $WORKON_HOME, as virtualenvwrapper keeps them

__all__ += ["StoreEntry", "list_environments", "remove", "copy", "move"]

# -- doctor (issue 25): what is wrong with an environment and what mends it

__all__ += ["doctor", "Diagnosis", "Problem", "Replacement"]

# -- installing wheel files (issue 23) -------------------------------------------

__all__ += ["install_wheels"]


def install_wheels(env_dir: StrPath, wheels: Iterable[StrPath]) -> None:
    """Install wheel files into the environment env_dir, as its `pip install
    WHEEL...` would (files, bytecode, console scripts, INSTALLER, REQUESTED,
    RECORD), without pip: no resolver, no index, dependencies not looked at.
    Everything is checked before anything is written; a project installed
    already raises ExistsError."""
    paths = [_encode(wheel, "wheels") for wheel in wheels]
    array = (ctypes.c_char_p * max(len(paths), 1))(*paths)
    _check(_native.library().venv_install_wheels(_encode(env_dir, "env_dir"), array, len(paths)))

# -- when the base Python changes (issue 25) ------------------------------------

__all__ += ["repair", "rebuild"]

# -- loaded when first named ---------------------------------------------------
# The parts above are what `import libvenv` and EnvBuilder need; the others
# (and the dataclasses, json and pathlib they import) are loaded on first use
# (PEP 562), so that `import libvenv` costs little more than `import venv`.

_LAZY = {
    "EnvironmentInfo": "_info",
    "Distribution": "_packages", "freeze": "_packages", "packages": "_packages",
    "FoundPython": "_find",
    "StoreEntry": "_store", "copy": "_store", "list_environments": "_store", "move": "_store", "remove": "_store",
    "Diagnosis": "_doctor", "Problem": "_doctor", "Replacement": "_doctor", "doctor": "_doctor",
    "rebuild": "_repair", "repair": "_repair",
}

if TYPE_CHECKING:
    from ._doctor import Diagnosis, Problem, Replacement, doctor  # noqa: F401
    from ._find import FoundPython  # noqa: F401
    from ._info import EnvironmentInfo  # noqa: F401
    from ._packages import Distribution, freeze, packages  # noqa: F401
    from ._repair import rebuild, repair  # noqa: F401
    from ._store import StoreEntry, copy, list_environments, move, remove  # noqa: F401


def __getattr__(name: str):
    part = _LAZY.get(name)
    if part is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    import importlib
    value = getattr(importlib.import_module("." + part, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
