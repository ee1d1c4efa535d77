"""libvenv.EnvBuilder and `python -m libvenv` against each interpreter's own
venv, under every interpreter of the matrix, with the package as pip
installed it (check_builder.py holds the in-interpreter checks)."""
import re

import pytest

import interpreters
import testkit
from conftest import TESTS, check, run


@pytest.mark.parametrize("name, path", interpreters.pytest_params())
def test_envbuilder_against_the_interpreters_venv(installed, work, name, path):
    env = installed[name].result()
    scratch = work / ("builder-" + name)
    scratch.mkdir()
    # The base interpreter, as venv is used (inside an environment, venv 3.8
    # to 3.10 would chain environments), with the installed package.
    result = run([path, TESTS / "check_builder.py", scratch], cwd=str(scratch), env=env.base_environ())
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert re.search(r"^checks: \d+ ok, 0 failed$", result.stdout, re.M), result.stdout


def _words(text):
    return " ".join(text.split())


@pytest.mark.parametrize("name, path", interpreters.pytest_params())
def test_python_m_libvenv_is_python_m_venv(installed, work, name, path):
    env = installed[name].result()
    environ = env.base_environ()
    # --help: venv's text, under our name (argparse re-wraps the usage lines).
    ours, theirs = run([path, "-m", "libvenv", "--help"], env=environ), run([path, "-m", "venv", "--help"], env=environ)
    assert ours.returncode == theirs.returncode == 0
    assert _words(ours.stdout) == _words(theirs.stdout).replace("usage: venv ", "usage: libvenv ", 1)
    # Usage errors: argparse's exit status 2 and message.
    for args in ([], ["--no-such-option", "x"], ["--symlinks", "--copies", "x"]):
        ours = run([path, "-m", "libvenv", *args], env=environ, cwd=str(work))
        theirs = run([path, "-m", "venv", *args], env=environ, cwd=str(work))
        assert ours.returncode == theirs.returncode == 2, (args, ours.stderr, theirs.stderr)
        assert _words(ours.stderr) == _words(theirs.stderr).replace("venv: error", "libvenv: error").replace(
            "usage: venv ", "usage: libvenv ", 1), args
    # venv's own refusal, printed as venv's __main__ prints it.
    ours = run([path, "-m", "libvenv", "--clear", "--upgrade", work / "never"], env=environ)
    theirs = run([path, "-m", "venv", "--clear", "--upgrade", work / "never"], env=environ)
    assert (ours.returncode, ours.stderr) == (theirs.returncode, theirs.stderr) == (1, ours.stderr)
    assert not (work / "never").exists()
    # An environment, as venv makes it (our two extra activation scripts aside).
    for flags in (["--without-pip"], ["--without-pip", "--copies", "--system-site-packages", "--prompt", "p q"]):
        mine, venvs = work / ("cli-ours-%s-%d" % (name, len(flags))), work / ("cli-theirs-%s-%d" % (name, len(flags)))
        check([path, "-m", "libvenv", *flags, mine], env=environ)
        check([path, "-m", "venv", *flags, venvs], env=environ)
        assert _tree(mine) == _tree(venvs)
        assert _config(mine) == _config(venvs)
        command = [line for line in (mine / "pyvenv.cfg").read_text().splitlines() if line.startswith("command = ")]
        if command:  # 3.11+
            assert command[0].startswith("command = %s -m libvenv " % path), command


def _tree(root):
    """Every entry, its kind, mode and link target (the path of root read as
    ENV; the activation scripts' text is ours), our two extra ones aside."""
    return testkit.snapshot(root, root_as="ENV", leave_out=("bin/activate.nu", "bin/activate_this.py"), contents=False)


def _config(root):
    return [line for line in (root / "pyvenv.cfg").read_text().splitlines() if not line.startswith("command = ")]
