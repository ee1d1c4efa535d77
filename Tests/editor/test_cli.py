"""PET's command line, as VS Code's client runs it when its server fails
(buildFindCliArgs, resolveViaJsonCli, getNativePythonToolsVersion in
nativePythonFinder.ts), through a link named `pet` and as `swift-venv pet`."""
import json
import re
import subprocess

from petclient import Server, check_environment, check_manager


def pet_run(argv, home, check=True):
    result = subprocess.run([str(a) for a in argv], env=home.env, cwd=home.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_version_as_the_client_reads_it(pet, swift_venv, home):
    for argv in ([pet, "--version"], [swift_venv, "pet", "--version"]):
        out = pet_run(argv, home).stdout
        assert re.search(r"\b\d+\.\d+\.\d+\S*", out), out
        assert out.startswith("pet ")


def test_find_json_equals_the_server_refresh(pet, swift_venv, home, tmp_path):
    # buildFindCliArgs: find --json, the workspaces as positional paths, then the flags.
    args = ["find", "--json", str(home.ws), str(home.ws2), "--cache-directory", str(tmp_path),
            "--environment-directories", str(home.envs)]
    out = json.loads(pet_run([pet, *args], home).stdout)
    assert sorted(out) == ["environments", "managers"]
    for env in out["environments"]:
        check_environment(env)
        assert env["version"] and env["prefix"]
    for manager in out["managers"]:
        check_manager(manager)
    assert json.loads(pet_run([swift_venv, "pet", *args], home).stdout) == out
    s = Server([pet, "server"], home.env, cwd=home.root)
    s.request("configure", {"workspaceDirectories": [str(home.ws), str(home.ws2)],
                            "environmentDirectories": [str(home.envs)]})
    notes, _ = s.request("refresh", {})
    assert s.close() == 0
    served = [n["params"] for n in notes if n["method"] == "environment"]
    assert served == out["environments"]


def test_find_kind_and_workspace(pet, home):
    for kind in ("Venv", "venv", "virtual-env-wrapper", "VirtualEnvWrapper"):
        out = json.loads(pet_run([pet, "find", "--json", "--kind", kind, str(home.ws)], home).stdout)
        wanted = "Venv" if kind.lower() == "venv" else "VirtualEnvWrapper"
        assert out["environments"] and {e["kind"] for e in out["environments"]} == {wanted}
    out = json.loads(pet_run([pet, "find", "--json", "--workspace", str(home.ws)], home).stdout)
    assert {e["prefix"] for e in out["environments"]} >= {str(home.ws / ".venv"), str(home.ws / "venv")}
    assert not [e for e in out["environments"] if e["kind"] in ("Pyenv", "LinuxGlobal", "Poetry")]
    refused = pet_run([pet, "find", "--json", "--kind", "Nope"], home, check=False)
    assert refused.returncode == 2 and "Nope" in refused.stderr
    refused = pet_run([pet, "find", "--json", "--workspace", "--kind", "Venv"], home, check=False)
    assert refused.returncode == 2


def test_resolve_json(pet, home):
    python = home.ws / "venv" / "bin" / "python"
    env = json.loads(pet_run([pet, "resolve", python, "--json"], home).stdout)
    check_environment(env)
    assert env["kind"] == "Venv" and env["prefix"] == str(home.ws / "venv")
    s = Server([pet, "server"], home.env, cwd=home.root)
    _, reply = s.request("resolve", {"executable": str(python)})
    assert s.close() == 0
    assert reply["result"] == env
    assert pet_run([pet, "resolve", home.root / "nowhere" / "python", "--json"], home).stdout.strip() == "null"


def test_words_pet_does_not_know(pet, swift_venv, home):
    for argv in ([pet, "frobnicate"], [pet, "find", "--no-such-flag"], [swift_venv, "pet", "resolve"]):
        assert pet_run(argv, home, check=False).returncode == 2, argv


def test_find_for_people(pet, home):
    out = pet_run([pet, "find", str(home.ws)], home).stdout
    assert "Environment (Uv)" in out and f"Prefix      : {home.ws / '.venv'}" in out
