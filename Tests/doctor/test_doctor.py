"""`swift-venv doctor` (issue 25, item 1) against breakages made the way they
happen: a base interpreter (a copy of a pyenv version in a place of its own)
removed, moved, upgraded in place to another patch release or another minor
version after environments were made from it by venv, virtualenv, uv and
swift-venv (each with pip and a console script); environments copied or
moved by hand, pyvenv.cfg damaged, RECORD files lost, a move or creation
killed half way. Where the environment's python still starts, doctor's
record is compared with what that python says; where it does not, that it
does not is checked too."""
import json
import os
import shutil
import stat
import subprocess
import tempfile

import pytest

import interpreters
from conftest import (BIN, CREATORS, codes, copy_base, doctor, env, killed_at, make_env, pyenv_version,
                      python_says, run)
from testkit import fast_path_env  # noqa: E402  (conftest put Tests/support on sys.path)


def by_code(record, code):
    return [p for p in record["problems"] if p["code"] == code]


def test_healthy_environments_agree_with_their_python_then_the_base_is_removed(tmp_path, wheels):
    """Environments of every creator from a copied 3.12: healthy (exit 0),
    doctor's base version and home what the python says; the copy removed:
    base-missing with the remedy `swift-venv repair ENV` (pyenv's own 3.12
    is there), replacements of the same minor first, dangling links, and
    the python indeed no longer starts."""
    base = copy_base(pyenv_version(12), tmp_path / "python-3.12")
    python = str(base / "bin/python3.12")
    envs = {c: make_env(c, python, tmp_path / c, wheels) for c in CREATORS}
    code, records, err = doctor(*envs.values())
    assert code == 0, err
    for creator, path in envs.items():
        record = records[str(path)]
        said = python_says(path)
        assert record["healthy"] and record["codes"] == [] and record["problems"] == [], (creator, record)
        assert record["base_version"] == said[0], (creator, record, said)
        assert os.path.realpath(record["base_executable"]) == os.path.realpath(said[2]), (creator, record, said)
        assert record["home"] == str(base / "bin"), (creator, record)
    human = run(BIN, "doctor", *envs.values())[1]
    assert human.count(": healthy\n") == len(envs), human

    shutil.rmtree(base)
    code, records, err = doctor(*envs.values())
    assert code == 1, err
    for creator, path in envs.items():
        record = records[str(path)]
        assert python_says(path) is None, creator
        assert {"base-missing", "python-link-dangling"} <= codes(record), (creator, record)
        missing = by_code(record, "base-missing")[0]
        assert missing["path"] == str(base / "bin") and missing["remedy"] == "swift-venv repair %s" % path, missing
        versions = [r["version"] for r in record["replacements"]]
        assert versions and versions[0].startswith("3.12."), (creator, versions)
        same = [v for v in versions if v.startswith("3.12.")]
        assert versions[:len(same)] == same, versions
    code, out, _ = run(BIN, "doctor", envs["venv"], check=False)
    assert code == 1 and "base-missing" in out and "mend: swift-venv repair %s" % envs["venv"] in out, out


def test_base_moved_lists_its_new_place(tmp_path, wheels):
    """The base moved elsewhere (on PATH now): gone from home, and its new
    place among the replacements of the same minor version."""
    base = copy_base(pyenv_version(12), tmp_path / "old-place")
    venv = make_env("swift-venv", str(base / "bin/python3.12"), tmp_path / "e", wheels)
    moved = tmp_path / "new-place"
    os.rename(base, moved)
    environ = env(PATH="%s/bin:/usr/bin:/bin" % moved)
    code, records, err = doctor(str(venv), environ=environ)
    record = records[str(venv)]
    assert code == 1 and "base-missing" in codes(record), record
    executables = [r["executable"] for r in record["replacements"] if r["version"].startswith("3.12.")]
    assert any(e.startswith(str(moved) + "/bin/") for e in executables), record["replacements"]


def debian_311():
    for path in ("/usr/bin/python3.11", "/usr/lib/python3.11/os.py"):
        if not os.path.exists(path):
            pytest.skip("Debian's Python 3.11 is absent (%s)" % path)


def test_patch_release_changed_in_place(tmp_path, wheels):
    """A 3.11.7 installation replaced in place by another 3.11 release (here
    Debian's 3.11.2: binary, standard library and headers), as a package
    manager upgrades one: base-patch-changed, the base version the one the
    environment's python now reports, the remedy repair."""
    debian_311()
    base = copy_base(pyenv_version(11), tmp_path / "python-3.11")
    envs = {c: make_env(c, str(base / "bin/python3.11"), tmp_path / c, wheels) for c in CREATORS}
    written = {c: python_says(p)[0] for c, p in envs.items()}
    # The upgrade: each file replaced (never written through: the copy's files are hard links).
    os.unlink(base / "bin/python3.11")
    shutil.copy2("/usr/bin/python3.11", base / "bin/python3.11")
    shutil.rmtree(base / "lib/python3.11")
    os.symlink("/usr/lib/python3.11", base / "lib/python3.11")
    shutil.rmtree(base / "include/python3.11")
    if os.path.isdir("/usr/include/python3.11"):
        os.symlink("/usr/include/python3.11", base / "include/python3.11")
    code, records, err = doctor(*envs.values())
    assert code == 1, err
    for creator, path in envs.items():
        record = records[str(path)]
        said = python_says(path)
        assert said is not None and said[0] != written[creator], (creator, said)
        assert record["base_version"] == said[0] and record["version"].startswith(written[creator]), (creator, record)
        assert "base-patch-changed" in codes(record) and "base-minor-changed" not in codes(record), record
        assert by_code(record, "base-patch-changed")[0]["remedy"] == "swift-venv repair %s" % path


def test_minor_version_changed_in_place(tmp_path, wheels):
    """`python3` of an installation upgraded from 3.11 to 3.12 in place (as
    Debian upgrades /usr/bin/python3), the 3.11 files removed: an environment
    made with that `python3` now runs 3.12 with its packages in
    lib/python3.11: base-minor-changed and site-packages-version; 3.11 still
    exists elsewhere on this machine, so the remedy is repair."""
    old = pyenv_version(11)
    new = pyenv_version(12)
    base = copy_base(old, tmp_path / "python")
    envs = {c: make_env(c, str(base / "bin/python3"), tmp_path / c, wheels) for c in ("venv", "swift-venv")}
    for part in ("bin/python3.12", "lib/python3.12", "include/python3.12"):
        subprocess.run(["cp", "-al", str(new / part), str(base / part)], check=True)
    os.unlink(base / "bin/python3")
    os.symlink("python3.12", base / "bin/python3")
    os.unlink(base / "bin/python3.11")
    shutil.rmtree(base / "lib/python3.11")
    shutil.rmtree(base / "include/python3.11")
    code, records, err = doctor(*envs.values())
    assert code == 1, err
    for creator, path in envs.items():
        record = records[str(path)]
        said = python_says(path)
        assert said is not None and said[0].startswith("3.12."), (creator, said)
        assert record["base_version"] == said[0] and record["version"].startswith("3.11."), record
        assert {"base-minor-changed", "site-packages-version"} <= codes(record), record
        changed = by_code(record, "base-minor-changed")[0]
        assert record["replacements"][0]["version"].startswith("3.11.")
        assert changed["remedy"] == "swift-venv repair %s" % path, changed
        assert by_code(record, "site-packages-version")[0]["path"] == str(path / "lib/python3.11/site-packages")


def test_environment_copied_by_hand_then_its_original_removed(tmp_path, wheels):
    """`cp -a` of an environment: its scripts still run the original's python
    (script-shebang-foreign); the original removed, they name nothing
    (script-shebang-missing); the copy's own python still starts."""
    original = make_env("venv", str(pyenv_version(12) / "bin/python3.12"), tmp_path / "original", wheels)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(original), str(copy)], check=True)
    code, records, _ = doctor(str(copy))
    foreign = by_code(records[str(copy)], "script-shebang-foreign")
    assert code == 1 and codes(records[str(copy)]) == {"script-shebang-foreign"}, records
    assert all(p["path"].startswith(str(original / "bin/python")) for p in foreign), foreign
    assert "demo-hello" in " ".join(p["cause"] for p in foreign)
    assert all(p["remedy"] == "swift-venv repair %s" % copy for p in foreign), foreign
    shutil.rmtree(original)
    code, records, _ = doctor(str(copy))
    record = records[str(copy)]
    assert codes(record) == {"script-shebang-missing"}, record
    assert python_says(copy)[1] == str(copy)
    try:
        assert subprocess.run([str(copy / "bin/demo-hello")], capture_output=True).returncode != 0
    except OSError:   # the kernel finds no interpreter
        pass


def test_python_links_dangling_looping_and_foreign(tmp_path, wheels):
    """bin/python* links: one to a python of another installation, a loop,
    one to nothing; each reported, the others left alone."""
    path = make_env("swift-venv", str(pyenv_version(12) / "bin/python3.12"), tmp_path / "e", wheels)
    other = pyenv_version(11) / "bin/python3.11"
    os.symlink(str(other), path / "bin/python3.11")
    os.symlink("python3.99", path / "bin/python3.99")
    os.symlink("python3.98", path / "bin/python3.98x")
    os.symlink("python3.98x", path / "bin/python3.98")
    code, records, _ = doctor(str(path))
    record = records[str(path)]
    assert code == 1 and codes(record) == {"python-link-foreign", "python-link-dangling"}, record
    assert [p["path"] for p in by_code(record, "python-link-foreign")] == [str(path / "bin/python3.11")]
    assert sorted(p["path"] for p in by_code(record, "python-link-dangling")) == \
        [str(path / "bin/python3.98"), str(path / "bin/python3.99")]
    assert "loop" in by_code(record, "python-link-dangling")[0]["cause"]


def test_pyvenv_cfg_damaged(tmp_path, wheels):
    """pyvenv.cfg without home, with a NUL byte, a FIFO (never opened: doctor
    would hang), or gone (the directory still an environment by its files)."""
    path = make_env("swift-venv", str(pyenv_version(12) / "bin/python3.12"), tmp_path / "e", wheels)
    cfg = path / "pyvenv.cfg"
    text = cfg.read_text()
    cfg.write_text("".join(l for l in text.splitlines(True) if not l.startswith("home")))
    record = doctor(str(path))[1][str(path)]
    assert "config-missing-key" in codes(record) and "home" in by_code(record, "config-missing-key")[0]["cause"]
    cfg.write_bytes(text.encode() + b"\0")
    assert codes(doctor(str(path))[1][str(path)]) == {"config-unreadable"}
    cfg.unlink()
    os.mkfifo(cfg)
    code, out, _ = run(BIN, "doctor", "--json", path, check=False, timeout=60)
    assert code == 1 and json.loads(out)["codes"] == ["config-unreadable"], out
    cfg.unlink()
    record = doctor(str(path))[1][str(path)]
    assert codes(record) == {"config-unreadable"} and "missing" in record["problems"][0]["cause"], record


def test_pyvenv_cfg_unreadable_to_its_user(wheels):
    """pyvenv.cfg that the user running doctor may not read."""
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) absent: cannot run as an unprivileged user")
    top = tempfile.mkdtemp()
    try:
        os.chmod(top, 0o755)
        path = make_env("swift-venv", str(pyenv_version(12) / "bin/python3.12"), os.path.join(top, "e"), wheels)
        os.chmod(path / "pyvenv.cfg", 0)
        result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", BIN, "doctor",
                                 "--json", str(path)], capture_output=True, text=True, env=env(HOME="/nonexistent"))
        assert result.returncode == 1, result.stderr
        record = json.loads(result.stdout)
        assert codes(record) == {"config-unreadable"} and "ermission" in record["problems"][0]["cause"], record
    finally:
        shutil.rmtree(top)


def test_site_packages_of_another_minor_after_venv_upgrade(tmp_path, wheels):
    """`python3.13 -m venv --upgrade` over a 3.12 environment: pyvenv.cfg and
    its home agree on 3.13 (bin/python3.13 says so), but the packages stay
    in lib/python3.12, unseen by it, and bin/python (venv leaves existing
    links) still runs the old base."""
    new = pyenv_version(13)
    path = make_env("venv", str(pyenv_version(12) / "bin/python3.12"), tmp_path / "e", wheels)
    run(new / "bin/python3.13", "-m", "venv", "--upgrade", "--without-pip", path)
    record = doctor(str(path))[1][str(path)]
    assert record["base_version"] == python_says(path, "python3.13")[0] == record["version"], record
    assert python_says(path)[0].startswith("3.12.")
    assert {"site-packages-version", "python-link-foreign"} <= codes(record), record
    assert "base-minor-changed" not in codes(record)


def test_record_missing_and_its_remedy(tmp_path, wheels):
    """A distribution whose RECORD is gone: pip cannot uninstall it; doctor
    says so and names the command that mends it, which does."""
    path = make_env("swift-venv", str(pyenv_version(12) / "bin/python3.12"), tmp_path / "e", wheels)
    site = path / "lib/python3.12/site-packages"
    os.unlink(site / "demo-1.0.dist-info/RECORD")
    record = doctor(str(path))[1][str(path)]
    assert codes(record) == {"record-missing"}, record
    remedy = by_code(record, "record-missing")[0]["remedy"]
    assert remedy == "%s/bin/python -m pip install --ignore-installed --no-deps demo==1.0" % path, remedy
    assert run(path / "bin/python", "-m", "pip", "uninstall", "-y", "demo", check=False)[0] != 0
    run(*remedy.split(), "--no-index", "--find-links", wheels)
    code, records, _ = doctor(str(path))
    assert code == 0 and records[str(path)]["healthy"]


def test_interrupted_move_and_creation(tmp_path):
    """A move killed after its rename (its journal beside the destination) and
    a creation into an existing directory killed half way through placing."""
    python = str(pyenv_version(12) / "bin/python3.12")
    s, d = tmp_path / "s", tmp_path / "d"
    run(BIN, "--without-pip", "--python", python, s)
    killed_at("move-renamed", "move", s, d)
    record = doctor(str(d))[1][str(d)]
    assert "unfinished-move" in codes(record), record
    assert by_code(record, "unfinished-move")[0]["remedy"] == "finish it with: swift-venv move %s %s" % (s, d)
    run(BIN, "move", s, d)
    assert doctor(str(d))[0] == 0

    target = tmp_path / "existing"
    target.mkdir()
    killed_at("place-midway", "--without-pip", "--python", python, target)
    code, records, _ = doctor(str(target))
    assert code == 1 and "unfinished-copy" in codes(records[str(target)]), records


def test_move_across_file_systems_interrupted(tmp_path, tmpfs):
    """A move to another file system killed as it begins removing its source
    (renamed aside): both the destination (its journal) and the source's
    place (the aside) say the move is unfinished; the same move finishes it."""
    python = str(pyenv_version(12) / "bin/python3.12")
    s, d = tmp_path / "s", tmpfs / "d"
    run(BIN, "--without-pip", "--python", python, s)
    killed_at("remove-source", "move", s, d)
    for place in (d, s):
        code, records, _ = doctor(str(place))
        assert code == 1 and "unfinished-move" in codes(records[str(place)]), (place, records)
    run(BIN, "move", s, d)
    assert doctor(str(d))[0] == 0 and not s.exists()


def test_the_store_all_and_find(tmp_path, wheels):
    """No ENV: the store's environments, as `list` sees them; --all: every
    environment find knows; find's records carry the same codes."""
    store = tmp_path / "store"
    store.mkdir()
    base = copy_base(pyenv_version(12), tmp_path / "base")
    good = make_env("swift-venv", str(pyenv_version(12) / "bin/python3.12"), store / "good", wheels)
    bad = make_env("venv", str(base / "bin/python3.12"), store / "bad", wheels)
    shutil.rmtree(base)
    (store / "not-an-env").mkdir()
    environ = env(WORKON_HOME=store, HOME=tmp_path)
    code, records, err = doctor(environ=environ)
    assert code == 1 and set(records) == {str(good), str(bad)}, (records, err)
    assert records[str(good)]["healthy"] and "base-missing" in codes(records[str(bad)])
    code, every, err = doctor("--all", environ=environ)
    assert code == 1 and {str(good), str(bad)} <= set(every), every
    found = {json.loads(l)["prefix"]: json.loads(l)
             for l in run(BIN, "find", "--json", "--problems", environ=environ)[1].splitlines()}
    for path in (good, bad):
        assert found[str(path)]["problems"] == every[str(path)]["codes"], (found[str(path)], every[str(path)])
    assert all(r["problems"] == [] for r in found.values() if r["kind"] == "interpreter")
    assert doctor("good", environ=environ)[0] == 0


def test_never_starts_python(tmp_path, wheels):
    """Every python doctor could meet (the environment's base, a python on
    PATH) replaced by a script that leaves a marker when run: doctor, doctor
    --all and find leave none."""
    base = copy_base(pyenv_version(12), tmp_path / "base")
    store = tmp_path / "store"
    store.mkdir()
    path = make_env("venv", str(base / "bin/python3.12"), store / "e", wheels)
    marker = tmp_path / "marker"
    trap = "#!/bin/sh\necho \"$0\" >> %s\n" % marker
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    for target in (base / "bin/python3.12", fake / "python3", fake / "python3.12", fake / "python"):
        if target.exists():
            target.unlink()
        target.write_text(trap)
        target.chmod(0o755)
    environ = env(WORKON_HOME=store, HOME=tmp_path, PATH="%s:/usr/bin:/bin" % fake)
    doctor(str(path), environ=environ)
    doctor(environ=environ)
    doctor("--all", environ=environ)
    run(BIN, "find", "--json", environ=environ)
    assert not marker.exists(), marker.read_text()
    # The trap is a real trap: running the environment's python leaves the marker.
    subprocess.run([str(path / "bin/python"), "-c", "pass"], capture_output=True)
    assert marker.exists()


def test_bad_targets(tmp_path):
    """Not an environment, a file, nothing, a loop of links, a name with
    control characters; --all with ENV is a usage error (2)."""
    plain = tmp_path / "plain"
    plain.mkdir()
    (tmp_path / "file").write_text("x")
    os.symlink("loop-b", tmp_path / "loop-a")
    os.symlink("loop-a", tmp_path / "loop-b")
    for target in (plain, tmp_path / "file", tmp_path / "missing", tmp_path / "loop-a"):
        code, out, err = run(BIN, "doctor", target, check=False)
        assert code == 1 and out == "" and str(target) in err and err.count("\n") == 1, (target, out, err)
    hostile = tmp_path / "bad\nname\x1b[31m"
    hostile.mkdir()
    (hostile / "pyvenv.cfg").write_text("home = /nonexistent/bin\nversion = 3.12.1\n")
    code, out, _ = run(BIN, "doctor", hostile, check=False)
    assert code == 1 and "\x1b" not in out and "base-missing" in out, out
    assert run(BIN, "doctor", "--all", plain, check=False)[0] == 2


@pytest.mark.parametrize("args", [
    [], ["--json"], ["--all"], ["--all", "--json"], ["--json", "--all"], ["good"], ["good", "bad", "--json"],
    ["bad", "not-an-env", "nothing"], ["--all", "--search-path", "{store}"], ["--all", "--workspace={store}"],
    ["--all", "good"], ["--workspace", "{store}"], ["--all", "--all"], ["--all", "--search-path"], ["--bogus"],
    ["--help"], ["help"], ["--", "good"], ["-"], ["--json=1"],
], ids=lambda a: " ".join(a) or "(none)")
def test_fast_path_equals_the_argument_parser(tmp_path, args):
    """`doctor` is read without swift-argument-parser when its arguments are
    plain (DoctorFastPath): the same bytes out, the same status, either way;
    usage errors (exit 2) and help are the argument parser's."""
    store = tmp_path / "store"
    store.mkdir()
    base = copy_base(pyenv_version(12), tmp_path / "base")
    run(BIN, "--without-pip", "--python", pyenv_version(12) / "bin/python3.12", store / "good")
    run(BIN, "--without-pip", "--python", base / "bin/python3.12", store / "bad")
    shutil.rmtree(base)
    (store / "not-an-env").mkdir()
    args = [a.replace("{store}", str(store)) for a in args]
    outcomes = []
    for fast in (True, False):
        environ = fast_path_env(env(WORKON_HOME=store, HOME=tmp_path), fast=fast)
        outcomes.append(run(BIN, "doctor", *args, check=False, environ=environ, cwd=store))
    assert outcomes[0] == outcomes[1], args
    assert outcomes[0][0] in (0, 1, 2), outcomes[0]


def test_what_is_left_beside_environments_of_one_store(tmp_path):
    """In a store, doctor looks beside each environment through one listing
    of the store (from its second environment on): what an interrupted
    creation, move or rebuild left beside any of them is reported as doctor
    of that environment alone reports it, and the others stay healthy."""
    store = tmp_path / "store"
    store.mkdir()
    python = str(pyenv_version(12) / "bin/python3.12")
    for name in ("a", "b", "c", "d"):
        run(BIN, "--without-pip", "--python", python, store / name)
    (store / ".b.swift-venv-staging").mkdir()                 # a copy or creation cut short
    run(BIN, "--without-pip", "--python", python, store / ".c.swift-venv-rebuild")   # a rebuild's new one
    (store / ".d.swift-venv-removing").mkdir()                # a move across file systems cut short
    environ = env(WORKON_HOME=store, HOME=tmp_path)
    code, records, err = doctor(environ=environ)
    assert code == 1 and set(records) == {str(store / n) for n in "abcd"}, (records, err)
    assert records[str(store / "a")]["healthy"]
    assert codes(records[str(store / "b")]) == {"unfinished-copy"}
    assert codes(records[str(store / "c")]) == {"unfinished-rebuild"}
    assert codes(records[str(store / "d")]) == {"unfinished-move"}
    for name in "abcd":
        assert doctor(str(store / name), environ=environ)[1] == {str(store / name): records[str(store / name)]}


def padded_to(cfg, size):
    """pyvenv.cfg grown to exactly `size` bytes by a key of its own (as a tool
    that records much in it would), every other line kept."""
    text = cfg.read_bytes()
    line = b"x-padding = " + b"x" * (size - len(text) - len(b"x-padding = \n")) + b"\n"
    cfg.write_bytes(text + line)
    assert cfg.stat().st_size == size


@pytest.mark.parametrize("name,python", interpreters.pytest_params())
def test_pyvenv_cfg_of_32_kib_or_more(tmp_path, name, python):
    """CPython 3.11+ reads at most 32 KiB of pyvenv.cfg (getpath's
    `readlines`): at 32,768 bytes or more it does not start ("cannot read
    file larger than 32KB during initialization"); 3.8-3.10 start. doctor,
    find and info say broken exactly where the environment's own python
    does not start, and healthy at 32,767 bytes."""
    for size in (32767, 32768, 40000):
        path = tmp_path / str(size)
        run(BIN, "--without-pip", "--python", python, path)
        cfg = path / "pyvenv.cfg"
        padded_to(cfg, size)
        starts = python_says(path) is not None
        # The rule itself, as the real Pythons show it.
        assert starts == (size < 32768 or name in ("pyenv-3.8", "pyenv-3.9", "pyenv-3.10")), (name, size)
        code, records, err = doctor(str(path))
        record = records[str(path)]
        found = [json.loads(l) for l in run(BIN, "find", "--json", "--problems", "--search-path", tmp_path)[1]
                 .splitlines()]
        mine, = [r for r in found if r["prefix"] == str(path)]
        info_code, info_out, info_err = run(BIN, "info", "--json", path, check=False)
        if starts:
            assert code == 0 and record["healthy"], (name, size, record)
            assert mine["error"] is None and mine["problems"] == [], mine
            assert info_code == 0 and json.loads(info_out)["prefix"] == str(path), info_err
            continue
        assert code == 1 and codes(record) == {"config-too-large"}, (name, size, record)
        problem, = record["problems"]
        assert problem["path"] == str(cfg) and str(size) in problem["cause"] and "32768" in problem["remedy"], problem
        assert mine["problems"] == ["config-too-large"] and str(cfg) in mine["error"] \
            and "refuses to start" in mine["error"], mine
        assert info_code == 1 and str(cfg) in info_err and "refuses to start" in info_err, info_err
