"""Packaging: `pip install ./python`, `pip wheel ./python` and
`python -m build python` build libvenv.so through the package's own backend;
the wheel's platform tag is the one auditwheel finds; the sdist carries what
the build needs; the wheel installs and works in every interpreter."""
import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import interpreters
from conftest import PYTHON_DIR, ROOT, check, clean_environ, run

TOOLS = Path(sys.executable).parent


@pytest.fixture(scope="module", autouse=True)
def start_python_m_build(python_m_build):
    """The slow build from the sdist runs while the other tests do."""


def test_wheel_tag_is_auditwheels(wheel):
    tag = re.match(r"libvenv-[^-]+-py3-none-(.+)\.whl$", wheel.name).group(1)
    shown = check([TOOLS / "auditwheel", "show", wheel]).stdout
    found = re.search(r'consistent with\s+the\s+following\s+platform\s+tag:\s+"([^"]+)"', shown)
    assert found, shown
    # auditwheel names the most compatible tag the library qualifies for.
    assert tag == found.group(1), shown


def test_wheel_record_and_library(wheel, work):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = list(csv.reader(io.StringIO(archive.read(record).decode())))
        assert {row[0] for row in rows} == names
        for name, digest, size in rows:
            if name == record:
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == ("sha256=" + expected, len(data)), name
        wheel_file = archive.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
        assert "Root-Is-Purelib: false" in wheel_file
        library = work / "check-libvenv.so"
        library.write_bytes(archive.read("libvenv/libvenv.so"))
    assert {"libvenv/__init__.py", "libvenv/__main__.py", "libvenv/_native.py"} <= names
    dynamic = check(["readelf", "-d", library]).stdout
    assert "libvenv.so.0" in dynamic
    assert "swift" not in dynamic.lower(), "the library needs a Swift runtime library"


def test_pip_install_dot_python_in_a_fresh_environment(work, unpacked):
    env = work / "fresh"
    check(["/usr/bin/python3", "-m", "libvenv", env], env=clean_environ(PYTHONPATH=str(unpacked)))
    check([env / "bin" / "pip", "install", "-q", "--disable-pip-version-check", "./python"], cwd=str(ROOT))
    code = ("import libvenv, sys, os; from libvenv import _native; libvenv.create(sys.argv[1]); "
            "print(libvenv.resolve(sys.argv[1]).prefix); print(_native.library()._name)")
    out = check([env / "bin" / "python", "-c", code, work / "made"], cwd=str(work)).stdout.split("\n")
    assert out[0] == str(work / "made")
    assert out[1].startswith(str(env / "lib")), "the library was loaded from %s, not the package" % out[1]


@pytest.mark.parametrize("name, path", interpreters.pytest_params())
def test_installed_wheel_works(installed, work, name, path):
    env = installed[name].result()
    code = ("import sys, libvenv; from libvenv import _native; "
            "libvenv.create(sys.argv[1], with_pip=True); info = libvenv.resolve(sys.argv[1]); "
            "print(_native.library()._name); print(info.prefix); print(info.version)")
    made = work / ("made-" + name)
    out = check([env.python, "-c", code, made]).stdout.split("\n")
    assert out[0].startswith(str(env.env)), out[0]
    assert out[1] == str(made)
    version = check([path, "-c", "import platform; print(platform.python_version())"]).stdout.strip()
    assert out[2] == version
    pip = check([made / "bin" / "python", "-m", "pip", "--version"]).stdout
    assert str(made) in pip
