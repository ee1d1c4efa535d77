"""Fixtures of the editor suite: the home the find suite's tools populate
(Tests/find/home.py), a `pet` link to swift-venv, and servers started in it."""
import importlib.util
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from petclient import Server  # noqa: E402

# The find suite's fixtures, shared: swift_venv, tools (FIND_TOOLS) and the home its tools populate.
_spec = importlib.util.spec_from_file_location("find_conftest", HERE.parent / "find" / "conftest.py")
find_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(find_conftest)
swift_venv, tools, home = find_conftest.swift_venv, find_conftest.tools, find_conftest.home


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
