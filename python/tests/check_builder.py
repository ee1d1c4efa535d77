"""Checks libvenv.EnvBuilder against the running interpreter's own venv.

    python check_builder.py WORKDIR

Run by tests/test_builder.py under every interpreter of the matrix (each
checks its own version's venv), with libvenv importable. Prints one line per
check ("ok NAME" or "FAIL NAME: why") and exits 1 if any failed.
"""
import filecmp
import inspect
import os
import shlex
import stat
import subprocess
import sys
import traceback
import types
import venv

import libvenv
from libvenv import _native

WORK = os.path.abspath(sys.argv[1])
V = sys.version_info[:2]
CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


def fresh(name):
    path = os.path.join(WORK, name)
    assert not os.path.exists(path), path
    return path


def tree(root):
    """(relative path, kind, link target) below root; our two extra
    activation scripts left out."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel in ("bin/activate.nu", "bin/activate_this.py"):
                continue
            if os.path.islink(path):
                out.append((rel, "link", os.readlink(path)))
            elif os.path.isdir(path):
                out.append((rel, "dir", ""))
            else:
                out.append((rel, "file", oct(os.stat(path).st_mode & 0o111)))
    return sorted(out)


def config(root, keep_command=False):
    with open(os.path.join(root, "pyvenv.cfg")) as stream:
        return [line for line in stream.read().splitlines() if keep_command or not line.startswith("command = ")]


class Calls:
    """Records which library functions a block calls (the step functions
    and the one-call creation; not accessors, options or errors)."""

    QUIET = ("venv_error_last", "venv_create_options_init", "venv_builder_free") + tuple(
        "venv_builder_" + name for name in _native.BUILDER_STRINGS)

    def __init__(self):
        self.names = []

    def __enter__(self):
        real = _native.library()
        names = self.names

        class Proxy:
            def __getattr__(self, name):
                if name not in Calls.QUIET:
                    names.append(name)
                return getattr(real, name)

        self.saved = real
        _native._lib = Proxy()
        return self

    def __exit__(self, *exc):
        _native._lib = self.saved


def public_methods(cls):
    return {name for name, _ in inspect.getmembers(cls, callable) if not name.startswith("__")
            and name != "_venv_path"}


@check
def signatures_are_venvs():
    def without_python(signature):
        """The signature without libvenv's keyword-only extensions (python, relocatable, scripts)."""
        text = str(signature).replace(", python=None, relocatable=False, scripts=True", "")
        return text.replace(", *)", ")")

    assert without_python(inspect.signature(libvenv.EnvBuilder)) == str(inspect.signature(venv.EnvBuilder)), \
        (inspect.signature(libvenv.EnvBuilder), inspect.signature(venv.EnvBuilder))
    assert without_python(inspect.signature(libvenv.create)) == str(inspect.signature(venv.create))
    missing = public_methods(venv.EnvBuilder) - public_methods(libvenv.EnvBuilder)
    assert not missing, "venv.EnvBuilder has %s, libvenv's not" % sorted(missing)
    for name in public_methods(venv.EnvBuilder):
        ours, theirs = inspect.signature(getattr(libvenv.EnvBuilder, name)), inspect.signature(getattr(venv.EnvBuilder, name))
        assert str(ours) == str(theirs), (name, ours, theirs)


@check
def helpers_as_venvs():
    source = fresh("helper-source")
    os.makedirs(source)
    with open(os.path.join(source, "f"), "w") as stream:
        stream.write("data")
    for symlinks in (False, True):
        for module in (libvenv, venv):
            dst = os.path.join(source, "%s-%s" % (module.__name__, symlinks))
            module.EnvBuilder(symlinks=symlinks).symlink_or_copy(os.path.join(source, "f"), dst, relative_symlinks_ok=True)
        ours, theirs = (os.path.join(source, "%s-%s" % (m, symlinks)) for m in ("libvenv", "venv"))
        assert os.path.islink(ours) == os.path.islink(theirs) == symlinks
        assert (os.readlink(ours) if symlinks else open(ours).read()) == (os.readlink(theirs) if symlinks else open(theirs).read())
    os.makedirs(os.path.join(source, "sub", "deeper"))
    os.symlink("/", os.path.join(source, "link-to-root"))
    libvenv.EnvBuilder().clear_directory(source)
    assert os.listdir(source) == []


@check
def context_is_venvs():
    for n, kwargs in enumerate(({}, {"prompt": "My prompt"}, {"symlinks": True, "with_pip": True})):
        theirs, ours = fresh("ctx-theirs-%d" % n), fresh("ctx-ours-%d" % n)
        a = vars(venv.EnvBuilder(**kwargs).ensure_directories(theirs))
        b = {k: v for k, v in vars(libvenv.EnvBuilder(**kwargs).ensure_directories(ours)).items() if k != "_libvenv_steps"}
        b = {k: v.replace(ours, theirs) if isinstance(v, str) else v for k, v in b.items()}
        # the directories' names differ: so do the names, and the default prompts
        assert (a.pop("env_name"), b.pop("env_name")) == (os.path.basename(theirs), os.path.basename(ours))
        if "prompt" not in kwargs:
            assert a.pop("prompt").replace("theirs", "ours") == b.pop("prompt")
        assert a == b, (kwargs, a, b)
        assert tree(ours) == tree(theirs), (tree(ours), tree(theirs))


@check
def plain_builder_is_one_library_call():
    env = fresh("one-call")
    with Calls() as calls:
        libvenv.EnvBuilder(system_site_packages=True, prompt="p").create(env)
    assert calls.names == ["venv_create"], calls.names


@check
def overriding_a_step_runs_each_step_through_its_function():
    order = []

    class Subclass(libvenv.EnvBuilder):
        def post_setup(self, context):
            order.append("post_setup (Python)")
            with open(os.path.join(context.bin_path, "extra-script"), "w") as stream:
                stream.write("added by a subclass\n")

    env = fresh("stepwise")
    with Calls() as calls:
        Subclass(system_site_packages=True, with_pip=True).create(env)
    steps = [n.replace("venv_builder_", "") for n in calls.names]
    expected = ["ensure_directories", "create_configuration", "setup_python", "setup_pip", "setup_scripts",
                "create_configuration"]
    assert steps == expected, steps
    assert order == ["post_setup (Python)"]
    assert os.path.exists(os.path.join(env, "bin", "extra-script"))
    # The same environment as venv's own subclass would make (pip aside:
    # compared by the pip suite), and include-system-site-packages true.
    theirs = fresh("stepwise-theirs")

    class Theirs(venv.EnvBuilder):
        def post_setup(self, context):
            with open(os.path.join(context.bin_path, "extra-script"), "w") as stream:
                stream.write("added by a subclass\n")

    Theirs(system_site_packages=True).create(theirs)
    without_pip = [e for e in tree(env) if "site-packages/" not in e[0] and not e[0].startswith("bin/pip")]
    assert without_pip == tree(theirs), (without_pip, tree(theirs))
    assert config(env) == config(theirs)


@check
def instance_overrides_count_too():
    env = fresh("instance-override")
    builder = libvenv.EnvBuilder(with_pip=True)
    seen = []
    builder._setup_pip = lambda context: seen.append(context.env_dir)
    with Calls() as calls:
        builder.create(env)
    assert seen == [env] and "venv_builder_setup_pip" not in calls.names, calls.names
    assert "venv_builder_ensure_directories" in calls.names


@check
def stepwise_equals_one_call_equals_venv():
    for n, kwargs in enumerate(({}, {"symlinks": True, "prompt": "x y"}, {"system_site_packages": True})):
        one, steps, theirs = fresh("eq-one-%d" % n), fresh("eq-steps-%d" % n), fresh("eq-theirs-%d" % n)

        class Stepped(libvenv.EnvBuilder):
            def setup_python(self, context):
                super().setup_python(context)

        libvenv.EnvBuilder(**kwargs).create(one)
        Stepped(**kwargs).create(steps)
        venv.EnvBuilder(**kwargs).create(theirs)
        assert tree(one) == tree(theirs), kwargs
        assert tree(steps) == tree(theirs), kwargs
        assert config(one) == config(theirs) == config(steps), (config(one), config(steps), config(theirs))


@check
def prompt_true_as_venv():
    ours, theirs = fresh("prompt-true"), fresh("prompt-true-theirs")
    outcomes = []
    for module, env in ((libvenv, ours), (venv, theirs)):
        try:
            module.EnvBuilder(prompt=True).create(env)
            outcomes.append(("created", config(env)))
        except Exception as error:  # compared below
            outcomes.append(("raised", type(error).__name__))
    assert outcomes[0] == outcomes[1], outcomes
    if V < (3, 13):
        assert "prompt = True" in outcomes[0][1]
        assert libvenv.EnvBuilder(prompt=True).ensure_directories(fresh("pt-ctx")).prompt == "(True) "
    else:
        assert outcomes[0] == ("raised", "TypeError")


@check
def upgrade_deps_without_pip_fails_as_venv():
    if V < (3, 9):
        return
    outcomes = []
    for module, env in ((libvenv, fresh("deps")), (venv, fresh("deps-theirs"))):
        try:
            module.EnvBuilder(upgrade_deps=True).create(env)
            outcomes.append("created")
        except Exception as error:  # compared below
            outcomes.append(type(error).__name__)
    assert outcomes == ["CalledProcessError", "CalledProcessError"], outcomes


@check
def upgrade_dependencies_runs_the_environments_pip():
    if V < (3, 9):
        assert not hasattr(libvenv.EnvBuilder, "upgrade_dependencies")
        return
    env = fresh("upgrade-deps")
    builder = libvenv.EnvBuilder()
    context = builder.ensure_directories(env)
    seen = []
    name = "check_call" if V < (3, 10) else "check_output"
    saved = getattr(subprocess, name)
    setattr(subprocess, name, lambda cmd, **kw: seen.append(cmd))
    try:
        builder.upgrade_dependencies(context)
    finally:
        setattr(subprocess, name, saved)
    assert seen == [[context.env_exe, "-m", "pip", "install", "--upgrade", *venv.CORE_VENV_DEPS]], seen
    assert libvenv.CORE_VENV_DEPS == venv.CORE_VENV_DEPS


@check
def install_scripts_of_a_subclass():
    source = fresh("script-source")
    for sub in ("common", "posix", "nt", os.path.join("common", "sub")):
        os.makedirs(os.path.join(source, sub))
    template = "dir=__VENV_DIR__ name=__VENV_NAME__ bin=__VENV_BIN_NAME__ py=__VENV_PYTHON__ prompt=__VENV_PROMPT__\n"
    for rel, mode in (("common/one", 0o755), ("posix/two.sh", 0o644), ("nt/skipped.bat", 0o644), ("common/sub/three", 0o700)):
        with open(os.path.join(source, rel), "w") as stream:
            stream.write(template)
        os.chmod(os.path.join(source, rel), mode)
    with open(os.path.join(source, "top-level-ignored"), "w") as stream:
        stream.write("x")

    class Scripts(libvenv.EnvBuilder):
        def setup_scripts(self, context):
            self.install_scripts(context, source)

    env = fresh("custom scripts")
    Scripts(prompt="it's").create(env)
    bin_dir = os.path.join(env, "bin")
    assert sorted(n for n in os.listdir(bin_dir) if not n.startswith("python")) == ["one", "sub", "two.sh"]
    prompt = "it's" if V >= (3, 13) else "(it's) "
    expected = "dir=%s name=%s bin=bin py=%s prompt=%s\n" % (
        shlex.quote(env), shlex.quote("custom scripts"), shlex.quote(os.path.join(bin_dir, os.path.basename(sys._base_executable if hasattr(sys, "_base_executable") else sys.executable))),
        shlex.quote(prompt))
    for rel, mode in (("one", 0o755), ("two.sh", 0o644), ("sub/three", 0o700)):
        with open(os.path.join(bin_dir, rel)) as stream:
            assert stream.read() == expected, (rel, expected)
        assert stat.S_IMODE(os.stat(os.path.join(bin_dir, rel)).st_mode) == mode, rel


@check
def scm_hooks_on_313():
    if V < (3, 13):
        assert not hasattr(libvenv.EnvBuilder, "create_git_ignore_file")
        return

    class Bzr(libvenv.EnvBuilder):
        def create_bzr_ignore_file(self, context):
            with open(os.path.join(context.env_dir, ".bzrignore"), "w") as stream:
                stream.write("*\n")

    env = fresh("scm")
    with Calls() as calls:
        Bzr(scm_ignore_files={"git", "BZR"}).create(env)
    assert os.path.exists(os.path.join(env, ".bzrignore"))
    assert open(os.path.join(env, ".gitignore")).read().splitlines()[-1] == "*"
    assert "venv_builder_create_git_ignore_file" in calls.names
    plain = fresh("scm-none")
    libvenv.create(plain)
    assert not os.path.exists(os.path.join(plain, ".gitignore"))


@check
def command_line_recreates_the_environment():
    if V < (3, 11):
        return
    env = fresh("cmd env")
    libvenv.EnvBuilder(symlinks=True, prompt='say "$HOME"').create(env)
    before, lines = tree(env), config(env, keep_command=True)
    command = [line for line in lines if line.startswith("command = ")][0][len("command = "):]
    assert shlex.split(command)[1:3] == ["-m", "libvenv"], command
    subprocess.run(["rm", "-rf", env], check=True)
    environ = dict(os.environ)
    subprocess.run(["/bin/sh", "-c", command], check=True, env=environ)
    assert tree(env) == before
    assert config(env, keep_command=True) == lines


def main():
    failed = 0
    for function in CHECKS:
        try:
            function()
            print("ok", function.__name__)
        except Exception:  # reported, and counted
            failed += 1
            print("FAIL %s: %s" % (function.__name__, traceback.format_exc().replace("\n", "\n    ")))
    print("checks: %d ok, %d failed" % (len(CHECKS) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
