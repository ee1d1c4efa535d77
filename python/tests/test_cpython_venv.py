"""CPython's own venv tests (each interpreter's Lib/test/test_venv.py) with
venv.EnvBuilder and venv.create replaced by libvenv's, as installed by pip.

Every test must pass, except:
- the tests asserting the exact `command` line of pyvenv.cfg (3.11+), which
  names `python -m libvenv` where venv writes `python -m venv`; each of
  those must fail on that line alone;
- the tests that skip themselves on Linux (Windows and macOS only).
"""
import concurrent.futures
import json
import re

import pytest

import interpreters
from conftest import TESTS, figure, run

# Asserting `command = <python> -m venv ...` exactly (with no other check failing).
COMMAND_LINE_TESTS = {
    "test.test_venv.BasicTest.test_defaults_with_str_path",
    "test.test_venv.BasicTest.test_defaults_with_pathlib_path",  # 3.11, 3.12
    "test.test_venv.BasicTest.test_defaults_with_pathlike",      # 3.13
}
# Skipped by the tests themselves anywhere but on Windows or macOS.
NOT_ON_LINUX = {
    "test.test_venv.BasicTest.test_unicode_in_batch_file": "only relevant on Windows",
    "test.test_venv.BasicTest.test_failed_symlink": "symlinks on Windows",
    "test.test_venv.BasicTest.test_special_chars_windows": "only relevant on Windows",
    "test.test_venv.BasicTest.test_macos_env": "only relevant on macOS",
}


def _run(installed, work):
    if run([installed.base, "-c", "import test.test_venv"], env=installed.base_environ()).returncode != 0:
        return None, None  # the interpreter has no test package
    out = work / ("test_venv-%s.json" % installed.name)
    result = run([installed.base, TESTS / "run_cpython_venv_tests.py", out], env=installed.base_environ(),
                 cwd=str(work))
    outcomes = json.loads(out.read_text()) if out.exists() else None
    return result, outcomes


@pytest.fixture(scope="module")
def runs(installed, work):
    """Each interpreter's test_venv, three interpreters at a time."""
    pool = concurrent.futures.ThreadPoolExecutor(3)
    futures = {name: pool.submit(_run, future.result(), work) for name, future in installed.items()}
    yield futures
    pool.shutdown()


@pytest.mark.parametrize("name, path", interpreters.pytest_params())
def test_cpython_venv_tests_pass_with_libvenv(runs, name, path):
    result, outcomes = runs[name].result()
    if result is None:
        package = "libpython3.11-testsuite" if path.startswith("/usr/") else "its test package"
        pytest.skip("%s has no test.test_venv (%s is not installed)" % (path, package))
    assert outcomes, "test_venv did not run: %s\n%s" % (result.returncode, result.stderr[-3000:])
    assert len(outcomes) >= 15, sorted(outcomes)
    unexpected = {}
    for test, (outcome, detail) in sorted(outcomes.items()):
        if outcome == "passed":
            continue
        if outcome == "skipped" and test in NOT_ON_LINUX:
            assert NOT_ON_LINUX[test] in detail, (test, detail)
            continue
        if outcome == "failed" and test in COMMAND_LINE_TESTS:
            # venv's exact line, and ours: the same but `-m libvenv`.
            found = re.search(r"'command = (\S+) -m venv (.*?)' not found in '.*?command = (\S+) -m libvenv (.*?)\\n",
                              detail)
            assert found and found.group(1) == found.group(3) and found.group(2) == found.group(4), detail
            continue
        unexpected[test] = (outcome, detail)
    assert not unexpected, "\n\n".join("%s: %s\n%s" % (t, o, d) for t, (o, d) in unexpected.items())
    passed = sum(1 for outcome, _ in outcomes.values() if outcome == "passed")
    skipped = sum(1 for outcome, _ in outcomes.values() if outcome == "skipped")
    figure("%s: CPython's test_venv with libvenv: %d passed, %d failed on the command line alone, %d skipped (not Linux), of %d"
           % (name, passed, len(outcomes) - passed - skipped, skipped, len(outcomes)))
