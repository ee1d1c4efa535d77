"""swift-venv find in a home where the real tools made their environments:
every record against what its python prints itself, and manager, name and
project against what the owning tool says."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from conftest import KEYS, by_prefix
from home import PYENV_COMMAND, run
from testkit import fast_and_parsed


def real(path):
    return os.path.realpath(path)


def figures(line):
    path = os.environ.get("SWIFT_VENV_FIGURES")
    if path:
        with open(path, "a") as out:
            out.write(line + "\n")


def pyenv(home, *args, cwd=None, env=None):
    """The machine's own pyenv, run against the home's PYENV_ROOT."""
    if not os.access(PYENV_COMMAND, os.X_OK):
        pytest.skip(f"the pyenv command is absent ({PYENV_COMMAND}); pyenv is not on PyPI")
    return run([PYENV_COMMAND, *args], env=env or home.env, cwd=cwd or home.root)


# -- the records ---------------------------------------------------------------

def test_every_line_has_exactly_the_keys_in_order(found):
    assert found["lines"], "find wrote nothing"
    for line in found["lines"]:
        pairs = json.loads(line, object_pairs_hook=lambda p: p)
        assert [k for k, _ in pairs] == KEYS, line


def test_one_record_per_python(found):
    seen = {}
    for r in found["records"]:
        key = (r["kind"], real(r["prefix"] if r["kind"] == "environment" else r["executable"]))
        assert key not in seen, f"two records for {key}:\n{seen.get(key)}\n{r}"
        seen[key] = r


def test_every_field_matches_what_the_python_prints(found, asked):
    checked = 0
    for r in found["records"]:
        if r["error"]:
            continue
        own = asked(r["executable"])
        for key in ("prefix", "base_prefix", "version", "site_packages", "implementation"):
            assert r[key] == own[key], f"{r['executable']}: {key} is {r[key]!r}, the python says {own[key]!r}"
        is_conda = os.path.isdir(os.path.join(r["prefix"], "conda-meta"))
        assert (r["kind"] == "environment") == (own["prefix"] != own["base_prefix"] or is_conda), r
        checked += 1
    assert checked >= 20, f"only {checked} records without error"
    figures(f"find: {checked} records checked field by field against their own python ({len(found['records'])} found)")


@pytest.mark.parametrize("minor", ["2.7", "3.6", "3.7"])
def test_older_python_with_its_own_paths_and_unsupported(found, asked, minor):
    """Issue 25: a Python creation does not take is reported all the same,
    every field from its files as it prints them, no error, and a field of
    its own saying why creation does not take it."""
    old = [r for r in found["records"] if r["kind"] == "interpreter" and r["manager"] == "pyenv"
           and (r["name"] or "").startswith(minor + ".")]
    if not old:
        pytest.skip(f"pyenv has no Python {minor} here ({os.path.expanduser('~/.pyenv/versions')})")
    for r in old:
        own = asked(r["executable"])
        assert r["error"] is None, r
        for key in ("prefix", "base_prefix", "version", "site_packages", "implementation"):
            assert r[key] == own[key], f"{r['executable']}: {key} is {r[key]!r}, the python says {own[key]!r}"
        assert r["unsupported"] == (f"Python {own['version']} is older than 3.8, "
                                    "the oldest swift-venv creates environments from"), r


def test_an_older_python_under_a_lying_pyenv_name(home, swift_venv, found, asked, tmp_path):
    """pyenv's directory name is no proof: 3.7's files under versions/3.12.9
    are reported as the 3.7.16 they are, and `--python 3.12` passes them over."""
    real = next((r for r in found["records"] if r["kind"] == "interpreter" and r["manager"] == "pyenv"
                 and (r["name"] or "").startswith("3.7.")), None)
    if real is None:
        pytest.skip(f"pyenv has no Python 3.7 here ({os.path.expanduser('~/.pyenv/versions')})")
    lying = tmp_path / "pyenv" / "versions" / "3.12.9"
    lying.mkdir(parents=True)
    installed = os.path.dirname(os.path.dirname(real["executable"]))
    for part in os.listdir(installed):
        os.symlink(os.path.join(installed, part), lying / part)
    env = dict(home.env, PYENV_ROOT=str(tmp_path / "pyenv"), PATH="/nowhere")
    records = [json.loads(line) for line in run([swift_venv, "find", "--json"], env=env, cwd=tmp_path).stdout.splitlines()]
    r, = [r for r in records if r["executable"].startswith(str(lying))]
    own = asked(r["executable"])
    assert (r["name"], r["version"], r["prefix"], r["error"]) == ("3.12.9", own["version"], own["prefix"], None), r
    assert r["version"].startswith("3.7.") and own["version"] in r["unsupported"], r
    chosen = run([swift_venv, "find", "--python", "3.12"], env=env, cwd=tmp_path, check=False)
    assert str(lying) not in chosen.stdout + chosen.stderr, chosen


@pytest.mark.parametrize("minor", ["3.6", "3.7"])
def test_environment_of_an_older_python(home, swift_venv, found, asked, tmp_path, minor):
    """An environment its own venv made from 3.6 or 3.7: resolved from its
    files as its python prints itself, no error, unsupported for creation."""
    base = next((r["executable"] for r in found["records"] if r["kind"] == "interpreter"
                 and r["manager"] == "pyenv" and (r["name"] or "").startswith(minor + ".")), None)
    if base is None:
        pytest.skip(f"pyenv has no Python {minor} here ({os.path.expanduser('~/.pyenv/versions')})")
    run([base, "-m", "venv", "--without-pip", tmp_path / "old"])
    r, own = venv_found_in(tmp_path, home, swift_venv, asked)
    assert r["unsupported"] and own["version"] in r["unsupported"], r


def venv_found_in(directory, home, swift_venv, asked):
    """The one record `find --search-path directory` gives, a healthy
    environment made by venv, checked against what its python prints; with
    what it printed."""
    r, = [json.loads(line) for line in run([swift_venv, "find", "--json", "--search-path", directory],
                                            env=home.env).stdout.splitlines() if str(directory) in line]
    own = asked(r["executable"])
    assert r["kind"] == "environment" and r["error"] is None and r["creator"] == "venv", r
    for key in ("prefix", "base_prefix", "version", "site_packages", "implementation"):
        assert r[key] == own[key], f"{r['executable']}: {key} is {r[key]!r}, the python says {own[key]!r}"
    return r, own


def test_environment_with_a_large_pyvenv_cfg(home, swift_venv, asked, tmp_path):
    """A pyvenv.cfg larger than what a locator keeps from its reading (16
    KiB; here a 24 KiB comment line, which site.py skips; 3.11+ refuses to
    start with one of 32 KiB) is read again by its record: resolved as its
    python prints itself."""
    run([home.base, "-m", "venv", "--without-pip", tmp_path / "big"])
    cfg = tmp_path / "big" / "pyvenv.cfg"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "#" + "x" * (24 << 10) + "\n", encoding="utf-8")
    venv_found_in(tmp_path, home, swift_venv, asked)


def test_no_pyenv_shim_is_reported(found, home):
    shims = str(home.pyenv_root / "shims")
    for r in found["records"]:
        assert not r["executable"].startswith(shims), r
        assert not any(s.startswith(shims) for s in r["symlinks"]), r


def test_one_interpreter_reached_by_several_path_entries(found, home):
    base = [r for r in found["records"] if r["kind"] == "interpreter" and real(r["executable"]) == real(home.base_real)]
    assert len(base) == 1, base
    reached = {base[0]["executable"], *base[0]["symlinks"]}
    assert {str(home.bin1 / "python3"), str(home.bin2 / f"python{home.base_minor}")} <= reached, base[0]
    assert base[0]["executable"] == str(home.bin1 / "python3"), "the first PATH entry names it"
    assert {"path", "pyenv"} <= set(base[0]["sources"]), base[0]


# -- pyenv and uv ----------------------------------------------------------------

def test_pyenv_versions_as_pyenv_lists_them(found, home):
    listed = pyenv(home, "versions", "--bare", "--skip-aliases").stdout.split()
    names = {r["name"] for r in found["records"] if r["manager"] in ("pyenv", "pyenv-virtualenv")}
    expected = {n.split("/envs/")[-1] for n in listed}
    assert names == expected, f"find: {sorted(names)}, pyenv versions: {sorted(listed)}"


def test_pyenv_shim_resolved_as_pyenv_would(found, home):
    which = pyenv(home, "which", "python3").stdout.strip()
    record = next(r for r in found["records"] if r["kind"] == "interpreter" and real(r["executable"]) == real(which))
    assert "path" in record["sources"] and record["manager"] == "pyenv", record


def test_pyenv_virtualenv(found, home):
    r = by_prefix(found["records"], home.pyenv_root / "versions" / home.base_version / "envs" / "pvenv")
    assert (r["manager"], r["name"], r["creator"]) == ("pyenv-virtualenv", "pvenv", "venv"), r
    assert str(home.pyenv_root / "versions" / "pvenv" / "bin" / "python") in r["symlinks"], r
    assert "pvenv" in pyenv(home, "versions", "--bare").stdout.split()


def test_uv_python_as_uv_lists_it(found, home):
    if not home.uv_real:
        pytest.skip("no second pyenv interpreter (3.8, 3.9 or 3.10) to show as a uv-managed Python")
    listed = json.loads(run([home.tool("uv"), "python", "list", "--only-installed", "--python-preference",
                             "only-managed", "--output-format", "json"], env=home.tool_env()).stdout)
    assert listed, "uv lists no managed Python"
    ours = [r for r in found["records"] if r["manager"] == "uv"]
    assert sorted(r["name"] for r in ours) == sorted(p["key"] for p in listed)
    for entry in listed:
        record = next(r for r in ours if r["name"] == entry["key"])
        path = entry["path"] if entry["path"].startswith("/") else os.path.join(home.root, entry["path"])
        assert real(record["executable"]) == real(path)
        assert record["version"] == entry["version"] and record["sources"] == ["uv"]


# -- the environment managers --------------------------------------------------

def test_virtualenvwrapper_as_lsvirtualenv_lists(found, home):
    wrapper = home.tools / "virtualenvwrapper.sh"
    env = home.tool_env(VIRTUALENVWRAPPER_PYTHON=home.tool("python"))
    out = subprocess.run(["bash", "-c", f'source "{wrapper}" && lsvirtualenv -b'], env=env, cwd=home.root,
                         stdout=subprocess.PIPE, check=True).stdout
    listed = set()
    for name in out.split(b"\n"):
        try:
            if name:
                listed.add(name.decode("utf-8"))
        except UnicodeDecodeError:
            pass  # find passes names that are not UTF-8 over (said with --verbose)
    ours = {r["name"] for r in found["records"] if "workon_home" in r["sources"]}
    assert ours == listed, f"find: {sorted(ours)}; lsvirtualenv -b: {sorted(listed)}"
    project = run(["bash", "-c", f'source "{wrapper}" && workon wrapped && cdproject && pwd'], env=env).stdout.strip()
    r = by_prefix(found["records"], home.workon / "wrapped")
    assert (r["manager"], r["name"], r["project"], r["creator"]) == ("virtualenvwrapper", "wrapped", project, "virtualenv")


@pytest.mark.parametrize("made", ["pipenv-proj", "pipenv-in-workon"])
def test_pipenv_as_pipenv_says(found, home, made):
    where, project = home.made[made]   # where: `pipenv --venv`
    r = by_prefix(found["records"], where)
    assert (r["manager"], r["name"], r["project"]) == ("pipenv", where.name, str(project)), r
    assert r["creator"] == "virtualenv"


def test_poetry_as_poetry_says(found, home):
    where, _ = home.made["poetry"]   # `poetry env info -p`
    r = by_prefix(found["records"], where)
    assert (r["manager"], r["name"], r["sources"]) == ("poetry", where.name, ["poetry"]), r


def test_hatch_as_hatch_says(found, home):
    where, project = home.made["hatch"]   # `hatch env find`
    r = by_prefix(found["records"], where)
    shown = json.loads(run([home.tool("hatch"), "env", "show", "--json"], env=home.tool_env(), cwd=project).stdout)
    assert r["manager"] == "hatch" and r["name"] in shown, (r, list(shown))
    assert r["name"] == "default"


def test_pipx_as_pipx_lists(found, home):
    venvs = home.made["pipx"]["venvs"]
    ours = {r["name"]: r for r in found["records"] if r["manager"] == "pipx"}
    assert set(ours) == set(venvs)
    for name, described in venvs.items():
        assert ours[name]["project"] == described["metadata"]["main_package"]["package"]


def test_conda_prefixes(found, home):
    for prefix, name in ((home.conda, "base"), (home.conda / "envs" / "sci", "sci")):
        r = by_prefix(found["records"], prefix)
        assert (r["kind"], r["manager"], r["creator"], r["name"]) == ("environment", "conda", "conda", name), r
        assert "conda" in r["sources"]


def test_workspace_environments_by_their_creators(found, home):
    expected = {".venv": "uv", "venv": "venv", "env": "virtualenv", "custom": "swift-venv" if home.other else None}
    for name, creator in expected.items():
        r = by_prefix(found["records"], home.ws / name)
        assert r["project"] == str(home.ws) and "workspace" in r["sources"], r
        if creator:
            assert r["creator"] == creator, r
    followed = by_prefix(found["records"], home.projects / "elsewhere-env")
    assert followed["project"] == str(home.ws2) and followed["sources"] == ["workspace"]


def test_search_path_virtual_env_and_dot_venvs(found, home):
    for name in os.listdir(home.envs):
        assert "search_path" in by_prefix(found["records"], home.envs / name)["sources"]
    assert by_prefix(found["records"], home.envs / "active")["sources"][0] == "virtual_env"
    assert by_prefix(found["records"], home.root / ".venvs" / "handmade")["sources"] == ["search_path"]


# -- broken and unusable -----------------------------------------------------------

@pytest.mark.parametrize("name,says", [
    ("base-gone", "the base interpreter is gone"),
    ("base-gone-copies", "standard library"),
    ("dangling", "does not exist"),
    ("bad-cfg", "not UTF-8"),
    ("python-loop", "loop of symbolic links"),
])
def test_broken_environment_reported_with_its_error(found, home, name, says):
    r = by_prefix(found["records"], home.workon / name)
    assert r["error"] and says in r["error"] and "\n" not in r["error"], r
    assert r["kind"] == "environment" and r["manager"] == "virtualenvwrapper"


def test_loops_and_names_that_are_not_utf8_are_passed_over(found, home):
    assert "not UTF-8 passed over" in found["stderr"], found["stderr"]
    assert not any("caf" in (r["prefix"] or "") for r in found["records"])
    assert not any(r["prefix"] == str(home.workon / "loop") for r in found["records"])


def test_unreadable_directory_as_an_unprivileged_user(home, swift_venv):
    if not shutil.which("setpriv"):
        pytest.skip("setpriv absent: cannot drop root, and root ignores directory modes")
    top = pathlib.Path(tempfile.mkdtemp(prefix="swift-venv-find-unpriv-"))
    workon = top / "workon"
    (workon / "locked").mkdir(parents=True)
    home.swift_venv_create(home.base, workon / "good")
    binary = top / "swift-venv"
    shutil.copy2(swift_venv, binary)
    (workon / "locked").chmod(0)
    for d in (top, workon):
        d.chmod(0o755)
    env = {"HOME": str(top), "WORKON_HOME": str(workon), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary,
                             "find", "--json", "--verbose"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0 and "Operation not permitted" in result.stderr:
        pytest.skip("setpriv cannot change user here: " + result.stderr.strip())
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["prefix"] == str(workon / "good") for r in records)
    assert f"{workon / 'locked'}" in result.stderr and "passed over" in result.stderr, result.stderr
    (workon / "locked").chmod(0o755)
    shutil.rmtree(top)


def test_table_has_one_row_per_record(home, swift_venv, find_args, found):
    args = [a for a in find_args if a != "--json"]
    lines = run([swift_venv, *args], env=home.env, cwd=home.root).stdout.splitlines()
    assert lines[0].split() == ["KIND", "VERSION", "EXECUTABLE", "MANAGER", "NAME", "PROJECT", "PROBLEM"]
    assert len(lines) == len(found["records"]) + 1
    for line, r in zip(lines[1:], found["records"]):
        assert r["executable"] in line and (r["error"] or "") in line
        assert ("unsupported for creation" in line) == bool(r["unsupported"] and not r["error"]), line


def test_problems_only_when_asked(home, swift_venv, find_args, found):
    """issue 24: doctor's checks cost several times a record, so find runs
    them only with --problems; without, `problems` is null in every record.
    With it, each record is the same but for its codes, which are doctor's
    own (issue 25's promise), [] for interpreters, and the table shows them."""
    assert all(r["problems"] is None for r in found["records"]), found["records"][0]
    lines = run([swift_venv, *find_args, "--problems"], env=home.env, cwd=home.root).stdout.splitlines()
    asked = [json.loads(line) for line in lines]
    assert [dict(r, problems=None) for r in asked] == found["records"]
    assert all(r["problems"] == [] for r in asked if r["kind"] == "interpreter")
    assert "base-missing" in by_prefix(asked, home.workon / "base-gone")["problems"]
    environments = {r["prefix"]: r["problems"] for r in asked
                    if r["kind"] == "environment" and os.path.lexists(os.path.join(r["prefix"], "pyvenv.cfg"))}
    doctor = run([swift_venv, "doctor", "--json", *environments], env=home.env, cwd=home.root, check=False)
    assert doctor.returncode in (0, 1), doctor.stderr
    said = {json.loads(line)["environment"]: json.loads(line)["codes"] for line in doctor.stdout.splitlines()}
    assert said == environments
    table = run([swift_venv, *[a for a in find_args if a != "--json"], "--problems"], env=home.env, cwd=home.root)
    for line, r in zip(table.stdout.splitlines()[1:], asked):
        if r["problems"] and not r["error"] and not r["unsupported"]:
            assert line.endswith(", ".join(r["problems"])), (line, r)


@pytest.mark.parametrize("extra", [
    [], ["--verbose"], ["--problems"], ["--problems", "--python", "3"], ["--python", "3"], ["--python=>=3.10,<3.13"], ["--default-python"], ["--python", "9.99"],
    ["--python", "3", "--default-python"], ["--bogus"], ["--workspace"], ["--help"], ["--json=1"],
], ids=lambda a: " ".join(a) or "(none)")
@pytest.mark.parametrize("json_flag", [True, False], ids=["json", "table"])
def test_fast_path_equals_the_argument_parser(home, swift_venv, find_args, extra, json_flag):
    """`find` is read without swift-argument-parser when its arguments are
    plain (FindFastPath): the same bytes out, the same status, either way."""
    args = [a for a in find_args if json_flag or a != "--json"] + extra
    outcomes = fast_and_parsed([swift_venv, *args], env=home.env, cwd=home.root)
    assert outcomes[0] == outcomes[1], args
    assert outcomes[0][0] in (0, 1, 2), outcomes[0]
