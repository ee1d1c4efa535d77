"""`python -m build python`, started in the background by test_packaging.py
(conftest's python_m_build) and checked here, last."""
import os
import sys
import tarfile
import zipfile

from conftest import PYTHON_DIR, ROOT, check


def test_python_m_build_from_the_sdist(python_m_build, wheel):
    """`python -m build python`: the sdist, then the wheel built from it (a
    clean Swift build in a scratch copy, the optimizer off: what the sdist
    carries suffices)."""
    process, out, log = python_m_build
    assert process.wait() == 0, log.read_text()[-4000:]
    assert "-c release --static-swift-stdlib --disable-local-rpath -Xswiftc -Onone" in log.read_text()
    sdists, wheels = list(out.glob("libvenv-*.tar.gz")), list(out.glob("libvenv-*.whl"))
    assert len(sdists) == len(wheels) == 1, os.listdir(out)
    assert wheels[0].name == wheel.name
    with zipfile.ZipFile(wheels[0]) as a, zipfile.ZipFile(wheel) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
    # Every tracked file of the Swift package's parts is in the sdist.
    with tarfile.open(sdists[0]) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    sys.path.insert(0, str(PYTHON_DIR / "build_backend"))
    import libvenv_build
    tracked = check(["git", "ls-files", *libvenv_build.SWIFT_PARTS], cwd=str(ROOT)).stdout.split()
    missing = [f for f in tracked if "swift/" + f not in members]
    assert tracked and not missing, missing


def test_optimize_setting_is_yes_or_no(tmp_path):
    """The backend's one config setting: anything but yes or no is refused
    before a build starts."""
    sys.path.insert(0, str(PYTHON_DIR / "build_backend"))
    import libvenv_build
    try:
        libvenv_build.build_wheel(str(tmp_path), {"optimize": "fast"})
    except RuntimeError as error:
        assert "optimize is yes or no" in str(error)
    else:
        raise AssertionError("optimize=fast was taken")
    assert os.listdir(tmp_path) == []
