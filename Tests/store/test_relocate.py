"""Copy and move (issue 15, item 3): environments made by venv, virtualenv, uv
and swift-venv, each with pip, a console script, a .pth file naming a
directory inside it, an editable install of a project inside it and an inner
absolute symlink, copied to a path with a space (pip's /bin/sh shebang form)
and then moved to one without (the #! form); at each new path pip, the
console script, the imports, activation in seven shells and `swift-venv info`
work, no file names the old path, RECORD hashes hold, and the source of the
copy is unchanged byte for byte (and time for time)."""
import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess

import pytest

from conftest import (BIN, env, files_naming, first_python, make_editable_project, run, snapshot, tool)

CREATORS = ["venv", "virtualenv", "uv", "swift-venv"]


def create(creator, python, path):
    if creator == "venv":
        run(python, "-m", "venv", path)
    elif creator == "virtualenv":
        run(tool("virtualenv"), "-q", "-p", python, path, environ=env(VIRTUALENV_OVERRIDE_APP_DATA=os.path.dirname(path) + "/.vapp"))
    elif creator == "uv":
        # uv's seeding asks the index; pip comes from Debian's wheel instead
        # (installed by uv, with uv's scripts and RECORD), so no network.
        uv_env = env(UV_CACHE_DIR=os.path.dirname(path) + "/.uv-cache", UV_PYTHON_DOWNLOADS="never")
        run(tool("uv"), "-q", "venv", "-p", python, path, environ=uv_env)
        run(tool("uv"), "-q", "pip", "install", "--python", os.path.join(path, "bin", "python"), "--no-index",
            "--find-links", "/usr/share/python-wheels", "pip", environ=uv_env)
    else:
        run(BIN, "--python", python, path)


def populate(path, wheels):
    """demo (console script), an editable project inside, a .pth naming a
    directory inside, and an absolute symlink inside."""
    py = os.path.join(path, "bin", "python")
    run(py, "-m", "pip", "install", "--no-index", "--find-links", wheels, "demo")
    project = make_editable_project(os.path.join(path, "src", "proj"))
    run(py, "-m", "pip", "install", "--no-index", "--no-build-isolation", "-e", project)
    site = run(py, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")[1].strip()
    os.makedirs(os.path.join(path, "extra"))
    with open(os.path.join(path, "extra", "extra_mod.py"), "w") as f:
        f.write("WHERE = __file__\n")
    with open(os.path.join(site, "extra_paths.pth"), "w") as f:
        f.write(os.path.join(path, "extra") + "\n")
    os.symlink(os.path.join(path, "bin"), os.path.join(path, "extra", "link_to_bin"))


def record_mismatches(root):
    """RECORD rows (dist-info, path) whose file's hash or size disagrees."""
    bad = set()
    for base, dirs, files in os.walk(root):
        if base.endswith(".dist-info") and "RECORD" in files:
            site = os.path.dirname(base)
            with open(os.path.join(base, "RECORD"), newline="") as f:
                for row in csv.reader(f):
                    if len(row) < 3 or not row[1]:
                        continue
                    target = os.path.normpath(os.path.join(site, row[0]))
                    if not os.path.isfile(target):
                        continue
                    data = open(target, "rb").read()
                    algo, _, want = row[1].partition("=")
                    got = base64.urlsafe_b64encode(hashlib.new(algo, data).digest()).rstrip(b"=").decode()
                    if got != want or (row[2] and int(row[2]) != len(data)):
                        bad.add((os.path.basename(base), row[0]))
    return bad


ACTIVATE = {
    "bash": ("bash", "-c", '. "$1"/bin/activate && command -v python && python -c "import sys; print(sys.prefix)" && deactivate && echo "${VIRTUAL_ENV:-none}"'),
    "zsh": ("zsh", "-c", '. "$1"/bin/activate && command -v python && python -c "import sys; print(sys.prefix)" && deactivate && echo "${VIRTUAL_ENV:-none}"'),
    "dash": ("dash", "-c", '. "$1"/bin/activate && command -v python && python -c "import sys; print(sys.prefix)" && deactivate && echo "${VIRTUAL_ENV:-none}"'),
    "fish": ("fish", "-c", 'source $argv[1]/bin/activate.fish; and command -v python; and python -c "import sys; print(sys.prefix)"; and deactivate; and echo none'),
    "ksh": ("ksh", "-c", '. "$1"/bin/activate && command -v python && python -c "import sys; print(sys.prefix)" && deactivate && echo "${VIRTUAL_ENV:-none}"'),
    "tcsh": ("tcsh", "-f", "-c", 'source "$1/bin/activate.csh"\nwhich python\npython -c "import sys; print(sys.prefix)"\ndeactivate\necho none'),
    "csh": ("csh", "-f", "-c", 'source "$1/bin/activate.csh"\nwhich python\npython -c "import sys; print(sys.prefix)"\ndeactivate\necho none'),
}


def check_at(path, old, source_mismatches):
    """Everything issue 15 asks of a relocated environment, at `path`."""
    # No file names the old path (bytecode aside: co_filename, fixed on load).
    olds = {old, os.path.realpath(old)}
    for o in olds:
        assert files_naming(path, o) == [], "files still naming %s" % o
    py = os.path.join(path, "bin", "python")
    assert run(os.path.join(path, "bin", "pip"), "--version")[1].split(" from ")[1].startswith(path + "/lib/")
    assert run(os.path.join(path, "bin", "demo-hello"))[1] == "hello from %s\n" % path
    out = run(py, "-c", "import extra_mod, edit_proj; print(extra_mod.WHERE); print(edit_proj.__file__)")[1].split("\n")
    assert out[0] == os.path.join(path, "extra", "extra_mod.py")
    assert out[1] == os.path.join(path, "src", "proj", "src", "edit_proj", "__init__.py")
    assert os.readlink(os.path.join(path, "extra", "link_to_bin")) == os.path.join(path, "bin")
    listed = json.loads(run(py, "-m", "pip", "list", "--format=json")[1])
    editable = [p for p in listed if p["name"] == "edit-proj"]
    assert editable and editable[0].get("editable_project_location") == os.path.join(path, "src", "proj")
    assert record_mismatches(path) == source_mismatches
    # swift-venv info against the environment's own python.
    info = json.loads(run(BIN, "info", "--json", path)[1])
    real = json.loads(run(py, "-c", "import sys, site, json; print(json.dumps([sys.prefix, site.getsitepackages()]))")[1])
    assert [info["prefix"], info["site_packages"]] == real and real[0] == path
    # Activation in each shell.
    for name, argv in ACTIVATE.items():
        if not shutil.which(argv[0]):
            pytest.fail("shell %s absent (the suite's apt line installs it)" % argv[0])
        cmd = list(argv) + ([path] if name in ("fish", "tcsh", "csh") else ["sh", path])
        out = run(*cmd, environ=env(PATH="/usr/bin:/bin"))[1].split("\n")
        if name == "ksh" and out[0].startswith("'"):   # ksh93's command -v quotes a path with a space
            out[0] = out[0][1:-1]
        assert out[:3] == [os.path.join(path, "bin", "python"), path, "none"], (name, out)
    # pip install and uninstall in place.
    run(py, "-m", "pip", "install", "--no-index", "--find-links", WHEELS[0], "demo2")
    assert run(py, "-c", "import demo2; print(demo2.__file__)")[1].startswith(path + "/lib/")
    run(py, "-m", "pip", "uninstall", "-y", "demo2")
    assert run(py, "-c", "import demo2", check=False)[0] != 0


WHEELS = []


@pytest.mark.parametrize("creator", CREATORS)
def test_copy_then_move(creator, tmp_path, wheels):
    name, python = first_python()
    WHEELS[:] = [str(wheels)]
    for d in ("made", "copies", "moved"):
        (tmp_path / d).mkdir()
    source = str(tmp_path / "made" / "env")
    create(creator, python, source)
    populate(source, str(wheels))
    mismatches = record_mismatches(source)
    before = snapshot(source, with_times=True)

    # Copy to a path with a space: pip's /bin/sh shebang form.
    copy = str(tmp_path / "copies" / "env copy")
    run(BIN, "copy", source, copy)
    assert snapshot(source, with_times=True) == before, "the copy changed its source"
    assert not [n for n in os.listdir(tmp_path / "copies") if n.startswith(".")], "staging left behind"
    assert open(os.path.join(copy, "bin", "demo-hello")).readline() == "#!/bin/sh\n"
    check_at(copy, source, mismatches)

    # Move to a path without: the #! form again; the copy is gone.
    moved = str(tmp_path / "moved" / "env")
    run(BIN, "move", copy, moved)
    assert not os.path.exists(copy)
    assert os.listdir(tmp_path / "moved") == ["env"], "journal or staging left behind"
    first = open(os.path.join(moved, "bin", "demo-hello")).readline()
    assert first.startswith("#!" + moved + "/bin/python") and " " not in first, first
    check_at(moved, copy, mismatches)
    # pip uninstall of the project whose RECORD was rewritten removes its script.
    run(os.path.join(moved, "bin", "pip"), "uninstall", "-y", "demo")
    assert not os.path.exists(os.path.join(moved, "bin", "demo-hello"))


def test_move_across_file_systems(tmp_path, wheels):
    name, python = first_python()
    if os.stat("/dev/shm").st_dev == os.stat(str(tmp_path)).st_dev:
        pytest.skip("/dev/shm is on the same file system as %s here: no second file system to move to" % tmp_path)
    WHEELS[:] = [str(wheels)]
    source = str(tmp_path / "env")
    create("swift-venv", python, source)
    populate(source, str(wheels))
    mismatches = record_mismatches(source)
    other = os.path.join("/dev/shm", "store-suite-%d" % os.getpid())
    os.makedirs(other)
    try:
        dest = os.path.join(other, "env")
        run(BIN, "move", source, dest)
        assert not os.path.exists(source)
        assert os.listdir(tmp_path) == [] and os.listdir(other) == ["env"]
        check_at(dest, source, mismatches)
    finally:
        shutil.rmtree(other)


def test_copy_refuses_and_replaces(tmp_path):
    name, python = first_python()
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    run(BIN, "--without-pip", "--python", python, a)
    run(BIN, "--without-pip", "--python", python, b)
    code, out, err = run(BIN, "copy", a, b, check=False)
    assert code == 1 and err.count("\n") == 1 and "already a virtual environment" in err and "--force" in err
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "keep").write_text("x")
    code, out, err = run(BIN, "copy", a, str(tmp_path / "plain"), "--force", check=False)
    assert code == 1 and "not a virtual environment" in err and (tmp_path / "plain" / "keep").exists()
    code, out, err = run(BIN, "copy", a, str(tmp_path / "a" / "inside"), check=False)
    assert code == 1 and "inside the source" in err
    run(BIN, "copy", a, b, "--force")
    assert "_VIRTUAL_ENV_FOUND='%s'" % b in open(os.path.join(b, "bin", "activate")).read()
    # --json prints the new environment, nothing else.
    out = run(BIN, "copy", a, str(tmp_path / "c"), "--json")[1]
    assert json.loads(out)["path"] == str(tmp_path / "c")


def test_copy_and_move_into_the_source_through_a_link(tmp_path):
    """Issue 21, item 10: a destination inside the source reached through a
    symbolic link (or a store whose path goes through one) used to recurse
    until "File name too long", leaving staging inside the source; it is
    refused before anything is written."""
    name, python = first_python()
    a = tmp_path / "a"
    run(BIN, "--without-pip", "--python", python, a)
    (tmp_path / "a-link").symlink_to(a)
    (tmp_path / "parent-link").symlink_to(tmp_path)
    before = snapshot(a, with_times=True)
    cases = [(["copy", a, tmp_path / "a-link" / "sub"], {}),
             (["move", a, tmp_path / "a-link" / "sub"], {}),
             (["copy", a, tmp_path / "a-link" / "new" / "sub"], {}),
             (["move", a, tmp_path / "a-link" / "new" / "sub"], {}),
             (["copy", a, tmp_path / "parent-link" / "a" / "sub"], {}),
             (["copy", "./a", "a-link/sub"], {"cwd": tmp_path}),
             # A store reached through a link into the source.
             (["copy", a, "sub"], {"environ": env(WORKON_HOME=tmp_path / "a-link")}),
             (["move", a, "sub"], {"environ": env(WORKON_HOME=tmp_path / "a-link" / "bin")})]
    for args, how in cases:
        code, out, err = run(BIN, *args, check=False, timeout=120, **how)
        assert code == 1 and err.count("\n") == 1 and "inside the source" in err, (args, err)
        assert snapshot(a, with_times=True) == before, args
    assert sorted(os.listdir(tmp_path)) == ["a", "a-link", "parent-link"]


def test_copy_into_the_source_through_a_bind_mount(tmp_path):
    """The same through a bind mount of the source: no link to resolve, the
    same directory all the same."""
    name, python = first_python()
    a, view = tmp_path / "a", tmp_path / "view"
    run(BIN, "--without-pip", "--python", python, a)
    view.mkdir()
    result = subprocess.run(["mount", "--bind", str(a), str(view)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("a bind mount was refused here (%s)" % result.stderr.strip())
    try:
        before = snapshot(a, with_times=True)
        for verb in ("copy", "move"):
            code, out, err = run(BIN, verb, a, view / "sub", check=False, timeout=120)
            assert code == 1 and err.count("\n") == 1 and "inside the source" in err, (verb, err)
            assert snapshot(a, with_times=True) == before, verb
    finally:
        subprocess.run(["umount", str(view)], check=True)
