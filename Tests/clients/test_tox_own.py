"""tox's own tests (issue 23), the ones that make environments through
virtualenv, run with VIRTUALENV_CREATOR=swift-venv
VIRTUALENV_SEEDER=swift-venv, those that do not pass again with
virtualenv's defaults (the same outcome there); every environment the tests
made is ours, but for those of the tests using test_virtualenv_api.py's
`virtualenv_opt` fixture: it deletes every VIRTUALENV_* variable (to see
tox's own settings reach virtualenv), so they are virtualenv's. (That
virtualenv's defaults make virtualenv's environments with libvenv
installed, test_tools.py checks for tox, nox, pre-commit, hatch and poetry.)

tox's sdist (CLIENTS_TOX_SRC, fetched by Tests/suites/57-clients.sh) carries
its tests; they run in an environment of their own (CLIENTS_TOX_PYTHON:
Tests/support/clients-tox.txt, tox and what its tests import, devpi among
it). Of them: tests/tox_env/python/virtual_env/test_virtualenv_api.py,
tox's virtualenv runner (creation, recreation, the seeded pip, installs,
paths, the interpreter), and the tests of tests/session/cmd/test_sequential.py
that create environments and install into them (a package, a wheel,
recreation, the package environment shared). Not run: the package-building
tests (package/: the building, not the environment, is what they test),
pep723 and subprocess_adapter (virtualenv in a subprocess of its own, where
the creator named is another virtualenv's), tox's tests needing
--run-integration (an index), and the missing-interpreter tests of
test_sequential (they make no environment; 60 s of discovery)."""
import ast
import os
import re

import pytest

import conftest
from test_tools import whose
from test_virtualenv import pytest_outcomes

TOX = os.environ.get("CLIENTS_TOX_SRC")
PYTHON = os.environ.get("CLIENTS_TOX_PYTHON")
# tox's own tests are run outside a CI service's environment: where tox
# sees one (tox.util.ci, the variables below) it runs `pip freeze` after each
# install, which tox's test_skip_develop_mode does not expect (it fails so
# with tox's own runner, CI=true as .ci/run sets it).
CI_MARKERS = ("CI", "TF_BUILD", "bamboo.buildKey", "BUILDKITE", "CIRCLECI", "CIRRUS_CI", "CODEBUILD_BUILD_ID",
              "GITHUB_ACTIONS", "GITLAB_CI", "HEROKU_TEST_RUN_ID", "BUILD_ID", "TEAMCITY_VERSION", "TRAVIS")
CLEAN = {k: v for k, v in conftest.CLEAN.items() if k not in CI_MARKERS}
OURS = dict(CLEAN, VIRTUALENV_CREATOR="swift-venv", VIRTUALENV_SEEDER="swift-venv")

API = "tests/tox_env/python/virtual_env/test_virtualenv_api.py"
SEQUENTIAL = ["tests/session/cmd/test_sequential.py::" + name for name in [
    "test_recreate_package", "test_rerun_sequential_wheel", "test_recreate_env_does_not_destroy_shared_pkg",
    "test_sequential_clears_pkg_at_most_once", "test_skip_develop_mode", "test_package_deps_change",
    "test_rerun_sequential_skip",
]]
# Not run: the test sets VIRTUALENV_SEEDER=pip itself, so neither run has
# our seeder (and it takes 15 s).
DESELECTED = [API + "::test_pip_seeder_debug_redacts_secret_env_vars"]


def clearing_tests():
    """The tests of API that use its `virtualenv_opt` fixture, which
    deletes every VIRTUALENV_* variable (to see tox's own settings reach
    virtualenv): their environments are virtualenv's in both runs."""
    tree = ast.parse(open(os.path.join(TOX, API)).read())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
            and "virtualenv_opt" in [arg.arg for arg in node.args.args]}


def environments(basetemp):
    """whose() of the environments each test made, by pytest's directory
    name of the test (its name, non-word characters replaced, cut at 30)."""
    return {re.sub(r"\d+$", "", test.name): whose(test) for test in basetemp.iterdir()
            if test.is_dir() and not test.is_symlink()}


def test_toxs_own_virtualenv_tests(tmp_path):
    if not TOX or not os.path.isdir(os.path.join(TOX, "tests")) or not PYTHON:
        pytest.skip("tox's sdist is not unpacked (CLIENTS_TOX_SRC, CLIENTS_TOX_PYTHON): run Tests/suites/57-clients.sh")
    # Every test's directory kept (tox's configuration keeps failed ones'
    # only), so the environments made can be told apart.
    args = ["-o", "tmp_path_retention_policy=all"]
    selected = [API] + SEQUENTIAL + ["--deselect=" + name for name in DESELECTED]

    def outcomes(label, env, tests):
        basetemp = tmp_path / label
        return (pytest_outcomes(tmp_path / (label + ".xml"), "--basetemp", str(basetemp), *args, *tests,
                                env=env, cwd=TOX, python=PYTHON), environments(basetemp))
    ours, our_envs = outcomes("ours", OURS, selected)
    assert set(SEQUENTIAL) <= set(ours), "not every test ran: %s" % sorted(ours)
    assert list(ours.values()).count("passed") >= 60, ours
    # Those that did not pass with ours, again with virtualenv's defaults
    # (as virtualenv's own tests: a test that passes with ours needs no
    # comparison): the same outcome, and virtualenv's environments.
    wanted = sorted(node for node, outcome in ours.items() if outcome != "passed")
    if wanted:
        defaults, default_envs = outcomes("defaults", CLEAN, wanted)
        differing = {node: (defaults.get(node), ours[node]) for node in wanted if defaults.get(node) != ours[node]}
        assert not differing, "outcomes (defaults, ours) differ: %s" % differing
        assert {e for envs in default_envs.values() for e in envs} <= {"virtualenv's"}
    # The environments the tests made: ours but for the tests that clear
    # VIRTUALENV_* themselves.
    clearing = {re.sub(r"\W", "_", name)[:30] for name in clearing_tests()}
    assert len(clearing) >= 4, clearing
    made = sorted(test for test, envs in our_envs.items() if envs)
    assert len(made) >= 20, made
    wrong = {test: our_envs[test] for test in made
             if set(our_envs[test]) != ({"virtualenv's"} if test in clearing else {"ours"})}
    assert not wrong, "environments not made as expected: %s" % wrong


def test_toxs_own_sequential_tests_with_our_runner(tmp_path):
    """The test_sequential tests above with tox's runner `swift-venv`
    (libvenv/_tox.py, TOX_OVERRIDE=testenv.runner=swift-venv; tox's test
    harness sets VIRTUALENV_PIP and VIRTUALENV_SETUPTOOLS=embed, which it
    follows): every one passes as with tox's own runner, and their
    environments are libvenv's, package environments (.pkg, the runner's
    `swift-venv-pep-517`) included, but for the test written in tox.toml,
    which has no [testenv] for the override to reach."""
    if not TOX or not os.path.isdir(os.path.join(TOX, "tests")) or not PYTHON:
        pytest.skip("tox's sdist is not unpacked (CLIENTS_TOX_SRC, CLIENTS_TOX_PYTHON): run Tests/suites/57-clients.sh")
    basetemp = tmp_path / "runner"
    outcomes = pytest_outcomes(tmp_path / "runner.xml", "--basetemp", str(basetemp), "-o",
                               "tmp_path_retention_policy=all", *SEQUENTIAL, cwd=TOX, python=PYTHON,
                               env=dict(CLEAN, TOX_OVERRIDE="testenv.runner=swift-venv"))
    assert outcomes == {name: "passed" for name in SEQUENTIAL}, outcomes
    made, packaged = {}, set()
    for test in basetemp.glob("*/p/.tox"):
        if test.parent.parent.is_symlink():  # pytest's NAMEcurrent
            continue
        for env in test.iterdir():
            envs = whose(env)
            made.setdefault(test.parent.parent.name, []).extend(envs)
            if env.name.startswith(".pkg") and envs:  # a package environment
                packaged.add(test.parent.parent.name)
    ours = [test for test, envs in made.items() if envs and set(envs) == {"ours"}]
    assert len(ours) >= len(SEQUENTIAL) - 1, made
    assert len(packaged & set(ours)) >= 4, (packaged, made)

