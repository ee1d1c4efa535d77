"""A refresh over 2,000 environments streams: every one arrives, and the
first `environment` notification is written while environments are still
being read (seen in the order of system calls, strace; no time measured)."""
import json
import shutil
import subprocess

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
