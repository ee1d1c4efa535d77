"""`--relocatable` (issue 15, item 2): an environment whose activation and
console scripts find it from where they are, moved by hand (`mv`), then used
at its new path: pip, console scripts (also through a symbolic link and a
PATH search), activation in bash, zsh, ksh93, fish and tcsh,
activate_this.py, `swift-venv info`; dash, mksh and csh, which cannot say
which file they read, refuse with one line and change nothing; a move to a
path PATH cannot hold is refused by every script, and a hostile name runs no
code. Copied by hand with the original still there (issue 21, item 9): every
shell activates the copy or refuses, never the original."""
import json
import os
import shutil
import tempfile

import pytest

from conftest import BIN, env, files_naming, first_python, run, tool
from test_relocate import record_mismatches

import interpreters

# The shells that find the environment from where the script is.
SHELLS = ["bash", "zsh", "ksh", "fish", "tcsh"]
# The shells that cannot say which file they are reading: dash (also as sh)
# and mksh activate the path it was made at only when the file sourced is
# that environment's own (/dev/fd), csh never.
BLIND = ["dash", "sh", "mksh", "csh"]

# Prints VIRTUAL_ENV, the first PATH entry, python's prefix, then after
# deactivate whether VIRTUAL_ENV is gone and PATH is back. Refused: exit 9,
# after printing what a refusal must leave as it was (VIRTUAL_ENV, PATH, no
# deactivate defined).
POSIX_PROBE = ('. "$1/bin/activate" || { printf "%s\\n" "${VIRTUAL_ENV:-none}" "$PATH"; command -v deactivate; exit 9; }\n'
               'printf "%s\\n" "$VIRTUAL_ENV" "${PATH%%:*}" "$(python -c "import sys; print(sys.prefix)")"\n'
               'deactivate; printf "%s\\n" "${VIRTUAL_ENV:-none}" "$PATH"\n')
CSH_PROBE = ('source $1:q/bin/activate.csh\n'
             'if ($?VIRTUAL_ENV == 0) then\necho none\necho "$PATH"\nalias deactivate\nexit 9\nendif\n'
             'python -c \'import os, sys; print(os.environ["VIRTUAL_ENV"]); print(os.environ["PATH"].split(":")[0]);'
             ' print(sys.prefix)\'\n'
             'deactivate\nif ($?VIRTUAL_ENV) then\necho "$VIRTUAL_ENV"\nelse\necho none\nendif\necho "$PATH"\n')
PROBES = {
    "bash": ("bash", "-c", POSIX_PROBE, "sh"),
    "zsh": ("zsh", "-c", POSIX_PROBE, "sh"),
    "ksh": ("ksh", "-c", POSIX_PROBE, "sh"),
    "dash": ("dash", "-c", POSIX_PROBE, "sh"),
    "sh": ("sh", "-c", POSIX_PROBE, "sh"),
    "mksh": ("mksh", "-c", POSIX_PROBE, "sh"),
    "fish": ("fish", "-c", 'source $argv[1]/bin/activate.fish; or begin; echo none; string join : $PATH;'
             ' functions -q deactivate; exit 9; end\n'
             'printf "%s\\n" $VIRTUAL_ENV $PATH[1] (python -c "import sys; print(sys.prefix)")\n'
             'deactivate; set -q VIRTUAL_ENV; and echo $VIRTUAL_ENV; or echo none\nstring join : $PATH'),
    "tcsh": ("tcsh", "-f", CSH_PROBE),
    "csh": ("csh", "-f", CSH_PROBE),
}
SHELL_PATH = "/usr/bin:/bin"


def shell(name):
    if not shutil.which(name):
        pytest.fail("shell %s absent (the suite's apt line installs it)" % name)
    return PROBES[name]


def probe(name, path, cwd=None):
    argv = list(shell(name)) + [path]
    if name not in ("tcsh", "csh"):
        return run(*argv, check=False, environ=env(PATH=SHELL_PATH), cwd=cwd)
    # csh's exit ends a script read from a file, not one given by -c.
    with tempfile.TemporaryDirectory() as scratch:
        argv[2] = os.path.join(scratch, "probe.csh")
        with open(argv[2], "w") as f:
            f.write(CSH_PROBE)
        return run(*argv, check=False, environ=env(PATH=SHELL_PATH), cwd=cwd)


def activates_at(name, path, cwd=None):
    status, out, err = probe(name, path, cwd)
    assert status == 0, (name, path, out, err)
    lines = out.split("\n")
    assert lines[:5] == [path, os.path.join(path, "bin"), path, "none", SHELL_PATH], (name, lines)


def refuses(name, path, *says):
    """Activation fails with one line saying one of `says`, and changes
    nothing: VIRTUAL_ENV unset, PATH as it was, no deactivate defined."""
    status, out, err = probe(name, path)
    assert any(s in err for s in says) and err.count("\n") == 1, (name, err)
    assert status == 9 and out == "none\n%s\n" % SHELL_PATH, (name, out, err)


def make(path, python, *extra):
    run(BIN, "--relocatable", "--python", python, *extra, path)


def test_moved_by_hand(tmp_path, wheels):
    python = first_python()[1]
    made = str(tmp_path / "made" / "env")
    make(made, python)
    cfg = open(os.path.join(made, "pyvenv.cfg")).read()
    assert "\nrelocatable = true\n" in cfg
    assert "command" not in cfg or " --relocatable " in cfg
    py = os.path.join(made, "bin", "python")
    # pip writes its own shebangs, naming the path: `--relocatable` again
    # turns them into the relocatable form, their RECORD rows following.
    run(py, "-m", "pip", "install", "--no-index", "--find-links", wheels, "demo")
    assert open(os.path.join(made, "bin", "demo-hello")).readline() == "#!%s\n" % py
    make(made, python)
    assert open(os.path.join(made, "bin", "demo-hello")).read().startswith("#!/bin/sh\n'''true'\n")
    assert record_mismatches(made) == set()
    # What still names the path it was made at: the scripts' fallback for
    # shells that cannot say where they are, and pyvenv.cfg's command line.
    scripts = {"bin/" + n for n in ("activate", "activate.csh", "activate.fish", "Activate.ps1", "activate.nu",
                                    "activate_this.py")}
    assert set(files_naming(made, made)) <= scripts | {"pyvenv.cfg"}
    assert set(files_naming(made, made)) >= scripts

    moved = str(tmp_path / "moved by hand" / "new env")
    os.makedirs(os.path.dirname(moved))
    os.rename(made, moved)
    mpy = os.path.join(moved, "bin", "python")
    assert run(os.path.join(moved, "bin", "pip"), "--version")[1].split(" from ")[1].startswith(moved + "/lib/")
    assert run(os.path.join(moved, "bin", "demo-hello"))[1] == "hello from %s\n" % moved
    # Through a symbolic link (as pipx makes them) and a PATH search.
    os.symlink(os.path.join(moved, "bin", "demo-hello"), str(tmp_path / "hello-link"))
    assert run(str(tmp_path / "hello-link"))[1] == "hello from %s\n" % moved
    assert run("demo-hello", environ=env(PATH=os.path.join(moved, "bin") + ":" + SHELL_PATH))[1] == \
        "hello from %s\n" % moved
    for name in SHELLS:
        activates_at(name, moved)
    # Sourced by a relative path, and through a link to the environment.
    status, out, _ = run("bash", "-c", '. ./bin/activate && echo "$VIRTUAL_ENV"', environ=env(), cwd=moved)
    assert out == moved + "\n"
    link = str(tmp_path / "env-link")
    os.symlink(moved, link)
    activates_at("bash", link)
    for name in BLIND:
        refuses(name, moved, "say which file it is reading")
    # activate_this.py, run as its docstring says.
    code = ("path = %r\nexec(open(path).read(), {'__file__': path})\nimport sys, os\n"
            "print(sys.prefix); print(os.environ['VIRTUAL_ENV'])" % os.path.join(moved, "bin", "activate_this.py"))
    assert run(python, "-c", code)[1] == "%s\n%s\n" % (moved, moved)
    info = json.loads(run(BIN, "info", "--json", moved)[1])
    assert info["prefix"] == moved
    # pip at the new path: install, uninstall (RECORD holds).
    run(mpy, "-m", "pip", "install", "--no-index", "--find-links", wheels, "demo2")
    run(mpy, "-m", "pip", "uninstall", "-y", "demo2", "demo")
    assert not os.path.exists(os.path.join(moved, "bin", "demo-hello"))


def test_copied_by_hand_never_activates_the_original(tmp_path):
    """A copy made by hand (`cp -a`) while the original is still there: the
    shells that find the script's own path activate the copy; dash, sh and
    mksh, which can only check whether the file they read is the original's
    activate, refuse in one line, and so does csh, which cannot even tell the
    original from a copy. No shell activates the original from the copy."""
    original = str(tmp_path / "original")
    make(original, first_python()[1], "--without-pip")
    copies = [str(tmp_path / "copy"), str(tmp_path / "copy, hard-linked")]
    run("cp", "-a", original, copies[0])
    run("cp", "-al", original, copies[1])
    for name in SHELLS + BLIND:
        if name == "csh":
            refuses(name, original, "cannot tell this environment from a copy")
        else:
            activates_at(name, original)
        for copy in copies:
            if name in SHELLS:
                activates_at(name, copy)
            elif copy == copies[0]:
                refuses(name, copy, "say which file it is reading")
            # (A hard-linked copy's activate is the original's very file:
            # dash, sh and mksh take it for the original, as docs/relocation.md says.)
    # Sourced by a path relative to the working directory, from the copy.
    status, out, err = run("bash", "-c", '. bin/activate && echo "$VIRTUAL_ENV"', environ=env(), cwd=copies[0])
    assert out == copies[0] + "\n", (out, err)
    status, out, err = run("tcsh", "-f", "-c", 'source bin/activate.csh; echo "$VIRTUAL_ENV"', environ=env(),
                           cwd=copies[0])
    assert out == copies[0] + "\n", (out, err)
    for name in ("dash", "mksh"):
        status, out, err = run(name, "-c", '. bin/activate; echo "${VIRTUAL_ENV:-none}"', environ=env(),
                               cwd=copies[0], check=False)
        assert out == "none\n" and "say which file it is reading" in err, (name, out, err)
    # In a subshell tcsh's $$ names its parent, whose files it cannot check.
    status, out, err = run("tcsh", "-f", "-c", '( source bin/activate.csh; echo "$?VIRTUAL_ENV" )', environ=env(),
                           cwd=copies[0])
    assert out == "0\n" and "say which file it is reading" in err and err.count("\n") == 1, (out, err)
    # tcsh with a history character the pattern of its path check holds.
    status, out, err = run("tcsh", "-f", "-i", environ=env(), check=False, input=(
        "set histchars='^x'\nsource '%s/bin/activate.csh'\necho \"VE=$VIRTUAL_ENV\"\n" % copies[0]).encode())
    assert "VE=%s\n" % copies[0] in out, (out, err)
    # The remedy the refusals name: a copy made by swift-venv names itself.
    copied = str(tmp_path / "copied by swift-venv")
    run(BIN, "copy", original, copied)
    for name in ("dash", "sh", "mksh"):
        activates_at(name, copied)


def test_every_interpreter(tmp_path):
    """Each interpreter's pip, seeded or through ensurepip, made relocatable."""
    present = interpreters.PRESENT
    if not present:
        pytest.skip("no interpreter of the matrix is present: " + ", ".join(n for n, _ in interpreters.WANTED))
    for name, python in present:
        made = str(tmp_path / name / "env")
        make(made, python)
        for script in ("pip", "pip3"):
            assert open(os.path.join(made, "bin", script)).readline() == "#!/bin/sh\n", (name, script)
        assert record_mismatches(made) == set(), name
        moved = str(tmp_path / name / "moved")
        os.rename(made, moved)
        out = run(os.path.join(moved, "bin", "pip"), "--version")[1]
        assert out.split(" from ")[1].startswith(moved + "/lib/"), (name, out)
        activates_at("bash", moved)


@pytest.mark.parametrize("bad", ["a:b", "per%cent", "line\nbreak", "tab\there"])
def test_moved_where_path_cannot_hold_it(tmp_path, bad):
    made = str(tmp_path / "env")
    make(made, first_python()[1], "--without-pip")
    moved = str(tmp_path / bad)
    os.rename(made, moved)
    for name in SHELLS:
        if name == "zsh" and bad in ("line\nbreak", "tab\there"):
            # zsh names the file it reads with control characters made
            # visible (%x is a prompt escape), so it finds no environment.
            refuses(name, moved, "which PATH cannot hold safely", "no environment holds this file")
        else:
            refuses(name, moved, "which PATH cannot hold safely", "cannot put on PATH safely")


HOSTILE = ["$(touch PWNED)", "`touch PWNED`", "it's", 'a"b', "x;touch PWNED", "back\\slash", "*", "$HOME",
           "x'$(touch PWNED)'", "caf\u00e9 \u4e2d", "-n"]


def test_moved_to_a_hostile_name(tmp_path):
    made = str(tmp_path / "env")
    make(made, first_python()[1], "--without-pip")
    here = made
    for i, name in enumerate(HOSTILE):
        moved = str(tmp_path / ("%d %s" % (i, name)))
        os.rename(here, moved)
        here = moved
        for sh in SHELLS:
            if sh == "tcsh" and not all(" " <= c <= "~" for c in moved):
                # tcsh cannot check creation's rules for other characters.
                refuses(sh, moved, "other than printable ASCII")
            else:
                activates_at(sh, moved, cwd=str(tmp_path))
        assert not os.path.exists(tmp_path / "PWNED"), name


def test_move_and_upgrade_keep_it_relocatable(tmp_path):
    python = first_python()[1]
    made = str(tmp_path / "env")
    make(made, python, "--without-pip")
    moved = str(tmp_path / "by swift-venv")
    run(BIN, "move", made, moved)
    assert "\nrelocatable = true\n" in open(os.path.join(moved, "pyvenv.cfg")).read()
    again = str(tmp_path / "then by hand")
    os.rename(moved, again)
    activates_at("bash", again)
    run(BIN, "--upgrade", "--python", python, again)
    assert "\nrelocatable = true\n" in open(os.path.join(again, "pyvenv.cfg")).read()
    activates_at("fish", again)
    # Without --relocatable, updating it in place makes it fixed again.
    run(BIN, "--without-pip", "--python", python, again)
    assert "relocatable" not in open(os.path.join(again, "pyvenv.cfg")).read()
    assert "if [ 'no' = yes ]" in open(os.path.join(again, "bin", "activate")).read()


def test_uv_installs_relocatable_scripts_into_it(tmp_path, wheels):
    """uv reads pyvenv.cfg's relocatable = true and writes its own relocatable
    console scripts, which our pass leaves alone; the move by hand works."""
    made = str(tmp_path / "env")
    make(made, first_python()[1], "--without-pip")
    uv_env = env(UV_CACHE_DIR=str(tmp_path / "uv-cache"), UV_PYTHON_DOWNLOADS="never")
    run(tool("uv"), "-q", "pip", "install", "--python", os.path.join(made, "bin", "python"), "--no-index",
        "--find-links", wheels, "demo", environ=uv_env)
    script = os.path.join(made, "bin", "demo-hello")
    before = open(script, "rb").read()
    assert os.fsencode(made) not in before
    make(made, first_python()[1], "--without-pip")
    assert open(script, "rb").read() == before
    moved = str(tmp_path / "moved by hand")
    os.rename(made, moved)
    assert run(os.path.join(moved, "bin", "demo-hello"))[1] == "hello from %s\n" % moved


def test_text_run_through_eval_is_not_found_by_its_caller(tmp_path):
    """`eval "$(cat .../activate)"` in a script inside another environment's
    bin/ names that script, and the text could be a copy's: it is refused,
    never the caller's environment nor the path it was made at activated;
    the same for text piped to fish's source."""
    python = first_python()[1]
    ours, other = str(tmp_path / "ours"), str(tmp_path / "other")
    make(ours, python, "--without-pip")
    make(other, python, "--without-pip")
    caller = os.path.join(other, "bin", "caller")
    with open(caller, "w") as f:
        f.write('eval "$(cat "$1/bin/activate")" && echo "$VIRTUAL_ENV"\n')
    for path in (ours, str(tmp_path / "moved")):
        if path != ours:
            os.rename(ours, path)
        code, out, err = run("bash", caller, path, check=False)
        assert code != 0 and out == "" and "does not say which file it is reading" in err, (path, out, err)
        code, out, err = run("fish", "-c", "cat $argv[1]/bin/activate.fish | source; or exit 9", path, check=False)
        assert code == 9 and "cannot say which file this text comes from" in err, (path, out, err)
