"""Fixtures of the package suite (Tests/suites/55-python.sh): the wheel, built
once by the package's own backend, and for each interpreter of the matrix a
fresh environment made by `python -m libvenv` with the wheel pip-installed in
it. test_libvenv.py (run by 50-capi.sh inside an environment where pip
installed the package) uses none of them, only Tests/support on the path:
run, write_wheel and snapshot are Tests/support/testkit.py's, as in every
suite (check_builder.py, run by the bare interpreters without pytest,
keeps its own listing).
"""
import concurrent.futures
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON_DIR = ROOT / "python"
TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import testkit  # noqa: E402

# Nothing of the caller's points libvenv elsewhere: each test names its copy.
SCRUB = ("LIBVENV_PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")


def clean_environ(**extra):
    environ = {k: v for k, v in os.environ.items() if k not in SCRUB}
    environ.update(extra)
    return environ


def run(args, env=None, cwd=None):
    """testkit.run (output captured as text) with the scrubbed environment
    by default; the exit status is the caller's to read."""
    return testkit.run(args, env=env or clean_environ(), cwd=cwd, check=False)


def check(args, env=None, cwd=None):
    """run, failing the test (with the output's ends) on a non-zero exit."""
    return testkit.run(args, env=env or clean_environ(), cwd=cwd)


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("pkg")


@pytest.fixture(scope="session")
def wheel(work):
    """`pip wheel ./python`: the backend builds libvenv.so (release) itself."""
    out = work / "wheelhouse"
    check([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", out, PYTHON_DIR],
          cwd=str(work))
    wheels = list(out.glob("libvenv-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="session")
def unpacked(wheel, work):
    """The wheel's files, to run `python -m libvenv` before anything is installed."""
    target = work / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    os.chmod(target / "libvenv" / "libvenv.so", 0o755)
    return target


class Installed:
    """One interpreter's fresh environment with the wheel pip-installed, and
    the same wheel installed by that pip into a directory of its own (for
    the base interpreter, whose venv tests must not see the environment's
    pip)."""

    def __init__(self, name, base, env, target):
        self.name, self.base, self.env, self.target = name, base, Path(env), Path(target)
        self.python = self.env / "bin" / "python"

    def base_environ(self):
        """For running the base interpreter with the package importable."""
        return clean_environ(PYTHONPATH=str(self.target))


def _install(name, base, work, wheel, unpacked):
    env = work / ("env-" + name)
    # The package's own command line makes the environment (with pip)...
    check([base, "-m", "libvenv", env], env=clean_environ(PYTHONPATH=str(unpacked)))
    # ...and that environment's pip installs the wheel.
    pip = [env / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", "-q"]
    check(pip + [wheel])
    target = work / ("target-" + name)
    check(pip + ["--target", target, wheel])
    return Installed(name, base, env, target)


@pytest.fixture(scope="session")
def installed(work, wheel, unpacked):
    """name -> Installed, for every present interpreter (installed three at a time)."""
    import interpreters
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        futures = {name: pool.submit(_install, name, path, work, wheel, unpacked)
                   for name, path in interpreters.PRESENT}
    return {name: future for name, future in futures.items()}


@pytest.fixture(scope="session")
def python_m_build(work):
    """`python -m build python` (the sdist, then the wheel built from it in a
    scratch copy: a clean release build of the Swift package, with the
    optimizer off, `-C optimize=no`: the same files, manifest, flags and
    link, in a third of the CPU time; the optimized library is the one
    `pip wheel` built, tested everywhere else), started in the background
    when the packaging tests begin; test_sdist.py waits."""
    out = work / "build"
    log = open(str(work / "build.log"), "w")
    process = subprocess.Popen([sys.executable, "-m", "build", "-C", "optimize=no", "--outdir", str(out),
                                str(PYTHON_DIR)], cwd=str(work),
                               env=clean_environ(), stdout=log, stderr=subprocess.STDOUT)
    yield process, out, work / "build.log"
    if process.poll() is None:
        process.kill()
    process.wait()
    log.close()


FIGURES = []


def pytest_terminal_summary(terminalreporter):
    """The figures tests noted (figure()), printed before pytest's summary
    line and added to scripts/test's figures file."""
    if not FIGURES:
        return
    terminalreporter.write_line("figures:")
    for line in FIGURES:
        terminalreporter.write_line("  " + line)
    path = os.environ.get("SWIFT_VENV_FIGURES")
    if path:
        with open(path, "a") as stream:
            stream.write("".join("python package: %s\n" % line for line in FIGURES))


def figure(line):
    FIGURES.append(line)
