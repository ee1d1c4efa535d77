"""Fixtures of the clients suite (issue 23, Tests/suites/57-clients.sh): the
swift-venv under test, the base interpreter, and wheels written here.

The suite runs in the clients environment (Tests/support/clients.txt, with
the libvenv package of this tree installed), so `import libvenv` and
virtualenv with our plugins are there."""
import base64
import hashlib
import os
import subprocess
import sys
import zipfile

import pytest

# pre-commit's own tests, run by test_own_tests.py in a pytest of their own.
collect_ignore = ["pre-commit"]

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
sys.path.insert(0, os.path.join(ROOT, "Tests", "pip"))
import interpreters  # noqa: E402
import pip_compare  # noqa: E402

BIN = os.environ.get("SWIFT_VENV_BIN") or os.path.join(ROOT, ".build/release/swift-venv")
PYTHON = interpreters.PRESENT[0][1]
CLEAN = {k: v for k, v in os.environ.items()
         if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "PIP_INDEX_URL",
                      "PIP_FIND_LINKS", "VIRTUALENV_CREATOR", "VIRTUALENV_SEEDER")}
CLEAN.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1")


def run(*args, check=True, env=None, cwd=None):
    result = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env or CLEAN, cwd=cwd, universal_newlines=True)
    if check and result.returncode != 0:
        raise AssertionError("%s: exit %d\n%s" % (" ".join(map(str, args)), result.returncode, result.stdout[-3000:]))
    return result


def run_shadowed(tmp_path, package, code):
    """CODE's output, run by this python with an empty package PACKAGE first
    on sys.path: a tool of another shape than the one a plugin knows."""
    fake = tmp_path / "fake" / package
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    return run(sys.executable, "-c", "import sys; sys.path.insert(0, %r)\n" % str(tmp_path / "fake") + code).stdout


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def write_wheel(directory, name="demo", version="1.0", tag="py3-none-any"):
    """A wheel with everything pip's installer treats: a package, a module,
    console and gui scripts, .data/scripts with `#!python` and without,
    .data/headers and .data/data, an executable member."""
    info = "%s-%s.dist-info" % (name, version)
    data = "%s-%s.data" % (name, version)
    files = [
        ("%s/__init__.py" % name, b"import sys\n\ndef main():\n    print('%s', sys.prefix)\n" % name.encode(), False),
        ("%s/tool.sh" % name, b"#!/bin/sh\necho tool\n", True),
        ("%s_single.py" % name, b"VALUE = 1\n", False),
        (data + "/scripts/%s-fixed" % name, b"#!python\nprint('fixed')\n", True),
        (data + "/scripts/%s-plain" % name, b"#!/bin/sh\necho plain\n", True),
        (data + "/headers/%s.h" % name, b"/* header */\n", False),
        (data + "/data/share/%s/data.txt" % name, b"data\n", False),
        (info + "/METADATA", ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)).encode(), False),
        (info + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: clients-suite\nRoot-Is-Purelib: true\nTag: %s\n"
                           % tag).encode(), False),
        (info + "/entry_points.txt", ("[console_scripts]\n%s = %s:main\n%s-extra = %s:main\n\n"
                                      "[gui_scripts]\n%s-gui = %s:main\n" % ((name,) * 6)).encode(), False),
    ]
    path = os.path.join(directory, "%s-%s-%s.whl" % (name, version, tag))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for member, body, executable in files:
            zinfo = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            zinfo.external_attr = (0o100755 if executable else 0o100644) << 16
            whl.writestr(zinfo, body)
        rows = [record_line(m, b) for m, b, _ in files] + [info + "/RECORD,,"]
        whl.writestr(info + "/RECORD", "\n".join(rows) + "\n")
    return path


@pytest.fixture
def wheels(tmp_path):
    directory = tmp_path / "wheels"
    directory.mkdir()
    return [write_wheel(str(directory)), write_wheel(str(directory), "other", "2.0")]


def same_as(ours, reference):
    """pip_compare (the pip suite's file-by-file comparison) says no difference."""
    import io
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        status = pip_compare.main(os.path.abspath(str(ours)), os.path.abspath(str(reference)))
    finally:
        sys.stdout = saved
    assert status == 0, "differs from pip's install:\n" + out.getvalue()[:3000]
