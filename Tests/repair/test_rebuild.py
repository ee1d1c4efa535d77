"""`swift-venv rebuild` to a new minor version (issue 25 item 3), offline:
environments of a 3.11 copy made by venv, uv and swift-venv, with pip, a
console script and an editable install; the copy removed; rebuilt with 3.12
from local wheels (--no-index --find-links). Then what fails: a package pip
cannot install (named in the error), and a kill at each fault point, leave
the old environment or the new one."""
import json
import os
import shlex
import shutil

import pytest

from conftest import DEBUG_BIN, SWIFT_VENV, Wheelhouse, copy_base, pyenv, run, snapshot
from test_repair import make

OLD, NEW = "3.11", "3.12"


@pytest.fixture
def world(tmp_path):
    old_prefix, new_prefix = pyenv(OLD), pyenv(NEW)
    house = Wheelhouse(tmp_path / "wheels", new_prefix)
    for wheel in (old_prefix / "lib").glob("python3.*/ensurepip/_bundled/*.whl"):
        shutil.copy(wheel, house.dir)
    return old_prefix, new_prefix, house


def broken_env(world, tmp_path, maker):
    old_prefix, _, house = world
    base = copy_base(old_prefix, tmp_path / "pyenv/versions/3.11.old")
    env = tmp_path / "env"
    make(maker, base / "bin/python3.11", env, house, tmp_path)
    freeze = run(SWIFT_VENV, "freeze", env).stdout
    shutil.rmtree(base)
    return env, freeze


@pytest.mark.parametrize("maker", ["venv", "uv", "swift-venv"])
def test_rebuild_to_a_new_minor_version(world, tmp_path, maker):
    _, new_prefix, house = world
    env, freeze = broken_env(world, tmp_path, maker)
    assert "hello-tool==1.0" in freeze and "-e " in freeze
    result = run(SWIFT_VENV, "rebuild", env, "--python", new_prefix / "bin/python3.12", "--no-index",
                 "--find-links", house.dir)
    assert "rebuilt with Python 3.12" in result.stdout
    assert "[3/4] installing 2 requirements with pip\n" in result.stderr, "plain progress lines off a terminal"
    out = run(env / "bin/python", "-c", "import sys, edit_me_mod; print(sys.prefix, sys.version_info[:2], "
              "edit_me_mod.VALUE)").stdout
    assert out == f"{env} (3, 12) 42\n"
    assert f"from {env}/lib/python3.12" in run(env / "bin/pip", "--version").stdout
    assert run(env / "bin/hello").stdout == f"hello from {env}\n"
    # No version-dependent pins here: freeze is the same, pip's and the
    # environment's own.
    assert run(SWIFT_VENV, "freeze", env).stdout == freeze
    assert run(env / "bin/python", "-m", "pip", "freeze").stdout == freeze
    assert (tmp_path / "env.swift-venv-requirements.txt").read_text().count("\n") == freeze.count("\n")
    assert (tmp_path / "env.swift-venv-old/pyvenv.cfg").is_file(), "the old one kept"
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".env.")], "nothing of ours left"
    # A second rebuild refuses while the old one is kept; --prune removes both old ones.
    again = run(SWIFT_VENV, "rebuild", env, "--python", new_prefix / "bin/python3.12", check=False)
    assert again.returncode == 1 and "--prune" in again.stderr, again.stderr


def test_a_package_pip_cannot_install_is_named_and_nothing_changes(world, tmp_path):
    _, new_prefix, house = world
    env, freeze = broken_env(world, tmp_path, "swift-venv")
    os.remove(next(house.dir.glob("hello_tool-*.whl")))     # the wheel no longer to be had
    before, listing = snapshot(env), sorted(os.listdir(tmp_path))
    result = run(SWIFT_VENV, "rebuild", env, "--python", new_prefix / "bin/python3.12", "--no-index",
                 "--find-links", house.dir, check=False)
    assert result.returncode == 1, result.stderr
    assert "pip could not install 'hello-tool==1.0'" in result.stderr, result.stderr
    assert snapshot(env) == before
    assert sorted(os.listdir(tmp_path)) == listing, "nothing left beside it"


def test_refusals(world, tmp_path):
    _, new_prefix, _ = world
    plain = tmp_path / "plain"
    plain.mkdir()
    listing = sorted(os.listdir(tmp_path))
    result = run(SWIFT_VENV, "rebuild", plain, "--python", new_prefix / "bin/python3.12", check=False)
    assert result.returncode == 1 and "not a virtual environment" in result.stderr, result.stderr
    assert os.listdir(plain) == [] and sorted(os.listdir(tmp_path)) == listing


@pytest.mark.parametrize("moment", ["rebuild-install", "rebuild-relocated", "rebuild-exchanged"])
def test_a_failure_or_kill_leaves_the_old_environment_or_the_new(world, tmp_path, moment):
    if not os.path.exists(DEBUG_BIN):
        pytest.skip("no debug build of swift-venv (fault points live in debug builds only)")
    _, new_prefix, house = world
    env, freeze = broken_env(world, tmp_path, "swift-venv")
    before = snapshot(env)
    result = run(DEBUG_BIN, "rebuild", env, "--python", new_prefix / "bin/python3.12", "--no-index",
                 "--find-links", house.dir, check=False, env={"SWIFT_VENV_FAIL_AT": moment})
    if moment == "rebuild-install":
        assert result.returncode == 1 and "injected" in result.stderr, result.stderr
    else:
        assert result.returncode == -9, (result.returncode, result.stderr)
    unfinished = unfinished_rebuild(env)
    if moment == "rebuild-exchanged":
        # The new one in place: it runs on 3.12 with every package.
        assert run(env / "bin/python", "-c", "import sys; print(sys.version_info[:2])").stdout == "(3, 12)\n"
        assert run(SWIFT_VENV, "freeze", env).stdout == freeze
        # doctor names the rebuild cut short, the old one aside, and the command that finishes it.
        aside = tmp_path / ".env.swift-venv-rebuild"
        assert [p["path"] for p in unfinished] == [str(aside)], unfinished
        assert "after the new environment took its place" in unfinished[0]["cause"]
        remedy = unfinished[0]["remedy"]
        assert remedy == f"run swift-venv repair {env} --python {new_prefix / 'bin/python3.12'}, which finishes it"
        command = shlex.split(remedy.removeprefix("run ").removesuffix(", which finishes it"))
        run(SWIFT_VENV, *command[1:])
        assert (tmp_path / "env.swift-venv-old/pyvenv.cfg").is_file() and not aside.exists(), "the rename finished"
        assert unfinished_rebuild(env) == []
        assert run(SWIFT_VENV, "freeze", env).stdout == freeze
    else:
        assert snapshot(env) == before, "the old one, untouched"
        if moment == "rebuild-relocated":
            assert len(unfinished) == 1 and "before the new environment took its place" in unfinished[0]["cause"]
            assert unfinished[0]["remedy"].startswith("run the same swift-venv rebuild again"), unfinished
        else:
            assert unfinished == [], "a failure cleans up: nothing unfinished"
    # The next rebuild finishes or clears what the kill left, and succeeds.
    run(DEBUG_BIN, "rebuild", env, "--python", new_prefix / "bin/python3.12", "--no-index", "--find-links",
        house.dir, "--prune")
    assert run(SWIFT_VENV, "freeze", env).stdout == freeze
    assert run(env / "bin/hello").stdout == f"hello from {env}\n"
    assert not (tmp_path / "env.swift-venv-old").exists(), "--prune"
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".env.")], os.listdir(tmp_path)


def unfinished_rebuild(env):
    """doctor's unfinished-rebuild problems of `env`."""
    result = run(SWIFT_VENV, "doctor", "--json", env, check=False)
    record = json.loads(result.stdout.splitlines()[0])
    return [p for p in record["problems"] if p["code"] == "unfinished-rebuild"]


def test_doctor_names_a_new_environment_left_aside(world, tmp_path):
    """A rebuild killed while its pip installed (no journal yet) leaves its
    new environment aside: made here as that kill leaves it (a creation)."""
    _, new_prefix, _ = world
    env, _ = broken_env(world, tmp_path, "swift-venv")
    aside = tmp_path / ".env.swift-venv-rebuild"
    run(SWIFT_VENV, "--without-pip", "--python", new_prefix / "bin/python3.12", aside)
    unfinished = unfinished_rebuild(env)
    assert [p["path"] for p in unfinished] == [str(aside)], unfinished
    assert "while it made the new environment" in unfinished[0]["cause"]
    assert unfinished[0]["remedy"] == ("run the same swift-venv rebuild again, which removes it first; "
                                       f"or remove {aside}")


def test_libvenv_rebuild(world, tmp_path):
    import libvenv
    _, new_prefix, house = world
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(libvenv.NotAVenvError):
        libvenv.rebuild(plain, new_prefix / "bin/python3.12")
    env, freeze = broken_env(world, tmp_path, "swift-venv")
    before = snapshot(env)
    with pytest.raises(libvenv.VenvError, match="pip could not install 'hello-tool==1.0'"):
        libvenv.rebuild(env, new_prefix / "bin/python3.12", no_index=True)    # no --find-links: nothing to install from
    assert snapshot(env) == before
    libvenv.rebuild(env, new_prefix / "bin/python3.12", find_links=[house.dir], no_index=True, prune=True)
    assert run(SWIFT_VENV, "freeze", env).stdout == freeze
    assert not (tmp_path / "env.swift-venv-old").exists()
