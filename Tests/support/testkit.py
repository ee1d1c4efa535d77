"""What the pytest suites share, written once: the swift-venv under test,
running a program, wheels written by hand, and a tree's snapshot.

A suite's conftest.py puts Tests/support on sys.path (as it does for
interpreters.py) and imports from here; importing `swift_venv` into a
conftest.py makes it that suite's fixture.
"""
import base64
import hashlib
import os
import pathlib
import shutil
import stat
import subprocess
import time
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def swift_venv_bin():
    """The swift-venv under test: $SWIFT_VENV_BIN (scripts/test and
    Tests/support/suite.sh set it), else the release build's."""
    return os.environ.get("SWIFT_VENV_BIN") or str(ROOT / ".build" / "release" / "swift-venv")


@pytest.fixture(scope="session")
def swift_venv():
    """The path of the swift-venv under test; the run fails without one."""
    path = swift_venv_bin()
    if not os.access(path, os.X_OK):
        pytest.fail("no swift-venv at %s: run scripts/test, or set SWIFT_VENV_BIN" % path)
    return path


def cores():
    """How many processes of its own a suite may keep busy at once:
    $SWIFT_VENV_TEST_CORES (scripts/test divides the machine's cores among
    the suites it runs together), else every core this process may use."""
    return int(os.environ.get("SWIFT_VENV_TEST_CORES") or len(os.sched_getaffinity(0)))


def run(argv, *, env=None, cwd=None, check=True, input=None, timeout=None, merge=False, text=True):
    """Runs argv (each item turned into a string) with its output captured,
    stderr into stdout if `merge`; with `text`, input and output are str
    (UTF-8, undecodable bytes replaced, line ends kept as written). With
    `check`, a non-zero exit fails the test, naming the command and showing
    the ends of its output. Returns the CompletedProcess."""
    argv = [str(a) for a in argv]
    if isinstance(input, str):
        input = input.encode()
    result = subprocess.run(argv, env=env, cwd=cwd, input=input, timeout=timeout, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if merge else subprocess.PIPE)
    if text:
        result.stdout = result.stdout.decode(errors="replace")
        result.stderr = None if merge else result.stderr.decode(errors="replace")
    if check and result.returncode != 0:
        def tail(data):
            return (data.decode(errors="replace") if isinstance(data, bytes) else data or "")[-3000:]
        raise AssertionError("%s: exit %d\nstdout: %s\nstderr: %s" % (" ".join(argv), result.returncode,
                                                                      tail(result.stdout), tail(result.stderr)))
    return result


def fast_path_env(env=None, *, fast=True):
    """A copy of env (default: this process's) in which swift-venv takes its
    fast paths (`fast`), or leaves every command line to the argument parser
    ($SWIFT_VENV_NO_FAST_PATH set)."""
    env = dict(os.environ if env is None else env)
    env.pop("SWIFT_VENV_NO_FAST_PATH", None)
    if not fast:
        env["SWIFT_VENV_NO_FAST_PATH"] = "1"
    return env


def fast_and_parsed(argv, *, env=None, cwd=None):
    """(exit status, stdout, stderr) of argv run twice: through swift-venv's
    fast path, then through the argument parser; a fast path must give the
    same bytes and status as the parser it stands in for."""
    outcomes = []
    for fast in (True, False):
        r = run(argv, env=fast_path_env(env, fast=fast), cwd=cwd, check=False)
        outcomes.append((r.returncode, r.stdout, r.stderr))
    return outcomes


# --- wheels written by hand (no build tool, no network) ------------------------------------------

def instructions(argv, env, tmp_path):
    """Instructions a run of argv (argv[0] a swift-venv) executes, counted by
    callgrind: the same for the same binary and inputs however busy the
    machine is, where wall and CPU time are not. The caller skips by name
    when valgrind is absent."""
    out, stripped = tmp_path / "callgrind.out", tmp_path / "swift-venv"
    # valgrind 3.19 cannot read the DWARF 5 of Swift's release binaries.
    if not stripped.exists():
        subprocess.run(["strip", "-o", str(stripped), argv[0]], check=True)
    subprocess.run([shutil.which("valgrind"), "--tool=callgrind", f"--callgrind-out-file={out}", str(stripped),
                    *argv[1:]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    totals = [line for line in out.read_text().splitlines() if line.startswith(("summary:", "totals:"))]
    assert totals, "callgrind wrote no totals"
    return int(totals[-1].split()[1])


def record_line(member, data):
    """A RECORD row: path, sha256 as pip writes it, size."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (member, digest, len(data))


def write_wheel(directory, name, version, *, files=None, requires=(), extras=(), scripts=None,
                gui_scripts=None, executable=(), tag="py3-none-any", dist_info_name=None, summary=None):
    """A pure wheel (`tag`, default py3-none-any) in `directory` holding
    `files` ({member: text or bytes}, .data/ members included), those named
    in `executable` with mode 755, with the metadata's extras and
    requirements and console and gui scripts ({name: "module:function"});
    its .dist-info is named after `dist_info_name` (default: the project's
    name). Returns its path."""
    members = dict(files or {})
    stem = (dist_info_name or name).replace("-", "_")
    info = "%s-%s.dist-info" % (stem, version)
    metadata = ["Metadata-Version: 2.1", "Name: %s" % name, "Version: %s" % version]
    metadata += ["Summary: %s" % summary] if summary else []
    metadata += ["Provides-Extra: %s" % e for e in extras] + ["Requires-Dist: %s" % r for r in requires]
    members[info + "/METADATA"] = "\n".join(metadata) + "\n\n"
    members[info + "/WHEEL"] = "Wheel-Version: 1.0\nGenerator: swift-venv-tests\nRoot-Is-Purelib: true\nTag: %s\n" % tag
    entry_points = [(section, found) for section, found in (("console_scripts", scripts), ("gui_scripts", gui_scripts))
                    if found]
    if entry_points:
        members[info + "/entry_points.txt"] = "\n".join(
            "[%s]\n" % section + "".join("%s = %s\n" % kv for kv in found.items()) for section, found in entry_points)
    path = pathlib.Path(directory) / ("%s-%s-%s.whl" % (name.replace("-", "_"), version, tag))
    rows = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for member, body in members.items():
            data = body.encode() if isinstance(body, str) else body
            if member in executable:
                zinfo = zipfile.ZipInfo(member, date_time=time.localtime()[:6])
                zinfo.external_attr = 0o100755 << 16
                zinfo.compress_type = zipfile.ZIP_DEFLATED
                whl.writestr(zinfo, data)
            else:
                whl.writestr(member, data)
            rows.append(record_line(member, data))
        whl.writestr(info + "/RECORD", "\n".join(rows + [info + "/RECORD,,"]) + "\n")
    return path


# --- trees --------------------------------------------------------------------------------------

def snapshot(root, *, with_times=False, root_as=None, leave_out=(), contents=True):
    """Every entry under root, by relative path: ("dir", mode), ("link",
    target) or ("file", mode, bytes[, mtime_ns with `with_times`]), a file
    without its bytes unless `contents`. Links are not followed. With `root_as`, root's own path inside file bytes and link
    targets reads as that text (so two trees at two places compare);
    relative paths in `leave_out` are left out."""
    root = str(root)
    if root_as is not None:
        old, new = os.fsencode(root), os.fsencode(root_as)
    tree = {}
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            if rel in leave_out:
                continue
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(path)
                tree[rel] = ("link", target if root_as is None else target.replace(root, root_as))
            elif stat.S_ISDIR(st.st_mode):
                tree[rel] = ("dir", stat.S_IMODE(st.st_mode))
            elif not contents:
                tree[rel] = ("file", stat.S_IMODE(st.st_mode)) + ((st.st_mtime_ns,) if with_times else ())
            else:
                with open(path, "rb") as f:
                    data = f.read()
                if root_as is not None:
                    data = data.replace(old, new)
                tree[rel] = ("file", stat.S_IMODE(st.st_mode), data) + ((st.st_mtime_ns,) if with_times else ())
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(base, d))]
    return tree
