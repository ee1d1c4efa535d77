"""The matrix: every interpreter x {venv, venv with system site packages,
copies} x {swift-venv, python -m venv, virtualenv, uv}, plus the base
interpreter itself. Resolver, harness and bin/python agree field by field;
then what the harness cannot see is checked against the real files."""
import os
import pathlib
import shutil

import pytest

from conftest import (PRESENT, MIN_INTERPRETERS, agree, ask_python, interpreter_params,
                      interpreter_path, read_cfg, run)

PROMPT = "my env's ☕"
CREATORS = ["swift-venv", "venv", "virtualenv", "uv"]
KINDS = ["venv", "system-site", "copies"]


def test_enough_interpreters():
    names = [name for name, _ in PRESENT]
    assert len(names) >= MIN_INTERPRETERS, (
        f"only {len(names)} interpreters present ({', '.join(names)}); the matrix needs "
        f"{MIN_INTERPRETERS} (set RESOLVE_MIN_INTERPRETERS to accept fewer)")


@pytest.fixture(scope="session")
def make_env(workspace, swift_venv, tool):
    made = {}

    def make(name, creator, kind):
        key = (name, creator, kind)
        if key in made:
            return made[key]
        python = interpreter_path(name)
        env = workspace / "envs" / f"{name}-{creator}-{kind}"
        env.parent.mkdir(exist_ok=True)
        flags = []
        if kind == "system-site":
            flags.append("--system-site-packages")
        if kind == "copies":
            flags.append("--copies")
        if kind == "venv":
            flags += ["--prompt", PROMPT]
        if creator == "swift-venv":
            run([swift_venv, "--without-pip", "--python", python, *flags, env])
        elif creator == "venv":
            run([python, "-m", "venv", "--without-pip", *flags, env])
        elif creator == "virtualenv":
            cache = workspace / "virtualenv-data"
            run([tool("virtualenv"), "--no-seed", "--app-data", cache, "--no-periodic-update",
                 "-p", python, *flags, env])
        elif creator == "uv":
            run([tool("uv"), "venv", "--quiet", "--no-python-downloads", "--cache-dir", workspace / "uv-cache",
                 "--python", python, *flags, env])
        made[key] = env
        return env
    return make


# uv venv has no --copies: it always links the interpreter.
CASES = [(creator, kind) for creator in CREATORS for kind in KINDS if (creator, kind) != ("uv", "copies")]


@pytest.mark.parametrize("creator,kind", CASES, ids=[f"{c}-{k}" for c, k in CASES])
@pytest.mark.parametrize("name", interpreter_params())
def test_environment(name, creator, kind, make_env, resolve, harness, base_facts):
    env = make_env(name, creator, kind)
    python = env / "bin" / "python"
    assert python.is_file(), f"{python} missing"

    resolved = resolve(env)
    agree(resolved, harness(name, str(python)), ask_python(python))

    # What the harness cannot see.
    cfg = read_cfg(env)
    written = (cfg.get("version") or cfg.get("version_info") or "").split(".")[:3]
    assert resolved["version"] == ".".join(written), f"pyvenv.cfg says {cfg}"
    assert resolved["base_prefix"] == base_facts(name)["base_prefix"]
    assert resolved["is_venv"] and resolved["prefix"] == str(env)
    assert resolved["include_system_site_packages"] == (kind == "system-site")
    assert resolved["prompt"] == (PROMPT if kind == "venv" else None)

    # The same answer through the environment's python and its pyvenv.cfg.
    assert resolve(python) == resolved
    assert resolve(env / "pyvenv.cfg") == resolved
    # Through python3, a different sys.executable.
    python3 = env / "bin" / "python3"
    if python3.exists():
        agree(resolve(python3), harness(name, str(python3)), ask_python(python3))


@pytest.mark.parametrize("alias", ["versioned", "python3"])
@pytest.mark.parametrize("name", interpreter_params())
def test_base_interpreter(name, alias, resolve, harness):
    path = interpreter_path(name)
    if alias == "python3":
        path = os.path.join(os.path.dirname(path), "python3")
        if not os.path.exists(path):
            pytest.skip(f"{path} absent")
    resolved = resolve(path)
    agree(resolved, harness(name, path), ask_python(path))
    assert not resolved["is_venv"] and resolved["home"] is None and resolved["prompt"] is None
