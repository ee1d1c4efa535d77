"""`pet server` as VS Code's client drives it (vscode-python-environments,
src/managers/common/nativePythonFinder.ts): `info` at start, `configure`
with the options `buildConfigurationOptions` makes, `refresh` with {} (then
a `resolve` for any record lacking version or prefix), `resolve` for a
path, `refresh` with searchPaths and with searchKind, and `find` for a
workspace. Every message is checked against PET's schema (petclient.py);
records against what each python prints; kinds against PET's locators."""
import json
import os
import shutil
import subprocess

import pytest

from home import run
from petclient import check_environment


def configure_options(home, cache):
    # What buildConfigurationOptions sends: undefined settings left out (JSON.stringify drops them).
    return {"workspaceDirectories": [str(home.ws), str(home.ws2)],
            "environmentDirectories": [str(home.root / "env*")],
            "cacheDirectory": str(cache)}


@pytest.fixture(scope="module")
def session(pet, home, tmp_path_factory):
    """The client's session, replayed: what it sent and what came back."""
    from petclient import Server
    server = Server([pet, "server"], home.env, cwd=home.root)
    out = {}
    try:
        out["info"] = server.request("info", {})
        out["configure"] = server.request("configure", configure_options(home, tmp_path_factory.mktemp("cache")))
        out["refresh"] = server.request("refresh", {})
        envs = [n["params"] for n in out["refresh"][0] if n["method"] == "environment"]
        # The client resolves each record lacking version or prefix.
        out["resolved"] = [server.request("resolve", {"executable": e["executable"]})
                           for e in envs if e["executable"] and (not e["version"] or not e["prefix"])]
        out["environments"] = envs
        out["resolve"] = server.request("resolve", {"executable": str(home.ws / ".venv" / "bin" / "python")})
        out["refresh_paths"] = server.request("refresh", {"searchPaths": [str(home.ws)]})
        out["refresh_kind"] = server.request("refresh", {"searchKind": "Poetry"})
        out["find"] = server.request("find", {"searchPath": str(home.ws)})
        out["find_empty"] = server.request("find", {"searchPath": str(home.bin1)})
        out["clear"] = server.request("clear", {})
    finally:
        out["status"] = server.close()
        out["stderr"] = server.proc.stderr.read()
    return out


def environments(notes):
    return [n["params"] for n in notes if n["method"] == "environment"]


def test_info_names_a_version(session):
    _, reply = session["info"]
    assert sorted(reply["result"]) == ["petVersion"]
    assert reply["result"]["petVersion"].count(".") == 2


def test_configure_answers_null(session):
    notes, reply = session["configure"]
    assert reply["result"] is None and notes == []


def test_refresh_reply_follows_the_notifications(session):
    notes, reply = session["refresh"]
    assert sorted(reply["result"]) == ["duration", "refreshId"]
    assert isinstance(reply["result"]["duration"], int) and isinstance(reply["result"]["refreshId"], int)
    assert len(environments(notes)) >= 20
    assert [n for n in notes if n["method"] == "log" and n["params"]["level"] == "info"], "no closing log line"
    assert session["status"] == 0, session["stderr"]


def test_every_record_has_version_and_prefix(session):
    """So the client never starts a resolve (nor Python)."""
    for env in session["environments"]:
        assert env["version"] and env["prefix"], env
    assert session["resolved"] == []


def test_one_record_per_environment(session):
    keys = [(os.path.realpath(e["prefix"]), os.path.realpath(e["executable"])) for e in session["environments"]]
    assert len(keys) == len(set(keys)), keys


def test_records_match_what_each_python_prints(session):
    # arch as PET asks it (pet-python-utils: is64_bit = sys.maxsize > 2**32; x64 or x86, its only values).
    code = ("import json, platform, sys; print(json.dumps([sys.prefix, platform.python_version(),"
            " 'x64' if sys.maxsize > 2**32 else 'x86']))")
    checked = 0
    for env in session["environments"]:
        if env["error"]:
            assert env["arch"] is None, env
            continue
        prefix, version, arch = json.loads(run([env["executable"], "-c", code]).stdout)
        assert env["prefix"] == prefix, env
        assert env["version"] == version, env
        assert env["arch"] == arch, env
        for link in env["symlinks"]:
            assert os.path.realpath(link) == os.path.realpath(env["executable"]) or \
                os.path.samefile(os.path.dirname(os.path.dirname(link)), env["prefix"]), (link, env)
        checked += 1
    assert checked >= 20


def kind_of(envs, prefix):
    matches = [e for e in envs if e["prefix"] and os.path.realpath(e["prefix"]) == os.path.realpath(prefix)]
    assert len(matches) == 1, f"{len(matches)} records with prefix {prefix}"
    return matches[0]["kind"]


def test_kinds_are_the_ones_pet_gives_these_layouts(session, home):
    """Each expectation is what PET's locators (crates/pet/src/locators.rs,
    tried in that order on Linux) say of the layout: pyenv's versions
    (pet-pyenv), pyenv-virtualenv's envs (PyenvVirtualEnv), conda-meta/
    (pet-conda), a `uv = ` line in pyvenv.cfg (pet-uv, before poetry and
    pipenv: PET #273), uv's own installations (pet-uv), poetry's, pipenv's
    (a .project naming a Pipfile's folder), hatch's, WORKON_HOME's
    (pet-virtualenvwrapper), any other pyvenv.cfg (pet-venv), /usr/bin
    (pet-linux-global-python)."""
    envs = session["environments"]
    expected = {
        home.pyenv_root / "versions" / home.base_version: "Pyenv",
        home.pyenv_root / "versions" / home.base_version / "envs" / "pvenv": "PyenvVirtualEnv",
        home.conda: "Conda",
        home.conda / "envs" / "sci": "Conda",
        home.ws / ".venv": "Uv",
        home.ws / "venv": "Venv",
        home.ws / "env": "Venv",
        home.ws / "custom": "Venv",
        home.projects / "elsewhere-env": "Venv",
        home.made["wrapped"][0]: "VirtualEnvWrapper",
        home.made["pipenv-proj"][0]: "Pipenv",
        home.made["pipenv-in-workon"][0]: "Pipenv",
        home.made["poetry"][0]: "Poetry",
        home.made["hatch"][0]: "Hatch",
        home.envs / "active": "Venv",
        home.root / ".venvs" / "handmade": "Venv",
    }
    if "uv_python" in home.made:
        expected[home.made["uv_python"]] = "Uv"
    for prefix, kind in expected.items():
        assert kind_of(envs, prefix) == kind, prefix
    for env in envs:
        if env["executable"].startswith("/usr/bin/"):
            assert env["kind"] == "LinuxGlobal", env
    # pipx's applications: PET has no such kind and does not look there.
    assert not [e for e in envs if "pipx" in (e["prefix"] or "")]


def test_broken_environments_are_reported_with_their_error(session, home):
    envs = session["environments"]
    for name in ("base-gone", "dangling", "python-loop"):
        matches = [e for e in envs if e["prefix"] == str(home.workon / name)]
        assert len(matches) == 1 and matches[0]["error"], name
        assert matches[0]["kind"] == "VirtualEnvWrapper"


def test_resolve_for_a_path(session, home):
    _, reply = session["resolve"]
    env = reply["result"]
    check_environment(env)
    assert env["kind"] == "Uv" and env["prefix"] == str(home.ws / ".venv")


def test_refresh_with_search_paths_looks_there_only(session, home):
    envs = environments(session["refresh_paths"][0])
    assert envs and all(e["prefix"].startswith(str(home.ws)) or e["project"] for e in envs), envs
    assert {e["prefix"] for e in envs} >= {str(home.ws / n) for n in (".venv", "venv", "env", "custom")}
    assert not [e for e in envs if e["kind"] in ("Pyenv", "Poetry", "LinuxGlobal")]


def test_refresh_with_search_kind_reports_that_kind_only(session, home):
    envs = environments(session["refresh_kind"][0])
    assert [e["prefix"] for e in envs] == [str(home.made["poetry"][0])]


def test_find_for_a_workspace(session, home):
    _, reply = session["find"]
    assert isinstance(reply["result"], list)
    for env in reply["result"]:
        check_environment(env)
    assert {e["prefix"] for e in reply["result"]} >= {str(home.ws / ".venv"), str(home.ws / "venv")}
    # PET answers null, not [], where there is nothing.
    assert session["find_empty"][1]["result"] is None


def test_clear_answers_null(session):
    assert session["clear"][1]["result"] is None


def test_uv_workspace_and_global_paths(server, home, tmp_path):
    """UvWorkspace: a uv environment whose project declares [tool.uv.workspace]
    (pet-uv); GlobalPaths: an interpreter on PATH in no known place."""
    project = tmp_path / "monorepo"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "mono"\nversion = "0"\n\n[tool.uv.workspace]\nmembers = []\n')
    run([home.tool("uv"), "venv", "--python", home.base, project / ".venv"], env=home.tool_env(), cwd=project)
    # A python of its own in a directory of PATH: a copy, its standard library linked beside it.
    opt = tmp_path / "opt"
    (opt / "bin").mkdir(parents=True)
    shutil.copy2(home.base_real, opt / "bin" / f"python{home.base_minor}")
    real_prefix = os.path.dirname(os.path.dirname(str(home.base_real)))
    for part in ("lib", "include"):
        (opt / part).mkdir(exist_ok=True)
        os.symlink(os.path.join(real_prefix, part, f"python{home.base_minor}"), opt / part / f"python{home.base_minor}")
    env = dict(home.env, PATH=f"{opt / 'bin'}:" + home.env["PATH"])
    s = server(env=env)
    notes, _ = s.request("refresh", {"searchPaths": [str(project)]})
    assert [(e["kind"], e["prefix"]) for e in environments(notes)] == [("UvWorkspace", str(project / ".venv"))]
    notes, _ = s.request("refresh", {"searchKind": "GlobalPaths"})
    found = environments(notes)
    assert [e["executable"] for e in found] == [str(opt / "bin" / f"python{home.base_minor}")], found
    assert found[0]["version"] == json.loads(run([found[0]["executable"], "-c",
                                                  "import json, platform; print(json.dumps(platform.python_version()))"]).stdout)
    assert s.close() == 0


def test_workspace_search_to_pets_depth(server, home, tmp_path):
    """PET's workspace search (crates/pet/src/find.rs,
    find_python_environments_in_workspace_folder_recursive): the folder
    itself when it is an environment, its children, and pixi's environments
    in .pixi/envs/, one level deeper (kind Pixi: conda-meta/pixi,
    crates/pet-pixi, before conda); a .venv in a subfolder is not the
    workspace's (PET #235, closed as by design), so not reported."""
    ws = tmp_path / "pixi-ws"
    prefix = ws / ".pixi" / "envs" / "default"
    (prefix / "bin").mkdir(parents=True)
    (prefix / "conda-meta").mkdir()
    (prefix / "conda-meta" / "pixi").write_text("")
    shutil.copy2(home.base_real, prefix / "bin" / f"python{home.base_minor}")
    os.symlink(f"python{home.base_minor}", prefix / "bin" / "python")
    real_prefix = os.path.dirname(os.path.dirname(str(home.base_real)))
    for part in ("lib", "include"):  # a pixi prefix has both, as conda's
        (prefix / part).mkdir()
        os.symlink(os.path.join(real_prefix, part, f"python{home.base_minor}"), prefix / part / f"python{home.base_minor}")
    run([home.base, "-m", "venv", "--without-pip", ws / "folderA" / ".venv"])
    itself = tmp_path / "itself"
    run([home.base, "-m", "venv", "--without-pip", itself])
    version = json.loads(run([prefix / "bin" / "python", "-c",
                              "import json, platform; print(json.dumps(platform.python_version()))"]).stdout)
    s = server()
    s.request("configure", {"workspaceDirectories": [str(ws), str(itself)]})
    notes, _ = s.request("refresh", {})
    found = {e["prefix"]: e for e in environments(notes)}
    pixi = found.get(str(prefix))
    assert pixi and pixi["kind"] == "Pixi" and pixi["version"] == version and pixi["name"] == "default", pixi
    assert str(ws / "folderA" / ".venv") not in found
    assert found[str(itself)]["kind"] == "Venv", found.get(str(itself))
    notes, _ = s.request("refresh", {"searchPaths": [str(ws)]})
    assert [(e["kind"], e["prefix"]) for e in environments(notes)] == [("Pixi", str(prefix))]
    assert s.close() == 0


def test_managers_named_once_before_their_environments(server, home, tmp_path):
    poetry = home.tool("poetry")
    s = server()
    s.request("configure", {"workspaceDirectories": [], "poetryExecutable": poetry})
    notes, _ = s.request("refresh", {})
    managers = [i for i, n in enumerate(notes) if n["method"] == "manager"]
    assert [notes[i]["params"] for i in managers] == [{"executable": poetry, "version": None, "tool": "Poetry"}]
    poetry_envs = [i for i, n in enumerate(notes) if n["method"] == "environment" and n["params"]["kind"] == "Poetry"]
    assert poetry_envs and managers[0] < poetry_envs[0]
    assert notes[poetry_envs[0]]["params"]["manager"]["tool"] == "Poetry"
    assert s.close() == 0


def test_configure_globs(server, home):
    """workspaceDirectories and environmentDirectories take globs (PET's configure)."""
    s = server()
    s.request("configure", {"workspaceDirectories": [str(home.projects / "ws*")],
                            "environmentDirectories": [str(home.root / "nothing-here-*")]})
    notes, _ = s.request("refresh", {})
    prefixes = {e["prefix"] for e in environments(notes)}
    assert str(home.ws / ".venv") in prefixes and str(home.projects / "elsewhere-env") in prefixes
    notes, _ = s.request("refresh", {"searchPaths": [str(home.projects / "*" / ".venv")]})
    assert {e["prefix"] for e in environments(notes)} == {str(home.ws / ".venv")}
    assert s.close() == 0


def test_pets_global_folders(server, home, tmp_path):
    """Without any configure, a refresh looks in PET's global folders
    (pet-global-virtualenvs): ~/envs, ~/.direnv, ~/Envs, and ~/.virtualenvs
    and ~/.local/share/virtualenvs even when WORKON_HOME and XDG_DATA_HOME
    point elsewhere; one record per environment however many name it."""
    root = tmp_path / "h"
    places = ["envs", ".direnv", "Envs", ".virtualenvs", ".local/share/virtualenvs", "workon", "data/virtualenvs"]
    prefixes = [root / place / "e" for place in places]
    for prefix in prefixes:
        prefix.parent.mkdir(parents=True, exist_ok=True)
    home.swift_venv_create(home.base, *prefixes)
    env = {"HOME": str(root), "WORKON_HOME": str(root / "workon"), "XDG_DATA_HOME": str(root / "data"),
           "PATH": str(root / "no-bin"), "PYENV_ROOT": str(root / "no-pyenv"), "LC_ALL": "C.UTF-8"}
    s = server(env=env)
    notes, _ = s.request("refresh", {})
    found = {e["prefix"]: e["kind"] for e in environments(notes) if e["prefix"].startswith(str(root))}
    assert len([e for e in environments(notes) if e["prefix"].startswith(str(root))]) == len(found)
    expected = {str(p): "Venv" for p in prefixes}
    expected[str(root / "workon" / "e")] = "VirtualEnvWrapper"
    expected[str(root / "data" / "virtualenvs" / "e")] = "Venv"
    assert found == expected
    assert s.close() == 0


def test_pipenv_as_pet_tells_it(server, home, tmp_path):
    """pet-pipenv: an environment in a project holding a Pipfile (pipenv's
    PIPENV_VENV_IN_PROJECT), and one in pipenv's folder named as pipenv
    names them, without a .project, are Pipenv; a plain name there is not."""
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text("[packages]\n")
    data = tmp_path / "data"
    (data / "virtualenvs").mkdir(parents=True)
    shaped, plain = data / "virtualenvs" / "proj-AbCd_1-z", data / "virtualenvs" / "plain"
    home.swift_venv_create(home.base, project / ".venv", shaped, plain)
    s = server(env=dict(home.env, XDG_DATA_HOME=str(data)))
    notes, _ = s.request("refresh", {})
    kinds = {e["prefix"]: e["kind"] for e in environments(notes)}
    assert (kinds[str(shaped)], kinds[str(plain)]) == ("Pipenv", "Venv")
    notes, _ = s.request("refresh", {"searchPaths": [str(project)]})
    assert [(e["prefix"], e["kind"]) for e in environments(notes)] == [(str(project / ".venv"), "Pipenv")]
    assert s.close() == 0


def test_hostile_names_come_through_as_json_strings(server, home, tmp_path):
    """Environment names holding quotes, backslashes, newlines, tabs, C0 and
    C1 controls and non-ASCII letters: every frame stays valid JSON of the
    length announced, and each path comes back byte for byte."""
    workon = tmp_path / "workon"
    workon.mkdir()
    names = ['q"uote', "back\\slash", "new\nline", "tab\tbed", "bell\x07", "c1\x85x", "café-环境", "Content-Length: 3"]
    # Made under plain names, then renamed (creation refuses some of these names for activation's sake).
    home.swift_venv_create(home.base, *[workon / f"plain{i}" for i in range(len(names))])
    for i, name in enumerate(names):
        os.rename(workon / f"plain{i}", workon / name)
    env = {"HOME": str(tmp_path), "WORKON_HOME": str(workon), "PATH": str(tmp_path / "no-bin"),
           "PYENV_ROOT": str(tmp_path / "no-pyenv"), "LC_ALL": "C.UTF-8"}
    s = server(env=env)
    notes, _ = s.request("refresh", {})
    found = sorted(e["prefix"] for e in environments(notes) if e["prefix"].startswith(str(workon)))
    assert found == sorted(str(workon / n) for n in names)
    for name in names:
        _, reply = s.request("resolve", {"executable": str(workon / name / "bin" / "python")})
        assert reply["result"]["prefix"] == str(workon / name) and reply["result"]["kind"] == "VirtualEnvWrapper"
    assert s.close() == 0
