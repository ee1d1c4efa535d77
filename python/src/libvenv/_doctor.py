"""libvenv.doctor: what is wrong with an environment, why, and the command
that mends each problem, read from files alone (no Python is started)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from . import _native
from ._errors import StrPath, check as _check, encode as _encode


@dataclass(frozen=True)
class Problem:
    """One problem, as one of `swift-venv doctor --json`'s `problems`."""

    code: str    # "base-missing", "script-shebang-missing", ... (docs/doctor.md)
    path: str    # the file or directory concerned
    cause: str   # why it is a problem
    remedy: str  # the command that mends it


@dataclass(frozen=True)
class Replacement:
    """An interpreter that could replace a base that is gone or changed."""

    version: str
    executable: str


@dataclass(frozen=True)
class Diagnosis:
    """One environment's diagnosis, as a line of `swift-venv doctor --json`."""

    environment: Path
    version: Optional[str]          # pyvenv.cfg's
    home: Optional[str]             # pyvenv.cfg's
    base_version: Optional[str]     # the base's now, from its files
    base_executable: Optional[str]  # the base's real binary
    problems: Tuple[Problem, ...]
    replacements: Tuple[Replacement, ...]  # same minor version first, newest first

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def codes(self) -> Tuple[str, ...]:
        """The problems' codes, each once, in the order found."""
        return tuple(dict.fromkeys(p.code for p in self.problems))


def doctor(env_dir: StrPath, *, list_replacements: bool = True) -> Diagnosis:
    """Diagnose the environment at `env_dir`. With `list_replacements`, a base
    that is gone or of another minor version gets the interpreters that could
    replace it (find's discovery). Raises NotAVenvError when env_dir is
    neither an environment nor the place of an interrupted copy or move."""
    lib = _native.library()
    options = _native.DoctorOptions(_native.DOCTOR_OPTIONS_VERSION, 1 if list_replacements else 0)
    handle = _native.DiagnosisHandle()
    _check(lib.venv_doctor(ctypes.byref(handle), _encode(env_dir, "env_dir"), ctypes.byref(options)))
    try:
        def text(value: Optional[bytes]) -> Optional[str]:
            return None if value is None else value.decode("utf-8")

        def field(name: str) -> Optional[str]:
            return text(getattr(lib, "venv_diagnosis_" + name)(handle))

        def item(kind: str, name: str, index: int) -> str:
            return text(getattr(lib, "venv_diagnosis_%s_%s" % (kind, name))(handle, index)) or ""

        problems = tuple(Problem(*(item("problem", n, i) for n in ("code", "path", "cause", "remedy")))
                         for i in range(lib.venv_diagnosis_problem_count(handle)))
        replacements = tuple(Replacement(item("replacement", "version", i), item("replacement", "executable", i))
                             for i in range(lib.venv_diagnosis_replacement_count(handle)))
        return Diagnosis(environment=Path(field("environment") or ""), version=field("version"),
                         home=field("home"), base_version=field("base_version"),
                         base_executable=field("base_executable"), problems=problems, replacements=replacements)
    finally:
        lib.venv_diagnosis_free(handle)
