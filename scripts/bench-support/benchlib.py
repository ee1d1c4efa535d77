"""Shared helpers of the benchmark groups (see README.md beside this file).

A group imports this after `sys.path.insert(0, os.environ["BENCH_SUPPORT"])`;
everything it reads comes from the environment scripts/bench gives a group.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

GROUP = os.path.basename(sys.argv[0])
SWIFT_VENV = os.environ.get("SWIFT_VENV_BIN", "")
PREFIX = os.environ.get("BENCH_PREFIX", "")
TOOLS = os.environ.get("BENCH_TOOLS", "")
PYTHON = os.environ.get("BENCH_PYTHON", "")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "21"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
SCRATCH = os.environ.get("BENCH_SCRATCH") or tempfile.mkdtemp(prefix=".bench-")
FIGURES = os.environ.get("BENCH_FIGURES")
ROOT = os.environ.get("BENCH_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
import interpreters as _matrix  # noqa: E402  (the one interpreter matrix)


def interpreters():
    """The matrix's present interpreters, as (name, path)."""
    return list(_matrix.PRESENT)


def tool(name):
    """A pinned peer from the tools environment; missing is an error."""
    path = os.path.join(TOOLS, name)
    if not os.access(path, os.X_OK):
        sys.exit("%s: %s is not in the tools environment %s (pin it in Tests/support/tools.txt)" % (GROUP, name, TOOLS))
    return path


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def version_of(argv):
    out = subprocess.run(argv, capture_output=True, text=True, env=clean_env()).stdout.strip()
    return out.splitlines()[0] if out else "?"


def note(text):
    """Progress on stderr (stdout is the group's markdown)."""
    print(text, file=sys.stderr, flush=True)


def timed(argv, env=None):
    """Wall milliseconds of one process run to completion; a failure stops the group."""
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env or clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        sys.exit("%s: failed (%d): %s\n%s" % (GROUP, proc.returncode, " ".join(argv), proc.stderr.decode()[-2000:]))
    return elapsed


def timed_cpu(argv, env=None, cwd=None):
    """Wall and CPU milliseconds (user + system, of the process and the
    children it waited for, from wait4's rusage) of one process run to
    completion, its output discarded; a failure stops the group."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env or clean_env(), cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("%s: failed (%d): %s" % (GROUP, proc.returncode, " ".join(argv)))
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def quartiles(values):
    """Lower quartile, median and upper quartile of `values`."""
    if len(values) < 2:
        return values[0], values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], statistics.median(values), q[2]


GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def peak_rss(argv, env=None):
    """Peak RSS in MiB of one untimed run under GNU time: the process started,
    its own children not counted (a child forked from this Python would start
    with this Python's RSS, so wait4 cannot tell)."""
    if not GNU_TIME:
        return None
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run([GNU_TIME, "-f", "%M", "-o", out.name] + argv, env=env or clean_env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1]) / 1024


class Series:
    """The timings of one tool (in milliseconds)."""

    def __init__(self, name):
        self.name, self.times, self.rss = name, [], None

    def add(self, ms):
        self.times.append(ms)

    @property
    def median(self):
        return statistics.median(self.times)

    def quartiles(self):
        if len(self.times) < 2:
            return self.times[0], self.times[0]
        q = statistics.quantiles(self.times, n=4)
        return q[0], q[2]


_counter = [0]


def target(label="t"):
    """A fresh path in the scratch directory, never used before."""
    _counter[0] += 1
    return os.path.join(SCRATCH, "%s-%05d" % (label, _counter[0]))


def interleave(peers, rounds, env=None, rss=True, label="t"):
    """peers: [(name, argv_of(target))], or (name, argv_of(target), env);
    argv_of may also return (argv, env) for an environment of that run's own.
    Runs A B C A B C ... for `rounds` rounds, a fresh target each run, and
    then one untimed run of each under GNU time for its peak RSS."""
    peers = [p if len(p) == 3 else (p[0], p[1], env) for p in peers]

    def command(argv_of, e):
        argv = argv_of(target(label))
        return argv if isinstance(argv, tuple) else (argv, e)

    series = [Series(name) for name, _, _ in peers]
    for _ in range(rounds):
        for s, (_, argv_of, e) in zip(series, peers):
            s.add(timed(*command(argv_of, e)))
    if rss:
        for s, (_, argv_of, e) in zip(series, peers):
            s.rss = peak_rss(*command(argv_of, e))
    return series


def ms(value):
    """Milliseconds as the tables show them."""
    return "%.2f s" % (value / 1000) if value >= 1000 else "%.1f ms" % value


def table(title, series, ours=0, notes=()):
    """Prints one group table: every tool's median, quartiles, peak RSS and the
    ratio of ours (series[ours]) to it."""
    base = series[ours].median
    lines = ["### %s" % title, "", "| tool | median | quartiles | peak RSS | ours / this |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for s in series:
        lo, hi = s.quartiles()
        ratio = "" if s is series[ours] else "%.3f (%.1fx faster)" % (base / s.median, s.median / base)
        rss = "%.1f MiB" % s.rss if s.rss is not None else "n/a"
        lines.append("| %s | %s | %s-%s | %s | %s |" % (s.name, ms(s.median), ms(lo), ms(hi), rss, ratio))
    lines += [""] + list(notes) + ([""] if notes else [])
    print("\n".join(lines), flush=True)


def figure(what, ours, peer, peer_name=None, ours_ms=None, peer_ms=None):
    """Appends one comparison to $BENCH_FIGURES: ours against one peer, medians."""
    o = ours_ms if ours_ms is not None else ours.median
    p = peer_ms if peer_ms is not None else peer.median
    line = {"group": GROUP, "what": what, "ours_ms": round(o, 6), "peer": peer_name or peer.name,
            "peer_ms": round(p, 6), "ratio": round(o / p, 6)}
    if FIGURES:
        with open(FIGURES, "a") as f:
            f.write(json.dumps(line) + "\n")
    return line


def figures(what, series, ours=0):
    """figure() for ours against every other series."""
    for s in series:
        if s is not series[ours]:
            figure(what, series[ours], s)
