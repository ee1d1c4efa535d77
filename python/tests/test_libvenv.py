"""Tests of the libvenv package against the real library and interpreters.

Run by Tests/suites/50-capi.sh inside a fresh environment where libvenv was
installed with pip; the interpreter running them is the base the tests use.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import subprocess
import sys
import threading
import venv
from pathlib import Path

import pytest

import libvenv
import testkit
from libvenv import _native

BASE = getattr(sys, "_base_executable", None) or sys.executable


def config(root: Path) -> list:
    lines = (root / "pyvenv.cfg").read_text().splitlines()
    return [line for line in lines if not line.startswith("command = ")]


def reported(root: Path) -> list:
    code = "import sys, site, json; print(json.dumps([sys.prefix, sys.base_prefix, site.getsitepackages()]))"
    out = subprocess.run([str(root / "bin" / "python"), "-c", code], check=True, capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH")})
    return json.loads(out.stdout)


def test_library_version():
    major, minor, patch = libvenv.library_version()
    assert (major, minor, patch) >= (0, 3, 0)


def test_create_makes_a_working_environment(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False, prompt="py prompt")
    prefix, base_prefix, site = reported(env)
    assert prefix == str(env)
    assert base_prefix != str(env)
    assert site[0].startswith(str(env))
    assert "prompt = 'py prompt'" in config(env)


class _Stepped(libvenv.EnvBuilder):
    """A subclass with a step of its own: built step by step (venv_builder_*)."""

    def post_setup(self, context):
        (Path(context.env_dir) / "post-setup-ran").write_text("yes")


@pytest.mark.parametrize("how", ["create", "EnvBuilder", "subclass", "command line"])
def test_relocatable(tmp_path, how):
    """relocatable=True (swift-venv --relocatable) through each way in: the
    environment works where it was made and after a move by hand."""
    env = tmp_path / "made"
    if how == "create":
        libvenv.create(env, with_pip=True, relocatable=True)
    elif how == "EnvBuilder":
        libvenv.EnvBuilder(with_pip=True, relocatable=True).create(env)
    elif how == "subclass":
        _Stepped(with_pip=True, relocatable=True).create(env)
        assert (env / "post-setup-ran").exists()
    else:
        subprocess.run([sys.executable, "-m", "libvenv", "--relocatable", str(env)], check=True)
    assert "relocatable = true" in config(env)
    if sys.version_info >= (3, 11):
        assert [line for line in (env / "pyvenv.cfg").read_text().splitlines()
                if line.startswith("command = ") and " --relocatable " in line]
    assert "if [ 'yes' = yes ]; then" in (env / "bin" / "activate").read_text()
    assert (env / "bin" / "pip").read_text().startswith("#!/bin/sh\n" + "'" * 3 + "true'\n")
    moved = tmp_path / "moved by hand"
    env.rename(moved)
    assert reported(moved)[0] == str(moved)
    out = subprocess.run([str(moved / "bin" / "pip"), "--version"], check=True, capture_output=True, text=True)
    assert out.stdout.split(" from ")[1].startswith(str(moved) + "/lib/")
    out = subprocess.run(["bash", "-c", '. "$1/bin/activate" && echo "$VIRTUAL_ENV"', "sh", str(moved)],
                         check=True, capture_output=True, text=True)
    assert out.stdout == str(moved) + "\n"


@pytest.mark.parametrize("symlinks", [True, False])
@pytest.mark.parametrize("system_site_packages", [False, True])
def test_envbuilder_equals_the_standard_librarys(tmp_path, symlinks, system_site_packages):
    theirs, ours = tmp_path / "stdlib" / "env", tmp_path / "libvenv" / "env"
    kwargs = dict(symlinks=symlinks, system_site_packages=system_site_packages, prompt="same")
    venv.EnvBuilder(**kwargs).create(str(theirs))
    libvenv.EnvBuilder(**kwargs).create(str(ours))
    # Every entry, its kind, mode and link target (the activation scripts are ours), our two extra scripts aside.
    def tree(root):
        return testkit.snapshot(root, root_as="$ENV", leave_out=("bin/activate.nu", "bin/activate_this.py"), contents=False)
    assert tree(ours) == tree(theirs)
    assert config(ours) == config(theirs)
    assert reported(ours) == [p.replace(str(theirs), str(ours)) if isinstance(p, str) else
                              [q.replace(str(theirs), str(ours)) for q in p] for p in reported(theirs)]


def test_envbuilder_reuses_an_existing_environment_like_the_standard_library(tmp_path):
    env = tmp_path / "env"
    libvenv.EnvBuilder().create(env)
    libvenv.EnvBuilder().create(env)
    assert reported(env)[0] == str(env)


def test_envbuilder_takes_clear_with_upgrade_but_create_refuses_it(tmp_path):
    builder = libvenv.EnvBuilder(clear=True, upgrade=True)  # as venv's constructor does
    with pytest.raises(ValueError):
        builder.create(tmp_path / "env")
    assert not (tmp_path / "env").exists()


@pytest.mark.skipif(sys.version_info < (3, 13), reason="venv writes .gitignore only from Python 3.13")
def test_scm_ignore_files(tmp_path):
    libvenv.create(tmp_path / "with", with_pip=False, scm_ignore_files={"git"})
    libvenv.create(tmp_path / "without", with_pip=False, scm_ignore_files=frozenset())
    assert (tmp_path / "with" / ".gitignore").read_text().endswith("*\n")
    assert not (tmp_path / "without" / ".gitignore").exists()


def test_copies_system_site_packages_clear_and_upgrade(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False, symlinks=False, system_site_packages=True, prompt="kept")
    assert not (env / "bin" / "python").is_symlink()
    assert "include-system-site-packages = true" in config(env)
    (env / "stray.txt").write_text("x")
    libvenv.create(env, with_pip=False, clear=True)
    assert not (env / "stray.txt").exists()
    libvenv.EnvBuilder(upgrade=True).create(env)
    assert reported(env)[0] == str(env)


def test_upgrade_keeps_the_prompt(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False, prompt="kept")
    libvenv.EnvBuilder(upgrade=True).create(env)
    assert libvenv.resolve(env).prompt == "kept"


def test_python_argument_and_with_pip(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=True, python=BASE)
    out = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "--version"], capture_output=True, text=True)
    assert str(env) in out.stdout


@pytest.mark.parametrize("make, exception, code", [
    (lambda t: libvenv.create(t / "a:b", with_pip=False), libvenv.InvalidArgumentError, -2),
    (lambda t: libvenv.resolve(""), libvenv.InvalidArgumentError, -2),
    (lambda t: libvenv.create(t / "f", with_pip=False), libvenv.ExistsError, -3),
    (lambda t: libvenv.create(t / "e", with_pip=False, python=str(t / "nothing" / "python3")), libvenv.NoPythonError, -5),
    (lambda t: libvenv.resolve(t / "d"), libvenv.NotAVenvError, -4),
    (lambda t: libvenv.create(t / "bad\udcff", with_pip=False), libvenv.InvalidArgumentError, -2),
    (lambda t: libvenv.create(str(t / "nul") + "\0tail", with_pip=False), libvenv.InvalidArgumentError, -2),
    (lambda t: libvenv.create(t / ("n" * 300), with_pip=False), libvenv.InvalidArgumentError, -2),
    (lambda t: libvenv.resolve(t / "f"), libvenv.NotAVenvError, -4),
])
def test_errors_carry_code_and_message(tmp_path, make, exception, code):
    (tmp_path / "f").write_text("a file")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "data.txt").write_text("mine")
    with pytest.raises(exception) as raised:
        make(tmp_path)
    assert raised.value.code == code
    assert isinstance(raised.value, libvenv.VenvError)
    assert raised.value.message and raised.value.message == str(raised.value)
    assert (tmp_path / "d" / "data.txt").read_text() == "mine"


def test_resolve_agrees_with_the_environments_python(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False, system_site_packages=True)
    info = libvenv.resolve(env)
    prefix, base_prefix, site = reported(env)
    assert info.prefix == Path(prefix) and info.base_prefix == Path(base_prefix)
    assert list(info.site_packages) == [Path(p) for p in site]
    assert info.is_venv and info.include_system_site_packages
    assert isinstance(info.executable, Path) and info.executable.parent == env / "bin"
    assert info.version.count(".") == 2 and info.prompt is None
    with pytest.raises(Exception):
        info.prefix = Path("/")  # frozen


def test_resolve_json_has_the_cli_keys(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False)
    data = libvenv.resolve_json(env)
    assert set(data) == {
        "prefix", "exec_prefix", "base_prefix", "base_exec_prefix", "site_packages", "version",
        "include_system_site_packages", "home", "executable", "base_executable", "is_venv", "prompt",
        "purelib", "platlib", "scripts", "include",
    }
    assert data["prefix"] == str(env)


def test_threads_create_and_resolve_at_once(tmp_path):
    errors = []

    def work(n):
        try:
            for i in range(3):
                env = tmp_path / ("t%d-%d" % (n, i))
                libvenv.create(env, with_pip=False)
                assert libvenv.resolve(env).prefix == env
            with pytest.raises(libvenv.InvalidArgumentError) as raised:
                libvenv.create(tmp_path / ("bad:%d" % n), with_pip=False)
            assert ("bad:%d" % n) in raised.value.message  # this thread's own error
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_loading_failure_says_where_it_looked(monkeypatch):
    monkeypatch.setattr(_native, "_lib", None)
    monkeypatch.setattr(_native, "candidates", lambda: ["/nonexistent/libvenv.so", "libvenv-not-there.so.0"])
    with pytest.raises(ImportError) as raised:
        _native.library()
    assert "/nonexistent/libvenv.so" in str(raised.value) and "LIBVENV_PATH" in str(raised.value)


def test_library_search_order(monkeypatch):
    monkeypatch.setenv("LIBVENV_PATH", "/somewhere/libvenv.so")
    places = _native.candidates()
    assert places[0] == "/somewhere/libvenv.so"
    assert places[1].endswith(os.path.join("libvenv", "libvenv.so"))
    assert places[2] == "libvenv.so.0"


def test_activation_env_and_activated_environ(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False, prompt="act")
    base = {"PATH": "/usr/bin:/bin", "PYTHONHOME": "/elsewhere", "HOME": "/home/x"}
    to_set, to_unset = libvenv.activation_env(env, base)
    assert to_set == {"VIRTUAL_ENV": str(env), "VIRTUAL_ENV_PROMPT": "act", "PATH": "%s/bin:/usr/bin:/bin" % env}
    assert to_unset == ["PYTHONHOME"]
    activated = libvenv.activated_environ(env, base)
    assert "PYTHONHOME" not in activated and activated["HOME"] == "/home/x"
    out = subprocess.run(["python", "-c", "import sys; print(sys.prefix)"], env=activated, capture_output=True, text=True)
    assert out.stdout.strip() == str(env)
    with pytest.raises(libvenv.NotAVenvError):
        libvenv.activation_env(tmp_path)


@pytest.mark.skipif(not os.environ.get("SWIFT_VENV_BIN"), reason="SWIFT_VENV_BIN (the swift-venv to compare with) is not set")
def test_activation_env_equals_the_command_lines(tmp_path):
    env = tmp_path / "env"
    libvenv.create(env, with_pip=False)
    base = {"PATH": "/usr/bin:/bin"}
    cli = json.loads(subprocess.run([os.environ["SWIFT_VENV_BIN"], "activate-env", "--json", str(env)], env=base,
                                    capture_output=True, text=True, check=True).stdout)
    to_set, to_unset = libvenv.activation_env(env, base)
    assert cli == {"set": to_set, "unset": to_unset}


def test_handles_are_typed():
    lib = _native.library()
    info = _native.InfoHandle()
    # An info where an activation is expected, an integer where a handle is.
    with pytest.raises(ctypes.ArgumentError):
        lib.venv_activation_free(info)
    with pytest.raises(ctypes.ArgumentError):
        lib.venv_info_free(12345)
    with pytest.raises(ctypes.ArgumentError):
        lib.venv_builder_setup_python(_native.ActivationHandle())
    lib.venv_info_free(info)  # its own kind, NULL: a no-op
    with pytest.raises(ctypes.ArgumentError):
        lib.venv_python_free(info)
    with pytest.raises(ctypes.ArgumentError):
        lib.venv_python_executable(ctypes.c_void_p())
    lib.venv_python_free(_native.PythonHandle())


def test_a_library_that_is_not_libvenv_is_passed_over(monkeypatch):
    zlib = ctypes.util.find_library("z")
    assert zlib, "no zlib to load"
    monkeypatch.setattr(_native, "_lib", None)
    monkeypatch.setattr(_native, "candidates", lambda: [zlib])
    with pytest.raises(ImportError) as raised:
        _native.library()
    assert zlib in str(raised.value) and "not libvenv (no venv_version)" in str(raised.value)


def test_an_older_or_newer_library_is_passed_over(monkeypatch):
    real = _native.library()._name
    monkeypatch.setattr(_native, "_lib", None)
    monkeypatch.setattr(_native, "candidates", lambda: [real])
    monkeypatch.setattr(_native, "ABI_MAJOR", 7)
    with pytest.raises(ImportError) as raised:
        _native.library()
    assert real in str(raised.value) and "this package needs 7.x" in str(raised.value)


def test_a_library_lacking_a_symbol_is_passed_over(monkeypatch):
    real = _native.library()._name
    monkeypatch.setattr(_native, "_lib", None)
    monkeypatch.setattr(_native, "candidates", lambda: [real])
    monkeypatch.setitem(_native._FUNCTIONS, "venv_from_the_future", (None, []))
    with pytest.raises(ImportError) as raised:
        _native.library()
    assert "lacks venv_from_the_future" in str(raised.value)


def test_find_reports_an_older_python_as_unsupported_not_broken():
    """Issue 25: 2.7 and 3.0-3.7 are found with their paths, `error` None and
    `unsupported` saying why creation does not take them; find_python names
    one with its version."""
    found = libvenv.find()
    older = ("2.7.", "3.0.", "3.1.", "3.2.", "3.3.", "3.4.", "3.5.", "3.6.", "3.7.")
    old = [p for p in found if p.kind == "interpreter" and p.manager == "pyenv" and (p.name or "").startswith(older)]
    if not old:
        pytest.skip("no pyenv Python older than 3.8 (2.7, 3.0-3.7) in ~/.pyenv/versions here")
    for p in old:
        code = "import platform, sys; print(sys.prefix); print(platform.python_version())"
        own = subprocess.run([p.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
        assert [p.error, p.prefix, p.version] == [None] + own, p
        assert p.unsupported == "Python %s is older than 3.8, the oldest swift-venv creates environments from" % p.version
        minor = ".".join(p.version.split(".")[:2])
        with pytest.raises(libvenv.NoPythonError) as raised:
            libvenv.find_python(minor)
        assert p.executable in str(raised.value) and p.unsupported in str(raised.value)
    assert all(p.unsupported is None for p in found if p.version and not p.version.startswith(older))


def test_doctor_healthy_then_base_gone(tmp_path):
    """Issue 25: libvenv.doctor as `swift-venv doctor --json` says it: a
    healthy environment's base version is what its python says; a base that
    is gone (here a copy of this base's bin, removed) is base-missing, with
    the interpreters that could replace it; find's record carries the code;
    a directory that is not an environment raises NotAVenvError."""
    real = Path(os.path.realpath(BASE))
    good = tmp_path / "envs" / "good"
    libvenv.create(good, with_pip=False)
    said = subprocess.run([str(good / "bin/python"), "-c", "import platform; print(platform.python_version())"],
                          check=True, capture_output=True, text=True).stdout.strip()
    d = libvenv.doctor(good)
    assert d.healthy and d.codes == () and d.environment == good, d
    assert d.base_version == said and d.version == said, d
    swift_venv = os.environ.get("SWIFT_VENV_BIN")
    if swift_venv:
        printed = json.loads(subprocess.run([swift_venv, "doctor", "--json", str(good)], capture_output=True,
                                            text=True, check=True).stdout)
        assert printed["healthy"] and printed["base_version"] == d.base_version, printed

    gone = tmp_path / "envs" / "gone"
    libvenv.create(gone, with_pip=False)
    cfg = gone / "pyvenv.cfg"
    cfg.write_text(cfg.read_text().replace("home = %s" % real.parent, "home = %s" % (tmp_path / "removed/bin"))
                   .replace("home = %s" % Path(BASE).parent, "home = %s" % (tmp_path / "removed/bin")))
    d = libvenv.doctor(gone)
    assert not d.healthy and d.codes[0] == "base-missing", d
    problem = d.problems[0]
    assert problem.path == str(tmp_path / "removed/bin") and problem.remedy.startswith("swift-venv "), problem
    assert d.replacements and d.replacements[0].version.split(".")[:2] == said.split(".")[:2], d.replacements
    assert libvenv.doctor(gone, list_replacements=False).replacements == ()
    found = {p.prefix: p for p in libvenv.find(search_paths=[tmp_path / "envs"])}
    assert found[str(gone)].problems == d.codes and found[str(good)].problems == (), found
    with pytest.raises(libvenv.NotAVenvError):
        libvenv.doctor(tmp_path)
