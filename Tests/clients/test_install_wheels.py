"""install-wheels (issue 23): `swift-venv install-wheels ENV WHEEL...`,
libvenv.install_wheels and venv_install_wheels install what the
environment's own `pip install WHEEL...` installs, file for file."""
import os
import subprocess

import pytest

import libvenv
from conftest import BIN, PYTHON, run, same_as, write_wheel


def make_pair(tmp_path, name):
    """Two identical environments with pip (swift-venv's seeded pip)."""
    ours, reference = tmp_path / name / "env", tmp_path / (name + "-ref") / "env"
    for env in (ours, reference):
        run(BIN, "--python", PYTHON, env)
    return ours, reference


def without_direct_url(env):
    """The one file pip writes and we do not (docs/clients.md lists it): pip
    records where a wheel file came from (direct_url.json, so pip freeze
    prints `name @ file:///...`); installed by us, as seeded by virtualenv,
    pip freeze prints `name==version`."""
    for site in env.glob("lib/python*/site-packages"):
        for direct_url in site.glob("*.dist-info/direct_url.json"):
            direct_url.unlink()
            record = direct_url.parent / "RECORD"
            name = direct_url.parent.name + "/direct_url.json,"
            record.write_text("".join(line for line in record.read_text().splitlines(True)
                                      if not line.startswith(name)))


@pytest.mark.parametrize("how", ["cli", "python"])
def test_equals_pips_install(tmp_path, wheels, how):
    ours, reference = make_pair(tmp_path, how)
    if how == "cli":
        run(BIN, "install-wheels", ours, *wheels)
    else:
        libvenv.install_wheels(ours, wheels)
    run(reference / "bin" / "pip", "install", "--no-index", "--no-deps", *wheels)
    without_direct_url(reference)
    same_as(ours, reference)
    # And pip agrees it is installed, and its scripts run.
    assert "demo" in run(ours / "bin" / "pip", "list").stdout
    assert run(ours / "bin" / "demo").stdout.startswith("demo %s" % ours)
    assert run(ours / "bin" / "demo-fixed").stdout == "fixed\n"
    run(ours / "bin" / "pip", "uninstall", "-y", "demo", "other")
    run(reference / "bin" / "pip", "uninstall", "-y", "demo", "other")
    same_as(ours, reference)


def test_pip_wheel_itself_equals_pips_install(tmp_path):
    """ensurepip's own pip wheel into an environment without pip: a pip that runs."""
    import glob
    bundled = glob.glob(os.path.join(os.path.dirname(PYTHON), "..", "lib", "python3*", "ensurepip", "_bundled",
                                     "pip-*.whl"))
    bundled += glob.glob("/usr/share/python-wheels/pip-*.whl")
    if not bundled:
        pytest.skip("no bundled pip wheel next to %s" % PYTHON)
    ours = tmp_path / "ours"
    run(BIN, "--python", PYTHON, "--without-pip", ours)
    run(BIN, "install-wheels", ours, bundled[0])
    assert run(ours / "bin" / "pip", "--version").stdout.startswith("pip ")


def test_refusals_write_nothing(tmp_path, wheels):
    env = tmp_path / "env"
    run(BIN, "--python", PYTHON, "--without-pip", env)
    before = sorted(os.listdir(env / "lib"))
    for args, said in [
        ([env], "WHEEL"),
        ([env, tmp_path / "nothing.tar.gz"], "not a wheel file name"),
        ([env, wheels[0], wheels[0]], "named twice"),
        ([tmp_path / "not-an-env", wheels[0]], ""),
        ([env, write_wheel(str(tmp_path), "native", "1.0", "cp27-cp27mu-manylinux1_x86_64")], "is not for"),
    ]:
        result = run(BIN, "install-wheels", *args, check=False)
        assert result.returncode != 0 and said in result.stdout, result.stdout
    assert not any(n.endswith(".dist-info") for n in os.listdir(next((env / "lib").glob("python*/site-packages"))))
    assert sorted(os.listdir(env / "lib")) == before
    # A project installed already is refused, pip's uninstall is not guessed.
    run(BIN, "install-wheels", env, wheels[0])
    result = run(BIN, "install-wheels", env, wheels[0], check=False)
    assert result.returncode == 1 and "installed already" in result.stdout
    with pytest.raises(libvenv.ExistsError):
        libvenv.install_wheels(env, [wheels[0]])
    with pytest.raises(libvenv.VenvError):
        libvenv.install_wheels(env, [])


def test_hostile_member_names_are_refused(tmp_path):
    import zipfile
    path = tmp_path / "evil-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        whl.writestr("../../escape.py", "x")
        whl.writestr("evil-1.0.dist-info/RECORD", "")
    env = tmp_path / "env"
    run(BIN, "--python", PYTHON, "--without-pip", env)
    result = run(BIN, "install-wheels", env, path, check=False)
    assert result.returncode == 1 and "unsafe name" in result.stdout
    assert not (tmp_path / "escape.py").exists()
