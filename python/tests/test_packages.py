"""libvenv.packages and libvenv.freeze (issue 16) against the pip of the
environment they read, and the C functions behind them (venv_packages_*),
their error paths included. Run by Tests/suites/50-capi.sh with the rest of
python/tests; the full interpreter matrix is Tests/suites/45-freeze.sh's."""
from __future__ import annotations

import base64
import ctypes
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import libvenv
from libvenv import _native

BASE = getattr(sys, "_base_executable", None) or sys.executable


def _wheel(directory: Path, name: str, version: str) -> Path:
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    files = {
        f"{name.replace('-', '_').lower()}.py": b"",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: t\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    path = directory / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    rows = []
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in files.items():
            zf.writestr(member, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            rows.append(f"{member},sha256={digest},{len(data)}")
        zf.writestr(f"{info}/RECORD", "\n".join(rows + [f"{info}/RECORD,,"]) + "\n")
    return path


def _pip(env: Path, *args: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(env / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", *args],
                          check=True, capture_output=True, text=True, env=environ, cwd=str(env)).stdout


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("packages")
    wheels = root / "wheels"
    wheels.mkdir()
    _wheel(wheels, "Some_Thing.x", "1.0.0")
    direct = _wheel(root, "direct-one", "2.0")
    env = root / "env"
    libvenv.create(env, python=BASE)
    _pip(env, "install", "-q", "--no-index", "--find-links", str(wheels), "Some_Thing.x")
    _pip(env, "install", "-q", "--no-index", str(direct))
    return env


@pytest.mark.parametrize("options", [{}, {"all": True}, {"exclude": ["some-thing-X"]}, {"exclude_editable": True}, {"local": True}])
def test_freeze_is_pip_freeze(env, options):
    args = ["freeze"]
    if options.get("all"):
        args.append("--all")
    for name in options.get("exclude", ()):
        args += ["--exclude", name]
    if options.get("exclude_editable"):
        args.append("--exclude-editable")
    if options.get("local"):
        args.append("--local")
    assert libvenv.freeze(env, **options) == _pip(env, *args)


def test_packages_is_pip_list(env):
    theirs = json.loads(_pip(env, "list", "-v", "--format=json"))
    ours = libvenv.packages(env)
    assert [(d.name, d.version, str(d.location), d.installer) for d in ours] == \
        [(d["name"], d["version"], d["location"], d["installer"]) for d in theirs]
    direct = next(d for d in ours if d.normalized_name == "direct-one")
    assert direct.direct_url["url"].startswith("file://") and "archive_info" in direct.direct_url
    assert direct.requested and not direct.editable and direct.editable_project_location is None
    with pytest.raises(AttributeError):
        direct.name = "other"  # frozen


def test_c_functions_and_their_errors(env):
    lib = _native.library()
    handle = ctypes.c_void_p()
    assert lib.venv_packages_read(ctypes.byref(handle), str(env).encode()) == 0
    try:
        count = lib.venv_packages_count(handle)
        assert count == len(libvenv.packages(env))
        assert lib.venv_packages_name(handle, count) is None
        assert lib.venv_packages_requested(handle, count) == -1
        assert lib.venv_packages_editable(handle, count) == -1
        assert lib.venv_packages_note_count(handle) == 0 and lib.venv_packages_note_at(handle, 0) is None
        text = ctypes.c_void_p()
        assert lib.venv_packages_to_json(ctypes.byref(text), handle) == 0
        listed = json.loads(ctypes.string_at(text).decode())
        lib.venv_string_free(text)
        assert [d["name"] for d in listed] == [d.name for d in libvenv.packages(env)]
        assert lib.venv_packages_to_json(None, handle) == -2
        assert lib.venv_packages_freeze(ctypes.byref(text), None, None) == -2
        options = _native.FreezeOptions()
        assert lib.venv_freeze_options_init(ctypes.byref(options), 0) == -2
        assert lib.venv_freeze_options_init(ctypes.byref(options), _native.FREEZE_OPTIONS_VERSION + 1) == -2
        assert lib.venv_freeze_options_init(None, 1) == -2
        options.version = 99
        assert lib.venv_packages_freeze(ctypes.byref(text), handle, ctypes.byref(options)) == -2
        assert b"version 99" in lib.venv_error_last().contents.message
        assert lib.venv_packages_freeze(ctypes.byref(text), handle, None) == 0
        assert ctypes.string_at(text).decode() == _pip(env, "freeze")
        lib.venv_string_free(text)
    finally:
        lib.venv_packages_free(handle)
    lib.venv_packages_free(None)
    assert lib.venv_packages_read(None, str(env).encode()) == -2
    assert lib.venv_packages_read(ctypes.byref(handle), None) == -2 and not handle
    assert lib.venv_packages_read(ctypes.byref(handle), b"") == -2
    assert lib.venv_packages_read(ctypes.byref(handle), b"\xff") == -2


def test_errors_are_exceptions(tmp_path):
    with pytest.raises(libvenv.VenvError):
        libvenv.packages(tmp_path / "missing")
    with pytest.raises(libvenv.InvalidArgumentError):
        libvenv.freeze("a\0b")
