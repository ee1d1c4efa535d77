"""kill -9 at random moments during 100 copies and 100 moves (issue 15, item 6):
the source stays intact, and the destination is absent or complete; a move
killed after its rename is finished by running the same move again. Small
environments without pip, so the loops stay fast, but with files of every
kind that names the path (a console script, a .pth, an absolute symlink)."""
import os
import random
import signal
import subprocess
import time

from conftest import BIN, env, figure, first_python, run, snapshot

ROUNDS = int(os.environ.get("STORE_KILL_ROUNDS", "100"))


def make_source(path, python):
    run(BIN, "--without-pip", "--python", python, path)
    with open(os.path.join(path, "bin", "tool"), "w") as f:
        f.write("#!%s/bin/python\nprint('tool')\n" % path)
    os.chmod(os.path.join(path, "bin", "tool"), 0o755)
    site = [d for d in os.listdir(os.path.join(path, "lib"))][0]
    os.makedirs(os.path.join(path, "extra"))
    with open(os.path.join(path, "lib", site, "site-packages", "extra.pth"), "w") as f:
        f.write(os.path.join(path, "extra") + "\n")
    os.symlink(os.path.join(path, "bin"), os.path.join(path, "extra", "bin-link"))


def killed(args, upper):
    """Runs args, killing it with SIGKILL after a random time below upper;
    returns whether it was still running when killed."""
    proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    time.sleep(random.uniform(0, upper))
    was_running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return was_running


def duration(args, times=5):
    start = time.monotonic()
    for _ in range(times):
        run(*args)
    return (time.monotonic() - start) / times


def test_kill_during_copy(tmp_path):
    _, python = first_python()
    src, dst = str(tmp_path / "a" / "env"), str(tmp_path / "b" / "env")
    os.makedirs(os.path.dirname(dst))
    make_source(src, python)
    before = snapshot(src, with_times=True)
    run(BIN, "copy", src, dst)
    complete = snapshot(dst)
    run(BIN, "remove", dst)
    upper = duration([BIN, "--version"]) + 1.5 * duration([BIN, "copy", src, dst, "--force"])
    run(BIN, "remove", dst)
    absent = whole = inside = 0
    for _ in range(ROUNDS):
        killed([BIN, "copy", src, dst], upper)
        assert snapshot(src, with_times=True) == before, "a killed copy changed its source"
        if os.path.exists(dst):
            assert snapshot(dst) == complete, "a killed copy left a half environment"
            whole += 1
            run(BIN, "remove", dst)
        else:
            absent += 1
            inside += os.path.exists(os.path.join(os.path.dirname(dst), ".env.swift-venv-staging"))
    run(BIN, "copy", src, dst)
    assert snapshot(dst) == complete
    assert sorted(os.listdir(os.path.dirname(dst))) == ["env"], "staging of a killed copy left behind"
    figure("kill -9 during copy: %d of %d kills left the source unchanged and no half environment "
           "(%d absent, %d complete; %d killed inside the build, their staging removed by the next copy)"
           % (absent + whole, ROUNDS, absent, whole, inside))


def test_kill_during_move(tmp_path):
    _, python = first_python()
    src, dst = str(tmp_path / "a" / "env"), str(tmp_path / "b" / "env")
    os.makedirs(os.path.dirname(dst))
    make_source(src, python)
    original = snapshot(src)
    run(BIN, "move", src, dst)
    moved = snapshot(dst)
    start = time.monotonic()
    run(BIN, "move", dst, src)
    upper = 1.5 * (time.monotonic() - start)
    assert snapshot(src) == original, "moving there and back does not give the same environment"
    before = after = done = 0
    journal = os.path.join(os.path.dirname(dst), ".env.swift-venv-journal")
    for _ in range(ROUNDS):
        killed([BIN, "move", src, dst], upper)
        if os.path.exists(src):
            assert not os.path.exists(dst), "both source and destination after a killed move"
            assert snapshot(src) == original, "a move killed before its rename changed its source"
            before += 1
        else:
            assert os.path.exists(dst), "a killed move lost the environment"
            if os.path.exists(journal):
                # Killed between the rename and the end: the same move again finishes it.
                run(BIN, "move", src, dst)
                after += 1
            else:
                done += 1
            assert snapshot(dst) == moved, "a killed move, finished, differs from an uninterrupted one"
            run(BIN, "move", dst, src)
            assert snapshot(src) == original
        # Hidden leftovers are the journal and its half-written copy, which
        # the next move to this destination removes (checked at the end).
        assert set(os.listdir(os.path.dirname(dst))) <= {".env.swift-venv-journal", "..env.swift-venv-journal.swift-venv-writing"}
    run(BIN, "move", src, dst)
    assert os.listdir(os.path.dirname(dst)) == ["env"], "a stale journal was left behind"
    figure("kill -9 during move: %d of %d kills left the source whole or the destination whole, or "
           "a destination the same move again finished (%d before the rename, %d between it and the end, "
           "%d after the end)" % (before + after + done, ROUNDS, before, after, done))
