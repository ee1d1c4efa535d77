"""The command line: what the creation fast path takes, it takes exactly as
the argument parser would (same exit status, output and environment);
usage errors exit 2; the fast path knows every subcommand."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
import interpreters  # noqa: E402
from testkit import fast_and_parsed, fast_path_env, instructions, snapshot, swift_venv_bin  # noqa: E402

BIN = swift_venv_bin()
PY = interpreters.PRESENT[0][1] if interpreters.PRESENT else None

CORPUS = [
    ["env"],
    ["--without-pip", "env"],
    ["--without-pip", "--prompt", "two words", "env"],
    ["--without-pip", "--prompt=.", "env"],
    ["--without-pip", "--prompt", "--", "env"],
    ["--without-pip", "--copies", "--system-site-packages", "env"],
    ["create", "--without-pip", "env"],
    ["--without-pip", "--", "--odd-name"],
    ["--without-pip", "a", "b"],
    ["--without-pip", "--upgrade", "--prompt", "p", "env"],
    ["--without-pip", "--clear", "--upgrade", "env"],
    ["--without-pip", "--force", "env"],
    ["--without-pip", "--symlinks", "--copies", "env"],
    ["--without-pip", "--bogus", "env"],
    ["--without-pip", "--prompt"],
    ["--without-pip"],
    [],
    ["--without-pip", "--clear", "--clear", "env"],
    ["--without-pip", "-x", "env"],
    ["--without-pip", "--without-scm-ignore-files", "--verbose", "env"],
    ["--without-pip", "--allow-existing", "env"],
    ["--without-pip", "--relocatable", "env"],
    ["--without-pip", "--relocatable=1", "env"],
    ["--without-pip", "--without-scripts", "env"],
    ["--without-pip", "--without-scripts", "per%cent"],
    ["--without-pip", "--clear=yes", "env"],
    ["--without-pip", "info"],
    ["help"],
    ["help", "remove"],
    ["help", "create"],
]


def run(args, cwd, fast):
    env = fast_path_env(fast=fast)
    argv = [BIN] + (["--python", PY] if args and PY and "--python" not in args and args[0] not in ("create", "info", "help") else []) + args
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.skipif(PY is None, reason="no interpreter of the matrix is present")
@pytest.mark.parametrize("args", CORPUS, ids=lambda a: " ".join(a) or "(none)")
def test_fast_path_equals_the_argument_parser(args, tmp_path):
    # Both at the same path, one after the other, so every byte can agree.
    work = tmp_path / "w"
    results = []
    for fast in (True, False):
        if work.exists():
            subprocess.run(["rm", "-rf", str(work)], check=True)
        work.mkdir()
        r = run(args, work, fast)
        results.append((r.returncode, r.stdout, r.stderr, snapshot(work)))
    assert results[0] == results[1]
    if results[0][0] not in (0, 1):
        assert results[0][0] == 2, "usage errors exit 2"


@pytest.mark.parametrize("args", [["--bogus"], [], ["info"], ["--symlinks", "--copies", "x"], ["activate-env"]])
def test_usage_errors_exit_2(args, tmp_path):
    r = subprocess.run([BIN] + args, cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.startswith("Error: ") and "Usage:" in r.stderr
    assert not list(tmp_path.iterdir())


def test_the_fast_path_knows_every_subcommand(tmp_path):
    """A name the fast path does not know as a subcommand would be created as
    an environment: every subcommand in --help must be refused as a path."""
    help_text = subprocess.run([BIN, "--help"], capture_output=True, text=True, check=True).stdout
    section = help_text.split("SUBCOMMANDS:", 1)[1]
    names = re.findall(r"^  ([a-z][a-z0-9-]*)", section, re.M)
    assert "info" in names and "create" in names
    for name in names:
        if name == "create":
            continue
        subprocess.run([BIN, name], cwd=tmp_path, capture_output=True, text=True, env=fast_path_env())
        assert not (tmp_path / name).exists(), f"{name} was created as an environment"


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "argument-parser"])
def test_help_subcommand_prints_its_help(tmp_path, fast):
    """`swift-venv help SUBCOMMAND`, which --help itself suggests, prints that
    subcommand's help (what `SUBCOMMAND --help` prints) and creates nothing;
    `help` alone is --help. A directory named help is written ./help."""
    help_text = subprocess.run([BIN, "--help"], capture_output=True, text=True, check=True).stdout
    assert "swift-venv help <subcommand>" in help_text
    names = re.findall(r"^  ([a-z][a-z0-9-]*)", help_text.split("SUBCOMMANDS:", 1)[1], re.M)
    for args, same_as in [(["help"], ["--help"])] + [(["help", n], [n, "--help"]) for n in names]:
        r = run(args, tmp_path, fast)
        expected = subprocess.run([BIN] + same_as, capture_output=True, text=True)
        assert (r.returncode, r.stdout, r.stderr) == (0, expected.stdout, ""), args
        assert not list(tmp_path.iterdir()), f"{args} created {list(tmp_path.iterdir())}"


@pytest.mark.skipif(PY is None, reason="no interpreter of the matrix is present")
@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "argument-parser"])
def test_nothing_left_in_the_temporary_directory(tmp_path, fast):
    """Creation (with pip seeded, without, refused, over an existing one)
    leaves nothing in $TMPDIR: the /tmp/TemporaryDirectory.* a test run left
    behind were the Swift driver's, not swift-venv's."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    work = tmp_path / "w"
    work.mkdir()
    for args in (["env"], ["--without-pip", "--clear", "env"], ["--without-pip", "env"], ["--bogus", "x"]):
        env = fast_path_env(dict(os.environ, TMPDIR=str(temporary)), fast=fast)
        subprocess.run([BIN, "--python", PY] + args, cwd=work, env=env, capture_output=True)
        assert not list(temporary.iterdir()), (args, list(temporary.iterdir()))
    assert (work / "env" / "pyvenv.cfg").is_file()


# `--version` alone: about 140,000 instructions; 8 million when the argument
# parser answered it (its start-up, reflection and protocol-conformance scans).
MAX_VERSION_INSTRUCTIONS = 1_000_000


def test_version_without_the_argument_parser(tmp_path):
    """`--version` alone prints what the argument parser prints, without the
    parser's start-up: its work, counted in instructions, stays within budget."""
    printed = fast_and_parsed([BIN, "--version"])
    assert printed[0] == printed[1] and printed[0][0] == 0 and printed[0][1].strip(), printed
    if not shutil.which("valgrind"):
        pytest.skip("valgrind absent (Tests/suites/16-cli.sh names it for apt): instructions cannot be counted")
    env = fast_path_env()
    assert instructions([BIN, "--version"], env, tmp_path) <= MAX_VERSION_INSTRUCTIONS


# `shell-auto bash PROJECT` for a project whose .venv it activates (the
# process on the path of every cd into a project): about 2.6 million
# instructions; 7.1 million when the activation script's comment lines were
# found by splitting it into Characters and every template was parsed.
MAX_ACTIVATING_CD_INSTRUCTIONS = 4_000_000


def activating_cd(tmp_path):
    """The command line and environment of `shell-auto bash PROJECT` for a
    project whose .venv it activates."""
    project = tmp_path / "project"
    project.mkdir()
    subprocess.run([BIN, "--python", PY, "--without-pip", str(project / ".venv")], check=True, capture_output=True)
    return [BIN, "shell-auto", "bash", str(project)], {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}


@pytest.mark.skipif(PY is None, reason="no interpreter of the matrix is present")
def test_an_activating_cd_costs_little(tmp_path):
    """The code for a cd that activates, without the script's comment lines,
    counted in instructions within budget."""
    argv, env = activating_cd(tmp_path)
    project = tmp_path / "project"
    code = subprocess.run(argv, env=env, cwd=project, capture_output=True, text=True, check=True).stdout
    assert f"VIRTUAL_ENV={project / '.venv'}" in code or str(project / ".venv") in code, code
    assert not [line for line in code.splitlines() if line.lstrip(" ").startswith("#")], code
    if not shutil.which("valgrind"):
        pytest.skip("valgrind absent (Tests/suites/16-cli.sh names it for apt): instructions cannot be counted")
    # Under valgrind the lookup takes longer than its 50 ms bound: given a minute.
    assert instructions(argv, dict(env, SWIFT_VENV_AUTO_TIMEOUT_MS="60000"), tmp_path) <= MAX_ACTIVATING_CD_INSTRUCTIONS


@pytest.mark.skipif(PY is None, reason="no interpreter of the matrix is present")
def test_the_bounded_lookup_is_woken_not_polled(tmp_path):
    """An activating cd's process waits for its lookup (a forked child,
    bounded to 50 ms) by being woken when the answer arrives, not by looking
    every 0.1 ms (each look was added to every cd into a project): no sleep
    among its system calls."""
    if not shutil.which("strace"):
        pytest.skip("strace absent (Tests/suites/16-cli.sh names it for apt): system calls cannot be seen")
    argv, env = activating_cd(tmp_path)
    out = tmp_path / "strace.txt"
    subprocess.run([shutil.which("strace"), "-f", "-c", "-o", str(out), *argv], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    assert "sleep" not in out.read_text(), out.read_text()
