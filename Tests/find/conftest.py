"""Fixtures of the find suite: the home the real tools populated (home.py),
and swift-venv find run in it."""
import json
import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from home import Home, run  # noqa: E402
from testkit import swift_venv  # noqa: E402,F401  (the fixture; home put Tests/support on sys.path)

KEYS = ["kind", "executable", "prefix", "base_prefix", "version", "site_packages", "implementation",
        "sources", "manager", "creator", "name", "project", "symlinks", "error", "unsupported", "problems"]


@pytest.fixture(scope="session")
def tools():
    path = os.environ.get("FIND_TOOLS")
    if not path or not os.access(os.path.join(path, "pipx"), os.X_OK):
        pytest.fail("FIND_TOOLS must name the tools environment's bin/ (Tests/suites/25-find.sh sets it)")
    return path


@pytest.fixture(scope="session")
def home(tmp_path_factory, swift_venv, tools):
    return Home(tmp_path_factory.mktemp("home"), swift_venv, tools).build()


@pytest.fixture(scope="session")
def find_args(home):
    return ["find", "--json", "--workspace", home.ws, "--workspace", home.ws / "sub",
            "--workspace", home.ws2, "--search-path", home.envs]


@pytest.fixture(scope="session")
def found(home, swift_venv, find_args):
    """`swift-venv find --json` in the home: the lines as written, parsed."""
    result = run([swift_venv, *find_args, "--verbose"], env=home.env, cwd=home.root)
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    return {"lines": lines, "records": records, "stderr": result.stderr}


@pytest.fixture(scope="session")
def asked():
    """What a python prints itself, once per executable."""
    memo = {}
    # Also for 2.7, which has neither sys.base_prefix (a base is its own)
    # nor sys.implementation.
    code = ("import json, platform, site, sys; print(json.dumps({'prefix': sys.prefix,"
            " 'base_prefix': getattr(sys, 'base_prefix', sys.prefix),"
            " 'version': platform.python_version(), 'site_packages': site.getsitepackages(),"
            " 'implementation': platform.python_implementation().lower()}))")

    def ask(executable):
        if executable not in memo:
            memo[executable] = json.loads(run([executable, "-c", code]).stdout)
        return memo[executable]
    return ask


def by_prefix(records, prefix):
    matches = [r for r in records if r["prefix"] == str(prefix)]
    assert len(matches) == 1, f"{len(matches)} records with prefix {prefix}: {matches}"
    return matches[0]
