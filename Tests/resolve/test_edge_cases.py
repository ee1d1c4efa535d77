"""Hand-made environments (FACTS.md §4): pyvenv.cfg written in every way a
reader meets, files missing, odd paths. Each starts as `python -m venv
--without-pip` and is then edited; resolver, harness and bin/python must
still agree, or, where files cannot decide, the resolver must refuse."""
import ast
import os
import pathlib
import re
import shutil
import subprocess

import pytest

from conftest import (SCRUBBED, agree, ask_python, interpreter_params, interpreter_path, read_cfg, run)


@pytest.fixture
def fresh_env(tmp_path):
    def make(name, mode="symlinks", directory="env"):
        env = tmp_path / directory
        run([interpreter_path(name), "-m", "venv", "--without-pip", f"--{mode}", env])
        return env
    return make


def edit_cfg(env, change):
    cfg = env / "pyvenv.cfg"
    cfg.write_text(change(cfg.read_text(encoding="utf-8")), encoding="utf-8")


def sub(pattern, replacement):
    return lambda text: re.sub(pattern, replacement, text, flags=re.M)


def short_version(name):
    return tuple(int(x) for x in name.split("-")[1].split("."))


# name -> (how bin/python is made, the edit). All of them must agree.
AGREEING = {
    "home-without-spaces": ("symlinks", lambda env: edit_cfg(env, sub(r"^home = ", "home="))),
    "include-TRUE": ("symlinks", lambda env: edit_cfg(env, sub(r"^include-system-site-packages = false", "include-system-site-packages = TRUE"))),
    "include-key-missing": ("symlinks", lambda env: edit_cfg(env, sub(r"^include-system-site-packages.*\n", ""))),
    "keys-in-any-case": ("symlinks", lambda env: edit_cfg(env, lambda t: t.replace("home", "Home").replace("include-system", "INCLUDE-System"))),
    "no-home": ("symlinks", lambda env: edit_cfg(env, sub(r"^home.*\n", ""))),
    "cfg-beside-python": ("symlinks", lambda env: (env / "pyvenv.cfg").rename(env / "bin" / "pyvenv.cfg")),
    "crlf-lines": ("copies", lambda env: edit_cfg(env, lambda t: t.replace("\n", "\r\n"))),
    "comment-line": ("copies", lambda env: edit_cfg(env, lambda t: "# home = /nonexistent/bin\n" + t)),
    # site.py keeps the last home, getpath searches from the first.
    "two-homes": ("copies", lambda env: edit_cfg(env, lambda t: t + "home = /nonexistent/bin\n")),
    "version-info-only": ("symlinks", lambda env: edit_cfg(env, sub(r"^version = (.*)$", r"version_info = \1.final.0"))),
    "system-site-copies": ("copies", lambda env: edit_cfg(env, sub(r"= false", "= true"))),
}


@pytest.mark.parametrize("case", sorted(AGREEING))
@pytest.mark.parametrize("name", interpreter_params())
def test_edited_environment_agrees(name, case, fresh_env, resolve, harness):
    mode, edit = AGREEING[case]
    env = fresh_env(name, mode)
    edit(env)
    python = env / "bin" / "python"
    resolved = resolve(env)
    agree(resolved, harness(name, str(python)), ask_python(python))
    cfg = read_cfg(env) if (env / "pyvenv.cfg").exists() else read_cfg(env / "bin")
    assert resolved["home"] == cfg.get("home") or case == "two-homes" and resolved["home"] == "/nonexistent/bin"


def stdlib_above(directory, name):
    """Whether getpath's search up from `directory` finds a standard library
    (getpath cuts at the last '/', so it never searches / itself)."""
    major, minor = short_version(name)
    while directory:
        if os.path.isfile(os.path.join(directory, "lib", f"python{major}.{minor}", "os.py")):
            return True
        directory = directory.rpartition("/")[0]
    return False


def refused_or_agrees(name, env, resolve, harness):
    """With no usable home, a copied python searches up from its own
    directory: where that finds no standard library, CPython falls back to the prefix compiled into
    it, which files cannot tell, and the resolver must refuse; elsewhere it
    must agree with what CPython finds."""
    python = env / "bin" / "python"
    if stdlib_above(str(env / "bin"), name):
        agree(resolve(env), harness(name, str(python)), ask_python(python))
    else:
        refused = run([os.environ["SWIFT_VENV_BIN"], "info", "--json", env], check=False)
        assert refused.returncode == 1 and refused.stdout == "", refused
        assert "compiled into it" in refused.stderr and str(env / "bin") in refused.stderr, refused.stderr


@pytest.mark.parametrize("name", interpreter_params())
def test_copies_home_without_spaces(name, fresh_env, resolve, harness):
    """3.8-3.10's getpath.c reads only `home = x` (spaces around '='); 3.11+
    reads `home=x` as site.py does."""
    env = fresh_env(name, "copies")
    edit_cfg(env, sub(r"^home = ", "home="))
    if short_version(name) < (3, 11):
        refused_or_agrees(name, env, resolve, harness)
    else:
        python = env / "bin" / "python"
        agree(resolve(env), harness(name, str(python)), ask_python(python))


@pytest.mark.parametrize("name", interpreter_params())
def test_copies_without_home(name, fresh_env, resolve, harness):
    env = fresh_env(name, "copies")
    edit_cfg(env, sub(r"^home.*\n", ""))
    refused_or_agrees(name, env, resolve, harness)


@pytest.mark.parametrize("name", interpreter_params())
def test_missing_bin_python(name, fresh_env, resolve, harness):
    """Without bin/python the environment's python is bin/python3; without
    any, the version comes from pyvenv.cfg and only the (lenient) harness
    can be asked."""
    env = fresh_env(name)
    (env / "bin" / "python").unlink()
    python3 = env / "bin" / "python3"
    resolved = resolve(env)
    assert resolved["executable"] == str(python3)
    agree(resolved, harness(name, str(python3)), ask_python(python3))

    for python in (env / "bin").glob("python*"):
        python.unlink()
    resolved = resolve(env)
    assert resolved["executable"] == str(env / "bin" / "python")
    agree(resolved, harness(name, str(env / "bin" / "python")))


@pytest.mark.parametrize("name", interpreter_params())
def test_odd_characters_in_path(name, fresh_env, resolve, harness):
    env = fresh_env(name, directory='sp ace "q" back\\slash ☕\ttab')
    python = env / "bin" / "python"
    agree(resolve(env), harness(name, str(python)), ask_python(python))


@pytest.mark.parametrize("name", interpreter_params())
def test_through_symlinked_directory_and_relative_path(name, fresh_env, resolve, harness, tmp_path):
    env = fresh_env(name)
    link = tmp_path / "link"
    link.symlink_to(env)
    python = link / "bin" / "python"
    resolved = resolve(link)
    assert resolved["prefix"] == str(link)
    agree(resolved, harness(name, str(python)), ask_python(python))
    # A relative path is made absolute against the current directory.
    assert resolve("env", cwd=tmp_path) == resolve(env)
    assert ask_python("env/bin/python", cwd=tmp_path)["prefix"] == str(env)


@pytest.mark.parametrize("name", interpreter_params())
def test_python_linked_by_a_climbing_relative_target(name, fresh_env, resolve, harness, tmp_path):
    """bin/python a relative link that climbs (`../../base/bin/pythonX.Y`,
    `base` a link to the interpreter's prefix): 3.11+ normalizes each step
    of the chain (its base executable is `base/bin/pythonX.Y`), 3.8-3.10
    join the steps as written. The resolver skips its normalizing pass
    only for chains already normal: this one is not."""
    env = fresh_env(name)
    real = pathlib.Path(os.path.realpath(interpreter_path(name)))
    (tmp_path / "base").symlink_to(real.parent.parent)
    python = env / "bin" / "python"
    python.unlink()
    python.symlink_to(f"../../base/bin/{real.name}")
    agree(resolve(env), harness(name, str(python)), ask_python(python))


# pyvenv.cfg prompts: CPython and virtualenv write a Python literal, uv the raw text.
PROMPTS = ["'plain'", "\"it's\"", "'both \\' and \"'", "'tab\\there \\x41 \\u263a'", "raw text from uv", "'unterminated"]


@pytest.mark.parametrize("written", PROMPTS)
def test_prompt_literals(written, fresh_env, resolve):
    name = next(n.values[0] for n in interpreter_params() if not n.marks)
    env = fresh_env(name)
    edit_cfg(env, lambda t: t + f"prompt = {written}\n")
    # Python decides what a literal means.
    try:
        expected = ast.literal_eval(written)
    except (SyntaxError, ValueError):
        expected = written
    assert resolve(env)["prompt"] == expected


def test_refusals(tmp_path, swift_venv):
    plain = tmp_path / "plain"
    plain.mkdir()
    text = tmp_path / "text"
    text.write_text("not python")
    shim = tmp_path / "shims" / "python3"
    shim.parent.mkdir()
    shim.write_text('#!/usr/bin/env bash\nexec "$PYENV_ROOT/libexec/pyenv" exec "$program" "$@"\n')
    shim.chmod(0o755)
    for path, why in [(plain, "not a virtual environment"), (tmp_path / "missing", "no such file"),
                      (text, "not an executable file"), (shim, "pyenv shim")]:
        refused = run([swift_venv, "info", path], check=False)
        assert refused.returncode == 1 and refused.stdout == "", refused
        assert str(path) in refused.stderr and why in refused.stderr, refused.stderr


def test_human_output(fresh_env, resolve, swift_venv):
    name = next(n.values[0] for n in interpreter_params() if not n.marks)
    env = fresh_env(name)
    resolved = resolve(env)
    text = run([swift_venv, "info", env]).stdout
    for path in [resolved["prefix"], resolved["base_prefix"], resolved["executable"], *resolved["site_packages"]]:
        assert path in text
