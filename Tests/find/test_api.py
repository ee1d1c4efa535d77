"""The C ABI (venv_find, venv_find_python) and libvenv.find / find_python
give exactly what the command line gives."""
import dataclasses
import json
import os
import pathlib
import shutil
import subprocess

import pytest

from home import run

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def libvenv():
    path = os.environ.get("FIND_LIBVENV")
    if not path or not os.path.exists(path):
        pytest.fail("FIND_LIBVENV must name a built libvenv.so (Tests/suites/25-find.sh builds it)")
    return path


def workspace_args(home, flag_w, flag_s):
    args = []
    for w in (home.ws, home.ws / "sub", home.ws2):
        args += [flag_w, str(w)]
    return args + [flag_s, str(home.envs)]


@pytest.fixture(scope="module")
def capi_binary(libvenv, tmp_path_factory):
    """Tests/find/find_capi.c, compiled against the library under its soname
    (as scripts/install lays it out, debug information stripped)."""
    if not shutil.which("gcc"):
        pytest.skip("gcc absent (Tests/suites/25-find.sh names it for apt)")
    work = tmp_path_factory.mktemp("capi")
    lib_dir = work / "lib"
    lib_dir.mkdir()
    shutil.copy2(libvenv, lib_dir / "libvenv.so.0")
    run(["strip", "--strip-debug", lib_dir / "libvenv.so.0"])
    os.symlink("libvenv.so.0", lib_dir / "libvenv.so")
    binary = work / "find_capi"
    run(["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", ROOT / "include", HERE / "find_capi.c",
         "-L", lib_dir, f"-Wl,-rpath,{lib_dir}", "-lvenv", "-o", binary])
    return binary


@pytest.fixture(scope="module")
def found_problems(home, find_args):
    """`swift-venv find --json --problems`: the records with doctor's codes."""
    out = run([home.swift_venv, *find_args, "--problems"], env=home.env, cwd=home.root).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_c_abi_gives_what_the_command_line_gives(home, found_problems, capi_binary):
    """The accessors (and venv_python_to_json) give the record with its
    problem codes, computed on request, as `find --json --problems` prints it."""
    binary = capi_binary
    result = run([binary, *workspace_args(home, "-w", "-s")], env=home.env, cwd=home.root)
    lines = result.stdout.splitlines()
    jsons = [json.loads(l[2:]) for l in lines if l.startswith("J ")]
    assert jsons == found_problems
    accessors = [l[2:].split("\t") for l in lines if l.startswith("A ")]
    assert len(accessors) == len(jsons)
    for fields, record in zip(accessors, jsons):
        names = ["kind", "executable", "prefix", "base_prefix", "version", "implementation", "manager",
                 "creator", "name", "project", "error", "unsupported"]
        for name, value in zip(names, fields):
            assert value == ("(null)" if record[name] is None else record[name]), (name, record)
        for name, value in zip(["site_packages", "sources", "symlinks", "problems"], fields[len(names):]):
            assert value == "\x1f".join(record[name]), (name, record)
    chosen = [l[2:] for l in lines if l.startswith("P ")]
    cli = json.loads(run([home.swift_venv, "find", "--json", "--python", "3", *workspace_args(home, "--workspace", "--search-path")],
                         env=home.env, cwd=home.root).stdout)
    assert chosen == [cli["executable"]]


def test_c_abi_under_valgrind(home, capi_binary, tmp_path):
    """The same program under valgrind (no error, no definite leak), in a
    small home of its own: a good, a broken and a pyenv-virtualenv-like
    environment, /usr/bin, so that every path of the code runs, briefly."""
    binary = capi_binary
    if not shutil.which("valgrind"):
        pytest.skip("valgrind absent (Tests/suites/25-find.sh names it for apt)")
    small = tmp_path / "small"
    workon = small / "workon"
    workon.mkdir(parents=True)
    home.swift_venv_create(home.base, workon / "good", workon / "broken")
    os.unlink(workon / "broken" / "bin" / "python")
    os.symlink(small / "gone", workon / "broken" / "bin" / "python")
    env = {"HOME": str(small), "WORKON_HOME": str(workon), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    result = run(["valgrind", "-q", "--error-exitcode=3", "--leak-check=full", "--errors-for-leak-kinds=definite",
                  "--show-leak-kinds=definite", binary, "-s", workon], env=env, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.count("\nJ ") + result.stdout.startswith("J ") >= 3


def python_api(home, libvenv, code):
    env = dict(home.env, PYTHONPATH=str(ROOT / "python" / "src"), LIBVENV_PATH=libvenv)
    return run([home.tool("python"), "-c", code], env=env, cwd=home.root).stdout


def test_libvenv_find_gives_what_the_command_line_gives(home, found, found_problems, libvenv):
    code = f"""
import dataclasses, json, libvenv
found = libvenv.find(workspaces={[str(home.ws), str(home.ws / 'sub'), str(home.ws2)]!r}, search_paths=[{str(home.envs)!r}])
try:
    found[0].version = "x"
    print("NOT FROZEN")
except dataclasses.FrozenInstanceError:
    pass
print(json.dumps([dataclasses.asdict(r) for r in found]))
print(json.dumps([r.problems for r in found]))
"""
    out, problems = python_api(home, libvenv, code).splitlines()[-2:]
    assert "NOT FROZEN" not in out
    records = json.loads(out)
    # `problems` is a property computed on first use, not a field.
    listed = [{k: v for k, v in r.items() if k != "problems"} for r in found["records"]]
    assert records == listed
    assert list(records[0]) == list(listed[0]), "the dataclass fields are the JSON keys, in order"
    assert json.loads(problems) == [r["problems"] for r in found_problems]


def test_libvenv_find_python(home, libvenv):
    code = """
import json, dataclasses, libvenv
print(json.dumps(dataclasses.asdict(libvenv.find_python("3"))))
try:
    libvenv.find_python(">=3.99")
    print("NO ERROR")
except libvenv.NoPythonError as e:
    print("ERROR", e.code, e.message)
"""
    first, second = python_api(home, libvenv, code).splitlines()
    cli = json.loads(run([home.swift_venv, "find", "--json", "--python", "3"], env=home.env, cwd=home.root).stdout)
    assert cli.pop("problems") is None
    assert json.loads(first) == cli
    assert second.startswith("ERROR -5 ") and ">=3.99" in second

