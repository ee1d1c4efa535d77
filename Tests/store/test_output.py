"""What the store's reading commands show (issue 21, items 4 and 11, and its
minor items): text from an environment (`.project`, `pyvenv.cfg`, a
directory's name) never reaches the terminal as control characters; `list`
says when the store itself cannot be read, and shows an environment it cannot
read as broken; `freeze`, `packages` and `info` take a store's names."""
import json
import os
import pathlib
import re
import shutil
import tempfile

import pytest

from conftest import BIN, env, first_python, run

# C0 (newline aside: lines are lines), DEL and C1, as UTF-8 text.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# An OSC that sets the terminal's title, a clear screen, a C1 CSI, a DEL, a tab.
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\x7f\t"
SHOWN = "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\t"


def hostile_store(tmp_path):
    """A store whose environments carry control characters in their
    .project, their pyvenv.cfg (prompt, version) and one in its name."""
    workon = tmp_path / "envs"
    workon.mkdir()
    _, python = first_python()
    run(BIN, "--python", python, "--without-pip", "--prompt", "plain", workon / "a")
    (workon / "a" / ".project").write_text("/proj" + HOSTILE + "\n")
    run(BIN, "--python", python, "--without-pip", workon / "b")
    cfg = workon / "b" / "pyvenv.cfg"
    text = cfg.read_text()
    # uv writes the prompt unquoted; a version line with more after it.
    text = re.sub(r"(?m)^prompt = .*$", "", text) + "prompt = p" + HOSTILE + "\n"
    text = re.sub(r"(?m)^version(_info)? = (.*)$", lambda m: m.group(0) + HOSTILE, text)
    cfg.write_text(text)
    # A name made of control characters: renamed into place (creation refuses it).
    run(BIN, "--python", python, "--without-pip", workon / "plain")
    os.rename(workon / "plain", workon / ("c" + HOSTILE))
    return workon


def assert_shown_escaped(out, shown=SHOWN):
    assert not CONTROL.search(out), "a control character reached the output: %r" % out
    assert shown in out, out


def test_list_escapes_control_characters(tmp_path):
    workon = hostile_store(tmp_path)
    environ = env(WORKON_HOME=workon)
    for args in (["list"], ["list", "-b"]):
        code, out, err = run(BIN, *args, environ=environ)
        assert_shown_escaped(out)
        assert out.count("\n") == 3, out
    out = run(BIN, "list", environ=environ)[1]
    assert "project /proj" + SHOWN in out
    # The long form names the prompt's environment by its version as written.
    assert ("3." in out) and out.splitlines()[1].startswith("b  ")
    # --json escapes the same characters, and gives them back as they are.
    entries = json.loads(run(BIN, "list", "--json", environ=environ)[1])
    assert [e["name"] for e in entries] == ["a", "b", "c" + HOSTILE]
    assert entries[0]["project"] == "/proj" + HOSTILE
    raw = run(BIN, "list", "--json", environ=environ)[1]
    assert not CONTROL.search(raw.replace("\n", "")), raw
    # A near name is suggested escaped, too.
    assert not CONTROL.search(run(BIN, "list", "--closest", "c", environ=environ)[1])


def test_info_and_find_escape_control_characters(tmp_path):
    workon = hostile_store(tmp_path)
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    out = run(BIN, "info", workon / "b", environ=environ)[1]
    # pyvenv.cfg's values lose their trailing white space (the tab) as site.py strips them.
    assert_shown_escaped(out, "p" + SHOWN[:-len("\\t")] + "\n")
    code, out, err = run(BIN, "find", environ=environ)
    assert_shown_escaped(out)
    assert "/proj" + SHOWN[:-len("\\t")] + "\n" in out, out  # find strips the trailing white space
    # find --verbose's log and find --python's answer are read by a person too.
    code, out, err = run(BIN, "find", "--verbose", "--search-path", workon, environ=environ)
    assert not CONTROL.search(out) and not CONTROL.search(err.replace("\n", "")), err


def test_errors_escape_control_characters(tmp_path):
    """A refusal naming a path or a value read from a file shows it escaped."""
    workon = hostile_store(tmp_path)
    environ = env(WORKON_HOME=workon)
    # home names a directory with control characters, which has no python.
    cfg = workon / "a" / "pyvenv.cfg"
    cfg.write_text(re.sub(r"(?m)^home = .*$", "home = /nowhere" + HOSTILE, cfg.read_text()))
    os.remove(workon / "a" / "bin" / "python")
    for args in (["info", workon / "a"], ["freeze", workon / "a"], ["packages", workon / "a"]):
        code, out, err = run(BIN, *args, environ=environ, check=False)
        assert code == 1 and err.startswith("swift-venv: error: ") and err.count("\n") == 1, (args, err)
        assert not CONTROL.search(err[:-1]), (args, err)
    # list shows the same problem escaped.
    out = run(BIN, "list", environ=environ)[1]
    assert not CONTROL.search(out) and "BROKEN" in out.splitlines()[0]


def test_list_says_when_the_store_cannot_be_read(tmp_path):
    """Issue 21, item 11: a WORKON_HOME that is a file, a link to nothing or a
    directory that cannot be listed is one error line and exit 1 (list, -b
    and --json alike); a missing one is a store with no environments yet,
    said on stderr as lsvirtualenv says it, and nothing is created."""
    (tmp_path / "file").write_text("not a store")
    os.symlink(tmp_path / "nothing", tmp_path / "dangling")
    for workon, what in ((tmp_path / "file", "is not a directory"), (tmp_path / "dangling", "is not a directory")):
        for args in (["list"], ["list", "-b"], ["list", "--json"]):
            code, out, err = run(BIN, *args, environ=env(WORKON_HOME=workon), check=False)
            assert code == 1 and out == "" and err.count("\n") == 1, (args, out, err)
            assert err.startswith("swift-venv: error: %s: %s" % (workon, what)), err
    missing = tmp_path / "missing" / "envs"
    for args, printed in ((["list"], ""), (["list", "-b"], ""), (["list", "--json"], "[]\n")):
        code, out, err = run(BIN, *args, environ=env(WORKON_HOME=missing))
        assert out == printed and err == "swift-venv: note: %s does not exist, so it holds no environments yet\n" % missing
    assert not (tmp_path / "missing").exists()


def as_nobody_or_skip():
    if not shutil.which("setpriv"):
        pytest.skip("setpriv absent: cannot run as an unprivileged user")
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if run(*as_nobody, BIN, "--version", check=False)[0] != 0:
        pytest.skip("%s cannot be run by an unprivileged user (a parent directory is private)" % BIN)
    return as_nobody


def test_list_unreadable_store_and_environment():
    """As an unprivileged user (root reads everything): a store that cannot
    be listed, or listed but not searched, is an error; an environment that
    cannot be read is listed as broken, with the reason."""
    as_nobody = as_nobody_or_skip()
    # Under /tmp: pytest's own directories are private to root.
    root = pathlib.Path(tempfile.mkdtemp(prefix="store-unreadable-", dir="/tmp"))
    try:
        os.chmod(root, 0o755)
        unreadable_store_and_environment(root, as_nobody)
    finally:
        for base, dirs, _ in os.walk(root):
            for d in dirs:
                os.chmod(os.path.join(base, d), 0o755)
        shutil.rmtree(root, ignore_errors=True)


def unreadable_store_and_environment(tmp_path, as_nobody):
    workon = tmp_path / "envs"
    workon.mkdir()
    _, python = first_python()
    for name in ("ok", "locked"):
        run(BIN, "--without-pip", "--python", python, workon / name)
    os.chmod(workon / "locked", 0o700)
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    code, out, err = run(*as_nobody, BIN, "list", "--json", environ=environ, check=False)
    entries = json.loads(out)
    assert [e["name"] for e in entries] == ["locked", "ok"], (out, err)
    assert entries[0]["broken"] and "Permission denied" in entries[0]["problem"], entries[0]
    code, out, err = run(*as_nobody, BIN, "list", environ=environ)
    assert out.startswith("locked") and "BROKEN" in out.splitlines()[0] and "Permission denied" in out
    assert run(*as_nobody, BIN, "list", "-b", environ=environ)[1] == "locked\nok\n"
    # Below a directory that cannot be searched: not known to be missing.
    (tmp_path / "private").mkdir(mode=0o700)
    code, out, err = run(*as_nobody, BIN, "list", environ=env(WORKON_HOME=tmp_path / "private" / "envs"), check=False)
    assert code == 1 and out == "" and err.count("\n") == 1, (out, err)
    assert err.startswith("swift-venv: error: %s: cannot examine: Permission denied" % (tmp_path / "private" / "envs"))
    for mode, what in ((0o700, "cannot list"), (0o744, "cannot search")):
        os.chmod(workon, mode)
        for args in (["list"], ["list", "-b"], ["list", "--json"]):
            code, out, err = run(*as_nobody, BIN, *args, environ=environ, check=False)
            assert code == 1 and out == "" and err.count("\n") == 1, (mode, args, out, err)
            assert err.startswith("swift-venv: error: %s: %s" % (workon, what)) and "Permission denied" in err, err
    os.chmod(workon, 0o755)


def test_freeze_packages_info_take_store_names(tmp_path):
    """Minor item of issue 21: a bare name that is not a path here is an
    environment of the store, as remove and copy take it; a path here (no
    '/': .venv) stays a path."""
    _, python = first_python()
    workon = tmp_path / "envs"
    workon.mkdir()
    run(BIN, "--python", python, "--without-pip", workon / "e1")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    info = json.loads(run(BIN, "info", "--json", "e1", environ=environ, cwd=tmp_path)[1])
    assert info["prefix"] == str(workon / "e1")
    assert run(BIN, "freeze", "e1", environ=environ, cwd=tmp_path)[0] == 0
    assert json.loads(run(BIN, "packages", "--json", "e1", environ=environ, cwd=tmp_path)[1]) == []
    # A path here wins: the working directory's e1.
    run(BIN, "--python", python, "--without-pip", tmp_path / "e1")
    info = json.loads(run(BIN, "info", "--json", "e1", environ=environ, cwd=tmp_path)[1])
    assert info["prefix"] == str(tmp_path / "e1")
    # Neither: one line naming both places and the closest names.
    for command in ("info", "freeze", "packages"):
        code, out, err = run(BIN, command, "e2", environ=environ, cwd=tmp_path / "e1", check=False)
        assert code == 1 and err.count("\n") == 1, err
        assert "'e2' is neither a path that exists here nor an environment in %s" % workon in err
        assert "did you mean 'e1'" in err
