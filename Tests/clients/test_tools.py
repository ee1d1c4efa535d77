"""The tools people run, on our engine (issue 23): tox, nox, pre-commit,
hatch and poetry (pinned in Tests/support/clients.txt, installed beside
virtualenv and libvenv), each run on a small project offline (a local wheel,
no index) twice: with virtualenv's defaults and with
VIRTUALENV_CREATOR=swift-venv VIRTUALENV_SEEDER=swift-venv. The project's
commands print the same, and the environments show whose they are: ours
have no app-data marker (`*.virtualenv`) and no `base-prefix` in pyvenv.cfg
(virtualenv writes it only after its builtin creator)."""
import json
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import CLEAN, run, run_shadowed, write_wheel

BIN = Path(sys.executable).parent
OFFLINE = dict(CLEAN, PIP_NO_INDEX="1", UV_OFFLINE="1")
OURS = dict(OFFLINE, VIRTUALENV_CREATOR="swift-venv", VIRTUALENV_SEEDER="swift-venv")
CHECK = "import demo, sys; print('demo', demo.__file__.startswith(sys.prefix), sys.prefix != sys.base_prefix)"


def tool(name):
    path = BIN / name
    if not path.exists():
        pytest.skip("%s is not installed beside this python (Tests/support/clients.txt)" % name)
    return str(path)


def project(tmp_path, name, files):
    directory = tmp_path / name
    (directory / "wheels").mkdir(parents=True)
    wheel = write_wheel(str(directory / "wheels"))
    for relative, text in files.items():
        (directory / relative).write_text(textwrap.dedent(text).replace("WHEEL", wheel))
    return directory


def whose(envs):
    """'ours' or 'virtualenv's' for each environment made under a tree."""
    found = []
    for cfg in sorted(envs.rglob("pyvenv.cfg")):
        env = cfg.parent
        markers = list(env.glob("lib/python*/site-packages/*.virtualenv"))
        found.append("virtualenv's" if markers or "base-prefix" in cfg.read_text() else "ours")
    return found


def twice(tmp_path, files, command, where):
    """The project run with defaults and with our plugins: both outputs
    (the lines that say `demo ...` and `fixed`) and whose environments."""
    results = []
    for label, env in (("defaults", OFFLINE), ("ours", OURS)):
        directory = project(tmp_path, label, files)
        output = run(*command, cwd=directory, env=env).stdout
        lines = [l.strip() for l in output.splitlines() if l.strip().startswith(("demo True", "demo False", "fixed"))]
        results.append((lines, whose(directory / where)))
    (default_lines, default_envs), (our_lines, our_envs) = results
    assert default_lines and default_lines == our_lines
    assert default_envs and set(default_envs) == {"virtualenv's"}
    assert our_envs and set(our_envs) == {"ours"}


TOX_FILES = {"tox.ini": """
    [tox]
    env_list = py
    no_package = true

    [testenv]
    deps = WHEEL
    commands =
        python -c "%s"
        python -c "import pip, importlib.metadata as m; print('demo seeded', pip.__version__, m.version('setuptools'))"
        demo-fixed
    """ % CHECK}


def test_tox(tmp_path):
    twice(tmp_path, TOX_FILES, [tool("tox"), "-r", "-e", "py"], ".tox")


def test_tox_runner(tmp_path):
    """tox's run environment `swift-venv` (libvenv/_tox.py, selected with
    TOX_OVERRIDE=testenv.runner=swift-venv) against tox's own `virtualenv`
    runner: the same output (the seeded pip and setuptools at the same
    versions), and the environment is libvenv's, made without virtualenv."""
    results = []
    for label, env in (("defaults", OFFLINE), ("ours", dict(OFFLINE, TOX_OVERRIDE="testenv.runner=swift-venv"))):
        directory = project(tmp_path, label, TOX_FILES)
        output = run(tool("tox"), "-r", "-e", "py", cwd=directory, env=env).stdout
        results.append(([l.strip() for l in output.splitlines() if l.strip().startswith(("demo ", "fixed"))],
                        whose(directory / ".tox"), (directory / ".tox" / "py" / "pyvenv.cfg").read_text()))
    (default_lines, default_envs, _), (our_lines, our_envs, our_cfg) = results
    assert default_lines and default_lines == our_lines and len(default_lines) == 3
    assert set(default_envs) == {"virtualenv's"} and set(our_envs) == {"ours"}
    assert "virtualenv" not in our_cfg


def test_tox_runner_imports_no_virtualenv_creator_or_seeder(tmp_path):
    """What the runner saves is virtualenv's session: the environment made
    and seeded, no creator, seeder or activator plugin of virtualenv's is
    imported (not even ours, whose module imports virtualenv's `venv`
    creator and `app-data` seeder, and through them distlib)."""
    tool("tox")
    directory = project(tmp_path, "ours", TOX_FILES)
    code = ("import sys, tox.run\n"
            "try:\n"
            "    tox.run.run(['-q', '-r', '--notest', '-c', 'tox.ini'])\n"
            "except SystemExit as exit:\n"
            "    print('exit', exit.code)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'distlib' or m.startswith(\n"
            "    ('libvenv._virtualenv', 'virtualenv.seed.embed', 'virtualenv.create.via_global_ref.venv'))))\n")
    output = run(sys.executable, "-c", code, cwd=directory,
                 env=dict(OFFLINE, TOX_OVERRIDE="testenv.runner=swift-venv")).stdout
    assert output.splitlines()[-2:] == ["exit 0", "[]"]
    assert whose(directory / ".tox") == ["ours"]


@pytest.mark.parametrize("setting", ["none", "variable", "file"])
def test_tox_runner_lists_dependencies_from_files(tmp_path, setting):
    """tox's --list-dependencies (on by default on a CI service) prints what
    `python -m pip freeze --all` prints; the runner reads it from files
    (libvenv.freeze) without starting pip, the same list, but where a pip
    setting could change what pip prints (PIP_EXCLUDE, or `exclude` in
    PIP_CONFIG_FILE's [freeze]): there pip answers, as for tox's runner."""
    extra = {}
    if setting == "variable":
        extra = dict(PIP_EXCLUDE="setuptools")
    elif setting == "file":
        (tmp_path / "pip.conf").write_text("[freeze]\nexclude = setuptools\n")
        extra = dict(PIP_CONFIG_FILE=str(tmp_path / "pip.conf"))
    results = []
    for label, runner in (("defaults", "virtualenv"), ("ours", "swift-venv")):
        directory = project(tmp_path, label, TOX_FILES)
        output = run(tool("tox"), "-vv", "-r", "--notest", "--list-dependencies", cwd=directory,
                     env=dict(OFFLINE, TOX_OVERRIDE="testenv.runner=" + runner, **extra)).stdout
        # The project's own wheel: its path and hash differ by project.
        listed = [re.sub(r"sha256=[0-9a-f]{64}", "sha256=H", line.split("W ", 1)[1].split(" [")[0])
                  .replace(str(directory), "PROJECT") for line in output.splitlines() if " W " in line and "pip==" in line]
        results.append((listed, "pip freeze --all" in output))
    (default_listed, default_pip), (our_listed, our_pip) = results
    assert len(default_listed) == 1 and "demo @ file://PROJECT/wheels/" in default_listed[0]
    assert default_listed == our_listed
    assert ("setuptools==" in default_listed[0]) == (setting == "none")
    assert default_pip and our_pip == (setting != "none")


@pytest.mark.parametrize("setting, name", [(dict(VIRTUALENV_NO_SETUPTOOLS="1"), ""),
                                           (dict(VIRTUALENV_CREATOR="venv"), ""), ({}, "-100%")],
                         ids=["no-setuptools", "creator-venv", "refused-path"])
def test_tox_runner_leaves_to_virtualenv_what_virtualenv_is_asked(tmp_path, setting, name):
    """A VIRTUALENV_* setting virtualenv would apply, or a path libvenv
    refuses (our activation scripts could not quote `%` safely): the
    `swift-venv` runner leaves the environment to virtualenv (tox's own
    runner), whole."""
    results = []
    for label, env in (("defaults", dict(OFFLINE, **setting)),
                       ("ours", dict(OFFLINE, TOX_OVERRIDE="testenv.runner=swift-venv", **setting))):
        directory = project(tmp_path, label + name, TOX_FILES)
        directory.joinpath("tox.ini").write_text(directory.joinpath("tox.ini").read_text().replace(
            "import pip, importlib.metadata as m; print('demo seeded', pip.__version__, m.version('setuptools'))",
            "import importlib.util as u; print('demo setuptools', bool(u.find_spec('setuptools')))"))
        output = run(tool("tox"), "-r", "-e", "py", cwd=directory, env=env).stdout
        results.append([l.strip() for l in output.splitlines() if l.strip().startswith(("demo ", "fixed"))])
        assert (directory / ".tox" / "py" / "pyvenv.cfg").read_text().count("virtualenv = ") == 1
    assert results[0] and results[0] == results[1]


def test_tox_plugin_with_a_tox_of_another_shape_does_nothing(tmp_path):
    """tox's runner API is tox's own: with a tox lacking what the plugin
    extends, importing it and registering still work, and register nothing."""
    code = ("import libvenv._tox as plugin\n"
            "class Register:\n"
            "    def add_run_env(self, kind): raise AssertionError('registered')\n"
            "print(plugin.tox_register_tox_env(Register()), plugin._MISSING is not None)\n")
    assert run_shadowed(tmp_path, "tox", code) == "None True\n"


def test_nox(tmp_path):
    files = {"noxfile.py": """
        import nox

        @nox.session(venv_backend="virtualenv")
        def demo(session):
            session.install("--no-index", "WHEEL")
            session.run("python", "-c", %r)
            session.run("demo-fixed")
        """ % CHECK}
    twice(tmp_path, files, [tool("nox")], ".nox")


def embedded_wheels():
    """virtualenv's own wheels: what a build needs (setuptools), offline."""
    import virtualenv.seed.wheels.embed as embed
    return os.path.dirname(embed.__file__)


def test_pre_commit(tmp_path):
    """A local hook of `language: python`: pre-commit makes its environment
    with `python -mvirtualenv` and pip-installs its placeholder package
    (built with setuptools from virtualenv's own wheels, offline)."""
    files = {
        ".pre-commit-config.yaml": """
            repos:
            - repo: local
              hooks:
              - id: demo
                name: demo
                entry: python -c "%s"
                language: python
                additional_dependencies: [WHEEL]
                pass_filenames: false
                always_run: true
                verbose: true
            """ % CHECK,
        "README.txt": "a file to check\n",
    }
    git = shutil.which("git")
    if not git:
        pytest.skip("git is not installed (pre-commit needs it)")
    results = []
    for label, env in (("defaults", OFFLINE), ("ours", OURS)):
        directory = project(tmp_path, label, files)
        env = dict(env, PRE_COMMIT_HOME=str(directory / "cache"), PIP_FIND_LINKS=embedded_wheels(),
                   GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
        run(git, "init", "-q", ".", cwd=directory, env=env)
        run(git, "add", ".", cwd=directory, env=env)
        output = run(tool("pre-commit"), "run", "--all-files", cwd=directory, env=env).stdout
        results.append(([l.strip() for l in output.splitlines() if l.strip().startswith("demo True")],
                        whose(directory / "cache")))
    assert results[0][0] and results[0][0] == results[1][0]
    assert set(results[0][1]) == {"virtual" + "env's"} and set(results[1][1]) == {"ours"}


HATCH_FILES = {"pyproject.toml": """
        [project]
        name = "proj"
        version = "0.1"

        [tool.hatch.envs.default]
        type = "virtual"
        path = ".hatch-env"
        skip-install = true
        dependencies = ["demo @ file://WHEEL"]

        [tool.hatch.envs.default.scripts]
        check = [%s, "demo-fixed"]
        """ % json.dumps('python -c "%s"' % CHECK)}


def test_hatch(tmp_path):
    files = HATCH_FILES
    for label in ("defaults", "ours"):
        (tmp_path / label / "data").mkdir(parents=True)
    results = []
    for label, env in (("defaults", OFFLINE), ("ours", OURS)):
        directory = project(tmp_path, label, files)
        env = dict(env, HATCH_DATA_DIR=str(directory / "data"), HATCH_CACHE_DIR=str(directory / "cache"))
        run(tool("hatch"), "env", "create", cwd=directory, env=env)
        output = run(tool("hatch"), "run", "check", cwd=directory, env=env).stdout
        results.append(([l.strip() for l in output.splitlines() if l.strip().startswith(("demo True", "fixed"))],
                        whose(directory / ".hatch-env")))
    assert results[0][0] and results[0][0] == results[1][0]
    assert set(results[0][1]) == {"virtual" + "env's"} and set(results[1][1]) == {"ours"}


def hatch_create_in_process(directory, env, before="", report=""):
    """`hatch env create` in `directory`, run in process by this python after
    the code `before`: the last two lines printed, `exit STATUS` and the
    line the code `report` prints."""
    code = (before + "import sys\n"
            "from hatch.cli import main\n"
            "sys.argv = ['hatch', 'env', 'create']\n"
            "try:\n"
            "    main()\n"
            "except SystemExit as exit:\n"
            "    print('exit', exit.code)\n" + report)
    return run(sys.executable, "-c", code, cwd=directory, env=env).stdout.splitlines()[-2:]


def test_hatch_environment_type(tmp_path):
    """hatch's environment type `swift-venv` (libvenv/_hatch.py, `type =
    "swift-venv"`) against its `virtual`: the same output (the seeded pip
    and setuptools at the same versions), the environment libvenv's, and
    virtualenv never imported (hatch imports it only to create)."""
    tool("hatch")
    files = {name: text.replace(CHECK, CHECK + "; import pip, importlib.metadata as m; "
                                "print('demo seeded', pip.__version__, m.version('setuptools'))")
             for name, text in HATCH_FILES.items()}
    results = []
    for label, kind in (("defaults", "virtual"), ("ours", "swift-venv")):
        directory = project(tmp_path, label, files)
        pyproject = directory / "pyproject.toml"
        pyproject.write_text(pyproject.read_text().replace('type = "virtual"', 'type = "%s"' % kind))
        env = dict(OFFLINE, HATCH_DATA_DIR=str(directory / "data"), HATCH_CACHE_DIR=str(directory / "cache"))
        created = hatch_create_in_process(directory, env,
                                          report="print('virtualenv imported:', 'virtualenv' in sys.modules)\n")
        output = run(tool("hatch"), "run", "check", cwd=directory, env=env).stdout
        results.append((created, [l.strip() for l in output.splitlines() if l.strip().startswith("demo ")
                                       or l.strip() == "fixed"], whose(directory / ".hatch-env")))
    (default_created, default_lines, default_envs), (our_created, our_lines, our_envs) = results
    assert default_created == ["exit 0", "virtualenv imported: True"]
    assert our_created == ["exit 0", "virtualenv imported: False"]
    assert len(default_lines) == 3 and default_lines == our_lines
    assert default_envs == ["virtual" + "env's"] and our_envs == ["ours"]


@pytest.mark.parametrize("setting, name", [(dict(VIRTUALENV_NO_SETUPTOOLS="1"), ""),
                                           (dict(VIRTUALENV_COPIES="1"), ""), ({}, "-100%")],
                         ids=["no-setuptools", "copies", "refused-path"])
def test_hatch_environment_type_leaves_to_virtualenv_what_virtualenv_is_asked(tmp_path, setting, name):
    """A VIRTUALENV_* setting virtualenv would apply (hatch passes none of
    its own), or a path libvenv refuses (our activation scripts could not
    quote `%` safely): the environment type `swift-venv` leaves creation to
    hatch's own, virtualenv, which follows the setting."""
    tool("hatch")
    directory = project(tmp_path, "ours" + name, HATCH_FILES)
    pyproject = directory / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('type = "virtual"', 'type = "swift-venv"'))
    env = dict(OFFLINE, HATCH_DATA_DIR=str(directory / "data"), HATCH_CACHE_DIR=str(directory / "cache"), **setting)
    run(tool("hatch"), "env", "create", cwd=directory, env=env)
    assert whose(directory / ".hatch-env") == ["virtual" + "env's"]
    python = directory / ".hatch-env" / "bin" / "python"
    assert python.is_symlink() != ("VIRTUALENV_COPIES" in setting)
    found = run(str(python), "-c", "import importlib.util as u; print(bool(u.find_spec('setuptools')))").stdout
    assert found.strip() == str("VIRTUALENV_NO_SETUPTOOLS" not in setting)


def test_hatch_environment_type_seeding_that_fails_leaves_nothing_of_ours(tmp_path):
    """Seeding that fails after libvenv's creation succeeded (a pip wheel cut
    short: install_wheels refuses it) leaves no half-seeded environment: the
    environment type removes what libvenv made (libvenv.remove) before
    hatch's own creation (virtualenv) makes it, so the result is exactly
    virtualenv's: the same files as hatch's `virtual` makes, none of ours."""
    tool("hatch")
    trees = []
    for label, kind in (("defaults", "virtual"), ("ours", "swift-venv")):
        directory = project(tmp_path, label, HATCH_FILES)
        pyproject = directory / "pyproject.toml"
        pyproject.write_text(pyproject.read_text().replace('type = "virtual"', 'type = "%s"' % kind))
        # A real pip wheel, cut short: what its seeding is given instead of virtualenv's embedded one.
        from libvenv._seeding import embedded_wheels
        pip, = [w for w in embedded_wheels(sys.version_info[:2], {"VIRTUALENV_SETUPTOOLS": "none"})]
        broken = directory / os.path.basename(pip)
        broken.write_bytes(Path(pip).read_bytes()[:4096])
        before = ("import libvenv, libvenv._hatch as plugin\n"
                  "plugin._plan = lambda python, env: [%r]\n"
                  "made = []\n"
                  "create = libvenv.EnvBuilder.create\n"
                  "libvenv.EnvBuilder.create = lambda self, d: (made.append(d), create(self, d))[1]\n" % str(broken))
        env = dict(OFFLINE, HATCH_DATA_DIR=str(directory / "data"), HATCH_CACHE_DIR=str(directory / "cache"))
        created = hatch_create_in_process(directory, env, before, report="print('libvenv created:', len(made))\n")
        assert created == ["exit 0", "libvenv created: %d" % (kind == "swift-venv")], created
        output = run(tool("hatch"), "run", "check", cwd=directory, env=env).stdout
        assert "demo True True" in output, output
        root = directory / ".hatch-env"
        trees.append(sorted(str(p.relative_to(root)).replace(label, "LABEL") for p in root.rglob("*")
                            if "__pycache__" not in p.parts and p.suffix != ".pyc"))
        assert whose(root) == ["virtual" + "env's"]
    assert trees[0] == trees[1], sorted(set(trees[0]) ^ set(trees[1]))


def test_hatch_plugin_with_a_hatch_of_another_shape_does_nothing(tmp_path):
    """hatch's environment API is hatch's own: with a hatch lacking what the
    plugin extends, importing it and registering still work, and register
    nothing."""
    code = "import libvenv._hatch as plugin\nprint(plugin.hatch_register_environment(), plugin._MISSING is not None)\n"
    assert run_shadowed(tmp_path, "hatch", code) == "[] True\n"


def test_poetry(tmp_path):
    """`poetry install` with virtualenvs.create (in the project), then `poetry run`."""
    files = {"pyproject.toml": """
        [tool.poetry]
        package-mode = false

        [tool.poetry.dependencies]
        python = ">=3.8"
        demo = { path = "WHEEL" }
        """}
    results = []
    for label, env in (("defaults", OFFLINE), ("ours", OURS)):
        directory = project(tmp_path, label, files)
        env = dict(env, POETRY_VIRTUALENVS_IN_PROJECT="true", POETRY_VIRTUALENVS_CREATE="true",
                   POETRY_CACHE_DIR=str(directory / "cache"), POETRY_CONFIG_DIR=str(directory / "config"))
        run(tool("poetry"), "install", "--no-interaction", cwd=directory, env=env)
        output = run(tool("poetry"), "run", "python", "-c", CHECK, cwd=directory, env=env).stdout
        output += run(tool("poetry"), "run", "demo-fixed", cwd=directory, env=env).stdout
        results.append(([l.strip() for l in output.splitlines() if l.strip().startswith(("demo True", "fixed"))],
                        whose(directory / ".venv")))
    assert results[0][0] and results[0][0] == results[1][0]
    assert set(results[0][1]) == {"virtual" + "env's"} and set(results[1][1]) == {"ours"}
