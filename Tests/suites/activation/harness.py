"""What the activation tests share: the hostile corpus, the shell scripts
that record what a shell saw, and the checks made on it.

Every shell gets the script's path in the environment variable ACT, so no
hostile text is ever quoted by this test: only the scripts under test quote
it. Each shell run writes what it saw into files under OUT, which are then
compared here. Checks are collected in a `Checks` (one per test), so a test
reports every failed check, not only the first.
"""

import json
import os
import subprocess
import sys
import threading
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
import interpreters  # noqa: E402

SWIFT_VENV = os.environ["SWIFT_VENV_BIN"]
# The base of every environment here: the first interpreter of the matrix.
BASE_PYTHON = interpreters.PRESENT[0][1] if interpreters.PRESENT else None

# Each is used once as the last component of an environment's path (so also
# as its default prompt) and once as a --prompt. `venvsentinel` is a command
# on PATH that logs it ran: no run may log anything.
HOSTILE = [
    ("space", "with  space"),
    ("single-quote", "it's"),
    ("double-quote", 'say "hi"'),
    ("dollar", "$HOME${PATH}$1$$"),
    ("command-substitution", "$(venvsentinel)"),
    ("backquotes", "`venvsentinel`"),
    ("bang", "bang!venvsentinel!!x"),
    ("backslash", "back\\slash\\n\\$\\"),
    ("semicolon", "a;venvsentinel;b&&venvsentinel|venvsentinel"),
    ("percent", "100%~%n%%%F{red}%(?.a.b)"),  # as a path: refused (dash)
    ("hash", "#not a comment #> ]]"),
    ("non-ascii", "café-日本-🐍"),
    ("quote-and-combining-mark", "x'\u0301;venvsentinel;'"),
    ("globs-and-braces", "*?[a]{b,c}~(x)<y>"),
    ("leading-dash", "-n -e --"),
    ("everything", "'\"$(venvsentinel)`venvsentinel`!x\\;%#é {} \\$PWD ${HOME}"),
]

# What each shell's prompt variable holds, and what it shows, for a name
# (the threat model in Templates/README.md), stated here from it, not
# imported: every shell shows the name as written, with the exceptions
# `shown` lists. `${-+}` is an empty expansion that keeps a non-ASCII
# character from taking the backslash after it as its own second byte.
CUT = "${-+}"


def prompt_form(name, shell):
    """The text the activation script puts before PS1 (csh: `prompt`) in
    `shell` (for tcsh, in a UTF-8 locale; "tcsh-ascii" in any other;
    "bash-plain": bash with promptvars off and PS1 not exported)."""
    out, after_non_ascii = "", False
    for c in name:
        cut = CUT if after_non_ascii else ""
        if shell in ("bash", "bash-plain"):
            backquote = "\\D{`}" if shell == "bash-plain" else "\\`"
            out += (cut + "\\D{%s}" % c if c in "$\\!" else cut + "\\D{%%}" if c == "%"
                    else cut + backquote if c == "`" else c)
        elif shell in ("dash", "mksh", "ksh"):
            if c in "$`\\" or (shell == "ksh" and c in "'\""):
                out += cut + "\\" + c
            else:
                out += "!!" if c == "!" and shell != "dash" else "%" + CUT if c == "%" else c
        elif shell in ("tcsh", "tcsh-ascii"):
            if ord(c) < 0x80:
                out += c if c.isalnum() or c == " " else "\\" + c
            else:
                low = ord(c) & 0xFF
                out += "_" if shell == "tcsh-ascii" or low < 0x20 or 0x7F <= low <= 0x9F else c
        elif shell == "csh":
            out += "\\!" if c == "!" else c
        elif shell == "zsh":
            return "(%9v) "
        after_non_ascii = ord(c) >= 0x80
    return "(" + out + ") "


def shown(name, shell, setting="default", locale="C.UTF-8"):
    """The bytes the prompt shows, or None where the test checks only that
    nothing ran and no control character was written: another language
    reading an exported PS1 (its own rules, data), csh (not tcsh) with a
    history character other than `!`, tcsh after a change to a locale that
    cannot show the name, and a name with non-ASCII text in a locale that is
    not UTF-8, which the name's UTF-8 is not text of (bash, zsh and ksh93
    read it as that locale's characters; tcsh shows underscores)."""
    utf8 = "UTF-8" in locale.upper() or "UTF8" in locale.upper()
    ascii_name = all(ord(c) < 0x80 for c in name)
    if shell == "fish":
        return ("(" + name + ") ").encode()
    if shell in ("tcsh", "csh"):
        if shell == "csh" and "histchars" in setting:
            return None
        if shell == "tcsh" and ("LC_ALL=C" in setting and not ascii_name):
            return None
        if shell == "tcsh" and not ascii_name:
            keep = lambda c: ord(c) < 0x80 or (utf8 and not (ord(c) & 0xFF < 0x20 or 0x7F <= ord(c) & 0xFF <= 0x9F))
            return ("(" + "".join(c if keep(c) else "_" for c in name) + ") ").encode()
        return ("(" + name + ") ").encode()
    if not utf8 and not ascii_name and shell != "dash":
        return None
    if shell == "zsh" and "prompt_percent off after" in setting:
        return b"(%9v) "
    if shell == "zsh" and "prompt_percent off before" in setting:
        # Without prompt_percent, zsh's prompt is dash's, shown raw.
        return prompt_form(name, "dash").encode()
    text = name
    if shell == "bash" and setting.startswith("promptvars off"):
        # Without promptvars bash only decodes escapes: the cut after a
        # non-ASCII character shows; a backquote shows as written when
        # promptvars was off at activation (its form `\D{`}`), but keeps its
        # backslash when it was turned off after, or PS1 was exported (`\``,
        # the form for every shell).
        form = "bash-plain" if setting == "promptvars off" else "bash"
        text = prompt_form(name, form)[1:-2].replace("\\D{$}", "$").replace("\\D{\\}", "\\")
        text = text.replace("\\D{!}", "!").replace("\\D{%%}", "%").replace("\\D{`}", "`")
    if shell == "zsh":
        # zsh's %v shows a character it cannot print as \uXXXX (data).
        text = "".join("\\u%04x" % ord(c) if unicodedata.category(c) in ("Zl", "Zp", "Cf") else c for c in text)
    return ("(" + text + ") ").encode()


def path_allowed(path):
    """False for the paths creation refuses (control characters, `%`, `:`, and the
    characters tcsh cuts to `/`, `:` or NUL after a change of locale)."""
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "%:"
                   or (ord(c) > 0xFF and (ord(c) & 0xFF) in (0, 0x2F, 0x3A)) for c in path)


SH_SHELLS = {
    "bash": ["bash", "--norc", "--noprofile"],
    "zsh": ["zsh", "-f"],
    "dash": ["dash"],
    "ksh": ["ksh"],
}
CSH_SHELLS = {"tcsh": ["tcsh", "-f"], "csh": ["csh", "-f"]}

# Interactive shells, reading commands from a pipe, print their prompt to
# stderr (csh to stdout): that is the prompt expansion users get.
INTERACTIVE = {
    "bash": (["bash", "--norc", "--noprofile", "-i"], ""),
    "bash --posix": (["bash", "--norc", "--noprofile", "--posix", "-i"], ""),
    "zsh": (["zsh", "-f", "-i"], ""),
    "zsh promptsubst": (["zsh", "-f", "-i"], "setopt promptsubst\n"),
    "zsh promptbang": (["zsh", "-f", "-i"], "setopt promptbang\n"),
    "dash": (["dash", "-i"], ""),
    "ksh": (["ksh", "-i"], ""),
    "tcsh": (["tcsh", "-f", "-i"], ""),
    "csh": (["csh", "-f", "-i"], ""),
}

SH_SCRIPT = r"""
@WHICH@
hash python3 2>/dev/null || :
printf '%s' "${PS1-}" > "$OUT/ps1_before"
printf '%s' "${PS1+set}" > "$OUT/ps1_set_before"
env -0 > "$OUT/before"
. "$ACT"
env -0 > "$OUT/during"
which_ python > "$OUT/which"
which_ python3 > "$OUT/which3"
python -c 'import sys; print(sys.prefix); print(sys.executable)' > "$OUT/python"
printf '%s' "${PS1-}" > "$OUT/ps1"
@SHOWN@
. "$ACT"
env -0 > "$OUT/during2"
deactivate nondestructive
env -0 > "$OUT/after1"
command -v deactivate > "$OUT/kept" || :
. "$ACT"
deactivate
env -0 > "$OUT/after2"
command -v deactivate > "$OUT/gone" || :
which_ python3 > "$OUT/which3_after"
printf '%s' "${PS1-}" > "$OUT/ps1_after"
printf '%s' "${PS1+set}" > "$OUT/ps1_set_after"
echo done > "$OUT/done"
"""

FISH_SCRIPT = r"""
fish_prompt > $OUT/ps1_before
env -0 > $OUT/before
source $ACT
env -0 > $OUT/during
command -v python > $OUT/which
command -v python3 > $OUT/which3
python -c 'import sys; print(sys.prefix); print(sys.executable)' > $OUT/python
fish_prompt > $OUT/ps1
source $ACT
env -0 > $OUT/during2
deactivate nondestructive
env -0 > $OUT/after1
functions -q deactivate; and echo deactivate > $OUT/kept
source $ACT
deactivate
env -0 > $OUT/after2
functions -q deactivate; and echo deactivate > $OUT/gone
command -v python3 > $OUT/which3_after
fish_prompt > $OUT/ps1_after
echo done > $OUT/done
"""

CSH_SCRIPT = r"""
@PROMPT@
printf '%s' "$?prompt" > $OUT/ps1_set_before
if ($?prompt) then
    printf '%s' "$prompt:q" > $OUT/ps1_before
endif
env -0 > $OUT/before
source "$ACT:q"
env -0 > $OUT/during
which python > $OUT/which
which python3 > $OUT/which3
python -c 'import sys; print(sys.prefix); print(sys.executable)' > $OUT/python
printf '%s' "$prompt:q" > $OUT/ps1
source "$ACT:q"
env -0 > $OUT/during2
deactivate nondestructive
env -0 > $OUT/after1
alias deactivate > $OUT/kept
source "$ACT:q"
deactivate
env -0 > $OUT/after2
alias deactivate > $OUT/gone
which python3 > $OUT/which3_after
printf '%s' "$?prompt" > $OUT/ps1_set_after
if ($?prompt) then
    printf '%s' "$prompt:q" > $OUT/ps1_after
endif
echo done > $OUT/done
"""

DELTA_SCRIPT = r"""
env -0 > "$OUT/before"
"$SWIFT_VENV_BIN" activate-env "$VENV" --json > "$OUT/delta.json"
(cd "$VENV/.." && "$SWIFT_VENV_BIN" activate-env "./${VENV##*/}" --json) > "$OUT/delta_relative.json"
mapfile -t delta < <("$SWIFT_VENV_BIN" activate-env "$VENV")
env "${delta[@]}" env -0 > "$OUT/via_env"
. "$ACT"
env -0 > "$OUT/during"
"""

# Switching from an environment made by CPython's venv: activating ours
# deactivates it first, and our deactivate restores what was before both.
SWITCH_SCRIPT = r"""
env -0 > "$OUT/before"
. "$OTHER"
. "$ACT"
env -0 > "$OUT/during"
deactivate
env -0 > "$OUT/after"
command -v deactivate > "$OUT/gone" || :
"""

FISH_SWITCH_SCRIPT = r"""
env -0 > $OUT/before
source $OTHER
source $ACT
env -0 > $OUT/during
fish_prompt > $OUT/ps1
deactivate
env -0 > $OUT/after
functions -q deactivate; and echo deactivate > $OUT/gone
"""

ACTIVATE_THIS = r"""
import json, os, sys
path = os.environ["ACT_THIS"]
before = list(sys.path)
exec(open(path).read(), {"__file__": path})
import venvmarker
print(json.dumps({
    "prefix": sys.prefix, "exec_prefix": sys.exec_prefix,
    "VIRTUAL_ENV": os.environ.get("VIRTUAL_ENV"),
    "VIRTUAL_ENV_PROMPT": os.environ.get("VIRTUAL_ENV_PROMPT"),
    "PATH": os.environ.get("PATH"), "PYTHONHOME": os.environ.get("PYTHONHOME"),
    "path0": sys.path[0], "marker": venvmarker.__file__,
    "leaked": sorted(k for k in globals() if k.startswith("_activate")),
}))
"""


def sh_script(shell, shown):
    """SH_SCRIPT for one shell: bash also records the prompt as shown
    (${PS1@P}); ksh93 quotes what `command -v` prints, undone by eval."""
    which = 'which_() { command -v "$1"; }'
    if shell == "ksh":
        which = 'which_() { eval "set -- $(command -v "$1")"; printf \'%s\\n\' "$1"; }'
    script = SH_SCRIPT.replace("@WHICH@", which)
    return script.replace("@SHOWN@", "printf '%s' \"${PS1@P}\" > \"$OUT/ps1_shown\"" if shell == "bash" and shown else "")


class Checks:
    """The checks of one test: counted per group, failures kept to report."""

    def __init__(self):
        self.passed = 0
        self.failures = []
        self.by_group = {}
        self.lock = threading.Lock()

    def check(self, group, name, ok, detail=""):
        with self.lock:
            stats = self.by_group.setdefault(group, [0, 0])
            if ok:
                self.passed += 1
                stats[0] += 1
            else:
                stats[1] += 1
                self.failures.append("%s: %s%s" % (group, name, (": " + detail) if detail else ""))
        return ok

    def assert_all(self, at_least=1):
        """Fails the test with every failed check; also if fewer than
        `at_least` checks ran (a test that checked nothing did not pass)."""
        assert not self.failures, "%d of %d checks failed:\n%s" % (
            len(self.failures), len(self.failures) + self.passed, "\n".join(self.failures[:60]))
        assert self.passed >= at_least, "only %d checks ran" % self.passed


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def text(path):
    data = read(path)
    return None if data is None else data.decode("utf-8", "surrogateescape")


def parse_env(data):
    env = {}
    for entry in (data or b"").split(b"\0"):
        if entry:
            name, _, value = entry.partition(b"=")
            env[name.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
    return env


def env_diff(a, b):
    lines = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            lines.append("%s: %r != %r" % (key, a.get(key), b.get(key)))
    return "; ".join(lines)


def expected_during(before, env_dir, name, ps1=None):
    after = dict(before)
    if ps1 is not None and "PS1" in before:
        # An exported prompt stays exported, with the prefix.
        after["PS1"] = ps1
    after.pop("PYTHONHOME", None)
    after["VIRTUAL_ENV"] = env_dir
    after["VIRTUAL_ENV_PROMPT"] = name
    bin_dir = os.path.join(env_dir, "bin")
    after["PATH"] = bin_dir + ":" + before["PATH"] if before.get("PATH") else bin_dir
    return after


class Setup:
    def __init__(self, root):
        self.root = root
        self.tools = os.path.join(root, "tools")
        self.home = os.path.join(root, "home")
        self.log = os.path.join(root, "sentinel.log")
        os.makedirs(self.tools)
        os.makedirs(self.home)
        sentinel = os.path.join(self.tools, "venvsentinel")
        with open(sentinel, "w") as f:
            f.write('#!/bin/sh\necho "venvsentinel ran: $0 $*" >> "$SENTINEL_LOG"\n')
        os.chmod(sentinel, 0o755)
        self.runs = 0
        self.lock = threading.Lock()

    def base_env(self, **extra):
        env = {
            "PATH": self.tools + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": self.home,
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "PYTHONHOME": "/nonexistent/python-home",
            "SENTINEL_LOG": self.log,
        }
        env.update(extra)
        return env

    def out_dir(self):
        with self.lock:
            self.runs += 1
            run = self.runs
        path = os.path.join(self.root, "out", str(run))
        os.makedirs(path)
        return path

    def sentinel_clean(self, R, group, what):
        log = text(self.log)
        R.check(group, "nothing hidden in the path or prompt ran (" + what + ")", not log, log or "")
        if log:
            os.remove(self.log)


def create(env_dir, prompt=None, relocatable=False):
    args = [SWIFT_VENV, "--without-pip", "--python", BASE_PYTHON] + (["--relocatable"] if relocatable else [])
    if prompt is not None:
        args.append("--prompt=" + prompt)
    args.append(env_dir)
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_shell(setup, shell, argv, script, case, extra_env=None, timeout=600):
    out = setup.out_dir()
    script_path = os.path.join(out, "script")
    with open(script_path, "w") as f:
        f.write(script)
    env = setup.base_env(ACT=os.path.join(case["dir"], "bin", case["script"][shell]), OUT=out, **(extra_env or {}))
    proc = subprocess.run(argv + [script_path], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=timeout, cwd=setup.home)
    return out, proc


def check_round_trip(R, setup, shell, out, proc, case, group, disabled_prompt=False):
    env_dir, name = case["dir"], case["name"]
    label = "%s [%s]" % (case["label"], shell)
    if not R.check(group, label + " ran to the end", text(os.path.join(out, "done")) == "done\n",
                   proc.stderr.decode("utf-8", "replace")[-400:]):
        return
    before = parse_env(read(os.path.join(out, "before")))
    during = parse_env(read(os.path.join(out, "during")))
    expected = expected_during(before, env_dir, name, None if disabled_prompt else text(os.path.join(out, "ps1")))
    R.check(group, label + " env while active", during == expected, env_diff(expected, during))
    python = os.path.join(env_dir, "bin", "python")
    python3 = os.path.join(env_dir, "bin", "python3")
    R.check(group, label + " python is the env's", text(os.path.join(out, "which")) == python + "\n",
            repr(text(os.path.join(out, "which"))))
    R.check(group, label + " python3 is the env's (hash reset)", text(os.path.join(out, "which3")) == python3 + "\n",
            repr(text(os.path.join(out, "which3"))))
    R.check(group, label + " sys.prefix", text(os.path.join(out, "python")) == env_dir + "\n" + python + "\n",
            repr(text(os.path.join(out, "python"))))
    ps1, ps1_before = text(os.path.join(out, "ps1")), text(os.path.join(out, "ps1_before")) or ""
    if disabled_prompt:
        R.check(group, label + " prompt untouched with VIRTUAL_ENV_DISABLE_PROMPT", ps1 == ps1_before, repr(ps1))
    elif shell == "fish":
        R.check(group, label + " prompt shows (name)", ps1 == "(" + name + ") " + ps1_before, repr(ps1))
    else:
        # The form for this shell (LANG is C.UTF-8 here); what it shows is
        # checked by the interactive runs (and for bash by ${PS1@P} here).
        R.check(group, label + " prompt is the prefix, then the old prompt",
                ps1 == prompt_form(name, shell) + ps1_before, repr(ps1))
    seen = text(os.path.join(out, "ps1_shown"))
    if seen is not None and not disabled_prompt:
        R.check(group, label + " ${PS1@P} shows (name)", seen == "(" + name + ") " + ps1_before, repr(seen))
    R.check(group, label + " re-activation", parse_env(read(os.path.join(out, "during2"))) == during,
            env_diff(during, parse_env(read(os.path.join(out, "during2")))))
    after1 = parse_env(read(os.path.join(out, "after1")))
    R.check(group, label + " deactivate nondestructive restores env", after1 == before, env_diff(before, after1))
    R.check(group, label + " deactivate nondestructive keeps deactivate", bool(text(os.path.join(out, "kept"))))
    after2 = parse_env(read(os.path.join(out, "after2")))
    R.check(group, label + " deactivate restores env", after2 == before, env_diff(before, after2))
    R.check(group, label + " deactivate removes itself", not text(os.path.join(out, "gone")),
            repr(text(os.path.join(out, "gone"))))
    which3_after = text(os.path.join(out, "which3_after")) or ""
    R.check(group, label + " python3 is the base's again", not which3_after.startswith(env_dir), repr(which3_after))
    R.check(group, label + " prompt restored", text(os.path.join(out, "ps1_after")) == text(os.path.join(out, "ps1_before"))
            and text(os.path.join(out, "ps1_set_after")) == text(os.path.join(out, "ps1_set_before")),
            repr((text(os.path.join(out, "ps1_after")), text(os.path.join(out, "ps1_before")))))


def run_interactive(R, setup, shell, case):
    argv, setup_line = INTERACTIVE[shell]
    source = 'source "$ACT:q"' if "csh" in shell else '. "$ACT"'
    script_name = "activate.csh" if "csh" in shell else "activate"
    stdin = setup_line + source + "\ntrue\nexit\n"
    env = setup.base_env(ACT=os.path.join(case["dir"], "bin", script_name), ENV="/dev/null")
    proc = subprocess.run(argv, input=stdin.encode(), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600, cwd=setup.home)
    output = proc.stdout + proc.stderr
    label = "%s [%s]" % (case["label"], shell)
    expected = shown(case["name"], shell.split()[0])
    R.check("prompt shown: " + shell, label + " shows (name)", expected in output, repr(output[-300:]))


def run_switch(R, setup, shell, argv, case, other):
    out = setup.out_dir()
    script_path = os.path.join(out, "script")
    with open(script_path, "w") as f:
        f.write(FISH_SWITCH_SCRIPT if shell == "fish" else SWITCH_SCRIPT)
    script = "activate.fish" if shell == "fish" else "activate"
    env = setup.base_env(ACT=os.path.join(case["dir"], "bin", script), OUT=out, OTHER=other + script)
    proc = subprocess.run(argv + [script_path], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600, cwd=setup.home)
    group, label = "switch from venv", "%s [%s]" % (case["label"], shell)
    before = parse_env(read(os.path.join(out, "before")))
    during = parse_env(read(os.path.join(out, "during")))
    after = parse_env(read(os.path.join(out, "after")))
    # CPython's activate exports PS1 and its deactivate leaves it exported
    # (and set, when it was unset): not ours to undo.
    for env in (during, after):
        env.pop("PS1", None)
    expected = expected_during(before, case["dir"], case["name"])
    R.check(group, label + " env while active", during == expected,
            env_diff(expected, during) + " " + proc.stderr.decode("utf-8", "replace")[-300:])
    R.check(group, label + " deactivate restores env from before both", after == before, env_diff(before, after))
    R.check(group, label + " deactivate removes itself", not text(os.path.join(out, "gone")))
    if shell == "fish":
        shown = text(os.path.join(out, "ps1")) or ""
        R.check(group, label + " prompt shows only our name", shown.startswith("(" + case["name"] + ") ")
                and "cpython-venv" not in shown, repr(shown))


def run_delta(R, setup, case):
    out = setup.out_dir()
    script_path = os.path.join(out, "script")
    with open(script_path, "w") as f:
        f.write(DELTA_SCRIPT)
    env = setup.base_env(ACT=os.path.join(case["dir"], "bin", "activate"), OUT=out, VENV=case["dir"],
                         SWIFT_VENV_BIN=SWIFT_VENV)
    proc = subprocess.run(["bash", "--norc", "--noprofile", script_path], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=600, cwd=setup.home)
    group, label = "activate-env", case["label"]
    before = parse_env(read(os.path.join(out, "before")))
    during = parse_env(read(os.path.join(out, "during")))
    try:
        delta = json.loads(text(os.path.join(out, "delta.json")))
        relative = json.loads(text(os.path.join(out, "delta_relative.json")))
    except (TypeError, ValueError) as error:
        R.check(group, label + " prints JSON", False, "%s %s" % (error, proc.stderr.decode("utf-8", "replace")))
        return
    applied = dict(before)
    for name in delta["unset"]:
        applied.pop(name, None)
    applied.update(delta["set"])
    R.check(group, label + " --json delta equals sourcing activate in bash", applied == during, env_diff(during, applied))
    # A relative ENV is taken from the current directory, which the kernel
    # gives resolved (as os.getcwd() does for venv): only the parent of the
    # symlinked case differs.
    physical = os.path.join(os.path.realpath(os.path.dirname(case["dir"])), os.path.basename(case["dir"]))
    expected = json.loads(json.dumps(delta).replace(json.dumps(case["dir"])[1:-1], json.dumps(physical)[1:-1]))
    R.check(group, label + " relative ENV gives the same delta", relative == expected, repr(relative))
    via_env = parse_env(read(os.path.join(out, "via_env")))
    R.check(group, label + " lines given to env(1) equal sourcing activate", via_env == during, env_diff(during, via_env))


def run_activate_this(R, setup, case, interpreter):
    site_packages = [os.path.join(case["dir"], "lib", d, "site-packages") for d in os.listdir(os.path.join(case["dir"], "lib"))]
    with open(os.path.join(site_packages[0], "venvmarker.py"), "w") as f:
        f.write("")
    act = os.path.join(case["dir"], "bin", "activate_this.py")
    for interpreter in [interpreter]:
        home = os.path.dirname(os.path.dirname(interpreter))
        env = setup.base_env(ACT_THIS=act, PYTHONHOME=home)
        proc = subprocess.run([interpreter, "-c", ACTIVATE_THIS], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=600, cwd=setup.home)
        label = "%s [%s]" % (case["label"], interpreter)
        group = "activate_this.py"
        try:
            seen = json.loads(proc.stdout.decode("utf-8"))
        except ValueError:
            R.check(group, label + " runs", False, proc.stderr.decode("utf-8", "replace")[-400:])
            continue
        env_dir = case["dir"]
        R.check(group, label + " sys.prefix", seen["prefix"] == env_dir and seen["exec_prefix"] == env_dir, repr(seen))
        R.check(group, label + " variables", seen["VIRTUAL_ENV"] == env_dir and seen["VIRTUAL_ENV_PROMPT"] == case["name"]
                and seen["PYTHONHOME"] is None and seen["PATH"] == os.path.join(env_dir, "bin") + ":" + env["PATH"],
                repr(seen))
        R.check(group, label + " site-packages first and importable", seen["path0"] == site_packages[0]
                and seen["marker"].startswith(site_packages[0]) and not seen["leaked"], repr(seen))


# What creation refuses, each with the words its one line must hold.
REFUSALS = [
    ("line break in path", "a\nb", None, "control character"),
    ("escape in path", "a\x1b[31mb", None, "control character"),
    ("C1 control in path", "a\x9bb", None, "control character"),
    ("line break in prompt", "ok1", "a\nb", "line break"),
    ("escape in prompt", "ok2", "a\x1b]0;title\x07", "control character"),
    ("NEL in prompt", "ok3", "a\x85b", "control character"),
    # The byte 0xFF (surrogateescape): no UTF-8, neither as prompt nor as path.
    ("invalid UTF-8 in prompt", "ok4", "a\udcffb", "UTF-8"),
    ("invalid UTF-8 in path", "a\udcffb", None, "UTF-8"),
    ("percent in path (dash reads p%func on PATH as an option)", "p%func", None, "'%'"),
    ("U+012F in path (tcsh: demo/evil after LC_ALL=C)", "demo\u012fevil", None, "tcsh"),
    ("U+013A in path (tcsh: st:p after LC_ALL=C)", "st\u013ap", None, "tcsh"),
    ("U+0100 in path (tcsh: NUL after LC_ALL=C)", "a\u0100b", None, "tcsh"),
]


def check_refusals(R, setup):
    group = "refusals"
    for label, name, prompt, words in REFUSALS:
        env_dir = os.path.join(setup.root, "refused", name)
        proc = create(env_dir, prompt)
        message = proc.stderr.decode("utf-8", "replace")
        R.check(group, label, proc.returncode == 1 and words in message and "choose" in message
                and message.count("\n") == 1 and not any(ord(c) < 0x20 and c != "\n" for c in message)
                and not os.path.exists(env_dir), "status %d: %r" % (proc.returncode, message))


def make_cases(setup, relocatable=False):
    """Creates the environments of the round-trip tests: each hostile text as
    the last component of a path (where creation accepts it) and as a
    prompt, and one path through a symlinked directory; `relocatable`: made
    with --relocatable, in a directory of their own. Returns the cases and
    the creation failures."""
    root, cases, failures = os.path.join(setup.root, "relocatable") if relocatable else setup.root, [], []
    scripts = {"bash": "activate", "zsh": "activate", "dash": "activate", "ksh": "activate",
               "fish": "activate.fish", "tcsh": "activate.csh", "csh": "activate.csh"}
    # Named through a symlinked directory: VIRTUAL_ENV keeps the name as
    # given, not resolved, so that it agrees with sys.prefix.
    os.makedirs(os.path.join(root, "envs", "real"))
    os.symlink("real", os.path.join(root, "envs", "link"))
    wanted = [("symlinked parent in path", os.path.join(root, "envs", "link", "linked env"), None, "linked env", "path")]
    for i, (label, hostile) in enumerate(HOSTILE):
        if path_allowed(hostile):
            wanted.append((label + " in path", os.path.join(root, "envs", "p%d" % i, hostile), None, hostile, "path"))
        wanted.append((label + " in prompt", os.path.join(root, "envs", "q%d" % i, "env"), hostile, hostile, "prompt"))
    for label, env_dir, prompt, name, kind in wanted:
        proc = create(env_dir, prompt, relocatable)
        if proc.returncode == 0:
            cases.append({"label": label, "dir": env_dir, "name": name, "script": scripts, "kind": kind})
        else:
            failures.append("%s: %s" % (label, proc.stderr.decode("utf-8", "replace")))
    return cases, failures


#: Lines the suite prints at its end (counts of the matrix, injections found).
FIGURES = []
