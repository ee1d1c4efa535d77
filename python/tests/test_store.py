"""libvenv's store functions (issue 15): list_environments, remove, copy and
move, against the real library; run by Tests/suites/50-capi.sh."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import libvenv

BASE = getattr(sys, "_base_executable", None) or sys.executable


def make(path: Path) -> Path:
    libvenv.create(path, with_pip=False, python=BASE)
    (path / "bin" / "tool").write_text("#!%s/bin/python\nprint('tool')\n" % path)
    (path / "bin" / "tool").chmod(0o755)
    return path


def test_list_environments(tmp_path):
    make(tmp_path / "b")
    make(tmp_path / "a")
    (tmp_path / "a" / ".project").write_text("/some/project\n")
    (tmp_path / "plain").mkdir()
    entries = libvenv.list_environments(tmp_path)
    assert [e.name for e in entries] == ["a", "b"]
    assert entries[0].project == Path("/some/project") and entries[1].project is None
    assert entries[0].path == tmp_path / "a" and not entries[0].broken and entries[0].problem is None
    assert entries[0].version == libvenv.resolve(tmp_path / "a").version
    os.remove(tmp_path / "b" / "bin" / "python")
    assert libvenv.list_environments(tmp_path)[1].broken
    with pytest.raises(libvenv.InvalidArgumentError):
        libvenv.list_environments("bad\0name")
    # Issue 21, item 11: a store that is a file is refused, a missing one is empty.
    (tmp_path / "file").write_text("")
    with pytest.raises(libvenv.InvalidArgumentError, match="is not a directory"):
        libvenv.list_environments(tmp_path / "file")
    assert libvenv.list_environments(tmp_path / "missing") == []


def test_copy_move_remove(tmp_path):
    src = make(tmp_path / "src")
    libvenv.copy(src, tmp_path / "copy")
    assert (tmp_path / "copy" / "bin" / "tool").read_text().startswith("#!%s/bin/python\n" % (tmp_path / "copy"))
    assert str(src) not in (tmp_path / "copy" / "bin" / "activate").read_text()
    with pytest.raises(libvenv.ExistsError):
        libvenv.copy(src, tmp_path / "copy")
    libvenv.copy(src, tmp_path / "copy", replace=True)
    libvenv.move(tmp_path / "copy", tmp_path / "moved")
    assert not (tmp_path / "copy").exists()
    assert libvenv.resolve(tmp_path / "moved").prefix == tmp_path / "moved"
    with pytest.raises(libvenv.InvalidArgumentError):
        libvenv.copy(src, src / "inside")
    with pytest.raises(libvenv.NotAVenvError):
        libvenv.copy(tmp_path / "nothing", tmp_path / "x")
    libvenv.remove(tmp_path / "moved")
    assert not (tmp_path / "moved").exists()
    (tmp_path / "plain").mkdir()
    with pytest.raises(libvenv.NotAVenvError):
        libvenv.remove(tmp_path / "plain")
    assert (tmp_path / "plain").exists()
