"""Removal never loses a byte of the user's data (issue 21, items 1, 2, 3
and 12): `remove`, creation's `--clear`, a move's removal of its source and
`rmvirtualenv` refuse, before anything is removed, a mount point inside the
environment (a bind mount on the same device), `/`, a directory holding a
home or the current directory, a tree this user could not remove whole,
and the active environment; `.` and `..` are paths."""
import contextlib
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import BIN, env, run, snapshot

NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"]


def make(workon, *names):
    workon.mkdir(parents=True, exist_ok=True)
    for name in names:
        run(BIN, "--without-pip", workon / name)
    return workon


@contextlib.contextmanager
def bind_mount(source, target):
    """`mount --bind source target` for the body; skips where mounting is refused."""
    mount = shutil.which("mount")
    if mount is None:
        pytest.skip("mount (util-linux) absent: cannot make a bind mount")
    r = subprocess.run([mount, "--bind", str(source), str(target)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("mount --bind is not permitted here: " + r.stderr.strip())
    try:
        yield
    finally:
        subprocess.run(["umount", str(target)], capture_output=True)


# --- item 1: a mount inside ------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["remove", "clear", "move", "rmvirtualenv"])
def test_a_bind_mount_inside_is_refused_before_anything_is_removed(tmp_path, how):
    workon = make(tmp_path / "envs", "e1", "e2")
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "notes.txt").write_text("the user's own")
    (data / "sub" / "more.txt").write_text("more")
    mountpoint = workon / "e1" / "lib" / "data"
    mountpoint.mkdir()
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    with bind_mount(data, mountpoint):
        before = snapshot(workon / "e1"), snapshot(workon / "e2"), snapshot(data)
        argv = {"remove": [BIN, "remove", "e1"],
                "clear": [BIN, "--clear", "--without-pip", workon / "e1"],
                "move": [BIN, "move", "--force", "e1", "e2"],
                "rmvirtualenv": ["bash", "-c", 'eval "$("$0" shell-init bash)"; rmvirtualenv e1', BIN]}[how]
        code, out, err = run(*argv, environ=environ, cwd=tmp_path, check=False)
        assert (snapshot(workon / "e1"), snapshot(workon / "e2"), snapshot(data)) == before, \
            "something was removed: " + err
        assert code != 0 or how == "rmvirtualenv", (out, err)
        assert "mount point" in err and str(mountpoint) in err, err


def test_the_mounted_environment_itself_can_be_cleared_not_removed(tmp_path):
    """A volume mounted at the environment (a container's): --clear empties it
    (its directory stays), remove refuses (the directory cannot go)."""
    volume = tmp_path / "volume"
    volume.mkdir()
    target = tmp_path / "venv"
    target.mkdir()
    with bind_mount(volume, target):
        run(BIN, "--without-pip", target)
        code, out, err = run(BIN, "remove", target, check=False, cwd=tmp_path)
        assert (target / "pyvenv.cfg").exists() and code == 1 and "mount point" in err, err
        (target / "stale").write_text("x")
        run(BIN, "--clear", "--without-pip", target, cwd=tmp_path)
        assert (target / "pyvenv.cfg").exists() and not (target / "stale").exists()


# --- item 2: homes, the root, the current directory ------------------------------------------------

def test_a_directory_holding_the_home_is_refused(tmp_path):
    top = tmp_path / "top"
    home = top / "users" / "me"
    (home / "work").mkdir(parents=True)
    (home / "work" / "thesis.tex").write_text("years")
    (top / "pyvenv.cfg").write_text("home = /usr/bin\n")
    os.symlink(home, tmp_path / "home-link")
    before = snapshot(tmp_path)
    for h in (home, tmp_path / "home-link"):      # $HOME as given and through a link
        environ = env(WORKON_HOME=tmp_path / "envs", HOME=h)
        for argv in ([BIN, "remove", top], [BIN, "--clear", "--force", "--without-pip", top],
                     [BIN, "--clear", "--force", "--without-pip", home]):
            code, out, err = run(*argv, environ=environ, cwd="/", check=False)
            assert code == 1 and err.count("\n") == 1 and "home directory" in err, (argv, err)
    assert snapshot(tmp_path) == before
    code, out, err = run(BIN, "--clear", "--force", "--without-pip", "/", cwd="/", check=False)
    assert code == 1 and "root directory" in err


def test_a_directory_holding_the_current_one_is_refused(tmp_path):
    workon = make(tmp_path / "envs", "e1", "e2")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    bin_dir = workon / "e1" / "bin"
    before = snapshot(workon)
    for argv in ([BIN, "remove", ".."], [BIN, "remove", workon / "e1"],
                 [BIN, "--clear", "--without-pip", ".."], [BIN, "move", "--force", "..", "e2"]):
        code, out, err = run(*argv, environ=environ, cwd=bin_dir, check=False)
        assert code == 1 and err.count("\n") == 1 and "holds the current directory" in err, (argv, err)
    assert snapshot(workon) == before
    # The current directory itself: --clear keeps it, remove takes it (as
    # rmvirtualenv run from inside an environment does).
    run(BIN, "--clear", "--without-pip", ".", environ=environ, cwd=workon / "e2")
    run(BIN, "remove", ".", environ=environ, cwd=workon / "e2")
    assert not (workon / "e2").exists() and (workon / "e1" / "pyvenv.cfg").exists()


# --- item 3: nothing removed unless all can be -----------------------------------------------------

@pytest.fixture
def shared_dir():
    """A directory under /tmp an unprivileged user can reach (pytest's is 0700)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the tree to another user")
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) absent: cannot run as an unprivileged user")
    top = tempfile.mkdtemp(prefix="swift-venv-removal-", dir="/tmp")
    os.chmod(top, 0o755)
    yield top
    subprocess.run(["chmod", "-R", "u+rwx", top])
    shutil.rmtree(top)


def as_nobody(*argv, cwd):
    r = subprocess.run(["setpriv"] + NOBODY + [str(a) for a in argv], capture_output=True, text=True,
                       env=env(HOME="/nonexistent", WORKON_HOME="/nonexistent"), cwd=cwd)
    if "setpriv:" in r.stderr:
        pytest.skip("setpriv cannot change user here: " + r.stderr.strip())
    return r


def test_a_removal_that_could_not_finish_removes_nothing(shared_dir):
    top = shared_dir
    for parent, name in (("ok", "a"), ("ro", "b"), ("inner", "c")):
        os.mkdir(os.path.join(top, parent))
        run(BIN, "--without-pip", os.path.join(top, parent, name))
    subprocess.run(["chown", "-R", "65534:65534", os.path.join(top, "ok"), os.path.join(top, "ro", "b"),
                    os.path.join(top, "inner")], check=True)
    # ro/ is root's: nobody may not remove ro/b from it. inner/c/lib cannot be written.
    os.chmod(os.path.join(top, "inner", "c", "lib"), 0o555)
    before = snapshot(top)
    for args in (["ok/a", "ro/b"], ["ok/a", "inner/c"]):
        r = as_nobody(BIN, "remove", *args, cwd=top)
        assert snapshot(top) == before, (args, r.stderr)
        assert r.returncode == 1 and r.stderr.count("\n") == 1 and "nothing was removed" in r.stderr, r.stderr
    # The same for --clear of inner/c.
    r = as_nobody(BIN, "--clear", "--without-pip", "inner/c", cwd=top)
    assert r.returncode == 1 and "nothing was removed" in r.stderr, r.stderr
    assert snapshot(top) == before
    # What it may remove, it removes.
    r = as_nobody(BIN, "remove", "ok/a", cwd=top)
    assert r.returncode == 0 and not os.path.exists(os.path.join(top, "ok", "a")), r.stderr


def test_an_immutable_file_inside_removes_nothing(tmp_path):
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr (e2fsprogs) absent")
    workon = make(tmp_path / "envs", "e1")
    locked = workon / "e1" / "bin" / "locked"
    locked.write_text("x")
    r = subprocess.run([chattr, "+i", str(locked)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("chattr +i is not supported here: " + r.stderr.strip())
    try:
        before = snapshot(workon)
        code, out, err = run(BIN, "remove", "e1", environ=env(WORKON_HOME=workon, HOME=tmp_path), check=False)
        assert snapshot(workon) == before and code == 1 and "immutable" in err, err
    finally:
        subprocess.run([chattr, "-i", str(locked)])


# --- item 12: `.`, `..` and the active environment -------------------------------------------------

def test_dot_is_a_path_never_the_store(tmp_path):
    workon = make(tmp_path / "envs", "e1")
    elsewhere = tmp_path / "project" / "venv"
    run(BIN, "--without-pip", elsewhere)
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    # From the store itself, `.` is the store: not an environment.
    code, out, err = run(BIN, "copy", ".", "x", environ=environ, cwd=workon, check=False)
    assert code == 1 and "no pyvenv.cfg" in err and not (workon / "x").exists(), err
    # cpvirtualenv takes `.` as the current directory, not $WORKON_HOME/.
    for shell, loader in (("bash", 'eval "$(%s shell-init bash)"' % BIN),
                          ("fish", "%s shell-init fish | source" % BIN)):
        if not shutil.which(shell):
            continue
        code, out, err = run(shell, "-c", loader + "\ncpvirtualenv . copied-" + shell, environ=environ,
                             cwd=elsewhere, check=False)
        cfg = workon / ("copied-" + shell) / "pyvenv.cfg"
        assert cfg.exists() and str(workon / ("copied-" + shell)) in cfg.read_text(), (shell, out, err)
    # `..` from a store environment's bin/ is refused (it holds the current directory).
    code, out, err = run(BIN, "remove", "..", environ=environ, cwd=workon / "e1" / "bin", check=False)
    assert code == 1 and (workon / "e1" / "pyvenv.cfg").exists()


def test_the_active_environment_is_kept_without_force(tmp_path):
    workon = make(tmp_path / "envs", "e1")
    os.symlink(workon, tmp_path / "envs-link")
    for active in (workon / "e1", tmp_path / "envs-link" / "e1"):
        environ = env(WORKON_HOME=workon, HOME=tmp_path, VIRTUAL_ENV=active)
        code, out, err = run(BIN, "remove", "e1", environ=environ, cwd=tmp_path, check=False)
        assert code == 1 and err.count("\n") == 1 and "active environment" in err and "deactivate" in err, err
        assert (workon / "e1" / "pyvenv.cfg").exists()
    run(BIN, "remove", "--force", "e1", environ=environ, cwd=tmp_path)
    assert not (workon / "e1").exists()
