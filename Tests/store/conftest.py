"""Shared pieces of the store suite: the programs under test and beside it,
local wheels, tree snapshots, and a scrubbed environment for every process."""
import base64
import hashlib
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import interpreters  # noqa: E402  (the one interpreter matrix)

BIN = os.environ.get("SWIFT_VENV_BIN") or str(ROOT / ".build/release/swift-venv")
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
    result = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=environ or env(), cwd=cwd, input=input, timeout=timeout)
    out, err = result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")
    if check and result.returncode != 0:
        raise AssertionError("%s: exit %d\nstdout: %s\nstderr: %s" % (" ".join(map(str, args)), result.returncode,
                                                                      out[-3000:], err[-3000:]))
    return result.returncode, out, err


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

def _record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_wheel(directory, name, version, files, entry_points=None):
    """A pure wheel of `files` ({path: text}) with optional console scripts."""
    dist = "%s-%s.dist-info" % (name, version)
    members = dict(files)
    members[dist + "/METADATA"] = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)
    members[dist + "/WHEEL"] = "Wheel-Version: 1.0\nGenerator: store-suite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if entry_points:
        members[dist + "/entry_points.txt"] = "[console_scripts]\n" + "".join("%s = %s\n" % kv for kv in entry_points.items())
    record = "".join("%s,%s,%d\n" % (p, _record_hash(t.encode()), len(t.encode())) for p, t in members.items())
    record += dist + "/RECORD,,\n"
    path = pathlib.Path(directory) / ("%s-%s-py3-none-any.whl" % (name, version))
    with zipfile.ZipFile(path, "w") as whl:
        for p, t in members.items():
            whl.writestr(p, t)
        whl.writestr(dist + "/RECORD", record)
    return path


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
    make_wheel(d, "demo", "1.0",
               {"demo/__init__.py": "import sys\n\ndef main():\n    print('hello from', sys.prefix)\n"},
               {"demo-hello": "demo:main"})
    make_wheel(d, "demo2", "1.0", {"demo2/__init__.py": "X = 2\n"})
    return d


# --- trees ------------------------------------------------------------------------------------------

def snapshot(root, with_times=False):
    """Every entry under root: kind, mode, and bytes or link target."""
    root = str(root)
    tree = {}
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                tree[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                tree[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                with open(path, "rb") as f:
                    tree[rel] = ("file", stat.S_IMODE(st.st_mode), f.read()) + ((st.st_mtime_ns,) if with_times else ())
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(base, d))]
    return tree


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
