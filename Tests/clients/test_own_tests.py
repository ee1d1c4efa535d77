"""nox's and pre-commit's own tests (issue 23), the ones that make
environments through virtualenv, run with VIRTUALENV_CREATOR=swift-venv
VIRTUALENV_SEEDER=swift-venv; those that do not pass run again with
virtualenv's defaults, and have the same outcome there.

nox: its sdist's tests/test_virtualenv.py (CLIENTS_NOX_SRC, fetched by
Tests/suites/57-clients.sh), the tests of its `virtualenv` backend (the
others mock the creation or use venv, uv or conda). pre-commit: its sdist
has no tests, so Tests/clients/pre-commit holds the few files of its
repository that tests/languages/python_test.py needs (README.md there says
which commit); of it, the tests that install a hook's environment and run
its health check (which reads pyvenv.cfg's `version_info`). tox's own tests
need devpi-server beside tox (its pytest plugin imports devpi_process): they
run in test_tox_own.py, in an environment of their own."""
import os

import pytest

from conftest import CLEAN, HERE
from test_virtualenv import pytest_outcomes

NOX = os.environ.get("CLIENTS_NOX_SRC")
OURS = dict(CLEAN, VIRTUALENV_CREATOR="swift-venv", VIRTUALENV_SEEDER="swift-venv")

# nox's tests that create an environment with its virtualenv backend
# (test_stale_environment[virtualenv-venv-True] makes one, then finds it
# stale for venv without making another).
NOX_TESTS = ["tests/test_virtualenv.py::" + name for name in [
    "test_create", "test_create_reuse_environment", "test_create_reuse_environment_with_different_interpreter",
    "test_create_reuse_environment_with_broken_interpreter_symlink[virtualenv]",
    "test_create_reuse_stale_virtualenv_environment", "test_not_stale_virtualenv_environment",
    "test_create_reuse_oldstyle_virtualenv_environment", "test_inner_functions_reusing_venv",
    "test_create_interpreter", "test_stale_environment[virtualenv-venv-True]",
]]
# pre-commit's tests that install a `language: python` hook's environment:
# healthy after creation (its check reads pyvenv.cfg's version_info), the
# check's answer to a pyvenv.cfg without it, and a hook run. (Each builds a
# package with pip and setuptools; the other health tests repeat that for
# other edits of the same environment.)
PRE_COMMIT_TESTS = ["tests/languages/python_test.py::" + name for name in [
    "test_healthy_default_creator", "test_unhealthy_unexpected_pyvenv", "test_simple_python_hook",
]]


def same_outcomes(tmp_path, source, args, env=None):
    """The tests' outcomes by node id with ours: every selected test ran;
    those that did not pass have the same outcome with defaults (run again
    for them alone, as virtualenv's own tests are: a test that passes with
    our plugins selected needs no comparison)."""
    extra = dict(env or {})
    ours = pytest_outcomes(tmp_path / "ours.xml", *args, env=dict(OURS, **extra), cwd=source)
    assert sorted(ours) == sorted(args), "not every test ran: %s" % sorted(ours)
    assert "passed" in ours.values()
    wanted = sorted(node for node, outcome in ours.items() if outcome != "passed")
    defaults = {}
    if wanted:
        defaults = pytest_outcomes(tmp_path / "defaults.xml", *wanted, env=dict(CLEAN, **extra), cwd=source)
    differing = {node: (defaults.get(node), ours[node]) for node in wanted if defaults.get(node) != ours[node]}
    assert not differing, "outcomes (defaults, ours) differ: %s" % differing


def test_noxs_own_virtualenv_backend_tests(tmp_path):
    if not NOX or not os.path.isdir(os.path.join(NOX, "tests")):
        pytest.skip("nox's sdist is not unpacked (CLIENTS_NOX_SRC): run Tests/suites/57-clients.sh")
    same_outcomes(tmp_path, NOX, NOX_TESTS)


def test_pre_commits_own_python_tests(tmp_path):
    import virtualenv.seed.wheels.embed as embed
    # Offline: the hooks' setup.py build with setuptools from virtualenv's wheels.
    offline = dict(PIP_NO_INDEX="1", PIP_FIND_LINKS=os.path.dirname(embed.__file__))
    same_outcomes(tmp_path, os.path.join(HERE, "pre-commit"), PRE_COMMIT_TESTS, env=offline)
