"""`resolve`'s record (loaded on first use: `libvenv.EnvironmentInfo`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple


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


EnvironmentInfo.__module__ = "libvenv"
