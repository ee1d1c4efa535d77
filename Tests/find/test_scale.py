"""2,000 environments in one WORKON_HOME: find's work grows linearly, and
stays within the budget of issue 24 (at most 40 us per environment, 8 ms
for a whole small search). Work is counted in system calls (strace -c) and
in instructions (callgrind), each per environment at 200 and at 2,000
environments, and for the start-up alone; no time is measured."""
import json
import os
import re
import shutil
import subprocess

import pytest

from home import run
from test_find import figures
import testkit  # noqa: E402  (home put Tests/support on sys.path)

SIZES = (200, 2000)

# The budgets, in counts a busy machine does not inflate. Before issue 24:
# 27 system calls and about 390,000 instructions per environment, and 21
# million instructions to start (swift-argument-parser's reflection).
# After: 12 and about 180,000, and 2.4 million to start. doctor's problem
# codes (issue 25) are computed only when asked (--problems, or on first use
# through the C accessors and the bindings): with them, about 116 and
# 440,000, so a plain find must not run doctor's checks. Paths joined with
# one copy (PathText.join), versions parsed without a string per part: 12.1
# system calls and about 145,000 instructions per environment. Then (issue
# 24's 40 us in process) pyvenv.cfg read once by the locator that finds it
# (no stat first), the python's executable bit asked once per base (the end
# of its chain of links, through ResolveMemo), getpath's normalizing pass
# skipped for a chain already normal, fewer strings and dictionaries: 9.1
# system calls and 104,000-107,000 instructions. The budgets are those plus
# a margin smaller than one system call, and under 10% of the instructions,
# per environment: a regression of either fails here.
MAX_SYSCALLS_PER_ENVIRONMENT = 10
MAX_INSTRUCTIONS_PER_ENVIRONMENT = 115_000
MAX_STARTUP_INSTRUCTIONS = 4_000_000


@pytest.fixture(scope="module")
def homes(home, tmp_path_factory):
    """A bare home per size: nothing but WORKON_HOME holding N environments."""
    made = {}
    for size in (0,) + SIZES:
        root = tmp_path_factory.mktemp(f"scale{size}")
        workon = root / "workon"
        workon.mkdir()
        names = [str(workon / f"env{i:04d}") for i in range(size)]
        for start in range(0, len(names), 500):
            home.swift_venv_create(home.base, *names[start:start + 500])
        made[size] = {"HOME": str(root), "WORKON_HOME": str(workon), "PATH": str(root / "no-bin"),
                      "PYENV_ROOT": str(root / "no-pyenv"), "LC_ALL": "C.UTF-8"}
    return made


def find(swift_venv, env):
    return subprocess.run([swift_venv, "find", "--json"], env=env, stdout=subprocess.PIPE, check=True).stdout


def syscalls(swift_venv, env, tmp_path, cwd=None):
    out = tmp_path / "strace.txt"
    subprocess.run([shutil.which("strace"), "-f", "-c", "-o", str(out), swift_venv, "find", "--json"], env=env,
                   stdout=subprocess.DEVNULL, check=True, cwd=cwd)
    # The last line: "100.00  seconds  usecs/call  calls  errors  total".
    total = [line.split() for line in out.read_text().splitlines() if line.rstrip().endswith("total")]
    assert total, out.read_text()
    return int(total[-1][3])


def test_every_environment_found(homes, swift_venv):
    for size in SIZES:
        records = [json.loads(line) for line in find(swift_venv, homes[size]).splitlines()]
        records = [r for r in records if "workon_home" in r["sources"]]   # /usr/bin's python aside
        assert len(records) == size
        assert all(r["manager"] == "virtualenvwrapper" and r["error"] is None for r in records)


def test_system_calls_grow_linearly(homes, swift_venv, tmp_path):
    if not shutil.which("strace"):
        pytest.skip("strace absent (Tests/suites/25-find.sh names it for apt): system calls cannot be counted")
    base = syscalls(swift_venv, homes[0], tmp_path)
    per_env = {size: (syscalls(swift_venv, homes[size], tmp_path) - base) / size for size in SIZES}
    ratio = per_env[2000] / per_env[200]
    figures(f"find scale: {per_env[200]:.1f} system calls per environment at 200, {per_env[2000]:.1f} at 2,000 (ratio {ratio:.3f}); {base} with none")
    assert 0.8 <= ratio <= 1.25, per_env
    assert max(per_env.values()) <= MAX_SYSCALLS_PER_ENVIRONMENT, per_env


def instructions(swift_venv, env, tmp_path):
    """Instructions one `find --json` executes (testkit.instructions)."""
    return testkit.instructions([swift_venv, "find", "--json"], env, tmp_path)


def test_instructions_grow_linearly(homes, swift_venv, tmp_path):
    """Work counted in instructions, which a busy machine does not inflate
    as it inflates wall or CPU time."""
    if not shutil.which("valgrind"):
        pytest.skip("valgrind absent (Tests/suites/25-find.sh names it for apt): instructions cannot be counted")
    base = instructions(swift_venv, homes[0], tmp_path)
    per_env = {size: (instructions(swift_venv, homes[size], tmp_path) - base) / size for size in SIZES}
    ratio = per_env[2000] / per_env[200]
    figures(f"find scale: {per_env[200]:,.0f} instructions per environment at 200, {per_env[2000]:,.0f} at 2,000 "
            f"(ratio {ratio:.3f}; 1 is linear); {base:,} to start with none")
    assert 0.8 <= ratio <= 1.25, per_env
    assert max(per_env.values()) <= MAX_INSTRUCTIONS_PER_ENVIRONMENT, per_env
    # Start-up without the argument parser (FindFastPath).
    assert base <= MAX_STARTUP_INSTRUCTIONS, base


# A pyenv shim on PATH, recognised and followed to what pyenv would run:
# about 47,000 instructions; 279,000 when its first 512 bytes were searched
# as Characters (String.contains) rather than as bytes. About 19 system
# calls, pyenv's selection (.python-version from the working directory up)
# read once per search: from 20 directories down, 41 when each shim read it.
MAX_INSTRUCTIONS_PER_SHIM = 100_000
MAX_SYSCALLS_PER_SHIM = 30


def test_pyenv_shims_on_path_cost_little(home, homes, swift_venv, tmp_path):
    """The home's pyenv shims on PATH (python, python3, pythonX.Y), the
    version chosen by the home's version file, searched from 20 directories
    down: what they add to a search, counted in instructions and in system
    calls, stays within the budget per shim."""
    shims = sorted((home.pyenv_root / "shims").iterdir())
    env = dict(homes[0], PYENV_ROOT=str(home.pyenv_root))
    deep = tmp_path.joinpath(*["d"] * 20)
    deep.mkdir(parents=True)
    if shutil.which("strace"):
        without = syscalls(swift_venv, env, tmp_path, cwd=deep)
        with_shims = syscalls(swift_venv, dict(env, PATH=str(home.pyenv_root / "shims")), tmp_path, cwd=deep)
        per_shim = (with_shims - without) / len(shims)
        figures(f"find: {per_shim:.1f} system calls per pyenv shim on PATH")
        assert per_shim <= MAX_SYSCALLS_PER_SHIM, (per_shim, [s.name for s in shims])
    if not shutil.which("valgrind"):
        pytest.skip("valgrind absent (Tests/suites/25-find.sh names it for apt): instructions cannot be counted")
    env["PYENV_VERSION"] = home.base_version
    without = instructions(swift_venv, env, tmp_path)
    with_shims = instructions(swift_venv, dict(env, PATH=str(home.pyenv_root / "shims")), tmp_path)
    per_shim = (with_shims - without) / len(shims)
    figures(f"find: {per_shim:,.0f} instructions per pyenv shim on PATH")
    assert per_shim <= MAX_INSTRUCTIONS_PER_SHIM, (per_shim, [s.name for s in shims])


def test_a_directory_met_again_is_listed_once(home, swift_venv, tmp_path):
    """A directory that PATH names twice, or again through a link (/bin on a
    merged /usr), is listed once per search (ext4 takes about half a
    millisecond to list /usr/bin's thousand names); the records are those
    of listing it each time, every path to a python among its symlinks."""
    if not shutil.which("strace"):
        pytest.skip("strace absent (Tests/suites/25-find.sh names it for apt): listings cannot be counted")
    directory, again = tmp_path / "bin", tmp_path / "again"
    directory.mkdir()
    os.symlink(home.base, directory / "python3")
    os.symlink(directory, again)
    env = {"HOME": str(tmp_path), "PATH": f"{directory}:{again}:{directory}", "PYENV_ROOT": str(tmp_path / "none"),
           "LC_ALL": "C.UTF-8"}
    out = tmp_path / "strace.txt"
    printed = subprocess.run([shutil.which("strace"), "-f", "-e", "trace=open,openat", "-o", str(out), swift_venv,
                              "find", "--json"], env=env, stdout=subprocess.PIPE, check=True, text=True).stdout
    listed = [line for line in out.read_text().splitlines()
              if "O_DIRECTORY" in line and (f'"{directory}"' in line or f'"{again}"' in line)]
    assert len(listed) == 1, listed
    reached = [[r["executable"], *r["symlinks"]] for r in map(json.loads, printed.splitlines())]
    record = next(paths for paths in reached if str(directory / "python3") in paths)
    assert str(again / "python3") in record, reached
