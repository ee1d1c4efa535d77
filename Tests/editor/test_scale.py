"""A refresh over 2,000 environments streams: every one arrives, and the
first `environment` notification is written while environments are still
being read (seen in the order of system calls, strace; no time measured)."""
import json
import os
import shutil
import subprocess
import time

import pytest

from petclient import frame

SIZE = 2000


@pytest.fixture(scope="module")
def big_home(home, tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    workon = root / "workon"
    workon.mkdir()
    names = [str(workon / f"env{i:04d}") for i in range(SIZE)]
    for start in range(0, SIZE, 500):
        home.swift_venv_create(home.base, *names[start:start + 500])
    return {"HOME": str(root), "WORKON_HOME": str(workon), "PATH": str(root / "no-bin"),
            "PYENV_ROOT": str(root / "no-pyenv"), "LC_ALL": "C.UTF-8"}, workon


def refresh_messages(argv, env):
    request = frame(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "refresh", "params": {}}))
    out = subprocess.run([str(a) for a in argv], input=request, env=env, stdout=subprocess.PIPE, check=True).stdout
    messages = []
    while out:
        header, _, rest = out.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        messages.append(json.loads(rest[:length]))
        out = rest[length:]
    return messages


def test_every_environment_arrives_before_the_reply(pet, big_home):
    env, workon = big_home
    messages = refresh_messages([pet, "server"], env)
    envs = [m["params"] for m in messages if m.get("method") == "environment"]
    ours = [e for e in envs if e["prefix"] and e["prefix"].startswith(str(workon))]
    assert len(ours) == SIZE and all(e["kind"] == "VirtualEnvWrapper" and e["version"] for e in ours)
    assert messages[-1]["id"] == 1 and "result" in messages[-1]


def test_notifications_are_written_while_reading(pet, big_home, tmp_path):
    if not shutil.which("strace"):
        pytest.skip("strace absent (Tests/suites/59-editor.sh names it for apt): the order of calls cannot be seen")
    env, workon = big_home
    trace = tmp_path / "trace.txt"
    refresh_messages([shutil.which("strace"), "-f", "-s", "200", "-e", "trace=write,newfstatat,stat,statx,openat",
                      "-o", trace, pet, "server"], env)
    lines = trace.read_text().splitlines()
    first_write = next(i for i, line in enumerate(lines) if "write(1" in line and "environment" in line)
    reads_after = [line for line in lines[first_write:] if "/env1999/" in line or "/env1500/" in line]
    assert reads_after, "every environment was read before the first notification was written"


def main_thread(pid):
    """The server's first thread: its system call now (number, first
    argument) and how many reads it has made (/proc/PID/task/PID)."""
    task = f"/proc/{pid}/task/{pid}"
    with open(f"{task}/syscall") as f:
        words = f.read().split()
    with open(f"{task}/io") as f:
        reads = int(next(line.split()[1] for line in f if line.startswith("syscr:")))
    call = (int(words[0]), int(words[1], 16)) if words[0].isdigit() and len(words) > 1 else None
    return call, reads


def test_resolve_is_answered_while_a_refresh_runs(pet, big_home):
    """PET runs each request on a thread of its own (crates/pet/src/jsonrpc.rs:
    handle_refresh, handle_resolve spawn), so a `resolve` sent during a
    refresh is answered before the refresh ends. Made certain without
    timing: the client stops reading after the refresh's first
    environment, so the refresh blocks on a full pipe with most of its
    2,000 environments to go; it sends `resolve`, waits until the server's
    reading thread has read it and is waiting again (reading its input, or
    writing), then reads everything: the answer to `resolve` comes first."""
    env, workon = big_home
    if not os.access(f"/proc/{os.getpid()}/task/{os.getpid()}/syscall", os.R_OK):
        pytest.skip("/proc/PID/task/TID/syscall absent (a kernel without it): a thread's waiting cannot be seen")
    proc = subprocess.Popen([str(pet), "server"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        proc.stdin.write(frame(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "refresh", "params": {}})))
        proc.stdin.flush()
        seen = b""
        while b'"method":"environment"' not in seen.replace(b" ", b""):
            chunk = proc.stdout.read1(65536)
            assert chunk, "the server ended"
            seen += chunk
        _, reads = main_thread(proc.pid)
        executable = str(workon / "env0500" / "bin" / "python")
        proc.stdin.write(frame(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "resolve",
                                           "params": {"executable": executable}})))
        proc.stdin.flush()
        # A guard against a server that never reads the request (one request at a time), not a measure.
        deadline = time.monotonic() + 120
        while True:
            call, now = main_thread(proc.pid)
            if now > reads and call in ((0, 0), (1, 1)):
                break
            assert time.monotonic() < deadline, f"the request was not read while the refresh ran: {call}"
            time.sleep(0.05)
        proc.stdin.close()
        out = seen + proc.stdout.read()
    finally:
        proc.kill()
        proc.wait()
    ids = []
    while out:
        header, _, rest = out.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        message = json.loads(rest[:length])
        out = rest[length:]
        if "id" in message:
            ids.append(message["id"])
            if message["id"] == 2:
                assert message["result"]["executable"] == executable, message
    assert ids == [2, 1], ids
