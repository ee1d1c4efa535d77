"""`swift-venv repair` against real breakages (issue 25 item 2).

A pyenv version is copied to a temporary place (hard links: a new install of
the same bytes), environments are made from the copy by venv, virtualenv, uv
and swift-venv, with pip, a console script and an editable install; then the
copy is removed (a patch upgrade that removed the old version: another copy
stands for the new one), or moved. After `repair` each environment's python,
pip, console script, editable import and freeze are checked; the result is
compared byte for byte with `python -m venv --upgrade` of the new base; the
refusals leave the environment as it was; a kill at each fault point leaves
the old environment or the new one.
"""
import json
import os
import pathlib
import shutil
import stat

import pytest

from conftest import (DEBUG_BIN, PIP_ENV, SWIFT_VENV, TOOLS, Wheelhouse, copy_base, pyenv, record_hash, run,
                      snapshot)

MINOR = "3.12"
MAKERS = ["venv", "virtualenv", "uv", "swift-venv"]


def tool(name):
    path = TOOLS / name
    if not path.exists():
        pytest.skip(f"{name} is not in the tools environment (REPAIR_TOOLS)")
    return path


UV_ENV = {"UV_PYTHON_DOWNLOADS": "never", "UV_OFFLINE": "1", "UV_NO_CONFIG": "1"}


def uv(tmp, *args):
    return run(tool("uv"), *args, env=dict(UV_ENV, UV_CACHE_DIR=str(tmp / "uvcache")))


def make(maker, python, env, house, tmp):
    """An environment made by `maker` from `python`, with pip, the hello
    console script and the editable project installed (uv installs them:
    offline and quick)."""
    if maker == "venv":
        run(python, "-m", "venv", "--without-pip", env)
        run(SWIFT_VENV, "install-wheels", env, *house.dir.glob("pip-*.whl"))
    elif maker == "virtualenv":
        run(tool("virtualenv"), "--no-periodic-update", "-p", python, env,
            env={"VIRTUALENV_OVERRIDE_APP_DATA": str(tmp / "vapp")})
    elif maker == "uv":
        uv(tmp, "venv", "-q", "--python", python, env)
        uv(tmp, "pip", "install", "-q", "--python", env / "bin/python", "--no-index", "--find-links", house.dir, "pip")
    else:
        run(SWIFT_VENV, "--python", python, env)
    uv(tmp, "pip", "install", "-q", "--python", env / "bin/python", "--no-index", "--find-links", house.dir,
       "hello-tool", "-e", house.project)


def install_with_base(tmp, base_python, env, wheel):
    """`wheel` installed into the environment by the base's installer
    (--prefix): its console script's shebang names the base python."""
    uv(tmp, "pip", "install", "-q", "--python", base_python, "--prefix", env, "--no-deps", wheel)


def check_works(env, base, freeze_before):
    """The environment runs on `base`: python, pip, its console script, its
    editable project, and freeze as before."""
    out = run(env / "bin/python", "-c", "import sys, edit_me_mod; print(sys.prefix); print(sys.base_prefix); "
              "print(edit_me_mod.VALUE)").stdout.split("\n")
    assert out[:3] == [str(env), str(base), "42"], out
    assert f"from {env}" in run(env / "bin/pip", "--version").stdout
    assert run(env / "bin/hello").stdout == f"hello from {env}\n"
    assert run(env / "bin/python", "-m", "pip", "freeze", "--all", env=PIP_ENV).stdout == freeze_before
    assert run(SWIFT_VENV, "freeze", "--all", env).stdout == freeze_before


@pytest.fixture
def world(tmp_path):
    prefix = pyenv(MINOR)
    house = Wheelhouse(tmp_path / "wheels", prefix)
    return prefix, house


@pytest.mark.parametrize("maker", MAKERS)
def test_repair_after_the_base_was_removed(world, tmp_path, maker):
    """pyenv 3.12.a's copy is removed and 3.12.b's (another copy) is the new
    base, named by --python."""
    prefix, house = world
    old = copy_base(prefix, tmp_path / "pyenv/versions/3.12.old")
    env = tmp_path / "env"
    make(maker, old / "bin/python3.12", env, house, tmp_path)
    freeze = run(env / "bin/python", "-m", "pip", "freeze", "--all", env=PIP_ENV).stdout
    assert "hello-tool==1.0" in freeze and "-e " in freeze
    new = copy_base(prefix, tmp_path / "pyenv/versions/3.12.new")
    shutil.rmtree(old)
    assert not (env / "bin/python").exists(), "the removal broke it"

    result = run(SWIFT_VENV, "repair", env, "--python", new / "bin/python3.12")
    assert "now uses" in result.stdout
    check_works(env, new, freeze)
    config = (env / "pyvenv.cfg").read_text()
    assert f"home = {new}/bin\n" in config, config
    assert str(old) not in config
    if maker != "venv":   # the other tools' keys stay theirs
        assert ("uv = " in config) == (maker == "uv") and ("virtualenv = " in config) == (maker == "virtualenv")
    # Nothing named the old base any more in bin/.
    for entry in (env / "bin").iterdir():
        if entry.is_symlink():
            assert str(old) not in os.readlink(entry), entry
    again = run(SWIFT_VENV, "repair", env, "--python", new / "bin/python3.12")
    assert "nothing to repair" in again.stdout


def test_repair_after_the_base_moved_chooses_as_find_does(world, tmp_path):
    """The base moved away; without --python, repair takes what
    `find --python 3.12` takes."""
    prefix, house = world
    old = copy_base(prefix, tmp_path / "python-3.12")
    env = tmp_path / "env"
    make("swift-venv", old / "bin/python3.12", env, house, tmp_path)
    freeze = run(env / "bin/python", "-m", "pip", "freeze", "--all", env=PIP_ENV).stdout
    old.rename(tmp_path / "python-3.12-moved")
    chosen = json.loads(run(SWIFT_VENV, "find", "--python", MINOR, "--json").stdout.splitlines()[0])
    run(SWIFT_VENV, "repair", env)
    config = (env / "pyvenv.cfg").read_text()
    executable = pathlib.Path(chosen["executable"])
    assert f"home = {executable.parent}\n" in config, (config, chosen)
    check_works(env, pathlib.Path(chosen["prefix"]), freeze)


def test_console_scripts_naming_the_base_follow_with_their_record(world, tmp_path):
    """A tool installed into the environment by the base's own pip
    (--prefix) names the base python in its shebang: repair rewrites it, and
    its RECORD row's hash and size follow."""
    prefix, house = world
    old = copy_base(prefix, tmp_path / "old")
    env = tmp_path / "env"
    make("venv", old / "bin/python3.12", env, house, tmp_path)
    install_with_base(tmp_path, old / "bin/python3.12", env, house.tool)
    assert (env / "bin/base-tool").read_text().startswith(f"#!{old}/bin/python3.12\n")
    hello_before = (env / "bin/hello").read_bytes()
    new = copy_base(prefix, tmp_path / "new")
    shutil.rmtree(old)
    run(SWIFT_VENV, "repair", env, "--python", new / "bin/python3.12")
    script = (env / "bin/base-tool").read_bytes()
    assert script.startswith(f"#!{new}/bin/python3.12\n".encode())
    # Installed with --prefix, it finds its module through PYTHONPATH.
    site = {"PYTHONPATH": str(env / "lib/python3.12/site-packages")}
    assert run(env / "bin/base-tool", env=site).stdout == "base tool\n"
    assert (env / "bin/hello").read_bytes() == hello_before, "a script naming the environment's python is kept"
    record = next((env / "lib/python3.12/site-packages").glob("base_tool-2.0.dist-info")) / "RECORD"
    row = next(line for line in record.read_text().splitlines() if line.startswith("../../../bin/base-tool,"))
    assert row == f"../../../bin/base-tool,{record_hash(script)},{len(script)}", row


@pytest.mark.parametrize("copies", [False, True], ids=["symlinks", "copies"])
def test_the_same_as_venv_upgrade(world, tmp_path, copies):
    """The repaired environment, byte for byte, is what `python -m venv
    --upgrade` of the new base leaves, given the same broken environment
    (without its link to the old base: venv keeps a link that is there,
    even one to nothing, so it would leave the environment broken)."""
    prefix, house = world
    old = copy_base(prefix, tmp_path / "old")
    env = tmp_path / "env"
    run(old / "bin/python3.12", "-m", "venv", *(["--copies"] if copies else []), env)
    new = copy_base(prefix, tmp_path / "new")
    shutil.rmtree(old)
    saved = tmp_path / "saved"
    shutil.copytree(env, saved, symlinks=True)

    run(SWIFT_VENV, "repair", env, "--python", new / "bin/python3.12")
    repaired = snapshot(env)
    shutil.rmtree(env)
    saved.rename(env)
    if not copies:
        (env / "bin/python3.12").unlink()
    run(new / "bin/python3.12", "-m", "venv", "--upgrade", *(["--copies"] if copies else []), env)
    assert snapshot(env) == repaired
    assert "command = %s/bin/python3.12 -m venv %s--upgrade %s\n" % (new, "--copies " if copies else "", env) \
        in (env / "pyvenv.cfg").read_text()


def fake_python(path, **answers):
    """An executable that answers swift-venv's one question as a Python
    with these facts would (another implementation, another ABI)."""
    facts = {"version": "3.12.1", "platlibdir": "lib", "abiflags": "", "stdlib": "/nonexistent/lib",
             "prefix": "/nonexistent", "exec_prefix": "/nonexistent", "debian_site": "0", "ensurepip": "0",
             "ensurepip_wheels": "", "cache_tag": "cpython-312", "magic": "cb0d0d0a"}
    facts.update(answers)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\ncat <<'EOF'\n" + "".join(f"{k}={v}\n" for k, v in facts.items()) + "EOF\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def broken(world, tmp_path):
    """A venv environment whose base copy is gone, its snapshot."""
    prefix, house = world
    old = copy_base(prefix, tmp_path / "old")
    env = tmp_path / "env"
    run(old / "bin/python3.12", "-m", "venv", "--without-pip", env)
    shutil.rmtree(old)
    return env, snapshot(env)


@pytest.mark.parametrize("case", ["other-minor", "pypy", "free-threaded", "missing"])
def test_refusals_leave_the_environment_as_it_was(broken, tmp_path, case):
    env, before = broken
    if case == "other-minor":
        python, said = pyenv("3.11") / "bin/python3.11", "is Python 3.11"
    elif case == "pypy":
        python, said = fake_python(tmp_path / "pypy/bin/pypy3", cache_tag="pypy312"), "is pypy312, not CPython"
    elif case == "free-threaded":
        python, said = fake_python(tmp_path / "ft/bin/python3.12t", abiflags="t"), "free-threaded"
    else:
        python, said = tmp_path / "nothing/bin/python3.12", "no such Python interpreter"
    result = run(SWIFT_VENV, "repair", env, "--python", python, check=False,
                 env={"SWIFT_VENV_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 1 and said in result.stderr, result.stderr
    if case == "other-minor":
        assert "swift-venv rebuild" in result.stderr
    assert snapshot(env) == before


def test_not_an_environment(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "file").write_text("mine\n")
    result = run(SWIFT_VENV, "repair", plain, check=False)
    assert result.returncode == 1 and "not a virtual environment" in result.stderr, result.stderr
    assert snapshot(plain) == {"file": ("file", stat.S_IMODE((plain / "file").stat().st_mode), b"mine\n")}
    result = run(SWIFT_VENV, "repair", tmp_path / "missing", check=False)
    assert result.returncode == 1 and "repair" in result.stderr, result.stderr
    assert not (tmp_path / "missing").exists()


# The fault points of the all-or-nothing replacement (Staging.replace), in order.
KILLS = ["replace-staged", "replace-committed", "replace-midway"]


@pytest.fixture(scope="module")
def kill_world(tmp_path_factory):
    """One broken environment to replace a link, pyvenv.cfg, a script naming
    the base and its RECORD in, saved so each test starts from it at the
    same path; and the clean repair's result."""
    tmp = tmp_path_factory.mktemp("kill")
    prefix = pyenv(MINOR)
    house = Wheelhouse(tmp / "wheels", prefix)
    old = copy_base(prefix, tmp / "old")
    env = tmp / "env"
    make("venv", old / "bin/python3.12", env, house, tmp)
    install_with_base(tmp, old / "bin/python3.12", env, house.tool)
    new = copy_base(prefix, tmp / "new")
    shutil.rmtree(old)
    saved = tmp / "saved"
    shutil.copytree(env, saved, symlinks=True)
    before = snapshot(env)
    run(SWIFT_VENV, "repair", env, "--python", new / "bin/python3.12")
    expected = snapshot(env)
    assert expected != before
    return env, saved, new, before, expected


@pytest.mark.parametrize("moment", ["replace"] + KILLS)
def test_a_failure_or_kill_leaves_the_old_environment_or_the_new(kill_world, moment):
    """A failure, or a kill before the journal is committed, leaves the old
    environment (only our staging beside its files); a kill after it leaves
    the journal, and the next repair (any command that takes the
    environment's lock) finishes it: the new one, as a clean repair leaves it."""
    if not os.path.exists(DEBUG_BIN):
        pytest.skip("no debug build of swift-venv (fault points live in debug builds only)")
    env, saved, new, before, expected = kill_world
    shutil.rmtree(env)
    shutil.copytree(saved, env, symlinks=True)
    assert snapshot(env) == before

    result = run(DEBUG_BIN, "repair", env, "--python", new / "bin/python3.12", check=False,
                 env={"SWIFT_VENV_FAIL_AT": moment})
    staging = ".swift-venv-staging"
    if moment == "replace":
        assert result.returncode == 1 and "injected" in result.stderr, result.stderr
        assert snapshot(env) == before
        return
    assert result.returncode == -9, (result.returncode, result.stderr)
    after_kill = {rel: e for rel, e in snapshot(env).items() if not rel.startswith(staging)}
    if moment == "replace-staged":
        assert after_kill == before, "a kill before the commit changes nothing of the environment's"
    else:
        assert (env / staging / ".swift-venv-journal").read_text().startswith("swift-venv replace\n"), \
            "the committed journal is there to finish"
        assert (after_kill != before) == (moment == "replace-midway"), "a mix only until the next repair"
        # doctor names the unfinished repair and the command that finishes it.
        record = json.loads(run(SWIFT_VENV, "doctor", "--json", env, check=False).stdout.splitlines()[0])
        remedies = [p["remedy"] for p in record["problems"] if p["code"] == "unfinished-copy"]
        assert remedies == [f"run swift-venv repair {env} again, which finishes it"], record
    run(DEBUG_BIN, "repair", env, "--python", new / "bin/python3.12")
    assert snapshot(env) == expected
    site = {"PYTHONPATH": str(env / "lib/python3.12/site-packages")}
    assert run(env / "bin/base-tool", env=site).stdout == "base tool\n"
    assert run(env / "bin/hello").stdout == f"hello from {env}\n"


def test_libvenv_repair(broken, world, tmp_path):
    import libvenv
    env, before = broken
    prefix, _ = world
    with pytest.raises(libvenv.NoPythonError):
        libvenv.repair(env, pyenv("3.11") / "bin/python3.11")
    assert snapshot(env) == before
    with pytest.raises(libvenv.NotAVenvError):
        libvenv.repair(tmp_path)
    new = copy_base(prefix, tmp_path / "new")
    assert libvenv.repair(env, new / "bin/python3.12") == 2    # pyvenv.cfg and bin/python3.12
    assert run(env / "bin/python", "-c", "import sys; print(sys.base_prefix)").stdout == f"{new}\n"
    assert libvenv.repair(env, str(new / "bin/python3.12")) == 0
