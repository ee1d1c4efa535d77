"""Automatic activation in real interactive shells on a terminal (a pty):
the programs under test and a session driver that never depends on time."""
import os
import pathlib
import pty
import re
import select
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "support"))
from testkit import swift_venv_bin  # noqa: E402

BIN = swift_venv_bin()
SHELLS = ["bash", "zsh", "fish", "tcsh"]
ARGV = {
    "bash": ["bash", "--norc", "--noprofile", "-i"],
    "zsh": ["zsh", "-f", "-i"],
    "fish": ["fish", "--no-config", "-i"],
    "tcsh": ["tcsh", "-f", "-i"],
}
LOADER = {
    "bash": 'eval "$(%s shell-init bash --auto)"',
    "zsh": 'eval "$(%s shell-init zsh --auto)"',
    "fish": "%s shell-init fish --auto | source",
    "tcsh": 'eval "`%s shell-init tcsh --auto`"',
}
# Generous: a session waits for what it asked for, however loaded the machine.
PATIENCE = int(os.environ.get("AUTO_TEST_PATIENCE", "300"))


def need(shell):
    if not shutil.which(shell):
        pytest.skip("%s is not installed" % shell)


class Session:
    """An interactive shell on a pty. `run(command)` types the command and
    then a query that prints VIRTUAL_ENV (by sh, so the same in every shell),
    and returns (what the terminal showed in between, VIRTUAL_ENV): the
    query is read after the prompt that follows the command, so the
    integration's hook has run."""

    def __init__(self, shell, home, cwd, extra=None, patience=PATIENCE):
        need(shell)
        self.shell = shell
        self.patience = patience
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "WORKON_HOME": str(home / "store"),
            "TMPDIR": str(home),
            "LC_ALL": "C.UTF-8",
            "TERM": "dumb",
            "SWIFT_VENV_CACHE_DIR": os.environ.get("SWIFT_VENV_CACHE_DIR", str(home / "cache")),
            # The lookup's bound (50 ms) raised: a loaded machine must not
            # turn a slow answer into a refusal here (the bound has its test).
            "SWIFT_VENV_AUTO_TIMEOUT_MS": "60000",
        }
        self.env.update(extra or {})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(str(cwd))
            os.execve(shutil.which(shell), ARGV[shell], self.env)
        self.seen = b""
        self.start = 0
        self.count = 0
        self.run("")

    def send(self, line):
        os.write(self.fd, line.encode() + b"\n")

    def load(self):
        return self.run(LOADER[self.shell] % BIN)

    def run(self, command):
        self.count += 1
        key = "K%d" % self.count
        if command:
            self.send(command)
        self.send("sh -c 'printf \"%%s%%s:[%%s]\\n\" QQ \"$0\" \"$VIRTUAL_ENV\"' %s" % key)
        wanted = re.compile(rb"QQ" + key.encode() + rb":\[(.*?)\]\r?\n")
        while True:
            match = wanted.search(self.seen, self.start)
            if match:
                break
            ready = select.select([self.fd], [], [], self.patience)[0]
            assert ready, "the %s session answered nothing in %d s; it showed:\n%s" % (
                self.shell, self.patience, self.seen[self.start:].decode(errors="replace"))
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            assert chunk, "the %s session ended; it showed:\n%s" % (
                self.shell, self.seen[self.start:].decode(errors="replace"))
            self.seen += chunk
        shown = self.seen[self.start:match.start()].decode(errors="replace")
        self.start = match.end()
        return shown, match.group(1).decode(errors="replace")

    def close(self):
        try:
            os.kill(self.pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    (h / "store").mkdir(parents=True)
    return h


@pytest.fixture
def session(home):
    opened = []

    def open_session(shell, cwd=None, extra=None, load=True, patience=PATIENCE):
        s = Session(shell, home, cwd or home, extra, patience)
        opened.append(s)
        if load:
            s.load()
        return s

    yield open_session
    for s in opened:
        s.close()


@pytest.fixture
def hung_mount(home):
    """A function that mounts at home/NAME a FUSE file system whose server
    answers what `cd` needs and never a lookup of `.venv` or
    `.python-version` (hangfs.py: a network mount whose server went away
    after the `cd`); unmounted at the end (the server's end aborts the
    connection, so that whoever still waits there gets an error)."""
    servers = []

    def mount(name):
        if not os.path.exists("/dev/fuse"):
            pytest.skip("no /dev/fuse: no FUSE file system can be mounted here")
        point = home / name
        point.mkdir()
        proc = subprocess.Popen([sys.executable, str(pathlib.Path(__file__).with_name("hangfs.py")), str(point),
                                 ".venv", ".python-version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        servers.append((proc, point))
        if proc.stdout.readline().strip() != "ready":
            proc.kill()
            pytest.skip("a FUSE file system cannot be mounted here: %s" % proc.stderr.read().strip())
        return point

    yield mount
    for proc, point in servers:
        proc.kill()
        proc.wait()
        subprocess.run(["umount", "-l", str(point)], stderr=subprocess.DEVNULL)


def make_env(path, prompt=None):
    """An environment at path, made by swift-venv (no pip)."""
    args = [BIN, "--without-pip"] + (["--prompt", prompt] if prompt else []) + [str(path)]
    subprocess.run(args, check=True, env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"),
                                          "SWIFT_VENV_CACHE_DIR": os.environ.get("SWIFT_VENV_CACHE_DIR", "")},
                   stdout=subprocess.DEVNULL)
    return path
