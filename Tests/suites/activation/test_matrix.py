"""The matrix of issue 13: shells x settings changed around activation x
locales x a corpus of hostile names, each name used as an environment's
directory name (where creation accepts it) and as its prompt.

Each case asserts that no sentinel ran (the corpus calls `venvsentinel`, and
every environment's bin/ holds console scripts named like the commands an
activation script might call, which log if run), that no control character
reached the terminal (the shell's whole output), that the shown prompt names
the environment, and that activating then deactivating restores the
environment variables byte for byte.

Runs are batched: one interactive shell process per (shell, setting, locale)
loops over every environment, reading its commands from a pipe (an
interactive shell reading a pipe still prints its prompt), two processes at
a time. Counts are printed at the end of the run.
"""
import os
import select
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import harness as H

# (locale, the charset glibc must report for it). Shift_JIS has no glibc
# locale on Debian: it is skipped by name if `locale charmap` disagrees.
LOCALES = [("C.UTF-8", "UTF-8"), ("zh_CN.GBK", "GBK"), ("zh_CN.GB18030", "GB18030"), ("zh_TW.BIG5", "BIG5"),
           ("zh_HK.BIG5-HKSCS", "BIG5-HKSCS"), ("ja_JP.EUC-JP", "EUC-JP"), ("ja_JP.SJIS", "SHIFT_JIS")]


def trail_byte_characters():
    """For each double-byte encoding, the first CJK character whose second
    byte is `\\`, a backquote or `|` there: read in that locale, the byte
    after such a character's lead byte is taken as part of it."""
    found = []
    for encoding in ("gbk", "big5", "big5hkscs", "shift_jis"):
        for byte in (0x5C, 0x60, 0x7C):
            for code in range(0x4E00, 0xA000):
                try:
                    encoded = chr(code).encode(encoding)
                except UnicodeEncodeError:
                    continue
                if len(encoded) == 2 and encoded[1] == byte:
                    if chr(code) not in [char for _, char in found]:
                        found.append(("%s second byte %s" % (encoding, chr(byte)), chr(code)))
                    break
    return found


NAMES = [
    ("command substitution", "x$(venvsentinel)y"),
    ("backquotes", "a`venvsentinel`b"),
    ("quotes", "it's \"q\""),
    ("bangs", "a!b!!c"),
    ("csh history", "!!:s:a:b: !-1 ^a^b"),
    ("caret", "a^b"),
    ("caret notation", "a^[]0;TITLE^Gb"),
    ("percent", "100%F{red}%{x%}%(?.a.b)%n"),
    ("zsh escapes", "%{%}%B%(!.#.$)"),
    ("backslash at the end", "e\\"),
    ("backslash escapes", "\\[\\e]0;T\\a\\]\\033[31m\\u\\$"),
    ("backslash then command", "a\\$(venvsentinel)"),
    ("comment and separators", "#a;venvsentinel;b&&venvsentinel|venvsentinel"),
    ("globs", "*?[a]{b,c}~"),
    ("parameters", "${HOME}$((1+1))$[1]$PATH"),
    ("at sign", "prefix@missing"),
    ("multibyte, command", "\u4e2d$(venvsentinel)"),
    ("multibyte, digit", "a\u4f600"),
    ("multibyte, bang", "\u4e2d!b"),
    ("multibyte, backslash", "\u4e2d\\"),
    ("multibyte, backquotes", "\u4e2d`venvsentinel`"),
    ("line and paragraph separators", "a\u2028b\u2029c"),
    ("U+011B, ESC to tcsh in C", "\u011b$(venvsentinel)"),
    ("combining mark after a quote", "x'\u0301;venvsentinel;'"),
    ("everything", "'\"$(venvsentinel)`venvsentinel`!x\\;%#\u00e9 {} \\$PWD ${HOME}"),
] + [(label, char + "$(venvsentinel)`venvsentinel`\\!") for label, char in trail_byte_characters()]

# Console scripts that log if an activation script runs them instead of a builtin.
IMPOSTORS = ["test", "[", "printf", "echo", "hash", "command", "alias", "unalias", "rehash", "set", "unset",
             "setenv", "unsetenv", "source", "functions", "env", "export", "shopt", "type", "which"]


# Per shell: how it is started, how a line sources the script, the settings.
# A setting: (name, environment overrides, before the loop, after activating,
# after deactivating (undoes "after activating"), a child started while active).
CHILD = {
    "bash": "bash --norc --noprofile --noediting -i </dev/null",
    "dash": "dash -i </dev/null",
    "ksh": "ksh -i </dev/null",
    "zsh": "zsh -f -i </dev/null",
}
NO_USR_BIN = "PATH without /usr/bin"
SHELLS = {
    # --noediting: readline would redraw long lines with backspaces.
    "bash": (["bash", "--norc", "--noprofile", "--noediting", "-i"], "sh", [
        ("default", "", "", "", None),
        ("promptvars off", "shopt -u promptvars", "", "", None),
        ("promptvars on after", "shopt -u promptvars", "shopt -s promptvars", "shopt -u promptvars", None),
        ("posix after", "", "set -o posix", "set +o posix", None),
        ("exported PS1, child bash", "export PS1", "", "", CHILD["bash"]),
        ("exported PS1, child dash", "export PS1", "", "", CHILD["dash"]),
        ("exported PS1, child ksh", "export PS1", "", "", CHILD["ksh"]),
        ("promptvars off after", "", "shopt -u promptvars", "shopt -s promptvars", None),
        ("exported PS1, child zsh", "export PS1", "", "", CHILD["zsh"]),
        # promptvars off at activation, PS1 exported: the form for every shell.
        ("promptvars off, exported PS1, child dash", "shopt -u promptvars; export PS1", "", "", CHILD["dash"]),
        (NO_USR_BIN, "", "", "", None),
    ]),
    "zsh": (["zsh", "-f", "-i"], "sh", [
        ("default", "", "", "", None),
        ("prompt_subst after", "", "setopt prompt_subst", "unsetopt prompt_subst", None),
        ("prompt_bang after", "", "setopt prompt_bang", "unsetopt prompt_bang", None),
        ("prompt_percent off after", "", "unsetopt prompt_percent", "setopt prompt_percent", None),
        ("prompt_subst and prompt_bang before", "setopt prompt_subst prompt_bang", "", "", None),
        ("prompt_percent off before", "unsetopt prompt_percent", "", "", None),
        ("ksharrays before", "setopt ksharrays", "", "", None),
        ("exported PS1, child bash", "export PS1", "", "", CHILD["bash"]),
        (NO_USR_BIN, "", "", "", None),
    ]),
    "dash": (["dash", "-i"], "sh", [
        ("default", "", "", "", None),
        ("exported PS1, child bash", "export PS1", "", "", CHILD["bash"]),
        ("exported PS1, child zsh", "export PS1", "", "", CHILD["zsh"]),
        (NO_USR_BIN, "", "", "", None),
    ]),
    "ksh": (["ksh", "-i"], "sh", [
        ("default", "", "", "", None),
        ("exported PS1, child bash", "export PS1", "", "", CHILD["bash"]),
        (NO_USR_BIN, "", "", "", None),
    ]),
    "fish": (["fish", "--no-config"], "fish", [
        ("default", "", "", "", None),
        (NO_USR_BIN, "", "", "", None),
    ]),
    "tcsh": (["tcsh", "-f", "-i"], "csh", [
        ("default", "", "", "", None),
        ("backslash_quote", "set backslash_quote", "", "", None),
        ("histchars @^", "set histchars='@^'", "", "", None),
        ("LC_ALL=C after", "", "setenv LC_ALL C", 'setenv LC_ALL "$MATRIX_LOCALE"', None),
        (NO_USR_BIN, "", "", "", None),
    ]),
    "csh": (["csh", "-f", "-i"], "csh", [
        ("default", "", "", "", None),
        ("histchars @^", "set histchars='@^'", "", "", None),
        (NO_USR_BIN, "", "", "", None),
    ]),
}


def locale_charset(name):
    proc = subprocess.run(["locale", "charmap"], env={"LC_ALL": name, "PATH": "/usr/bin:/bin"},
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return proc.stdout.decode().strip()


PRESENT_LOCALES = [name for name, charset in LOCALES if locale_charset(name) == charset]


# Settings added for the prompt as written (issue 26), each run in UTF-8 and
# in GB18030 only: the other double-byte locales read UTF-8 text as GB18030
# does (a second byte in 0x40-0x7E, `\\` and a backquote among them), and the
# settings that predate them already run in every locale.
TWO_LOCALES = {"promptvars off after", "promptvars off, exported PS1, child dash", "exported PS1, child zsh", "prompt_percent off before", "ksharrays before"}


def locales_of(setting_name):
    """Every locale, but a PATH without /usr/bin only in C.UTF-8: what it
    tests (builtins only) does not depend on the locale; the settings of
    TWO_LOCALES in C.UTF-8 and GB18030."""
    if setting_name == NO_USR_BIN:
        return LOCALES[:1]
    if setting_name in TWO_LOCALES:
        return [LOCALES[0], LOCALES[2]]
    return LOCALES


def batch_params():
    params = []
    for shell, (_, _, settings) in SHELLS.items():
        for setting in settings:
            for name, charset in locales_of(setting[0]):
                marks = () if name in PRESENT_LOCALES else pytest.mark.skip(
                    reason="locale %s (%s) is not on this machine" % (name, charset))
                params.append(pytest.param(shell, setting[0], name, id="%s-%s-%s" % (shell, setting[0], name),
                                           marks=marks))
    return params


class Matrix:
    """The environments of the matrix, made once, and the batches' results."""

    def __init__(self, setup):
        self.root = os.path.join(setup.root, "matrix")
        self.links = os.path.join(self.root, "links")
        os.makedirs(self.links)
        self.setup = setup
        self.envs = []      # (label, dir, name)
        self.refused = []   # names creation refused as paths, as it should
        self.failures = []
        for i, (label, name) in enumerate(NAMES):
            wanted = [(label + " in prompt", os.path.join(self.root, "envs", "q%d" % i, "env"), name)]
            if H.path_allowed(name):
                wanted.append((label + " in path", os.path.join(self.root, "envs", "p%d" % i, name), None))
            else:
                self.refused.append(name)
            for case_label, env_dir, prompt in wanted:
                proc = H.create(env_dir, prompt)
                if proc.returncode != 0:
                    self.failures.append("%s: %s" % (case_label, proc.stderr.decode("utf-8", "replace")))
                    continue
                bin_dir = os.path.join(env_dir, "bin")
                for impostor in IMPOSTORS:
                    path = os.path.join(bin_dir, impostor)
                    with open(path, "w") as f:
                        f.write('#!/bin/sh\necho "console script %s ran: $*" >> "$SENTINEL_LOG"\n' % impostor)
                    os.chmod(path, 0o755)
                os.symlink(bin_dir, os.path.join(self.links, str(len(self.envs))))
                self.envs.append((case_label, env_dir, name))
        self.results = {}

    def chunks(self, kind, setting):
        """The input of one batch, as (text, marker) pairs: the text is
        written once the shell has printed the marker before it (so it reads
        each chunk on its own, and prints a prompt for it: tcsh reads a pipe
        in large blocks and prompts once per read)."""
        _, before, after, undo, child = setting
        mark = (lambda m, n: "echo VMARK-%s-%d" % (m, n)) if kind != "sh" else (
            lambda m, n: "echo VMARK-%s-%d >&2" % (m, n))
        # ksh93 exports _AST_FEATURES the first time its `echo` runs (echo
        # asks libast for the UNIVERSE); the markers use echo, so it runs once
        # before `before` is taken.
        init = {"csh": "set prompt='csh> '", "sh": "PS1='ps1> '; echo >/dev/null", "fish": ""}[kind]
        # The environment before the first activation: every deactivation
        # must give it back, byte for byte.
        chunks = [("\n".join(line for line in (init, before, '/usr/bin/env -0 > "$O/before"', mark("START", 0))
                             if line), None)]
        waiting = "VMARK-START-0"
        for n in range(len(self.envs)):
            source = {"sh": '. "$L/%d/activate"', "csh": 'source "$L/%d/activate.csh"',
                      "fish": "source $L/%d/activate.fish"}[kind] % n
            lines = [mark("A", n), source]
            if after:
                lines.append(after)
            lines.append(mark("S", n))
            chunks.append(("\n".join(lines), waiting))
            # The prompt shown after activation is printed before this chunk is read.
            lines = ["fish_prompt; echo"] if kind == "fish" else []
            lines.append(mark("B", n))
            if child:
                lines.append(child)
            lines += [mark("C", n), "deactivate"]
            if undo:
                lines.append(undo)
            lines += ['/usr/bin/env -0 > "$O/%d.a"' % n, mark("E", n)]
            chunks.append(("\n".join(lines), "VMARK-S-%d" % n))
            waiting = "VMARK-E-%d" % n
        chunks.append(("exit", waiting))
        return chunks

    def converse(self, argv, chunks, env, timeout):
        """Runs the shell, writing each chunk once its marker was printed;
        returns everything the shell wrote (stdout and stderr, in order)."""
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=env, cwd=self.setup.home)
        output = bytearray()
        deadline = time.monotonic() + timeout
        try:
            for text, marker in chunks:
                if marker is not None:
                    needle = (marker + "\n").encode()
                    while needle not in output[-4096:] and needle not in output:
                        left = deadline - time.monotonic()
                        if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
                            raise TimeoutError(marker)
                        data = os.read(proc.stdout.fileno(), 65536)
                        if not data:
                            raise EOFError(marker)
                        output += data
                proc.stdin.write(text.encode() + b"\n")
                proc.stdin.flush()
            proc.stdin.close()
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
                    raise TimeoutError("exit")
                data = os.read(proc.stdout.fileno(), 65536)
                if not data:
                    break
                output += data
            proc.wait(timeout=120)
            return bytes(output), None
        except (TimeoutError, EOFError, BrokenPipeError) as error:
            proc.kill()
            proc.wait()
            return bytes(output), "%s waiting for %s" % (type(error).__name__, error)

    def run(self, shell, setting_name, locale):
        argv, kind, settings = SHELLS[shell]
        setting = next(s for s in settings if s[0] == setting_name)
        key = (shell, setting_name, locale)
        R = H.Checks()
        out = os.path.join(self.root, "out", "%s-%s-%s" % (shell, setting_name.replace(" ", "_").replace("/", "_"),
                                                              locale))
        os.makedirs(out)
        log = os.path.join(out, "sentinel.log")
        env = self.setup.base_env(L=self.links, O=out, SENTINEL_LOG=log, LC_ALL=locale, LANG=locale,
                                  MATRIX_LOCALE=locale, ENV="/dev/null")
        if setting_name == NO_USR_BIN:
            env["PATH"] = self.setup.tools
        # The shell by its full name: the environment's PATH may lack /usr/bin.
        argv = [shutil.which(argv[0])] + argv[1:]
        chunks = self.chunks(kind, setting)
        if kind == "fish":
            # fish reads a script to its end before running it; it needs no
            # sync, since the test calls fish_prompt itself.
            chunks = [("\n".join(text for text, _ in chunks), None)]
        output, error = self.converse(argv, chunks, env, timeout=900)
        R.check("run", "the shell ran every chunk and exited", error is None, "%s: %r" % (error, output[-600:]))
        self.check(R, shell, setting, locale, output, out, log)
        self.results[key] = R

    def check(self, R, shell, setting, locale, output, out, log):
        setting_name, _, after, _, child = setting
        csh = shell in ("tcsh", "csh")
        ran = H.text(log)
        R.check("sentinel", "nothing hidden in a name ran, no console script stood in for a command", not ran,
                (ran or "")[:600])
        bad = sorted({b for b in output if (b < 0x20 and b not in (9, 10, 13)) or b == 0x7F})
        if locale == "C.UTF-8":
            decoded = output.decode("utf-8", "surrogateescape")
            bad += sorted({ord(c) for c in decoded if 0x80 <= ord(c) <= 0x9F})
        R.check("terminal", "no control character reached the terminal", not bad,
                "%s in %r" % ([hex(b) for b in bad], output[-400:]))
        before = H.parse_env(H.read(os.path.join(out, "before")))
        for n, (label, env_dir, name) in enumerate(self.envs):
            after_env = H.parse_env(H.read(os.path.join(out, "%d.a" % n)))
            if not R.check("ran", label + " ran to the end", bool(before) and bool(after_env), repr(output[-600:])):
                continue
            shown = H.shown(name, shell, setting_name, locale)
            R.check("round trip", label + " deactivate restores every variable byte for byte", after_env == before,
                    H.env_diff(before, after_env))
            segment = between(output, b"VMARK-S-%d\n" % n, b"VMARK-B-%d" % n)
            if shown is not None:
                R.check("prompt", label + " the prompt shows the name as written", shown in segment,
                        "%r not in %r" % (shown, segment[-300:]))
            shown = child_shown(name, shell, child, locale)
            if shown is not None:
                segment = between(output, b"VMARK-B-%d\n" % n, b"VMARK-C-%d" % n)
                R.check("prompt", label + " the child's prompt shows the name as written", shown in segment,
                        "%r not in %r" % (shown, segment[-300:]))


def between(data, start, end):
    i = data.find(start)
    if i < 0:
        return b""
    j = data.find(end, i + len(start))
    return data[i + len(start):j if j >= 0 else len(data)]


def child_shown(name, shell, child, locale):
    """What a child shell that inherits the exported PS1 shows: as its
    parent for the same shell; zsh's `(%9v) ` as text in bash; None for
    another language (its own rules, checked for safety only)."""
    if not child:
        return None
    child_shell = child.split()[0]
    if child_shell == shell:
        return H.shown(name, shell, "default", locale)
    if shell == "zsh":
        return b"(%9v) "
    return None


@pytest.fixture(scope="session")
def matrix(setup, request):
    for shell, (argv, _, _) in SHELLS.items():
        assert subprocess.run(["sh", "-c", "command -v " + argv[0]], stdout=subprocess.DEVNULL).returncode == 0, \
            "%s is not installed: scripts/test installs it from the '# apt:' line of 30-activation.sh" % shell
    m = Matrix(setup)
    # The batches of the selected tests (all of them unless -k chose some).
    selected = {tuple(item.callspec.params[k] for k in ("shell", "setting", "locale"))
                for item in request.session.items if item.originalname == "test_matrix"}
    batches = [(shell, s[0], locale) for shell, (_, _, settings) in SHELLS.items() for s in settings
               for locale in PRESENT_LOCALES if (shell, s[0], locale) in selected]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda b: m.run(*b), batches))
    settings = sum(len(s) for _, _, s in SHELLS.values())
    injections = sum(r.by_group.get(g, [0, 0])[1] for r in m.results.values() for g in ("sentinel", "terminal"))
    H.FIGURES.append("matrix: %d names (%d environments: each name as a prompt, and as a path where creation "
                     "accepts it) x %d settings over %d shells x %d locales (%s) = %d shell runs, %d cases"
                     % (len(NAMES), len(m.envs), settings, len(SHELLS), len(PRESENT_LOCALES),
                        ", ".join(PRESENT_LOCALES), len(batches), len(batches) * len(m.envs)))
    H.FIGURES.append("matrix: %d checks passed, %d failed; injections found: %d"
                     % (sum(r.passed for r in m.results.values()),
                        sum(len(r.failures) for r in m.results.values()), injections))
    return m


def test_matrix_environments(matrix):
    assert not matrix.failures, "\n".join(matrix.failures)
    assert len(matrix.envs) == 2 * len(NAMES) - len(matrix.refused)
    # What the matrix does not make as a path, creation refuses in one line.
    for name in matrix.refused:
        env_dir = os.path.join(matrix.root, "refused", name)
        proc = H.create(env_dir)
        message = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 1 and message.count("\n") == 1 and "choose" in message, message
        assert not os.path.exists(env_dir)


@pytest.mark.parametrize("shell,setting,locale", batch_params())
def test_matrix(shell, setting, locale, matrix):
    # Per environment: that it ran, its round trip, and (where `harness.shown`
    # states it) the prompt.
    matrix.results[(shell, setting, locale)].assert_all(at_least=len(matrix.envs) * 2)
