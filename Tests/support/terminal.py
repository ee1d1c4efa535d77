"""A program run with one of its output streams on a terminal (a pty), as a
person at a terminal sees it."""
import os
import pty
import subprocess


def on_terminal(argv, env, stream="stdout"):
    """Runs argv with `stream` ("stdout" or "stderr") on a new pty and the
    other on a pipe: (exit status, what the pipe got, what the terminal got),
    as bytes (the terminal writes a line break as \\r\\n)."""
    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: slave}
    proc = subprocess.Popen([str(a) for a in argv], stdin=subprocess.DEVNULL, env=env, **streams)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    other = (proc.stderr if stream == "stdout" else proc.stdout).read()
    proc.wait()
    os.close(master)
    return proc.returncode, other, b"".join(chunks)
