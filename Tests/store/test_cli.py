"""The store's command line (issue 15, items 1, 2, 5, 6): `list`, `remove`,
mistyped subcommands, bad and unknown names, virtualenv's spellings, and
virtualenvwrapper's store read as it keeps it."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import BIN, TOOLS, env, first_python, run, snapshot, store, tool


@pytest.mark.parametrize("typo,meant", [("lsit", "list"), ("remvoe", "remove"), ("cpoy", "copy"), ("mvoe", "move"),
                                        ("inof", "info"), ("shell-int", "shell-init")])
def test_mistyped_subcommand_is_refused(tmp_path, typo, meant):
    code, out, err = run(BIN, typo, "--without-pip", check=False, cwd=tmp_path)
    assert code == 1 and err.count("\n") == 1
    assert "did you mean '%s'" % meant in err and "./%s" % typo in err
    assert os.listdir(tmp_path) == [], "a mistyped subcommand created something"
    # Written as a path, it is an environment.
    run(BIN, "./" + typo, "--without-pip", cwd=tmp_path)
    assert (tmp_path / typo / "pyvenv.cfg").is_file()


def test_names_far_from_subcommands_still_create(tmp_path):
    for name in (".venv", "venv", "env", "myproject"):
        run(BIN, "--without-pip", name, cwd=tmp_path)
        assert (tmp_path / name / "pyvenv.cfg").is_file(), name


def test_virtualenv_spellings(tmp_path):
    _, python = first_python()
    for args in (["-p", python], ["--python=" + python], ["--no-site-packages", "-q", "--python", python]):
        target = tmp_path / ("e%d" % len(os.listdir(tmp_path)))
        run(BIN, *args, "--without-pip", target)
        info = json.loads(run(BIN, "info", "--json", target)[1])
        assert info["base_executable"] == os.path.realpath(python) or info["version"].startswith(
            run(python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")[1].strip())
        assert info["include_system_site_packages"] is False


def test_list_text_json_brief(tmp_path):
    workon = store(tmp_path, "b", "a")
    (tmp_path / "proj").mkdir()
    (workon / "a" / ".project").write_text(str(tmp_path / "proj") + "\n")
    # Broken: its base interpreter gone (a copy made with a home that no longer exists).
    run(BIN, "--without-pip", workon / "c")
    os.remove(workon / "c" / "bin" / "python")
    (workon / "notenv").mkdir()
    (workon / ".hidden").mkdir()
    environ = env(WORKON_HOME=workon)
    entries = json.loads(run(BIN, "list", "--json", environ=environ)[1])
    assert [e["name"] for e in entries] == ["a", "b", "c"]
    assert entries[0]["project"] == str(tmp_path / "proj") and entries[1]["project"] is None
    assert [e["broken"] for e in entries] == [False, False, True] and "bin/python" in entries[2]["problem"]
    assert all(e["path"] == str(workon / e["name"]) for e in entries)
    version = open(workon / "a" / "pyvenv.cfg").read().split("version = ")[1].split("\n")[0]
    assert entries[0]["version"] == version
    assert run(BIN, "list", "-b", environ=environ)[1] == "a\nb\nc\n"
    text = run(BIN, "list", environ=environ)[1].split("\n")
    assert text[0].startswith("a  ") and str(tmp_path / "proj") in text[0] and "BROKEN" in text[2]
    # A relative WORKON_HOME is taken from HOME, as virtualenvwrapper does.
    assert run(BIN, "list", "-b", environ=env(WORKON_HOME="envs", HOME=tmp_path))[1] == "a\nb\nc\n"


def test_a_project_file_that_is_a_fifo_is_no_project(tmp_path):
    """A `.project` made a FIFO (a hostile store entry, or a cloned one):
    listing the store neither waits for a writer nor reads it as a path."""
    workon = store(tmp_path, "a")
    os.mkfifo(str(workon / "a" / ".project"))
    entries = json.loads(run(BIN, "list", "--json", environ=env(WORKON_HOME=workon), timeout=120)[1])
    assert [(e["name"], e["project"]) for e in entries] == [("a", None)]


def test_list_reads_a_virtualenvwrapper_store(tmp_path):
    """Environments virtualenvwrapper made (through virtualenv) are listed, with their project."""
    tool("virtualenvwrapper.sh")
    workon = tmp_path / "envs"
    (tmp_path / "p").mkdir()
    run("bash", "-c", "export PATH=%s:$PATH; source %s/virtualenvwrapper.sh; mkvirtualenv --no-seed -a %s vw1 >/dev/null"
        % (TOOLS, TOOLS, tmp_path / "p"),
        environ=env(WORKON_HOME=workon, HOME=tmp_path, VIRTUALENVWRAPPER_PYTHON=TOOLS / "python",
                    VIRTUALENVWRAPPER_VIRTUALENV=TOOLS / "virtualenv", VIRTUALENV_OVERRIDE_APP_DATA=tmp_path / "app"))
    entries = json.loads(run(BIN, "list", "--json", environ=env(WORKON_HOME=workon))[1])
    assert [(e["name"], e["project"], e["broken"]) for e in entries] == [("vw1", str(tmp_path / "p"), False)]


def test_remove(tmp_path):
    workon = store(tmp_path, "e1", "e2", "e3")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    # An unknown name lists the closest.
    code, out, err = run(BIN, "remove", "e4", environ=environ, check=False)
    assert code == 1 and err.count("\n") == 1 and "no environment named 'e4'" in err and "did you mean 'e1' or 'e2' or 'e3'" in err
    # Every argument is checked before the first is removed.
    (workon / "plain").mkdir()
    (workon / "plain" / "data").write_text("keep")
    code, out, err = run(BIN, "remove", "e1", "plain", environ=environ, check=False)
    assert code == 1 and "no pyvenv.cfg" in err and (workon / "e1").is_dir() and (workon / "plain" / "data").exists()
    # A link to an environment is not followed.
    os.symlink(workon / "e2", tmp_path / "link")
    code, out, err = run(BIN, "remove", str(tmp_path / "link"), environ=environ, check=False)
    assert code == 1 and "symbolic link" in err and (workon / "e2" / "pyvenv.cfg").exists()
    # Inside, a link out is removed as a link; what it points to stays.
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "precious").write_text("x")
    os.symlink(tmp_path / "outside", workon / "e1" / "lib-out")
    run(BIN, "remove", "e1", str(workon / "e3"), environ=environ)
    assert not (workon / "e1").exists() and not (workon / "e3").exists() and (tmp_path / "outside" / "precious").exists()
    # / and home are refused even holding a pyvenv.cfg.
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\n")
    code, out, err = run(BIN, "remove", str(tmp_path), environ=env(WORKON_HOME=workon, HOME=tmp_path), check=False)
    assert code == 1 and "home directory" in err and (workon / "e2").exists()
    code, out, err = run(BIN, "remove", "/", environ=environ, check=False)
    assert code == 1 and err.count("\n") == 1


@pytest.mark.parametrize("bad", ["", "a/..", "x:y"])
def test_bad_names_one_line(tmp_path, bad):
    workon = store(tmp_path, "e1")
    before = snapshot(tmp_path)
    for args in (["remove", bad], ["copy", "e1", bad], ["move", "e1", bad]):
        if bad == "a/.." and args[0] != "remove":
            continue  # a path: allowed as a destination when it is not one already
        code, out, err = run(BIN, *args, environ=env(WORKON_HOME=workon), check=False)
        assert code == 1 and err.count("\n") == 1 and err.startswith("swift-venv: error: "), (args, err)
    assert snapshot(tmp_path) == before


def test_non_utf8_name_refused(tmp_path):
    workon = store(tmp_path, "e1")
    import subprocess
    result = subprocess.run([BIN.encode(), b"remove", b"e\xff"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env(WORKON_HOME=workon))
    assert result.returncode == 1 and result.stderr.count(b"\n") == 1 and b"not valid UTF-8" in result.stderr


def test_shell_init_refuses_what_it_cannot(tmp_path):
    code, out, err = run(BIN, "shell-init", "powershell", check=False)
    assert code == 1 and "no shell integration" in err and err.count("\n") == 1
    assert "bash, zsh, sh, fish, tcsh, csh" in err


def test_progress_only_on_a_terminal(tmp_path):
    """copy shows its progress on a terminal's stderr; off a terminal, or with
    --json, nothing but the result."""
    import terminal
    workon = store(tmp_path, "a")
    environ = env(WORKON_HOME=workon)
    code, out, err = run(BIN, "copy", "a", "b", environ=environ)
    assert out == "" and err == ""

    def on_terminal(*args):
        code, out, shown = terminal.on_terminal([BIN, *args], environ, stream="stderr")
        return code, out.decode(), shown.decode()

    code, out, shown = on_terminal("copy", "a", "c")
    files = sum(1 for base, _, names in os.walk(workon / "a") for n in names if not os.path.islink(os.path.join(base, n)))
    assert code == 0 and out == "" and shown.endswith("copying c: %d/%d files\r\n" % (files, files)), shown
    code, out, shown = on_terminal("copy", "a", "d", "--json")
    assert code == 0 and shown == "" and json.loads(out)["name"] == "d"
