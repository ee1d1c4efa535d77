"""Fixtures of the activation suite: one scratch directory with the sentinel
command, and the environments every round-trip test activates, made once."""
import os
import shutil
import tempfile

import pytest

import harness


@pytest.fixture(scope="session")
def setup():
    if harness.BASE_PYTHON is None:
        pytest.fail("no interpreter of the matrix is present (Tests/support/interpreters.py)")
    root = tempfile.mkdtemp(prefix="swift-venv-activation-")
    yield harness.Setup(root)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def made(setup):
    return harness.make_cases(setup)


@pytest.fixture(scope="session")
def cases(made):
    return made[0]


@pytest.fixture(scope="session")
def relocatable_cases(setup):
    """The same cases made with --relocatable: their scripts find the
    environment from where they are (bash, zsh, ksh93, fish) or use the path
    they were made at (dash, csh, tcsh)."""
    cases, failures = harness.make_cases(setup, relocatable=True)
    assert not failures, failures
    return cases


def pytest_terminal_summary(terminalreporter):
    """The figures of the run, printed above pytest's closing line."""
    lines = harness.FIGURES
    if lines:
        terminalreporter.section("activation figures")
        for line in lines:
            terminalreporter.write_line(line)
    figures = os.environ.get("SWIFT_VENV_FIGURES")
    if figures and lines:
        with open(figures, "a") as f:
            f.write("".join("activation: " + line + "\n" for line in lines))
