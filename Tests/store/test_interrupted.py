"""Moves stopped at a named moment (issue 21, items 7 and 8), with the debug
build's SWIFT_VENV_FAIL_AT killing the process there (SIGKILL), so nothing
depends on timing: an environment whose move is unfinished is shown as
unfinished by `list`, refused by every command that would copy, move,
update or remove it (one line: the path and the command that finishes the move),
and the same move again finishes it."""
import json
import os
import shutil

import pytest

from conftest import BIN, env, files_naming, first_python, killed_at, run, snapshot


def make_source(path, python):
    """An environment without pip and a console script naming its path."""
    run(BIN, "--without-pip", "--python", python, path)
    tool = os.path.join(path, "bin", "tool")
    with open(tool, "w") as f:
        f.write("#!%s/bin/python\nimport sys\nprint(sys.prefix)\n" % path)
    os.chmod(tool, 0o755)


def listed(store):
    return {e["name"]: e for e in json.loads(run(BIN, "list", "--json", environ=env(WORKON_HOME=store))[1])}


def refused(args, store, path, remedy):
    """The command fails in one line naming `path` and the command `remedy`."""
    code, out, err = run(*args, check=False, environ=env(WORKON_HOME=store))
    assert code == 1 and err.count("\n") == 1, (args, code, err)
    assert str(path) in err and remedy in err, (args, err)


def test_move_killed_after_its_rename(tmp_path):
    """Item 7: `move s d` killed between its rename and the end of its rewrite
    leaves d naming s; `move d other` used to succeed and leave `other` broken."""
    _, python = first_python()
    store = tmp_path / "store"
    store.mkdir()
    s, d, other, spare = store / "s", store / "d", store / "other", store / "spare"
    make_source(s, python)
    make_source(spare, python)
    killed_at("move-renamed", "move", s, d)
    assert not s.exists() and (store / ".d.swift-venv-journal").exists()
    half = snapshot(d)
    remedy = "swift-venv move %s %s" % (s, d)

    entry = listed(store)["d"]
    assert entry["broken"] and remedy in entry["problem"], entry
    for args in (["move", d, other], ["move", "d", "other"], ["copy", d, other], ["copy", "d", "other"],
                 ["move", spare, d], ["copy", spare, d, "--force"],
                 ["--upgrade", "--without-pip", d], ["--relocatable", "--without-pip", d],
                 ["--clear", "--without-pip", d], ["--without-pip", d], ["remove", d]):
        refused([BIN] + args, store, d, remedy)
        assert snapshot(d) == half and not other.exists() and spare.exists(), args

    run(BIN, "move", s, d)
    assert files_naming(d, str(s)) == [] and not (store / ".d.swift-venv-journal").exists()
    assert not listed(store)["d"]["broken"]
    run(BIN, "move", d, other)
    assert run(other / "bin" / "tool")[1] == "%s\n" % other
    assert files_naming(other, str(s)) == [] and files_naming(other, str(d)) == []


def as_written_by_0_4_0(journal, s, d, phase, files=()):
    """Replaces the journal a killed move left beside d by the one swift-venv
    0.4.0 wrote there: its name (.NAME.swift-venv-move) and its text."""
    journal.unlink()
    legacy = journal.parent / (".%s.swift-venv-move" % d.name)
    legacy.write_text("swift-venv move\nfrom=%s\nto=%s\nphase=%s\n" % (s, d, phase)
                      + "".join("file=%s\n" % f for f in files))
    return legacy


def test_a_move_0_4_0_left_unfinished_is_refused_then_finished(tmp_path):
    """Issue 22, item 3: one journal format for every transaction; the move
    journal of the previous release (another name) is still read, so a move
    it left half done (killed, then swift-venv upgraded) is refused with the
    command that finishes it, and that command finishes it."""
    _, python = first_python()
    store = tmp_path / "store"
    store.mkdir()
    s, d, other = store / "s", store / "d", store / "other"
    make_source(s, python)
    killed_at("move-renamed", "move", s, d)
    # 0.4.0 listed the files naming the source, found by reading it.
    legacy = as_written_by_0_4_0(store / ".d.swift-venv-journal", s, d, "rewrite", sorted(files_naming(d, str(s))))
    remedy = "swift-venv move %s %s" % (s, d)
    entry = listed(store)["d"]
    assert entry["broken"] and remedy in entry["problem"], entry
    for args in (["copy", d, other], ["move", d, other], ["--upgrade", "--without-pip", d], ["remove", d]):
        refused([BIN] + args, store, d, remedy)
        assert d.exists() and not other.exists(), args
    run(BIN, "move", s, d)
    assert files_naming(d, str(s)) == [] and not legacy.exists() and os.listdir(store) == ["d"]
    assert run(d / "bin" / "tool")[1] == "%s\n" % d


def test_a_source_removal_0_4_0_left_unfinished_is_finished(tmp_path, tmpfs):
    """The same for a move across file systems killed as its source's removal
    began, with 0.4.0's journal beside the destination."""
    store, s, d = killed_removing_source(tmp_path, tmpfs)
    legacy = as_written_by_0_4_0(tmpfs / ".env.swift-venv-journal", s, d, "remove-source")
    remedy = "swift-venv move %s %s" % (s, d)
    refused([BIN, "copy", d, tmp_path / "copy"], tmpfs, d, remedy)
    run(BIN, "move", s, d)
    assert os.listdir(store) == [] and os.listdir(tmpfs) == ["env"] and not legacy.exists()
    assert run(d / "bin" / "tool")[1] == "%s\n" % d


def killed_removing_source(tmp_path, tmpfs):
    """`move STORE/env TMPFS/env` killed as the removal of its source begins."""
    _, python = first_python()
    store = tmp_path / "store"
    store.mkdir()
    s, d = store / "env", tmpfs / "env"
    make_source(s, python)
    killed_at("remove-source", "move", s, d)
    return store, s, d


def test_move_across_file_systems_killed_removing_its_source(tmp_path, tmpfs):
    """Item 8: a move to another file system killed as the removal of its
    source begins. The source used to stay under its name, listed as healthy
    and copied as a whole environment, half deleted."""
    store, s, d = killed_removing_source(tmp_path, tmpfs)
    remedy = "swift-venv move %s %s" % (s, d)

    # No half environment is shown or used as one: under its name there is
    # none, or one shown unfinished; the destination says how to finish.
    source_entry = listed(store).get("env")
    assert source_entry is None or (source_entry["broken"] and remedy in source_entry["problem"]), source_entry
    entry = listed(tmpfs)["env"]
    assert entry["broken"] and remedy in entry["problem"], entry
    for args in (["copy", s, tmp_path / "copy"], ["move", s, tmp_path / "moved"], ["remove", s],
                 ["copy", d, tmp_path / "copy"], ["move", d, tmp_path / "moved"], ["remove", d],
                 ["--upgrade", "--without-pip", d]):
        code, out, err = run(BIN, *args, check=False)
        assert code == 1 and err.count("\n") == 1, (args, err)
        assert not (tmp_path / "copy").exists() and not (tmp_path / "moved").exists()
    assert run(BIN, "copy", d, tmp_path / "copy", check=False)[2].count(remedy) == 1

    run(BIN, "move", s, d)
    assert not s.exists() and os.listdir(store) == [] and os.listdir(tmpfs) == ["env"]
    assert run(d / "bin" / "tool")[1] == "%s\n" % d
    assert not listed(tmpfs)["env"]["broken"]


def test_finishing_a_removal_killed_after_its_last_file(tmp_path, tmpfs):
    """Item 8: removal takes pyvenv.cfg last, then the directory; a kill
    between the two leaves an empty directory, which the same move again
    removes (it used to refuse it as having no pyvenv.cfg, forever)."""
    store, s, d = killed_removing_source(tmp_path, tmpfs)
    # Empty what the killed removal had begun to remove, as a kill after its last file leaves it.
    left = [store / n for n in os.listdir(store)]
    assert len(left) == 1, left
    for name in os.listdir(left[0]):
        child = left[0] / name
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    run(BIN, "move", s, d)
    assert os.listdir(store) == [] and os.listdir(tmpfs) == ["env"]
    assert not listed(tmpfs)["env"]["broken"]


@pytest.mark.parametrize("journal", [".x.swift-venv-journal", ".x.swift-venv-move"])
def test_a_journal_planted_by_another_user_is_not_followed(tmp_path, journal):
    """In a directory others can write (/tmp), another user can leave a
    journal beside the destination naming your environment as the source of
    a move whose source removal is unfinished: `move ENV /tmp/x` then removed
    ENV without copying it. A journal is followed only when it is yours."""
    if os.geteuid() != 0:
        pytest.skip("not root: cannot make files another user owns")
    _, python = first_python()
    s, shared = tmp_path / "env", tmp_path / "shared"
    make_source(s, python)
    shared.mkdir()
    shared.chmod(0o1777)
    # What user 65534 can leave there: a directory and a journal, its own.
    (shared / "x").mkdir()
    (shared / journal).write_text("swift-venv move\nfrom=%s\nto=%s\nphase=remove-source\n" % (s, shared / "x"))
    for path in (shared / "x", shared / journal):
        os.chown(path, 65534, 65534)
    before = snapshot(s)
    code, out, err = run(BIN, "move", s, shared / "x", check=False)
    assert code == 1 and err.count("\n") == 1 and "another user" in err, err
    assert snapshot(s) == before
