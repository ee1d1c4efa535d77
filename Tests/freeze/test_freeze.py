"""swift-venv freeze / packages (issue 16) against the real pip of each
environment, for every interpreter of the matrix.

Per interpreter, environments are made once and shared by the checks:
- main: wheels built here (Foo_Bar.baz needing normalisation, a project with
  extras, a dependency and a console script), a file:// wheel (direct URL
  with a hash), a PEP 660 editable install of a local project, an editable
  git+file:// install (pip clones it), a git+file:// install (vcs_info), a
  hand-written .egg-info directory and PKG-INFO-style .egg-info file, and,
  where the environment's setuptools has it, a legacy `setup.py develop`
  (.egg-link, easy-install.pth);
- system: --system-site-packages, so the base's distributions show;
- uv: made by uv (no pip), compared with the base's pip run from outside
  with --path;
- round trip: freeze > requirements.txt, installed into a fresh
  environment with --no-index, frozen again.
"""
import atexit
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import pytest

import interpreters
import terminal
import wheels

SWIFT_VENV = os.environ["SWIFT_VENV_BIN"]
TOOLS = os.environ.get("FREEZE_TOOLS", "")
ROOT = tempfile.mkdtemp(prefix="freeze-suite-")
atexit.register(shutil.rmtree, ROOT, True)
QUIET = ["--disable-pip-version-check", "--no-color", "-q"]


def run(*args, check=True, **kw):
    r = subprocess.run([str(a) for a in args], capture_output=True, **kw)
    if check and r.returncode != 0:
        raise AssertionError(f"{args} failed ({r.returncode}):\n{r.stdout.decode(errors='replace')}\n{r.stderr.decode(errors='replace')}")
    return r


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env["PIP_NO_INDEX"] = "1"
    return env


_wheels = {}


def wheelhouse():
    """The wheels, built once per session."""
    if not _wheels:
        d = os.path.join(ROOT, "wheels")
        os.makedirs(d)
        _wheels["dir"] = d
        wheels.write_wheel(d, "Foo_Bar.baz", "1.0", files={"foo_bar_baz.py": "X = 1\n"})
        wheels.write_wheel(d, "dep-a", "0.1", files={"dep_a.py": ""})
        wheels.write_wheel(d, "Extras.Dist", "2.0.post1", files={"extras_dist.py": "def main():\n    return 0\n"},
                           extras=["x"], requires=['dep-a; extra == "x"'], scripts={"extras-tool": "extras_dist:main"})
        direct_dir = os.path.join(ROOT, "direct")
        os.makedirs(direct_dir)
        _wheels["direct"] = wheels.write_wheel(direct_dir, "direct-wheel", "3.0", files={"direct_wheel.py": ""})
        _wheels["git_editable"] = wheels.git_repository(os.path.join(ROOT, "repo-editable"), "git-editable", "0.3")
        _wheels["git_plain"] = wheels.git_repository(os.path.join(ROOT, "repo-plain"), "Git.Plain", "0.4")
    return _wheels


def swift_venv(*args, check=True, env=None):
    return run(SWIFT_VENV, *args, check=check, env=env or clean_env())


def pip(envdir, *args, check=True):
    return run(os.path.join(envdir, "bin", "python"), "-m", "pip", *args, *([] if args[0] in ("freeze", "list") else QUIET),
               check=check, env=clean_env(), cwd=ROOT)


# pip's command line run once per argument list (argv[1], JSON) in the
# environment's python, each run in a process forked after pip is imported:
# each starts as `python -m pip` starts, stdout a file, without importing pip
# again. Prints [exit status, stdout] of each run, as JSON (bytes as Latin-1).
PIP_RUNS = r'''
import json, os, sys, tempfile
if sys.path[0] == "":
    del sys.path[0]  # as pip's __main__ does
from pip._internal.cli.main import main
results = []
for args in json.loads(sys.argv[1]):
    with tempfile.TemporaryFile() as out:
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            status = 70
            try:
                os.dup2(out.fileno(), 1)
                try:
                    status = main(args)
                except SystemExit as exit:
                    status = exit.code if isinstance(exit.code, int) else 1
                sys.stdout.flush()
            finally:
                os._exit(status or 0)
        status = os.waitpid(pid, 0)[1]
        status = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
        out.seek(0)
        results.append([status, out.read().decode("latin-1")])
print(json.dumps(results))
'''


def pip_runs(envdir, *runs, env=None):
    """The stdout of the environment's pip for each argument list of `runs`
    (each must exit 0), at the cost of one import of pip (PIP_RUNS)."""
    out = run(os.path.join(envdir, "bin", "python"), "-c", PIP_RUNS, json.dumps([list(r) for r in runs]),
              env=env or clean_env(), cwd=ROOT).stdout
    results = json.loads(out)
    for args, (status, _) in zip(runs, results):
        assert status == 0, f"pip {args} in {envdir}: exit {status}"
    return [text.encode("latin-1") for _, text in results]


def has_setuptools(envdir):
    return run(os.path.join(envdir, "bin", "python"), "-c", "import setuptools", check=False).returncode == 0


_envs = {}
_lock = threading.Lock()


def environments(name, python):
    """The shared environments of one interpreter. The first call builds
    those of every present interpreter, two at a time (pip and git wait on
    files as much as on the processor)."""
    with _lock:
        if not _envs:
            wheelhouse()
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                futures = {n: pool.submit(_build, n, p) for n, p in interpreters.PRESENT}
            for n, future in futures.items():
                try:
                    _envs[n] = future.result()
                except Exception as error:  # reported by each test of that interpreter
                    _envs[n] = error
    result = _envs[name]
    if isinstance(result, Exception):
        raise result
    return result


def _build(name, python):
    w = wheelhouse()
    base = os.path.join(ROOT, name)
    os.makedirs(base)
    main = os.path.join(base, "main")
    swift_venv("--python", python, main)
    project = wheels.write_project(os.path.join(base, "editable project"), "Edit-Me", "1.5")
    # One pip run installs them all: wheels needing normalisation and with
    # extras, a file:// wheel, an editable local project, an editable git
    # checkout (pip clones it into src/) and a git install.
    pip(main, "install", "--no-index", "--no-build-isolation", "--find-links", w["dir"], "--src", os.path.join(base, "src"),
        "Foo_Bar.baz", "Extras.Dist[x]", w["direct"], "-e", project,
        "-e", f"git+file://{w['git_editable']}#egg=git-editable", f"git+file://{w['git_plain']}")
    site = purelib(main)
    # An .egg-info directory and a PKG-INFO-style .egg-info file.
    egg_dir = os.path.join(site, "Legacy_Egg-0.5-py3.egg-info")
    os.makedirs(egg_dir)
    with open(os.path.join(egg_dir, "PKG-INFO"), "w") as f:
        f.write("Metadata-Version: 1.1\nName: Legacy-Egg\nVersion: 0.5\n")
    with open(os.path.join(site, "plain_file-1.2.egg-info"), "w") as f:
        f.write("Metadata-Version: 1.0\nName: plain_file\nVersion: 1.2.0\n")
    develop = None
    if has_setuptools(main):
        develop = wheels.write_project(os.path.join(base, "develop"), "Develop.Me", "0.9", setup_py=True)
        run(os.path.join(main, "bin", "python"), "setup.py", "-q", "develop", "--no-deps", cwd=develop, env=clean_env())
    system = os.path.join(base, "system")
    swift_venv("--python", python, "--system-site-packages", system)
    pip(system, "install", "--no-index", "--find-links", w["dir"], "Foo_Bar.baz")
    return {"main": main, "system": system, "site": site, "develop": develop, "base": base, "python": python}


def purelib(env):
    return run(os.path.join(env, "bin", "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.decode().strip()


PARAMS = interpreters.pytest_params()
FREEZE_VARIANTS = {
    "main": [[], ["--all"], ["--exclude-editable"], ["--exclude", "foo-bar-BAZ"]],
    "system": [[], ["--all"], ["--local"], ["--user"]],
}


@pytest.mark.parametrize("name,python", PARAMS)
def test_freeze_is_pips(name, python):
    envs = environments(name, python)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        pips = dict(zip(FREEZE_VARIANTS, pool.map(
            lambda which: pip_runs(envs[which], *(["freeze", *v] for v in FREEZE_VARIANTS[which])), FREEZE_VARIANTS)))
    for which, variants in FREEZE_VARIANTS.items():
        for variant, theirs in zip(variants, pips[which]):
            assert swift_venv("freeze", envs[which], *variant).stdout == theirs, f"{name} {which} freeze {variant}"
    text = swift_venv("freeze", envs["main"]).stdout.decode()
    # The cases the environment was built to hold are really there.
    assert "Foo_Bar.baz==1.0\n" in text and "Extras.Dist==2.0.post1\n" in text and "dep-a==0.1\n" in text
    assert "direct-wheel @ file://" in text
    assert "# Editable install with no version control (Edit-Me==1.5)\n-e " in text
    assert "-e git+file://" in text and "#egg=git_editable\n" in text
    assert "Git.Plain @ git+file://" in text
    assert "Legacy-Egg==0.5\n" in text and "plain_file==1.2.0\n" in text
    if envs["develop"]:
        assert "(Develop.Me==0.9)\n-e " in text
    print(f"{name}: freeze equal to pip's in {sum(map(len, FREEZE_VARIANTS.values()))} runs"
          + ("" if envs["develop"] else " (no setuptools in the environment: no setup.py develop case)"))


PIP_VIEW = r'''
import json
from pip._internal.metadata import get_default_environment
out = []
for d in get_default_environment().iter_installed_distributions(local_only=False, skip=()):
    u = d.direct_url
    out.append({"normalized_name": d.canonical_name, "location": d.location, "installer": d.installer,
                "requested": d.requested, "editable": d.editable, "direct_url": u.to_dict() if u else None})
print(json.dumps(out))
'''


@pytest.mark.parametrize("name,python", PARAMS)
def test_packages_is_pip_list(name, python):
    envs = environments(name, python)
    def gather(env):
        return (*pip_runs(env, ["list"], ["list", "--format=json"]),
                run(os.path.join(env, "bin", "python"), "-c", PIP_VIEW, env=clean_env(), cwd=ROOT).stdout)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        gathered = dict(zip(("main", "system"), pool.map(gather, (envs["main"], envs["system"]))))
    for which in ("main", "system"):
        env = envs[which]
        table, listed, pip_view = gathered[which]
        assert swift_venv("packages", env).stdout == table, f"{name} {which} table"
        theirs = json.loads(listed)
        ours = json.loads(swift_venv("packages", env, "--json").stdout)
        assert [d["name"] for d in ours] == [d["name"] for d in theirs]
        for o, t in zip(ours, theirs):
            for key in ("name", "version"):
                assert o[key] == t[key], (name, which, key, o, t)
            assert o["editable_project_location"] == t.get("editable_project_location"), (name, which, o, t)
        # The fields pip list does not print, from pip's own metadata layer in that environment.
        view = {d["normalized_name"]: d for d in json.loads(pip_view)}
        for o in ours:
            p = view[o["normalized_name"]]
            for key in ("location", "installer", "requested", "editable", "direct_url"):
                assert o[key] == p[key], (name, which, o["name"], key, o[key], p[key])


@pytest.mark.parametrize("name,python", PARAMS)
def test_uv_environment_against_pip_path(name, python):
    uv = os.path.join(TOOLS, "uv")
    if not os.path.exists(uv):
        pytest.skip(f"uv absent from the tools environment ({TOOLS})")
    envs = environments(name, python)
    w = wheelhouse()
    target = os.path.join(envs["base"], "uv")
    env = dict(clean_env(), UV_NO_CACHE="1", UV_PYTHON_DOWNLOADS="never")
    run(uv, "venv", "-q", "--python", python, target, env=env)
    run(uv, "pip", "install", "-q", "--python", target, "--no-index", "--find-links", w["dir"], "Foo_Bar.baz", "Extras.Dist[x]", w["direct"], env=env)
    assert not os.path.exists(os.path.join(target, "bin", "pip"))
    site = run(os.path.join(target, "bin", "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.decode().strip()
    theirs = run(python, "-m", "pip", "freeze", "--path", site, env=clean_env(), cwd=ROOT).stdout
    ours = swift_venv("freeze", target).stdout
    assert ours == theirs
    assert b"direct-wheel @ file://" in ours and b"Foo_Bar.baz==1.0" in ours
    listed = json.loads(run(python, "-m", "pip", "list", "--path", site, "--format=json", env=clean_env(), cwd=ROOT).stdout)
    mine = json.loads(swift_venv("packages", target, "--json").stdout)
    assert [(d["name"], d["version"]) for d in mine] == [(d["name"], d["version"]) for d in listed]
    assert {d["installer"] for d in mine} == {"uv"}


@pytest.mark.parametrize("name,python", PARAMS)
def test_round_trip(name, python):
    envs = environments(name, python)
    w = wheelhouse()
    source = os.path.join(envs["base"], "trip-source")
    swift_venv("--python", python, source)
    pip(source, "install", "--no-index", "--find-links", w["dir"], "Foo_Bar.baz", "Extras.Dist[x]", w["direct"])
    frozen = swift_venv("freeze", source).stdout
    requirements = os.path.join(envs["base"], "requirements.txt")
    with open(requirements, "wb") as f:
        f.write(frozen)
    target = os.path.join(envs["base"], "trip-target")
    swift_venv("--python", python, target)
    pip(target, "install", "--no-index", "--find-links", w["dir"], "-r", requirements)
    assert swift_venv("freeze", target).stdout == frozen
    assert pip(target, "freeze").stdout == frozen


def _bad_env(envs, label):
    """A fresh environment with pip and Foo_Bar.baz (its dist-info copied
    from the main environment, where pip installed it)."""
    env = os.path.join(envs["base"], "bad-" + label)
    swift_venv("--python", envs["python"], env)
    site = purelib(env)
    shutil.copytree(os.path.join(envs["site"], "Foo_Bar.baz-1.0.dist-info"), os.path.join(site, "Foo_Bar.baz-1.0.dist-info"))
    return env, site


def _dist_info(site, dirname, metadata):
    d = os.path.join(site, dirname)
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "wb") as f:
        f.write(metadata)
    return d


BAD_CASES = {
    "broken-metadata": lambda site: _dist_info(site, "broken-1.0.dist-info", b"\x00\x01 not headers at all\n:::\n"),
    "no-version": lambda site: _dist_info(site, "noversion.dist-info", b"Metadata-Version: 2.1\nName: noversion\n\n"),
    "no-version-egg": lambda site: _dist_info(site, "eggnover.egg-info", b"") and open(os.path.join(site, "eggnover.egg-info", "PKG-INFO"), "wb").write(b"Metadata-Version: 1.0\nName: eggnover\n"),
    "not-utf8": lambda site: _dist_info(site, "latin-1.0.dist-info", b"Metadata-Version: 2.1\nName: latin\nVersion: 1.0\nSummary: caf\xe9\n\n"),
    "bad-direct-url": lambda site: open(os.path.join(_dist_info(site, "badurl-2.0.dist-info", b"Metadata-Version: 2.1\nName: badurl\nVersion: 2.0\n\n"), "direct_url.json"), "w").write('{"url": "file:///x"}'),
    "invalid-name": lambda site: _dist_info(site, "~roken-1.0.dist-info", b"Metadata-Version: 2.1\nName: ~roken\nVersion: 1.0\n\n"),
    "unnormalized-version": lambda site: _dist_info(site, "Odd_Version-1.0-ALPHA.1.dist-info", b"Metadata-Version: 2.1\nName: Odd_Version\nVersion: 1.0-ALPHA.1\n\n"),
}


def _duplicate(envs, env, site):
    """Foo_Bar.baz 9.9 in a second directory that a .pth puts after site-packages."""
    extra = os.path.join(envs["base"], "bad-duplicate-extra")
    os.makedirs(extra)
    _dist_info(extra, "foo_bar.baz-9.9.dist-info", b"Metadata-Version: 2.1\nName: foo_bar.baz\nVersion: 9.9\n\n")
    _dist_info(extra, "only_there-1.0.dist-info", b"Metadata-Version: 2.1\nName: only-there\nVersion: 1.0\n\n")
    with open(os.path.join(site, "zz-extra.pth"), "w") as f:
        f.write(extra + "\n")


# One interpreter per set of pip rules: pkg_resources with pip 23.0 (3.8 to
# 3.10), importlib.metadata with pip 23.0 (Debian's 3.11), with pip 23.2
# (3.12) and with pip 24 (3.13).
BAD_INPUT_INTERPRETERS = [p for p in PARAMS if p.id in ("pyenv-3.8", "debian-3.11", "pyenv-3.12", "pyenv-3.13")]


@pytest.mark.parametrize("case", list(BAD_CASES) + ["duplicate"])
@pytest.mark.parametrize("name,python", BAD_INPUT_INTERPRETERS)
def test_bad_input(name, python, case):
    envs = environments(name, python)
    env, site = _bad_env(envs, case)
    if case == "duplicate":
        _duplicate(envs, env, site)
    else:
        BAD_CASES[case](site)
    theirs = pip(env, "freeze", "--all", check=False)
    ours = swift_venv("freeze", "--all", env, check=False)
    assert ours.returncode == 0, ours.stderr
    # Every line is whole; never a traceback.
    assert ours.stdout.endswith(b"\n") and b"Traceback" not in ours.stderr
    if theirs.returncode == 0:
        assert ours.stdout == theirs.stdout, (case, theirs.stderr)
        if theirs.stderr.strip():
            assert ours.stderr.strip(), f"pip warned ({theirs.stderr!r}); swift-venv said nothing"
        print(f"{name} {case}: same output as pip")
    else:
        # pip stops; swift-venv lists everything else and says what it left out, in one line each.
        assert b"Foo_Bar.baz==1.0\n" in ours.stdout
        assert ours.stderr.count(b"\n") >= 1 and b"swift-venv: warning: " in ours.stderr
        print(f"{name} {case}: pip fails (exit {theirs.returncode}); swift-venv: {ours.stderr.decode().strip()}")
    # packages agrees with freeze on what exists.
    listed = swift_venv("packages", "--json", env, check=False)
    assert listed.returncode == 0
    json.loads(listed.stdout)


def test_unlistable_directory():
    """A directory on the path that cannot be listed (a .pth names it; mode
    000): pip stops, swift-venv skips it and says so. Run as an
    unprivileged user (root lists everything), with Debian's python3.11:
    the pyenv builds live under /root, which that user cannot enter."""
    name, python = "debian-3.11", interpreters.path_of("debian-3.11")
    if not interpreters.present(python):
        pytest.skip(f"interpreter {name} absent ({python})")
    if not shutil.which("setpriv"):
        pytest.skip("setpriv absent: cannot run as an unprivileged user")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if run(*as_nobody, SWIFT_VENV, "--version", check=False).returncode != 0:
        pytest.skip(f"{SWIFT_VENV} cannot be run by an unprivileged user (a parent directory is private)")
    root = tempfile.mkdtemp(prefix="freeze-unlistable-", dir="/tmp")
    try:
        os.chmod(root, 0o755)
        env = os.path.join(root, "env")
        swift_venv("--python", python, env)
        site = purelib(env)
        locked = os.path.join(root, "locked")
        _dist_info(locked, "hidden-1.0.dist-info", b"Metadata-Version: 2.1\nName: hidden\nVersion: 1.0\n\n")
        with open(os.path.join(site, "locked.pth"), "w") as f:
            f.write(locked + "\n")
        os.chmod(locked, 0)
        environ = dict(clean_env(), HOME=root, PIP_NO_CACHE_DIR="1")
        theirs = run(*as_nobody, os.path.join(env, "bin", "python"), "-m", "pip", "freeze", "--all", env=environ, cwd=root, check=False)
        ours = run(*as_nobody, SWIFT_VENV, "freeze", "--all", env, env=environ, cwd=root)
        # pip 23 on importlib.metadata stops with PermissionError (listing
        # the directory for eggs); swift-venv gives every other line.
        assert theirs.returncode != 0 and b"PermissionError" in theirs.stderr
        assert b"pip==" in ours.stdout and b"hidden" not in ours.stdout
        assert ours.stderr.count(b"\n") == 1 and b"swift-venv: warning: " + locked.encode() + b": cannot list" in ours.stderr
        print(f"{name} unlistable directory: pip fails (PermissionError); swift-venv: {ours.stderr.decode().strip()}")
    finally:
        os.chmod(os.path.join(root, "locked"), 0o755)
        shutil.rmtree(root, ignore_errors=True)


VALID_VERSIONS = ["1.0-ALPHA.1", "v2.0", "1.0.0-RC2", "1!2.0", "1.0.dev", "1.0+Ubuntu-1", "01.02.0003",
                  "1.0c1", "1.0pre2", "1.0-r4", "1.0alpha", "1.0.post", "1.0a1.dev2", "1.0+abc.007", "0!1.0",
                  "1.0_beta_3", "1.0.PREVIEW.4", "2.0rev5", "1.0a.post1"]
# "2.0-1" is valid in METADATA but not as "2.0_1" in the directory name pip 24 reads.
INVALID_VERSIONS = ["not.a.version", "1.0-foo", "2013b", "2.0-1"]


@pytest.mark.parametrize("name,python", BAD_INPUT_INTERPRETERS)
def test_versions_as_pip_normalizes_them(name, python):
    """PEP 440 normalization against pip's vendored packaging: versions
    written in every spelling PEP 440 allows (in METADATA, and with `-` as
    `_` in the dist-info's name, as installers escape it), then ones it
    refuses (freeze only: pip 24's pip list stops on them)."""
    envs = environments(name, python)
    for label, versions in (("valid", VALID_VERSIONS), ("invalid", INVALID_VERSIONS)):
        env = os.path.join(envs["base"], "versions-" + label)
        swift_venv("--python", python, env)
        site = purelib(env)
        for i, version in enumerate(versions):
            _dist_info(site, f"v{i}-{version.replace('-', '_')}.dist-info",
                       f"Metadata-Version: 2.1\nName: v{i}\nVersion: {version}\n\n".encode())
        theirs = pip(env, "freeze", check=False)
        ours = swift_venv("freeze", env)
        assert theirs.returncode == 0, theirs.stderr
        assert ours.stdout == theirs.stdout, label
        if label == "valid":
            listed = json.loads(pip(env, "list", "--format=json").stdout)
            mine = json.loads(swift_venv("packages", "--json", env).stdout)
            assert [(d["name"], d["version"]) for d in mine] == [(d["name"], d["version"]) for d in listed]
            assert swift_venv("packages", env).stdout == pip(env, "list").stdout


@pytest.mark.parametrize("name,python", PARAMS)
def test_base_interpreter(name, python):
    """A base interpreter (not an environment): its own site-packages (and,
    on Debian, dist-packages), read as its pip reads them."""
    theirs = run(python, "-m", "pip", "freeze", "--all", env=clean_env(), cwd=ROOT, check=False)
    if theirs.returncode != 0 and b"No module named pip" in theirs.stderr:
        pytest.skip(f"{name} has no pip of its own to compare with")
    assert theirs.returncode == 0, theirs.stderr
    assert swift_venv("freeze", "--all", python).stdout == theirs.stdout
    assert swift_venv("packages", python).stdout == run(python, "-m", "pip", "list", env=clean_env(), cwd=ROOT).stdout


@pytest.mark.skipif(not interpreters.PRESENT, reason="no interpreter of the matrix is present")
def test_default_environment_is_the_nearest_dot_venv(tmp_path):
    """Without ENV and $VIRTUAL_ENV, freeze and packages read the .venv of the
    working directory or its nearest parent that has one (the walk find's
    --workspace makes); a .venv that is not an environment is passed over."""
    project = tmp_path / "proj"
    deep = project / "src" / "deep"
    (deep / ".venv" / "bin").mkdir(parents=True)  # no pyvenv.cfg: not an environment
    swift_venv("--python", interpreters.PRESENT[0][1], str(project / ".venv"))
    named = swift_venv("freeze", "--all", str(project / ".venv")).stdout
    assert b"pip==" in named
    for cwd in (project, deep):
        assert run(SWIFT_VENV, "freeze", "--all", cwd=cwd, env=clean_env()).stdout == named, cwd
    assert run(SWIFT_VENV, "packages", cwd=deep, env=clean_env()).stdout == \
        swift_venv("packages", str(project / ".venv")).stdout
    lost = run(SWIFT_VENV, "freeze", cwd=tmp_path, env=clean_env(), check=False)
    assert lost.returncode != 0 and b"no .venv was found" in lost.stderr


@pytest.mark.parametrize("name,python", PARAMS)
def test_user_site_after_the_environment(name, python):
    """Issue 21, item 5: an environment with system site packages (the
    shared `system` one, holding Foo_Bar.baz 1.0), and a user site
    (PYTHONUSERBASE) holding another version of one of its projects and a
    project of its own. site.venv() puts the environment's site-packages
    before the user site, so pip freeze, pip list and import give the
    environment's version, and --user lists only what pip finds first in
    the user site."""
    env = environments(name, python)["system"]
    base = os.path.join(ROOT, name + "-user-site")
    user_wheels = os.path.join(base, "wheels")
    os.makedirs(user_wheels)
    wheels.write_wheel(user_wheels, "Foo_Bar.baz", "2.0", files={"foo_bar_baz.py": "X = 2\n"})
    wheels.write_wheel(user_wheels, "user-only", "0.2", files={"user_only.py": ""})
    user_base = os.path.join(base, "userbase")
    environ = dict(clean_env(), PYTHONUSERBASE=user_base)
    py = os.path.join(env, "bin", "python")
    user_site = run(py, "-c", "import site; print(site.getusersitepackages())", env=environ).stdout.decode().strip()
    assert user_site.startswith(user_base + "/")
    run(py, "-m", "pip", "install", *QUIET, "--no-index", "--find-links", user_wheels, "--target", user_site,
        "Foo_Bar.baz==2.0", "user-only", env=environ, cwd=ROOT)
    # The case is the one meant: the user site is on the path, after the environment's site-packages.
    assert run(py, "-c", "import foo_bar_baz; print(foo_bar_baz.X)", env=environ, cwd=ROOT).stdout == b"1\n"

    def ours(*args):
        return run(SWIFT_VENV, *args, env=environ).stdout

    freezes, lists = [[], ["--all"], ["--local"], ["--user"]], [[], ["--local"], ["--user"]]
    theirs = pip_runs(env, *(["freeze", *v] for v in freezes), *(["list", *v] for v in lists),
                      *(["list", "--format=json", *v] for v in lists), env=environ)
    for variant in freezes:
        assert ours("freeze", env, *variant) == theirs.pop(0), f"{name} freeze {variant}"
    for variant in lists:
        assert ours("packages", env, *variant) == theirs.pop(0), f"{name} packages {variant}"
    for variant in lists:
        mine = json.loads(ours("packages", "--json", env, *variant))
        assert [(d["name"], d["version"]) for d in mine] == [(d["name"], d["version"]) for d in json.loads(theirs.pop(0))], variant
    frozen = ours("freeze", env)
    assert b"Foo_Bar.baz==1.0\n" in frozen and b"user-only==0.2\n" in frozen
    assert ours("freeze", env, "--user") == b"user-only==0.2\n"
    # Without system site packages, site.venv() leaves the user site out: --user lists nothing.
    isolated = os.path.join(base, "isolated")
    swift_venv("--python", python, isolated)
    variants = [[], ["--user"]]
    theirs = pip_runs(isolated, *(["freeze", *v] for v in variants), *(["list", *v] for v in variants), env=environ)
    for variant in variants:
        assert ours("freeze", isolated, *variant) == theirs.pop(0), f"{name} isolated freeze {variant}"
    for variant in variants:
        assert ours("packages", isolated, *variant) == theirs.pop(0), f"{name} isolated list {variant}"
    assert ours("freeze", isolated, "--user") == b""


def test_control_characters():
    """Issue 21, item 4: a version holding control characters (an OSC
    title, a clear screen, a C1 CSI) in METADATA. pip prints
    them as they are; so does freeze into a file or a pipe (a requirements
    file, byte for byte pip's), while freeze on a terminal and the packages
    table, read by a person, show them escaped."""
    if not interpreters.PRESENT:
        pytest.skip("no interpreter of the matrix is present")
    name, python = interpreters.PRESENT[0]
    env = os.path.join(ROOT, name + "-control")
    swift_venv("--python", python, env)
    site = purelib(env)
    hostile = "\x1b]0;owned\x07\x1b[2J\x9b31m"
    _dist_info(site, "ctl.dist-info", ("Metadata-Version: 2.1\nName: ctl\nVersion: 1.0" + hostile + "\n\n").encode())
    theirs = pip(env, "freeze").stdout
    assert hostile.encode() in theirs, "pip printed the version otherwise than as written"
    assert swift_venv("freeze", env).stdout == theirs
    code, _, shown = terminal.on_terminal([SWIFT_VENV, "freeze", env], clean_env())
    assert code == 0 and b"\x1b" not in shown and "\x9b".encode() not in shown, shown
    assert b"ctl===1.0\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\r\n" in shown, shown
    table = swift_venv("packages", env).stdout.decode()
    assert "ctl" in table and "1.0\\x1b]0;owned\\x07\\x1b[2J\\x9b31m" in table and "\x1b" not in table, table
