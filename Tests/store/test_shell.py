"""`swift-venv shell-init` in real shells (issue 15, item 4): one workflow of
virtualenvwrapper's commands, run with our functions in bash, zsh, dash and
fish, as aliases in tcsh and csh, and with virtualenvwrapper 6.1.1 itself
(sourced, driving virtualenv) in bash and zsh; the hooks must fire in
virtualenvwrapper's order with its arguments, and the commands print what
virtualenvwrapper prints. Also: completion of environment names, mktmpenv,
add2virtualenv, wipeenv and mkvirtualenv -i/-r (pip from local wheels), and
bad names; in csh, hostile names that must run no code."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import BIN, TOOLS, env, run, store, tool

RUN_HOOKS = ["premkvirtualenv", "prermvirtualenv", "postrmvirtualenv", "preactivate", "precpvirtualenv",
             "premkproject", "get_env_details"]
SOURCED_HOOKS = ["postmkvirtualenv", "postactivate", "predeactivate", "postdeactivate", "postcpvirtualenv",
                 "postmkproject"]

# The workflow, in sh syntax; $NOPIP is the creator's "no pip" option.
WORKFLOW = r'''
mkvirtualenv $NOPIP -a "$PROJECT_HOME/p1" e1
echo "active: ${VIRTUAL_ENV##*/} in ${PWD##*/}"
for h in preactivate; do printf '#!/bin/sh\necho "local %s $*" >> "$LOG"\n' $h > "$WORKON_HOME/e1/bin/$h"; chmod +x "$WORKON_HOME/e1/bin/$h"; done
for h in postactivate predeactivate postdeactivate; do echo "echo \"local $h \${VIRTUAL_ENV##*/}\" >> \"\$LOG\"" > "$WORKON_HOME/e1/bin/$h"; done
deactivate
echo "after deactivate: [${VIRTUAL_ENV:-}]"
cd /
workon e1
echo "workon: ${VIRTUAL_ENV##*/} in ${PWD##*/}"
cd /
workon -n e1
echo "workon -n: ${VIRTUAL_ENV##*/} in ${PWD:-/}"
cpvirtualenv e1 e2
echo "after cp: ${VIRTUAL_ENV##*/}"
lsvirtualenv -b
showvirtualenv e1
deactivate
mkproject $NOPIP p2
echo "mkproject: ${VIRTUAL_ENV##*/} in ${PWD##*/}"
cd /
cdproject
echo "cdproject: ${PWD##*/}"
cdvirtualenv
echo "cdvirtualenv: ${PWD##*/}"
rmvirtualenv p2
deactivate
rmvirtualenv e2 e1 p2
lsvirtualenv -b
workon nosuch || echo "workon nosuch: $?"
workon
echo "workon: $?"
'''

FISH_WORKFLOW = r'''
mkvirtualenv $NOPIP -a "$PROJECT_HOME/p1" e1
echo "active: "(basename $VIRTUAL_ENV)" in "(basename $PWD)
printf '#!/bin/sh\necho "local preactivate $*" >> "$LOG"\n' > $WORKON_HOME/e1/bin/preactivate; chmod +x $WORKON_HOME/e1/bin/preactivate
for h in postactivate predeactivate postdeactivate
    echo "echo \"local $h \"(basename \"\$VIRTUAL_ENV\") >> \$LOG" > $WORKON_HOME/e1/bin/$h.fish
end
deactivate
echo "after deactivate: [$VIRTUAL_ENV]"
cd /
workon e1
echo "workon: "(basename $VIRTUAL_ENV)" in "(basename $PWD)
cd /
workon -n e1
echo "workon -n: "(basename $VIRTUAL_ENV)" in $PWD"
cpvirtualenv e1 e2
echo "after cp: "(basename $VIRTUAL_ENV)
lsvirtualenv -b
showvirtualenv e1
deactivate
mkproject $NOPIP p2
echo "mkproject: "(basename $VIRTUAL_ENV)" in "(basename $PWD)
cd /
cdproject
echo "cdproject: "(basename $PWD)
cdvirtualenv
echo "cdvirtualenv: "(basename $PWD)
rmvirtualenv p2
deactivate
rmvirtualenv e2 e1 p2
lsvirtualenv -b
workon nosuch; or echo "workon nosuch: $status"
workon
echo "workon: $status"
'''


# The same workflow in tcsh and csh; the environment's sourced hooks are the
# .csh variants, written by $SETUP (sh).
CSH_WORKFLOW = r'''
mkvirtualenv $NOPIP -a "$PROJECT_HOME/p1" e1
echo "active: $VIRTUAL_ENV:t in $cwd:t"
sh $SETUP:q
deactivate
echo "after deactivate: [`printenv VIRTUAL_ENV`]"
cd /
workon e1
echo "workon: $VIRTUAL_ENV:t in $cwd:t"
cd /
workon -n e1
echo "workon -n: $VIRTUAL_ENV:t in $cwd"
cpvirtualenv e1 e2
echo "after cp: $VIRTUAL_ENV:t"
lsvirtualenv -b
showvirtualenv e1
deactivate
mkproject $NOPIP p2
echo "mkproject: $VIRTUAL_ENV:t in $cwd:t"
cd /
cdproject
echo "cdproject: $cwd:t"
cdvirtualenv
echo "cdvirtualenv: $cwd:t"
rmvirtualenv p2
deactivate
rmvirtualenv e2 e1 p2
lsvirtualenv -b
workon nosuch || echo "workon nosuch: $status"
workon
echo "workon: $status"
'''

# Writes e1's own hooks for the csh workflow: preactivate runs (sh), the rest
# are sourced (.csh).
CSH_SETUP = r'''
printf '#!/bin/sh\necho "local preactivate $*" >> "$LOG"\n' > "$WORKON_HOME/e1/bin/preactivate"
chmod +x "$WORKON_HOME/e1/bin/preactivate"
for h in postactivate predeactivate postdeactivate; do
    printf 'if ( $?VIRTUAL_ENV ) then\n  echo "local %s $VIRTUAL_ENV:t" >> $LOG:q\nelse\n  echo "local %s " >> $LOG:q\nendif\n' \
        $h $h > "$WORKON_HOME/e1/bin/$h.csh"
done
'''


def csh_hook(label):
    """A sourced hook in csh logging as the sh one does (`${VIRTUAL_ENV##*/}`)."""
    return ('if ( $?VIRTUAL_ENV ) then\n  echo "%s $VIRTUAL_ENV:t" >> $LOG:q\nelse\n'
            '  echo "%s " >> $LOG:q\nendif\n' % (label, label))


def prepare(tmp_path, fish=False, csh=False):
    home = tmp_path / "home"
    workon, projects = home / "envs", home / "projects"
    (projects / "p1").mkdir(parents=True)
    workon.mkdir()
    log = tmp_path / "hooks.log"
    for h in RUN_HOOKS:
        (workon / h).write_text('#!/bin/sh\necho "%s $*" >> "$LOG"\n' % h)
        (workon / h).chmod(0o755)
    for h in SOURCED_HOOKS:
        if csh:
            (workon / (h + ".csh")).write_text(csh_hook(h))
        elif fish:
            (workon / (h + ".fish")).write_text('echo "%s "(basename "$VIRTUAL_ENV") >> $LOG\n' % h)
        else:
            (workon / h).write_text('echo "%s ${VIRTUAL_ENV##*/}" >> "$LOG"\n' % h)
    return home, workon, projects, log


def run_workflow(shell, loader, tmp_path, nopip, extra_env=None, fish=False):
    csh = shell in ("tcsh", "csh")
    home, workon, projects, log = prepare(tmp_path, fish, csh)
    script = loader + "\n" + (FISH_WORKFLOW if fish else CSH_WORKFLOW if csh else WORKFLOW)
    environ = env(HOME=home, WORKON_HOME=workon, PROJECT_HOME=projects, LOG=log, NOPIP=nopip, SHELL="/bin/sh",
                  **(extra_env or {}))
    argv = [shell, "-c", script] if shell != "zsh" else ["zsh", "-f", "-c", script]
    if shell == "zsh":
        argv = ["zsh", "-f", "-c", script.replace("$NOPIP", "${=NOPIP}")]
    if csh:
        (tmp_path / "setup.sh").write_text(CSH_SETUP)
        (tmp_path / "workflow.csh").write_text(script)
        environ["SETUP"] = str(tmp_path / "setup.sh")
        argv = [shell, "-f", str(tmp_path / "workflow.csh")]
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, cwd=str(tmp_path), timeout=600)
    out = result.stdout.decode()
    # What the creating tool itself prints is not the workflow's.
    out = "\n".join(line for line in out.split("\n")
                    if not re.match(r"(created virtual environment|  creator |  activators )", line))
    return out.replace(str(tmp_path), "TMP"), log.read_text().replace(str(tmp_path), "TMP"), result.stderr.decode()


def ours(shell):
    if shell in ("tcsh", "csh"):
        return 'eval "`%s shell-init %s`"' % (BIN, shell)
    return 'eval "$(%s shell-init %s)"' % (BIN, shell) if shell != "fish" else "%s shell-init fish | source" % BIN


def virtualenvwrapper_workflow(shell, tmp):
    """The workflow under virtualenvwrapper 6.1.1 (the tools environment's)
    in shell: its output, hook log and stderr."""
    tool("virtualenvwrapper.sh")
    loader = "export PATH=%s:$PATH; source %s/virtualenvwrapper.sh" % (TOOLS, TOOLS)
    return run_workflow(shell, loader, tmp, "", {
        "VIRTUALENVWRAPPER_PYTHON": TOOLS / "python",
        "VIRTUALENVWRAPPER_VIRTUALENV": TOOLS / "virtualenv",
        "VIRTUALENVWRAPPER_VIRTUALENV_ARGS": "--no-seed",
        "VIRTUALENV_OVERRIDE_APP_DATA": tmp / "app-data",
    })


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The workflow under virtualenvwrapper 6.1.1 in bash: its output and hook log."""
    out, log, err = virtualenvwrapper_workflow("bash", tmp_path_factory.mktemp("vwrapper"))
    assert "hook" in log or log, err
    return out, log


@pytest.mark.parametrize("shell", ["bash", "zsh", "dash", "fish", "tcsh", "csh"])
def test_workflow_matches_virtualenvwrapper(shell, tmp_path, reference):
    if not shutil.which(shell):
        pytest.fail("shell %s absent (the suite's apt line installs it)" % shell)
    if shell == "csh" and os.path.realpath(shutil.which("csh")) == os.path.realpath(shutil.which("tcsh") or ""):
        pytest.skip("csh is tcsh here")
    name = "sh" if shell == "dash" else shell
    out, log, err = run_workflow(shell, ours(name), tmp_path, "--without-pip", fish=shell == "fish")
    ref_out, ref_log = reference
    assert log == ref_log, "hooks:\n%s\nvirtualenvwrapper's:\n%s\nstderr: %s" % (log, ref_log, err)
    assert out == ref_out, "output:\n%s\nvirtualenvwrapper's:\n%s\nstderr: %s" % (out, ref_out, err)


def test_virtualenvwrapper_in_zsh_fires_the_same_hooks(tmp_path, reference):
    """The reference itself is the same in zsh: the order is virtualenvwrapper's, not bash's."""
    out, log, err = virtualenvwrapper_workflow("zsh", tmp_path)
    assert log == reference[1]


def test_completion_bash_zsh_fish(tmp_path):
    workon = store(tmp_path, "alpha", "alpine", "beta", "with space")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    out = run("bash", "-c", ours("bash") + '\ncomplete -p workon rmvirtualenv cpvirtualenv showvirtualenv\n'
              'COMP_WORDS=(workon al); COMP_CWORD=1; _swift_venv_complete_envs; printf "%s\\n" "${COMPREPLY[@]}"\n'
              'COMP_WORDS=(rmvirtualenv w); COMP_CWORD=1; _swift_venv_complete_envs; printf "%s\\n" "${COMPREPLY[@]}"',
              environ=environ)[1].split("\n")
    assert out[:4] == ["complete -o default -o nospace -F _swift_venv_complete_envs %s" % c
                       for c in ("workon", "rmvirtualenv", "cpvirtualenv", "showvirtualenv")]
    assert out[4:7] == ["alpha", "alpine", "with space"]
    out = run("zsh", "-f", "-c", ours("zsh") + '\n_swift_venv_complete_envs; print -l -- $reply', environ=environ)[1]
    assert out.split("\n")[:4] == ["alpha", "alpine", "beta", "with space"]
    out = run("fish", "-c", ours("fish") + "\ncomplete -C 'workon al'; complete -C 'cpvirtualenv b'", environ=environ)[1]
    assert [line.split("\t")[0] for line in out.strip().split("\n")] == ["alpha", "alpine", "beta"]
    # virtualenvwrapper's own completion lists the same names.
    tool("virtualenvwrapper.sh")
    out = run("bash", "-c", "source %s/virtualenvwrapper.sh\nCOMP_WORDS=(workon al); COMP_CWORD=1; _virtualenvs; "
              'printf "%%s\\n" "${COMPREPLY[@]}"' % TOOLS,
              environ=env(WORKON_HOME=workon, HOME=tmp_path, VIRTUALENVWRAPPER_PYTHON=TOOLS / "python"))[1]
    assert out.split("\n")[:2] == ["alpha", "alpine"]


def test_pip_commands_and_tmpenv(tmp_path, wheels):
    """mkvirtualenv -i and -r, add2virtualenv, wipeenv and mktmpenv, in bash."""
    workon = tmp_path / "envs"
    req = tmp_path / "req.txt"
    req.write_text("demo2\n")
    (tmp_path / "lib1").mkdir()
    script = ours("bash") + r'''
mkvirtualenv -i demo -r "$REQ" e1 >/dev/null 2>&1 || exit 9
python -c "import demo, demo2, sys; print(sys.prefix)"
add2virtualenv "$LIB1"
cat "$(python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/_virtualenv_path_extensions.pth" | sed -n 2p
add2virtualenv -d "$LIB1"
wipeenv | tail -1
python -c "import demo" 2>/dev/null || echo "wiped"
deactivate
mktmpenv --without-pip -n > "$OUT1"
name=${VIRTUAL_ENV##*/}
deactivate >/dev/null
[ -d "$WORKON_HOME/$name" ] && echo "tmpenv kept" || echo "tmpenv removed"
'''
    out = run("bash", "-c", script, environ=env(WORKON_HOME=workon, HOME=tmp_path, REQ=req, LIB1=tmp_path / "lib1",
                                             OUT1=tmp_path / "out1", PIP_FIND_LINKS=wheels))[1].split("\n")
    assert out[0] == str(workon / "e1")
    assert out[1] == str(tmp_path / "lib1")
    assert out[3] == "wiped"
    assert out[4] == "tmpenv removed"
    assert (tmp_path / "out1").read_text() == "This is a temporary environment. It will be deleted when you run 'deactivate'.\n"


@pytest.mark.parametrize("bad", ["a/b", "..", ""])
def test_bad_names_refused_in_one_line(tmp_path, bad):
    workon = store(tmp_path, "e1")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    run("bash", "-c", ours("bash"), environ=environ)          # makes the hook files
    before = sorted(os.listdir(workon)), sorted(os.listdir(tmp_path))
    for command in ("workon", "rmvirtualenv", "mkvirtualenv --without-pip"):
        if command == "workon" and bad == "":
            continue  # workon without a name lists the environments, as virtualenvwrapper's does
        code, out, err = run("bash", "-c", ours("bash") + '\n%s "$1"' % command, "sh", bad, environ=environ, check=False)
        assert code != 0 and err.count("\n") == 1 and "not an environment name" in err, (command, out, err)
    assert (sorted(os.listdir(workon)), sorted(os.listdir(tmp_path))) == before, "a bad name created something"


# Names and a project path that would run `pwned` (a program on PATH that
# logs) if any of it were read as code by csh, by the program or by a hook.
HOSTILE_NAMES = ["a b", "q'uote", 'd"q', "$HOME", "`pwned`", "$(pwned)", "x;pwned", "!pwned", "ba\\ck",
                 "é t", "a&pwned|pwned>d", "{a,b}*", "~x"]


@pytest.mark.parametrize("shell", ["tcsh", "csh"])
def test_csh_hostile_names_run_no_code(shell, tmp_path):
    if shell == "csh" and os.path.realpath(shutil.which("csh")) == os.path.realpath(shutil.which("tcsh") or ""):
        pytest.skip("csh is tcsh here")
    workon, out = tmp_path / "envs", tmp_path / "out"
    bindir, log = pwned_program(tmp_path)
    project = tmp_path / "proj `pwned` $HOME !pwned '\"; pwned"
    project.mkdir()
    environ = env(HOME=tmp_path, WORKON_HOME=workon, P=project, OUT=out, PATH="%s:/usr/bin:/bin" % bindir)
    script = [ours(shell)]
    # Every sourced hook sees the environment's path; the environment's own
    # .csh hook is looked for under that hostile path.
    (workon).mkdir()
    (workon / "postactivate.csh").write_text('printenv VIRTUAL_ENV >> $OUT:q\n')
    for i, name in enumerate(HOSTILE_NAMES):
        environ["N%d" % i] = name
        script += [
            "mkvirtualenv --without-pip -a $P:q $N%d:q" % i,
            "cd /", "cdvirtualenv", "/bin/pwd >> $OUT:q", "cdproject", "/bin/pwd >> $OUT:q",
            # Active but not through workon: workon leaves it by its own deactivate.
            "deactivate", 'source "$WORKON_HOME/$N%d/bin/activate.csh"' % i, "workon -n $N%d:q" % i,
            "cpvirtualenv $N%d:q c$N%d:q" % (i, i),
            "deactivate",
            "rmvirtualenv $N%d:q c$N%d:q" % (i, i),
        ]
    (tmp_path / "hostile.csh").write_text("\n".join(script) + "\nlsvirtualenv -b\n")
    code, stdout, stderr = run(shell, "-f", tmp_path / "hostile.csh", environ=environ, cwd=tmp_path, check=False)
    assert not log.exists(), "code ran: %s\n%s" % (stdout, stderr)
    real_workon = os.path.realpath(workon)
    # Per name: the global postactivate.csh (mkvirtualenv), pwd after
    # cdvirtualenv and cdproject, the hook again (workon, cpvirtualenv).
    expected = []
    for name in HOSTILE_NAMES:
        expected += [str(workon / name), os.path.join(real_workon, name), os.path.realpath(project),
                     str(workon / name), str(workon / ("c" + name))]
    assert out.read_text(encoding="utf-8").split("\n")[:-1] == expected, stderr
    assert [p for p in os.listdir(workon) if os.path.isdir(workon / p)] == [], stdout
    assert "rror" not in stderr, stderr
    assert stdout.split("\n").count("Removing c$HOME...") == 1


def pwned_program(tmp_path):
    """A directory for PATH holding `pwned`, which logs to the file returned
    if anything runs it."""
    bindir, log = tmp_path / "bin", tmp_path / "pwned.log"
    bindir.mkdir()
    (bindir / "pwned").write_text("#!/bin/sh\necho pwned >> %s\n" % log)
    (bindir / "pwned").chmod(0o755)
    return bindir, log


@pytest.mark.parametrize("shell", ["bash", "zsh", "dash", "fish"])
def test_sh_and_fish_hostile_names_run_no_code(shell, tmp_path):
    """The code `shell-do` writes for bash, zsh, sh and fish (the rendered
    plan each command function evaluates) holds every name and path as
    data: hostile environment names, a hostile project path, WORKON_HOME and
    a hook directory with quotes, `$`, backticks, `!`, non-ASCII text and (in
    the hook directory) a line break run no code, and each is seen exactly."""
    if not shutil.which(shell):
        pytest.fail("shell %s absent (the suite's apt line installs it)" % shell)
    fish = shell == "fish"
    (bindir, log), out = pwned_program(tmp_path), tmp_path / "out"
    workon = tmp_path / "st `pwned` $(pwned) !pwned ;pwned 'q\" é\\"
    hooks = tmp_path / "hk $HOME `pwned`\n$(pwned)'"
    project = tmp_path / "proj `pwned` $HOME !pwned '\"; pwned"
    for d in (workon, hooks, project):
        d.mkdir()
    # Every sourced hook records the environment it sees.
    (hooks / ("postactivate.fish" if fish else "postactivate")).write_text(
        'printf "%s\\n" "$VIRTUAL_ENV" >> $OUT\n' if fish else 'printf "%s\\n" "$VIRTUAL_ENV" >> "$OUT"\n')
    environ = env(HOME=tmp_path, WORKON_HOME=workon, VIRTUALENVWRAPPER_HOOK_DIR=hooks, P=project, OUT=out,
                  PATH="%s:/usr/bin:/bin" % bindir, SHELL="/bin/sh")
    lines = [ours("sh" if shell == "dash" else shell)]
    names = [n for n in HOSTILE_NAMES]
    for i, name in enumerate(names):
        environ["N%d" % i] = name
        v = "$N%d" % i if fish else '"$N%d"' % i
        c = "c$N%d" % i if fish else '"c$N%d"' % i
        pwd = 'printf "%s\\n" $PWD >> $OUT' if fish else 'printf "%s\\n" "$PWD" >> "$OUT"'
        lines += [
            "mkvirtualenv --without-pip -a %s %s" % ("$P" if fish else '"$P"', v),
            "cd /", "cdvirtualenv", pwd, "cdproject", pwd,
            "deactivate", "workon -n %s" % v, "cpvirtualenv %s %s" % (v, c), "deactivate",
            "rmvirtualenv %s %s" % (v, c),
        ]
    lines.append("lsvirtualenv -b")
    script = "\n".join(lines) + "\n"
    argv = ["zsh", "-f", "-c", script] if shell == "zsh" else [shell, "-c", script]
    code, stdout, stderr = run(*argv, environ=environ, cwd=tmp_path, check=False)
    assert not log.exists(), "code ran: %s\n%s" % (stdout, stderr)
    expected = ""
    for name in names:
        expected += "".join(p + "\n" for p in (str(workon / name), str(workon / name), str(project),
                                                 str(workon / name), str(workon / ("c" + name))))
    assert out.read_text(encoding="utf-8") == expected, stderr
    assert [p for p in os.listdir(workon) if os.path.isdir(workon / p)] == [], stdout
    assert "rror" not in stderr, stderr


def complete_in_tcsh(loader, typed, wanted, environ, timeout=300):
    """Whether Tab after `typed` in an interactive tcsh shows `wanted`."""
    import pty
    import select
    import time
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(shutil.which("tcsh"), ["tcsh", "-f", "-i"], dict(environ, TERM="xterm"))
    seen = b""
    try:
        os.write(fd, b"set edit\n" + loader.encode() + b"\n")
        os.write(fd, typed.encode() + b"\t")
        end = time.time() + timeout
        while wanted not in seen and time.time() < end:
            if select.select([fd], [], [], 0.1)[0]:
                seen += os.read(fd, 4096)
        return wanted in seen
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def test_csh_completion_and_startup(tmp_path):
    """tcsh's `complete` names the commands; the names it offers are the
    environments; loading runs one swift-venv process and no Python."""
    workon = store(tmp_path, "alpha", "alpine", "beta")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    script = tmp_path / "c.csh"
    script.write_text(ours("tcsh") + "\ncomplete\n$_swift_venv:q shell-do tcsh - names\n")
    out = run("tcsh", "-f", script, environ=environ)[1].split("\n")
    for command in ("workon", "rmvirtualenv", "cpvirtualenv", "showvirtualenv"):
        assert "%s\t'p/*/`$_swift_venv:q shell-do tcsh - names`/'" % command in out, out
    assert out[-4:-1] == ["alpha", "alpine", "beta"]
    # And completing for real, in an interactive tcsh on a terminal.
    assert complete_in_tcsh(ours("tcsh"), "cpvirtualenv b", b"cpvirtualenv beta ", environ)
    # bsd-csh has no complete: loading must not fail there.
    if not shutil.which("csh"):
        pytest.fail("csh absent (the suite's apt line installs it)")
    script.write_text(ours("csh") + "\necho loaded\n")
    code, stdout, stderr = run("csh", "-f", script, environ=environ)
    assert stdout == "loaded\n" and stderr == ""
    # One process at start-up, no Python: trace the loading.
    if not shutil.which("strace"):
        pytest.fail("strace absent (the suite's apt line installs it)")
    trace = tmp_path / "trace"
    script.write_text(ours("tcsh") + "\n")
    run("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace, "tcsh", "-f", script, environ=environ)
    execs = [line for line in trace.read_text().split("\n") if "execve(" in line and "= 0" in line]
    assert len(execs) == 2 and "python" not in trace.read_text(), execs


def test_csh_other_commands_print_what_bash_prints(tmp_path):
    """The commands the workflow leaves out, in tcsh and in bash: the same
    output (help texts, mktmpenv, add2virtualenv, lssitepackages,
    allvirtualenv, setvirtualenvproject, lsvirtualenv -l, cdsitepackages,
    errors), and the temporary environment removed by deactivate."""
    def session(shell, lines):
        home = tmp_path / shell
        (home / "envs").mkdir(parents=True)
        (home / "lib1").mkdir()
        (home / "prj").mkdir()
        environ = env(HOME=home, WORKON_HOME=home / "envs", SHELL="/bin/sh")
        script = home / "script"
        script.write_text(ours(shell) + "\n" + "\n".join(lines) + "\n")
        argv = ["tcsh", "-f", script] if shell == "tcsh" else ["bash", script]
        code, out, err = run(*argv, environ=environ, cwd=home, check=False)
        return out.replace(str(home), "HOME"), err.replace(str(home), "HOME")

    common = [
        "workon -h", "mkvirtualenv -h", "mkproject -h", "lsvirtualenv -h", "lsvirtualenv -x",
        "mkvirtualenv --without-pip e1 > /dev/null", "add2virtualenv lib1", "add2virtualenv",
        "lssitepackages", "add2virtualenv -d HOMELIB1", "add2virtualenv", "setvirtualenvproject e1 prj",
        "setvirtualenvproject e1 nosuch", "cdproject", "cdsitepackages", "allvirtualenv ls", "lsvirtualenv -l",
        "showvirtualenv", "deactivate", "cdvirtualenv", "rmvirtualenv", "cpvirtualenv", "cpvirtualenv nosuch",
        "mkproject x", "mkvirtualenv", "mktmpenv --without-pip -n",
    ]
    tcsh_lines = [line.replace("HOMELIB1", "$HOME/lib1") for line in common] + [
        'set t=$VIRTUAL_ENV:t', "deactivate", 'if ( -d $WORKON_HOME/$t ) echo kept', "echo /$cwd:t"]
    bash_lines = [line.replace("HOMELIB1", "$HOME/lib1") for line in common] + [
        't=${VIRTUAL_ENV##*/}', "deactivate", '[ -d "$WORKON_HOME/$t" ] && echo kept', 'echo "/${PWD##*/}"']
    tcsh_out, tcsh_err = session("tcsh", tcsh_lines)
    bash_out, bash_err = session("bash", bash_lines)
    tmp_name = re.compile(r"tmp-[0-9a-f]{32}")
    assert tmp_name.sub("TMP", tcsh_out) == tmp_name.sub("TMP", bash_out)
    # csh prints its own words for a failed cd; the rest of stderr is ours.
    assert [line for line in tcsh_err.split("\n") if "No such file" not in line] == \
        [line for line in bash_err.split("\n") if "No such file" not in line and "cd:" not in line]
    assert "tmpenv" not in tcsh_out.split("\n")[-2]


def test_csh_pip_commands(tmp_path, wheels):
    """mkvirtualenv -i and -r, then wipeenv, in tcsh (pip from local wheels)."""
    req = tmp_path / "req.txt"
    req.write_text("demo2\n")
    script = tmp_path / "pip.csh"
    script.write_text(ours("tcsh") + r'''
# A redirection reaches the alias's first part (swift-venv) only: pip's
# output, from the sourced part, is shown.
mkvirtualenv -i demo -r $REQ:q e1 >& /dev/null
echo "--"
python -c "import demo, demo2, sys; print(sys.prefix)"
wipeenv | tail -1
python -c "import demo" >& /dev/null || echo "wiped"
''')
    out = run("tcsh", "-f", script, environ=env(WORKON_HOME=tmp_path / "envs", HOME=tmp_path, REQ=req,
                                                 PIP_FIND_LINKS=wheels))[1].split("\n")
    out = out[out.index("--") + 1:]
    assert out[:3] == [str(tmp_path / "envs" / "e1"), "  Successfully uninstalled demo2-1.0", "wiped"], out


@pytest.mark.parametrize("shell", ["tcsh", "csh"])
def test_csh_hostile_store_and_temporary_paths(shell, tmp_path):
    """WORKON_HOME, the hook directory and TMPDIR (where the aliases' code
    is kept) with hostile text: loading and a workflow run no code and see
    the exact paths."""
    if shell == "csh" and os.path.realpath(shutil.which("csh")) == os.path.realpath(shutil.which("tcsh") or ""):
        pytest.skip("csh is tcsh here")
    (bindir, log), out = pwned_program(tmp_path), tmp_path / "out"
    workon = tmp_path / "st `pwned` $(pwned) !pwned ;pwned 'q\" é\\"
    hooks = tmp_path / "hk $HOME `pwned`"
    tmpdir = tmp_path / "tmp `pwned` x"
    tmpdir.mkdir()
    hooks.mkdir()
    (hooks / "postactivate.csh").write_text("printenv VIRTUAL_ENV >> $OUT:q\n")
    # (bsd-csh drops redirections in a file sourced from eval, as this is.)
    (hooks / "initialize.csh").write_text("setenv INITIALIZED initialized\n")
    script = tmp_path / "s.csh"
    script.write_text(ours(shell) + '''
printenv INITIALIZED >> $OUT:q
printenv WORKON_HOME >> $OUT:q
printenv VIRTUALENVWRAPPER_HOOK_DIR >> $OUT:q
mkvirtualenv --without-pip e1
deactivate
workon e1
deactivate
rmvirtualenv e1
''')
    code, stdout, stderr = run(shell, "-f", script, cwd=tmp_path, environ=env(
        HOME=tmp_path, WORKON_HOME=workon, VIRTUALENVWRAPPER_HOOK_DIR=hooks, TMPDIR=tmpdir, OUT=out,
        PATH="%s:/usr/bin:/bin" % bindir))
    assert not log.exists()
    assert out.read_text(encoding="utf-8").split("\n") == [
        "initialized", str(workon), str(hooks), str(workon / "e1"), str(workon / "e1"), ""], stderr
    assert os.listdir(tmpdir) == ["swift-venv-%d" % os.getuid()]
    assert not os.path.exists(workon / "e1")


def test_sh_functions_load_on_first_use(tmp_path):
    """bash, zsh and sh start with one-line stand-ins (the start parses about
    140 lines); the first command loads the functions (`shell-init SHELL
    --functions`) and then runs; every function of that section has a
    stand-in; a load that fails says so in one line and does not loop."""
    workon = store(tmp_path, "alpha", "beta")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    functions = run(BIN, "shell-init", "bash", "--functions")[1]
    names = sorted({line[:-4] for line in functions.split("\n") if line.endswith("() {") and " " not in line[:-4]})
    assert "workon" in names and "_swift_venv_names" in names and len(names) > 20
    assert len(run(BIN, "shell-init", "bash")[1].split("\n")) < 200
    probe = ('[ -z "${_swift_venv_loaded:-}" ] && echo lazy\n'
             'for f in %s; do command -v "$f" >/dev/null || echo "missing $f"; done\n'
             'lsvirtualenv -b\n'
             '[ -n "${_swift_venv_loaded:-}" ] && echo loaded\n'
             'lsvirtualenv -b\n' % " ".join(names))
    # The first start ever makes the hook files, with the functions (loaded then).
    assert run("bash", "-c", ours("bash") + '\necho "${_swift_venv_loaded:-lazy}"', environ=environ)[1] == "1\n"
    for shell in ("bash", "zsh", "sh"):
        argv = ["zsh", "-f", "-c"] if shell == "zsh" else ["dash" if shell == "sh" else shell, "-c"]
        out = run(*argv, ours(shell) + "\n" + probe, environ=environ)[1]
        assert out == "lazy\nalpha\nbeta\nloaded\nalpha\nbeta\n", (shell, out)
    # The functions come from the cached copy shell-init keeps (no process),
    # which holds exactly what `--functions` prints.
    start = run(BIN, "shell-init", "bash", environ=environ)[1]
    cached = re.search(r"^_swift_venv_functions_file='([^']+)'$", start, re.M).group(1)
    assert open(cached).read() == functions
    code, out, err = run("bash", "-c", ours("bash") + "\n_swift_venv=/bin/false\n_swift_venv_cd / && echo ok",
                         environ=environ)
    assert out == "ok\n" and err == ""
    # A cached copy that does not load, then a swift-venv that cannot print
    # the functions: one line, status 1, no loop.
    code, out, err = run("bash", "-c", ours("bash") + "\n_swift_venv_functions_file=/dev/null\n_swift_venv=/bin/false\n"
                         "workon alpha; echo \"status $?\"", environ=environ, timeout=300)
    assert out == "status 1\n" and err.count("\n") == 1 and "could not load" in err, (out, err)
    # A cache directory others can write to is not used: they could change
    # the copy before the shell sources it.
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, 0o777)
    start = run(BIN, "shell-init", "bash", environ=dict(environ, SWIFT_VENV_CACHE_DIR=str(shared)))[1]
    assert "\n_swift_venv_functions_file=''\n" in start and not list(shared.iterdir())
    # A changed copy is written again at the next start.
    with open(cached, "a") as f:
        f.write("echo tampered\n")
    run(BIN, "shell-init", "bash", environ=environ)
    assert open(cached).read() == functions
    # One process at start-up, no Python.
    if not shutil.which("strace"):
        pytest.fail("strace absent (the suite's apt line installs it)")
    trace = tmp_path / "trace"
    run("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace, "bash", "-c", ours("bash"), environ=environ)
    execs = [line for line in trace.read_text().split("\n") if "execve(" in line and "= 0" in line]
    assert len(execs) == 2 and "python" not in trace.read_text(), execs


# Issue 21, item 15: what virtualenvwrapper 6.1.1's own suite (Tests/suites/47-vwrapper.sh)
# found, one test per cause, in every shell. Each script prints what a user sees.
SH_DROPIN = r'''
cd() { echo "user cd $*"; }
alias cd='echo user alias cd' 2>/dev/null
%(load)s
%(load)s
mkvirtualenv 2>/dev/null; echo "no name: $?"
mkvirtualenv -n e0 >/dev/null 2>&1; echo "-n: $?"; [ -e "$WORKON_HOME/e0" ] && echo "made e0"
mkvirtualenv e1 >/dev/null 2>&1; echo "made: ${VIRTUAL_ENV##*/}"
[ -e "$VIRTUAL_ENV/bin/pip" ] && echo "pip" || echo "no pip"
cdvirtualenv bin; echo "cdvirtualenv: ${PWD##*/}"
printf '%%s\n%%s\n' "$PROJECT_HOME/p1" "$PROJECT_HOME/p2" > "$VIRTUAL_ENV/.project"
command cd /; deactivate; workon e1; echo "workon: ${PWD##*/}"
deactivate
WORKON_HOME=$WORKON_HOME/missing
rmvirtualenv nosuch 2>&1; echo "rmvirtualenv: $?"
[ -d "$WORKON_HOME" ] && echo "made WORKON_HOME"
'''
FISH_DROPIN = r'''
function cd; echo "user cd $argv"; end
%(load)s
%(load)s
mkvirtualenv 2>/dev/null; echo "no name: $status"
mkvirtualenv -n e0 >/dev/null 2>&1; echo "-n: $status"; test -e $WORKON_HOME/e0; and echo "made e0"
mkvirtualenv e1 >/dev/null 2>&1; echo "made: "(basename $VIRTUAL_ENV)
test -e $VIRTUAL_ENV/bin/pip; and echo pip; or echo "no pip"
cdvirtualenv bin; echo "cdvirtualenv: "(basename $PWD)
printf '%%s\n%%s\n' $PROJECT_HOME/p1 $PROJECT_HOME/p2 > $VIRTUAL_ENV/.project
builtin cd /; deactivate; workon e1; echo "workon: "(basename $PWD)
deactivate
set -gx WORKON_HOME $WORKON_HOME/missing
rmvirtualenv nosuch 2>&1; echo "rmvirtualenv: $status"
test -d $WORKON_HOME; and echo "made WORKON_HOME"
'''
CSH_DROPIN = r'''
alias cd 'echo user alias cd'
%(load)s
%(load)s
mkvirtualenv >& /dev/null
echo "no name: $status"
mkvirtualenv -n e0 >& /dev/null
echo "-n: $status"
if ( -e $WORKON_HOME/e0 ) echo "made e0"
mkvirtualenv e1 >& /dev/null
echo "made: $VIRTUAL_ENV:t"
if ( -e $VIRTUAL_ENV/bin/pip ) echo "pip"
if ( ! -e $VIRTUAL_ENV/bin/pip ) echo "no pip"
cdvirtualenv bin
echo "cdvirtualenv: $cwd:t"
printf '%%s\n%%s\n' "$PROJECT_HOME/p1" "$PROJECT_HOME/p2" > $VIRTUAL_ENV/.project
chdir /
deactivate
workon e1
echo "workon: $cwd:t"
deactivate
setenv WORKON_HOME $WORKON_HOME/missing
rmvirtualenv nosuch >& $HOME/rm.out
set s = $status
cat $HOME/rm.out
echo "rmvirtualenv: $s"
if ( -d $WORKON_HOME ) echo "made WORKON_HOME"
'''


@pytest.mark.parametrize("shell", ["bash", "zsh", "dash", "fish", "tcsh", "csh"])
def test_dropin_as_virtualenvwrapper(shell, tmp_path):
    """A user's own cd (function or alias) does not take over; loading twice
    (`. ~/.bashrc` again) keeps every command working; mkvirtualenv without
    a name exits 2, and so does `-n` (no option of mkvirtualenv's: virtualenv
    refuses it); VIRTUALENVWRAPPER_VIRTUALENV_ARGS gives the default
    options; a .project of two lines is its first line; a missing
    WORKON_HOME is announced and made, and rmvirtualenv then fails as
    virtualenvwrapper's does (status 0, no raw cd error)."""
    if shell == "csh" and os.path.realpath(shutil.which("csh")) == os.path.realpath(shutil.which("tcsh") or ""):
        pytest.skip("csh is tcsh here")
    home = tmp_path / "home"
    (home / "projects" / "p1").mkdir(parents=True)
    name = "sh" if shell == "dash" else shell
    csh = shell in ("tcsh", "csh")
    template = FISH_DROPIN if shell == "fish" else CSH_DROPIN if csh else SH_DROPIN
    script = template % {"load": ours(name)}
    argv = ["zsh", "-f", "-c", script] if shell == "zsh" else [shell, "-c", script]
    if csh:
        (tmp_path / "dropin.csh").write_text(script)
        argv = [shell, "-f", str(tmp_path / "dropin.csh")]
    environ = env(HOME=home, WORKON_HOME=home / "envs", PROJECT_HOME=home / "projects",
                  VIRTUALENVWRAPPER_VIRTUALENV_ARGS="--without-pip", SHELL="/bin/sh")
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, cwd=str(tmp_path),
                            timeout=300)
    out, err = result.stdout.decode(), result.stderr.decode()
    missing = home / "envs" / "missing"
    assert out.split("\n") == [
        "no name: 2", "-n: 2", "made: e1", "no pip", "cdvirtualenv: bin", "workon: p1",
        "NOTE: Virtual environments directory %s does not exist. Creating..." % missing,
        "Removing nosuch...",
        "Did not find environment %s/nosuch to remove." % missing,
        "rmvirtualenv: 0", "made WORKON_HOME", ""], (out, err)


def test_fish_lsvirtualenv_long_without_config_fish(tmp_path):
    """lsvirtualenv (long, the default) shows each environment with its
    get_env_details hook run inside it, though no config.fish loads the
    integration (a child fish would not have showvirtualenv); allvirtualenv
    runs the integration's own commands too."""
    workon = store(tmp_path, "alpha", "beta")
    hook = workon / "get_env_details"
    hook.write_text('#!/bin/sh\necho "details $1 in ${VIRTUAL_ENV##*/}"\n')
    hook.chmod(0o755)
    environ = env(HOME=tmp_path / "home", WORKON_HOME=workon, XDG_CONFIG_HOME=tmp_path / "config")
    code, out, err = run("fish", "-c", ours("fish") + "\nlsvirtualenv\nallvirtualenv showvirtualenv", environ=environ)
    shown = "alpha\n=====\ndetails alpha in alpha\n\n\nbeta\n====\ndetails beta in beta\n\n\n"
    assert out == shown + shown and err == "", (out, err)


def cache_probe(tmp_path):
    """A store, the shell's environment and the functions' file name shell-init uses."""
    workon = store(tmp_path, "alpha")
    environ = env(WORKON_HOME=workon, HOME=tmp_path)
    run("bash", "-c", ours("bash"), environ=environ)          # makes the hook files
    return workon, environ


def test_function_cache_under_a_parent_others_control_is_not_used(tmp_path):
    """A cache directory, the user's own, under a directory another user can
    write to: that user could swap the directory (and the file in it) between
    shell-init and the sourcing, so shell-init does not name the file, and
    what the other user puts there never runs."""
    workon, environ = cache_probe(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    cache = shared / "cache"
    environ = dict(environ, SWIFT_VENV_CACHE_DIR=str(cache))
    start = run(BIN, "shell-init", "bash", environ=environ)[1]
    assert "\n_swift_venv_functions_file=''\n" in start, start
    # The other user's move, after the shell started: the directory swapped
    # for one whose every file runs their code.
    swap = ('mv "$CACHE" "$CACHE.old"; mkdir "$CACHE"; for f in "$CACHE.old"/*; do '
            'echo "echo PWNED >&2" > "$CACHE/${f##*/}"; done; ')
    code, out, err = run("bash", "-c", ours("bash") + "\n" + swap + "lsvirtualenv -b",
                         environ=dict(environ, CACHE=str(cache)))
    assert out == "alpha\n" and "PWNED" not in err, (out, err)


def test_function_cache_swapped_after_start_is_not_sourced(tmp_path):
    """The file the shell was told of, replaced after its start by one that is
    not the user's: the shell checks when it sources, and loads the
    functions from swift-venv instead."""
    workon, environ = cache_probe(tmp_path)
    swap = ('f=$_swift_venv_functions_file; [ -n "$f" ] || exit 9; echo "echo PWNED >&2" > "$f.new"; '
            'chown 65534 "$f.new"; mv -f "$f.new" "$f"; ')
    code, out, err = run("bash", "-c", ours("bash") + "\n" + swap + "lsvirtualenv -b", environ=environ)
    assert out == "alpha\n" and "PWNED" not in err, (out, err)


@pytest.mark.parametrize("shell,auto", [(shell, False) for shell in ("bash", "zsh", "dash", "fish", "tcsh", "csh")]
                         + [(shell, True) for shell in ("bash", "zsh", "fish", "tcsh")])
def test_loading_the_integration_succeeds(shell, auto, tmp_path):
    """Loading the integration is a command that succeeds, in every shell and
    with or without automatic activation (offered where a shell has a hook
    before each prompt), whether or not the user has an initialize hook: a
    `config.fish` line `... | source; and X` must go on to X, and `fish -c`
    must not end with status 1."""
    workon = tmp_path / "envs"
    environ = env(HOME=tmp_path, WORKON_HOME=workon, XDG_CONFIG_HOME=tmp_path / "config")
    flag = " --auto" if auto else ""
    if shell == "fish":
        loader = "%s shell-init fish%s | source" % (BIN, flag)
    elif shell in ("tcsh", "csh"):
        loader = 'eval "`%s shell-init %s%s`"' % (BIN, shell, flag)
    else:
        loader = 'eval "$(%s shell-init %s%s)"' % (BIN, shell, flag)
    for attempt in ("first", "again"):         # the first run makes the store and its hooks
        code, out, err = run(shell, "-c", loader, check=False, environ=environ)
        assert (code, err) == (0, ""), (attempt, code, out, err)
