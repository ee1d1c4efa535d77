"""The doctor suite's pieces: the store suite's (programs, wheels, a scrubbed
environment), base interpreters copied to a temporary place the way a user
installs one (a hard-linked copy of a pyenv version: a real tree of its own,
made in a moment), environments made from them by venv, virtualenv, uv and
swift-venv with pip and a console script, and doctor's records."""
import glob
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("store_support", ROOT / "Tests" / "store" / "conftest.py")
store = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(store)
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import interpreters  # noqa: E402

BIN, DEBUG_BIN, run, env, tool = store.BIN, store.DEBUG_BIN, store.run, store.env, store.tool
killed_at = store.killed_at


def pyenv_version(minor):
    """The pyenv installation of 3.minor the matrix uses, or a skip naming it."""
    python = interpreters._pyenv(minor)
    if not interpreters.present(python):
        pytest.skip("pyenv's Python 3.%d is absent (%s)" % (minor, python))
    return pathlib.Path(python).parents[1]


def copy_base(source, destination):
    """A copy of a whole installation: hard links on one file system (the copy
    is then changed only by removing or renaming its entries), else a copy."""
    result = subprocess.run(["cp", "-al", str(source), str(destination)], capture_output=True)
    if result.returncode != 0:
        shutil.rmtree(destination, ignore_errors=True)
        shutil.copytree(source, destination, symlinks=True)
    return pathlib.Path(destination)


# demo 1.0 (a console script demo-hello) and demo2 1.0, and a tmpfs the test
# mounts: the store suite's fixtures.
wheels = store.wheels
tmpfs = store.tmpfs


CREATORS = ("venv", "virtualenv", "uv", "swift-venv")


def make_env(creator, python, path, wheels):
    """An environment of `creator` from the base `python`, with pip (uv's
    through `uv pip`) and demo's console script installed."""
    path = str(path)
    if creator == "venv":
        run(python, "-m", "venv", path)
    elif creator == "virtualenv":
        run(tool("virtualenv"), "-q", "-p", python, path,
            environ=env(VIRTUALENV_OVERRIDE_APP_DATA=os.path.dirname(path) + "/.vapp"))
    elif creator == "uv":
        # uv's seeding asks the index; pip comes from the base's ensurepip wheel instead.
        uv_env = env(UV_CACHE_DIR=os.path.dirname(path) + "/.uv-cache", UV_PYTHON_DOWNLOADS="never")
        run(tool("uv"), "-q", "venv", "-p", python, path, environ=uv_env)
        bundled = glob.glob(os.path.join(os.path.dirname(python), "..", "lib", "python3.*", "ensurepip", "_bundled"))
        run(tool("uv"), "-q", "pip", "install", "--python", os.path.join(path, "bin", "python"), "--no-index",
            "--find-links", bundled[0], "pip", environ=uv_env)
    else:
        run(BIN, "--python", python, path)
    run(path + "/bin/python", "-m", "pip", "install", "-q", "--no-index", "--find-links", wheels, "demo")
    assert run(path + "/bin/demo-hello")[1].startswith("hello from")
    return pathlib.Path(path)


def doctor(*args, environ=None):
    """swift-venv doctor --json ARGS: (exit status, {environment: record}, stderr)."""
    code, out, err = run(BIN, "doctor", "--json", *args, check=False, environ=environ)
    assert code in (0, 1), (args, code, err)
    records = [json.loads(line) for line in out.splitlines()]
    return code, {r["environment"]: r for r in records}, err


def codes(record):
    return set(record["codes"])


def python_says(env_dir, name="python"):
    """What the environment's python (bin/NAME) says of itself: version,
    sys.prefix, sys._base_executable; None when it does not start."""
    script = "import json, platform, sys; print(json.dumps([platform.python_version(), sys.prefix, sys._base_executable]))"
    try:
        result = subprocess.run([str(env_dir) + "/bin/" + name, "-c", script], capture_output=True, env=env())
    except OSError:   # a link to nothing
        return None
    return json.loads(result.stdout) if result.returncode == 0 else None
