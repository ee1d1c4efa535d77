"""Fixtures and helpers of the pip suite (issue 6): the swift-venv under test,
a scratch directory, the wheel built here, and the reference environments made
by each interpreter's own `python -m venv` (ensurepip)."""
import glob
import io
import os
import shutil
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
import interpreters  # noqa: E402  (the one interpreter matrix)
import pip_compare  # noqa: E402
import testkit  # noqa: E402  (the suites' shared pieces)

BIN = testkit.swift_venv_bin()
PIP_ENV = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1")
for key in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "PIP_INDEX_URL", "PIP_FIND_LINKS"):
    PIP_ENV.pop(key, None)


def pytest_configure(config):
    if not os.access(BIN, os.X_OK):
        pytest.exit("no swift-venv at %s: run scripts/test, or set SWIFT_VENV_BIN" % BIN, returncode=1)


def run(*args, env=None, cwd=None):
    """The output (stdout and stderr) of args; fails the test on a non-zero exit."""
    return testkit.run(args, env=env or PIP_ENV, cwd=cwd, merge=True).stdout


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
    # A pure-Python wheel with a console script.
    testkit.write_wheel(directory, "hello", "1.0", files={"hello/__init__.py": "import sys\n\ndef main():\n    print('hello from', sys.prefix)\n"},
                        scripts={"hello": "hello:main"})
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
