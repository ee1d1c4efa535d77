"""virtualenv's own prompt matrix run against swift-venv's activation scripts.

virtualenv's `tests/unit/activation/test_activator.py::
test_activator_prompt_stays_data` runs every case of its `tests/prompt_matrix.py`
(shell x state before activation x action after it x hostile prompt): it
activates, draws the prompt as that shell does, and asserts that no `PWNED`
file was made and that the drawn prompt is the one its display rule
expects. This runs the same cases, with virtualenv's own `run_prompt` and
`prompt_shown`, unmodified, on scripts made by `swift-venv --prompt=P`
instead of virtualenv's `generate_script`; the shells it has and we write
(bash, zsh, fish, tcsh); nushell and PowerShell when installed.

Where virtualenv's display rule encodes its own escaping, not the name
(bash without promptvars shows its `\\` and `` \\` ``; bash's POSIX mode shows
`!` as the history number), or assumes a user's tcsh prompt (`> `, where
root's is `# `), a case our prompt shows literally is counted apart, so
the figure says which is which.

Usage: PYTHON virtualenv_prompts.py VIRTUALENV_SDIST SWIFT_VENV
(PYTHON: an interpreter with virtualenv and python-discovery installed,
such as the clients environment of scripts/clients-env).
Prints one line per shell and a total; exit status 1 if anything ran.
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def main():
    sdist, swift_venv = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.join(sdist, "tests"))
    import prompt_matrix as M

    scripts = {"bash": "activate", "zsh": "activate", "fish": "activate.fish", "cshell": "activate.csh",
               "nushell": "activate.nu", "powershell": "Activate.ps1"}
    made = {}
    root = Path(tempfile.mkdtemp(prefix="venv-prompts-"))

    def ours(shell, prompt):
        # One environment per prompt, named env like virtualenv's (its
        # scripts depend on the prompt only).
        if prompt not in made:
            dest = root / ("e%d" % len(made)) / "env"
            proc = subprocess.run([swift_venv, "--without-pip", "--prompt=" + prompt, str(dest)],
                                  capture_output=True)
            made[prompt] = dest if proc.returncode == 0 else proc.stderr.decode("utf-8", "replace")
        dest = made[prompt]
        return None if isinstance(dest, str) else dest / "bin" / scripts[shell]

    counts = collections.defaultdict(collections.Counter)
    literal = []
    for shell, state, action, payload in M.PROMPT_CASES:
        if shell not in scripts or M.unavailable(shell, action):
            counts[shell]["not run"] += 1
            continue
        prompt = M.SHELLS[shell].payloads[payload]
        script = ours(shell, prompt)
        if script is None:
            counts[shell]["refused"] += 1
            continue
        cwd = Path(tempfile.mkdtemp(dir=root))
        result = M.run_prompt(shell, script, state, action, cwd)
        if (cwd / "PWNED").exists():
            counts[shell]["injection"] += 1
            print("INJECTION %s %s %s %r" % (shell, state, action, prompt))
        elif M.prompt_shown(shell, result, prompt, state, action):
            counts[shell]["passed"] += 1
        else:
            drawn = M.drawn_prompt(shell, result) if shell in ("bash", "zsh", "cshell") else result.stdout[-200:]
            # tcsh's prompt before ours is root's `# ` (virtualenv's rule
            # looks for a user's `> `).
            if drawn in ("(%s) __END__" % prompt, "# (%s) __END__" % prompt):
                counts[shell]["literal, not virtualenv's rule"] += 1
                literal.append((shell, state, action, prompt))
            else:
                counts[shell]["failed"] += 1
                print("FAILED %s %s %s %r drew %r" % (shell, state, action, prompt, drawn))
    total = collections.Counter()
    for shell, c in counts.items():
        total.update(c)
        print("%s: %s" % (shell, ", ".join("%d %s" % (n, k) for k, n in sorted(c.items()))))
    run = sum(n for k, n in total.items() if k not in ("not run",))
    print("total: %d cases of %d run; %s" % (run, len(M.PROMPT_CASES),
                                            ", ".join("%d %s" % (n, k) for k, n in sorted(total.items()))))
    kinds = collections.Counter((s, st if st != "default" else a) for s, st, a, _ in literal)
    if literal:
        print("shown literally where virtualenv's rule expects otherwise: %s"
              % ", ".join("%s %s: %d" % (s, k, n) for (s, k), n in sorted(kinds.items())))
    return 1 if total["injection"] else 0


if __name__ == "__main__":
    sys.exit(main())
