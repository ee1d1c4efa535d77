"""Fixtures of the editor suite: the home the find suite's tools populate
(Tests/find/home.py), a `pet` link to swift-venv, and servers started in it."""
import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "find"))
from home import Home  # noqa: E402
from petclient import Server  # noqa: E402


@pytest.fixture(scope="session")
def swift_venv():
    path = os.environ.get("SWIFT_VENV_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("SWIFT_VENV_BIN must name a built swift-venv; run scripts/test editor")
    return path


@pytest.fixture(scope="session")
def tools():
    path = os.environ.get("FIND_TOOLS")
    if not path or not os.access(os.path.join(path, "uv"), os.X_OK):
        pytest.fail("FIND_TOOLS must name the tools environment's bin/ (Tests/suites/59-editor.sh sets it)")
    return path


@pytest.fixture(scope="session")
def home(tmp_path_factory, swift_venv, tools):
    return Home(tmp_path_factory.mktemp("home"), swift_venv, tools).build()


@pytest.fixture(scope="session")
def pet(tmp_path_factory, swift_venv):
    """A link named `pet` to swift-venv, as it stands where an editor expects PET."""
    link = tmp_path_factory.mktemp("petbin") / "pet"
    link.symlink_to(swift_venv)
    return link


@pytest.fixture
def server(pet, home):
    started = []

    def start(env=None, argv=None):
        s = Server(argv or [pet, "server"], env or home.env, cwd=home.root)
        started.append(s)
        return s
    yield start
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
        s.proc.wait()
