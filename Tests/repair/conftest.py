"""Shared by the repair suite: the tools, the base Python copied the way a
user's install moves, local wheels and projects (offline only)."""
import os
import pathlib
import shutil
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
sys.path.insert(0, str(ROOT / "Tests" / "freeze"))
sys.path.insert(0, str(ROOT / "python" / "src"))
import interpreters  # noqa: E402
import testkit  # noqa: E402
import wheels  # noqa: E402  (write_project)
from testkit import snapshot, swift_venv_bin, write_wheel  # noqa: E402,F401  (the suites' shared pieces)

# The release build under test; the debug build honours SWIFT_VENV_FAIL_AT.
SWIFT_VENV = swift_venv_bin()
DEBUG_BIN = os.environ.get("SWIFT_VENV_DEBUG_BIN", str(ROOT / ".build/debug/swift-venv"))
TOOLS = pathlib.Path(os.environ.get("REPAIR_TOOLS", ""))
os.environ["LIBVENV_PATH"] = os.environ.get("LIBVENV_DEBUG", str(ROOT / ".build/debug/libvenv.so"))


def pyenv(minor):
    """The pyenv install of `minor` (its prefix), or a skip naming it."""
    python = interpreters.path_of(f"pyenv-{minor}")
    if not python or not interpreters.present(python):
        pytest.skip(f"no pyenv {minor} on this machine")
    return pathlib.Path(python).resolve().parents[1]


def run(*args, check=True, env=None, **kwargs):
    """testkit's run of `args`, in this process's environment plus `env`."""
    return testkit.run(args, check=check, env=dict(os.environ, **(env or {})), **kwargs)


def copy_base(prefix, where):
    """A copy of a Python install at `where` (hard links: the same bytes, a
    new place), as a user's new or moved install: all of it but what was
    added to its site-packages (the directory is there, empty). The
    environments made from it do not see those packages, and they are the
    machine's, not the install's: this machine's pyenv 3.11 holds 51,000
    files there, 86% of the install, linked and removed for every test."""
    prefix, where = pathlib.Path(prefix), pathlib.Path(where)
    where.parent.mkdir(parents=True, exist_ok=True)
    added = {str(site) for site in prefix.glob("lib/python3.*/site-packages")}

    def link(source, destination):
        try:
            os.link(source, destination)
        except OSError:      # another file system
            shutil.copy2(source, destination)
    shutil.copytree(prefix, where, symlinks=True, copy_function=link,
                    ignore=lambda directory, names: names if directory in added else [])
    return where


# Offline: no index, no configuration of the machine's.
PIP_ENV = {"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PIP_NO_CACHE_DIR": "1", "PYTHONDONTWRITEBYTECODE": "1"}


class Wheelhouse:
    """pip's wheel from the base's ensurepip, a wheel with a console script,
    and a local project installed editable."""

    def __init__(self, directory, base):
        self.dir = pathlib.Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        bundled = next((base / "lib").glob("python3.*/ensurepip/_bundled"))
        for wheel in bundled.glob("*.whl"):
            shutil.copy(wheel, self.dir)
        write_wheel(str(self.dir), "hello-tool", "1.0", files={"hello_tool.py": "def main():\n    print('hello from', __import__('sys').prefix)\n"},
                           scripts={"hello": "hello_tool:main"})
        self.tool = write_wheel(str(self.dir), "base-tool", "2.0",
                                       files={"base_tool.py": "def main():\n    print('base tool')\n"},
                                       scripts={"base-tool": "base_tool:main"})
        self.project = wheels.write_project(str(self.dir.parent / "edit me"), "Edit-Me", "1.5")
        with open(os.path.join(self.project, "edit_me_mod.py"), "w") as f:
            f.write("VALUE = 42\n")


def record_hash(data):
    """A RECORD row's hash field, as pip writes it."""
    return testkit.record_line("", data).split(",")[1]
