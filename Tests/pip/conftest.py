"""Fixtures and helpers of the pip suite (issue 6): the swift-venv under test,
a scratch directory, the wheel built here, and the reference environments made
by each interpreter's own `python -m venv` (ensurepip)."""
import base64
import glob
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
import interpreters  # noqa: E402  (the one interpreter matrix)
import pip_compare  # noqa: E402

BIN = os.environ.get("SWIFT_VENV_BIN") or os.path.join(ROOT, ".build/release/swift-venv")
PIP_ENV = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1")
for key in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "PIP_INDEX_URL", "PIP_FIND_LINKS"):
    PIP_ENV.pop(key, None)


def pytest_configure(config):
    if not os.access(BIN, os.X_OK):
        pytest.exit("no swift-venv at %s: run scripts/test, or set SWIFT_VENV_BIN" % BIN, returncode=1)


def run(*args, env=None, cwd=None):
    result = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env or PIP_ENV, cwd=cwd)
    if result.returncode != 0:
        raise AssertionError("%s: exit %d\n%s" % (" ".join(map(str, args)), result.returncode,
                                                  result.stdout.decode(errors="replace")[-2000:]))
    return result.stdout.decode()


def swift_venv(python, env, *flags, environ=None):
    return run(BIN, "--python", python, *flags, env, env=environ)


def reference(python, env, *flags):
    run(python, "-m", "venv", *flags, env, env=dict(PIP_ENV))


def same_as(ours, ref):
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        status = pip_compare.main(os.path.abspath(ours), os.path.abspath(ref))
    finally:
        sys.stdout = saved
    if status:
        raise AssertionError("differs from python -m venv:\n" + out.getvalue()[:3000])


def seeded_same(python, env, ref):
    log = swift_venv(python, env, "--verbose")
    assert "seeding pip-" in log and "ensurepip" not in log, "not seeded:\n" + log
    same_as(env, ref)


def site_packages(env):
    found = glob.glob(os.path.join(env, "lib", "python3.*", "site-packages"))
    assert len(found) == 1, found
    return found[0]


def build_wheel(directory, name="hello", version="1.0"):
    """A pure-Python wheel with a console script, made by hand."""
    dist = "%s-%s.dist-info" % (name, version)
    files = {
        "%s/__init__.py" % name: "import sys\n\ndef main():\n    print('%s from', sys.prefix)\n" % name,
        dist + "/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version),
        dist + "/WHEEL": "Wheel-Version: 1.0\nGenerator: pip_suite\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        dist + "/entry_points.txt": "[console_scripts]\n%s = %s:main\n" % (name, name),
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d\n" % (path, digest, len(text.encode())))
    record.append(dist + "/RECORD,,\n")
    path = os.path.join(directory, "%s-%s-py3-none-any.whl" % (name, version))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for member, text in files.items():
            whl.writestr(member, text)
        whl.writestr(dist + "/RECORD", "".join(record))
    return path


@pytest.fixture(scope="session")
def tmp():
    """The suite's scratch directory, removed at the end."""
    directory = tempfile.mkdtemp(prefix="swift-venv-pip-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def wheels(tmp):
    directory = os.path.join(tmp, "wheels")
    os.mkdir(directory)
    build_wheel(directory)
    return directory


@pytest.fixture(scope="session")
def reference_of(tmp):
    """reference_of(name, python): the path of `python -m venv` made by that
    interpreter, at TMP/NAME/refs, made on first use."""
    made = {}

    def make(name, python):
        ref = os.path.join(tmp, name, "refs")
        if name not in made:
            reference(python, ref)
            made[name] = ref
        return ref
    return make
