"""Fixtures of the resolution matrix: interpreters, environments, and the
three ways of asking where an environment's site-packages are."""
import json
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HARNESS = ROOT / "Tests" / "harness"
PROBE = (HARNESS / "probe.py").read_text()

# What every answer is compared on; `prompt` only the resolver can give.
KEYS = ["prefix", "exec_prefix", "base_prefix", "base_exec_prefix", "site_packages", "version",
        "include_system_site_packages", "home", "executable", "base_executable", "is_venv",
        "purelib", "platlib", "scripts", "include"]
RESOLVER_KEYS = KEYS[:11] + ["prompt"] + KEYS[11:]

# A scrubbed environment: nothing of the caller's (PYTHONHOME, VIRTUAL_ENV,
# PYENV_VERSION...) reaches an interpreter.
SCRUBBED = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C.UTF-8"}

# The interpreter matrix: Tests/support/interpreters.py, the one list of every suite.
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import interpreters  # noqa: E402
import testkit  # noqa: E402
from testkit import swift_venv  # noqa: E402,F401  (the fixture)

# Every interpreter the matrix wants, by name; an absent one is skipped, by name.
INTERPRETERS = interpreters.WANTED
PRESENT = interpreters.PRESENT
MIN_INTERPRETERS = int(os.environ.get("RESOLVE_MIN_INTERPRETERS", "7"))


def interpreter_params():
    """One pytest.param(name) per wanted interpreter, skipped by name when absent."""
    return [pytest.param(p.values[0], id=p.id, marks=p.marks) for p in interpreters.pytest_params()]


interpreter_path = interpreters.path_of


def run(argv, cwd=None, check=True):
    return testkit.run(argv, env=SCRUBBED, cwd=cwd, check=check)


@pytest.fixture(scope="session")
def tool():
    """The path of a tool (virtualenv, uv) from the tools environment."""
    def find(name):
        directory = os.environ.get("RESOLVE_TOOLS")
        path = directory and os.path.join(directory, name)
        if not path or not os.access(path, os.X_OK):
            pytest.skip(f"tool {name} absent: RESOLVE_TOOLS names no directory holding it (Tests/suites/20-resolve.sh installs it)")
        return path
    return find


@pytest.fixture(scope="session")
def workspace(tmp_path_factory):
    return tmp_path_factory.mktemp("resolve")


@pytest.fixture(scope="session")
def harness(workspace):
    """harness(interpreter name, program path) -> what embedded CPython computes."""
    built = {}

    def ask(name, program):
        if name not in built:
            binary = workspace / f"harness-{name}"
            run([HARNESS / "build.sh", interpreter_path(name), binary])
            built[name] = binary
        answer = json.loads(run([built[name], program, PROBE]).stdout)
        assert answer["runtime"]["ignore_environment"] == 1
        return answer
    return ask


def ask_python(program, cwd=None):
    """What the interpreter at `program` computes when run as a user runs it."""
    return json.loads(run([program, "-c", PROBE], cwd=cwd).stdout)


@pytest.fixture(scope="session")
def resolve(swift_venv):
    """resolve(path) -> `swift-venv info --json path`, parsed."""
    def ask(path, cwd=None):
        result = run([swift_venv, "info", "--json", path], cwd=cwd)
        lines = result.stdout.splitlines()
        assert len(lines) == 1, f"not one JSON line: {result.stdout!r}"
        answer = json.loads(lines[0])
        assert list(answer) == RESOLVER_KEYS, f"keys differ: {list(answer)}"
        return answer
    return ask


@pytest.fixture(scope="session")
def base_facts():
    """What each base interpreter says about itself (asked once)."""
    cache = {}

    def ask(name):
        if name not in cache:
            cache[name] = ask_python(interpreter_path(name))
        return cache[name]
    return ask


def agree(resolved, embedded, real=None):
    """The resolver, the harness and (when it can run) the real python agree."""
    problems = []
    for key in KEYS:
        if resolved[key] != embedded[key]:
            problems.append(f"{key}: resolver {resolved[key]!r} != harness {embedded[key]!r}")
        if real is not None and embedded[key] != real[key]:
            problems.append(f"{key}: harness {embedded[key]!r} != bin/python {real[key]!r}")
    if real is not None and embedded["runtime"]["version"] != real["runtime"]["version"]:
        problems.append(f"the harness ran {embedded['runtime']['version']!r}, bin/python {real['runtime']['version']!r}")
    assert not problems, "\n".join(problems)


def read_cfg(env):
    """pyvenv.cfg as site.py reads it (keys stripped and lower-cased)."""
    entries = {}
    for line in (pathlib.Path(env) / "pyvenv.cfg").read_text(encoding="utf-8").splitlines():
        key, eq, value = line.partition("=")
        if eq:
            entries[key.strip().lower()] = value.strip()
    return entries


def pytest_report_header(config):
    absent = [f"{n} ({p})" for n, p in INTERPRETERS if (n, p) not in PRESENT]
    lines = ["interpreters: " + ", ".join(f"{n}={p}" for n, p in PRESENT)]
    if absent:
        lines.append("ABSENT, their cases are skipped: " + ", ".join(absent))
    return lines
