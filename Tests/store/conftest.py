"""Shared pieces of the store suite: the programs under test and beside it,
local wheels, tree snapshots, and a scrubbed environment for every process."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import interpreters  # noqa: E402  (the one interpreter matrix)
import testkit  # noqa: E402
from testkit import snapshot, swift_venv_bin, write_wheel  # noqa: E402,F401  (the suites' shared pieces)

BIN = swift_venv_bin()
# The debug build, which honours SWIFT_VENV_FAIL_AT (46-store.sh builds it):
# tests stop a copy or move at a named moment with it instead of racing a kill.
DEBUG_BIN = os.environ.get("SWIFT_VENV_DEBUG_BIN") or str(ROOT / ".build/debug/swift-venv")
TOOLS = pathlib.Path(os.environ.get("STORE_TOOLS") or "/nonexistent")
FIGURES = os.environ.get("SWIFT_VENV_FIGURES")

# Nothing of the caller's (VIRTUAL_ENV, PYTHONHOME, pip settings, WORKON_HOME)
# reaches the programs run; pip never asks the network.
BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LC_ALL": "C.UTF-8",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_INPUT": "1",
    "PIP_NO_CACHE_DIR": "1",
    "PIP_NO_INDEX": "1",
}
if os.environ.get("SWIFT_VENV_CACHE_DIR"):
    BASE_ENV["SWIFT_VENV_CACHE_DIR"] = os.environ["SWIFT_VENV_CACHE_DIR"]


def env(**extra):
    e = dict(BASE_ENV)
    e["HOME"] = extra.pop("HOME", os.environ.get("HOME", "/root"))
    e.update({k: str(v) for k, v in extra.items()})
    return e


def run(*args, check=True, environ=None, cwd=None, input=None, timeout=300):
    """(exit status, stdout, stderr) of args, in the scrubbed environment."""
    result = testkit.run(args, env=environ or env(), cwd=cwd, check=check, input=input, timeout=timeout)
    return result.returncode, result.stdout, result.stderr


def store(tmp_path, *names):
    """A $WORKON_HOME, tmp_path/envs, holding an environment (without pip)
    of each name."""
    workon = tmp_path / "envs"
    workon.mkdir(exist_ok=True)
    for name in names:
        run(BIN, "--without-pip", workon / name)
    return workon


def first_python():
    if not interpreters.PRESENT:
        pytest.skip("no interpreter of the matrix is present: " + ", ".join(n for n, _ in interpreters.WANTED))
    return interpreters.PRESENT[0]


def killed_at(moment, *args, environ=None):
    """Runs the debug build with SWIFT_VENV_FAIL_AT=moment, which kills it
    (SIGKILL) there; fails unless it was killed there."""
    if not os.access(DEBUG_BIN, os.X_OK):
        pytest.fail("no debug build at %s (46-store.sh builds it)" % DEBUG_BIN)
    e = dict(environ or env(), SWIFT_VENV_FAIL_AT=moment)
    result = subprocess.run([DEBUG_BIN] + [str(a) for a in args], capture_output=True, env=e, timeout=300)
    assert result.returncode == -9, "not killed at %s: exit %d, %s" % (moment, result.returncode, result.stderr[-2000:])


@pytest.fixture
def tmpfs(tmp_path):
    """A tmpfs the test mounts (so another file system than tmp_path's) and unmounts."""
    point = tmp_path / "tmpfs"
    point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m,mode=0755", "store-suite", str(point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("mounting a tmpfs was refused here (%s)" % result.stderr.strip())
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


def tool(name):
    path = TOOLS / name
    if not path.exists():
        pytest.skip("%s absent from the tools environment (%s); run through scripts/test" % (name, TOOLS))
    return str(path)


# --- wheels built here, no network ---------------------------------------------------------------

EDITABLE_BACKEND = '''
"""A PEP 660 build backend of a few lines: the editable wheel holds a .pth
naming the project's src directory, as setuptools' does."""
import base64, hashlib, os, zipfile

NAME, VERSION = "edit_proj", "0.1"
DIST = NAME + "-" + VERSION + ".dist-info"


def _wheel(directory, members):
    members[DIST + "/METADATA"] = "Metadata-Version: 2.1\\nName: edit-proj\\nVersion: 0.1\\n"
    members[DIST + "/WHEEL"] = "Wheel-Version: 1.0\\nGenerator: backend\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    rows = []
    for path, text in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        rows.append("%s,sha256=%s,%d" % (path, digest, len(text.encode())))
    rows.append(DIST + "/RECORD,,")
    name = NAME + "-" + VERSION + "-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w") as whl:
        for path, text in members.items():
            whl.writestr(path, text)
        whl.writestr(DIST + "/RECORD", "\\n".join(rows) + "\\n")
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src", "edit_proj", "__init__.py")
    return _wheel(wheel_directory, {"edit_proj/__init__.py": open(src).read()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src")
    return _wheel(wheel_directory, {"__editable__.edit_proj-0.1.pth": src + "\\n"})
'''


def make_editable_project(directory):
    """A project whose editable install needs no setuptools and no network."""
    project = pathlib.Path(directory)
    (project / "src" / "edit_proj").mkdir(parents=True)
    (project / "src" / "edit_proj" / "__init__.py").write_text("VALUE = 'editable'\n")
    (project / "backend.py").write_text(EDITABLE_BACKEND)
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n\n'
        '[project]\nname = "edit-proj"\nversion = "0.1"\n')
    return project


@pytest.fixture(scope="session")
def wheels(tmp_path_factory):
    """demo 1.0 (a console script demo-hello printing sys.prefix) and demo2 1.0."""
    d = tmp_path_factory.mktemp("wheels")
    write_wheel(d, "demo", "1.0", files={"demo/__init__.py": "import sys\n\ndef main():\n    print('hello from', sys.prefix)\n"},
                scripts={"demo-hello": "demo:main"})
    write_wheel(d, "demo2", "1.0", files={"demo2/__init__.py": "X = 2\n"})
    return d


# --- trees ------------------------------------------------------------------------------------------

def files_naming(root, old):
    """The files and links under root whose bytes or target name `old` (bytecode aside)."""
    needle = os.fsencode(old)
    found = []
    for rel, entry in snapshot(root).items():
        if rel.endswith(".pyc"):
            continue
        if entry[0] == "link" and needle in os.fsencode(entry[1]):
            found.append(rel)
        elif entry[0] == "file" and needle in entry[2]:
            found.append(rel)
    return found


def figure(line):
    """A figure for the end of scripts/test's run, and for this run's output."""
    print(line)
    if FIGURES:
        with open(FIGURES, "a") as f:
            f.write(line + "\n")
