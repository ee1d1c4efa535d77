"""Round trips in the real shells: for every shell and every hostile path and
prompt, sourcing the script makes `python` the environment's, shows the
prefix, runs nothing hidden in the text, and deactivate restores the whole
environment byte for byte. Also the interactive prompt, switching from an
environment made by CPython's venv, `swift-venv activate-env` against
sourcing `activate`, `activate_this.py` in every interpreter of the matrix,
and what creation refuses."""
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

import harness as H
import interpreters

SHELLS = list(H.SH_SHELLS.items()) + [("fish", ["fish", "--no-config"])] + list(H.CSH_SHELLS.items())


def require(program):
    if shutil.which(program) is None:
        pytest.fail("%s is not installed: scripts/test installs it from the '# apt:' line of 30-activation.sh" % program)


def parallel(function, items):
    """Runs `function` on every item, two at a time (the machine has two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(function, items))


def test_creation(setup, made):
    cases, failures = made
    R = H.Checks()
    for failure in failures:
        R.check("create", failure, False)
    allowed = sum(1 for _, text in H.HOSTILE if H.path_allowed(text))
    R.check("create", "every environment made", len(cases) == 1 + allowed + len(H.HOSTILE), str(len(cases)))
    setup.sentinel_clean(R, "create", "creation")
    R.assert_all()


@pytest.mark.parametrize("shell,argv", SHELLS, ids=[name for name, _ in SHELLS])
def test_round_trip(shell, argv, setup, cases):
    round_trip(shell, argv, setup, cases)


@pytest.mark.parametrize("shell,argv", SHELLS, ids=[name for name, _ in SHELLS])
def test_round_trip_relocatable(shell, argv, setup, relocatable_cases):
    """The same round trips through relocatable scripts (--relocatable).
    csh cannot say which file it reads, so it cannot tell the environment
    from a copy of it: it refuses each in one line and changes nothing."""
    if shell != "csh":
        round_trip(shell, argv, setup, relocatable_cases)
        return
    require(argv[0])
    R = H.Checks()

    def one(case):
        out, proc = H.run_shell(setup, shell, argv, H.CSH_SCRIPT.replace("@PROMPT@", "set prompt = 'csh> '"), case)
        label = "%s [csh]" % case["label"]
        err = proc.stderr.decode("utf-8", "replace").splitlines()
        R.check(shell, label + " ran to the end", H.text(os.path.join(out, "done")) == "done\n", repr(err[-3:]))
        # (The script's python and deactivate lines then find no command.)
        refusals = [line for line in err if line.startswith("activate.csh: ")]
        R.check(shell, label + " refused at each of its three sources", len(refusals) == 3 and all(
            "cannot tell this environment from a copy" in line for line in refusals) and all(
            line in refusals or line in ("python: Command not found.", "deactivate: Command not found.")
            for line in err), repr(err))
        before = H.parse_env(H.read(os.path.join(out, "before")))
        for step in ("during", "during2", "after2"):
            R.check(shell, label + " nothing changed (%s)" % step,
                    H.parse_env(H.read(os.path.join(out, step))) == before)
        R.check(shell, label + " prompt unchanged", H.text(os.path.join(out, "ps1")) == "csh> ")

    parallel(one, relocatable_cases)
    setup.sentinel_clean(R, shell, "relocatable refusals")
    R.assert_all(at_least=len(relocatable_cases) * 5)


def round_trip(shell, argv, setup, cases):
    require(argv[0])
    R = H.Checks()

    def one(case):
        # Half the runs start with an exported PS1 (csh: a prompt set),
        # half without one, so both paths of deactivate are exercised.
        extra, script = {}, {"fish": H.FISH_SCRIPT}.get(shell)
        with_prompt = case["kind"] == "path"
        if shell in H.SH_SHELLS:
            script = H.sh_script(shell, shown=True)
            if with_prompt:
                extra["PS1"] = "ps1> "
        elif shell in H.CSH_SHELLS:
            script = H.CSH_SCRIPT.replace("@PROMPT@", "set prompt = 'csh> '" if with_prompt else "")
        out, proc = H.run_shell(setup, shell, argv, script, case, extra)
        H.check_round_trip(R, setup, shell, out, proc, case, shell)

    parallel(one, cases)
    if shell in H.SH_SHELLS:
        # Strict mode (set -eu), as in scripts and CI jobs that source activate.
        strict = "set -eu\n" + H.sh_script(shell, shown=False)
        case = dict(cases[-1], label="set -eu")
        out, proc = H.run_shell(setup, shell, argv, strict, case)
        H.check_round_trip(R, setup, shell, out, proc, case, shell)
    # VIRTUAL_ENV_DISABLE_PROMPT, with the nastiest case.
    case = dict(cases[-1], label="disabled prompt")
    script = {"fish": H.FISH_SCRIPT}.get(shell) or (
        H.sh_script(shell, shown=False) if shell in H.SH_SHELLS else H.CSH_SCRIPT.replace("@PROMPT@", "set prompt = 'csh> '"))
    out, proc = H.run_shell(setup, shell, argv, script, case, {"VIRTUAL_ENV_DISABLE_PROMPT": "1", "PS1": "ps1> "})
    H.check_round_trip(R, setup, shell, out, proc, case, shell, disabled_prompt=True)
    setup.sentinel_clean(R, shell, "round trips")
    R.assert_all(at_least=len(cases) * 10)


@pytest.mark.parametrize("shell", list(H.INTERACTIVE))
def test_prompt_as_shown(shell, setup, cases):
    require(H.INTERACTIVE[shell][0][0])
    R = H.Checks()
    parallel(lambda case: H.run_interactive(R, setup, shell, case), cases)
    setup.sentinel_clean(R, "prompt shown: " + shell, "prompt display")
    R.assert_all(at_least=len(cases))


def test_switch_from_cpython_venv(setup, cases):
    R = H.Checks()
    other = os.path.join(setup.root, "cpython-venv")
    made = subprocess.run([H.BASE_PYTHON, "-m", "venv", "--without-pip", other], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    assert made.returncode == 0, made.stderr.decode("utf-8", "replace")
    for shell, argv in list(H.SH_SHELLS.items()) + [("fish", ["fish", "--no-config"])]:
        require(argv[0])
        for case in (cases[0], cases[-1]):
            H.run_switch(R, setup, shell, argv, case, os.path.join(other, "bin", ""))
    setup.sentinel_clean(R, "switch from venv", "switch")
    R.assert_all(at_least=30)


def test_activate_env_equals_sourcing_activate(setup, cases):
    R = H.Checks()
    parallel(lambda case: H.run_delta(R, setup, case), cases)
    setup.sentinel_clean(R, "activate-env", "delta")
    R.assert_all(at_least=len(cases) * 3)


@pytest.mark.parametrize("name,interpreter", interpreters.pytest_params())
def test_activate_this(name, interpreter, setup, cases):
    R = H.Checks()
    parallel(lambda case: H.run_activate_this(R, setup, case, interpreter), cases)
    setup.sentinel_clean(R, "activate_this.py", name)
    R.assert_all(at_least=len(cases) * 3)


def test_refusals(setup):
    R = H.Checks()
    H.check_refusals(R, setup)
    R.assert_all(at_least=len(H.REFUSALS))
