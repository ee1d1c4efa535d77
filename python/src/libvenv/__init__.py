"""Create Python virtual environments exactly as the standard library's venv
does, and resolve their site paths without starting Python, through
libvenv.so (swift-venv).

    create(env_dir, ...)        like venv.create, but with pip by default
    EnvBuilder(...).create(d)   the standard library's EnvBuilder, same arguments
    resolve(path)               EnvironmentInfo: prefixes, site-packages, ...
    activated_environ(env_dir)  os.environ as bin/activate would leave it
"""
from __future__ import annotations

import ctypes
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Tuple, Type, Union

from . import _native

__all__ = [
    "create", "EnvBuilder", "resolve", "resolve_json", "EnvironmentInfo", "library_version",
    "activation_env", "activated_environ",
    "VenvError", "InvalidArgumentError", "ExistsError", "NotAVenvError", "NoPythonError",
]

StrPath = Union[str, "os.PathLike[str]"]


class VenvError(Exception):
    """A failure reported by libvenv: `code` is the C code (VENV_E*),
    `message` the one line naming the path and the remedy, `errno` the failed
    system call's errno (None if none failed), `path` the path concerned
    (None if none)."""

    code = -1

    def __init__(self, message: str, code: Optional[int] = None,
                 errno: Optional[int] = None, path: Optional[str] = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.errno = errno
        self.path = path
        if isinstance(self, OSError):
            self.filename = path


class InvalidArgumentError(VenvError, ValueError):
    """VENV_EINVALID: a bad argument (empty path, ':' in a path, ...)."""
    code = -2


class ExistsError(VenvError, FileExistsError):
    """VENV_EEXISTS: the target exists and may not be used as it is."""
    code = -3


class NotAVenvError(VenvError):
    """VENV_ENOTVENV: a directory that should be a virtual environment is not one."""
    code = -4


class NoPythonError(VenvError):
    """VENV_ENOPYTHON: no usable base interpreter."""
    code = -5


_ERRORS: Dict[int, Type[VenvError]] = {
    cls.code: cls for cls in (InvalidArgumentError, ExistsError, NotAVenvError, NoPythonError)
}


def _check(code: int) -> None:
    """Raise the exception for a failed call, reading the error at once, on
    this thread (the library keeps it per thread)."""
    if code == 0:
        return
    error = _native.library().venv_error_last().contents
    message = error.message.decode("utf-8", "replace") if error.message else ""
    path = os.fsdecode(error.path) if error.path else None
    raise _ERRORS.get(code, VenvError)(message, code, error.sys_errno or None, path)


def _encode(value: Union[StrPath, None], name: str) -> Optional[bytes]:
    if value is None:
        return None
    text = os.fspath(value)
    if (b"\0" if isinstance(text, bytes) else "\0") in text:
        # A C string would end at the NUL and name another path.
        raise InvalidArgumentError("%s contains a NUL character: %r" % (name, text), -2)
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgumentError("%s is not valid UTF-8: %r" % (name, text), -2) from None


def _running_interpreter() -> str:
    """What venv itself would use: sys._base_executable, else sys.executable."""
    return getattr(sys, "_base_executable", None) or sys.executable


def library_version() -> Tuple[int, int, int]:
    """The loaded libvenv.so's version."""
    parts = [ctypes.c_int() for _ in range(3)]
    _native.library().venv_version(*(ctypes.byref(p) for p in parts))
    return (parts[0].value, parts[1].value, parts[2].value)


def create(
    env_dir: StrPath,
    *,
    system_site_packages: bool = False,
    clear: bool = False,
    symlinks: Optional[bool] = None,
    upgrade: bool = False,
    with_pip: bool = True,
    prompt: Optional[str] = None,
    upgrade_deps: bool = False,
    scm_ignore_files: bool = True,
    python: Optional[StrPath] = None,
    allow_existing: bool = False,
    force: bool = False,
) -> None:
    """Create a virtual environment at env_dir, as `python -m venv` would.

    symlinks: None for the platform's default (symlinks), True or False to
    choose. python: the base interpreter (a path, a command or a version such
    as "3.12"); None means the running interpreter, as with venv (inside a
    virtual environment, that environment's base). Raises a VenvError
    subclass.
    """
    if python is None:
        python = _running_interpreter()
    opts = _native.CreateOptions()
    lib = _native.library()
    _check(lib.venv_create_options_init(ctypes.byref(opts), _native.CREATE_OPTIONS_VERSION))
    keep = (_encode(python, "python"), _encode(prompt, "prompt"))  # alive during the call
    opts.python, opts.prompt = keep
    opts.system_site_packages = int(bool(system_site_packages))
    opts.link = (_native.LINK_DEFAULT if symlinks is None
                 else _native.LINK_SYMLINKS if symlinks else _native.LINK_COPIES)
    opts.clear = int(bool(clear))
    opts.upgrade = int(bool(upgrade))
    opts.with_pip = int(bool(with_pip))
    opts.upgrade_deps = int(bool(upgrade_deps))
    opts.scm_ignore_files = int(bool(scm_ignore_files))
    opts.allow_existing = int(bool(allow_existing))
    opts.force = int(bool(force))
    _check(lib.venv_create(_encode(env_dir, "env_dir"), ctypes.byref(opts)))


class EnvBuilder:
    """The standard library's venv.EnvBuilder, with the same constructor
    arguments and defaults (copies unless symlinks=True, no pip unless
    with_pip=True, no .gitignore unless scm_ignore_files names "git"), so
    code switches by changing its import. The creation steps are not
    overridable methods here: they run inside libvenv.
    """

    def __init__(
        self,
        system_site_packages: bool = False,
        clear: bool = False,
        symlinks: bool = False,
        upgrade: bool = False,
        with_pip: bool = False,
        prompt: Optional[str] = None,
        upgrade_deps: bool = False,
        *,
        scm_ignore_files: Iterable[str] = frozenset(),
        python: Optional[StrPath] = None,
    ):
        if clear and upgrade:
            raise ValueError("you cannot supply --upgrade and --clear together.")
        self.system_site_packages = system_site_packages
        self.clear = clear
        self.symlinks = symlinks
        self.upgrade = upgrade
        self.with_pip = with_pip
        self.prompt = prompt
        self.upgrade_deps = upgrade_deps
        self.scm_ignore_files = frozenset(map(str.lower, scm_ignore_files))
        unknown = self.scm_ignore_files - {"git"}
        if unknown:
            raise ValueError("unsupported SCM ignore files: %s" % ", ".join(sorted(unknown)))
        self.python = python

    def create(self, env_dir: StrPath) -> None:
        """Create a virtual environment in env_dir."""
        create(
            os.path.abspath(os.fspath(env_dir)),
            system_site_packages=self.system_site_packages,
            clear=self.clear,
            symlinks=self.symlinks,
            upgrade=self.upgrade,
            with_pip=self.with_pip,
            prompt=self.prompt,
            upgrade_deps=self.upgrade_deps,
            scm_ignore_files="git" in self.scm_ignore_files,
            python=self.python,
            # The standard library reuses an existing environment silently.
            allow_existing=True,
        )


@dataclass(frozen=True)
class EnvironmentInfo:
    """What CPython computes for an environment or interpreter, from files."""

    prefix: Path
    exec_prefix: Path
    base_prefix: Path
    base_exec_prefix: Path
    site_packages: Tuple[Path, ...]
    version: str
    include_system_site_packages: bool
    home: Optional[Path]
    executable: Path
    base_executable: Path
    is_venv: bool
    prompt: Optional[str]
    purelib: Path
    platlib: Path
    scripts: Path
    include: Path


def _resolve(path: StrPath, as_json: bool = False):
    lib = _native.library()
    info = ctypes.c_void_p()
    _check(lib.venv_resolve(ctypes.byref(info), _encode(path, "path")))
    try:
        if as_json:
            text = ctypes.c_void_p()
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
    return json.loads(_resolve(path, as_json=True))


def activation_env(env_dir: StrPath, environ: Optional[Mapping[str, str]] = None) -> Tuple[Dict[str, str], List[str]]:
    """What sourcing env_dir/bin/activate does to the environment variables,
    as (variables to set, names to remove), for the environment `environ`
    (default: os.environ; only its PATH is read). PS1 is left alone."""
    environ = os.environ if environ is None else environ
    entries = [_encode("%s=%s" % (k, v), "environ") for k, v in environ.items() if k == "PATH"]
    envp = (ctypes.c_char_p * (len(entries) + 1))(*entries, None)
    lib = _native.library()
    activation = ctypes.c_void_p()
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


# -- find: every Python on the machine (issue 14) ------------------------------

from ._find import FoundPython  # noqa: E402
from . import _find  # noqa: E402

__all__ += ["find", "find_python", "FoundPython"]


def find(workspaces: Iterable[StrPath] = (), search_paths: Iterable[StrPath] = ()) -> List[FoundPython]:
    """Every Python interpreter and environment on the machine, one
    FoundPython each, found where each tool keeps them and resolved from files
    (no Python is started). `workspaces`: project directories (their .venv,
    venv, env ...); `search_paths`: directories whose children are environments."""
    return _find.find(workspaces, search_paths, _check=_check, _encode=_encode)


def find_python(spec: Optional[StrPath] = None, workspaces: Iterable[StrPath] = (),
                search_paths: Iterable[StrPath] = ()) -> FoundPython:
    """The one Python `spec` means, as `swift-venv --python SPEC` takes it: a
    version ("3.12"), a PEP 440 specifier (">=3.10,<3.13"), a path, a command
    name, or None for pyenv's choice, else python3 on PATH. Raises
    NoPythonError when nothing matches."""
    return _find.find_python(spec, workspaces, search_paths, _check=_check, _encode=_encode)
