"""The creation transaction's policy, as docs/creation.md's table states it.

Every step of a creation is made to fail in turn (SWIFT_VENV_FAIL_AT, honoured
by debug builds only) for every kind of target, through the command line, the
C ABI (ctypes on venv_create) and libvenv; before each call the user's files
are snapshotted (paths, kinds, contents, modes, link targets) and afterwards
the rules are checked:

- a path that did not exist before a failed call does not exist after it;
- a directory that existed still exists;
- nothing that existed is removed or changed, except what --clear empties and
  what an update or --upgrade of an existing environment rewrites;
- no half environment where there was none, and nothing of ours left behind.
"""
import ctypes
import fnmatch
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
sys.path.insert(0, str(ROOT / "python" / "src"))
import interpreters  # noqa: E402
from testkit import snapshot, swift_venv_bin  # noqa: E402  (a tree as kinds, modes, bytes, link targets)

DEBUG_BIN = os.environ.get("SWIFT_VENV_DEBUG_BIN", str(ROOT / ".build/debug/swift-venv"))
LIBVENV = os.environ.get("LIBVENV_DEBUG", str(ROOT / ".build/debug/libvenv.so"))
RELEASE_BIN = swift_venv_bin() if os.environ.get("SWIFT_VENV_BIN") else DEBUG_BIN
# libvenv (and so the C ABI) loads this library.
os.environ["LIBVENV_PATH"] = LIBVENV
PYTHON = "/usr/bin/python3.11" if os.access("/usr/bin/python3.11", os.X_OK) else (
    interpreters.PRESENT[0][1] if interpreters.PRESENT else None)

# EnvBuilder's steps by CPython's names, and the creation's own (lock, clear, place).
STEPS = ["lock", "clear", "ensure_directories", "create_git_ignore_file", "create_configuration", "setup_python",
         "setup_scripts", "setup_pip", "place", "ensurepip", "upgrade_dependencies"]
PIP_STEPS = {"setup_pip", "ensurepip", "upgrade_dependencies"}
# venv writes .gitignore from 3.13 on, so that step runs only with such a base.
GITIGNORE_PYTHON = interpreters.path_of("pyenv-3.13") if interpreters.present(interpreters.path_of("pyenv-3.13")) else None
# Target states: how the scratch directory is laid out, and the flags that go with it.
STATES = {
    "missing": [],
    "missing-parents": [],
    "empty": [],
    "foreign-allow": ["--allow-existing"],
    "venv-update": [],
    "venv-allow": ["--allow-existing"],
    "venv-clear": ["--clear"],
    "venv-upgrade": ["--upgrade"],
    "foreign-clear-force": ["--clear", "--force"],
}
INTERFACES = ["cli", "capi", "libvenv"]
# What an update or --upgrade of an existing environment may rewrite or add.
REWRITTEN = ["pyvenv.cfg", "bin/python*", "bin/activate*", "bin/Activate.ps1", "bin/pip*", "lib64",
             "lib/python*/site-packages/*", "lib", "lib/python*", "lib/python*/site-packages", "include*",
             "bin", ".gitignore"]
FIGURES = {"scenarios": 0, "files": 0}
# What a transaction leaves while it runs, by FS.hidden's one scheme
# (.NAME.swift-venv-ROLE), and the names 0.4.0 used for its journals.
TRANSACTION_NAME = re.compile(r"\.swift-venv-(staging|journal|writing|removing|placing)|(^|/)\.placing$")


def applies(state, step):
    """Whether `step` runs at all for `state` (a step that never runs cannot fail)."""
    if step == "clear":
        return state in ("venv-clear", "foreign-clear-force")
    if step == "setup_scripts":
        return state != "venv-upgrade"
    return True


# -- the user's files --------------------------------------------------------

def lay_out(scratch, state, with_pip, python=PYTHON):
    """Makes the target of `state` in `scratch`, with files of the user's
    around and (where it is a directory) inside it. Returns the target."""
    (scratch / "neighbour.txt").write_text("the user's\n")
    os.symlink("neighbour.txt", scratch / "neighbour-link")
    if state == "missing":
        return scratch / "env"
    if state == "missing-parents":
        return scratch / "a" / "b" / "env"
    target = scratch / "env"
    if state == "empty":
        target.mkdir(mode=0o750)
        return target
    if state.startswith("foreign"):
        target.mkdir()
        (target / "notes.txt").write_text("notes\n")
        (target / "src").mkdir()
        (target / "src" / "main.py").write_text("print('hi')\n")
        os.chmod(target / "src" / "main.py", 0o700)
        # Directories the environment has too: venv fills them, keeping what is there.
        (target / "bin").mkdir()
        (target / "bin" / "tool").write_text("#!/bin/sh\n")
        (target / "lib").mkdir()
        (target / "lib" / "notes.txt").write_text("lib notes\n")
        return target
    # An existing environment, with a file of the user's inside.
    args = [RELEASE_BIN, "--python", python, "--prompt", "mine", str(target)]
    if not with_pip:
        args.insert(1, "--without-pip")
    subprocess.run(args, check=True)
    (target / "notes.txt").write_text("kept\n")
    return target


def check_rules(state, before, after, target_rel):
    """The policy's rules for a failed call."""
    FIGURES["files"] += len(before)
    ours = [p for p in after if TRANSACTION_NAME.search(p)]
    assert not ours, f"left behind: {ours}"
    if state in ("missing", "missing-parents", "empty", "foreign-allow"):
        assert after == before, diff(before, after)
        return
    inside = target_rel + os.sep
    for path, value in before.items():
        if not (path == target_rel or path.startswith(inside)):
            assert after.get(path) == value, f"{path} outside the environment changed"
    assert after.get(target_rel) == before[target_rel], "the target directory itself changed"
    if state in ("venv-clear", "foreign-clear-force"):
        # --clear may have emptied it; nothing else changed, nothing new.
        for path, value in after.items():
            assert before.get(path) == value, f"{path} is new or changed after a failed --clear"
        return
    # An update or --upgrade: only what it rewrites may differ.
    def rewritable(path):
        rel = path[len(inside):] if path.startswith(inside) else None
        return rel is not None and any(fnmatch.fnmatch(rel, pattern) for pattern in REWRITTEN)
    for path, value in before.items():
        if not rewritable(path):
            assert after.get(path) == value, f"{path} was removed or changed"
    for path in after:
        assert path in before or rewritable(path), f"{path} is new and not the environment's"


def diff(before, after):
    gone = sorted(set(before) - set(after))
    new = sorted(set(after) - set(before))
    changed = sorted(p for p in before if p in after and before[p] != after[p])
    return f"gone {gone[:5]}, new {new[:5]}, changed {changed[:5]}"


# -- the three interfaces ----------------------------------------------------

class CreateOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("python", ctypes.c_char_p), ("system_site_packages", ctypes.c_int),
                ("link", ctypes.c_int), ("clear", ctypes.c_int), ("upgrade", ctypes.c_int),
                ("with_pip", ctypes.c_int), ("prompt", ctypes.c_char_p), ("upgrade_deps", ctypes.c_int),
                ("scm_ignore_files", ctypes.c_int), ("allow_existing", ctypes.c_int), ("force", ctypes.c_int),
                ("command", ctypes.c_char_p), ("prompt_literal", ctypes.c_char_p)]


class ErrorStruct(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p), ("sys_errno", ctypes.c_int),
                ("path", ctypes.c_char_p)]


_lib = None


def capi():
    global _lib
    if _lib is None:
        _lib = ctypes.CDLL(LIBVENV)
        _lib.venv_create.argtypes = [ctypes.c_char_p, ctypes.POINTER(CreateOptions)]
        _lib.venv_create_options_init.argtypes = [ctypes.POINTER(CreateOptions), ctypes.c_uint]
        _lib.venv_error_last.restype = ctypes.POINTER(ErrorStruct)
    return _lib


def create(interface, target, flags, with_pip, upgrade_deps, fail_at, env_extra=None, python=PYTHON):
    """One creation; returns (succeeded, message)."""
    env = dict(os.environ, **(env_extra or {}))
    if fail_at:
        env["SWIFT_VENV_FAIL_AT"] = fail_at
    else:
        env.pop("SWIFT_VENV_FAIL_AT", None)
    if interface == "cli":
        args = [DEBUG_BIN, "--python", python] + flags + ([] if with_pip else ["--without-pip"])
        args += ["--upgrade-deps"] if upgrade_deps else []
        r = subprocess.run(args + [str(target)], env=env, capture_output=True, text=True)
        lines = r.stderr.splitlines()
        if r.returncode != 0:
            assert r.returncode == 1 and len(lines) == 1 and lines[0].startswith("swift-venv: error: "), r.stderr
        return r.returncode == 0, r.stderr.strip()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        if interface == "capi":
            lib = capi()
            opts = CreateOptions()
            assert lib.venv_create_options_init(ctypes.byref(opts), 2) == 0
            opts.python = python.encode()
            opts.with_pip = int(with_pip)
            opts.upgrade_deps = int(upgrade_deps)
            opts.clear = int("--clear" in flags)
            opts.upgrade = int("--upgrade" in flags)
            opts.allow_existing = int("--allow-existing" in flags)
            opts.force = int("--force" in flags)
            rc = lib.venv_create(str(target).encode(), ctypes.byref(opts))
            error = lib.venv_error_last().contents
            message = error.message.decode()
            if rc != 0:
                assert rc < 0 and message and "\n" not in message, message
            return rc == 0, message
        import libvenv
        try:
            # venv's EnvBuilder: it always reuses a directory (--allow-existing),
            # and its clear empties one without pyvenv.cfg too (--force).
            libvenv.EnvBuilder(clear="--clear" in flags, upgrade="--upgrade" in flags, with_pip=with_pip,
                               upgrade_deps=upgrade_deps, python=python).create(target)
        except libvenv.VenvError as error:
            assert error.message and "\n" not in error.message, error.message
            return False, error.message
        return True, ""
    finally:
        os.environ.clear()
        os.environ.update(saved)


def scenarios():
    for interface in INTERFACES:
        for state in STATES:
            for step in STEPS:
                # venv's EnvBuilder (so libvenv's) writes .gitignore only when
                # given scm_ignore_files, which the C case passes (its default).
                if step == "create_git_ignore_file" and interface == "libvenv":
                    continue
                if applies(state, step):
                    marks = [pytest.mark.skip(reason="interpreter pyenv-3.13 absent (venv writes .gitignore from 3.13)")
                             ] if step == "create_git_ignore_file" and GITIGNORE_PYTHON is None else []
                    yield pytest.param(interface, state, step, id=f"{interface}-{state}-{step}", marks=marks)


needs_python = pytest.mark.skipif(PYTHON is None, reason="no interpreter of the matrix is present")


@needs_python
@pytest.mark.parametrize("interface,state,step", list(scenarios()))
def test_failed_step_keeps_the_rules(interface, state, step, tmp_path):
    with_pip = step in PIP_STEPS
    python = GITIGNORE_PYTHON if step == "create_git_ignore_file" else PYTHON
    target = lay_out(tmp_path, state, with_pip, python)
    before = snapshot(tmp_path)
    ok, message = create(interface, target, STATES[state], with_pip, step == "upgrade_dependencies", step,
                         python=python)
    assert not ok, f"the injected failure at {step} did not fail the call"
    assert step in message, message
    check_rules(state, before, snapshot(tmp_path), os.path.relpath(target, tmp_path).split(os.sep)[0])
    FIGURES["scenarios"] += 1


@needs_python
@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize("state", list(STATES))
def test_without_failure_the_environment_is_complete(interface, state, tmp_path):
    target = lay_out(tmp_path, state, False)
    before = snapshot(tmp_path)
    ok, message = create(interface, target, STATES[state], False, False, None)
    assert ok, message
    after = snapshot(tmp_path)
    out = subprocess.run([str(target / "bin" / "python"), "-c", "import sys; print(sys.prefix)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == str(target)
    for path, value in before.items():   # the user's files around and inside are kept
        if not path.startswith("env" + os.sep) or state.startswith("foreign-allow"):
            assert after.get(path) == value, path
    assert not [p for p in after if TRANSACTION_NAME.search(p)]


def test_the_readme_example_keeps_the_users_notes(tmp_path):
    """PIP_CONSTRAINT=/missing swift-venv --allow-existing --upgrade-deps proj"""
    if PYTHON is None:
        pytest.skip("no interpreter of the matrix is present")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "notes.txt").write_text("notes\n")
    before = snapshot(tmp_path)
    env = dict(os.environ, PIP_CONSTRAINT="/missing")
    r = subprocess.run([RELEASE_BIN, "--python", PYTHON, "--allow-existing", "--upgrade-deps", "proj"],
                       cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert str(proj) in lines[0] and "--upgrade-deps" in lines[0] and "leave out --upgrade-deps" in lines[0], lines[0]
    assert snapshot(tmp_path) == before


ERRNO_PROBE = r"""
import ctypes, json, os, sys
sys.path.insert(0, sys.argv[1])
import libvenv
target = sys.argv[2]
out = {}
try:
    libvenv.create(target, python=sys.argv[3], with_pip=False)
except libvenv.VenvError as error:
    out["python"] = [error.errno, error.path, error.message]
lib = libvenv._native.library()
error = lib.venv_error_last().contents
out["c"] = [error.sys_errno, error.path.decode() if error.path else None]
print(json.dumps(out))
"""


def test_errors_carry_errno_and_path():
    """A failed system call (no permission, as an unprivileged user) reaches
    C and Python with its errno and path."""
    if PYTHON is None:
        pytest.skip("no interpreter of the matrix is present")
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and not setpriv:
        pytest.skip("running as root, which ignores permissions, and setpriv (util-linux) is absent")
    top = tempfile.mkdtemp(prefix="swift-venv-errno-", dir="/tmp")
    try:
        os.chmod(top, 0o755)
        locked = os.path.join(top, "locked")
        os.mkdir(locked, 0o555)
        target = os.path.join(locked, "env")
        argv = [PYTHON, "-c", ERRNO_PROBE, str(ROOT / "python" / "src"), target, PYTHON]
        if os.geteuid() == 0:
            argv = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] + argv
        r = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, HOME=top))
        assert r.returncode == 0, r.stderr
        import json
        out = json.loads(r.stdout)
        errno_, path, message = out["python"]
        assert errno_ == 13, out          # EACCES
        assert path and path.startswith(locked), out
        assert message.startswith(path) and "permission" in message.lower(), message
        assert out["c"] == [13, path], out
    finally:
        os.chmod(os.path.join(top, "locked"), 0o755)
        shutil.rmtree(top)


@needs_python
@pytest.mark.parametrize("state", ["missing", "empty", "foreign-allow"])
def test_kill_at_random_moments_then_recovery(state, tmp_path):
    """kill -9 at random moments while a new environment is built and put
    in place; whatever the kill left, the next creation's recovery (made to
    stop right after it by SWIFT_VENV_FAIL_AT=lock) gives back exactly the
    user's files, and a creation after that succeeds."""
    rounds = int(os.environ.get("TRANSACTION_KILLS", "40"))
    counts = {"as before": 0, "complete": 0, "partly placed": 0}
    rng = random.Random(11)
    for i in range(rounds):
        scratch = tmp_path / f"r{i}"
        scratch.mkdir()
        target = lay_out(scratch, state, False)
        before = snapshot(scratch)
        proc = subprocess.Popen([RELEASE_BIN, "--python", PYTHON, "--without-pip"] + STATES[state] + [str(target)])
        time.sleep(rng.uniform(0.001, 0.012))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = snapshot(scratch)
        # Committed: pyvenv.cfg placed and the journal gone (an emptied staging
        # directory may remain, which the next creation removes).
        journal_left = any(".swift-venv-journal" in p for p in after)
        if (target / "pyvenv.cfg").exists() and not journal_left:
            counts["complete"] += 1
            out = subprocess.run([str(target / "bin" / "python"), "-c", "import sys; print(sys.prefix)"],
                                 capture_output=True, text=True)
            assert out.stdout.strip() == str(target), out
            continue
        leftover_names = {p for p in after if p not in before and not TRANSACTION_NAME.search(p)}
        counts["partly placed" if leftover_names else "as before"] += 1
        env = dict(os.environ, SWIFT_VENV_FAIL_AT="lock")
        r = subprocess.run([DEBUG_BIN, "--python", PYTHON, "--without-pip"] + STATES[state] + [str(target)],
                           env=env, capture_output=True, text=True)
        assert r.returncode == 1 and "lock failed" in r.stderr, r.stderr
        assert snapshot(scratch) == before, diff(before, snapshot(scratch))
        r = subprocess.run([RELEASE_BIN, "--python", PYTHON, "--without-pip"] + STATES[state] + [str(target)],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    with open(os.environ.get("SWIFT_VENV_FIGURES", os.devnull), "a") as f:
        f.write(f"kill -9 while creating into a {state} target: {rounds} kills, "
                + ", ".join(f"{n} {k}" for k, n in counts.items()) + "; every one recovered to the user's files exactly\n")


@needs_python
@pytest.mark.parametrize("state,moment", [
    # A missing target is placed by one rename: it has no midway.
    (state, moment) for state in ["missing", "empty", "foreign-allow", "venv-clear"]
    for moment in ["place-midway", "placed"] if (state, moment) != ("missing", "place-midway")])
def test_killed_while_placing_is_undone_by_the_next_creation(state, moment, tmp_path):
    """A kill at the two moments a random kill rarely hits: after the first
    entry is moved into an existing directory, and after the environment is
    in place but before ensurepip ran. The next creation's recovery takes
    back exactly what was placed."""
    target = lay_out(tmp_path, state, False)
    before = snapshot(tmp_path)
    # --upgrade-deps makes a step follow the placement (killed before it runs).
    env = dict(os.environ, SWIFT_VENV_FAIL_AT=moment)
    flags = STATES[state]
    r = subprocess.run([DEBUG_BIN, "--python", PYTHON, "--upgrade-deps"] + flags + [str(target)], env=env)
    assert r.returncode == -signal.SIGKILL
    killed = snapshot(tmp_path)
    assert killed != before, "the kill left nothing placed: the moment was not reached"
    r = subprocess.run([DEBUG_BIN, "--python", PYTHON, "--without-pip"] + flags + [str(target)],
                       env=dict(os.environ, SWIFT_VENV_FAIL_AT="lock"), capture_output=True, text=True)
    assert r.returncode == 1 and "lock failed" in r.stderr, r.stderr
    if state == "venv-clear":
        # --clear had emptied it, as it says it does; the rest is as before.
        before = {p: v for p, v in before.items() if not p.startswith("env" + os.sep)}
    assert snapshot(tmp_path) == before, diff(before, snapshot(tmp_path))


def teardown_module(module):
    if FIGURES["scenarios"]:
        with open(os.environ.get("SWIFT_VENV_FIGURES", os.devnull), "a") as f:
            f.write(f"creation transaction: {FIGURES['scenarios']} failure scenarios (steps x target states x "
                    f"CLI, C ABI, libvenv) kept the rules, {FIGURES['files']} user files compared\n")
