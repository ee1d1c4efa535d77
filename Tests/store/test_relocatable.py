"""`--relocatable` (issue 15, item 2): an environment whose activation and
console scripts find it from where they are, moved by hand (`mv`), then used
at its new path: pip, console scripts (also through a symbolic link and a
PATH search), activation in bash, zsh, ksh93 and fish, activate_this.py,
`swift-venv info`; dash and tcsh, which cannot say which file they read,
refuse with one line and change nothing; a move to a path PATH cannot hold
is refused by every script, and a hostile name runs no code."""
import json
import os
import shutil

import pytest

from conftest import BIN, env, files_naming, first_python, run, tool
from test_relocate import record_mismatches

import interpreters

SHELLS = ["bash", "zsh", "ksh", "fish"]
# The shells that cannot say which file they are reading.
BLIND = ["dash", "tcsh"]

# Prints VIRTUAL_ENV, the first PATH entry, python's prefix, then after
# deactivate whether VIRTUAL_ENV is gone and PATH is back.
POSIX_PROBE = ('. "$1/bin/activate" || exit 9\n'
               'printf "%s\\n" "$VIRTUAL_ENV" "${PATH%%:*}" "$(python -c "import sys; print(sys.prefix)")"\n'
               'deactivate; printf "%s\\n" "${VIRTUAL_ENV:-none}" "$PATH"\n')
PROBES = {
    "bash": ("bash", "-c", POSIX_PROBE, "sh"),
    "zsh": ("zsh", "-c", POSIX_PROBE, "sh"),
    "ksh": ("ksh", "-c", POSIX_PROBE, "sh"),
    "dash": ("dash", "-c", POSIX_PROBE, "sh"),
    "fish": ("fish", "-c", 'source $argv[1]/bin/activate.fish; or exit 9\n'
             'printf "%s\\n" $VIRTUAL_ENV $PATH[1] (python -c "import sys; print(sys.prefix)")\n'
             'deactivate; set -q VIRTUAL_ENV; and echo $VIRTUAL_ENV; or echo none\nstring join : $PATH'),
    "tcsh": ("tcsh", "-f", "-c", 'source "$1/bin/activate.csh"\nif ($?VIRTUAL_ENV) exit 9\necho "$PATH"'),
}
SHELL_PATH = "/usr/bin:/bin"


def shell(name):
    if not shutil.which(name):
        pytest.fail("shell %s absent (the suite's apt line installs it)" % name)
    return PROBES[name]


def probe(name, path, cwd=None):
    argv = list(shell(name)) + [path]
    return run(*argv, check=False, environ=env(PATH=SHELL_PATH), cwd=cwd)


def activates_at(name, path, cwd=None):
    status, out, err = probe(name, path, cwd)
    assert status == 0, (name, path, out, err)
    lines = out.split("\n")
    assert lines[:5] == [path, os.path.join(path, "bin"), path, "none", SHELL_PATH], (name, lines)


def refuses(name, path, *says):
    """Activation fails with one line saying one of `says`, and changes nothing."""
    status, out, err = probe(name, path)
    assert any(s in err for s in says) and err.count("\n") == 1, (name, err)
    if name == "tcsh":   # csh's source has no status: VIRTUAL_ENV unset, PATH as it was
        assert status == 0 and out == SHELL_PATH + "\n", (out, err)
    else:
        assert status == 9, (name, out, err)


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
        refuses(name, moved, "move it with swift-venv move")
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
    for name in ["bash", "zsh", "ksh", "fish"]:
        if name == "zsh" and bad in ("line\nbreak", "tab\there"):
            # zsh names the file it reads with control characters made
            # visible (%x is a prompt escape), so it finds no environment.
            refuses(name, moved, "which PATH cannot hold safely", "no longer at the path it was made at")
        else:
            refuses(name, moved, "which PATH cannot hold safely")


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
    bin/ names that script: the path it was made at is used, never the
    caller's environment; gone, it is refused."""
    python = first_python()[1]
    ours, other = str(tmp_path / "ours"), str(tmp_path / "other")
    make(ours, python, "--without-pip")
    make(other, python, "--without-pip")
    caller = os.path.join(other, "bin", "caller")
    with open(caller, "w") as f:
        f.write('eval "$(cat "$1/bin/activate")" && echo "$VIRTUAL_ENV"\n')
    assert run("bash", caller, ours)[1] == ours + "\n"
    moved = str(tmp_path / "moved")
    os.rename(ours, moved)
    code, out, err = run("bash", caller, moved, check=False)
    assert code != 0 and out == "" and "no longer at the path it was made at" in err
    code, out, err = run("fish", "-c", "cat $argv[1]/bin/activate.fish | source; or exit 9", moved, check=False)
    assert code == 9 and "no longer at the path it was made at" in err
